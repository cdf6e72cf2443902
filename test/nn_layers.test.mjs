// nn layers and their functional forms: PyTorch's initial parameters for a seed (numbers printed by
// PyTorch 1.13), parameter registration order, Sequential, Dropout's mask and train/eval switch,
// Flatten, MaxPool2d indices, PyTorch's error messages, reprs, and gradients against central
// finite differences in float64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';

const nn = torch.nn, F = torch.nn.functional;

function assertAll(got, want, tol, what = '') {
  const g = [got].flat(Infinity), w = [want].flat(Infinity);
  assert.equal(g.length, w.length, `${what} length`);
  for (let i = 0; i < w.length; i++)
    if (!(Math.abs(g[i] - w[i]) <= tol * (1 + Math.abs(w[i])))) assert.fail(`${what}[${i}]: ${g[i]} != ${w[i]}`);
}
function throwsLike(fn, name, message) {
  assert.throws(fn, (e) => { assert.equal(e.name, name); assert.equal(e.message, message); return true; });
}

// ---- initialisation ----
test('nn.Linear(3, 2) after manual_seed(1) has PyTorch\'s exact weight and bias', () => {
  torch.manual_seed(1);
  const l = new nn.Linear(3, 2);
  assert.deepEqual(l.weight.tolist(), [[0.2974873483181, -0.2548298239707947, -0.11192598193883896], [0.2709902822971344, -0.5435388088226318, 0.3462469279766083]]);
  assert.deepEqual(l.bias.tolist(), [-0.11877556145191193, 0.2937234044075012]);
  assert.equal(l.weight.dtype, torch.float32);
  assert.ok(l.weight.requires_grad && l.weight.is_leaf);
});

test('nn.Conv2d(2, 3, 2) after manual_seed(1) has PyTorch\'s exact weight and bias', () => {
  torch.manual_seed(1);
  const c = new nn.Conv2d(2, 3, 2);
  assert.deepEqual(c.weight.shape, [3, 2, 2, 2]);
  assert.deepEqual(c.weight.flatten().tolist().slice(0, 5), [0.18217304348945618, -0.15605077147483826, -0.06854038685560226, 0.16594697535037994, -0.3328481912612915]);
  assert.deepEqual(c.bias.tolist(), [-0.11329565942287445, 0.01692870259284973, 0.21076297760009766]);
});

test('nn.init: kaiming_normal_, xavier_uniform_, uniform_ draw PyTorch\'s numbers', () => {
  torch.manual_seed(0);
  const w = nn.init.kaiming_normal_(torch.empty(3, 4));
  assertAll(w.flatten().tolist(), [1.0896488428115845, -0.20748557150363922, -1.5406367778778076, 0.40194159746170044, -0.7668731212615967, -0.9889562726020813, 0.2852092981338501, 0.5925741195678711, -0.508591890335083, -0.28520694375038147, -0.4218849241733551, 0.1287192404270172], 1e-6, 'kaiming_normal_');
  torch.manual_seed(0);
  const w2 = nn.init.kaiming_normal_(torch.empty(20, 5), { mode: 'fan_out', nonlinearity: 'relu' });
  assertAll(w2.flatten().tolist().slice(0, 8), [-0.35602182149887085, -0.3644082844257355, -0.07923990488052368, -0.13720452785491943, 0.26838576793670654, 0.21883250772953033, -0.09993201494216919, -0.6688910722732544], 1e-6, 'kaiming_normal_ fan_out');
  torch.manual_seed(0);
  const w3 = nn.init.xavier_uniform_(torch.empty(4, 6), { gain: 2.0 });
  assert.deepEqual(w3.flatten().tolist().slice(0, 4), [-0.01159853208810091, 0.8310548663139343, -1.2750561237335205, -1.1401119232177734]);
  torch.manual_seed(0);
  // float64: PyTorch's AVX2 kernel fuses x * (to - from) + from into one FMA, so the last bit may differ
  const w4 = nn.init.uniform_(torch.empty(3, 3, { dtype: torch.float64 }), -2, 3);
  assertAll(w4.flatten().tolist(), [2.8502650090327655, 1.5390993219989397, 0.29691471563725436, 2.6037384206098015, 1.225120600613824, 1.9557394609015184, -1.1069691239962451, -0.24446187803035802, 0.9067045990378726], 1e-15, 'uniform_ float64');
  assert.deepEqual(nn.init.zeros_(torch.ones(2)).tolist(), [0, 0]);
  assert.deepEqual(nn.init.constant_(torch.zeros(2), 0.5).tolist(), [0.5, 0.5]);
  assert.equal(nn.init.calculate_gain('relu'), Math.sqrt(2));
  assert.equal(nn.init.calculate_gain('leaky_relu', Math.sqrt(5)), Math.sqrt(2 / 6));
});

