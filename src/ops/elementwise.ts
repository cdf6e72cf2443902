// Elementwise ops with broadcasting, each forward beside its backward. Float32 results are
// stored in Float32Array, so every value is rounded to float32 as PyTorch's would be.
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import { DType, float32, float64, int32, int64, uint8, bool, promoteTypes, canCast, toDType, dtypeFromTypeName, describe, type Storage } from '../tensor/dtype.js';
import { resultTypeOf } from '../tensor/promotion.js';
import { broadcastShapes, broadcastStrides, numelOf, sameShape } from '../tensor/shape.js';
import { isContiguousLayout } from '../tensor/strided.js';
import { record } from '../autograd/function.js';
import { sumToShape } from './reduce.js';
import { RuntimeError, warn } from '../tensor/errors.js';
import { addScaledFast, allocEmpty, reluInto, reluBackward, tanhF32Fast } from '../kernels/dispatch.js';

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

/**
 * Result dtype of a binary op (at::result_type): Python numbers and 0-dim tensors do not widen a
 * tensor of their own kind (`uint8_tensor + 300` is uint8, `int8_tensor * 1.5` is float32).
 */
export function resultType(a: Tensor, b: TensorOrScalar | boolean): DType {
  return resultTypeOf([a, b]);
}

/**
 * An operand as the op computes with it in `dtype`: a number converted (uint8: 300 -> 44), a
 * tensor converted where that can change its values (a 0-dim int64 into int8, int32 into float32);
 * tensors that convert exactly are read as they are. Values only: autograd keeps the original.
 */
export function operandAs<T extends TensorOrScalar>(v: T, dtype: DType): T {
  if (typeof v === 'number') return dtype.cast(v) as T;
  const t = v as Tensor;
  if (t.dtype === dtype || (promoteTypes(t.dtype, dtype) === dtype && !(dtype === float32 && (t.dtype === int32 || t.dtype === int64)))) return v;
  return cast(t.detach(), dtype) as T;
}

/** Stores integer results the way the dtype holds them (modulo 2^bits; bool: 0 or 1). */
function wrapAll(out: Float32Array | Float64Array, dtype: DType): void {
  const w = dtype.wrap;
  if (w) for (let i = 0; i < out.length; i++) out[i] = w(out[i]);
}

export function unaryMap(x: Tensor, f: F1, dtype: DType = x.dtype): Tensor {
  const src = x._data, out = dtype.alloc(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  wrapAll(out, dtype);
  return new Tensor(out, x.shape, dtype);
}

/** The arithmetic binaryMap runs in a loop of its own for float32 storage (see float32Loop). */
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
    wrapAll(out, dtype);
    return new Tensor(out, a.shape, dtype);
  }
  const bd = b._data;
  if (sameShape(a.shape, b.shape)) {
    const out = dtype.alloc(ad.length);
    if (op !== Arith.None && ad instanceof Float32Array && bd instanceof Float32Array && out instanceof Float32Array) float32Loop(op, ad, bd, out);
    else for (let i = 0; i < ad.length; i++) out[i] = f(ad[i], bd[i]);
    wrapAll(out, dtype);
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
  wrapAll(out, dtype);
  return new Tensor(out, shape, dtype);
}

