// The LSTM step kernels (asm/rnn.ts via kernels/lstm_gates.ts) against their TypeScript twins bit
// for bit (arrays in the WebAssembly memory run the kernel, arrays on the JS heap the twin), on a
// hidden size with a scalar tail and inputs with special values; the twins' sigmoid and tanh
// against Math's; and the recurrent layers' single-thread step products against gemm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';
import { inWasm, sameBits } from './support/wasm_bits.mjs';
import { allocEmpty, gemm } from '../dist/kernels/dispatch.js';
import { lstmFwd, lstmFwdRef, lstmBwd, lstmBwdRef, sigmoidf, tanhf } from '../dist/kernels/lstm_gates.js';
import { StepProducts, stepProductCosts } from '../dist/kernels/rnn_gates.js';

const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 1e-20, -3e38, 0.625, -0.625, 0.62499994, 9, -9, 45, -45, 100, -100];
/** n floats, randn * scale with special values sprinkled in; `wasm`: placed in the memory (a block of 64 KiB at least). */
function data(n, seed, scale, wasm, special = true) {
  torch.manual_seed(seed);
  const src = torch.randn([n]).mul(scale)._data;
  const a = wasm ? allocEmpty('f32', Math.max(n, 1 << 14)) : new Float32Array(n);
  a.set(src);
  if (special) SPECIAL.forEach((v, i) => { if (i * 13 < n) a[i * 13] = v; });
  return a;
}
const twin = (a) => { const c = new Float32Array(a.length); c.set(a); return c; };

test('sigmoidf and tanhf: within a few float32 ulps of Math\'s', () => {
  const ulp = (x) => { const f = Math.fround(Math.abs(x)); return Math.max(Math.fround(f * (1 + 2 ** -23)) - f, 1.4e-45); };
  for (let i = -40000; i <= 40000; i++) {
    const x = Math.fround(i / 1000 + (i % 7) * 1e-5);
    const t = Math.tanh(x), s = 1 / (1 + Math.exp(-x));
    assert.ok(Math.abs(tanhf(x) - t) <= 3 * ulp(t), `tanh(${x}): ${tanhf(x)} vs ${t}`);
    assert.ok(Math.abs(sigmoidf(x) - s) <= 3 * ulp(s), `sigmoid(${x}): ${sigmoidf(x)} vs ${s}`);
  }
  assert.equal(tanhf(1e-30), Math.fround(1e-30));
  assert.equal(tanhf(100), 1); assert.equal(tanhf(-Infinity), -1); assert.ok(Number.isNaN(tanhf(NaN)));
  assert.equal(sigmoidf(-200), 0); assert.equal(sigmoidf(Infinity), 1);
});

test('LSTM step forward and backward: the wasm kernels equal the TypeScript twins bit for bit', () => {
  for (const [b, H] of [[20, 200], [7, 203], [3, 5]]) {
    const G = 4 * H, o = 2, OP = H + 3;
    const mk = (n, seed, scale, special) => [data(n, seed, scale, true, special), data(n, seed, scale, false, special)];
    const [xg, xgR] = mk((o + b) * G, 1, 2, true), [hh, hhR] = mk(b * G, 2, 2, true);
    const [c, cR] = mk(b * H, 3, 1.5, true), [acts, actsR] = mk((o + b) * G, 4, 0, false);
    const [tc, tcR] = mk((o + b) * H, 5, 0, false), [h, hR] = mk((o + b) * H, 6, 0, false);
    const [out, outR] = mk((o + b) * OP, 7, 0, false);
    if (!inWasm(xg)) return; // no wasm storage here: only the twins exist
    const args = (x, hh_, a, c_, t, h_, ou) => ({ b, H, xg: x, xgAt: o * G, hh: hh_, acts: a, actsAt: o * G, c: c_, tc: t, tcAt: o * H, h: h_, hAt: o * H, out: ou, outAt: o * OP + 1, outStride: OP });
    lstmFwd(args(xg, hh, acts, c, tc, h, out));
    lstmFwdRef(args(xgR, hhR, actsR, cR, tcR, hR, outR));
    for (const [w, r, n] of [[acts, actsR, 'acts'], [c, cR, 'c'], [tc, tcR, 'tanh(c)'], [h, hR, 'h'], [out, outR, 'out']])
      sameBits(w.subarray(0, r.length), r, `forward ${n} b=${b} H=${H}`);
    // backward from those saved values (and others with special values)
    const [cp, cpR] = mk((o + b) * H, 8, 1, true), [dh, dhR] = mk(b * H, 9, 1, true), [dout, doutR] = mk((o + b) * OP, 10, 1, true);
    const [dc, dcR] = mk(b * H, 11, 1, true), [dg, dgR] = mk((o + b) * G, 12, 0, false);
    const [acts2, acts2R] = mk((o + b) * G, 13, 1, true);
    for (const [A, AR] of [[acts, actsR], [acts2, acts2R]]) for (const withOut of [true, false]) {
      const bargs = (a, t, cp_, dh_, dou, dc_, dg_) => ({ b, H, acts: a, actsAt: o * G, tc: t, cprev: cp_, hAt: o * H, dh: dh_, dout: withOut ? dou : null, doutAt: o * OP + 1, outStride: OP, dc: dc_, dg: dg_, dgAt: o * G });
      lstmBwd(bargs(A, tc, cp, dh, dout, dc, dg));
      lstmBwdRef(bargs(AR, tcR, cpR, dhR, doutR, dcR, dgR));
      sameBits(dg.subarray(0, dgR.length), dgR, `backward dgates b=${b} H=${H}`);
      sameBits(dc.subarray(0, dcR.length), dcR, `backward dc b=${b} H=${H}`);
    }
  }
});

