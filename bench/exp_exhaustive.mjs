// Exhaustive accuracy check of the kernels' float32 exp (asm/losses.ts exp4, the same algorithm as
// src/kernels/exp.ts): every one of the 2^32 float32 inputs against Math.exp rounded to float32,
// reporting the largest distance in ulps (and NaN/infinity agreement). A few minutes on one core;
// test/kernels.test.mjs runs a dense sample of the same check on every `npm test`.
//
// usage: npm run build && [TORCHLET_RELAXED_SIMD=0] node bench/exp_exhaustive.mjs [--fn exp_full|exp_neg]
import '../dist/node/features.js'; // the build the Node entry loads (TORCHLET_RELAXED_SIMD=0: the plain one)
import * as rt from '../dist/kernels/wasm_runtime.js';

const fn = process.argv.includes('--fn') ? process.argv[process.argv.indexOf('--fn') + 1] : 'exp_full';
const CHUNK = 1 << 22;
const src = rt.malloc(CHUNK * 4), dst = rt.malloc(CHUNK * 4);
const ex = rt.exportsOf('losses');
const pair = new Float32Array(2), pairBits = new Int32Array(pair.buffer);
let worst = 0, worstAt = 0, checked = 0, bad = 0;
const t0 = performance.now();
for (let base = 0; base < 2 ** 32; base += CHUNK) {
  const u = new Uint32Array(rt.wasmMemory().buffer, src, CHUNK);
  for (let i = 0; i < CHUNK; i++) u[i] = base + i;
  ex[fn](src, dst, CHUNK);
  const x = new Float32Array(rt.wasmMemory().buffer, src, CHUNK), y = new Float32Array(rt.wasmMemory().buffer, dst, CHUNK);
  for (let i = 0; i < CHUNK; i++) {
    const xi = x[i];
    if (fn === 'exp_neg' && !(xi <= 0)) continue;
    const want = Math.fround(Math.exp(xi)), got = y[i];
    checked++;
    if (want !== want) { if (got === got) bad++; continue; }
    if (got === want) continue;
    pair[0] = got; pair[1] = want;
    const d = (got > 0) === (want > 0) || got === 0 || want === 0 ? Math.abs(pairBits[0] - pairBits[1]) : Infinity;
    if (d > worst) { worst = d; worstAt = xi; }
  }
  if ((base / CHUNK) % 128 === 127) process.stderr.write(`  ${(((base + CHUNK) / 2 ** 32) * 100).toFixed(0)}%\n`);
}
console.log(`${fn} (${rt.relaxedSimd() ? 'relaxed-SIMD' : 'plain SIMD'} build): ${checked} inputs, largest error ${worst} ulp (at x = ${worstAt}), NaN mismatches ${bad}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
