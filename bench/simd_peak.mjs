// The 128-bit WebAssembly SIMD multiply-add peak of this machine, one thread: a tight loop of 12
// independent f32x4 multiply-add chains (relaxed_madd, the fused multiply-add the GEMM's relaxed
// build uses, and plain mul + add), so the figure is issue-bound, not latency-bound. Compiled
// with the project's AssemblyScript (a dev dependency) at bench time. GFLOP/s counts 2 flops per
// lane per multiply-add: 8 per f32x4 madd.
//
// usage: node bench/simd_peak.mjs   (prints one JSON line; also imported by bench/training.mjs)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../dist/node/features.js'; // turns relaxed SIMD on where the engine has it behind a flag

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = (relaxed) => `
export function run(n: i32, x: f32): f32 {
  const b = f32x4.splat(x), c = f32x4.splat(0.999);
  let a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b, a8 = b, a9 = b, a10 = b, a11 = b;
  for (let i = 0; i < n; i++) {
${Array.from({ length: 12 }, (_, k) => `    a${k} = ${relaxed ? `f32x4.relaxed_madd(a${k}, c, b)` : `f32x4.add(f32x4.mul(a${k}, c), b)`};`).join('\n')}
  }
  let s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  s = f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)));
  return f32x4.extract_lane(s, 0);
}`;

function build(relaxed) {
  const asc = path.join(root, 'node_modules/.bin/asc');
  if (!existsSync(asc)) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'torchlet-peak-'));
  writeFileSync(path.join(dir, 'peak.ts'), SRC(relaxed));
  execFileSync(asc, [path.join(dir, 'peak.ts'), '-O3', '--enable', 'simd', ...(relaxed ? ['--enable', 'relaxed-simd'] : []), '--runtime', 'stub', '-o', path.join(dir, 'peak.wasm')], { stdio: 'ignore' });
  return readFileSync(path.join(dir, 'peak.wasm'));
}

/** GFLOP/s of the loop (best of 15 runs of ~50 ms: the best run is the one no other process interrupted), for the relaxed madd and the plain mul + add. */
export function simdPeak() {
  const out = {};
  for (const relaxed of [true, false]) {
    const bytes = build(relaxed);
    if (!bytes || (relaxed && !WebAssembly.validate(bytes))) { out[relaxed ? 'relaxed_madd' : 'mul_add'] = null; continue; }
    const run = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run;
    let n = 1 << 20, best = 0;
    run(n, 1);
    for (let t0 = performance.now(); ; n *= 2) { const t = performance.now(); run(n, 1); if (performance.now() - t > 50 || performance.now() - t0 > 2000) break; } // calibrate: one run of ~50 ms
    for (let r = 0; r < 15; r++) {
      const t0 = performance.now(); run(n, 1); const s = (performance.now() - t0) / 1e3;
      best = Math.max(best, (n * 12 * 8) / s / 1e9);
    }
    out[relaxed ? 'relaxed_madd' : 'mul_add'] = +best.toFixed(1);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) console.log(JSON.stringify({ simd_peak_gflops: simdPeak() }));
