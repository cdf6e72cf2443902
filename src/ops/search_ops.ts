// Counting and searching, as 1.13's CPU kernels: torch.bincount, isin, searchsorted, bucketize and
// histc, with their checks and messages. None of them has a gradient in 1.13.
import { Tensor } from '../tensor/tensor.js';
import { bool, float32, float64, int32, int64 } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { builtin, op } from '../tensor/args.js';
import { T, N, OUT, type Kwargs } from './api_common.js';
import { rounder } from './math.js';
import { linspaceInto } from '../kernels/linspace.js';

const valuesOf = (v: Tensor | number | boolean): ArrayLike<number> => (v instanceof Tensor ? v.contiguous()._data : [Number(v)]);

// ---- bincount ----
type BincountFn = (input: Tensor, weights?: Tensor | null | Kwargs, minlength?: number | Kwargs) => Tensor;
export const bincount = op<BincountFn>(builtin('bincount(Tensor input, Tensor? weights=None, int minlength=0)'), (a) => {
  const x = T(a.input), w = a.weights as Tensor | null, minlength = N(a.minlength);
  if (x.dtype.is_floating_point || x.dtype === bool) throw new RuntimeError(`"bincount_cpu" not implemented for '${x.dtype.scalarName}'`);
  if (minlength < 0) throw new RuntimeError('minlength should be >= 0');
  const d = x.contiguous()._data;
  if (x.ndim !== 1 || Array.prototype.some.call(d, (v: number) => v < 0)) throw new RuntimeError('bincount only supports 1-d non-negative integral inputs.');
  if (x.ndim === 1 && x.shape[0] === 0) return new Tensor(int64.alloc(minlength), [minlength], int64); // int64 zeros whatever the weights
  if (w && (w.ndim !== 1 || w.shape[0] !== x.shape[0])) throw new RuntimeError('weights should be 1-d and have the same length as input');
  let n = minlength;
  for (let i = 0; i < d.length; i++) n = Math.max(n, d[i] + 1);
  // float32 weights count in float32, any other weights in float64
  const dtype = w ? (w.dtype === float32 ? float32 : float64) : int64, r = rounder(dtype);
  const out = dtype.alloc(n), wd = w ? w.contiguous()._data : null;
  for (let i = 0; i < d.length; i++) out[d[i]] = wd ? r(out[d[i]] + wd[i]) : out[d[i]] + 1;
  return new Tensor(out, [n], dtype);
});

// ---- isin ----
type IsinFn = (elements: Tensor | number, test_elements: Tensor | number | Kwargs, kw?: { assume_unique?: boolean; invert?: boolean }) => Tensor;
export const isin = op<IsinFn>(builtin([
  `isin(Tensor elements, Tensor test_elements, *, bool assume_unique=False, bool invert=False, ${OUT})`,
  `isin(Number element, Tensor test_elements, *, bool assume_unique=False, bool invert=False, ${OUT})`,
  `isin(Tensor elements, Number test_element, *, bool assume_unique=False, bool invert=False, ${OUT})`,
]), (a, k) => {
  const elements = (k === 1 ? a.element : a.elements) as Tensor | number, test = (k === 2 ? a.test_element : a.test_elements) as Tensor | number;
  const set = new Set<number>(Array.from(valuesOf(test))), invert = !!a.invert; // NaN is in no set: NaN !== NaN
  const src = valuesOf(elements), out = bool.alloc(src.length);
  for (let i = 0; i < src.length; i++) out[i] = +((src[i] === src[i] && set.has(src[i])) !== invert);
  return new Tensor(out, elements instanceof Tensor ? elements.shape.slice() : [], bool);
});

