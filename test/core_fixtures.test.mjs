// Tensor core against PyTorch-generated fixtures (tools/gen_core_fixtures.py): the RNG streams
// and tensor ops with their gradients.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/core.json', import.meta.url), 'utf8'));
const DT = { float32: torch.float32, float64: torch.float64, int64: torch.int64, bool: torch.bool };
const make = (s, rg = false) => torch.tensor(s.data, { dtype: DT[s.dtype] }).reshape(s.shape).requires_grad_(rg);

function assertClose(got, spec, what, loose = false) {
  assert.deepEqual(got.shape, spec.shape, `${what}: shape`);
  assert.equal(got.dtype, DT[spec.dtype], `${what}: dtype`);
  const g = [got.tolist()].flat(Infinity);
  const [at, rt] = spec.dtype === 'float64' && !loose ? [1e-12, 1e-10] : [1e-6, 1e-5];
  spec.data.forEach((e, i) => {
    if (Number.isNaN(e)) assert.ok(Number.isNaN(g[i]), `${what}[${i}]`);
    else assert.ok(Math.abs(g[i] - e) <= at + rt * Math.abs(e), `${what}[${i}]: ${g[i]} != ${e}`);
  });
}

for (const { seed, draws } of fx.rng) {
  test(`rng stream for manual_seed(${seed}) matches PyTorch`, () => {
    torch.manual_seed(seed);
    for (const { kind, args, expect } of draws) {
      let t;
      if (kind === 'randn') t = torch.randn(...args);
      else if (kind === 'randn_f64') t = torch.randn(...args, { dtype: torch.float64 });
      else if (kind === 'rand') t = torch.rand(...args);
      else if (kind === 'rand_f64') t = torch.rand(...args, { dtype: torch.float64 });
      else if (kind === 'randint') t = torch.randint(args[0], args[1], args[2]);
      else if (kind === 'randperm') t = torch.randperm(args[0]);
      // integer draws exactly; normals within float rounding of log/cos/sin
      if (expect.dtype === 'int64') assert.deepEqual([t.tolist()].flat(Infinity), expect.data, `${kind}(${args})`);
      else assertClose(t, expect, `${kind}(${JSON.stringify(args)})`);
    }
  });
}

const other = (d) => (d === 'float32' ? torch.float64 : torch.float32);
const OPS = {
  add_bcast: (a, b) => a.add(b), add_alpha: (a, b) => a.add(b, { alpha: 2.5 }), sub_bcast: (a, b) => a.sub(b),
  mul_bcast: (a, b) => a.mul(b), div_bcast: (a, b) => a.div(b), mul_scalar: (a, s) => a.mul(s), pow_scalar: (a, s) => a.pow(s),
  exp: (a) => a.exp(), log: (a) => a.log(), neg: (a) => a.neg(), sqrt: (a) => a.sqrt(), sigmoid: (a) => a.sigmoid(),
  tanh: (a) => a.tanh(), relu: (a) => a.relu(), clamp: (a) => a.clamp(-0.5, 0.7), sum_all: (a) => a.sum(),
  sum_dim1: (a) => a.sum(1), sum_dims_keep: (a) => a.sum([0, 2], { keepdim: true }), mean_all: (a) => a.mean(),
  mean_dim_neg: (a) => a.mean(-1), max_all: (a) => a.max(), max_dim: (a) => a.max(1)[0],
  max_dim_keep: (a) => a.max(0, true).values, matmul_2d: (a, b) => a.matmul(b), matmul_1d_2d: (a, b) => a.matmul(b),
  matmul_2d_1d: (a, b) => a.matmul(b), matmul_dot: (a, b) => a.matmul(b), matmul_batched_bcast: (a, b) => a.matmul(b),
  permute: (a) => a.permute(2, 0, 1), transpose: (a) => a.transpose(0, 2), reshape: (a) => a.reshape(4, -1).mul(2),
  flatten: (a) => a.flatten(1).mul(2), unsqueeze_squeeze: (a) => a.unsqueeze(1).squeeze(1).mul(3),
  chain: (a, b) => a.mul(b).exp().sum(1).log().sub(a.mean()).div(3), reuse: (a) => a.mul(a).add(a.exp().mul(a)),
  to_other: (a) => a.to(other(a.dtype.name)).mul(2),
  mixed_f32_f64: (a, b) => a.mul(b), zero_dim_f64_with_f32: (a, b) => a.mul(b), int_div: (a, b) => a.div(b),
  int_add: (a, b) => a.add(b), int_sum: (a) => a.sum(), int_mul_float_scalar: (a, s) => a.mul(s),
  argmax_dim: (a) => a.argmax(1), argmax_all: (a) => a.argmax(), eq_sum: (a, b) => a.eq(b).sum(),
};

for (const c of fx.ops) {
  test(`op ${c.name} matches PyTorch`, () => {
    const key = c.name.replace(/_(float32|float64)$/, '');
    const fn = OPS[key];
    assert.ok(fn, `no op for ${key}`);
    const leaves = c.inputs.map((s) => ('value' in s ? s.value : make(s, !!c.grads && s.dtype.startsWith('float'))));
    const y = fn(...leaves);
    assertClose(y, c.expect, 'value');
    if (c.grads) {
      y.mul(make(c.grad_output)).sum().backward();
      // PyTorch computes the gradient of a 0-dim float64 operand of a float32 op in float32 (then casts)
      const loose = c.name === 'zero_dim_f64_with_f32';
      for (const [i, g] of Object.entries(c.grads)) assertClose(leaves[i].grad, g, `grad${i}`, loose);
    }
  });
}
