// Sorting, scans and reductions against PyTorch-generated cases (tools/fixtures_reductions.py):
// every case is one call, torch.<fn>(...) or tensor.<fn>(...), checked for its values, indices,
// grad_fn names and gradients, or for PyTorch's error class and message.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { DT, num, make, arg } from './support/fixture_tensors.mjs';

const fx = JSON.parse(readFileSync(new URL('./fixtures/cases_reductions.json', import.meta.url), 'utf8'));

function assertTensor(got, spec, what, loose = false) {
  assert.ok(got instanceof torch.Tensor, `${what}: not a Tensor`);
  assert.deepEqual(got.shape, spec.shape, `${what}: shape`);
  assert.equal(got.dtype, DT[spec.dtype], `${what}: dtype`);
  const g = [got.tolist()].flat(Infinity).map(Number);
  const [at, rt] = spec.dtype === 'float64' && !loose ? [1e-12, 1e-10] : spec.dtype.startsWith('float') ? [1e-6, 1e-5] : [0, 0];
  spec.data.map(num).forEach((e, i) => {
    if (Number.isNaN(e)) assert.ok(Number.isNaN(g[i]), `${what}[${i}]: ${g[i]} is not NaN`);
    else if (!Number.isFinite(e)) assert.equal(g[i], e, `${what}[${i}]`);
    else assert.ok(Math.abs(g[i] - e) <= at + rt * Math.abs(e), `${what}[${i}]: ${g[i]} != ${e}`);
  });
}

function call(c, args) {
  const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, arg(v)]));
  const rest = Object.keys(kw).length ? [kw] : [];
  if (c.call === 'method') return args[0][c.fn](...args.slice(1), ...rest);
  return torch[c.fn](...args, ...rest);
}

/** Nothing the caller passed is changed, whatever the op did. */
function assertUntouched(c, args) {
  c.args.forEach((a, i) => { if (a && a.tensor) assertTensor(args[i].detach(), a.tensor, `argument ${i} after the call`); });
}

for (const c of fx.cases) {
  test(`${c.fn}: ${c.id}`, () => {
    const args = c.args.map(arg);
    const ex = c.expect;
    if (ex.error) {
      assert.throws(() => call(c, args), (e) => {
        assert.equal(e.name, ex.error.type, `error class (${e.message})`);
        if (ex.error.message !== null) assert.equal(e.message, ex.error.message);
        return true;
      });
      assertUntouched(c, args);
      return;
    }
    const out = call(c, args);
    assertUntouched(c, args);
    let outs;
    if (ex.tensor) { assertTensor(out, ex.tensor, 'value'); outs = [out]; }
    else if (ex.named) {
      assertTensor(out.values, ex.values, 'values');
      assertTensor(out.indices, ex.indices, 'indices');
      // a named tuple: fields, indexable and iterable
      assert.equal(out[0], out.values);
      assert.equal(out[1], out.indices);
      assert.deepEqual([...out], [out.values, out.indices]);
      assert.ok(String(out).startsWith(`torch.return_types.${ex.named}(`));
      outs = [out.values];
    } else {
      assert.ok(Array.isArray(out), 'a plain array');
      assert.equal(out.length, ex.tuple.length);
      ex.tuple.forEach((s, i) => assertTensor(out[i], s, `item ${i}`));
      outs = out;
    }
    if (ex.repr) assert.equal(String(out), ex.repr);
    if (!ex.grad_fn) {
      outs.forEach((o) => assert.equal(o.grad_fn, null, 'no grad_fn'));
      return;
    }
    assert.deepEqual(outs.map((o) => o.grad_fn?.name() ?? null), ex.grad_fn, 'grad_fn');
    let loss = null;
    outs.forEach((o, i) => {
      if (!o.requires_grad) return;
      const term = o.mul(make(c.grad_output[i])).sum();
      loss = loss === null ? term : loss.add(term);
    });
    if (ex.backward_error) {
      assert.throws(() => loss.backward(), (e) => e.name === ex.backward_error.type && e.message === ex.backward_error.message);
      return;
    }
    loss.backward();
    for (const [i, g] of Object.entries(ex.grads)) {
      if (g === null) assert.equal(args[i].grad, null, `grad ${i} stays None`);
      else assertTensor(args[i].grad, g, `grad ${i}`, c.loose); // loose: PyTorch went through float32
    }
  });
}

test('the reduction fixtures cover every op of the group', () => {
  const fns = new Set(fx.cases.map((c) => c.fn));
  for (const f of ['sort', 'argsort', 'topk', 'kthvalue', 'median', 'cumsum', 'cumprod', 'prod', 'logsumexp', 'var', 'std',
    'var_mean', 'std_mean', 'norm', 'amax', 'amin', 'all', 'any', 'count_nonzero', 'sum', 'mean']) assert.ok(fns.has(f), f);
});
