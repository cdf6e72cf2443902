// float32 torch.norm / sum / mean and clip_grad_norm_ agree with PyTorch 1.13's CPU results bit for
// bit (its summation order: fixtures from tools/fixtures_norm_exact.py, 1 thread, AVX2), except a
// float32 sum / mean of one output over >= 32768 elements, whose 1.13 bits depend on its threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/norm_exact.json', import.meta.url), 'utf8'));

/** The generator's inputs: x[i] = fround((u_i - 0.5) * scale + shift), u_i = (i * 2654435761 mod 2^32) / 2^32. */
function make(shape, scale, shift) {
  const n = shape.reduce((a, b) => a * b, 1), d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = ((Math.imul(i, 2654435761 | 0) >>> 0) / 2 ** 32 - 0.5) * scale + shift;
  return torch.tensor(Array.from(d), { dtype: torch.float32 }).reshape(shape);
}
const P = (p) => (p === 'inf' ? Infinity : p === '-inf' ? -Infinity : p);

const ulp = (v) => { const a = Math.abs(Math.fround(v)); return Math.fround(a * (1 + 2 ** -23)) - a || 2 ** -149; };

/**
 * Bit equality; for a general p only up to one float32 ulp in under 1% of the outputs: 1.13 takes
 * |x|^p and the final root from glibc's powf, which rounds a value within ~1e-3 ulp of a halfway
 * point the other way now and then (torchlet rounds the float64 power correctly).
 */
function check(c, out) {
  const got = Array.from(out.reshape(-1)._data);
  assert.equal(got.length, c.out.length);
  const general = c.op === 'norm' && ![1, 2, 'inf', '-inf'].includes(c.p);
  let bad = 0, near = 0, first = -1;
  for (let i = 0; i < got.length; i++) {
    if (Object.is(got[i], Math.fround(c.out[i]))) continue;
    if (general && Math.abs(got[i] - c.out[i]) <= ulp(c.out[i])) { near++; continue; }
    bad++; if (first < 0) first = i;
  }
  assert.ok(near <= Math.max(1, got.length / 100), `${c.op} p=${c.p} dim=${c.dim} shape=${c.shape} scale=${c.scale}: ${near} of ${got.length} 1 ulp off`);
  assert.equal(bad, 0, `${c.op} p=${c.p} dim=${JSON.stringify(c.dim)} shape=${c.shape} scale=${c.scale}: ${bad} differ, first [${first}] ${got[first]} vs ${c.out[first]}`);
}

for (const op of ['norm', 'sum', 'mean']) {
  test(`float32 ${op} matches PyTorch 1.13 bit for bit`, () => {
    const inputs = new Map();
    for (const c of fx.cases.filter((c) => c.op === op)) {
      const key = `${c.shape}|${c.scale}|${c.shift}`;
      if (!inputs.has(key)) inputs.set(key, make(c.shape, c.scale, c.shift));
      const x = inputs.get(key);
      const out = op === 'norm' ? (c.dim === null ? torch.norm(x, P(c.p)) : torch.norm(x, P(c.p), c.dim))
        : c.dim === null ? torch[op](x) : torch[op](x, c.dim);
      if (op !== 'norm' && out.numel() === 1 && x.numel() >= 32768) {
        // 1.13 splits such a sum over its threads (bits then depend on its thread count); torchlet
        // takes its fast float64-lane sum there: close to the 1-thread result, not equal to it
        const bound = 1e-6 * x.abs().sum().item() / (op === 'mean' ? x.numel() : 1); // float32 rounding of sum |x|
        assert.ok(Math.abs(out.item() - c.out[0]) <= bound, `${op} ${c.shape}: ${out.item()} vs ${c.out[0]} (bound ${bound})`);
        continue;
      }
      check(c, out);
    }
  });
}

test('clip_grad_norm_ gives PyTorch 1.13\'s total norm and clipped gradients', () => {
  const params = fx.clip.shapes.map((shape, k) => {
    const p = torch.zeros(shape, { requires_grad: true });
    p.grad = make(shape, 0.01 * (k + 1), 0.001 * k);
    return p;
  });
  const total = torch.nn.utils.clip_grad_norm_(params, 0.25);
  assert.equal(total.item(), fx.clip.total);
  params.forEach((p, k) => assert.deepEqual(Array.from(p.grad.reshape(-1)._data.slice(0, 50)), fx.clip.grads[k]));
});

test('the 2-norm of a contiguous float32 run keeps its 1.13 rounding (not the float64 truth)', () => {
  // 1.13: 0.8354215621948242 for randn(2794, 200) * 0.001 + 0.0005 after manual_seed(0); float64 truth 0.835424827937048
  torch.manual_seed(0);
  const x = torch.randn(2794, 200).mul(0.001).add(0.0005);
  assert.equal(torch.norm(x).item(), 0.8354215621948242);
  assert.equal(x.norm().item(), 0.8354215621948242);
});

test('F.normalize and F.cosine_similarity take the same float32 norm kernels', () => {
  // 1.13: torch.manual_seed(0); x = torch.randn(37, 300) * 0.01 + 0.003; the sums below
  torch.manual_seed(0);
  const x = torch.randn(37, 300).mul(0.01).add(0.003), F = torch.nn.functional;
  assert.equal(torch.norm(x, 2, -1).sum().item(), 6.664770603179932);
  assert.equal(F.normalize(x, { dim: -1 }).sum().item(), 176.2473602294922);
  assert.equal(F.cosine_similarity(x, x.flip(0), 1).sum().item(), 3.8012170791625977);
});
