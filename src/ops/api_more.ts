// The sorting, scan and statistics ops of issue 12 as PyTorch 1.13's builtins: each op's overloads
// copied from 1.13's declarations (python_torch_functions), in the order 1.13 tries and prints them,
// bound once to the kernels of sort.ts / scan.ts / stats.ts and reached both as `torch.op(input, ...)`
// and as `input.op(...)`. Bad calls raise 1.13's TypeErrors; a str dim picks the Dimname overload
// and fails as 1.13 fails for an unnamed tensor (args_builtin.ts).
import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { bind, builtin, op, type Kw } from '../tensor/args.js';
import { NotImplementedError } from '../tensor/errors.js';
import { T, OUT, type Kwargs } from './api_common.js';
import type { ValuesIndices } from './reduce.js';
import * as S from './sort.js';
import * as C from './scan.js';
import * as ST from './stats.js';

/** The bound values named by `keys` that were given (null is each parameter's default here), as the kernels' options object. */
export function given(a: Kw, keys: string[]): Kw {
  const out: Kw = {};
  for (const k of keys) if (a[k] !== null && a[k] !== undefined) out[k] = a[k];
  return out;
}
const TUPLE_OUT = 'Tensor[]? out=None';
type Dims = number | number[] | null;

// ---- sorting and selecting ----
export const sort = op<(input: Tensor, dim?: number | Kwargs, descending?: boolean | Kwargs, kw?: { stable?: boolean | null; dim?: number; descending?: boolean }) => ValuesIndices>(builtin([
  `sort(Tensor input, *, bool? stable, int dim=-1, bool descending=False, ${TUPLE_OUT})`,
  `sort(Tensor input, int dim=-1, bool descending=False, *, ${TUPLE_OUT})`,
  `sort(Tensor input, *, bool? stable, name dim, bool descending=False, ${TUPLE_OUT})`,
  `sort(Tensor input, name dim, bool descending=False, *, ${TUPLE_OUT})`,
  // passing stable at all (even None) selects sort.stable, whose backward is SortBackward1
]), (a, k) => S.sort(T(a.input), { ...given(a, ['dim', 'descending']), ...(k === 0 ? { stable: !!a.stable } : {}) }));
export const argsort = op<(input: Tensor, dim?: number | Kwargs, descending?: boolean | Kwargs, kw?: { stable?: boolean; dim?: number; descending?: boolean }) => Tensor>(builtin([
  'argsort(Tensor input, *, bool stable, int dim=-1, bool descending=False)',
  'argsort(Tensor input, int dim=-1, bool descending=False)',
  'argsort(Tensor input, name dim, bool descending=False)',
]), (a) => S.argsort(T(a.input), given(a, ['dim', 'descending', 'stable'])));
export const topk = op<(input: Tensor, k: number | Kwargs, dim?: number | Kwargs, largest?: boolean | Kwargs, sorted?: boolean | Kwargs, kw?: Kwargs) => ValuesIndices>(
  builtin(`topk(Tensor input, int k, int dim=-1, bool largest=True, bool sorted=True, *, ${TUPLE_OUT})`),
  (a) => S.topk(T(a.input), given(a, ['k', 'dim', 'largest', 'sorted'])));
export const kthvalue = op<(input: Tensor, k: number | Kwargs, dim?: number | Kwargs, keepdim?: boolean | Kwargs, kw?: Kwargs) => ValuesIndices>(builtin([
  `kthvalue(Tensor input, int k, int dim=-1, bool keepdim=False, *, ${TUPLE_OUT})`,
  `kthvalue(Tensor input, int k, name dim, bool keepdim=False, *, ${TUPLE_OUT})`,
]), (a) => S.kthvalue(T(a.input), given(a, ['k', 'dim', 'keepdim'])));
type MedianFn = {
  (input: Tensor): Tensor;
  (input: Tensor, dim: number | Kwargs, keepdim?: boolean | Kwargs, kw?: Kwargs): ValuesIndices;
};
export const median = op<MedianFn>(builtin([
  'median(Tensor input)',
  `median(Tensor input, int dim, bool keepdim=False, *, ${TUPLE_OUT})`,
  `median(Tensor input, name dim, bool keepdim=False, *, ${TUPLE_OUT})`,
]), ((a: Kw, k: number) => (k === 0 ? S.median(T(a.input)) : S.median(T(a.input), given(a, ['dim', 'keepdim'])))) as (a: Kw, k: number) => ReturnType<MedianFn>);

// ---- scans ----
type ScanFn = (input: Tensor, dim: number | Kwargs, kw?: { dtype?: DType | string | null }) => Tensor;
const scan = (name: 'cumsum' | 'cumprod', impl: (x: Tensor, kw: Kw) => Tensor) => op<ScanFn>(builtin([
  `${name}(Tensor input, int dim, *, dtype? dtype=None, ${OUT})`,
  `${name}(Tensor input, name dim, *, dtype? dtype=None, ${OUT})`,
]), (a) => impl(T(a.input), given(a, ['dim', 'dtype'])));
export const cumsum = scan('cumsum', C.cumsum);
export const cumprod = scan('cumprod', C.cumprod);

