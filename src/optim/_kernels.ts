// The optimizers' per-element update loops over typed arrays, one float32 and one float64 version
// each. They reproduce PyTorch 1.13's CPU kernels op by op: every tensor op rounds to the
// parameter's dtype, scalars are first cast to that dtype, `add(x, alpha=a)` is a fused multiply-add
// (ATen's vec::fmadd), `addcmul(t1, t2, value=v)` is fma(v*t1, t2, self) and `addcdiv` is
// self + (v*t1)/t2 (measured against PyTorch's AVX2 build: all bits agree).
import { adadelta32Fast, sgd32Fast, adam32Fast } from '../kernels/dispatch.js';

const f = Math.fround;

/** a*b + c with one rounding for double inputs (Dekker's product and Knuth's sum). */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || p === 0 || a === 0 || b === 0) return p + c;
  const SPLIT = 134217729; // 2^27 + 1
  let t = SPLIT * a; const ah = t - (t - a), al = a - ah;
  t = SPLIT * b; const bh = t - (t - b), bl = b - bh;
  const pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const s = p + c, bb = s - p;
  const se = (p - (s - bb)) + (c - bb);
  return s + (pe + se);
}

export type F32 = Float32Array;
export type F64 = Float64Array;

// ---- SGD ----
export interface SgdArgs { lr: number; momentum: number; dampening: number; weight_decay: number; nesterov: boolean; maximize: boolean }

/** One SGD step on p; `buf` is null without momentum; `init` copies d_p into buf (the first step). */
export function sgd32(p: F32, g: F32, buf: F32 | null, init: boolean, a: SgdArgs): void {
  const wd = f(a.weight_decay), mom = f(a.momentum), damp = f(1 - a.dampening), nlr = f(-a.lr);
  const sign = a.maximize ? -1 : 1, useWd = a.weight_decay !== 0, nest = a.nesterov;
  // the same arithmetic in WebAssembly SIMD where the arrays live in the shared memory
  if (sgd32Fast(p, g, buf, sign, wd, mom, damp, nlr, (useWd ? 1 : 0) | (init ? 2 : 0) | (nest ? 4 : 0))) return;
  for (let i = 0; i < p.length; i++) {
    let d = sign * g[i];
    if (useWd) d = f(d + wd * p[i]);
    if (buf) {
      let b: number;
      if (init) b = d;
      else b = f(f(buf[i] * mom) + damp * d);
      buf[i] = b;
      d = nest ? f(d + mom * b) : b;
    }
    p[i] = f(p[i] + nlr * d);
  }
}
export function sgd64(p: F64, g: F64, buf: F64 | null, init: boolean, a: SgdArgs): void {
  const wd = a.weight_decay, mom = a.momentum, damp = 1 - a.dampening, nlr = -a.lr;
  const sign = a.maximize ? -1 : 1, useWd = a.weight_decay !== 0, nest = a.nesterov;
  for (let i = 0; i < p.length; i++) {
    let d = sign * g[i];
    if (useWd) d = fma64(p[i], wd, d);
    if (buf) {
      let b: number;
      if (init) b = d;
      else b = fma64(d, damp, buf[i] * mom);
      buf[i] = b;
      d = nest ? fma64(b, mom, d) : b;
    }
    p[i] = fma64(d, nlr, p[i]);
  }
}

