// torch.matmul: 1-D·1-D (dot), 2-D·2-D, 1-D/2-D mixes, and batched N-D with broadcast batch dims.
import { Tensor } from '../tensor/tensor.js';
import { promoteTypes } from '../tensor/dtype.js';
import { broadcastShapes, numelOf, fmtShape } from '../tensor/shape.js';
import { RuntimeError } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { sumToShape } from './reduce.js';
import { gemm } from '../kernels/dispatch.js';
import { checkTensor } from './elementwise.js';

export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor(b, 'matmul(): argument \'other\'');
  if (a.ndim === 0 || b.ndim === 0)
    throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  if (a.dtype !== b.dtype)
    throw new RuntimeError(`expected scalar type ${a.dtype.scalarName} but found ${b.dtype.scalarName}`);
  // promote 1-D operands to matrices, remember to drop the added dims
  const A = a.ndim === 1 ? [1, a.shape[0]] : a.shape, B = b.ndim === 1 ? [b.shape[0], 1] : b.shape;
  const M = A[A.length - 2], K = A[A.length - 1], K2 = B[B.length - 2], N = B[B.length - 1];
  if (K !== K2) {
    if (a.ndim <= 2 && b.ndim <= 2)
      throw new RuntimeError(a.ndim === 1 && b.ndim === 1
        ? `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`
        : `mat1 and mat2 shapes cannot be multiplied (${M}x${K} and ${K2}x${N})`);
    throw new RuntimeError(`Expected size for first two dimensions of batch2 tensor to be: [${K2}, ${K}] but got: ${fmtShape(B)}.`);
  }
  const batchA = A.slice(0, -2), batchB = B.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB);
  const nb = numelOf(batch);
  const dtype = promoteTypes(a.dtype, b.dtype);
  const ad = expandBatch(a._data, batchA, batch, M * K), bd = expandBatch(b._data, batchB, batch, K * N);
  const out = dtype.alloc(nb * M * N);
  for (let i = 0; i < nb; i++)
    gemm(ad.subarray(i * M * K, (i + 1) * M * K), bd.subarray(i * K * N, (i + 1) * K * N), out.subarray(i * M * N, (i + 1) * M * N), M, K, N, false, false);
  if (dtype.wrap) for (let i = 0; i < out.length; i++) out[i] = dtype.wrap(out[i]); // integer products wrap
  let shape = [...batch, M, N];
  if (a.ndim === 1) shape = shape.filter((_, i) => i !== shape.length - 2);
  if (b.ndim === 1) shape = shape.slice(0, -1);
  const res = new Tensor(out, shape, dtype);
  return record(res, a.ndim === 2 && b.ndim === 2 ? 'MmBackward0' : 'MatmulBackward0', [a, b], (g) => {
    const gd = g._data;
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (a.requires_grad) {
      const r = dtype.alloc(nb * M * K);
      for (let i = 0; i < nb; i++) // dA = dC @ B^T
        gemm(gd.subarray(i * M * N, (i + 1) * M * N), bd.subarray(i * K * N, (i + 1) * K * N), r.subarray(i * M * K, (i + 1) * M * K), M, N, K, false, true);
      ga = sumToShape(new Tensor(r, [...batch, M, K], dtype), [...batchA, M, K]).reshape(a.shape);
    }
    if (b.requires_grad) {
      const r = dtype.alloc(nb * K * N);
      for (let i = 0; i < nb; i++) // dB = A^T @ dC
        gemm(ad.subarray(i * M * K, (i + 1) * M * K), gd.subarray(i * M * N, (i + 1) * M * N), r.subarray(i * K * N, (i + 1) * K * N), K, M, N, true, false);
      gb = sumToShape(new Tensor(r, [...batch, K, N], dtype), [...batchB, K, N]).reshape(b.shape);
    }
    return [ga, gb];
  });
}

/** Repeats a batch of matrices along broadcast batch dims (a no-op when the batch shapes match). */
function expandBatch<T extends Float32Array | Float64Array>(d: T, from: number[], to: number[], mat: number): T {
  if (numelOf(from) === numelOf(to)) return d;
  const nb = numelOf(to), out = new (d.constructor as { new(n: number): T })(nb * mat);
  const lead = to.length - from.length;
  const fromStrides: number[] = [];
  let s = 1;
  for (let i = from.length - 1; i >= 0; i--) { fromStrides[i] = from[i] === 1 ? 0 : s; s *= from[i]; }
  for (let i = 0; i < nb; i++) {
    let rem = i, src = 0;
    for (let k = to.length - 1; k >= 0; k--) {
      const idx = rem % to[k]; rem = Math.floor(rem / to[k]);
      if (k >= lead) src += idx * fromStrides[k - lead];
    }
    out.set(d.subarray(src * mat, (src + 1) * mat), i * mat);
  }
  return out;
}
