// e^x over a block of a recurrent layer's gate buffer, in place: the losses module's SIMD exp
// (float32, within 1 ulp) when the block lives in the WebAssembly memory, else Math.exp. The
// sigmoid gates of an LSTM / GRU step take three (two) of these per element; done one element at a
// time in JavaScript they cost as much as the step's matrix product.
import { addressOf, allocEmpty, available, exportsOf, WASM_MIN_BYTES } from './wasm_runtime.js';

export function expInPlace(a: Float32Array | Float64Array, n: number): void {
  if (a instanceof Float32Array && available()) {
    const p = addressOf(a);
    if (p >= 0) { exportsOf('losses').exp_full(p, p, n); return; }
  }
  for (let i = 0; i < n; i++) a[i] = Math.exp(a[i]);
}

/**
 * A step's gate buffer (n elements at least), big enough to be placed in the WebAssembly memory
 * (storage below WASM_MIN_BYTES stays on the JS heap, where every product into it and every
 * vectorised exp over it would go through a copy).
 */
export function gateScratch(kind: 'f32' | 'f64', n: number): Float32Array | Float64Array {
  return allocEmpty(kind, Math.max(n, Math.ceil(WASM_MIN_BYTES / (kind === 'f32' ? 4 : 8))));
}
