// nn.BatchNorm1d/2d, F.batch_norm, nn.GroupNorm / F.group_norm and nn.Embedding / F.embedding
// against PyTorch 1.13 (test/fixtures/cases_nn_norm.json, from tools/fixtures_nn_norm.py): initial
// parameters and buffers for a seed, outputs, buffers after train/eval steps, gradients, reprs and
// errors; plus finite-difference gradients in float64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { make, DT } from './support/fixture_tensors.mjs';
import { close, errorsMatch } from './support/fixture_assert.mjs';

const nn = torch.nn, F = torch.nn.functional;
const FX = JSON.parse(readFileSync(new URL('./fixtures/cases_nn_norm.json', import.meta.url), 'utf8'));

const input = (s) => make(s).requires_grad_(true);

// ---- BatchNorm modules: init, state_dict, steps in train and eval ----
for (const c of FX.batchnorm) {
  test(`${c.repr} (${c.dtype}, seed ${c.seed}): state_dict, ${c.steps.length} steps of outputs, gradients and buffers`, () => {
    torch.manual_seed(c.seed);
    const kw = { ...c.kwargs, ...(c.dtype === 'float64' ? { dtype: torch.float64 } : {}) };
    const m = new nn[c.cls](...c.args, kw);
    assert.equal(String(m), c.repr);
    const sd = m.state_dict();
    assert.deepEqual([...sd.keys()], Object.keys(c.state_dict));
    for (const [k, v] of Object.entries(c.state_dict)) close(sd.get(k), v, `init ${k}`, 0);
    c.steps.forEach((st, i) => {
      m.train(st.train);
      const x = input(st.input);
      const y = m(x);
      assert.equal(y.grad_fn.name(), 'NativeBatchNormBackward0');
      close(y, st.output, `step ${i} output`);
      y.backward(make(st.grad_output));
      close(x.grad, st.grads.input, `step ${i} input grad`);
      for (const p of ['weight', 'bias']) {
        if (st.grads[p] === undefined) assert.equal(m[p], null);
        else close(m[p].grad, st.grads[p], `step ${i} ${p} grad`);
      }
      const bufs = Object.fromEntries(m.named_buffers());
      assert.deepEqual(Object.keys(bufs), Object.keys(st.buffers));
      for (const [k, v] of Object.entries(st.buffers)) close(bufs[k], v, `step ${i} ${k}`, k === 'num_batches_tracked' ? 0 : undefined);
      m.zero_grad(true);
    });
  });
}

test('BatchNorm: track_running_stats=False has no buffers; momentum=None averages cumulatively', () => {
  const m = new nn.BatchNorm1d(2, { track_running_stats: false });
  assert.equal(m.running_mean, null);
  assert.equal(m.num_batches_tracked, null);
  assert.deepEqual([...m.state_dict().keys()], ['weight', 'bias']);
  // cumulative average of the batch means: [1, 3] then [5, 7] -> running_mean (2 + 6) / 2
  const c = new nn.BatchNorm1d(1, { momentum: null, affine: false });
  const f32 = { dtype: torch.float32 }; // JavaScript's 1.0 is 1: an int64 tensor without the dtype
  c(torch.tensor([[1], [3]], f32));
  c(torch.tensor([[5], [7]], f32));
  assert.deepEqual(c.running_mean.tolist(), [4]);
  assert.deepEqual(c.running_var.tolist(), [2]); // unbiased variance of each batch is 2
  assert.equal(c.num_batches_tracked.item(), 2);
  // a refused call leaves the buffers as they were
  assert.throws(() => c(torch.tensor([[1]], f32)), /Expected more than 1 value per channel/);
  assert.equal(c.num_batches_tracked.item(), 2);
});

