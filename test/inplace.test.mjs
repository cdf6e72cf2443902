// In-place ops under autograd (version counters and the error PyTorch raises when a tensor saved
// for backward was changed, in-place ops recorded in the graph, views and CopySlices), and the
// argument binding of the in-place methods, add/sub (with 1.13's deprecated overloads) and
// Tensor.backward. Every expectation comes from PyTorch 1.13: test/fixtures/inplace_cases.json,
// written by tools/fixtures_inplace.py, where each scenario below has a twin of the same name.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const F = torch.nn.functional;
const fx = JSON.parse(readFileSync(new URL('./fixtures/inplace_cases.json', import.meta.url), 'utf8'));

const f32 = torch.float32;
const vec = (...v) => torch.tensor(v, { dtype: f32 });
const leaf = (...v) => torch.tensor(v, { dtype: f32, requires_grad: true });
const g = (t) => (t === null ? null : t.tolist());
const asError = (e) => ({ error: { type: e.name, message: e.message } });

/** Deep equality with float tolerance (float32 values printed by Python as doubles). */
function same(actual, expected, path = '') {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), path);
    return assert.ok(Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `${path}: ${actual} vs ${expected}`);
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: not an array: ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    return expected.forEach((e, i) => same(actual[i], e, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    assert.deepEqual(Object.keys(actual ?? {}).sort(), Object.keys(expected).sort(), `${path}: keys of ${JSON.stringify(actual)}`);
    for (const k of Object.keys(expected)) same(actual[k], expected[k], `${path}.${k}`);
    return undefined;
  }
  return assert.equal(actual, expected, path);
}

