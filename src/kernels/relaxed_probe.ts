// The smallest module that uses relaxed SIMD: (module (func (result v128) (f32x4.relaxed_madd
// (v128.const 0) (v128.const 0) (v128.const 0)))). WebAssembly.validate on it says whether this
// engine runs relaxed SIMD (wasm_runtime.ts, node/features.ts).
const V128_ZERO = [0xfd, 12, ...new Array<number>(16).fill(0)];
const PROBE = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0,
  10, 61, 1, 59, 0, ...V128_ZERO, ...V128_ZERO, ...V128_ZERO, 0xfd, 0x85, 2, 11];

export function engineHasRelaxedSimd(): boolean {
  try { return typeof WebAssembly === 'object' && WebAssembly.validate(new Uint8Array(PROBE)); } catch { return false; }
}
