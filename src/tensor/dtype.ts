// The three dtypes torchlet supports, compared by identity (`t.dtype === torch.float32`).
// int64 lives in a Float64Array holding integral values: exact up to 2^53, fast, and a plain
// number for JavaScript code (a BigInt64Array would make every index read a BigInt conversion).

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
    return allocator(this === DType.float32 ? 'f32' : 'f64', n);
  }
  /** Rounds a JS number to a value this dtype can hold (float32 rounding, int64 truncation toward zero). */
  cast(v: number): number {
    if (this === DType.float32) return Math.fround(v);
    if (this === DType.int64) return Math.trunc(v);
    if (this === DType.bool) return v ? 1 : 0;
    return v;
  }
  toString(): string {
    return `torch.${this.name}`;
  }
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