// ---- scenarios: the twins of tools/fixtures_inplace.py's ----
const X23 = () => torch.tensor([[0, 1, 2], [3, 4, 5]], { dtype: f32, requires_grad: true });
const C23 = () => torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: f32 });
const W53 = () => torch.arange(15, { dtype: f32 }).reshape(5, 3).div(10).requires_grad_();
const S = {
  log_softmax_mul_() {
    const x = torch.tensor([[1, 2, 3, 4, 5], [0, 0, 1, 0, 0], [-1, 2, -3, 4, -5]], { dtype: f32, requires_grad: true });
    const y = F.log_softmax(x, 1);
    y.mul_(2);
    y.sum().backward();
  },
  saved_leaf_modified() {
    const x = leaf(1, 2, 3), w = vec(4, 5, 6);
    const y = x.mul(w);
    w.mul_(10);
    y.sum().backward();
  },
  leaf_inplace() { leaf(1, 2, 3).mul_(2); },
  recorded_mul_() {
    const x = leaf(1, 2, 3);
    const y = x.mul(2);
    y.mul_(3);
    const r = { grad_fn: y.grad_fn.name(), version: y._version, is_leaf: y.is_leaf };
    y.sum().backward();
    return { ...r, x: g(x.grad) };
  },
  mul_by_grad_tensor() {
    const x = leaf(1, 2, 3), w = leaf(4, 5, 6);
    const y = x.mul(2);
    y.mul_(w);
    y.mul_(2);
    y.sum().backward();
    return { x: g(x.grad), w: g(w.grad) };
  },
  div_by_grad_tensor() {
    const x = leaf(1, 2, 3), w = leaf(4, 5, 6);
    const y = x.mul(2);
    y.div_(w);
    y.sum().backward();
    return { x: g(x.grad), w: g(w.grad) };
  },
  saved_input_modified() {
    const x = leaf(1, 2, 3), w = leaf(4, 5, 6);
    const a = x.exp();
    const z = a.mul(w);
    a.mul_(2);
    z.sum().backward();
  },
  output_saved_then_view_modified() {
    const x = leaf(1, 2, 3);
    const z = x.exp();
    z.view(3).add_(1);
    z.sum().backward();
  },
  relu_then_add_() {
    const x = leaf(-1, 2, 3);
    const y = x.mul(2);
    y.relu_();
    y.add_(1);
    y.sum().backward();
  },
  functional_relu_inplace() {
    const x = leaf(-1, 2, -3, 4);
    const y = x.mul(1);
    const r = F.relu(y, { inplace: true });
    const out = { same: r === y, grad_fn: y.grad_fn.name() };
    y.mul(vec(1, 2, 3, 4)).sum().backward();
    return { ...out, x: g(x.grad) };
  },
  clamp_() {
    const x = leaf(-1, 0.25, 0.5, 2);
    const y = x.mul(2);
    y.clamp_(0, 1);
    const out = { grad_fn: y.grad_fn.name(), y: y.tolist() };
    y.sum().backward();
    return { ...out, x: g(x.grad) };
  },
  zero_fill_copy() {
    const x = leaf(1, 2, 3), w = leaf(5), v = torch.tensor(2, { dtype: f32, requires_grad: true });
    const a = x.mul(2), b = x.mul(3), c = x.mul(4);
    a.zero_();
    b.fill_(v);
    c.copy_(w);
    const names = [a.grad_fn.name(), b.grad_fn.name(), c.grad_fn.name()];
    a.add(b.mul(2)).add(c.mul(3)).sum().backward();
    return { names, x: g(x.grad), w: g(w.grad), v: g(v.grad), values: [a.tolist(), b.tolist(), c.tolist()] };
  },
  expanded_inplace() {
    const out = {};
    const ops = {
      add_: (x) => x.add_(1), mul_: (x) => x.mul_(vec(1, 2, 3)), exp_: (x) => x.exp_(),
      clamp_: (x) => x.clamp_(0, 1), copy_: (x) => x.copy_(torch.ones(2, 3)), uniform_: (x) => x.uniform_(),
      index_add_: (x) => x.index_add_(0, torch.tensor([0]), torch.ones(1, 3)), addcmul_: (x) => x.addcmul_(torch.ones(3), torch.ones(3)),
      fill_: (x) => x.fill_(2), zero_: (x) => x.zero_(),
      masked_fill_: (x) => x.masked_fill_(torch.tensor([true, false, true]), 4),
      index_fill_: (x) => x.index_fill_(1, torch.tensor([1]), 5),
      index_put_: (x) => x.index_put_([torch.tensor([1])], vec(6, 7, 8)),
      masked_fill_mixed: (x) => x.masked_fill_(torch.tensor([[true, false, false], [false, false, true]]), 4),
      index_fill_rows: (x) => x.index_fill_(0, torch.tensor([1]), 5),
      index_put_one: (x) => x.index_put_([torch.tensor([0]), torch.tensor([2])], torch.tensor(3)),
    };
    const warned = [];
    torch.setWarningHandler((m) => warned.push(m));
    try {
      for (const [name, op] of Object.entries(ops)) {
        const x = torch.zeros(1, 3).expand(2, 3);
        try { op(x); out[name] = x.tolist(); } catch (e) { out[name] = asError(e); }
      }
    } finally { torch.setWarningHandler(() => {}); }
    for (const op of ['masked_fill_', 'index_fill_', 'index_put_'])
      assert.ok(warned.some((m) => m.startsWith(`Use of ${op} on expanded tensors is deprecated.`)), `${op} warns`);
    const x = torch.zeros(1, 3).expand(2, 3);
    x.set(torch.slice(), 0, 9);
    out.setitem_scalar = x.tolist();
    try { x.set(torch.slice(), vec(1, 2, 3)); } catch (e) { out.setitem_tensor = asError(e); }
    return out;
  },
  sub_alpha_and_plain_leaf() {
    const x = leaf(1, 2, 3), w = leaf(4, 5, 6);
    const y = x.mul(2);
    y.sub_(w, { alpha: 2 });
    const z = torch.zeros(3);
    z.add_(w);
    const out = { y: y.tolist(), z_grad_fn: z.grad_fn.name(), z_is_leaf: z.is_leaf, z_requires_grad: z.requires_grad };
    y.add(z.mul(vec(1, 2, 3))).sum().backward();
    return { ...out, x: g(x.grad), w: g(w.grad) };
  },
  view_inplace_copyslices() {
    const x = leaf(1, 2, 3);
    const y = x.mul(1);
    const v = y.view(3);
    v.mul_(2);
    const out = { base: y.grad_fn.name(), view: v.grad_fn.name(), base_version: y._version, repr: String(y) };
    y.mul(vec(1, 2, 3)).sum().backward();
    return { ...out, x: g(x.grad) };
  },
  base_inplace_view_follows() {
    const x = leaf(1, 2, 3);
    const y = x.mul(1);
    const v = y.view(1, 3);
    y.mul_(2);
    const out = { view: v.grad_fn.name(), view_version: v._version };
    v.mul(vec(1, 2, 3)).sum().backward();
    return { ...out, x: g(x.grad) };
  },
  view_of_plain_leaf_inplace() {
    const w = leaf(4, 5, 6);
    const y = torch.zeros(3);
    const v = y.view(3);
    v.add_(w);
    const out = { base: y.grad_fn.name(), view: v.grad_fn.name() };
    y.mul(vec(1, 2, 3)).sum().backward();
    return { ...out, w: g(w.grad) };
  },
  view_of_leaf_inplace() { leaf(1, 2, 3).view(3).mul_(2); },
  no_grad_view_inplace() {
    const x = leaf(1, 2, 3);
    const v = torch.no_grad(() => x.view(3));
    v.mul_(2);
  },
  no_grad_leaf_inplace() {
    const x = leaf(1, 2, 3);
    torch.no_grad(() => {
      x.mul_(2);
      x.view(3).add_(1);
    });
    return { x: x.tolist(), version: x._version, is_leaf: x.is_leaf };
  },
  detach_shares_version_data_does_not() {
    const x = leaf(1, 2, 3);
    const d = x.detach(), dd = x.data;
    const y = x.mul(x);
    dd.mul_(2);
    const r = { after_data: [x._version, dd._version] };
    d.mul_(2);
    r.after_detach = [x._version, d._version];
    try { y.sum().backward(); } catch (e) { Object.assign(r, asError(e)); }
    return r;
  },
  detach_view_inplace() { leaf(1, 2, 3).mul(1).view(3).detach_(); },
  sum_then_zero_() {
    const x = leaf(1, 2, 3);
    const y = x.mul(2);
    const s = y.sum();
    y.zero_();
    s.backward();
    return { x: g(x.grad) };
  },
  dropout_inplace() {
    torch.manual_seed(0);
    const x = torch.tensor([[1, -2, 3, 4], [5, 6, -7, 8]], { dtype: f32, requires_grad: true });
    const y = x.mul(1);
    const r = F.dropout(y, 0.5, { inplace: true });
    const out = { same: r === y, grad_fn: y.grad_fn.name(), y: y.tolist() };
    y.sum().backward();
    return { ...out, x: g(x.grad) };
  },
  dropout_inplace_leaf() { F.dropout(leaf(1, 2, 3), 0.5, { inplace: true }); },
  linear_weight_stepped_before_backward() {
    const w = W53(), x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: f32, requires_grad: true });
    const y = F.linear(x, w);
    w.grad = torch.ones(5, 3);
    new torch.optim.SGD([w], { lr: 0.1 }).step();
    y.sum().backward();
  },
  linear_input_3d_modified() {
    const w = W53(), x = torch.arange(12, { dtype: f32 }).reshape(2, 2, 3);
    const y = F.linear(x, w);
    torch.no_grad(() => x.mul_(2));
    y.sum().backward();
  },
  conv_unbatched_input_modified() {
    const w = torch.ones(2, 1, 2, 2, { requires_grad: true }), x = torch.arange(9, { dtype: f32 }).reshape(1, 3, 3);
    const y = F.conv2d(x, w);
    x.add_(1);
    y.sum().backward();
  },
  nll_target_modified() {
    const x = torch.tensor([[1, 2, 3], [3, 2, 1]], { dtype: f32, requires_grad: true }), t = torch.tensor([0, 2]);
    const y = F.nll_loss(x, t);
    t.add_(0);
    y.backward();
  },
  cross_entropy_weight_modified() {
    const x = torch.tensor([[1, 2, 3], [3, 2, 1]], { dtype: f32, requires_grad: true }), w = torch.ones(3);
    const y = F.cross_entropy(x, torch.tensor([0, 2]), { weight: w });
    w.mul_(2);
    y.backward();
  },
  max_pool_indices_modified() {
    const x = torch.arange(16, { dtype: f32 }).reshape(1, 1, 4, 4).requires_grad_();
    const [y, i] = F.max_pool2d(x, 2, { return_indices: true });
    i.add_(1);
    y.sum().backward();
  },
  max_dim_indices_modified() {
    const x = torch.tensor([[1, 3, 2], [6, 5, 4]], { dtype: f32, requires_grad: true });
    const [v, i] = x.max(1);
    i.add_(1);
    v.sum().backward();
  },
  max_all_result_modified() {
    const x = torch.tensor([[1, 3, 2], [6, 5, 4]], { dtype: f32, requires_grad: true });
    const v = x.max();
    v.add_(1);
    v.backward();
  },
  mean_dim_input_modified() {
    const x = torch.tensor([[1, 3, 2], [6, 5, 4]], { dtype: f32, requires_grad: true });
    const v = x.mean(1);
    torch.no_grad(() => x.mul_(2));
    v.sum().backward();
  },
  index_select_index_modified() {
    const x = torch.tensor([[1, 3, 2], [6, 5, 4]], { dtype: f32, requires_grad: true }), i = torch.tensor([1, 0, 1]);
    const v = x.index_select(0, i);
    i.zero_();
    v.sum().backward();
  },
  where_condition_modified() {
    const x = leaf(1, 2, 3), c = torch.tensor([true, false, true]);
    const v = torch.where(c, x, 0);
    c.zero_();
    v.sum().backward();
  },
  matmul_vector_matrix_modified() {
    const a = vec(1, 2), b = torch.ones(2, 3, { requires_grad: true });
    const y = a.matmul(b);
    a.mul_(2);
    y.sum().backward();
  },
  pow_tensor_exponent() {
    const x = leaf(1, 2, 3), e = leaf(2, 2, 2);
    const y = x.pow(e);
    const name = y.grad_fn.name();
    y.add_(1);
    try { y.sum().backward(); } catch (ex) { return { name, ...asError(ex) }; }
    return undefined;
  },
  optimizer_and_init_versions() {
    const p = torch.ones(2, 2, { requires_grad: true });
    torch.nn.init.uniform_(p);
    const r = [p._version];
    for (const opt of [new torch.optim.SGD([p], { lr: 0.1 }), new torch.optim.Adam([p]), new torch.optim.AdamW([p]), new torch.optim.Adadelta([p])]) {
      p.grad = torch.ones(2, 2);
      opt.step();
      r.push(p._version);
    }
    return { versions: r };
  },
  failed_inplace_writes_nothing() {
    const x = torch.tensor([1, 2, 3]), o = vec(1, 1, 1), out = {};
    for (const [name, f] of [['float_into_long', () => x.add_(o.mul(1.5))], ['broadcast', () => x.add_(torch.ones(2, 3, { dtype: torch.int64 }))],
      ['int_alpha', () => x.add_(x, { alpha: 1.5 })]]) {
      try { f(); } catch (e) { out[name] = e.message; }
    }
    return { ...out, x: x.tolist(), version: x._version };
  },
  select_view_inplace() {
    const x = X23(), y = x.mul(1);
    y.get(1).mul_(2);
    const out = { base: y.grad_fn.name(), y: y.tolist() };
    y.mul(C23()).sum().backward();
    return { ...out, x: g(x.grad) };
  },
  transpose_view_add_() {
    const x = X23(), w = torch.tensor([[1, 2], [3, 4], [5, 6]], { dtype: f32, requires_grad: true });
    const y = x.mul(1);
    y.t().add_(w);
    const out = { y: y.tolist(), base: y.grad_fn.name() };
    y.mul(C23()).sum().backward();
    return { ...out, x: g(x.grad), w: g(w.grad) };
  },
  narrow_view_after_base_changed() {
    const x = X23(), y = x.mul(1);
    const v = y.narrow(1, 1, 2);
    y.mul_(3);
    const out = { view: v.grad_fn.name(), v: v.tolist() };
    v.mul(torch.tensor([[1, 2], [3, 4]], { dtype: f32 })).sum().backward();
    return { ...out, x: g(x.grad) };
  },
  setitem_basic() {
    const x = X23(), v = leaf(7, 8, 9), y = x.mul(1);
    y.set(0, v);
    const out = { base: y.grad_fn.name(), y: y.tolist() };
    y.mul(C23()).sum().backward();
    return { ...out, x: g(x.grad), v: g(v.grad) };
  },
  setitem_advanced() {
    const x = X23(), v = leaf(7, 8), y = x.mul(1);
    y.set(torch.tensor([0, 1]), torch.tensor([2, 0]), v);
    const out = { base: y.grad_fn.name(), y: y.tolist() };
    y.mul(C23()).sum().backward();
    return { ...out, x: g(x.grad), v: g(v.grad) };
  },
  masked_fill_recorded() {
    const x = X23(), y = x.mul(1);
    y.masked_fill_(torch.tensor([[true, false, true], [false, false, true]]), 0.5);
    const out = { base: y.grad_fn.name(), y: y.tolist() };
    y.mul(C23()).sum().backward();
    return { ...out, x: g(x.grad) };
  },
  index_add_recorded() {
    const x = X23(), src = torch.tensor([[1, 2], [3, 4]], { dtype: f32, requires_grad: true }), y = x.mul(1);
    y.index_add_(1, torch.tensor([2, 0]), src, { alpha: 2 });
    const out = { base: y.grad_fn.name(), y: y.tolist() };
    y.mul(C23()).sum().backward();
    return { ...out, x: g(x.grad), src: g(src.grad) };
  },
  addcmul_recorded() {
    const x = X23(), t1 = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: f32, requires_grad: true }), y = x.mul(1);
    y.addcmul_(t1, C23(), { value: 2 });
    const out = { base: y.grad_fn.name(), y: y.tolist() };
    y.sum().backward();
    return { ...out, x: g(x.grad), t1: g(t1.grad) };
  },
  leaky_relu_inplace() {
    const x = leaf(-2, -1, 1, 2), y = x.mul(1);
    F.leaky_relu(y, 0.1, { inplace: true });
    const out = { base: y.grad_fn.name(), y: y.tolist() };
    y.mul(vec(1, 2, 3, 4)).sum().backward();
    return { ...out, x: g(x.grad) };
  },
  unbind_view_inplace() { X23().mul(1).unbind(0)[0].mul_(2); },
  split_view_after_base_changed() {
    const y = X23().mul(1);
    const a = y.split(1, 1)[0];
    y.mul_(2);
    a.sum().backward();
  },
  no_grad_view_after_base_changed() {
    const y = X23().mul(1);
    const v = torch.no_grad(() => y.view(6));
    y.mul_(2);
    return { grad_fn: v.grad_fn.name() };
  },
  sin_input_modified() {
    const a = X23().mul(1);
    const z = a.sin();
    a.add_(1);
    z.sum().backward();
  },
};

