// Fill and full sum over one array: WebAssembly SIMD when the array lives in the shared memory
// (the sum split over the thread pool in fixed chunks)
// (TypedArray.prototype.fill takes a slow element-by-element path there), plain loops otherwise.
import { addressOf, exportsOf, freeBlock, heapF64, malloc, runJobs } from './wasm_runtime.js';
import { ranges } from './fast_util.js';

/** Elements per chunk of a sum (asm/losses.ts SUM_CHUNK): chunk sums are added in order, so the
 * result is the same on any number of threads. */
const SUM_CHUNK = 1 << 16;

export function fillValue(out: Float32Array | Float64Array, v: number): void {
  const p = out instanceof Float32Array ? addressOf(out) : -1;
  if (p >= 0) { exportsOf('losses').fill32(p, out.length, v); return; }
  if (addressOf(out) >= 0) for (let i = 0; i < out.length; i++) out[i] = v; // a float64 array there
  else out.fill(v);
}

/** Σ d[i] in float64. */
export function sumAll(d: Float32Array | Float64Array): number {
  const p = d instanceof Float32Array ? addressOf(d) : -1;
  if (p >= 0) {
    const chunks = Math.ceil(d.length / SUM_CHUNK);
    const part = chunks > 1 ? malloc(chunks * 8) : -1;
    if (part < 0) return exportsOf('losses').sum32(p, d.length) as number;
    try {
      runJobs('losses', 'sum32_chunks', ranges(chunks, SUM_CHUNK).map(([c0, c1]) => [p, d.length, c0, c1, part]));
      const h = heapF64(), o = part >>> 3;
      let s = 0;
      for (let c = 0; c < chunks; c++) s += h[o + c];
      return s;
    } finally {
      freeBlock(part);
    }
  }
  // 4 partial sums let the adds overlap
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (const n4 = d.length - 3; i < n4; i += 4) { s0 += d[i]; s1 += d[i + 1]; s2 += d[i + 2]; s3 += d[i + 3]; }
  for (; i < d.length; i++) s0 += d[i];
  return (s0 + s1) + (s2 + s3);
}
