// The tensor core, autograd and nll_loss: hand-checked numbers, laws, and PyTorch's messages.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';

const F = torch.nn.functional;
const ARTICLE = [
  [-3.2056, -1.7804, -0.4350, -3.9833, -2.0795],
  [-2.1543, -1.8606, -1.5360, -1.1057, -1.7025],
  [-2.3243, -0.7615, -1.1595, -2.5594, -3.1195]];

test('the article: mean 2.3514, sum 7.0542, none [1.7804, 2.1543, 3.1195]', () => {
  const input = torch.tensor(ARTICLE, { requires_grad: true });
  const target = torch.tensor([1, 0, 4]);
  const mean = F.nll_loss(input, target);
  // PyTorch 1.13 prints these exact float32 values (the article's note)
  assert.equal(mean.item(), 2.351400136947632);
  assert.equal(F.nll_loss(input, target, { reduction: 'sum' }).item(), 7.054200172424316);
  assert.deepEqual(F.nll_loss(input, target, { reduction: 'none' }).tolist().map((v) => +v.toFixed(4)), [1.7804, 2.1543, 3.1195]);
  assert.equal(String(mean), 'tensor(2.3514, grad_fn=<NllLossBackward0>)');
  mean.backward();
  const g = input.grad.tolist();
  assert.equal(g[0][1], Math.fround(-1 / 3));
  assert.equal(g[2][4], Math.fround(-1 / 3));
  assert.equal(g[0][0], 0);
});

test('dtypes: inference, identity comparison, tolist', () => {
  assert.equal(torch.tensor([1, 0, 4]).dtype, torch.int64);
  assert.equal(torch.tensor([1.5, 2]).dtype, torch.float32);
  assert.equal(torch.float, torch.float32);
  assert.equal(torch.long, torch.int64);
  assert.equal(torch.double, torch.float64);
  assert.deepEqual(torch.tensor([[1, 2], [3, 4]]).tolist(), [[1, 2], [3, 4]]);
  assert.equal(torch.tensor(3.5).tolist(), 3.5);
  assert.equal(torch.tensor([0.1]).tolist()[0], Math.fround(0.1));
  assert.equal(torch.tensor([0.1], { dtype: torch.float64 }).tolist()[0], 0.1);
  assert.equal(String(torch.tensor([1, 2], { dtype: torch.float64 })), 'tensor([1., 2.], dtype=torch.float64)');
  assert.equal(String(torch.zeros(2, { requires_grad: true })), 'tensor([0., 0.], requires_grad=True)');
});

test('shapes: reshape with -1 and [], flatten, squeeze/unsqueeze, permute, transpose', () => {
  const x = torch.arange(24).reshape(2, 3, 4);
  assert.deepEqual(x.shape, [2, 3, 4]);
  assert.deepEqual(x.reshape(-1, 4).shape, [6, 4]);
  assert.deepEqual(torch.tensor([5]).reshape([]).shape, []);
  assert.equal(torch.tensor([5]).reshape([]).ndim, 0);
  assert.deepEqual(x.flatten().shape, [24]);
  assert.deepEqual(x.flatten(1).shape, [2, 12]);
  assert.deepEqual(x.unsqueeze(-1).shape, [2, 3, 4, 1]);
  assert.deepEqual(x.unsqueeze(0).squeeze().shape, [2, 3, 4]);
  assert.deepEqual(x.permute(2, 0, 1).tolist()[1][0], [1, 5, 9]);
  assert.deepEqual(x.transpose(0, 1).shape, [3, 2, 4]);
  assert.throws(() => x.reshape(5, -1), { name: 'RuntimeError', message: "shape '[5, -1]' is invalid for input of size 24" });
  assert.throws(() => x.sum(3), { name: 'IndexError', message: 'Dimension out of range (expected to be in range of [-3, 2], but got 3)' });
});

test('autograd: accumulation, reset with null, no_grad, enable_grad, detach', () => {
  const x = torch.tensor([1, 2, 3], { dtype: torch.float32, requires_grad: true });
  x.mul(x).sum().backward();
  assert.deepEqual(x.grad.tolist(), [2, 4, 6]);
  x.mul(3).sum().backward();
  assert.deepEqual(x.grad.tolist(), [5, 7, 9]);
  x.grad = null;
  x.sum().backward();
  assert.deepEqual(x.grad.tolist(), [1, 1, 1]);
  const y = torch.no_grad(() => x.mul(2));
  assert.equal(y.requires_grad, false);
  assert.equal(y.grad_fn, null);
  const z = torch.no_grad(() => torch.enable_grad(() => x.mul(2)));
  assert.equal(z.grad_fn.name(), 'MulBackward0');
  assert.equal(x.detach().requires_grad, false);
  assert.ok(x.is_leaf && !z.is_leaf);
});