// ---- Adam / AdamW ----
export interface AdamArgs {
  beta1: number; beta2: number; eps: number; weight_decay: number; maximize: boolean; amsgrad: boolean;
  /** AdamW: decoupled decay param *= 1 - lr*weight_decay; Adam: L2 term added to the gradient. */
  decoupled: boolean; lr: number;
  /** lr / (1 - beta1^step) and sqrt(1 - beta2^step), computed in double as Python does. */
  step_size: number; bias_correction2_sqrt: number;
}
export function adam32(p: F32, g: F32, m: F32, v: F32, vmax: F32 | null, a: AdamArgs): void {
  const b1 = f(a.beta1), c1 = f(1 - a.beta1), b2 = f(a.beta2), c2 = f(1 - a.beta2);
  const wd = f(a.weight_decay), decay = f(1 - a.lr * a.weight_decay), eps = f(a.eps);
  const bc2 = f(a.bias_correction2_sqrt), nss = f(-a.step_size);
  const sign = a.maximize ? -1 : 1, l2 = !a.decoupled && a.weight_decay !== 0, dec = a.decoupled;
  if (!vmax && adam32Fast(p, g, m, v, [sign, b1, c1, b2, c2, wd, decay, eps, bc2, nss, (dec ? 1 : 0) | (l2 ? 2 : 0)])) return;
  for (let i = 0; i < p.length; i++) {
    let gi = sign * g[i];
    if (dec) p[i] = f(p[i] * decay);
    else if (l2) gi = f(gi + wd * p[i]);
    const mi = f(f(m[i] * b1) + c1 * gi);
    m[i] = mi;
    const vi = f(f(v[i] * b2) + f(c2 * gi) * gi);
    v[i] = vi;
    let s = vi;
    if (vmax) {
      const cur = vmax[i];
      s = cur !== cur || vi !== vi ? NaN : Math.max(cur, vi); // torch.maximum propagates NaN
      vmax[i] = s;
    }
    const denom = f(f(f(Math.sqrt(s)) / bc2) + eps);
    p[i] = f(p[i] + f(f(nss * mi) / denom));
  }
}
export function adam64(p: F64, g: F64, m: F64, v: F64, vmax: F64 | null, a: AdamArgs): void {
  const b1 = a.beta1, c1 = 1 - a.beta1, b2 = a.beta2, c2 = 1 - a.beta2;
  const wd = a.weight_decay, decay = 1 - a.lr * a.weight_decay, eps = a.eps;
  const bc2 = a.bias_correction2_sqrt, nss = -a.step_size;
  const sign = a.maximize ? -1 : 1, l2 = !a.decoupled && a.weight_decay !== 0, dec = a.decoupled;
  for (let i = 0; i < p.length; i++) {
    let gi = sign * g[i];
    if (dec) p[i] = p[i] * decay;
    else if (l2) gi = fma64(p[i], wd, gi);
    const mi = fma64(gi, c1, m[i] * b1);
    m[i] = mi;
    const vi = fma64(c2 * gi, gi, v[i] * b2);
    v[i] = vi;
    let s = vi;
    if (vmax) {
      const cur = vmax[i];
      s = cur !== cur || vi !== vi ? NaN : Math.max(cur, vi);
      vmax[i] = s;
    }
    const denom = Math.sqrt(s) / bc2 + eps;
    p[i] = p[i] + (nss * mi) / denom;
  }
}

// ---- Adadelta ----
export interface AdadeltaArgs { lr: number; rho: number; eps: number; weight_decay: number; maximize: boolean }
export function adadelta32(p: F32, g: F32, sq: F32, acc: F32, a: AdadeltaArgs): void {
  const rho = f(a.rho), c = f(1 - a.rho), eps = f(a.eps), wd = f(a.weight_decay), nlr = f(-a.lr);
  const sign = a.maximize ? -1 : 1, useWd = a.weight_decay !== 0;
  // the same float32 steps in WebAssembly SIMD when the arrays live in wasm memory (no weight decay)
  if (!useWd && adadelta32Fast(p, g, sq, acc, rho, c, eps, nlr, sign)) return;
  for (let i = 0; i < p.length; i++) {
    let gi = sign * g[i];
    if (useWd) gi = f(gi + wd * p[i]);
    const s = f(f(sq[i] * rho) + f(c * gi) * gi);
    sq[i] = s;
    const std = f(Math.sqrt(f(s + eps)));
    const delta = f(f(f(Math.sqrt(f(acc[i] + eps))) / std) * gi);
    acc[i] = f(f(acc[i] * rho) + f(c * delta) * delta);
    p[i] = f(p[i] + nlr * delta);
  }
}
export function adadelta64(p: F64, g: F64, sq: F64, acc: F64, a: AdadeltaArgs): void {
  const rho = a.rho, c = 1 - a.rho, eps = a.eps, wd = a.weight_decay, nlr = -a.lr;
  const sign = a.maximize ? -1 : 1, useWd = a.weight_decay !== 0;
  for (let i = 0; i < p.length; i++) {
    let gi = sign * g[i];
    if (useWd) gi = fma64(p[i], wd, gi);
    const s = fma64(c * gi, gi, sq[i] * rho);
    sq[i] = s;
    const std = Math.sqrt(s + eps);
    const delta = (Math.sqrt(acc[i] + eps) / std) * gi;
    acc[i] = fma64(c * delta, delta, acc[i] * rho);
    p[i] = fma64(delta, nlr, p[i]);
  }
}

