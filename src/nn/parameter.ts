// nn.Parameter: a leaf tensor that modules register as a trainable parameter.
import { Tensor } from '../tensor/tensor.js';

export class Parameter extends Tensor {
  constructor(data: Tensor, requires_grad = true) {
    super(data._data, data.shape, data.dtype, data._vc); // data.detach()'s storage and version counter, as PyTorch
    if (requires_grad) this.requires_grad_(true);
  }
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
