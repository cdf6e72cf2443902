// Sorting and selecting along a dim: sort, argsort, topk, kthvalue and median, with the indices
// PyTorch 1.13's CPU kernels return even for ties (kernels/stl_sort.ts), NaN ordered above
// everything, and gradients that route each output's gradient back to the element it picked.
import { Tensor } from '../tensor/tensor.js';
import { bool, int64 } from '../tensor/dtype.js';
import { IndexError, RuntimeError } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { stdSort, nthElement, partialSort, quickSelect, type Less } from '../kernels/stl_sort.js';
import { ValuesIndices } from './reduce.js';
import { dense, lanes, laneShape, pickedBackward, requireArg, notImplemented, type Lanes } from './reduce_dims.js';
import { bindNames, boolArg, intArg } from '../tensor/args.js';

export interface SortOpts { dim?: number; descending?: boolean; stable?: boolean | null }
export interface TopkOpts { k?: number; dim?: number; largest?: boolean; sorted?: boolean }
export interface KthOpts { k?: number; dim?: number; keepdim?: boolean }
export type SortArgs = [dim?: number | SortOpts, descending?: boolean | SortOpts, opts?: SortOpts];
export type TopkArgs = [k: number | TopkOpts, dim?: number | TopkOpts, largest?: boolean | TopkOpts, sorted?: boolean | TopkOpts, opts?: TopkOpts];
export type KthArgs = [k: number | KthOpts, dim?: number | KthOpts, keepdim?: boolean | KthOpts, opts?: KthOpts];
export type MedianDimArgs = [dim: number | KthOpts, keepdim?: boolean | KthOpts, opts?: KthOpts];

// NaN counts as the largest value, as PyTorch's comparators (and numpy) order it
const ascending = (v: Float64Array): Less => (a, b) => { const x = v[a], y = v[b]; return (x === x && y !== y) || x < y; };
const descending = (v: Float64Array): Less => (a, b) => { const x = v[a], y = v[b]; return (x !== x && y === y) || x > y; };

/**
 * Runs `pick(lane values, ids)` on every lane of x along L's dim; `pick` permutes ids 0..size-1
 * and the first k of them are the chosen elements, written out in that order.
 */
function select(x: Tensor, L: Lanes, k: number, pick: (v: Float64Array, ids: Int32Array) => void): { vals: Float64Array; idx: Float64Array } {
  const { outer, size, inner } = L, d = dense(x);
  const vals = new Float64Array(outer * k * inner), idx = new Float64Array(outer * k * inner);
  const v = new Float64Array(size), ids = new Int32Array(size);
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const base = o * size * inner + j;
    for (let t = 0; t < size; t++) { v[t] = d[base + t * inner]; ids[t] = t; }
    pick(v, ids);
    for (let t = 0; t < k; t++) {
      const p = (o * k + t) * inner + j;
      vals[p] = v[ids[t]]; idx[p] = ids[t];
    }
  }
  return { vals, idx };
}

/** The (values, indices) named tuple, values recording `name` as their backward. */
function picked(x: Tensor, L: Lanes, k: number, r: { vals: Float64Array; idx: Float64Array }, shape: number[], name: string, op: string): ValuesIndices {
  const vals = x.dtype.alloc(r.vals.length);
  vals.set(r.vals);
  const indices = new Tensor(r.idx, shape, int64);
  const values = record(new Tensor(vals, shape, x.dtype), name, [x], (g) => [pickedBackward(g, r.idx, L, k, x)], true, { saved: [indices] });
  return new ValuesIndices(values, indices, op);
}

function sortArgs(fn: string, args: SortArgs): { dim: number; desc: boolean; stable: boolean; overload: string } {
  const a = bindNames(fn, ['dim', 'descending', 'stable'], args);
  // passing `stable` at all selects the sort.stable overload, whose backward is SortBackward1
  return { dim: intArg(fn, 'dim', a.dim, -1), desc: boolArg(fn, 'descending', a.descending, false), stable: boolArg(fn, 'stable', a.stable, false),
    overload: a.stable === undefined ? 'SortBackward0' : 'SortBackward1' };
}
function sortLanes(x: Tensor, dim: number, desc: boolean, stable: boolean): { L: Lanes; r: { vals: Float64Array; idx: Float64Array } } {
  const L = lanes(x, dim);
  const r = select(x, L, L.size, (v, ids) => {
    const less = desc ? descending(v) : ascending(v);
    // stable: equal values keep their order, which is the order of their ids
    stdSort(ids, 0, ids.length, stable ? (a, b) => less(a, b) || (!less(b, a) && a < b) : less);
  });
  return { L, r };
}

/** torch.sort(input, dim=-1, descending=False, {stable}): (values, indices). */
export function sort(input: Tensor, ...args: SortArgs): ValuesIndices {
  const { dim, desc, stable, overload } = sortArgs('sort', args);
  const { L, r } = sortLanes(input, dim, desc, stable);
  return picked(input, L, L.size, r, input.shape, overload, 'sort');
}

/** torch.argsort(input, dim=-1, descending=False, {stable}): the indices of sort. */
export function argsort(input: Tensor, ...args: SortArgs): Tensor {
  const { dim, desc, stable } = sortArgs('argsort', args);
  return new Tensor(sortLanes(input, dim, desc, stable).r.idx, input.shape, int64);
}

