// F.cross_entropy / nn.CrossEntropyLoss: the fused index path held equal to nll_loss(log_softmax(x))
// (values and gradients), probability targets and label smoothing held to their formulas,
// hand-checked numbers, huge and -inf logits, errors, and the reference kernels themselves.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';
import { ceForward, ceBackward, ceReducePicked, ceLossNone } from '../dist/kernels/cross_entropy.js';
import { nllForwardReduced } from '../dist/kernels/nll.js';
import { logSoftmaxRef, logSoftmaxBackwardRef } from '../dist/kernels/softmax.js';

const F = torch.nn.functional;
const silent = () => {};

function close(a, b, rtol, atol = rtol, what = '') {
  const x = Array.isArray(a) ? a.flat(Infinity) : [a], y = Array.isArray(b) ? b.flat(Infinity) : [b];
  assert.equal(x.length, y.length, `${what}: length`);
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(y[i])) { assert.ok(Number.isNaN(x[i]), `${what}[${i}]: ${x[i]} is not NaN`); continue; }
    if (!Number.isFinite(y[i])) { assert.equal(x[i], y[i], `${what}[${i}]`); continue; }
    assert.ok(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]), `${what}[${i}]: ${x[i]} vs ${y[i]}`);
  }
}
const flat = (t) => [t.tolist()].flat(Infinity);