/** The gradient of a broadcast input: summed over the broadcast dims and cast to the input's dtype. */
export function gradFor(g: Tensor, input: Tensor): Tensor {
  const r = sumToShape(g, input.shape);
  return r.dtype === input.dtype ? r : cast(r, input.dtype);
}
/** x's values converted to dtype as PyTorch's `.to()` converts them (a new tensor; no autograd). */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = dtype.alloc(x.numel()), src = x._data;
  // typed-array copies round to float32 as C++ does, and widening integers changes nothing
  if (dtype.is_floating_point || (!x.dtype.is_floating_point && promoteTypes(x.dtype, dtype) === dtype)) out.set(src);
  else { const f = dtype.castFrom(x.dtype); for (let i = 0; i < src.length; i++) out[i] = f(src[i]); }
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
/** x.type(dtype): a DType, a legacy type name ('torch.IntTensor') or {dtype}. */
export function toType(x: Tensor, d: DType | string | { dtype: DType | string }): Tensor {
  return to(x, typeof d === 'string' ? dtypeFromTypeName(d) : d instanceof DType ? d : toDType(d.dtype));
}
export function clone(x: Tensor): Tensor {
  // a non-contiguous view's _data is already a fresh dense copy; the storage (or a subarray of it) is copied
  const d = x._data, fresh = !x._dense && !isContiguousLayout(x.shape, x._strides);
  const out = new Tensor(fresh ? d : d.slice(), x.shape, x.dtype);
  return record(out, 'CloneBackward0', [x], (g) => [g], false);
}
/** src broadcast to `shape` and cast to `dtype`, as a new tensor (what copy_ writes). */
export function broadcastCast(src: Tensor, shape: readonly number[], dtype: DType): Tensor {
  if (sameShape(shape, src.shape)) return src.dtype === dtype ? new Tensor(src._data.slice(), shape, dtype) : cast(src, dtype);
  const c = cast(src, dtype);
  return binaryMap(new Tensor(dtype.alloc(numelOf(shape)), shape, dtype), c, (_x, y) => y, dtype);
}

