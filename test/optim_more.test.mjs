// optim.RMSprop, optim.Adagrad and the schedulers beyond StepLR against PyTorch 1.13, for what
// optim_cases.json's format cannot hold (test/fixtures/more_optim.json, tools/fixtures_optim_more.py):
// LambdaLR / MultiplicativeLR with functions, schedulers on SGD-with-momentum / Adam / RMSprop (OneCycleLR's
// momentum and betas), step(epoch)'s closed forms, ReduceLROnPlateau fed metrics, optimizer state_dicts
// and reprs, and the constructors' errors with PyTorch's messages; PolynomialLR, CosineAnnealingWarmRestarts
// (step(epoch) with fractional epochs), CyclicLR (momentum cycling, scale_fn) and the schedulers of
// schedulers, SequentialLR and ChainedScheduler ('compose' cases). Then resume-exactness of state_dict.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const { optim } = torch;
const { lr_scheduler } = optim;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/more_optim.json', import.meta.url), 'utf8'));
assert.equal(fixture.replayed_by, 'test/optim_more.test.mjs');

/** The fixture's lr_lambda functions (tools/fixtures_optim_more.py's LAMBDAS) in JavaScript. */
const LAMBDAS = {
  pow095: (e) => 0.95 ** e,
  step3: (e) => 0.1 ** Math.floor(e / 3),
  warmup5: (e) => Math.min(1.0, (e + 1) / 5),
  const095: () => 0.95,
  alternate: (e) => (e % 2 ? 0.9 : 1.0),
};
const lambdasOf = (l) => (Array.isArray(l) ? l.map((n) => LAMBDAS[n]) : LAMBDAS[l]);
/** CyclicLR's named scale_fn functions (the generator's SCALE_FNS). */
const SCALE_FNS = {
  half_pow: (x) => 0.5 ** x,
  inv_1p: (x) => 1 / (1.0 + 0.01 * x),
  pow0999: (x) => 0.999 ** x,
};
const schedOptions = (o) => (typeof o.scale_fn === 'string' ? { ...o, scale_fn: SCALE_FNS[o.scale_fn] } : o);

/** The generator's build_scheduler: a scheduler, or a SequentialLR / ChainedScheduler of them. */
function buildScheduler(spec, opts) {
  if (spec.name === 'ChainedScheduler') return new lr_scheduler.ChainedScheduler(spec.children.map((c) => buildScheduler(c, opts)));
  const opt = opts[spec.optimizer ?? 'main'];
  if (spec.name === 'SequentialLR')
    return new lr_scheduler.SequentialLR(opt, spec.children.map((c) => buildScheduler(c, opts)), spec.milestones, spec.options ?? {});
  return new lr_scheduler[spec.name](opt, schedOptions(spec.options ?? {}));
}
/** console.log's lines while fn runs. */
function printed(fn) {
  const lines = [], log = console.log;
  console.log = (m) => lines.push(m);
  try { fn(); } finally { console.log = log; }
  return lines;
}

/** As the generator's make_optimizer: one zero parameter per group. */
function makeOptimizer(spec) {
  const groups = (spec.groups ?? [{}]).map((g) => ({ params: [torch.zeros([2], { requires_grad: true })], ...g }));
  return new optim[spec.name](groups, spec.kwargs ?? {});
}
const momenta = (opt) => opt.param_groups.map((g) => ('betas' in g ? g.betas[0] : 'momentum' in g ? g.momentum : null));
const lrsOf = (opt) => opt.param_groups.map((g) => g.lr);
const param = (vals) => torch.tensor(vals, { dtype: torch.float32 }).requires_grad_();

