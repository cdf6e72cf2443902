// nn.Parameter: a leaf tensor that modules register as a trainable parameter.
import { Tensor } from '../tensor/tensor.js';

export class Parameter extends Tensor {
  constructor(data: Tensor, requires_grad = true) {
    // data's elements and, where they are its storage (contiguous), its version counter, as PyTorch's data.detach()
    super(data._data, data.shape, data.dtype, undefined, 0, data.is_contiguous() ? data._vc : undefined);
    if (requires_grad) this.requires_grad_(true);
  }
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