// ---- registration, options, repr ----
test('parameters are registered in assignment order with PyTorch\'s names', () => {
  class Net extends nn.Module {
    constructor() {
      super();
      this.conv1 = new nn.Conv2d(1, 32, 3, 1);
      this.conv2 = new nn.Conv2d(32, 64, 3, 1);
      this.dropout1 = new nn.Dropout(0.25);
      this.dropout2 = new nn.Dropout(0.5);
      this.fc1 = new nn.Linear(9216, 128);
      this.fc2 = new nn.Linear(128, 10);
    }
    forward(x) {
      x = F.relu(this.conv1.forward(x));
      x = F.relu(this.conv2.forward(x));
      x = F.max_pool2d(x, 2);
      x = this.dropout1.forward(x);
      x = torch.flatten(x, 1);
      x = F.relu(this.fc1.forward(x));
      x = this.dropout2.forward(x);
      return F.log_softmax(this.fc2.forward(x), 1);
    }
  }
  torch.manual_seed(1);
  const net = new Net();
  assert.deepEqual([...net.named_parameters()].map(([k, p]) => `${k}:${p.shape.join('x')}`),
    ['conv1.weight:32x1x3x3', 'conv1.bias:32', 'conv2.weight:64x32x3x3', 'conv2.bias:64', 'fc1.weight:128x9216', 'fc1.bias:128', 'fc2.weight:10x128', 'fc2.bias:10']);
  assert.deepEqual([...net.state_dict().keys()], ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
  const out = net.forward(torch.randn(2, 1, 28, 28));
  assert.deepEqual(out.shape, [2, 10]);
  const loss = F.nll_loss(out, torch.tensor([3, 7]));
  loss.backward();
  for (const p of net.parameters()) assert.deepEqual(p.grad.shape, p.shape);
  assert.equal(String(net), `Net(
  (conv1): Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))
  (conv2): Conv2d(32, 64, kernel_size=(3, 3), stride=(1, 1))
  (dropout1): Dropout(p=0.25, inplace=False)
  (dropout2): Dropout(p=0.5, inplace=False)
  (fc1): Linear(in_features=9216, out_features=128, bias=True)
  (fc2): Linear(in_features=128, out_features=10, bias=True)
)`);
});

test('constructor options: positional or one options object, bias=false, dtype', () => {
  const a = new nn.Conv2d(4, 6, [3, 2], { stride: 2, padding: [1, 0], dilation: 1, groups: 2, bias: false });
  assert.deepEqual(a.weight.shape, [6, 2, 3, 2]);
  assert.equal(a.bias, null);
  assert.deepEqual([...a.named_parameters()].map(([k]) => k), ['weight']);
  assert.equal(String(a), 'Conv2d(4, 6, kernel_size=(3, 2), stride=(2, 2), padding=(1, 0), groups=2, bias=False)');
  const b = new nn.Conv2d({ in_channels: 2, out_channels: 2, kernel_size: 3, padding: 'same', dilation: 2 });
  assert.equal(String(b), "Conv2d(2, 2, kernel_size=(3, 3), stride=(1, 1), padding=same, dilation=(2, 2))");
  assert.deepEqual(b.forward(torch.randn(1, 2, 7, 5)).shape, [1, 2, 7, 5]);
  const l = new nn.Linear(3, 2, false, { dtype: torch.float64 });
  assert.equal(l.bias, null);
  assert.equal(l.weight.dtype, torch.float64);
  assert.equal(String(new nn.Linear({ in_features: 3, out_features: 2 })), 'Linear(in_features=3, out_features=2, bias=True)');
  assert.equal(String(new nn.MaxPool2d(2)), 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
  assert.equal(String(new nn.MaxPool2d([3, 2], { stride: 1, ceil_mode: true })), 'MaxPool2d(kernel_size=(3, 2), stride=1, padding=0, dilation=1, ceil_mode=True)');
  assert.equal(String(new nn.ReLU()), 'ReLU()');
  assert.equal(String(new nn.Flatten()), 'Flatten(start_dim=1, end_dim=-1)');
  assert.equal(String(new nn.Dropout()), 'Dropout(p=0.5, inplace=False)');
  throwsLike(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), 'ValueError', 'in_channels must be divisible by groups');
  throwsLike(() => new nn.Conv2d(4, 3, 3, { groups: 2 }), 'ValueError', 'out_channels must be divisible by groups');
  throwsLike(() => new nn.Conv2d(4, 4, 3, { groups: 0 }), 'ValueError', 'groups must be a positive integer');
  throwsLike(() => new nn.Conv2d(4, 4, 3, { padding: 'foo' }), 'ValueError', "Invalid padding string 'foo', should be one of {'valid', 'same'}");
  throwsLike(() => new nn.Dropout(1.5), 'ValueError', 'dropout probability has to be between 0 and 1, but got 1.5');
  assert.throws(() => new nn.Linear(3, 2, { biass: true }), /unexpected keyword argument 'biass'/);
});

// ---- Sequential, Flatten, ReLU ----
test('nn.Sequential runs its children in order and names them 0, 1, ...', () => {
  torch.manual_seed(0);
  const seq = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
  assert.deepEqual([...seq.named_parameters()].map(([k]) => k), ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.equal(seq.length, 3);
  assert.ok(seq[0] instanceof nn.Linear && seq.at(-1) === seq[2]);
  const x = torch.randn(5, 4);
  const want = seq[2].forward(F.relu(seq[0].forward(x)));
  assert.deepEqual(seq.forward(x).tolist(), want.tolist());
  assert.equal(String(seq), `Sequential(
  (0): Linear(in_features=4, out_features=3, bias=True)
  (1): ReLU()
  (2): Linear(in_features=3, out_features=2, bias=True)
)`);
  seq.append(new nn.Flatten(0));
  assert.deepEqual(seq.forward(x).shape, [10]);
  assert.equal([...seq].length, 4);
  const named = new nn.Sequential(new Map([['fc', new nn.Linear(2, 2)], ['act', new nn.ReLU()]]));
  assert.deepEqual([...named.named_parameters()].map(([k]) => k), ['fc.weight', 'fc.bias']);
  seq.eval();
  assert.ok([...seq.modules()].every((m) => m.training === false));
});

test('nn.Flatten and torch.flatten share storage; ReLU zeroes negatives', () => {
  const x = torch.arange(24).reshape(2, 3, 4).float();
  const f = new nn.Flatten().forward(x);
  assert.deepEqual(f.shape, [2, 12]);
  assert.equal(f._data, x._data);
  assert.deepEqual(new nn.Flatten(0, 1).forward(x).shape, [6, 4]);
  assert.deepEqual(torch.flatten(x, 1).shape, [2, 12]);
  assert.deepEqual(new nn.ReLU().forward(torch.tensor([-1, 0, 2.5])).tolist(), [0, 0, 2.5]);
});

// ---- Dropout ----
test('F.dropout draws PyTorch\'s mask for a seed and scales by 1/(1-p)', () => {
  torch.manual_seed(1);
  assert.deepEqual(F.dropout(torch.ones(20), 0.5).tolist(), [2, 2, 2, 2, 0, 2, 2, 0, 0, 2, 0, 2, 0, 2, 2, 2, 0, 2, 0, 0]);
  const x = torch.tensor([-0.07664429396390915, 0.35988152027130127, -0.7820168137550354, 0.07152773439884186, 0.6648393869400024, -0.28678029775619507, 1.6205507516860962, -1.596708059310913, 0.4046071469783783, 0.6112996339797974, 0.7603904008865356, -0.03364326059818268, -0.34484532475471497, 0.4936535656452179, -0.07758074998855591, -1.8053644895553589, 0.4851140081882477, 0.2052343785762787, 0.33842819929122925, 1.35275399684906, 0.3736353814601898, 0.013416479341685772, 0.7736731767654419, -0.10924351960420609]).reshape(2, 3, 4);
  torch.manual_seed(5);
  const y = F.dropout(x, 0.3);
  // bit-exact float32 values from PyTorch 1.13 (signed zeros included)
  const want = [-0.10949184745550156, 0.5141164660453796, -1.1171668767929077, 0.10218247771263123, 0.9497705698013306, -0.0, 2.315072536468506, -0.0, 0.0, 0.8732852339744568, 1.0862720012664795, -0.048061802983284, -0.0, 0.7052193880081177, -0.11082964390516281, -2.579092264175415, 0.6930200457572937, 0.29319196939468384, 0.0, 1.93250572681427, 0.5337648391723633, 0.01916639879345894, 1.1052473783493042, -0.15606217086315155];
  const got = y.flatten().tolist();
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `[${i}] ${got[i]} != ${want[i]}`);
  torch.manual_seed(5);
  const y2 = F.dropout2d(x.double().reshape(2, 3, 2, 2), 0.5).flatten().tolist();
  assert.deepEqual(y2.map((v) => v === 0), [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1].map(Boolean));
  assertAll(y2.slice(4, 8), [1.3296787738800049, -0.5735605955123901, 3.2411015033721924, -3.193416118621826], 1e-7);
});

test('nn.Dropout: train mode masks (gradient = mask), eval mode is the identity; p=0 and p=1', () => {
  const d = new nn.Dropout(0.25);
  const x = torch.randn(200, 50, { requires_grad: true });
  const y = d.forward(x);
  const kept = y.tolist().flat().filter((v) => v !== 0).length;
  assert.ok(kept > 10000 * 0.7 && kept < 10000 * 0.8, `kept ${kept}`);
  y.sum().backward();
  const g = x.grad._data, yd = y._data, xd = x._data;
  const scale = Math.fround(1 / 0.75);
  for (let i = 0; i < g.length; i++) {
    assert.equal(g[i], yd[i] === 0 && xd[i] !== 0 ? 0 : scale);
    if (g[i]) assert.equal(yd[i], Math.fround(xd[i] * scale));
  }
  d.eval();
  assert.equal(d.forward(x), x);
  assert.equal(F.dropout(x, 0.5, false), x);
  assert.equal(F.dropout(x, { p: 0 }), x);
  assert.ok(F.dropout(torch.ones(4), 1).tolist().every((v) => v === 0));
  torch.manual_seed(3);
  const a = F.dropout(torch.ones(50), 0.5).tolist();
  torch.manual_seed(3);
  assert.deepEqual(F.dropout(torch.ones(50), 0.5).tolist(), a);
  throwsLike(() => F.dropout(x, -0.1), 'ValueError', 'dropout probability has to be between 0 and 1, but got -0.1');
  const t = torch.ones(6);
  torch.manual_seed(1);
  assert.equal(F.dropout(t, 0.5, true, true), t);
  assert.ok(t.tolist().some((v) => v === 0));
});

test('nn.Dropout2d zeroes whole channels', () => {
  const d = new nn.Dropout2d(0.5);
  const y = d.forward(torch.ones(4, 8, 3, 3));
  for (const img of y.tolist()) for (const ch of img) {
    const vals = ch.flat();
    assert.ok(vals.every((v) => v === 0) || vals.every((v) => v === 2));
  }
});

// ---- max pooling ----
test('F.max_pool2d with return_indices and nn.MaxPool2d(return_indices=true)', () => {
  const x = torch.tensor([[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 9, 1, 1], [2, 2, 7, 3]]]]).float();
  const [v, i] = F.max_pool2d(x, 2, { return_indices: true });
  assert.deepEqual(v.tolist(), [[[[5, 8], [9, 7]]]]);
  assert.deepEqual(i.tolist(), [[[[1, 6], [9, 14]]]]);
  assert.equal(i.dtype, torch.int64);
  const [v2, i2] = new nn.MaxPool2d(3, { stride: 1, return_indices: true }).forward(x);
  assert.deepEqual(v2.tolist(), [[[[9, 9], [9, 9]]]]);
  assert.deepEqual(i2.tolist(), [[[[9, 9], [9, 9]]]]);
  assert.deepEqual(new nn.MaxPool2d(2, { ceil_mode: true }).forward(torch.ones(1, 5, 5)).shape, [1, 3, 3]);
  const [, ii] = F.max_pool2d_with_indices(x, 2);
  assert.deepEqual(ii.tolist(), i.tolist());
});