/** Equal to 1e-15 relative (the lambdas' `**` may differ from C's pow by an ulp). */
function closeRows(got, want, what) {
  assert.equal(got.length, want.length, `${what}: length`);
  got.forEach((row, k) => row.forEach((v, i) => {
    const w = want[k][i];
    if (w === null) assert.equal(v, null, `${what} [${k}][${i}]`);
    else assert.ok(Math.abs(v - w) <= 1e-15 * Math.max(1e-300, Math.abs(w)) || v === w, `${what} [${k}][${i}]: ${v} vs ${w}`);
  }));
}
const quiet = (fn) => {
  torch.setWarningHandler(() => {});
  try { return fn(); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
};

for (const c of fixture.cases) {
  test(`${c.kind} ${c.id}`, () => quiet(() => {
    if (c.kind === 'lambda') {
      const opt = makeOptimizer({ name: 'SGD', kwargs: { lr: 0.1 }, groups: c.group_lrs.map((lr) => ({ lr })) });
      const s = new lr_scheduler[c.scheduler](opt, lambdasOf(c.lambdas));
      const lrs = [lrsOf(opt)];
      for (let k = 1; k < c.lrs.length; k++) { opt.step(); s.step(); lrs.push(lrsOf(opt)); }
      closeRows(lrs, c.lrs, 'lr');
      assert.deepEqual(s.get_last_lr(), lrsOf(opt));
      const sd = s.state_dict();
      assert.deepEqual(Object.keys(sd).sort(), c.state_dict_keys);
      assert.deepEqual(sd.lr_lambdas, c.state_dict_lr_lambdas);
    } else if (c.kind === 'sched') {
      const opt = makeOptimizer(c.optimizer);
      let s, error = null;
      const lrs = [], moms = [];
      const stdout = printed(() => {
        s = new lr_scheduler[c.scheduler](opt, schedOptions(c.options));
        lrs.push(lrsOf(opt)); moms.push(momenta(opt));
        const seq = c.epochs ?? Array(c.steps).fill(null);
        for (const e of seq) {
          opt.step();
          try { if (e === null) s.step(); else s.step(e); } catch (err) { error = { type: err.name, message: err.message }; break; }
          lrs.push(lrsOf(opt)); moms.push(momenta(opt));
        }
      });
      assert.deepEqual(error, c.error ?? null);
      closeRows(lrs, c.lrs, 'lr');
      closeRows(moms, c.momenta, 'momentum');
      assert.deepEqual(Object.keys(s.state_dict()).sort(), c.state_dict_keys);
      if (c.stdout) assert.deepEqual(stdout, c.stdout);
      if ('T_cur' in c) {
        closeRows([[s.T_cur]], [[c.T_cur]], 'T_cur');
        assert.deepEqual([s.T_i, s.last_epoch], [c.T_i, c.last_epoch]);
      }
    } else if (c.kind === 'compose') {
      const opts = { main: makeOptimizer(c.optimizer), other: makeOptimizer(c.optimizer) }, opt = opts.main;
      let s;
      try { s = buildScheduler(c.spec, opts); } catch (err) {
        assert.deepEqual({ type: err.name, message: err.message }, c.error);
        return;
      }
      const lrs = [lrsOf(opt)], moms = [momenta(opt)], last = [s.get_last_lr()];
      let error = null;
      for (let k = 0; k < c.steps; k++) {
        opt.step();
        try { s.step(); } catch (err) { error = { type: err.name, message: err.message }; break; }
        lrs.push(lrsOf(opt)); moms.push(momenta(opt)); last.push(s.get_last_lr());
      }
      assert.deepEqual(error, c.error ?? null);
      closeRows(lrs, c.lrs, 'lr');
      closeRows(moms, c.momenta, 'momentum');
      closeRows(last, c.last_lrs, 'get_last_lr()');
      const sd = s.state_dict();
      assert.deepEqual(Object.keys(sd).sort(), c.state_dict_keys);
      assert.deepEqual(sd._schedulers.map((d) => Object.keys(d).sort()), c.child_state_dict_keys);
      assert.deepEqual(s._schedulers.map((x) => x.last_epoch ?? null), c.child_last_epochs);
      assert.equal(s.last_epoch, c.last_epoch);
    } else if (c.kind === 'plateau') {
      const opt = makeOptimizer({ name: 'SGD', kwargs: { lr: 0.1 }, groups: c.group_lrs.map((lr) => ({ lr })) });
      const s = new lr_scheduler.ReduceLROnPlateau(opt, c.options);
      c.metrics.forEach((m, k) => {
        opt.step();
        s.step(c.tensor_metrics ? torch.tensor(m) : m);
        const want = c.rows[k];
        closeRows([lrsOf(opt)], [want.lrs], `step ${k + 1} lr`);
        assert.equal(s.best, c.tensor_metrics ? Math.fround(want.best) : want.best, `step ${k + 1} best`);
        assert.deepEqual([s.num_bad_epochs, s.cooldown_counter, s.last_epoch], [want.num_bad_epochs, want.cooldown_counter, want.last_epoch], `step ${k + 1}`);
      });
      assert.deepEqual(Object.keys(s.state_dict()).sort(), c.state_dict_keys);
      assert.deepEqual(s._last_lr, lrsOf(opt));
    } else if (c.kind === 'state') {
      const a = param([0.5, -1.0, 2.0]), b = torch.tensor([[1.0, 2.0]], { dtype: torch.float32 }).requires_grad_();
      const opt = new optim[c.optimizer]([a, b], c.kwargs);
      for (let k = 0; k < 2; k++) { a.grad = torch.tensor([0.1, -0.2, 0.3], { dtype: torch.float32 }).mul(k + 1); opt.step(); }
      const sd = opt.state_dict();
      const kinds = Object.fromEntries(Object.entries(sd.state).map(([i, st]) => [i,
        Object.fromEntries(Object.entries(st).map(([k, v]) => [k, v instanceof torch.Tensor ? 'tensor' : Number.isInteger(v) ? 'int' : typeof v]))]));
      assert.deepEqual(kinds, c.state);
      for (const [i, st] of Object.entries(c.state_values))
        for (const [k, v] of Object.entries(st)) {
          const got = sd.state[i][k];
          assert.deepEqual(got instanceof torch.Tensor ? got.reshape(-1).tolist() : got, v, `state ${i}.${k}`);
        }
      assert.deepEqual(Object.keys(sd.param_groups[0]).sort(), c.group_keys);
      assert.equal(String(opt), c.repr);
      assert.deepEqual(a.grad.reshape(-1).tolist(), c.grad_after, 'p.grad after the steps');
    } else if (c.kind === 'error') {
      const fn = c.make === 'optimizer'
        ? () => new optim[c.name]([torch.zeros([2], { requires_grad: true })], c.kwargs)
        : () => {
          const args = [makeOptimizer(c.optimizer)];
          if (c.lambdas !== undefined) args.push(lambdasOf(c.lambdas));
          if (c.positional) args.push(...c.positional);
          return new lr_scheduler[c.name](...args, schedOptions(c.kwargs));
        };
      assert.throws(fn, (e) => {
        assert.deepEqual({ type: e.name, message: e.message }, c.error);
        return true;
      });
    } else assert.fail(`unknown kind ${c.kind}`);
  }));
}

// ---- state_dict / load_state_dict resume exactly ----
const GRADS = [[0.5, -1], [0.25, 2], [-3, 1], [1, 1], [0.1, -0.1]];

function resumes(make) {
  const run = (resume) => {
    let p = param([1, 2]);
    let opt = make([p]);
    GRADS.forEach((g, k) => {
      if (resume && k === 2) {
        const sd = opt.state_dict();
        const q = param(p.detach().tolist());
        const o2 = make([q]);
        o2.load_state_dict(sd);
        p = q; opt = o2;
      }
      p.grad = torch.tensor(g, { dtype: torch.float32 });
      opt.step();
    });
    return p.detach().tolist();
  };
  assert.deepEqual(run(true), run(false));
}

test('RMSprop and Adagrad resume exactly from a state_dict', () => {
  resumes((ps) => new optim.RMSprop(ps, { lr: 0.01, momentum: 0.9, centered: true, weight_decay: 0.1 }));
  resumes((ps) => new optim.RMSprop(ps));
  resumes((ps) => new optim.Adagrad(ps, { lr: 0.1, lr_decay: 0.1, initial_accumulator_value: 0.2 }));
  // the loaded state is a copy
  const p = param([1, 2]);
  const opt = new optim.Adagrad([p], 0.1);
  const sd = opt.state_dict();
  const o2 = new optim.Adagrad([param([1, 2])], 0.1);
  o2.load_state_dict(sd);
  p.grad = torch.tensor([1, 1], { dtype: torch.float32 });
  opt.step();
  assert.deepEqual([...o2.state.values()][0].step.item(), 0);
});

test('RMSprop and Adagrad: positional and keyword options, defaults, float64 state', () => {
  const p = param([1]);
  const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o.param_groups[0][k]]));
  assert.deepEqual(pick(new optim.RMSprop([p]), ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered', 'foreach', 'maximize', 'differentiable']),
    { lr: 0.01, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, foreach: null, maximize: false, differentiable: false });
  assert.deepEqual(pick(new optim.Adagrad([p]), ['lr', 'lr_decay', 'weight_decay', 'initial_accumulator_value', 'eps', 'foreach', 'maximize']),
    { lr: 0.01, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10, foreach: null, maximize: false });
  assert.deepEqual(pick(new optim.RMSprop([p], 0.1, 0.9, 1e-6, 0, 0.5, true, null, true), ['lr', 'alpha', 'eps', 'momentum', 'centered', 'maximize']),
    { lr: 0.1, alpha: 0.9, eps: 1e-6, momentum: 0.5, centered: true, maximize: true });
  assert.throws(() => new optim.Adagrad([p], 0.1, 0, 0, 0, 1e-10, null, true), (e) => e.name === 'TypeError' &&
    e.message === 'Adagrad.__init__() takes from 2 to 8 positional arguments but 9 were given');
  const q = torch.tensor([1, 2], { dtype: torch.float64 }).requires_grad_();
  const ada = new optim.Adagrad([q], { initial_accumulator_value: 0.1 });
  assert.equal(ada.state.get(q).sum.dtype, torch.float64);
  assert.equal(ada.state.get(q).step.dtype, torch.float32);
  assert.deepEqual(ada.state.get(q).sum.tolist(), [0.1, 0.1]);
});

