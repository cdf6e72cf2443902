// The WebAssembly helpers behind the MNIST step (asm/gemm.ts): Adadelta's float32 step, the
// max-pool backward scatter and the conv weight-gradient partial sums, each against the plain
// JavaScript kernel, bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';
import { inWasm, wasmCopy, sameBits } from './support/wasm_bits.mjs';
import { adadelta32 } from '../dist/optim/_kernels.js';
import { allocEmpty, maxPool2dBackward, conv2dBackwardWeight } from '../dist/kernels/dispatch.js';
import { maxPool2dBackwardRef, } from '../dist/kernels/pool.js';
import { conv2dBackwardWeightRef } from '../dist/kernels/conv.js';


test('adadelta32: the wasm step equals the JavaScript loop bit for bit (large arrays, several steps)', () => {
  torch.manual_seed(3);
  const n = 70001; // not a multiple of 4: the scalar tail too
  const p = torch.randn([n])._data, sq = new Float32Array(n), acc = new Float32Array(n);
  const pw = wasmCopy(p), sqw = wasmCopy(sq), accw = wasmCopy(acc);
  if (!inWasm(pw)) return; // no wasm storage here: only the JavaScript loop exists
  for (const [step, args] of [
    [0, { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0, maximize: false }],
    [1, { lr: 0.7, rho: 0.95, eps: 1e-6, weight_decay: 0, maximize: false }],
    [2, { lr: 0.49, rho: 0.9, eps: 1e-3, weight_decay: 0, maximize: true }],
    [3, { lr: 1.0, rho: 0.3, eps: 1e-8, weight_decay: 0, maximize: false }],
  ]) {
    const g = torch.randn([n]).mul(10 ** (step - 2))._data;
    g[5] = 0; g[6] = 1e-30; g[7] = -3e20;
    const gw = wasmCopy(g);
    adadelta32(p, g, sq, acc, args);
    adadelta32(pw, gw, sqw, accw, args);
    sameBits(pw, p, `p after step ${step}`); sameBits(sqw, sq, `square_avg after step ${step}`); sameBits(accw, acc, `acc_delta after step ${step}`);
  }
});

test('max_pool2d backward: the wasm scatter equals the reference', () => {
  torch.manual_seed(4);
  for (const [planes, H, W, OH, OW] of [[64 * 8, 24, 24, 12, 12], [300, 7, 9, 3, 4]]) {
    const out = planes * OH * OW;
    const gout = torch.randn([out])._data, idx = new Int32Array(out);
    // windows that overlap (several outputs pick the same input) sum their gradients
    for (let i = 0; i < out; i++) idx[i] = Math.floor(Math.random() * H * W);
    const ref = new Float32Array(planes * H * W).fill(7), fast = allocEmpty('f32', planes * H * W).fill(7);
    maxPool2dBackwardRef(gout, idx, ref, planes, H * W, OH * OW);
    maxPool2dBackward(wasmCopy(gout), idx, fast, planes, H * W, OH * OW);
    sameBits(fast, ref, 'gx');
  }
});

test('conv2d weight gradient: chunked partial sums give the same bits with 1 and many jobs, close to the reference', () => {
  torch.manual_seed(5);
  const g = { N: 37, C: 8, H: 10, W: 9, O: 16, KH: 3, KW: 3, sH: 1, sW: 1, pH: 1, pW: 0, dH: 1, dW: 1, groups: 1, OH: 10, OW: 7 };
  const x = torch.randn([g.N, g.C, g.H, g.W])._data, go = torch.randn([g.N, g.O, g.OH, g.OW])._data;
  const gw = new Float32Array(g.O * g.C * 9), gb = new Float32Array(g.O), gw2 = new Float32Array(gw.length), gb2 = new Float32Array(g.O);
  conv2dBackwardWeight(x, go, gw, gb, g);
  conv2dBackwardWeight(wasmCopy(x), wasmCopy(go), gw2, gb2, g);
  sameBits(gw2, gw, 'gw'); sameBits(gb2, gb, 'gb');
  const rw = new Float32Array(gw.length), rb = new Float32Array(g.O);
  conv2dBackwardWeightRef(x, go, rw, rb, g);
  for (let i = 0; i < rw.length; i++) assert.ok(Math.abs(rw[i] - gw[i]) <= 1e-3 * (1 + Math.abs(rw[i])), `gw[${i}] ${gw[i]} vs ${rw[i]}`);
  for (let i = 0; i < rb.length; i++) assert.ok(Math.abs(rb[i] - gb[i]) <= 1e-3 * (1 + Math.abs(rb[i])), `gb[${i}] ${gb[i]} vs ${rb[i]}`);
});

