// nn.LayerNorm / F.layer_norm, nn.MultiheadAttention / F.multi_head_attention_forward and the
// Transformer modules against PyTorch 1.13 (test/fixtures/cases_nn_attention.json, made by
// tools/fixtures_nn_attention.py): initial parameters for a seed (bit for bit), outputs and attention
// weights, gradients of inputs and parameters, dropout masks in training, the eval fast paths, and
// PyTorch's error classes and texts. Plus laws: layer_norm's gradient against finite differences in
// float64, all layers of a stack starting identical, the state_dict names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { make, num } from './support/fixture_tensors.mjs';

const nn = torch.nn, F = torch.nn.functional;
const FIX = JSON.parse(readFileSync(new URL('./fixtures/cases_nn_attention.json', import.meta.url), 'utf8'));
torch.setWarningHandler(() => {});

function close(got, want, tol, what) {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const g = got.flatten().tolist(), w = want.data.map(num);
  for (let i = 0; i < w.length; i++) {
    const a = g[i], b = w[i];
    if (Number.isNaN(b) ? !Number.isNaN(a) : !(a === b || Math.abs(a - b) <= tol * (1 + Math.abs(b))))
      assert.fail(`${what}[${i}]: ${a} != ${b}`);
  }
}
const tolOf = (dtype) => (dtype === 'float64' ? 1e-10 : 2e-5);
function throwsLike(fn, { type, message }) {
  assert.throws(fn, (e) => { assert.equal(e.name, type); assert.equal(e.message, message); return true; });
}
/** A fixture spec's values as the tensor holds them (float32 data is written with 9 digits). */
const values = (s) => s.data.map(num).map(s.dtype === 'float32' ? Math.fround : (v) => v);
const arg = (a, named) => ('ref' in a ? named[a.ref] : 'tensor' in a ? make(a.tensor) : a.value);

// ---- F.layer_norm ----
for (const c of FIX.layer_norm) {
  test(`F.layer_norm ${c.id}: output and gradients of input, weight and bias`, () => {
    const x = make(c.input), w = c.weight && make(c.weight), b = c.bias && make(c.bias);
    const out = F.layer_norm(x, c.normalized_shape, w, b, c.eps);
    const tol = tolOf(c.input.dtype);
    close(out, c.out, tol, 'out');
    assert.equal(out.grad_fn.name(), 'NativeLayerNormBackward0');
    out.mul(make(c.grad_output)).sum().backward();
    close(x.grad, c.grad_input, tol * 5, 'grad input');
    if (w) close(w.grad, c.grad_weight, tol * 5, 'grad weight');
    if (b) close(b.grad, c.grad_bias, tol * 5, 'grad bias');
  });
}

test('F.layer_norm errors: PyTorch\'s classes and texts', () => {
  for (const c of FIX.layer_norm_errors) {
    const a = Object.fromEntries(Object.entries(c.args).map(([k, v]) => [k, arg(v, {})]));
    const { input, normalized_shape, ...rest } = a;
    throwsLike(() => F.layer_norm(input, normalized_shape, rest), c.error);
  }
});

test('F.layer_norm: gradient equals central finite differences (float64)', () => {
  torch.manual_seed(3);
  const x = torch.randn(2, 3, 4, { dtype: torch.float64 });
  const w = torch.randn(3, 4, { dtype: torch.float64 }), b = torch.randn(3, 4, { dtype: torch.float64 });
  const g = torch.randn(2, 3, 4, { dtype: torch.float64 });
  const loss = (xx) => F.layer_norm(xx, [3, 4], w, b, 1e-5).mul(g).sum().item();
  const xr = x.clone().requires_grad_(true);
  F.layer_norm(xr, [3, 4], w, b, 1e-5).mul(g).sum().backward();
  const data = x.flatten().tolist(), grad = xr.grad.flatten().tolist(), h = 1e-6;
  for (let i = 0; i < data.length; i += 5) {
    const at = (d) => loss(torch.tensor(data.map((v, j) => (j === i ? v + d : v)), { dtype: torch.float64 }).reshape(2, 3, 4));
    assert.ok(Math.abs((at(h) - at(-h)) / (2 * h) - grad[i]) < 1e-6, `element ${i}`);
  }
});

test('nn.LayerNorm: parameters, repr, int or list shapes, no affine', () => {
  const ln = new nn.LayerNorm([3, 4]);
  assert.deepEqual([...ln.state_dict().keys()], ['weight', 'bias']);
  assert.deepEqual(ln.weight.shape, [3, 4]);
  assert.ok(ln.weight.flatten().tolist().every((v) => v === 1) && ln.bias.flatten().tolist().every((v) => v === 0));
  assert.equal(String(ln), 'LayerNorm((3, 4), eps=1e-05, elementwise_affine=True)');
  assert.equal(String(new nn.LayerNorm(4, { eps: 1e-3, elementwise_affine: false })), 'LayerNorm((4,), eps=0.001, elementwise_affine=False)');
  const plain = new nn.LayerNorm(5, 1e-6, false);
  assert.equal(plain.weight, null);
  assert.equal([...plain.parameters()].length, 0);
  throwsLike(() => new nn.LayerNorm(4)(torch.randn(3, 5)),
    { type: 'RuntimeError', message: 'Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[3, 5]' });
});

