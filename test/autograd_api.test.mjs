// torch.autograd.grad, torch.autograd.backward, torch.autograd.Variable and torch.autograd.Function
// against PyTorch 1.13 (test/fixtures/autograd_api.json, written by tools/fixtures_autograd_api.py):
// each scenario is the same small program there and here, by name; then the errors, class and
// message. (The port of the tutorial "Defining New autograd Functions" is in test/tutorials.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const F = torch.nn.functional;
const { grad, backward, Variable, Function } = torch.autograd;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/autograd_api.json', import.meta.url), 'utf8'));

const leaf = (n, seed = 0) => { torch.manual_seed(seed); return torch.randn(n, { requires_grad: true }); };
const t = (v) => torch.tensor(v, { dtype: torch.float32 });

const enc = (v) => {
  if (v === null || v === undefined) return null;
  if (v instanceof torch.Tensor) return { dtype: v.dtype.name ?? String(v.dtype).replace('torch.', ''), shape: [...v.shape], values: [...v.detach().flatten().tolist()].map(Number) };
  if (Array.isArray(v)) return v.map(enc);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)]));
  return v;
};
const errorOf = (fn) => { try { fn(); } catch (e) { return { type: e.name, message: e.message }; } return null; };
const quiet = (fn) => {
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try { return [fn(), seen]; } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
};

class Scale extends Function {
  static forward(ctx, a, k) { ctx.k = k; return a.mul(k); }
  static backward(ctx, g) { return [g.mul(ctx.k), null]; }
}
class LegendreP3 extends Function {
  static forward(ctx, input) { ctx.save_for_backward(input); return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5); }
  static backward(ctx, grad_output) { const [input] = ctx.saved_tensors; return grad_output.mul(1.5).mul(input.pow(2).mul(5).sub(1)); }
}
class Same extends Function {
  static forward(ctx, a) { return a; }
  static backward(ctx, g) { return g.mul(2); }
}
class Broadcast extends Function {
  static forward(ctx, a) { return a.sum(); }
  static backward(ctx, g) { return g.mul(torch.ones(3, 2)); }
}
class Double extends Function {
  static forward(ctx, a) { return a.mul(2); }
  static backward(ctx, g) { return g.mul(2).double(); }
}
class ArgMax extends Function {
  static forward(ctx, a) { const out = a.argmax(); ctx.mark_non_differentiable(out); return out; }
  static backward() { return null; }
}
class TrailingNones extends Function {
  static forward(ctx, a) { return a.mul(3); }
  static backward(ctx, g) { return [g.mul(3), null, null]; }
}
class SaveOutput extends Function {
  static forward(ctx, a) { const out = a.exp(); ctx.save_for_backward(out); return out; }
  static backward(ctx, g) { const [out] = ctx.saved_tensors; return g.mul(out); }
}
class Pair extends Function {
  static forward(ctx, a) { ctx.save_for_backward(a); return [a.mul(2), a.exp(), 5]; }
  static backward(ctx, g1, g2) { const [a] = ctx.saved_tensors; return g1.mul(2).add(g2.mul(a.exp())); }
}
class PairUnmaterialized extends Function {
  static forward(ctx, a) { ctx.set_materialize_grads(false); return [a.mul(2), a.mul(3)]; }
  static backward(ctx, g1, g2) { return (g1 ? g1.mul(2) : torch.tensor(0)).add(g2 ? g2.mul(3) : 0); }
}
class OneInTuple extends Function {
  static forward(ctx, a) { return [a.mul(2)]; }
  static backward(ctx, g) { return g.mul(2); }
}
class MaxWithIndex extends Function {
  static forward(ctx, a) { const [v, i] = a.max(0); ctx.mark_non_differentiable(i); ctx.save_for_backward(i); return [v, i]; }
  static backward(ctx, gv, gi) { const [i] = ctx.saved_tensors; const g = torch.zeros(3); g.set(i, gv.mul(gi.add(1))); return g; }
}
class NoBackward extends Function { static forward(ctx, a) { return a.mul(2); } }
class NoForward extends Function {}
class TooFew extends Scale { static backward(ctx, g) { return g.mul(ctx.k); } }
class NotNoneForInt extends Scale { static backward(ctx, g) { return [g.mul(ctx.k), torch.ones(1)]; } }
class WrongShape extends Scale { static backward() { return [torch.ones(3), null]; } }
class NumberGradient extends Scale { static backward() { return [3, null]; } }
class SaveInt extends Function { static forward(ctx, a) { ctx.save_for_backward(a, 3); return a.mul(2); } }

