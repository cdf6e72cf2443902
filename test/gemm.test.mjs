// The fast kernels against their plain references on the same random inputs: the WebAssembly SIMD
// GEMM (every transpose/accumulate combination, edge tiles, several cache blocks, split across
// "threads"), the im2col conv kernels (every conv2d option), and max pooling against a naive loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemmRef } from '../dist/kernels/gemm.js';
import { gemmFast, gemmContext, setFastGemmThreshold, setParallelRunner } from '../dist/kernels/fast_gemm.js';
import {
  conv2dForwardRef, conv2dBackwardInputRef, conv2dBackwardWeightRef,
  conv2dForwardFast, conv2dBackwardInputFast, conv2dBackwardWeightFast, setWinograd,
} from '../dist/kernels/conv.js';
import { maxPool2dForwardRef, maxPool2dForwardFast, maxPool2dBackwardRef, maxPool2dBackwardFast } from '../dist/kernels/pool.js';

// a small deterministic PRNG, so failures reproduce
function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; };
}
function rand(n, r, Arr = Float32Array) { const a = new Arr(n); for (let i = 0; i < n; i++) a[i] = r(); return a; }

function assertClose(got, want, what, rel = 1e-5) {
  assert.equal(got.length, want.length, `${what}: length`);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= rel * (scale + 1))) assert.fail(`${what}[${i}]: ${got[i]} != ${want[i]}`);
}

const wasm = gemmContext();
test('the WebAssembly GEMM module loads here', () => { assert.ok(wasm, 'gemm.wasm did not instantiate (no SIMD / shared memory?)'); });

test('gemmFast == gemmRef: all transposes, accumulate, edge tiles', () => {
  setFastGemmThreshold(0);
  try {
    const r = rng(1);
    const shapes = [[1, 1, 1], [3, 5, 7], [4, 8, 16], [5, 9, 17], [13, 1, 31], [1, 37, 3], [17, 33, 9], [64, 10, 128], [9, 0, 5]];
    for (const [M, K, N] of shapes) for (const tA of [false, true]) for (const tB of [false, true]) for (const acc of [false, true]) {
      const a = rand(M * K, r), b = rand(K * N, r), c0 = rand(M * N, r);
      const want = c0.slice(), got = c0.slice();
      gemmRef(a, b, want, M, K, N, tA, tB, acc);
      gemmFast(a, b, got, M, K, N, tA, tB, acc);
      assertClose(got, want, `${M}x${K}x${N} tA=${tA} tB=${tB} acc=${acc}`);
    }
  } finally { setFastGemmThreshold(32 * 32 * 32); }
});

test('gemmFast == gemmRef across cache blocks (M > 128, K > 256, N > 2048)', () => {
  const r = rng(2);
  for (const [M, K, N, tA, tB] of [[150, 300, 40, false, false], [130, 520, 24, true, false], [6, 20, 2100, false, true], [70, 9216 / 16, 130, false, true],
    // A read in place (rows contiguous in k, M a multiple of 4, at most 256 columns): an edge column panel, several K blocks
    [64, 600, 37, false, false], [64, 9216 / 8, 128, false, true], [132, 257, 300, false, false]]) {
    const a = rand(M * K, r), b = rand(K * N, r);
    const want = new Float32Array(M * N), got = new Float32Array(M * N);
    gemmRef(a, b, want, M, K, N, tA, tB);
    gemmFast(a, b, got, M, K, N, tA, tB);
    assertClose(got, want, `${M}x${K}x${N}`, 1e-5);
  }
});

test('gemmFast leaves memory outside C untouched and works on subarray views', () => {
  const r = rng(3);
  const M = 40, K = 50, N = 60;
  const abuf = rand(M * K + 7, r), bbuf = rand(K * N + 3, r), cbuf = rand(M * N + 10, r);
  const a = abuf.subarray(7), b = bbuf.subarray(3), c = cbuf.subarray(5, 5 + M * N);
  const before = cbuf.slice();
  const want = new Float32Array(M * N);
  gemmRef(a, b, want, M, K, N);
  gemmFast(a, b, c, M, K, N);
  assertClose(c, want, 'view');
  for (const i of [0, 1, 2, 3, 4, cbuf.length - 5, cbuf.length - 1]) assert.equal(cbuf[i], before[i]);
});

