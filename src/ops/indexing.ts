// Python's indexing, spelled for JavaScript: `x.get(...idx)` is `x[idx]`, `x.set(...idx, value)` is
// `x[idx] = value`. Basic indices (integers, slices, '...', null, 0-dim integer tensors) give views;
// any advanced index (integer or bool tensors, nested number arrays, Python bools) gives a copy, with
// PyTorch's placement of the advanced dims (adjacent ones stay in place, separated ones go first).
import { Tensor, type NestedArray } from '../tensor/tensor.js';
import { bool, int64, uint8 } from '../tensor/dtype.js';
import { numelOf } from '../tensor/shape.js';
import { denseStrides } from '../tensor/strided.js';
import { IndexError, RuntimeError, ValueError, warn } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { markView } from '../autograd/views.js';
import { inplace, copyFrom } from './inplace.js';
import { select, sliceView, unsqueeze, expand } from './view.js';
import { sumToShape } from './reduce.js';

/** Python's slice(start, stop, step); each part may be null. */
export class Slice {
  constructor(readonly start: number | null = null, readonly stop: number | null = null, readonly step: number | null = null) {}
  toString(): string { return `slice(${[this.start, this.stop, this.step].map((v) => (v === null ? 'None' : String(v))).join(', ')})`; }
}
/** `torch.slice(stop)` or `torch.slice(start, stop, step?)`, as Python's slice(). */
export function slice(a: number | null = null, b?: number | null, c: number | null = null): Slice {
  return b === undefined ? new Slice(null, a, null) : new Slice(a, b, c);
}
const ELLIPSIS = Symbol('...');
export type Index = number | boolean | null | string | Slice | Tensor | NestedArray;

/** ':' '1:3' '::2' '-3:' as a Slice, '...' as Ellipsis. */
function parseString(s: string): Slice | typeof ELLIPSIS {
  if (s === '...') return ELLIPSIS;
  const parts = s.split(':');
  const num = /^\s*[-+]?\d+\s*$/;
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() !== '' && !num.test(p)))
    throw new TypeError(`invalid index string '${s}': a string index is one slice such as ':', '1:3', '::2', '-3:' or '...'`);
  const v = (p: string | undefined): number | null => (p === undefined || p.trim() === '' ? null : Number(p));
  return new Slice(v(parts[0]), v(parts[1]), v(parts[2]));
}

/** Python's slice.indices(): clamped start and stop for a dim of `size` (step > 0). */
function sliceBounds(s: Slice, size: number): [number, number, number] {
  const step = s.step ?? 1;
  if (step === 0) throw new ValueError('slice step cannot be zero');
  if (step < 0) throw new ValueError('step must be greater than zero');
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) v += size;
    return Math.min(Math.max(v, 0), size);
  };
  const start = clamp(s.start, 0), stop = Math.max(clamp(s.stop, size), start);
  return [start, stop, step];
}

type Item = { kind: 'int'; v: number } | { kind: 'slice'; v: Slice } | { kind: 'ellipsis' } | { kind: 'none' }
  | { kind: 'bool'; v: boolean } | { kind: 'tensor'; v: Tensor };

function classify(i: Index, asTensor: (v: NestedArray) => Tensor): Item {
  if (i === null) return { kind: 'none' };
  if (typeof i === 'number') {
    if (!Number.isInteger(i)) throw new IndexError('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)');
    return { kind: 'int', v: i };
  }
  if (typeof i === 'boolean') return { kind: 'bool', v: i };
  if (typeof i === 'string') { const p = parseString(i); return p === ELLIPSIS ? { kind: 'ellipsis' } : { kind: 'slice', v: p }; }
  if (i instanceof Slice) return { kind: 'slice', v: i };
  if (i instanceof Tensor) {
    // a 0-dim integer tensor of any width indexes like an integer (a view); a 0-dim bool or uint8 like a Python bool
    if (i.ndim === 0 && (i.dtype === bool || i.dtype === uint8)) return { kind: 'bool', v: i.item() !== 0 };
    if (i.ndim === 0 && i.dtype.is_integer) return { kind: 'int', v: i.item() };
    if (i.dtype === uint8) {
      warn('indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead.');
      i = i.to(bool);
    }
    if (i.dtype !== int64 && i.dtype !== bool) throw new IndexError('tensors used as indices must be long, byte or bool tensors');
    return { kind: 'tensor', v: i };
  }
  if (Array.isArray(i)) return { kind: 'tensor', v: asTensor(i) };
  throw new IndexError(`only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${typeof i})`);
}

