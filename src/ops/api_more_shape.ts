// The shape ops, linear algebra, factories, seeded draws and softmax of issue 12 as PyTorch 1.13's
// builtins (declarations copied from 1.13, in its order), bound once to the kernels of shape_ops.ts,
// linalg.ts, factories_more.ts, random.ts and F.softmax, with 1.13's TypeErrors for bad calls.
import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import { bind, builtin, isTensor, op, type Builtin, type Kw, type Op } from '../tensor/args.js';
import { ValueError } from '../tensor/errors.js';
import { T, N, OUT, type Kwargs } from './api_common.js';
import { given } from './api_more.js';
import * as SH from './shape_ops.js';
import * as L from './linalg.js';
import * as RND from './random.js';
import * as FM from '../tensor/factories_more.js';
import { log_softmax as fLogSoftmax, softmax as fSoftmax, softmaxBuiltin } from '../nn/functional/softmax.js';

type Ints = number | number[];
const FACTORY = 'dtype? dtype=None, layout? layout=None, device? device=None, bool? pin_memory=False, bool? requires_grad=False';
const FACTORY_KEYS = ['dtype', 'layout', 'device', 'pin_memory', 'requires_grad'];

// ---- shape ops ----
export const flip = op<(input: Tensor, dims: Ints | Kwargs, kw?: Kwargs) => Tensor>(builtin('flip(Tensor input, int[] dims)'),
  (a) => SH.flip(T(a.input), a.dims));
export const tile = op<(input: Tensor, dims: Ints | Kwargs, kw?: Kwargs) => Tensor>(builtin('tile(Tensor input, int[] dims)'),
  (a) => SH.tile(T(a.input), a.dims));
export const roll = op<(input: Tensor, shifts: Ints | Kwargs, dims?: Ints | null | Kwargs, kw?: Kwargs) => Tensor>(
  builtin('roll(Tensor input, int[1] shifts, int[1] dims=[])'), (a) => SH.roll(T(a.input), a.shifts, a.dims));
/** Tensor.repeat(*repeats): a method only. */
export const REPEAT = builtin('repeat(SymInt[] repeats)');
export const repeat_interleave = op<(input: Tensor, repeats?: number | Tensor | Kwargs, dim?: number | null | Kwargs, kw?: { output_size?: number | null }) => Tensor>(builtin([
  'repeat_interleave(Tensor input, Tensor repeats, int? dim=None, *, int? output_size=None)',
  'repeat_interleave(Tensor input, int repeats, int? dim=None, *, int? output_size=None)',
  'repeat_interleave(Tensor repeats, *, int? output_size=None)',
]), (a, k) => (k === 2 ? SH.repeat_interleave(T(a.repeats), given(a, ['output_size']))
  : SH.repeat_interleave(T(a.input), a.repeats, a.dim ?? null, given(a, ['output_size']))));
type DiagFn = (input: Tensor, diagonal?: number | Kwargs, kw?: Kwargs) => Tensor;
const diagonalOp = (name: 'tril' | 'triu' | 'diag', impl: (...args: unknown[]) => Tensor): Op<DiagFn> =>
  op<DiagFn>(builtin(`${name}(Tensor input, int diagonal=0, *, ${OUT})`), (a) => impl(T(a.input), N(a.diagonal)));
export const tril = diagonalOp('tril', SH.tril);
export const triu = diagonalOp('triu', SH.triu);
export const diag = diagonalOp('diag', SH.diag);

// ---- linear algebra ----
type PairFn = (input: Tensor, other: Tensor | Kwargs, kw?: Kwargs) => Tensor;
const pair = (name: string, second: string, impl: (...args: unknown[]) => Tensor): Op<PairFn> =>
  op<PairFn>(builtin(`${name}(Tensor input, Tensor ${second}, *, ${OUT})`), (a) => impl(T(a.input), T(a[second])));