test('BatchNorm: load_state_dict round trip and buffers follow eval()', () => {
  torch.manual_seed(0);
  const a = new nn.BatchNorm2d(2);
  a(torch.randn(3, 2, 2, 2));
  const b = new nn.BatchNorm2d(2);
  b.load_state_dict(a.state_dict());
  assert.deepEqual(b.running_mean.tolist(), a.running_mean.tolist());
  assert.equal(b.num_batches_tracked.item(), 1);
  a.eval(); b.eval();
  const x = torch.randn(2, 2, 2, 2);
  assert.deepEqual(a(x).tolist(), b(x).tolist());
  // evaluation leaves the buffers alone
  assert.equal(a.num_batches_tracked.item(), 1);
});

// ---- F.batch_norm ----
for (const c of FX.f_batch_norm) {
  test(`F.batch_norm ${c.id}: output, running stats and gradients`, () => {
    const x = input(c.input);
    const opt = (s) => (s ? make(s) : null);
    const w = c.weight ? input(c.weight) : null, b = c.bias ? input(c.bias) : null;
    const rm = opt(c.running_mean), rv = opt(c.running_var);
    const y = F.batch_norm(x, rm, rv, w, b, c.kwargs);
    close(y, c.output, 'output');
    if (rm) close(rm, c.running_mean_after, 'running_mean');
    if (rv) close(rv, c.running_var_after, 'running_var');
    y.backward(make(c.grad_output));
    close(x.grad, c.grads.input, 'input grad');
    if (w) close(w.grad, c.grads.weight, 'weight grad');
    if (b) close(b.grad, c.grads.bias, 'bias grad');
  });
}

test('F.batch_norm takes its options positionally as in Python', () => {
  const c = FX.f_batch_norm.find((k) => k.id === 'train_momentum');
  const rm = make(c.running_mean), rv = make(c.running_var);
  const y = F.batch_norm(make(c.input), rm, rv, make(c.weight), make(c.bias), true, 0.3, 1e-3);
  close(y, c.output, 'output');
  close(rv, c.running_var_after, 'running_var');
});

// ---- GroupNorm ----
for (const c of FX.group_norm) {
  test(`GroupNorm ${c.id}: output and gradients, module and F.group_norm`, () => {
    const dtype = DT[c.dtype];
    const m = new nn.GroupNorm(c.num_groups, c.num_channels, { eps: c.eps, affine: c.affine, dtype });
    assert.equal(String(m), c.repr);
    if (c.affine) { m.weight._write(make(c.weight)._data); m.bias._write(make(c.bias)._data); }
    const x = input(c.input);
    const y = m(x);
    assert.equal(y.grad_fn.name(), 'NativeGroupNormBackward0');
    close(y, c.output, 'output');
    y.backward(make(c.grad_output));
    close(x.grad, c.grads.input, 'input grad');
    if (c.affine) { close(m.weight.grad, c.grads.weight, 'weight grad'); close(m.bias.grad, c.grads.bias, 'bias grad'); }
    const y2 = F.group_norm(make(c.input), c.num_groups, { weight: m.weight, bias: m.bias, eps: c.eps });
    close(y2, c.output, 'F.group_norm output');
  });
}

// ---- Embedding ----
test('nn.Embedding draws PyTorch\'s N(0, 1) weight for a seed and zeroes the padding row', () => {
  const E = FX.embedding;
  torch.manual_seed(0);
  let e = new nn.Embedding(10, 4);
  assert.equal(String(e), E.init_seed0.repr);
  close(e.weight, E.init_seed0.weight, 'seed 0', 0);
  torch.manual_seed(3);
  e = new nn.Embedding(7, 5, { padding_idx: 2 });
  assert.equal(String(e), E.init_padding.repr);
  close(e.weight, E.init_padding.weight, 'padding', 0);
  torch.manual_seed(3);
  e = new nn.Embedding(7, 5, -1, { dtype: torch.float64 });
  assert.equal(e.padding_idx, E.init_padding_neg_f64.padding_idx);
  assert.equal(String(e), E.init_padding_neg_f64.repr);
  // float64 normal_: PyTorch's vectorised Box-Muller may differ in the last bit
  close(e.weight, E.init_padding_neg_f64.weight, 'padding -1 float64', 1e-15);
  assert.ok(e.weight.requires_grad && e.weight.is_leaf);
});

