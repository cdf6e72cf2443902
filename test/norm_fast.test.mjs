// The WebAssembly SIMD float32 2-norm lanes and in-place scale (asm/norm.ts, through
// kernels/reduce_exact.ts norm2RunF32 and kernels/scale.ts scaleF32) against their TypeScript twins
// bit for bit: arrays in the WebAssembly memory run the kernels, copies on the JS heap the twins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';
import { inWasm, wasmCopy, sameBits } from './support/wasm_bits.mjs';
import { norm2RunF32, norm2RunF32Ref } from '../dist/kernels/reduce_exact.js';
import { scaleF32, scaleRefF32 } from '../dist/kernels/scale.js';

/** n floats with exponents spread over 2^-40 .. 2^40 (many roundings of every kind). */
function spread(n, seed) {
  torch.manual_seed(seed);
  const m = torch.randn([n])._data, e = torch.randint(-40, 41, [n])._data;
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = m[i] * 2 ** Number(e[i]);
  return a;
}

test('norm2RunF32: the wasm lanes give norm2RunF32Ref\'s bits (exact fmaf in float64 SIMD)', () => {
  const same = (a, b) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  for (const n of [16384, 16391, 100003, 1 << 20]) for (const seed of [1, 2, 3]) {
    const x = spread(n, seed + n), xw = wasmCopy(x);
    if (!inWasm(xw)) return; // no wasm storage here: only the TypeScript twin exists
    for (const [base, len] of [[0, n], [3, n - 3], [5, 300], [0, 257]]) {
      const got = norm2RunF32(xw, base, len), want = norm2RunF32Ref(x, base, len);
      assert.ok(same(got, want), `n=${n} seed=${seed} [${base}, +${len}): ${got} vs ${want}`);
    }
    // every lane's result, not only the sum: short runs with one big element
    for (let k = 0; k < 64; k++) {
      const base = (k * 977) % (n - 400), len = 256 + (k % 9);
      assert.ok(same(norm2RunF32(xw, base, len), norm2RunF32Ref(x, base, len)), `run ${base}+${len}`);
    }
  }
  // infinities, NaN, overflow of the float32 sum, subnormals
  const n = 20000, x = spread(n, 7);
  for (const [i, v] of [[10, Infinity], [20, -Infinity], [30, NaN], [40, 3e38], [50, 1e-45], [60, -0]]) x[i] = v;
  const xw = wasmCopy(x);
  for (const [a, b] of [[0, 35], [0, 45], [41, 5000], [45, 2000], [0, n]]) {
    const want = norm2RunF32Ref(x, a, Math.max(b, 256)), got = norm2RunF32(xw, a, Math.max(b, 256));
    assert.ok(same(got, want), `special [${a}, +${b}): ${got} vs ${want}`);
  }
});

test('scaleF32: the wasm kernel equals the float32 multiply loop bit for bit', () => {
  for (const n of [70003, 257]) for (const c of [0.123456789, 1, 0, -3.5, 1e-30, Infinity]) {
    const x = spread(n, n); x[5] = NaN; x[6] = -0; x[7] = Infinity;
    const xw = wasmCopy(x);
    if (!inWasm(xw)) return;
    scaleRefF32(x, Math.fround(c)); scaleF32(xw, c);
    sameBits(xw, x, `scale n=${n} c=${c}`);
  }
});
