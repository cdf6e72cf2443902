// More of torch's everyday functions, as 1.13's ATen builds them: atleast_1d/2d/3d, hstack, vstack,
// dstack, column_stack, diff, trace, rot90, take_along_dim, logaddexp, cummax / cummin, nansum,
// nanmean. Where ATen composes other ops, these compose the same ops (so the grad_fn names agree);
// where it has its own kernel and derivative, they record a node of that name.
import { Tensor } from '../tensor/tensor.js';
import { bool, int64 } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { broadcastShapes, numelOf, wrapDim } from '../tensor/shape.js';
import { record } from '../autograd/function.js';
import { builtin, op } from '../tensor/args.js';
import { T, N, OUT, type Kwargs } from './api_common.js';
import * as E from './elementwise.js';
import { cat } from './misc.js';
import { expand, gather, narrow, reshape, transpose, unsqueeze } from './view.js';
import { flip } from './shape_ops.js';
import { logical_xor } from './math_binary.js';
import { sum, ValuesIndices } from './reduce.js';
import { rounder } from './math.js';


type ListFn = (tensors: Tensor[]) => Tensor;
const list = (v: unknown): Tensor[] => v as Tensor[];

// ---- atleast_Nd and the stacks ----
function atleast(x: Tensor, n: 1 | 2 | 3): Tensor {
  if (x.ndim === 0) return reshape(x, new Array(n).fill(1));
  if (n === 2 && x.ndim === 1) return unsqueeze(x, 0);
  if (n === 3 && x.ndim === 1) return unsqueeze(unsqueeze(x, 0), -1);
  if (n === 3 && x.ndim === 2) return unsqueeze(x, -1);
  return x;
}
type AtLeastFn = (input: Tensor | Tensor[]) => Tensor | Tensor[];
const atleastOp = (n: 1 | 2 | 3): ReturnType<typeof op<AtLeastFn>> => op<AtLeastFn>(
  builtin([`atleast_${n}d(Tensor input)`, `atleast_${n}d(Tensor[] tensors)`]),
  (a, k) => (k === 0 ? atleast(T(a.input), n) : list(a.tensors).map((t) => atleast(t, n))));
export const atleast_1d = atleastOp(1);
export const atleast_2d = atleastOp(2);
export const atleast_3d = atleastOp(3);

function nonEmpty(name: string, ts: Tensor[]): Tensor[] {
  if (ts.length === 0) throw new RuntimeError(`${name} expects a non-empty TensorList`);
  return ts;
}
export const hstack = op<ListFn>(builtin(`hstack(Tensor[] tensors, *, ${OUT})`), (a) => {
  const rep = nonEmpty('hstack', list(a.tensors)).map((t) => atleast(t, 1));
  return cat(rep, rep[0].ndim === 1 ? 0 : 1);
});
export const vstack = op<ListFn>(builtin(`vstack(Tensor[] tensors, *, ${OUT})`),
  (a) => cat(nonEmpty('vstack', list(a.tensors)).map((t) => atleast(t, 2)), 0));
export const dstack = op<ListFn>(builtin(`dstack(Tensor[] tensors, *, ${OUT})`),
  (a) => cat(nonEmpty('dstack', list(a.tensors)).map((t) => atleast(t, 3)), 2));
export const column_stack = op<ListFn>(builtin(`column_stack(Tensor[] tensors, *, ${OUT})`), (a) => {
  const cols = nonEmpty('column_stack', list(a.tensors)).map((t) => (t.ndim <= 1 ? reshape(t, [t.numel(), 1]) : t));
  return cat(cols.map((t) => atleast(t, 1)), cols[0].ndim === 1 ? 0 : 1);
});

