// F.conv2d(input, weight, bias?, stride, padding, dilation, groups): checks in PyTorch's order with
// its messages, then the conv kernels (im2col + GEMM) forward and backward.
import { Tensor } from '../../tensor/tensor.js';
import { RuntimeError, warn } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { conv2dForward, conv2dBackwardInput, conv2dBackwardWeight, allocEmpty, type ConvGeom } from '../../kernels/dispatch.js';
import { builtin, pyType } from '../../tensor/args.js';
import { float32 } from '../../tensor/dtype.js';

/** An int or a list of ints, as Python's int[2] arguments accept (a lone int is repeated). */
export function intList(fn: string, name: string, v: unknown, dflt: number, n = 2): number[] {
  if (v === undefined || v === null) return new Array(n).fill(dflt);
  if (typeof v === 'number' && Number.isInteger(v)) return new Array(n).fill(v);
  if (Array.isArray(v) && v.every((e) => typeof e === 'number' && Number.isInteger(e))) return v.slice();
  throw new TypeError(`${fn}(): argument '${name}' must be tuple of ints, not ${pyType(v)}`);
}

function fmtSizes(s: readonly number[]): string { return `[${s.join(', ')}]`; }

// at::native::expand_param_if_needed
function expandParam(list: number[], name: string, dim: number): number[] {
  if (list.length === 1) return new Array(dim).fill(list[0]);
  if (list.length !== dim)
    throw new RuntimeError(`expected ${name} to be a single integer value or a list of ${dim} values to match the convolution dimensions, but got ${name}=${fmtSizes(list)}`);
  return list;
}

