// Reductions beyond sum and mean: prod, logsumexp, var / std (and var_mean / std_mean), norm,
// amax / amin, all / any and count_nonzero, over one dim, a list of dims or everything, each with
// PyTorch 1.13's dtype rules, errors and gradient formulas (which decide values at zeros, ties,
// infinities and NaNs).
import { Tensor } from '../tensor/tensor.js';
import { DType, bool, float32, int64, uint8 } from '../tensor/dtype.js';
import { fmaf } from '../kernels/fma.js';
import { norm2RunF32 } from '../kernels/reduce_exact.js';
import { IndexError, NotImplementedError, RuntimeError, ValueError } from '../tensor/errors.js';
import { wrapDim } from '../tensor/shape.js';
import { record } from '../autograd/function.js';
import { sum } from './reduce.js';
import { mul, sqrt, to } from './elementwise.js';
import {
  dense, groups, reducedDims, dimList, dtypeArg, accumulateDtype, floatDtype, requireArg, castTo, asDtype, type Groups,
} from './reduce_dims.js';
import { bindNames, boolArg, intArg } from '../tensor/args.js';

export interface ProdOpts { dim?: number | null; keepdim?: boolean; dtype?: DType | string | null }
export interface DimsOpts { dim?: number | number[] | null; keepdim?: boolean }
export interface VarOpts { dim?: number | number[] | null; unbiased?: boolean; keepdim?: boolean; correction?: number | null }
export interface NormOpts { p?: number | string | null; dim?: number | number[] | null; keepdim?: boolean; dtype?: DType | string | null }
type Dims = number | number[] | null;
export type ProdArgs = [dim?: number | null | ProdOpts, keepdim?: boolean | ProdOpts, opts?: ProdOpts];
export type DimsArgs = [dim?: Dims | DimsOpts, keepdim?: boolean | DimsOpts, opts?: DimsOpts];
export type DimArgs = [dim?: number | null | DimsOpts, keepdim?: boolean | DimsOpts, opts?: DimsOpts];
export type VarArgs = [dim?: Dims | boolean | VarOpts, unbiased?: boolean | VarOpts, keepdim?: boolean | VarOpts, opts?: VarOpts];
export type NormArgs = [p?: number | string | null | NormOpts, dim?: Dims | NormOpts, keepdim?: boolean | NormOpts, dtype?: DType | string | null | NormOpts, opts?: NormOpts];
export type CountArgs = [dim?: Dims | { dim?: Dims }];

/** out[o] = f(values of group o, o), stored as dtype. */
function reduce(x: Tensor, G: Groups, dtype: DType, f: (v: Float64Array, o: number) => number): Tensor {
  const d = dense(x), v = new Float64Array(G.size), out = dtype.alloc(G.count);
  for (let o = 0; o < G.count; o++) {
    for (let t = 0; t < G.size; t++) v[t] = d[G.pos[o * G.size + t]];
    out[o] = castTo(dtype, f(v, o));
  }
  return new Tensor(out, G.outShape, dtype);
}
/** A gradient for x from one value per input element: gx[pos] = f(x value, output index, output gradient). */
function spread(x: Tensor, G: Groups, g: Tensor, f: (xv: number, o: number, go: number) => number): Tensor {
  const d = dense(x), gd = dense(g), gx = x.dtype.alloc(d.length);
  for (let o = 0; o < G.count; o++) for (let t = 0; t < G.size; t++) {
    const p = G.pos[o * G.size + t];
    gx[p] = f(d[p], o, gd[o]);
  }
  return new Tensor(gx, x.shape, x.dtype);
}
const isFloat = (t: Tensor): boolean => t.dtype.is_floating_point;
/** PyTorch's sgn for real numbers: NaN gives 0. */
const sgn = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);

