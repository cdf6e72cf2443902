// The WebAssembly SIMD elementwise training kernels (asm/lib/elementwise.ts via
// kernels/fast_elementwise.ts): relu forward/backward, dropout's apply and the SGD and Adam float32
// steps, each against its TypeScript twin bit for bit (arrays on the JS heap run the twin, arrays
// in the shared memory the WebAssembly kernel), on lengths with scalar tails and on the special
// values the twins handle (signed zeros, NaN, infinities, denormals).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';
import { inWasm, wasmCopy, sameBits } from './support/wasm_bits.mjs';
import { addInto, allocEmpty, reluInto, reluBackward, dropoutApplyFast } from '../dist/kernels/dispatch.js';
import { reluInto as reluRef, reluBackward as reluBackwardRef } from '../dist/kernels/relu.js';
import { sgd32, adam32 } from '../dist/optim/_kernels.js';

const SPECIAL = [0, -0, NaN, -NaN, Infinity, -Infinity, 1e-45, -1e-45, 1.1754942e-38, -3.4028235e38, 1, -1];
function data(n, seed) {
  torch.manual_seed(seed);
  const a = torch.randn([n])._data.slice();
  SPECIAL.forEach((v, i) => { a[i * 7] = v; });
  // a NaN with its sign bit set and a payload
  new Uint32Array(a.buffer)[3] = 0xffc01234;
  return a;
}

test('relu forward and backward: the wasm kernels equal the TypeScript loops bit for bit', () => {
  for (const n of [70003, 300001, 257]) { // scalar tails; a size split over threads; just above the wasm threshold
    const x = data(n, n), g = data(n, n + 1);
    const xw = wasmCopy(x), gw = wasmCopy(g);
    if (!inWasm(xw)) return; // no wasm storage here: only the TypeScript loops exist
    const ref = new Float32Array(n), out = allocEmpty('f32', n);
    reluRef(x, ref); reluInto(xw, out);
    sameBits(out, ref, `relu n=${n}`);
    assert.ok(Object.is(out[7], -0) && Number.isNaN(out[14]) && out[35] === 0 && out[28] === Infinity, 'special values');
    const gr = new Float32Array(n), gf = allocEmpty('f32', n);
    reluBackwardRef(ref, g, gr); reluBackward(out, gw, gf);
    sameBits(gf, gr, `relu backward n=${n}`);
    // in place, as F.relu(x, inplace=True) runs it
    reluInto(xw, xw);
    sameBits(xw, ref, `relu in place n=${n}`);
  }
});

test('dropout apply: the wasm kernel equals x * mask value; F.dropout keeps its masks and values', () => {
  const n = 70005, x = data(n, 9), keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) keep[i] = (i * 2654435761) % 7 < 4 ? 1 : 0;
  const scale = Math.fround(1 / Math.fround(0.75)), values = new Float32Array([0, scale]);
  const ref = new Float32Array(n);
  for (let i = 0; i < n; i++) ref[i] = x[i] * values[keep[i]];
  const xw = wasmCopy(x), out = allocEmpty('f32', n);
  if (!inWasm(xw)) return;
  assert.equal(dropoutApplyFast(xw, keep, out, scale), true);
  sameBits(out, ref, 'dropout apply');
  // the JS-heap path declines (the caller's loop runs)
  assert.equal(dropoutApplyFast(x, keep, new Float32Array(n), scale), false);
  // through F.dropout: same mask and values whether the input lives in wasm memory or not
  torch.manual_seed(11);
  const big = torch.randn([300, 100]); // 120 kB: wasm storage
  torch.manual_seed(5);
  const a = torch.nn.functional.dropout(big, 0.3);
  const small = new Float32Array(big._data); // JS heap copy
  torch.manual_seed(5);
  const b = torch.nn.functional.dropout(torch.tensor(Array.from(small)).reshape([300, 100]), 0.3);
  sameBits(a._data, b._data, 'F.dropout in wasm vs JS heap');
  const kept = a._data.filter((v, i) => v !== 0 || big._data[i] === 0).length;
  assert.ok(kept > 0.6 * 30000 && kept < 0.8 * 30000, `about 70% kept, got ${kept}`);
});