// ---- searchsorted / bucketize ----
/** The first index in row[lo, hi) whose value is > v (right) or >= v (left). */
function bound(row: ArrayLike<number>, lo: number, hi: number, v: number, right: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (right ? !(row[mid] > v) : row[mid] < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}
function searchImpl(seq: Tensor, values: Tensor | number, outInt32: boolean, right: boolean, sorter: Tensor | null): Tensor {
  const vShape = values instanceof Tensor ? values.shape : [];
  if (seq.ndim !== 1 && !(seq.ndim === vShape.length && seq.shape.slice(0, -1).every((s, i) => s === vShape[i])))
    throw new RuntimeError(`torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [${seq.shape.join(', ')}] and input value tensor [${vShape.join(', ')}]`);
  const len = seq.ndim ? seq.shape[seq.ndim - 1] : 1, raw = seq.contiguous()._data;
  let sd: ArrayLike<number> = raw;
  if (sorter) {
    const order = sorter.contiguous()._data, sorted = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) sorted[i] = raw[Math.floor(i / len) * len + order[i]];
    sd = sorted;
  }
  const vd = valuesOf(values), dtype = outInt32 ? int32 : int64, out = dtype.alloc(vd.length);
  const perRow = seq.ndim === 1 ? Infinity : (vShape.length ? vShape[vShape.length - 1] : 1);
  for (let i = 0; i < vd.length; i++) {
    const base = seq.ndim === 1 ? 0 : Math.floor(i / perRow) * len;
    out[i] = bound(sd, base, base + len, vd[i], right) - base;
  }
  return new Tensor(out, vShape.slice(), dtype);
}
type SearchFn = (sorted_sequence: Tensor, input: Tensor | number | Kwargs, kw?: { out_int32?: boolean; right?: boolean; side?: string | null; sorter?: Tensor | null }) => Tensor;
export const searchsorted = op<SearchFn>(builtin([
  `searchsorted(Tensor sorted_sequence, Tensor input, *, bool out_int32=False, bool right=False, str? side=None, Tensor? sorter=None, ${OUT})`,
  'searchsorted(Tensor sorted_sequence, Number self, *, bool out_int32=False, bool right=False, str? side=None, Tensor? sorter=None)',
]), (a, k) => {
  const side = a.side as string | null, right = !!a.right;
  if (side !== null && side !== 'left' && side !== 'right') throw new RuntimeError(`torch.searchsorted(): side can only be 'left' or 'right' but got ${side}`);
  if (side !== null && right && side === 'left')
    throw new RuntimeError('torch.searchsorted(): side and right can\'t be set to opposites, got side of left while right was True');
  return searchImpl(T(a.sorted_sequence), (k === 1 ? a.self : a.input) as Tensor | number, !!a.out_int32, right || side === 'right', a.sorter as Tensor | null);
});
type BucketizeFn = (input: Tensor | number, boundaries: Tensor | Kwargs, kw?: { out_int32?: boolean; right?: boolean }) => Tensor;
export const bucketize = op<BucketizeFn>(builtin([
  `bucketize(Tensor input, Tensor boundaries, *, bool out_int32=False, bool right=False, ${OUT})`,
  'bucketize(Number self, Tensor boundaries, *, bool out_int32=False, bool right=False)',
]), (a, k) => {
  const b = T(a.boundaries);
  if (b.ndim !== 1) throw new RuntimeError(`boundaries tensor must be 1 dimension, but got dim(${b.ndim})`);
  return searchImpl(b, (k === 1 ? a.self : a.input) as Tensor | number, !!a.out_int32, !!a.right, null);
});

// ---- histc ----
/** A double as C++'s stream prints it in these messages: 1, 2.5, inf, -inf. */
const cNum = (v: number): string => (Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf');
type HistcFn = (input: Tensor, bins?: number | Kwargs, min?: number | Kwargs, max?: number | Kwargs) => Tensor;
/**
 * 1.13's histc through its histogram kernel: bins + 1 edges from linspace(min, max) in the input's
 * dtype, each element in the bin whose edges hold it (the last bin closed on the right), elements
 * outside [min, max] left out and NaN counted in the first bin (as 1.13 does); min = max takes the
 * data's range (widened by 1 each way if flat).
 */
export const histc = op<HistcFn>(builtin(`histc(Tensor input, int bins=100, Number min=0, Number max=0, *, ${OUT})`), (a) => {
  const x = T(a.input), bins = N(a.bins);
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"histogram_cpu" not implemented for '${x.dtype.scalarName}'`);
  if (bins <= 0) throw new RuntimeError(`torch.histogram(): bins must be > 0, but got ${bins} for dimension 0`);
  const r = rounder(x.dtype), d = x.contiguous()._data;
  let lo = r(N(a.min)), hi = r(N(a.max));
  if (lo > hi) throw new RuntimeError('torch.histc: max must be larger than min');
  let nanRange = false;
  if (lo === hi && d.length) {
    lo = Infinity; hi = -Infinity;
    for (let i = 0; i < d.length; i++) {
      if (d[i] !== d[i]) nanRange = true;
      else { lo = Math.min(lo, d[i]); hi = Math.max(hi, d[i]); }
    }
    if (lo === Infinity) { lo = 0; hi = 0; }
  }
  // the data's range is its aminmax, which a NaN makes NaN (printed "-nan" by 1.13 unless it is the only element)
  if (nanRange) { const nan = d.length === 1 ? 'nan' : '-nan'; throw new RuntimeError(`torch.histc: range of [${nan}, ${nan}] is not finite`); }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RuntimeError(`torch.histc: range of [${cNum(lo)}, ${cNum(hi)}] is not finite`);
  if (lo === hi) { lo = r(lo - 1); hi = r(hi + 1); }
  // the edges are torch.linspace(lo, hi, bins + 1) in the dtype, value for value
  const n = bins + 1, edges = x.dtype.alloc(n);
  linspaceInto(edges, lo, hi, x.dtype === float32 ? 'f32' : 'f64');
  const out = x.dtype.alloc(bins);
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    // 1.13 skips elt < min || elt > max, which NaN passes; its bin index from NaN then lands in bin 0
    if (v !== v) { out[0] += 1; continue; }
    if (v < edges[0] || v > edges[n - 1]) continue;
    const pos = v === edges[n - 1] ? bins - 1 : bound(edges, 0, n, v, true) - 1;
    out[pos] += 1;
  }
  return new Tensor(out, [bins], x.dtype);
});
