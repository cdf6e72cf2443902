// torch.atan2, fmod, remainder, lerp, addcmul, addcdiv and logical_and/or/xor: broadcasting, PyTorch's
// type promotion (a Python number or 0-dim tensor does not widen a tensor of its own kind), float32
// rounding after every step of a formula, and gradients summed back to each input's shape.
import { Tensor } from '../tensor/tensor.js';
import { type DType, bool, describe, typeMetaName } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { resultTypeOf as resultTypeOfOps } from '../tensor/promotion.js';
import { broadcastShapes } from '../tensor/shape.js';
import { record } from '../autograd/function.js';
import { binaryMap, gradFor, resultType, unaryMap } from './elementwise.js';
import { floatOf, rounder, spread, zip3 } from './math.js';
import { bindNames, tensorArg } from '../tensor/args.js';

const isNumber = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

/** at::result_type over several operands (tensor/promotion.ts). */
export function resultTypeOf(...ops: (Tensor | number | boolean)[]): DType { return resultTypeOfOps(ops); }

function twoTensors(fn: string, args: readonly unknown[]): [Tensor, Tensor] {
  const a = bindNames(fn, ['input', 'other'], args, [], 2);
  return [tensorArg(fn, 'input', a.input, 1), tensorArg(fn, 'other', a.other, 2)];
}

/** torch.atan2(input, other): float result; d/dx = y/(x²+y²), d/dy = -x/(x²+y²). */
export function atan2(input: Tensor, other: Tensor): Tensor;
export function atan2(...args: unknown[]): Tensor;
export function atan2(...args: unknown[]): Tensor {
  const [x, y] = twoTensors('atan2', args);
  const dtype = floatOf(resultType(x, y)), r = rounder(dtype);
  const out = binaryMap(x.contiguous(), y.contiguous(), (p, q) => Math.atan2(r(p), r(q)), dtype);
  return record(out, 'Atan2Backward0', [x, y], (g) => {
    // ATen's formula step by step: 1/(x² + y²), each square in its operand's own precision
    const xs = spread(x, out.shape), ys = spread(y, out.shape), rx = rounder(x.dtype), ry = rounder(y.dtype);
    const recip = (p: number, q: number): number => r(1 / r(rx(p * p) + ry(q * q)));
    return [x.requires_grad ? gradFor(zip3(out.shape, g.dtype, g._data, xs, ys, (gv, p, q) => r(r(gv * q) * recip(p, q))), x) : null,
      y.requires_grad ? gradFor(zip3(out.shape, g.dtype, g._data, xs, ys, (gv, p, q) => r(r(gv * -p) * recip(p, q))), y) : null];
  }, true, { saved: [x, y] });
}