function runScenario(name) {
  try { return S[name]() ?? { ok: true }; } catch (e) { return asError(e); }
}

test('every PyTorch scenario has its twin here', () => {
  assert.deepEqual(Object.keys(S).sort(), Object.keys(fx.scenarios).sort());
});
for (const [name, expected] of Object.entries(fx.scenarios)) {
  test(`scenario ${name}`, () => { same(runScenario(name), expected, name); });
}

test('the audit reproductions: PyTorch\'s errors instead of wrong gradients', () => {
  const x = torch.randn(3, 5, { requires_grad: true });
  const y = F.log_softmax(x, 1);
  y.mul_(2);
  assert.throws(() => y.sum().backward(), { name: 'RuntimeError', message: /^one of the variables needed for gradient computation has been modified by an inplace operation: \[torch\.FloatTensor \[3, 5\]\], which is output 0 of LogSoftmaxBackward0, is at version 1; expected version 0 instead\. Hint:/ });
  const p = torch.ones(3);
  torch.setWarningHandler(() => {});
  try { p.data.add_(-0.5, torch.ones(3).mul(2).data); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
  assert.deepEqual(p.tolist(), [0, 0, 0]); // 1 + (-0.5) * 2, as PyTorch (the second argument was ignored before)
});

// ---- calls: argument binding ----
function tensors() {
  return {
    x: vec(1, 2, 3), o: torch.ones(3), l: torch.tensor([1, 2, 3]), b: torch.tensor([true, false, true]), s: torch.tensor(2, { dtype: f32 }),
    o2: torch.ones(2), o23: torch.ones(2, 3), m: torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: f32 }), r: torch.ones(3, { requires_grad: true }),
    f: vec(1.7, -1.7, 2.5),
  };
}
const decode = (v, ts) => (Array.isArray(v) ? v.map((e) => decode(e, ts)) : v !== null && typeof v === 'object' && 'T' in v ? ts[v.T] : v);

