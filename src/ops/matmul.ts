// torch.mm and torch.matmul. matmul takes PyTorch 1.13's route for each pair of ranks, so values,
// errors and grad_fn names come out as PyTorch's: dot (1-D, 1-D), mv (2-D, 1-D), mm (2-D, 2-D;
// a 1-D first operand as a row, squeezed after), a batch folded into one mm or mv when one side
// has at most 2 dims, else bmm over the broadcast batch dims. Each matrix product is a GEMM
// through dispatch's gemm (linalg.ts), so float32 blocks take the fast kernel.
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, numelOf } from '../tensor/shape.js';
import { denseStrides } from '../tensor/strided.js';
import { RuntimeError } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { expand, mT, reshape, t as transpose2d, unsqueeze } from './view.js';
import { product, sameDtype, noBool, dot, mv, bmm } from './linalg.js';
import { bindNames, tensorArg } from '../tensor/args.js';

/** torch.mm(input, mat2): the product of two matrices. */
export function mm(...args: unknown[]): Tensor {
  const a = bindNames('mm', ['input', 'mat2'], args);
  return mm2(tensorArg('mm', 'input', a.input, 1), tensorArg('mm', 'mat2', a.mat2, 2));
}
function mm2(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw new RuntimeError('self must be a matrix');
  if (b.ndim !== 2) throw new RuntimeError('mat2 must be a matrix');
  const [M, K] = a.shape, [K2, N] = b.shape;
  if (K !== K2) throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${M}x${K} and ${K2}x${N})`);
  sameDtype(a, b);
  noBool(a, 'addmm_impl_cpu_');
  return product('MmBackward0', a, b, 1, M, K, N, [M, N]);
}

/** ATen's _unsafe_view: the fresh product `x` read with another shape, recorded as UnsafeViewBackward0. */
function unsafeView(x: Tensor, shape: number[]): Tensor {
  return record(x._view(shape, denseStrides(shape), x._offset), 'UnsafeViewBackward0', [x], (g) => [reshape(g, x.shape)], false);
}

/**
 * Whether ATen folds t's batch into the rows of one mm / mv (t has 3 or more dims, the other
 * operand at most 2) rather than running bmm: not for a 3-D t against a matrix when t's last two
 * dims are transposed in memory (bmm reads those without a copy).
 */
function shouldFold(t: Tensor, otherDim: number): boolean {
  if (t.ndim < 3 || (otherDim !== 1 && otherDim !== 2)) return false;
  const st = t.stride();
  return !(t.ndim === 3 && otherDim === 2 && st[2] !== 1 && st[0] === t.shape[1] * t.shape[2]);
}

/** torch.matmul(input, other) */
export function matmul(...args: unknown[]): Tensor {
  const kw = bindNames('matmul', ['input', 'other'], args);
  const a = tensorArg('matmul', 'input', kw.input, 1), b = tensorArg('matmul', 'other', kw.other, 2);
  const d1 = a.ndim, d2 = b.ndim;
  if (d1 === 0 || d2 === 0) throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${d1}D and ${d2}D`);
  if (d1 === 1 && d2 === 1) return dot(a, b);
  if (d1 === 2 && d2 === 1) return mv(a, b);
  if (d1 === 1 && d2 === 2) {
    // ATen squeezes the row product in place: squeeze_(0) is SqueezeBackward3
    const r = mm2(unsqueeze(a, 0), b), n = r.shape[1];
    return record(r._view([n], [1], 0), 'SqueezeBackward3', [r], (g) => [reshape(g, [1, n])], false);
  }
  if (d1 === 2 && d2 === 2) return mm2(a, b);
  if (shouldFold(a, d2) || shouldFold(b, d1)) {
    // the operand with the batch becomes the first factor: b @ a^T transposed back when it is b
    const transpose = d2 > d1;
    const t1 = transpose ? mT(b) : a;
    const t2 = !transpose ? b : d1 === 2 ? transpose2d(a) : a;
    const outShape = t1.shape.slice(0, -1);
    const rows = numelOf(outShape), folded = reshape(t1, [rows, t1.shape[t1.ndim - 1]]);
    if (t2.ndim === 1) return unsafeView(mv(folded, t2), outShape);
    outShape.push(t2.shape[1]);
    const out = unsafeView(mm2(folded, t2), outShape);
    return transpose ? mT(out).contiguous() : out;
  }
  const n = d1 > 1 ? a.shape[d1 - 2] : 1, m1 = a.shape[d1 - 1];
  const m2 = d2 > 1 ? b.shape[d2 - 2] : b.shape[0], p = d2 > 1 ? b.shape[d2 - 1] : 1;
  const batch = broadcastShapes(a.shape.slice(0, Math.max(d1 - 2, 0)), b.shape.slice(0, Math.max(d2 - 2, 0)));
  const nb = numelOf(batch);
  const t1 = reshape(expand(a, [...batch, n, m1]), [nb, n, m1]);
  const t2 = reshape(expand(b, [...batch, m2, p]), [nb, m2, p]);
  return unsafeView(bmm(t1, t2), [...batch, ...(d1 > 1 ? [n] : []), ...(d2 > 1 ? [p] : [])]);
}
