// The reference GEMM's float32 fast loops (kernels/gemm.ts gemmRef: row form and dot-product form,
// the kernel of batch-1 products such as a char-RNN step) against its plain i-k-j definition
// gemmPlain, bit for bit: every transpose and accumulate combination, zeros in A (skipped terms),
// and infinities / NaN in B (where skipping a zero term is visible).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameBits } from './support/wasm_bits.mjs';
import { gemmRef, gemmPlain } from '../dist/kernels/gemm.js';
import { gemmFast } from '../dist/kernels/fast_gemm.js';
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