const SCENARIOS = {
  grad_simple() { const a = leaf(3); const g = grad(a.mul(a).sum(), a); return { grad: g, a_grad: a.grad }; },
  grad_two_outputs() { const a = leaf(3); return { grad: grad([a.sum(), a.mul(a).sum()], [a], [t(1), t(2)]) }; },
  grad_more_grad_outputs_than_outputs() { const a = leaf(2); return { grad: grad([a.sum(), a.mul(a).sum()], [a], [t(1), t(2), t(3)]) }; },
  grad_nonleaf_input() { const a = leaf(3); const h = a.mul(3); return { grad: grad(h.mul(h).sum(), [h, a]) }; },
  grad_hooks() {
    const a = leaf(3); const h = a.mul(3);
    h.register_hook((g) => g.mul(10));
    const first = grad(h.mul(h).sum(), [h]);
    const second = grad(h.mul(h).sum(), [a]);
    a.register_hook((g) => g.mul(100));
    const third = grad(a.mul(a).sum(), [a]);
    return { first, second, third, a_grad: a.grad };
  },
  grad_retain_grad_on_path() { const a = leaf(3); const k = a.mul(2); k.retain_grad(); const g = grad(k.mul(k).sum(), [a]); return { grad: g, k_grad: k.grad }; },
  grad_leaves_keep_their_grad() {
    const a = leaf(3); a.mul(5).sum().backward();
    const b = leaf(3, 1); const g = grad(a.mul(b).sum(), [b]);
    return { grad: g, a_grad: a.grad, b_grad: b.grad };
  },
  grad_allow_unused() { const a = leaf(2), b = leaf(2, 1); return { grad: grad(a.mul(2).sum(), [a, b], { allow_unused: true }) }; },
  grad_output_is_input() { const a = leaf(2); return { grad: grad(a, a, t([5, 6])) }; },
  grad_same_input_twice() { const a = leaf(2); const h = a.exp(); return { grad: grad(h.mul(a).sum(), [a, h, a]) }; },
  grad_node_reached_twice() {
    torch.manual_seed(11);
    const [l0, l1, l2, l3] = [[3, 4], [4], [3, 1], [1, 4]].map((s) => torch.randn(s, { requires_grad: true }));
    const n4 = l1.pow(2);
    const n5 = n4.div(n4.abs().add(0.5));
    const n6 = l0.sub(l3);
    const loss = n5.mul(6).sum().add(n6.mul(7).sum());
    return { grad: grad(loss, [l0, l1, l3, l2], { allow_unused: true }) };
  },
  grad_retain_graph() {
    const a = leaf(3); const y = a.mul(a).sum();
    const first = grad(y, a, { retain_graph: true }), second = grad(y, a);
    return { first, second, third: errorOf(() => grad(y, a)) };
  },
  grad_dtype_of_input() { const a = leaf(3); return { grad: grad(a.double().mul(2).sum(), a) }; },
  grad_mlp_equals_backward() {
    torch.manual_seed(3);
    const x = torch.randn(4, 3);
    const w1 = torch.randn(5, 3, { requires_grad: true }), b1 = torch.randn(5, { requires_grad: true });
    const w2 = torch.randn(2, 5, { requires_grad: true }), b2 = torch.randn(2, { requires_grad: true });
    const loss = F.nll_loss(F.log_softmax(F.linear(F.relu(F.linear(x, w1, b1)), w2, b2), { dim: 1 }), torch.tensor([0, 1, 1, 0]));
    const g = grad(loss, [w1, b1, w2, b2], { retain_graph: true });
    loss.backward();
    return { grad: g, backward: [w1.grad, b1.grad, w2.grad, b2.grad] };
  },
  grad_partial_graph() {
    const a = leaf(3), b = leaf(3, 1); const calls = [];
    const hb = b.mul(2); hb.register_hook((g) => { calls.push('b'); return g; });
    const y = a.mul(a).sum().add(hb.sum());
    return { grad: grad(y, [a]), calls };
  },
  backward_two_tensors_with_hook() { const a = leaf(2); a.register_hook((g) => g.mul(100)); backward([a.mul(a).sum(), a.mul(3).sum()]); return { a_grad: a.grad }; },
  backward_grad_tensors() { const a = leaf(3); backward([a.mul(2), a.mul(a).sum()], [t([1, 2, 3]), t(0.5)]); return { a_grad: a.grad }; },
  backward_grad_variables() {
    const a = leaf(3);
    const [, warnings] = quiet(() => backward(a.mul(2), { grad_variables: t([1, 2, 3]) }));
    return { a_grad: a.grad, warnings };
  },
  backward_inputs() {
    const a = t([1, 2]).requires_grad_(), b = t([3, 4]).requires_grad_();
    const h = a.mul(b), z = h.mul(h).sum();
    z.backward({ inputs: [a], retain_graph: true });
    const first = { a: a.grad, b: b.grad };
    z.backward({ inputs: [h], retain_graph: true });
    const second = { a: a.grad, b: b.grad, h: h.grad, h_retains_grad: h.retains_grad };
    a.register_hook((g) => g.mul(10));
    a.grad = null;
    z.backward({ inputs: a, retain_graph: true });
    const third = a.grad;
    const c = torch.ones(2, { requires_grad: true });
    z.backward({ inputs: [c], retain_graph: true });
    backward([z, a.mul(3).sum()], { inputs: [b] });
    return { first, second, third, c: c.grad, b_after: b.grad };
  },
  backward_inputs_network() {
    torch.manual_seed(7);
    const x = torch.randn(5, 4), w1 = torch.randn(3, 4, { requires_grad: true }), w2 = torch.randn(2, 3, { requires_grad: true });
    const loss = F.cross_entropy(F.linear(torch.tanh(F.linear(x, w1)), w2), torch.tensor([0, 1, 0, 1, 1]));
    loss.backward({ inputs: [w2] });
    return { w1: w1.grad, w2: w2.grad };
  },
  variable() {
    const x = t([1, 2]);
    const v = Variable(x);
    x.mul_(3);
    const r = Variable(x, true);
    const d = Variable(leaf(2).mul(2));
    const [, warnings] = quiet(() => Variable(x, { volatile: true }));
    return { v, v_requires_grad: v.requires_grad, r_requires_grad: r.requires_grad, r_is_leaf: r.is_leaf, x_requires_grad: x.requires_grad,
      d_requires_grad: d.requires_grad, d_grad_fn: d.grad_fn === null, empty: Variable(), warnings };
  },
  function_legendre() {
    const x = t([0.5, -1, 2]).requires_grad_();
    const y = LegendreP3.apply(x);
    y.sum().backward();
    return { y, grad_fn: y.grad_fn.name(), repr: String(y), x_grad: x.grad };
  },
  function_non_tensor_argument() {
    const a = leaf(3); const seen = [];
    class Spy extends Scale { static backward(ctx, g) { seen.push([...ctx.needs_input_grad]); return [g.mul(ctx.k), null]; } }
    Spy.apply(a, 3).sum().backward();
    return { a_grad: a.grad, needs_input_grad: seen };
  },
  function_returns_its_input() {
    const b = leaf(2); const c = Same.apply(b);
    c.sum().backward();
    return { same_object: c === b, grad_fn: c.grad_fn.name(), b_grad: b.grad };
  },
  function_gradients_fitted() {
    const a = leaf(2), b = leaf(3);
    Broadcast.apply(a).backward();
    Double.apply(b).sum().backward();
    return { a_grad: a.grad, b_grad: b.grad };
  },
  function_without_recording() {
    const a = leaf(3);
    const y1 = torch.no_grad(() => LegendreP3.apply(a));
    const y2 = LegendreP3.apply(torch.ones(2));
    const i = ArgMax.apply(a);
    return { no_grad: [y1.requires_grad, y1.grad_fn === null], no_input_grad: y2.requires_grad, argmax: i, argmax_requires_grad: i.requires_grad };
  },
  function_trailing_nones_and_saved_output() {
    const a = leaf(3); TrailingNones.apply(a).sum().backward();
    const b = leaf(3, 1); SaveOutput.apply(b).sum().backward();
    return { a_grad: a.grad, b_grad: b.grad };
  },
  function_several_outputs() {
    const a = leaf(3);
    const [o1, o2, k] = Pair.apply(a);
    const reprs = [String(o1), String(o2), k];
    o1.sum().backward({ retain_graph: true });
    const first = a.grad.clone();
    o1.mul(o2).sum().backward();
    const b = leaf(2, 1);
    const [, p2] = PairUnmaterialized.apply(b);
    p2.sum().backward();
    const c = leaf(2, 2);
    const [r] = OneInTuple.apply(c);
    r.sum().backward();
    const d = leaf(3, 3);
    const [v, i] = MaxWithIndex.apply(d);
    v.backward();
    const e = leaf(3, 4);
    const [q1, q2] = Pair.apply(e);
    const g = grad(q1.add(q2).sum(), [e, q1]);
    return { reprs, first, both: a.grad, unmaterialized: b.grad, one_in_tuple: [String(r), c.grad], max: [v, i, i.requires_grad, d.grad], grad: g };
  },
  function_in_grad_and_a_network() {
    torch.manual_seed(5);
    const x = torch.randn(4, 3), w = torch.randn(2, 3, { requires_grad: true });
    const h = LegendreP3.apply(F.linear(x, w));
    const loss = F.nll_loss(F.log_softmax(h, { dim: 1 }), torch.tensor([0, 1, 1, 0]));
    return { loss, grad: grad(loss, [w, h]) };
  },
};

