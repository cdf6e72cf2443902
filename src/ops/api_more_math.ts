// The elementwise math of issue 12 as PyTorch 1.13's builtins (declarations copied from 1.13, in its
// order): torch.sin(input) ... and the Tensor methods, bound once to the kernels of math.ts and
// math_binary.ts, with 1.13's TypeErrors for bad calls.
import type { Tensor, TensorOrScalar } from '../tensor/tensor.js';
import { builtin, op, type Builtin, type Op } from '../tensor/args.js';
import { T, N, OUT, unary, type Kwargs } from './api_common.js';
import * as M from './math.js';
import * as M2 from './math_binary.js';
import * as E from './elementwise.js';

export const sin = unary('sin', M.sin);
export const cos = unary('cos', M.cos);
export const tan = unary('tan', M.tan);
export const atan = unary('atan', M.atan);
export const sinh = unary('sinh', M.sinh);
export const cosh = unary('cosh', M.cosh);
export const erf = unary('erf', M.erf);
export const expm1 = unary('expm1', M.expm1);
export const log2 = unary('log2', M.log2);
export const log10 = unary('log10', M.log10);
export const rsqrt = unary('rsqrt', M.rsqrt);
export const reciprocal = unary('reciprocal', M.reciprocal);
export const sign = unary('sign', M.sign);
export const floor = unary('floor', M.floor);
export const ceil = unary('ceil', M.ceil);
export const trunc = unary('trunc', M.trunc);
export const square = unary('square', M.square);
export const logical_not = unary('logical_not', M.logical_not);
export const isnan = unary('isnan', M.isnan, false);
export const isinf = unary('isinf', M.isinf, false);
export const isfinite = unary('isfinite', M.isfinite, false);

export const round = op<(input: Tensor, kw?: { decimals?: number }) => Tensor>(builtin([
  `round(Tensor input, *, ${OUT})`, `round(Tensor input, *, int decimals, ${OUT})`,
]), (a, k) => (k === 0 ? M.round(T(a.input)) : M.round(T(a.input), { decimals: N(a.decimals) })));
export const nan_to_num = op<(input: Tensor, nan?: number | null | Kwargs, posinf?: number | null | Kwargs, neginf?: number | null | Kwargs, kw?: Kwargs) => Tensor>(
  builtin(`nan_to_num(Tensor input, float? nan=None, float? posinf=None, float? neginf=None, *, ${OUT})`),
  (a) => M.nan_to_num(T(a.input), a.nan as number | null, a.posinf as number | null, a.neginf as number | null));

type BinaryFn = (input: Tensor, other: Tensor | Kwargs, kw?: Kwargs) => Tensor;
const twoTensors = (name: string, impl: (x: Tensor, y: Tensor) => Tensor): Op<BinaryFn> =>
  op<BinaryFn>(builtin(`${name}(Tensor input, Tensor other, *, ${OUT})`), (a) => impl(T(a.input), T(a.other)));
export const atan2 = twoTensors('atan2', M2.atan2);
export const logical_and = twoTensors('logical_and', M2.logical_and);
export const logical_or = twoTensors('logical_or', M2.logical_or);
export const logical_xor = twoTensors('logical_xor', M2.logical_xor);

type ModFn = (input: Tensor | number, other: TensorOrScalar | Kwargs, kw?: Kwargs) => Tensor;
export const fmod = op<ModFn>(builtin([`fmod(Tensor input, Tensor other, *, ${OUT})`, `fmod(Tensor input, Number other, *, ${OUT})`]),
  (a) => M2.fmod(T(a.input), a.other as TensorOrScalar));
export const remainder = op<ModFn>(builtin([
  `remainder(Tensor input, Tensor other, *, ${OUT})`, 'remainder(Number self, Tensor other)', `remainder(Tensor input, Number other, *, ${OUT})`,
]), (a, k) => M2.remainder((k === 1 ? a.self : a.input) as Tensor | number, a.other as TensorOrScalar));
type BitwiseFn = (input: Tensor | number, other: TensorOrScalar | Kwargs, kw?: Kwargs) => Tensor;
const bitwise = (name: string, impl: (x: Tensor, y: TensorOrScalar) => Tensor): Op<BitwiseFn> => op<BitwiseFn>(builtin([
  `${name}(Tensor input, Tensor other, *, ${OUT})`, `${name}(Number self, Tensor other)`, `${name}(Tensor input, Number other, *, ${OUT})`,
]), (a, k) => (k === 1 ? impl(T(a.other), a.self as number) : impl(T(a.input), a.other as TensorOrScalar))); // and, or, xor commute
export const bitwise_and = bitwise('bitwise_and', M2.bitwise_and);
export const bitwise_or = bitwise('bitwise_or', M2.bitwise_or);
export const bitwise_xor = bitwise('bitwise_xor', M2.bitwise_xor);
export const bitwise_not = unary('bitwise_not', M2.bitwise_not);
/** torch.floor_divide: div(input, other, rounding_mode='floor') (1.13 floors; earlier releases truncated). */
export const floor_divide = op<ModFn>(builtin([`floor_divide(Tensor input, Tensor other, *, ${OUT})`, 'floor_divide(Tensor input, Number other)']),
  (a) => E.div(T(a.input), a.other as TensorOrScalar, 'floor'));
export const lerp = op<(input: Tensor, end: Tensor | Kwargs, weight: TensorOrScalar | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `lerp(Tensor input, Tensor end, Tensor weight, *, ${OUT})`, `lerp(Tensor input, Tensor end, Number weight, *, ${OUT})`,
]), (a) => M2.lerp(T(a.input), T(a.end), a.weight as TensorOrScalar));

type AddcFn = (input: Tensor, tensor1: Tensor | Kwargs, tensor2: Tensor | Kwargs, kw?: { value?: number }) => Tensor;
/** addcmul / addcdiv, with the deprecated addcmul(input, value, tensor1, tensor2) that 1.13 still binds (warning once). */
function addc(name: 'addcmul' | 'addcdiv', impl: typeof M2.addcmul): Op<AddcFn> {
  const f = op<AddcFn>(builtin(
    [`${name}(Tensor input, Tensor tensor1, Tensor tensor2, *, Number value=1, ${OUT})`],
    [`${name}(Tensor input, Number value, Tensor tensor1, Tensor tensor2, *, ${OUT})`],
  ), (a) => impl(T(a.input), T(a.tensor1), T(a.tensor2), { value: N(a.value) }));
  // the method's deprecated form (value first) has no self parameter to derive it from
  const method = addcMethod(name);
  f.method = (self, args) => { const a = method.parse(args, self)[0]; return impl(self, T(a.tensor1), T(a.tensor2), { value: N(a.value) }); };
  return f;
}
/** Tensor.addcmul(tensor1, tensor2, *, value=1) and its deprecated (value, tensor1, tensor2), also for the in-place forms. */
const addcMethod = (name: string): Builtin => builtin([`${name}(Tensor tensor1, Tensor tensor2, *, Number value=1)`], [`${name}(Number value, Tensor tensor1, Tensor tensor2)`]);
export const addcmul = addc('addcmul', M2.addcmul);
export const addcdiv = addc('addcdiv', M2.addcdiv);

// the in-place methods' binders (methods only; Tensor runs them through ops/inplace.ts)
export const ADDCMUL_ = addcMethod('addcmul_');
export const ADDCDIV_ = addcMethod('addcdiv_');
export const LERP_ = builtin(['lerp_(Tensor end, Tensor weight)', 'lerp_(Tensor end, Number weight)']);
