// The three dtypes torchlet supports, compared by identity (`t.dtype === torch.float32`).
// int64 lives in a Float64Array holding integral values: exact up to 2^53, fast, and a plain
// number for JavaScript code (a BigInt64Array would make every index read a BigInt conversion).
import { RuntimeError } from './errors.js';
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

export class DType {
  private constructor(
    readonly name: 'float32' | 'float64' | 'int64' | 'bool',
    readonly is_floating_point: boolean,
    /** PyTorch's C++ scalar type name, used in its error messages ("expected scalar type Long"). */
    readonly scalarName: 'Float' | 'Double' | 'Long' | 'Bool',
    readonly itemsize: number,
  ) {}
  static readonly float32 = new DType('float32', true, 'Float', 4);
  static readonly float64 = new DType('float64', true, 'Double', 8);
  static readonly int64 = new DType('int64', false, 'Long', 8);
  /** Comparison results (0/1 values); sums of them are int64, as in PyTorch. */
  static readonly bool = new DType('bool', false, 'Bool', 1);

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
   * Converts a JS number as PyTorch's `.to(dtype)` does: float32 rounding; int64 truncation toward
   * zero, with NaN, ±Inf and values outside int64 becoming INT64_MIN (what x86's conversion gives,
   * and 1.13 with it, without an error); bool is `v != 0` (so NaN is true).
   */
  cast(v: number): number {
    if (this === DType.float32) return Math.fround(v);
    if (this === DType.int64) return toInt64(v);
    if (this === DType.bool) return v === 0 ? 0 : 1;
    return v;
  }
  /**
   * A fill value (full, fill_, arange's bounds) converted as c10::checked_convert converts a Python
   * scalar, with its errors. An integral JS number stands for a Python int, anything else for a float.
   */
  scalar(v: number | boolean): number {
    const x = +v;
    if (this === DType.int64) return checkedInt64(x, 'int64_t');
    if (this === DType.float32 && Number.isFinite(x) && Math.abs(x) > FLT_MAX)
      throw new RuntimeError('value cannot be converted to type float without overflow');
    return this.cast(x);
  }
  toString(): string {
    return `torch.${this.name}`;
  }
}

const FLT_MAX = 3.4028234663852886e38;
const INT64_MIN = -(2 ** 63);

/** PyTorch's float -> int64 conversion (truncation; NaN, ±Inf and out-of-range values give INT64_MIN). */
function toInt64(v: number): number {
  const t = Math.trunc(v);
  if (!(t >= INT64_MIN && t < 2 ** 63)) return INT64_MIN; // NaN fails both comparisons
  return t === 0 ? 0 : t; // no -0 in an integer dtype
}

/**
 * A Python scalar stored as int64, with PyTorch's errors: an int outside int64 fails to unpack, a
 * float that is NaN or infinite fails c10::checked_convert (`cname` is the type name it prints:
 * `int64_t` for fill values, `int64` for torch.tensor's elements).
 */
export function checkedInt64(v: number, cname: string): number {
  if (Number.isInteger(v)) {
    if (v < INT64_MIN || v >= 2 ** 63) throw new RuntimeError('Overflow when unpacking long');
    return v === 0 ? 0 : v;
  }
  if (!Number.isFinite(v)) throw new RuntimeError(`value cannot be converted to type ${cname} without overflow`);
  return toInt64(v);
}

export const float32 = DType.float32;
export const float64 = DType.float64;
export const int64 = DType.int64;
export const float = float32;
export const double = float64;
export const long = int64;
export const bool = DType.bool;

/** PyTorch's type promotion for the dtypes we have: any float beats int64, float64 beats float32. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === DType.bool) return b;
  if (b === DType.bool) return a;
  if (a === float64 || b === float64) return float64;
  return float32;
}

export function dtypeFromName(name: string): DType {
  switch (name) {
    case 'float32': case 'float': case 'torch.float32': case 'torch.float': return float32;
    case 'float64': case 'double': case 'torch.float64': case 'torch.double': return float64;
    case 'int64': case 'long': case 'torch.int64': case 'torch.long': return int64;
    case 'bool': case 'torch.bool': return bool;
  }
  throw new TypeError(`unsupported dtype: ${name}`);
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
