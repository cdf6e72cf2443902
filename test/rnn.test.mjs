// nn.RNN / LSTM / GRU, the cells and nn.utils.rnn against PyTorch 1.13 (test/fixtures/cases_rnn.json,
// made by tools/fixtures_rnn.py): initial parameters for a seed, outputs, final states, dropout
// masks, gradients of the input, the initial states and every parameter, packed sequences, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { make } from './support/fixture_tensors.mjs';

const nn = torch.nn, U = torch.nn.utils.rnn;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/cases_rnn.json', import.meta.url), 'utf8'));

function close(got, want, tol, what) {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const g = got.flatten().tolist(), w = want.data;
  for (let i = 0; i < w.length; i++)
    if (!(Math.abs(g[i] - w[i]) <= tol * (1 + Math.abs(w[i])))) assert.fail(`${what}[${i}]: ${g[i]} != ${w[i]}`);
}

/** Runs a module case: construction after manual_seed, forward after fwd_seed, backward of the weighted sum. */
function runModule(c) {
  const f64 = c.dtype === 'float64';
  const tol = f64 ? 1e-10 : 3e-5;
  torch.manual_seed(c.seed);
  const m = new nn[c.cls](...c.args, { ...c.kwargs, ...(f64 ? { dtype: torch.float64 } : {}) });
  const named = [...m.named_parameters()];
  assert.deepEqual(named.map(([n]) => n), c.params.map(([n]) => n), 'parameter names and order');
  // initial parameters: PyTorch's exact draws
  named.forEach(([n, p], i) => assert.deepEqual(p.flatten().tolist(), c.params[i][1].data, `initial ${n}`));
  m.train(c.train);
  const x = make(c.input);
  const hx = c.hx ? c.hx.map(make) : null;
  let arg = x;
  if (c.packed) {
    arg = U.pack_padded_sequence(x, c.packed.lengths, { batch_first: c.packed.batch_first ?? false, enforce_sorted: c.packed.enforce_sorted });
  }
  torch.manual_seed(c.fwd_seed);
  let outs;
  if (c.cls.endsWith('Cell')) {
    const r = m(arg, hx === null ? null : c.cls === 'LSTMCell' ? hx : hx[0]);
    outs = Array.isArray(r) ? r : [r];
  } else {
    const [out, h] = m(arg, hx === null ? null : c.cls === 'LSTM' ? hx : hx[0]);
    outs = [c.packed ? out.data : out, ...(Array.isArray(h) ? h : [h])];
  }
  assert.equal(outs.length, c.outs.length);
  outs.forEach((o, i) => close(o, c.outs[i], tol, `out ${i}`));
  if (c.cls.endsWith('Cell')) outs.forEach((o, i) => assert.equal(o.grad_fn.name(), c.grad_fns[i], `grad_fn ${i}`));
  let loss = null;
  outs.forEach((o, i) => { const s = o.mul(make(c.weights[i])).sum(); loss = loss ? loss.add(s) : s; });
  loss.backward();
  close(x.grad, c.grads.input, tol, 'input.grad');
  if (hx) hx.forEach((h, i) => close(h.grad, c.grads.hx[i], tol, `hx[${i}].grad`));
  named.forEach(([n, p], i) => close(p.grad, c.grads.params[i][1], tol, `${n}.grad`));
}

for (const c of fixture.cases.filter((k) => k.kind === 'module'))
  test(`${c.cls}: ${c.name} matches PyTorch (parameters, outputs, gradients)`, () => runModule(c));

// ---- errors and warnings: the same call as the Python one the fixture ran ----
const run = (js, env = {}) => {
  const names = ['torch', 'nn', 'U', 'randn', ...Object.keys(env)];
  return new Function(...names, `return ${js};`)(torch, nn, U, (...s) => torch.randn(...s), ...Object.values(env));
};
for (const c of fixture.cases.filter((k) => k.kind === 'error'))
  test(`error: ${c.name}: ${c.type}`, () => {
    assert.throws(() => run(c.js), (e) => { assert.equal(e.name, c.type); assert.equal(e.message, c.message); return true; });
  });
