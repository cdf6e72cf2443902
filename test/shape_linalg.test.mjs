// Shape ops, factories and linear algebra against PyTorch-generated cases
// (tools/fixtures_shape_linalg.py): each case is one call, torch.<fn>(...) or tensor.<fn>(...),
// checked for values (linspace bit for bit), shapes, dtypes, strides, grad_fn names, gradients and
// warnings, or for PyTorch's error class and message; arguments must come back unchanged.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/cases_shape_linalg.json', import.meta.url), 'utf8'));
const DT = { float32: torch.float32, float64: torch.float64, int64: torch.int64, bool: torch.bool };
const SPECIAL = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const num = (v) => (typeof v === 'string' ? SPECIAL[v] : v === true ? 1 : v === false ? 0 : v);

function tensorOf(s) {
  return torch.tensor(s.data.map(num), { dtype: DT[s.dtype] }).reshape(s.shape);
}
/** The call's arguments; every tensor leaf lands in `leaves`, in order, as the generator counted them. */
function decode(a, leaves) {
  if (Array.isArray(a)) return a.map((x) => decode(x, leaves));
  if (a === null || typeof a !== 'object') return a;
  if ('t' in a) {
    const leaf = tensorOf(a.t);
    if (a.t.requires_grad) leaf.requires_grad_(true);
    leaves.push({ leaf, spec: a.t });
    return a.view ? leaf[a.view[0]](...a.view.slice(1)) : leaf;
  }
  if ('dtype' in a) return DT[a.dtype];
  if ('float' in a) return { inf: Infinity, '-inf': -Infinity, nan: NaN }[a.float];
  throw new Error(`unknown argument ${JSON.stringify(a)}`);
}

function assertTensor(got, spec, what, exact = false) {
  assert.ok(got instanceof torch.Tensor, `${what}: not a Tensor`);
  assert.deepEqual(got.shape, spec.shape, `${what}: shape`);
  assert.equal(got.dtype, DT[spec.dtype], `${what}: dtype`);
  if (spec.strides) assert.deepEqual(got.stride(), spec.strides, `${what}: strides`);
  const g = [got.tolist()].flat(Infinity).map(Number);
  const f32 = spec.dtype === 'float32';
  const [at, rt] = exact ? [0, 0] : spec.dtype === 'float64' ? [1e-12, 1e-10] : f32 ? [1e-6, 1e-5] : [0, 0];
  spec.data.map(num).forEach((v, i) => {
    const e = f32 ? Math.fround(v) : v; // float32 values are stored with the fewest digits that round to them
    if (Number.isNaN(e)) assert.ok(Number.isNaN(g[i]), `${what}[${i}]: ${g[i]} is not NaN`);
    else if (!Number.isFinite(e) || exact) assert.equal(g[i], e, `${what}[${i}]`);
    else assert.ok(Math.abs(g[i] - e) <= at + rt * Math.abs(e), `${what}[${i}]: ${g[i]} != ${e}`);
  });
}

function call(c, args, kw) {
  const rest = Object.keys(kw).length ? [kw] : [];
  if (c.call === 'method') return args[0][c.fn](...args.slice(1), ...rest);
  return torch[c.fn](...args, ...rest);
}