test('gemmFast falls back to the reference for float64', () => {
  const r = rng(4);
  const a = rand(30 * 40, r, Float64Array), b = rand(40 * 50, r, Float64Array);
  const want = new Float64Array(30 * 50), got = new Float64Array(30 * 50);
  gemmRef(a, b, want, 30, 40, 50);
  gemmFast(a, b, got, 30, 40, 50);
  assert.deepEqual(got, want);
});

// A runner that runs jobs in a scrambled order on this thread: exercises the split logic
// (column blocks for GEMM, image ranges and partial weight gradients for conv).
function withFakeThreads(threads, fn) {
  const cx = gemmContext();
  setParallelRunner((name, jobs) => { for (const j of [...jobs].reverse()) cx.ex[name](...j); }, threads);
  try { fn(); } finally { setParallelRunner(null); }
}

test('gemmFast split across threads == gemmRef', () => {
  const r = rng(5);
  withFakeThreads(3, () => {
    for (const [M, K, N, tA, tB, acc] of [[64, 300, 250, false, true, false], [128, 64, 1000, true, false, true], [50, 200, 17, false, false, false]]) {
      const a = rand(M * K, r), b = rand(K * N, r), c0 = rand(M * N, r);
      const want = c0.slice(), got = c0.slice();
      gemmRef(a, b, want, M, K, N, tA, tB, acc);
      gemmFast(a, b, got, M, K, N, tA, tB, acc);
      assertClose(got, want, `threads ${M}x${K}x${N}`);
    }
  });
});

function geom(N, C, H, W, O, KH, KW, { s = [1, 1], p = [0, 0], d = [1, 1], groups = 1 } = {}) {
  const OH = Math.floor((H + 2 * p[0] - d[0] * (KH - 1) - 1) / s[0]) + 1;
  const OW = Math.floor((W + 2 * p[1] - d[1] * (KW - 1) - 1) / s[1]) + 1;
  return { N, C, H, W, O, KH, KW, sH: s[0], sW: s[1], pH: p[0], pW: p[1], dH: d[0], dW: d[1], groups, OH, OW };
}
const convCases = [
  ['mnist conv1', geom(3, 1, 12, 12, 8, 3, 3)],
  ['mnist conv2', geom(2, 8, 10, 10, 16, 3, 3)],
  ['1x1 (no im2col)', geom(2, 5, 6, 7, 4, 1, 1)],
  ['stride, padding', geom(2, 3, 9, 8, 4, 3, 3, { s: [2, 3], p: [1, 2] })],
  ['dilation', geom(1, 2, 11, 9, 3, 3, 2, { d: [2, 3] })],
  ['groups', geom(2, 4, 7, 7, 6, 3, 3, { groups: 2, p: [1, 1] })],
  ['depthwise', geom(2, 3, 6, 6, 3, 3, 3, { groups: 3 })],
  ['stride > kernel', geom(1, 2, 10, 10, 2, 2, 2, { s: [3, 3] })],
  ['everything', geom(3, 4, 9, 8, 6, 3, 2, { s: [2, 1], p: [1, 1], d: [2, 1], groups: 2 })],
];

