// What the api*.ts files share: casts of bound values, the out= parameter's text, the keyword
// object type and one-input ops. A leaf module, so that any of them may load first.
import type { Tensor } from '../tensor/tensor.js';
import { builtin, noArgs, op, type Op } from '../tensor/args.js';

export const T = (v: unknown): Tensor => v as Tensor;
export const N = (v: unknown): number => v as number;
export const OUT = 'Tensor? out=None';

/** Keyword arguments of the ops, by PyTorch's names. */
export interface Kwargs { [name: string]: unknown }

export type UnaryFn = (input: Tensor, kw?: Kwargs) => Tensor;
/** A one-input op: torch.name(input) (with out= unless `out` is false), and a method without parameters. */
export function unary(name: string, impl: (x: Tensor) => Tensor, out = true): Op<UnaryFn> {
  const f = op<UnaryFn>(builtin(`${name}(Tensor input${out ? `, *, ${OUT}` : ''})`), (a) => impl(T(a.input)));
  // Tensor.neg() and its kind are C methods without parameters
  f.method = (self, args) => { noArgs(`_TensorBase.${name}`, args); return impl(self); };
  return f;
}
