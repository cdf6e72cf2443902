// x *= c in place over a float32 array (clip_grad_norm_'s scaling of the gradients): asm/norm.ts's
// scaleF32 where the array lives in the WebAssembly memory, else this loop, its twin (one float32
// rounding of each product either way: the same bits).
import { addressOf, available, exportsOf } from './wasm_runtime.js';

export function scaleRefF32(d: Float32Array, c: number): void {
  for (let i = 0; i < d.length; i++) d[i] *= c;
}

/** Below this many elements the loop runs here. */
const WASM_SCALE_MIN = 256;

export function scaleF32(d: Float32Array, c: number): void {
  const at = d.length >= WASM_SCALE_MIN && available() ? addressOf(d) : -1;
  if (at < 0) { scaleRefF32(d, c); return; }
  exportsOf('norm').scaleF32(at, d.length, Math.fround(c));
}