function checkConv(name, g, r) {
  const nx = g.N * g.C * g.H * g.W, nw = g.O * (g.C / g.groups) * g.KH * g.KW, no = g.N * g.O * g.OH * g.OW;
  const x = rand(nx, r), w = rand(nw, r), b = rand(g.O, r), go = rand(no, r);
  const o1 = new Float32Array(no), o2 = new Float32Array(no);
  conv2dForwardRef(x, w, b, o1, g);
  conv2dForwardFast(x, w, b, o2, g);
  assertClose(o2, o1, `${name} forward`);
  const gx1 = new Float32Array(nx), gx2 = new Float32Array(nx).fill(7);
  conv2dBackwardInputRef(go, w, gx1, g);
  conv2dBackwardInputFast(go, w, gx2, g);
  assertClose(gx2, gx1, `${name} grad input`);
  const gw1 = new Float32Array(nw), gw2 = new Float32Array(nw).fill(7), gb1 = new Float32Array(g.O), gb2 = new Float32Array(g.O).fill(7);
  conv2dBackwardWeightRef(x, go, gw1, gb1, g);
  conv2dBackwardWeightFast(x, go, gw2, gb2, g);
  assertClose(gw2, gw1, `${name} grad weight`);
  assertClose(gb2, gb1, `${name} grad bias`);
}

test('conv2d fast (wasm im2col + GEMM) == reference: forward, input and weight gradients', () => {
  const r = rng(6);
  for (const [name, g] of convCases) checkConv(name, g, r);
});

test('conv2d fast split across threads == reference', () => {
  const r = rng(7);
  withFakeThreads(2, () => { for (const [name, g] of convCases) checkConv(`${name} (2 threads)`, g, r); });
  withFakeThreads(5, () => checkConv('more threads than images', geom(3, 2, 6, 6, 3, 3, 3), r));
});

test('conv2d reference == a direct 7-loop convolution (float64)', () => {
  const r = rng(8);
  for (const [name, g] of convCases) {
    const Cg = g.C / g.groups, Og = g.O / g.groups;
    const x = rand(g.N * g.C * g.H * g.W, r, Float64Array), w = rand(g.O * Cg * g.KH * g.KW, r, Float64Array), b = rand(g.O, r, Float64Array);
    const got = new Float64Array(g.N * g.O * g.OH * g.OW), want = new Float64Array(got.length);
    conv2dForwardRef(x, w, b, got, g);
    let o = 0;
    for (let n = 0; n < g.N; n++) for (let oc = 0; oc < g.O; oc++) for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++) {
      const grp = Math.floor(oc / Og);
      let s = b[oc];
      for (let c = 0; c < Cg; c++) for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
        const ih = oh * g.sH - g.pH + kh * g.dH, iw = ow * g.sW - g.pW + kw * g.dW;
        if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
        s += x[((n * g.C + grp * Cg + c) * g.H + ih) * g.W + iw] * w[((oc * Cg + c) * g.KH + kh) * g.KW + kw];
      }
      want[o++] = s;
    }
    assertClose(got, want, `${name} direct`, 1e-12);
  }
});

