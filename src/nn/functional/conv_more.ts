// F.conv1d and F.conv_transpose2d on the 2-D convolution kernels (src/kernels/conv.ts): conv1d is a
// conv2d over a height of 1, conv_transpose2d runs conv2d's input-gradient kernel forward (and
// conv2d's forward and weight-gradient kernels backward). Checks in 1.13's order with its messages.
import { Tensor } from '../../tensor/tensor.js';
import { RuntimeError, warn } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { conv2dForward, conv2dBackwardInput, conv2dBackwardWeight, allocEmpty, type ConvGeom } from '../../kernels/dispatch.js';
import { builtin } from '../../tensor/args.js';
import { float32 } from '../../tensor/dtype.js';
import type { IntOrPair } from './conv.js';

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

// at::native::expand_param_if_needed
function expand(list: number[], name: string, dim: number): number[] {
  if (list.length === 1) return new Array(dim).fill(list[0]);
  if (list.length !== dim)
    throw new RuntimeError(`expected ${name} to be a single integer value or a list of ${dim} values to match the convolution dimensions, but got ${name}=${fmt(list)}`);
  return list;
}

/** _convolution's first checks and check_shape_forward's common part (dims, groups), both directions. */
function checkCommon(x: Tensor, weight: Tensor, groups: number): void {
  const ws = weight.shape;
  if (weight.ndim !== x.ndim)
    throw new RuntimeError(`Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight ${fmt(ws)}, but got ${x.ndim}-dimensional input of size ${fmt(x.shape)} instead`);
  if (ws[0] < groups)
    throw new RuntimeError(`Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${fmt(ws)} instead`);
  if (ws[0] % groups !== 0) // PyTorch prints these sizes inside a second pair of brackets
    throw new RuntimeError(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${fmt(ws)}] instead`);
}
function checkParams(weight: Tensor, groups: number, lists: [number[], string][]): number[][] {
  if (weight.ndim < 3) throw new RuntimeError('weight should have at least three dimensions');
  if (groups <= 0) throw new RuntimeError('non-positive groups is not supported');
  return lists.map(([l, name]) => expand(l, name, weight.ndim - 2));
}
function checkTypes(input: Tensor, weight: Tensor, bias: Tensor | null, transposed: boolean): void {
  if (input.dtype !== weight.dtype) throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${weight.dtype.scalarName}`);
  if (bias && bias.dtype !== input.dtype) {
    // the transposed kernel checks every argument's type alike; conv1d's path names the legacy types
    if (transposed) throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${bias.dtype.scalarName}`);
    throw new RuntimeError(`Input type (torch.${input.dtype.scalarName}Tensor) and bias type (torch.${bias.dtype.scalarName}Tensor) should be the same or input should be a MKLDNN tensor and bias is a dense tensor`);
  }
}

/**
 * A 4-D convolution on dense data (x and weight may carry fewer dims over the same memory, as
 * conv1d's do), transposed or not, recorded as ConvolutionBackward0 with gradients for all three.
 * For the transposed one, g describes the conv2d whose input gradient it is: g.C/H/W the output's,
 * g.O/OH/OW the input's.
 */
function convCore(x: Tensor, weight: Tensor, bias: Tensor | null, g: ConvGeom, transposed: boolean, outShape: number[]): Tensor {
  const dtype = x.dtype, kind = dtype === float32 ? 'f32' : 'f64';
  const inN = g.N * g.O * g.OH * g.OW, convIn = g.N * g.C * g.H * g.W;
  const outLen = transposed ? convIn : inN;
  const outC = transposed ? g.C : g.O, plane = transposed ? g.H * g.W : g.OH * g.OW;
  const work = g.C > 0 && g.O > 0 && g.N > 0;
  const out = work ? allocEmpty(kind, outLen) : dtype.alloc(outLen);
  if (work) {
    if (transposed) conv2dBackwardInput(x._data, weight._data, out, g);
    else conv2dForward(x._data, weight._data, bias ? bias._data : null, out, g);
  }
  // conv2d's kernel adds its bias itself; the transposed output gets it here
  if (bias && (transposed || !work)) {
    const b = bias._data;
    for (let n = 0; n < g.N; n++) for (let c = 0; c < outC; c++) {
      const at = (n * outC + c) * plane;
      for (let p = 0; p < plane; p++) out[at + p] += b[c];
    }
  }
  const xd = x.detach(), wd = weight.detach();
  return record(new Tensor(out, outShape, dtype), 'ConvolutionBackward0', [x, weight, bias], (gr) => {
    const gd = gr.contiguous()._data;
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (x.requires_grad) {
      const r = dtype.alloc(x.numel());
      if (work) {
        if (transposed) conv2dForward(gd, wd._data, null, r, g);
        else conv2dBackwardInput(gd, wd._data, r, g);
      }
      gx = new Tensor(r, x.shape, dtype);
    }
    if (weight.requires_grad) {
      const rw = dtype.alloc(weight.numel());
      // the transposed conv's weight gradient is conv2d's, with its output gradient and input swapped
      if (work) conv2dBackwardWeight(transposed ? gd : xd._data, transposed ? xd._data : gd, rw, null, g);
      gw = new Tensor(rw, weight.shape, dtype);
    }
    if (bias && bias.requires_grad) {
      const rb = dtype.alloc(outC);
      for (let n = 0; n < g.N; n++) for (let c = 0; c < outC; c++) {
        let s = 0;
        const at = (n * outC + c) * plane;
        for (let p = 0; p < plane; p++) s += gd[at + p];
        rb[c] += s;
      }
      gb = new Tensor(rb, bias.shape, dtype);
    }
    return [gx, gw, gb];
  }, true, { saved: [x, weight] });
}

// ---- conv1d ----
export interface Conv1dOptions { bias?: Tensor | null; stride?: IntOrPair; padding?: IntOrPair | 'same' | 'valid'; dilation?: IntOrPair; groups?: number }
type Pad = IntOrPair | 'same' | 'valid';
const CONV1D = builtin([
  'conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=1, int[1] padding=0, int[1] dilation=1, int groups=1)',
  "conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=1, str padding='valid', int[1] dilation=1, int groups=1)",
]);
/** F.conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): (N, C, L) or (C, L) input. */
export function conv1d(input: Tensor, weight: Tensor, opts?: Conv1dOptions): Tensor;
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null, opts?: Conv1dOptions): Tensor;
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, opts?: Conv1dOptions): Tensor;
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, padding: Pad, opts?: Conv1dOptions): Tensor;
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, padding: Pad, dilation: IntOrPair, groups?: number): Tensor;
export function conv1d(...args: unknown[]): Tensor;
export function conv1d(...args: unknown[]): Tensor {
  const [kw] = CONV1D.parse(args);
  const input = kw.input as Tensor, weight = kw.weight as Tensor, bias = kw.bias as Tensor | null, groups = kw.groups as number;
  const padMode = typeof kw.padding === 'string' ? kw.padding : null;
  if (input.ndim !== 2 && input.ndim !== 3)
    throw new RuntimeError(`Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: ${fmt(input.shape)}`);
  const batched = input.ndim === 3, x = batched ? input : input.unsqueeze(0);
  const [stride, padArg, dilation] = checkParams(weight, groups, [[kw.stride as number[], 'stride'], [padMode === null ? kw.padding as number[] : [0], 'padding'], [kw.dilation as number[], 'dilation']]);
  if (padMode !== null && padMode !== 'valid' && padMode !== 'same') throw new RuntimeError(`Invalid padding string: '${padMode}'`);
  if (padMode === 'same' && stride[0] !== 1) throw new RuntimeError("padding='same' is not supported for strided convolutions");
  if (padArg[0] < 0) throw new RuntimeError('negative padding is not supported');
  if (stride[0] <= 0) throw new RuntimeError('non-positive stride is not supported');
  if (dilation[0] <= 0) throw new RuntimeError('non-positive dilation is not supported');
  checkCommon(x, weight, groups);
  const ws = weight.shape, [N, C, L] = x.shape, [O, , K] = ws;
  if (C !== ws[1] * groups)
    throw new RuntimeError(`Given groups=${groups}, weight of size ${fmt(ws)}, expected input${fmt(x.shape)} to have ${ws[1] * groups} channels, but got ${C} channels instead`);
  if (bias && !(bias.ndim === 1 && bias.shape[0] === O))
    throw new RuntimeError(`Given weight of size ${fmt(ws)}, expected bias to be 1-dimensional with ${O} elements, but got bias of size ${fmt(bias.shape)} instead`);
  let total = 2 * padArg[0], left = padArg[0];
  if (padMode === 'same') {
    // total padding d*(k-1), the odd extra on the right, as _convolution_mode does
    total = dilation[0] * (K - 1); left = total >> 1;
    if (total % 2) warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created (Triggered internally at  ./aten/src/ATen/native/Convolution.cpp:895.)");
  }
  const eff = dilation[0] * (K - 1) + 1;
  if (L + total < eff)
    throw new RuntimeError(`Calculated padded input size per channel: (${L + total}). Kernel size: (${eff}). Kernel size can't be greater than actual input size`);
  checkTypes(input, weight, bias, false);
  const OL = Math.floor((L + total - eff) / stride[0]) + 1;
  const g: ConvGeom = { N, C, H: 1, W: L, O, KH: 1, KW: K, sH: 1, sW: stride[0], pH: 0, pW: left, dH: 1, dW: dilation[0], groups, OH: 1, OW: OL };
  const out = convCore(x, weight, bias, g, false, [N, O, OL]);
  return batched ? out : out.squeeze(0);
}

