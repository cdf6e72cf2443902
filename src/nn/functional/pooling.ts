// F.max_pool2d(input, kernel_size, stride?, padding, dilation, ceil_mode, return_indices): checks
// in the order of PyTorch's max_pool2d_with_indices meta function, with its messages.
import { Tensor } from '../../tensor/tensor.js';
import { int64, float32 } from '../../tensor/dtype.js';
import { RuntimeError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { maxPool2dForward, maxPool2dBackward, allocEmpty, type PoolGeom } from '../../kernels/dispatch.js';
import { bind, def_, splitArgs, tensorArg, boolArg, type Kw } from '../../tensor/args.js';
import { intList } from './conv.js';

// at::native::pooling_output_shape (div_rtn is a floor division)
export function outputSize(input: number, k: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  if (stride === 0) throw new RuntimeError('stride should not be zero');
  if (pad < 0) throw new RuntimeError(`pad must be non-negative, but got pad: ${pad}`);
  if (pad > Math.trunc(k / 2)) throw new RuntimeError(`pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${k}`);
  let out = Math.floor((input + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0)) / stride) + 1;
  // the last window must start inside the input (or its left padding)
  if (ceil && (out - 1) * stride >= input + pad) out--;
  return out;
}

export type IntOrPair = number | number[];
export interface MaxPool2dOptions {
  kernel_size?: IntOrPair; stride?: IntOrPair | null; padding?: IntOrPair; dilation?: IntOrPair; ceil_mode?: boolean; return_indices?: boolean;
}
/** F.max_pool2d(input, kernel_size, stride?, padding=0, dilation=1, ceil_mode=false, return_indices=false). */
export function max_pool2d(input: Tensor, kernel_size: IntOrPair, opts: MaxPool2dOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool2d(input: Tensor, kernel_size: IntOrPair, stride: IntOrPair | null, opts: MaxPool2dOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool2d(input: Tensor, opts: MaxPool2dOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool2d(input: Tensor, kernel_size: IntOrPair, opts?: MaxPool2dOptions): Tensor;
export function max_pool2d(input: Tensor, kernel_size: IntOrPair, stride: IntOrPair | null, opts?: MaxPool2dOptions): Tensor;
export function max_pool2d(input: Tensor, kernel_size: IntOrPair, stride: IntOrPair | null, padding: IntOrPair, opts?: MaxPool2dOptions): Tensor;
export function max_pool2d(input: Tensor, kernel_size: IntOrPair, stride: IntOrPair | null, padding: IntOrPair, dilation: IntOrPair, ceil_mode?: boolean): Tensor;
export function max_pool2d(input: Tensor, opts: MaxPool2dOptions): Tensor;
export function max_pool2d(...args: unknown[]): Tensor | [Tensor, Tensor] {
  // PyTorch's boolean_dispatch: return_indices (by keyword, or the 7th positional) picks the function
  const [pos, kwargs] = splitArgs(args);
  const flag = kwargs && 'return_indices' in kwargs ? kwargs.return_indices : pos[6];
  return maxPool2d((flag ? WITH_INDICES : PLAIN).bind(args));
}

const POOL_PARAMS = '(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)';
const PLAIN = def_(`_max_pool2d${POOL_PARAMS}`), WITH_INDICES = def_(`max_pool2d_with_indices${POOL_PARAMS}`);
function maxPool2d(kw: Kw): Tensor | [Tensor, Tensor] {
  const input = tensorArg('max_pool2d', 'input', kw.input, 1);
  const k = intList('max_pool2d', 'kernel_size', kw.kernel_size, 0, 1);
  const s = kw.stride === undefined || kw.stride === null ? [] : intList('max_pool2d', 'stride', kw.stride, 0, 1);
  const p = intList('max_pool2d', 'padding', kw.padding, 0, 1);
  const d = intList('max_pool2d', 'dilation', kw.dilation, 1, 1);
  const ceil = boolArg('max_pool2d', 'ceil_mode', kw.ceil_mode, false);
  const withIndices = boolArg('max_pool2d', 'return_indices', kw.return_indices, false);
  if (k.length !== 1 && k.length !== 2) throw new RuntimeError('max_pool2d: kernel_size must either be a single int, or a tuple of two ints');
  const KH = k[0], KW = k.length === 1 ? KH : k[1];
  if (s.length > 2) throw new RuntimeError('max_pool2d: stride must either be omitted, a single int, or a tuple of two ints');
  const sH = s.length === 0 ? KH : s[0], sW = s.length === 0 ? KW : s.length === 1 ? sH : s[1];
  if (p.length !== 1 && p.length !== 2) throw new RuntimeError('max_pool2d: padding must be either be a single int, or a tuple of two ints');
  const pH = p[0], pW = p.length === 1 ? pH : p[1];
  if (d.length !== 1 && d.length !== 2) throw new RuntimeError('max_pool2d: dilation must be either a single int, or a tuple of two ints');
  const dH = d[0], dW = d.length === 1 ? dH : d[1];
  if (input.ndim !== 3 && input.ndim !== 4) throw new RuntimeError('non-empty 3D or 4D (batch mode) tensor expected for input');
  const nd = input.ndim, C = input.shape[nd - 3], H = input.shape[nd - 2], W = input.shape[nd - 1];
  const OH = outputSize(H, KH, pH, sH, dH, ceil), OW = outputSize(W, KW, pW, sW, dW, ceil);
  pool2dShapeCheck(input, KH, KW, sH, sW, pH, pW, dH, dW, C, H, W, OH, OW);
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"max_pool2d" not implemented for '${input.dtype.scalarName}'`);

  const planes = input.numel() / (H * W);
  const g: PoolGeom = { planes, H, W, KH, KW, sH, sW, pH, pW, dH, dW, OH, OW };
  const dtype = input.dtype, outPlane = OH * OW;
  // the forward writes every output and index, the backward zero-fills its gradient itself
  const kind = dtype === float32 ? 'f32' : 'f64';
  const out = allocEmpty(kind, planes * outPlane);
  // the indices live in float32-sized storage from the allocator (in wasm memory when big, so the
  // kernel writes them in place); `idxStore` owns it and stays referenced as long as `idx` is used
  const idxStore = allocEmpty('f32', planes * outPlane);
  const idx = new Int32Array(idxStore.buffer, idxStore.byteOffset, idxStore.length);
  maxPool2dForward(input._data, out, idx, g);
  const shape = [...input.shape.slice(0, -2), OH, OW];
  // the indices handed out are a copy, but PyTorch saves the returned tensor: changing it must fail the backward
  let indices: Tensor | null = null;
  if (withIndices) {
    const ind = int64.alloc(idx.length);
    for (let i = 0; i < idx.length; i++) ind[i] = idx[i];
    indices = new Tensor(ind, shape, int64);
  }
  const res = record(new Tensor(out, shape, dtype), 'MaxPool2DWithIndicesBackward0', [input], (gr) => {
    const gx = allocEmpty(kind, input.numel());
    maxPool2dBackward(gr._data, idx, gx, planes, H * W, outPlane);
    void idxStore;
    return [new Tensor(gx, input.shape, dtype)];
  }, true, { saved: [input, indices] });
  return indices ? [res, indices] : res;
}

/** The indices form: always returns (output, indices). */
export function max_pool2d_with_indices(input: Tensor, kernel_size: IntOrPair, opts?: MaxPool2dOptions): [Tensor, Tensor];
export function max_pool2d_with_indices(input: Tensor, kernel_size: IntOrPair, stride: IntOrPair | null, opts?: MaxPool2dOptions): [Tensor, Tensor];
export function max_pool2d_with_indices(...args: unknown[]): [Tensor, Tensor];
export function max_pool2d_with_indices(...args: unknown[]): [Tensor, Tensor] {
  return maxPool2d({ ...bind(`max_pool2d_with_indices${POOL_PARAMS}`, args), return_indices: true }) as [Tensor, Tensor];
}

/** at::native::pool2d_shape_check (contiguous layout), shared by max_pool2d and avg_pool2d. */
export function pool2dShapeCheck(input: Tensor, KH: number, KW: number, sH: number, sW: number, pH: number, pW: number,
  dH: number, dW: number, C: number, H: number, W: number, OH: number, OW: number): void {
  const nd = input.ndim;
  if (!(KW > 0 && KH > 0)) throw new RuntimeError(`kernel size should be greater than zero, but got kH: ${KH} kW: ${KW}`);
  if (!(sW > 0 && sH > 0)) throw new RuntimeError(`stride should be greater than zero, but got dH: ${sH} dW: ${sW}`);
  if (!(dH > 0 && dW > 0)) throw new RuntimeError(`dilation should be greater than zero, but got dilationH: ${dH} dilationW: ${dW}`);
  const validDims = input.shape[1] !== 0 && input.shape[2] !== 0;
  if (!((nd === 3 && input.shape[0] !== 0 && validDims) || (nd === 4 && validDims && input.shape[3] !== 0)))
    throw new RuntimeError(`Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${`[${input.shape.join(', ')}]`}`);
  if (!(Math.trunc(KW / 2) >= pW && Math.trunc(KH / 2) >= pH))
    throw new RuntimeError(`pad should be smaller than or equal to half of kernel size, but got padW = ${pW}, padH = ${pH}, kW = ${KW}, kH = ${KH}`);
  if (OW < 1 || OH < 1)
    throw new RuntimeError(`Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${OH}x${OW}). Output size is too small`);
}
