// Shape arithmetic: element counts, strides, broadcasting and dim wrapping with PyTorch's messages.
import { IndexError, RuntimeError } from './errors.js';
import { describe } from './dtype.js';
import { fmtInt } from './cpp_format.js';

export type Shape = number[];

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]; }
  return st;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Formats a shape the way ATen prints IntArrayRef: `[2, 3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.map(fmtInt).join(', ')}]`;
}
/** Formats a shape the way Python prints torch.Size: `torch.Size([2, 3])`. */
export function fmtSize(shape: readonly number[]): string {
  return `torch.Size(${fmtShape(shape)})`;
}

/** Wraps a possibly negative dim into [0, ndim), as c10::maybe_wrap_dim does (0-dim tensors accept 0 and -1). */
export function wrapDim(dim: number, ndim: number): number {
  if (!Number.isInteger(dim)) throw new TypeError(`dim must be an integer, got ${describe(dim)} ${String(dim)}`);
  const n = ndim === 0 ? 1 : ndim;
  if (dim < -n || dim > n - 1)
    throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  return dim < 0 ? dim + n : dim;
}

/** at::infer_size: scans from the last dimension, so a mismatch names the last differing dim. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw new RuntimeError(`The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`);
  }
  return out;
}

/** at::infer_expand_geometry: the shape `from` expands to for `sizes` (-1 keeps a size). */
export function expandShape(from: readonly number[], sizes: readonly number[]): number[] {
  const out = new Array<number>(sizes.length);
  for (let i = sizes.length - 1; i >= 0; i--) {
    const dim = from.length - sizes.length + i;
    const size = dim >= 0 ? from[dim] : 1;
    let target = sizes[i];
    if (target === -1) {
      if (dim < 0) throw new RuntimeError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      target = size;
    }
    if (size !== target && size !== 1)
      throw new RuntimeError(`The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(sizes)}.  Tensor sizes: ${fmtShape(from)}`);
    out[i] = target;
  }
  return out;
}

/** Strides that read `shape` (right-aligned) as if broadcast to `target`: 0 along broadcast dims. */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const st = contiguousStrides(shape);
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : st[i];
  return out;
}

function checkSize(s: unknown): number {
  if (typeof s !== 'number' || !Number.isInteger(s))
    throw new TypeError(`size must be a sequence of integers, got ${describe(s)} ${String(s)}`);
  return s;
}
/** PyTorch checks the types of all sizes first, then names the first negative one beside the whole size. */
function checkSizes(sizes: unknown[]): number[] {
  const shape = sizes.map(checkSize);
  const neg = shape.find((s) => s < 0);
  if (neg !== undefined) throw new RuntimeError(`Trying to create tensor with negative dimension ${neg}: ${fmtShape(shape)}`);
  return shape;
}

/**
 * c10's computeStorageNbytes check: the running product of the sizes, then times the element size,
 * must stay within int64 (so [0, 2**62, 4] passes and [2**62, 4, 0] does not).
 */
export function checkStorageSize(shape: readonly number[], itemsize: number): void {
  let p = 1;
  for (const s of [...shape, itemsize]) {
    p *= s;
    if (p >= 2 ** 63) throw new RuntimeError(`Storage size calculation overflowed with sizes=${fmtShape(shape)}`);
  }
}

/**
 * Splits PyTorch-style size arguments: `f(2, 3)`, `f([2, 3])`, each optionally followed by an
 * options object. Returns the sizes and the options (or undefined).
 */
export function parseSizeArgs<O extends object>(args: unknown[]): [number[], O | undefined] {
  let opts: O | undefined;
  let rest = args;
  const last = rest[rest.length - 1];
  if (last !== undefined && typeof last === 'object' && last !== null && !Array.isArray(last)) {
    opts = last as O;
    rest = rest.slice(0, -1);
  }
  if (rest.length === 1 && Array.isArray(rest[0])) return [checkSizes(rest[0] as unknown[]), opts];
  return [checkSizes(rest), opts];
}

/** Resolves one -1 in a requested shape and checks the element count, as Tensor.view does. */
export function inferShape(req: readonly number[], numel: number): number[] {
  let infer = -1, known = 1;
  for (let i = 0; i < req.length; i++) {
    const s = req[i];
    if (!Number.isInteger(s)) throw new TypeError(`shape must be a sequence of integers, got ${String(s)}`);
    if (s === -1) {
      if (infer >= 0) throw new RuntimeError('only one dimension can be inferred');
      infer = i;
    } else if (s < 0) throw new RuntimeError(`invalid shape dimension ${s}`);
    else known *= s;
  }
  const out = req.slice();
  if (infer >= 0) {
    if (numel !== known && (known === 0 || numel % known !== 0)) throw new RuntimeError(`shape '${fmtShape(req)}' is invalid for input of size ${numel}`);
    // c10::infer_size: with no elements and a 0 among the sizes, -1 could be anything
    if (known === 0) throw new RuntimeError(`cannot reshape tensor of 0 elements into shape ${fmtShape(req)} because the unspecified dimension size -1 can be any value and is ambiguous`);
    out[infer] = numel / known;
  } else if (known !== numel) throw new RuntimeError(`shape '${fmtShape(req)}' is invalid for input of size ${numel}`);
  return out;
}
