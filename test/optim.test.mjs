// torch.optim against PyTorch 1.13: the optimizer and scheduler cases of test/fixtures/optim_cases.json
// (tools/fixtures_optim.py), float32 compared bit for bit, plus the API conventions (positional or
// keyword options, param groups, zero_grad, state_dict) and PyTorch's error messages.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const { optim } = torch;
const { cases } = JSON.parse(readFileSync(new URL('./fixtures/optim_cases.json', import.meta.url), 'utf8'));
const DT = { float32: torch.float32, float64: torch.float64 };

for (const c of cases.filter((c) => c.kind === 'optimizer')) {
  test(`optimizer ${c.id}`, () => {
    const dt = DT[c.dtype];
    const params = c.shapes.map((s, i) => torch.tensor(c.start[i], { dtype: dt }).reshape(s).requires_grad_());
    const opt = new optim[c.optimizer](params, c.options);
    c.grads.forEach((grads, k) => {
      params.forEach((p, i) => { p.grad = torch.tensor(grads[i], { dtype: dt }).reshape(c.shapes[i]); });
      opt.step();
      params.forEach((p, i) => {
        const got = p.detach().reshape(-1).tolist(), want = c.after[k][i];
        for (let j = 0; j < want.length; j++) {
          if (c.dtype === 'float32') assert.equal(got[j], want[j], `step ${k + 1} param ${i}[${j}]`);
          else assert.ok(Math.abs(got[j] - want[j]) <= 1e-12 * Math.max(1, Math.abs(want[j])), `step ${k + 1} param ${i}[${j}]: ${got[j]} vs ${want[j]}`);
        }
      });
    });
  });
}

for (const c of cases.filter((c) => c.kind === 'scheduler')) {
  test(`scheduler ${c.id}`, () => {
    const p = torch.zeros([1], { requires_grad: true });
    const opt = new optim.SGD([p], { lr: c.lr });
    const s = new optim.lr_scheduler[c.scheduler](opt, c.options);
    c.lrs.forEach((want, k) => {
      opt.step(); s.step();
      assert.ok(Math.abs(opt.param_groups[0].lr - want) <= 1e-15 * Math.max(1, Math.abs(want)), `epoch ${k + 1}: ${opt.param_groups[0].lr} vs ${want}`);
      assert.deepEqual(s.get_last_lr(), [opt.param_groups[0].lr]);
    });
  });
}

const param = (vals) => torch.tensor(vals, { dtype: torch.float32 }).requires_grad_();

test('positional and keyword options are the same optimizer', () => {
  const run = (make) => {
    const p = param([1, -2, 3]);
    const opt = make([p]);
    for (let k = 0; k < 3; k++) { p.grad = torch.tensor([0.5, 0.25, -1]); opt.step(); }
    return p.detach().tolist();
  };
  assert.deepEqual(run((ps) => new optim.SGD(ps, 0.1, 0.9)), run((ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9 })));
  assert.deepEqual(run((ps) => new optim.SGD(ps, 0.1, { momentum: 0.9 })), run((ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9 })));
  assert.deepEqual(run((ps) => new optim.Adam(ps, 0.01, [0.8, 0.9])), run((ps) => new optim.Adam(ps, { lr: 0.01, betas: [0.8, 0.9] })));
  assert.deepEqual(run((ps) => new optim.Adadelta(ps, 1.0, 0.9)), run((ps) => new optim.Adadelta(ps)));
});