// ---- arithmetic ----
/** A binary op's operands: `other` checked (a Tensor, number or boolean), the result dtype, and both operands as computed with. */
function operands(a: Tensor, other: unknown, op: string, compute?: (d: DType) => DType): { b: TensorOrScalar; dtype: DType; x: Tensor; y: TensorOrScalar } {
  const b = checkOperand(other, op);
  const result = resultType(a, other as TensorOrScalar | boolean), dtype = compute ? compute(result) : result;
  return { b, dtype, x: operandAs(a, dtype), y: operandAs(b, dtype) };
}
/** at::native::alpha_check, on the op's result dtype. */
function checkAlpha(alpha: number | boolean, dtype: DType): number {
  if (typeof alpha === 'boolean' && dtype !== bool) throw new RuntimeError('Boolean alpha only supported for Boolean results.');
  if (!dtype.is_floating_point && !Number.isInteger(Number(alpha)))
    throw new RuntimeError('For integral input tensors, argument alpha must not be a floating point number.');
  return Number(alpha);
}
/** From this many float32 elements (storage of 64 KiB: it lives in the WebAssembly memory) add runs in the kernel. */
export const ADD_KERNEL_MIN = 1 << 14;
/** float32 x + alpha * y of one shape by the WebAssembly kernel (binaryMap's arithmetic, so its bits), else null. */
function addF32(x: Tensor, y: TensorOrScalar, alpha: number, dtype: DType): Tensor | null {
  if (dtype !== float32 || !(y instanceof Tensor) || x.numel() < ADD_KERNEL_MIN || !sameShape(x.shape, y.shape)) return null;
  const xd = x._data, yd = y._data;
  if (!(xd instanceof Float32Array) || !(yd instanceof Float32Array)) return null;
  const out = allocEmpty('f32', xd.length);
  return addScaledFast(xd, yd, out, alpha) ? new Tensor(out, x.shape, float32) : null;
}
export function add(a: Tensor, other: TensorOrScalar, opts: { alpha?: number } = {}): Tensor {
  const { b, dtype, x, y } = operands(a, other, 'add'), alpha = checkAlpha(opts.alpha ?? 1, dtype);
  const out = addF32(x, y, alpha, dtype)
    ?? binaryMap(x, y, alpha === 1 ? (p, q) => p + q : (p, q) => p + alpha * q, dtype, alpha === 1 ? Arith.Add : Arith.None);
  return record(out, 'AddBackward0', [a, b instanceof Tensor ? b : null],
    (g) => [gradFor(g, a), b instanceof Tensor ? gradFor(alpha === 1 ? g : mul(g, alpha), b) : null], false);
}
export function sub(a: Tensor, other: TensorOrScalar, opts: { alpha?: number } = {}): Tensor {
  const { b, dtype, x, y } = operands(a, other, 'sub');
  const bIsBool = typeof other === 'boolean' || (b instanceof Tensor && b.dtype === bool);
  if (a.dtype === bool && bIsBool) throw new RuntimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  if (a.dtype === bool || bIsBool) throw new RuntimeError('Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  const alpha = checkAlpha(opts.alpha ?? 1, dtype);
  const out = binaryMap(x, y, (p, q) => p - alpha * q, dtype, alpha === 1 ? Arith.Sub : Arith.None);
  return record(out, 'SubBackward0', [a, b instanceof Tensor ? b : null],
    (g) => [gradFor(g, a), b instanceof Tensor ? gradFor(mul(g, -alpha), b) : null], false);
}
export function mul(a: Tensor, other: TensorOrScalar): Tensor {
  const { b, dtype, x, y } = operands(a, other, 'mul');
  const out = binaryMap(x, y, dtype.is_integer ? intTimes(dtype) : (p, q) => p * q, dtype, dtype.is_integer ? Arith.None : Arith.Mul);
  const needA = a.requires_grad, needB = b instanceof Tensor && b.requires_grad;
  return record(out, 'MulBackward0', [a, b instanceof Tensor ? b : null],
    (g) => [needA ? gradFor(mul(g, b instanceof Tensor ? b.detach() : b), a) : null,
      needB ? gradFor(mul(g, a.detach()), b) : null], true, { saved: [needA && b instanceof Tensor && b, needB && a] });
}
export type RoundingMode = 'trunc' | 'floor' | null;
export function div(a: Tensor, other: TensorOrScalar, rounding_mode: RoundingMode = null): Tensor {
  if (rounding_mode !== null) return roundedDiv(a, other, rounding_mode);
  // true division: integer and bool operands divide as the default float dtype
  const { b, dtype, x, y } = operands(a, other, 'div', (d) => (d.is_floating_point ? d : float32));
  const out = binaryMap(x, y, (p, q) => p / q, dtype, Arith.Div);
  const needA = a.requires_grad, needB = b instanceof Tensor && b.requires_grad;
  return record(out, 'DivBackward0', [a, b instanceof Tensor ? b : null],
    (g) => [needA ? gradFor(div(g, b instanceof Tensor ? b.detach() : b), a) : null,
      needB ? gradFor(binaryMap(binaryMap(g, a.detach(), (p, q) => -p * q, g.dtype), b.detach(), (p, q) => p / (q * q), g.dtype), b) : null],
    true, { saved: [(needA || needB) && b instanceof Tensor && b, needB && a] });
}
/** Zeros of t's shape and dtype. */
export function zerosOf(t: Tensor): Tensor { return new Tensor(t.dtype.alloc(t.numel()), t.shape, t.dtype); }
/** div with rounding_mode: the promoted dtype (integers stay integers), and a zero gradient, as in PyTorch. */
function roundedDiv(a: Tensor, other: TensorOrScalar, mode: 'trunc' | 'floor' | string): Tensor {
  if (mode !== 'trunc' && mode !== 'floor')
    throw new RuntimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
  const round = mode === 'trunc' ? Math.trunc : Math.floor;
  const { b, dtype, x, y } = operands(a, other, 'div');
  if (dtype === bool) throw new RuntimeError(`"div_${mode}_cpu" not implemented for 'Bool'`);
  if (!dtype.is_floating_point && (typeof y === 'number' ? y === 0 : y._data.includes(0))) throw new RuntimeError('ZeroDivisionError');
  const out = binaryMap(x, y, (p, q) => round(p / q), dtype);
  return record(out, 'DivBackward2', [a, b instanceof Tensor ? b : null],
    (g) => [gradFor(mul(g, 0), a), b instanceof Tensor ? gradFor(mul(g, 0), b) : null], false);
}
/**
 * ATen's powi: integer powers by squaring, each product in the dtype (so it wraps as C++ does); a
 * negative exponent gives 0, except for bases 1 and -1.
 */
function intPow(dtype: DType): F2 {
  const times = intTimes(dtype), w = dtype.wrap!;
  return (a, b) => {
    if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 ? -1 : 1) : 0;
    if (dtype === int64) return pow64(a, b);
    let r = 1;
    for (; b; b = Math.trunc(b / 2), a = w(times(a, a))) if (b % 2) r = w(times(r, a));
    return r;
  };
}
/** int64 powers in BigInt, so that every wrapped bit survives until the end. */
function pow64(a: number, b: number): number {
  let r = 1n, x = BigInt(a);
  for (; b; b = Math.trunc(b / 2), x = BigInt.asIntN(64, x * x)) if (b % 2) r = BigInt.asIntN(64, r * x);
  return Number(r);
}
/** Products in an integer dtype with every bit its wrap keeps: past 2^53 a double drops the low ones. */
export function intTimes(dtype: DType): F2 {
  if (dtype === int32) return Math.imul;
  if (dtype === int64) return (p, q) => { const r = p * q; return Math.abs(r) < 2 ** 53 ? r : Number(BigInt.asIntN(64, BigInt(p) * BigInt(q))); };
  return (p, q) => p * q;
}
export function pow(a: Tensor | number, exponent: TensorOrScalar): Tensor {
  if (!(a instanceof Tensor)) return powScalarBase(a, checkTensor(exponent, 'exponent'));
  const { b: e, dtype, x, y } = operands(a, exponent, 'pow');
  if (dtype === bool) throw new RuntimeError('"pow" not implemented for \'Bool\'');
  if (!dtype.is_floating_point && typeof e === 'number' && e < 0) throw new RuntimeError('Integers to negative integer powers are not allowed.');
  const out = binaryMap(x, y, dtype.is_floating_point ? Math.pow : intPow(dtype), dtype);
  // PowBackward1 (a tensor exponent) saves self and exponent, and its result for the exponent's gradient
  const saved = e instanceof Tensor ? [a, e, e.requires_grad && out] : [a];
  return record(out, e instanceof Tensor ? 'PowBackward1' : 'PowBackward0', [a, e instanceof Tensor ? e : null], (g) => {
    const ad = a.detach();
    let ga: Tensor | null = null, ge: Tensor | null = null;
    if (a.requires_grad) {
      const d = typeof e === 'number' ? unaryMap(ad, (v) => (e === 0 ? 0 : e * Math.pow(v, e - 1)), out.dtype)
        : binaryMap(ad, e.detach(), (v, w) => (w === 0 ? 0 : w * Math.pow(v, w - 1)), out.dtype);
      ga = gradFor(mul(g, d), a);
    }
    if (e instanceof Tensor && e.requires_grad) {
      // d/de x^e = x^e log x, defined as 0 where x == 0 and e >= 0 (PyTorch's masking)
      const d = binaryMap(ad, e.detach(), (v, w) => (v === 0 && w >= 0 ? 0 : Math.pow(v, w) * Math.log(v)), out.dtype);
      ge = gradFor(mul(g, d), e);
    }
    return [ga, ge];
  }, true, { saved });
}
/** torch.pow(self: Number, exponent: Tensor): d/de base^e = base^e log(base), 0 where base == 0 and e >= 0. */
export function powScalarBase(base: number, e: Tensor): Tensor {
  const dtype = resultType(e, base);
  if (dtype === bool) throw new RuntimeError('"pow" not implemented for \'Bool\'');
  const s = dtype.cast(Number(base)), power = dtype.is_floating_point ? Math.pow : intPow(dtype);
  const out = binaryMap(operandAs(e, dtype), s, (w, v) => power(v, w), dtype);
  return record(out, 'PowBackward2', [e], (g) => [gradFor(binaryMap(binaryMap(g, out.detach(), (p, q) => p * q, g.dtype), e.detach(),
    (p, w) => (s === 0 && w >= 0 ? 0 : p * Math.log(s)), g.dtype), e)]);
}
export function neg(a: Tensor): Tensor {
  if (a.dtype === bool) throw new RuntimeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
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
  if (a.dtype === bool) throw new RuntimeError('"abs_cpu" not implemented for \'Bool\'');
  const out = unaryMap(a, Math.abs);
  return record(out, 'AbsBackward0', [a], (g) => [binaryMap(g, a.detach(), (x, y) => x * (y > 0 ? 1 : y < 0 ? -1 : 0), g.dtype)], true, { saved: [a] });
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
  // loops of their own, as tanh's (no closure call per element)
  const src = a._data, dtype = floatOf(a), od = dtype.alloc(src.length);
  for (let i = 0; i < src.length; i++) od[i] = 1 / (1 + Math.exp(-src[i]));
  const out = new Tensor(od, a.shape, dtype);
  return record(out, 'SigmoidBackward0', [a], (g) => {
    if (!sameShape(g.shape, out.shape)) return [binaryMap(g, out.detach(), (x, y) => x * y * (1 - y), g.dtype)];
    const gd = g._data, yd = out._data, gi = g.dtype.alloc(gd.length);
    for (let i = 0; i < gd.length; i++) { const y = yd[i]; gi[i] = gd[i] * y * (1 - y); }
    return [new Tensor(gi, g.shape, g.dtype)];
  }, true, { saved: [out] });
}
export function tanh(a: Tensor): Tensor {
  const out = tanhF32(a) ?? unaryMap(a, Math.tanh, floatOf(a));
  return record(out, 'TanhBackward0', [a], (g) => [tanhBackwardF32(g, out) ?? binaryMap(g, out.detach(), (x, y) => x * (1 - y * y), g.dtype)],
    true, { saved: [out] });
}
// tanh and its backward on float32 in loops of their own (the recurrent cells' hot path): the same
// expressions as the closures above, without a megamorphic call per element; null otherwise
function tanhF32(a: Tensor): Tensor | null {
  const src = a._data;
  if (a.dtype !== float32 || !(src instanceof Float32Array)) return null;
  const out = float32.alloc(src.length) as Float32Array;
  // WebAssembly with Math.tanh's bits (kernels/fast_elementwise.ts), or Math.tanh per element
  if (!tanhF32Fast(src, out)) for (let i = 0; i < src.length; i++) out[i] = Math.tanh(src[i]);
  return new Tensor(out, a.shape, float32);
}
function tanhBackwardF32(g: Tensor, y: Tensor): Tensor | null {
  const gd = g._data, yd = y._data;
  if (g.dtype !== float32 || !(gd instanceof Float32Array) || !(yd instanceof Float32Array) || !sameShape(g.shape, y.shape)) return null;
  const out = float32.alloc(gd.length) as Float32Array;
  for (let i = 0; i < gd.length; i++) out[i] = gd[i] * (1 - yd[i] * yd[i]);
  return new Tensor(out, g.shape, float32);
}
type Bound = number | null | undefined;
export function clamp(a: Tensor, min?: Bound | { min?: Bound; max?: Bound }, max?: Bound): Tensor {
  if (min !== null && typeof min === 'object') ({ min, max } = { max, ...min }); // clamp(x, {min, max}), Python's keywords
  if ((min === undefined || min === null) && (max === undefined || max === null))
    throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  // the bounds take part in promotion (an int8 tensor clamped at 1.5 is float32) and must fit the result
  const dtype = resultTypeOf([a, ...[min, max].filter((v): v is number => v !== undefined && v !== null)]);
  const lo = min === undefined || min === null ? -Infinity : dtype.scalar(min);
  const hi = max === undefined || max === null ? Infinity : dtype.scalar(max);
  // std::min(std::max(x, lo), hi): a NaN bound leaves x as it is, a NaN x stays NaN
  // loops of their own (a closure call per element from unaryMap's shared loop is megamorphic)
  const src = operandAs(a, dtype)._data, od = dtype.alloc(src.length);
  for (let i = 0; i < src.length; i++) { const x = src[i], r = x < lo ? lo : x; od[i] = hi < r ? hi : r; }
  wrapAll(od, dtype);
  return record(new Tensor(od, a.shape, dtype), 'ClampBackward1', [a], (g) => {
    if (!sameShape(g.shape, a.shape)) return [binaryMap(g, a.detach(), (x, y) => (y >= lo && y <= hi ? x : 0), g.dtype)];
    const gd = g._data, ad = a._data, gi = g.dtype.alloc(gd.length);
    for (let i = 0; i < gd.length; i++) { const y = ad[i]; gi[i] = y >= lo && y <= hi ? gd[i] : 0; }
    return [new Tensor(gi, g.shape, g.dtype)];
  }, true, { saved: [a] });
}
export function maximum(a: Tensor, b: Tensor): Tensor { return minmax(a, b, true); }
export function minimum(a: Tensor, b: Tensor): Tensor { return minmax(a, b, false); }
function minmax(a: Tensor, b: Tensor, isMax: boolean): Tensor {
  const pick = isMax ? (x: number, y: number) => (x !== x || y !== y ? NaN : Math.max(x, y)) : (x: number, y: number) => (x !== x || y !== y ? NaN : Math.min(x, y));
  const dtype = resultType(a, b);
  const out = binaryMap(operandAs(a, dtype), operandAs(b, dtype), pick, dtype);
  // ties split the gradient in half, as PyTorch does
  const share = isMax ? (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0) : (x: number, y: number) => (x < y ? 1 : x === y ? 0.5 : 0);
  return record(out, isMax ? 'MaximumBackward0' : 'MinimumBackward0', [a, b], (g) => [
    a.requires_grad ? gradFor(mul(g, binaryMap(a.detach(), b.detach(), share, g.dtype)), a) : null,
    b.requires_grad ? gradFor(mul(g, binaryMap(b.detach(), a.detach(), share, g.dtype)), b) : null], true, { saved: [a, b] });
}

