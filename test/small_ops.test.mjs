// The one-shape loops of small elementwise ops (comparisons, where, clamp, sigmoid) and the
// single-pass cross_entropy reference kernel: they must give what the general broadcasting paths
// give (the same op on an operand broadcast from a size-1 dim takes the general path), values and
// gradients, special values included. (Against PyTorch: cases_math.json / the loss fixtures.)
import test from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';

const F = torch.nn.functional;
const flat = (t) => [t.tolist()].flat(Infinity);
const vals = [NaN, -0, 0, -2, 1.5, Infinity, -Infinity, 0.25, 3, -1];
const same = (a, b, what) => assert.deepEqual(flat(a), flat(b), what);

test('comparisons: one-shape and scalar loops equal the broadcasting path, NaN included', () => {
  const a = torch.tensor(vals), b = torch.tensor([...vals].reverse());
  for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge']) {
    const fast = a[op](b), general = a.unsqueeze(0)[op](b.unsqueeze(1)).diagonal();
    assert.equal(fast.dtype, torch.bool);
    same(fast, general, op);
    const s = a[op](0), sg = a.unsqueeze(0)[op](torch.zeros(2, 1)).select(0, 1);
    same(s, sg, `${op} scalar`);
  }
  assert.deepEqual(flat(torch.tensor([NaN, 1]).ne(NaN)), [true, true]);
  assert.deepEqual(flat(torch.tensor([NaN, 1]).eq(torch.tensor([NaN, 1]))), [false, true]);
});

test('where: one-shape select keeps -0, promotes, and routes gradients by the condition', () => {
  const c = torch.tensor([true, false, true, false]);
  const x = torch.tensor([1, 2, 3, 4], { dtype: torch.float32, requires_grad: true }), y = torch.tensor([-0, -0, 5, 6], { dtype: torch.float32, requires_grad: true });
  const out = torch.where(c, x, y);
  assert.ok(Object.is(flat(out)[1], -0), 'where(false, x, -0.) is -0 as in PyTorch');
  assert.deepEqual(flat(out), [1, -0, 3, 6]);
  out.mul(torch.tensor([10, 20, 30, 40])).sum().backward();
  assert.deepEqual(flat(x.grad), [10, 0, 30, 0]);
  assert.deepEqual(flat(y.grad), [0, 20, 0, 40]);
  // int and float operands promote to float32, as the broadcasting path does
  const w = torch.where(c, torch.tensor([1, 2, 3, 4]), torch.tensor([0.5, 0.5, 0.5, 0.5]));
  assert.equal(w.dtype, torch.float32);
  assert.deepEqual(flat(w), [1, 0.5, 3, 0.5]);
  const wb = torch.where(c.unsqueeze(0), torch.tensor([1, 2, 3, 4]), torch.tensor([[0.5], [0.5]]));
  assert.deepEqual(flat(wb.select(0, 0)), flat(w));
});

test('clamp and sigmoid: loops of their own give the closure forms\' values and gradients', () => {
  const x = torch.tensor(vals.filter((v) => !Number.isNaN(v)), { requires_grad: true });
  const y = x.clamp(-1, 1.5);
  assert.deepEqual(flat(y), [-0, 0, -1, 1.5, 1.5, -1, 0.25, 1.5, -1]);
  y.sum().backward();
  // gradient 1 inside [min, max], bounds included, 0 outside
  assert.deepEqual(flat(x.grad), [1, 1, 0, 1, 0, 0, 1, 0, 1]);
  const z = torch.tensor([0, 2, -3], { dtype: torch.float32, requires_grad: true }), s = z.sigmoid();
  const want = [0, 2, -3].map((v) => Math.fround(1 / (1 + Math.exp(-v))));
  assert.deepEqual(flat(s), want);
  s.sum().backward();
  flat(z.grad).forEach((g, i) => assert.ok(Math.abs(g - want[i] * (1 - want[i])) < 1e-7));
  assert.ok(Number.isNaN(flat(torch.tensor([NaN]).clamp(0, 1))[0]));
});