/** A deterministic pseudo-random generator (xorshift) so the law tests are reproducible. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}
function randTensor(rand, shape, dtype, scale = 3) {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.tensor(Array.from({ length: n }, () => (rand() * 2 - 1) * scale), { dtype }).reshape(shape);
}
function randTarget(rand, shape, C, ignore = null) {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = Array.from({ length: n }, () => (ignore !== null && rand() < 0.2 ? ignore : Math.floor(rand() * C)));
  return torch.tensor(d, { dtype: torch.int64 }).reshape(shape);
}
const leaf = (t) => t.detach().clone().requires_grad_(true);

// Shapes: [input, target, class count].
const SHAPES = [
  [[6, 5], [6], 5], [[7], [], 7], [[2, 4, 3], [2, 3], 4], [[2, 3, 4, 2], [2, 4, 2], 3],
  [[2, 3, 2, 2, 2], [2, 2, 2, 2], 3], [[40, 11], [40], 11], [[1, 1], [1], 1],
];

test('fused index path == nll_loss(log_softmax(x)): values and gradients, every shape and option', () => {
  const rand = rng(7);
  for (const dtype of [torch.float32, torch.float64]) {
    for (const [xs, ts, C] of SHAPES) {
      for (const reduction of ['mean', 'sum', 'none']) {
        for (const ignore_index of [-100, 0]) {
          for (const weighted of [false, true]) {
            const x = randTensor(rand, xs, dtype);
            const t = randTarget(rand, ts, C, ignore_index === 0 ? null : -100);
            const weight = weighted ? randTensor(rand, [C], dtype, 1).abs() : null;
            const opts = { weight, ignore_index, reduction };
            const a = leaf(x), b = leaf(x);
            const fused = F.cross_entropy(a, t, opts);
            const composed = F.nll_loss(F.log_softmax(b, xs.length === 1 ? 0 : 1), t, opts);
            const what = `${dtype} ${xs} ${reduction} ii=${ignore_index} w=${weighted}`;
            assert.deepEqual(fused.shape, composed.shape, what);
            // bit for bit with the reference kernels (see the kernel test below); a fast exp may differ by an ulp
            const tol = dtype === torch.float32 ? 2e-6 : 1e-14;
            close(flat(fused), flat(composed), tol, tol, what);
            const go = randTensor(rand, fused.shape, dtype, 1);
            fused.mul(go).sum().backward();
            composed.mul(go).sum().backward();
            close(flat(a.grad), flat(b.grad), tol, tol, `${what} grad`);
          }
        }
      }
    }
  }
});

test('forward-written gradient (unweighted, reduced, loss gradient 1) equals the backward-written one bit for bit; wrong guesses recompute', () => {
  // weight = ones: the same coefficients by the path that never guesses
  const same = (a, b, what) => {
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  };
  // rows, and K-dimensional inputs (strided classes: runs through scratch, blocks of 4, single
  // positions; a NaN and a huge logit in some runs; more classes than a run's scratch holds)
  for (const [N, C, ...rest] of [[256, 100], [600, 3], [64, 1000], [1, 5000], [4096, 40], [2, 21, 64, 64], [3, 5, 33, 17], [2, 1100, 4, 16]]) {
    torch.manual_seed(N + C);
    const x = torch.randn([N, C, ...rest], { requires_grad: true });
    if (rest.length) { x._data[70] = NaN; x._data[x.numel() - 300] = 1e30; }
    const t = torch.randint(0, C, [N, ...rest]);
    const ti = t.clone();
    for (let i = 0; i < t.numel(); i += 7) ti._data[i] = -100; // some ignored rows: the 'mean' guess (1/N) is off
    const ones = torch.ones([C]);
    const grad = (fn) => { x.grad = null; fn(); return x.grad._data.slice(); };
    for (const reduction of ['mean', 'sum']) for (const [tt, tag] of [[t, 'all'], [ti, 'ignored']]) {
      const want = grad(() => F.cross_entropy(x, tt, { weight: ones, reduction }).backward());
      same(grad(() => F.cross_entropy(x, tt, { reduction }).backward()), want, `${[N, C, ...rest].join('x')} ${reduction} ${tag}`);
      const want3 = grad(() => F.cross_entropy(x, tt, { weight: ones, reduction }).mul(3).backward());
      same(grad(() => F.cross_entropy(x, tt, { reduction }).mul(3).backward()), want3, `${N}x${C} ${reduction} ${tag} x3`);
    }
    // retain_graph: the second backward recomputes and accumulates
    x.grad = null;
    const loss = F.cross_entropy(x, t);
    loss.backward({ retain_graph: true });
    const once = x.grad.clone();
    loss.backward();
    const wantTwice = grad(() => { const l = F.cross_entropy(x, t, { weight: ones }); l.backward({ retain_graph: true }); l.backward(); });
    same(x.grad._data, wantTwice, `${N}x${C} retain_graph`);
    assert.ok(once._data.some((v) => v !== 0));
  }
});

test('fused path: grad_fn names follow PyTorch', () => {
  const x = torch.randn(3, 4, { requires_grad: true });
  assert.equal(F.cross_entropy(x, torch.tensor([0, 1, 2])).grad_fn.name(), 'NllLossBackward0');
  const x3 = torch.randn(2, 4, 3, { requires_grad: true }), t3 = torch.zeros([2, 3], { dtype: torch.int64 });
  assert.equal(F.cross_entropy(x3, t3).grad_fn.name(), 'NllLoss2DBackward0');
  assert.equal(F.cross_entropy(x3, t3, { reduction: 'none' }).grad_fn.name(), 'ViewBackward0');
});

test('hand-checked: [[1,2,3],[1,-1,0.5]] with targets [2,0]', () => {
  // row losses: log(e + e^2 + e^3) - 3 = 0.40760596444438, log(e + e^-1 + e^0.5) - 1 = 0.55495691964199
  const x = torch.tensor([[1, 2, 3], [1, -1, 0.5]], { dtype: torch.float64, requires_grad: true });
  const loss = F.cross_entropy(x, torch.tensor([2, 0]));
  close(loss.item(), (0.40760596444438 + 0.55495691964199) / 2, 1e-13);
  loss.backward();
  // (softmax - onehot) / 2
  close(flat(x.grad), [0.04501528658519022, 0.12236423552739882, -0.1673795221125891,
    -0.21295150351615272, 0.03884778957428529, 0.1741037139418674], 1e-14);
  const none = F.cross_entropy(x.detach(), torch.tensor([2, 0]), { reduction: 'none' });
  close(flat(none), [0.40760596444438, 0.55495691964199], 1e-13);
  const sum = F.cross_entropy(x.detach(), torch.tensor([2, 0]), { reduction: 'sum' });
  close(sum.item(), 0.40760596444438 + 0.55495691964199, 1e-13);
});

test('hand-checked: weighted label smoothing and weighted probability targets (PyTorch 1.13 values)', () => {
  const w = torch.tensor([2, 1, 0.5], { dtype: torch.float64 });
  const x = torch.tensor([[1, 2, 3], [1, -1, 0.5]], { dtype: torch.float64, requires_grad: true });
  const ls = F.cross_entropy(x, torch.tensor([2, 0]), { weight: w, label_smoothing: 0.2 });
  close(ls.item(), 0.7035619187300363, 1e-13);
  ls.backward();
  close(flat(x.grad), [-0.03052558813017029, 0.035331212667215395, -0.004805624537045176,
    -0.2723288718236907, 0.03031009137561842, 0.24201878044807218], 1e-13);
  const x2 = leaf(x.detach());
  const tp = torch.tensor([[0.2, 0.3, 0.5], [1, 0, 0]], { dtype: torch.float64, requires_grad: true });
  const prob = F.cross_entropy(x2, tp, { weight: w });
  close(prob.item(), 1.2985697527530715, 1e-13);
  prob.backward();
  close(flat(x2.grad), [-0.15723547774406932, -0.03375397624897112, 0.19098945399304032,
    -0.42590300703230544, 0.07769557914857057, 0.3482074278837348], 1e-13);
  close(flat(tp.grad), [2.4076059644443806, 0.7038029822221902, 0.1019014911110951,
    0.5549569196419907, 1.2774784598209954, 0.2637392299104977], 1e-13);
});

/** Float64 reference of the probability-target formula (spec §3.3) over (N, C, S) views. */
function probRef(x, t, w, xs, reduction, eps) {
  const C = xs.length === 1 ? xs[0] : xs[1];
  const N = xs.length === 1 ? 1 : xs[0];
  const S = xs.length <= 2 ? 1 : xs.slice(2).reduce((a, b) => a * b, 1);
  const l = [];
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, x[(n * C + c) * S + s]);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(x[(n * C + c) * S + s] - m);
    let acc = 0;
    for (let c = 0; c < C; c++) {
      const i = (n * C + c) * S + s;
      const tt = eps > 0 ? t[i] * (1 - eps) + eps / C : t[i];
      acc -= (x[i] - m - Math.log(z)) * tt * (w ? w[c] : 1);
    }
    l.push(acc);
  }
  if (reduction === 'none') return l;
  const total = l.reduce((a, b) => a + b, 0);
  return reduction === 'sum' ? total : total / (N * S);
}