test('SGD and Adam float32 steps: the wasm kernels equal the TypeScript loops bit for bit', () => {
  const n = 70001;
  const sgdCases = [
    { lr: 0.1, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false },
    { lr: 0.01, momentum: 0.9, dampening: 0.1, weight_decay: 1e-4, nesterov: false, maximize: false },
    { lr: 0.05, momentum: 0.9, dampening: 0, weight_decay: 0.01, nesterov: true, maximize: true },
  ];
  for (const [c, args] of sgdCases.entries()) {
    const p = data(n, 20 + c), pw = wasmCopy(p);
    if (!inWasm(pw)) return;
    const buf = args.momentum ? new Float32Array(n) : null, bufw = args.momentum ? wasmCopy(new Float32Array(n)) : null;
    for (let step = 0; step < 3; step++) {
      const g = data(n, 40 + step), gw = wasmCopy(g);
      sgd32(p, g, buf, step === 0, args); sgd32(pw, gw, bufw, step === 0, args);
      sameBits(pw, p, `sgd case ${c} step ${step} p`);
      if (buf) sameBits(bufw, buf, `sgd case ${c} step ${step} momentum buffer`);
    }
  }
  const adamCases = [
    { beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, maximize: false, amsgrad: false, decoupled: false, lr: 1e-3 },
    { beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.1, maximize: true, amsgrad: false, decoupled: false, lr: 1e-2 },
    { beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01, maximize: false, amsgrad: false, decoupled: true, lr: 1e-3 },
  ];
  for (const [c, base] of adamCases.entries()) {
    const p = data(n, 60 + c), pw = wasmCopy(p);
    const m = new Float32Array(n), v = new Float32Array(n), mw = wasmCopy(m), vw = wasmCopy(v);
    for (let step = 1; step <= 3; step++) {
      const args = { ...base, step_size: base.lr / (1 - base.beta1 ** step), bias_correction2_sqrt: Math.sqrt(1 - base.beta2 ** step) };
      const g = data(n, 80 + step), gw = wasmCopy(g);
      adam32(p, g, m, v, null, args); adam32(pw, gw, mw, vw, null, args);
      sameBits(pw, p, `adam case ${c} step ${step} p`); sameBits(mw, m, `adam m`); sameBits(vw, v, `adam v`);
    }
  }
});

test('small storage from slabs: zeroed, disjoint, aligned; float32 add/sub/mul/div loops round as Math.fround of the double op', async () => {
  const { smallArray } = await import('../dist/kernels/small_alloc.js');
  const arrays = [];
  for (let i = 0; i < 200; i++) {
    const a = smallArray(i % 3 ? 'f32' : 'f64', 17 + (i % 50));
    assert.ok(a.every((v) => v === 0), 'fresh storage is zero');
    assert.equal(a.byteOffset % a.BYTES_PER_ELEMENT, 0);
    a.fill(i + 1);
    arrays.push(a);
  }
  arrays.forEach((a, i) => assert.ok(a.every((v) => v === i + 1), `array ${i} was not overwritten by another`));
  const x = data(128, 1), y = data(128, 2);
  const tx = torch.tensor(Array.from(x)), ty = torch.tensor(Array.from(y));
  for (const [op, f] of [['add', (p, q) => p + q], ['sub', (p, q) => p - q], ['mul', (p, q) => p * q], ['div', (p, q) => p / q]]) {
    const want = new Float32Array(128).map((_, i) => Math.fround(f(x[i], y[i])));
    sameBits(tx[op](ty)._data, want, `${op} tensor`);
    // the scalar is first cast to the tensor's dtype, as PyTorch wraps it
    const wantS = new Float32Array(128).map((_, i) => Math.fround(f(x[i], Math.fround(0.1))));
    sameBits(tx[op](0.1)._data, wantS, `${op} scalar`);
  }
});