// ---- error messages (PyTorch 1.13's text) ----
test('conv2d, linear and max_pool2d raise PyTorch\'s errors', () => {
  const t = (...s) => torch.randn(...s);
  const cases = [
    [() => F.linear(t(4, 5), t(3, 6)), 'mat1 and mat2 shapes cannot be multiplied (4x5 and 6x3)'],
    [() => F.linear(t(5), t(3, 6)), 'mat1 and mat2 shapes cannot be multiplied (1x5 and 6x3)'],
    [() => F.linear(t(2, 4, 5), t(3, 6)), 'mat1 and mat2 shapes cannot be multiplied (8x5 and 6x3)'],
    [() => new nn.Linear(3, 2).forward(t(4, 5)), 'mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2)'],
    [() => F.linear(t(4, 5), t(3, 5), t(4)), 'The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 1.  Target sizes: [4, 3].  Tensor sizes: [4]'],
    [() => F.linear(t(4, 5), t(2, 3, 5)), 't() expects a tensor with <= 2 dimensions, but self is 3D'],
    [() => F.linear(t(4, 5), t(3, 5).double()), 'expected scalar type Float but found Double'],
    [() => F.linear(t(4, 5), t(3, 5), t(3).double()), 'self and mat2 must have the same dtype'],
    [() => F.conv2d(t(2, 3, 8, 8), t(4, 2, 3, 3)), 'Given groups=1, weight of size [4, 2, 3, 3], expected input[2, 3, 8, 8] to have 2 channels, but got 3 channels instead'],
    [() => F.conv2d(t(3, 8, 8), t(4, 2, 3, 3)), 'Given groups=1, weight of size [4, 2, 3, 3], expected input[1, 3, 8, 8] to have 2 channels, but got 3 channels instead'],
    [() => F.conv2d(t(8, 8), t(4, 2, 3, 3)), 'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [8, 8]'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3)), 'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2)), 'weight should have at least three dimensions'],
    [() => F.conv2d(t(1, 2, 2, 2), t(4, 2, 3, 3)), "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size"],
    [() => F.conv2d(t(1, 2, 4, 4), t(4, 2, 3, 3), { dilation: 2 }), "Calculated padded input size per channel: (4 x 4). Kernel size: (5 x 5). Kernel size can't be greater than actual input size"],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), t(3)), 'Given weight of size [4, 2, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead'],
    [() => F.conv2d(t(1, 4, 8, 8), t(3, 2, 3, 3), { groups: 2 }), 'Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]] instead'],
    [() => F.conv2d(t(1, 3, 8, 8), t(4, 1, 3, 3), { groups: 2 }), 'Given groups=2, weight of size [4, 1, 3, 3], expected input[1, 3, 8, 8] to have 2 channels, but got 3 channels instead'],
    [() => F.conv2d(t(1, 2, 8, 8), t(0, 2, 3, 3)), 'Given groups=1, expected weight to be at least 1 at dimension 0, but got weight of size [0, 2, 3, 3] instead'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), { stride: 0 }), 'non-positive stride is not supported'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), { padding: -1 }), 'negative padding is not supported'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), { dilation: 0 }), 'dilation should be greater than zero, but got [0, 0]'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), { groups: 0 }), 'non-positive groups is not supported'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3).double()), 'expected scalar type Float but found Double'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), t(4).double()), 'Input type (float) and bias type (double) should be the same'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), { stride: [1, 2, 3] }), 'expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 2, 3]'],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), { padding: 'same', stride: 2 }), "padding='same' is not supported for strided convolutions"],
    [() => F.conv2d(t(1, 2, 8, 8), t(4, 2, 3, 3), { padding: 'foo' }), "Invalid padding string: 'foo'"],
    [() => F.max_pool2d(t(1, 1, 4, 4), 0), 'stride should not be zero'],
    [() => F.max_pool2d(t(1, 1, 4, 4), 0, 1), 'kernel size should be greater than zero, but got kH: 0 kW: 0'],
    [() => F.max_pool2d(t(1, 1, 4, 4), 2, -1), 'stride should be greater than zero, but got dH: -1 dW: -1'],
    [() => F.max_pool2d(t(1, 1, 4, 4), 2, { padding: 2 }), 'pad should be at most half of kernel size, but got pad=2 and kernel_size=2'],
    [() => F.max_pool2d(t(1, 1, 4, 4), 2, { padding: -1 }), 'pad must be non-negative, but got pad: -1'],
    [() => F.max_pool2d(t(1, 1, 4, 4), 2, { dilation: 0 }), 'dilation should be greater than zero, but got dilationH: 0 dilationW: 0'],
    [() => F.max_pool2d(t(1, 1, 2, 2), 3), 'Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small'],
    [() => F.max_pool2d(t(4, 4), 2), 'non-empty 3D or 4D (batch mode) tensor expected for input'],
    [() => F.max_pool2d(t(1, 1, 4, 4), [2, 2, 2]), 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints'],
    [() => F.max_pool2d(t(1, 1, 4, 4), 2, [1, 2, 3]), 'max_pool2d: stride must either be omitted, a single int, or a tuple of two ints'],
    [() => F.max_pool2d(t(1, 0, 4, 4), 2), 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 4, 4]'],
    [() => F.max_pool2d(torch.ones(1, 1, 4, 4, { dtype: torch.int64 }), 2), '"max_pool2d" not implemented for \'Long\''],
  ];
  for (const [fn, msg] of cases) throwsLike(fn, 'RuntimeError', msg);
});