// ---- prod ----
/** torch.prod(input, {dtype}) or torch.prod(input, dim, keepdim=False, {dtype}). */
export function prod(input: Tensor, ...args: ProdArgs): Tensor {
  const a = bindNames('prod', ['dim', 'keepdim', 'dtype'], args);
  const dim = a.dim === undefined || a.dim === null ? null : intArg('prod', 'dim', a.dim, 0);
  const dtype = accumulateDtype(input, dtypeArg(a.dtype)), src = asDtype(input, dtype);
  const G = groups(src, dim === null ? null : [dim], dim !== null && boolArg('prod', 'keepdim', a.keepdim, false));
  const out = reduce(src, G, dtype, (v) => { let r = 1; for (const e of v) r *= castTo(dtype, e); return r; });
  if (!isFloat(out)) return out;
  return record(out, dim === null ? 'ProdBackward0' : 'ProdBackward1', [input], (g) => [to(prodBackward(src, G, g, out, dim === null), input.dtype)],
    true, { saved: [src, out] });
}

/**
 * PyTorch's prod_backward: g * (result / x) without zeros, else g times the product of the others
 * (prefix * suffix). Rounded step by step in x's dtype, as PyTorch's tensor ops round.
 */
function prodBackward(x: Tensor, G: Groups, g: Tensor, out: Tensor, all: boolean): Tensor {
  if (x.ndim === 0) return spread(x, G, g, (_v, _o, go) => go);
  const d = dense(x), r = out._data, c = (v: number): number => x.dtype.cast(v);
  let zeros = 0;
  for (let i = 0; i < d.length; i++) if (d[i] === 0) zeros++;
  if (zeros === 0) return spread(x, G, g, (v, o, go) => go * c(r[o] / v));
  if (all && zeros > 1) return new Tensor(x.dtype.alloc(d.length), x.shape, x.dtype);
  const gd = dense(g), gx = x.dtype.alloc(d.length), excl = new Float64Array(G.size);
  for (let o = 0; o < G.count; o++) {
    const at = (t: number): number => d[G.pos[o * G.size + t]];
    let acc = 1;
    for (let t = 0; t < G.size; t++) { excl[t] = c(acc); acc *= at(t); }
    acc = 1;
    for (let t = G.size - 1; t >= 0; t--) { gx[G.pos[o * G.size + t]] = gd[o] * c(excl[t] * c(acc)); acc *= at(t); }
  }
  return new Tensor(gx, x.shape, x.dtype);
}

// ---- logsumexp ----
/** torch.logsumexp(input, dim, keepdim=False): log(sum(exp(x))) without overflow; integer inputs give float32. */
export function logsumexp(input: Tensor, ...args: DimsArgs): Tensor {
  const a = bindNames('logsumexp', ['dim', 'keepdim'], args);
  requireArg('logsumexp', 'dim', a.dim);
  const dims = dimList('logsumexp', a.dim) ?? [], keepdim = boolArg('logsumexp', 'keepdim', a.keepdim, false);
  const G = groups(input, dims, keepdim);
  // 1.13 adds the kept-dims maxima to the reduced-away sum here, and that broadcast fails
  if (dims.length === 0 && !keepdim && input.ndim > 0 && input.numel() > 0)
    throw new RuntimeError(`output with shape [] doesn't match the broadcast shape [${input.shape.map(() => 1).join(', ')}]`);
  const out = reduce(input, G, floatDtype(input), (v) => {
    let m = -Infinity;
    for (const e of v) if (e > m || e !== e) { m = e; if (e !== e) break; }
    if (m === Infinity || m === -Infinity) m = 0; // PyTorch shifts by 0 when the max is infinite
    let s = 0;
    for (const e of v) s += Math.exp(e - m);
    return Math.log(s) + m;
  });
  if (!isFloat(input)) return out;
  const r = out._data;
  return record(out, 'LogsumexpBackward0', [input], (g) => [spread(input, G, g, (v, o, go) => go * Math.exp(v - r[o]))], true, { saved: [input, out] });
}

// ---- var / std / var_mean / std_mean ----
type Spread = 'var' | 'std';
interface Moments { G: Groups; dims: number[] | null; correction: number; variance: Tensor; mean: Tensor }