// ---- diff ----
function diffCheckShape(x: Tensor, other: Tensor | null, dim: number): void {
  if (!other) return;
  const d = wrapDim(dim, x.ndim);
  if (other.ndim !== x.ndim) throw new RuntimeError('diff expects prepend or append to be the same dimension as input');
  for (let i = 0; i < other.ndim; i++)
    if (other.shape[i] !== x.shape[i] && i !== d)
      throw new RuntimeError(`diff expects the shape of tensor to prepend or append to match that of input except along the differencing dimension; input.size(${i}) = ${x.shape[i]}, but got tensor.size(${i}) = ${other.shape[i]}`);
}
function diffHelper(x: Tensor, n: number, dim: number): Tensor {
  if (n === 0) return copyOf(x);
  const d = wrapDim(dim, x.ndim);
  let out = x, len = x.shape[d] - 1;
  n = n >= x.shape[d] ? x.shape[d] : n;
  for (let i = 0; i < n; i++, len--) {
    const hi = narrow(out, d, 1, len), lo = narrow(out, d, 0, len);
    out = x.dtype === bool ? logical_xor(hi, lo) : E.sub(hi, lo);
  }
  return out;
}
/** zeros_like(x).copy_(x): what diff(n=0) returns (its node is CopyBackwards). */
function copyOf(x: Tensor): Tensor { return E.zerosOf(x).copy_(x); }
type DiffFn = (input: Tensor, n?: number | Kwargs, dim?: number | Kwargs, prepend?: Tensor | null | Kwargs, append?: Tensor | null | Kwargs) => Tensor;
export const diff = op<DiffFn>(builtin(`diff(Tensor input, int n=1, int dim=-1, Tensor? prepend=None, Tensor? append=None, *, ${OUT})`), (a) => {
  const x = T(a.input), n = N(a.n), dim = N(a.dim), pre = a.prepend as Tensor | null, app = a.append as Tensor | null;
  if (x.ndim < 1) throw new RuntimeError('diff expects input to be at least one-dimensional');
  diffCheckShape(x, pre, dim);
  diffCheckShape(x, app, dim);
  if ((!pre && !app) || n === 0) return diffHelper(x, n, dim);
  return diffHelper(cat([...(pre ? [pre] : []), x, ...(app ? [app] : [])], dim), n, dim);
});

// ---- trace ----
export const trace = op<(input: Tensor) => Tensor>(builtin('trace(Tensor input)'), (a) => {
  const x = T(a.input);
  if (x.ndim !== 2) throw new RuntimeError(`trace: expected a matrix, but got tensor with dim ${x.ndim}`);
  const dtype = x.dtype.is_floating_point ? x.dtype : int64, d = x.contiguous()._data, cols = x.shape[1];
  let s = 0;
  for (let i = 0; i < Math.min(x.shape[0], cols); i++) s += d[i * cols + i];
  const out = new Tensor(dtype.alloc(1).fill(rounder(dtype)(s)), [], dtype);
  return record(out, 'TraceBackward0', [x], (g) => {
    // 1.13's trace_backward fills every (cols + 1)-th element of the flattened matrix: the diagonal,
    // and for a matrix with more rows than columns some elements below it too
    const gi = x.dtype.alloc(x.numel()), gv = g._data[0];
    for (let i = 0; i < gi.length; i += cols + 1) gi[i] = gv;
    return [new Tensor(gi, x.shape, x.dtype)];
  }, false);
});

// ---- rot90 ----
type Rot90Fn = (input: Tensor, k?: number | Kwargs, dims?: number[] | Kwargs) => Tensor;
export const rot90 = op<Rot90Fn>(builtin('rot90(Tensor input, int k=1, int[] dims=[0,1])'), (a) => {
  const x = T(a.input), dims = a.dims as number[], nd = x.ndim;
  if (dims.length !== 2) throw new RuntimeError(`expected total rotation dims == 2, but got dims = ${dims.length}`);
  if (nd < 2) throw new RuntimeError(`expected total dims >= 2, but got total dims = ${nd}`);
  if (dims[0] === dims[1] || Math.abs(dims[0] - dims[1]) === nd)
    throw new RuntimeError(`expected rotation dims to be different, but got dim0 = ${dims[0]} and dim1 = ${dims[1]}`);
  for (const [i, v] of dims.entries()) if (!(v < nd && v >= -nd)) throw new RuntimeError(`Rotation dim${i} out of range, dim${i} = ${v}`);
  const d0 = wrapDim(dims[0], nd), d1 = wrapDim(dims[1], nd), k = ((N(a.k) % 4) + 4) % 4;
  // rot90 has its own node in 1.13 (Rot90Backward0): the backward rotates the gradient back
  const forward = (t: Tensor, kk: number): Tensor => (kk === 1 ? transpose(flip(t, [d1]), d0, d1).contiguous()
    : kk === 2 ? flip(t, [d0, d1]) : kk === 3 ? transpose(flip(t, [d0]), d0, d1).contiguous() : E.clone(t));
  const out = forward(x.detach(), k);
  return record(out, 'Rot90Backward0', [x], (g) => [forward(g, (4 - k) % 4)], false);
});

