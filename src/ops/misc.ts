// torch.eq & co. as functions, and cat / stack.
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import { compare } from './elementwise.js';
import { numelOf, wrapDim, fmtShape, sameShape } from '../tensor/shape.js';
import { RuntimeError } from '../tensor/errors.js';
import { promoteTypes } from '../tensor/dtype.js';
import { record } from '../autograd/function.js';
import { narrow, select } from './view.js';

export const eq = (a: Tensor, b: TensorOrScalar): Tensor => compare(a, b, 'eq');
export const ne = (a: Tensor, b: TensorOrScalar): Tensor => compare(a, b, 'ne');
export const lt = (a: Tensor, b: TensorOrScalar): Tensor => compare(a, b, 'lt');
export const le = (a: Tensor, b: TensorOrScalar): Tensor => compare(a, b, 'le');
export const gt = (a: Tensor, b: TensorOrScalar): Tensor => compare(a, b, 'gt');
export const ge = (a: Tensor, b: TensorOrScalar): Tensor => compare(a, b, 'ge');

/** torch.cat(tensors, dim=0) */
export function cat(tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor {
  const dArg = typeof dim === 'object' ? dim.dim ?? 0 : dim;
  if (!tensors.length) throw new RuntimeError('torch.cat(): expected a non-empty list of Tensors');
  tensors.forEach((t, i) => { if (t.ndim === 0) throw new RuntimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`); });
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  // 1.13 still skips legacy empty tensors (shape [0]) whatever the others' shapes
  const skip = (t: Tensor): boolean => t.ndim === 1 && t.shape[0] === 0;
  const valid = tensors.findIndex((t) => !skip(t));
  if (valid < 0) return record(new Tensor(dtype.alloc(0), [0], dtype), 'CatBackward0', tensors, (g) => tensors.map((t) => (t.requires_grad ? g : null)), false);
  const first = tensors[valid], d = wrapDim(dArg, first.ndim);
  tensors.forEach((t, k) => {
    if (skip(t)) return;
    // check_cat_shape_except_dim: the dims first, then the first size that differs
    if (t.ndim !== first.ndim) throw new RuntimeError(`Tensors must have same number of dimensions: got ${first.ndim} and ${t.ndim}`);
    const i = first.shape.findIndex((s, j) => j !== d && s !== t.shape[j]);
    if (i >= 0) throw new RuntimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[i]} but got size ${t.shape[i]} for tensor number ${k} in the list.`);
  });
  const sizes = tensors.map((t) => (skip(t) ? 0 : t.shape[d]));
  const total = sizes.reduce((a, b) => a + b, 0);
  const shape = first.shape.slice(); shape[d] = total;
  const outer = numelOf(first.shape.slice(0, d)), inner = numelOf(first.shape.slice(d + 1));
  const out = dtype.alloc(numelOf(shape));
  let off = 0;
  tensors.forEach((t, k) => {
    const src = t.dtype === dtype ? t._data : t.to(dtype)._data, len = sizes[k] * inner;
    for (let o = 0; o < outer; o++) out.set(src.subarray(o * len, (o + 1) * len), o * total * inner + off * inner);
    off += sizes[k];
  });
  const res = new Tensor(out, shape, dtype);
  const starts: number[] = [];
  sizes.reduce((acc, s) => { starts.push(acc); return acc + s; }, 0);
  return record(res, 'CatBackward0', tensors, (g) => tensors.map((t, k) => (!t.requires_grad ? null
    : skip(t) ? new Tensor(t.dtype.alloc(0), [0], t.dtype) : narrow(g, d, starts[k], sizes[k]))), false);
}
/** torch.stack(tensors, dim=0) */
export function stack(tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor {
  const dArg = typeof dim === 'object' ? dim.dim ?? 0 : dim;
  if (!tensors.length) throw new RuntimeError('stack expects a non-empty TensorList');
  const first = tensors[0], d = wrapDim(dArg, first.ndim + 1);
  tensors.forEach((t, k) => {
    if (!sameShape(t.shape, first.shape))
      throw new RuntimeError(`stack expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${k}`);
  });
  // the inputs' blocks interleaved directly (no unsqueezed views and cat), one StackBackward0 node as in PyTorch
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes), n = tensors.length;
  const shape = [...first.shape.slice(0, d), n, ...first.shape.slice(d)];
  const outer = numelOf(first.shape.slice(0, d)), inner = numelOf(first.shape.slice(d));
  const out = dtype.alloc(outer * n * inner);
  tensors.forEach((t, k) => {
    const src = t.dtype === dtype ? t._data : t.to(dtype)._data;
    if (inner === 1) for (let o = 0; o < outer; o++) out[o * n + k] = src[o];
    else for (let o = 0; o < outer; o++) out.set(src.subarray(o * inner, (o + 1) * inner), (o * n + k) * inner);
  });
  return record(new Tensor(out, shape, dtype), 'StackBackward0', tensors, (g) => tensors.map((t, k) => (t.requires_grad ? select(g, d, k) : null)), false);
}
