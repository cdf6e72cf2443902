// nn.MarginRankingLoss, HingeEmbeddingLoss, SoftMarginLoss, MultiLabelSoftMarginLoss, CosineEmbeddingLoss,
// TripletMarginLoss, MultiMarginLoss and MultiLabelMarginLoss against PyTorch 1.13: reprs, attributes,
// state_dict keys, outputs, input gradients, grad_fn names and constructor / forward errors
// (test/fixtures/nn_losses_margin.json from tools/fixtures_losses_margin.py). The functional cases are in
// test/fixtures/cases_losses_margin.json, replayed by test/conformance.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { make, num } from './support/fixture_tensors.mjs';

const nn = torch.nn, F = nn.functional;
const FIX = JSON.parse(readFileSync(new URL('./fixtures/nn_losses_margin.json', import.meta.url), 'utf8'));

function close(got, want, what) {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(String(got.dtype), `torch.${want.dtype}`, `${what}: dtype`);
  const tol = want.dtype === 'float64' ? 1e-10 : 2e-5;
  const g = got.flatten().tolist(), w = want.data.map(num);
  for (let i = 0; i < w.length; i++)
    if (!(Math.abs(g[i] - w[i]) <= tol * (1 + Math.abs(w[i])) || (Number.isNaN(g[i]) && Number.isNaN(w[i]))))
      assert.fail(`${what}[${i}]: ${g[i]} != ${w[i]}`);
}
const kwOf = (kw) => Object.fromEntries(Object.entries(kw).map(([k, v]) => [k, v !== null && typeof v === 'object' && 'tensor' in v ? make(v.tensor) : v]));
// the legacy size_average / reduce arguments warn, as in PyTorch
torch.setWarningHandler(() => {});

test('margin loss modules: repr, reduction (legacy size_average/reduce too), attributes, buffers, output, gradient and grad_fn as PyTorch', () => {
  assert.equal(FIX.replayed_by, 'test/nn_losses_margin.test.mjs');
  for (const c of FIX.modules) {
    const what = `${c.module}(${JSON.stringify(c.kw)})`;
    const m = new nn[c.module](kwOf(c.kw));
    assert.equal(String(m), c.repr, `${what}: repr`);
    assert.equal(m.reduction, c.reduction, `${what}: reduction`);
    for (const [k, v] of Object.entries(c.attrs)) assert.equal(m[k], v, `${what}: ${k}`);
    assert.deepEqual([...m.state_dict().keys()], c.state_dict, `${what}: state_dict`);
    const x = make(c.input).requires_grad_(true);
    const y = m(x, ...c.others.map(make));
    close(y, c.output, `${what} output`);
    assert.equal(y.grad_fn.name(), c.grad_fn, `${what}: grad_fn`);
    y.mul(make(c.grad_output)).sum().backward();
    close(x.grad, c.grad, `${what} grad`);
  }
});

test('margin loss modules: positional constructor arguments in 1.13\'s order', () => {
  const t = new nn.TripletMarginLoss(0.5, 1, 1e-3, true, null, null, 'sum');
  assert.deepEqual([t.margin, t.p, t.eps, t.swap, t.reduction], [0.5, 1, 1e-3, true, 'sum']);
  const mm = new nn.MultiMarginLoss(2, 0.25, torch.ones(3));
  assert.deepEqual([mm.p, mm.margin, mm.reduction], [2, 0.25, 'mean']);
  assert.deepEqual(mm.weight.tolist(), [1, 1, 1]);
  assert.equal(new nn.MarginRankingLoss(0.3, null, null, 'none').margin, 0.3);
  assert.equal(new nn.HingeEmbeddingLoss().margin, 1);
  assert.equal(new nn.CosineEmbeddingLoss().margin, 0);
  assert.equal(new nn.MultiLabelSoftMarginLoss(null, null, null, 'sum').weight, null);
  assert.equal(new nn.MultiLabelMarginLoss(null, false).reduction, 'none');
  assert.equal(new nn.SoftMarginLoss(false).reduction, 'sum');
  // the modules travel with .double() like any other: the weight buffer converts
  assert.equal(String(new nn.MultiMarginLoss({ weight: torch.ones(2) }).double().weight.dtype), 'torch.float64');
});

