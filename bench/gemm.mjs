// GEMM and conv2d throughput: torchlet's WebAssembly SIMD kernels (and the plain reference GEMM for
// scale) on the shapes the MNIST example's Net multiplies, with PyTorch timed on the same shapes in
// the same run when /usr/bin/python3 has torch (with as many threads as ours: torch.set_num_threads
// and OPENBLAS_NUM_THREADS). Prints one line per shape and a JSON line per result; each rate also
// as a share of the 128-bit SIMD multiply-add peak measured in the same run (bench/simd_peak.mjs,
// times the threads).
//
// Operands live where tensors of that size live: in the kernels' wasm memory (the storage
// allocator puts every float32 storage of 64 KiB or more there), so the GEMM reads them in place.
// --js-heap puts them in plain Float32Arrays instead: then every call copies them in and out.
// The torch.mm rows time the tensor API on transposed views (x.t(), W.t()), which reach the GEMM
// as transpose flags.
//
// usage: npm run build && node bench/gemm.mjs [--threads 1,2] [--no-torch] [--quick] [--json] [--js-heap] [--no-peak]
import '../dist/node/features.js'; // first: the kernel builds the Node entry loads (TORCHLET_RELAXED_SIMD=0: plain)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as torch from '../dist/node/index.js';
import { gemmRef } from '../dist/kernels/gemm.js';
import { gemmFast, gemmContext, setParallelRunner } from '../dist/kernels/fast_gemm.js';
import { allocEmpty } from '../dist/kernels/wasm_runtime.js';
import { conv2dForwardFast, conv2dBackwardInputFast, conv2dBackwardWeightFast } from '../dist/kernels/conv.js';
import { simdPeak } from './simd_peak.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const quick = args.includes('--quick'), jsonOnly = args.includes('--json'), jsHeap = args.includes('--js-heap');
const threadList = opt('--threads', '1').split(',').map(Number);
const log = (s) => { if (!jsonOnly) console.log(s); };

// [label, M, N, K, transA, transB]: C[M,N] = op(A)[M,K] @ op(B)[K,N]
const shapes = [
  ['256^3', 256, 256, 256, false, false],
  ['512^3', 512, 512, 512, false, false],
  ['1024^3', 1024, 1024, 1024, false, false],
  ['fc1 fwd 64x128x9216 (x @ W^T)', 64, 128, 9216, false, true],
  ['fc1 dX 64x9216x128 (g @ W)', 64, 9216, 128, false, false],
  ['fc1 dW 128x9216x64 (g^T @ x)', 128, 9216, 64, true, false],
  ['conv2 im2col 576x64x288', 576, 64, 288, false, false],
  ['conv2 per image 64x576x288 (W @ cols)', 64, 576, 288, false, false],
];

function rand(n) {
  const a = jsHeap ? new Float32Array(n) : allocEmpty('f32', n);
  for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5;
  return a;
}
/** Median seconds per call over enough repetitions to fill ~`budget` seconds. */
function time(fn, budget = quick ? 0.15 : 0.6) {
  fn(); fn();
  const t0 = performance.now(); fn(); const once = (performance.now() - t0) / 1000;
  const reps = Math.max(3, Math.min(200, Math.ceil(budget / Math.max(once, 1e-6))));
  const ts = [];
  for (let i = 0; i < reps; i++) { const s = performance.now(); fn(); ts.push((performance.now() - s) / 1000); }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
}

/** Runs the kernels on `threads` threads, main included (torch.set_num_threads, which also keeps a
 * one-thread run from starting workers on its first big allocation), the workers started now. */
async function useThreads(threads) {
  torch.set_num_threads(threads);
  if (threads === 1) return true;
  const url = new URL('../dist/node/pool.js', import.meta.url);
  if (!existsSync(url)) return false;
  const pool = await import(url.href);
  const n = pool.startWorkers(threads);
  await new Promise((r) => setTimeout(r, 300)); // let the workers come up
  return n === threads - 1;
}

function torchTimes(threads) {
  if (args.includes('--no-torch') || !existsSync('/usr/bin/python3')) return null;
  const py = `
import json, time, torch
torch.set_num_threads(${threads})
shapes = json.loads(${JSON.stringify(JSON.stringify(shapes))})
out = {}
for l, M, N, K, tA, tB in shapes:
    a = torch.randn(K, M).t() if tA else torch.randn(M, K)
    b = torch.randn(N, K).t() if tB else torch.randn(K, N)
    torch.mm(a, b); torch.mm(a, b)
    t0 = time.perf_counter(); torch.mm(a, b); once = time.perf_counter() - t0
    reps = max(3, min(200, int(${quick ? 0.15 : 0.6} / max(once, 1e-6)) + 1))
    ts = []
    for _ in range(reps):
        s = time.perf_counter(); torch.mm(a, b); ts.append(time.perf_counter() - s)
    ts.sort(); out[l] = ts[len(ts) // 2]
x = torch.randn(64, 32, 26, 26, requires_grad=True); w = torch.randn(64, 32, 3, 3, requires_grad=True); bias = torch.randn(64, requires_grad=True)
def conv():
    y = torch.nn.functional.conv2d(x, w, bias); y.backward(torch.ones_like(y))
conv(); conv()
ts = []
for _ in range(${quick ? 3 : 10}):
    s = time.perf_counter(); conv(); ts.append(time.perf_counter() - s)
ts.sort(); out['conv2 layer'] = ts[len(ts) // 2]
print(json.dumps(out))
`;
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  try { return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] })); }
  catch { return null; }
}