export function compare(a: Tensor, other: TensorOrScalar, op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'): Tensor {
  // compared in the operands' common dtype: `uint8_tensor == 300` compares with 300 as uint8 (44)
  const { x, y } = operands(a, other, op);
  // same shapes or a number: one loop per operator (no closure call per element, no wrap pass)
  if (typeof y === 'number' || sameShape(x.shape, y.shape)) {
    const out = bool.alloc(x._data.length);
    compareLoop(op, x._data, typeof y === 'number' ? y : y._data, out);
    return new Tensor(out, x.shape, bool);
  }
  const f: F2 = op === 'eq' ? (p, q) => +(p === q) : op === 'ne' ? (p, q) => +(p !== q) : op === 'lt' ? (p, q) => +(p < q)
    : op === 'le' ? (p, q) => +(p <= q) : op === 'gt' ? (p, q) => +(p > q) : (p, q) => +(p >= q);
  return binaryMap(x, y, f, bool);
}

/** out[i] = a[i] op b (b an array of a's length or a number) as 0/1. */
function compareLoop(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', ad: Storage, b: Storage | number, out: Storage): void {
  const n = ad.length;
  if (typeof b === 'number') {
    if (op === 'eq') for (let i = 0; i < n; i++) out[i] = ad[i] === b ? 1 : 0;
    else if (op === 'ne') for (let i = 0; i < n; i++) out[i] = ad[i] !== b ? 1 : 0;
    else if (op === 'lt') for (let i = 0; i < n; i++) out[i] = ad[i] < b ? 1 : 0;
    else if (op === 'le') for (let i = 0; i < n; i++) out[i] = ad[i] <= b ? 1 : 0;
    else if (op === 'gt') for (let i = 0; i < n; i++) out[i] = ad[i] > b ? 1 : 0;
    else for (let i = 0; i < n; i++) out[i] = ad[i] >= b ? 1 : 0;
  } else if (op === 'eq') for (let i = 0; i < n; i++) out[i] = ad[i] === b[i] ? 1 : 0;
  else if (op === 'ne') for (let i = 0; i < n; i++) out[i] = ad[i] !== b[i] ? 1 : 0;
  else if (op === 'lt') for (let i = 0; i < n; i++) out[i] = ad[i] < b[i] ? 1 : 0;
  else if (op === 'le') for (let i = 0; i < n; i++) out[i] = ad[i] <= b[i] ? 1 : 0;
  else if (op === 'gt') for (let i = 0; i < n; i++) out[i] = ad[i] > b[i] ? 1 : 0;
  else for (let i = 0; i < n; i++) out[i] = ad[i] >= b[i] ? 1 : 0;
}

