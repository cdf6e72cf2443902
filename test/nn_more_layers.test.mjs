// The modules of src/nn/modules/more_layers.ts (activations, Unflatten, padding, pixel shuffle,
// distances, Bilinear, 1-d pools, InstanceNorm) against PyTorch 1.13: repr, the state_dict of a seeded
// construction, output, input and parameter gradients, running stats after the forward, grad_fn, and
// error messages (test/fixtures/cases_nn_more_layers.json, from tools/fixtures_nn_more_layers.py).
// The F.* functionals' own cases (cases_nn_more_functional.json) are replayed by conformance.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { make, num } from './support/fixture_tensors.mjs';

const nn = torch.nn, F = nn.functional;
const FIX = JSON.parse(readFileSync(new URL('./fixtures/cases_nn_more_layers.json', import.meta.url), 'utf8'));
torch.setWarningHandler(() => {});

function close(got, want, what, tol) {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype.name ?? String(got.dtype), want.dtype, `${what}: dtype`);
  const t = tol ?? (want.dtype === 'float64' ? 1e-10 : want.dtype === 'float32' ? 1e-5 : 0);
  const g = [got.tolist()].flat(Infinity).map(Number), w = want.data.map(num);
  assert.equal(g.length, w.length, `${what}: numel`);
  for (let i = 0; i < w.length; i++)
    if (!(Math.abs(g[i] - w[i]) <= t * (1 + Math.abs(w[i])) || (Number.isNaN(g[i]) && Number.isNaN(w[i]))))
      assert.fail(`${what}[${i}]: ${g[i]} != ${w[i]}`);
}
const ctorArgs = (c) => (Object.keys(c.kw).length ? [...c.args, c.kw] : c.args);

test('modules: repr, seeded state_dict, output, input and parameter gradients, running stats, grad_fn as PyTorch', () => {
  const seen = new Set();
  for (const c of FIX.modules) {
    const what = `${c.module}(${JSON.stringify(ctorArgs(c))}) ${c.inputs[0].dtype}`;
    seen.add(c.module);
    torch.manual_seed(c.seed);
    const m = new nn[c.module](...ctorArgs(c));
    if (!c.train) m.eval();
    assert.equal(String(m), c.repr, `${what}: repr`);
    const sd = m.state_dict();
    assert.deepEqual([...sd.keys()], Object.keys(c.state), `${what}: state_dict keys`);
    for (const [k, v] of Object.entries(c.state)) close(sd.get(k), v, `${what} state ${k}`, 0);
    const xs = c.inputs.map((s) => make(s).requires_grad_(true));
    let y = m(...(c.inplace ? xs.map((x) => x.mul(1)) : xs));
    if (c.indices) { close(y[1], c.indices, `${what} indices`); y = y[0]; }
    close(y, c.output, `${what} output`);
    if (c.grad_fn) assert.equal(y.grad_fn.name(), c.grad_fn, `${what}: grad_fn`);
    y.mul(make(c.grad_output)).sum().backward();
    c.grads.forEach((g, i) => { if (g) close(xs[i].grad, g, `${what} grad of input ${i}`); });
    const params = new Map(m.named_parameters());
    assert.deepEqual([...params.keys()].filter((k) => params.get(k).grad), Object.keys(c.param_grads), `${what}: parameters with grads`);
    for (const [k, g] of Object.entries(c.param_grads)) close(params.get(k).grad, g, `${what} grad of ${k}`);
    const after = m.state_dict();
    for (const [k, v] of Object.entries(c.state_after)) close(after.get(k), v, `${what} state after ${k}`);
  }
  assert.equal(seen.size, 29, [...seen].join(' '));
});