for (const id of ['pad', 'freq', 'pad_freq', 'max_norm', 'max_norm_p1']) {
  test(`nn.Embedding ${id}: output and weight gradient (and max_norm's renormalised rows)`, () => {
    const c = FX.embedding[id];
    torch.manual_seed(c.seed);
    const e = new nn.Embedding(c.weight?.shape[0] ?? c.weight_before.shape[0], (c.weight ?? c.weight_before).shape[1], c.kwargs);
    assert.equal(String(e), c.repr);
    close(e.weight, c.weight ?? c.weight_before, 'initial weight', 0);
    const y = e(make(c.indices));
    assert.equal(y.grad_fn.name(), 'EmbeddingBackward0');
    close(y, c.output, 'output');
    if (c.weight_after) close(e.weight, c.weight_after, 'weight after max_norm');
    y.backward(make(c.grad_output));
    close(e.weight.grad, c.weight_grad, 'weight grad');
  });
}

test('Embedding.from_pretrained shares the tensor, freezes by default and keeps the padding row', () => {
  const E = FX.embedding;
  const pre = torch.tensor([[1, 2], [3, 4], [5, 6]], { dtype: torch.float32 });
  const e = nn.Embedding.from_pretrained(pre, { padding_idx: 1 });
  assert.equal(String(e), E.from_pretrained.repr);
  assert.equal(e.weight.requires_grad, E.from_pretrained.requires_grad);
  close(e.weight, E.from_pretrained.weight, 'weight', 0);
  const u = nn.Embedding.from_pretrained(pre, false);
  assert.equal(String(u), E.from_pretrained_unfrozen.repr);
  assert.equal(u.weight.requires_grad, true);
  // the padding row gets no gradient even when trainable
  const p = nn.Embedding.from_pretrained(pre, { freeze: false, padding_idx: 0 });
  p(torch.tensor([0, 2, 0])).sum().backward();
  assert.deepEqual(p.weight.grad.tolist(), [[0, 0], [0, 0], [1, 1]]);
});

// ---- reprs and errors ----
test('reprs print Python floats as PyTorch does', () => {
  const R = FX.reprs;
  assert.equal(String(new nn.BatchNorm1d(4, { momentum: null })), R.bn1d_momentum_none);
  assert.equal(String(new nn.BatchNorm2d(8, 1e-3, 0.01, false, false)), R.bn2d_options);
  assert.equal(String(new nn.GroupNorm(2, 6, { eps: 1e-6, affine: false })), R.gn);
  assert.equal(String(new nn.Embedding(5, 2, 0, 2.0, 1.0, true, true)), R.emb_all);
});

