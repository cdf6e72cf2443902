// Issue 12's elementwise math, functional activations and simple losses, by hand: PyTorch 1.13's
// special values (NaN, ±inf, ±0, halves), dtype rules, warnings, the inplace= forms, the in-place
// Tensor methods optimizers use, calling conventions, and gradients against finite differences.
// (Values, gradients and errors against PyTorch for every op: cases_math.json in conformance.test.mjs.)
import test from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';

const F = torch.nn.functional;
const flat = (t) => [t.tolist()].flat(Infinity);
const f32 = (v) => torch.tensor(v, { dtype: torch.float32 });
const f64 = (v, requires_grad = false) => torch.tensor(v, { dtype: torch.float64, requires_grad });
function close(got, want, rtol, what = '') {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) { assert.ok(Number.isNaN(got[i]), `${what}[${i}]: ${got[i]} is not NaN`); continue; }
    if (!Number.isFinite(want[i])) { assert.equal(got[i], want[i], `${what}[${i}]`); continue; }
    assert.ok(Math.abs(got[i] - want[i]) <= rtol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}
function warnings(f) {
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try { f(); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
  return seen;
}

test('sign, round, trunc: NaN, signed zeros and halves as PyTorch 1.13', () => {
  const s = flat(torch.sign(f32([NaN, -0, 0, -2, Infinity, -Infinity])));
  assert.deepEqual(s, [0, 0, 0, -1, 1, -1]);
  assert.ok(Object.is(s[1], 0), 'sign(-0.0) is +0.0');
  const r = flat(torch.round(f32([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -0.2])));
  assert.deepEqual(r, [-2, -2, -0, 0, 2, 2, 4, -0]);
  assert.ok(Object.is(r[2], -0) && Object.is(r[7], -0), 'round keeps the sign of zero');
  assert.ok(Object.is(flat(torch.trunc(f32([-0.5])))[0], -0));
  // decimals: scaled in float32, so 1234.5678 -> 1234.57 as a float32 and 2.675 (below 2.675 in float32) -> 2.68
  assert.deepEqual(flat(torch.round(f32([1234.5678, 2.675, 0.125]), { decimals: 2 })), [Math.fround(1234.57), Math.fround(2.68), Math.fround(0.12)]);
  assert.deepEqual(flat(torch.round(f64([1256, -1250]), { decimals: -2 })), [1300, -1200]);
  assert.ok(flat(torch.round(f32([1, 2]), { decimals: 400 })).every(Number.isNaN), '10^400 overflows to inf, inf/inf is NaN');
});

test('erf within a few ulp in double precision', () => {
  const xs = [0, 1e-20, 0.5, 1, 2, 3, -4, 5.9, 6.5, -Infinity, NaN];
  // math.erf of the same points
  const want = [0, 1.1283791670955125e-20, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999779095030014,
    -0.9999999845827421, 0.9999999999999999, 1, -1, NaN];
  close(flat(torch.erf(f64(xs))), want, 5e-16, 'erf'); // within a few ulp
});

test('activations at ±inf and NaN', () => {
  const sp = f32([-Infinity, Infinity, NaN]);
  close(flat(F.gelu(sp)), [NaN, Infinity, NaN], 0, 'gelu');
  close(flat(F.gelu(sp, { approximate: 'tanh' })), [NaN, Infinity, NaN], 0, 'gelu tanh');
  close(flat(F.silu(sp)), [NaN, Infinity, NaN], 0, 'silu');
  close(flat(F.softplus(sp)), [0, Infinity, NaN], 0, 'softplus');
  close(flat(F.elu(sp)), [-1, Infinity, NaN], 0, 'elu');
  close(flat(F.logsigmoid(sp)), [-Infinity, 0, NaN], 0, 'logsigmoid');
  close(flat(F.hardtanh(sp)), [-1, 1, NaN], 0, 'hardtanh');
  assert.ok(Object.is(flat(F.relu6(f32([-0])))[0], -0), 'relu6 keeps -0.0 as std::max does');
});

test('dtype rules: float functions of integers give float32, rounding keeps integers, tests give bool', () => {
  const i = torch.tensor([[-3, 0], [2, 7]]);
  assert.equal(torch.sin(i).dtype, torch.float32);
  assert.equal(torch.atan2(i, i).dtype, torch.float32);
  assert.equal(torch.floor(i).dtype, torch.int64);
  assert.deepEqual(flat(torch.floor(i)), [-3, 0, 2, 7]);
  assert.equal(torch.isnan(i).dtype, torch.bool);
  assert.equal(torch.square(torch.tensor([true, false])).dtype, torch.int64);
  assert.equal(torch.sign(torch.tensor([true, false])).dtype, torch.bool);
  // the value is cast to the result dtype: 0.5 -> 0 for int64
  assert.deepEqual(flat(torch.addcmul(i, i, i, { value: 0.5 })), [-3, 0, 2, 7]);
  // a 0-dim float64 does not widen a float32 tensor; a dimensioned one does
  assert.equal(torch.fmod(f32([1, 2]), f64(1.5)).dtype, torch.float32);
  assert.equal(torch.addcmul(f32([1, 2]), f64([1, 1]), f32([1, 2])).dtype, torch.float64);
  // Python's and C's remainder signs; integer division by zero
  assert.deepEqual(flat(torch.remainder(torch.tensor([-3, 3, -3, 3]), torch.tensor([2, 2, -2, -2]))), [1, 1, -1, -1]);
  assert.deepEqual(flat(torch.fmod(torch.tensor([-3, 3, -3, 3]), torch.tensor([2, 2, -2, -2]))), [-1, 1, -1, 1]);
  assert.throws(() => torch.remainder(torch.tensor([1]), 0), { name: 'RuntimeError', message: 'ZeroDivisionError' });
  assert.deepEqual(flat(torch.remainder(f32([-1, 1]), Infinity)), [Infinity, 1]);
  // nan_to_num's defaults are the dtype's largest finite values
  assert.deepEqual(flat(torch.nan_to_num(f32([NaN, Infinity, -Infinity]))), [0, 3.4028234663852886e38, -3.4028234663852886e38]);
  assert.deepEqual(flat(torch.nan_to_num(f64([Infinity]))), [Number.MAX_VALUE]);
});

test('warnings: the loss broadcast warning, deprecated F.tanh / F.sigmoid, softmin without dim', () => {
  const seen = warnings(() => {
    F.mse_loss(torch.zeros(3, 1), torch.zeros(3));
    F.l1_loss(torch.zeros(3, 1), torch.zeros(3));
    F.tanh(torch.zeros(2));
    F.sigmoid(torch.zeros(2));
    F.softmin(torch.zeros(2, 3));
    F.huber_loss(torch.zeros(3), torch.zeros(3)); // same sizes: no warning
  });
  assert.deepEqual(seen, [
    'Using a target size (torch.Size([3])) that is different to the input size (torch.Size([3, 1])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
    'nn.functional.tanh is deprecated. Use torch.tanh instead.',
    'nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.',
    'Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.',
  ]);
});

test('inplace=True writes into the input where autograd records nothing; a leaf that requires grad is refused', () => {
  for (const [name, call] of [
    ['leaky_relu', (x) => F.leaky_relu(x, 0.2, true)], ['elu', (x) => F.elu(x, { inplace: true })], ['silu', (x) => F.silu(x, true)],
    ['hardtanh', (x) => F.hardtanh(x, { inplace: true })], ['relu6', (x) => F.relu6(x, true)],
  ]) {
    const vals = [-2, -0.5, 0.5, 7];
    const expected = flat(call(f32(vals)).detach()); // (a fresh tensor each time)
    const x = f32(vals);
    const y = call(x);
    assert.equal(y, x, `${name} returns its input`);
    assert.deepEqual(flat(x), expected, `${name} wrote into its input`);
    const leaf = torch.tensor(vals, { requires_grad: true });
    assert.throws(() => call(leaf), { name: 'RuntimeError', message: 'a leaf Variable that requires grad is being used in an in-place operation.' });
    assert.deepEqual(flat(leaf), vals, `${name}: nothing written`);
    torch.no_grad(() => call(leaf));
    assert.deepEqual(flat(leaf), expected, `${name} under no_grad`);
  }
});

test('in-place addcmul_, addcdiv_ and lerp_: an Adam step written by hand', () => {
  const p = f64([1, -2, 3]), g = f64([0.1, -0.4, 2]), m = f64([0, 0.5, -1]), v = f64([0.01, 0.2, 1]);
  m.mul_(0.9).add_(g, { alpha: 0.1 });
  v.mul_(0.999).addcmul_(g, g, { value: 0.001 });
  const denom = v.sqrt().add(1e-8);
  p.addcdiv_(m, denom, { value: -0.01 });
  const mm = [0.01, 0.41, -0.7], vv = [0.01 * 0.999 + 0.001 * 0.01, 0.2 * 0.999 + 0.001 * 0.16, 0.999 + 0.004];
  close(flat(v), vv, 1e-15, 'v');
  close(flat(p), [1, -2, 3].map((x, i) => x - 0.01 * mm[i] / (Math.sqrt(vv[i]) + 1e-8)), 1e-15, 'p');
  const a = f32([0, 10]);
  assert.equal(a.lerp_(f32([10, 0]), 0.25), a);
  assert.deepEqual(flat(a), [2.5, 7.5]);
});

test('calling conventions: positional and keyword spellings agree; Python TypeErrors', () => {
  const x = torch.randn(4, 3), t = torch.randn(4, 3);
  const same = (a, b) => assert.deepEqual(flat(a), flat(b));
  same(F.softplus(x, 2, 1), F.softplus(x, { beta: 2, threshold: 1 }));
  same(F.huber_loss(x, t, 'sum', 2), F.huber_loss(x, t, { reduction: 'sum', delta: 2 }));
  same(F.normalize(x, 1, 0), F.normalize(x, { p: 1, dim: 0 }));
  same(F.cosine_similarity(x, t, 0, 0.5), torch.cosine_similarity(x, t, { dim: 0, eps: 0.5 }));
  same(torch.nan_to_num(x, 1, 2, 3), torch.nan_to_num(x, { nan: 1, posinf: 2, neginf: 3 }));
  same(torch.lerp(x, t, 0.3), torch.lerp(x, t, { weight: 0.3 }));
  same(torch.addcdiv(x, t, t, { value: 2 }), x.addcdiv(t, t, { value: 2 }));
  same(torch.sin({ input: x }), x.sin());
  assert.throws(() => F.gelu(x, 'tanh'), { name: 'TypeError', message: 'gelu() takes 1 positional argument but 2 were given' });
  assert.throws(() => torch.addcmul(x, t, t, 2), { name: 'TypeError', message: 'addcmul() takes 3 positional arguments but 4 were given' });
  assert.throws(() => torch.nan_to_num(x, 1, 2, 3, 4), { name: 'TypeError', message: 'nan_to_num() takes from 1 to 4 positional arguments but 5 were given' });
  // round has two overloads in 1.13, so an unknown keyword is the invalid-combination message
  assert.throws(() => torch.round(x, { digits: 2 }), { name: 'TypeError', message: 'round() received an invalid combination of arguments - got (Tensor, digits=int), but expected one of:\n * (Tensor input, *, Tensor out)\n * (Tensor input, *, int decimals, Tensor out)\n' });
});

/** d(sum(f() · w))/d(leaf) against central differences, for every leaf (float64). */
function checkGrads(f, leaves, what) {
  const out = f();
  const w = torch.randn(out.shape, { dtype: torch.float64 });
  for (const l of leaves) l.grad = null;
  out.mul(w).sum().backward();
  const loss = () => f().mul(w).sum().item();
  for (const [k, l] of leaves.entries()) {
    const d = l._data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i], h = 1e-6 * Math.max(1, Math.abs(v));
      d[i] = v + h; const up = loss();
      d[i] = v - h; const dn = loss();
      d[i] = v;
      close([l.grad._data[i]], [(up - dn) / (2 * h)], 2e-6, `${what} arg${k}[${i}]`);
    }
  }
}