const ERRORS = {
  no_inputs: (a) => grad(a.sum(), []),
  no_inputs_output_without_grad: () => grad(torch.ones(2).sum(), []),
  shape_mismatch: (a) => grad(a.sum(), a, torch.ones(2)),
  fewer_grad_outputs: (a) => grad([a.sum(), a.mul(a).sum()], [a], [t(1)]),
  unused: (a) => grad(a.mul(2).sum(), [a, leaf(2, 1)]),
  input_without_grad: (a) => grad(a.mul(2).sum(), [torch.ones(2)]),
  input_without_grad_before_int: (a) => grad(a.sum(), [torch.ones(2), 3]),
  output_without_grad: (a) => grad(torch.ones(2).sum(), [a]),
  input_int: (a) => grad(a.mul(2).sum(), [3]),
  non_scalar_output: (a) => grad(a.mul(2), [a]),
  grad_outputs_int: (a) => grad(a.sum(), [a], 3),
  grad_outputs_list_of_int: (a) => grad(a.sum(), [a], [3]),
  outputs_int: (a) => grad(3, [a]),
  missing_inputs: (a) => grad(a.sum()),
  unexpected_keyword: (a) => grad(a.sum(), a, { retain: true }),
  backward_both_grads: (a) => backward(a.mul(2), torch.ones(2), { grad_variables: torch.ones(2) }),
  backward_empty_inputs: (a) => backward(a.sum(), { inputs: [] }),
  backward_output_without_grad: (a) => backward([a.sum(), torch.ones(1)]),
  backward_non_scalar: (a) => backward([a.mul(a).sum(), a.mul(3)]),
  variable_of_int: () => Variable(3),
  backward_inputs_without_grad: (a) => a.mul(2).sum().backward({ inputs: [torch.ones(2)] }),
  backward_inputs_int: (a) => a.mul(2).sum().backward({ inputs: [3] }),
  function_incorrect_number: (a) => TooFew.apply(a, 3).sum().backward(),
  function_gradient_for_int: (a) => NotNoneForInt.apply(a, 3).sum().backward(),
  function_gradient_shape: (a) => WrongShape.apply(a, 3).sum().backward(),
  function_no_backward: (a) => NoBackward.apply(a).sum().backward(),
  function_no_forward: (a) => NoForward.apply(a),
  function_save_int: (a) => SaveInt.apply(a),
  function_number_as_gradient: (a) => NumberGradient.apply(a, 3).sum().backward(),
  function_saved_input_modified: (a) => {
    const e = a.mul(1);
    const f = SaveOutput.apply(e), g = LegendreP3.apply(e);
    e.mul_(2);
    f.sum().add(g.sum()).backward();
  },
};