test('empty inputs: zero batch and zero features', () => {
  assert.deepEqual(F.conv2d(torch.randn(0, 2, 8, 8), torch.randn(4, 2, 3, 3)).shape, [0, 4, 6, 6]);
  assert.deepEqual(F.max_pool2d(torch.randn(0, 1, 4, 4), 2).shape, [0, 1, 2, 2]);
  const b = torch.randn(3);
  assert.deepEqual(F.linear(torch.randn(4, 0), torch.randn(3, 0), b).tolist(), [b.tolist(), b.tolist(), b.tolist(), b.tolist()]);
  assert.deepEqual(F.linear(torch.randn(5), torch.randn(5)).shape, []);
});

// ---- gradients vs central differences (float64) ----
function gradCheck(name, make, f) {
  const inputs = make();
  const out = f(...inputs);
  torch.manual_seed(123);
  const go = torch.randn(out.shape, { dtype: torch.float64 });
  out.mul(go).sum().backward();
  const h = 1e-6;
  for (const [k, x] of inputs.entries()) {
    if (!x || !x.requires_grad) continue;
    const d = x._data, num = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      d[i] = v + h; const p = torch.no_grad(() => f(...inputs).mul(go).sum().item());
      d[i] = v - h; const m = torch.no_grad(() => f(...inputs).mul(go).sum().item());
      d[i] = v;
      num[i] = (p - m) / (2 * h);
    }
    assertAll(Array.from(x.grad._data), Array.from(num), 1e-6, `${name} grad of input ${k}`);
  }
}
const r64 = (...s) => torch.randn(...s, { dtype: torch.float64, requires_grad: true });