test('conv2d Winograd F(4x4, 3x3) (big layers): forward, input and weight gradients close to float64, F(2x2, 3x3) likewise', async () => {
  const { conv2dForwardFast, conv2dBackwardInputFast, conv2dBackwardWeightFast, conv2dForwardRef, conv2dBackwardInputRef, conv2dBackwardWeightRef, setWinograd4 } = await import('../dist/kernels/conv.js');
  torch.manual_seed(6);
  // the MNIST Net's conv2 at batch 32 (over the F(4x4, 3x3) threshold), default-initialised weights
  const g = { N: 32, C: 32, H: 26, W: 26, O: 64, KH: 3, KW: 3, sH: 1, sW: 1, pH: 0, pW: 0, dH: 1, dW: 1, groups: 1, OH: 24, OW: 24 };
  const conv = new torch.nn.Conv2d(32, 64, 3);
  const x = torch.randn([g.N, g.C, g.H, g.W]), w = conv.weight.detach(), b = conv.bias.detach();
  const ref = new Float64Array(g.N * g.O * 24 * 24), gref = new Float64Array(x.numel());
  conv2dForwardRef(Float64Array.from(x._data), Float64Array.from(w._data), Float64Array.from(b._data), ref, g);
  conv2dBackwardInputRef(Float32Array.from(ref), Float64Array.from(w._data), gref, g);
  const wref = new Float64Array(w.numel()), bref = new Float64Array(64);
  conv2dBackwardWeightRef(Float64Array.from(x._data), Float64Array.from(Float32Array.from(ref)), wref, bref, g);
  for (const on of [true, false]) {
    setWinograd4(on);
    try {
      const y = allocEmpty('f32', ref.length), gx = allocEmpty('f32', gref.length);
      conv2dForwardFast(wasmCopy(x._data), w._data, b._data, y, g);
      conv2dBackwardInputFast(Float32Array.from(ref), w._data, gx, g);
      let sy = 0, sg = 0; for (const v of ref) sy = Math.max(sy, Math.abs(v)); for (const v of gref) sg = Math.max(sg, Math.abs(v));
      let ey = 0, eg = 0;
      for (let i = 0; i < ref.length; i++) ey = Math.max(ey, Math.abs(y[i] - ref[i]));
      for (let i = 0; i < gref.length; i++) eg = Math.max(eg, Math.abs(gx[i] - gref[i]));
      assert.ok(ey <= 3e-5 * sy, `forward (F(${on ? 4 : 2}x..)): max error ${ey} vs scale ${sy}`);
      assert.ok(eg <= 3e-5 * sg, `input gradient (F(${on ? 4 : 2}x..)): max error ${eg} vs scale ${sg}`);
      const gw = new Float32Array(wref.length), gb = new Float32Array(64);
      conv2dBackwardWeightFast(wasmCopy(x._data), wasmCopy(Float32Array.from(ref)), gw, gb, g);
      let sw = 0, ew = 0;
      for (const v of wref) sw = Math.max(sw, Math.abs(v));
      for (let i = 0; i < wref.length; i++) ew = Math.max(ew, Math.abs(gw[i] - wref[i]));
      assert.ok(ew <= 3e-5 * sw, `weight gradient (F(${on ? 4 : 2}x..)): max error ${ew} vs scale ${sw}`);
      for (let i = 0; i < 64; i++) assert.ok(Math.abs(gb[i] - bref[i]) <= 1e-5 * (1 + Math.abs(bref[i])), `bias gradient ${i}`);
    } finally { setWinograd4(true); }
  }
});