test('gradients agree with finite differences (float64, away from kinks)', () => {
  const a = f64([[0.3, -1.2, 2.5], [0.7, 1.9, -0.4]], true), b = f64([[1.5, 0.2, -0.6], [-1.1, 0.8, 2.2]], true);
  const w = f64([[0.2, 0.7, 0.4], [0.9, 0.1, 0.6]], true), c = f64([0.5, -1.5, 2], true);
  checkGrads(() => torch.atan2(a, c), [a, c], 'atan2');
  checkGrads(() => torch.lerp(a, b, w), [a, b, w], 'lerp');
  checkGrads(() => torch.addcdiv(c, a, b, { value: -0.7 }), [c, a, b], 'addcdiv');
  checkGrads(() => torch.addcmul(c, a, b, { value: 1.3 }), [c, a, b], 'addcmul');
  checkGrads(() => torch.remainder(a, c), [a, c], 'remainder');
  for (const fn of ['sin', 'cos', 'tan', 'atan', 'sinh', 'cosh', 'erf', 'expm1', 'reciprocal'])
    checkGrads(() => torch[fn](a), [a], fn);
  for (const fn of ['log2', 'log10', 'rsqrt']) checkGrads(() => torch[fn](w), [w], fn);
  for (const p of [1, 1.5, 2, 3, 0.5, -1]) for (const dim of [0, 1, [0, 1]])
    checkGrads(() => F.normalize(a, p, dim), [a], `normalize p=${p} dim=${dim}`);
  checkGrads(() => F.cosine_similarity(a, b, 1), [a, b], 'cosine_similarity');
  checkGrads(() => F.cosine_similarity(a, c, 0), [a, c], 'cosine_similarity broadcast');
  for (const [fn, kw] of [['gelu', {}], ['gelu', { approximate: 'tanh' }], ['silu', {}], ['softplus', { beta: 2 }], ['elu', { alpha: 0.5 }], ['logsigmoid', {}], ['leaky_relu', { negative_slope: 0.3 }]])
    checkGrads(() => F[fn](a, kw), [a], `${fn} ${JSON.stringify(kw)}`);
  checkGrads(() => F.softmin(a, 1), [a], 'softmin');
  for (const reduction of ['mean', 'sum', 'none']) {
    checkGrads(() => F.mse_loss(a, b, { reduction }), [a, b], 'mse');
    checkGrads(() => F.smooth_l1_loss(a, c, { reduction, beta: 0.5 }), [a, c], 'smooth_l1 broadcast');
    checkGrads(() => F.huber_loss(a, b, { reduction, delta: 1.5 }), [a, b], 'huber');
  }
});