if (!gemmContext()) { console.error('gemm.wasm could not be instantiated here (WebAssembly SIMD and shared memory are needed)'); process.exit(1); }
const peak = args.includes('--no-peak') ? null : simdPeak().relaxed_madd;
log(`GEMM GFLOP/s (median), float32, operands ${jsHeap ? 'on the JS heap (copied in and out)' : 'in wasm memory (as tensor storage)'}; ` +
  `128-bit SIMD peak ${peak ?? '?'} GFLOP/s per thread (bench/simd_peak.mjs)`);
const results = [];
const pct = (g, threads) => (peak ? ` ${(100 * g / (peak * threads)).toFixed(0).padStart(3)}% of peak` : '');
for (const threads of threadList) {
  if (!(await useThreads(threads))) { log(`(${threads} threads: no worker pool available; skipped)`); continue; }
  const torchT = torchTimes(threads);
  log(`threads=${threads}${torchT ? `; PyTorch 1.13 + its BLAS, ${threads} thread(s), same shapes` : ''}`);
  for (const [label, M, N, K, tA, tB] of shapes) {
    if (quick && M * N * K > 300e6) continue;
    const a = rand(M * K), b = rand(K * N), c = rand(M * N);
    const flops = 2 * M * N * K;
    const fast = flops / time(() => gemmFast(a, b, c, M, K, N, tA, tB)) / 1e9;
    const ref = threads === 1 && flops < 1e9 ? flops / time(() => gemmRef(a, b, c, M, K, N, tA, tB), 0.3) / 1e9 : null;
    const pt = torchT && torchT[label] ? flops / torchT[label] / 1e9 : null;
    results.push({ bench: 'gemm', shape: label, M, N, K, threads, operands: jsHeap ? 'js-heap' : 'wasm', gflops: +fast.toFixed(2),
      simd_peak_gflops: peak, pct_of_peak: peak && +(100 * fast / (peak * threads)).toFixed(1), ref_gflops: ref && +ref.toFixed(2), torch_gflops: pt && +pt.toFixed(2) });
    log(`  ${label.padEnd(40)} wasm ${fast.toFixed(1).padStart(6)}${pct(fast, threads)}` +
      (ref ? `   reference JS ${ref.toFixed(1).padStart(5)}` : '') + (pt ? `   PyTorch ${pt.toFixed(1).padStart(6)}  (ratio ${(fast / pt).toFixed(2)})` : ''));
    if (tA || tB) {
      // the same product through torch.mm of transposed views, as a user writes it
      const ta = torch.tensor(a).reshape(tA ? [K, M] : [M, K]), tb = torch.tensor(b).reshape(tB ? [N, K] : [K, N]);
      const va = tA ? ta.t() : ta, vb = tB ? tb.t() : tb;
      const mm = flops / time(() => torch.mm(va, vb)) / 1e9;
      results.push({ bench: 'torch.mm', shape: label, M, N, K, threads, gflops: +mm.toFixed(2), pct_of_peak: peak && +(100 * mm / (peak * threads)).toFixed(1), torch_gflops: pt && +pt.toFixed(2) });
      log(`  ${('  torch.mm(' + (tA ? 'x.t()' : 'x') + ', ' + (tB ? 'W.t()' : 'W') + ')').padEnd(40)} wasm ${mm.toFixed(1).padStart(6)}${pct(mm, threads)}` +
        (pt ? `   PyTorch ${pt.toFixed(1).padStart(6)}  (ratio ${(mm / pt).toFixed(2)})` : ''));
    }
  }
  // the Net's conv2 layer, forward + both gradients, batch 64: GFLOP/s counts the direct convolution's
  // 3 x 1.36 GFLOP (Winograd does fewer multiplies, so this is an effective rate)
  const g = { N: 64, C: 32, H: 26, W: 26, O: 64, KH: 3, KW: 3, sH: 1, sW: 1, pH: 0, pW: 0, dH: 1, dW: 1, groups: 1, OH: 24, OW: 24 };
  const x = rand(64 * 32 * 26 * 26), w = rand(64 * 32 * 9), bias = rand(64), out = new Float32Array(64 * 64 * 576);
  const gx = new Float32Array(x.length), gw = new Float32Array(w.length), gb = new Float32Array(64);
  const flops = 3 * 2 * 64 * 64 * 576 * 288;
  const t = time(() => {
    conv2dForwardFast(x, w, bias, out, g);
    conv2dBackwardInputFast(out, w, gx, g);
    conv2dBackwardWeightFast(x, out, gw, gb, g);
  });
  const pt = torchT && torchT['conv2 layer'];
  results.push({ bench: 'conv2d', shape: 'conv2 fwd+bwd 64x32x26x26 -> 64x64x24x24', threads, ms: +(t * 1e3).toFixed(2), gflops: +(flops / t / 1e9).toFixed(2), torch_ms: pt ? +(pt * 1e3).toFixed(2) : null });
  log(`  ${'conv2 layer fwd+bwd, batch 64 (eff.)'.padEnd(40)} threads=${threads}  wasm ${(flops / t / 1e9).toFixed(1).padStart(6)}  (${(t * 1e3).toFixed(1)} ms)` +
    (pt ? `   PyTorch ${(flops / pt / 1e9).toFixed(1).padStart(6)} (${(pt * 1e3).toFixed(1)} ms, ratio ${(pt / t).toFixed(2)})` : ''));
}
setParallelRunner(null);
for (const r of results) if (jsonOnly) console.log(JSON.stringify(r));
process.exit(0);
