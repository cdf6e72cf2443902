// torch.tensor's reading of its data, in PyTorch's order (torch/csrc/utils/tensor_new.cpp): the
// dtype is inferred from every element first (infer_scalar_type), the shape is read down the first
// elements (compute_sizes, at most 128 dims), then every element is stored and the nesting checked
// to be rectangular (recursive_store), each step with PyTorch's messages. No step recurses deeper
// than 128 levels, so nesting of any depth gives an error, never a stack overflow.
import { DType, float32, int64, bool, type Storage } from './dtype.js';
import { pyType } from './args.js';
import { RuntimeError, ValueError } from './errors.js';

const MAX_DIMS = 128;

export interface ReadData { storage: Storage; shape: number[]; dtype: DType }

/** Nested arrays of numbers and booleans, a number, a boolean or a typed array, as torch.tensor reads them. */
export function readData(data: unknown, dtype: DType | null): ReadData {
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return readTyped(data as unknown as ArrayLike<number>, dtype);
  const dt = dtype ?? inferDtype(data);
  const shape = computeSizes(data);
  const numel = shape.reduce((a, s) => a * s, 1);
  const storage = dt.alloc(numel);
  // PyTorch stores (and so checks the nesting) only when there is an element: [[], [1]] is (2, 0)
  if (numel === 0) return { storage, shape, dtype: dt };
  const put = storeFor(dt);
  let pos = 0;
  const store = (v: unknown, dim: number): void => {
    if (dim === shape.length) { storage[pos++] = put(v); return; }
    if (!Array.isArray(v)) throw new TypeError('not a sequence');
    if (v.length !== shape[dim]) throw new ValueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${v.length})`);
    for (let i = 0; i < v.length; i++) store(v[i], dim + 1);
  };
  store(data, 0);
  return { storage, shape, dtype: dt };
}

/** A typed array is read as NumPy arrays are: its values converted as `.to(dtype)` converts them. */
function readTyped(arr: ArrayLike<number>, dtype: DType | null): ReadData {
  const isFloat = arr instanceof Float32Array || arr instanceof Float64Array;
  const dt = dtype ?? (isFloat ? float32 : int64);
  const storage = dt.alloc(arr.length);
  for (let i = 0; i < arr.length; i++) storage[i] = dt.cast(Number(arr[i]));
  return { storage, shape: [arr.length], dtype: dt };
}

/**
 * infer_scalar_type over every element, depth first and left to right, so the first element that
 * has no dtype is the one named. An empty list counts as the default float dtype, as in PyTorch.
 * Arrays nested deeper than any tensor can be are not descended into (storing them fails anyway).
 */
function inferDtype(data: unknown): DType {
  let kind = 0; // 0 nothing yet, 1 bool, 2 int, 3 float: promotion keeps the largest
  const see = (v: unknown): void => {
    let k: number;
    if (typeof v === 'boolean') k = 1;
    else if (typeof v === 'number') k = Number.isInteger(v) ? 2 : 3;
    else if (typeof v === 'string') throw new TypeError(`new(): invalid data type '${pyType(v)}'`);
    else if (Array.isArray(v)) k = 3; // only empty lists get here
    else throw new RuntimeError(`Could not infer dtype of ${pyType(v)}`);
    if (k > kind) kind = k;
  };
  if (!Array.isArray(data)) see(data);
  else {
    // an explicit stack of (array, next index) frames: the recursion's order without its depth
    const arrays: unknown[][] = [data], next: number[] = [0];
    if (data.length === 0) see(data);
    while (arrays.length) {
      const top = arrays.length - 1, arr = arrays[top];
      if (next[top] === arr.length) { arrays.pop(); next.pop(); continue; }
      const v = arr[next[top]++];
      if (!Array.isArray(v) || v.length === 0) see(v);
      else if (arrays.length <= MAX_DIMS) { arrays.push(v); next.push(0); }
    }
  }
  return kind === 1 ? bool : kind === 2 ? int64 : float32;
}

/** compute_sizes: the length at each level, read down the first elements. */
function computeSizes(data: unknown): number[] {
  const sizes: number[] = [];
  let v = data;
  while (Array.isArray(v)) {
    sizes.push(v.length);
    if (sizes.length > MAX_DIMS) throw new ValueError(`too many dimensions '${pyType(v)}'`);
    if (v.length === 0) break;
    v = v[0];
  }
  return sizes;
}

/** store_scalar for one dtype: how an element becomes a stored value, and its errors. */
function storeFor(dt: DType): (v: unknown) => number {
  if (dt.is_floating_point)
    return (v) => {
      if (typeof v === 'number' || typeof v === 'boolean') return +v;
      throw new TypeError(`must be real number, not ${pyType(v)}`);
    };
  return (v) => {
    if (typeof v === 'boolean') return +v;
    if (typeof v !== 'number') throw new TypeError(`'${pyType(v)}' object cannot be interpreted as an integer`);
    return dt.is_integer ? dt.scalar(v, dt.name) : dt.cast(v); // torch.tensor's message names 'uint8', not 'uint8_t'
  };
}
