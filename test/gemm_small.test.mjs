// The reference GEMM's float32 fast loops (kernels/gemm.ts gemmRef: row form and dot-product form,
// the kernel of batch-1 products such as a char-RNN step) against its plain i-k-j definition
// gemmPlain, bit for bit: every transpose and accumulate combination, zeros in A (skipped terms),
// and infinities / NaN in B (where skipping a zero term is visible).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameBits } from './support/wasm_bits.mjs';
import { gemmRef, gemmPlain } from '../dist/kernels/gemm.js';
import { gemmFast, gemmBatchFast } from '../dist/kernels/fast_gemm.js';
import { allocEmpty } from '../dist/kernels/dispatch.js';

function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; };
}

test('gemmRef float32 loops == gemmPlain bit for bit (all layouts, zeros in A, non-finite B, accumulate)', () => {
  const r = rng(7);
  let cases = 0;
  for (const [M, K, N] of [[1, 57, 128], [1, 128, 128], [128, 1, 57], [1, 128, 18], [3, 5, 7], [17, 33, 9], [2, 130, 67], [5, 7, 130]]) {
    for (const tA of [false, true]) for (const tB of [false, true]) for (const acc of [false, true]) {
      const a = new Float32Array(M * K).map(() => (r() < -0.2 ? 0 : r() * 3));
      // a one-hot row (a char-RNN's input): blocks of skipped terms
      if (M === 1 && K === 57) { a.fill(0); a[(5 * N + K) % K] = 1; }
      const b = new Float32Array(K * N).map(() => r() * 5);
      if (b.length > 4) { b[1] = Infinity; b[3] = NaN; }
      const c0 = new Float32Array(M * N).map(() => r());
      const want = c0.slice(), got = c0.slice(), fast = c0.slice();
      gemmPlain(a, b, want, M, K, N, tA, tB, acc);
      gemmRef(a, b, got, M, K, N, tA, tB, acc);
      sameBits(got, want, `${M}x${K}x${N} tA=${tA} tB=${tB} acc=${acc}`);
      // below the GEMM threshold gemmFast runs asm/lib/small_gemm.ts: the same sums in wasm SIMD,
      // with operands copied in (JS heap) or used in place (wasm memory)
      gemmFast(a, b, fast, M, K, N, tA, tB, acc);
      sameBits(fast, want, `gemmFast ${M}x${K}x${N} tA=${tA} tB=${tB} acc=${acc}`);
      const bw = allocEmpty('f32', b.length), cw = allocEmpty('f32', c0.length);
      bw.set(b); cw.set(c0);
      gemmFast(a, bw, cw, M, K, N, tA, tB, acc);
      sameBits(cw, want, `gemmFast in place ${M}x${K}x${N} tA=${tA} tB=${tB} acc=${acc}`);
      cases++;
    }
  }
  assert.equal(cases, 64);
  // a value check of the definition itself: [1 2; 3 4] @ [5 6; 7 8]^T = [17 23; 39 53]
  const c = new Float32Array(4);
  gemmRef(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), c, 2, 2, 2, false, true);
  assert.deepEqual(Array.from(c), [17, 23, 39, 53]);
});

test('outerAdd (a one-row weight gradient added into a .grad): the product written out by gemmPlain then added, bit for bit; the WebAssembly twin too', async () => {
  const { outerAddRef } = await import('../dist/kernels/outer.js');
  const { outerAddFast } = await import('../dist/kernels/fast_small.js');
  const { allocPlaced } = await import('../dist/kernels/dispatch.js');
  const r = rng(11);
  for (const [M, N] of [[128, 57], [128, 128], [18, 128], [3, 5], [7, 130], [64, 96]]) {
    // zeros in a (skipped terms) and b (one-hot inputs), -0 in d (0 + -0 is +0), tiny values
    // whose products underflow, and infinities / NaN in b
    const a = new Float32Array(M).map(() => (r() < -0.3 ? 0 : r() * 4));
    const b = new Float32Array(N).map(() => (r() < -0.2 ? 0 : r() * 3));
    a[1] = 1e-30; b[2] = -1e-30; b[N - 1] = Infinity; if (N > 4) b[4] = NaN; if (M > 3) a[3] = -Infinity;
    if (N === 96) for (let j = 0; j < N; j++) if (b[j] === 0) b[j] = 0.5; // no zero in b: the kernel's unmasked loop
    const d0 = new Float32Array(M * N).map(() => (r() < -0.4 ? -0 : r()));
    const prod = new Float32Array(M * N), want = d0.slice();
    gemmPlain(a, b, prod, M, 1, N, true, false);
    for (let i = 0; i < want.length; i++) want[i] += prod[i];
    const ref = d0.slice();
    outerAddRef(ref, a, b, M, N);
    sameBits(ref, want, `outerAddRef ${M}x${N}`);
    const fast = d0.slice(); // on the JS heap: the twin runs
    outerAddFast(fast, a, b, M, N);
    sameBits(fast, want, `outerAddFast (heap) ${M}x${N}`);
    const placed = allocPlaced('f32', M * N); // in the memory: WebAssembly SIMD
    placed.set(d0);
    outerAddFast(placed, a, b, M, N);
    sameBits(placed, want, `outerAddFast (placed) ${M}x${N}`);
    // float64: the twin's other loop
    const a64 = Float64Array.from(a), b64 = Float64Array.from(b), d64 = Float64Array.from(d0), p64 = new Float64Array(M * N), w64 = d64.slice();
    gemmPlain(a64, b64, p64, M, 1, N, true, false);
    for (let i = 0; i < w64.length; i++) w64[i] += p64[i];
    outerAddFast(d64, a64, b64, M, N);
    for (let i = 0; i < w64.length; i++) assert.ok(Object.is(d64[i], w64[i]) || (Number.isNaN(d64[i]) && Number.isNaN(w64[i])), `float64 ${M}x${N} element ${i}`);
  }
});

test('batched small products (bmm 4 x 8 x 8, staged together through WebAssembly) == gemmPlain per matrix, bit for bit', () => {
  const r = rng(11);
  for (const [nb, M, K, N] of [[4, 8, 8, 8], [3, 5, 7, 6], [16, 4, 9, 3], [2, 1, 57, 128], [64, 2, 2, 2]]) {
    for (const tA of [false, true]) for (const tB of [false, true]) {
      const a = new Float32Array(nb * M * K).map(() => (r() < -0.2 ? 0 : r() * 3));
      const b = new Float32Array(nb * K * N).map(() => r() * 5);
      b[1] = Infinity; b[b.length - 2] = NaN;
      const got = new Float32Array(nb * M * N).fill(7), want = new Float32Array(nb * M * N);
      gemmBatchFast(a, b, got, nb, M, K, N, tA, tB);
      for (let i = 0; i < nb; i++)
        gemmPlain(a.subarray(i * M * K, (i + 1) * M * K), b.subarray(i * K * N, (i + 1) * K * N), want.subarray(i * M * N, (i + 1) * M * N), M, K, N, tA, tB, false);
      sameBits(got, want, `batch ${nb}x${M}x${K}x${N} tA=${tA} tB=${tB}`);
      // operands in the WebAssembly memory: used in place
      const aw = allocEmpty('f32', a.length), bw = allocEmpty('f32', b.length), cw = allocEmpty('f32', got.length);
      aw.set(a); bw.set(b);
      gemmBatchFast(aw, bw, cw, nb, M, K, N, tA, tB);
      sameBits(cw, want, `batch ${nb}x${M}x${K}x${N} in memory`);
    }
  }
});