// ---- RMSprop ----
export interface RmspropArgs {
  lr: number; alpha: number; eps: number; weight_decay: number; momentum: number; maximize: boolean;
  /** foreach=True without maximize: PyTorch adds the weight decay into p.grad in place (_foreach_add_). */
  writeGrad: boolean;
}
/** One RMSprop step; `gavg` (centered) and `buf` (momentum > 0) are null when not used. */
export function rmsprop32(p: F32, g: F32, sq: F32, gavg: F32 | null, buf: F32 | null, a: RmspropArgs): void {
  const alpha = f(a.alpha), c = f(1 - a.alpha), eps = f(a.eps), wd = f(a.weight_decay), mom = f(a.momentum), nlr = f(-a.lr);
  const sign = a.maximize ? -1 : 1, useWd = a.weight_decay !== 0, wg = useWd && a.writeGrad;
  for (let i = 0; i < p.length; i++) {
    let gi = sign * g[i];
    if (useWd) gi = f(gi + wd * p[i]);
    if (wg) g[i] = gi;
    const s = f(f(sq[i] * alpha) + f(c * gi) * gi); // square_avg.mul_(alpha).addcmul_(grad, grad, value=1-alpha)
    sq[i] = s;
    let avg: number;
    if (gavg) {
      const ga = f(f(gavg[i] * alpha) + c * gi); // grad_avg.mul_(alpha).add_(grad, alpha=1-alpha)
      gavg[i] = ga;
      avg = f(Math.sqrt(f(s - ga * ga))); // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
    } else avg = f(Math.sqrt(s));
    avg = f(avg + eps);
    if (buf) {
      const b = f(f(buf[i] * mom) + f(gi / avg)); // buf.mul_(momentum).addcdiv_(grad, avg)
      buf[i] = b;
      p[i] = f(p[i] + nlr * b); // param.add_(buf, alpha=-lr)
    } else p[i] = f(p[i] + f(f(nlr * gi) / avg)); // param.addcdiv_(grad, avg, value=-lr)
  }
}
export function rmsprop64(p: F64, g: F64, sq: F64, gavg: F64 | null, buf: F64 | null, a: RmspropArgs): void {
  const alpha = a.alpha, c = 1 - a.alpha, eps = a.eps, wd = a.weight_decay, mom = a.momentum, nlr = -a.lr;
  const sign = a.maximize ? -1 : 1, useWd = a.weight_decay !== 0, wg = useWd && a.writeGrad;
  for (let i = 0; i < p.length; i++) {
    let gi = sign * g[i];
    if (useWd) gi = fma64(p[i], wd, gi);
    if (wg) g[i] = gi;
    const s = fma64(c * gi, gi, sq[i] * alpha);
    sq[i] = s;
    let avg: number;
    if (gavg) {
      const ga = fma64(gi, c, gavg[i] * alpha);
      gavg[i] = ga;
      avg = Math.sqrt(fma64(-ga, ga, s));
    } else avg = Math.sqrt(s);
    avg = avg + eps;
    if (buf) {
      const b = buf[i] * mom + gi / avg;
      buf[i] = b;
      p[i] = fma64(b, nlr, p[i]);
    } else p[i] = p[i] + (nlr * gi) / avg;
  }
}