test('probability targets equal the formula -Σ lp·t·w, mean over numel/C (float64, with smoothing)', () => {
  const rand = rng(11);
  for (const [xs] of SHAPES) {
    for (const reduction of ['mean', 'sum', 'none']) {
      for (const weighted of [false, true]) {
        for (const eps of [0, 0.15, 1]) {
          const C = xs.length === 1 ? xs[0] : xs[1];
          const x = randTensor(rand, xs, torch.float64), t = randTensor(rand, xs, torch.float64, 1).abs();
          const w = weighted ? randTensor(rand, [C], torch.float64, 1).abs() : null;
          const got = F.cross_entropy(x, t, { weight: w, reduction, label_smoothing: eps });
          close(flat(got), [probRef(flat(x), flat(t), w && flat(w), xs, reduction, eps)].flat(), 1e-12, 1e-12, `${xs} ${reduction}`);
        }
      }
    }
  }
});

/** Float64 reference of index-target label smoothing (spec §3.4), 2-D input. */
function smoothRef(x, t, w, N, C, reduction, eps, ii) {
  const nll = [], smooth = [];
  let denom = 0;
  for (let n = 0; n < N; n++) {
    const row = x.slice(n * C, n * C + C), m = Math.max(...row);
    const lz = Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
    const lp = row.map((v) => v - m - lz);
    if (t[n] === ii) { nll.push(0); smooth.push(0); continue; }
    const wt = w ? w[t[n]] : 1;
    denom += wt;
    nll.push(-lp[t[n]] * wt);
    smooth.push(-lp.reduce((a, v, c) => a + v * (w ? w[c] : 1), 0));
  }
  const comb = (a, b) => (1 - eps) * a + (eps / C) * b;
  if (reduction === 'none') return nll.map((v, i) => comb(v, smooth[i]));
  const s1 = nll.reduce((a, b) => a + b, 0), s2 = smooth.reduce((a, b) => a + b, 0);
  return reduction === 'sum' ? comb(s1, s2) : comb(s1 / denom, s2 / denom);
}

