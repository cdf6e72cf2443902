// The indexing ops against PyTorch 1.13 (test/fixtures/cases_index_ops.json, written by
// tools/fixtures_index_ops.py): values, shapes, dtypes, grad_fn names, gradients, the in-place
// forms' results and PyTorch's errors, through torchlet's spelling (options object for keywords).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/cases_index_ops.json', import.meta.url), 'utf8'));
const dtypes = { float32: torch.float32, float64: torch.float64, int64: torch.int64, bool: torch.bool };

function decode(v) {
  if (v === null || typeof v !== 'object') return v;
  if (v.list) return v.list.map(decode);
  const t = torch.tensor(v.t, { dtype: dtypes[v.dtype] }).reshape(v.shape);
  return v.grad ? t.requires_grad_() : t;
}
const close = (a, b) => a.length === b.length && a.every((v, i) => v === b[i] || Math.abs(v - b[i]) <= 1e-12 * Math.max(1, Math.abs(b[i])));

test(`indexing ops match PyTorch: ${cases.length} cases`, () => {
  for (const c of cases) {
    const args = c.args.map(decode);
    const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v)]));
    const call = () => {
      const extra = Object.keys(kw).length ? [kw] : [];
      const out = c.method ? args[0][c.op](...args.slice(1), ...extra) : torch[c.op](...args, ...extra);
      return Array.isArray(out) ? out[0] : out;
    };
    const name = `${c.op}(${JSON.stringify(c.args).slice(0, 160)})`;
    // PyTorch's harness also ran the backward, so an error may come from there
    const callAndBackward = () => {
      const out = call();
      if (out.requires_grad) out.mul(torch.arange(1, out.numel() + 1, { dtype: out.dtype }).reshape(out.shape)).sum().backward();
    };
    if (c.error) {
      assert.throws(callAndBackward, (e) => e.name === c.error[0] && e.message === c.error[1], `${name}: expected ${c.error.join(': ')}`);
      continue;
    }
    const out = call(), e = c.expect;
    assert.deepEqual(out.shape, e.shape, `${name}: shape`);
    assert.equal(out.dtype.name, e.dtype, `${name}: dtype`);
    assert.ok(close(out.reshape(-1).tolist().map(Number), e.values), `${name}: values ${out.reshape(-1).tolist()} vs ${e.values}`);
    assert.equal(out.grad_fn?.name() ?? null, e.grad_fn, `${name}: grad_fn`);
    if (e.grads) {
      const w = torch.arange(1, out.numel() + 1, { dtype: out.dtype }).reshape(out.shape);
      out.mul(w).sum().backward();
      e.grads.forEach((g, i) => { if (g) assert.ok(close(args[i].grad.reshape(-1).tolist(), g), `${name}: gradient of argument ${i}`); });
    }
    if (e.inplace || e.inplace_error) {
      const x = args[0].detach().clone();
      const rest = args.slice(1).map((a) => (a instanceof torch.Tensor ? a.detach() : Array.isArray(a) ? a.map((t) => t.detach()) : a));
      const run = () => x[`${c.op}_`](...rest, ...(Object.keys(kw).length ? [kw] : []));
      if (e.inplace_error?.[0] === 'AttributeError') assert.equal(x[`${c.op}_`], undefined, `${name}: no in-place form`);
      else if (e.inplace_error) assert.throws(run, (err) => err.name === e.inplace_error[0] && err.message === e.inplace_error[1], `${name}: in-place error`);
      else { run(); assert.ok(close(x.reshape(-1).tolist().map(Number), e.inplace), `${name}: in place`); }
    }
  }
});
