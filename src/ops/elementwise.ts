// Elementwise ops with broadcasting, each forward beside its backward. Float32 results are
// stored in Float32Array, so every value is rounded to float32 as PyTorch's would be.
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import { DType, float32, float64, int64, bool, promoteTypes, toDType, describe } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, numelOf, sameShape } from '../tensor/shape.js';
import { record } from '../autograd/function.js';
import { sumToShape } from './reduce.js';
import { RuntimeError } from '../tensor/errors.js';
import { allocEmpty, reluInto, reluBackward } from '../kernels/dispatch.js';

type F1 = (x: number) => number;
type F2 = (x: number, y: number) => number;

function isScalar(v: unknown): v is number {
  return typeof v === 'number' || typeof v === 'boolean';
}
export function checkTensor(v: unknown, what: string): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${what} must be a Tensor, not ${describe(v)}`);
  return v;
}
function checkOperand(v: unknown, op: string): TensorOrScalar {
  if (v instanceof Tensor) return v;
  if (isScalar(v)) return Number(v);
  throw new TypeError(`${op}(): argument 'other' must be Tensor or Number, not ${describe(v)}`);
}

/** Result dtype of a binary op, with PyTorch's rule that Python numbers and 0-dim tensors do not widen a float tensor. */
export function resultType(a: Tensor, b: TensorOrScalar): DType {
  const da = a.dtype === bool ? int64 : a.dtype;
  if (typeof b === 'number') {
    if (da.is_floating_point) return da;
    return Number.isInteger(b) ? int64 : float32;
  }
  const db = b.dtype === bool ? int64 : b.dtype;
  if (da.is_floating_point === db.is_floating_point && (a.ndim === 0) !== (b.ndim === 0))
    return a.ndim === 0 ? db : da;
  return promoteTypes(da, db);
}

export function unaryMap(x: Tensor, f: F1, dtype: DType = x.dtype): Tensor {
  const src = x._data, out = dtype.alloc(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return new Tensor(out, x.shape, dtype);
}

/** The arithmetic binaryMap runs in a loop of its own for float32 (see float32Loop). */
export const enum Arith { None, Add, Sub, Mul, Div }

/**
 * out = a op b for float32 arrays (b a float32 array of the same length or a number): the same
 * expression as the op's closure, in one loop per op, so the hot loop calls nothing (a closure
 * call per element from binaryMap's shared loop is megamorphic: most of a small op's time).
 */
function float32Loop(op: Arith, ad: Float32Array, b: Float32Array | number, out: Float32Array): void {
  const n = ad.length;
  if (typeof b === 'number') {
    if (op === Arith.Add) for (let i = 0; i < n; i++) out[i] = ad[i] + b;
    else if (op === Arith.Sub) for (let i = 0; i < n; i++) out[i] = ad[i] - b;
    else if (op === Arith.Mul) for (let i = 0; i < n; i++) out[i] = ad[i] * b;
    else for (let i = 0; i < n; i++) out[i] = ad[i] / b;
  } else if (op === Arith.Add) for (let i = 0; i < n; i++) out[i] = ad[i] + b[i];
  else if (op === Arith.Sub) for (let i = 0; i < n; i++) out[i] = ad[i] - b[i];
  else if (op === Arith.Mul) for (let i = 0; i < n; i++) out[i] = ad[i] * b[i];
  else for (let i = 0; i < n; i++) out[i] = ad[i] / b[i];
}

/** Broadcasting binary loop: out[i] = f(a[ia], b[ib]); `op` names f's arithmetic when it is plain a + b, a - b, a * b or a / b. */
export function binaryMap(a: Tensor, b: TensorOrScalar, f: F2, dtype: DType, op: Arith = Arith.None): Tensor {
  const ad = a._data;
  if (typeof b === 'number') {
    const out = dtype.alloc(ad.length);
    if (op !== Arith.None && ad instanceof Float32Array && out instanceof Float32Array) float32Loop(op, ad, b, out);
    else for (let i = 0; i < ad.length; i++) out[i] = f(ad[i], b);
    return new Tensor(out, a.shape, dtype);
  }
  const bd = b._data;
  if (sameShape(a.shape, b.shape)) {
    const out = dtype.alloc(ad.length);
    if (op !== Arith.None && ad instanceof Float32Array && bd instanceof Float32Array && out instanceof Float32Array) float32Loop(op, ad, bd, out);
    else for (let i = 0; i < ad.length; i++) out[i] = f(ad[i], bd[i]);
    return new Tensor(out, a.shape, dtype);
  }
  const shape = broadcastShapes(a.shape, b.shape);
  const n = numelOf(shape), out = dtype.alloc(n);
  if (n === 0) return new Tensor(out, shape, dtype);
  const sa = broadcastStrides(a.shape, shape), sb = broadcastStrides(b.shape, shape);
  const nd = shape.length, last = nd - 1;
  const idx = new Array<number>(nd).fill(0);
  const inner = shape[last], ia0 = sa[last], ib0 = sb[last];
  let ia = 0, ib = 0, o = 0;
  while (o < n) {
    for (let j = 0, pa = ia, pb = ib; j < inner; j++, pa += ia0, pb += ib0) out[o++] = f(ad[pa], bd[pb]);
    // advance the odometer over the outer dims
    let k = last - 1;
    for (; k >= 0; k--) {
      idx[k]++; ia += sa[k]; ib += sb[k];
      if (idx[k] < shape[k]) break;
      ia -= sa[k] * shape[k]; ib -= sb[k] * shape[k]; idx[k] = 0;
    }
    if (k < 0) break;
  }
  return new Tensor(out, shape, dtype);
}

/** The gradient of a broadcast input: summed over the broadcast dims and cast to the input's dtype. */
export function gradFor(g: Tensor, input: Tensor): Tensor {
  const r = sumToShape(g, input.shape);
  return r.dtype === input.dtype ? r : cast(r, input.dtype);
}
/** x in dtype (a copy; integers truncate toward zero, bool is x != 0), or x itself when it already is. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = dtype.alloc(x.numel()), src = x._data;
  // PyTorch's conversions (NaN to int64 is INT64_MIN, NaN to bool is true): see DType.cast
  if (dtype === int64 || dtype === bool) for (let i = 0; i < src.length; i++) out[i] = dtype.cast(src[i]);
  else out.set(src);
  return new Tensor(out, x.shape, dtype);
}

// ---- dtype conversion, copies ----
export function to(x: Tensor, d: DType | string | { dtype?: DType }): Tensor {
  const dtype = typeof d === 'object' && !(d instanceof DType) ? (d.dtype ?? x.dtype) : toDType(d);
  if (dtype === x.dtype) return x;
  const out = cast(x, dtype);
  if (!dtype.is_floating_point) return out;
  return record(out, 'ToCopyBackward0', [x], (g) => [cast(g, x.dtype)], false);
}
export function clone(x: Tensor): Tensor {
  const out = new Tensor(x._data.slice(), x.shape, x.dtype);
  return record(out, 'CloneBackward0', [x], (g) => [g], false);
}
/** src broadcast to `shape` and cast to `dtype`, as a new tensor (what copy_ writes). */
export function broadcastCast(src: Tensor, shape: readonly number[], dtype: DType): Tensor {
  if (sameShape(shape, src.shape)) return src.dtype === dtype ? new Tensor(src._data.slice(), shape, dtype) : cast(src, dtype);
  const c = cast(src, dtype);
  return binaryMap(new Tensor(dtype.alloc(numelOf(shape)), shape, dtype), c, (_x, y) => y, dtype);
}

// ---- arithmetic ----
/** at::native::alpha_check, on the op's result dtype. */
function checkAlpha(alpha: number | boolean, dtype: DType): number {
  if (typeof alpha === 'boolean' && dtype !== bool) throw new RuntimeError('Boolean alpha only supported for Boolean results.');
  if (!dtype.is_floating_point && !Number.isInteger(alpha))
    throw new RuntimeError('For integral input tensors, argument alpha must not be a floating point number.');
  return Number(alpha);
}
export function add(a: Tensor, other: TensorOrScalar, opts: { alpha?: number } = {}): Tensor {
  const b = checkOperand(other, 'add'), dtype = resultType(a, b), alpha = checkAlpha(opts.alpha ?? 1, dtype);
  const out = binaryMap(a, b, alpha === 1 ? (x, y) => x + y : (x, y) => x + alpha * y, dtype, alpha === 1 ? Arith.Add : Arith.None);
  return record(out, 'AddBackward0', [a, b instanceof Tensor ? b : null],
    (g) => [gradFor(g, a), b instanceof Tensor ? gradFor(alpha === 1 ? g : mul(g, alpha), b) : null], false);
}
export function sub(a: Tensor, other: TensorOrScalar, opts: { alpha?: number } = {}): Tensor {
  const b = checkOperand(other, 'sub'), dtype = resultType(a, b), alpha = checkAlpha(opts.alpha ?? 1, dtype);
  const out = binaryMap(a, b, (x, y) => x - alpha * y, dtype, alpha === 1 ? Arith.Sub : Arith.None);
  return record(out, 'SubBackward0', [a, b instanceof Tensor ? b : null],
    (g) => [gradFor(g, a), b instanceof Tensor ? gradFor(mul(g, -alpha), b) : null], false);
}
export function mul(a: Tensor, other: TensorOrScalar): Tensor {
  const b = checkOperand(other, 'mul');
  const out = binaryMap(a, b, (x, y) => x * y, resultType(a, b), Arith.Mul);
  const needA = a.requires_grad, needB = b instanceof Tensor && b.requires_grad;
  return record(out, 'MulBackward0', [a, b instanceof Tensor ? b : null],
    (g) => [needA ? gradFor(mul(g, b instanceof Tensor ? b.detach() : b), a) : null,
      needB ? gradFor(mul(g, a.detach()), b) : null], true, { saved: [needA && b instanceof Tensor && b, needB && a] });
}
export type RoundingMode = 'trunc' | 'floor' | null;
export function div(a: Tensor, other: TensorOrScalar, rounding_mode: RoundingMode = null): Tensor {
  const b = checkOperand(other, 'div');
  if (rounding_mode !== null) return roundedDiv(a, b, rounding_mode);
  let dtype = resultType(a, b);
  if (dtype === int64) dtype = float32; // true division
  const out = binaryMap(a, b, (x, y) => x / y, dtype, Arith.Div);
  const needA = a.requires_grad, needB = b instanceof Tensor && b.requires_grad;
  return record(out, 'DivBackward0', [a, b instanceof Tensor ? b : null],
    (g) => [needA ? gradFor(div(g, b instanceof Tensor ? b.detach() : b), a) : null,
      needB ? gradFor(binaryMap(binaryMap(g, a.detach(), (x, y) => -x * y, g.dtype), b.detach(), (x, y) => x / (y * y), g.dtype), b) : null],
    true, { saved: [(needA || needB) && b instanceof Tensor && b, needB && a] });
}
/** Zeros of t's shape and dtype. */
export function zerosOf(t: Tensor): Tensor { return new Tensor(t.dtype.alloc(t.numel()), t.shape, t.dtype); }
/** div with rounding_mode: the promoted dtype (integers stay integers), and a zero gradient, as in PyTorch. */
function roundedDiv(a: Tensor, b: TensorOrScalar, mode: 'trunc' | 'floor' | string): Tensor {
  if (mode !== 'trunc' && mode !== 'floor')
    throw new RuntimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
  const round = mode === 'trunc' ? Math.trunc : Math.floor;
  const dtype = resultType(a, b);
  if (dtype === int64 && (typeof b === 'number' ? b === 0 : b._data.includes(0))) throw new RuntimeError('ZeroDivisionError');
  const out = binaryMap(a, b, (x, y) => round(x / y), dtype);
  return record(out, 'DivBackward2', [a, b instanceof Tensor ? b : null],
    (g) => [gradFor(mul(g, 0), a), b instanceof Tensor ? gradFor(mul(g, 0), b) : null], false);
}
/** pow(self, exponent) with a number as the base: torch.pow(2, x). */
export function powScalarBase(base: number, exponent: Tensor): Tensor {
  const dtype = exponent.dtype.is_floating_point ? exponent.dtype : Number.isInteger(base) ? int64 : float32;
  return pow(new Tensor(dtype.alloc(1).fill(base), [], dtype), exponent);
}
export function pow(a: Tensor, exponent: TensorOrScalar): Tensor {
  const e = checkOperand(exponent, 'pow');
  const out = binaryMap(a, e, Math.pow, resultType(a, e));
  // PowBackward1 (a tensor exponent) saves self and exponent, and its result for the exponent's gradient
  const saved = e instanceof Tensor ? [a, e, e.requires_grad && out] : [a];
  return record(out, e instanceof Tensor ? 'PowBackward1' : 'PowBackward0', [a, e instanceof Tensor ? e : null], (g) => {
    const ad = a.detach();
    let ga: Tensor | null = null, ge: Tensor | null = null;
    if (a.requires_grad) {
      const d = typeof e === 'number' ? unaryMap(ad, (x) => (e === 0 ? 0 : e * Math.pow(x, e - 1)), out.dtype)
        : binaryMap(ad, e.detach(), (x, y) => (y === 0 ? 0 : y * Math.pow(x, y - 1)), out.dtype);
      ga = gradFor(mul(g, d), a);
    }
    if (e instanceof Tensor && e.requires_grad) {
      // d/de x^e = x^e log x, defined as 0 where x == 0 and e >= 0 (PyTorch's masking)
      const d = binaryMap(ad, e.detach(), (x, y) => (x === 0 && y >= 0 ? 0 : Math.pow(x, y) * Math.log(x)), out.dtype);
      ge = gradFor(mul(g, d), e);
    }
    return [ga, ge];
  }, true, { saved });
}
export function neg(a: Tensor): Tensor {
  return record(unaryMap(a, (x) => -x), 'NegBackward0', [a], (g) => [neg(g)], false);
}

function floatOf(a: Tensor): DType { return a.dtype.is_floating_point ? a.dtype : float32; }

export function exp(a: Tensor): Tensor {
  const out = unaryMap(a, Math.exp, floatOf(a));
  return record(out, 'ExpBackward0', [a], (g) => [mul(g, out.detach())], true, { saved: [out] });
}
export function log(a: Tensor): Tensor {
  const out = unaryMap(a, Math.log, floatOf(a));
  return record(out, 'LogBackward0', [a], (g) => [div(g, a.detach())], true, { saved: [a] });
}
export function log1p(a: Tensor): Tensor {
  const out = unaryMap(a, Math.log1p, floatOf(a));
  return record(out, 'Log1PBackward0', [a], (g) => [binaryMap(g, a.detach(), (x, y) => x / (1 + y), g.dtype)], true, { saved: [a] });
}
export function sqrt(a: Tensor): Tensor {
  const out = unaryMap(a, Math.sqrt, floatOf(a));
  return record(out, 'SqrtBackward0', [a], (g) => [binaryMap(g, out.detach(), (x, y) => x / (2 * y), g.dtype)], true, { saved: [out] });
}
export function abs(a: Tensor): Tensor {
  const out = unaryMap(a, Math.abs);
  return record(out, 'AbsBackward0', [a], (g) => [binaryMap(g, a.detach(), (x, y) => x * Math.sign(y), g.dtype)], true, { saved: [a] });
}
/** relu with PyTorch's signed-zero and NaN rules (kernels/relu.ts); both loops write every element. */
export function relu(a: Tensor): Tensor {
  if (a.dtype === bool) throw new RuntimeError('Boolean inputs not supported for relu');
  const kind = a.dtype === float32 ? 'f32' : 'f64';
  const out = allocEmpty(kind, a.numel());
  reluInto(a._data, out);
  const res = new Tensor(out, a.shape, a.dtype);
  return record(res, 'ReluBackward0', [a], (g) => {
    const r = allocEmpty(kind, out.length);
    reluBackward(out, g._data, r);
    return [new Tensor(r, a.shape, a.dtype)];
  }, true, { saved: [res] });
}
export function sigmoid(a: Tensor): Tensor {
  const out = unaryMap(a, (x) => 1 / (1 + Math.exp(-x)), floatOf(a));
  return record(out, 'SigmoidBackward0', [a], (g) => [binaryMap(g, out.detach(), (x, y) => x * y * (1 - y), g.dtype)], true, { saved: [out] });
}
export function tanh(a: Tensor): Tensor {
  const out = unaryMap(a, Math.tanh, floatOf(a));
  return record(out, 'TanhBackward0', [a], (g) => [binaryMap(g, out.detach(), (x, y) => x * (1 - y * y), g.dtype)], true, { saved: [out] });
}
export function clamp(a: Tensor, min?: number | null, max?: number | null): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null))
    throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const lo = min ?? -Infinity, hi = max ?? Infinity;
  const out = unaryMap(a, (x) => (x !== x ? x : Math.min(Math.max(x, lo), hi)));
  return record(out, 'ClampBackward1', [a], (g) => [binaryMap(g, a.detach(), (x, y) => (y >= lo && y <= hi ? x : 0), g.dtype)], true, { saved: [a] });
}
export function maximum(a: Tensor, b: Tensor): Tensor { return minmax(a, b, true); }
export function minimum(a: Tensor, b: Tensor): Tensor { return minmax(a, b, false); }
function minmax(a: Tensor, b: Tensor, isMax: boolean): Tensor {
  const pick = isMax ? (x: number, y: number) => (x !== x || y !== y ? NaN : Math.max(x, y)) : (x: number, y: number) => (x !== x || y !== y ? NaN : Math.min(x, y));
  const out = binaryMap(a, b, pick, resultType(a, b));
  // ties split the gradient in half, as PyTorch does
  const share = isMax ? (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0) : (x: number, y: number) => (x < y ? 1 : x === y ? 0.5 : 0);
  return record(out, isMax ? 'MaximumBackward0' : 'MinimumBackward0', [a, b], (g) => [
    a.requires_grad ? gradFor(mul(g, binaryMap(a.detach(), b.detach(), share, g.dtype)), a) : null,
    b.requires_grad ? gradFor(mul(g, binaryMap(b.detach(), a.detach(), share, g.dtype)), b) : null], true, { saved: [a, b] });
}

export function compare(a: Tensor, other: TensorOrScalar, op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'): Tensor {
  const b = checkOperand(other, op);
  const f: F2 = op === 'eq' ? (x, y) => +(x === y) : op === 'ne' ? (x, y) => +(x !== y) : op === 'lt' ? (x, y) => +(x < y)
    : op === 'le' ? (x, y) => +(x <= y) : op === 'gt' ? (x, y) => +(x > y) : (x, y) => +(x >= y);
  return binaryMap(a, b, f, bool);
}

/** torch.where(cond, a, b) */
export function where(cond: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (cond.dtype !== bool) throw new RuntimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype.scalarName}`);
  const ta = a instanceof Tensor ? a : new Tensor(float32.alloc(1).fill(a), [], b instanceof Tensor ? b.dtype : float32);
  const tb = b instanceof Tensor ? b : new Tensor(ta.dtype.alloc(1).fill(b), [], ta.dtype);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  const shape = broadcastShapes(broadcastShapes(cond.shape, ta.shape), tb.shape);
  const c = binaryMap(cond, new Tensor(float64.alloc(numelOf(shape)), shape, float64), (x) => x, float64);
  const pa = binaryMap(c, ta.detach(), (m, x) => (m ? x : 0), dtype);
  const out = binaryMap(pa, binaryMap(c, tb.detach(), (m, y) => (m ? 0 : y), dtype), (x, y) => x + y, dtype);
  for (let i = 0; i < out._data.length; i++) if (c._data[i]) out._data[i] = pa._data[i];
  return record(out, 'WhereBackward0', [ta, tb], (g) => [
    ta.requires_grad ? gradFor(binaryMap(g, c, (x, m) => (m ? x : 0), g.dtype), ta) : null,
    tb.requires_grad ? gradFor(binaryMap(g, c, (x, m) => (m ? 0 : x), g.dtype), tb) : null], true, { saved: [cond] });
}