test('every scenario and error of the fixture has its program here', () => {
  assert.deepEqual(Object.keys(SCENARIOS).sort(), Object.keys(fixture.scenarios).sort());
  assert.deepEqual(Object.keys(ERRORS).sort(), Object.keys(fixture.errors).sort());
});

/** Equal structure; float values within 2 ulp-ish of float32 (the MLP's sums may round differently). */
function same(got, want, path) {
  if (want === null || typeof want !== 'object') return assert.deepEqual(got, want, path);
  if (Array.isArray(want)) { assert.equal(got.length, want.length, path); want.forEach((w, i) => same(got[i], w, `${path}[${i}]`)); return; }
  if ('values' in want && 'dtype' in want) {
    assert.equal(got.dtype, want.dtype, `${path} dtype`);
    assert.deepEqual(got.shape, want.shape, `${path} shape`);
    want.values.forEach((w, i) => assert.ok(Math.abs(got.values[i] - w) <= 1e-6 * Math.max(1, Math.abs(w)), `${path}[${i}]: ${got.values[i]} vs ${w}`));
    return;
  }
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), path);
  for (const k of Object.keys(want)) same(got[k], want[k], `${path}.${k}`);
}

for (const [name, want] of Object.entries(fixture.scenarios)) {
  test(`autograd ${name}`, () => same(enc(SCENARIOS[name]()), want, name));
}
for (const [name, want] of Object.entries(fixture.errors)) {
  test(`autograd error ${name}: ${want.type}`, () => {
    torch.setWarningHandler(() => {});
    try { assert.deepEqual(errorOf(() => ERRORS[name](leaf(2))), want); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
  });
}

test('grad through a graph 20,000 ops deep equals backward, and leaves .grad alone', () => {
  const a = leaf(4);
  let y = a;
  for (let i = 0; i < 20000; i++) y = y.mul(1.00001);
  const [g] = grad(y.sum(), a, { retain_graph: true });
  assert.equal(a.grad, null);
  y.sum().backward();
  assert.deepEqual(g.tolist(), a.grad.tolist());
});

test('grad frees nothing the caller holds: the gradients it returns survive later passes', () => {
  const a = leaf(64);
  const [g] = grad(a.mul(a).sum(), a);
  const before = g.tolist();
  for (let i = 0; i < 5; i++) a.mul(3).mul(a).sum().backward();
  assert.deepEqual(g.tolist(), before);
  assert.deepEqual(before, a.detach().mul(2).tolist());
});