interface Applied {
  /** x after the basic indices: a view. */
  view: Tensor;
  /** Advanced indices: the view's dim each starts at, and the int64 index tensors (a bool mask becomes one per mask dim). */
  adv: { dim: number; index: Tensor }[];
}

/** Applies the basic indices as views and collects the advanced ones, as PyTorch's applySlicing does. */
function applyIndices(x: Tensor, indices: readonly Index[], asTensor: (v: NestedArray) => Tensor, nonzero: (m: Tensor) => Tensor[]): Applied {
  const items = indices.map((i) => classify(i, asTensor));
  let specified = 0;
  for (const it of items)
    if (it.kind === 'int' || it.kind === 'slice') specified++;
    else if (it.kind === 'tensor') specified += it.v.dtype === bool ? it.v.ndim : 1;
  if (specified > x.ndim) throw new IndexError(`too many indices for tensor of dimension ${x.ndim}`);
  let view = x, dim = 0, sawEllipsis = false;
  const adv: { dim: number; index: Tensor }[] = [];
  for (let position = 0; position < items.length; position++) {
    const it = items[position];
    switch (it.kind) {
      case 'int': {
        const size = view.shape[dim];
        // PyTorch names the index's position in the tuple (its real_dim), not the dim it selects from
        if (it.v < -size || it.v >= size) throw new IndexError(`index ${it.v} is out of bounds for dimension ${position} with size ${size}`);
        view = select(view, dim, it.v);
        break;
      }
      case 'slice': {
        const [start, stop, step] = sliceBounds(it.v, view.shape[dim]);
        view = sliceView(view, dim, start, stop, step);
        dim++;
        break;
      }
      case 'ellipsis':
        if (!sawEllipsis) dim += x.ndim - specified;
        sawEllipsis = true;
        break;
      case 'none':
        view = unsqueeze(view, dim);
        dim++;
        break;
      case 'bool':
        view = unsqueeze(view, dim);
        adv.push({ dim, index: new Tensor(new Float64Array(it.v ? 1 : 0), [it.v ? 1 : 0], int64) });
        dim++;
        break;
      case 'tensor': {
        const t = it.v;
        if (t.dtype === bool) {
          for (let k = 0; k < t.ndim; k++)
            if (t.shape[k] !== view.shape[dim + k])
              throw new IndexError(`The shape of the mask [${t.shape.join(', ')}] at index ${k} does not match the shape of the indexed tensor [${view.shape.join(', ')}] at index ${dim + k}`);
          nonzero(t).forEach((index, k) => adv.push({ dim: dim + k, index }));
          dim += t.ndim;
        } else {
          adv.push({ dim, index: t });
          dim++;
        }
        break;
      }
    }
  }
  return { view, adv };
}

