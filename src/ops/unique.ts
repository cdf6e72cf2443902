// torch.unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None) and
// Tensor.unique, as 1.13's Python function calls _unique2 / unique_dim on the CPU: the distinct values
// (or slices along dim) in ascending order, -0 and 0 one value (the first seen stands for both); the
// inverse indices in the input's shape; the counts. sorted=False gives the same ascending order
// (1.13 returns a hash set's iteration order there, which its documentation leaves unspecified).
import { Tensor } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import { NotImplementedError, RuntimeError } from '../tensor/errors.js';
import { wrapDim } from '../tensor/shape.js';
import { record } from '../autograd/function.js';
import { bind, tensorArg } from '../tensor/args.js';

type UniqueResult = Tensor | Tensor[];

/** a < b for sorting, NaN last (the ascending order torch.sort gives). */
const before = (a: number, b: number): number => (a !== a ? (b !== b ? 0 : 1) : b !== b ? -1 : a - b);

function notDifferentiable(out: Tensor, input: Tensor, op: string): Tensor {
  return record(out, op === '_unique2' ? 'Unique2Backward0' : 'UniqueDimBackward0', [input], () => {
    throw new NotImplementedError(`the derivative for '${op}' is not implemented.`);
  }, false);
}

/**
 * 1.13's unique_cpu_template: a hash set of the values, sorted; the inverse and the counts looked up
 * in hash maps. A NaN equals nothing, so each NaN is its own entry and its lookups miss: its inverse
 * index and its count read 0, as PyTorch's do. torchlet puts the NaNs after the numbers; 1.13's
 * std::sort over the hash set's order can leave one among them.
 */
function uniqueFlat(x: Tensor, inverse: boolean, counts: boolean): UniqueResult {
  const d = x.contiguous()._data, n = d.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => before(d[i], d[j]) || i - j); // stable: the first of -0 / 0 stands
  const values: number[] = [], cnt: number[] = [], inv = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = d[order[k]];
    if (v !== v) { values.push(v); cnt.push(0); continue; } // inverse stays 0
    if (k === 0 || v !== values[values.length - 1]) { values.push(v); cnt.push(0); }
    cnt[cnt.length - 1]++;
    inv[order[k]] = values.length - 1;
  }
  const out = notDifferentiable(new Tensor(x.dtype.alloc(values.length).map((_, i) => values[i]), [values.length], x.dtype), x, '_unique2');
  if (!inverse && !counts) return out;
  const res: Tensor[] = [out];
  if (inverse) res.push(new Tensor(int64.alloc(n).map((_, i) => inv[i]), x.shape.slice(), int64));
  if (counts) res.push(new Tensor(int64.alloc(cnt.length).map((_, i) => cnt[i]), [cnt.length], int64));
  return res;
}

function uniqueDim(x: Tensor, dim: number, inverse: boolean, counts: boolean): UniqueResult {
  const d = wrapDim(dim, x.ndim), size = x.shape[d];
  if (x.shape.some((s, i) => s === 0 && i !== d)) throw new RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
  // the slices along d as 1.13 reads them: x.transpose(0, dim), each slice flattened in row-major order
  // (so for a middle or last dim the other dims come in reversed roles, and the sort order with them)
  const moved = x.transpose(0, d).contiguous(), data = moved._data, len = size ? data.length / size : 0;
  const slice = (i: number): ArrayLike<number> => data.subarray(i * len, (i + 1) * len);
  const cmp = (i: number, j: number): number => {
    const a = slice(i), b = slice(j);
    for (let k = 0; k < len; k++) { const c = before(a[k], b[k]); if (c) return c; }
    return 0;
  };
  const order = Array.from({ length: size }, (_, i) => i).sort((i, j) => cmp(i, j) || i - j);
  const kept: number[] = [], cnt: number[] = [], inv = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const i = order[k];
    if (k === 0 || cmp(kept[kept.length - 1], i) !== 0 || Array.prototype.some.call(slice(i), (v: number) => v !== v)) { kept.push(i); cnt.push(0); }
    cnt[cnt.length - 1]++;
    inv[i] = kept.length - 1;
  }
  const rows = x.dtype.alloc(kept.length * len);
  kept.forEach((i, r) => rows.set(slice(i), r * len));
  const outShape = [kept.length, ...moved.shape.slice(1)];
  const out = notDifferentiable(new Tensor(rows, outShape, x.dtype).transpose(0, d).contiguous(), x, 'unique_dim');
  if (!inverse && !counts) return out;
  const res: Tensor[] = [out];
  if (inverse) res.push(new Tensor(int64.alloc(size).map((_, i) => inv[i]), [size], int64));
  if (counts) res.push(new Tensor(int64.alloc(cnt.length).map((_, i) => cnt[i]), [cnt.length], int64));
  return res;
}

export interface UniqueOptions { sorted?: boolean; return_inverse?: boolean; return_counts?: boolean; dim?: number | null }
/** torch.unique: a tensor, or [output, inverse?, counts?] when either is asked for. */
export function unique(input: Tensor, opts?: UniqueOptions): UniqueResult;
export function unique(...args: unknown[]): UniqueResult;
export function unique(...args: unknown[]): UniqueResult {
  const a = bind('unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None)', args);
  return uniqueOf(tensorArg('_unique2', 'input', a.input, 1), a);
}
/** Tensor.unique(sorted=True, return_inverse=False, return_counts=False, dim=None). */
export function uniqueMethod(self: Tensor, args: readonly unknown[]): UniqueResult {
  return uniqueOf(self, bind('Tensor.unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None)', [self, ...args]));
}
function uniqueOf(x: Tensor, a: Record<string, unknown>): UniqueResult {
  const inverse = !!a.return_inverse, counts = !!a.return_counts;
  if (a.dim === null || a.dim === undefined) {
    return uniqueFlat(x, inverse, counts); // a 0-dim input's inverse is 0-dim, as its shape
  }
  return uniqueDim(x, a.dim as number, inverse, counts);
}
