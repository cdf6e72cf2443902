// The indexing ops as PyTorch's builtins (see api.ts): where, nonzero, masked_fill, index_fill,
// index_add, index_copy, scatter, scatter_add and their Tensor methods; the in-place methods
// (masked_fill_, ...) bind through the same overloads as their out-of-place forms.
import type { Tensor, TensorOrScalar } from '../tensor/tensor.js';
import { inplace } from './inplace.js';
import { builtin, op, type Builtin, type Kw } from '../tensor/args.js';
import { T, N, OUT, type Kwargs } from './api_common.js';
import * as E from './elementwise.js';
import * as X from './index_ops.js';
import { nonzero as nonzeroDense, nonzeroTuple } from './indexing.js';

type Value = Tensor | number | boolean;

export const where = op<(condition: Tensor | Kwargs, input?: TensorOrScalar | Kwargs, other?: TensorOrScalar | Kwargs, kw?: Kwargs) => Tensor | Tensor[]>(builtin([
  'where(Tensor condition)', `where(Tensor condition, Tensor input, Tensor other, *, ${OUT})`, 'where(Tensor condition, Number self, Tensor other)',
  'where(Tensor condition, Tensor input, Number other)', 'where(Tensor condition, Number self, Number other)',
]), (a, k) => (k === 0 ? nonzeroTuple(T(a.condition)) : E.where(T(a.condition), (a.input ?? a.self) as TensorOrScalar, a.other as TensorOrScalar)));

const NONZERO = builtin(`nonzero(Tensor input, *, ${OUT}, bool as_tuple=False)`);
const NONZERO_METHOD = builtin(['nonzero()', 'nonzero(*, bool as_tuple)']);
const nonzeroOf = (x: Tensor, asTuple: unknown): Tensor | Tensor[] => (asTuple ? nonzeroTuple(x) : nonzeroDense(x));
/** torch.nonzero(input, {as_tuple}): (n, ndim) int64 coordinates, or one vector per dim with as_tuple. */
export const nonzero = Object.assign((...args: unknown[]): Tensor | Tensor[] => {
  const [a] = NONZERO.parse(args);
  return nonzeroOf(T(a.input), a.as_tuple);
}, {
  method(self: Tensor, args: readonly unknown[]): Tensor | Tensor[] { return nonzeroOf(self, NONZERO_METHOD.parse(args, self)[0].as_tuple); },
});

/** The overloads of an indexing op and of its in-place method (`name_`), as PyTorch lists them. */
function indexOp(_name: string, overloads: string[], inplaceOverloads: string[]): [Builtin, Builtin] {
  return [builtin(overloads), builtin(inplaceOverloads)];
}
const [MASKED_FILL, MASKED_FILL_] = indexOp('masked_fill',
  ['masked_fill(Tensor input, Tensor mask, Tensor value)', 'masked_fill(Tensor input, Tensor mask, Number value)'],
  ['masked_fill_(Tensor mask, Tensor value)', 'masked_fill_(Tensor mask, Number value)']);
const [INDEX_FILL, INDEX_FILL_] = indexOp('index_fill', [
  'index_fill(Tensor input, int dim, Tensor index, Tensor value)', 'index_fill(Tensor input, name dim, Tensor index, Tensor value)',
  'index_fill(Tensor input, int dim, Tensor index, Number value)', 'index_fill(Tensor input, name dim, Tensor index, Number value)',
], ['index_fill_(int dim, Tensor index, Tensor value)', 'index_fill_(name dim, Tensor index, Tensor value)',
  'index_fill_(int dim, Tensor index, Number value)', 'index_fill_(name dim, Tensor index, Number value)']);
const [INDEX_ADD, INDEX_ADD_] = indexOp('index_add', [
  `index_add(Tensor input, int dim, Tensor index, Tensor source, *, Number alpha=1, ${OUT})`,
  'index_add(Tensor input, name dim, Tensor index, Tensor source, *, Number alpha=1)',
], ['index_add_(int dim, Tensor index, Tensor source, *, Number alpha=1)']);
const [INDEX_COPY, INDEX_COPY_] = indexOp('index_copy', [
  `index_copy(Tensor input, int dim, Tensor index, Tensor source, *, ${OUT})`, 'index_copy(Tensor input, name dim, Tensor index, Tensor source)',
], ['index_copy_(int dim, Tensor index, Tensor source)', 'index_copy_(name dim, Tensor index, Tensor source)']);
const [SCATTER, SCATTER_] = indexOp('scatter', [
  `scatter(Tensor input, int dim, Tensor index, Tensor src, *, ${OUT})`, `scatter(Tensor input, int dim, Tensor index, Tensor src, *, str reduce, ${OUT})`,
  'scatter(Tensor input, name dim, Tensor index, Tensor src)', `scatter(Tensor input, int dim, Tensor index, Number value, *, ${OUT})`,
  `scatter(Tensor input, int dim, Tensor index, Number value, *, str reduce, ${OUT})`, 'scatter(Tensor input, name dim, Tensor index, Number value)',
], ['scatter_(int dim, Tensor index, Tensor src)', 'scatter_(int dim, Tensor index, Tensor src, *, str reduce)',
  'scatter_(int dim, Tensor index, Number value)', 'scatter_(int dim, Tensor index, Number value, *, str reduce)']);