// ---- Adagrad ----
/** `clr` is lr / (1 + (step - 1) * lr_decay), computed in double as Python does. */
export interface AdagradArgs { clr: number; eps: number; weight_decay: number; maximize: boolean; writeGrad: boolean }
export function adagrad32(p: F32, g: F32, sum: F32, a: AdagradArgs): void {
  const eps = f(a.eps), wd = f(a.weight_decay), nclr = f(-a.clr);
  const sign = a.maximize ? -1 : 1, useWd = a.weight_decay !== 0, wg = useWd && a.writeGrad;
  for (let i = 0; i < p.length; i++) {
    let gi = sign * g[i];
    if (useWd) gi = f(gi + wd * p[i]);
    if (wg) g[i] = gi;
    const s = f(sum[i] + gi * gi); // state_sum.addcmul_(grad, grad, value=1)
    sum[i] = s;
    const std = f(f(Math.sqrt(s)) + eps); // state_sum.sqrt().add_(eps)
    p[i] = f(p[i] + f(f(nclr * gi) / std)); // param.addcdiv_(grad, std, value=-clr)
  }
}
export function adagrad64(p: F64, g: F64, sum: F64, a: AdagradArgs): void {
  const eps = a.eps, wd = a.weight_decay, nclr = -a.clr;
  const sign = a.maximize ? -1 : 1, useWd = a.weight_decay !== 0, wg = useWd && a.writeGrad;
  for (let i = 0; i < p.length; i++) {
    let gi = sign * g[i];
    if (useWd) gi = fma64(p[i], wd, gi);
    if (wg) g[i] = gi;
    const s = fma64(gi, gi, sum[i]);
    sum[i] = s;
    const std = Math.sqrt(s) + eps;
    p[i] = p[i] + (nclr * gi) / std;
  }
}

/** Exact a*b as a double-double [hi, lo]. */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b, SPLIT = 134217729;
  let t = SPLIT * a; const ah = t - (t - a), al = a - ah;
  t = SPLIT * b; const bh = t - (t - b), bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
/** Double-double product (hi, lo) * (hi2, lo2), renormalised. */
function ddMul(x: [number, number], y: [number, number]): [number, number] {
  const [p, e] = twoProd(x[0], y[0]);
  const lo = e + (x[0] * y[1] + x[1] * y[0]);
  const s = p + lo;
  return [s, lo - (s - p)];
}
/**
 * base ** exponent as C's pow() gives it (correctly rounded): for integer exponents by squaring in
 * double-double (Adam's beta ** step; V8's `**` can be an ulp off, 0.9 ** 4), for others through log and
 * exp in double-double (PolynomialLR's power; V8's `**` is an ulp off for ~8% of them).
 */
export function powCR(base: number, exponent: number): number {
  if (exponent === 0 || base === 1) return 1;
  if (!Number.isInteger(exponent) || exponent < 0) {
    // (a finite negative base has no real power for a non-integer exponent: `**` gives NaN as C does)
    const r = base < 0 && !Number.isInteger(exponent) ? null : powDD(base, exponent);
    if (r === null) return base ** exponent;
    return base < 0 && exponent % 2 !== 0 ? -r : r;
  }
  if (exponent > 2 ** 31 || !Number.isFinite(base) || base === 0) return base ** exponent;
  let result: [number, number] = [1, 0], sq: [number, number] = [base, 0], k = exponent;
  while (k > 0) {
    if (k & 1) result = ddMul(result, sq);
    k = Math.floor(k / 2);
    if (k) sq = ddMul(sq, sq);
  }
  const r = result[0] + result[1];
  return Number.isFinite(r) ? r : base ** exponent;
}

// ---- cos as C's cos() gives it ----
type DD = [number, number];
function twoSum(a: number, b: number): DD {
  const s = a + b, bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function ddAdd(x: DD, y: DD): DD {
  const [s, e] = twoSum(x[0], y[0]);
  const [h, l] = twoSum(s, e + x[1] + y[1]);
  return [h, l];
}
function ddDivN(x: DD, n: number): DD {
  const q1 = x[0] / n;
  const [p, pe] = twoProd(q1, n);
  const q2 = ((x[0] - p) - pe + x[1]) / n;
  return twoSum(q1, q2);
}
// pi/2 in three 33-bit parts and a tail (fdlibm's pio2_1, pio2_2, pio2_3, pio2_3t)
const PIO2_1 = 1.57079632673412561417e+00, PIO2_2 = 6.07710050630396597660e-11;
const PIO2_3 = 2.02226624871116645580e-21, PIO2_3T = 8.47842766036889956997e-32;
/**
 * cos(x) correctly rounded (double-double reduction by pi/2 and Taylor series), as glibc's cos()
 * gives it, which schedulers' Python math.cos calls; V8's Math.cos is off by an ulp for a few percent
 * of arguments. Arguments beyond 2^19 * pi/2 (never a schedule's) fall back to Math.cos.
 */
export function cosCR(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 823550) return Math.cos(x);
  x = Math.abs(x);
  const k = Math.round(x / (Math.PI / 2));
  // r = x - k*pi/2 as a double-double (k*PIO2_i are exact)
  let r: DD = twoSum(x - k * PIO2_1, -k * PIO2_2);
  r = ddAdd(r, [-k * PIO2_3, -k * PIO2_3T]);
  const r2 = ddMul(r, r);
  const q = k % 4;
  // cos(r) = sum (-1)^j r^2j/(2j)!, sin(r) = sum (-1)^j r^(2j+1)/(2j+1)!
  const sine = q === 1 || q === 3;
  let term: DD = sine ? r : [1, 0], sum: DD = term;
  for (let j = 1; j <= 15; j++) {
    const n = sine ? 2 * j : 2 * j - 1;
    term = ddDivN(ddMul(term, r2), n * (n + 1));
    term = [-term[0], -term[1]];
    sum = ddAdd(sum, term);
  }
  const v = sum[0] + sum[1];
  return q === 0 || q === 3 ? v : -v;
}