test('cross_entropy reference kernel: one exp pass gives log_softmax + nll_loss bit for bit', () => {
  torch.manual_seed(3);
  for (const [N, C] of [[4, 18], [1, 5], [7, 3]]) {
    const x = torch.randn(N, C).mul(4), t = torch.randint(0, C, [N]);
    t.set(0, -100);
    for (const reduction of ['mean', 'sum', 'none']) {
      const a = x.clone().requires_grad_(), b = x.clone().requires_grad_();
      const ce = F.cross_entropy(a, t, { reduction }), ref = F.nll_loss(F.log_softmax(b, 1), t, { reduction });
      assert.deepEqual(flat(ce), flat(ref), `${N}x${C} ${reduction}`);
      ce.sum().backward(); ref.sum().backward();
      const ga = flat(a.grad), gb = flat(b.grad);
      ga.forEach((g, i) => assert.ok(Math.abs(g - gb[i]) <= 2e-7 * Math.max(1, Math.abs(gb[i])), `${N}x${C} ${reduction} grad[${i}]`));
    }
  }
});

test('stack: one StackBackward0 node, PyTorch 1.13\'s size message, the same values as cat of unsqueezed inputs', () => {
  const a = torch.randn([2, 3], { requires_grad: true }), b = torch.randn([2, 3], { requires_grad: true });
  for (const d of [0, 1, 2, -1]) {
    const s = torch.stack([a, b], d);
    assert.equal(s.grad_fn.name(), 'StackBackward0');
    assert.deepEqual(flat(s), flat(torch.cat([a.unsqueeze(d), b.unsqueeze(d)], d)), `dim ${d}`);
  }
  const w = torch.arange(12).view(2, 3, 2);
  torch.stack([a, b], 2).mul(w).sum().backward();
  assert.deepEqual(flat(a.grad), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(flat(b.grad), [1, 3, 5, 7, 9, 11]);
  assert.throws(() => torch.stack([torch.zeros(3), torch.zeros(3), torch.zeros(4)]),
    { name: 'RuntimeError', message: 'stack expects each tensor to be equal size, but got [3] at entry 0 and [4] at entry 2' });
  assert.equal(torch.stack([torch.tensor([1, 2]), torch.tensor([0.5, 2])]).dtype, torch.float32);
});

test('Tensor.where(condition, other): where.self\'s method form, with its TypeErrors', () => {
  const x = torch.tensor([1, 2, 3], { dtype: torch.float32, requires_grad: true }), c = torch.tensor([true, false, true]);
  const r = x.where(c, torch.zeros(3));
  assert.deepEqual(flat(r), [1, 0, 3]);
  assert.equal(r.grad_fn.name(), 'WhereBackward0');
  assert.deepEqual(flat(x.where({ condition: c, other: torch.ones(3) })), [1, 1, 3]);
  assert.throws(() => x.where(c), { name: 'TypeError', message: 'where() missing 1 required positional arguments: "other"' });
  assert.throws(() => x.where(c, x, x), { name: 'TypeError', message: 'where() takes 2 positional arguments but 3 were given' });
  assert.throws(() => x.where(1, x), { name: 'TypeError', message: "where(): argument 'condition' (position 1) must be Tensor, not int" });
});

test('x.sum() without arguments (its own short path) equals the sum over every dim: value, dtype, grad_fn, gradient', () => {
  torch.manual_seed(3);
  for (const shape of [[128], [4, 32], [3, 5, 7], [1], [2, 1, 3000]]) {
    const x = torch.randn(shape).mul(1000).requires_grad_(), y = x.detach().clone().requires_grad_();
    const s = x.sum(), t = y.sum(shape.map((_, i) => i));
    assert.equal(s.item(), t.item(), `${shape}`);
    assert.deepEqual(s.shape, []);
    assert.equal(s.grad_fn.name(), 'SumBackward0');
    s.mul(3).backward(); t.mul(3).backward();
    same(x.grad, y.grad, `grad ${shape}`);
  }
  // other dtypes and views keep the general path's answers
  assert.equal(torch.tensor([1, 2, 3]).sum().dtype, torch.int64);
  assert.equal(torch.arange(12).view(3, 4).t().float().sum().item(), 66);
  assert.equal(torch.zeros(0).sum().item(), 0);
});