for (const c of fixture.cases.filter((k) => k.kind === 'warning'))
  test(`warning: ${c.name}`, () => {
    const seen = [];
    torch.setWarningHandler((m) => seen.push(m));
    try { run(c.js); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
    assert.deepEqual(seen, [c.message]);
  });

// ---- nn.utils.rnn: values, batch sizes, indices, grad_fn names, gradients ----
for (const c of fixture.cases.filter((k) => k.kind === 'util'))
  test(`nn.utils.rnn: ${c.name} matches PyTorch`, () => {
    const xs = c.inputs.map(make);
    const env = Object.fromEntries(xs.map((x, i) => [c.inputs.length === 1 ? 'x' : 'abc'[i], x]));
    const res = run(c.js, env);
    const flat = (Array.isArray(res) ? res : [res]).flatMap((r) => r instanceof U.PackedSequence ? [...r] : [r]);
    assert.equal(flat.length, c.outs.length);
    let loss = null;
    flat.forEach((t, i) => {
      const want = c.outs[i];
      if (want === null) { assert.equal(t, null, `out ${i} is None`); return; }
      assert.equal(t.dtype, torch[want.dtype], `out ${i} dtype`);
      close(t, want, 1e-6, `out ${i}`);
      assert.equal(t.grad_fn ? t.grad_fn.name().replace('torch::autograd::', '') : null, c.grad_fns[i], `grad_fn ${i}`);
      if (c.weights[i]) { const s = t.mul(make(c.weights[i])).sum(); loss = loss ? loss.add(s) : s; }
    });
    loss.backward();
    xs.forEach((x, i) => close(x.grad, c.grads[i], 1e-6, `grad ${i}`));
  });

for (const c of fixture.cases.filter((k) => k.kind === 'repr'))
  test(`repr: ${c.text}`, () => { torch.setWarningHandler(() => {}); try { assert.equal(String(run(c.js)), c.text); } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); } });

test('an in-place change to a weight between forward and backward raises PyTorch\'s error (LSTM saves W_hh^T)', () => {
  const m = new nn.LSTM(3, 4);
  const [o] = m(torch.randn(2, 1, 3));
  torch.no_grad(() => m.weight_hh_l0.add_(1));
  assert.throws(() => o.sum().backward(), (e) => {
    assert.equal(e.name, 'RuntimeError');
    // PyTorch 1.13's text for the same program
    assert.equal(e.message, 'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
      '[torch.FloatTensor [4, 16]], which is output 0 of AsStridedBackward0, is at version 2; expected version 1 instead. ' +
      'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).');
    return true;
  });
});

test('state_dict keys, shapes and all_weights follow PyTorch\'s order; load_state_dict round-trips', () => {
  const m = new nn.LSTM(2, 3, { num_layers: 2, bidirectional: true, proj_size: 1 });
  const keys = [...m.state_dict().keys()];
  const want = [];
  for (const l of [0, 1]) for (const s of ['', '_reverse']) want.push(...['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh', 'weight_hr'].map((n) => `${n}_l${l}${s}`));
  assert.deepEqual(keys, want);
  assert.deepEqual(m.weight_ih_l1.shape, [12, 2]);
  assert.deepEqual(m.weight_hr_l0_reverse.shape, [1, 3]);
  assert.deepEqual(m.all_weights.map((ws) => ws.length), [5, 5, 5, 5]);
  const m2 = new nn.LSTM(2, 3, { num_layers: 2, bidirectional: true, proj_size: 1 });
  m2.load_state_dict(m.state_dict());
  const x = torch.randn(3, 2, 2);
  assert.deepEqual(m2(x)[0].tolist(), m(x)[0].tolist());
});

test('gradients through packed sequences reach the lengths\' rows only; padding gets zero gradient', () => {
  const x = torch.randn(4, 2, 3, { requires_grad: true });
  const m = new nn.GRU(3, 2);
  const [out, h] = m(U.pack_padded_sequence(x, [4, 2]));
  out.data.sum().add(h.sum()).backward();
  assert.deepEqual(x.grad.get('2:', 1).tolist(), [[0, 0, 0], [0, 0, 0]]);
  assert.ok(x.grad.get(':2', 1).abs().sum().item() > 0);
});
