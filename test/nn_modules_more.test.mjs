// The modules of nn/modules/{activation_more,pooling_more,loss_more}.ts, ModuleList / ModuleDict /
// Sequential, the Module API (apply, named_modules, register_buffer, get_submodule, ...) and
// nn.utils.clip_grad_norm_ / clip_grad_value_ / parameters_to_vector, against PyTorch 1.13's numbers,
// names, reprs and error messages (test/fixtures/cases_nn_modules_more.json, from
// tools/fixtures_nn_modules_more.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { make, num } from './support/fixture_tensors.mjs';

const nn = torch.nn;
const FIX = JSON.parse(readFileSync(new URL('./fixtures/cases_nn_modules_more.json', import.meta.url), 'utf8'));
torch.setWarningHandler(() => {});

function close(got, want, what, exact = false) {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype.name ?? String(got.dtype), want.dtype, `${what}: dtype`);
  const tol = exact ? 0 : want.dtype === 'float64' ? 1e-10 : 1e-5;
  const g = got.flatten().tolist(), w = want.data.map(num);
  for (let i = 0; i < w.length; i++)
    if (!(Math.abs(g[i] - w[i]) <= tol * (1 + Math.abs(w[i])) || (Number.isNaN(g[i]) && Number.isNaN(w[i]))))
      assert.fail(`${what}[${i}]: ${g[i]} != ${w[i]}`);
}
const ctorArgs = (c) => (Object.keys(c.kw).length ? [...c.args, c.kw] : c.args);

test('activation, pooling and Identity modules: output, input gradient, grad_fn and repr as PyTorch', () => {
  for (const c of FIX.modules) {
    const what = `${c.module}(${JSON.stringify(ctorArgs(c))})`;
    const m = new nn[c.module](...ctorArgs(c));
    assert.equal(String(m), c.repr, `${what}: repr`);
    const x = make(c.input).requires_grad_(true);
    const y = m(c.inplace ? x.mul(1) : x);
    close(y, c.output, `${what} output`);
    if (c.grad_fn) assert.equal(y.grad_fn.name(), c.grad_fn, `${what}: grad_fn`);
    y.mul(make(c.grad_output)).sum().backward();
    close(x.grad, c.grad, `${what} grad`);
  }
});

test('MSELoss, L1Loss, SmoothL1Loss, HuberLoss: reduction (legacy size_average/reduce too), value and gradient', () => {
  for (const c of FIX.losses) {
    const what = `${c.module}(${JSON.stringify(c.kw)})`;
    const m = new nn[c.module](c.kw);
    assert.equal(String(m), c.repr);
    assert.equal(m.reduction, c.reduction, `${what}: reduction`);
    const x = make(c.input).requires_grad_(true);
    const y = m(x, make(c.target));
    close(y, c.output, `${what} output`);
    (y.ndim ? y.sum() : y).backward();
    close(x.grad, c.grad, `${what} grad`);
  }
  // positional HuberLoss(reduction, delta) and SmoothL1Loss's keyword beta
  assert.equal(new nn.HuberLoss('sum', 2).delta, 2);
  assert.equal(new nn.HuberLoss('sum', 2).reduction, 'sum');
  assert.equal(new nn.SmoothL1Loss({ beta: 0.25 }).beta, 0.25);
});

class Net extends nn.Module {
  constructor() {
    super();
    this.layers = new nn.ModuleList([new nn.Linear(4, 6), new nn.Tanh(), new nn.Linear(6, 5)]);
    this.heads = new nn.ModuleDict({ cls: new nn.Linear(5, 3), reg: new nn.Sequential(new nn.Linear(5, 2), new nn.LeakyReLU(0.1)) });
    this.act = new nn.GELU();
    this.shared = this.layers[0];
    this.register_buffer('running', torch.arange(3, { dtype: torch.float32 }));
    this.register_buffer('scratch', torch.ones(2), { persistent: false });
  }
  forward(x) {
    for (const layer of this.layers) x = layer(x);
    x = this.act(x);
    return [this.heads.get('cls')(x), this.heads.get('reg')(x)];
  }
}
function trainedNet() {
  torch.manual_seed(7);
  const net = new Net();
  const [a, b] = net(make(FIX.net.input));
  a.pow(2).sum().add(b.sum().mul(3)).backward();
  return { net, a, b, grads: [...net.parameters()].map((p) => p.grad.clone()) };
}

