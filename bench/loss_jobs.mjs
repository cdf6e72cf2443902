// The timed jobs of the loss benchmark on one shape (float32, classes on dim 1, targets on the
// other dims), as ../shared/bench/torch_losses.py defines them for PyTorch. Used by losses.mjs
// (npm run bench) and first_calls.mjs.
export function lossJobs(torch, shape) {
  const F = torch.nn.functional;
  const dims = shape.split('x').map(Number);
  torch.manual_seed(0);
  const x = torch.randn(dims, { requires_grad: true });
  const t = torch.randint(0, dims[1], [dims[0], ...dims.slice(2)]);
  const lp = F.log_softmax(x.detach(), 1).requires_grad_();
  const jobs = {
    cross_entropy_fwd_bwd: () => { x.grad = null; F.cross_entropy(x, t).backward(); },
    cross_entropy_fwd: () => torch.no_grad(() => F.cross_entropy(x, t)),
    nll_loss_fwd_bwd: () => { lp.grad = null; F.nll_loss(lp, t).backward(); },
    log_softmax_fwd_bwd: () => { x.grad = null; F.log_softmax(x, 1).sum().backward(); },
  };
  return { x, lp, jobs };
}
