// torch.sin, erf, floor, round, sign, isnan, nan_to_num, logical_not & co: unary elementwise math
// beyond elementwise.ts (binary and ternary ones are in math_binary.ts). PyTorch's dtype rules:
// float functions of integer or bool tensors give float32 (the integers rounded to float32 first),
// rounding functions keep integers as they are, tests give bool. Gradients as 1.13 names them.
import { Tensor } from '../tensor/tensor.js';
import { type DType, type Storage, float32, bool } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { numelOf, sameShape } from '../tensor/shape.js';
import { record } from '../autograd/function.js';
import { binaryMap, pow, unaryMap } from './elementwise.js';
import { erf as erfScalar } from './special.js';
import { bindNames, intArg, numberArg, tensorArg } from '../tensor/args.js';

type Num = ArrayLike<number>;
/** A builtin of one tensor: `torch.sin(x)` or `torch.sin({ input: x })`. */
export type UnaryFn = (input: Tensor | { input: Tensor }) => Tensor;

const same = (v: number): number => v;
/** How a value of dtype is held between the steps of a kernel: float32 rounds every step. */
export const rounder = (d: DType): ((v: number) => number) => (d === float32 ? Math.fround : same);
export const floatOf = (d: DType): DType => (d.is_floating_point ? d : float32);

/** t's values broadcast to shape, row-major (t's own storage when no broadcast is needed). */
export function spread(t: Tensor, shape: readonly number[]): Num {
  const c = t.contiguous();
  if (sameShape(c.shape, shape)) return c._data;
  return binaryMap(new Tensor(c.dtype.alloc(numelOf(shape)), shape, c.dtype), c, (_z, v) => v, c.dtype)._data;
}
/** A new tensor with out[i] = f(a[i], b[i], c[i]) (c may be one number for every i). */
export function zip3(shape: readonly number[], dtype: DType, a: Num, b: Num, c: Num | number,
  f: (x: number, y: number, z: number) => number): Tensor {
  const n = numelOf(shape), out: Storage = dtype.alloc(n);
  if (typeof c === 'number') for (let i = 0; i < n; i++) out[i] = f(a[i], b[i], c);
  else for (let i = 0; i < n; i++) out[i] = f(a[i], b[i], c[i]);
  return new Tensor(out, shape, dtype);
}
export const zerosLike = (g: Tensor): Tensor => new Tensor(g.dtype.alloc(g.numel()), g.shape, g.dtype);
const copyOf = (x: Tensor): Tensor => new Tensor(x.contiguous()._data.slice(), x.shape, x.dtype);

function input1(fn: string, args: readonly unknown[]): Tensor {
  if (args.length === 1 && args[0] instanceof Tensor) return args[0];
  return tensorArg(fn, 'input', bindNames(fn, ['input'], args, [], 1).input, 1);
}

// ---- float functions: f(x) and d/dx as g·h(x, y) ----
/** The functions whose derivative PyTorch computes from the result, so it saves that rather than the input. */
const SAVES_RESULT = new Set(['tan', 'expm1', 'rsqrt', 'reciprocal']);
function floatUnary(name: string, node: string, f: (x: number) => number, grad: (g: number, x: number, y: number) => number): UnaryFn {
  return (...args: unknown[]): Tensor => {
    const x = input1(name, args), src = x.contiguous();
    const out = x.dtype.is_floating_point ? unaryMap(src, f) : unaryMap(src, (v) => f(Math.fround(v)), float32);
    return record(out, node, [x], (g) => [zip3(g.shape, g.dtype, g._data, src._data, out._data, grad)], true,
      { saved: [SAVES_RESULT.has(name) ? out : x] });
  };
}
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
export const sin = floatUnary('sin', 'SinBackward0', Math.sin, (g, x) => g * Math.cos(x));
export const cos = floatUnary('cos', 'CosBackward0', Math.cos, (g, x) => g * -Math.sin(x));
export const tan = floatUnary('tan', 'TanBackward0', Math.tan, (g, _x, y) => g * (1 + y * y));
export const atan = floatUnary('atan', 'AtanBackward0', Math.atan, (g, x) => g / (x * x + 1));
export const sinh = floatUnary('sinh', 'SinhBackward0', Math.sinh, (g, x) => g * Math.cosh(x));
export const cosh = floatUnary('cosh', 'CoshBackward0', Math.cosh, (g, x) => g * Math.sinh(x));
export const erf = floatUnary('erf', 'ErfBackward0', erfScalar, (g, x) => TWO_OVER_SQRT_PI * Math.exp(-(x * x)) * g);
export const expm1 = floatUnary('expm1', 'Expm1Backward0', Math.expm1, (g, _x, y) => g * (y + 1));
export const log2 = floatUnary('log2', 'Log2Backward0', Math.log2, (g, x) => g / (x * Math.LN2));
export const log10 = floatUnary('log10', 'Log10Backward0', Math.log10, (g, x) => g / (x * Math.LN10));
export const rsqrt = floatUnary('rsqrt', 'RsqrtBackward0', (x) => 1 / Math.sqrt(x), (g, _x, y) => -0.5 * g * y * y * y);
export const reciprocal = floatUnary('reciprocal', 'ReciprocalBackward0', (x) => 1 / x, (g, _x, y) => -g * (y * y));