export type IntOrPair = number | number[];
export interface Conv2dOptions {
  bias?: Tensor | null; stride?: IntOrPair; padding?: IntOrPair | 'same' | 'valid'; dilation?: IntOrPair; groups?: number;
}
type Pad = IntOrPair | 'same' | 'valid';
const CONV2D = builtin([
  'conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, int[2] dilation=1, int groups=1)',
  "conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, str padding='valid', int[2] dilation=1, int groups=1)",
]);
export function conv2d(input: Tensor, weight: Tensor, opts?: Conv2dOptions): Tensor;
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null, opts?: Conv2dOptions): Tensor;
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, opts?: Conv2dOptions): Tensor;
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, padding: Pad, opts?: Conv2dOptions): Tensor;
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null, stride: IntOrPair, padding: Pad, dilation: IntOrPair, groups?: number): Tensor;
export function conv2d(...args: unknown[]): Tensor {
  const [kw] = CONV2D.parse(args);
  const input = kw.input as Tensor, weight = kw.weight as Tensor, bias = kw.bias as Tensor | null;
  const strideArg = kw.stride as number[], dilationArg = kw.dilation as number[], groups = kw.groups as number;
  const padMode = typeof kw.padding === 'string' ? kw.padding : null;
  const paddingArg = padMode === null ? kw.padding as number[] : [0, 0];

  if (input.ndim !== 3 && input.ndim !== 4)
    throw new RuntimeError(`Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${fmtSizes(input.shape)}`);
  const batched = input.ndim === 4;
  const x = batched ? input : input.unsqueeze(0);
  if (weight.ndim < 3) throw new RuntimeError('weight should have at least three dimensions');
  if (groups <= 0) throw new RuntimeError('non-positive groups is not supported');
  const dim = weight.ndim - 2;
  const stride = expandParam(strideArg, 'stride', dim);
  let padding = paddingArg;
  if (padMode !== null) {
    if (padMode === 'valid') padding = [0, 0];
    else if (padMode === 'same') {
      if (stride.some((s) => s !== 1)) throw new RuntimeError("padding='same' is not supported for strided convolutions");
    } else throw new RuntimeError(`Invalid padding string: '${padMode}'`);
  } else padding = expandParam(padding, 'padding', dim);
  const dilation = expandParam(dilationArg, 'dilation', dim);
  if (padding.some((p) => p < 0)) throw new RuntimeError('negative padding is not supported');
  if (stride.some((s) => s <= 0)) throw new RuntimeError('non-positive stride is not supported');
  if (dilation.some((d) => d <= 0)) throw new RuntimeError(`dilation should be greater than zero, but got ${fmtSizes(dilation)}`);
  const ws = weight.shape;
  if (weight.ndim !== x.ndim)
    throw new RuntimeError(`Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight ${fmtSizes(ws)}, but got ${x.ndim}-dimensional input of size ${fmtSizes(x.shape)} instead`);
  if (ws[0] < groups)
    throw new RuntimeError(`Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${fmtSizes(ws)} instead`);
  if (ws[0] % groups !== 0) // PyTorch prints these sizes inside a second pair of brackets
    throw new RuntimeError(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${fmtSizes(ws)}] instead`);
  if (x.shape[1] !== ws[1] * groups)
    throw new RuntimeError(`Given groups=${groups}, weight of size ${fmtSizes(ws)}, expected input${fmtSizes(x.shape)} to have ${ws[1] * groups} channels, but got ${x.shape[1]} channels instead`);
  if (bias && !(bias.ndim === 1 && bias.shape[0] === ws[0]))
    throw new RuntimeError(`Given weight of size ${fmtSizes(ws)}, expected bias to be 1-dimensional with ${ws[0]} elements, but got bias of size ${fmtSizes(bias.shape)} instead`);
  const [N, C, H, W] = x.shape, [O, , KH, KW] = ws;
  let pT = padding[0], pL = padding[1], padH = 2 * padding[0], padW = 2 * padding[1];
  if (padMode === 'same') {
    // total padding d*(k-1), the odd extra on the bottom/right as PyTorch's _convolution_mode does
    padH = dilation[0] * (KH - 1); padW = dilation[1] * (KW - 1);
    pT = padH >> 1; pL = padW >> 1;
    if (padH % 2 || padW % 2)
      warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created (Triggered internally at  ./aten/src/ATen/native/Convolution.cpp:895.)");
  }
  const effH = dilation[0] * (KH - 1) + 1, effW = dilation[1] * (KW - 1) + 1;
  if (H + padH < effH || W + padW < effW)
    throw new RuntimeError(`Calculated padded input size per channel: (${H + padH} x ${W + padW}). Kernel size: (${effH} x ${effW}). Kernel size can't be greater than actual input size`);
  if (input.dtype !== weight.dtype)
    throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${weight.dtype.scalarName}`);
  if (bias && bias.dtype !== input.dtype)
    throw new RuntimeError(`Input type (${cName(input)}) and bias type (${cName(bias)}) should be the same`);

  const OH = Math.floor((H + padH - effH) / stride[0]) + 1, OW = Math.floor((W + padW - effW) / stride[1]) + 1;
  const g: ConvGeom = { N, C, H, W, O, KH, KW, sH: stride[0], sW: stride[1], pH: pT, pW: pL, dH: dilation[0], dW: dilation[1], groups, OH, OW };
  const out = conv2dRaw(x, weight, bias, g);
  return batched ? out : out.squeeze(0);
}

function cName(t: Tensor): string { return t.dtype.name === 'float32' ? 'float' : t.dtype.name === 'float64' ? 'double' : t.dtype.name === 'int64' ? 'long' : 'bool'; }

/** The convolution op on checked arguments (4-D input). */
function conv2dRaw(x: Tensor, weight: Tensor, bias: Tensor | null, g: ConvGeom): Tensor {
  const dtype = x.dtype;
  // the kernels write every output element (unspecified initial contents are fine), except with no input channels
  const kind = dtype === float32 ? 'f32' : 'f64';
  const out = g.C === 0 ? dtype.alloc(g.N * g.O * g.OH * g.OW) : allocEmpty(kind, g.N * g.O * g.OH * g.OW);
  if (out.length > 0) {
    if (g.C === 0) { if (bias) for (let n = 0; n < g.N; n++) for (let o = 0; o < g.O; o++) out.fill(bias._data[o], (n * g.O + o) * g.OH * g.OW, (n * g.O + o + 1) * g.OH * g.OW); }
    else conv2dForward(x._data, weight._data, bias ? bias._data : null, out, g);
  }
  const xd = x.detach(), wd = weight.detach();
  return record(new Tensor(out, [g.N, g.O, g.OH, g.OW], dtype), 'ConvolutionBackward0', [x, weight, bias], (gr) => {
    const gd = gr._data;
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    const empty = gd.length === 0 || g.C === 0;
    if (x.requires_grad) {
      const r = empty ? dtype.alloc(x.numel()) : allocEmpty(kind, x.numel());
      if (!empty) conv2dBackwardInput(gd, wd._data, r, g);
      gx = new Tensor(r, x.shape, dtype);
    }
    const needW = weight.requires_grad, needB = !!bias && bias.requires_grad;
    if (needW || needB) {
      const rw = needW ? dtype.alloc(weight.numel()) : null, rb = needB ? dtype.alloc(g.O) : null;
      if (gd.length > 0) conv2dBackwardWeight(xd._data, gd, empty ? null : rw, rb, g);
      if (rw) gw = new Tensor(rw, weight.shape, dtype);
      if (rb) gb = new Tensor(rb, bias!.shape, dtype);
    }
    return [gx, gw, gb];
    // ConvolutionBackward0 saves both whatever needs a gradient (an unbatched input as its unsqueeze(0) view)
  }, true, { saved: [x, weight] });
}