test('RMSprop: momentum turned on after the first step is a KeyError, as in PyTorch', () => {
  const p = param([1, 2]);
  const opt = new optim.RMSprop([p], 0.01);
  p.grad = torch.tensor([1, 1], { dtype: torch.float32 }); opt.step();
  opt.param_groups[0].momentum = 0.9;
  assert.throws(() => opt.step(), (e) => e.name === 'KeyError' && e.message === "'momentum_buffer'");
});

test('Adagrad: a parameter added by add_param_group has no state (KeyError, as in PyTorch)', () => {
  const opt = new optim.Adagrad([param([1])], 0.1);
  const q = param([2]);
  opt.add_param_group({ params: [q] });
  q.grad = torch.tensor([1], { dtype: torch.float32 });
  assert.throws(() => opt.step(), (e) => e.name === 'KeyError' && e.message === "'sum'");
});

test('LambdaLR: positional, keyword, load_state_dict keeps the functions', () => {
  const mk = () => new optim.SGD([param([1])], 1.0);
  const o1 = mk(), o2 = mk();
  const s1 = new lr_scheduler.LambdaLR(o1, (e) => 0.5 ** e);
  const s2 = new lr_scheduler.LambdaLR(o2, { lr_lambda: (e) => 0.5 ** e });
  for (let k = 0; k < 3; k++) { o1.step(); s1.step(); o2.step(); s2.step(); }
  assert.deepEqual(s1.get_last_lr(), [0.125]);
  assert.deepEqual(s2.get_last_lr(), [0.125]);
  const o3 = mk();
  const s3 = new lr_scheduler.LambdaLR(o3, (e) => 0.5 ** e);
  s3.load_state_dict(s1.state_dict());
  assert.equal(s3.last_epoch, 3);
  o3.step(); s3.step();
  assert.deepEqual(s3.get_last_lr(), [0.0625]);
  assert.throws(() => new lr_scheduler.LambdaLR([1], () => 1), (e) => e.name === 'AttributeError' && e.message === "'list' object has no attribute 'param_groups'");
  assert.throws(() => quiet(() => new lr_scheduler.LambdaLR(mk(), 3)), (e) => e.name === 'TypeError' && e.message === "'int' object is not callable");
});

