// float32 tanh in WebAssembly (asm/lib/tanh.ts via kernels/fast_elementwise.ts tanhF32Fast) gives
// Math.tanh's result rounded to float32, bit for bit: over a stride of all 2^32 float32 bit
// patterns (every one of them with TORCHLET_TANH_EXHAUSTIVE=1: ~2 minutes; run and passed when the
// kernel was written), special values, tails of 1-3 elements, and in place; torch.tanh uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';
import { tanhF32Fast } from '../dist/kernels/fast_elementwise.js';

function check(lo, hi, step) {
  const B = 4096, x = new Float32Array(B), out = new Float32Array(B), u = new Uint32Array(x.buffer);
  let b = lo, n = 0;
  while (b < hi) {
    let m = 0;
    for (; m < B && b < hi; m++, b += step) u[m] = b >>> 0;
    const xs = x.subarray(0, m), os = out.subarray(0, m);
    assert.ok(tanhF32Fast(xs, os) || m < 32, 'the WebAssembly kernel ran');
    if (m < 32) continue;
    for (let i = 0; i < m; i++) {
      const want = Math.fround(Math.tanh(xs[i]));
      if (!Object.is(want, os[i])) assert.fail(`tanh(${xs[i]}) (bits ${u[i].toString(16)}): ${os[i]}, Math.tanh gives ${want}`);
    }
    n += m;
  }
  return n;
}

test('float32 tanh in WebAssembly == Math.tanh rounded to float32, bit for bit', () => {
  const exhaustive = process.env.TORCHLET_TANH_EXHAUSTIVE === '1';
  const n = check(0, 2 ** 32, exhaustive ? 1 : 4099);
  assert.ok(n > 1e6, `${n} values checked`);
  // around the places the kernel switches method: 2^-12, the saturation at 9.1, 1, tiny and huge values
  const special = [0, -0, NaN, -NaN, Infinity, -Infinity, 2 ** -12, -(2 ** -12), Math.fround(2 ** -12 * (1 - 2 ** -24)), 9.1, Math.fround(9.1), 9.0, 9.0109, 1, -1,
    1e-45, -1e-45, 1e-38, 3.4e38, -3.4e38, 0.5, 0.25, 22, 8.999, 0.0001, 1e-8];
  const xs = new Float32Array(64).fill(0.3);
  special.forEach((v, i) => { xs[i] = v; });
  const out = new Float32Array(64);
  assert.ok(tanhF32Fast(xs, out));
  for (let i = 0; i < 64; i++) assert.ok(Object.is(out[i], Math.fround(Math.tanh(xs[i]))), `tanh(${xs[i]})`);
  // tails (n not a multiple of 4) and in place
  for (const len of [33, 34, 35, 4097, 4099]) {
    const a = Float32Array.from({ length: len }, (_, i) => Math.sin(i * 1.7) * 5), want = a.map((v) => Math.fround(Math.tanh(v)));
    assert.ok(tanhF32Fast(a, a));
    assert.deepEqual(a, want, `in place, ${len} elements`);
  }
});

test('torch.tanh on float32 takes the kernel: Math.tanh per element, gradient as before', () => {
  torch.manual_seed(4);
  const x = torch.randn(1000).mul(3).requires_grad_();
  const y = x.tanh(), d = x.detach()._data;
  y._data.forEach((v, i) => assert.ok(Object.is(v, Math.fround(Math.tanh(d[i]))), `element ${i}`));
  y.sum().backward();
  x.grad._data.forEach((g, i) => assert.equal(g, Math.fround(1 - y._data[i] * y._data[i])));
});
