// `npm run bench`'s training section, torchlet's side: the jobs of bench/torch_training.py on the
// same shapes, one JSON line each (TORCHLET_NUM_THREADS sets the threads; bench/losses.mjs runs
// this at 1 and 2 threads and PyTorch beside it, and prints the ratios).
//   net_step   one training step of the MNIST example's Net (batch 64, Adadelta lr=1.0): samples/s
//   char_rnn   10 steps of h = tanh(i2h(x) + h2h(h)) (input 57 one-hot, hidden 128, batch 1), Linear
//              to 18, log_softmax, nll_loss, zero_grad, backward through all steps: ms per sequence
//   ew128      a.mul(b) on 128 elements with a.requires_grad (autograd recording included): us
//   mm <label> torch.mm at the Net's fc1 shapes and 1024^3: GFLOP/s
// usage: node bench/training.mjs [--quick]
import * as torch from 'torchlet';
import { Net } from '../dist/examples/mnist_parts.js';

const F = torch.nn.functional;
const quick = process.argv.includes('--quick');
const threads = Number(process.env.TORCHLET_NUM_THREADS) || 0;
const emit = (job, o) => console.log(JSON.stringify({ job, threads, peer: 'torchlet', ...o }));
const tick = () => new Promise((r) => setImmediate(r)); // between calls, as an application between steps

async function medianS(fn, reps, warm) {
  for (let i = 0; i < warm; i++) { fn(); await tick(); }
  const ts = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); ts.push((performance.now() - t0) / 1e3); await tick(); }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
}
const loop = (fn, n) => () => { for (let i = 0; i < n; i++) fn(); };

torch.manual_seed(1);
const net = new Net(), opt = new torch.optim.Adadelta(net.parameters(), { lr: 1.0 });
net.train();
const xb = torch.randn([64, 1, 28, 28]), yb = torch.randint(0, 10, [64]);
const netStep = () => { opt.zero_grad(); const loss = F.nll_loss(net(xb), yb); loss.backward(); opt.step(); };
let s = await medianS(netStep, quick ? 5 : 11, 3);
emit('net_step', { ms: s * 1e3, samples_per_s: 64 / s });

const H = 128, I = 57, O = 18;
const i2h = new torch.nn.Linear(I, H), h2h = new torch.nn.Linear(H, H), h2o = new torch.nn.Linear(H, O);
const xs = Array.from({ length: 10 }, (_, t) => { const x = torch.zeros([1, I]); x._data[(7 * t) % I] = 1; return x; });
const target = torch.tensor([3]);
const charRnn = () => {
  let h = torch.zeros([1, H]);
  for (const x of xs) h = torch.tanh(i2h(x).add(h2h(h)));
  const loss = F.nll_loss(F.log_softmax(h2o(h), 1), target);
  for (const m of [i2h, h2h, h2o]) m.zero_grad();
  loss.backward();
};
// 10 warm-up rounds of 50 sequences: V8 compiles the step's code over its first ~400 sequences (both sides take the same)
s = await medianS(loop(charRnn, 50), quick ? 5 : 9, 10);
emit('char_rnn', { ms: (s * 1e3) / 50 });

const ea = torch.randn([128], { requires_grad: true }), eb = torch.randn([128]);
s = await medianS(loop(() => ea.mul(eb), 10000), quick ? 5 : 9, 2);
emit('ew128', { us: (s * 1e6) / 10000 });

for (const [label, M, N, K, tA, tB] of [['1024^3', 1024, 1024, 1024, false, false], ['64x9216 @ 9216x128', 64, 128, 9216, false, false],
  ['fc1 fwd 64x9216 @ (128x9216)^T', 64, 128, 9216, false, true], ['fc1 dW (64x128)^T @ 64x9216', 128, 9216, 64, true, false],
  ['fc1 dX 64x128 @ 128x9216', 64, 9216, 128, false, false]]) {
  const A = tA ? torch.randn([K, M]).t() : torch.randn([M, K]);
  const B = tB ? torch.randn([N, K]).t() : torch.randn([K, N]);
  s = await medianS(() => torch.mm(A, B), quick ? 5 : 9, 2);
  emit(`mm ${label}`, { ms: s * 1e3, gflops: (2 * M * N * K) / s / 1e9 });
}