test('ReduceLROnPlateau: positional options, state_dict round trip, errors', () => {
  const opt = new optim.SGD([param([1])], 1.0);
  const s = new lr_scheduler.ReduceLROnPlateau(opt, 'max', 0.5, 0);
  assert.equal(s.mode, 'max');
  assert.equal(s.best, -Infinity);
  s.step(1); s.step(1);
  assert.equal(opt.param_groups[0].lr, 0.5);
  const s2 = new lr_scheduler.ReduceLROnPlateau(opt);
  s2.load_state_dict(s.state_dict());
  assert.deepEqual([s2.mode, s2.factor, s2.patience, s2.best, s2.last_epoch], ['max', 0.5, 0, 1, 2]);
  s2.best = 99;
  assert.equal(s.best, 1); // a loaded state is not shared back
  assert.equal(s2.in_cooldown, false);
  assert.equal(s.get_last_lr, undefined); // 1.13's ReduceLROnPlateau is no _LRScheduler
  assert.throws(() => s.step(), (e) => e.name === 'TypeError' && e.message === "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'");
  s.step(' 2.5 '); s.step('-inf');
  assert.equal(s.best, 2.5);
  assert.throws(() => s.step('abc'), (e) => e.name === 'ValueError' && e.message === "could not convert string to float: 'abc'");
  assert.throws(() => s.step(torch.tensor([1, 2])), (e) => e.name === 'ValueError' && e.message === 'only one element tensors can be converted to Python scalars');
  assert.throws(() => new lr_scheduler.ReduceLROnPlateau([1]), (e) => e.name === 'TypeError' && e.message === 'list is not an Optimizer');
});

