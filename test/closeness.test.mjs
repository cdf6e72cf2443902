// torch.isclose / allclose / equal against PyTorch 1.13 (test/fixtures/closeness.json, written by
// tools/fixtures_closeness.py): 400 random near-equal pairs in four dtypes with NaN, infinities, zero
// tolerances and equal_nan, the errors, and type_as / clamp_max / numel / clone / is_tensor / is_cuda.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/closeness.json', import.meta.url), 'utf8'));
const dec = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const make = (vals, dtype) => torch.tensor(vals.map(dec).map((v) => (dtype === 'bool' ? !!v : v)), { dtype: torch[dtype] });

test('isclose, allclose and equal give PyTorch\'s answers (400 random pairs)', () => {
  for (const [i, c] of fx.cases.entries()) {
    const a = make(c.a, c.dtype), b = make(c.b, c.dtype);
    assert.deepEqual(torch.isclose(a, b, c.kwargs).tolist().map(Number), c.isclose, `case ${i} isclose`);
    assert.equal(torch.allclose(a, b, c.kwargs), c.allclose, `case ${i} allclose`);
    assert.equal(a.allclose(b, c.kwargs), c.allclose, `case ${i} Tensor.allclose`);
    assert.equal(torch.equal(a, b), c.equal, `case ${i} equal`);
    assert.equal(a.equal(b), c.equal, `case ${i} Tensor.equal`);
  }
});

test('isclose\'s errors', () => {
  const cases = {
    dtype_mismatch: () => torch.isclose(torch.ones(2), torch.ones(2, { dtype: torch.float64 })),
    negative_rtol: () => torch.isclose(torch.ones(2), torch.ones(2), { rtol: -1 }),
    negative_atol: () => torch.allclose(torch.ones(2), torch.ones(2), { atol: -0.5 }),
    broadcast: () => torch.isclose(torch.ones(2), torch.ones(3)),
  };
  for (const [name, f] of Object.entries(cases)) {
    const [type, message] = fx.errors[name];
    assert.throws(f, { name: type, message }, name);
  }
});

test('type_as, clamp_max, numel, clone, is_tensor, is_cuda', () => {
  const x = fx.extra;
  assert.deepEqual(torch.isclose(torch.ones(2, 1), torch.ones(3)).reshape(-1).tolist().map(Number), x.broadcast_2x1_3);
  assert.equal(torch.equal(torch.ones(2, 1), torch.ones(2)), x.equal_shapes_differ);
  assert.equal(torch.equal(torch.ones(2), torch.ones(2, { dtype: torch.float64 })), x.equal_dtypes_differ);
  const t = torch.tensor([1.7, -2.2]).type_as(torch.tensor([1]));
  assert.equal(t.dtype, torch.int64);
  assert.equal(JSON.stringify(t.tolist()).replace(/,/g, ', '), x.type_as);
  assert.deepEqual(torch.clamp_max(torch.tensor([1, 5, -3], { dtype: torch.float32 }), 2).tolist(), x.clamp_max);
  assert.deepEqual(torch.tensor([1, 5, -3], { dtype: torch.float32 }).clamp_max(2).tolist(), x.clamp_max);
  assert.equal(torch.numel(torch.ones(2, 3, 4)), x.numel);
  const src = torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true }), c = torch.clone(src);
  assert.equal(c.grad_fn.name(), 'CloneBackward0');
  c.sum().backward();
  assert.deepEqual(src.grad.tolist(), [1, 1]);
  assert.equal(torch.is_tensor(src), true);
  assert.equal(torch.is_tensor([1, 2]), false);
  assert.equal(src.is_cuda, false);
});
