// torchlet's side of the small-op section (bench/small_ops_section.mjs): per-call time of everyday
// ops on small tensors (128 elements, 4 x 32, batch-4 layers), autograd recording included where
// an input requires grad, as a batch-1 or small-batch training loop calls them. The same jobs, with
// the same names and shapes, are in bench/torch_small_ops.py. Prints one JSON line per job:
// {"job", "us"}: the 2nd-fastest of 7 timed loops of N calls each, after a warm-up of 2000 calls.
// usage: node bench/small_ops.mjs [--quick]
import * as torch from 'torchlet';

const F = torch.nn.functional, nn = torch.nn;
const quick = process.argv.includes('--quick');
torch.manual_seed(0);
const a = torch.randn(128, { requires_grad: true }), b = torch.randn(128, { requires_grad: true }), mask = a.gt(0);
const m = torch.randn(4, 32, { requires_grad: true }), idx = torch.tensor([0, 5, 7, 9]);
const W = torch.randn(128, 128, { requires_grad: true }), x1 = torch.randn(1, 128);
const logits = torch.randn(4, 18, { requires_grad: true }), tgt = torch.tensor([3, 1, 0, 17]);
const lin = new nn.Linear(32, 32), cell = new nn.LSTMCell(32, 32), gcell = new nn.GRUCell(32, 32), ln = new nn.LayerNorm(32), emb = new nn.Embedding(100, 32);
const x32 = torch.randn(4, 32), h0 = torch.zeros(4, 32), c0 = torch.zeros(4, 32);
const B = torch.randn(4, 8, 8, { requires_grad: true }), C = torch.randn(4, 8, 8);
const params = [...lin.parameters()], sgd = new torch.optim.SGD(params, { lr: 0.01 }), adam = new torch.optim.Adam(params, { lr: 0.01 });
lin(x32).sum().backward();

export const JOBS = {
  add: () => a.add(b), mul_scalar: () => a.mul(2), exp: () => a.exp(), tanh: () => a.tanh(), sigmoid: () => a.sigmoid(), relu: () => a.relu(),
  lt: () => a.lt(b), where: () => torch.where(mask, a, b), clamp: () => a.clamp(-1, 1), pow: () => a.pow(2),
  sum: () => a.sum(), mean_dim: () => m.mean(1), max_dim: () => m.max(1), argmax: () => m.argmax(1), norm: () => a.norm(),
  view: () => a.view(2, 64), narrow: () => a.narrow(0, 0, 64), cat: () => torch.cat([a, b]), stack: () => torch.stack([a, b]),
  index_select: () => a.index_select(0, idx), gather: () => m.gather(1, idx.view(4, 1)), masked_fill: () => a.masked_fill(mask, 0), t_contiguous: () => m.t().contiguous(),
  matvec: () => x1.matmul(W), bmm: () => torch.bmm(B, C), linear: () => lin(x32),
  softmax: () => F.softmax(m, 1), log_softmax: () => F.log_softmax(logits, 1), cross_entropy: () => F.cross_entropy(logits, tgt), nll_loss: () => F.nll_loss(logits, tgt),
  layer_norm: () => ln(m), embedding: () => emb(idx), lstm_cell: () => cell(x32, [h0, c0]), gru_cell: () => gcell(x32, h0),
  tanh_backward: () => a.tanh().sum().backward(), softmax_backward: () => F.softmax(m, 1).sum().backward(),
  sgd_step: () => sgd.step(), adam_step: () => adam.step(),
};

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const N = quick ? 2000 : 10000;
  for (const [job, f] of Object.entries(JOBS)) {
    for (let i = 0; i < 2000; i++) f();
    const ts = [];
    for (let r = 0; r < 7; r++) { const t0 = process.hrtime.bigint(); for (let i = 0; i < N; i++) f(); ts.push(Number(process.hrtime.bigint() - t0) / N / 1e3); }
    ts.sort((x, y) => x - y);
    console.log(JSON.stringify({ job, us: +ts[1].toFixed(3) }));
  }
}