test('label smoothing with index targets: weights, ignore_index and the shared mean denominator', () => {
  const rand = rng(5);
  for (const reduction of ['mean', 'sum', 'none']) {
    for (const weighted of [false, true]) {
      for (const eps of [0.1, 0.5, 1]) {
        const N = 9, C = 4;
        const x = randTensor(rand, [N, C], torch.float64);
        const t = randTarget(rand, [N], C, 2);
        const w = weighted ? randTensor(rand, [C], torch.float64, 1).abs() : null;
        const got = F.cross_entropy(x, t, { weight: w, reduction, label_smoothing: eps, ignore_index: 2 });
        close(flat(got), [smoothRef(flat(x), flat(t), w && flat(w), N, C, reduction, eps, 2)].flat(), 1e-12);
      }
    }
  }
});

test('an ignored row does not change the smoothed weighted mean (test_cross_entropy_label_smoothing_weight_ignore_indices)', () => {
  const wgt = torch.tensor([0.3, 0.6]);
  const inp1 = torch.tensor([[0.3, 0.4], [1, 2]]), inp2 = torch.tensor([[0.3, 0.6], [1, 2]]);
  const ref = F.cross_entropy(inp1.narrow(0, 1, 1), torch.tensor([1]), { weight: wgt, label_smoothing: 0.3 }).item();
  for (const [t, ii] of [[[-100, 1], -100], [[-2, 1], -2], [[2, 1], 2]]) {
    for (const inp of [inp1, inp2]) {
      const v = F.cross_entropy(inp, torch.tensor(t), { weight: wgt, ignore_index: ii, label_smoothing: 0.3 }).item();
      close(v, ref, 1e-6);
    }
  }
});

test('gradients match finite differences in float64 (prob targets w.r.t. input and target, smoothing)', () => {
  const rand = rng(3);
  const fd = (f, x, i, h = 1e-6) => {
    const d = x._data, v = d[i];
    d[i] = v + h; const up = f().item();
    d[i] = v - h; const dn = f().item();
    d[i] = v;
    return (up - dn) / (2 * h);
  };
  const x = leaf(randTensor(rand, [3, 4, 2], torch.float64));
  const tp = leaf(randTensor(rand, [3, 4, 2], torch.float64, 1).abs());
  const w = randTensor(rand, [4], torch.float64, 1).abs();
  const ti = randTarget(rand, [3, 2], 4, -100);
  for (const f of [
    () => F.cross_entropy(x, tp, { weight: w, label_smoothing: 0.2 }),
    () => F.cross_entropy(x, ti, { weight: w, label_smoothing: 0.3 }),
    () => F.cross_entropy(x, ti, { weight: w, reduction: 'sum' }),
  ]) {
    x.grad = null; tp.grad = null;
    f().backward();
    for (let i = 0; i < x.numel(); i++) close(x.grad._data[i], fd(f, x, i), 1e-6, 1e-8, `dx[${i}]`);
    if (tp.grad) for (let i = 0; i < tp.numel(); i++) close(tp.grad._data[i], fd(f, tp, i), 1e-6, 1e-8, `dt[${i}]`);
  }
});