// ---- reductions ----
export const prod = op<(input: Tensor, dim?: number | Kwargs, keepdim?: boolean | Kwargs, kw?: { dtype?: DType | string | null }) => Tensor>(builtin([
  'prod(Tensor input, *, dtype? dtype=None)',
  `prod(Tensor input, int dim, bool keepdim=False, *, dtype? dtype=None, ${OUT})`,
  `prod(Tensor input, name dim, bool keepdim=False, *, dtype? dtype=None, ${OUT})`,
]), (a) => ST.prod(T(a.input), given(a, ['dim', 'keepdim', 'dtype'])));
export const logsumexp = op<(input: Tensor, dim: Dims | Kwargs, keepdim?: boolean | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `logsumexp(Tensor input, int[1] dim, bool keepdim=False, *, ${OUT})`,
  `logsumexp(Tensor input, names dim, bool keepdim=False, *, ${OUT})`,
]), (a) => ST.logsumexp(T(a.input), given(a, ['dim', 'keepdim'])));

type SpreadFn<R> = (input: Tensor, dim?: Dims | boolean | Kwargs, unbiased?: boolean | Kwargs, keepdim?: boolean | Kwargs, kw?: { correction?: number | null; keepdim?: boolean }) => R;
const spreadDecls = (name: string, out: string): string[] => [
  `${name}(Tensor input, int[1]? dim, *, int? correction, bool keepdim=False${out})`,
  `${name}(Tensor input, int[1]? dim, bool unbiased=True, bool keepdim=False${out ? `, *${out}` : ''})`,
  `${name}(Tensor input, bool unbiased=True)`,
  `${name}(Tensor input, names dim, *, int? correction, bool keepdim=False${out})`,
  `${name}(Tensor input, names dim, bool unbiased=True, bool keepdim=False${out ? `, *${out}` : ''})`,
];
/** var/std and their _mean forms; the kernels read {dim, unbiased, keepdim, correction}. */
function spreadOp<R>(name: string, impl: (x: Tensor, kw: Kw) => R, out: boolean) {
  return op<SpreadFn<R>>(builtin(spreadDecls(name, out ? `, ${OUT}` : '')), (a) => impl(T(a.input), given(a, ['dim', 'unbiased', 'keepdim', 'correction'])));
}
export const var_ = spreadOp('var', ST.var_, true);
export const std = spreadOp('std', ST.std, true);
export const var_mean = spreadOp('var_mean', ST.var_mean, false);
export const std_mean = spreadOp('std_mean', ST.std_mean, false);

type DimsFn = (input: Tensor, dim?: Dims | Kwargs, keepdim?: boolean | Kwargs, kw?: Kwargs) => Tensor;
const extreme = (name: 'amax' | 'amin', impl: (x: Tensor, kw: Kw) => Tensor) => op<DimsFn>(
  builtin(`${name}(Tensor input, int[1] dim=None, bool keepdim=False, *, ${OUT})`), (a) => impl(T(a.input), given(a, ['dim', 'keepdim'])));
export const amax = extreme('amax', ST.amax);
export const amin = extreme('amin', ST.amin);
const truth = (name: 'all' | 'any', impl: (x: Tensor, kw: Kw) => Tensor) => op<DimsFn>(builtin([
  `${name}(Tensor input, *, ${OUT})`,
  `${name}(Tensor input, int dim, bool keepdim=False, *, ${OUT})`,
  `${name}(Tensor input, name dim, bool keepdim=False, *, ${OUT})`,
]), (a) => impl(T(a.input), given(a, ['dim', 'keepdim'])));
export const all = truth('all', ST.all);
export const any = truth('any', ST.any);
export const count_nonzero = op<(input: Tensor, dim?: Dims | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  'count_nonzero(Tensor input, int? dim=None)', 'count_nonzero(Tensor input, int[] dim)',
]), (a) => ST.count_nonzero(T(a.input), given(a, ['dim'])));

// ---- norm: a Python function in 1.13 (torch/functional.py), its method another (torch/_tensor.py) ----
type NormFn = (input: Tensor, p?: number | string | null | Kwargs, dim?: Dims | Kwargs, keepdim?: boolean | Kwargs, ...rest: unknown[]) => Tensor;
function normOf(x: unknown, a: Kw): Tensor {
  if (a.out !== undefined && a.out !== null) throw new NotImplementedError('norm(): torchlet does not support the out= argument');
  return ST.norm(T(x), given(a, ['p', 'dim', 'keepdim', 'dtype']));
}
export const norm = Object.assign(
  ((...args: unknown[]) => { const a = bind("norm(input, p='fro', dim=None, keepdim=False, out=None, dtype=None)", args); return normOf(a.input, a); }) as NormFn,
  { method: (self: Tensor, args: readonly unknown[]): Tensor => normOf(self, bind("Tensor.norm(self, p='fro', dim=None, keepdim=False, dtype=None)", args)) },
);