export const dot = pair('dot', 'tensor', L.dot);
export const mv = pair('mv', 'vec', L.mv);
export const bmm = pair('bmm', 'mat2', L.bmm);
export const outer = pair('outer', 'vec2', L.outer);
export const ger = pair('ger', 'vec2', L.outer);
type AffineFn = (input: Tensor, m1: Tensor | Kwargs, m2: Tensor | Kwargs, kw?: { beta?: number; alpha?: number }) => Tensor;
/** addmm / baddbmm, with the deprecated forms (beta and alpha first) that 1.13 still binds, warning once. */
function affine(name: string, a1: string, a2: string, impl: (...args: unknown[]) => Tensor): Op<AffineFn> {
  const run = (a: Kw, self: unknown): Tensor => impl(T(self), T(a[a1]), T(a[a2]), { beta: a.beta ?? 1, alpha: a.alpha ?? 1 });
  const f = op<AffineFn>(builtin(
    [`${name}(Tensor input, Tensor ${a1}, Tensor ${a2}, *, Number beta=1, Number alpha=1, ${OUT})`],
    [`${name}(Number beta, Tensor input, Number alpha, Tensor ${a1}, Tensor ${a2}, *, ${OUT})`, `${name}(Number beta, Tensor input, Tensor ${a1}, Tensor ${a2}, *, ${OUT})`],
  ), (a) => run(a, a.input));
  // the method's own deprecated forms (beta, alpha first) have no self parameter to derive them from
  const method = builtin([`${name}(Tensor ${a1}, Tensor ${a2}, *, Number beta=1, Number alpha=1)`],
    [`${name}(Number beta, Number alpha, Tensor ${a1}, Tensor ${a2})`, `${name}(Number beta, Tensor ${a1}, Tensor ${a2})`]);
  f.method = (self, args) => run(method.parse(args, self)[0], self);
  return f;
}
export const addmm = affine('addmm', 'mat1', 'mat2', L.addmm);
export const baddbmm = affine('baddbmm', 'batch1', 'batch2', L.baddbmm);

/** torch.meshgrid(*tensors, indexing=None), a Python function handing on to the builtin _VF.meshgrid. */
const MESHGRID = builtin(['meshgrid(Tensor[] tensors)', 'meshgrid(Tensor[] tensors, *, str indexing)']);
export function meshgrid(...args: unknown[]): Tensor[] {
  const a = bind('meshgrid(*tensors, indexing=None)', args);
  const given_ = a.tensors as unknown[];
  const tensors = given_.length === 1 && Array.isArray(given_[0]) ? given_[0] : given_;
  MESHGRID.parse(a.indexing === null ? [tensors] : [tensors, { indexing: a.indexing }]);
  return SH.meshgrid(...tensors, ...(a.indexing === null ? [] : [{ indexing: a.indexing }]));
}
/** torch.einsum(equation, *operands), a Python function handing on to the builtin _VF.einsum. */
const EINSUM = builtin('einsum(str equation, Tensor[] tensors, *, int[]? path=None)');
export function einsum(...args: unknown[]): Tensor {
  const a = bind('einsum(*args)', args);
  const all_ = a.args as unknown[];
  if (all_.length < 2) throw new ValueError('einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list');
  // einsum(op1, sublist1, op2, ...): the sublist format, which L.einsum reads
  if (isTensor(all_[0])) return L.einsum(...all_);
  const operands = all_.length === 2 && Array.isArray(all_[1]) ? all_[1] : all_.slice(1);
  EINSUM.parse([all_[0], operands]);
  return L.einsum(all_[0], ...operands);
}

// ---- factories ----
export const eye = op<(n: number | Kwargs, m?: number | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `eye(int n, *, ${OUT}, ${FACTORY})`, `eye(int n, int m, *, ${OUT}, ${FACTORY})`,
]), (a, k) => FM.eye(N(a.n), ...(k === 1 ? [N(a.m)] : []), given(a, FACTORY_KEYS)));
export const linspace = op<(start: number | Kwargs, end: number | Kwargs, steps: number | Kwargs, kw?: Kwargs) => Tensor>(
  builtin(`linspace(Number start, Number end, int steps, *, ${OUT}, ${FACTORY})`),
  (a) => FM.linspace(a.start, a.end, a.steps, given(a, FACTORY_KEYS)));
type NewFn = (self: Tensor, args: unknown[]) => Tensor;
const newSized = (name: string, extra = ''): Builtin => builtin(`${name}(SymInt[] size${extra}, *, ${FACTORY})`);
/** The Tensor.new_* factories (methods only): their binder, and the kernel called with the bound values. */
export const NEW: Record<'new_zeros' | 'new_ones' | 'new_empty' | 'new_full', [Builtin, (self: Tensor, a: Kw) => Tensor]> = {
  new_zeros: [newSized('new_zeros'), (self, a) => FM.new_zeros(self, [a.size as number[], given(a, FACTORY_KEYS)])],
  new_ones: [newSized('new_ones'), (self, a) => FM.new_ones(self, [a.size as number[], given(a, FACTORY_KEYS)])],
  new_empty: [newSized('new_empty'), (self, a) => FM.new_empty(self, [a.size as number[], given(a, FACTORY_KEYS)])],
  new_full: [newSized('new_full', ', Number fill_value'), (self, a) => (FM.new_full as NewFn)(self, [a.size, a.fill_value, given(a, FACTORY_KEYS)])],
};
const NEW_TENSOR = builtin('new_tensor(object data, *, dtype? dtype=None, device? device=None, bool requires_grad=False)');
/** Tensor.new_tensor(data, *, dtype, device, requires_grad): data a Tensor, number or (nested) list. */
export function newTensor(self: Tensor, args: unknown[]): Tensor {
  const a = NEW_TENSOR.parse(args, self)[0];
  if (typeof a.data === 'string') throw new TypeError("new(): invalid data type 'str'");
  return FM.new_tensor(self, [a.data, given(a, ['dtype', 'device', 'requires_grad'])]);
}

