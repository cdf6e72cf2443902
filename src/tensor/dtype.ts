// The dtypes torchlet supports, compared by identity (`t.dtype === torch.float32`), with PyTorch's
// conversions between them and its promotion lattice.
// float32 lives in a Float32Array; every other dtype in a Float64Array holding its exact values
// (integers, 0/1 for bool): exact for every int32 and smaller, and for int64 up to 2^53, fast, and
// a plain number for JavaScript code (a BigInt64Array would make every index read a BigInt conversion).

import { RuntimeError, ValueError } from './errors.js';
import { fmtInt } from './cpp_format.js';

export type Storage = Float32Array | Float64Array;

/**
 * Where tensor storage comes from. The default is the JS heap; the kernels layer may install one
 * that places large arrays in shared WebAssembly memory. It must return zero-filled arrays.
 */
export type Allocator = (kind: 'f32' | 'f64', n: number) => Storage;
const heapAllocator: Allocator = (kind, n) => (kind === 'f32' ? new Float32Array(n) : new Float64Array(n));
let allocator: Allocator = heapAllocator;
export function setAllocator(a: Allocator | null): void { allocator = a ?? heapAllocator; }

export type DTypeName = 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';
type Kind = 'float' | 'int' | 'bool';

const INT64_MIN = -9223372036854775808;
const INT32_MIN = -2147483648;
/** C++'s float -> int64_t on x86 (cvttsd2si): truncation; NaN and out-of-range values give INT64_MIN. */
const viaInt64 = (v: number): number => (v >= INT64_MIN && v < -INT64_MIN ? Math.trunc(v) + 0 : INT64_MIN);
/** C++'s float -> int32 on x86 (cvttss2si): truncation; NaN and out-of-range values give INT32_MIN. */
const viaInt32 = (v: number): number => (v >= INT32_MIN && v < -INT32_MIN ? v | 0 : INT32_MIN);
const identity = (v: number): number => v;
/**
 * int64 results: no -0; past 2^63, modulo 2^64 of the double (exact where the double is; products
 * that need every bit go through BigInt in the ops themselves).
 */
function wrapInt64(v: number): number {
  if (v >= INT64_MIN && v < -INT64_MIN) return v + 0;
  return Number.isFinite(v) ? Number(BigInt.asIntN(64, BigInt(v))) : 0;
}

export class DType {
  private constructor(
    readonly name: DTypeName,
    private readonly kind: Kind,
    /** PyTorch's C++ scalar type name, used in its error messages ("expected scalar type Long"). */
    readonly scalarName: 'Float' | 'Double' | 'Long' | 'Int' | 'Short' | 'Char' | 'Byte' | 'Bool',
    readonly itemsize: number,
    /** Integers: the smallest and largest value (bool: 0 and 1). */
    readonly min: number,
    readonly max: number,
    /**
     * How an integer result of arithmetic becomes a value of this dtype: modulo 2^bits, as C++'s
     * fixed-width integers wrap (uint8 200 + 100 = 44). Null for the floats.
     */
    readonly wrap: ((v: number) => number) | null,
  ) {}
  static readonly float32 = new DType('float32', 'float', 'Float', 4, -3.4028234663852886e38, 3.4028234663852886e38, null);
  static readonly float64 = new DType('float64', 'float', 'Double', 8, -Number.MAX_VALUE, Number.MAX_VALUE, null);
  static readonly int64 = new DType('int64', 'int', 'Long', 8, INT64_MIN, -INT64_MIN - 1, wrapInt64);
  static readonly int32 = new DType('int32', 'int', 'Int', 4, INT32_MIN, -INT32_MIN - 1, (v) => v | 0);
  static readonly int16 = new DType('int16', 'int', 'Short', 2, -32768, 32767, (v) => (v << 16) >> 16);
  static readonly int8 = new DType('int8', 'int', 'Char', 1, -128, 127, (v) => (v << 24) >> 24);
  static readonly uint8 = new DType('uint8', 'int', 'Byte', 1, 0, 255, (v) => v & 255);
  /** Comparison results and masks (0/1 values); sums of them are int64, as in PyTorch. */
  static readonly bool = new DType('bool', 'bool', 'Bool', 1, 0, 1, (v) => (v !== 0 ? 1 : 0));

  get is_floating_point(): boolean { return this.kind === 'float'; }
  /** Whether this is an integer dtype (bool is not one, as in `torch.is_floating_point`'s sibling checks). */
  get is_integer(): boolean { return this.kind === 'int'; }
  get is_signed(): boolean { return this !== DType.uint8 && this !== DType.bool; }