const z = (...s) => torch.zeros(s);
const ERRORS = {
  multimargin_p3: () => new nn.MultiMarginLoss({ p: 3 }),
  multimargin_weight_2d: () => new nn.MultiMarginLoss({ weight: torch.ones(2, 2) }),
  multimargin_weight_int: () => new nn.MultiMarginLoss({ weight: 3 }),
  marginranking_kw: () => new nn.MarginRankingLoss({ foo: 1 }),
  marginranking_too_many: () => new nn.MarginRankingLoss(0.0, null, null, 'mean', 1),
  marginranking_forward_missing: () => new nn.MarginRankingLoss()(z(2), z(2)),
  triplet_forward_missing: () => new nn.TripletMarginLoss()(z(2)),
  softmargin_positional: () => new nn.SoftMarginLoss(null, null, 'sum', 3),
  cosine_forward_kw: () => new nn.CosineEmbeddingLoss()(z(2, 2), z(2, 2), { target: torch.ones(2), foo: 1 }),
  multilabelmargin_bad_reduction: () => new nn.MultiLabelMarginLoss({ reduction: 'avg' })(z(2, 2), torch.zeros([2, 2], { dtype: torch.int64 })),
};

test('margin loss modules: PyTorch\'s class and message for bad constructor and forward calls', () => {
  assert.deepEqual(Object.keys(ERRORS).sort(), Object.keys(FIX.errors).sort());
  for (const [id, want] of Object.entries(FIX.errors))
    assert.throws(ERRORS[id], (e) => {
      assert.equal(e.name, want.type, `${id}: class (${e.message})`);
      assert.equal(e.message, want.message, `${id}: message`);
      return true;
    }, id);
});

test('multi_margin_loss / multilabel_margin_loss: where 1.13 reads uninitialized memory, torchlet is defined', () => {
  // an empty batch reduced: 1.13 returns its uninitialized output; here 0 summed, NaN averaged (a gradient of shape [0, C])
  for (const f of [(x, r) => F.multi_margin_loss(x, torch.zeros([0], { dtype: torch.int64 }), { reduction: r }),
    (x, r) => F.multilabel_margin_loss(x, torch.zeros([0, 4], { dtype: torch.int64 }), { reduction: r })]) {
    const x = torch.zeros([0, 4], { requires_grad: true });
    assert.equal(f(x, 'sum').item(), 0);
    const m = f(x, 'mean');
    assert.ok(Number.isNaN(m.item()));
    m.backward();
    assert.deepEqual(x.grad.shape, [0, 4]);
  }
  // a weight shorter than the class count: 1.13 reads past its end; here the check later PyTorch added
  assert.throws(() => F.multi_margin_loss(torch.zeros(2, 4), torch.tensor([0, 1]), { weight: torch.ones(3) }),
    { name: 'RuntimeError', message: 'inconsistent weight size, expected 4 but got [3]' });
});

test('margin losses train: a few SGD steps on MultiMarginLoss and TripletMarginLoss lower the loss', () => {
  torch.manual_seed(0);
  const lin = new nn.Linear(4, 3), opt = new torch.optim.SGD(lin.parameters(), { lr: 0.5 });
  const x = torch.randn(16, 4), y = x.narrow(1, 0, 3).argmax(1);
  const crit = new nn.MultiMarginLoss({ margin: 0.5 }), losses = [];
  for (let i = 0; i < 20; i++) {
    opt.zero_grad();
    const l = crit(lin(x), y);
    l.backward();
    opt.step();
    losses.push(l.item());
  }
  assert.ok(losses[19] < losses[0] / 2, `${losses[0]} -> ${losses[19]}`);
  const emb = new nn.Linear(4, 2), opt2 = new torch.optim.SGD(emb.parameters(), { lr: 0.1 });
  const trip = new nn.TripletMarginLoss({ margin: 1.0 });
  const a = torch.randn(8, 4), p = a.add(torch.randn(8, 4).mul(0.1)), n = torch.randn(8, 4);
  const first = trip(emb(a), emb(p), emb(n)).item();
  for (let i = 0; i < 30; i++) { opt2.zero_grad(); trip(emb(a), emb(p), emb(n)).backward(); opt2.step(); }
  assert.ok(trip(emb(a), emb(p), emb(n)).item() < first);
});

test('legacy size_average / reduce: the deprecation warning of torch/nn/_reduction.py, in F.* and in the modules', () => {
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try {
    const x = torch.randn(3, 4), t = torch.ones(3, 4);
    F.soft_margin_loss(x, t, { size_average: false });
    F.multilabel_soft_margin_loss(x, t, { reduce: false });
    new nn.MarginRankingLoss({ size_average: true });
  } finally { torch.setWarningHandler(() => {}); }
  assert.deepEqual(seen, [
    "size_average and reduce args will be deprecated, please use reduction='sum' instead.",
    "size_average and reduce args will be deprecated, please use reduction='none' instead.",
    "size_average and reduce args will be deprecated, please use reduction='mean' instead.",
  ]);
});