test('verbose schedulers print as PyTorch', () => {
  const lines = [];
  const log = console.log;
  console.log = (m) => lines.push(m);
  try {
    const opt = new optim.SGD([param([1])], 1.0);
    const s = new lr_scheduler.ReduceLROnPlateau(opt, { patience: 0, verbose: true });
    s.step(1); s.step(1);
    const o2 = new optim.SGD([param([1])], 0.1);
    const m = new lr_scheduler.MultiStepLR(o2, [1], { verbose: true });
    o2.step(); m.step();
  } finally { console.log = log; }
  assert.deepEqual(lines, ['Epoch 00002: reducing learning rate of group 0 to 1.0000e-01.',
    'Adjusting learning rate of group 0 to 1.0000e-01.', 'Adjusting learning rate of group 0 to 1.0000e-02.']);
});

test('PolynomialLR, CosineAnnealingWarmRestarts, CyclicLR: positional and keyword options, PyTorch defaults', () => quiet(() => {
  const sgd = () => new optim.SGD([param([1])], 0.1, 0.9);
  const p1 = new lr_scheduler.PolynomialLR(sgd(), 4, 2.0), p2 = new lr_scheduler.PolynomialLR(sgd(), { power: 2.0, total_iters: 4 });
  assert.deepEqual([p1.total_iters, p1.power], [p2.total_iters, p2.power]);
  assert.deepEqual([new lr_scheduler.PolynomialLR(sgd()).total_iters, new lr_scheduler.PolynomialLR(sgd()).power], [5, 1.0]);
  const w = new lr_scheduler.CosineAnnealingWarmRestarts(sgd(), 3, 2, 0.01);
  assert.deepEqual([w.T_0, w.T_i, w.T_mult, w.eta_min, w.T_cur, w.last_epoch, w._step_count], [3, 3, 2, 0.01, 0, 0, 0]);
  const c = new lr_scheduler.CyclicLR(sgd(), 0.01, 0.1);
  assert.deepEqual([c.total_size, c.step_ratio, c.mode, c.gamma, c.scale_mode, c.cycle_momentum, c.base_momentums, c.max_momentums],
    [4000, 0.5, 'triangular', 1.0, 'cycle', true, [0.8], [0.9]]);
  assert.ok(c instanceof lr_scheduler.LRScheduler && c instanceof lr_scheduler._LRScheduler);
  const c2 = new lr_scheduler.CyclicLR(sgd(), 0.01, 0.1, 3, null, 'exp_range', 0.9);
  assert.deepEqual([c2.total_size, c2.scale_mode, c2.gamma], [6, 'iterations', 0.9]);
  assert.throws(() => new lr_scheduler.CyclicLR([1], 0.01, 0.1), (e) => e.name === 'TypeError' && e.message === 'list is not an Optimizer');
}));