  /** Allocates zeroed storage for n elements of this dtype (through the installed allocator). */
  alloc(n: number): Storage {
    const kind = this === DType.float32 ? 'f32' : 'f64';
    try {
      return allocator(kind, n);
    } catch (e) {
      // a length past what one typed array may hold, or memory the engine cannot give: say how much
      if (!(e instanceof RangeError)) throw e;
      throw new RuntimeError(`can't allocate memory: you tried to allocate ${fmtInt(n * (kind === 'f32' ? 4 : 8))} bytes (${e.message})`);
    }
  }
  /**
   * A JS number standing for a Python scalar converted to this dtype without a check, as an op's
   * operand is: an integral value is a Python int and wraps modulo 2^bits (uint8: 300 -> 44);
   * anything else is a Python float, converted as a double is (see castFrom).
   */
  cast(v: number): number {
    return this.wrap && Number.isInteger(v) ? this.wrap(v) : (this.fromDouble ??= this.castFrom(DType.float64))(v);
  }
  private fromDouble?: (v: number) => number;
  /**
   * The conversion of values of dtype `src` into this dtype (what `.to()` does to each element), as
   * C++'s static_cast does on x86: float32 rounding; integers into integers wrap modulo 2^bits;
   * floats into integers truncate toward zero, then NaN, infinities and values out of range become
   * the minimum of int64 (into int64; into uint8 from float64) or of int32 (into int32, and into
   * int16 / int8 / uint8 from float32, which then wrap it to 0); bool: any nonzero value, NaN included.
   */
  castFrom(src: DType): (v: number) => number {
    if (this === DType.float64) return identity;
    if (this === DType.float32) return src === DType.float32 ? identity : Math.fround;
    if (this === DType.bool) return this.wrap!;
    if (!src.is_floating_point) return this.wrap ?? identity; // integers wrap modulo 2^bits
    if (this === DType.int64) return viaInt64;
    // uint8 goes through int64 from a double and through int32 from a float, as the compiled casts do
    if (this === DType.uint8 && src === DType.float64) return (v) => viaInt64(v) & 255;
    const w = this.wrap!;
    return (v) => w(viaInt32(v));
  }
  /**
   * A Python scalar stored into this dtype the way fill_, full, clamp's bounds and torch.tensor
   * store one: checked first (c10's `overflows`; the message names the type as `cName` says, the
   * C++ type by default), then converted. A JS number with an integral value counts as a Python int.
   */
  scalar(v: number | boolean, cName: string = C_NAMES[this.name]): number {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (this === DType.bool) return v !== 0 ? 1 : 0;
    let over: boolean;
    if (this.is_floating_point) over = Number.isFinite(v) && (v < this.min || v > this.max); // infinities and NaN pass
    else if (Number.isInteger(v)) {
      if (v >= -INT64_MIN || v < INT64_MIN) throw new RuntimeError('Overflow when unpacking long');
      // an unsigned target takes -max..max, as c10 negates a negative value before comparing
      over = this.is_signed ? v < this.min || v > this.max : Math.abs(v) > this.max;
    } else over = !(v >= this.min && v <= this.max);
    if (over) throw new RuntimeError(`value cannot be converted to type ${cName} without overflow`);
    return this.cast(v);
  }
  toString(): string {
    return `torch.${this.name}`;
  }
}

const C_NAMES: Record<DTypeName, string> = {
  float32: 'float', float64: 'double', int64: 'int64_t', int32: 'int', int16: 'int16_t', int8: 'int8_t', uint8: 'uint8_t', bool: 'bool',
};


export const float32 = DType.float32;
export const float64 = DType.float64;
export const int64 = DType.int64;
export const int32 = DType.int32;
export const int16 = DType.int16;
export const int8 = DType.int8;
export const uint8 = DType.uint8;
export const bool = DType.bool;
export const float = float32;
export const double = float64;
export const long = int64;
export const int = int32;
export const short = int16;

export const ALL_DTYPES: readonly DType[] = [bool, uint8, int8, int16, int32, int64, float32, float64];

/**
 * torch.promote_types: the smallest dtype both convert to without losing their kind. bool < any
 * integer < any float; among integers the wider wins, and uint8 with int8 meet at int16.
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === bool) return b;
  if (b === bool) return a;
  if (a.is_floating_point || b.is_floating_point) {
    if (a.is_floating_point && b.is_floating_point) return a.itemsize >= b.itemsize ? a : b;
    return a.is_floating_point ? a : b;
  }
  if (a === uint8 || b === uint8) {
    const other = a === uint8 ? b : a;
    return other === int8 ? int16 : other;
  }
  return a.itemsize >= b.itemsize ? a : b;
}

/** torch.can_cast(from, to): false only where the cast lowers the kind (float -> integer, integer -> bool). */
export function canCast(from: DType, to: DType): boolean {
  const rank = (d: DType): number => (d.is_floating_point ? 2 : d === bool ? 0 : 1);
  return rank(from) <= rank(to);
}

const NAMES = new Map<string, DType>([
  ['float32', float32], ['float', float32], ['float64', float64], ['double', float64], ['int64', int64], ['long', int64],
  ['int32', int32], ['int', int32], ['int16', int16], ['short', int16], ['int8', int8], ['uint8', uint8], ['bool', bool],
]);
/** 'float64', 'torch.int', 'int16', ...: PyTorch's names and aliases of a dtype. */
export function dtypeFromName(name: string): DType {
  const d = NAMES.get(name.startsWith('torch.') ? name.slice(6) : name);
  if (d) return d;
  throw new TypeError(`unsupported dtype: ${name}`);
}

const TYPE_META: Record<DTypeName, string> = {
  float32: 'float', float64: 'double', int64: 'long int', int32: 'int', int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};
/** The C++ type name PyTorch's TypeMeta prints for a dtype, as some ATen messages show it ('unsigned char'). */
export function typeMetaName(d: DType): string { return TYPE_META[d.name]; }

const TYPE_NAMES: Record<DTypeName, string> = {
  float32: 'Float', float64: 'Double', int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool',
};
/** PyTorch's legacy tensor type name of a dtype, what `t.type()` returns: 'torch.ByteTensor'. */
export function tensorTypeName(d: DType): string { return `torch.${TYPE_NAMES[d.name]}Tensor`; }
/** The dtype of a legacy tensor type name ('torch.IntTensor'), with `t.type(name)`'s error for anything else. */
export function dtypeFromTypeName(name: string): DType {
  const d = ALL_DTYPES.find((t) => tensorTypeName(t) === name);
  if (!d) throw new ValueError(`invalid type: '${name}'`);
  return d;
}

/** Accepts a DType or its name ('float64'), as option values coming from JSON often are strings. */
export function toDType(d: unknown, what = 'dtype'): DType {
  if (d instanceof DType) return d;
  if (typeof d === 'string') return dtypeFromName(d);
  throw new TypeError(`${what} must be a torch dtype, got ${describe(d)}`);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