test('tanh forward and backward on float32: the dedicated loops give Math.tanh and g * (1 - y*y) rounded once', () => {
  const x = data(300, 5).map((v) => v * 3), g = data(300, 6);
  const t = torch.tensor(Array.from(x), { requires_grad: true });
  const y = torch.tanh(t);
  sameBits(y._data, new Float32Array(300).map((_, i) => Math.fround(Math.tanh(x[i]))), 'tanh');
  y.backward(torch.tensor(Array.from(g)));
  const yd = y._data;
  sameBits(t.grad._data, new Float32Array(300).map((_, i) => Math.fround(g[i] * (1 - yd[i] * yd[i]))), 'tanh backward');
});

test('float32 add / add_ with alpha on big tensors (the WebAssembly kernel): x + alpha * y in float64 rounded to float32, as the general path', () => {
  for (const n of [1 << 14, 50003, 300000]) for (const alpha of [1, -20, 0.1, -1e-3, 3.3]) {
    torch.manual_seed(n % 97);
    const x = torch.randn(n).mul(100), y = torch.randn(n);
    const xd = x._data, yd = y._data;
    [0, 1, 2, 3].forEach((k) => { xd[k * 7] = [NaN, Infinity, -0, 3e38][k]; yd[k * 5 + 1] = [-Infinity, NaN, 3e38, -0][k]; });
    const want = new Float32Array(n);
    for (let i = 0; i < n; i++) want[i] = alpha === 1 ? xd[i] + yd[i] : xd[i] + alpha * yd[i];
    const got = torch.add(x, y, { alpha })._data;
    for (let i = 0; i < n; i++) if (!Object.is(got[i], want[i])) assert.fail(`add n=${n} alpha=${alpha} [${i}]: ${got[i]} vs ${want[i]}`);
    const z = x.clone();
    z.add_(y, { alpha });
    const zd = z._data;
    for (let i = 0; i < n; i++) if (!Object.is(zd[i], want[i])) assert.fail(`add_ n=${n} alpha=${alpha} [${i}]: ${zd[i]} vs ${want[i]}`);
  }
  // one storage on both sides (x[1:].add_(x[:-1])) and a recorded add_ take the general path
  const w = torch.arange(40000).float();
  w.narrow(0, 1, 39999).add_(w.narrow(0, 0, 39999));
  const ref = torch.arange(40000).float();
  const rd = ref._data, r2 = Float32Array.from(rd);
  for (let i = 1; i < 40000; i++) r2[i] = rd[i] + rd[i - 1];
  assert.deepEqual(Array.from(w._data.subarray(0, 5)), Array.from(r2.subarray(0, 5)));
  const leaf = torch.randn(20000, { requires_grad: true });
  assert.throws(() => leaf.add_(torch.randn(20000)), /a leaf Variable that requires grad is being used in an in-place operation/);
});

test('gradient accumulation d += s in the memory (addInto, the add kernel with alpha 1) == float32 additions', () => {
  const n = 70001, d = allocEmpty('f32', n), s = allocEmpty('f32', n), want = new Float32Array(n);
  for (let i = 0; i < n; i++) { d[i] = Math.sin(i) * 1e3; s[i] = Math.cos(i * 0.7) * (i % 13 === 0 ? 1e-30 : 1); want[i] = d[i] + s[i]; }
  d[5] = NaN; s[6] = Infinity; d[7] = -0; s[7] = -0; want[5] = NaN; want[6] = Infinity; want[7] = -0;
  assert.ok(inWasm(d) && inWasm(s), 'both in the memory: the kernel runs');
  addInto(d, s);
  sameBits(d, want, 'd += s');
});
