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
  const first = tensors[0], d = wrapDim(dArg, first.ndim);
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i]))
      throw new RuntimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[d === 0 ? 1 : 0]} but got size ${t.shape[d === 0 ? 1 : 0]} for tensor number ${tensors.indexOf(t)} in the list. (shapes ${fmtShape(first.shape)} and ${fmtShape(t.shape)})`);
  }
  const sizes = tensors.map((t) => t.shape[d]);
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
  return record(res, 'CatBackward0', tensors, (g) => tensors.map((t, k) => (t.requires_grad ? narrow(g, d, starts[k], sizes[k]) : null)), false);
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
