// Seeded random ops drawing PyTorch 1.13's numbers: torch.multinomial, torch.bernoulli,
// torch.normal and the in-place Tensor.normal_/uniform_/bernoulli_/exponential_/random_. Each
// checks what 1.13 checks, in its order and words, then draws in the order its CPU kernel draws
// (memory order for a non-contiguous tensor, see random_more.ts). Their gradients are zeros under
// PyTorch's node names (NormalBackward0 ...), as 1.13's derivatives.yaml defines them.
import { Tensor } from '../tensor/tensor.js';
import { DType, float32, float64, int64, bool, describe, toDType, type Storage } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { broadcastShapes, numelOf } from '../tensor/shape.js';
import { denseStrides } from '../tensor/strided.js';
import { fmtCppDouble } from '../tensor/cpp_format.js';
import { Generator, default_generator, fillNormal, fillUniform, randomFromTo } from '../tensor/random.js';
import { iteratorOrder, bernoulliDouble, bernoulliFloat, exponentialDraw, multinomialWithReplacement } from '../tensor/random_more.js';
import { fma } from '../kernels/fma.js';
import { record } from '../autograd/function.js';
import { is_grad_enabled, no_grad } from '../autograd/grad_mode.js';
import { expand } from './view.js';
import { topk } from './sort.js';
import * as E from './elementwise.js';
import { inplace } from './inplace.js';
import { bindNames, boolArg, intArg, numberArg, tensorArg, type Kw } from '../tensor/args.js';

// ---- arguments ----
export interface GeneratorOpt { generator?: Generator | null }
/** (a?, b?, options?): positionally or in the options object, as Python's keywords. */
type Two<A, B, K extends string, L extends string> =
  [] | [opts: { [k in K | L]?: A | B } & GeneratorOpt] | [a: A, opts?: { [k in L]?: B } & GeneratorOpt] | [a: A, b: B, opts?: GeneratorOpt];
export type NormalArgs = Two<number, number, 'mean', 'std'>;
export type UniformArgs = Two<number, number, 'from', 'to'>;
export type RandomArgs = Two<number, number | null, 'from', 'to'>;
export type BernoulliArgs = [] | [opts: { p?: number | Tensor } & GeneratorOpt] | [p: number | Tensor, opts?: GeneratorOpt];
export type ExponentialArgs = [] | [opts: { lambd?: number } & GeneratorOpt] | [lambd: number, opts?: GeneratorOpt];
export type MultinomialArgs = [opts: { num_samples: number; replacement?: boolean } & GeneratorOpt]
  | [num_samples: number, opts?: { replacement?: boolean } & GeneratorOpt] | [num_samples: number, replacement: boolean, opts?: GeneratorOpt];

function generatorArg(fn: string, v: unknown): Generator {
  if (v === undefined || v === null) return default_generator;
  if (!(v instanceof Generator)) throw new TypeError(`${fn}(): argument 'generator' must be torch.Generator, not ${describe(v)}`);
  return v;
}
/** Binds a method's arguments: `positional` may come positionally, `generator` by keyword only. */
function bindMethod(fn: string, positional: readonly string[], args: readonly unknown[]): Kw {
  const n = args.length - (args.length && isPlainObject(args[args.length - 1]) ? 1 : 0);
  if (n > positional.length)
    throw new TypeError(`${fn}() takes from 0 to ${positional.length} positional arguments but ${n} were given`);
  return bindNames(fn, [...positional, 'generator'], args);
}
function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}
function floatOnly(kernel: string, dtype: DType): void {
  if (!dtype.is_floating_point) throw new RuntimeError(`"${kernel}" not implemented for '${dtype.scalarName}'`);
}

// ---- writing draws ----
/** The order a nullary kernel on `t` draws in (row-major unless t's layout is permuted). */
function drawOrder(t: Tensor): Int32Array | null { return iteratorOrder(t.shape, [t._strides]); }
/** values[order[k]] = draw() for k = 0, 1, ...: draws in kernel order into row-major values. */
function drawInto(values: Storage, order: Int32Array | null, draw: (at: number) => number): Storage {
  if (order === null) for (let k = 0; k < values.length; k++) values[k] = draw(k);
  else for (let k = 0; k < order.length; k++) values[order[k]] = draw(order[k]);
  return values;
}
function zerosFor(t: Tensor): Tensor { return new Tensor(t.dtype.alloc(t.numel()), t.shape, t.dtype); }

/**
 * Writes the row-major values `draw()` returns into self, as the in-place random op `name` (through
 * ops/inplace.ts: a leaf that requires grad is refused before anything is drawn, a tensor in a
 * graph gets the op's node, a zero gradient to its history).
 */
