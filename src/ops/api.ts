// The tensor ops as PyTorch's builtins: each op's overloads as PyTorch 1.13 declares them, bound to
// the implementation once, and reached both as `torch.op(input, ...)` and as the method
// `input.op(...)` (Tensor's methods call `op.method(this, args)`). Any argument may be given by
// keyword in a trailing options object; bad calls raise PyTorch's TypeErrors. This file: arithmetic,
// comparisons, reductions, matmul, cat/stack; api_shape.ts: views and shapes; api_index.ts: indexing.
import type { Tensor, TensorOrScalar } from '../tensor/tensor.js';
import { DType, promoteTypes } from '../tensor/dtype.js';
import { NotImplementedError } from '../tensor/errors.js';
import { builtin, op, type Builtin, type Kw, type Op } from '../tensor/args.js';
import { T, N, OUT, unary, type Kwargs } from './api_common.js';
import * as E from './elementwise.js';
import * as R from './reduce.js';
import * as M from './matmul.js';
import * as X from './misc.js';

type Dim = number | null;

// ---- elementwise ----
const binary = (name: string, extra = ''): Builtin =>
  builtin(`${name}(Tensor input, Tensor other, *${extra}, ${OUT})`, [], { numbersAsTensors: true });
const alphaOp = (name: string): Builtin => builtin([`${name}(Tensor input, Tensor other, *, Number alpha=1, ${OUT})`],
  // the deprecated add(alpha, other) spelling of old tutorials, which PyTorch 1.13 still binds (with a warning)
  [`${name}(Tensor input, Number alpha, Tensor other, *, ${OUT})`], { numbersAsTensors: true });

type BinaryFn = (input: Tensor, other: TensorOrScalar | Kwargs, kw?: Kwargs) => Tensor;
type AlphaFn = (input: Tensor, other: TensorOrScalar | Kwargs, kw?: { alpha?: number }) => Tensor;
export const add = op<AlphaFn>(alphaOp('add'), (a) => E.add(T(a.input), a.other as TensorOrScalar, { alpha: N(a.alpha) }));
export const sub = op<AlphaFn>(alphaOp('sub'), (a) => E.sub(T(a.input), a.other as TensorOrScalar, { alpha: N(a.alpha) }));
export const mul = op<BinaryFn>(binary('mul'), (a) => E.mul(T(a.input), a.other as TensorOrScalar));
export const div = op<(input: Tensor, other: TensorOrScalar | Kwargs, kw?: { rounding_mode?: 'trunc' | 'floor' | null }) => Tensor>(builtin([
  `div(Tensor input, Tensor other, *, ${OUT})`,
  `div(Tensor input, Tensor other, *, str? rounding_mode, ${OUT})`,
  'div(Tensor input, Number other, *, str? rounding_mode)',
], [], { numbersAsTensors: true }), (a) => E.div(T(a.input), a.other as TensorOrScalar, (a.rounding_mode ?? null) as E.RoundingMode));
export const pow = op<(input: Tensor | number, exponent: TensorOrScalar | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `pow(Tensor input, Tensor exponent, *, ${OUT})`, `pow(Number self, Tensor exponent, *, ${OUT})`, `pow(Tensor input, Number exponent, *, ${OUT})`,
]), (a, k) => (k === 1 ? E.powScalarBase(N(a.self), T(a.exponent)) : E.pow(T(a.input), a.exponent as TensorOrScalar)));

export const neg = unary('neg', E.neg);
export const exp = unary('exp', E.exp);
export const log = unary('log', E.log);
export const log1p = unary('log1p', E.log1p);
export const sqrt = unary('sqrt', E.sqrt);
export const abs = unary('abs', E.abs);
export const relu = unary('relu', E.relu, false);
export const sigmoid = unary('sigmoid', E.sigmoid);
export const tanh = unary('tanh', E.tanh);

type Bound = number | null | Tensor;
function scalarBounds(name: string, a: Kw, k: number, keys: string[]): (number | null)[] {
  // the Tensor-bounds overloads bind (so calls read as in PyTorch) but torchlet clamps to numbers
  if (k === 0 && keys.some((key) => a[key] !== null)) throw new NotImplementedError(`${name}(): torchlet supports numbers (not tensors) as bounds`);
  return keys.map((key) => a[key] as number | null);
}
export const clamp = op<(input: Tensor, min?: Bound | Kwargs, max?: Bound | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `clamp(Tensor input, Tensor? min=None, Tensor? max=None, *, ${OUT})`, `clamp(Tensor input, Number? min=None, Number? max=None, *, ${OUT})`,
]), (a, k) => { const [lo, hi] = scalarBounds('clamp', a, k, ['min', 'max']); return E.clamp(T(a.input), lo, hi); });
export const clamp_min = op<(input: Tensor, min: Bound | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `clamp_min(Tensor input, Tensor min, *, ${OUT})`, `clamp_min(Tensor input, Number min, *, ${OUT})`,
]), (a, k) => { const [lo] = scalarBounds('clamp_min', a, k, ['min']); return E.clamp(T(a.input), lo, null); });
export const clamp_max = op<(input: Tensor, max: Bound | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `clamp_max(Tensor input, Tensor max, *, ${OUT})`, `clamp_max(Tensor input, Number max, *, ${OUT})`,
]), (a, k) => { const [hi] = scalarBounds('clamp_max', a, k, ['max']); return E.clamp(T(a.input), null, hi); });
export const maximum = op<BinaryFn>(builtin(`maximum(Tensor input, Tensor other, *, ${OUT})`), (a) => E.maximum(T(a.input), T(a.other)));
export const minimum = op<BinaryFn>(builtin(`minimum(Tensor input, Tensor other, *, ${OUT})`), (a) => E.minimum(T(a.input), T(a.other)));
const compare = (name: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'): Op<BinaryFn> => op<BinaryFn>(builtin([
  `${name}(Tensor input, Tensor other, *, ${OUT})`, `${name}(Tensor input, Number other, *, ${OUT})`,
]), (a) => E.compare(T(a.input), a.other as TensorOrScalar, name));
export const eq = compare('eq');
export const ne = compare('ne');
export const lt = compare('lt');
export const le = compare('le');
export const gt = compare('gt');
export const ge = compare('ge');

