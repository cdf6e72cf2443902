// Ops that rearrange or repeat elements into a new tensor: flip, roll, repeat, tile,
// repeat_interleave, tril, triu and diag. Each output element copies one input element (or is
// zero), so one gather with its scatter-add backward serves them all, under PyTorch's grad_fn names.
// Also meshgrid, whose grids are expanded views of its inputs.
import { Tensor } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import { numelOf, wrapDim, contiguousStrides } from '../tensor/shape.js';
import { denseStrides, isContiguousLayout } from '../tensor/strided.js';
import { IndexError, RuntimeError, warn } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { flatten, index_select, view, expand } from './view.js';
import { bindNames, isPlainObject, pyType, tensorArg, type Kw } from '../tensor/args.js';

/** Keyword forms of the methods' arguments, as Python passes them. */
export interface RollKw { shifts?: number | number[]; dims?: number | number[] | null }
export type RollArgs = [shifts: number | number[] | RollKw, dims?: number | number[] | null | RollKw, opts?: RollKw];
export interface RepeatInterleaveKw { repeats?: number | Tensor; dim?: number | null; output_size?: number | null }
export type RepeatInterleaveArgs = [repeats?: number | Tensor | RepeatInterleaveKw, dim?: number | null | RepeatInterleaveKw, opts?: RepeatInterleaveKw];
export type DiagonalArgs = [diagonal?: number | { diagonal?: number }];

/** x.size(dim) as ATen reads it without wrapping scalars: a 0-dim tensor has no dims at all. */
export function sizeAt(x: Tensor, dim: number): number {
  if (x.ndim === 0) throw new IndexError(`Dimension specified as ${dim} but tensor has no dimensions`);
  return x.shape[wrapDim(dim, x.ndim)];
}