function runCall(c) {
  const ts = tensors(), args = decode(c.args, ts), kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v, ts)]));
  const all = Object.keys(kw).length ? [...args, kw] : args;
  const warnings = [];
  torch.setWarningHandler((m) => warnings.push(m)); // also forgets earlier warnings: each call is a fresh process in the fixture
  let res;
  try {
    if (c.self === 'torch') res = { values: torch[c.method](...all).tolist() };
    else if (c.self === 'backward') {
      const x = torch.tensor([1, 2, 3], { dtype: f32, requires_grad: true });
      x.mul(2).sum().backward(...all);
      res = { values: x.grad.tolist() };
    } else {
      const t = ts[c.self];
      res = { values: t[c.method](...all).tolist(), self: t.tolist() };
    }
  } catch (e) { res = asError(e); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
  if (warnings.length) res.warning = warnings[0];
  return res;
}

for (const c of fx.calls) {
  const label = `${c.self === 'torch' || c.self === 'backward' ? c.self : 'Tensor'}.${c.method}(${JSON.stringify(c.args).slice(1, -1)}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ''})`;
  test(`call ${label}`, () => { same(runCall(c), c.expect, label); });
}

test('deprecated overloads warn once per process, as PyTorch\'s TORCH_WARN_ONCE', () => {
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try {
    const x = torch.ones(3);
    x.add_(2, torch.ones(3));
    x.sub_(2, torch.ones(3));
    x.add(2, torch.ones(3));
    assert.deepEqual(x.tolist(), [1, 1, 1]);
  } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
  assert.equal(seen.length, 1);
  assert.match(seen[0], /^This overload of add_ is deprecated:/);
});