// ---- reductions ----
type ReduceFn = (input: Tensor, dim?: number | number[] | null | Kwargs, keepdim?: boolean | Kwargs, kw?: { dtype?: DType | string | null }) => Tensor;
const reduction = (name: string): Builtin => builtin([
  `${name}(Tensor input, *, dtype? dtype=None)`,
  `${name}(Tensor input, int[1]? dim, bool keepdim=False, *, dtype? dtype=None, ${OUT})`,
  `${name}(Tensor input, names dim, bool keepdim=False, *, dtype? dtype=None, ${OUT})`,
]);
export const sum = op<ReduceFn>(reduction('sum'), (a) => R.sum(T(a.input), { dim: a.dim ?? null, keepdim: !!a.keepdim, dtype: a.dtype ?? undefined }));
/** x.sum() without arguments (no binding to do: nothing can be wrong with the call). */
export const sumAll = (x: Tensor): Tensor => R.sum(x);
export const mean = op<ReduceFn>(reduction('mean'), (a) => R.mean(T(a.input), { dim: a.dim ?? null, keepdim: !!a.keepdim, dtype: a.dtype ?? undefined }));

type ExtremeFn = {
  (input: Tensor): Tensor;
  (input: Tensor, dim: number | Kwargs, keepdim?: boolean | Kwargs, kw?: Kwargs): R.ValuesIndices;
  (input: Tensor, other: Tensor): Tensor;
};
const extreme = (name: 'max' | 'min'): Op<ExtremeFn> => op<ExtremeFn>(builtin([
  `${name}(Tensor input)`, `${name}(Tensor input, Tensor other, *, ${OUT})`,
  `${name}(Tensor input, int dim, bool keepdim=False, *, Tensor[]? out=None)`, `${name}(Tensor input, name dim, bool keepdim=False, *, Tensor[]? out=None)`,
]), ((a: Kw, k: number) => {
  const x = T(a.input);
  if (k === 1) return name === 'max' ? E.maximum(x, T(a.other)) : E.minimum(x, T(a.other));
  return name === 'max' ? R.max(x, a.dim as number | undefined, a.keepdim) : R.min(x, a.dim as number | undefined, a.keepdim);
}) as (a: Kw, k: number) => ReturnType<ExtremeFn>);
export const max = extreme('max');
export const min = extreme('min');
type ArgFn = (input: Tensor, dim?: Dim | Kwargs, keepdim?: boolean | Kwargs, kw?: Kwargs) => Tensor;
export const argmax = op<ArgFn>(builtin(`argmax(Tensor input, int? dim=None, bool keepdim=False, *, ${OUT})`), (a) => R.argmax(T(a.input), a.dim as Dim, a.keepdim));
export const argmin = op<ArgFn>(builtin(`argmin(Tensor input, int? dim=None, bool keepdim=False, *, ${OUT})`), (a) => R.argmin(T(a.input), a.dim as Dim, a.keepdim));

export const matmul = op<BinaryFn>(builtin(`matmul(Tensor input, Tensor other, *, ${OUT})`), (a) => M.matmul(T(a.input), T(a.other)));
export const mm = op<(input: Tensor, mat2: Tensor | Kwargs, kw?: Kwargs) => Tensor>(builtin(`mm(Tensor input, Tensor mat2, *, ${OUT})`), (a) => M.mm(T(a.input), T(a.mat2)));

type ListFn = (tensors: Tensor[] | Kwargs, dim?: number | Kwargs, kw?: Kwargs) => Tensor;
export const cat = op<ListFn>(builtin([`cat(Tensor[] tensors, int dim=0, *, ${OUT})`, `cat(Tensor[] tensors, name dim, *, ${OUT})`]),
  (a) => X.cat(a.tensors as Tensor[], N(a.dim)));
export const stack = op<ListFn>(builtin(`stack(Tensor[] tensors, int dim=0, *, ${OUT})`), (a) => X.stack(a.tensors as Tensor[], N(a.dim)));

export const promote_types = op<(type1: DType | Kwargs, type2?: DType | Kwargs, kw?: Kwargs) => DType>(
  builtin('promote_types(dtype type1, dtype type2)'), (a) => promoteTypes(a.type1 as DType, a.type2 as DType));
