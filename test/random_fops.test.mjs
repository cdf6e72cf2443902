// Seeded random draws and five functionals against PyTorch 1.13 (tools/fixtures_random_fops.py):
// every random case seeds as the fixture did, makes one call and compares what was drawn -- bit
// for bit in float32, int64 and bool, within a few ulps in float64 where libm's log/sin/cos
// enter -- and where the generator stands afterwards; every functional case compares values,
// grad_fn names, gradients and errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const F = torch.nn.functional;
const fx = JSON.parse(readFileSync(new URL('./fixtures/cases_random_fops.json', import.meta.url), 'utf8'));
import { DT, num, make } from './support/fixture_tensors.mjs';
function arg(a, gen) {
  if (Array.isArray(a)) return a.map((x) => arg(x, gen));
  if (a === null || typeof a !== 'object') return a;
  if ('tensor' in a) return (a.view ?? []).reduce((t, [op, ...v]) => t[op](...v), make(a.tensor));
  if ('dtype' in a) return DT[a.dtype];
  if ('generator' in a) return gen;
  if ('float' in a) return { inf: Infinity, '-inf': -Infinity, nan: NaN }[a.float];
  throw new Error(`unknown argument ${JSON.stringify(a)}`);
}
const kwargsOf = (c, gen) => {
  const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, arg(v, gen)]));
  return Object.keys(kw).length ? [kw] : [];
};

// ---- comparing ----
const f64 = new Float64Array(1), i64 = new BigInt64Array(f64.buffer);
/** Distance in units in the last place between two float64 values of the same sign. */
function ulps(a, b) {
  if (a === b) return 0;
  f64[0] = a; const x = i64[0];
  f64[0] = b; const y = i64[0];
  return Number(x > y ? x - y : y - x);
}
/** The largest float64 ulp distance seen where libm's results enter (reported at the end). */
let worstUlps = 0, inexact = 0, compared = 0;

/** exact: bit for bit; otherwise float64 within `maxUlps`, float32 within 1e-5 relative. */
function assertTensor(got, spec, what, { exact = false, maxUlps = 0 } = {}) {
  assert.ok(got instanceof torch.Tensor, `${what}: not a Tensor`);
  assert.deepEqual(got.shape, spec.shape, `${what}: shape`);
  assert.equal(got.dtype, DT[spec.dtype], `${what}: dtype`);
  const g = [got.tolist()].flat(Infinity).map(Number);
  spec.data.map(num).forEach((e, i) => {
    if (Number.isNaN(e)) { assert.ok(Number.isNaN(g[i]), `${what}[${i}]: ${g[i]} is not NaN`); return; }
    if (exact || !Number.isFinite(e) || spec.dtype === 'int64' || spec.dtype === 'bool') { assert.equal(g[i], e, `${what}[${i}]`); return; }
    if (maxUlps) {
      // ulps of the value, or of 1 for values that came out of a cancellation (mean + std * z)
      const u = Math.min(ulps(g[i], e), Math.abs(g[i] - e) / 2 ** -52);
      compared++;
      if (u) inexact++;
      worstUlps = Math.max(worstUlps, u);
      assert.ok(u <= maxUlps, `${what}[${i}]: ${g[i]} != ${e} (${u} ulps)`);
      return;
    }
    const [at, rt] = spec.dtype === 'float64' ? [1e-12, 1e-10] : [1e-6, 1e-5];
    assert.ok(Math.abs(g[i] - e) <= at + rt * Math.abs(e), `${what}[${i}]: ${g[i]} != ${e}`);
  });
}
function assertError(fn, ex) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, ex.type, `error class (${e.message})`);
    assert.equal(e.message, ex.message);
    return true;
  });
}

// ---- random draws ----
// float64 values that went through log/cos/sin may differ from glibc's in the last bits (V8's libm
// is fdlibm); everything else -- float32 throughout, uniforms, integers, booleans -- is exact
const LIBM = new Set(['randn', 'normal', 'normal_', 'exponential_']);
const MAX_ULPS = 2;

