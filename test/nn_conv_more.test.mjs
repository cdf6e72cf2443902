// nn.Conv1d / F.conv1d and nn.ConvTranspose2d / F.conv_transpose2d against PyTorch 1.13
// (test/fixtures/cases_nn_conv_more.json, from tools/fixtures_nn_conv_more.py): initial parameters
// for a seed, outputs and gradients for input, weight and bias, output_size, reprs and errors; and
// conv_transpose2d as the adjoint of conv2d.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { make } from './support/fixture_tensors.mjs';
import { close, errorsMatch } from './support/fixture_assert.mjs';

const nn = torch.nn, F = torch.nn.functional;
const FX = JSON.parse(readFileSync(new URL('./fixtures/cases_nn_conv_more.json', import.meta.url), 'utf8'));

const leaf = (s) => make(s).requires_grad_(true);

for (const c of FX.init) {
  test(`${c.repr} (${c.dtype}) after manual_seed(${c.seed}) holds PyTorch's parameters`, () => {
    torch.manual_seed(c.seed);
    const m = new nn[c.cls](...c.args, { ...c.kwargs, ...(c.dtype === 'float64' ? { dtype: torch.float64 } : {}) });
    assert.equal(String(m), c.repr);
    const sd = m.state_dict();
    assert.deepEqual([...sd.keys()], Object.keys(c.params));
    // float64 uniform_: PyTorch's AVX2 kernel fuses the scaling into one FMA, so the last bit may differ
    for (const [k, v] of Object.entries(c.params)) close(sd.get(k), v, k, c.dtype === 'float64' ? 1e-15 : 0);
  });
}

for (const c of FX.functional) {
  test(`F.${c.fn} ${c.id}: output and gradients for input, weight and bias`, () => {
    const x = leaf(c.input), w = leaf(c.weight), b = c.bias ? leaf(c.bias) : null;
    const y = F[c.fn](x, w, b, c.kwargs);
    assert.equal(y.grad_fn.name(), c.grad_fn);
    close(y, c.output, 'output');
    y.backward(make(c.grad_output));
    close(x.grad, c.grads.input, 'input grad');
    close(w.grad, c.grads.weight, 'weight grad');
    if (b) close(b.grad, c.grads.bias, 'bias grad');
  });
}

test('F.conv1d and F.conv_transpose2d take their options positionally in PyTorch\'s order', () => {
  const c1 = FX.functional.find((c) => c.id === 'all_f64' && c.fn === 'conv1d');
  const k = c1.kwargs;
  close(F.conv1d(make(c1.input), make(c1.weight), make(c1.bias), k.stride, k.padding, k.dilation, k.groups), c1.output, 'conv1d');
  const ct = FX.functional.find((c) => c.id === 'all_f64' && c.fn === 'conv_transpose2d');
  const t = ct.kwargs; // conv_transpose2d puts groups before dilation
  close(F.conv_transpose2d(make(ct.input), make(ct.weight), make(ct.bias), t.stride, t.padding, t.output_padding, t.groups, t.dilation), ct.output, 'conv_transpose2d');
});

for (const c of FX.output_size) {
  test(`ConvTranspose2d forward(input, output_size) ${c.id}`, () => {
    torch.manual_seed(c.seed);
    const m = new nn.ConvTranspose2d(...c.args, c.kwargs);
    const x = leaf(c.input);
    const y = m(x, { output_size: c.output_size });
    close(y, c.output, 'output');
    y.backward(make(c.grad_output));
    close(x.grad, c.grads.input, 'input grad');
    close(m.weight.grad, c.grads.weight, 'weight grad');
    close(m.bias.grad, c.grads.bias, 'bias grad');
    close(m.forward(make(c.input), c.output_size), c.output, 'positional output_size');
  });
}

for (const c of FX.padding_mode) {
  test(`${c.module} padding_mode ${c.id}: F.pad then an unpadded convolution`, () => {
    torch.manual_seed(c.seed);
    const m = new nn[c.module](...c.args, c.kwargs);
    assert.equal(String(m), c.repr);
    const x = leaf(c.input);
    const y = m(x);
    close(y, c.output, 'output');
    y.backward(make(c.grad_output));
    close(x.grad, c.grads.input, 'input grad');
    close(m.weight.grad, c.grads.weight, 'weight grad');
    close(m.bias.grad, c.grads.bias, 'bias grad');
  });
}

test('conv_transpose2d is the adjoint of conv2d: <conv2d(x, w), y> = <x, conv_transpose2d(y, w)>', () => {
  torch.manual_seed(3);
  const f64 = { dtype: torch.float64 };
  for (const [stride, padding, dilation, groups] of [[1, 0, 1, 1], [2, 1, 1, 1], [3, 2, 2, 2], [[2, 1], [0, 1], [1, 2], 2]]) {
    const x = torch.randn(2, 4, 9, 8, f64), w = torch.randn(6, 4 / groups, 3, 2, f64);
    const cx = F.conv2d(x, w, null, stride, padding, dilation, groups);
    const y = torch.randn(...cx.shape, f64);
    // output_padding recovers the rows the strided conv2d dropped
    const sizeH = (9 + 2 * [padding].flat()[0] - [dilation].flat()[0] * 2 - 1) % [stride].flat()[0];
    const sizeW = (8 + 2 * [padding].flat().at(-1) - [dilation].flat().at(-1) * 1 - 1) % [stride].flat().at(-1);
    const ty = F.conv_transpose2d(y, w, null, stride, padding, [sizeH, sizeW], groups, dilation);
    assert.deepEqual(ty.shape, x.shape);
    const lhs = cx.mul(y).sum().item(), rhs = x.mul(ty).sum().item();
    assert.ok(Math.abs(lhs - rhs) < 1e-9 * (1 + Math.abs(lhs)), `${lhs} vs ${rhs}`);
  }
});

