// The same timing run in a page (window.torch) and in Node (import * as torch), for the browser
// test's printout: cross_entropy on 4096 x 1000 float32 logits (forward, and forward + backward),
// and one training step of the MNIST example's Net (batch 64, Adadelta). Median milliseconds of a
// few runs after two warm-up calls, with a return to the event loop between runs (so that freed
// storage comes back as it does in a training loop). Self-contained: the page gets its source text.
export async function timings(torch) {
  const F = torch.nn.functional, nn = torch.nn;
  const pause = () => new Promise((r) => setTimeout(r, 0));
  const median = async (fn, n) => {
    fn(); fn();
    const ts = [];
    for (let i = 0; i < n; i++) { await pause(); const t0 = performance.now(); fn(); ts.push(performance.now() - t0); }
    ts.sort((a, b) => a - b);
    return +ts[n >> 1].toFixed(2);
  };
  torch.manual_seed(0);
  const x = torch.randn(4096, 1000, { requires_grad: true }), t = torch.randint(0, 1000, [4096]);
  const ce_forward = await median(() => torch.no_grad(() => F.cross_entropy(x, t)), 7);
  const ce_forward_backward = await median(() => { x.grad = null; F.cross_entropy(x, t).backward(); }, 7);
  const model = new nn.Sequential(new nn.Conv2d(1, 32, 3, 1), new nn.ReLU(), new nn.Conv2d(32, 64, 3, 1), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Dropout(0.25), new nn.Flatten(), new nn.Linear(9216, 128), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(128, 10), new nn.LogSoftmax(1));
  const opt = new torch.optim.Adadelta(model.parameters(), { lr: 1.0 });
  const data = torch.randn(64, 1, 28, 28), target = torch.randint(0, 10, [64]);
  const train_step = await median(() => { opt.zero_grad(); F.nll_loss(model(data), target).backward(); opt.step(); }, 5);
  return { threads: torch.get_num_threads(), ce_forward, ce_forward_backward, train_step };
}