// ---- conv_transpose2d ----
export interface ConvTranspose2dOptions {
  bias?: Tensor | null; stride?: IntOrPair; padding?: IntOrPair; output_padding?: IntOrPair; groups?: number; dilation?: IntOrPair;
}
const CONV_T2D = builtin(['conv_transpose2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, int[2] output_padding=0, int groups=1, int[2] dilation=1)']);
/** F.conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1); weight (in, out/groups, kh, kw). */
export function conv_transpose2d(input: Tensor, weight: Tensor, opts?: ConvTranspose2dOptions): Tensor;
export function conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | null, opts?: ConvTranspose2dOptions): Tensor;
export function conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, opts?: ConvTranspose2dOptions): Tensor;
export function conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, padding: IntOrPair, opts?: ConvTranspose2dOptions): Tensor;
export function conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, padding: IntOrPair, output_padding: IntOrPair,
  groups?: number, dilation?: IntOrPair): Tensor;
export function conv_transpose2d(...args: unknown[]): Tensor;
export function conv_transpose2d(...args: unknown[]): Tensor {
  const [kw] = CONV_T2D.parse(args);
  const input = kw.input as Tensor, weight = kw.weight as Tensor, bias = kw.bias as Tensor | null, groups = kw.groups as number;
  if (input.ndim !== 3 && input.ndim !== 4)
    throw new RuntimeError(`Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: ${fmt(input.shape)}`);
  const batched = input.ndim === 4, x = batched ? input : input.unsqueeze(0);
  const [stride, padding, dilation, outPad] = checkParams(weight, groups, [[kw.stride as number[], 'stride'], [kw.padding as number[], 'padding'],
    [kw.dilation as number[], 'dilation'], [kw.output_padding as number[], 'output_padding']]);
  if (padding.some((p) => p < 0)) throw new RuntimeError('negative padding is not supported');
  if (outPad.some((p) => p < 0)) throw new RuntimeError('negative output_padding is not supported');
  if (stride.some((s) => s <= 0)) throw new RuntimeError('non-positive stride is not supported');
  checkCommon(x, weight, groups);
  const ws = weight.shape, [N, Cin, H, W] = x.shape, Cout = ws[1] * groups, [, , KH, KW] = ws;
  if (Cin !== ws[0])
    throw new RuntimeError(`Given transposed=1, weight of size ${fmt(ws)}, expected input${fmt(x.shape)} to have ${ws[0]} channels, but got ${Cin} channels instead`);
  if (bias && !(bias.ndim === 1 && bias.shape[0] === Cout))
    throw new RuntimeError(`Given transposed=1, weight of size ${fmt(ws)}, expected bias to be 1-dimensional with ${Cout} elements, but got bias of size ${fmt(bias.shape)} instead`);
  // slow_conv_transpose2d_shape_check
  if (dilation.some((d) => d <= 0))
    throw new RuntimeError(`dilation should be greater than zero, but got dilation_height: ${dilation[0]}, dilation_width: ${dilation[1]}`);
  if (!((outPad[1] < stride[1] || outPad[1] < dilation[1]) && (outPad[0] < stride[0] || outPad[0] < dilation[0])))
    throw new RuntimeError(`output padding must be smaller than either stride or dilation, but got output_padding_height: ${outPad[0]} output_padding_width: ${outPad[1]} stride_height: ${stride[0]} stride_width: ${stride[1]} dilation_height: ${dilation[0]} dilation_width: ${dilation[1]}`);
  const OH = (H - 1) * stride[0] - 2 * padding[0] + dilation[0] * (KH - 1) + 1 + outPad[0];
  const OW = (W - 1) * stride[1] - 2 * padding[1] + dilation[1] * (KW - 1) + 1 + outPad[1];
  if (OH < 1 || OW < 1)
    throw new RuntimeError(`Given input size per channel: (${H} x ${W}). Calculated output size per channel: (${OH} x ${OW}). Output size is too small`);
  checkTypes(input, weight, bias, true);
  // the conv2d whose input gradient this is: its input is our output, its output our input
  const g: ConvGeom = { N, C: Cout, H: OH, W: OW, O: Cin, KH, KW, sH: stride[0], sW: stride[1], pH: padding[0], pW: padding[1],
    dH: dilation[0], dW: dilation[1], groups, OH: H, OW: W };
  const out = convCore(x, weight, bias, g, true, [N, Cout, OH, OW]);
  return batched ? out : out.squeeze(0);
}