test('Conv1d equals Conv2d over a height of 1 with the same weights', () => {
  torch.manual_seed(5);
  const c1 = new nn.Conv1d(3, 4, 3, { stride: 2, padding: 1 });
  const x = torch.randn(2, 3, 9);
  const y2 = F.conv2d(x.unsqueeze(2), c1.weight.unsqueeze(2), c1.bias, [1, 2], [0, 1]).squeeze(2);
  const y1 = c1(x);
  const a = y1.flatten().tolist(), b = y2.flatten().tolist();
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5, `${v} vs ${b[i]}`));
});

const x4 = () => torch.randn(2, 4, 5, 5), w4 = () => torch.randn(4, 3, 3, 3);
const ERRORS = {
  ct_input_dim: () => F.conv_transpose2d(torch.randn(2, 4, 5), w4()),
  ct_input_dim5: () => F.conv_transpose2d(torch.randn(1, 2, 4, 5, 5), w4()),
  ct_input_2d: () => F.conv_transpose2d(torch.randn(4, 5), w4()),
  ct_channels: () => F.conv_transpose2d(torch.randn(2, 3, 5, 5), w4()),
  ct_groups_channels: () => F.conv_transpose2d(x4(), w4(), { groups: 3 }),
  ct_bias: () => F.conv_transpose2d(x4(), w4(), torch.randn(4)),
  ct_outpad: () => F.conv_transpose2d(x4(), w4(), { output_padding: 1 }),
  ct_neg_pad: () => F.conv_transpose2d(x4(), w4(), { padding: -1 }),
  ct_stride0: () => F.conv_transpose2d(x4(), w4(), { stride: 0 }),
  ct_dilation0: () => F.conv_transpose2d(x4(), w4(), { dilation: 0 }),
  ct_weight_dim: () => F.conv_transpose2d(x4(), torch.randn(4, 3, 3)),
  ct_weight_1d: () => F.conv_transpose2d(x4(), torch.randn(4)),
  ct_too_small: () => F.conv_transpose2d(torch.randn(1, 4, 1, 1), w4(), { padding: 2 }),
  ct_stride_list3: () => F.conv_transpose2d(x4(), w4(), { stride: [1, 2, 3] }),
  ct_dtype: () => F.conv_transpose2d(x4().double(), w4()),
  ct_neg_outpad: () => F.conv_transpose2d(x4(), w4(), { output_padding: -1 }),
  ct_groups0: () => F.conv_transpose2d(x4(), w4(), { groups: 0 }),
  c1_input_dim: () => F.conv1d(torch.randn(2, 3, 4, 5), torch.randn(2, 3, 2)),
  c1_input_1d: () => F.conv1d(torch.randn(5), torch.randn(2, 3, 2)),
  c1_channels: () => F.conv1d(torch.randn(2, 4, 5), torch.randn(2, 3, 2)),
  c1_weight_dim: () => F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2, 2)),
  c1_too_small: () => F.conv1d(torch.randn(2, 3, 2), torch.randn(2, 3, 4)),
  c1_bias: () => F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), torch.randn(3)),
  c1_stride_list2: () => F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), { stride: [1, 2] }),
  c1_same_stride: () => F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), { stride: 2, padding: 'same' }),
  c1_groups: () => F.conv1d(torch.randn(2, 4, 5), torch.randn(3, 2, 2), { groups: 2 }),
  c1_dilation0: () => F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), { dilation: 0 }),
  c1_neg_pad: () => F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), { padding: -1 }),
  c1_bias_dtype: () => F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), torch.randn(2, { dtype: torch.float64 })),
  ct_bias_dtype: () => F.conv_transpose2d(torch.randn(2, 3, 5, 5), torch.randn(3, 2, 2, 2), torch.randn(2, { dtype: torch.float64 })),
  c1_dtype: () => F.conv1d(torch.randn(2, 3, 5, { dtype: torch.float64 }), torch.randn(2, 3, 2)),
  m_ct_outsize: () => new nn.ConvTranspose2d(4, 3, 3, { stride: 2 })(x4(), { output_size: [20, 20] }),
  m_ct_outsize_len: () => new nn.ConvTranspose2d(4, 3, 3, { stride: 2 })(x4(), { output_size: [11] }),
  m_ct_padmode: () => new nn.ConvTranspose2d(4, 3, 3, { padding_mode: 'reflect' }),
  m_ct_groups: () => new nn.ConvTranspose2d(4, 3, 3, { groups: 2 }),
  m_c1_groups: () => new nn.Conv1d(4, 3, 3, { groups: 2 }),
  m_c1_in_groups: () => new nn.Conv1d(3, 4, 3, { groups: 2 }),
  m_c1_groups0: () => new nn.Conv1d(3, 4, 3, { groups: 0 }),
  m_c1_same_stride: () => new nn.Conv1d(4, 3, 3, { stride: 2, padding: 'same' }),
  m_c1_input: () => new nn.Conv1d(4, 3, 3)(torch.randn(2, 3, 5)),
};

test('errors: PyTorch\'s classes and messages', () => errorsMatch(ERRORS, FX.errors));
