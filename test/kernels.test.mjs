// Fast loss kernels (WebAssembly SIMD, shared memory, worker threads) against their reference
// kernels on the same random inputs, thread-count invariance, JS-heap staging, the cascade sum's
// bit-exactness, the storage allocator, and exp/log accuracy over dense samples of float32.
import '../dist/node/features.js'; // as the Node entry: relaxed-SIMD builds where available (kernels_plain.test.mjs: without)
import '../dist/node/compiled.js';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as rt from '../dist/kernels/wasm_runtime.js';
import * as pool from '../dist/node/pool.js';
import * as fs from '../dist/kernels/fast_softmax.js';
import * as sm from '../dist/kernels/softmax.js';
import * as fn from '../dist/kernels/fast_nll.js';
import * as nl from '../dist/kernels/nll.js';
import * as fc from '../dist/kernels/fast_cross_entropy.js';
import * as ce from '../dist/kernels/cross_entropy.js';
import { expf } from '../dist/kernels/exp.js';
import { sumAll } from '../dist/kernels/fill.js';
import { float32, float64 } from '../dist/tensor/dtype.js';

after(() => pool.stopWorkers());

function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6D2B79F5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
/** n float32 logits in wasm memory (through the installed allocator) or on the JS heap. */
function logits(n, seed, { heap = false, scale = 4, specials = false } = {}) {
  const r = rng(seed), a = heap ? new Float32Array(n) : float32.alloc(n);
  for (let i = 0; i < n; i++) a[i] = (r() * 2 - 1) * scale;
  if (specials && n > 64) {
    a[3] = NaN; a[Math.floor(n / 2)] = -Infinity; a[n - 5] = -300; a[n - 9] = 1e30; a[n - 17] = -95;
  }
  return a;
}
function targets(M, C, seed, ignore = -100, frac = 0.1) {
  const r = rng(seed), t = float64.alloc(M);
  for (let i = 0; i < M; i++) t[i] = r() < frac ? ignore : Math.floor(r() * C);
  return t;
}
/** Same NaN / infinity positions, else |a - b| <= atol + rtol·|b|. */
function close(a, b, what, rtol = 2e-5, atol = 1e-6) {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(y) || !Number.isFinite(y)) { assert.ok(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)), `${what}[${i}]: ${x} vs ${y}`); continue; }
    assert.ok(Math.abs(x - y) <= atol + rtol * Math.abs(y), `${what}[${i}]: ${x} vs ${y}`);
  }
}
function same(a, b, what) {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}]: ${a[i]} vs ${b[i]}`);
}
/** Runs fn once per thread count (1, then 2) and returns the results. */
function perThreads(f) {
  pool.stopWorkers();
  const one = f();
  pool.startWorkers(2);
  const two = f();
  return [one, two];
}

const SHAPES = [[64, 1000, 1], [3, 21, 4096], [2, 5, 1000], [1000, 10, 1], [700, 3, 1], [300, 4, 1], [200, 5, 1], [50, 17, 1], [8, 21, 1000], [3, 7, 33], [2, 300, 257], [1, 6, 70000], [40000, 10, 1], [2, 2000, 40], [4, 32, 1], [4, 18, 1], [16, 4, 1], [8, 127, 1], [3, 5, 7]];

test('wasm runtime is available here, storage lands in shared memory', () => {
  assert.ok(rt.available());
  const big = float32.alloc(1 << 16), small = float32.alloc(10);
  assert.ok(rt.addressOf(big) >= 0);
  assert.equal(rt.addressOf(small), -1);
  assert.ok(big.every((v) => v === 0));
});

test('job batches over the pool: every job runs once with its arguments; a job that traps fails the batch, and the next batch runs', () => {
  pool.startWorkers(2);
  const n = 64, p = rt.malloc(n * 256), f = rt.heapF32();
  f.fill(7, p >> 2, (p >> 2) + n * 64);
  // zero(p, bytes): job k clears bytes [k·256, k·256 + 4k + 4) of its block (a different count
  // per job, so every job's arguments must arrive as written)
  rt.runJobs('losses', 'zero', Array.from({ length: n }, (_, k) => [p + k * 256, 4 * k + 4]));
  const h = rt.heapF32();
  for (let k = 0; k < n; k++) for (let i = 0; i < 64; i++) assert.equal(h[(p >> 2) + k * 64 + i], i <= k ? 0 : 7, `job ${k}, float ${i}`);
  // an address past the memory's end traps in whichever thread claims that job
  const end = rt.wasmMemory().buffer.byteLength;
  const jobs = Array.from({ length: n }, (_, k) => (k === 37 ? [end - 16, 4096] : [p + k * 256, 4]));
  assert.throws(() => rt.runJobs('losses', 'zero', jobs), /wasm: job losses\.zero failed/);
  rt.heapF32().fill(7, p >> 2, (p >> 2) + n * 64);
  rt.runJobs('losses', 'zero', Array.from({ length: n }, (_, k) => [p + k * 256, 256]));
  assert.ok(rt.heapF32().subarray(p >> 2, (p >> 2) + n * 64).every((v) => v === 0));
  rt.freeBlock(p);
});

test('allocator: blocks are reused after release and come back zeroed', () => {
  const a = float32.alloc(1 << 18);
  const p = rt.addressOf(a);
  a.fill(7);
  rt.releaseStorage(a);
  const b = float32.alloc(1 << 18);
  assert.equal(rt.addressOf(b), p);
  assert.ok(b.every((v) => v === 0));
  const c = float64.alloc(1 << 17);
  assert.ok(rt.addressOf(c) >= 0 && c instanceof Float64Array);
  rt.releaseStorage(b); rt.releaseStorage(c);
});

test('allocator: live storages never overlap and keep their contents through reuse, zero-fills and growth (with workers)', () => {
  pool.startWorkers(2);
  const r = rng(77), live = [];
  for (let step = 0; step < 300; step++) {
    if (live.length && r() < 0.45) {
      const [a] = live.splice(Math.floor(r() * live.length), 1);
      rt.releaseStorage(a.arr);
      continue;
    }
    const n = Math.floor(2 ** (14 + r() * 9)); // 64 KiB .. 32 MiB of float32
    const arr = float32.alloc(n);
    assert.ok(arr.every((v) => v === 0), 'zeroed');
    const tag = step + 1;
    arr[0] = tag; arr[n - 1] = tag; arr[n >> 1] = tag;
    live.push({ arr, tag });
    for (const o of live) assert.ok(o.arr[0] === o.tag && o.arr[o.arr.length - 1] === o.tag && o.arr[o.arr.length >> 1] === o.tag, `storage ${o.tag} intact`);
  }
  const spans = live.filter((o) => rt.addressOf(o.arr) >= 0).map((o) => [rt.addressOf(o.arr), rt.addressOf(o.arr) + o.arr.byteLength]).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i][0] >= spans[i - 1][1], 'no overlap');
  for (const o of live) rt.releaseStorage(o.arr);
});

test('allocator: a view derived from a storage keeps its block alive; dropping both frees it', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const settle = async () => { for (let i = 0; i < 3; i++) { gc(); await new Promise((res) => setTimeout(res, 10)); } };
  const make = () => { const a = float32.alloc(1 << 16); a[0] = 1234; return { p: rt.addressOf(a), derived: new Int32Array(a.buffer, a.byteOffset, 16) }; };
  let { p, derived } = make();
  await settle();
  // the storage's own typed array is gone; the derived view still holds the block
  const others = [];
  for (let i = 0; i < 20; i++) others.push(float32.alloc(1 << 16));
  for (const k of others) assert.notEqual(rt.addressOf(k), p);
  assert.equal(new Float32Array(derived.buffer, derived.byteOffset, 1)[0], 1234);
  derived = null;
  await settle();
  const again = [];
  for (let i = 0; i < 40; i++) again.push(float32.alloc(1 << 16));
  assert.ok(again.some((k) => rt.addressOf(k) === p), 'the block is reused once nothing refers to it');
});

for (const log of [true, false]) {
  const name = log ? 'log_softmax' : 'softmax';
  const F = log ? fs.logSoftmaxFast : fs.softmaxFast, R = log ? sm.logSoftmaxRef : sm.softmaxRef;
  const FB = log ? fs.logSoftmaxBackwardFast : fs.softmaxBackwardFast, RB = log ? sm.logSoftmaxBackwardRef : sm.softmaxBackwardRef;
  test(`${name} forward/backward: fast == reference, any thread count`, () => {
    for (const [outer, C, inner] of SHAPES) {
      const n = outer * C * inner, tag = `${name} ${outer}x${C}x${inner}`;
      const x = logits(n, n + C, { specials: true }), g = logits(n, 2 * n + 1, { scale: 1 });
      const want = new Float32Array(n), wantG = new Float32Array(n);
      R(x, want, outer, C, inner, true);
      RB(g, want, wantG, outer, C, inner);
      const [one, two] = perThreads(() => {
        const out = float32.alloc(n), gi = float32.alloc(n);
        F(x, out, outer, C, inner, true);
        FB(g, out, gi, outer, C, inner);
        return [out, gi];
      });
      close(one[0], want, `${tag} forward`);
      // backward: gO - p·Σg cancels; compare against the scale of the terms
      const scale = wantG.slice(0, 4096).reduce((m, v) => (Math.abs(v) > m ? Math.abs(v) : m), 1);
      close(one[1], wantG, `${tag} backward`, 1e-4, 1e-5 * scale * Math.sqrt(C));
      same(two[0], one[0], `${tag} forward, 2 threads`);
      same(two[1], one[1], `${tag} backward, 2 threads`);
    }
  });
  test(`${name}: JS-heap operands are staged and give the same bits`, () => {
    for (const [outer, C, inner] of [[3000, 1000, 1], [2, 21, 50000], [5000, 10, 1]]) {
      const n = outer * C * inner;
      const x = logits(n, 7, { specials: true }), xh = new Float32Array(x);
      const a = float32.alloc(n), b = new Float32Array(n);
      F(x, a, outer, C, inner, true);
      F(xh, b, outer, C, inner, true);
      same(b, a, `${name} staged ${outer}x${C}x${inner}`);
      const g = logits(n, 9, { scale: 1 }), gh = new Float32Array(g), gi = float32.alloc(n), gih = new Float32Array(n);
      FB(g, a, gi, outer, C, inner);
      FB(gh, b, gih, outer, C, inner);
      same(gih, gi, `${name} backward staged`);
    }
  });
}

test('strided log_softmax: runs streamed through scratch give the block kernels\' bits (NaN, inf and huge logits included)', () => {
  const ex = rt.exportsOf('losses');
  for (const [outer, C, inner] of [[3, 21, 4096], [2, 300, 257], [8, 21, 1000], [40, 2, 700], [1, 1022, 64], [20, 7, 530]]) {
    const n = outer * C * inner, tag = `${outer}x${C}x${inner}`;
    const x = logits(n, n + 11, { specials: true, scale: 30 });
    const px = rt.addressOf(x), a = float32.alloc(n), b = float32.alloc(n), scr = rt.malloc(16384);
    try {
      ex.lsm_fwd(px, rt.addressOf(a), C, inner, outer, 0, inner, 1, 0, 0, scr);
      ex.lsm_fwd(px, rt.addressOf(b), C, inner, outer, 0, inner, 1, 0, 0, 0);
    } finally {
      rt.freeBlock(scr);
    }
    same(a, b, `${tag} streamed vs blocks`);
  }
});

test('log_softmax over rows keeping its exps for the backward: same output, exps and log-sums right, backward == reference, uniform == written-out, any thread count', () => {
  for (const [outer, C, inner] of [[300, 100, 1], [64, 1000, 1], [2, 3000, 1], [700, 3, 1], [5000, 7, 1], [40000, 64, 1]]) {
    const n = outer * C * inner, M = outer * inner, tag = `${outer}x${C}x${inner}`;
    const x = logits(n, n + 5, { specials: true, scale: 20 });
    const plain = float32.alloc(n);
    fs.logSoftmaxFast(x, plain, outer, C, inner, true);
    const run = () => {
      const out = float32.alloc(n), kept = { e: float32.alloc(n), ls: float32.alloc(M) };
      assert.equal(fs.logSoftmaxFast(x, out, outer, C, inner, true, kept), true);
      return { out, kept };
    };
    const [one, two] = perThreads(run);
    same(one.out, plain, `${tag} out (keeping changes nothing)`);
    same(two.out, one.out, `${tag} out, 2 threads`);
    same(two.kept.e, one.kept.e, `${tag} e, 2 threads`); same(two.kept.ls, one.kept.ls, `${tag} ls, 2 threads`);
    const { out, kept } = one;
    let keptPositions = 0;
    for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
      const l = kept.ls[o * inner + j];
      if (Number.isNaN(l)) continue;
      keptPositions++;
      for (let c = 0; c < C; c++) {
        const i = (o * C + c) * inner + j;
        const want = Math.exp(out[i] + l); // e = exp(x - max) = exp(out + ls)
        assert.ok(Math.abs(kept.e[i] - want) <= 2e-6 * want + 1e-30, `${tag} e[${i}] ${kept.e[i]} vs ${want}`);
      }
    }
    // only positions near the planted NaN / inf / 1e30 logits go without (a streamed run of 64 at most each)
    // rows of C < 4 keep nothing; else only rows holding the planted NaN / inf logits go without
    if (C < 4) assert.equal(keptPositions, 0, `${tag}: rows of C < 4 keep nothing`);
    else assert.ok(keptPositions > 0 && keptPositions >= M - 3, `${tag}: ${keptPositions} of ${M} rows kept`);
    const g = logits(n, n + 9, { scale: 1 });
    const want = new Float32Array(n);
    sm.logSoftmaxBackwardRef(g, out, want, outer, C, inner);
    const [gi1, gi2] = perThreads(() => { const gi = float32.alloc(n); fs.logSoftmaxBackwardKeptFast(g, 0, out, kept, gi, outer, C, inner); return gi; });
    same(gi2, gi1, `${tag} backward, 2 threads`);
    close(gi1, want, `${tag} backward vs exp(out) reference`, 2e-5, 2e-6);
    const ref = new Float32Array(n);
    sm.logSoftmaxBackwardKeptRef(g, 0, out, kept.e, kept.ls, ref, outer, C, inner);
    close(gi1, ref, `${tag} backward vs kept reference`, 2e-5, 2e-6);
    // a uniform gradient gives the bits of its written-out form
    const v = Math.fround(1 / 3), gu = float32.alloc(n), gw = float32.alloc(n), full = float32.alloc(n).fill(v);
    fs.logSoftmaxBackwardKeptFast(null, v, out, kept, gu, outer, C, inner);
    fs.logSoftmaxBackwardKeptFast(full, 0, out, kept, gw, outer, C, inner);
    same(gu, gw, `${tag} uniform`);
  }
});

test('softmax family: float64 and tiny inputs take the reference kernels unchanged', () => {
  const x = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3);
  const a = new Float64Array(50), b = new Float64Array(50);
  fs.logSoftmaxFast(x, a, 5, 10, 1, false); sm.logSoftmaxRef(x, b, 5, 10, 1, false);
  same(a, b, 'float64');
  const y = Float32Array.from(x), c = new Float32Array(50), d = new Float32Array(50);
  fs.softmaxFast(y, c, 5, 10, 1, true); sm.softmaxRef(y, d, 5, 10, 1, true);
  same(c, d, 'tiny float32');
});

test('cross_entropy forward/backward: fast == reference, any thread count, every special case', () => {
  for (const [N, C, S] of SHAPES) {
    const n = N * C * S, M = N * S, tag = `ce ${N}x${C}x${S}`;
    const x = logits(n, n + 3, { specials: true }), t = targets(M, C, M + 1, -100);
    if (M > 8) { t[1] = 0; t[2] = C - 1; }
    const want = [new Float32Array(M), new Float32Array(M), new Float32Array(M)];
    ce.ceForward(x, t, N, C, S, -100, true, ...want);
    const coef = float32.alloc(M), r = rng(5);
    for (let b = 0; b < M; b++) coef[b] = t[b] === -100 ? 0 : (r() < 0.05 ? 0 : (r() - 0.3) / M);
    const wantG = new Float32Array(n);
    ce.ceBackward(x, t, N, C, S, -100, want[1], want[2], coef, wantG);
    const [one, two] = perThreads(() => {
      const got = [float32.alloc(M), float32.alloc(M), float32.alloc(M)], grad = float32.alloc(n);
      fc.ceForwardFast(x, t, N, C, S, -100, true, ...got);
      fc.ceBackwardFast(x, t, N, C, S, -100, got[1], got[2], coef, grad);
      return [...got, grad];
    });
    close(one[0], want[0], `${tag} picked`);
    same(one[1], want[1], `${tag} rowMax`);
    close(one[2], want[2], `${tag} rowLogSum`);
    close(one[3], wantG, `${tag} grad`, 1e-4, 1e-9);
    for (let k = 0; k < 4; k++) same(two[k], one[k], `${tag} output ${k}, 2 threads`);
  }
});

test('cross_entropy: staged logits (JS heap) give the same bits; allocation stays per-position', () => {
  const N = 3000, C = 1000, n = N * C;
  const x = logits(n, 11), xh = new Float32Array(x), t = targets(N, C, 3);
  const a = [float32.alloc(N), float32.alloc(N), float32.alloc(N)], b = [new Float32Array(N), new Float32Array(N), new Float32Array(N)];
  fc.ceForwardFast(x, t, N, C, 1, -100, true, ...a);
  const live = rt.wasmLiveBytes();
  fc.ceForwardFast(xh, t, N, C, 1, -100, true, ...b);
  assert.equal(rt.wasmLiveBytes(), live, 'scratch given back');
  for (let k = 0; k < 3; k++) same(b[k], a[k], `staged forward ${k}`);
  const coef = float32.alloc(N).fill(1 / N), g1 = float32.alloc(n), g2 = new Float32Array(n);
  fc.ceBackwardFast(x, t, N, C, 1, -100, a[1], a[2], coef, g1);
  fc.ceBackwardFast(xh, t, N, C, 1, -100, a[1], a[2], coef, g2);
  same(g2, g1, 'staged backward');
});

test('cross_entropy with the saved exp (forward keeps exp(x - max) in the gradient): fast == reference, in place, staged, any thread count', () => {
  for (const [N, C, S] of SHAPES) {
    const n = N * C * S, M = N * S, tag = `ce saved ${N}x${C}x${S}`;
    const x = logits(n, n + 5, { specials: true }), t = targets(M, C, M + 2, -100);
    const r = rng(9), coef = float32.alloc(M);
    for (let b = 0; b < M; b++) coef[b] = t[b] === -100 ? 0 : (r() < 0.05 ? 0 : (r() - 0.3) / M);
    const want = [new Float32Array(M), new Float32Array(M), new Float32Array(M)], wantE = new Float32Array(n), wantG = new Float32Array(n);
    fc.ceForwardSaveRef(x, t, N, C, S, -100, true, ...want, wantE);
    fc.ceBackwardSavedRef(x, wantE, t, N, C, S, -100, want[1], want[2], coef, wantG);
    // the saved path's gradient agrees with ceBackward's recomputation
    const recomputed = new Float32Array(n);
    ce.ceBackward(x, t, N, C, S, -100, want[1], want[2], coef, recomputed);
    close(wantG, recomputed, `${tag} saved vs recomputed (reference)`, 1e-5, 1e-9);
    const [one, two] = perThreads(() => {
      const got = [float32.alloc(M), float32.alloc(M), float32.alloc(M)], e = float32.alloc(n);
      fc.ceForwardSaveFast(x, t, N, C, S, -100, true, ...got, e);
      fc.ceBackwardSavedFast(x, e, t, N, C, S, -100, got[1], got[2], coef, e); // in place
      return [...got, e];
    });
    close(one[0], want[0], `${tag} picked`);
    same(one[1], want[1], `${tag} rowMax`);
    close(one[3], wantG, `${tag} grad`, 1e-4, 1e-9);
    for (let k = 0; k < 4; k++) same(two[k], one[k], `${tag} output ${k}, 2 threads`);
    if (n >= 100000) {
      // JS-heap operands (staged): same bits
      const xh = new Float32Array(x), got = [new Float32Array(M), new Float32Array(M), new Float32Array(M)], e = new Float32Array(n);
      fc.ceForwardSaveFast(xh, t, N, C, S, -100, true, ...got, e);
      fc.ceBackwardSavedFast(xh, e, t, N, C, S, -100, got[1], got[2], coef, e);
      same(e, one[3], `${tag} staged grad`);
    }
  }
});

test('nll_loss backward into an unzeroed gradient (one pass): fast == reference, any thread count', () => {
  for (const [N, C, S] of [[100000, 10, 1], [50, 7, 999], [3000, 1000, 1], [8, 21, 4096]]) {
    const M = N * S, t = targets(M, C, 5);
    for (const w of [null, Float32Array.from({ length: C }, (_, i) => 1 + i / 3)]) {
      const go = logits(M, 4);
      for (const [scalar, gout] of [[-0.125, null], [null, go]]) {
        const ref = new Float32Array(N * C * S).fill(NaN);
        fn.nllBackwardFilledRef(t, w, C, S, -100, scalar, gout, ref, true);
        const [one, two] = perThreads(() => {
          const gi = float32.alloc(N * C * S).fill(7); // garbage to overwrite
          fn.nllBackwardFilledFast(t, w, C, S, -100, scalar, gout, gi, true);
          return gi;
        });
        same(one, ref, `nll backward filled ${N}x${C}x${S}`);
        same(two, ref, `nll backward filled ${N}x${C}x${S}, 2 threads`);
      }
    }
  }
});

test('findBadTarget: fast == reference', () => {
  for (const M of [5, 4096, 100003]) {
    const t = targets(M, 10, M, -100);
    assert.equal(fn.findBadTargetFast(t, 10, -100), nl.findBadTarget(t, 10, -100));
    for (const [at, v] of [[M - 1, 10], [Math.floor(M / 2), -1], [3, 1e9], [M - 2, -101]]) {
      const u = new Float64Array(t); u[at] = v; u[M - 1] = M > 10 ? -5 : u[M - 1];
      const tu = float64.alloc(M); tu.set(u);
      assert.equal(fn.findBadTargetFast(tu, 10, -100), nl.findBadTarget(u, 10, -100), `M=${M} bad at ${at}`);
    }
  }
});

test('full sum of a float32 storage: float64 accumulation, same bits at any thread count, fixed chunk order', () => {
  for (const n of [5, 1000, 65536, 65537, 300001, 4096000]) {
    const x = logits(n, n, { scale: 50 });
    let exact = 0;
    for (let i = 0; i < n; i++) exact += x[i];
    const [one, two] = perThreads(() => sumAll(x));
    assert.ok(Object.is(one, two), `n=${n}: ${one} vs ${two}`);
    assert.ok(Math.abs(one - exact) <= 1e-9 * n, `n=${n}: ${one} vs ${exact}`);
  }
});

test('cascade sums (nll_loss / cross_entropy reduce) are bit-identical to the reference, any thread count', () => {
  for (const M of [1, 15, 16, 17, 255, 4096, 4097, 65537, 300001, 1048576]) {
    for (const weighted of [false, true]) {
      const C = 10, S = M % 3 === 0 ? 3 : 1, N = Math.ceil(M / S);
      const x = logits(N * C * S, M, { scale: 30 }), t = targets(N * S, C, M + 7, 3, 0.2);
      const w = weighted ? Float32Array.from({ length: C }, (_, i) => 0.25 + i * 0.37) : null;
      const want = nl.nllForwardReduced(x, t, w, C, S, 3, true);
      const [one, two] = perThreads(() => fn.nllForwardReducedFast(x, t, w, C, S, 3, true));
      assert.deepEqual(one, want, `nll M=${M} weighted=${weighted}`);
      assert.deepEqual(two, want, `nll M=${M} weighted=${weighted}, 2 threads`);
      const picked = logits(N * S, M + 1, { scale: 9 });
      const wp = ce.ceReducePicked(picked, t, w, 3, true);
      assert.deepEqual(fc.ceReducePickedFast(picked, t, w, 3, true), wp, `ce reduce M=${M}`);
    }
  }
});

test('cascade sums in parallel segments (no ignored target at a multiple of 16^4): bit-identical, any thread count', () => {
  for (const M of [262145, 1048576, 2 * 1048576 + 7]) {
    for (const weighted of [false, true]) {
      const C = 10, x = logits(M * C, M + 3, { scale: 30 }), t = targets(M, C, M + 11, 3, 0.2);
      for (let e = 0; e < M; e += 1 << 16) if (t[e] === 3) t[e] = 4;
      t[1] = 3; t[(1 << 16) + 1] = 3; t[M - 1] = 3; // ignored right after a boundary and at the end
      const w = weighted ? Float32Array.from({ length: C }, (_, i) => 0.25 + i * 0.37) : null;
      const want = nl.nllForwardReduced(x, t, w, C, 1, 3, true);
      const [one, two] = perThreads(() => fn.nllForwardReducedFast(x, t, w, C, 1, 3, true));
      assert.deepEqual(one, want, `nll M=${M} weighted=${weighted}`);
      assert.deepEqual(two, want, `nll M=${M} weighted=${weighted}, 2 threads`);
      const picked = logits(M, M + 1, { scale: 9 });
      const [p1, p2] = perThreads(() => fc.ceReducePickedFast(picked, t, w, 3, true));
      const wp = ce.ceReducePicked(picked, t, w, 3, true);
      assert.deepEqual(p1, wp, `ce reduce M=${M}`);
      assert.deepEqual(p2, wp, `ce reduce M=${M}, 2 threads`);
    }
  }
});

test('nll_loss none / backward: fast == reference (bit for bit), only target entries written', () => {
  for (const [N, C, S] of [[100000, 10, 1], [50, 7, 999], [3000, 1000, 1]]) {
    const M = N * S, x = logits(N * C * S, M), t = targets(M, C, 5);
    for (const w of [null, Float32Array.from({ length: C }, (_, i) => 1 + i / 3)]) {
      const a = float32.alloc(M), b = new Float32Array(M);
      fn.nllForwardNoneFast(x, t, w, C, S, -100, a);
      nl.nllForwardNone(x, t, w, C, S, -100, b);
      same(a, b, 'nll none');
      const go = logits(M, 4);
      for (const [scalar, gout] of [[-0.125, null], [null, go]]) {
        const [one, two] = perThreads(() => { const gi = float32.alloc(N * C * S); fn.nllBackwardFast(t, w, C, S, -100, scalar, gout, gi, true); return gi; });
        const ref = new Float32Array(N * C * S);
        nl.nllBackward(t, w, C, S, -100, scalar, gout, ref, true);
        same(one, ref, 'nll backward');
        same(two, ref, 'nll backward, 2 threads');
      }
    }
  }
});

// ---- exp / log accuracy ----

function ulpDiff(a, b) {
  const f = new Float32Array([a, b]), i = new Int32Array(f.buffer);
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (Math.sign(a) !== Math.sign(b) && a !== 0 && b !== 0) return Infinity;
  return Math.abs(i[0] - i[1]);
}
/** Every `stride`-th float32 bit pattern, plus the edges of exp's range. */
function denseSample(stride) {
  const out = [];
  const u = new Uint32Array(1), f = new Float32Array(u.buffer);
  for (let b = 0; b < 2 ** 32; b += stride) { u[0] = b; out.push(f[0]); }
  for (const e of [0, -0, Infinity, -Infinity, NaN, 88.72283935546875, 88.7228, 88.73, 89, -87, -87.3365, -103.97, -103.972, -104, -150, 1e-45, -1e-45, 1e-30, -1e-30]) {
    f[0] = e; const base = new Int32Array(u.buffer)[0];
    for (let d = -64; d <= 64; d++) { new Int32Array(u.buffer)[0] = base + d; out.push(f[0]); }
  }
  return Float32Array.from(out);
}

test('exp: wasm SIMD and JS expf within 1 ulp of the correctly rounded value over a dense float32 sample, bit-identical to each other in the plain build', () => {
  const xs = denseSample(1021);
  const n = xs.length, src = rt.malloc(n * 4), dst = rt.malloc(n * 4), dst2 = rt.malloc(n * 4);
  try {
    rt.heapF32().set(xs, src >>> 2);
    rt.exportsOf('losses').exp_full(src, dst, n);
    rt.exportsOf('losses').exp_neg(src, dst2, n);
    const h = rt.heapF32(), o = dst >>> 2, o2 = dst2 >>> 2;
    let worst = 0, worstNeg = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i], want = Math.fround(Math.exp(x));
      const d = ulpDiff(h[o + i], want);
      if (d > worst) worst = d;
      assert.ok(d <= 2, `exp(${x}) = ${h[o + i]}, want ${want}`);
      // the relaxed build fuses multiply-adds, which JS cannot: there both are only within 1 ulp
      if (i % 7 === 0 && !rt.relaxedSimd()) assert.ok(Object.is(expf(x), h[o + i]) || (Number.isNaN(x) && Number.isNaN(expf(x))), `expf(${x}) = ${expf(x)} vs wasm ${h[o + i]}`);
      if (x <= 0 || Number.isNaN(x)) {
        if (x <= 0) { const dn = ulpDiff(h[o2 + i], want); if (dn > worstNeg) worstNeg = dn; assert.ok(dn <= 2, `exp_neg(${x})`); }
      }
    }
    assert.ok(worst <= 1 && worstNeg <= 1, `worst ${worst} / ${worstNeg} ulp`);
  } finally {
    rt.freeBlock(src); rt.freeBlock(dst); rt.freeBlock(dst2);
  }
});

test('log (per-slice log-sum): within 1 ulp for positive normal float32, specials as Math.log', () => {
  const xs = denseSample(4093).filter((v) => !(v > 0 && v < 1.1754943508222875e-38));
  const n = xs.length, src = rt.malloc(n * 4), dst = rt.malloc(n * 4);
  try {
    rt.heapF32().set(xs, src >>> 2);
    rt.exportsOf('losses').log_full(src, dst, n);
    const h = rt.heapF32(), o = dst >>> 2;
    for (let i = 0; i < n; i++) {
      const want = Math.fround(Math.log(xs[i]));
      assert.ok(ulpDiff(h[o + i], want) <= 1, `log(${xs[i]}) = ${h[o + i]}, want ${want}`);
    }
  } finally {
    rt.freeBlock(src); rt.freeBlock(dst);
  }
});