/** Where each element of an advanced-indexing result reads the (dense) view, and the result's shape. */
function advancedPlan(view: Tensor, adv: { dim: number; index: Tensor }[]): { shape: number[]; pos: Float64Array } {
  // broadcast the index tensors together
  let B: number[] = [];
  for (const { index } of adv) {
    const n = Math.max(B.length, index.ndim), out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const a = B[B.length - n + i] ?? 1, b = index.shape[index.ndim - n + i] ?? 1;
      if (a !== b && a !== 1 && b !== 1)
        throw new IndexError(`shape mismatch: indexing tensors could not be broadcast together with shapes ${adv.map((e) => `[${e.index.shape.join(', ')}]`).join(', ')}`);
      out[i] = a === 1 ? b : a;
    }
    B = out;
  }
  const dims = adv.map((a) => a.dim);
  const advSet = new Set(dims);
  const rest = view.shape.map((_, i) => i).filter((i) => !advSet.has(i));
  const sorted = [...dims].sort((a, b) => a - b);
  const adjacent = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1) && new Set(dims).size === dims.length;
  const first = sorted[0];
  const pre = adjacent ? rest.filter((d) => d < first) : [];
  const post = adjacent ? rest.filter((d) => d > first) : rest;
  const shape = [...pre.map((d) => view.shape[d]), ...B, ...post.map((d) => view.shape[d])];
  const vs = denseStrides(view.shape);
  const idx = adv.map(({ index, dim }, k) => {
    const data = index._data, size = view.shape[dim];
    // ATen names the k-th advanced index, not the tensor's dim
    for (let i = 0; i < data.length; i++)
      if (data[i] < -size || data[i] >= size) throw new IndexError(`index ${data[i]} is out of bounds for dimension ${k} with size ${size}`);
    // strides reading the index as broadcast to B
    const st = denseStrides(index.shape), bs = new Array<number>(B.length).fill(0);
    for (let k = 0; k < index.ndim; k++) bs[B.length - index.ndim + k] = index.shape[k] === 1 ? 0 : st[k];
    return { data, size, stride: vs[dim], bs };
  });
  const n = numelOf(shape), pos = new Float64Array(n);
  const nd = shape.length, coord = new Array<number>(nd).fill(0);
  const nPre = pre.length, nB = B.length;
  for (let o = 0; o < n; o++) {
    let p = 0;
    for (let k = 0; k < nPre; k++) p += coord[k] * vs[pre[k]];
    for (const e of idx) {
      let q = 0;
      for (let k = 0; k < nB; k++) q += coord[nPre + k] * e.bs[k];
      const v = e.data[q];
      p += (v < 0 ? v + e.size : v) * e.stride;
    }
    for (let k = 0; k < post.length; k++) p += coord[nPre + nB + k] * vs[post[k]];
    pos[o] = p;
    for (let k = nd - 1; k >= 0; k--) { if (++coord[k] < shape[k]) break; coord[k] = 0; }
  }
  return { shape, pos };
}

/** The helpers indexing needs from higher up (tensor() for nested arrays, nonzero for masks). */
export interface IndexDeps { asTensor: (v: NestedArray) => Tensor; nonzero: (m: Tensor) => Tensor[] }

/** torch.nonzero: the int64 coordinates (n, ndim) of the nonzero elements, in row-major order. */
export function nonzero(x: Tensor): Tensor {
  const d = x._data, nd = x.ndim, hits: number[] = [];
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) hits.push(i);
  const out = new Float64Array(hits.length * nd), st = denseStrides(x.shape);
  hits.forEach((flat, r) => {
    let rem = flat;
    for (let k = 0; k < nd; k++) { const c = Math.floor(rem / st[k]); rem -= c * st[k]; out[r * nd + k] = c; }
  });
  return new Tensor(out, [hits.length, nd], int64);
}
/** nonzero(x, as_tuple=True): one int64 vector of coordinates per dim (a 0-dim x counts as 1-dim). */
export function nonzeroTuple(x: Tensor): Tensor[] {
  const nz = nonzero(x.ndim === 0 ? x.reshape([1]) : x), n = nz.shape[0], nd = nz.shape[1], d = nz._data;
  return Array.from({ length: nd }, (_, k) => {
    const v = new Float64Array(n);
    for (let r = 0; r < n; r++) v[r] = d[r * nd + k];
    return new Tensor(v, [n], int64);
  });
}

/** x[indices]: a view for basic indices, a copy (IndexBackward0) with any advanced one. */
export function getIndex(x: Tensor, indices: readonly Index[], deps: IndexDeps): Tensor {
  const { view, adv } = applyIndices(x, indices, deps.asTensor, deps.nonzero);
  if (adv.length === 0) return view === x ? aliasOf(x) : view;
  const { shape, pos } = advancedPlan(view, adv);
  const src = view._data, out = view.dtype.alloc(pos.length);
  for (let o = 0; o < pos.length; o++) out[o] = src[pos[o]];
  return record(new Tensor(out, shape, view.dtype), 'IndexBackward0', [view], (g) => {
    const gr = g.dtype.alloc(view.numel()), gd = g._data;
    for (let o = 0; o < pos.length; o++) gr[pos[o]] += gd[o];
    return [new Tensor(gr, view.shape, g.dtype)];
  }, true, { saved: indexTensors(indices) });
}
/**
 * torch.index_put(x, indices, values, accumulate): x with values written (or added) at x[indices],
 * out of place (IndexPutBackward0); `indices` is a list of int64 / bool tensors or nulls, one per dim.
 */