test('F.linear gradients (input, weight, bias) match finite differences', () => {
  torch.manual_seed(0);
  gradCheck('linear 2d', () => [r64(4, 5), r64(3, 5), r64(3)], (x, w, b) => F.linear(x, w, b));
  gradCheck('linear 3d no bias', () => [r64(2, 3, 5), r64(4, 5)], (x, w) => F.linear(x, w));
  gradCheck('linear 1d', () => [r64(5), r64(2, 5), r64(2)], (x, w, b) => F.linear(x, w, b));
});

test('F.conv2d gradients (input, weight, bias) match finite differences', () => {
  torch.manual_seed(0);
  gradCheck('conv2d plain', () => [r64(2, 3, 6, 5), r64(4, 3, 3, 2), r64(4)], (x, w, b) => F.conv2d(x, w, b));
  gradCheck('conv2d options', () => [r64(2, 4, 7, 6), r64(6, 2, 3, 2), r64(6)],
    (x, w, b) => F.conv2d(x, w, b, { stride: [2, 1], padding: [1, 2], dilation: [2, 1], groups: 2 }));
  gradCheck('conv2d same', () => [r64(1, 2, 5, 5), r64(2, 2, 4, 3)], (x, w) => F.conv2d(x, w, null, 1, 'same'));
  gradCheck('conv2d unbatched', () => [r64(2, 5, 5), r64(3, 2, 3, 3), r64(3)], (x, w, b) => F.conv2d(x, w, b, { padding: 1 }));
});

