// The gradient of a full reduction (x.sum(), x.mean()): one value in every position of x's shape.
// Kept as that value until a consumer needs the array: a node that knows how to use a constant
// gradient directly (log_softmax's backward) never has it written out, so `y.sum().backward()`
// costs no N x C fill and no N x C read of it. Everything else gets it materialized, as before.
import { Tensor } from '../tensor/tensor.js';
import { float32, type DType } from '../tensor/dtype.js';
import { numelOf } from '../tensor/shape.js';
import { allocEmpty, fillValue } from '../kernels/dispatch.js';

export class UniformGrad {
  constructor(readonly value: number, readonly shape: readonly number[], readonly dtype: DType) {}
  /** The gradient written out: a fresh tensor of shape, every element `value`. */
  materialize(): Tensor {
    const out = allocEmpty(this.dtype === float32 ? 'f32' : 'f64', numelOf(this.shape));
    fillValue(out, this.value); // every element written: no zero-fill
    return new Tensor(out, [...this.shape], this.dtype);
  }
}
