// The weight gradient of a one-row linear, dY^T @ X (a column of out_features times a row of
// in_features), kept as its two vectors until the engine knows where it goes. Into a leaf that
// already has a .grad (a recurrent layer's weight, used at every step of the sequence, after
// zero_grad) it is added in one pass, with the bits of the product written out and then added
// (kernels/outer.ts); anywhere else it is written out, by the same GEMM as before.
import { Tensor } from '../tensor/tensor.js';
import { float32, type DType } from '../tensor/dtype.js';
import { gemm, allocPlaced, outerAdd } from '../kernels/dispatch.js';

type F = Float32Array | Float64Array;

export class OuterGrad {
  /** a: M values (dY's row), b: N values (X's row); the gradient is M x N, of `shape`. */
  constructor(readonly a: F, readonly b: F, readonly M: number, readonly N: number, readonly shape: readonly number[], readonly dtype: DType) {}
  /**
   * The gradient written out: dY^T @ X through gemm, as linear's backward writes it for more
   * rows. In the shared memory: it may become a leaf's .grad, which the next ones are added into.
   */
  materialize(): Tensor {
    const out = allocPlaced(this.dtype === float32 ? 'f32' : 'f64', this.M * this.N);
    gemm(this.a, this.b, out, this.M, 1, this.N, true, false);
    return new Tensor(out, [...this.shape], this.dtype);
  }
  /** d += the gradient (d: the M x N elements of a .grad of the same dtype). */
  addInto(d: F): void { outerAdd(d, this.a, this.b, this.M, this.N); }
}