/** torch.where(cond, a, b) */
export function where(cond: Tensor, a: TensorOrScalar | boolean, b: TensorOrScalar | boolean): Tensor {
  if (cond.dtype === uint8) warn('where received a uint8 condition tensor. This behavior is deprecated and will be removed in a future version of PyTorch. Use a boolean condition instead.');
  else if (cond.dtype !== bool) throw new RuntimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype.scalarName}`);
  // numbers promote as Python scalars do and are stored with fill's overflow check
  const dtype = resultTypeOf([a, b]);
  const scalar = (v: number | boolean): Tensor => new Tensor(dtype.alloc(1).fill(dtype.scalar(v)), [], dtype);
  const ta = a instanceof Tensor ? a : scalar(a), tb = b instanceof Tensor ? b : scalar(b);
  if (sameShape(cond.shape, ta.shape) && sameShape(cond.shape, tb.shape)) {
    // one shape: a select per element (no broadcast masks, and -0 stays -0)
    const cd = cond._data, xd = operandAs(ta.detach(), dtype)._data, yd = operandAs(tb.detach(), dtype)._data;
    const res = dtype.alloc(cd.length);
    for (let i = 0; i < cd.length; i++) res[i] = cd[i] ? xd[i] : yd[i];
    const pick = (g: Tensor, keep: 0 | 1): Tensor => {
      const gd = g._data, o = g.dtype.alloc(gd.length);
      for (let i = 0; i < gd.length; i++) o[i] = (cd[i] ? 1 : 0) === keep ? gd[i] : 0;
      return new Tensor(o, g.shape, g.dtype);
    };
    return record(new Tensor(res, cond.shape, dtype), 'WhereBackward0', [ta, tb], (g) => [
      ta.requires_grad ? gradFor(pick(g, 1), ta) : null, tb.requires_grad ? gradFor(pick(g, 0), tb) : null], true, { saved: [cond] });
  }
  const shape = broadcastShapes(broadcastShapes(cond.shape, ta.shape), tb.shape);
  const c = binaryMap(cond, new Tensor(float64.alloc(numelOf(shape)), shape, float64), (x) => x, float64);
  const pa = binaryMap(c, ta.detach(), (m, x) => (m ? x : 0), dtype);
  const out = binaryMap(pa, binaryMap(c, tb.detach(), (m, y) => (m ? 0 : y), dtype), (x, y) => x + y, dtype);
  for (let i = 0; i < out._data.length; i++) if (c._data[i]) out._data[i] = pa._data[i];
  return record(out, 'WhereBackward0', [ta, tb], (g) => [
    ta.requires_grad ? gradFor(binaryMap(g, c, (x, m) => (m ? x : 0), g.dtype), ta) : null,
    tb.requires_grad ? gradFor(binaryMap(g, c, (x, m) => (m ? 0 : x), g.dtype), tb) : null], true, { saved: [cond] });
}