/** torch.topk(input, k, dim=-1, largest=True, sorted=True): (values, indices). */
export function topk(input: Tensor, ...args: TopkArgs): ValuesIndices {
  const a = bindNames('topk', ['k', 'dim', 'largest', 'sorted'], args);
  requireArg('topk', 'k', a.k);
  const k = intArg('topk', 'k', a.k, 0), L = lanes(input, intArg('topk', 'dim', a.dim, -1));
  const largest = boolArg('topk', 'largest', a.largest, true), sorted = boolArg('topk', 'sorted', a.sorted, true);
  if (k < 0 || k > L.size) throw new RuntimeError('selected index k out of range');
  if (input.dtype === bool) throw notImplemented('topk_cpu', bool);
  // a 0-dim input comes back whole, even for k = 0 (PyTorch copies it)
  const kk = input.ndim === 0 ? 1 : k;
  const r = select(input, L, kk, (v, ids) => {
    if (k === 0) return;
    const less = largest ? descending(v) : ascending(v);
    if (k * 64 <= L.size) { partialSort(ids, 0, k, L.size, less); return; }
    nthElement(ids, 0, k - 1, L.size, less);
    if (sorted) stdSort(ids, 0, k - 1, less);
  });
  return picked(input, L, kk, r, laneShape(input, L, k), 'TopkBackward0', 'topk');
}

function checkReduced(input: Tensor, L: Lanes, fn: string): void {
  if (L.size === 0) throw new IndexError(`${fn}(): Expected reduction dim ${L.dim} to have non-zero size.`);
}

/** torch.kthvalue(input, k, dim=-1, keepdim=False): the k-th smallest (1-based) and its index. */
export function kthvalue(input: Tensor, ...args: KthArgs): ValuesIndices {
  const a = bindNames('kthvalue', ['k', 'dim', 'keepdim'], args);
  requireArg('kthvalue', 'k', a.k);
  const k = intArg('kthvalue', 'k', a.k, 0), L = lanes(input, intArg('kthvalue', 'dim', a.dim, -1));
  const keepdim = boolArg('kthvalue', 'keepdim', a.keepdim, false);
  checkReduced(input, L, 'kthvalue');
  if (k < 1 || k > L.size) throw new RuntimeError(`kthvalue(): selected number k out of range for dimension ${L.dim}`);
  if (input.dtype === bool) throw notImplemented('kthvalue_cpu', bool);
  const r = select(input, L, 1, (v, ids) => {
    const less = ascending(v);
    quickSelect(ids, k - 1, (x, y) => less(y, x));
    ids[0] = ids[k - 1];
  });
  return picked(input, L, 1, r, laneShape(input, L, 1, !keepdim), 'KthvalueBackward0', 'kthvalue');
}

/**
 * torch.median(input): the lower median of all elements (NaN if any is NaN); torch.median(input,
 * dim, keepdim=False): (values, indices) along dim, the lower median counting equal values in
 * index order, or the first NaN of a lane that has one.
 */
export function median(input: Tensor): Tensor;
export function median(input: Tensor, ...args: MedianDimArgs): ValuesIndices;
export function median(input: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  const a = bindNames('median', ['dim', 'keepdim'], args);
  if (a.dim === undefined || a.dim === null) {
    if (a.keepdim !== undefined) throw new TypeError('median() received an invalid combination of arguments - got (Tensor, keepdim=bool)');
    return medianAll(input);
  }
  const L = lanes(input, intArg('median', 'dim', a.dim, -1));
  const keepdim = boolArg('median', 'keepdim', a.keepdim, false);
  checkReduced(input, L, 'median');
  if (input.dtype === bool) throw notImplemented('median_out', bool);
  const r = select(input, L, 1, (v, ids) => {
    for (let t = 0; t < v.length; t++) if (v[t] !== v[t]) { ids[0] = t; return; }
    const mid = (v.length - 1) >> 1;
    nthElement(ids, 0, mid, v.length, (x, y) => v[x] < v[y] || (v[x] === v[y] && x < y));
    ids[0] = ids[mid];
  });
  return picked(input, L, 1, r, laneShape(input, L, 1, !keepdim), 'MedianBackward1', 'median');
}

function medianAll(input: Tensor): Tensor {
  if (input.dtype === bool) throw notImplemented('median_cpu', bool);
  const d = dense(input), n = d.length;
  let m: number;
  if (n === 0) m = input.dtype === int64 ? -(2 ** 63) : NaN; // int64: the value 1.13 leaves there
  else if (d.some((v) => v !== v)) m = NaN;
  else {
    const v = Float64Array.from(d), ids = Int32Array.from(v.keys());
    nthElement(ids, 0, (n - 1) >> 1, n, ascending(v));
    m = v[ids[(n - 1) >> 1]];
  }
  const out = new Tensor(input.dtype.alloc(1).fill(m), [], input.dtype);
  return record(out, 'MedianBackward0', [input], (g) => [evenlyDistributed(g.item(), input, m)], true, { saved: [input, out] });
}

/** PyTorch's evenly_distribute_backward: the gradient shared equally by the elements equal to the result (NaNs, for a NaN result). */
export function evenlyDistributed(g: number, x: Tensor, value: number): Tensor {
  const d = dense(x), gx = x.dtype.alloc(d.length);
  const hit = value !== value ? (v: number) => v !== v : (v: number) => v === value;
  let count = 0;
  for (let i = 0; i < d.length; i++) if (hit(d[i])) count++;
  for (let i = 0; i < d.length; i++) if (hit(d[i])) gx[i] = g / count;
  return new Tensor(gx, x.shape, x.dtype);
}
