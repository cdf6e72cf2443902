// Functional forms of the indexing ops (torch.nonzero, ...), over ops/indexing.ts.
import type { Tensor } from '../tensor/tensor.js';
import { bindArgs, boolArg } from '../nn/functional/args.js';
import { nonzero as nonzeroDense, nonzeroTuple } from './indexing.js';

/** torch.nonzero(input, {as_tuple}): (n, ndim) int64 coordinates, or one vector per dim with as_tuple. */
export function nonzero(...args: unknown[]): Tensor | Tensor[] {
  const a = bindArgs('nonzero', ['input', 'as_tuple'], args);
  const x = a.input as Tensor;
  return boolArg('nonzero', 'as_tuple', a.as_tuple, false) ? nonzeroTuple(x) : nonzeroDense(x);
}