function writeRandom(self: Tensor, name: string, draw: () => Storage, operands: readonly Tensor[] = []): Tensor {
  return inplace(self, {
    operands,
    compute: (x) => record(new Tensor(draw(), x.shape, x.dtype), name, [x, ...operands], () => [zerosFor(x), ...operands.map(zerosFor)], false),
    direct: () => self._write(draw()),
  });
}

// ---- normal_ / uniform_ / exponential_ ----
function checkStd(std: number): void {
  if (!(std >= 0)) throw new RuntimeError(`normal expects std >= 0.0, but found std ${fmtCppDouble(std)}`);
}
/** normal_kernel's draws for a tensor of t's layout: the 16-wide fill when contiguous and >= 16, else pairwise in memory order. */
function normalValues(t: Tensor, mean: number, std: number, gen: Generator): Storage {
  const values = t.dtype.alloc(t.numel());
  if (t.is_contiguous()) fillNormal(values, mean, std, t.dtype === float32, gen);
  else drawInto(values, drawOrder(t), () => fma(gen.normalDouble(), std, mean));
  return values;
}

/** x.normal_(mean=0, std=1, *, generator=None). */
export function normal_(self: Tensor, ...args: unknown[]): Tensor {
  const a = bindMethod('normal_', ['mean', 'std'], args);
  const mean = numberArg('normal_', 'mean', a.mean, 0), std = numberArg('normal_', 'std', a.std, 1);
  const gen = generatorArg('normal_', a.generator);
  checkStd(std);
  floatOnly('normal_kernel_cpu', self.dtype);
  return writeRandom(self, 'NormalBackward0', () => normalValues(self, mean, std, gen));
}

/** x.uniform_(from=0, to=1, *, generator=None): `{from, to}` by keyword too. */
export function uniform_(self: Tensor, ...args: unknown[]): Tensor {
  const a = bindMethod('uniform_', ['from', 'to'], args);
  const from = numberArg('uniform_', 'from', a.from, 0), to = numberArg('uniform_', 'to', a.to, 1);
  const gen = generatorArg('uniform_', a.generator);
  floatOnly('check_uniform_bounds', self.dtype);
  const f32 = self.dtype === float32, max = f32 ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const cName = f32 ? 'float' : 'double';
  if (!(from >= -max && from <= max)) throw new RuntimeError(`from is out of bounds for ${cName}`);
  if (!(to >= -max && to <= max)) throw new RuntimeError(`to is out of bounds for ${cName}`);
  if (!(from <= to)) throw new RuntimeError(`uniform_ expects to return a [from, to) range, but found from=${fmtCppDouble(from)} > to=${fmtCppDouble(to)}`);
  if (!(to - from <= max))
    throw new RuntimeError(`uniform_ expects to-from <= std::numeric_limits<${self.dtype.scalarName}>::max(), but found to=${fmtCppDouble(to)} and from=${fmtCppDouble(from)} which result in to-from to exceed the limit`);
  return writeRandom(self, 'UniformBackward0', () => {
    const n = self.numel(), seq = self.dtype.alloc(n);
    fillUniform(seq, from, to, f32, gen);
    const order = drawOrder(self);
    let k = 0;
    return order === null ? seq : drawInto(self.dtype.alloc(n), order, () => seq[k++]);
  });
}

/** x.exponential_(lambd=1, *, generator=None). */
export function exponential_(self: Tensor, ...args: unknown[]): Tensor {
  const a = bindMethod('exponential_', ['lambd'], args);
  const lambda = numberArg('exponential_', 'lambd', a.lambd, 1);
  const gen = generatorArg('exponential_', a.generator);
  if (!(lambda >= 0)) throw new RuntimeError(`exponential_ expects lambda >= 0.0, but found lambda=${fmtCppDouble(lambda)}`);
  floatOnly('exponential_cpu', self.dtype);
  return writeRandom(self, 'ExponentialBackward0', () => drawInto(self.dtype.alloc(self.numel()), drawOrder(self), () => exponentialDraw(gen, lambda)));
}

// ---- bernoulli ----
const P_IN_RANGE = 'Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)';

/**
 * bernoulli_(p tensor) into a tensor of `self`'s layout: p broadcast to self, one draw per element
 * in memory order (53 bits for a float64 p, 24 for float32), each p checked as it is reached.
 */