// ---- rounding: integers come back unchanged, bool is refused, the gradient is zero ----
function roundLike(name: string, node: string, x: Tensor, f: (v: number) => number): Tensor {
  if (x.dtype === bool) throw new RuntimeError(`"${name}_vml_cpu" not implemented for 'Bool'`);
  if (!x.dtype.is_floating_point) return copyOf(x);
  return record(unaryMap(x.contiguous(), f), node, [x], (g) => [zerosLike(g)], false);
}
function rounding(name: string, node: string, f: (v: number) => number): UnaryFn {
  return (...args: unknown[]): Tensor => roundLike(name, node, input1(name, args), f);
}
/** C's nearbyint: halves go to the even neighbour; the sign of zero is kept. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
export const floor = rounding('floor', 'FloorBackward0', Math.floor);
export const ceil = rounding('ceil', 'CeilBackward0', Math.ceil);
export const trunc = rounding('trunc', 'TruncBackward0', Math.trunc);

/** torch.round(input, {decimals}): half to even; with decimals, scaled by 10^|decimals| in the tensor's precision. */
export function round(input: Tensor, opts?: { decimals?: number }): Tensor;
export function round(...args: unknown[]): Tensor;
export function round(...args: unknown[]): Tensor {
  if (args.length === 1 && args[0] instanceof Tensor) return roundLike('round', 'RoundBackward0', args[0], roundHalfEven);
  const a = bindNames('round', ['input'], args, ['decimals'], 1);
  const x = tensorArg('round', 'input', a.input, 1);
  if (a.decimals === undefined) return roundLike('round', 'RoundBackward0', x, roundHalfEven);
  const d = intArg('round', 'decimals', a.decimals, 0);
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"round_cpu" not implemented for '${x.dtype.scalarName}'`);
  const r = rounder(x.dtype), ten = r(Math.pow(10, Math.abs(d)));
  const f = d < 0 ? (v: number) => roundHalfEven(r(v / ten)) * ten : (v: number) => roundHalfEven(r(v * ten)) / ten;
  return record(unaryMap(x.contiguous(), f), 'RoundBackward1', [x], (g) => [zerosLike(g)], false);
}

/** torch.sign: -1, 0 or 1 in the input's dtype; sign(NaN) is 0 in PyTorch 1.13. */
export const sign: UnaryFn = (...args: unknown[]): Tensor => {
  const x = input1('sign', args);
  if (x.dtype === bool) return copyOf(x);
  const out = unaryMap(x.contiguous(), (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
  return record(out, 'SignBackward0', [x], (g) => [zerosLike(g)], false);
};
/** torch.square is pow(x, 2): bool becomes int64, the gradient is PowBackward0's. */
export const square: UnaryFn = (...args: unknown[]): Tensor => pow(input1('square', args), 2);

// ---- tests (bool results, no gradient) ----
function test(name: string, f: (v: number) => boolean): UnaryFn {
  return (...args: unknown[]): Tensor => unaryMap(input1(name, args).contiguous(), (v) => +f(v), bool);
}
export const isnan = test('isnan', (v) => v !== v);
export const isinf = test('isinf', (v) => v === Infinity || v === -Infinity);
export const isfinite = test('isfinite', (v) => Number.isFinite(v));
export const logical_not = test('logical_not', (v) => v === 0);

const FLOAT_MAX: Record<string, number> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

/** torch.nan_to_num(input, nan=0.0, posinf=None, neginf=None): infinities default to the dtype's extremes. */
export function nan_to_num(input: Tensor, nan?: number | null | { nan?: number | null; posinf?: number | null; neginf?: number | null },
  posinf?: number | null, neginf?: number | null): Tensor;
export function nan_to_num(...args: unknown[]): Tensor;
export function nan_to_num(...args: unknown[]): Tensor {
  const a = bindNames('nan_to_num', ['input', 'nan', 'posinf', 'neginf'], args, [], 1);
  const x = tensorArg('nan_to_num', 'input', a.input, 1);
  const nanV = numberArg('nan_to_num', 'nan', a.nan, 0);
  const hi = numberArg('nan_to_num', 'posinf', a.posinf, FLOAT_MAX[x.dtype.name] ?? Infinity);
  const lo = numberArg('nan_to_num', 'neginf', a.neginf, -(FLOAT_MAX[x.dtype.name] ?? Infinity));
  if (!x.dtype.is_floating_point) return copyOf(x);
  const src = x.contiguous();
  const out = unaryMap(src, (v) => (v !== v ? nanV : v === Infinity ? hi : v === -Infinity ? lo : v));
  return record(out, 'NanToNumBackward0', [x], (g) => [binaryMap(g, src, (gv, v) => (Number.isFinite(v) ? gv : 0), g.dtype)], true, { saved: [x] });
}