test('autograd: backward(gradient) on a non-scalar; implicit gradient needs a scalar', () => {
  const x = torch.tensor([1, 2], { dtype: torch.float64, requires_grad: true });
  const y = x.mul(x);
  assert.throws(() => y.backward(), { name: 'RuntimeError', message: 'grad can be implicitly created only for scalar outputs' });
  y.backward(torch.tensor([1, 10], { dtype: torch.float64 }));
  assert.deepEqual(x.grad.tolist(), [2, 40]);
});

test('autograd: second backward through a freed graph throws PyTorch\'s RuntimeError unless retain_graph', () => {
  const x = torch.randn(3, { requires_grad: true });
  const loss = F.log_softmax(x, 0).sum();
  loss.backward({ retain_graph: true });
  loss.backward();
  assert.throws(() => loss.backward(), { name: 'RuntimeError', message: /^Trying to backward through the graph a second time/ });
});

test('autograd: a 100,000-op chain does not overflow the stack', () => {
  const x = torch.tensor([1], { dtype: torch.float64, requires_grad: true });
  let y = x;
  for (let i = 0; i < 100000; i++) y = y.mul(1.0000001);
  y.sum().backward();
  assert.ok(Math.abs(x.grad.item() - Math.pow(1.0000001, 100000)) < 1e-9);
});

test('nll_loss ∘ log_softmax gradient equals central finite differences (float64, K-dim, weight, ignore_index)', () => {
  torch.manual_seed(3);
  const x = torch.randn([2, 4, 3, 2], { dtype: torch.float64, requires_grad: true });
  const t = torch.tensor([[[0, 1], [3, -100], [2, 2]], [[1, 1], [0, 3], [-100, 2]]]);
  const w = torch.tensor([0.5, 1.5, 2, 0.25], { dtype: torch.float64 });
  for (const reduction of ['mean', 'sum']) {
    x.grad = null;
    const f = (v) => F.nll_loss(F.log_softmax(v, 1), t, { weight: w, reduction }).item();
    F.nll_loss(F.log_softmax(x, 1), t, { weight: w, reduction }).backward();
    const base = x.detach().tolist().flat(Infinity), g = x.grad.tolist().flat(Infinity);
    for (let i = 0; i < base.length; i += 5) {
      const h = 1e-6, p = base.slice(), m = base.slice();
      p[i] += h; m[i] -= h;
      const fd = (f(torch.tensor(p, { dtype: torch.float64 }).reshape(x.shape)) - f(torch.tensor(m, { dtype: torch.float64 }).reshape(x.shape))) / (2 * h);
      assert.ok(Math.abs(fd - g[i]) < 1e-7, `${reduction} [${i}]: fd ${fd} vs ${g[i]}`);
    }
  }
});

test('nll_loss float64 mean is sum / total weight (one division at the end)', () => {
  torch.manual_seed(5);
  const x = F.log_softmax(torch.randn([50, 7], { dtype: torch.float64 }), 1);
  const t = torch.randint(0, 7, [50]);
  const w = torch.rand([7], { dtype: torch.float64 });
  const sum = F.nll_loss(x, t, { weight: w, reduction: 'sum' }).item();
  const tw = t.tolist().reduce((a, c) => a + w.tolist()[c], 0);
  assert.ok(Math.abs(F.nll_loss(x, t, { weight: w }).item() - sum / tw) < 1e-12);
});

test('nll_loss edge cases: empty batch, all ignored, zero total weight', () => {
  const x = torch.zeros([0, 3], { requires_grad: true });
  const t = torch.zeros([0], { dtype: torch.int64 });
  assert.ok(Number.isNaN(F.nll_loss(x, t).item()));
  assert.equal(F.nll_loss(x, t, { reduction: 'sum' }).item(), 0);
  assert.deepEqual(F.nll_loss(x, t, { reduction: 'none' }).shape, [0]);
  const y = torch.ones([2, 3], { requires_grad: true });
  const all = F.nll_loss(y, torch.tensor([1, 1]), { ignore_index: 1 });
  assert.ok(Number.isNaN(all.item()));
  all.backward();
  assert.deepEqual(y.grad.tolist(), [[0, 0, 0], [0, 0, 0]]);
  y.grad = null;
  const zw = F.nll_loss(y, torch.tensor([0, 2]), { weight: torch.zeros(3) });
  assert.ok(Number.isNaN(zw.item()));
  zw.backward();
  const g = y.grad.tolist();
  assert.ok(Number.isNaN(g[0][0]) && Number.isNaN(g[1][2]) && g[0][1] === 0);
});