function varArgs(fn: string, args: VarArgs): { dims: number[] | null; keepdim: boolean; correction: number } {
  // var(input, unbiased) is its own overload: a bool where the dim would be
  const a = typeof args[0] === 'boolean'
    ? { ...bindNames(fn, ['unbiased'], args.slice(0, 1)), ...bindNames(fn, ['keepdim', 'correction', 'dim'], args.slice(1)) }
    : bindNames(fn, ['dim', 'unbiased', 'keepdim', 'correction'], args);
  const hasCorrection = a.correction !== undefined && a.correction !== null;
  if (hasCorrection && a.unbiased !== undefined)
    throw new TypeError(`${fn}() received an invalid combination of arguments - got both 'unbiased' and 'correction'`);
  if (hasCorrection && (typeof a.correction !== 'number' || !Number.isInteger(a.correction)))
    throw new TypeError(`${fn}(): argument 'correction' must be int, not ${typeof a.correction === 'number' ? 'float' : typeof a.correction}`);
  const unbiased = boolArg(fn, 'unbiased', a.unbiased, true);
  return {
    dims: dimList(fn, a.dim), keepdim: boolArg(fn, 'keepdim', a.keepdim, false),
    correction: hasCorrection ? (a.correction as number) : unbiased ? 1 : 0,
  };
}

/** Per group: the mean and the corrected variance (sum of squared deviations / max(0, N - correction)). */
function moments(fn: string, input: Tensor, args: VarArgs): Moments {
  const { dims, keepdim, correction } = varArgs(fn, args);
  if (!isFloat(input))
    throw new RuntimeError(fn === 'var' || fn === 'std' ? 'std and var only support floating point and complex dtypes' : `${fn} only support floating point and complex dtypes`);
  const G = groups(input, dims, keepdim), means = new Float64Array(G.count);
  const divisor = Math.max(0, G.size - correction);
  // var / std with one output element take 1.13's all-reduce path (std_var_all_cpu): the mean first,
  // then the squared deviations from it; var_mean / std_mean, and var / std over dims with several
  // outputs, its Welford reduction (WelfordOps::reduce, in double), where a group of equal values
  // has a variance of exactly 0, which std's gradient relies on (0 where std is 0)
  const allReduce = (fn === 'var' || fn === 'std') && G.count === 1;
  const variance = reduce(input, G, input.dtype, allReduce ? (v, o) => {
    let s = 0;
    for (const e of v) s += e;
    const m = (means[o] = s / v.length);
    let q = 0;
    for (const e of v) q += (e - m) * (e - m);
    return q / divisor;
  } : (v, o) => {
    if (v.length === 0) { means[o] = NaN; return 0 / divisor; } // as the two-pass form: NaN, NaN
    let m = 0, m2 = 0;
    for (let k = 0; k < v.length; k++) {
      const delta = v[k] - m;
      m += delta / (k + 1);
      m2 += delta * (v[k] - m);
    }
    means[o] = m;
    return m2 / divisor;
  });
  const mean = new Tensor(input.dtype.alloc(G.count), G.outShape, input.dtype);
  mean._data.set(means);
  return { G, dims, correction, variance, mean };
}

/**
 * 1.13's var_backward (std's goes through it with g / (2 std), 0 where std is 0): 2 / (N - correction)
 * * g * (x - mean), where N counts an explicit empty dim list as 1; without dims, N == correction
 * gives an infinite gradient of the wrong shape, which var / std reject (`alone`) and var_mean / std_mean broadcast.
 */
function spreadGrad(kind: Spread, name: string, alone: boolean, x: Tensor, mm: Moments, g: Tensor, result: Tensor): Tensor {
  const { G, dims, correction } = mm, r = result._data, m = mm.mean._data;
  const perGroup = (o: number, go: number): number => (kind === 'var' ? go : r[o] === 0 ? 0 : go / (2 * r[o]));
  const whole = dims === null || x.ndim === 0;
  if (whole && G.size === correction) {
    if (alone && x.ndim > 0)
      throw new RuntimeError(`Function ${name} returned an invalid gradient at index 0 - got [] but expected shape compatible with [${x.shape.join(', ')}]`);
    return spread(x, G, g, (_v, o, go) => Infinity * perGroup(o, go));
  }
  const scale = 2 / ((whole || dims.length > 0 ? G.size : 1) - correction);
  return spread(x, G, g, (v, o, go) => scale * perGroup(o, go) * (v - m[o]));
}
function finishSpread(kind: Spread, name: string, alone: boolean, input: Tensor, mm: Moments): Tensor {
  const out = kind === 'var' ? mm.variance : sqrt(mm.variance);
  // VarBackward0 saves self; StdBackward0 self and its result
  return record(out, name, [input], (g) => [spreadGrad(kind, name, alone, input, mm, g, out)], true, { saved: [input, kind === 'std' && out] });
}