test('conv2d Winograd F(4x4, 3x3): odd sizes, padding 1 and 2, partial tiles, 4-tile rows', async () => {
  const { conv2dForwardFast, conv2dBackwardInputFast, conv2dBackwardWeightFast, conv2dForwardRef, conv2dBackwardInputRef, conv2dBackwardWeightRef } = await import('../dist/kernels/conv.js');
  torch.manual_seed(7);
  const rel = (a, r) => { let e = 0, m = 0; for (let i = 0; i < r.length; i++) { e = Math.max(e, Math.abs(a[i] - r[i])); m = Math.max(m, Math.abs(r[i])); } return e / m; };
  // each is over the F(4x4, 3x3) threshold (N*C*O*OH*OW >= 2^24)
  for (const [N, C, H, W, O, p] of [[1100, 16, 9, 11, 16, 1], [300, 16, 18, 18, 16, 0], [200, 16, 17, 21, 24, 1], [420, 16, 9, 10, 24, 2]]) {
    const OH = H + 2 * p - 2, OW = W + 2 * p - 2;
    const g = { N, C, H, W, O, KH: 3, KW: 3, sH: 1, sW: 1, pH: p, pW: p, dH: 1, dW: 1, groups: 1, OH, OW };
    const x = torch.randn([N, C, H, W])._data, w = torch.randn([O, C, 3, 3])._data, b = torch.randn([O])._data;
    const y = allocEmpty('f32', N * O * OH * OW), r = new Float64Array(y.length);
    conv2dForwardFast(wasmCopy(x), w, b, y, g);
    conv2dForwardRef(Float64Array.from(x), Float64Array.from(w), Float64Array.from(b), r, g);
    const gy = Float32Array.from(r);
    const gx = allocEmpty('f32', x.length), gr = new Float64Array(x.length);
    conv2dBackwardInputFast(wasmCopy(gy), w, gx, g);
    conv2dBackwardInputRef(Float64Array.from(gy), Float64Array.from(w), gr, g);
    const gw = new Float32Array(w.length), gb = new Float32Array(O), wr = new Float64Array(w.length), br = new Float64Array(O);
    conv2dBackwardWeightFast(wasmCopy(x), wasmCopy(gy), gw, gb, g);
    conv2dBackwardWeightRef(Float64Array.from(x), Float64Array.from(gy), wr, br, g);
    const what = `${N}x${C}x${H}x${W} -> ${O}, padding ${p}`;
    assert.ok(rel(y, r) < 3e-5, `forward ${what}: ${rel(y, r)}`);
    assert.ok(rel(gx, gr) < 3e-5, `input gradient ${what}: ${rel(gx, gr)}`);
    assert.ok(rel(gw, wr) < 3e-5, `weight gradient ${what}: ${rel(gw, wr)}`);
    assert.ok(rel(gb, br) < 1e-5, `bias gradient ${what}: ${rel(gb, br)}`);
  }
});

test('F(4x4, 3x3) weight transforms: asm wino4Weights / wino4WeightGrad equal the JavaScript twins bit for bit', async () => {
  const { wino4Weights, wino4WeightGrad } = await import('../dist/kernels/conv.js');
  const { gemmContext } = await import('../dist/kernels/fast_gemm.js');
  const cx = gemmContext();
  if (!cx) return; // no WebAssembly here: only the twins exist
  torch.manual_seed(11);
  for (const [O, C] of [[64, 32], [32, 64], [5, 7], [3, 1]]) {
    const w = torch.randn([O, C, 3, 3]).mul(3)._data, wt = torch.randn([C, O, 3, 3])._data;
    w[0] = 1e-30; w[1] = -7e25; w[2] = 0;
    const m = cx.mark('test');
    try {
      for (const [src, flip] of [[w, false], [wt, true]]) {
        const ref = new Float32Array(36 * O * C);
        wino4Weights(src, O, C, ref, 0, flip);
        const pw = cx.alloc(src.length * 4), pu = cx.alloc(ref.length * 4), s = cx.alloc(1024);
        cx.f32().set(src, pw >>> 2);
        // two ranges of output channels, as jobs would run them
        const h = O >> 1;
        cx.ex.wino4Weights(pw, O, C, pu, flip ? 1 : 0, 0, h, s);
        cx.ex.wino4Weights(pw, O, C, pu, flip ? 1 : 0, h, O, s);
        sameBits(cx.f32().slice(pu >>> 2, (pu >>> 2) + ref.length), ref, `U ${O}x${C}${flip ? ' flipped' : ''}`);
      }
      const dU = torch.randn([36 * O * C]).mul(5)._data;
      const ref = new Float32Array(O * C * 9);
      const f = new Float32Array(dU.length + 3); f.set(dU, 3);
      wino4WeightGrad(f, 3, O, C, ref);
      const pd = cx.alloc(dU.length * 4), pg = cx.alloc(ref.length * 4), s = cx.alloc(1024);
      cx.f32().set(dU, pd >>> 2);
      cx.ex.wino4WeightGrad(pd, O, C, pg, 0, O, s);
      sameBits(cx.f32().slice(pg >>> 2, (pg >>> 2) + ref.length), ref, `gw ${O}x${C}`);
    } finally { cx.release(m); }
  }
});