// ---- fmod (C's sign rule) and remainder (Python's) ----
type ModName = 'fmod' | 'remainder';
function modOp(name: ModName, args: readonly unknown[]): Tensor {
  const a = bindNames(name, ['input', 'other'], args, [], 2);
  // torch.remainder(Scalar, Tensor): the number is the dividend
  const scalarSelf = name === 'remainder' && isNumber(a.input) && a.other instanceof Tensor;
  const x = scalarSelf ? a.other as Tensor : tensorArg(name, 'input', a.input, 1);
  const other = scalarSelf ? Number(a.input) : a.other;
  if (!(other instanceof Tensor) && !isNumber(other))
    throw new TypeError(`${name}(): argument 'other' (position 2) must be Tensor or Number, not ${describe(other)}`);
  const dtype = resultTypeOf(x, other as Tensor | number | boolean); // a bool scalar promotes as bool
  if (dtype === bool) throw new RuntimeError(`"${name}_cpu" not implemented for 'Bool'`);
  const b = other instanceof Tensor ? other : Number(other);
  const r = rounder(dtype);
  const divisor = scalarSelf ? x : b;
  if (!dtype.is_floating_point && (divisor instanceof Tensor ? divisor.contiguous()._data.includes(0) : divisor === 0))
    throw new RuntimeError('ZeroDivisionError');
  const mod = name === 'fmod' ? (p: number, q: number) => r(p) % r(q) : (p: number, q: number) => {
    const m = r(p) % r(q);
    return m !== 0 && (q < 0) !== (m < 0) ? r(m + r(q)) : m;
  };
  if (scalarSelf) return binaryMap(x.contiguous(), b as number, (q, p) => mod(p, q), dtype);
  const out = binaryMap(x.contiguous(), typeof b === 'number' ? dtype.cast(b) : b.contiguous(), mod, dtype);
  const node = name === 'fmod' ? 'FmodBackward' : 'RemainderBackward';
  if (typeof b === 'number') return record(out, `${node}0`, [x], (g) => [g], false);
  // d/d(other) = -x.div(other, rounding_mode='trunc') for fmod, 'floor' for remainder
  const quotient = name === 'fmod' ? (p: number, q: number) => Math.trunc(r(p / q)) : (p: number, q: number) => divFloor(p, q, r);
  return record(out, `${node}1`, [x, b], (g) => [x.requires_grad ? gradFor(g, x) : null,
    b.requires_grad ? gradFor(zip3(out.shape, g.dtype, g._data, spread(x, out.shape), spread(b, out.shape),
      (gv, p, q) => -gv * quotient(r(p), r(q))), b) : null], true, { saved: [x, b] });
}
/** ATen's div_floor_floating: floor(a / b) from fmod, so that it agrees with remainder (e.g. -1 // inf = -1). */
function divFloor(a: number, b: number, r: (v: number) => number): number {
  if (b === 0) return r(a / b);
  const mod = a % b;
  let div = r(r(a - mod) / b);
  if (mod !== 0 && (b < 0) !== (mod < 0)) div = r(div - 1);
  if (div === 0) return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  const fl = Math.floor(div);
  return div - fl > 0.5 ? fl + 1 : fl;
}
/** torch.fmod(input, other): the remainder with the dividend's sign. */
export function fmod(input: Tensor, other: Tensor | number): Tensor;
export function fmod(...args: unknown[]): Tensor;
export function fmod(...args: unknown[]): Tensor { return modOp('fmod', args); }
/** torch.remainder(input, other): the remainder with the divisor's sign (Python's %). */
export function remainder(input: Tensor | number, other: Tensor | number): Tensor;
export function remainder(...args: unknown[]): Tensor;
export function remainder(...args: unknown[]): Tensor { return modOp('remainder', args); }

// ---- lerp ----
function sameDtype(x: Tensor, t: Tensor, what: string): void {
  if (t.dtype !== x.dtype) throw new RuntimeError(`expected dtype ${typeMetaName(x.dtype)} for \`${what}\` but got dtype ${typeMetaName(t.dtype)}`);
}