/** torch.var(input, dim=None, unbiased=True, keepdim=False, {correction}). */
export function var_(input: Tensor, ...args: VarArgs): Tensor { return finishSpread('var', 'VarBackward0', true, input, moments('var', input, args)); }
/** torch.std(input, dim=None, unbiased=True, keepdim=False, {correction}). */
export function std(input: Tensor, ...args: VarArgs): Tensor { return finishSpread('std', 'StdBackward0', true, input, moments('std', input, args)); }

function withMean(kind: Spread, fn: string, name: string, input: Tensor, args: VarArgs): [Tensor, Tensor] {
  const mm = moments(fn, input, args);
  const first = finishSpread(kind, name, false, input, mm);
  const n = mm.G.size;
  const mean = record(mm.mean, name, [input], (g) => [spread(input, mm.G, g, (_v, _o, go) => go / n)], true,
    { saved: [input, kind === 'std' && first] });
  return [first, mean];
}
/** torch.var_mean(...): [var, mean] (a plain pair, as 1.13 returns a plain tuple). */
export function var_mean(input: Tensor, ...args: VarArgs): [Tensor, Tensor] { return withMean('var', 'var_mean', 'VarMeanBackward0', input, args); }
/** torch.std_mean(...): [std, mean]. */
export function std_mean(input: Tensor, ...args: VarArgs): [Tensor, Tensor] { return withMean('std', 'std_mean', 'StdMeanBackward0', input, args); }

// ---- norm ----
/** torch.norm(input, p='fro', dim=None, keepdim=False, dtype=None), following torch/functional.py's dispatch. */
export function norm(input: Tensor, ...args: NormArgs): Tensor {
  const a = bindNames('norm', ['p', 'dim', 'keepdim', 'dtype'], args);
  const p = a.p === undefined ? 'fro' : a.p;
  const keepdim = boolArg('norm', 'keepdim', a.keepdim, false), dtype = dtypeArg(a.dtype);
  let dims = dimList('norm', a.dim);
  if (typeof p === 'string') {
    if (p === 'fro') {
      if (dtype) throw new ValueError('dtype argument is not supported in frobenius norm');
      return frobenius(input, dims ?? [], keepdim);
    }
    if (p === 'nuc') {
      if (dtype) throw new ValueError('dtype argument is not supported in nuclear norm');
      throw new NotImplementedError('torchlet does not implement the nuclear norm');
    }
    throw new RuntimeError(`only valid string values are 'fro' and 'nuc', found ${p}`);
  }
  if (p !== null && typeof p !== 'number') throw new TypeError(`norm(): argument 'p' must be Number, not ${typeof p}`);
  dims ??= [];
  return pNorm(input, p ?? 2, dims, keepdim, dtype);
}

function frobenius(input: Tensor, dims: number[], keepdim: boolean): Tensor {
  if (dims.length > 2) throw new RuntimeError(`Expected at most 2 dimensions, but got ${dims.length} dimensions instead.`);
  if (dims.length < 2) return pNorm(input, 2, dims, keepdim, null);
  const [d0, d1] = dims.map((d) => wrapDim(d, input.ndim));
  if (d0 === d1) throw new RuntimeError(`Expected dims to be different, got [${dims.join(', ')}] instead`);
  // over two dims 1.13 composes sqrt(sum(x * x)), and so does its gradient (NaN at a zero norm)
  return sqrt(sum(mul(input, input), [d0, d1], keepdim));
}