// ---- seeded draws ----
const GEN = 'Generator? generator=None';
export const multinomial = op<(input: Tensor, num_samples: number | Kwargs, replacement?: boolean | Kwargs, kw?: { generator?: Generator | null }) => Tensor>(
  builtin(`multinomial(Tensor input, int num_samples, bool replacement=False, *, ${GEN}, ${OUT})`),
  (a) => RND.multinomial(T(a.input), N(a.num_samples), !!a.replacement, given(a, ['generator'])));
export const bernoulli = op<(input: Tensor, p?: number | Kwargs, kw?: { generator?: Generator | null }) => Tensor>(builtin([
  `bernoulli(Tensor input, *, ${GEN}, ${OUT})`, `bernoulli(Tensor input, float p, *, ${GEN})`,
]), (a) => RND.bernoulli(T(a.input), { ...given(a, ['p', 'generator']) }));
const normalOp = op<(mean: Tensor | number | Kwargs, std?: Tensor | number | Kwargs, size?: number[] | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  `normal(Tensor mean, Tensor std, *, ${GEN}, ${OUT})`, `normal(Tensor mean, float std=1, *, ${GEN}, ${OUT})`,
  `normal(float mean, Tensor std, *, ${GEN}, ${OUT})`, `normal(float mean, float std, int[] size, *, ${GEN}, ${OUT}, ${FACTORY})`,
]), (a, k) => (k === 3 ? RND.normal(N(a.mean), N(a.std), a.size as number[], given(a, ['generator', ...FACTORY_KEYS]) as RND.NormalFactoryOpts)
  : RND.normal(a.mean as Tensor, a.std as Tensor, given(a, ['generator']))));
/**
 * torch.normal: a JS number is a double, so the invalid-combination message names numbers as the
 * float overloads read them (normal(0., 1.)), not as ints.
 */
export const normal = Object.assign((...args: Parameters<typeof normalOp>): Tensor => {
  try { return normalOp(...args); } catch (e) {
    if (!(e instanceof TypeError) || !e.message.startsWith('normal() received')) throw e;
    const [head, rest] = e.message.split(', but expected');
    throw new TypeError(`${head.replace(/(?<!=)\bint\b/g, 'float')}, but expected${rest}`);
  }
}, { method: normalOp.method });
/** The in-place draws (methods only): binder and kernel. */
export const DRAWS: Record<'normal_' | 'uniform_' | 'exponential_' | 'bernoulli_' | 'random_', [Builtin, (self: Tensor, a: Kw, k: number) => Tensor]> = {
  normal_: [builtin(`normal_(float mean=0, float std=1, *, ${GEN})`), (self, a) => RND.normal_(self, a.mean, a.std, given(a, ['generator']))],
  uniform_: [builtin(`uniform_(float from=0, float to=1, *, ${GEN})`), (self, a) => RND.uniform_(self, a.from, a.to, given(a, ['generator']))],
  exponential_: [builtin(`exponential_(float lambd=1, *, ${GEN})`), (self, a) => RND.exponential_(self, a.lambd, given(a, ['generator']))],
  bernoulli_: [builtin([`bernoulli_(Tensor p, *, ${GEN})`, `bernoulli_(float p=0.5, *, ${GEN})`]), (self, a) => RND.bernoulli_(self, a.p, given(a, ['generator']))],
  random_: [builtin([`random_(*, ${GEN})`, `random_(int from, int? to, *, ${GEN})`, `random_(int to, *, ${GEN})`]),
    (self, a, k) => RND.random_(self, ...(k === 0 ? [] : k === 1 ? [a.from, a.to] : [a.to]), given(a, ['generator']))],
};

// ---- softmax ----
type SoftmaxFn = (input: Tensor, dim: number | Kwargs, dtype?: DType | string | null | Kwargs, kw?: Kwargs) => Tensor;
const softmaxOp = (name: 'softmax' | 'log_softmax', impl: (...args: unknown[]) => Tensor): Op<SoftmaxFn> =>
  op<SoftmaxFn>(softmaxBuiltin(name), (a) => impl(T(a.input), { dim: a.dim, dtype: a.dtype }));
export const softmax = softmaxOp('softmax', fSoftmax);
export const log_softmax = softmaxOp('log_softmax', fLogSoftmax);
