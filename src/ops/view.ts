// Shape ops. reshape/view/flatten/squeeze/unsqueeze share storage (views, as in PyTorch);
// permute/transpose/expand/narrow/select copy, since torchlet keeps every tensor contiguous.
import { Tensor } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import { contiguousStrides, inferShape, numelOf, wrapDim, expandShape } from '../tensor/shape.js';
import { IndexError, RuntimeError } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { sumToShape } from './reduce.js';

function alias(x: Tensor, shape: number[], name: string): Tensor {
  const out = new Tensor(x._data, shape, x.dtype);
  return record(out, name, [x], (g) => [new Tensor(g._data, x.shape, g.dtype)], false);
}

export function reshape(x: Tensor, shape: number[]): Tensor { return alias(x, inferShape(shape, x.numel()), 'ViewBackward0'); }
export function view(x: Tensor, shape: number[]): Tensor { return alias(x, inferShape(shape, x.numel()), 'ViewBackward0'); }

export function flatten(x: Tensor, start = 0, end = -1): Tensor {
  if (x.ndim === 0) return alias(x, [1], 'ViewBackward0');
  const s = wrapDim(start, x.ndim), e = wrapDim(end, x.ndim);
  if (s > e) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return alias(x, shape, 'ViewBackward0');
}
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined || dim === null) return alias(x, x.shape.filter((s) => s !== 1), 'SqueezeBackward0');
  if (x.ndim === 0) { wrapDim(dim, 0); return alias(x, [], 'SqueezeBackward1'); }
  const d = wrapDim(dim, x.ndim);
  return alias(x, x.shape[d] === 1 ? x.shape.filter((_, i) => i !== d) : x.shape, 'SqueezeBackward1');
}
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return alias(x, shape, 'UnsqueezeBackward0');
}

/** Copies x with its dims reordered: out dim i is x dim perm[i]. */
function permuteRaw(x: Tensor, perm: number[]): Tensor {
  const shape = perm.map((p) => x.shape[p]);
  const src = contiguousStrides(x.shape), st = perm.map((p) => src[p]);
  const n = x.numel(), out = x.dtype.alloc(n), d = x._data, nd = shape.length;
  if (n > 0 && nd > 0) {
    const idx = new Array<number>(nd).fill(0);
    let s = 0;
    for (let o = 0; o < n; o++) {
      out[o] = d[s];
      for (let k = nd - 1; k >= 0; k--) {
        idx[k]++; s += st[k];
        if (idx[k] < shape[k]) break;
        s -= st[k] * shape[k]; idx[k] = 0;
      }
    }
  } else if (n > 0) out[0] = d[0];
  return new Tensor(out, shape, x.dtype);
}
export function permute(x: Tensor, dims: number[]): Tensor {
  if (dims.length !== x.ndim)
    throw new RuntimeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  const perm = dims.map((d) => wrapDim(d, x.ndim));
  if (new Set(perm).size !== perm.length) throw new RuntimeError('permute(): duplicate dims are not allowed.');
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return record(permuteRaw(x, perm), 'PermuteBackward0', [x], (g) => [permuteRaw(g, inv)], false);
}
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim === 0) { wrapDim(dim0, 0); wrapDim(dim1, 0); return x; }
  const a = wrapDim(dim0, x.ndim), b = wrapDim(dim1, x.ndim);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b; perm[b] = a;
  return record(permuteRaw(x, perm), 'TransposeBackward0', [x], (g) => [permuteRaw(g, perm)], false);
}
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return x.ndim < 2 ? x : transpose(x, 0, 1);
}

