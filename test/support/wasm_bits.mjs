// Helpers of the kernel twin tests: where an array lives (the WebAssembly memory or the JS heap), a
// copy placed in the memory, and bit-for-bit comparison of float32 results (NaNs match any NaN).
// A helper module, not a test file: it defines no tests.
import assert from 'node:assert/strict';
import { allocEmpty } from '../../dist/kernels/dispatch.js';
import { addressOf } from '../../dist/kernels/wasm_runtime.js';

export const inWasm = (a) => addressOf(a) >= 0;
export function wasmCopy(a) { const w = allocEmpty('f32', a.length); w.set(a); return w; }
export function sameBits(a, b, what) {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length), y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  assert.equal(a.length, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) assert.fail(`${what}: element ${i}: ${a[i]} vs ${b[i]}`);
}
