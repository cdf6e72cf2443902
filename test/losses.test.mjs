// poisson_nll_loss, gaussian_nll_loss, kl_div, binary_cross_entropy(_with_logits) and their modules:
// hand-checked values, gradients against finite differences in float64 for every differentiable
// argument, PyTorch's clamps and stable forms, errors and warnings.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';

const F = torch.nn.functional;
const flat = (t) => [t.tolist()].flat(Infinity);
function close(a, b, rtol, atol = rtol, what = '') {
  const x = [a].flat(Infinity), y = [b].flat(Infinity);
  assert.equal(x.length, y.length, `${what}: length`);
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(y[i])) { assert.ok(Number.isNaN(x[i]), `${what}[${i}]: ${x[i]} is not NaN`); continue; }
    if (!Number.isFinite(y[i])) { assert.equal(x[i], y[i], `${what}[${i}]`); continue; }
    assert.ok(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]), `${what}[${i}]: ${x[i]} vs ${y[i]}`);
  }
}
function withWarnings(f) {
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try { f(); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
  return seen;
}
const d64 = (v, rg = false) => torch.tensor(v, { dtype: torch.float64, requires_grad: rg });
const quiet = (f) => { let r; withWarnings(() => { r = f(); }); return r; };

/** Checks every leaf's .grad of a scalar loss against central differences (float64). */
function checkGrads(f, leaves, what) {
  for (const l of leaves) l.grad = null;
  f().backward();
  for (const [k, l] of leaves.entries()) {
    const d = l._data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i], h = 1e-6 * Math.max(1, Math.abs(v));
      d[i] = v + h; const up = f().item();
      d[i] = v - h; const dn = f().item();
      d[i] = v;
      close(l.grad._data[i], (up - dn) / (2 * h), 1e-6, 1e-7, `${what} arg${k}[${i}]`);
    }
  }
}

test('poisson_nll_loss: hand-checked, with and without Stirling term', () => {
  // exp(0) - 1·0 = 1; exp(1) - 2·1 = e - 2
  const x = d64([0, 1]), t = d64([1, 2]);
  close(F.poisson_nll_loss(x, t).item(), (1 + Math.E - 2) / 2, 1e-15);
  // t = 2 adds 2 log 2 - 2 + ½ log(4π); t = 1 is masked
  const st = 2 * Math.log(2) - 2 + 0.5 * Math.log(4 * Math.PI);
  close(flat(F.poisson_nll_loss(x, t, { full: true, reduction: 'none' })), [1, Math.E - 2 + st], 1e-14);
  // log_input = false: x - t·log(x + eps)
  close(F.poisson_nll_loss(d64([2]), d64([3]), false, false, { reduction: 'sum', eps: 0 }).item(), 2 - 3 * Math.log(2), 1e-15);
});

test('poisson_nll_loss: gradients w.r.t. input and target', () => {
  const x = d64([[0.3, 1.2, 2.5], [0.7, 1.9, 0.4]], true), t = d64([[0.5, 2, 3], [1.5, 0.2, 4]], true);
  for (const log_input of [true, false]) for (const full of [false, true]) for (const reduction of ['mean', 'sum'])
    checkGrads(() => F.poisson_nll_loss(x, t, { log_input, full, reduction }), [x, t], `poisson ${log_input} ${full} ${reduction}`);
});

test('gaussian_nll_loss: hand-checked, homoscedastic var, clamp to eps with the unclamped gradient path', () => {
  const v = 0.5 * (Math.log(2) + 4 / 2);
  close(F.gaussian_nll_loss(d64([1]), d64([3]), d64([2])).item(), v, 1e-15);
  close(F.gaussian_nll_loss(d64([1]), d64([3]), d64([2]), true).item(), v + 0.5 * Math.log(2 * Math.PI), 1e-15);
  // var one short of input: one variance per row
  const a = F.gaussian_nll_loss(d64([[1, 2], [3, 4]]), d64([[0, 0], [0, 0]]), d64([1, 4]), { reduction: 'none' });
  close(flat(a), [0.5, 2, 0.5 * (Math.log(4) + 9 / 4), 0.5 * (Math.log(4) + 16 / 4)], 1e-15);
  // var = 0 is clamped to eps
  close(F.gaussian_nll_loss(d64([1]), d64([1]), d64([0]), { eps: 0.25 }).item(), 0.5 * Math.log(0.25), 1e-15);
});