/** torch.lerp(input, end, weight): input + weight·(end - input), from the nearer end as ATen does. */
export function lerp(input: Tensor, end: Tensor, weight: Tensor | number): Tensor;
export function lerp(...args: unknown[]): Tensor;
export function lerp(...args: unknown[]): Tensor {
  const a = bindNames('lerp', ['input', 'end', 'weight'], args, [], 3);
  const x = tensorArg('lerp', 'input', a.input, 1), e = tensorArg('lerp', 'end', a.end, 2), w = a.weight;
  if (!(w instanceof Tensor) && typeof w !== 'number')
    throw new TypeError(`lerp(): argument 'weight' (position 3) must be Tensor or Number, not ${describe(w)}`);
  sameDtype(x, e, 'end');
  if (w instanceof Tensor) sameDtype(x, w, 'weight');
  if (!x.dtype.is_floating_point)
    throw new RuntimeError(`"lerp_kernel_${w instanceof Tensor ? 'tensor' : 'scalar'}" not implemented for '${x.dtype.scalarName}'`);
  const r = rounder(x.dtype);
  const shape = broadcastShapes(broadcastShapes(x.shape, e.shape), w instanceof Tensor ? w.shape : []);
  const xs = spread(x, shape), es = spread(e, shape), ws = w instanceof Tensor ? spread(w, shape) : r(w);
  const out = zip3(shape, x.dtype, xs, es, ws, (s, t, wt) =>
    (Math.abs(wt) < 0.5 ? r(s + r(wt * r(t - s))) : r(t - r(r(t - s) * r(1 - wt)))));
  const inputs = w instanceof Tensor ? [x, e, w] : [x, e];
  return record(out, w instanceof Tensor ? 'LerpBackward1' : 'LerpBackward0', inputs, (g) => {
    const gd = g._data;
    return [x.requires_grad ? gradFor(zip3(shape, g.dtype, gd, gd, ws, (gv, _g, wt) => gv * (1 - wt)), x) : null,
      e.requires_grad ? gradFor(zip3(shape, g.dtype, gd, gd, ws, (gv, _g, wt) => gv * wt), e) : null,
      w instanceof Tensor && w.requires_grad ? gradFor(zip3(shape, g.dtype, gd, xs, es, (gv, s, t) => gv * (t - s)), w) : null,
    ].slice(0, inputs.length);
    // LerpBackward1 saves the weight, and input and end for the weight's gradient
  }, true, { saved: w instanceof Tensor ? [w.requires_grad && x, w.requires_grad && e, w] : [] });
}

// ---- addcmul, addcdiv ----
const INT_DIVISION = 'Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true ' +
  'division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * ' +
  'torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float ' +
  'inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.';

function addc(name: 'addcmul' | 'addcdiv', args: readonly unknown[]): Tensor {
  const a = bindNames(name, ['input', 'tensor1', 'tensor2'], args, ['value'], 3);
  const x = tensorArg(name, 'input', a.input, 1), t1 = tensorArg(name, 'tensor1', a.tensor1, 2), t2 = tensorArg(name, 'tensor2', a.tensor2, 3);
  const value = a.value === undefined ? 1 : a.value;
  if (!isNumber(value)) throw new TypeError(`${name}(): argument 'value' must be Number, not ${describe(value)}`);
  const div = name === 'addcdiv';
  if (div && !t1.dtype.is_floating_point && !t2.dtype.is_floating_point) throw new RuntimeError(INT_DIVISION);
  const dtype = resultTypeOf(x, t1, t2);
  if (dtype === bool) throw new RuntimeError(`"${name}_cpu_out" not implemented for 'Bool'`);
  const r = rounder(dtype), v = dtype.cast(Number(value));
  const shape = broadcastShapes(broadcastShapes(x.shape, t1.shape), t2.shape);
  const xs = spread(x, shape), ps = spread(t1, shape), qs = spread(t2, shape);
  const out = zip3(shape, dtype, xs, ps, qs, div ? (s, p, q) => r(r(s) + r(r(v * r(p)) / r(q))) : (s, p, q) => r(r(s) + r(r(v * r(p)) * r(q))));
  return record(out, div ? 'AddcdivBackward0' : 'AddcmulBackward0', [x, t1, t2], (g) => {
    // ATen's formulas: value/tensor2, tensor2·value, tensor1·value and tensor2² in their operand's precision
    const gd = g._data, r1 = rounder(t1.dtype), r2 = rounder(t2.dtype);
    const d1 = div ? (gv: number, _p: number, q: number) => gv * r2(v / q) : (gv: number, _p: number, q: number) => gv * r2(q * v);
    const d2 = div ? (gv: number, p: number, q: number) => -gv * v * p / r2(q * q) : (gv: number, p: number) => gv * r1(p * v);
    return [x.requires_grad ? gradFor(g, x) : null,
      t1.requires_grad ? gradFor(zip3(shape, g.dtype, gd, ps, qs, d1), t1) : null,
      t2.requires_grad ? gradFor(zip3(shape, g.dtype, gd, ps, qs, d2), t2) : null];
    // as PyTorch saves them: tensor2 for tensor1's gradient (addcdiv always), tensor1 for tensor2's
  }, true, { saved: [t2.requires_grad && t1, (div || t1.requires_grad || t2.requires_grad) && t2] });
}
type AddcFn = { (input: Tensor, tensor1: Tensor, tensor2: Tensor, opts?: { value?: number }): Tensor; (...args: unknown[]): Tensor };
/** torch.addcmul(input, tensor1, tensor2, {value = 1}): input + value·tensor1·tensor2. */
export const addcmul: AddcFn = (...args: unknown[]): Tensor => addc('addcmul', args);
/** torch.addcdiv(input, tensor1, tensor2, {value = 1}): input + value·tensor1/tensor2. */
export const addcdiv: AddcFn = (...args: unknown[]): Tensor => addc('addcdiv', args);