test('F.max_pool2d gradient matches finite differences', () => {
  torch.manual_seed(0);
  gradCheck('max_pool2d', () => [r64(2, 2, 7, 6)], (x) => F.max_pool2d(x, [3, 2], { stride: 2, padding: 1, ceil_mode: true }));
  gradCheck('max_pool2d 2x2', () => [r64(1, 3, 6, 6)], (x) => F.max_pool2d(x, 2));
});

test('float32 conv2d and linear (fast kernels) agree with float64 (reference kernels)', () => {
  torch.manual_seed(0);
  const x = torch.randn(4, 8, 12, 12), w = torch.randn(16, 8, 3, 3), b = torch.randn(16);
  const y32 = F.conv2d(x, w, b, { padding: 1 }), y64 = F.conv2d(x.double(), w.double(), b.double(), { padding: 1 });
  assertAll(y32.flatten().tolist(), y64.flatten().tolist(), 1e-5, 'conv2d');
  const a = torch.randn(64, 300), lw = torch.randn(100, 300);
  assertAll(F.linear(a, lw).flatten().tolist(), F.linear(a.double(), lw.double()).flatten().tolist(), 1e-4, 'linear');
});

test('F.relu: PyTorch\'s signed zeros and NaN rule both ways; inplace; nn.ReLU(inplace)', () => {
  const show = (a) => a.map((v) => (Object.is(v, -0) ? '-0' : v));
  for (const dtype of [torch.float32, torch.float64]) {
    const x = torch.tensor([-0, -3, 0, NaN, 2, -NaN, Infinity, -Infinity], { dtype, requires_grad: true });
    const y = F.relu(x);
    assert.equal(y.grad_fn.name(), 'ReluBackward0');
    // printed by PyTorch 1.13: tensor([-0., 0., 0., nan, 2., nan, inf, 0.]) and grad tensor([0., 0., 0., -1., -0., -1., -1., 0.])
    assert.deepEqual(show(y.tolist()), ['-0', 0, 0, NaN, 2, NaN, Infinity, 0]);
    y.backward(torch.tensor([-1, -1, -1, -1, -0, -1, -1, -1], { dtype }));
    assert.deepEqual(show(x.grad.tolist()), [0, 0, 0, -1, '-0', -1, -1, 0]);
  }
  const t = torch.tensor([-1, 2, -3]);
  assert.equal(F.relu(t.float(), { inplace: true }).tolist().join(), '0,2,0');
  const u = torch.tensor([-1.5, 2.5]);
  assert.equal(new nn.ReLU(true).forward(u), u);
  assert.deepEqual(u.tolist(), [0, 2.5]);
  assert.equal(String(new nn.ReLU({ inplace: true })), 'ReLU(inplace=True)');
});