test('gaussian_nll_loss: gradients w.r.t. input, target and var (also broadcast var)', () => {
  const x = d64([[0.3, -1.2, 2.5], [0.7, 1.9, -0.4]], true), t = d64([[0.5, 2, 3], [1.5, 0.2, 4]], true);
  const v = d64([[0.5, 2, 3], [1.5, 0.2, 4]], true), vr = d64([0.7, 1.3], true), v1 = d64([[0.7], [1.3]], true);
  for (const full of [false, true]) for (const reduction of ['mean', 'sum']) {
    checkGrads(() => F.gaussian_nll_loss(x, t, v, { full, reduction }), [x, t, v], 'gaussian');
    checkGrads(() => F.gaussian_nll_loss(x, t, vr, { full, reduction }), [x, t, vr], 'gaussian homoscedastic');
    checkGrads(() => F.gaussian_nll_loss(x, t, v1, { full, reduction }), [x, t, v1], 'gaussian last dim 1');
  }
});

test('kl_div: hand-checked for every reduction and log_target', () => {
  const x = d64([[Math.log(0.25), Math.log(0.75)]]), t = d64([[0.5, 0.5]]);
  const none = [0.5 * (Math.log(0.5) - Math.log(0.25)), 0.5 * (Math.log(0.5) - Math.log(0.75))];
  close(flat(F.kl_div(x, t, { reduction: 'none' })), none, 1e-15);
  close(F.kl_div(x, t, { reduction: 'sum' }).item(), none[0] + none[1], 1e-15);
  close(F.kl_div(x, t, { reduction: 'batchmean' }).item(), none[0] + none[1], 1e-15);
  const warned = withWarnings(() => close(F.kl_div(x, t).item(), (none[0] + none[1]) / 2, 1e-15));
  assert.deepEqual(warned, ["reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release."]);
  close(F.kl_div(x, t.log(), { reduction: 'sum', log_target: true }).item(), none[0] + none[1], 1e-15);
  // a zero target contributes 0 (xlogy), even where log q is -inf... unless the input is -inf (NaN, as PyTorch)
  close(flat(F.kl_div(d64([-3, -Infinity]), d64([0, 0]), { reduction: 'none' })), [0, NaN], 0);
});

test('kl_div: gradients w.r.t. input and target; NaN target gradient at t = 0 as PyTorch', () => {
  const x = d64([[-1.2, -0.3, -2.5], [-0.7, -1.9, -0.4]], true), t = d64([[0.5, 0.2, 0.3], [0.15, 0.05, 0.8]], true);
  for (const log_target of [false, true]) for (const reduction of ['sum', 'batchmean'])
    checkGrads(() => F.kl_div(x, log_target ? t.log() : t, { reduction, log_target }), [x, t], `kl ${log_target} ${reduction}`);
  const z = d64([0, 0.5], true), xi = d64([-1, -1], true);
  F.kl_div(xi, z, { reduction: 'sum' }).backward();
  assert.ok(Number.isNaN(z.grad._data[0]));
  close(flat(xi.grad), [-0, -0.5], 0);
});

test('binary_cross_entropy: hand-checked, logs clamped at -100, weight broadcast', () => {
  close(F.binary_cross_entropy(d64([0.5, 0.9]), d64([1, 0])).item(), (Math.LN2 - Math.log(0.1)) / 2, 1e-15);
  assert.deepEqual(flat(F.binary_cross_entropy(d64([0, 1, 0]), d64([1, 0, 0]), { reduction: 'none' })), [100, 100, 0]);
  const w = d64([2, 3]);
  close(F.binary_cross_entropy(d64([[0.5, 0.9]]), d64([[1, 0]]), w, { reduction: 'sum' }).item(), 2 * Math.LN2 - 3 * Math.log(0.1), 1e-15);
});

test('binary_cross_entropy: gradients w.r.t. input and target (target: -logit(x)), the 1e-12 floor', () => {
  const x = d64([[0.3, 0.6, 0.95], [0.05, 0.5, 0.7]], true), t = d64([[0.5, 0.2, 1], [0, 0.35, 0.9]], true);
  for (const reduction of ['mean', 'sum']) {
    checkGrads(() => F.binary_cross_entropy(x, t, { reduction }), [x, t], `bce ${reduction}`);
    checkGrads(() => F.binary_cross_entropy(x, t, { weight: d64([1, 2, 0.5]), reduction }), [x, t], `bce w ${reduction}`);
  }
  // PyTorch divides by max((1-x)·x, float32(1e-12)) and gives ±inf target gradients at 0 and 1
  const x0 = d64([0, 1], true), t0 = d64([1, 0], true);
  F.binary_cross_entropy(x0, t0, { reduction: 'sum' }).backward();
  close(flat(x0.grad), [-1 / Math.fround(1e-12), 1 / Math.fround(1e-12)], 1e-15);
  assert.deepEqual(flat(t0.grad), [Infinity, -Infinity]);
});