test('a model of ModuleList, ModuleDict, Sequential and buffers: repr, state_dict keys, named_* and outputs as PyTorch', () => {
  const N = FIX.net;
  const { net, a, b, grads } = trainedNet();
  assert.equal(String(net), N.repr);
  assert.deepEqual([...net.state_dict().keys()], N.state_dict_keys);
  assert.deepEqual([...net.named_parameters()].map(([k]) => k), N.named_parameters);
  assert.deepEqual([...net.named_buffers()].map(([k]) => k), N.named_buffers);
  assert.deepEqual([...net.named_modules()].map(([k]) => k), N.named_modules);
  assert.deepEqual([...net.named_modules({ remove_duplicate: false })].map(([k]) => k), N.named_modules_dup);
  assert.deepEqual([...net.named_children()].map(([k]) => k), N.named_children);
  assert.deepEqual([...net.modules()].map((m) => m.constructor.name), N.modules_types);
  const order = [];
  assert.equal(net.apply((m) => order.push(m.constructor.name)), net);
  assert.deepEqual(order, N.apply_order);
  close(a, N.out_cls, 'cls head');
  close(b, N.out_reg, 'reg head');
  grads.forEach((g, i) => close(g, N.grads[i], `grad ${i}`));
  close(nn.utils.parameters_to_vector(net.parameters()), N.param_vector, 'parameters_to_vector');
  // the state_dict loads back; the non-persistent buffer is not in it but moves with the module
  const sd = net.state_dict();
  assert.ok(!sd.has('scratch'));
  assert.equal(String(new Net().load_state_dict(sd)), '<All keys matched successfully>');
});

test('clip_grad_norm_ (norm_type 2, inf, 1, 0.5, 3) returns PyTorch\'s total norm and leaves its clipped gradients; clip_grad_value_', () => {
  // PyTorch's own gradients, so that the clipping is compared on the same inputs
  const { net } = trainedNet();
  const params = [...net.parameters()], grads = FIX.net.grads.map(make);
  for (const [key, c] of Object.entries(FIX.net.clip)) {
    params.forEach((p, i) => { p.grad = grads[i].clone(); });
    const normType = c.norm_type === 'inf' ? Infinity : c.norm_type;
    const total = nn.utils.clip_grad_norm_(net.parameters(), c.max_norm, normType);
    // norm_type 2, inf and 1 round as PyTorch's kernels do: the same bits
    const exact = [2, Infinity, 1].includes(normType);
    close(total, c.total, `${key} total`, exact);
    params.forEach((p, i) => close(p.grad, c.grads[i], `${key} grad ${i}`, exact));
  }
  params.forEach((p, i) => { p.grad = grads[i].clone(); });
  assert.equal(nn.utils.clip_grad_value_(net.parameters(), 0.05), undefined);
  params.forEach((p, i) => close(p.grad, FIX.net.clip_value_grads[i], `clip_grad_value_ ${i}`));
  // keyword form and 'inf' as Python's float('inf')
  params.forEach((p, i) => { p.grad = grads[i].clone(); });
  close(nn.utils.clip_grad_norm_(params, { max_norm: 0.5, norm_type: 'inf' }), FIX.net.clip['inf_0.5'].total, 'keywords');
});