test('CosineAnnealingWarmRestarts.step(epoch): an infinite or NaN epoch raises as int() does', () => quiet(() => {
  const sgd = () => new optim.SGD([param([1])], 0.1);
  for (const [T_mult, epoch, type, message, T_cur] of [
    [1, Infinity, 'OverflowError', 'cannot convert float infinity to integer', NaN],
    [1, NaN, 'ValueError', 'cannot convert float NaN to integer', NaN],
    [2, Infinity, 'OverflowError', 'cannot convert float infinity to integer', 0],
    [2, NaN, 'ValueError', 'cannot convert float NaN to integer', NaN],
  ]) {
    const s = new lr_scheduler.CosineAnnealingWarmRestarts(sgd(), 3, T_mult);
    assert.throws(() => s.step(epoch), (e) => e.name === type && e.message === message);
    assert.deepEqual([s.T_cur, s.T_i], [T_cur, 3]);
  }
  const s = new lr_scheduler.CosineAnnealingWarmRestarts(sgd(), 3);
  assert.throws(() => s.step('2'), (e) => e.name === 'TypeError' && e.message === "'<' not supported between instances of 'str' and 'int'");
  assert.throws(() => s.step(1, 2), (e) => e.name === 'TypeError' && e.message === 'CosineAnnealingWarmRestarts.step() takes from 1 to 2 positional arguments but 3 were given');
}));

test('CyclicLR: state_dict round trip continues the cycle (momentum included)', () => quiet(() => {
  const mk = () => new optim.SGD([param([1])], 0.1, 0.9);
  const o = mk(), c = new lr_scheduler.CyclicLR(o, 0.01, 0.1, { step_size_up: 3 });
  for (let k = 0; k < 4; k++) { o.step(); c.step(); }
  const sd = c.state_dict();
  assert.deepEqual([sd.last_epoch, sd.base_momentums, sd.max_momentums], [4, [0.8], [0.9]]);
  const o2 = mk(), c2 = new lr_scheduler.CyclicLR(o2, 0.01, 0.1, { step_size_up: 3 });
  c2.load_state_dict(sd);
  o.step(); c.step(); o2.step(); c2.step();
  // PyTorch: [0.03999999999999998] and momentum 0.8666666666666667 for both
  assert.deepEqual([c.get_last_lr(), c2.get_last_lr()], [[0.03999999999999998], [0.03999999999999998]]);
  assert.deepEqual([o.param_groups[0].momentum, o2.param_groups[0].momentum], [0.8666666666666667, 0.8666666666666667]);
}));