// ---- take_along_dim ----
type TakeFn = (input: Tensor, indices: Tensor | Kwargs, dim?: number | null | Kwargs) => Tensor;
export const take_along_dim = op<TakeFn>(builtin(`take_along_dim(Tensor input, Tensor indices, int? dim=None, *, ${OUT})`), (a) => {
  const x = T(a.input), idx = T(a.indices);
  if (a.dim === null) return gather(x.view(-1), 0, idx.view(-1));
  if (x.ndim !== idx.ndim)
    throw new RuntimeError(`torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${x.ndim} dimensions for input, and ${idx.ndim} dimensions for indices`);
  if (idx.dtype !== int64) throw new RuntimeError(`torch.take_along_dim(): dtype of indices should be Long but got ${idx.dtype.scalarName}`);
  const d = wrapDim(N(a.dim), x.ndim);
  const idxShape = broadcastShapes(x.shape.map((s, i) => (i === d ? idx.shape[d] : s)), idx.shape);
  const xShape = broadcastShapes(idx.shape.map((s, i) => (i === d ? x.shape[d] : s)), x.shape);
  return gather(expand(x, xShape), d, expand(idx, idxShape));
});

// ---- logaddexp ----
export const logaddexp = op<(input: Tensor, other: Tensor | Kwargs) => Tensor>(builtin(`logaddexp(Tensor input, Tensor other, *, ${OUT})`), (a) => {
  const x = T(a.input), y = T(a.other);
  const dtype = E.resultType(x, y);
  if (!dtype.is_floating_point) throw new RuntimeError(`"logaddexp_cpu" not implemented for '${dtype.scalarName}'`);
  const r = rounder(dtype);
  const out = E.binaryMap(x.contiguous(), y.contiguous(), (p, q) => {
    p = r(p); q = r(q);
    if (!Number.isFinite(p) && p === q) return p;
    const m = Math.max(p, q);
    return r(m + r(Math.log1p(r(Math.exp(r(-Math.abs(r(p - q))))))));
  }, dtype);
  return record(out, 'LogaddexpBackward0', [x, y], (g) => {
    // grad / (1 + exp(other - self)) and grad / (1 + exp(self - other))
    const share = (p: Tensor, q: Tensor): Tensor => E.div(g, E.add(E.exp(E.sub(q, p)), 1));
    return [x.requires_grad ? E.gradFor(share(x, y), x) : null, y.requires_grad ? E.gradFor(share(y, x), y) : null];
  }, true, { saved: [x, y] });
});

// ---- cummax / cummin ----
function cumExtreme(name: 'cummax' | 'cummin', x: Tensor, dim: number): ValuesIndices {
  const nd = x.ndim, d = nd === 0 ? 0 : wrapDim(dim, nd), data = x.contiguous()._data;
  const size = nd === 0 ? 1 : x.shape[d], inner = nd === 0 ? 1 : numelOf(x.shape.slice(d + 1)), outer = nd === 0 ? 1 : numelOf(x.shape.slice(0, d));
  const vals = x.dtype.alloc(data.length), idxs = int64.alloc(data.length);
  const better = name === 'cummax' ? (v: number, o: number) => v >= o : (v: number, o: number) => v <= o;
  for (let a = 0; a < outer; a++) for (let b = 0; b < inner; b++) {
    let out = data[a * size * inner + b], at = 0;
    for (let i = 0; i < size; i++) {
      const p = a * size * inner + i * inner + b, v = data[p];
      // a NaN replaces the running value, and only another NaN replaces a NaN (ATen's cummax_cummin_helper)
      if (v !== v || (out === out && better(v, out))) { out = v; at = i; }
      vals[p] = out; idxs[p] = at;
    }
  }
  const values = new Tensor(vals, x.shape.slice(), x.dtype), indices = new Tensor(idxs, x.shape.slice(), int64);
  record(values, name === 'cummax' ? 'CummaxBackward0' : 'CumminBackward0', [x], (g) => {
    // the gradient goes to the element each output took its value from (scatter_add over dim)
    const gi = x.dtype.alloc(data.length), gd = g.contiguous()._data;
    for (let a = 0; a < outer; a++) for (let b = 0; b < inner; b++) for (let i = 0; i < size; i++) {
      const p = a * size * inner + i * inner + b;
      gi[a * size * inner + idxs[p] * inner + b] += gd[p];
    }
    return [new Tensor(gi, x.shape, x.dtype)];
  }, false);
  return new ValuesIndices(values, indices, name);
}
type CumExtremeFn = (input: Tensor, dim: number | Kwargs) => ValuesIndices;
export const cummax = op<CumExtremeFn>(builtin([`cummax(Tensor input, int dim, *, ${OUT})`, `cummax(Tensor input, name dim, *, ${OUT})`]),
  (a) => cumExtreme('cummax', T(a.input), N(a.dim)));