/** Python's TypeError for a required argument left out (PyTorch's parser words it this way). */
export function missing(fn: string, name: string): TypeError {
  return new TypeError(`${fn}() missing 1 required positional arguments: "${name}"`);
}
/** A list of ints: an int alone only where `scalarOk` (PyTorch's int[1] parameters). */
function intList(fn: string, name: string, position: number, v: unknown, scalarOk = false): number[] {
  if (scalarOk && typeof v === 'number' && Number.isInteger(v)) return [v];
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'number' && Number.isInteger(d)))
    throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be tuple of ints, not ${pyType(v)}`);
  return v as number[];
}
/** A method's sizes: varargs `x.repeat(2, 3)` or one list `x.repeat([2, 3])`. */
function varargList(fn: string, name: string, args: unknown[]): number[] {
  if (args.length === 0) throw missing(fn, name);
  return intList(fn, name, 1, args.length === 1 && Array.isArray(args[0]) ? args[0] : args);
}

/**
 * For each element of `shape` (row-major), the input position it copies when every output dim k
 * reads input offset tables[k][index along k] (the offsets of all dims add up).
 */
function sources(shape: readonly number[], tables: ArrayLike<number>[]): Int32Array {
  const n = numelOf(shape), src = new Int32Array(n), nd = shape.length;
  if (n === 0) return src;
  const idx = new Array<number>(nd).fill(0);
  let at = 0;
  for (let k = 0; k < nd; k++) at += tables[k][0];
  for (let i = 0; i < n; i++) {
    src[i] = at;
    for (let k = nd - 1; k >= 0; k--) {
      at -= tables[k][idx[k]];
      if (++idx[k] < shape[k]) { at += tables[k][idx[k]]; break; }
      idx[k] = 0; at += tables[k][0];
    }
  }
  return src;
}
/** A table of `size` entries f(0), f(1), ... */
const table = (size: number, f: (i: number) => number): Int32Array => Int32Array.from({ length: size }, (_, i) => f(i));

/**
 * out[i] = x[src[i]] in x's row-major order (zero where src[i] < 0), laid out with `strides` when
 * given, recorded as `name`; the backward adds each output gradient back at its source.
 */
function gathered(x: Tensor, shape: number[], src: Int32Array, name: string, strides?: number[]): Tensor {
  const d = x._data, out = x.dtype.alloc(src.length);
  for (let i = 0; i < src.length; i++) if (src[i] >= 0) out[i] = d[src[i]];
  let res = new Tensor(out, shape, x.dtype);
  if (strides && !isContiguousLayout(shape, strides)) {
    res = new Tensor(x.dtype.alloc(src.length), shape, x.dtype, strides, 0);
    res._write(out);
  }
  return record(res, name, [x], (g) => {
    const gd = g._data, gx = g.dtype.alloc(x.numel());
    for (let i = 0; i < src.length; i++) if (src[i] >= 0) gx[src[i]] += gd[i];
    return [new Tensor(gx, x.shape, g.dtype)];
  });
}

/** Wrapped dims with PyTorch's message for a repeated one. */
function distinctDims(x: Tensor, dims: number[]): number[] {
  const seen = dims.map((d) => wrapDim(d, x.ndim));
  seen.forEach((d, i) => { if (seen.indexOf(d) !== i) throw new RuntimeError(`dim ${d} appears multiple times in the list of dims`); });
  return seen;
}

/** torch.<fn>(input, dims)'s arguments: dims a list (an int alone is Python's TypeError there). */
function inputAndDims(fn: string, args: unknown[]): [Tensor, number[]] {
  const a = bindNames(fn, ['input', 'dims'], args);
  const x = tensorArg(fn, 'input', a.input, 1);
  if (a.dims === undefined) throw missing(fn, 'dims');
  return [x, intList(fn, 'dims', 2, a.dims)];
}

/** torch.flip(input, dims): the elements in reverse order along each of dims (a copy, as in PyTorch). */
export function flip(...args: unknown[]): Tensor { return flipDims(...inputAndDims('flip', args)); }
/** Tensor.flip(*dims) */
export function flipMethod(x: Tensor, args: unknown[]): Tensor { return flipDims(x, varargList('flip', 'dims', args)); }
function flipDims(x: Tensor, dims: number[]): Tensor {
  const flipped = new Set(distinctDims(x, dims)), st = contiguousStrides(x.shape);
  const tables = x.shape.map((n, k) => table(n, flipped.has(k) ? (i) => (n - 1 - i) * st[k] : (i) => i * st[k]));
  return gathered(x, x.shape, sources(x.shape, tables), 'FlipBackward0', preservedStrides(x));
}

/**
 * The strides of ATen's empty_like(x, preserve_format): x's own when x is non-overlapping and
 * dense (a permutation of a dense layout), else row-major.
 */
function preservedStrides(x: Tensor): number[] {
  const st = x.stride(), big = x.shape.map((_, i) => i).filter((i) => x.shape[i] >= 2).sort((a, b) => st[a] - st[b]);
  let need = 1;
  for (const i of big) {
    if (st[i] !== need) return denseStrides(x.shape);
    need *= x.shape[i];
  }
  return st;
}

/** torch.roll(input, shifts, dims=None): shifts each of dims by its shift, circularly; the flattened tensor when dims is omitted. */
export function roll(...args: unknown[]): Tensor {
  const a = bindNames('roll', ['input', 'shifts', 'dims'], args);
  const x = tensorArg('roll', 'input', a.input, 1);
  if (a.shifts === undefined) throw missing('roll', 'shifts');
  const shifts = intList('roll', 'shifts', 2, a.shifts, true);
  const dims = a.dims === undefined || a.dims === null ? [] : intList('roll', 'dims', 3, a.dims, true);
  if (dims.length !== 1 || shifts.length !== 1) {
    if (shifts.length === 0) throw new RuntimeError('`shifts` required');
    if (dims.length === 0 && shifts.length === 1) {
      const n = x.numel(), s = n === 0 ? 0 : mod(shifts[0], n);
      return gathered(x, x.shape, table(n, (i) => mod(i - s, n)), 'RollBackward0');
    }
    if (shifts.length !== dims.length) throw new RuntimeError(`shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
  }
  // ATen rolls one dim after another (an empty tensor is copied before any dim is looked at)
  const by = new Map<number, number>(), st = contiguousStrides(x.shape);
  for (let i = 0; i < dims.length; i++) {
    if (x.numel() === 0) break;
    const d = x.ndim === 0 ? (sizeAt(x, dims[i]), 0) : wrapDim(dims[i], x.ndim);
    by.set(d, (by.get(d) ?? 0) + shifts[i]);
  }
  const tables = x.shape.map((n, k) => table(n, (i) => mod(i - (by.get(k) ?? 0), n) * st[k]));
  return gathered(x, x.shape, sources(x.shape, tables), 'RollBackward0');
}
const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** Tensor.repeat(*repeats): tiles the tensor `repeats[k]` times along dim k (new leading dims first). */
export function repeat(x: Tensor, ...args: unknown[]): Tensor { return repeatDims(x, varargList('repeat', 'repeats', args)); }
function repeatDims(x: Tensor, reps: number[]): Tensor {
  if (reps.length < x.ndim)
    throw new RuntimeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  const padded = [...new Array<number>(reps.length - x.ndim).fill(1), ...x.shape];
  const target = padded.map((s, k) => s * reps[k] + 0); // + 0: no -0 sizes
  const neg = target.find((s) => s < 0);
  if (neg !== undefined) throw new RuntimeError(`Trying to create tensor with negative dimension ${neg}: [${target.join(', ')}]`);
  const st = contiguousStrides(padded);
  const tables = target.map((n, k) => table(n, (i) => (i % padded[k]) * st[k]));
  return gathered(x, target, sources(target, tables), 'RepeatBackward0');
}