test('defaults are PyTorch 1.13\'s', () => {
  const p = param([1]);
  const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o.param_groups[0][k]]));
  assert.deepEqual(pick(new optim.SGD([p], 0.1), ['lr', 'momentum', 'dampening', 'weight_decay', 'nesterov', 'maximize']),
    { lr: 0.1, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false });
  assert.deepEqual(pick(new optim.Adam([p]), ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad']), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false });
  assert.deepEqual(pick(new optim.AdamW([p]), ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad']), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 1e-2, amsgrad: false });
  assert.deepEqual(pick(new optim.Adadelta([p]), ['lr', 'rho', 'eps', 'weight_decay']), { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0 });
});

test('param groups: each with its own lr and options; a generator of parameters works', () => {
  const a = param([1, 1]), b = param([1, 1]);
  function* gen() { yield a; }
  const opt = new optim.SGD([{ params: gen() }, { params: b, lr: 0.5, momentum: 0.9 }], { lr: 0.1 });
  assert.equal(opt.param_groups.length, 2);
  assert.equal(opt.param_groups[0].lr, 0.1);
  assert.equal(opt.param_groups[0].momentum, 0);
  assert.equal(opt.param_groups[1].lr, 0.5);
  assert.equal(opt.param_groups[1].momentum, 0.9);
  a.grad = torch.tensor([1, 2], { dtype: torch.float32 }); b.grad = torch.tensor([1, 2], { dtype: torch.float32 });
  opt.step();
  assert.deepEqual(a.detach().tolist(), [Math.fround(1 - Math.fround(0.1)), Math.fround(1 - Math.fround(0.2))]);
  assert.deepEqual(b.detach().tolist(), [0.5, 0]);
  // a parameter without a gradient is skipped
  const c = param([3]);
  const o2 = new optim.Adam([c]);
  o2.step();
  assert.deepEqual(c.detach().tolist(), [3]);
  assert.equal(o2.state.size, 0);
});

test('the caller\'s group objects are not mutated', () => {
  const g = { params: [param([1])], lr: 0.3 };
  new optim.SGD([g], 0.1, 0.9);
  assert.deepEqual(Object.keys(g), ['params', 'lr']);
});

test('zero_grad zeros gradients by default (PyTorch 1.13), or sets them to null', () => {
  const p = param([1, 2]);
  const opt = new optim.SGD([p], 0.1);
  p.grad = torch.tensor([3, 4], { dtype: torch.float32 });
  opt.zero_grad();
  assert.deepEqual(p.grad.tolist(), [0, 0]);
  opt.zero_grad(true);
  assert.equal(p.grad, null);
});

test('step(closure) returns the closure\'s loss', () => {
  const p = param([2]);
  const opt = new optim.SGD([p], 0.5);
  const loss = opt.step(() => { opt.zero_grad(); const l = p.mul(p).sum(); l.backward(); return l; });
  assert.equal(loss.item(), 4);
  assert.deepEqual(p.detach().tolist(), [0]);
});

test('state_dict / load_state_dict resume an optimizer exactly', () => {
  const grads = [[0.5, -1], [0.25, 2], [-3, 1], [1, 1]];
  const run = (resume) => {
    let p = param([1, 2]);
    let opt = new optim.Adam([p], { lr: 0.1, amsgrad: true });
    grads.forEach((g, k) => {
      if (resume && k === 2) {
        const sd = opt.state_dict();
        const q = param(p.detach().tolist());
        const o2 = new optim.Adam([q], { lr: 0.7 });
        o2.load_state_dict(sd);
        assert.equal(o2.param_groups[0].lr, 0.1);
        assert.equal(o2.param_groups[0].amsgrad, true);
        p = q; opt = o2;
      }
      p.grad = torch.tensor(g, { dtype: torch.float32 });
      opt.step();
    });
    return p.detach().tolist();
  };
  assert.deepEqual(run(true), run(false));
  const p = param([1]);
  const opt = new optim.SGD([p], 0.1, 0.9);
  p.grad = torch.tensor([1], { dtype: torch.float32 }); opt.step();
  const sd = opt.state_dict();
  assert.deepEqual(Object.keys(sd.state), ['0']);
  assert.deepEqual(sd.state[0].momentum_buffer.tolist(), [1]);
  assert.deepEqual(sd.param_groups[0].params, [0]);
});

test('PyTorch\'s errors', () => {
  const p = param([1]);
  const throwsLike = (fn, name, message) => assert.throws(fn, (e) => e.name === name && e.message === message);
  throwsLike(() => new optim.SGD([p]), 'ValueError', "parameter group didn't specify a value of required optimization parameter lr");
  throwsLike(() => new optim.SGD([p], { lr: 0.1, foo: 1 }), 'TypeError', "SGD.__init__() got an unexpected keyword argument 'foo'");
  throwsLike(() => new optim.SGD([p], 0.1, 0.1, 0.1, 0.1, false, 1), 'TypeError', 'SGD.__init__() takes from 2 to 7 positional arguments but 8 were given');
  throwsLike(() => new optim.SGD([p], { lr: -1 }), 'ValueError', 'Invalid learning rate: -1');
  throwsLike(() => new optim.SGD([p], { lr: 0.1, momentum: -1.5 }), 'ValueError', 'Invalid momentum value: -1.5');
  throwsLike(() => new optim.SGD([p], { lr: 0.1, nesterov: true }), 'ValueError', 'Nesterov momentum requires a momentum and zero dampening');
  throwsLike(() => new optim.SGD([], 0.1), 'ValueError', 'optimizer got an empty parameter list');
  throwsLike(() => new optim.SGD(p, 0.1), 'TypeError', 'params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor');
  throwsLike(() => new optim.SGD([p.mul(2)], 0.1), 'ValueError', "can't optimize a non-leaf Tensor");
  throwsLike(() => new optim.SGD([{ params: [p] }, { params: [p] }], 0.1), 'ValueError', 'some parameters appear in more than one parameter group');
  throwsLike(() => new optim.Adam([p], { betas: [1.0, 0.9] }), 'ValueError', 'Invalid beta parameter at index 0: 1');
  throwsLike(() => new optim.Adam([p], { eps: -1e-8 }), 'ValueError', 'Invalid epsilon value: -1e-08');
  throwsLike(() => new optim.Adadelta([p], { rho: 1.5 }), 'ValueError', 'Invalid rho value: 1.5');
  throwsLike(() => new optim.lr_scheduler.StepLR([p], 1), 'TypeError', 'list is not an Optimizer');
  throwsLike(() => new optim.lr_scheduler.StepLR(new optim.SGD([p], 0.1)), 'TypeError', "StepLR.__init__() missing 1 required positional argument: 'step_size'");
});

test('StepLR: keyword or positional options; initial_lr and get_last_lr', () => {
  const mk = () => new optim.SGD([param([1])], 1.0);
  const o1 = mk(), o2 = mk();
  const s1 = new optim.lr_scheduler.StepLR(o1, { step_size: 1, gamma: 0.7 });
  const s2 = new optim.lr_scheduler.StepLR(o2, 1, { gamma: 0.7 });
  assert.deepEqual(s1.get_last_lr(), [1.0]);
  assert.equal(o1.param_groups[0].initial_lr, 1.0);
  for (let k = 0; k < 3; k++) { o1.step(); s1.step(); o2.step(); s2.step(); }
  assert.deepEqual(s1.get_last_lr(), [1.0 * 0.7 * 0.7 * 0.7]);
  assert.deepEqual(s2.get_last_lr(), s1.get_last_lr());
});

test('scheduler stepped before the optimizer warns as PyTorch does', () => {
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try {
    const o = new optim.SGD([param([1])], 1.0);
    const s = new optim.lr_scheduler.ExponentialLR(o, 0.5);
    s.step();
    assert.equal(seen.length, 1);
    assert.match(seen[0], /^Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`/);
  } finally {
    torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`));
  }
});
