// nn.Parameter: a leaf tensor that modules register as a trainable parameter.
import { Tensor } from '../tensor/tensor.js';
import { empty } from '../tensor/creation.js';
import { bind, registerPyClass } from '../tensor/args.js';
import type { DType } from '../tensor/dtype.js';

export class Parameter extends Tensor {
  /** Parameter(data=None, requires_grad=True): shares data's storage (an empty tensor when None). */
  constructor(...args: [data?: Tensor | null | Record<string, unknown>, requires_grad?: boolean | Record<string, unknown>, kw?: Record<string, unknown>]) {
    const a = bind('Parameter.__new__(cls, data=None, requires_grad=True)', args);
    const data = (a.data as Tensor | null) ?? empty(0);
    // data's elements and, where they are its storage (contiguous), its version counter, as PyTorch's data.detach()
    super(data._data, data.shape, data.dtype, undefined, 0, data.is_contiguous() ? data._vc : undefined);
    if (a.requires_grad) this.requires_grad_(true);
  }
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
registerPyClass(Parameter, 'Parameter');

/** An uninitialised (zero) parameter of this shape, as torch.empty inside a layer's __init__ (with its size checks). */
export function emptyParameter(shape: unknown[], dtype: DType): Parameter {
  return new Parameter(empty(shape as number[], { dtype, device: null }));
}