// ---- log and pow as C's log() and pow() give them ----
const LN2_HI = 6.93147180559945286227e-01, LN2_LO = 2.31904681384629955842e-17;
function ddMulN(x: DD, n: number): DD {
  const [p, e] = twoProd(x[0], n);
  return twoSum(p, e + x[1] * n);
}
/** exp(x) - 1 for a double-double |x| <= 0.36: Taylor series at x/256, then (1+q)^2 - 1 = 2q + q^2 eight times. */
function expm1DD(x: DD): DD {
  const s: DD = [x[0] / 256, x[1] / 256];
  let term: DD = s, q: DD = s;
  for (let k = 2; k <= 11; k++) { term = ddDivN(ddMul(term, s), k); q = ddAdd(q, term); }
  for (let i = 0; i < 8; i++) q = ddAdd([2 * q[0], 2 * q[1]], ddMul(q, q));
  return q;
}
/** exp(x) of a double-double as m * 2^k (m a double-double near 1), for |x| < 1100. */
function expDD(x: DD): { m: DD; k: number } {
  const k = Math.round(x[0] / LN2_HI);
  const [p1, e1] = twoProd(k, LN2_HI), [p2, e2] = twoProd(k, LN2_LO);
  const r = ddAdd(ddAdd(x, [-p1, -e1]), [-p2, -e2]);
  return { m: ddAdd([1, 0], expm1DD(r)), k };
}
/** log(a) of a positive finite double, as a double-double accurate to about 2^-100. */
function logDD(a: number): DD {
  const d = a - 1;
  if (Math.abs(d) < 2 ** -20) {
    // log(1+d) = d - d^2/2 + d^3/3 - ...; d is exact (Sterbenz)
    let term: DD = [d, 0], sum: DD = [d, 0];
    for (let k = 2; k <= 7; k++) {
      term = ddMulN(term, -d);
      sum = ddAdd(sum, ddDivN(term, k));
    }
    return sum;
  }
  // one Newton step from V8's log: y = y0 + log(a e^-y0), a e^-y0 = 1 + t with |t| ~ 2^-52
  const y0 = Math.log(a);
  const { m, k } = expDD([-y0, 0]);
  const h = k >> 1;
  const as = a * 2 ** h * 2 ** (k - h);
  const t = ddAdd(ddMulN(m, as), [-1, 0]);
  return ddAdd(ddAdd([y0, 0], t), [-t[0] * t[0] / 2, 0]);
}
/** log(x) correctly rounded, as glibc's log() gives it (V8's Math.log is an ulp off for ~2% of arguments). */
export function logCR(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  const r = logDD(x);
  return r[0] + r[1];
}
/** |base| ** exponent for a non-integer or negative exponent, through log and exp in double-double; null where the result is not a normal double. */
function powDD(base: number, exponent: number): number | null {
  const a = Math.abs(base);
  if (!(a > 0) || !Number.isFinite(a) || !Number.isFinite(exponent) || a < 2 ** -1022) return null;
  const z = ddMulN(logDD(a), exponent);
  if (!(Math.abs(z[0]) < 708)) return null;
  const { m, k } = expDD(z);
  return (m[0] + m[1]) * 2 ** k;
}