test('binary_cross_entropy_with_logits: hand-checked, stable at |x| = 1000, pos_weight', () => {
  close(F.binary_cross_entropy_with_logits(d64([0]), d64([1])).item(), Math.LN2, 1e-15);
  for (const dtype of [torch.float32, torch.float64]) {
    const l = F.binary_cross_entropy_with_logits(torch.tensor([1000, -1000, 1000, -1000], { dtype }),
      torch.tensor([0, 1, 1, 0], { dtype }), { reduction: 'none' });
    assert.deepEqual(flat(l), [1000, 1000, 0, 0]);
  }
  close(F.binary_cross_entropy_with_logits(d64([0]), d64([1]), { pos_weight: d64([3]) }).item(), 3 * Math.LN2, 1e-15);
  // t·p·softplus(-x) + (1-t)·softplus(x)
  const sp = (v) => Math.log1p(Math.exp(v));
  const v = F.binary_cross_entropy_with_logits(d64([[0.3, -2]]), d64([[0.25, 1]]), { pos_weight: d64([2, 5]), weight: d64([1, 0.5]), reduction: 'sum' });
  close(v.item(), (0.25 * 2 * sp(-0.3) + 0.75 * sp(0.3)) + 0.5 * (5 * sp(2)), 1e-14);
});

test('binary_cross_entropy_with_logits: gradients w.r.t. input and target, with weight and pos_weight', () => {
  const x = d64([[0.3, -1.6, 2.5], [-0.05, 4, 0.7]], true), t = d64([[0.5, 0.2, 1], [0, 0.35, 0.9]], true);
  for (const reduction of ['mean', 'sum']) {
    checkGrads(() => F.binary_cross_entropy_with_logits(x, t, { reduction }), [x, t], 'bcel');
    checkGrads(() => F.binary_cross_entropy_with_logits(x, t, { weight: d64([[1], [2]]), pos_weight: d64([0.5, 2, 3]), reduction }), [x, t], 'bcel pw');
  }
});

test('float32 results stay float32 values', () => {
  const x = torch.rand(3, 4), t = torch.rand(3, 4);
  for (const l of [F.binary_cross_entropy(x, t, { reduction: 'none' }), F.binary_cross_entropy_with_logits(x, t, { reduction: 'none' }),
    F.poisson_nll_loss(x, t, { reduction: 'none', full: true }), F.gaussian_nll_loss(x, t, x, { reduction: 'none' }),
    F.kl_div(x, t, { reduction: 'none' })]) {
    assert.equal(l.dtype, torch.float32);
    for (const v of flat(l)) if (Number.isFinite(v)) assert.equal(Math.fround(v), v);
  }
});

test('legacy size_average / reduce on every loss that has them, with the deprecation warning', () => {
  const x = torch.rand(3, 4), t = torch.rand(3, 4);
  const fns = [
    (kw) => F.poisson_nll_loss(x, t, kw), (kw) => F.kl_div(x, t, kw),
    (kw) => F.binary_cross_entropy(x, t, kw), (kw) => F.binary_cross_entropy_with_logits(x, t, kw),
  ];
  for (const f of fns) {
    const w = withWarnings(() => {
      assert.deepEqual(flat(f({ reduce: false })), flat(f({ reduction: 'none' })));
      assert.equal(f({ size_average: false }).item(), f({ reduction: 'sum' }).item());
    });
    assert.ok(w.includes("size_average and reduce args will be deprecated, please use reduction='none' instead."));
  }
  // the legacy options win over reduction, but kl_div still divides for 'batchmean'
  const a = quiet(() => F.kl_div(x, t, { size_average: false, reduction: 'batchmean' })).item();
  close(a, F.kl_div(x, t, { reduction: 'sum' }).item() / 3, 1e-6);
});