const x2 = () => torch.randn(4, 3), f64 = { dtype: torch.float64 };
const ERRORS = {
  bn1d_one_value: () => new nn.BatchNorm1d(3)(torch.randn(1, 3)),
  bn1d_one_value_3d: () => new nn.BatchNorm1d(3)(torch.randn(1, 3, 1)),
  bn1d_4d: () => new nn.BatchNorm1d(3)(torch.randn(2, 3, 4, 5)),
  bn1d_1d: () => new nn.BatchNorm1d(3)(torch.randn(3)),
  bn2d_3d: () => new nn.BatchNorm2d(3)(torch.randn(2, 3, 4)),
  bn1d_wrong_features: () => new nn.BatchNorm1d(3)(torch.randn(2, 4)),
  bn1d_f64_input: () => new nn.BatchNorm1d(3)(torch.randn(2, 3, { dtype: torch.float64 })),
  fbn_input_type: () => F.batch_norm(1, null, null),
  fbn_rm_type: () => F.batch_norm(x2(), 1, null),
  fbn_eval_no_mean: () => F.batch_norm(x2(), null, null),
  fbn_eval_no_var: () => F.batch_norm(x2(), torch.zeros(3), null),
  fbn_rm_size: () => F.batch_norm(x2(), torch.zeros(4), torch.ones(4)),
  fbn_weight_size: () => F.batch_norm(x2(), torch.zeros(3), torch.ones(3), { weight: torch.ones(2) }),
  fbn_bias_size: () => F.batch_norm(x2(), torch.zeros(3), torch.ones(3), { bias: torch.ones(2) }),
  fbn_momentum_type: () => F.batch_norm(x2(), torch.zeros(3), torch.ones(3), { momentum: 'a' }),
  fbn_momentum_none: () => F.batch_norm(x2(), torch.zeros(3), torch.ones(3), { momentum: null }),
  fbn_training_none: () => F.batch_norm(x2(), torch.zeros(3), torch.ones(3), { training: null }),
  fgn_eps_none: () => F.group_norm(x2(), 3, { eps: null }),
  fgn_groups_float: () => F.group_norm(x2(), 1.5),
  fbn_long_float_stats: () => F.batch_norm(torch.zeros(4, 3, { dtype: torch.int64 }), torch.zeros(3), torch.ones(3)),
  fbn_f64_stats: () => F.batch_norm(x2(), torch.zeros(3, f64), torch.ones(3, f64)),
  fbn_f64_weight: () => F.batch_norm(x2(), torch.zeros(3), torch.ones(3), torch.ones(3, f64)),
  fbn_f64_input_f32_weight: () => F.batch_norm(x2().double(), torch.zeros(3, f64), torch.ones(3, f64), torch.ones(3)),
  fbn_f32_later_f64: () => F.batch_norm(x2(), torch.zeros(3), torch.ones(3, f64), torch.ones(3)),
  fbn_1d: () => F.batch_norm(torch.randn(3), null, null, { training: true }),
  fbn_train_one: () => F.batch_norm(torch.randn(1, 3), null, null, { training: true }),
  fbn_long: () => F.batch_norm(torch.zeros(2, 3, { dtype: torch.int64 }), null, null, { training: true }),
  fbn_too_many: () => F.batch_norm(x2(), null, null, null, null, true, 0.1, 1e-5, 1),
  gn_ctor_divisible: () => new nn.GroupNorm(3, 4),
  gn_input_channels: () => new nn.GroupNorm(2, 4)(torch.randn(2, 6)),
  fgn_divisible: () => F.group_norm(torch.randn(2, 4, 3), 3),
  fgn_weight_shape: () => F.group_norm(torch.randn(2, 4, 3), 2, torch.ones(3)),
  fgn_bias_shape_no_weight: () => F.group_norm(torch.randn(2, 4, 3), 2, null, torch.ones(3)),
  fgn_bias_shape: () => F.group_norm(torch.randn(2, 4, 3), 2, torch.ones(4), torch.ones(3)),
  fgn_one_value: () => F.group_norm(torch.randn(1, 4), 4),
  fgn_1d: () => F.group_norm(torch.randn(4), 2),
  fgn_dtype: () => F.group_norm(torch.randn(2, 4, 3, { dtype: torch.float64 }), 2, torch.ones(4)),
  emb_out_of_range: () => new nn.Embedding(3, 2)(torch.tensor([3])),
  emb_negative: () => new nn.Embedding(3, 2)(torch.tensor([-1])),
  emb_float_indices: () => new nn.Embedding(3, 2)(torch.tensor([1], { dtype: torch.float32 })),
  emb_padding_range: () => new nn.Embedding(3, 2, { padding_idx: 3 }),
  emb_padding_neg_range: () => new nn.Embedding(3, 2, { padding_idx: -4 }),
  emb_pretrained_1d: () => nn.Embedding.from_pretrained(torch.ones(3)),
  emb_weight_shape: () => new nn.Embedding(3, 2, { _weight: torch.ones(2, 2) }),
};

test('errors: PyTorch\'s classes and messages', () => errorsMatch(ERRORS, FX.errors));

test('F.batch_norm refuses bad input before writing the running statistics', () => {
  const rm = torch.zeros(3), rv = torch.ones(3);
  assert.throws(() => F.batch_norm(torch.randn(4, 3), rm, rv, torch.ones(2), null, true));
  assert.deepEqual(rm.tolist(), [0, 0, 0]);
  assert.deepEqual(rv.tolist(), [1, 1, 1]);
});

