// Strided views and Python indexing against PyTorch 1.13 (test/fixtures/cases_views.json, written by
// tools/fixtures_views.py): shapes, strides, storage offsets, contiguity, values, grad_fn names,
// storage sharing and gradients of each chain of view ops and x[idx]; x[idx] = v; PyTorch's errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/cases_views.json', import.meta.url), 'utf8'));

/** A fixture index element in torchlet's spelling; slices alternate between torch.slice and strings. */
function decodeIndex(i, asString) {
  if (i === null || typeof i === 'number' || typeof i === 'boolean' || i === '...') return i;
  if (i.slice) {
    const [a, b, c] = i.slice;
    if (!asString) return torch.slice(a, b, c);
    const p = (v) => (v === null ? '' : String(v));
    return c === null ? `${p(a)}:${p(b)}` : `${p(a)}:${p(b)}:${p(c)}`;
  }
  if (i.tensor !== undefined) {
    const dtype = { int64: torch.int64, bool: torch.bool, float32: torch.float32 }[i.dtype];
    return torch.tensor(i.tensor, { dtype }).reshape(i.shape);
  }
  if (i.list) return i.list;
  throw new Error(`unknown index ${JSON.stringify(i)}`);
}
function apply(t, call, asString) {
  if (call.op === 'get') return t.get(...call.index.map((i) => decodeIndex(i, asString)));
  if (call.op === 'T' || call.op === 'mT') return t[call.op];
  return t[call.op](...call.args);
}
const label = (c) => `${JSON.stringify(c.shape)} ${[...c.pre, ...c.calls].map((k) => (k.op === 'get' ? `[${JSON.stringify(k.index)}]` : `${k.op}(${JSON.stringify(k.args).slice(1, -1)})`)).join('.')}`;

for (const asString of [false, true]) {
  test(`views and x.get(...) match PyTorch: ${fixtures.views.length} cases (slices as ${asString ? "strings '1:3'" : 'torch.slice(1, 3)'})`, () => {
    for (const c of fixtures.views) {
      const name = label(c);
      const n = c.shape.reduce((a, b) => a * b, 1);
      const base = torch.arange(n, { dtype: torch.float64 }).reshape(c.shape).requires_grad_();
      let x;
      const run = () => {
        x = base.mul(1);
        for (const k of c.pre) x = apply(x, k, asString);
        let out = x;
        for (const k of c.calls) out = apply(out, k, asString);
        return Array.isArray(out) ? out[out.length - 1] : out;
      };
      if (c.error) {
        assert.throws(run, (e) => e.name === c.error[0] && e.message === c.error[1], `${name}: expected ${c.error.join(': ')}`);
        continue;
      }
      const out = run();
      const e = c.expect;
      assert.deepEqual(out.shape, e.shape, `${name}: shape`);
      assert.deepEqual(out.stride(), e.stride, `${name}: stride`);
      assert.equal(out.is_contiguous(), e.contiguous, `${name}: is_contiguous`);
      assert.deepEqual(out.reshape(-1).tolist(), e.values, `${name}: values`);
      assert.equal(out.grad_fn?.name() ?? null, e.grad_fn, `${name}: grad_fn`);
      assert.equal(out._storage === x._storage, e.shares, `${name}: shares storage`);
      if (e.shares) assert.equal(out.storage_offset(), e.offset, `${name}: storage_offset`);
      if (e.grad) {
        const w = torch.arange(1, out.numel() + 1, { dtype: torch.float64 }).reshape(out.shape);
        out.mul(w).sum().backward();
        assert.deepEqual(base.grad.reshape(-1).tolist(), e.grad, `${name}: gradient`);
      }
    }
  });
}

test(`x.set(...idx, value) matches PyTorch's x[idx] = value: ${fixtures.set.length} cases`, () => {
  for (const c of fixtures.set) {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const x = torch.arange(n, { dtype: torch.float64 }).reshape(c.shape);
    const v = typeof c.value === 'number' ? c.value : torch.tensor(c.value.tensor, { dtype: torch.float64 }).reshape(c.value.shape);
    const name = `${JSON.stringify(c.shape)}[${JSON.stringify(c.index)}] = ${JSON.stringify(c.value)}`;
    const run = () => x.set(...c.index.map((i) => decodeIndex(i, false)), v);
    if (c.error) {
      assert.throws(run, (e) => e.name === c.error[0] && e.message === c.error[1], `${name}: expected ${c.error.join(': ')}`);
      assert.deepEqual(x.reshape(-1).tolist(), Array.from({ length: n }, (_, i) => i), `${name}: nothing written on error`);
      continue;
    }
    run();
    assert.deepEqual(x.reshape(-1).tolist(), c.expect, name);
  }
});

test('in-place ops on views write into the base; the base\'s writes show through its views', () => {
  const x = torch.zeros(3, 4);
  x.narrow(0, 1, 1).fill_(1);
  x.select(1, 3).add_(2);
  x.t().get(0).mul_(0).add_(5);
  x.get(':', '1:3').get('::2').copy_(torch.tensor([[7, 8]], { dtype: torch.float32 }));
  assert.deepEqual(x.tolist(), [[5, 7, 8, 2], [5, 1, 1, 3], [5, 7, 8, 2]]);
  const v = x.get(2);
  x.zero_();
  assert.deepEqual(v.tolist(), [0, 0, 0, 0]);
  // a non-contiguous view written from an overlapping source reads it before writing
  const y = torch.arange(4, { dtype: torch.float32 }).reshape(2, 2);
  y.copy_(y.t());
  assert.deepEqual(y.tolist(), [[0, 2], [1, 3]]);
});

test('strides, contiguous() and storage_offset() as PyTorch reports them', () => {
  const x = torch.zeros(2, 3, 4);
  assert.deepEqual(x.stride(), [12, 4, 1]);
  assert.equal(x.stride(-1), 1);
  assert.deepEqual(torch.zeros(3, 0).stride(), [1, 1]);
  const t = x.transpose(0, 2);
  assert.equal(t.is_contiguous(), false);
  const c = t.contiguous();
  assert.equal(c.is_contiguous(), true);
  assert.deepEqual(c.stride(), [6, 2, 1]);
  assert.equal(x.contiguous(), x);
  assert.equal(x.get(1, '1:').storage_offset(), 16);
});

test('nonzero and its as_tuple form', () => {
  const m = torch.tensor([[0, 1.5, 0], [2, 0, 3]]);
  assert.deepEqual(torch.nonzero(m).tolist(), [[0, 1], [1, 0], [1, 2]]);
  assert.deepEqual(m.nonzero({ as_tuple: true }).map((t) => t.tolist()), [[0, 1, 1], [1, 0, 2]]);
  assert.deepEqual(torch.nonzero(torch.tensor(5), { as_tuple: true }).map((t) => t.tolist()), [[0]]);
  assert.equal(torch.nonzero(m).dtype, torch.int64);
});
