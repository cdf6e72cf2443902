// Dropout's keep mask drawn in bulk by WebAssembly (asm/lib/mt.ts via bernoulliKeepFast) is the
// generator loop's mask word for word, and leaves the generator where the loop leaves it: masks
// across twist boundaries, from every position in the state, then the next draws compared. Against
// PyTorch itself: the dropout cases of the nn fixtures (test/nn_layers.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';
import { bernoulliKeepFast } from '../dist/kernels/fast_elementwise.js';

test('bulk bernoulli draws == Generator.uniformDouble() < q, and the generator continues identically', () => {
  let ran = 0;
  for (const [seed, skip, n, q] of [[0, 0, 4096, 0.75], [1, 1, 590 * 1000 + 3, 0.5], [7, 311, 2048, 0.9], [3, 623, 5000, 0.25], [5, 624, 3119, 1 - 1e-9], [9, 100, 2500, 0]]) {
    const a = new torch.Generator().manual_seed(seed), b = new torch.Generator().manual_seed(seed);
    for (let i = 0; i < skip; i++) { a.random(); b.random(); }
    const want = new Uint8Array(n), got = new Uint8Array(n);
    for (let i = 0; i < n; i++) want[i] = a.uniformDouble() < q ? 1 : 0;
    if (!b._drawWith((mt, mti) => bernoulliKeepFast(mt, mti, got, q))) continue;
    ran++;
    assert.deepEqual(got, want, `mask seed ${seed} skip ${skip} n ${n}`);
    for (let i = 0; i < 1500; i++) assert.equal(b.random(), a.random(), `draw ${i} after the mask (seed ${seed})`);
  }
  assert.ok(ran >= 5, 'the WebAssembly kernel ran');
});

test('F.dropout on a big tensor: the mask of the generator loop (WebAssembly draws on, small tensors off)', () => {
  torch.manual_seed(11);
  const x = torch.ones(64, 9216);
  const y = torch.nn.functional.dropout(x, 0.25);
  // the same draws one by one from a generator seeded alike
  const g = new torch.Generator().manual_seed(11), d = y._data;
  let dropped = 0;
  for (let i = 0; i < d.length; i++) {
    const keep = g.uniformDouble() < 0.75;
    assert.equal(d[i], keep ? Math.fround(1 / 0.75) : 0, `element ${i}`);
    if (!keep) dropped++;
  }
  assert.ok(Math.abs(dropped / d.length - 0.25) < 0.01);
  for (let i = 0; i < 700; i++) assert.equal(torch.default_generator.random(), g.random(), `draw ${i} after the dropout`);
});
