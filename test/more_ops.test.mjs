// hstack / vstack / dstack / column_stack, atleast_Nd over lists, and cummax / cummin (values,
// indices, gradients, NaN) against PyTorch 1.13 (test/fixtures/more_ops.json, written by
// tools/fixtures_more_ops.py). diff, trace, rot90, take_along_dim, logaddexp, nansum and nanmean are
// in test/fixtures/cases_fuzz.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/more_ops.json', import.meta.url), 'utf8'));
const dec = (v) => (v === 'NaN' ? NaN : v);
const make = (s) => torch.tensor(s.data.map(dec), { dtype: torch[s.dtype] }).reshape(s.shape);
const vals = (t) => [t.tolist()].flat(Infinity).map((v) => (Number.isNaN(v) ? 'NaN' : v));
function same(t, s, what) {
  assert.deepEqual(Array.from(t.shape), s.shape, `${what}: shape`);
  assert.equal(String(t.dtype), `torch.${s.dtype}`, `${what}: dtype`);
  const want = s.data.map(dec).map((v) => (Number.isNaN(v) ? 'NaN' : v));
  vals(t).forEach((v, i) => assert.ok(v === want[i] || Math.abs(v - want[i]) <= 1e-6 * (1 + Math.abs(want[i])), `${what}[${i}]: ${v} != ${want[i]}`));
}

test('hstack, vstack, dstack, column_stack (60 random cases)', () => {
  for (const [i, c] of fx.stacks.entries()) {
    const ts = c.inputs.map(make);
    if (c.error) assert.throws(() => torch[c.fn](ts), { name: c.error[0], message: c.error[1] }, `case ${i}`);
    else same(torch[c.fn](ts), c.out, `case ${i} ${c.fn}`);
  }
  assert.throws(() => torch.vstack([]), { name: 'RuntimeError', message: 'vstack expects a non-empty TensorList' });
});

test('atleast_1d / 2d / 3d over a list', () => {
  for (const c of fx.atleast) assert.deepEqual(torch[`atleast_${c.n}d`](c.inputs.map(make)).map((t) => Array.from(t.shape)), c.shapes);
});

test('cummax / cummin: values, indices (ties take the later index, NaN holds), CummaxBackward0 gradients', () => {
  for (const c of fx.cum) {
    const x = make(c.input).requires_grad_();
    const r = torch[c.fn](x, c.dim);
    same(r.values, c.values, `${c.fn} values`);
    same(r.indices, c.indices, `${c.fn} indices`);
    assert.equal(r.values.grad_fn.name(), c.grad_fn);
    r.values.backward(make(c.grad_output));
    same(x.grad, c.grad, `${c.fn} grad`);
    const [v, i] = x[c.fn](c.dim);
    same(v, c.values, `Tensor.${c.fn}`);
    same(i, c.indices, `Tensor.${c.fn} indices`);
  }
});

test('cat: legacy empty tensors skipped, 0-dim tensors refused, the first differing size named (1.13)', () => {
  for (const [i, c] of fx.cat.entries()) {
    const ts = c.inputs.map(make);
    if (c.error) assert.throws(() => torch.cat(ts, c.dim), { name: c.error[0], message: c.error[1] }, `case ${i}`);
    else same(torch.cat(ts, c.dim), c.out, `case ${i}`);
  }
});

test('bincount, isin, searchsorted, bucketize, histc (220 PyTorch calls)', () => {
  const real = (v) => (v && typeof v === 'object' && v.tensor ? make(v.tensor) : v);
  for (const [i, c] of fx.counting.entries()) {
    const args = c.args.map(real), kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, real(v)]));
    const call = () => (Object.keys(kw).length ? torch[c.fn](...args, kw) : torch[c.fn](...args));
    if (c.error) assert.throws(call, { name: c.error[0], message: c.error[1] }, `case ${i} ${c.fn}`);
    else same(call(), c.out, `case ${i} ${c.fn}`);
  }
});
