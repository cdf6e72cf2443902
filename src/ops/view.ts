// Views: tensors that share their input's storage with another shape, strides and offset, as
// PyTorch's do (view, reshape where possible, squeeze, permute, narrow, select, expand, ...), each
// beside its backward; and the copying gathers (index_select, gather).
import { Tensor } from '../tensor/tensor.js';
import { int32, int64 } from '../tensor/dtype.js';
import { contiguousStrides, expandShape, inferShape, numelOf, wrapDim } from '../tensor/shape.js';
import { denseStrides, forEachStrided, storageExtent, viewStrides } from '../tensor/strided.js';
import { IndexError, RuntimeError, warn } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { markView } from '../autograd/views.js';
import { sumToShape } from './reduce.js';
import { clone } from './elementwise.js';

/** A strided layout: shape, strides and storage offset. */
interface Layout { shape: number[]; strides: number[]; offset: number }
type LayoutFn = (l: Layout) => Layout;

const layoutOf = (x: Tensor): Layout => ({ shape: x.shape, strides: x._strides, offset: x._offset });
const denseLayout = (shape: number[]): Layout => ({ shape, strides: denseStrides(shape), offset: 0 });

/**
 * The view of x that `fn` makes of its layout, recorded as `name`. Its backward scatter-adds the
 * gradient into zeros through the same view of a dense tensor of x's shape, unless `backward` gives
 * a cheaper form (reshape, permute).
 */
function viewOp(x: Tensor, name: string, fn: LayoutFn, backward?: (g: Tensor) => Tensor, outputNr: number | null = null): Tensor {
  const l = fn(layoutOf(x));
  const out = x._view(l.shape, l.strides, l.offset, x._vc);
  markView(out, x, outputNr); // one of several views an op returns (split, unbind): PyTorch forbids in-place ops on them
  return record(out, name, [x], backward ? (g) => [backward(g)] : (g) => [scatterBack(g, x.shape, fn)], false);
}
/** Zeros of `shape` with g added through the view `fn` makes of them (overlapping views add up). */
function scatterBack(g: Tensor, shape: number[], fn: LayoutFn): Tensor {
  const z = g.dtype.alloc(numelOf(shape)), gd = g._data, l = fn(denseLayout(shape));
  forEachStrided(l.shape, l.strides, l.offset, (p, i) => { z[p] += gd[i]; });
  return new Tensor(z, shape, g.dtype);
}
const reshapeBack = (x: Tensor) => (g: Tensor): Tensor => reshape(g, x.shape);

const VIEW_INCOMPATIBLE = "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

export function view(x: Tensor, shape: number[]): Tensor {
  const s = inferShape(shape, x.numel());
  const st = viewStrides(x.shape, x._strides, s);
  if (!st) throw new RuntimeError(VIEW_INCOMPATIBLE);
  return viewOp(x, 'ViewBackward0', (l) => ({ shape: s, strides: viewStrides(l.shape, l.strides, s)!, offset: l.offset }), reshapeBack(x));
}
/** A view when the strides allow one (ReshapeAliasBackward0, as 1.13 names it), else a copy. */
export function reshape(x: Tensor, shape: number[]): Tensor {
  const s = inferShape(shape, x.numel());
  if (viewStrides(x.shape, x._strides, s))
    return viewOp(x, 'ReshapeAliasBackward0', (l) => ({ shape: s, strides: viewStrides(l.shape, l.strides, s)!, offset: l.offset }), reshapeBack(x));
  const c = clone(x);
  return record(c._view(s, denseStrides(s), 0), 'UnsafeViewBackward0', [c], (g) => [reshape(g, c.shape)], false);
}