for (const c of fx.random) {
  test(`random ${c.fn}: ${c.id}`, () => {
    torch.manual_seed(c.seed);
    const gen = c.gen !== undefined ? new torch.Generator().manual_seed(c.gen) : undefined;
    const args = c.args.map((a) => arg(a, gen)), rest = kwargsOf(c, gen);
    let root = null, target = null;
    if (c.base) {
      const base = make(c.base);
      root = c.clone ? base.clone() : base;
      target = c.view.reduce((t, [op, ...a]) => t[op](...a), root);
      args.unshift(base); // the leaf whose gradient is checked
    }
    const call = () => (target ? target[c.fn](...(c.base ? args.slice(1) : args), ...rest) : torch[c.fn](...args, ...rest));
    const ex = c.expect;
    const tol = (dtype) => (dtype === 'float64' && LIBM.has(c.fn) ? { maxUlps: MAX_ULPS } : { exact: true });
    if (ex.error) {
      assertError(call, ex.error);
      // checked before anything is written (PyTorch's bernoulli_ writes the elements before a bad p)
      if (root) assertTensor(root.detach(), c.base, 'the tensor after the error', { exact: true });
    } else {
      const out = call();
      if (target) assert.equal(out, target, 'an in-place op returns its tensor');
      assertTensor(target ? root : out, ex.tensor, 'drawn', tol(ex.tensor.dtype));
      if (ex.grad_fn !== undefined) {
        assert.equal(out.grad_fn?.name() ?? null, ex.grad_fn, 'grad_fn');
        if (ex.grads) {
          out.mul(make(c.grad_output)).sum().backward();
          const roots = args.filter((a) => a instanceof torch.Tensor && a.requires_grad);
          ex.grads.forEach((g, i) => assertTensor(roots[i].grad, g, `grad ${i}`));
        }
      } else if (out instanceof torch.Tensor) assert.equal(out.grad_fn, null, 'no grad_fn');
    }
    // where the generator stands: the next draws are PyTorch's next draws
    const after = torch.randn(3, { dtype: torch.float64, ...(gen ? { generator: gen } : {}) });
    assertTensor(after, { shape: [3], dtype: 'float64', data: c.after }, 'the draws after', { maxUlps: MAX_ULPS });
  });
}

test('a Generator is checked, used only where given, and chains manual_seed', () => {
  const g = new torch.Generator();
  assert.equal(g.manual_seed(5), g);
  assert.equal(g.initial_seed(), 5);
  torch.manual_seed(5);
  const fromDefault = torch.rand(4);
  torch.manual_seed(123);
  assert.deepEqual(torch.zeros(4).uniform_({ generator: g }).tolist(), fromDefault.tolist());
  assert.deepEqual(torch.rand(2).tolist(), (torch.manual_seed(123), torch.rand(2)).tolist(), 'the default generator did not move');
  assert.throws(() => torch.zeros(3).normal_({ generator: 3 }), (e) => e instanceof TypeError && /argument 'generator' must be torch.Generator/.test(e.message));
  assert.throws(() => torch.zeros(3).normal_(0, 1, 2), (e) => e instanceof TypeError && e.message === 'normal_() takes from 0 to 2 positional arguments but 3 were given');
});

test('in-place draws keep a view\'s storage shared and return the view', () => {
  torch.manual_seed(0);
  const base = torch.zeros(4, 6), v = base.t();
  assert.equal(v.uniform_(), v);
  assert.deepEqual(v.tolist(), base.t().tolist());
  assert.ok(base.tolist().flat().every((x) => x > 0 && x < 1));
});

test('random cases cover every op, a Generator, views and errors', () => {
  const fns = new Set(fx.random.map((c) => c.fn));
  for (const f of ['randn', 'rand', 'randint', 'randperm', 'normal_', 'uniform_', 'exponential_', 'bernoulli_', 'bernoulli', 'multinomial', 'normal', 'random_'])
    assert.ok(fns.has(f), f);
  assert.ok(fx.random.some((c) => c.gen !== undefined));
  assert.ok(fx.random.some((c) => c.view && c.view.length));
  assert.ok(fx.random.filter((c) => c.expect.error).length > 40);
});

// ---- functionals ----
for (const c of fx.fops) {
  test(`F.${c.fn}: ${c.id}`, () => {
    const args = c.args.map((a) => arg(a)), rest = kwargsOf(c);
    const ex = c.expect;
    const call = () => F[c.fn](...args, ...rest);
    if (ex.error) {
      assertError(call, ex.error);
      if (ex.weight_after) assertTensor(args[1], ex.weight_after, 'weight after the error');
      else c.args.forEach((a, i) => { if (a && a.tensor) assertTensor(args[i].detach(), a.tensor, `argument ${i} untouched`); });
      return;
    }
    const out = call();
    assertTensor(out, ex.tensor, 'value');
    if (ex.weight_after) assertTensor(args[1].detach(), ex.weight_after, 'the weight, renormalised in place');
    if (!ex.grad_fn) { assert.equal(out.grad_fn, null, 'no grad_fn'); return; }
    assert.equal(out.grad_fn.name(), ex.grad_fn);
    out.mul(make(c.grad_output)).sum().backward();
    for (const [i, g] of Object.entries(ex.grads)) {
      if (g === null) assert.equal(args[i].grad, null, `grad ${i} stays None`);
      else assertTensor(args[i].grad, g, `grad ${i}`);
    }
  });
}

test('functional cases cover the five functionals', () => {
  const fns = new Set(fx.fops.map((c) => c.fn));
  for (const f of ['one_hot', 'pad', 'embedding', 'avg_pool2d', 'adaptive_avg_pool2d']) assert.ok(fns.has(f), f);
});

test.after(() => {
  // the tolerance achieved where libm enters (float64 normals and exponentials)
  console.log(`# float64 libm draws: ${inexact} of ${compared} not bit-exact, worst ${worstUlps} ulp`);
});