// ---- modules ----
/** Constructor keywords; {"fn": name} is a callable activation, F.<name>. */
const ctorKw = (kw) => Object.fromEntries(Object.entries(kw).map(([k, v]) => [k, v && typeof v === 'object' && 'fn' in v ? F[v.fn] : v]));
function buildModule(c) {
  const opts = c.converted ? { dtype: torch.float64 } : {};
  if (c.ctor === 'TransformerEncoder' || c.ctor === 'TransformerDecoder') {
    const [[lc, la, lk], n, norm] = c.args;
    const layer = new nn[lc](...la, { ...ctorKw(lk), ...opts });
    return new nn[c.ctor](layer, n, norm ? new nn.LayerNorm(norm, opts) : null, c.kwargs);
  }
  return new nn[c.ctor](...c.args, { ...ctorKw(c.kwargs), ...opts });
}

/** Compares outputs (null where PyTorch returned None), then backpropagates sum(out_i * grad_output_i). */
function checkOutputs(c, outs, tol) {
  assert.equal(outs.length, c.outputs.length);
  outs.forEach((o, i) => (c.outputs[i] === null ? assert.equal(o, null, `output ${i}`) : close(o, c.outputs[i], tol, `output ${i}`)));
  if (c.grad_fns) assert.deepEqual(outs.map((o) => o?.grad_fn?.name() ?? null), c.grad_fns, 'grad_fn names');
  if (!c.grad_outputs) return false;
  let loss = null;
  outs.forEach((o, i) => {
    if (o === null) return;
    const term = o.mul(make(c.grad_outputs[i])).sum();
    loss = loss ? loss.add(term) : term;
  });
  loss.backward();
  return true;
}
const gradsClose = (expected, byName, tol) => {
  for (const [k, g] of Object.entries(expected))
    if (g === null) assert.equal(byName[k].grad, null, `grad ${k}`);
    else close(byName[k].grad, g, tol, `grad ${k}`);
};

for (const c of FIX.modules) {
  test(`${c.ctor} ${c.id}: parameters for seed ${c.seed}, outputs${c.grads ? ', gradients' : ''}`, () => {
    torch.manual_seed(c.seed);
    const m = buildModule(c);
    assert.deepEqual([...m.named_parameters()].map(([n]) => n), c.param_names);
    if (c.converted) {
      // PyTorch built this one in float32 and called .double(): load those values
      m.load_state_dict(new Map(Object.entries(c.params).map(([k, v]) => [k, make(v)])));
    } else {
      for (const [n, p] of m.named_parameters()) assert.deepEqual(p.flatten().tolist(), values(c.params[n]), `param ${n}`);
    }
    m.train(c.train);
    const named = Object.fromEntries(Object.entries(c.tensors).map(([k, v]) => [k, make(v)]));
    const args = c.call_args.map((a) => arg(a, named));
    const kw = Object.fromEntries(Object.entries(c.call_kwargs).map(([k, v]) => [k, arg(v, named)]));
    if (c.fwd_seed !== null) torch.manual_seed(c.fwd_seed);
    const run = () => m(...args, kw);
    const out = c.no_grad ? torch.no_grad(run) : run();
    const tol = tolOf(c.dtype);
    if (!checkOutputs(c, Array.isArray(out) ? out : [out], tol)) return;
    gradsClose(c.grads, named, tol * 10);
    gradsClose(c.param_grads, Object.fromEntries(m.named_parameters()), tol * 10);
  });
}

for (const c of FIX.functional) {
  test(`F.multi_head_attention_forward ${c.id}: outputs and gradients`, () => {
    const named = Object.fromEntries(Object.entries(c.tensors).map(([k, v]) => [k, make(v)]));
    const args = c.call_args.map((a) => arg(a, named));
    const kw = Object.fromEntries(Object.entries(c.call_kwargs).map(([k, v]) => [k, arg(v, named)]));
    if (c.fwd_seed !== null) torch.manual_seed(c.fwd_seed);
    checkOutputs(c, F.multi_head_attention_forward(...args, kw), 2e-5);
    gradsClose(c.grads, named, 2e-4);
  });
}