test('nll_loss errors: PyTorch class and message, nothing mutated', () => {
  const x = torch.randn(3, 5);
  const before = x.tolist();
  const cases = [
    [() => F.nll_loss(x, torch.tensor([1, 0, 5])), 'IndexError', 'Target 5 is out of bounds.'],
    [() => F.nll_loss(x, torch.tensor([1, -1, 0])), 'IndexError', 'Target -1 is out of bounds.'],
    [() => F.nll_loss(x, torch.tensor([1, 0])), 'ValueError', 'Expected input batch_size (3) to match target batch_size (2).'],
    [() => F.nll_loss(torch.tensor(1.5), torch.tensor(0)), 'ValueError', 'Expected 1 or more dimensions (got 0)'],
    [() => F.nll_loss(x, torch.tensor([1.0, 0.5, 2.5])), 'RuntimeError', 'expected scalar type Long but found Float'],
    [() => F.nll_loss(x, torch.tensor([1, 0, 4]), { reduction: 'avg' }), 'ValueError', 'avg is not a valid value for reduction'],
    [() => F.nll_loss(x, torch.tensor([1, 0, 4]), { weight: torch.ones(4) }), 'RuntimeError',
      'weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]'],
    [() => F.nll_loss(x, torch.tensor([1, 0, 4]), { weight: torch.ones(5, { requires_grad: true }) }), 'RuntimeError',
      "The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True."],
    [() => F.nll_loss(torch.randn(2, 3, 5, 5), torch.zeros([2, 5, 4], { dtype: torch.int64 })), 'RuntimeError',
      'size mismatch (got input: [2, 3, 5, 5] , target: [2, 5, 4]'],
    [() => F.log_softmax(x, 2), 'IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
  assert.deepEqual(x.tolist(), before);
});

test('Python-layer type errors are TypeErrors, not crashes', () => {
  const t = torch.tensor([1, 0]);
  assert.throws(() => F.nll_loss(1.5, t), { name: 'TypeError', message: "nll_loss_nd(): argument 'input' (position 1) must be Tensor, not float" });
  assert.throws(() => F.nll_loss(torch.randn(2, 3), t, { wieght: null }), { name: 'TypeError', message: "nll_loss() got an unexpected keyword argument 'wieght'" });
  assert.throws(() => F.nll_loss(torch.randn(2, 3), t, { ignore_index: 1.5 }), { name: 'TypeError' });
  assert.throws(() => torch.zeros(2.5), { name: 'TypeError' });
  assert.throws(() => torch.randn(2, { requires_grd: true }), { name: 'TypeError', message: /^randn\(\) received an invalid combination of arguments - got \(int, requires_grd=bool\), but expected one of:\n \* \(tuple of ints size, \*, torch\.Generator generator, / });
});

test('nn.NLLLoss and nn.LogSoftmax modules', () => {
  const x = torch.tensor(ARTICLE);
  const t = torch.tensor([1, 0, 4]);
  assert.equal(new torch.nn.NLLLoss().forward(x, t).item(), 2.351400136947632);
  assert.equal(new torch.nn.NLLLoss({ reduction: 'sum' }).forward(x, t).item(), 7.054200172424316);
  const lsm = new torch.nn.LogSoftmax(1).forward(x);
  assert.deepEqual(lsm.tolist(), F.log_softmax(x, 1).tolist());
});

test('recycled gradient storage never corrupts results (shared paths, views, big tensors, grad reset)', () => {
  torch.manual_seed(11);
  // big enough (>= 64 KiB) for storage in the shared wasm memory, where the engine recycles blocks
  const x0 = torch.randn(256, 128), y0 = torch.randn(256, 128), t = torch.randint(0, 128, [256]);
  let first = null;
  for (let it = 0; it < 30; it++) {
    const x = x0.clone().requires_grad_(), y = y0.clone().requires_grad_();
    const h = x.add(x).mul(y).reshape(128, 256).reshape(256, 128);
    const loss = F.cross_entropy(h.add(y), t).add(F.log_softmax(x, 1).mean()).add(h.sum().mul(1e-3));
    loss.backward();
    const gx = x.grad.tolist().flat(), gy = y.grad.tolist().flat();
    if (!first) first = [gx, gy];
    else { assert.deepEqual(gx, first[0]); assert.deepEqual(gy, first[1]); }
    x.grad = null; // a gradient that was read: not recycled by the reset
  }
  // a gradient never read is recycled when reset; a fresh backward still gives the same values
  const x = x0.clone().requires_grad_();
  for (let it = 0; it < 5; it++) { F.cross_entropy(x, t).backward(); x.grad = null; }
  F.cross_entropy(x, t).backward();
  const fresh = x0.clone().requires_grad_();
  F.cross_entropy(fresh, t).backward();
  assert.deepEqual(x.grad.tolist(), fresh.grad.tolist());
});

test('gradient of a full sum / mean: log_softmax takes it unwritten, bit-identical to the written-out gradient; other routes get it written', () => {
  const same = (a, b, what) => {
    assert.equal(a.length, b.length, what);
    for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  };
  // rows of C >= 4 and C < 4, strided class dims, the reference kernel (small, float64), both thread paths
  const cases = [[[4096, 40], 1], [[20000, 3], 1], [[5, 37], 1], [[300, 2, 7], 1], [[8, 21, 16, 64], 1], [[1000, 5, 33], 2], [[64, 10], 1], [[256, 100], 1], [[3, 5000], 1]];
  for (const [shape, dim] of cases) for (const dtype of [torch.float32, torch.float64]) for (const red of ['sum', 'mean']) {
    torch.manual_seed(3);
    const x = torch.randn(shape, { dtype, requires_grad: true });
    F.log_softmax(x, dim)[red]().backward();
    const lazy = x.grad.clone();
    x.grad = null;
    const y = F.log_softmax(x, dim);
    y.backward(torch.full(shape, red === 'sum' ? 1 : 1 / y.numel(), { dtype }));
    same(lazy._data, x.grad._data, `${shape}/${dtype}/${red}`);
  }
  // a leaf, a node that needs the array (relu), and two gradients meeting (written out and added)
  const x = torch.randn([50, 30], { requires_grad: true });
  x.sum().backward();
  assert.deepEqual([...new Set(x.grad._data)], [1]);
  x.grad = null;
  x.relu().mean().backward();
  const want = x._data.map((v) => (v > 0 ? Math.fround(1 / 1500) : 0));
  same(x.grad._data, want, 'relu');
  x.grad = null;
  const y = F.log_softmax(x, 1);
  y.sum().add(y.mean()).backward();
  const twice = x.grad.clone();
  x.grad = null;
  F.log_softmax(x, 1).backward(torch.full([50, 30], 1 + Math.fround(1 / 1500)));
  same(twice._data, x.grad._data, 'sum + mean');
  // retain_graph: the same unwritten gradient twice accumulates (rows of 30 recompute exp(out),
  // rows of 300 use the kept exps both times: the first into a new array, the last, which frees the
  // graph, over the exps themselves)
  for (const C of [30, 300]) {
    const z = torch.randn([50, C], { requires_grad: true });
    const s = F.log_softmax(z, 1).sum();
    s.backward({ retain_graph: true });
    const once = z.grad.clone();
    s.backward();
    same(z.grad._data, once._data.map((v) => Math.fround(v + v)), `retain_graph C=${C}`);
  }
  // kept exps consumed in place by the last backward == a new array (rows with -inf, NaN and 1e30
  // logits included, which go without kept exps), for a written-out gradient too
  const w = torch.randn([300, 1000], { requires_grad: true });
  w._data[5] = -Infinity; w._data[2003] = NaN; w._data[7000] = 1e30;
  for (const gradient of [null, torch.randn([300, 1000])]) {
    const run = (retain) => {
      w.grad = null;
      const y = F.log_softmax(w, 1), r = gradient ? y : y.sum();
      r.backward(gradient ? { gradient, retain_graph: retain } : { retain_graph: retain });
      return w.grad._data.slice();
    };
    same(run(false), run(true), `in place == new array (${gradient ? 'written-out' : 'uniform'} gradient)`);
  }
});

test('a loop that never yields still reuses the storage of the outputs it drops (collections on request, finalizers at once)', async () => {
  const rt = await import('../dist/kernels/wasm_runtime.js'); // the instance 'torchlet' uses
  const x = torch.randn([2048, 1000], { requires_grad: true }); // 8 MB per output
  const before = rt.wasmLiveBytes();
  let peak = 0, size = 0;
  for (let i = 0; i < 120; i++) { // about 1 GB of outputs dropped, no await in between
    x.grad = null;
    F.log_softmax(x, 1).sum().backward();
    peak = Math.max(peak, rt.wasmLiveBytes() - before);
    if (i === 1) size = rt.wasmMemory().buffer.byteLength;
  }
  assert.ok(peak < (400 << 20), `live storage rose by ${peak >> 20} MB`);
  // the memory grew (with its reserve) once; later steps collect rather than grow
  assert.equal(rt.wasmMemory().buffer.byteLength, size, 'the memory did not grow after the second step');
  assert.ok(x.grad._data.buffer instanceof SharedArrayBuffer, 'the gradient still lives in the shared memory');
});