const x234 = () => torch.randn(2, 3, 4);
const ERRORS = {
  prelu_channels: () => new nn.PReLU(3)(torch.randn(2, 4)),
  prelu_channels_1d: () => F.prelu(torch.randn(3), torch.ones(3)),
  prelu_zero_dim: () => F.prelu(torch.randn([]), torch.ones(2)),
  prelu_weight_2d: () => F.prelu(x234(), torch.ones(1, 3)),
  prelu_int: () => F.prelu(torch.arange(3), torch.ones(1)),
  softshrink_negative: () => new nn.Softshrink(-0.5)(x234()),
  celu_zero: () => F.celu(x234(), 0.0),
  glu_odd: () => new nn.GLU()(torch.randn(2, 3)),
  glu_scalar: () => F.glu(torch.randn([]), 0),
  glu_dim: () => F.glu(torch.randn(2, 4), 2),
  glu_int: () => F.glu(torch.arange(4)),
  hardswish_int: () => F.hardswish(torch.arange(4)),
  mish_int: () => F.mish(torch.arange(4)),
  selu_int: () => F.selu(torch.arange(4)),
  threshold_bool: () => F.threshold(torch.tensor([true]), 1, 2),
  threshold_missing: () => new nn.Threshold(),
  inplace_leaf: () => new nn.Hardswish(true)(torch.randn(3, { requires_grad: true })),
  unflatten_int_size: () => new nn.Unflatten(1, 3),
  unflatten_float_elem: () => new nn.Unflatten(1, [2, 3.5]),
  unflatten_dim_type: () => new nn.Unflatten(1.5, [2, 3]),
  unflatten_product: () => new nn.Unflatten(1, [2, 3])(torch.randn(2, 5)),
  reflection_too_wide: () => new nn.ReflectionPad1d(3)(torch.randn(1, 2, 3)),
  pad2d_of_1d: () => new nn.ReflectionPad2d(1)(torch.randn(4)),
  pixel_shuffle_divisible: () => new nn.PixelShuffle(3)(torch.randn(1, 8, 2, 3)),
  pixel_shuffle_positive: () => F.pixel_shuffle(torch.randn(1, 8, 2, 3), 0),
  pixel_shuffle_dims: () => F.pixel_shuffle(torch.randn(8, 2), 2),
  pixel_shuffle_float: () => F.pixel_shuffle(torch.randn(1, 8, 2, 3), 2.5),
  pixel_unshuffle_height: () => new nn.PixelUnshuffle(3)(torch.randn(1, 2, 4, 6)),
  pixel_unshuffle_width: () => F.pixel_unshuffle(torch.randn(1, 2, 4, 3), 2),
  pixel_unshuffle_positive: () => F.pixel_unshuffle(torch.randn(1, 2, 4, 3), -1),
  pairwise_broadcast: () => new nn.PairwiseDistance()(torch.randn(3, 4), torch.randn(3, 5)),
  bilinear_dims: () => F.bilinear(torch.randn(3, 4), torch.randn(2), torch.randn(5, 4, 2)),
  bilinear_batch: () => new nn.Bilinear(4, 2, 5)(torch.randn(3, 4), torch.randn(2, 2)),
  bilinear_in1: () => new nn.Bilinear(4, 2, 5)(torch.randn(3, 3), torch.randn(3, 2)),
  bilinear_in2: () => new nn.Bilinear(4, 2, 5)(torch.randn(3, 4), torch.randn(3, 3)),
  bilinear_bias: () => F.bilinear(torch.randn(3, 4), torch.randn(3, 2), torch.randn(5, 4, 2), torch.randn(4)),
  bilinear_dtype: () => F.bilinear(torch.randn(3, 4), torch.randn(3, 2, { dtype: torch.float64 }), torch.randn(5, 4, 2)),
  maxpool1d_dims: () => new nn.MaxPool1d(2)(torch.randn(8)),
  maxpool1d_dims_4d: () => new nn.MaxPool1d(2)(torch.randn(1, 2, 3, 8)),
  maxpool1d_kernel_list: () => F.max_pool1d(torch.randn(2, 8), [3, 3]),
  maxpool1d_kernel_list_grad: () => F.max_pool1d(torch.randn(2, 8, { requires_grad: true }), [3, 3]),
  maxpool1d_stride_zero: () => F.max_pool1d(torch.randn(2, 8), 3, 0),
  maxpool1d_stride_zero_grad: () => F.max_pool1d(torch.randn(2, 8, { requires_grad: true }), 3, 0),
  maxpool1d_pad_half: () => new nn.MaxPool1d(3, 1, 2)(torch.randn(2, 8)),
  maxpool1d_pad_half_grad: () => new nn.MaxPool1d(3, 1, 2)(torch.randn(2, 8, { requires_grad: true })),
  maxpool1d_pad_negative: () => F.max_pool1d(torch.randn(2, 8), 3, 1, -1),
  maxpool1d_dilation: () => F.max_pool1d(torch.randn(2, 8), 3, 1, 0, 0),
  maxpool1d_too_small_grad: () => new nn.MaxPool1d(9)(torch.randn(3, 8, { requires_grad: true })),
  maxpool1d_int: () => F.max_pool1d(torch.arange(8).reshape(1, 8), 2),
  avgpool1d_dims: () => new nn.AvgPool1d(2)(torch.randn(8)),
  avgpool1d_kernel_list: () => F.avg_pool1d(torch.randn(2, 8), [3, 3]),
  avgpool1d_pad_half: () => new nn.AvgPool1d(3, 1, 2)(torch.randn(2, 8)),
  avgpool1d_too_small: () => new nn.AvgPool1d(9)(torch.randn(3, 8)),
  avgpool1d_stride_zero: () => F.avg_pool1d(torch.randn(2, 8), 0),
  instancenorm1d_dims: () => new nn.InstanceNorm1d(3)(torch.randn(2, 3, 4, 5)),
  instancenorm2d_dims: () => new nn.InstanceNorm2d(3)(torch.randn(3, 4)),
  instancenorm_spatial: () => new nn.InstanceNorm1d(3)(torch.randn(2, 3, 1)),
  instancenorm_affine_channels: () => new nn.InstanceNorm1d(3, { affine: true })(torch.randn(2, 4, 5)),
  instancenorm_momentum_none: () => new nn.InstanceNorm1d(3, { momentum: null, track_running_stats: true })(torch.randn(2, 3, 4)),
  instance_norm_no_stats: () => F.instance_norm(torch.randn(2, 3, 5), { use_input_stats: false }),
  instance_norm_running_size: () => F.instance_norm(torch.randn(2, 3, 5), torch.zeros(2), torch.ones(2)),
  init_instancenorm_missing: () => new nn.InstanceNorm1d(),
  init_instancenorm_too_many: () => new nn.InstanceNorm2d(1, 2, 3, 4, 5, 6, 7, 8),
  init_constantpad_missing_value: () => new nn.ConstantPad1d(1),
  init_maxpool1d_missing: () => new nn.MaxPool1d(),
  init_softsign_args: () => new nn.Softsign(1),
  forward_zeropad_missing: () => new nn.ZeroPad2d(1)(),
  forward_reflectionpad_missing: () => new nn.ReflectionPad1d(1)(),
  forward_replicationpad_missing: () => new nn.ReplicationPad2d(1)(),
  forward_instancenorm_missing: () => new nn.InstanceNorm1d(2)(),
  forward_bilinear_missing: () => new nn.Bilinear(1, 1, 1)(),
};