test('max pooling == a naive loop (values, indices, NaN and -inf rules) and its backward scatters', () => {
  const r = rng(9);
  const cases = [
    { planes: 3, H: 6, W: 6, KH: 2, KW: 2, sH: 2, sW: 2, pH: 0, pW: 0, dH: 1, dW: 1 },
    { planes: 2, H: 7, W: 5, KH: 3, KW: 2, sH: 2, sW: 1, pH: 1, pW: 1, dH: 1, dW: 2 },
    { planes: 1, H: 5, W: 5, KH: 2, KW: 2, sH: 2, sW: 2, pH: 0, pW: 0, dH: 1, dW: 1, ceil: true },
  ];
  for (const c of cases) {
    const o = (n, k, p, s, d) => Math.floor((n + 2 * p - d * (k - 1) - 1 + (c.ceil ? s - 1 : 0)) / s) + 1;
    const g = { ...c, OH: o(c.H, c.KH, c.pH, c.sH, c.dH), OW: o(c.W, c.KW, c.pW, c.sW, c.dW) };
    const x = rand(c.planes * c.H * c.W, r, Float64Array);
    x[0] = NaN; x[3] = NaN; x[7] = -Infinity; x[8] = -Infinity; x[c.W + 7] = -Infinity; x[c.W + 8] = -Infinity;
    const n = c.planes * g.OH * g.OW, out = new Float64Array(n), idx = new Int32Array(n);
    maxPool2dForwardRef(x, out, idx, g);
    let k = 0;
    for (let p = 0; p < c.planes; p++) for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++, k++) {
      let best = -1, m = -Infinity;
      for (let kh = 0; kh < c.KH; kh++) for (let kw = 0; kw < c.KW; kw++) {
        const ih = oh * c.sH - c.pH + kh * c.dH, iw = ow * c.sW - c.pW + kw * c.dW;
        if (ih < 0 || ih >= c.H || iw < 0 || iw >= c.W) continue;
        const v = x[p * c.H * c.W + ih * c.W + iw];
        if (best < 0) best = ih * c.W + iw;
        if (v > m || Number.isNaN(v)) { m = v; best = ih * c.W + iw; }
      }
      assert.ok(Object.is(out[k], m), `value ${k}: ${out[k]} != ${m}`);
      assert.equal(idx[k], best, `index ${k}`);
    }
    const go = rand(n, r, Float64Array), gx = new Float64Array(x.length).fill(3);
    maxPool2dBackwardRef(go, idx, gx, c.planes, c.H * c.W, g.OH * g.OW);
    const want = new Float64Array(x.length);
    for (let p = 0, j = 0; p < c.planes; p++) for (let q = 0; q < g.OH * g.OW; q++, j++) want[p * c.H * c.W + idx[j]] += go[j];
    assert.deepEqual(gx, want);
  }
});

test('max pooling 2x2 fast (wasm SIMD) == reference, NaN and -inf included', () => {
  const r = rng(10);
  for (const [planes, H, W, ceil] of [[3, 24, 24, false], [2, 7, 13, false], [1, 5, 5, true], [4, 2, 18, false], [2, 9, 2, false]]) {
    const OH = ceil ? Math.ceil(H / 2) : Math.floor(H / 2), OW = ceil ? Math.ceil(W / 2) : Math.floor(W / 2);
    const g = { planes, H, W, KH: 2, KW: 2, sH: 2, sW: 2, pH: 0, pW: 0, dH: 1, dW: 1, OH, OW };
    const x = rand(planes * H * W, r);
    for (let i = 0; i < x.length; i += 7) x[i] = NaN;
    for (let i = 3; i < x.length; i += 11) x[i] = -Infinity;
    for (let i = 5; i < x.length; i += 13) x[i] = x[i - 1];
    const n = planes * OH * OW;
    const o1 = new Float32Array(n), o2 = new Float32Array(n), i1 = new Int32Array(n), i2 = new Int32Array(n);
    maxPool2dForwardRef(x, o1, i1, g);
    maxPool2dForwardFast(x, o2, i2, g);
    for (let k = 0; k < n; k++) assert.ok(Object.is(o1[k], o2[k]), `value ${k}: ${o2[k]} != ${o1[k]}`);
    assert.deepEqual(i2, i1);
  }
});

test('max pooling 2x2 forward and backward split over threads (big inputs) == reference', () => {
  const r = rng(12);
  // above the kernels' 2^18-element split threshold: plane ranges as jobs, run in scrambled order
  const planes = 517, H = 24, W = 23, OH = 12, OW = 11;
  const g = { planes, H, W, KH: 2, KW: 2, sH: 2, sW: 2, pH: 0, pW: 0, dH: 1, dW: 1, OH, OW };
  const x = rand(planes * H * W, r);
  for (let i = 0; i < x.length; i += 17) x[i] = NaN;
  const n = planes * OH * OW;
  const o1 = new Float32Array(n), o2 = new Float32Array(n), i1 = new Int32Array(n), i2 = new Int32Array(n);
  maxPool2dForwardRef(x, o1, i1, g);
  withFakeThreads(3, () => maxPool2dForwardFast(x, o2, i2, g));
  for (let k = 0; k < n; k++) assert.ok(Object.is(o1[k], o2[k]), `value ${k}: ${o2[k]} != ${o1[k]}`);
  assert.deepEqual(i2, i1);
  const go = rand(n, r), gx1 = new Float32Array(x.length), gx2 = new Float32Array(x.length);
  maxPool2dBackwardRef(go, i1, gx1, planes, H * W, OH * OW);
  withFakeThreads(3, () => maxPool2dBackwardFast(go, i1, gx2, planes, H * W, OH * OW));
  assert.deepEqual(gx2, gx1);
});

