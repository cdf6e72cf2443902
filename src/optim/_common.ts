// Helpers the optimizers share: reading a parameter's gradient as storage of the parameter's dtype.
import { Tensor } from '../tensor/tensor.js';
import { RuntimeError } from '../tensor/errors.js';
import { sameShape } from '../tensor/shape.js';
import type { Storage } from '../tensor/dtype.js';

export function gradData(p: Tensor, who: string): Storage {
  const g = p.grad!;
  if (!p.is_floating_point()) throw new RuntimeError(`${who} only supports floating point parameters`);
  if (!sameShape(g.shape, p.shape))
    throw new RuntimeError(`The size of tensor a (${p.numel()}) must match the size of tensor b (${g.numel()}) at non-singleton dimension 0`);
  return g.dtype === p.dtype ? g._data : g.detach().to(p.dtype)._data;
}

export function checkNumber(name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`'${name}' must be a number, not ${v === null ? 'NoneType' : typeof v}`);
  return v;
}

/** A zero tensor shaped and typed like p (torch.zeros_like). */
export function zerosLike(p: Tensor): Tensor {
  return new Tensor(p.dtype.alloc(p.numel()), p.shape, p.dtype);
}