export function flatten(x: Tensor, start = 0, end = -1): Tensor {
  const s = wrapDim(start, x.ndim), e = wrapDim(end, x.ndim); // wrapped first: a 0-dim tensor takes -1 and 0 only
  if (x.ndim === 0) return reshape(x, [1]);
  if (s > e) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  return reshape(x, [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}
export function unflatten(x: Tensor, dim: number, sizes: number[]): Tensor {
  const d = wrapDim(dim, x.ndim);
  if (sizes.length === 0) throw new RuntimeError('unflatten: sizes must be non-empty');
  const known = sizes.filter((v) => v !== -1);
  const prod = numelOf(known);
  if (sizes.filter((v) => v === -1).length > 1) throw new RuntimeError('only one dimension can be inferred');
  const filled = sizes.map((v) => (v === -1 ? (prod === 0 ? 0 : x.shape[d] / prod) : v));
  if (numelOf(filled) !== x.shape[d] || !filled.every(Number.isInteger))
    throw new RuntimeError(`unflatten: Provided sizes [${sizes.join(', ')}] don't multiply up to the size of dim ${dim} (${x.shape[d]}) in the input tensor`);
  return view(x, [...x.shape.slice(0, d), ...filled, ...x.shape.slice(d + 1)]);
}
export function squeeze(x: Tensor, dim?: number | null): Tensor {
  const drop = (keep: (i: number) => boolean): LayoutFn => (l) => ({
    shape: l.shape.filter((_, i) => keep(i)), strides: l.strides.filter((_, i) => keep(i)), offset: l.offset });
  if (dim === undefined || dim === null) return viewOp(x, 'SqueezeBackward0', drop((i) => x.shape[i] !== 1), reshapeBack(x));
  const d = wrapDim(dim, x.ndim);
  if (x.ndim === 0) return viewOp(x, 'SqueezeBackward1', (l) => l, reshapeBack(x));
  return viewOp(x, 'SqueezeBackward1', drop((i) => i !== d || x.shape[d] !== 1), reshapeBack(x));
}
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, x.ndim + 1);
  return viewOp(x, 'UnsqueezeBackward0', (l) => {
    const shape = l.shape.slice(), strides = l.strides.slice();
    strides.splice(d, 0, d >= l.shape.length ? 1 : l.shape[d] * l.strides[d]);
    shape.splice(d, 0, 1);
    return { shape, strides, offset: l.offset };
  }, reshapeBack(x));
}

/** The view whose dim i is x's dim perm[i]; its backward permutes the gradient back. */
function permuteView(x: Tensor, perm: number[], name: string): Tensor {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return viewOp(x, name, (l) => ({ shape: perm.map((p) => l.shape[p]), strides: perm.map((p) => l.strides[p]), offset: l.offset }),
    (g) => g._view(inv.map((p) => g.shape[p]), inv.map((p) => g._strides[p]), g._offset));
}
export function permute(x: Tensor, dims: number[]): Tensor {
  if (dims.length !== x.ndim)
    throw new RuntimeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  const perm = dims.map((d) => wrapDim(d, x.ndim));
  if (new Set(perm).size !== perm.length) throw new RuntimeError('permute(): duplicate dims are not allowed.');
  return permuteView(x, perm, 'PermuteBackward0');
}
function swapPerm(nd: number, a: number, b: number): number[] {
  const perm = Array.from({ length: nd }, (_, i) => i);
  perm[a] = b; perm[b] = a;
  return perm;
}
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim === 0) { wrapDim(dim0, 0); wrapDim(dim1, 0); return viewOp(x, 'TransposeBackward0', (l) => l, (g) => g); }
  return permuteView(x, swapPerm(x.ndim, wrapDim(dim0, x.ndim), wrapDim(dim1, x.ndim)), 'TransposeBackward0');
}
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return permuteView(x, x.ndim < 2 ? [0].slice(0, x.ndim) : [1, 0], 'TBackward0');
}
/** x.T: all dims reversed (deprecated by 1.13 for other than 2 dims, with its warning). */
export function T(x: Tensor): Tensor {
  if (x.ndim !== 2 && x.ndim !== 0)
    warn('The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.');
  return permuteView(x, x.shape.map((_, i) => x.ndim - 1 - i), 'PermuteBackward0');
}
export function mT(x: Tensor): Tensor {
  if (x.ndim < 2) throw new RuntimeError(`tensor.mT is only supported on matrices or batches of matrices. Got ${x.ndim}-D tensor.`);
  return permuteView(x, swapPerm(x.ndim, x.ndim - 2, x.ndim - 1), 'TransposeBackward0');
}
export function movedim(x: Tensor, source: number | number[], destination: number | number[]): Tensor {
  const src = (Array.isArray(source) ? source : [source]).map((d) => wrapDim(d, x.ndim));
  const dst = (Array.isArray(destination) ? destination : [destination]).map((d) => wrapDim(d, x.ndim));
  if (src.length !== dst.length)
    throw new RuntimeError(`movedim: Invalid source or destination dims: source (${fmtDims(src)} dims) should contain the same number of dims as destination (${fmtDims(dst)} dims)`);
  if (new Set(src).size !== src.length) throw new RuntimeError(`movedim: repeated dim in \`source\` (${fmtDims(src)})`);
  if (new Set(dst).size !== dst.length) throw new RuntimeError(`movedim: repeated dim in \`destination\` (${fmtDims(dst)})`);
  if (x.ndim === 0) return viewOp(x, 'AliasBackward0', (l) => l, (g) => g); // dims 0 / -1 of a scalar: an alias
  const perm = new Array<number>(x.ndim).fill(-1);
  src.forEach((s, i) => { perm[dst[i]] = s; });
  const rest = x.shape.map((_, i) => i).filter((i) => !src.includes(i));
  let r = 0;
  for (let i = 0; i < perm.length; i++) if (perm[i] === -1) perm[i] = rest[r++];
  return permuteView(x, perm, 'PermuteBackward0');
}
const fmtDims = (d: number[]): string => `[${d.join(', ')}]`;
export function swapaxes(x: Tensor, a: number, b: number): Tensor { return transpose(x, a, b); }