test('conv2d weight/bias gradients and GEMM are bit-identical at every thread count', () => {
  const r = rng(11);
  const g = geom(13, 4, 9, 9, 6, 3, 3, { p: [1, 1] });
  const x = rand(g.N * g.C * g.H * g.W, r), go = rand(g.N * g.O * g.OH * g.OW, r), nw = g.O * g.C * 9;
  const a = rand(64 * 300, r), b = rand(300 * 130, r);
  const runAll = () => {
    const gw = new Float32Array(nw), gb = new Float32Array(g.O), c = new Float32Array(64 * 130);
    conv2dBackwardWeightFast(x, go, gw, gb, g);
    gemmFast(a, b, c, 64, 300, 130, false, true);
    return [gw, gb, c];
  };
  const one = runAll();
  for (const t of [2, 3, 4]) withFakeThreads(t, () => {
    const got = runAll();
    for (let k = 0; k < 3; k++) assert.deepEqual(got[k], one[k], `threads=${t} result ${k}`);
  });
});

// Winograd F(2x2, 3x3) is taken for 3x3 stride-1 convolutions with >= 8 channels in and out
const winoCases = [
  ['mnist conv2 (24x24 out)', geom(3, 32, 26, 26, 64, 3, 3)],
  ['odd output 7x9, padding 1', geom(2, 8, 7, 9, 8, 3, 3, { p: [1, 1] })],
  ['padding 2, tiles not a multiple of 4', geom(2, 9, 5, 11, 10, 3, 3, { p: [2, 2] })],
  ['padding (0, 1), 2x2 output', geom(1, 12, 4, 2, 8, 3, 3, { p: [0, 1] })],
  ['wide row: 19 tiles', geom(1, 8, 3, 40, 8, 3, 3)],
];

test('Winograd conv2d == reference: forward, input and weight gradients', () => {
  const r = rng(12);
  for (const [name, g] of winoCases) checkConv(`winograd ${name}`, g, r);
  // asymmetric padding ('same' with an even total): one more row/column of output than symmetric
  const g = { ...geom(2, 8, 6, 7, 8, 3, 3, { p: [1, 1] }) };
  checkConv('winograd asymmetric', { ...g, pH: 0, pW: 1, OH: g.OH - 1, OW: g.OW }, r);
});

test('Winograd and im2col paths agree; Winograd weight gradients are bit-identical at every thread count', () => {
  const r = rng(13);
  const g = geom(9, 16, 10, 10, 16, 3, 3, { p: [1, 1] });
  const x = rand(g.N * g.C * g.H * g.W, r), w = rand(g.O * g.C * 9, r), b = rand(g.O, r), go = rand(g.N * g.O * g.OH * g.OW, r);
  const all = () => {
    const o = new Float32Array(go.length), gx = new Float32Array(x.length), gw = new Float32Array(w.length), gb = new Float32Array(g.O);
    conv2dForwardFast(x, w, b, o, g);
    conv2dBackwardInputFast(go, w, gx, g);
    conv2dBackwardWeightFast(x, go, gw, gb, g);
    return [o, gx, gw, gb];
  };
  const wino = all();
  setWinograd(false);
  let direct;
  try { direct = all(); } finally { setWinograd(true); }
  for (let k = 0; k < 4; k++) assertClose(wino[k], direct[k], `winograd vs im2col ${k}`);
  for (const t of [2, 3]) withFakeThreads(t, () => {
    const got = all();
    for (let k = 0; k < 4; k++) assert.deepEqual(got[k], wino[k], `threads=${t} result ${k}`);
  });
});