test('module errors: PyTorch\'s classes and texts', () => {
  torch.manual_seed(0);
  const m = new nn.MultiheadAttention(8, 2);
  const x = torch.randn(5, 2, 8);
  for (const c of FIX.module_errors) {
    let fn;
    if (c.ctor) fn = () => new nn[c.ctor[0]](...c.ctor[1], c.ctor[2]);
    else if (c.kw) {
      const q = c.x_shape ? torch.randn(c.x_shape) : x;
      fn = () => m(q, q, q, { [c.kw]: arg(c.mask, {}) });
    }
    else if (c.query4d) fn = () => m(x.unsqueeze(0), x.unsqueeze(0), x.unsqueeze(0));
    else if (c.key2d) fn = () => m(x, x.get(0), x.get(0));
    else if (c.embed6) fn = () => m(torch.randn(5, 2, 6), torch.randn(5, 2, 6), torch.randn(5, 2, 6));
    else if (c.value4) fn = () => m(x, x, torch.randn(4, 2, 8));
    else if (c.transformer) {
      const t = new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 8 });
      fn = () => t(torch.randn(c.transformer[0]), torch.randn(c.transformer[1]));
    } else assert.fail(`unknown error case ${c.id}`);
    throwsLike(fn, c.error);
  }
});

test('nn.Transformer as word_language_model builds it: parameters and the generator after construction', () => {
  const w = FIX.wlm_init;
  torch.manual_seed(w.seed);
  const t = new nn.Transformer(w.kwargs);
  const names = [...t.named_parameters()].map(([n]) => n);
  assert.equal(names.length, w.param_count);
  assert.deepEqual(names.slice(0, 6), w.first_names);
  assert.deepEqual(names.slice(-4), w.last_names);
  assert.deepEqual(t.encoder.layers.at(0).self_attn.in_proj_weight.get(0).tolist(), values(w.encoder_in_proj_weight_0));
  assert.deepEqual(t.decoder.layers.at(5).linear2.weight.get(0).tolist(), values(w.decoder_last_linear2_weight_0));
  assert.deepEqual(torch.rand(4).tolist(), values(w.rand_after));
});

test('Transformer.generate_square_subsequent_mask(4) is PyTorch\'s', () => {
  const m = nn.Transformer.generate_square_subsequent_mask(4);
  assert.deepEqual(m.flatten().tolist(), values(FIX.square_subsequent_mask_4));
});

test('TransformerEncoder deep-copies its layer: all layers start identical and are independent', () => {
  torch.manual_seed(0);
  const layer = new nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 8 });
  const enc = new nn.TransformerEncoder(layer, 3);
  const sd = enc.state_dict();
  assert.equal(sd.size, 3 * 12);
  for (const [k, v] of layer.state_dict())
    for (let i = 0; i < 3; i++) {
      const p = sd.get(`layers.${i}.${k}`);
      assert.deepEqual(p.tolist(), v.tolist());
      assert.notEqual(p.data_ptr?.() ?? p, v);
    }
  enc.layers.at(0).linear1.weight.detach().fill_(0);
  assert.notDeepEqual(enc.layers.at(1).linear1.weight.tolist(), enc.layers.at(0).linear1.weight.tolist());
  assert.notDeepEqual(layer.linear1.weight.tolist(), enc.layers.at(0).linear1.weight.tolist());
  assert.equal(enc.layers.length, 3);
});

test('TransformerEncoderLayer: an activation module is a child (named "activation") and computes as the string form', () => {
  torch.manual_seed(4);
  const a = new nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 6, dropout: 0, activation: new nn.ReLU() });
  torch.manual_seed(4);
  const b = new nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 6, dropout: 0, activation: 'relu' });
  assert.deepEqual([...a.named_modules()].map(([n]) => n).slice(-1), ['activation']);
  assert.deepEqual([...a.state_dict().keys()], [...b.state_dict().keys()]);
  assert.equal(a.activation_relu_or_gelu, 1);
  const x = torch.randn(3, 2, 4);
  assert.deepEqual(a(x).tolist(), b(x).tolist());
  const enc = new nn.TransformerEncoder(a, 2);
  assert.notEqual(enc.layers.at(0).activation, a.activation);
  assert.ok(enc.layers.at(1).activation instanceof nn.ReLU);
});

test('MultiheadAttention: positional and keyword calls agree; inputs are not mutated', () => {
  torch.manual_seed(2);
  const m = new nn.MultiheadAttention(4, 2, 0.0, true);
  const x = torch.randn(3, 2, 4), kpm = torch.tensor([[false, false, true], [false, false, false]]);
  const before = x.tolist();
  const [o1, w1] = m(x, x, x, kpm, true, null, false);
  const [o2, w2] = m(x, x, x, { key_padding_mask: kpm, average_attn_weights: false });
  assert.deepEqual(o1.tolist(), o2.tolist());
  assert.deepEqual(w1.shape, [2, 2, 3, 3]);
  assert.deepEqual(w1.tolist(), w2.tolist());
  assert.deepEqual(x.tolist(), before);
  // the padded key gets no weight
  assert.ok(w1.get(0).flatten().tolist().filter((_, i) => i % 3 === 2).every((v) => v === 0));
  assert.equal(String(m), 'MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)\n)');
});

