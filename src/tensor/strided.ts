// Strided layout arithmetic: a tensor reads element (i0, i1, ...) of its shape at
// storage[offset + i0*s0 + i1*s1 + ...]. Views share one storage with their own shape, strides and
// offset, as PyTorch's do; kernels that need dense rows get them through Tensor.contiguous().
import type { Storage } from './dtype.js';

/** PyTorch's strides for a new dense tensor: row-major, a size-0 dim counting as 1 (`zeros(3, 0).stride()` is (1, 1)). */
export function denseStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= Math.max(shape[i], 1); }
  return st;
}

/** Whether `strides` are the row-major strides of `shape` (dims of size 1 may have any stride, as in PyTorch). */
export function isContiguousLayout(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 0) return true;
    if (shape[i] !== 1) {
      if (strides[i] !== expected) return false;
      expected *= shape[i];
    }
  }
  return true;
}

/** Calls f(position in storage, row-major element index) for every element of a strided layout. */
export function forEachStrided(shape: readonly number[], strides: readonly number[], offset: number,
  f: (pos: number, i: number) => void): void {
  const nd = shape.length;
  let n = 1;
  for (const s of shape) n *= s;
  if (n === 0) return;
  if (nd === 0) { f(offset, 0); return; }
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1, sLast = strides[last], nLast = shape[last];
  let pos = offset, i = 0;
  for (;;) {
    for (let j = 0; j < nLast; j++) f(pos + j * sLast, i++);
    if (i >= n) return;
    for (let k = last - 1; k >= 0; k--) {
      idx[k]++; pos += strides[k];
      if (idx[k] < shape[k]) break;
      pos -= strides[k] * shape[k]; idx[k] = 0;
    }
  }
}

/** Copies a strided layout of `src` into the dense row-major `out`. (A loop of its own: a callback
 * through forEachStrided, whose call site every caller shares, is megamorphic: most of a small
 * `.contiguous()`'s time.) */
export function gatherStrided(src: Storage, shape: readonly number[], strides: readonly number[], offset: number, out: Storage): void {
  const nd = shape.length;
  if (nd === 0) { out[0] = src[offset]; return; }
  let n = 1;
  for (let k = 0; k < nd; k++) n *= shape[k];
  if (n === 0) return;
  const last = nd - 1, sLast = strides[last], nLast = shape[last];
  if (nd === 2) { // rows of a matrix view (transposes, column slices)
    const s0 = strides[0], R = shape[0];
    if (sLast !== 1 && R >= 64 && nLast >= 64) {
      // a large transposed read: 32 x 32 tiles, so the columns read stay in cache
      for (let r0 = 0; r0 < R; r0 += 32) for (let j0 = 0; j0 < nLast; j0 += 32) {
        const r1 = Math.min(r0 + 32, R), j1 = Math.min(j0 + 32, nLast);
        for (let r = r0; r < r1; r++) for (let j = j0, p = offset + r * s0 + j0 * sLast, i = r * nLast + j0; j < j1; j++, p += sLast) out[i++] = src[p];
      }
      return;
    }
    for (let r = 0, i = 0; r < R; r++) for (let j = 0, p = offset + r * s0; j < nLast; j++, p += sLast) out[i++] = src[p];
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  let pos = offset, i = 0;
  for (;;) {
    for (let j = 0, p = pos; j < nLast; j++, p += sLast) out[i++] = src[p];
    if (i >= n) return;
    for (let k = last - 1; k >= 0; k--) {
      idx[k]++; pos += strides[k];
      if (idx[k] < shape[k]) break;
      pos -= strides[k] * shape[k]; idx[k] = 0;
    }
  }
}

/** Writes the dense row-major `values` into a strided layout of `dst` (a loop of its own, as gatherStrided). */
export function scatterStrided(values: ArrayLike<number>, dst: Storage, shape: readonly number[], strides: readonly number[], offset: number): void {
  const nd = shape.length;
  if (nd === 0) { dst[offset] = values[0]; return; }
  let n = 1;
  for (let k = 0; k < nd; k++) n *= shape[k];
  if (n === 0) return;
  const last = nd - 1, sLast = strides[last], nLast = shape[last];
  const idx = new Array<number>(nd).fill(0);
  let pos = offset, i = 0;
  for (;;) {
    for (let j = 0, p = pos; j < nLast; j++, p += sLast) dst[p] = values[i++];
    if (i >= n) return;
    for (let k = last - 1; k >= 0; k--) {
      idx[k]++; pos += strides[k];
      if (idx[k] < shape[k]) break;
      pos -= strides[k] * shape[k]; idx[k] = 0;
    }
  }
}

/** The smallest and largest storage positions a layout touches (for bounds checks); null when empty. */
export function storageExtent(shape: readonly number[], strides: readonly number[], offset: number): [number, number] | null {
  let lo = offset, hi = offset;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) return null;
    const span = (shape[i] - 1) * strides[i];
    if (span < 0) lo += span; else hi += span;
  }
  return [lo, hi];
}

/**
 * The strides a view of `newShape` needs to alias a tensor of `oldShape` / `oldStrides` element for
 * element, or null when no such view exists (ATen's computeStride: reshape then copies, view fails).
 */
export function viewStrides(oldShape: readonly number[], oldStrides: readonly number[], newShape: readonly number[]): number[] | null {
  let numel = 1;
  for (const s of oldShape) numel *= s;
  if (numel === 0) return oldShape.length === newShape.length && oldShape.every((s, i) => s === newShape[i])
    ? oldStrides.slice() : denseStrides(newShape);
  if (oldShape.length === 0) return denseStrides(newShape);
  const newStrides = new Array<number>(newShape.length).fill(0);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1, viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) { chunkBase = oldStrides[d - 1]; tensorNumel = 1; viewNumel = 1; }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}