function pNorm(input: Tensor, p: number, dims: number[], keepdim: boolean, dtype: DType | null): Tensor {
  if (!dtype && !isFloat(input))
    throw new RuntimeError(`norm(): input dtype should be either floating point or complex. Got ${input.dtype.scalarName} instead.`);
  if (dtype && !dtype.is_floating_point)
    throw new RuntimeError(`norm(): the desired output dtype should be either floating point or complex. Got ${dtype.scalarName} instead.`);
  const outDtype = dtype ?? input.dtype;
  const src = asDtype(input, outDtype);
  const G = groups(src, dims, keepdim);
  const out = outDtype === float32 && p !== 0 ? pNormF32(src, G, p) : reduce(src, G, outDtype, (v) => {
    if (p === Infinity || p === -Infinity) {
      let r = v.length === 0 ? 0 : Math.abs(v[0]);
      for (const e of v) { const b = Math.abs(e); if (b !== b) return NaN; if (p > 0 ? b > r : b < r) r = b; }
      return r;
    }
    let s = 0;
    for (const e of v) s += p === 0 ? (e !== 0 ? 1 : 0) : p === 1 ? Math.abs(e) : p === 2 ? e * e : Math.abs(e) ** p;
    // the sum is held in the output dtype, so a float32 norm overflows where PyTorch's does
    s = castTo(outDtype, s);
    return p === 0 || p === 1 ? s : p === 2 ? Math.sqrt(s) : s ** (1 / p);
  });
  return record(out, dtype ? 'NormBackward3' : 'NormBackward1', [input], (g) => {
    const gx = normBackward(src, G, p, g, out);
    return [gx && to(gx, input.dtype)];
  }, true, { saved: [src, out] });
}

/**
 * A float32 norm in 1.13's CPU order and rounding: p=2 over a contiguous last run takes the
 * vectorised lastdim kernel; everything else binary_kernel_reduce's float32 accumulator, element by
 * element in row-major order (NormTwoOps' `acc + x * x` fused), 1 thread.
 */
export function pNormF32(x: Tensor, G: Groups, p: number): Tensor {
  const d = dense(x), out = float32.alloc(G.count), fr = Math.fround, { size, pos } = G;
  const run = size <= 1 || pos[size - 1] - pos[0] === size - 1; // groups are contiguous runs
  for (let o = 0; o < G.count; o++) {
    const b = o * size;
    if (p === 2 && run) { out[o] = size === 0 ? 0 : norm2RunF32(d, pos[b], size); continue; }
    let a = p === -Infinity ? Infinity : 0;
    for (let t = 0; t < size; t++) {
      const v = Math.abs(d[pos[b + t]]);
      if (p === Infinity || p === -Infinity) { if (v !== v || a !== a) a = NaN; else if (p > 0 ? v > a : v < a) a = v; }
      else a = p === 1 ? fr(a + v) : p === 2 ? fmaf(v, v, a) : fr(a + fr(v ** p));
    }
    out[o] = p === 1 || !Number.isFinite(p) ? a : p === 2 ? fr(Math.sqrt(a)) : fr(a ** fr(1 / p));
  }
  return new Tensor(out, G.outShape, float32);
}

/** PyTorch 1.13's norm_backward, case by case (p = 0 gives no gradient at all). */
function normBackward(x: Tensor, G: Groups, p: number, g: Tensor, out: Tensor): Tensor | null {
  const r = out._data;
  if (p === 0) return null;
  if (p === 1) return spread(x, G, g, (v, _o, go) => sgn(v) * go);
  if (p === 2) return spread(x, G, g, (v, o, go) => go * (r[o] === 0 ? 0 : v / r[o]));
  if (p === Infinity || p === -Infinity) {
    // the gradient is shared by the elements at the norm, and NaNs
    const d = dense(x), count = new Float64Array(G.count);
    for (let o = 0; o < G.count; o++) for (let t = 0; t < G.size; t++) {
      const b = Math.abs(d[G.pos[o * G.size + t]]);
      if (b === r[o] || b !== b) count[o]++;
    }
    return spread(x, G, g, (v, o, go) => { const b = Math.abs(v); return sgn(v) * ((go / count[o]) * (b === r[o] || b !== b ? 1 : 0)); });
  }
  if (p < 1) return spread(x, G, g, (v, o, go) => sgn(v) * (v === 0 ? 0 : Math.abs(v) ** (p - 1)) * go * r[o] ** (1 - p));
  return spread(x, G, g, (v, o, go) => {
    const scaled = p < 2 ? sgn(v) * Math.abs(v) ** (p - 1) : v * Math.abs(v) ** (p - 2);
    return scaled * (r[o] === 0 ? 0 : go / r[o] ** (p - 1));
  });
}