export const cummin = op<CumExtremeFn>(builtin([`cummin(Tensor input, int dim, *, ${OUT})`, `cummin(Tensor input, name dim, *, ${OUT})`]),
  (a) => cumExtreme('cummin', T(a.input), N(a.dim)));

// ---- nansum / nanmean ----
type NanFn = (input: Tensor, dim?: number | number[] | null | Kwargs, keepdim?: boolean | Kwargs, kw?: Kwargs) => Tensor;
function nansumOf(x: Tensor, dim: number[] | null, keepdim: boolean, dtype: unknown): Tensor {
  // integers and bools have no NaN: 1.13 sums them as sum does
  if (!x.dtype.is_floating_point) return dim === null ? sum(x, { dtype }) : sum(x, dim, keepdim, { dtype });
  const zeroed = x.dtype.is_floating_point ? E.unaryMap(x.detach(), (v) => (v !== v ? 0 : v)) : x.detach();
  const out = dim === null ? sum(zeroed, { dtype }) : sum(zeroed, dim, keepdim, { dtype });
  const res = out.detach();
  return record(res, 'NansumBackward0', [x], (g) => {
    // grad (expanded back over the reduced dims) where the input is not NaN
    let ge = g;
    if (dim !== null && !keepdim) for (const d of [...dim].map((v) => wrapDim(v, x.ndim)).sort((p, q) => p - q)) ge = unsqueeze(ge, d);
    const spread = expand(ge, x.shape).contiguous()._data, xd = x.contiguous()._data;
    const gi = x.dtype.alloc(xd.length).map((_, i) => spread[i] * (xd[i] !== xd[i] ? 0 : 1)); // grad * isnan().logical_not(): inf * 0 stays NaN
    return [new Tensor(gi, x.shape, x.dtype)];
  }, true, { saved: [x] });
}
const dimsOf = (v: unknown): number[] | null => (v === null || v === undefined ? null : Array.isArray(v) ? (v.length ? v : null) : [v as number]);
export const nansum = op<NanFn>(builtin([
  'nansum(Tensor input, *, dtype? dtype=None)', `nansum(Tensor input, int[1] dim, bool keepdim=False, *, dtype? dtype=None, ${OUT})`,
]), (a) => nansumOf(T(a.input), dimsOf(a.dim), !!a.keepdim, a.dtype ?? null));
/** nanmean: nansum over the count of non-NaN elements (1.13 composes it: its node is DivBackward0). */
export const nanmean = op<NanFn>(builtin(`nanmean(Tensor input, int[1]? dim=None, bool keepdim=False, *, dtype? dtype=None, ${OUT})`), (a) => {
  const x = T(a.input);
  if (!x.dtype.is_floating_point) throw new RuntimeError(`nanmean(): expected input to have floating point dtype but got ${x.dtype.scalarName}`);
  const dims = dimsOf(a.dim), keep = !!a.keepdim;
  const notNan = E.unaryMap(x.detach(), (v) => +(v === v), int64);
  const count = dims === null ? sum(notNan) : sum(notNan, dims, keep);
  return E.div(nansumOf(x, dims, keep, a.dtype ?? null), count);
});