const [SCATTER_ADD, SCATTER_ADD_] = indexOp('scatter_add', [
  `scatter_add(Tensor input, int dim, Tensor index, Tensor src, *, ${OUT})`, 'scatter_add(Tensor input, name dim, Tensor index, Tensor src)',
], ['scatter_add_(int dim, Tensor index, Tensor src)', 'scatter_add_(name dim, Tensor index, Tensor src)']);

// the computations, from bound arguments (x: the tensor the op reads, detached for in-place forms)
const IMPL = {
  masked_fill: (x: Tensor, a: Kw) => X.masked_fill(x, T(a.mask), a.value as Value),
  index_fill: (x: Tensor, a: Kw) => X.index_fill(x, N(a.dim), T(a.index), a.value as Value),
  index_add: (x: Tensor, a: Kw) => X.index_add(x, N(a.dim), T(a.index), T(a.source), N(a.alpha)),
  index_copy: (x: Tensor, a: Kw) => X.index_copy(x, N(a.dim), T(a.index), T(a.source)),
  scatter: (x: Tensor, a: Kw) => X.scatter(x, N(a.dim), T(a.index), (a.src ?? a.value) as Tensor | number, (a.reduce as string | undefined) ?? null),
  scatter_add: (x: Tensor, a: Kw) => X.scatter_add(x, N(a.dim), T(a.index), T(a.src)),
};
type IndexFnArgs = unknown[];
const outOfPlace = (sig: Builtin, impl: (x: Tensor, a: Kw) => Tensor) => op<(...args: IndexFnArgs) => Tensor>(sig, (a) => impl(T(a.input), a));
export const masked_fill = outOfPlace(MASKED_FILL, IMPL.masked_fill);
export const index_fill = outOfPlace(INDEX_FILL, IMPL.index_fill);
export const index_add = outOfPlace(INDEX_ADD, IMPL.index_add);
export const index_copy = outOfPlace(INDEX_COPY, IMPL.index_copy);
export const scatter = outOfPlace(SCATTER, IMPL.scatter);
export const scatter_add = outOfPlace(SCATTER_ADD, IMPL.scatter_add);
export const masked_select = op<(input: Tensor, mask: Tensor | Kwargs, kw?: Kwargs) => Tensor>(
  builtin(`masked_select(Tensor input, Tensor mask, *, ${OUT})`), (a) => X.masked_select(T(a.input), T(a.mask)));

/** Tensor.where(condition, other): where.self's method form (the other overloads are functions only). */
const WHERE_METHOD = builtin(['where(Tensor condition, Tensor other)']);
export function whereMethod(self: Tensor, args: readonly unknown[]): Tensor {
  const [a] = WHERE_METHOD.parse(args, self);
  return E.where(T(a.condition), self, T(a.other));
}

/** The in-place methods: their arguments bound, then the op applied in place (ops/inplace.ts: recorded by autograd where needed). */
const INPLACE: Record<string, [Builtin, (x: Tensor, a: Kw) => Tensor]> = {
  masked_fill_: [MASKED_FILL_, IMPL.masked_fill], index_fill_: [INDEX_FILL_, IMPL.index_fill], index_add_: [INDEX_ADD_, IMPL.index_add],
  index_copy_: [INDEX_COPY_, IMPL.index_copy], scatter_: [SCATTER_, IMPL.scatter], scatter_add_: [SCATTER_ADD_, IMPL.scatter_add],
};
export function inplaceMethod(name: keyof typeof INPLACE, self: Tensor, args: readonly unknown[]): Tensor {
  const [sig, impl] = INPLACE[name];
  const [a] = sig.parse(args, self);
  const overlap = name === 'masked_fill_' || name === 'index_fill_' ? name : undefined; // they warn where the others refuse
  return inplace(self, { operands: [a.source, a.src, a.value], compute: (x) => impl(x, a), overlap });
}

const INDEX_PUT = builtin('index_put(OptTensor[] indices, Tensor values, bool accumulate=False)');
const INDEX_PUT_ = builtin('index_put_(OptTensor[] indices, Tensor values, bool accumulate=False)');
/** index_put / index_put_'s bound (indices, values, accumulate). */
export function indexPutArgs(inplace: boolean, self: Tensor, args: readonly unknown[]): [(Tensor | null)[], Tensor, boolean] {
  const [a] = (inplace ? INDEX_PUT_ : INDEX_PUT).parse(args, self);
  return [a.indices as (Tensor | null)[], T(a.values), !!a.accumulate];
}
