// Tensor.register_hook, retain_grad and retains_grad against PyTorch 1.13 (test/fixtures/hooks.json,
// made by tools/fixtures_hooks.py, which runs the same scenarios): hooks and retain entries in
// registration order, a leaf's hooks seeing its gradient summed over every route, removal,
// accumulation over backward calls, and the errors and warning PyTorch gives.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/hooks.json', import.meta.url), 'utf8'));
const flat = (t) => (t ? [t.tolist()].flat(Infinity) : null);
const f32 = (v, requires_grad = false) => torch.tensor(v, { dtype: torch.float32, requires_grad });

test('retain_grad and register_hook: PyTorch 1.13\'s gradients, in registration order', () => {
  const S = fx.scenarios, x = f32([1, 2, 3], true);
  let y = x.mul(2); y.retain_grad(); y.mul(y).sum().backward();
  assert.deepEqual({ y_grad: flat(y.grad), x_grad: flat(x.grad), y_retains: y.retains_grad, x_retains: x.retains_grad }, S.retain);
  x.grad = null; y = x.mul(2); y.retain_grad(); y.register_hook((g) => g.mul(10)); y.mul(y).sum().backward();
  assert.deepEqual({ y_grad: flat(y.grad), x_grad: flat(x.grad) }, S.retain_then_hook);
  x.grad = null; y = x.mul(2); y.register_hook((g) => g.mul(10)); y.retain_grad(); y.mul(y).sum().backward();
  assert.deepEqual({ y_grad: flat(y.grad), x_grad: flat(x.grad) }, S.hook_then_retain);
  x.grad = null; const h = x.register_hook((g) => g.mul(3)); x.mul(x).sum().backward(); const hooked = flat(x.grad); h.remove();
  x.grad = null; x.mul(x).sum().backward();
  assert.deepEqual({ hooked, removed: flat(x.grad) }, S.leaf_hook_removed);
  y = x.mul(2); y.retain_grad(); y.sum().backward({ retain_graph: true }); y.sum().backward();
  assert.deepEqual({ y_grad: flat(y.grad) }, S.retain_accumulates);
  x.grad = null; let z = x.mul(x).sum(); z.register_hook((g) => g.mul(5)); z.backward();
  assert.deepEqual({ x_grad: flat(x.grad) }, S.root_hook);
  x.grad = null; z = x.mul(x).sum(); z.retain_grad(); z.backward();
  assert.deepEqual({ z_grad: flat(z.grad) }, S.root_retain);
  const seen = []; x.grad = null; const h2 = x.register_hook((g) => { seen.push(flat(g)); }); x.mul(x).add(x).sum().backward(); h2.remove();
  assert.deepEqual({ seen, x_grad: flat(x.grad) }, S.leaf_hook_sees_sum);
  x.grad = null; const v = x.narrow(0, 1, 2); v.retain_grad(); v.mul(v).sum().backward();
  assert.deepEqual({ v_grad: flat(v.grad), x_grad: flat(x.grad) }, S.view_retain);
  x.grad = null; y = x.mul(1); y.register_hook((g) => g.add(1)); y.register_hook((g) => g.mul(2)); y.sum().backward();
  assert.deepEqual({ x_grad: flat(x.grad) }, S.hook_order);
  const leaf = f32([2, 4], true); leaf.retain_grad(); leaf.mul(3).sum().backward();
  assert.deepEqual({ grad: flat(leaf.grad), retains: leaf.retains_grad }, S.leaf_retain_noop);
});

test('hooks: PyTorch 1.13\'s errors, and the warning on a non-leaf .grad', () => {
  const E = fx.errors, x = f32([1, 2, 3], true);
  const check = (name, f) => assert.throws(f, (e) => e.constructor.name === E[name].type && e.message === E[name].message, name);
  check('hook_no_grad', () => torch.zeros(2).register_hook((g) => g));
  check('retain_no_grad', () => torch.zeros(2).retain_grad());
  // JavaScript's anonymous arrows print as Python's lambdas do
  check('hook_size', () => { const y = x.mul(2); y.register_hook((g) => torch.zeros(2)); y.sum().backward(); });
  check('hook_dtype', () => { const y = x.mul(2); y.register_hook((g) => g.double()); y.sum().backward(); });
  check('hook_not_tensor', () => { const y = x.mul(2); y.register_hook(() => 3); y.sum().backward(); });
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try { const y = x.mul(2); y.sum().backward(); assert.equal(y.grad, fx.scenarios.nonleaf_grad_warning.grad); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
  assert.deepEqual(seen, [fx.scenarios.nonleaf_grad_warning.warning]);
});

test('a hook on a batch-1 Linear weight sees the whole gradient even where .grad already exists', () => {
  torch.manual_seed(0);
  const lin = new torch.nn.Linear(5, 3), x = torch.randn(1, 5);
  lin(x).sum().backward();
  const first = flat(lin.weight.grad);
  const seen = [];
  lin.weight.register_hook((g) => { seen.push(flat(g)); return g.mul(2); });
  lin(x).sum().backward();
  // the hook saw this backward's gradient (equal to the first one) and its double was added
  assert.deepEqual(seen, [first]);
  assert.deepEqual(flat(lin.weight.grad), first.map((v) => Math.fround(v + Math.fround(2 * v))));
});

test('a gradient a hook keeps stays intact after backward (its storage is not reused)', () => {
  const x = torch.randn([64, 1000], { requires_grad: true });
  let kept = null;
  const y = x.mul(2);
  y.register_hook((g) => { kept = g; });
  y.mul(3).sum().backward();
  const want = flat(kept);
  // more backward passes allocate and free gradients of the same size
  for (let i = 0; i < 5; i++) x.mul(5).sum().backward();
  assert.deepEqual(flat(kept), want);
  assert.ok(want.every((v) => v === 3));
});
