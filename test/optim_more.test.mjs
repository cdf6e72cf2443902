// optim.RMSprop, optim.Adagrad and the schedulers beyond StepLR against PyTorch 1.13, for what
// optim_cases.json's format cannot hold (test/fixtures/more_optim.json, tools/fixtures_optim_more.py):
// LambdaLR / MultiplicativeLR with functions, schedulers on SGD-with-momentum / Adam / RMSprop (OneCycleLR's
// momentum and betas), step(epoch)'s closed forms, ReduceLROnPlateau fed metrics, optimizer state_dicts
// and reprs, and the constructors' errors with PyTorch's messages. Then resume-exactness of state_dict.
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
      const s = new lr_scheduler[c.scheduler](opt, c.options);
      const lrs = [lrsOf(opt)], moms = [momenta(opt)];
      const seq = c.epochs ?? Array(c.steps).fill(null);
      let error = null;
      for (const e of seq) {
        opt.step();
        try { if (e === null) s.step(); else s.step(e); } catch (err) { error = { type: err.name, message: err.message }; break; }
        lrs.push(lrsOf(opt)); moms.push(momenta(opt));
      }
      assert.deepEqual(error, c.error ?? null);
      closeRows(lrs, c.lrs, 'lr');
      closeRows(moms, c.momenta, 'momentum');
      assert.deepEqual(Object.keys(s.state_dict()).sort(), c.state_dict_keys);
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
          return new lr_scheduler[c.name](...args, c.kwargs);
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