/** torch.tile(input, dims): repeat, with dims padded by leading ones up to input's rank (numpy.tile). */
export function tile(...args: unknown[]): Tensor { return tileDims(...inputAndDims('tile', args)); }
/** Tensor.tile(*dims) */
export function tileMethod(x: Tensor, args: unknown[]): Tensor { return tileDims(x, varargList('tile', 'dims', args)); }
function tileDims(x: Tensor, reps: number[]): Tensor {
  return repeatDims(x, [...new Array<number>(Math.max(0, x.ndim - reps.length)).fill(1), ...reps]);
}

/**
 * torch.repeat_interleave(input, repeats, dim=None, {output_size}): each element (each slice along
 * dim; of the flattened input without dim) repeated; repeats an int or an int64 tensor of one count
 * per slice. torch.repeat_interleave(repeats): the index that form gathers with.
 */
export function repeat_interleave(...args: unknown[]): Tensor {
  const a = bindNames('repeat_interleave', ['input', 'repeats', 'dim', 'output_size'], args);
  const x = tensorArg('repeat_interleave', 'input', a.input, 1);
  const outputSize = a.output_size === undefined || a.output_size === null ? null : (a.output_size as number);
  if (a.repeats === undefined) return repeatIndex(x, outputSize);
  const byDim = a.dim !== undefined && a.dim !== null;
  const input = byDim ? x : flatten(x);
  const dim = byDim ? (a.dim as number) : 0;
  const size = sizeAt(input, dim);
  let reps: Tensor;
  if (typeof a.repeats === 'number') reps = new Tensor(int64.alloc(size).fill(a.repeats), [size], int64);
  else {
    const r = tensorArg('repeat_interleave', 'repeats', a.repeats, 2);
    if (r.ndim === 0 || (r.ndim === 1 && r.shape[0] === 1)) reps = new Tensor(r.dtype.alloc(size).fill(r._data[0]), [size], r.dtype);
    else if (r.ndim === 1) {
      if (r.shape[0] !== size) throw new RuntimeError('repeats must have the same size as input along dim');
      reps = r;
    } else throw new RuntimeError('repeats must be 0-dim or 1-dim tensor');
  }
  return index_select(input, dim, repeatIndex(reps, outputSize));
}
/** [0]*r0 + [1]*r1 + ...: the int64 index repeat_interleave gathers with, with ATen's checks in its order. */
function repeatIndex(reps: Tensor, outputSize: number | null): Tensor {
  // ATen dispatches on the index types, int64 and int32
  if (!(['int64', 'int32'] as string[]).includes(reps.dtype.name)) throw new RuntimeError(`"repeat_interleave_cpu" not implemented for '${reps.dtype.scalarName}'`);
  if (reps.ndim !== 1) throw new RuntimeError('repeat_interleave only accept 1D vector as repeat');
  const r = reps._data, n = r.length;
  if (n === 0) return new Tensor(int64.alloc(0), [0], int64);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += r[i];
  if (outputSize === null && r.some((v) => v < 0)) throw new RuntimeError('repeats can not be negative');
  const total = outputSize ?? sum;
  if (total !== sum) throw new RuntimeError('allocated size does not match required size');
  if (r.some((v) => v < 0)) throw new RuntimeError('repeats can not be negative');
  const out = int64.alloc(total);
  for (let i = 0, p = 0; i < n; i++) for (let j = 0; j < r[i]; j++) out[p++] = i;
  return new Tensor(out, [total], int64);
}