test('errors: PyTorch classes and exact messages', () => {
  const x = torch.rand(2, 3), t = torch.rand(2, 3);
  const cases = [
    [() => F.poisson_nll_loss(x, t, { reduction: 'elementwise_mean' }), 'ValueError', 'elementwise_mean is not valid'],
    [() => F.gaussian_nll_loss(x, t, torch.rand(2, 2)), 'ValueError', 'var is of incorrect size'],
    [() => F.gaussian_nll_loss(x, t, torch.rand(2, 2), { reduction: 'avg' }), 'ValueError', 'var is of incorrect size'],
    [() => F.gaussian_nll_loss(x, t, x.neg(), { reduction: 'avg' }), 'ValueError', 'avg is not valid'],
    [() => F.gaussian_nll_loss(x, t, x.neg()), 'ValueError', 'var has negative entry/entries'],
    [() => F.gaussian_nll_loss(x, t, 1.0), 'AttributeError', "'float' object has no attribute 'size'"],
    [() => F.kl_div(x, t, { reduction: 'avg' }), 'ValueError', 'avg is not a valid value for reduction'],
    [() => F.kl_div(x, t.long()), 'RuntimeError', 'kl_div: Integral inputs not supported.'],
    [() => F.kl_div(torch.rand(3, 2), torch.rand(2, 2)), 'RuntimeError', 'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0'],
    [() => F.binary_cross_entropy(x, torch.rand(3)), 'ValueError', 'Using a target size (torch.Size([3])) that is different to the input size (torch.Size([2, 3])) is deprecated. Please ensure they have the same size.'],
    [() => F.binary_cross_entropy(x.add(1), t), 'RuntimeError', 'all elements of input should be between 0 and 1'],
    [() => F.binary_cross_entropy(x, t.long()), 'RuntimeError', 'Found dtype Long but expected Float'],
    [() => F.binary_cross_entropy(x, t, torch.rand(4)), 'RuntimeError', 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1'],
    [() => F.binary_cross_entropy(x, t, torch.rand(2, 2, 3)), 'RuntimeError', "output with shape [2, 3] doesn't match the broadcast shape [2, 2, 3]"],
    [() => F.binary_cross_entropy(x, t, torch.rand(3, { requires_grad: true })), 'RuntimeError', "The function 'binary_cross_entropy' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True."],
    [() => F.binary_cross_entropy_with_logits(x, torch.rand(3)), 'ValueError', 'Target size (torch.Size([3])) must be the same as input size (torch.Size([2, 3]))'],
    [() => F.binary_cross_entropy_with_logits(x, t, { pos_weight: torch.rand(4) }), 'RuntimeError', 'The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1'],
    [() => F.binary_cross_entropy_with_logits(x, t.long()), 'RuntimeError', "result type Float can't be cast to the desired output type Long"],
    [() => F.binary_cross_entropy_with_logits(x, t, { reduction: 'batchmean' }), 'ValueError', 'batchmean is not a valid value for reduction'],
  ];
  for (const [f, name, message] of cases) assert.throws(() => quiet(f), (e) => e.name === name && e.message === message, message);
});

test('modules: constructor options as PyTorch keywords, buffers, forward == functional', () => {
  const x = torch.rand(3, 4), t = torch.rand(3, 4), v = torch.rand(3, 4);
  const nn = torch.nn;
  assert.equal(new nn.PoissonNLLLoss(false, true, { eps: 0.5, reduction: 'sum' }).forward(x, t).item(),
    F.poisson_nll_loss(x, t, { log_input: false, full: true, eps: 0.5, reduction: 'sum' }).item());
  assert.equal(new nn.GaussianNLLLoss({ full: true, eps: 0.1 }).forward(x, t, v).item(),
    F.gaussian_nll_loss(x, t, v, { full: true, eps: 0.1 }).item());
  assert.throws(() => new nn.GaussianNLLLoss(true), (e) => e.name === 'TypeError');
  assert.equal(new nn.KLDivLoss({ reduction: 'batchmean', log_target: true }).forward(x, t).item(),
    F.kl_div(x, t, { reduction: 'batchmean', log_target: true }).item());
  const w = torch.rand(4), pw = torch.rand(4);
  const bce = new nn.BCELoss(w, { reduction: 'sum' });
  assert.equal(bce.forward(x, t).item(), F.binary_cross_entropy(x, t, { weight: w, reduction: 'sum' }).item());
  assert.deepEqual([...bce.state_dict().keys()], ['weight']);
  const bcel = new nn.BCEWithLogitsLoss({ weight: w, pos_weight: pw });
  assert.equal(bcel.forward(x, t).item(), F.binary_cross_entropy_with_logits(x, t, { weight: w, pos_weight: pw }).item());
  assert.deepEqual([...bcel.state_dict().keys()], ['weight', 'pos_weight']);
  assert.equal(quiet(() => new nn.BCELoss({ size_average: false })).reduction, 'sum');
  // gradients flow through modules as through the functions
  const xi = torch.rand(3, 4, { requires_grad: true });
  new nn.BCELoss().forward(xi, t).backward();
  assert.equal(xi.grad.shape.join(), '3,4');
});