// ---- logical_and / or / xor: truthiness (NaN is true), bool result ----
function logical(name: string, f: (p: boolean, q: boolean) => boolean): (input: Tensor, other: Tensor) => Tensor {
  return (...args: unknown[]): Tensor => {
    const [x, y] = twoTensors(name, args);
    return binaryMap(x.contiguous(), y.contiguous(), (p, q) => +f(p !== 0, q !== 0), bool);
  };
}
export const logical_and = logical('logical_and', (p, q) => p && q);
export const logical_or = logical('logical_or', (p, q) => p || q);
export const logical_xor = logical('logical_xor', (p, q) => p !== q);

// ---- bitwise_and / or / xor / not: integers in two's complement at their dtype's width; bool: the logical op ----
/** The int op on two's complement values: 32-bit JavaScript ops where both fit, BigInt (64 bits) otherwise. */
function intBits(f32: (p: number, q: number) => number, f64: (p: bigint, q: bigint) => bigint): (p: number, q: number) => number {
  const fits = (v: number): boolean => v >= -2147483648 && v <= 2147483647;
  return (p, q) => (fits(p) && fits(q) ? f32(p, q) : Number(BigInt.asIntN(64, f64(BigInt(p), BigInt(q)))));
}
function bitwise(name: string, ints: (p: number, q: number) => number, bools: (p: boolean, q: boolean) => boolean): (input: Tensor, other: Tensor | number | boolean) => Tensor {
  return (input, other) => {
    const dtype = resultTypeOf(input, other);
    if (dtype.is_floating_point) throw new RuntimeError(`"${name}_cpu" not implemented for '${dtype.scalarName}'`);
    const y = other instanceof Tensor ? other.contiguous() : Number(other);
    return binaryMap(input.contiguous(), y, dtype === bool ? (p, q) => +bools(p !== 0, q !== 0) : ints, dtype); // binaryMap wraps to the dtype
  };
}
export const bitwise_and = bitwise('bitwise_and', intBits((p, q) => p & q, (p, q) => p & q), (p, q) => p && q);
export const bitwise_or = bitwise('bitwise_or', intBits((p, q) => p | q, (p, q) => p | q), (p, q) => p || q);
export const bitwise_xor = bitwise('bitwise_xor', intBits((p, q) => p ^ q, (p, q) => p ^ q), (p, q) => p !== q);
/** ~x: -x - 1 for integers (uint8 wraps it to 255 - x), not for bool. */
export function bitwise_not(input: Tensor): Tensor {
  if (input.dtype.is_floating_point) throw new RuntimeError(`"bitwise_not_cpu" not implemented for '${input.dtype.scalarName}'`);
  return unaryMap(input, input.dtype === bool ? (p) => +(p === 0) : (p) => -p - 1); // unaryMap wraps to the dtype
}
