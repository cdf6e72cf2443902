// Reductions (sum, mean, max, min, argmax, argmin) over one dim, several dims or everything,
// and sumToShape, the gradient of broadcasting.
import { Tensor } from '../tensor/tensor.js';
import { DType, int64, bool, float32, toDType } from '../tensor/dtype.js';
import { to } from './elementwise.js';
import { contiguousStrides, numelOf, wrapDim, sameShape } from '../tensor/shape.js';
import { RuntimeError, IndexError } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { sumAll } from '../kernels/dispatch.js';
import { sumColumnsF32, sumRunF32 } from '../kernels/reduce_exact.js';
import { UniformGrad } from '../autograd/uniform.js';

export interface ReduceOpts { dim?: number | number[] | null; keepdim?: boolean; dtype?: DType | string }
/** The (values, indices) pair of max/min along a dim: `.values`, `.indices`, or `const [v, i] = ...`. */
export class ValuesIndices {
  constructor(readonly values: Tensor, readonly indices: Tensor, private readonly op = 'max') {}
  toString(): string { return `torch.return_types.${this.op}(\nvalues=${this.values},\nindices=${this.indices})`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  get 0(): Tensor { return this.values; }
  get 1(): Tensor { return this.indices; }
  *[Symbol.iterator](): Generator<Tensor> { yield this.values; yield this.indices; }
}

/** (dim, keepdim, {dtype}) with any trailing part as an options object, as Python's keywords. */
function parse(dimArg: unknown, keepArg: unknown, optsArg?: unknown): { dims: number[] | null; keepdim: boolean; dtype?: DType } {
  let dim = dimArg, keepdim = false, dtype: DType | undefined;
  const take = (o: ReduceOpts) => {
    if (o.dim !== undefined) dim = o.dim;
    if (o.keepdim !== undefined) keepdim = !!o.keepdim;
    if (o.dtype !== undefined && o.dtype !== null) dtype = toDType(o.dtype);
  };
  if (dimArg !== null && typeof dimArg === 'object' && !Array.isArray(dimArg)) { dim = undefined; take(dimArg as ReduceOpts); }
  if (typeof keepArg === 'boolean') keepdim = keepArg;
  else if (keepArg !== null && typeof keepArg === 'object') take(keepArg as ReduceOpts);
  if (optsArg !== null && typeof optsArg === 'object') take(optsArg as ReduceOpts);
  if (dim === undefined || dim === null) return { dims: null, keepdim, dtype };
  return { dims: Array.isArray(dim) ? dim as number[] : [dim as number], keepdim, dtype };
}

/** The reduced-dims mask and the output shape. */
export function plan(x: Tensor, dims: number[] | null, keepdim: boolean): { mask: boolean[]; outShape: number[]; keptShape: number[] } {
  const nd = x.ndim;
  const mask = new Array<boolean>(nd).fill(dims === null || (dims.length === 0));
  const seen = new Set<number>();
  if (dims) for (const d of dims) {
    const w = wrapDim(d, nd); // a 0-dim tensor takes dims 0 and -1, each once
    if (seen.has(w)) throw new RuntimeError(`dim ${w} appears multiple times in the list of dims`);
    seen.add(w);
    if (nd > 0) mask[w] = true;
  }
  const keptShape = x.shape.map((s, i) => (mask[i] ? 1 : s));
  const outShape = keepdim ? keptShape : x.shape.filter((_, i) => !mask[i]);
  return { mask, outShape, keptShape };
}

/** For each input element (row-major), the index of the output element it reduces into. */
function outIndexStrides(x: Tensor, mask: boolean[]): number[] {
  const kept = x.shape.map((s, i) => (mask[i] ? 1 : s));
  const st = contiguousStrides(kept);
  return st.map((s, i) => (mask[i] ? 0 : s));
}

export function forEachOut(x: Tensor, mask: boolean[], f: (i: number, o: number) => void): void {
  const shape = x.shape, nd = shape.length, n = x.numel();
  if (nd === 0) { if (n) f(0, 0); return; }
  const os = outIndexStrides(x, mask);
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  for (let i = 0; i < n; i++) {
    f(i, o);
    for (let k = nd - 1; k >= 0; k--) {
      idx[k]++; o += os[k];
      if (idx[k] < shape[k]) break;
      o -= os[k] * shape[k]; idx[k] = 0;
    }
  }
}

/**
 * A float32 sum in 1.13's cascade order where the reduced dims coalesce into one run per output
 * (a trailing block: rows) or leave one kept run (a leading block: columns); null otherwise.
 */
function sumF32(x: Tensor, mask: boolean[], n: number): Float64Array | null {
  const live = x.shape.map((s, i) => (s === 1 ? -1 : mask[i] ? 1 : 0)).filter((m) => m >= 0);
  const flips = live.filter((m, i) => i > 0 && m !== live[i - 1]).length;
  const d = x._data, acc = new Float64Array(n), size = x.numel() / Math.max(n, 1);
  if (flips === 0 || (flips === 1 && live[live.length - 1] === 1)) {
    for (let o = 0; o < n; o++) acc[o] = sumRunF32(d, o * size, size);
    return acc;
  }
  if (flips === 1) { sumColumnsF32(d, 0, size, n, acc); return acc; }
  if (flips === 2 && live[0] === 0) {
    // kept, reduced, kept (a middle block): each outer index's block of rows summed by columns,
    // as the iterator's 2-D loop runs vectorized_outer_sum per outer index
    let cols = 1;
    for (let i = x.shape.length - 1; i >= 0 && !mask[i]; i--) cols *= x.shape[i];
    const outer = n / cols, block = size * cols;
    for (let a = 0; a < outer; a++) sumColumnsF32(d, a * block, size, cols, acc.subarray(a * cols, (a + 1) * cols));
    return acc;
  }
  return null;
}

/** The size from which ATen 1.13 reduces one output on several threads (at::internal::GRAIN_SIZE). */
const THREAD_SPLIT = 32768;

/** Sums in float64: the SIMD full sum for one output, else element by element into each output. */
function plainSums(x: Tensor, mask: boolean[], n: number): Float64Array {
  const acc = new Float64Array(n), d = x._data;
  if (n === 1) acc[0] = sumAll(d);
  else forEachOut(x, mask, (i, o) => { acc[o] += d[i]; });
  return acc;
}

function sumRaw(x: Tensor, mask: boolean[], outShape: number[], dtype: DType): Tensor {
  // 1.13 splits one output of >= 32768 elements over its threads, so its bits then depend on its
  // thread count: there the fast SIMD sum (float64 lanes) runs, more accurate than either
  const n = numelOf(outShape), split = n === 1 && x.numel() >= THREAD_SPLIT;
  const exact = dtype === float32 && x.dtype === float32 && x.numel() > 0 && !split ? sumF32(x, mask, n) : null;
  const acc = exact ?? plainSums(x, mask, n);
  const out = dtype.alloc(acc.length);
  out.set(acc);
  // sum(dtype=uint8) and the like wrap as the narrow dtype does; bool is whether anything was nonzero
  const wrap = dtype.wrap;
  if (wrap) for (let i = 0; i < out.length; i++) out[i] = wrap(out[i]);
  return new Tensor(out, outShape, dtype);
}

/** The input as PyTorch reduces it under `dtype=`: converted first (an int64 sum of floats truncates each). */
function converted(x: Tensor, dtype: DType | undefined): Tensor {
  return dtype === undefined || dtype === x.dtype || dtype.is_floating_point ? x : to(x.detach(), dtype);
}

export function sum(x: Tensor, dimArg?: unknown, keepArg?: unknown, optsArg?: unknown): Tensor {
  const n = x.numel();
  if (dimArg === undefined && keepArg === undefined && x.dtype === float32 && n > 0 && n < THREAD_SPLIT) {
    // x.sum() of a float32 tensor: one cascade run (what sumRaw does for it, without the planning)
    const out = float32.alloc(1);
    out[0] = sumRunF32(x._data, 0, n);
    return record(new Tensor(out, [], float32), 'SumBackward0', [x], (g) => [new UniformGrad(x.dtype.cast(g._data[0]), x.shape, x.dtype)], false);
  }
  const { dims, keepdim, dtype } = parse(dimArg, keepArg, optsArg);
  const { mask, outShape, keptShape } = plan(x, dims, keepdim);
  const outDtype = dtype ?? (x.dtype.is_floating_point ? x.dtype : int64);
  const out = sumRaw(converted(x, dtype), mask, outShape, outDtype);
  // one output element (a full sum): its gradient is one value everywhere, left unwritten (uniform.ts)
  return record(out, 'SumBackward' + (dims === null ? '0' : '1'), [x], (g) =>
    [g.numel() === 1 ? new UniformGrad(x.dtype.cast(g._data[0]), x.shape, x.dtype) : expandTo(g.reshape(keptShape), x.shape, x.dtype)], false);
}

export function mean(x: Tensor, dimArg?: unknown, keepArg?: unknown, optsArg?: unknown): Tensor {
  const { dims, keepdim, dtype } = parse(dimArg, keepArg, optsArg);
  const outDtype = dtype ?? x.dtype;
  if (!outDtype.is_floating_point)
    throw new RuntimeError(`mean(): could not infer output dtype. ${dtype ? 'Optional' : 'Input'} dtype must be either a floating point or complex dtype. Got: ${outDtype.scalarName}`);
  const { mask, outShape, keptShape } = plan(x, dims, keepdim);
  let count = 1;
  x.shape.forEach((s, i) => { if (mask[i]) count *= s; });
  // 1.13's CPU mean is sum(...).div_(count): a float32 mean sums (and divides) in float32
  const acc = sumRaw(x, mask, outShape, x.dtype === float32 && outDtype === float32 ? float32 : DType.float64)._data;
  const out = outDtype.alloc(acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = acc[i] / count;
  const res = new Tensor(out, outShape, outDtype);
  return record(res, 'MeanBackward' + (dims === null ? '0' : '1'), [x], (g) => {
    // divided in the output dtype, then cast back (PyTorch's mean(dtype=) converts the input first)
    if (g.numel() === 1) return [new UniformGrad(x.dtype.cast(outDtype.cast(outDtype.cast(g._data[0]) / count)), x.shape, x.dtype)];
    const e = expandTo(g.reshape(keptShape), x.shape, x.dtype)._data;
    for (let i = 0; i < e.length; i++) e[i] = outDtype.cast(e[i] / count);
    return [new Tensor(e, x.shape, x.dtype)];
  }, false, { saved: [dims !== null && x] }); // MeanBackward1 saves self (MeanBackward0 only its sizes)
}

/** Broadcasts g (same rank, size-1 dims) to shape, as a fresh tensor of dtype. */
function expandTo(g: Tensor, shape: number[], dtype: DType): Tensor {
  const gd = g._data;
  const out = dtype.alloc(numelOf(shape));
  if (sameShape(g.shape, shape)) { out.set(gd); return new Tensor(out, shape, dtype); }
  const mask = shape.map((s, i) => g.shape[i] === 1 && s !== 1);
  const probe = new Tensor(out, shape, dtype);
  forEachOut(probe, mask, (i, o) => { out[i] = gd[o]; });
  return probe;
}

/** Sums a broadcast gradient back down to `shape` (right-aligned broadcasting rules). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const mask = g.shape.map((s, i) => i < lead || (shape[i - lead] === 1 && s !== 1));
  const kept = g.shape.map((s, i) => (mask[i] ? 1 : s));
  const r = sumRaw(g, mask, kept.slice(lead), g.dtype);
  return new Tensor(r._data, shape, g.dtype);
}

// ---- max / min / argmax / argmin ----
type Better = (a: number, b: number) => boolean;
// NaN propagates: it wins against everything, as in PyTorch
const greater: Better = (a, b) => a > b || (a !== a && b === b);
const less: Better = (a, b) => a < b || (a !== a && b === b);

function extremeAll(x: Tensor, better: Better, name: string): Tensor {
  if (x.numel() === 0)
    throw new RuntimeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  const d = x._data;
  let best = d[0];
  for (let i = 1; i < d.length; i++) if (better(d[i], best)) best = d[i];
  const out = new Tensor(x.dtype.alloc(1).fill(best), [], x.dtype);
  return record(out, name === 'max' ? 'MaxBackward1' : 'MinBackward1', [x], (g) => {
    // evenly distributed among ties, as PyTorch's evenly_distribute_backward
    let count = 0;
    for (let i = 0; i < d.length; i++) if (d[i] === best || (best !== best && d[i] !== d[i])) count++;
    const gr = x.dtype.alloc(d.length), v = g._data[0] / count;
    for (let i = 0; i < d.length; i++) if (d[i] === best || (best !== best && d[i] !== d[i])) gr[i] = v;
    return [new Tensor(gr, x.shape, x.dtype)];
  }, true, { saved: [x, out] });
}

function extremeDim(x: Tensor, dim: number, keepdim: boolean, better: Better, name: string): { values: Tensor; indices: Tensor } {
  const nd = x.ndim, w = wrapDim(dim, nd);
  const size = nd === 0 ? 1 : x.shape[w];
  if (size === 0)
    throw new IndexError(`${name}(): Expected reduction dim ${w} to have non-zero size.`);
  const outer = numelOf(x.shape.slice(0, w)), inner = numelOf(x.shape.slice(w + 1));
  const keptShape = nd === 0 ? [] : x.shape.map((s, i) => (i === w ? 1 : s));
  const outShape = keepdim || nd === 0 ? keptShape : x.shape.filter((_, i) => i !== w);
  const vals = x.dtype.alloc(outer * inner), idxs = int64.alloc(outer * inner), d = x._data;
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const base = o * size * inner + j;
    let best = d[base], bi = 0;
    for (let k = 1; k < size; k++) { const v = d[base + k * inner]; if (better(v, best)) { best = v; bi = k; } }
    vals[o * inner + j] = best; idxs[o * inner + j] = bi;
  }
  const indices = new Tensor(idxs, outShape, int64);
  const values = record(new Tensor(vals, outShape, x.dtype), name === 'max' ? 'MaxBackward0' : 'MinBackward0', [x], (g) => {
    const gr = x.dtype.alloc(x.numel()), gd = g._data;
    for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++)
      gr[o * size * inner + idxs[o * inner + j] * inner + j] = gd[o * inner + j];
    return [new Tensor(gr, x.shape, x.dtype)];
  }, true, { saved: [indices] });
  return { values, indices };
}

function pair(r: { values: Tensor; indices: Tensor }, op: string): ValuesIndices {
  return new ValuesIndices(r.values, r.indices, op);
}

export function max(x: Tensor, dim?: number, keepArg?: unknown): Tensor | ValuesIndices {
  if (dim === undefined || dim === null) return extremeAll(x, greater, 'max');
  return pair(extremeDim(x, dim, parse(null, keepArg).keepdim, greater, 'max'), 'max');
}
export function min(x: Tensor, dim?: number, keepArg?: unknown): Tensor | ValuesIndices {
  if (dim === undefined || dim === null) return extremeAll(x, less, 'min');
  return pair(extremeDim(x, dim, parse(null, keepArg).keepdim, less, 'min'), 'min');
}
export function argmax(x: Tensor, dim?: number | null, keepArg?: unknown): Tensor { return argExtreme(x, dim, keepArg, greater, 'argmax'); }
export function argmin(x: Tensor, dim?: number | null, keepArg?: unknown): Tensor { return argExtreme(x, dim, keepArg, less, 'argmin'); }
function argExtreme(x: Tensor, dim: number | null | undefined, keepArg: unknown, better: Better, name: string): Tensor {
  // a reduced dim of size 1 never reaches PyTorch's kernel (the indices are all 0), so bool passes there
  const trivial = dim !== undefined && dim !== null && x.ndim > 0 && x.shape[wrapDim(dim, x.ndim)] === 1;
  if (x.dtype === bool && !trivial) throw new RuntimeError(`"${name}_cpu" not implemented for 'Bool'`);
  const keepdim = parse(null, keepArg).keepdim;
  if (dim === undefined || dim === null) {
    if (x.numel() === 0) throw new IndexError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = new Tensor(x._data, [x.numel()], x.dtype);
    const r = extremeDim(flat, 0, false, better, name).indices;
    return keepdim ? new Tensor(r._data, x.shape.map(() => 1), int64) : r;
  }
  return extremeDim(x, dim, keepdim, better, name).indices;
}
