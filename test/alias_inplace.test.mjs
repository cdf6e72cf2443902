// PyTorch's alias ops and the in-place unary methods against PyTorch 1.13
// (test/fixtures/alias_inplace.json, made by tools/fixtures_alias.py): values, dtypes, grad_fn
// names, the gradient through an in-place op on a non-leaf, and the errors of bad calls.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/alias_inplace.json', import.meta.url), 'utf8'));
const flat = (t) => [t.tolist()].flat(Infinity).map(Number);
const close = (got, want, what) => {
  assert.equal(got.length, want.length, `${what}: length`);
  got.forEach((g, k) => {
    if (want[k] === null) assert.ok(Number.isNaN(g), `${what}[${k}]: ${g} is not NaN`);
    else assert.ok(Math.abs(g - want[k]) <= 1e-6 * Math.max(1, Math.abs(want[k])), `${what}[${k}]: ${g} vs ${want[k]}`);
  });
};
function inputs() {
  torch.manual_seed(0);
  const a = torch.rand(2, 3).mul(2).sub(0.5), b = torch.rand(2, 3).add(0.25);
  return { a, b, i: torch.tensor([[1, -2, 3], [0, 5, -6]]), leaf: torch.rand([2, 3], { requires_grad: true }) };
}
// the fixtures' expressions are Python; those here are JavaScript of the same text ('None' is null, 'True' true)
const run = (expr, env) => new Function('torch', ...Object.keys(env), `return ${expr.replaceAll('None', 'null').replaceAll('True', 'true')};`)(torch, ...Object.values(env));

test('aliases and checks: values, dtypes and grad_fn names as PyTorch 1.13', () => {
  for (const c of fx.cases.filter((x) => x.expr && !x.error)) {
    const r = run(c.expr, inputs());
    if ('py' in c) { assert.equal(r, c.py, c.expr); continue; }
    assert.equal(r.dtype.toString(), `torch.${c.dtype}`, c.expr);
    assert.deepEqual(r.shape, c.shape, c.expr);
    close(flat(r), c.values, c.expr);
    assert.equal(r.grad_fn ? r.grad_fn.name() : null, c.grad_fn, `${c.expr}: grad_fn`);
  }
});

test('bad calls: PyTorch 1.13\'s error class and message', () => {
  for (const c of fx.cases.filter((x) => x.error)) {
    assert.throws(() => run(c.expr, inputs()), (e) => {
      assert.equal(e.constructor.name, c.error.type, c.expr);
      assert.equal(e.message, c.error.message, c.expr);
      return true;
    }, c.expr);
  }
});

test('in-place unary methods on a non-leaf: values, version, grad_fn and the gradient through them', () => {
  for (const c of fx.cases.filter((x) => x.inplace)) {
    const x = torch.tensor(c.x, { dtype: torch.float32 }).view(2, 3).requires_grad_();
    const w = torch.arange(1, 7, { dtype: torch.float32 }).view(2, 3);
    const y = x.mul(1), r = y[c.inplace]();
    assert.equal(r === y, c.same_object, `${c.inplace} returns self`);
    assert.equal(y._version, c.version, `${c.inplace}: version`);
    close(flat(y), c.values, c.inplace);
    assert.equal(y.grad_fn.name(), c.grad_fn, `${c.inplace}: grad_fn`);
    y.mul(w).sum().backward();
    close(flat(x.grad), c.x_grad, `${c.inplace}: x.grad`);
  }
});