test('the recurrent layers\' step products on one thread equal gemm bit for bit', () => {
  const prod = new StepProducts(true);
  for (const [M, K, N, transB, acc] of [[20, 200, 800, true, true], [20, 800, 200, false, false], [5, 37, 61, true, false], [13, 300, 2100, false, true]]) {
    const a = data(M * K, 1, 1, true, false), bm = data(K * N, 2, 0.1, true, false), c0 = data(M * N, 3, 1, true, false);
    const c1 = allocEmpty('f32', c0.length); c1.set(c0);
    const c2 = new Float32Array(c0.length); c2.set(c0);
    gemm(a.subarray(0, M * K), bm.subarray(0, K * N), c2, M, K, N, false, transB, acc, 0);
    // several calls: on this thread alone and split into column jobs (the first calls try both)
    for (let k = 0; k < 10; k++) {
      c1.set(c0);
      prod.run(a.subarray(0, M * K), bm.subarray(0, K * N), c1, M, K, N, transB, acc);
      sameBits(c1.subarray(0, M * N), c2.subarray(0, M * N), `step product ${M}x${K}x${N} call ${k}`);
    }
  }
  prod.free();
  const { samples } = stepProductCosts();
  assert.ok(samples[0] >= 4 && samples[1] >= 4, `both ways ran: ${samples}`);
});

test('LSTM step kernels on arrays off the WebAssembly memory (a cell\'s small tensors): staged through the kernel, the twins\' bits, nothing else written', () => {
  for (const [b, H] of [[4, 32], [1, 7], [3, 5]]) {
    const G = 4 * H, o = 1, OP = 2 * H + 1;
    // the kernel's arrays: some on the JS heap, some in the memory; the twin's: all on the JS heap
    const mk = (n, seed, scale, special, wasm) => [data(n, seed, scale, wasm, special), data(n, seed, scale, false, special)];
    const [xg, xgR] = mk((o + b) * G, 21, 2, true, false), [hh, hhR] = mk(b * G, 22, 2, true, true);
    const [c, cR] = mk(b * H, 23, 1.5, true, false), [acts, actsR] = mk((o + b) * G, 24, 0.5, false, false);
    const [tc, tcR] = mk((o + b) * H, 25, 0.5, false, false), [h, hR] = mk((o + b) * H, 26, 0.5, false, true);
    const [out, outR] = mk((o + b) * OP, 27, 0.5, false, false);
    if (!inWasm(hh)) return;
    const args = (x, hh_, a, c_, t, h_, ou) => ({ b, H, xg: x, xgAt: o * G, hh: hh_, acts: a, actsAt: o * G, c: c_, tc: t, tcAt: o * H, h: h_, hAt: o * H, out: ou, outAt: o * OP + 1, outStride: OP });
    lstmFwd(args(xg, hh, acts, c, tc, h, out));
    lstmFwdRef(args(xgR, hhR, actsR, cR, tcR, hR, outR));
    // whole arrays compared: the parts the kernel does not write keep their values
    for (const [w, r, n] of [[xg, xgR, 'xg'], [acts, actsR, 'acts'], [c, cR, 'c'], [tc, tcR, 'tanh(c)'], [h.subarray(0, hR.length), hR, 'h'], [out, outR, 'out']])
      sameBits(w, r, `forward ${n} b=${b} H=${H}`);
    const [cp, cpR] = mk((o + b) * H, 28, 1, true, false), [dh, dhR] = mk(b * H, 29, 1, true, false), [dout, doutR] = mk((o + b) * OP, 30, 1, true, false);
    const [dc, dcR] = mk(b * H, 31, 1, true, true), [dg, dgR] = mk((o + b) * G, 32, 0.5, false, false);
    const bargs = (a, t, cp_, dh_, dou, dc_, dg_) => ({ b, H, acts: a, actsAt: o * G, tc: t, cprev: cp_, hAt: o * H, dh: dh_, dout: dou, doutAt: o * OP + 1, outStride: OP, dc: dc_, dg: dg_, dgAt: o * G });
    lstmBwd(bargs(acts, tc, cp, dh, dout, dc, dg));
    lstmBwdRef(bargs(actsR, tcR, cpR, dhR, doutR, dcR, dgR));
    sameBits(dg, dgR, `backward dgates b=${b} H=${H}`);
    sameBits(dc.subarray(0, dcR.length), dcR, `backward dc b=${b} H=${H}`);
    sameBits(dout, doutR, `backward dout untouched b=${b} H=${H}`);
  }
});