test('error cases: PyTorch\'s exception types and messages', () => {
  assert.deepEqual(Object.keys(ERRORS).sort(), Object.keys(FIX.errors).sort());
  for (const [id, [type, message]] of Object.entries(FIX.errors))
    assert.throws(ERRORS[id], (e) => { assert.equal(`${e.name}: ${e.message}`, `${type}: ${message}`, id); return true; }, id);
});

test('in-place activations write into their input and keep a working graph', () => {
  for (const [M, f] of [[nn.Hardswish, F.hardswish], [nn.Hardsigmoid, F.hardsigmoid], [nn.Mish, F.mish], [nn.SELU, F.selu]]) {
    const x = torch.linspace(-4, 4, 9, { requires_grad: true });
    const want = f(x);
    const h = x.mul(1), y = new M(true)(h);
    assert.equal(y, h, `${M.name}: returns its input`);
    assert.deepEqual(y.tolist(), want.tolist(), M.name);
    y.sum().backward();
    const g = x.grad.clone();
    x.grad = null;
    want.sum().backward();
    assert.deepEqual(g.tolist(), x.grad.tolist(), `${M.name} grad`);
  }
});

test('modules take their arguments by keyword and positionally, as Python does', () => {
  assert.equal(String(new nn.MaxPool1d({ kernel_size: 3, stride: 2, ceil_mode: true })), 'MaxPool1d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=True)');
  assert.equal(String(new nn.AvgPool1d(3, null, 1)), 'AvgPool1d(kernel_size=(3,), stride=(3,), padding=(1,))');
  assert.equal(String(new nn.Threshold({ threshold: 0.5, value: -1.5, inplace: true })), 'Threshold(threshold=0.5, value=-1.5, inplace=True)');
  assert.equal(String(new nn.CELU({ inplace: true })), 'CELU(alpha=1.0, inplace=True)');
  assert.equal(String(new nn.Sequential(new nn.PReLU(2), new nn.Unflatten(1, [2, 1]), new nn.ZeroPad2d([1, 0, 0, 1]))),
    'Sequential(\n  (0): PReLU(num_parameters=2)\n  (1): Unflatten(dim=1, unflattened_size=(2, 1))\n  (2): ZeroPad2d((1, 0, 0, 1))\n)');
  assert.throws(() => new nn.Hardswish(true, false), { name: 'TypeError', message: 'Hardswish.__init__() takes from 1 to 2 positional arguments but 3 were given' });
  assert.throws(() => new nn.Bilinear(2, 3), { name: 'TypeError', message: "Bilinear.__init__() missing 1 required positional argument: 'out_features'" });
  assert.throws(() => new nn.PairwiseDistance()(torch.ones(2)), { name: 'TypeError', message: "PairwiseDistance.forward() missing 1 required positional argument: 'x2'" });
  // max_pool1d's return_indices, positional (7th) or by keyword
  const x = torch.tensor([[1, 3, 2, 5, 4, 0]], { dtype: torch.float32 });
  const [v, i] = F.max_pool1d(x, 2, null, 0, 1, false, true);
  assert.deepEqual([v.tolist(), i.tolist()], [[[3, 5, 4]], [[1, 3, 4]]]);
  assert.deepEqual(F.max_pool1d(x, 2, { return_indices: true })[1].tolist(), [[1, 3, 4]]);
  // InstanceNorm with tracked stats uses them in eval mode, and a forward in training leaves num_batches_tracked at 0
  torch.manual_seed(0);
  const m = new nn.InstanceNorm1d(2, { track_running_stats: true });
  m(torch.randn(3, 2, 4));
  assert.equal(m.num_batches_tracked.item(), 0);
  m.eval();
  const z = torch.randn(1, 2, 4), mean = m.running_mean.reshape(1, 2, 1), sd = m.running_var.add(1e-5).sqrt().reshape(1, 2, 1);
  assert.ok(m(z).sub(z.sub(mean).div(sd)).abs().max().item() < 1e-6);
});