test('stable for huge logits: 1e4, 1e16 and -inf entries', () => {
  for (const dtype of [torch.float32, torch.float64]) {
    const a = torch.tensor([[1e4, 0, -1e4]], { dtype, requires_grad: true });
    const la = F.cross_entropy(a, torch.tensor([1]));
    assert.equal(la.item(), 1e4);
    la.backward();
    assert.deepEqual(flat(a.grad), [1, -1, 0]);
    // 1e16 + 1 rounds to 1e16 in both dtypes: two equal logits, log 2 and ±1/2 gradients
    const b = torch.tensor([[1e16, 1e16 + 1, 0]], { dtype, requires_grad: true });
    const lb = F.cross_entropy(b, torch.tensor([1]));
    close(lb.item(), Math.LN2, 1e-7);
    lb.backward();
    assert.deepEqual(flat(b.grad), [0.5, -0.5, 0]);
    const c = torch.tensor([[0, -Infinity, 0]], { dtype, requires_grad: true });
    const lc = F.cross_entropy(c, torch.tensor([0]));
    close(lc.item(), Math.LN2, 1e-7);
    lc.backward();
    assert.deepEqual(flat(c.grad), [-0.5, 0, 0.5]);
    const d = torch.tensor([[0, -Infinity, 0]], { dtype, requires_grad: true });
    const ld = F.cross_entropy(d, torch.tensor([1]));
    assert.equal(ld.item(), Infinity);
    ld.backward();
    assert.deepEqual(flat(d.grad), [0.5, -1, 0.5]);
  }
});

test('ignored rows: all-ignored mean is NaN; a non-finite ignored row gets NaN gradient as in PyTorch', () => {
  const x = torch.tensor([[1, 2, 3], [-Infinity, -Infinity, -Infinity], [Infinity, 0, 0]], { requires_grad: true });
  const l = F.cross_entropy(x, torch.tensor([2, -100, -100]));
  close(l.item(), 0.40760596, 1e-6);
  l.backward();
  close(flat(x.grad), [0.09003057, 0.24472848, -0.33475903, NaN, NaN, NaN, NaN, NaN, NaN], 1e-6);
  assert.ok(Number.isNaN(F.cross_entropy(torch.randn(2, 3), torch.tensor([-100, -100])).item()));
  assert.equal(F.cross_entropy(torch.randn(2, 3), torch.tensor([-100, -100]), { reduction: 'sum' }).item(), 0);
  // zero weights: 0/0 under mean, and PyTorch's NaN gradient over the whole row
  const z = torch.randn(2, 3, { requires_grad: true });
  const lz = F.cross_entropy(z, torch.tensor([0, 1]), { weight: torch.zeros(3) });
  assert.ok(Number.isNaN(lz.item()));
  lz.backward();
  assert.ok(flat(z.grad).every(Number.isNaN));
});

test('empty inputs: mean NaN, sum 0, none empty; (5, 0) probability targets give NaN', () => {
  for (const reduction of ['mean', 'sum', 'none']) {
    const x = torch.zeros([0, 3], { requires_grad: true });
    const l = F.cross_entropy(x, torch.zeros([0], { dtype: torch.int64 }), { reduction });
    if (reduction === 'mean') assert.ok(Number.isNaN(l.item()));
    else if (reduction === 'sum') assert.equal(l.item(), 0);
    else assert.deepEqual(l.shape, [0]);
  }
  assert.ok(Number.isNaN(F.cross_entropy(torch.zeros([5, 0]), torch.zeros([5, 0])).item()));
});

test('unbatched (C) input with a 0-dim target', () => {
  const x = torch.tensor([1, 2, 3], { dtype: torch.float64 });
  for (const reduction of ['mean', 'sum', 'none']) {
    const l = F.cross_entropy(x, torch.tensor(2), { reduction });
    assert.deepEqual(l.shape, []);
    close(l.item(), 0.40760596444438, 1e-13);
  }
  assert.ok(Number.isNaN(F.cross_entropy(x, torch.tensor(-100)).item()));
});

