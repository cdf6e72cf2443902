// F.relu(input, inplace=false): argument binding and the in-place form over the relu op.
import { Tensor } from '../../tensor/tensor.js';
import { bind, tensorArg, boolArg } from '../../tensor/args.js';
import { relu as reluOp } from '../../ops/elementwise.js';
import { reluInplace } from '../../ops/inplace.js';

export function relu(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function relu(...args: unknown[]): Tensor;
export function relu(...args: unknown[]): Tensor {
  if (args[0] instanceof Tensor && args.length === 1) return reluOp(args[0]);
  const a = bind('relu(input, inplace=False)', args);
  const input = tensorArg('relu', 'input', a.input, 1);
  // torch.relu_: recorded by autograd where the input is in a graph
  if (boolArg('relu', 'inplace', a.inplace, false)) return reluInplace(input);
  return reluOp(input);
}
