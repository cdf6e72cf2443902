// Writes into views that used to go astray: nn.init on non-contiguous views, x.set with a value
// carrying leading size-1 dims, and index_select's refusal of negative indices. Expected values
// are PyTorch 1.13's (printed by the snippets in the comments).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';

const near = (got, want) => got.flat(Infinity).forEach((v, i) => assert.ok(Math.abs(v - want.flat(Infinity)[i]) < 1e-6, `${i}: ${v} vs ${want.flat(Infinity)[i]}`));

test('nn.init writes a view where it lies in its base, drawing in row-major order', () => {
  // torch.manual_seed(0); w = torch.zeros(4, 4); nn.init.uniform_(w[:, 1:3])
  torch.manual_seed(0);
  const w = torch.zeros(4, 4);
  torch.nn.init.uniform_(w.get(':', '1:3'));
  near(w.tolist(), [[0, 0.49625658988952637, 0.7682217955589294, 0], [0, 0.08847743272781372, 0.13203048706054688, 0],
    [0, 0.30742281675338745, 0.6340786814689636, 0], [0, 0.4900934100151062, 0.8964447379112244, 0]]);
  // torch.manual_seed(0); w = torch.zeros(3, 2).t(); nn.init.normal_(w)
  torch.manual_seed(0);
  const t = torch.zeros(3, 2).t();
  torch.nn.init.normal_(t);
  near(t.tolist(), [[1.5409960746765137, -2.1787893772125244, -1.0845223665237427], [-0.293428897857666, 0.5684312582015991, -1.3985954523086548]]);
  // w = torch.zeros(3, 3).t(); nn.init.eye_(w[:2]); w.t()
  const e = torch.zeros(3, 3).t();
  torch.nn.init.eye_(e.get(':2'));
  assert.deepEqual(e.t().tolist(), [[1, 0, 0], [0, 1, 0], [0, 0, 0]]);
  const c = torch.zeros(2, 3);
  torch.nn.init.constant_(c.t(), 2);
  assert.deepEqual(c.tolist(), [[2, 2, 2], [2, 2, 2]]);
});

test('x.set drops the value\'s leading size-1 dims, as __setitem__ does', () => {
  const z = torch.zeros(2, 3);
  z.set(0, torch.ones(1, 3));
  assert.deepEqual(z.tolist(), [[1, 1, 1], [0, 0, 0]]);
  const a = torch.zeros(2, 3);
  a.set([0, 1], torch.ones(1, 1, 3)); // z[[0, 1]] = torch.ones(1, 1, 3)
  assert.deepEqual(a.tolist(), [[1, 1, 1], [1, 1, 1]]);
  // y = x * 1; y[0:3] = v * 2 with v of shape (1, 1, 3): v.grad is 2 everywhere, in v's shape
  const x = torch.zeros(3, { requires_grad: true }), v = torch.ones(1, 1, 3, { requires_grad: true });
  const y = x.mul(1);
  y.set('0:3', v.mul(2));
  y.sum().backward();
  assert.deepEqual(v.grad.tolist(), [[[2, 2, 2]]]);
  // a value that does not fit still fails with expand's message
  assert.throws(() => torch.zeros(2, 3).set(0, torch.ones(2, 3)), (e) => e instanceof torch.RuntimeError
    && e.message === 'expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)');
});

test('index_select refuses negative indices with 1.13\'s errors', () => {
  const x = torch.arange(24, { dtype: torch.float32 }).reshape(2, 3, 4);
  const idx = (v) => torch.tensor(v);
  for (const [dim, bad] of [[0, -1], [0, 2], [2, -1], [2, 4]])
    assert.throws(() => x.index_select(dim, idx([bad])), (e) => e instanceof torch.IndexError && e.message === 'index out of range in self', `${dim} ${bad}`);
  // the CPU kernel for dim 1 speaks for itself
  assert.throws(() => x.index_select(1, idx([0, -1])), (e) => e instanceof torch.RuntimeError && e.message === 'INDICES element is out of DATA bounds, id=-1 axis_dim=3');
  assert.throws(() => torch.index_select(torch.arange(5), 0, idx([-1])), (e) => e instanceof torch.IndexError);
  assert.deepEqual(x.index_select(2, idx([3, 0])).get(0, 0).tolist(), [3, 0]);
});