test('errors: PyTorch classes and exact messages', () => {
  const x = torch.randn(3, 5);
  const cases = [
    [() => F.cross_entropy(x, torch.zeros([3, 5], { dtype: torch.int64 })), 'RuntimeError', 'Expected floating point type for target with class probabilities, got Long'],
    [() => F.cross_entropy(x, torch.rand(3, 5), { ignore_index: 1 }), 'RuntimeError', 'ignore_index is not supported for floating point target'],
    [() => F.cross_entropy(x, torch.tensor([0, 1, 2]), { label_smoothing: 1.2 }), 'RuntimeError', 'label_smoothing must be between 0.0 and 1.0. Got: 1.2'],
    [() => F.cross_entropy(x, torch.tensor([0, 1, 2]), { label_smoothing: 123456789 }), 'RuntimeError', 'label_smoothing must be between 0.0 and 1.0. Got: 1.23457e+08'],
    [() => F.cross_entropy(x, torch.rand(3, 5), { weight: torch.rand(4) }), 'RuntimeError', 'cross_entropy: weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]'],
    [() => F.cross_entropy(x, torch.tensor([0, 1, 2]), { weight: torch.rand(4) }), 'RuntimeError', 'weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]'],
    [() => F.cross_entropy(torch.tensor(1.5), torch.tensor(0.5)), 'IndexError', 'Dimension specified as 1 but tensor has no dimensions'],
    [() => F.cross_entropy(torch.tensor(1.5), torch.tensor([1])), 'IndexError', 'Dimension out of range (expected to be in range of [-1, 0], but got 1)'],
    [() => F.cross_entropy(x, torch.rand(3)), 'RuntimeError', 'expected scalar type Long but found Float'],
    [() => F.cross_entropy(x, torch.tensor([0, 5, 1])), 'IndexError', 'Target 5 is out of bounds.'],
    [() => F.cross_entropy(x, torch.tensor([0, 1])), 'ValueError', 'Expected input batch_size (3) to match target batch_size (2).'],
    [() => F.cross_entropy(torch.tensor([[1, 2]]), torch.tensor([0])), 'RuntimeError', '"log_softmax_lastdim_kernel_impl" not implemented for \'Long\''],
    [() => F.cross_entropy(torch.zeros([2, 3, 4], { dtype: torch.int64 }), torch.zeros([2, 4], { dtype: torch.int64 })), 'RuntimeError', '"softmax_kernel_impl" not implemented for \'Long\''],
    [() => F.cross_entropy(x, torch.tensor([0, 1, 2]), { reduction: 'avg' }), 'ValueError', 'avg is not a valid value for reduction'],
    [() => F.cross_entropy(x, torch.tensor([0, 1, 2]), { weight: torch.rand(5, { requires_grad: true }) }), 'RuntimeError', "The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True."],
    // equal shapes pick probability targets before nll_loss's 1-D target rule (PyTorch 1.13 and upstream)
    [() => F.cross_entropy(torch.randn(5), torch.tensor([1, 2, 0, 1, 2])), 'RuntimeError', 'Expected floating point type for target with class probabilities, got Long'],
  ];
  for (const [f, name, message] of cases) assert.throws(f, (e) => e.name === name && e.message === message, message);
});

test('legacy size_average/reduce map as PyTorch and warn', () => {
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try {
    const x = torch.randn(4, 3), t = torch.tensor([0, 1, 2, 1]);
    assert.deepEqual(flat(F.cross_entropy(x, t, { reduce: false })), flat(F.cross_entropy(x, t, { reduction: 'none' })));
    assert.equal(F.cross_entropy(x, t, { size_average: false }).item(), F.cross_entropy(x, t, { reduction: 'sum' }).item());
    assert.equal(F.cross_entropy(x, t, { size_average: true, reduction: 'sum' }).item(), F.cross_entropy(x, t).item());
    assert.ok(seen.includes("size_average and reduce args will be deprecated, please use reduction='none' instead."));
  } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
});

