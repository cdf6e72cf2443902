// F.relu(input, inplace=false): argument binding and the in-place form over the relu op.
import { Tensor } from '../../tensor/tensor.js';
import { is_grad_enabled } from '../../autograd/grad_mode.js';
import { bind, tensorArg, boolArg } from '../../tensor/args.js';
import { relu as reluOp } from '../../ops/elementwise.js';
import { reluInto } from '../../kernels/dispatch.js';

export function relu(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function relu(...args: unknown[]): Tensor;
export function relu(...args: unknown[]): Tensor {
  if (args[0] instanceof Tensor && args.length === 1) return reluOp(args[0]);
  const a = bind('relu(input, inplace=False)', args);
  const input = tensorArg('relu', 'input', a.input, 1);
  // in place only where autograd does not record the op (torchlet's in-place ops are not tracked)
  if (boolArg('relu', 'inplace', a.inplace, false) && !(is_grad_enabled() && input.requires_grad)) {
    reluInto(input._data, input._data);
    return input;
  }
  return reluOp(input);
}