function bernoulliTensorValues(self: Tensor, p: Tensor, gen: Generator): Storage {
  const pe = expand(p, self.shape);
  if (!p.dtype.is_floating_point) throw new RuntimeError(`"bernoulli_tensor_cpu_p_" not implemented for '${p.dtype.scalarName}'`);
  const draw = p.dtype === float64 ? bernoulliDouble : bernoulliFloat;
  const pd = pe._data;
  return drawInto(self.dtype.alloc(self.numel()), iteratorOrder(self.shape, [self._strides, pe._strides]), (at) => {
    const pv = pd[at];
    // the kernel stops here, after drawing for the elements before (PyTorch has written them
    // too; torchlet writes nothing, but the generator has moved on as PyTorch's has)
    if (!(pv >= 0 && pv <= 1)) throw new RuntimeError(P_IN_RANGE);
    return draw(gen, pv);
  });
}
function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${fmtCppDouble(p)}`);
}
function bernoulliScalarValues(self: Tensor, p: number, gen: Generator): Storage {
  return drawInto(self.dtype.alloc(self.numel()), drawOrder(self), () => bernoulliDouble(gen, p));
}

/** x.bernoulli_(p=0.5, *, generator=None): p a number or a tensor broadcast to x. */
export function bernoulli_(self: Tensor, ...args: unknown[]): Tensor {
  const a = bindMethod('bernoulli_', ['p'], args);
  const gen = generatorArg('bernoulli_', a.generator);
  const pt = a.p;
  if (pt instanceof Tensor) return writeRandom(self, 'BernoulliBackward1', () => bernoulliTensorValues(self, pt, gen), [pt]);
  const p = numberArg('bernoulli_', 'p', pt, 0.5);
  checkP(p);
  return writeRandom(self, 'BernoulliBackward2', () => bernoulliScalarValues(self, p, gen));
}

/** torch.bernoulli(input, *, generator=None) draws with probabilities `input`; torch.bernoulli(input, p) with p. */
export function bernoulli(input: Tensor, ...args: BernoulliArgs): Tensor;
export function bernoulli(opts: { input: Tensor; p?: number } & GeneratorOpt): Tensor;
export function bernoulli(...args: unknown[]): Tensor {
  const a = bindNames('bernoulli', ['input', 'p', 'generator'], args);
  const input = tensorArg('bernoulli', 'input', a.input, 1);
  const gen = generatorArg('bernoulli', a.generator);
  const out = zerosFor(input);
  if (a.p === undefined || a.p === null) {
    out._data = bernoulliTensorValues(out, input, gen);
    return record(out, 'BernoulliBackward0', [input], () => [zerosFor(input)], false);
  }
  const p = numberArg('bernoulli', 'p', a.p, 0.5);
  checkP(p);
  out._data = bernoulliScalarValues(out, p, gen);
  return out;
}

// ---- torch.normal ----
const NORMAL_OVERLOADS = ' * (Tensor mean, Tensor std, *, torch.Generator generator, Tensor out)\n'
  + ' * (Tensor mean, float std, *, torch.Generator generator, Tensor out)\n'
  + ' * (float mean, Tensor std, *, torch.Generator generator, Tensor out)\n'
  + ' * (float mean, float std, tuple of ints size, *, torch.Generator generator, Tensor out, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad)\n';
function pyTypeName(v: unknown): string {
  if (v instanceof Tensor) return 'Tensor';
  if (typeof v === 'number') return 'float'; // a JS number is a double: 2.0 and 2 are one value
  if (Array.isArray(v)) return 'tuple';
  return describe(v);
}
function normalTypeError(args: readonly unknown[]): TypeError {
  const pos = args.filter((v) => !isPlainObject(v)).map(pyTypeName);
  const kw = args.filter(isPlainObject).flatMap((o) => Object.entries(o as Kw).map(([k, v]) => `${k}=${pyTypeName(v)}, `));
  const got = kw.length ? `${pos.map((t) => `${t}, `).join('')}${kw.join('')}` : pos.join(', ');
  return new TypeError(`normal() received an invalid combination of arguments - got (${got}), but expected one of:\n${NORMAL_OVERLOADS}`);
}
const FACTORY_KW = ['dtype', 'layout', 'device', 'pin_memory', 'requires_grad'];
export interface NormalFactoryOpts extends GeneratorOpt { dtype?: DType | string | null; requires_grad?: boolean; device?: unknown; layout?: unknown; pin_memory?: boolean }

/**
 * torch.normal(mean, std, {generator}) with tensor means and/or stds (broadcast), or
 * torch.normal(mean, std, size, {generator, dtype, requires_grad}) with numbers.
 */
export function normal(mean: Tensor, std?: Tensor | number, opts?: GeneratorOpt): Tensor;
export function normal(mean: number, std: Tensor, opts?: GeneratorOpt): Tensor;
export function normal(mean: number, std: number, size: number[], opts?: NormalFactoryOpts): Tensor;
export function normal(opts: { mean: Tensor | number; std?: Tensor | number; size?: number[] } & NormalFactoryOpts): Tensor;
export function normal(...args: unknown[]): Tensor {
  const a = bindNames('normal', ['mean', 'std', 'size', 'generator', 'out', ...FACTORY_KW], args);
  const { mean, std } = a;
  const isNum = (v: unknown) => typeof v === 'number';
  const factory = FACTORY_KW.some((k) => a[k] !== undefined);
  if (a.out !== undefined && a.out !== null) throw new RuntimeError('normal(): the out= argument is not supported by torchlet');
  if (a.size !== undefined) {
    if (!isNum(mean) || !isNum(std) || !Array.isArray(a.size)) throw normalTypeError(args);
    const gen = generatorArg('normal', a.generator);
    checkStd(std as number);
    const dtype = a.dtype === undefined || a.dtype === null ? float32 : toDType(a.dtype);
    floatOnly('normal_kernel_cpu', dtype);
    const size = a.size.map((s) => intArg('normal', 'size', s, 0));
    const out = new Tensor(dtype.alloc(numelOf(size)), size, dtype);
    fillNormal(out._data, mean as number, std as number, dtype === float32, gen);
    if (boolArg('normal', 'requires_grad', a.requires_grad, false)) out.requires_grad_(true);
    return out;
  }
  const stdV = std === undefined ? 1 : std;
  if (factory || !(mean instanceof Tensor || stdV instanceof Tensor) || !(mean instanceof Tensor || isNum(mean)) || !(stdV instanceof Tensor || isNum(stdV)))
    throw normalTypeError(args);
  const gen = generatorArg('normal', a.generator);
  if (stdV instanceof Tensor) {
    if (stdV.numel() > 0 && !(no_grad(() => stdV.detach().min().item()) >= 0)) throw new RuntimeError('normal expects all elements of std >= 0.0');
  } else checkStd(stdV as number);
  const shape = mean instanceof Tensor ? (stdV instanceof Tensor ? broadcastShapes(mean.shape, stdV.shape) : mean.shape) : (stdV as Tensor).shape;
  const dtype = mean instanceof Tensor ? mean.dtype : (stdV as Tensor).dtype;
  floatOnly('normal_kernel_cpu', dtype);
  const draws = new Tensor(dtype.alloc(numelOf(shape)), shape, dtype);
  // normal_out_impl: N(0, std) + mean for a number std; else N(0, 1) * std + mean, in place in the output's dtype
  fillNormal(draws._data, 0, stdV instanceof Tensor ? 1 : stdV as number, dtype === float32, gen);
  const out = no_grad(() => {
    const scaled = stdV instanceof Tensor ? E.mul(draws, stdV.detach()).to(dtype) : draws;
    const m = mean instanceof Tensor ? mean.detach() : new Tensor(dtype.alloc(1).fill(mean as number), [], dtype);
    return E.add(scaled, m).to(dtype);
  });
  const inputs = [mean instanceof Tensor ? mean : null, stdV instanceof Tensor ? stdV : null];
  const name = inputs[0] && inputs[1] ? 'NormalBackward3' : inputs[0] ? 'NormalBackward1' : 'NormalBackward2';
  return record(out, name, inputs, () => inputs.map((t) => (t ? zerosFor(t) : null)), false);
}

// ---- multinomial ----
/** Strides of empty_like(x): x's own when they pack its elements densely (in any order), else row-major. */
function emptyLikeStrides(x: Tensor): number[] {
  const dims = x.shape.map((_, d) => d).filter((d) => x.shape[d] !== 1).sort((p, q) => x._strides[p] - x._strides[q]);
  let expect = 1;
  for (const d of dims) {
    if (x._strides[d] !== expect) return denseStrides(x.shape);
    expect *= x.shape[d];
  }
  return x._strides;
}

/** torch.multinomial(input, num_samples, replacement=False, *, generator=None): int64 category indices. */
export function multinomial(input: Tensor, ...args: MultinomialArgs): Tensor;
export function multinomial(opts: { input: Tensor; num_samples: number; replacement?: boolean } & GeneratorOpt): Tensor;
export function multinomial(...args: unknown[]): Tensor {
  const a = bindNames('multinomial', ['input', 'num_samples', 'replacement', 'generator'], args);
  const input = tensorArg('multinomial', 'input', a.input, 1);
  if (a.num_samples === undefined) throw new TypeError("multinomial() missing required argument 'num_samples' (pos 2)");
  const nSample = intArg('multinomial', 'num_samples', a.num_samples, 0);
  const replacement = boolArg('multinomial', 'replacement', a.replacement, false);
  const gen = generatorArg('multinomial', a.generator);
  if (input.ndim < 1 || input.ndim > 2) throw new RuntimeError('prob_dist must be 1 or 2 dim');
  if (!input.dtype.is_floating_point) throw new RuntimeError(`multinomial only supports floating-point dtypes for input, got: ${input.dtype.scalarName}`);
  if (nSample <= 0) throw new RuntimeError('cannot sample n_sample <= 0 samples');
  const cats = input.shape[input.ndim - 1];
  if (!replacement && nSample > cats) throw new RuntimeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  if (cats > 2 ** 24) throw new RuntimeError('number of categories cannot exceed 2^24');
  const rows = input.ndim === 2 ? input.shape[0] : 1;
  const shape = input.ndim === 2 ? [rows, nSample] : [nSample];
  if (rows * nSample === 0) return new Tensor(int64.alloc(0), shape, int64);
  const p = input.contiguous()._data;
  if (replacement) {
    const out = int64.alloc(rows * nSample);
    multinomialWithReplacement(p, rows, cats, nSample, input.dtype === float32, gen, out);
    return new Tensor(out, shape, int64);
  }
  // without replacement, 1.13 takes the top num_samples of p / q with q ~ Exp(1) (Gumbel-max, exponentiated)
  let valid = true, zeroRow = false;
  for (let i = 0; i < p.length; i++) if (!(p[i] >= 0 && p[i] < Infinity)) valid = false;
  if (!valid) throw new RuntimeError('probability tensor contains either `inf`, `nan` or element < 0');
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cats; j++) s += p[r * cats + j];
    if (s === 0) zeroRow = true;
  }
  if (zeroRow) throw new RuntimeError('invalid multinomial distribution (sum of probabilities <= 0)');
  const qOrder = iteratorOrder(input.shape, [emptyLikeStrides(input)]);
  const q = drawInto(input.dtype.alloc(p.length), qOrder, () => exponentialDraw(gen, 1));
  for (let i = 0; i < q.length; i++) q[i] = p[i] / q[i];
  const ratios = new Tensor(q, input.shape, input.dtype);
  if (nSample > 1) return no_grad(() => topk(ratios, nSample).indices);
  const out = int64.alloc(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < cats; j++) if (q[r * cats + j] > q[r * cats + best]) best = j;
    out[r] = best;
  }
  return new Tensor(out, input.ndim === 2 ? [rows, 1] : [1], int64);
}

// ---- random_ ----
/**
 * x.random_(), x.random_(to), x.random_(from, to): integers drawn as 1.13's random_ kernels draw
 * them (the whole representable range when no bound is given).
 */
export function random_(self: Tensor, ...args: unknown[]): Tensor {
  const a = bindMethod('random_', ['from', 'to'], args);
  const gen = generatorArg('random_', a.generator);
  const digits = self.dtype === float32 ? 24 : self.dtype === float64 ? 53 : 63;
  let draw: () => number;
  if (a.from === undefined && a.to === undefined) {
    // uniform_int_distribution: [0, 2^digits] for floats, [0, 2^63) for int64, one bit for bool
    if (self.dtype === bool) draw = () => gen.random() & 1;
    else if (self.dtype === float32) draw = () => gen.random() % (2 ** 24 + 1);
    else draw = () => {
      const v = BigInt(gen.random()) << 32n | BigInt(gen.random());
      return Number(self.dtype === float64 ? v % (2n ** 53n + 1n) : v % (2n ** 63n));
    };
  } else {
    // random_(to) when one bound is given, else random_(from, to) with to=None meaning the dtype's top
    const one = a.to === undefined;
    const from = one ? 0 : intArg('random_', 'from', a.from, 0);
    const to = one ? intArg('random_', 'to', a.from, 0) : a.to === null ? null : intArg('random_', 'to', a.to, 0);
    // to=None: up to the dtype's largest integer, inclusive (2^24 / 2^53 for floats)
    const top = to === null ? (self.dtype === bool ? 2n : self.dtype === int64 ? 2n ** 63n : 2n ** BigInt(digits) + 1n) : BigInt(to);
    if (to !== null && from >= to) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
    const range = top - BigInt(from);
    draw = () => randomFromTo(gen, range, from);
  }
  return writeRandom(self, 'RandomBackward0', () => drawInto(self.dtype.alloc(self.numel()), drawOrder(self), draw));
}
