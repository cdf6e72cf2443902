// What sort.ts, scan.ts and stats.ts share: one dim seen as lanes (outer x size x inner), several
// dims seen as groups of input positions (one group per output element), the gradient of an op
// that picks elements along a dim, and the argument checks those ops have in common.
import { Tensor } from '../tensor/tensor.js';
import { DType, bool, int64, float32, toDType, describe } from '../tensor/dtype.js';
import { numelOf, wrapDim } from '../tensor/shape.js';
import { RuntimeError } from '../tensor/errors.js';
import { plan, forEachOut } from './reduce.js';
import { to } from './elementwise.js';

/** Input data as a dense row-major array (a copy only once tensors can be strided views). */
export function dense(x: Tensor): Float32Array | Float64Array { return x.contiguous()._data; }

/** One dim as lanes: element k of lane (o, j) sits at o*size*inner + k*inner + j. A 0-dim tensor is one lane of one. */
export interface Lanes { dim: number; outer: number; size: number; inner: number }
export function lanes(x: Tensor, dim: number): Lanes {
  const w = wrapDim(dim, x.ndim);
  if (x.ndim === 0) return { dim: 0, outer: 1, size: 1, inner: 1 };
  return { dim: w, outer: numelOf(x.shape.slice(0, w)), size: x.shape[w], inner: numelOf(x.shape.slice(w + 1)) };
}
/** x's shape with the lane dim set to `k` (dropped when `drop`; a 0-dim shape stays 0-dim). */
export function laneShape(x: Tensor, L: Lanes, k: number, drop = false): number[] {
  if (x.ndim === 0) return [];
  return drop ? x.shape.filter((_, i) => i !== L.dim) : x.shape.map((s, i) => (i === L.dim ? k : s));
}

/**
 * The gradient of an op that picked, along L's dim, the input element `idx[p]` for output element p
 * (sort, topk, kthvalue, median over a dim): the output gradient scattered back, zeros elsewhere.
 * The output has `k` elements per lane (1 where the dim was reduced away).
 */
export function pickedBackward(g: Tensor, idx: ArrayLike<number>, L: Lanes, k: number, x: Tensor): Tensor {
  const gx = x.dtype.alloc(x.numel()), gd = dense(g), { outer, size, inner } = L;
  for (let o = 0; o < outer; o++) for (let t = 0; t < k; t++) for (let j = 0; j < inner; j++) {
    const p = (o * k + t) * inner + j;
    gx[(o * size + idx[p]) * inner + j] += gd[p];
  }
  return new Tensor(gx, x.shape, x.dtype);
}

/**
 * Several dims as groups: output element o reduces the input positions pos[o*size .. o*size+size-1]
 * (row-major order). dims null or [] reduce every dim; errors as PyTorch's (range, duplicates).
 */
export interface Groups { outShape: number[]; keptShape: number[]; count: number; size: number; /** read only */ pos: Int32Array }

/** 0, 1, .. n-1 (read only: shared by every caller up to IDENTITY_MAX elements). */
let ident = new Int32Array(0);
const IDENTITY_MAX = 1 << 16;
function identity(n: number): Int32Array<ArrayBuffer> {
  const fresh = (m: number): Int32Array<ArrayBuffer> => { const a = new Int32Array(m); for (let i = 0; i < m; i++) a[i] = i; return a; };
  if (n > IDENTITY_MAX) return fresh(n);
  if (ident.length < n) ident = fresh(Math.min(IDENTITY_MAX, Math.max(n, 2 * ident.length, 256)));
  return ident.subarray(0, n);
}
export function groups(x: Tensor, dims: number[] | null, keepdim: boolean): Groups {
  const { mask, outShape, keptShape } = plan(x, dims, keepdim);
  const count = numelOf(outShape);
  const size = numelOf(x.shape.filter((_, i) => mask[i]));
  // reduced dims after every kept one (size-1 dims aside): each group is the next run of positions
  let keptAfter = false, reduced = false;
  for (let i = 0; i < mask.length; i++) if (x.shape[i] !== 1) { if (mask[i]) reduced = true; else if (reduced) keptAfter = true; }
  if (!keptAfter) return { outShape, keptShape, count, size, pos: identity(count * size) };
  const pos = new Int32Array(count * size), fill = new Int32Array(count);
  forEachOut(x, mask, (i, o) => { pos[o * size + fill[o]++] = i; });
  return { outShape, keptShape, count, size, pos };
}
/** The reduced dims of a group plan, as PyTorch names them in messages (each wrapped). */
export function reducedDims(x: Tensor, dims: number[] | null): number[] {
  if (dims === null || dims.length === 0) return x.shape.map((_, i) => i);
  return dims.map((d) => wrapDim(d, x.ndim));
}

// ---- arguments ----
/** A `dim` that may be an int or a list of ints (null / undefined: none given). */
export function dimList(fn: string, v: unknown): number[] | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isInteger(v)) return [v];
  if (Array.isArray(v) && v.every((d) => typeof d === 'number' && Number.isInteger(d))) return v as number[];
  throw new TypeError(`${fn}(): argument 'dim' must be tuple of ints, not ${describe(v)}`);
}
export function dtypeArg(v: unknown): DType | null {
  return v === undefined || v === null ? null : toDType(v);
}
/** The dtype sum-like ops give by default: integers and bools widen to int64. */
export function accumulateDtype(x: Tensor, dtype: DType | null): DType {
  return dtype ?? (x.dtype.is_floating_point ? x.dtype : int64);
}
/** Integer and bool inputs give float32 results (the default dtype), as logsumexp's do. */
export function floatDtype(x: Tensor): DType { return x.dtype.is_floating_point ? x.dtype : float32; }
export function requireArg(fn: string, name: string, v: unknown): void {
  // the text of PyTorch's own check for topk's k (other ops list their overloads instead)
  if (v === undefined) throw new TypeError(`${fn}() missing 1 required positional arguments: "${name}"`);
}
/** AT_DISPATCH's message for a dtype a CPU kernel was not built for. */
export function notImplemented(kernel: string, dtype: DType): RuntimeError {
  return new RuntimeError(`"${kernel}" not implemented for '${dtype.scalarName}'`);
}

/**
 * The input as an op with `dtype=` sees it: converted first where that changes a float dtype (the
 * op's gradient is then computed there and converted back with `to`, as PyTorch's graph would).
 */
export function asDtype(x: Tensor, dtype: DType): Tensor {
  return dtype === x.dtype || !dtype.is_floating_point ? x : to(x.detach(), dtype);
}

/** A value converted to dtype as a PyTorch cast does (bool: any nonzero, NaN included, is true). */
export function castTo(dtype: DType, v: number): number {
  if (dtype === bool) return v !== 0 ? 1 : 0;
  return dtype.cast(v);
}