test('SequentialLR and ChainedScheduler: state_dict with the children, step() takes no epoch, no get_lr', () => quiet(() => {
  const mk = () => new optim.SGD([param([1])], 0.1, 0.9);
  const build = (o) => new lr_scheduler.SequentialLR(o, [new lr_scheduler.ConstantLR(o, 0.5, 2), new lr_scheduler.ExponentialLR(o, 0.9)], [3]);
  const o = mk(), s = build(o);
  for (let k = 0; k < 4; k++) { o.step(); s.step(); }
  const sd = s.state_dict();
  // as PyTorch 1.13 prints it
  assert.deepEqual(sd, {
    _milestones: [3], last_epoch: 4, _last_lr: [0.09000000000000001], _schedulers: [
      { factor: 0.5, total_iters: 2, base_lrs: [0.1], last_epoch: 2, verbose: false, _step_count: 3, _get_lr_called_within_step: false, _last_lr: [0.1] },
      { gamma: 0.9, base_lrs: [0.1], last_epoch: 1, verbose: false, _step_count: 3, _get_lr_called_within_step: false, _last_lr: [0.09000000000000001] }],
  });
  const o2 = mk(), s2 = build(o2);
  s2.load_state_dict(sd);
  o2.param_groups[0].lr = o.param_groups[0].lr;
  for (const want of [0.08100000000000002, 0.07290000000000002, 0.06561000000000002]) {
    o.step(); s.step(); o2.step(); s2.step();
    assert.deepEqual([s.get_last_lr(), s2.get_last_lr()], [[want], [want]]);
  }
  assert.ok(s instanceof lr_scheduler.LRScheduler);
  assert.throws(() => s.step(3), (e) => e.name === 'TypeError' && e.message === 'SequentialLR.step() takes 1 positional argument but 2 were given');
  assert.throws(() => s.get_lr(), (e) => e.name === 'NotImplementedError' && e.message === '');
  assert.equal(s.verbose, undefined); // PyTorch's SequentialLR has no verbose, _step_count, base_lrs
  assert.equal(s._step_count, undefined);
  const c = new lr_scheduler.ChainedScheduler([new lr_scheduler.ExponentialLR(o, 0.9)]);
  assert.throws(() => c.step(1), (e) => e.name === 'TypeError' && e.message === 'ChainedScheduler.step() takes 1 positional argument but 2 were given');
  assert.deepEqual(Object.keys(c).sort(), ['_last_lr', '_schedulers', 'optimizer']);
  const c2 = new lr_scheduler.ChainedScheduler([new lr_scheduler.ExponentialLR(mk(), 0.5)]);
  c2.load_state_dict(c.state_dict());
  assert.equal(c2._schedulers[0].gamma, 0.9);
}));

test('verbose: CosineAnnealingWarmRestarts prints the epoch, SequentialLR prints nothing of its own', () => quiet(() => {
  const lines = printed(() => {
    const s = new lr_scheduler.CosineAnnealingWarmRestarts(new optim.SGD([param([1])], 0.1), 3, 2, { verbose: true });
    s.step(2.5); s.step(4.25);
    const o = new optim.SGD([param([1])], 0.1);
    new lr_scheduler.SequentialLR(o, [new lr_scheduler.ConstantLR(o, 0.5, 2), new lr_scheduler.ExponentialLR(o, 0.9)], [3], { verbose: true }).step();
  });
  assert.deepEqual(lines, ['Epoch 00000: adjusting learning rate of group 0 to 1.0000e-01.',
    'Epoch 2.50: adjusting learning rate of group 0 to 6.6987e-03.', 'Epoch 4.25: adjusting learning rate of group 0 to 8.9668e-02.']);
}));