test('backward(create_graph=true) says it is not supported', () => {
  const x = torch.ones(3, { requires_grad: true });
  assert.throws(() => x.sum().backward(null, true, true), { name: 'NotImplementedError', message: 'create_graph=True (higher-order gradients) is not supported by torchlet' });
});

test('fused cross_entropy refuses a backward after its input changed, where it would read the new values', () => {
  const x = torch.tensor([[1, 2, 3], [3, 2, 1]], { dtype: f32, requires_grad: true }), t = torch.tensor([0, 2]);
  const run = (mutate, reduction) => {
    const x1 = x.detach().clone().requires_grad_();
    const y = F.cross_entropy(x1, t, { reduction });
    mutate(x1);
    y.sum().backward();
    return x1.grad.tolist();
  };
  const refusal = { name: 'RuntimeError', message: /^cross_entropy: its input was modified by an inplace operation/ };
  assert.throws(() => run((x1) => torch.no_grad(() => x1.mul_(0)), 'none'), refusal);
  // where the forward already wrote the gradient (a reduced loss), it is PyTorch's; otherwise the refusal
  const ref = run(() => {}, 'sum');
  try { same(run((x1) => torch.no_grad(() => x1.mul_(0)), 'sum'), ref); } catch (e) { assert.throws(() => { throw e; }, refusal); }
});

test('a view made by reshape/flatten/squeeze/unsqueeze shares the version counter; .data does not', () => {
  const x = torch.zeros(2, 3);
  const views = [x.view(6), x.reshape(3, 2), x.flatten(), x.unsqueeze(0), x.view(1, 6).squeeze(0), x.detach()];
  x.add_(1);
  for (const v of views) assert.equal(v._version, 1);
  assert.equal(x.data._version, 0);
  views[0].mul_(2);
  assert.equal(x._version, 2);
  assert.deepEqual(x.tolist(), [[2, 2, 2], [2, 2, 2]]);
  assert.equal(views[1]._base, x);
  assert.equal(x.view(6).view(2, 3)._base, x); // the root, as PyTorch's _base
});