export function expand(x: Tensor, sizes: number[]): Tensor {
  if (sizes.length < x.ndim)
    throw new RuntimeError(`expand(torch.FloatTensor{[${x.shape.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  const lead = sizes.length - x.ndim;
  const shape = expandShape(x.shape, sizes);
  const out = new Tensor(x.dtype.alloc(numelOf(shape)), shape, x.dtype);
  const src = x.reshape([...new Array(lead).fill(1), ...x.shape]).detach();
  out._data.set(broadcastCopy(src, shape)._data);
  return record(out, 'ExpandBackward0', [x], (g) => [sumToShape(g, x.shape)], false);
}
function broadcastCopy(x: Tensor, shape: number[]): Tensor {
  const strides = contiguousStrides(x.shape).map((s, i) => (x.shape[i] === 1 ? 0 : s));
  const n = numelOf(shape), out = x.dtype.alloc(n), d = x._data, nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let s = 0;
  for (let o = 0; o < n; o++) {
    out[o] = d[s];
    for (let k = nd - 1; k >= 0; k--) {
      idx[k]++; s += strides[k];
      if (idx[k] < shape[k]) break;
      s -= strides[k] * shape[k]; idx[k] = 0;
    }
  }
  return new Tensor(out, shape, x.dtype);
}

/** Copies the slice [start, start+length) of dim; its gradient scatters back into zeros. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = wrapDim(dim, x.ndim), size = x.shape[d];
  if (start < 0) start += size;
  if (start < 0 || length < 0 || start + length > size)
    throw new IndexError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  const outer = numelOf(x.shape.slice(0, d)), inner = numelOf(x.shape.slice(d + 1));
  const shape = x.shape.slice(); shape[d] = length;
  const out = x.dtype.alloc(outer * length * inner), src = x._data;
  for (let o = 0; o < outer; o++)
    out.set(src.subarray((o * size + start) * inner, (o * size + start + length) * inner), o * length * inner);
  return record(new Tensor(out, shape, x.dtype), 'SliceBackward0', [x], (g) => {
    const gr = x.dtype.alloc(x.numel());
    for (let o = 0; o < outer; o++) gr.set(g._data.subarray(o * length * inner, (o + 1) * length * inner), (o * size + start) * inner);
    return [new Tensor(gr, x.shape, x.dtype)];
  }, false);
}
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = wrapDim(dim, x.ndim), size = x.shape[d];
  if (index < -size || index >= size)
    throw new IndexError(`index ${index} is out of bounds for dimension ${d} with size ${size}`);
  const r = narrow(x, d, index < 0 ? index + size : index, 1);
  return squeeze(r, d);
}
/** Rows of `dim` picked by an int64 index vector (used by the data loader to gather a batch). */
export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = wrapDim(dim, x.ndim), size = x.ndim ? x.shape[d] : 1;
  if (index.ndim > 1) throw new IndexError('index_select(): Index is supposed to be a vector');
  const idx = index._data, k = idx.length;
  for (let i = 0; i < k; i++) if (idx[i] < -size || idx[i] >= size) throw new IndexError(`index out of range in self`);
  const outer = numelOf(x.shape.slice(0, d)), inner = numelOf(x.shape.slice(d + 1));
  const shape = x.shape.slice(); if (x.ndim) shape[d] = k;
  const out = x.dtype.alloc(outer * k * inner), src = x._data;
  for (let o = 0; o < outer; o++) for (let i = 0; i < k; i++) {
    const r = idx[i] < 0 ? idx[i] + size : idx[i];
    out.set(src.subarray((o * size + r) * inner, (o * size + r + 1) * inner), (o * k + i) * inner);
  }
  return record(new Tensor(out, shape, x.dtype), 'IndexSelectBackward0', [x], (g) => {
    const gr = x.dtype.alloc(x.numel()), gd = g._data;
    for (let o = 0; o < outer; o++) for (let i = 0; i < k; i++) {
      const r = idx[i] < 0 ? idx[i] + size : idx[i];
      for (let j = 0; j < inner; j++) gr[(o * size + r) * inner + j] += gd[(o * k + i) * inner + j];
    }
    return [new Tensor(gr, x.shape, x.dtype)];
  });
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
  });
}