export function expand(x: Tensor, sizes: number[]): Tensor {
  if (sizes.length < x.ndim)
    throw new RuntimeError(`expand(torch.${x.dtype.scalarName}Tensor{[${x.shape.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  const lead = sizes.length - x.ndim;
  // at::infer_expand_geometry's checks and messages, scanning from the last dimension
  const target = expandShape(x.shape, sizes);
  return viewOp(x, 'ExpandBackward0', (l) => ({
    shape: target.slice(),
    strides: target.map((s, i) => (i < lead || l.shape[i - lead] !== s ? 0 : l.strides[i - lead])),
    offset: l.offset,
  }), (g) => sumToShape(g, x.shape));
}
export function broadcast_to(x: Tensor, shape: number[]): Tensor { return expand(x, shape); }

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.ndim === 0) throw new RuntimeError('narrow() cannot be applied to a 0-dim tensor.');
  const d = wrapDim(dim, x.ndim), size = x.shape[d];
  // ATen wraps start like a dim, except that start == size is allowed (an empty slice at the end)
  if (start !== size && (start < -size || start >= size))
    throw new IndexError(`Dimension out of range (expected to be in range of [${-size}, ${size - 1}], but got ${start})`);
  if (start < 0) start += size;
  if (length < 0 || start + length > size)
    throw new RuntimeError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  return sliceView(x, d, start, start + length, 1);
}
/** Elements start, start+step, ... < stop of dim d (stop already clamped), a view (SliceBackward0). */
export function sliceView(x: Tensor, d: number, start: number, stop: number, step: number): Tensor {
  const len = Math.max(0, Math.ceil((stop - start) / step));
  return viewOp(x, 'SliceBackward0', (l) => {
    const shape = l.shape.slice(), strides = l.strides.slice();
    shape[d] = len; strides[d] = l.strides[d] * step;
    return { shape, strides, offset: l.offset + start * l.strides[d] };
  });
}
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = wrapDim(dim, x.ndim), size = x.shape[d];
  if (index < -size || index >= size)
    throw new IndexError(`select(): index ${index} out of range for tensor of size [${x.shape.join(', ')}] at dimension ${d}`);
  const i = index < 0 ? index + size : index;
  return viewOp(x, 'SelectBackward0', (l) => ({
    shape: l.shape.filter((_, k) => k !== d), strides: l.strides.filter((_, k) => k !== d), offset: l.offset + i * l.strides[d] }));
}
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const a = wrapDim(dim1, x.ndim), b = wrapDim(dim2, x.ndim);
  if (a === b) throw new RuntimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const len = Math.max(0, offset >= 0 ? Math.min(x.shape[a], x.shape[b] - offset) : Math.min(x.shape[a] + offset, x.shape[b]));
  return viewOp(x, 'DiagonalBackward0', (l) => {
    const keep = (_: number, k: number) => k !== a && k !== b;
    const start = len === 0 ? 0 : offset >= 0 ? offset * l.strides[b] : -offset * l.strides[a];
    return { shape: [...l.shape.filter(keep), len], strides: [...l.strides.filter(keep), l.strides[a] + l.strides[b]], offset: l.offset + start };
  });
}
export function unfold(x: Tensor, dimension: number, size: number, step: number): Tensor {
  const d = x.ndim === 0 ? 0 : wrapDim(dimension, x.ndim);
  const dimSize = x.ndim === 0 ? 1 : x.shape[d];
  if (size > dimSize) throw new RuntimeError(`maximum size for tensor at dimension ${d} is ${dimSize} but size is ${size}`);
  if (step <= 0) throw new RuntimeError(`step is ${step} but must be > 0`);
  return viewOp(x, 'UnfoldBackward0', (l) => {
    if (l.shape.length === 0) return { shape: [size], strides: [1], offset: l.offset };
    const shape = l.shape.slice(), strides = l.strides.slice();
    shape[d] = Math.floor((l.shape[d] - size) / step) + 1; strides[d] = l.strides[d] * step;
    return { shape: [...shape, size], strides: [...strides, l.strides[d]], offset: l.offset };
  });
}
/** torch.as_strided: sizes and strides over x's storage (offset defaults to x's own). */
export function as_strided(x: Tensor, size: number[], stride: number[], storage_offset: number | null = null): Tensor {
  const offset = storage_offset ?? x._offset;
  if (size.length !== stride.length) throw new RuntimeError(`mismatch in length of strides and shape`);
  if (stride.some((s) => s < 0)) throw new RuntimeError('as_strided: Negative strides are not supported at the moment, got strides: ' + fmtDims(stride));
  const ext = storageExtent(size, stride, offset);
  if (ext && ext[1] >= x._storage.length)
    throw new RuntimeError(`setStorage: sizes [${size.join(', ')}], strides [${stride.join(', ')}], storage offset ${offset}, and itemsize ${x.dtype.itemsize} requiring a storage size of ${(ext[1] + 1) * x.dtype.itemsize} are out of bounds for storage of size ${x._storage.length * x.dtype.itemsize}`);
  const out = x._view(size, stride, offset, x._vc);
  markView(out, x);
  // the gradient lands where each output element reads x's storage, then is read back through x's layout
  return record(out, 'AsStridedBackward0', [x], (g) => {
    const ext = storageExtent(x.shape, x._strides, x._offset);
    const lo = Math.min(ext ? ext[0] : offset, offset), hi = Math.max(ext ? ext[1] : 0, storageExtent(size, stride, offset)?.[1] ?? 0);
    const buf = new Float64Array(hi - lo + 1), gd = g._data;
    forEachStrided(size, stride, offset - lo, (p, i) => { buf[p] += gd[i]; });
    const gx = g.dtype.alloc(x.numel());
    forEachStrided(x.shape, x._strides, x._offset - lo, (p, i) => { gx[i] = buf[p]; });
    return [new Tensor(gx, x.shape, g.dtype)];
  }, false);
}

/** Pieces of `size` along dim (the last one shorter), views of x. */
export function split(x: Tensor, split_size_or_sections: number | number[], dim = 0): Tensor[] {
  const d = wrapDim(dim, x.ndim), n = x.shape[d];
  if (Array.isArray(split_size_or_sections)) {
    const sizes = split_size_or_sections;
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n)
      throw new RuntimeError(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${sizes.join(', ')}]`);
    let at = 0;
    return sizes.map((s, i) => { const v = sliceNamed(x, d, at, s, 'SplitWithSizesBackward0', i); at += s; return v; });
  }
  const size = split_size_or_sections;
  if (size < 0) throw new RuntimeError(`split expects split_size be non-negative, but got split_size=${size}`);
  if (size === 0 && n !== 0) throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
  const count = n === 0 ? 1 : Math.ceil(n / size);
  return Array.from({ length: count }, (_, i) => sliceNamed(x, d, i * size, Math.min(size, n - i * size), 'SplitBackward0', i));
}
function sliceNamed(x: Tensor, d: number, start: number, len: number, name: string, outputNr: number): Tensor {
  return viewOp(x, name, (l) => {
    const shape = l.shape.slice(); shape[d] = len;
    return { shape, strides: l.strides.slice(), offset: l.offset + start * l.strides[d] };
  }, undefined, outputNr);
}
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (x.ndim === 0) throw new RuntimeError('chunk expects at least a 1-dimensional tensor');
  if (chunks <= 0) throw new RuntimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = wrapDim(dim, x.ndim), n = x.shape[d];
  if (n === 0) return Array.from({ length: chunks }, (_, i) => sliceNamed(x, d, 0, 0, 'SplitWithSizesBackward0', i));
  return split(x, Math.ceil(n / chunks), d);
}
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.ndim === 0) throw new IndexError('Dimension specified as 0 but tensor has no dimensions');
  const d = wrapDim(dim, x.ndim);
  return Array.from({ length: x.shape[d] }, (_, i) => viewOp(x, 'UnbindBackward0', (l) => ({
    shape: l.shape.filter((_, k) => k !== d), strides: l.strides.filter((_, k) => k !== d), offset: l.offset + i * l.strides[d] }), undefined, i));
}

