// Fill and full sum over one array: WebAssembly SIMD when the array lives in the shared memory
// (TypedArray.prototype.fill takes a slow element-by-element path there), plain loops otherwise.
import { addressOf, exportsOf } from './wasm_runtime.js';

export function fillValue(out: Float32Array | Float64Array, v: number): void {
  const p = out instanceof Float32Array ? addressOf(out) : -1;
  if (p >= 0) { exportsOf('losses').fill32(p, out.length, v); return; }
  for (let i = 0; i < out.length; i++) out[i] = v;
}

/** Σ d[i] in float64. */
export function sumAll(d: Float32Array | Float64Array): number {
  const p = d instanceof Float32Array ? addressOf(d) : -1;
  if (p >= 0) return exportsOf('losses').sum32(p, d.length) as number;
  // 4 partial sums let the adds overlap
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (const n4 = d.length - 3; i < n4; i += 4) { s0 += d[i]; s1 += d[i + 1]; s2 += d[i + 2]; s3 += d[i + 3]; }
  for (; i < d.length; i++) s0 += d[i];
  return (s0 + s1) + (s2 + s3);
}
