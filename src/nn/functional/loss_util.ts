// Small pieces shared by the loss functions: masked_fill with its backward, ATen's scalar rounding,
// the Python-level reduction checks and the 'output with shape' in-place broadcast rule.
import { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { RuntimeError } from '../../tensor/errors.js';
import { broadcastShapes, fmtShape, sameShape } from '../../tensor/shape.js';
import { record } from '../../autograd/function.js';
import { binaryMap } from '../../ops/elementwise.js';
import { mean, sum } from '../../ops/reduce.js';
import type { Reduction } from './reduction.js';

/** x.masked_fill(mask, 0) with its backward (the gradient is zeroed where masked). */
export function maskedFillZero(x: Tensor, masked: (i: number) => boolean): Tensor {
  const n = x.numel(), d = x.dtype.alloc(n), src = x._data;
  const m = new Uint8Array(n);
  for (let i = 0; i < n; i++) { m[i] = masked(i) ? 1 : 0; d[i] = m[i] ? 0 : src[i]; }
  return record(new Tensor(d, x.shape, x.dtype), 'MaskedFillBackward0', [x], (g) => {
    const gd = g.dtype.alloc(n), gs = g._data;
    for (let i = 0; i < n; i++) gd[i] = m[i] ? 0 : gs[i];
    return [new Tensor(gd, x.shape, g.dtype)];
  }, false);
}

/**
 * A Python float as ATen uses it against a tensor of `dtype`: the wrapped scalar is cast to the
 * tensor's (floating) dtype before the op, so float32 ops see float32 constants.
 */
export function scalarFor(dtype: DType, v: number): number {
  return dtype.is_floating_point ? dtype.cast(v) : v;
}

/** at::apply_loss_reduction */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return mean(loss);
  if (reduction === 'sum') return sum(loss);
  return loss;
}

/** The shape an in-place op `out.op_(other)` accepts: other must broadcast into out's shape. */
export function checkInplaceBroadcast(out: readonly number[], other: readonly number[]): void {
  const b = broadcastShapes(out, other);
  if (!sameShape(b, out))
    throw new RuntimeError(`output with shape ${fmtShape(out)} doesn't match the broadcast shape ${fmtShape(b)}`);
}

/** other's values broadcast to `shape` (which must already contain other's broadcast shape). */
export function expandedData(other: Tensor, shape: readonly number[]): Float32Array | Float64Array {
  if (sameShape(other.shape, shape)) return other._data;
  const base = new Tensor(other.dtype.alloc(shape.reduce((a, s) => a * s, 1)), shape.slice(), other.dtype);
  return binaryMap(base, other.detach(), (_a, b) => b, other.dtype)._data;
}