// ---- gradients against central differences (float64) ----
function numericGrad(f, x, eps = 1e-6) {
  const d = x.detach().clone(), n = d.numel(), out = [];
  for (let i = 0; i < n; i++) {
    const v = d.flatten().tolist();
    const p = v.slice(), m = v.slice();
    p[i] += eps; m[i] -= eps;
    out.push((f(torch.tensor(p, { dtype: torch.float64 }).reshape(x.shape)) - f(torch.tensor(m, { dtype: torch.float64 }).reshape(x.shape))) / (2 * eps));
  }
  return out;
}
test('batch_norm and group_norm gradients equal central differences (float64, train and eval)', () => {
  torch.manual_seed(7);
  const f64 = { dtype: torch.float64 };
  const x = torch.randn(3, 2, 2, f64), w = torch.randn(2, f64), b = torch.randn(2, f64), r = torch.randn(3, 2, 2, f64);
  const rm = torch.randn(2, f64), rv = torch.rand(2, f64).add(0.5);
  const cases = [
    (xx, ww, bb) => F.batch_norm(xx, null, null, ww, bb, true),
    (xx, ww, bb) => F.batch_norm(xx, rm, rv, ww, bb, false),
    (xx, ww, bb) => F.group_norm(xx.reshape(3, 2, 2), 1, ww, bb),
  ];
  for (const f of cases) {
    const xs = x.clone().requires_grad_(true), ws = w.clone().requires_grad_(true), bs = b.clone().requires_grad_(true);
    f(xs, ws, bs).mul(r).sum().backward();
    const loss = (xx, ww, bb) => f(xx, ww, bb).mul(r).sum().item();
    const within = (got, want) => got.flatten().tolist().forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-6, `${g} vs ${want[i]}`));
    within(xs.grad, numericGrad((v) => loss(v, w, b), x));
    within(ws.grad, numericGrad((v) => loss(x, v, b), w));
    within(bs.grad, numericGrad((v) => loss(x, w, v), b));
  }
});

test('load_state_dict without num_batches_tracked loads 0 into it and does not report it missing (1.13, version-less state_dict)', () => {
  // PyTorch 1.13: m.load_state_dict({'0.weight': ...}, strict=False) on Sequential(Conv2d, BatchNorm2d) lists
  // '1.weight', '1.bias', '1.running_mean', '1.running_var' as missing, not '1.num_batches_tracked'
  const m = new torch.nn.Sequential(new torch.nn.Conv2d(1, 2, 3), new torch.nn.BatchNorm2d(2));
  m.train();
  m.forward(torch.randn(2, 1, 4, 4));
  assert.equal(m[1].num_batches_tracked.item(), 1);
  const given = new Map([['0.weight', torch.zeros(2, 1, 3, 3)]]);
  const r = m.load_state_dict(given, false);
  assert.deepEqual(r.missing_keys, ['0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var']);
  assert.equal(m[1].num_batches_tracked.item(), 0);
  assert.deepEqual([...given.keys()], ['0.weight'], "the caller's mapping is left as it was");
  const noStats = new torch.nn.BatchNorm1d(3, { track_running_stats: false });
  assert.deepEqual(noStats.load_state_dict(new Map(), false).missing_keys, ['weight', 'bias']);
  assert.throws(() => new torch.nn.BatchNorm1d(3).load_state_dict(new Map([['weight', torch.ones(3)], ['bias', torch.ones(3)]])),
    { name: 'RuntimeError', message: 'Error(s) in loading state_dict for BatchNorm1d:\n\tMissing key(s) in state_dict: "running_mean", "running_var". ' });
});

test('cuda(): the AssertionError of a CPU-only PyTorch', () => {
  for (const f of [() => torch.ones(2).cuda(), () => new torch.nn.Linear(2, 2).cuda(), () => torch.ones(2).to('cuda'), () => torch.zeros(2, { device: 'cuda:0' })])
    assert.throws(f, { name: 'AssertionError', message: 'Torch not compiled with CUDA enabled' });
});