export function indexPut(x: Tensor, indices: readonly (Tensor | null)[], values: Tensor, accumulate: boolean, deps: IndexDeps): Tensor {
  const idx = indices.map((t) => (t === null ? new Slice() : t));
  const { view, adv } = applyIndices(x.detach(), idx, deps.asTensor, deps.nonzero);
  // positions in x's dense layout: the view is x itself (only advanced indices and full slices here)
  const plan = adv.length ? advancedPlan(view, adv) : { shape: view.shape, pos: Float64Array.from({ length: view.numel() }, (_, i) => i) };
  return putAt(x, plan, values, accumulate, indexTensors(indices));
}
/** The index tensors the caller passed, which IndexBackward0 / IndexPutBackward0 save (a 0-dim one indexes as an integer). */
function indexTensors(indices: readonly unknown[]): Tensor[] {
  return indices.filter((t): t is Tensor => t instanceof Tensor && t.ndim > 0);
}
/** x with values (broadcast to plan.shape) written or added at x's dense positions plan.pos (IndexPutBackward0). */
function putAt(x: Tensor, plan: { shape: number[]; pos: Float64Array }, values: Tensor, accumulate: boolean, saved: Tensor[]): Tensor {
  let v: Tensor;
  try { v = expand(values.detach(), plan.shape); } catch {
    throw new RuntimeError(`shape mismatch: value tensor of shape [${values.shape.join(', ')}] cannot be broadcast to indexing result of shape [${plan.shape.join(', ')}]`);
  }
  const out = x._data.slice(), vd = v._data, { pos } = plan;
  for (let o = 0; o < pos.length; o++) out[pos[o]] = x.dtype.cast(accumulate ? out[pos[o]] + vd[o] : vd[o]);
  return record(new Tensor(out, x.shape, x.dtype), 'IndexPutBackward0', [x, values], (g) => {
    const gd = g._data, gx = accumulate ? gd : gd.slice(), gv = g.dtype.alloc(pos.length);
    for (let o = 0; o < pos.length; o++) gv[o] = gd[pos[o]];
    if (!accumulate) for (let o = 0; o < pos.length; o++) gx[pos[o]] = 0;
    return [new Tensor(gx, x.shape, g.dtype), sumToShape(new Tensor(gv, plan.shape, g.dtype), values.shape)];
  }, true, { saved });
}

/** x[...] and x[:]: a new view of all of x (AliasBackward0 in PyTorch). */
function aliasOf(x: Tensor): Tensor {
  const out = x._view(x.shape, x._strides, x._offset, x._vc);
  markView(out, x);
  return record(out, 'AliasBackward0', [x], (g) => [g], false);
}

/**
 * x[indices] = value, in place, as PyTorch's __setitem__: basic indices copy the broadcast value
 * into the view (view.copy_(value)), advanced ones put it at the indexed elements of the view
 * (index_put_); autograd records either where x or value is in a graph.
 */
export function setIndex(x: Tensor, indices: readonly Index[], value: Tensor, deps: IndexDeps): void {
  const { view, adv } = applyIndices(x, indices, deps.asTensor, deps.nonzero);
  const scalar = value.ndim === 0; // copy_to fills with a 0-dim value (fill_ writes through expanded dims)
  if (value.dtype !== x.dtype) value = value.to(x.dtype);
  // PyTorch drops the value's leading size-1 dims first (slicePrefix1sSize): z[0] = ones(1, 3) fits a row
  let lead = 0;
  while (lead < value.ndim && value.shape[lead] === 1) lead++;
  if (lead) value = value.reshape(value.shape.slice(lead));
  if (adv.length === 0) { copyFrom(view, expand(value, view.shape), scalar || undefined); return; } // expand_inplace first: its message
  const plan = advancedPlan(view, adv);
  inplace(view, { operands: [value], compute: (t) => putAt(t, plan, value, false, indexTensors(indices)), overlap: 'index_put_' });
}