for (const c of fx.cases) {
  test(`${c.fn}: ${c.id}`, () => {
    const leaves = [];
    const args = decode(c.args, leaves);
    const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v, leaves)]));
    const warned = [];
    torch.setWarningHandler((m) => warned.push(m));
    const ex = c.expect;
    try {
      if (ex.error) {
        assert.throws(() => call(c, args, kw), (e) => {
          assert.equal(e.name, ex.error.type, `error class (${e.message})`);
          if (ex.error.message !== null) assert.equal(e.message, ex.error.message);
          return true;
        });
      } else {
        const out = call(c, args, kw);
        const outs = ex.list ? out : [out];
        if (ex.list) assert.ok(Array.isArray(out), 'an array of tensors');
        (ex.list ?? [ex.tensor]).forEach((s, i) => assertTensor(outs[i], s, `output ${i}`, c.exact));
        assert.deepEqual(outs.map((o) => o.grad_fn?.name() ?? null), ex.grad_fn, 'grad_fn');
        assert.deepEqual(outs.map((o) => o.requires_grad), ex.requires_grad, 'requires_grad');
        if (ex.grads) {
          let loss = null;
          outs.forEach((o, i) => {
            if (!o.grad_fn) return;
            const term = o.mul(tensorOf(c.grad_output[i])).sum();
            loss = loss === null ? term : loss.add(term);
          });
          loss.backward();
          ex.grads.forEach((g, i) => {
            if (g === null) assert.equal(leaves[i].leaf.grad, null, `grad ${i} stays None`);
            else assertTensor(leaves[i].leaf.grad, { ...g, strides: undefined }, `grad ${i}`);
          });
        }
      }
      assert.deepEqual(warned, c.warns, 'warnings');
    } finally {
      torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`));
    }
    // nothing the caller passed is changed
    leaves.forEach(({ leaf, spec }, i) => assertTensor(leaf.detach(), spec, `argument ${i} after the call`));
  });
}

test('the fixtures cover every op of the group', () => {
  const fns = new Set(fx.cases.map((c) => c.fn));
  for (const f of ['flip', 'roll', 'repeat', 'tile', 'repeat_interleave', 'tril', 'triu', 'diag', 'eye', 'linspace', 'meshgrid',
    'new_zeros', 'new_ones', 'new_full', 'new_empty', 'new_tensor', 'outer', 'dot', 'mv', 'mm', 'bmm', 'baddbmm', 'addmm',
    'einsum', 'matmul']) assert.ok(fns.has(f), f);
});

test('linspace ends exactly at start and end (the second half counts back from end)', () => {
  for (const dtype of [torch.float32, torch.float64]) {
    const t = torch.linspace(-1.3, 2.9, 1001, { dtype });
    assert.equal(t.get(0).item(), dtype.cast(-1.3));
    assert.equal(t.get(-1).item(), dtype.cast(2.9));
  }
});

test('matmul of float32 blocks through the fast GEMM equals the float64 product within float32 rounding', () => {
  torch.manual_seed(3);
  const a = torch.randn(3, 64, 96), b = torch.randn(96, 80);
  const got = a.matmul(b), ref = a.double().matmul(b.double());
  const g = got.reshape(-1).tolist(), r = ref.reshape(-1).tolist();
  g.forEach((v, i) => assert.ok(Math.abs(v - r[i]) <= 1e-4 * (1 + Math.abs(r[i])), `${i}: ${v} vs ${r[i]}`));
  assert.equal(got.grad_fn, null);
});

test('products of transposed views (a.t(), a.mT) go to the GEMM with transpose flags: same bits and gradients as of contiguous copies', () => {
  torch.manual_seed(4);
  const same = (x, y, what) => {
    const p = x.contiguous().reshape(-1).tolist(), q = y.contiguous().reshape(-1).tolist();
    assert.deepEqual(x.shape, y.shape, `${what}: shape`);
    p.forEach((v, i) => assert.ok(Object.is(v, q[i]), `${what}[${i}]: ${v} vs ${q[i]}`));
  };
  for (const dtype of [torch.float32, torch.float64]) {
    // 70 x 600 @ 600 x 40 takes the tiled kernel; 3 x 5 @ 5 x 7 the small one
    for (const [M, K, N] of [[70, 600, 40], [3, 5, 7]]) {
      const A = torch.randn(K, M, { dtype }), B = torch.randn(N, K, { dtype }), C = torch.randn(M, N, { dtype });
      const a = A.t(), b = B.t(), ac = a.contiguous(), bc = b.contiguous();
      same(torch.mm(a, b), torch.mm(ac, bc), `mm ${M}x${K}x${N}`);
      same(torch.mm(a, bc), torch.mm(ac, bc), 'mm (a.t(), b)');
      same(torch.matmul(ac, b), torch.mm(ac, bc), 'matmul (a, b.t())');
      same(torch.addmm(C, a, b, { beta: 0.5, alpha: 2 }), torch.addmm(C, ac, bc, { beta: 0.5, alpha: 2 }), 'addmm');
      same(torch.mv(a, B.select(0, 0)), torch.mv(ac, B.select(0, 0)), 'mv');
      const X = torch.randn(2, K, M, { dtype }), Y = torch.randn(2, N, K, { dtype });
      same(torch.bmm(X.mT, Y.mT), torch.bmm(X.mT.contiguous(), Y.mT.contiguous()), 'bmm of mT');
      const a1 = A.clone().requires_grad_(true), b1 = B.clone().requires_grad_(true);
      torch.mm(a1.t(), b1.t()).mul(C).sum().backward();
      const a2 = ac.clone().requires_grad_(true), b2 = bc.clone().requires_grad_(true);
      torch.mm(a2, b2).mul(C).sum().backward();
      same(a1.grad.t(), a2.grad, 'grad of a.t()');
      same(b1.grad.t(), b2.grad, 'grad of b.t()');
    }
  }
});