test('clip_grad_norm_: one tensor, float64, parameters without grad skipped, none at all gives tensor(0.)', () => {
  const C = FIX.clip_misc;
  const a = torch.zeros(5, { dtype: torch.float64, requires_grad: true });
  a.grad = make(C.f64_grad);
  const b = torch.zeros(3, { requires_grad: true });
  close(nn.utils.clip_grad_norm_([a, b], 1.5), C.f64_total, 'f64 total');
  close(a.grad, C.f64_clipped, 'f64 clipped');
  assert.equal(b.grad, null);
  const c = torch.zeros(4, { requires_grad: true });
  c.grad = torch.tensor([1.0, -3.0, 2.0, 0.5]);
  close(nn.utils.clip_grad_norm_(c, 2.0, { norm_type: Infinity }), C.single_total, 'single total');
  close(c.grad, C.single_clipped, 'single clipped');
  close(nn.utils.clip_grad_norm_([b], 1.0), C.empty_total, 'empty');
  // without error_if_nonfinite an infinite norm scales by 1/inf = 0: [inf, 1] becomes [nan, 0], as PyTorch's
  const p = torch.zeros(2, { requires_grad: true });
  p.grad = torch.tensor([Infinity, 1.0]);
  assert.equal(nn.utils.clip_grad_norm_([p], 1.0).item(), Infinity);
  const [g0, g1] = p.grad.tolist();
  assert.ok(Number.isNaN(g0) && g1 === 0);
});

