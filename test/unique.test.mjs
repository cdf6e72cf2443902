// torch.unique / Tensor.unique against PyTorch 1.13 (test/fixtures/unique.json, written by
// tools/fixtures_unique.py): values, inverse indices and counts, with and without dim, NaN, -0.0,
// bool, 0-dim and empty inputs, and the derivative PyTorch does not implement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/unique.json', import.meta.url), 'utf8'));
const dec = (v) => (v === 'NaN' ? NaN : v);
const make = (s) => torch.tensor(s.data.map(dec).map((v) => (s.dtype === 'bool' ? !!v : v)), { dtype: torch[s.dtype] }).reshape(s.shape);
function same(t, s, what) {
  assert.deepEqual(Array.from(t.shape), s.shape, `${what}: shape`);
  assert.equal(String(t.dtype), `torch.${s.dtype}`, `${what}: dtype`);
  const got = [t.tolist()].flat(Infinity).map((v) => (typeof v === 'boolean' ? +v : v));
  assert.deepEqual(got.map((v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v)), s.data.map(dec).map((v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v)), `${what}: values`);
}

test('unique: PyTorch\'s values, inverse indices and counts (300 random cases)', () => {
  for (const [i, c] of fx.cases.entries()) {
    const x = make(c.input);
    for (const [how, f] of [['torch.unique', () => torch.unique(x, c.kwargs)], ['Tensor.unique', () => x.unique(c.kwargs)]]) {
      if (c.error) { assert.throws(f, { name: c.error[0], message: c.error[1] }, `case ${i} ${how}`); continue; }
      const r = f();
      if (Array.isArray(c.out)) {
        assert.ok(Array.isArray(r), `case ${i} ${how}: an array`);
        c.out.forEach((s, k) => same(r[k], s, `case ${i} ${how} [${k}]`));
      } else same(r, c.out, `case ${i} ${how}`);
    }
  }
});

test('unique records Unique2Backward0, whose derivative PyTorch does not implement', () => {
  const f = torch.tensor([2.5, 1], { dtype: torch.float32, requires_grad: true });
  const u = torch.unique(f);
  assert.equal(u.grad_fn.name(), fx.grad_fn);
  assert.throws(() => u.sum().backward(), { name: fx.backward_error[0], message: fx.backward_error[1] });
  assert.throws(() => torch.unique([1, 2]), { name: 'TypeError', message: "_unique2(): argument 'input' (position 1) must be Tensor, not list" });
});