test('nn.CrossEntropyLoss: options, weight buffer, positional weight', () => {
  const w = torch.tensor([1, 2, 0.5]);
  const m = new torch.nn.CrossEntropyLoss({ weight: w, ignore_index: 1, label_smoothing: 0.1, reduction: 'sum' });
  const x = torch.randn(5, 3), t = torch.tensor([0, 1, 2, 2, 0]);
  assert.equal(m.forward(x, t).item(), F.cross_entropy(x, t, { weight: w, ignore_index: 1, label_smoothing: 0.1, reduction: 'sum' }).item());
  assert.deepEqual([...m.state_dict().keys()], ['weight']);
  const m2 = new torch.nn.CrossEntropyLoss(w);
  assert.equal(m2.forward(x, t).item(), F.cross_entropy(x, t, w).item());
  torch.setWarningHandler(silent);
  try {
    assert.equal(new torch.nn.CrossEntropyLoss({ reduce: false }).reduction, 'none');
  } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
  assert.equal(new torch.nn.CrossEntropyLoss().label_smoothing, 0);
});

// ---- the reference kernels directly ----

test('ceForward/ceBackward reference kernels: picked == log_softmax, one write per gradient element', () => {
  const rand = rng(19);
  for (const f32 of [true, false]) {
    const A = f32 ? Float32Array : Float64Array;
    const N = 5, C = 4, S = 3, M = N * S;
    const x = A.from({ length: N * C * S }, () => (rand() * 2 - 1) * 5);
    const t = Float64Array.from({ length: M }, (_, b) => (b % 6 === 5 ? -1 : Math.floor(rand() * C)));
    const picked = new A(M), rowMax = new A(M), rowLogSum = new A(M);
    ceForward(x, t, N, C, S, -1, f32, picked, rowMax, rowLogSum);
    const lp = new A(x.length);
    logSoftmaxRef(x, lp, N, C, S, f32);
    for (let b = 0; b < M; b++) {
      const n = Math.floor(b / S), s = b % S;
      assert.equal(picked[b], t[b] === -1 ? 0 : lp[(n * C + t[b]) * S + s]);
    }
    // the cascade over picked equals nll_loss's over log_softmax
    const w = A.from({ length: C }, () => rand());
    assert.deepEqual(ceReducePicked(picked, t, w, -1, f32), nllForwardReduced(lp, t, w, C, S, -1, f32));
    assert.deepEqual(ceReducePicked(picked, t, null, -1, f32), nllForwardReduced(lp, t, null, C, S, -1, f32));
    const none = new A(M);
    ceLossNone(picked, t, w, -1, none);
    for (let b = 0; b < M; b++) assert.equal(none[b], t[b] === -1 ? 0 : A.of(-(picked[b] * w[t[b]]))[0]);
    // backward: grad pre-filled with garbage must be fully overwritten
    const coef = A.from({ length: M }, (_, b) => (t[b] === -1 ? 0 : rand()));
    const grad = new A(x.length).fill(12345);
    ceBackward(x, t, N, C, S, -1, rowMax, rowLogSum, coef, grad);
    for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) {
      const b = n * S + s;
      let rowSum = 0;
      for (let c = 0; c < C; c++) {
        const g = grad[(n * C + c) * S + s];
        assert.notEqual(g, 12345);
        rowSum += g;
        const p = Math.exp(lp[(n * C + c) * S + s]);
        close(g, coef[b] * (p - (c === t[b] ? 1 : 0)), f32 ? 1e-6 : 1e-14, 1e-7);
      }
      close(rowSum, 0, 1e-5, 1e-6); // softmax - onehot sums to zero along C
    }
    // bit for bit against the composition nll backward -> log_softmax backward (reference kernels):
    // nll writes -coef at [b, t]; log_softmax's backward turns it into coef·p - coef and coef·p
    const gNll = new A(x.length), gComposed = new A(x.length);
    for (let b = 0; b < M; b++) {
      if (t[b] === -1) continue;
      const n = Math.floor(b / S), s = b % S;
      gNll[(n * C + t[b]) * S + s] = -coef[b];
    }
    logSoftmaxBackwardRef(gNll, lp, gComposed, N, C, S);
    assert.deepEqual(Array.from(grad), Array.from(gComposed));
  }
});