// ---- amax / amin ----
function extreme(fn: 'amax' | 'amin', input: Tensor, args: DimsArgs): Tensor {
  const a = bindNames(fn, ['dim', 'keepdim'], args);
  const dims = dimList(fn, a.dim) ?? [], keepdim = boolArg(fn, 'keepdim', a.keepdim, false);
  if (dims.length === 0 && input.numel() === 0)
    throw new RuntimeError(`${fn}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  // the message names the dim as the caller gave it (-1 stays -1), as PyTorch's does
  if (input.ndim > 0) reducedDims(input, dims).forEach((d, i) => {
    if (input.shape[d] === 0) throw new IndexError(`${fn}(): Expected reduction dim ${dims.length ? dims[i] : d} to have non-zero size.`);
  });
  const G = groups(input, dims, keepdim), max = fn === 'amax';
  const out = reduce(input, G, input.dtype, (v) => {
    let r = v[0];
    for (const e of v) { if (e !== e) return NaN; if (max ? e > r : e < r) r = e; }
    return r;
  });
  if (!isFloat(input)) return out;
  return record(out, max ? 'AmaxBackward0' : 'AminBackward0', [input], (g) => {
    // shared evenly by the elements equal to the result (a NaN result matches none: NaN everywhere, as in PyTorch)
    const r = out._data, d = dense(input), count = new Float64Array(G.count);
    for (let o = 0; o < G.count; o++) for (let t = 0; t < G.size; t++) if (d[G.pos[o * G.size + t]] === r[o]) count[o]++;
    return [spread(input, G, g, (v, o, go) => (v === r[o] ? 1 : 0) * (go / count[o]))];
  }, true, { saved: [input, out] });
}
/** torch.amax(input, dim=[], keepdim=False). */
export function amax(input: Tensor, ...args: DimsArgs): Tensor { return extreme('amax', input, args); }
/** torch.amin(input, dim=[], keepdim=False). */
export function amin(input: Tensor, ...args: DimsArgs): Tensor { return extreme('amin', input, args); }

// ---- all / any / count_nonzero ----
function truth(fn: 'all' | 'any', input: Tensor, args: DimArgs): Tensor {
  const a = bindNames(fn, ['dim', 'keepdim'], args);
  const dim = a.dim === undefined || a.dim === null ? null : intArg(fn, 'dim', a.dim, 0);
  const G = groups(input, dim === null ? null : [dim], dim !== null && boolArg(fn, 'keepdim', a.keepdim, false));
  const all = fn === 'all';
  // NaN is nonzero, so it counts as true; a uint8 input gives uint8 (0 / 1), as 1.13 does
  return reduce(input, G, input.dtype === uint8 ? uint8 : bool, (v) => (all ? v.every((e) => e !== 0) : v.some((e) => e !== 0)) ? 1 : 0);
}
/** torch.all(input) / torch.all(input, dim, keepdim=False): bool. */
export function all(input: Tensor, ...args: DimArgs): Tensor { return truth('all', input, args); }
/** torch.any(input) / torch.any(input, dim, keepdim=False): bool. */
export function any(input: Tensor, ...args: DimArgs): Tensor { return truth('any', input, args); }

/** torch.count_nonzero(input, dim=None): int64. */
export function count_nonzero(input: Tensor, ...args: CountArgs): Tensor {
  const a = bindNames('count_nonzero', ['dim'], args);
  const G = groups(input, dimList('count_nonzero', a.dim), false);
  return reduce(input, G, int64, (v) => { let c = 0; for (const e of v) if (e !== 0) c++; return c; });
}
