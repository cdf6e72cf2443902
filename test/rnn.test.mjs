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
