// The sampling behind torch.multinomial, bernoulli, exponential_ and random_, drawing from the
// mt19937 of random.ts in the order 1.13's CPU kernels draw (cpu_serial_kernel over a
// TensorIterator), with their transformations: so a seed gives PyTorch's numbers. Plain arrays
// in, plain arrays out; the tensor-level ops (checks, autograd, in-place writes) are in ops/random.ts.
import type { Storage } from './dtype.js';
import { RuntimeError } from './errors.js';
import type { Generator } from './random.js';

/**
 * The order in which TensorIterator visits the elements of operands with these strides (each
 * operand's strides over `shape`; 0 for a broadcast dim), as logical row-major indices: PyTorch
 * walks memory order, sorting dims by stride (reorder_dimensions). null when that is row-major.
 */
export function iteratorOrder(shape: readonly number[], operands: readonly (readonly number[])[]): Int32Array | null {
  const nd = shape.length;
  if (nd <= 1) return null;
  // perm[0] is the fastest-moving dim; start from C order (last dim fastest)
  const perm = Array.from({ length: nd }, (_, i) => nd - 1 - i);
  const shouldSwap = (d0: number, d1: number): number => {
    for (const st of operands) {
      const s0 = st[d0], s1 = st[d1];
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (shape[d0] > shape[d1]) return 1;
    }
    return 0;
  };
  // insertion sort with ambiguous comparisons, as reorder_dimensions does it
  for (let i = 1; i < nd; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0], perm[d1]);
      if (c > 0) { [perm[d0], perm[d1]] = [perm[d1], perm[d0]]; d1 = d0; } else if (c < 0) break;
    }
  }
  if (perm.every((d, k) => d === nd - 1 - k)) return null;
  const n = shape.reduce((a, b) => a * b, 1);
  const order = new Int32Array(n);
  const rowStride = new Array<number>(nd);
  for (let d = nd - 1, s = 1; d >= 0; d--) { rowStride[d] = s; s *= shape[d]; }
  const idx = new Array<number>(nd).fill(0);
  for (let k = 0, lin = 0; k < n; k++) {
    order[k] = lin;
    // odometer over perm[0] (fastest) .. perm[nd-1]
    for (let j = 0; j < nd; j++) {
      const d = perm[j];
      if (++idx[d] < shape[d]) { lin += rowStride[d]; break; }
      lin -= (shape[d] - 1) * rowStride[d];
      idx[d] = 0;
    }
  }
  return order;
}

/** Fills out[order[k]] with draw() for k = 0, 1, ... (row-major when order is null). */
export function fillInOrder(out: Storage, order: Int32Array | null, draw: (k: number) => number): void {
  if (order === null) for (let k = 0; k < out.length; k++) out[k] = draw(k);
  else for (let k = 0; k < order.length; k++) out[order[k]] = draw(order[k]);
}

/** at::exponential_distribution<double>: -1/λ · log(1 - u), u from 53 bits. */
export function exponentialDraw(gen: Generator, lambda: number): number {
  return -1 / lambda * Math.log(1 - gen.uniformDouble());
}

/** bernoulli_distribution<double>(p) (float p tensors and scalar p draw 53 bits: `double`). */
export function bernoulliDouble(gen: Generator, p: number): number { return gen.uniformDouble() < p ? 1 : 0; }
/** bernoulli_distribution<float>(p): 24 bits, compared in float. */
export function bernoulliFloat(gen: Generator, p: number): number { return gen.uniformFloat() < p ? 1 : 0; }

/**
 * multinomial_with_replacement_apply: per row, the cumulative distribution in the input's float
 * type (checked entry by entry), normalised, then a binary search per 53-bit uniform draw. Rows
 * are drawn in order, so an invalid row fails after the earlier rows' draws, as in PyTorch.
 */
export function multinomialWithReplacement(p: Storage, rows: number, cats: number, nSample: number, isFloat: boolean,
  gen: Generator, out: Storage): void {
  const round = isFloat ? Math.fround : (v: number) => v;
  const cum = isFloat ? new Float32Array(cats) : new Float64Array(cats);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cats; j++) {
      const v = p[i * cats + j];
      if (!(v >= 0)) throw new RuntimeError('invalid multinomial distribution (encountering probability entry < 0)');
      if (!Number.isFinite(v)) throw new RuntimeError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
      sum = round(sum + v);
      cum[j] = sum;
    }
    if (!(sum > 0)) throw new RuntimeError('invalid multinomial distribution (sum of probabilities <= 0)');
    for (let j = 0; j < cats; j++) cum[j] = cum[j] / sum;
    cum[cats - 1] = 1;
    for (let j = 0; j < nSample; j++) {
      const u = gen.uniformDouble();
      let left = 0, right = cats;
      while (right - left > 0) {
        const mid = left + ((right - left) >> 1);
        if (cum[mid] < u) left = mid + 1; else right = mid;
      }
      out[i * nSample + j] = left;
    }
  }
}