/** torch.tril / torch.triu(input, diagonal=0): the lower / upper triangle of each matrix in the last two dims. */
export function tril(...args: unknown[]): Tensor { return triangle('tril', args); }
export function triu(...args: unknown[]): Tensor { return triangle('triu', args); }
function triangle(fn: 'tril' | 'triu', args: unknown[]): Tensor {
  const a = bindNames(fn, ['input', 'diagonal'], args);
  const x = tensorArg(fn, 'input', a.input, 1), k = (a.diagonal as number | undefined) ?? 0;
  const rows = sizeAt(x, -2), cols = x.shape[x.ndim - 1];
  const keep = fn === 'tril' ? (r: number, c: number) => c - r <= k : (r: number, c: number) => c - r >= k;
  const src = new Int32Array(x.numel());
  for (let i = 0; i < src.length; i++) {
    const c = i % cols, r = Math.floor(i / cols) % rows;
    src[i] = keep(r, c) ? i : -1;
  }
  return gathered(x, x.shape, src, fn === 'tril' ? 'TrilBackward0' : 'TriuBackward0');
}

/** torch.diag(input, diagonal=0): a vector onto the diagonal of a square matrix, or a matrix's diagonal as a vector (a copy). */
export function diag(...args: unknown[]): Tensor {
  const a = bindNames('diag', ['input', 'diagonal'], args);
  const x = tensorArg('diag', 'input', a.input, 1), k = (a.diagonal as number | undefined) ?? 0;
  if (x.ndim === 1) {
    const n = x.shape[0] + Math.abs(k);
    const src = new Int32Array(n * n).fill(-1);
    for (let i = 0; i < x.shape[0]; i++) src[k >= 0 ? i * n + i + k : (i - k) * n + i] = i;
    return gathered(x, [n, n], src, 'DiagBackward0');
  }
  if (x.ndim !== 2) throw new RuntimeError('matrix or a vector expected');
  const [rows, cols] = x.shape;
  const len = k >= 0 ? Math.min(rows, cols - k) : Math.min(rows + k, cols);
  // ATen sizes the result before checking it: a diagonal outside the matrix fails this way
  if (len < 0) throw new RuntimeError('numel: integer multiplication overflow');
  return gathered(x, [len], table(len, (i) => (k >= 0 ? i * cols + i + k : (i - k) * cols + i)), 'DiagBackward0');
}

/**
 * torch.meshgrid(*tensors, {indexing}) (or one array of tensors): each 0-d or 1-d input expanded
 * along its own dim of the grid. 'ij' (matrix) indexing by default, with 1.13's warning when
 * indexing is not given; 'xy' swaps the first two dims.
 */
export function meshgrid(...args: unknown[]): Tensor[] {
  let kw: Kw = {};
  if (args.length > 0 && isPlainObject(args[args.length - 1])) kw = args.pop() as Kw;
  for (const k of Object.keys(kw)) if (k !== 'indexing') throw new TypeError(`meshgrid() got an unexpected keyword argument '${k}'`);
  const tensors = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as Tensor[];
  tensors.forEach((t, i) => { if (!(t instanceof Tensor)) throw new TypeError(`meshgrid(): argument 'tensors' (position 1) must be tuple of Tensors, not ${pyType(t)} at index ${i}`); });
  const indexing = kw.indexing ?? null;
  if (indexing === null) warn('torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.');
  if (tensors.length === 0) throw new RuntimeError('meshgrid expects a non-empty TensorList');
  for (let i = 0; i + 1 < tensors.length; i++)
    if (tensors[i].dtype !== tensors[i + 1].dtype) throw new RuntimeError('meshgrid expects all tensors to have the same dtype');
  const swap = indexing === 'xy' && tensors.length >= 2;
  if (indexing !== null && indexing !== 'xy' && indexing !== 'ij')
    throw new RuntimeError(`torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${String(indexing)}`);
  const ts = swap ? [tensors[1], tensors[0], ...tensors.slice(2)] : tensors;
  for (const t of ts)
    if (t.ndim > 1) throw new RuntimeError(`torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ${t}`);
  const shape = ts.map((t) => t.numel());
  const grids = ts.map((t, i) => expand(view(t, shape.map((_, k) => (k === i ? -1 : 1))), shape));
  if (swap) [grids[0], grids[1]] = [grids[1], grids[0]];
  return grids;
}