test('nn.Transformer: a state_dict loads into another Transformer of the same shape, which then computes the same', () => {
  const kw = { d_model: 4, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 2, dim_feedforward: 6, dropout: 0 };
  torch.manual_seed(1);
  const a = new nn.Transformer(kw);
  torch.manual_seed(2);
  const b = new nn.Transformer(kw);
  const src = torch.randn(5, 2, 4), tgt = torch.randn(3, 2, 4);
  assert.notDeepEqual(a(src, tgt).tolist(), b(src, tgt).tolist());
  b.load_state_dict(a.state_dict());
  assert.deepEqual(a(src, tgt).tolist(), b(src, tgt).tolist());
  assert.ok([...a.state_dict().keys()].includes('decoder.layers.1.multihead_attn.out_proj.weight'));
  assert.ok([...a.state_dict().keys()].includes('encoder.norm.weight'));
});

test('three SGD steps through nn.Transformer\'s encoder with dropout and a causal log-mask give PyTorch\'s losses', () => {
  const r = FIX.training_run;
  torch.manual_seed(r.seed);
  const model = new nn.Transformer({ d_model: 8, nhead: 2, dim_feedforward: 16, num_encoder_layers: 2, dropout: 0.2 });
  const head = new nn.Linear(8, 11);
  // drawn as the generator draws them, so that the dropout masks come from the same state
  const x = torch.randn(6, 3, 8), target = torch.randint(0, 11, [18]);
  assert.deepEqual(x.flatten().tolist(), values(r.x));
  assert.deepEqual(target.tolist(), values(r.target));
  const mask = torch.log(torch.tril(torch.ones(6, 6)));
  const params = [...model.parameters(), ...head.parameters()];
  const losses = [];
  for (let step = 0; step < 3; step++) {
    for (const p of params) p.grad = null;
    const out = head(model.encoder(x, { mask })).view(-1, 11);
    const loss = F.nll_loss(F.log_softmax(out, -1), target);
    loss.backward();
    torch.no_grad(() => { for (const p of params) if (p.grad) p.sub_(p.grad.mul(0.5)); });
    losses.push(loss.item());
  }
  losses.forEach((l, i) => assert.ok(Math.abs(l - r.losses[i]) <= 1e-5 * Math.abs(r.losses[i]), `loss ${i}: ${l} != ${r.losses[i]}`));
  assert.deepEqual(torch.rand(3).tolist(), values(r.rand_after));
});

test('reprs are PyTorch\'s (ModuleList of layers, NonDynamicallyQuantizableLinear, LayerNorm eps)', () => {
  const r = FIX.reprs;
  assert.equal(String(new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 8, activation: 'gelu' }), 2, new nn.LayerNorm(4))), r.encoder);
  assert.equal(String(new nn.TransformerDecoderLayer(4, 2, { dim_feedforward: 8, dropout: 0.25, layer_norm_eps: 1e-6 })), r.decoder_layer);
  assert.equal(String(new nn.MultiheadAttention(4, 2, { kdim: 3, vdim: 5, bias: false })), r.mha_kdim);
});

test('TransformerEncoder deep-copies any layer module, containers included (nn.ModuleList inside a custom layer)', () => {
  class Layer extends nn.Module {
    constructor() { super(); this.blocks = new nn.ModuleList([new nn.Linear(3, 3), new nn.Linear(3, 3)]); }
    forward(x) { for (const b of this.blocks) x = b(x); return x; }
  }
  torch.manual_seed(0);
  const layer = new Layer();
  const enc = new nn.TransformerEncoder(layer, 2);
  assert.ok(enc.layers instanceof nn.ModuleList);
  assert.deepEqual([...enc.state_dict().keys()].slice(0, 4), ['layers.0.blocks.0.weight', 'layers.0.blocks.0.bias', 'layers.0.blocks.1.weight', 'layers.0.blocks.1.bias']);
  const copy = enc.layers.at(1);
  assert.equal(copy.blocks.length, 2);
  assert.notEqual(copy.blocks.at(0), layer.blocks.at(0));
  assert.deepEqual(copy.blocks.at(0).weight.tolist(), layer.blocks.at(0).weight.tolist());
  copy.blocks.at(0).weight.detach().fill_(1);
  assert.notDeepEqual(layer.blocks.at(0).weight.tolist(), copy.blocks.at(0).weight.tolist());
  const x = torch.randn(2, 3);
  assert.deepEqual(enc.layers.at(0)(x).tolist(), layer(x).tolist());
});