test('batch-1 linear in a loop: weight gradients added into .grad in one pass equal them written out and accumulated, bit for bit', () => {
  // a char-RNN: the weights are used at every step, so each step's one-row dY^T @ X is added into
  // the .grad zero_grad left (autograd/outer.ts). Through a view of the weight (a node, not the
  // leaf) the same products are written out and accumulated as before. Float32 and float64; grads
  // present (zeroed) and absent (set_to_none); a second backward adding onto the first's grads.
  for (const dtype of [torch.float32, torch.float64]) for (const setToNone of [false, true]) {
    torch.manual_seed(3);
    const i2h = new nn.Linear(57, 128, { dtype }), h2h = new nn.Linear(128, 128, { dtype });
    const xs = Array.from({ length: 6 }, (_, t) => { const x = torch.zeros([1, 57], { dtype }); x.set(0, (7 * t) % 57, 1); return x; });
    const run = (viaView) => {
      for (const m of [i2h, h2h]) m.zero_grad({ set_to_none: setToNone });
      const lin = (m, x) => F.linear(x, viaView ? m.weight.view(m.weight.shape) : m.weight, m.bias);
      for (let rep = 0; rep < 2; rep++) {
        let h = torch.zeros([1, 128], { dtype });
        for (const x of xs) h = torch.tanh(lin(i2h, x).add(lin(h2h, h)));
        h.pow(2).sum().backward();
      }
      return [i2h.weight, i2h.bias, h2h.weight, h2h.bias].map((p) => p.grad.clone());
    };
    const fused = run(false), written = run(true);
    fused.forEach((g, k) => {
      const a = Array.from(g._data), b = Array.from(written[k]._data);
      assert.ok(a.length === b.length && a.every((v, i) => Object.is(v, b[i])), `${dtype} set_to_none=${setToNone} grad ${k}`);
    });
    // and the values are right: float64 against the composed matmul route
    if (dtype === torch.float64) {
      for (const m of [i2h, h2h]) m.zero_grad();
      let h = torch.zeros([1, 128], { dtype });
      for (const x of xs) h = torch.tanh(torch.matmul(x, i2h.weight.t()).add(i2h.bias).add(torch.matmul(h, h2h.weight.t()).add(h2h.bias)));
      h.pow(2).sum().mul(2).backward();
      assertAll(Array.from(h2h.weight.grad._data), Array.from(fused[2]._data), 1e-12, 'float64 h2h weight grad');
      assertAll(Array.from(i2h.weight.grad._data), Array.from(fused[0]._data), 1e-12, 'float64 i2h weight grad');
    }
  }
});