/** Rows of `dim` picked by an int64 index vector (used by the data loader to gather a batch). */
export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = wrapDim(dim, x.ndim), size = x.ndim ? x.shape[d] : 1;
  if (index.ndim > 1) throw new IndexError('index_select(): Index is supposed to be a vector');
  if (index.dtype !== int64 && index.dtype !== int32) throw new RuntimeError('index_select(): Expected dtype int32 or int64 for index');
  const idx = index._data, k = idx.length;
  if (x.ndim > 1 && size === 0 && k > 0) throw new RuntimeError('index_select(): self indexing axis dim should be positive');
  // no negative indices; 1.13's CPU kernel for dim 1 of a matrix or more reports its own message
  for (let i = 0; i < k; i++) if (idx[i] < 0 || idx[i] >= size) {
    if (d === 1 && x.ndim > 1) throw new RuntimeError(`INDICES element is out of DATA bounds, id=${idx[i]} axis_dim=${size}`);
    throw new IndexError('index out of range in self');
  }
  const outer = numelOf(x.shape.slice(0, d)), inner = numelOf(x.shape.slice(d + 1));
  const shape = x.shape.slice(); if (x.ndim) shape[d] = k;
  const out = x.dtype.alloc(outer * k * inner), src = x._data;
  for (let o = 0; o < outer; o++) for (let i = 0; i < k; i++) {
    const r = idx[i];
    out.set(src.subarray((o * size + r) * inner, (o * size + r + 1) * inner), (o * k + i) * inner);
  }
  return record(new Tensor(out, shape, x.dtype), 'IndexSelectBackward0', [x], (g) => {
    const gr = x.dtype.alloc(x.numel()), gd = g._data;
    for (let o = 0; o < outer; o++) for (let i = 0; i < k; i++) {
      const r = idx[i];
      for (let j = 0; j < inner; j++) gr[(o * size + r) * inner + j] += gd[(o * k + i) * inner + j];
    }
    return [new Tensor(gr, x.shape, x.dtype)];
  }, true, { saved: [index] });
}
/** torch.gather along dim with an int64 index of the same rank. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = wrapDim(dim, x.ndim);
  if (index.dtype !== int64) throw new RuntimeError('gather(): Expected dtype int64 for index');
  if (index.ndim !== x.ndim) throw new RuntimeError('Index tensor must have the same number of dimensions as input tensor');
  const shape = index.shape, n = index.numel(), out = x.dtype.alloc(n), src = x._data, id = index._data;
  const xs = contiguousStrides(x.shape), size = x.shape[d];
  const pos = new Int32Array(n), nd = shape.length, ix = new Array<number>(nd).fill(0);
  for (let o = 0; o < n; o++) {
    const v = id[o];
    if (v < 0 || v >= size) throw new RuntimeError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
    let p = 0;
    for (let k = 0; k < nd; k++) p += (k === d ? v : ix[k]) * xs[k];
    pos[o] = p; out[o] = src[p];
    for (let k = nd - 1; k >= 0; k--) { if (++ix[k] < shape[k]) break; ix[k] = 0; }
  }
  return record(new Tensor(out, shape, x.dtype), 'GatherBackward0', [x], (g) => {
    const gr = x.dtype.alloc(x.numel());
    for (let o = 0; o < n; o++) gr[pos[o]] += g._data[o];
    return [new Tensor(gr, x.shape, x.dtype)];
  }, true, { saved: [x, index] });
}