test('vector_to_parameters writes each parameter\'s slice back (round trip of parameters_to_vector)', () => {
  torch.manual_seed(0);
  const m = new nn.Sequential(new nn.Linear(3, 2), new nn.Linear(2, 1));
  const v = nn.utils.parameters_to_vector(m.parameters());
  assert.deepEqual(v.shape, [11]);
  const w = torch.arange(11, { dtype: torch.float32 });
  nn.utils.vector_to_parameters(w, m.parameters());
  assert.deepEqual(m.at(0).weight.tolist(), [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(m.at(1).bias.tolist(), [10]);
});

// ---- errors ----
const tanh = () => new nn.Tanh();
const ERRORS = {
  buffer_name_int: () => new nn.Linear(2, 2).register_buffer(1, null),
  buffer_exists: () => new nn.Linear(2, 2).register_buffer('weight', null),
  buffer_dot: () => new nn.Linear(2, 2).register_buffer('a.b', null),
  buffer_empty: () => new nn.Linear(2, 2).register_buffer('', null),
  buffer_not_tensor: () => new nn.Linear(2, 2).register_buffer('x', 3),
  module_dot: () => new nn.Linear(2, 2).add_module('a.b', tanh()),
  module_empty: () => new nn.Linear(2, 2).add_module('', tanh()),
  module_exists: () => new nn.Linear(2, 2).add_module('weight', tanh()),
  module_name_int: () => new nn.Linear(2, 2).add_module(3, tanh()),
  module_not_module: () => new nn.Linear(2, 2).add_module('x', 3),
  module_tensor: () => new nn.Linear(2, 2).add_module('x', torch.zeros(1)),
  param_not_param: () => new nn.Linear(2, 2).register_parameter('x', torch.zeros(1)),
  param_dot: () => new nn.Linear(2, 2).register_parameter('a.b', null),
  submodule_missing: () => new nn.Linear(2, 2).get_submodule('x'),
  submodule_not_module: () => new nn.Sequential(new nn.Linear(2, 2)).get_submodule('0.bias'),
  get_parameter_missing: () => new nn.Sequential(new nn.Linear(2, 2)).get_parameter('0.x'),
  get_parameter_not_param: () => new nn.Sequential(new nn.Linear(2, 2)).get_parameter('0'),
  get_buffer_not_buffer: () => new nn.Sequential(new nn.Linear(2, 2)).get_buffer('0.weight'),
  list_index: () => new nn.ModuleList([tanh()]).at(3),
  list_index_neg: () => new nn.ModuleList([tanh()]).get(-2),
  list_extend_int: () => new nn.ModuleList([tanh()]).extend(3),
  list_ctor_int: () => new nn.ModuleList(3),
  list_forward: () => new nn.ModuleList([tanh()])(1),
  list_append_int: () => new nn.ModuleList([tanh()]).append(3),
  list_insert_neg: () => new nn.ModuleList([tanh()]).insert(-1, tanh()),
  list_pop_range: () => new nn.ModuleList([tanh()]).pop(5),
  dict_missing: () => new nn.ModuleDict({ a: tanh() }).get('b'),
  dict_update_int: () => new nn.ModuleDict({ a: tanh() }).update(3),
  dict_pair_int: () => new nn.ModuleDict([3]),
  dict_pair_len3: () => new nn.ModuleDict([['a', tanh(), 3]]),
  dict_value_int: () => new nn.ModuleDict({ a: 3 }),
  dict_key_method: () => new nn.ModuleDict({ keys: tanh() }),
  dict_forward: () => new nn.ModuleDict()(1),
  seq_index: () => new nn.Sequential(tanh()).at(2),
  seq_insert_range: () => new nn.Sequential(tanh()).insert(3, tanh()),
  hardtanh_order: () => new nn.Hardtanh(1.0, 0.0),
  gelu_bad: () => new nn.GELU('fast')(torch.zeros(2)),
  clip_nonfinite: () => {
    const p = torch.zeros(2, { requires_grad: true });
    p.grad = torch.tensor([Infinity, 1.0]);
    nn.utils.clip_grad_norm_([p], 1.0, { error_if_nonfinite: true });
  },
  clip_nonfinite_p3: () => {
    const p = torch.zeros(2, { requires_grad: true });
    p.grad = torch.tensor([NaN, 1.0]);
    nn.utils.clip_grad_norm_([p], 1.0, { norm_type: 3, error_if_nonfinite: true });
  },
  clip_max_norm_none: () => nn.utils.clip_grad_norm_([torch.zeros(1, { requires_grad: true })], null),
  vector_not_tensor: () => nn.utils.vector_to_parameters(3, []),
  leaky_int_input: () => new nn.LeakyReLU()(torch.tensor([1, 2])),
  tanh_arg: () => new nn.Tanh(1),
  sigmoid_kw: () => new nn.Sigmoid({ a: 1 }),
  leaky_too_many: () => new nn.LeakyReLU(0.1, true, 3),
  gelu_kw: () => new nn.GELU({ fast: 1 }),
  avgpool_missing: () => new nn.AvgPool2d(),
  adaptive_missing: () => new nn.AdaptiveAvgPool2d(),
  modulelist_too_many: () => new nn.ModuleList([], []),
  mse_kw: () => new nn.MSELoss({ beta: 1 }),
  huber_too_many: () => new nn.HuberLoss('sum', 1.0, 3),
  clip_norm_missing: () => nn.utils.clip_grad_norm_(),
  clip_value_missing: () => nn.utils.clip_grad_value_([]),
  tanh_forward_missing: () => new nn.Tanh()(),
  relu6_too_many: () => new nn.ReLU6(true, 2),
  mse_forward_missing: () => new nn.MSELoss()(torch.zeros(2)),
  silu_forward_too_many: () => new nn.SiLU()(torch.zeros(1), 2),
};

test('errors: PyTorch\'s class and message for every bad call in the fixture', () => {
  assert.deepEqual(Object.keys(ERRORS).sort(), Object.keys(FIX.errors).sort());
  for (const [id, want] of Object.entries(FIX.errors)) {
    assert.ok(want.error, `${id}: PyTorch raises`);
    assert.throws(ERRORS[id], (e) => {
      assert.equal(e.name, want.error, `${id}: class (${e.message})`);
      assert.equal(e.message, want.message, `${id}: message`);
      return true;
    }, id);
  }
});

// ---- containers (expected values printed by PyTorch 1.13 for the same calls) ----
const names = (it) => [...it].map((m) => m.constructor.name);

test('ModuleList: list[i], at/get with negative indices, slices (strings or torch.slice), delete renumbers, insert, pop, concat', () => {
  const ml = new nn.ModuleList([new nn.Tanh(), new nn.Sigmoid(), new nn.ReLU(), new nn.GELU(), new nn.SiLU()]);
  assert.equal(ml.length, 5);
  assert.equal(ml[1], ml.at(1));
  assert.equal(ml.get(-1), ml[4]);
  assert.deepEqual(names(ml.get('::-2')), ['SiLU', 'ReLU', 'Tanh']);
  assert.deepEqual(names(ml.get('-3:')), ['ReLU', 'GELU', 'SiLU']);
  assert.deepEqual(names(ml.get(torch.slice(1, 4, 2))), ['Sigmoid', 'GELU']);
  assert.ok(ml.get('1:3') instanceof nn.ModuleList);
  ml.delete('1:3');
  assert.equal(String(ml), "ModuleList(\n  (0): Tanh()\n  (1): GELU(approximate='none')\n  (2): SiLU()\n)");
  assert.equal(ml[3], undefined);
  ml.insert(1, new nn.ELU());
  assert.deepEqual(names(ml), ['Tanh', 'ELU', 'GELU', 'SiLU']);
  assert.equal(ml.pop(-1).constructor.name, 'SiLU');
  assert.equal(ml.length, 3);
  assert.equal(String(ml.concat(new nn.ModuleList([new nn.Tanh()]))),
    "ModuleList(\n  (0): Tanh()\n  (1): ELU(alpha=1.0)\n  (2): GELU(approximate='none')\n  (3): Tanh()\n)");
  ml.set(-1, new nn.Softmin(1));
  assert.equal(ml[2].constructor.name, 'Softmin');
  ml[0] = new nn.Sigmoid();                       // plain assignment to a registered index works too
  assert.deepEqual(names(ml.children()), ['Sigmoid', 'ELU', 'Softmin']);
  assert.throws(() => { ml[0] = 3; }, { name: 'TypeError', message: "cannot assign 'int' as child module '0' (torch.nn.Module or None expected)" });
  // parameters are named by index, as in PyTorch
  const lin = new nn.ModuleList().append(new nn.Linear(2, 2)).extend([new nn.Tanh(), new nn.Linear(2, 1)]);
  assert.deepEqual([...lin.state_dict().keys()], ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.equal(new nn.ModuleList().toString(), 'ModuleList()');
});

test('Sequential: slices keep names, delete renumbers, insert (negative index), pop, extend, set', () => {
  const s = new nn.Sequential(new nn.Tanh(), new nn.Sigmoid(), new nn.ReLU());
  assert.equal(String(s.get('1:')), 'Sequential(\n  (1): Sigmoid()\n  (2): ReLU()\n)');
  s.delete(0);
  assert.equal(String(s), 'Sequential(\n  (0): Sigmoid()\n  (1): ReLU()\n)');
  s.insert(-1, new nn.ELU());
  assert.equal(String(s), 'Sequential(\n  (0): Sigmoid()\n  (1): ELU(alpha=1.0)\n  (2): ReLU()\n)');
  assert.equal(String(s.pop(0)), 'Sigmoid()');
  assert.equal(String(s), 'Sequential(\n  (0): ELU(alpha=1.0)\n  (1): ReLU()\n)');
  s.extend([new nn.Tanh()]).append(new nn.Identity());
  assert.deepEqual(names(s), ['ELU', 'ReLU', 'Tanh', 'Identity']);
  s.set(-1, new nn.Softplus());
  assert.equal(s.at(-1).constructor.name, 'Softplus');
  // the same module twice runs twice (PyTorch's _modules keeps both names)
  const t = new nn.Tanh(), twice = new nn.Sequential(t, t);
  assert.equal(twice.length, 2);
  assert.equal(twice(torch.tensor([1], { dtype: torch.float32 })).item(), Math.fround(Math.tanh(Math.fround(Math.tanh(1)))));
  // names from a Map keep the Map's order, numeric-looking or not
  const named = new nn.Sequential(new Map([['b', new nn.Tanh()], ['10', new nn.ReLU()], ['a', new nn.Sigmoid()]]));
  assert.deepEqual([...named.named_children()].map(([k]) => k), ['b', '10', 'a']);
});

test('ModuleDict: set/get/has/keys/values/items/pop/update/clear, iteration yields keys, insertion order kept', () => {
  const md = new nn.ModuleDict([['b', new nn.Tanh()], ['10', new nn.Sigmoid()]]);
  md.update(new Map([['a', new nn.ReLU()], ['b', new nn.GELU()]]));
  assert.deepEqual([...md], ['b', '10', 'a']);
  assert.deepEqual(md.keys(), ['b', '10', 'a']);
  assert.deepEqual(names(md.values()), ['GELU', 'Sigmoid', 'ReLU']);
  assert.deepEqual(md.items().map(([k, m]) => `${k}:${m.constructor.name}`), ['b:GELU', '10:Sigmoid', 'a:ReLU']);
  assert.ok(md.has('a') && !md.has('z'));
  assert.equal(md.pop('a').constructor.name, 'ReLU');
  assert.equal(md.length, 2);
  assert.equal(String(md), "ModuleDict(\n  (b): GELU(approximate='none')\n  (10): Sigmoid()\n)");
  assert.equal(md.b, md.get('b'));                // keys are properties too
  md.set('lin', new nn.Linear(2, 3));
  assert.deepEqual([...md.state_dict().keys()], ['lin.weight', 'lin.bias']);
  md.update(new nn.ModuleDict({ x: new nn.Tanh() }));
  md.delete('b');
  assert.deepEqual(md.keys(), ['10', 'lin', 'x']);
  md.clear();
  assert.equal(md.length, 0);
  assert.equal(String(md), 'ModuleDict()');
  assert.equal(md.lin, undefined);
});

// ---- the Module API ----
test('register_buffer: buffers are attributes, in state_dict unless persistent=false, in named_buffers either way', () => {
  const m = new nn.Linear(2, 2);
  m.register_buffer('steps', torch.zeros(1));
  m.register_buffer('cache', torch.ones(2), false);
  m.register_buffer('none', null);
  assert.deepEqual(m.steps.tolist(), [0]);
  assert.deepEqual([...m.state_dict().keys()], ['weight', 'bias', 'steps']);
  assert.deepEqual([...m.named_buffers()].map(([k]) => k), ['steps', 'cache']);
  m.steps = torch.tensor([5.0]);                  // assigning to a buffer replaces it
  assert.deepEqual(m.state_dict().get('steps').tolist(), [5]);
  m.register_buffer('cache', torch.zeros(3));     // re-registering an existing buffer is allowed (and makes it persistent)
  assert.deepEqual([...m.state_dict().keys()], ['weight', 'bias', 'steps', 'cache']);
});

test('get_submodule / get_parameter / get_buffer, register_module, modules(), train/eval, zero_grad, requires_grad_', () => {
  const net = new nn.Sequential(new nn.Linear(2, 3), new nn.Sequential(new nn.Tanh(), new nn.Linear(3, 1)));
  net.at(1).register_buffer('b', torch.zeros(2));
  assert.equal(net.get_submodule(''), net);
  assert.equal(net.get_submodule('1.1'), net.at(1).at(1));
  assert.equal(net.get_parameter('1.1.bias'), net.at(1).at(1).bias);
  assert.equal(net.get_buffer('1.b'), net.at(1).b);
  const extra = new nn.ReLU();
  net.at(1).register_module('act', extra);
  assert.equal(net.get_submodule('1.act'), extra);
  assert.deepEqual(names(net.modules()), ['Sequential', 'Linear', 'Sequential', 'Tanh', 'Linear', 'ReLU']);
  net.eval();
  assert.ok([...net.modules()].every((m) => !m.training));
  net.train();
  assert.ok([...net.modules()].every((m) => m.training));
  net(torch.ones(4, 2)).sum().backward();
  net.zero_grad();
  assert.ok([...net.parameters()].every((p) => p.grad && p.grad.abs().sum().item() === 0));
  net.zero_grad(true);
  assert.ok([...net.parameters()].every((p) => p.grad === null));
  assert.equal(net.requires_grad_(false), net);
  assert.ok([...net.parameters()].every((p) => !p.requires_grad));
  // apply: children first, then the module itself; returns the module
  const seen = [];
  net.apply((m) => seen.push(m.constructor.name));
  assert.deepEqual(seen, ['Linear', 'Tanh', 'Linear', 'ReLU', 'Sequential', 'Sequential']);
});

test('Softmax / Softmin with dim=None warn as 1.13 and pick the legacy dim', () => {
  const msgs = [];
  torch.setWarningHandler((m) => msgs.push(m));
  try {
    const x = torch.tensor([[1, 2], [3, 5]], { dtype: torch.float32 }), v = torch.tensor([1.5, 2]);
    assert.deepEqual(new nn.Softmax()(x).tolist(), new nn.Softmax(1)(x).tolist());
    assert.deepEqual(new nn.Softmin()(v).tolist(), new nn.Softmin(0)(v).tolist());
  } finally { torch.setWarningHandler(() => {}); }
  assert.deepEqual(msgs, [
    'Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument.',
    'Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.',
  ]);
});

test('double() / float() / to(dtype) convert floating parameters (same objects, grads too) and buffers, as PyTorch', () => {
  torch.manual_seed(0);
  const m = new nn.Sequential(new nn.Linear(2, 2), new nn.Tanh());
  const lin = m.at(0);
  lin.register_buffer('b', torch.zeros(2));
  lin.register_buffer('i', torch.zeros(2, { dtype: torch.int64 }));
  const w = lin.weight, w32 = w.tolist();
  w.grad = torch.ones(2, 2);
  assert.equal(m.double(), m);
  assert.equal(lin.weight, w);
  assert.equal(w.dtype, torch.float64);
  assert.equal(w.grad.dtype, torch.float64);
  assert.deepEqual(w.tolist(), w32);
  assert.ok(w.requires_grad && w.is_leaf);
  assert.equal(lin.b.dtype, torch.float64);
  assert.equal(lin.i.dtype, torch.int64);
  assert.equal(m(torch.ones(1, 2, { dtype: torch.float64 })).dtype, torch.float64);
  m.float();
  assert.equal(w.dtype, torch.float32);
  assert.equal(lin.b.dtype, torch.float32);
  m.to(torch.zeros(1, { dtype: torch.float64 }));
  assert.equal(lin.bias.dtype, torch.float64);
  assert.throws(() => m.to(torch.int64), { name: 'TypeError', message: 'nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64' });
  // the converted module trains: a backward reaches the converted parameters
  m(torch.ones(1, 2, { dtype: torch.float64 })).sum().backward();
  assert.equal(lin.bias.grad.dtype, torch.float64);
});

test('register_buffer in a subclass whose field is declared without a value (no `declare`) works', () => {
  class Stats extends nn.Module {
    count;                                         // compiles to an own property holding undefined
    constructor() { super(); this.register_buffer('count', torch.zeros(1)); }
    forward(x) { return x; }
  }
  const s = new Stats();
  assert.deepEqual([...s.state_dict().keys()], ['count']);
  assert.deepEqual(s.count.tolist(), [0]);
});

test('printing: a multi-line extra_repr is indented line by line, before the children (PyTorch\'s __repr__)', () => {
  class A extends nn.Module {
    forward(x) { return x; }
    extra_repr() { return 'a=1\nb=2'; }
  }
  class B extends A {
    constructor() { super(); this.t = new nn.Tanh(); this.l = new nn.Linear(1, 1); }
  }
  assert.equal(String(new A()), 'A(\n  a=1\n  b=2\n)');
  // printed by PyTorch 1.13 for the same classes
  assert.equal(String(new nn.Sequential(new B())),
    'Sequential(\n  (0): B(\n    a=1\n    b=2\n    (t): Tanh()\n    (l): Linear(in_features=1, out_features=1, bias=True)\n  )\n)');
});

test('zero_grad on a gradient that requires grad: it leaves autograd, then is zeroed (PyTorch 1.13 prints tensor([0.]) False)', () => {
  const l = new nn.Linear(2, 1);
  l.bias.grad = torch.ones(1, { requires_grad: true });
  l.zero_grad();
  assert.deepEqual(l.bias.grad.tolist(), [0]);
  assert.equal(l.bias.grad.requires_grad, false);
});
