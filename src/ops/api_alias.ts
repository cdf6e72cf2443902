// PyTorch's alias ops (multiply, divide, subtract, true_divide, negative, absolute, greater,
// greater_equal, less, less_equal, not_equal, clip, fix, arctan, arctan2), each declared under its
// own name as 1.13's builtins are, so a bad call's TypeError names the alias as PyTorch's does.
import type { Tensor, TensorOrScalar } from '../tensor/tensor.js';
import { builtin, op, type Op } from '../tensor/args.js';
import { NotImplementedError } from '../tensor/errors.js';
import { T, N, OUT, unary, type Kwargs } from './api_common.js';
import * as E from './elementwise.js';
import * as M from './math.js';
import * as M2 from './math_binary.js';

type BinaryFn = (input: Tensor, other: TensorOrScalar | Kwargs, kw?: Kwargs) => Tensor;
type DivFn = (input: Tensor, other: TensorOrScalar | Kwargs, kw?: { rounding_mode?: 'trunc' | 'floor' | null }) => Tensor;
/** name(Tensor input, Tensor other, *, Tensor out) and name(Tensor input, Number other), as 1.13 lists them. */
const binary = (name: string): ReturnType<typeof builtin> => builtin([`${name}(Tensor input, Tensor other, *, ${OUT})`, `${name}(Tensor input, Number other)`]);

export const multiply = op<BinaryFn>(binary('multiply'), (a) => E.mul(T(a.input), a.other as TensorOrScalar));
export const true_divide = op<BinaryFn>(binary('true_divide'), (a) => E.div(T(a.input), a.other as TensorOrScalar, null));
export const divide = op<DivFn>(builtin([
  `divide(Tensor input, Tensor other, *, ${OUT})`, `divide(Tensor input, Tensor other, *, str? rounding_mode, ${OUT})`,
  'divide(Tensor input, Number other)', 'divide(Tensor input, Number other, *, str? rounding_mode)',
]), (a) => E.div(T(a.input), a.other as TensorOrScalar, (a.rounding_mode ?? null) as E.RoundingMode));
export const subtract = op<(input: Tensor, other: TensorOrScalar | Kwargs, kw?: { alpha?: number }) => Tensor>(builtin([
  `subtract(Tensor input, Tensor other, *, Number alpha=1, ${OUT})`, 'subtract(Tensor input, Number other, Number alpha=1)',
]), (a) => E.sub(T(a.input), a.other as TensorOrScalar, { alpha: N(a.alpha) }));
export const negative = unary('negative', E.neg);
export const absolute = unary('absolute', E.abs);
export const fix = unary('fix', M.trunc);
export const arctan = unary('arctan', M.atan);
export const arctan2 = op<BinaryFn>(builtin(`arctan2(Tensor input, Tensor other, *, ${OUT})`), (a) => M2.atan2(T(a.input), T(a.other)));

const compare = (name: string, cmp: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'): Op<BinaryFn> => op<BinaryFn>(builtin([
  `${name}(Tensor input, Tensor other, *, ${OUT})`, `${name}(Tensor input, Number other, *, ${OUT})`,
]), (a) => E.compare(T(a.input), a.other as TensorOrScalar, cmp));
export const greater = compare('greater', 'gt');
export const greater_equal = compare('greater_equal', 'ge');
export const less = compare('less', 'lt');
export const less_equal = compare('less_equal', 'le');
export const not_equal = compare('not_equal', 'ne');

type Bound = number | null | Tensor;
export const clip = op<(input: Tensor, min?: Bound | Kwargs, max?: Bound | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `clip(Tensor input, Tensor? min=None, Tensor? max=None, *, ${OUT})`, `clip(Tensor input, Number? min=None, Number? max=None, *, ${OUT})`,
]), (a, k) => {
  if (k === 0 && (a.min !== null || a.max !== null)) throw new NotImplementedError('clip(): torchlet supports numbers (not tensors) as bounds');
  return E.clamp(T(a.input), a.min as number | null, a.max as number | null);
});
