#!/usr/bin/python3
"""PyTorch side of `npm run bench` (bench/losses.mjs): median milliseconds of forward+backward for
cross_entropy, nll_loss, log_softmax (and cross_entropy forward alone) on float32 inputs, one JSON
object per line. The same methodology as ../shared/bench/torch_losses.py (2 warm-up calls, median
of --reps), extended to K-dimensional shapes such as 8x21x128x128 (class dim 1, target (N, d1..dK)).

usage: /usr/bin/python3 bench/torch_losses.py [--threads T] [--shapes 4096x1000,8x21x128x128] [--reps 7] [--ops a,b] [--warmup 2]
(--warmup N: N warm-up calls instead of 2, to see PyTorch settled)
"""
import argparse, json, time
import torch, torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=0, help="0 = PyTorch's default")
ap.add_argument("--shapes", default="4096x1000,2048x32000,1048576x10,8x21x128x128")
ap.add_argument("--reps", type=int, default=7)
ap.add_argument("--ops", default="cross_entropy_fwd_bwd,cross_entropy_fwd,nll_loss_fwd_bwd,log_softmax_fwd_bwd")
ap.add_argument("--warmup", type=int, default=2)
a = ap.parse_args()
if a.threads: torch.set_num_threads(a.threads)
ops = a.ops.split(",")

def median_ms(fn, reps):
    for _ in range(a.warmup): fn()
    ts = []
    for _ in range(reps):
        s = time.perf_counter(); fn(); ts.append(time.perf_counter() - s)
    ts.sort(); return ts[len(ts) // 2] * 1e3

for shape in a.shapes.split(","):
    dims = [int(d) for d in shape.split("x")]
    C = dims[1]
    torch.manual_seed(0)
    x = torch.randn(*dims, requires_grad=True)
    t = torch.randint(0, C, [dims[0]] + dims[2:])
    lp = F.log_softmax(x.detach(), 1).requires_grad_()
    def ce():
        x.grad = None; F.cross_entropy(x, t).backward()
    def nll():
        lp.grad = None; F.nll_loss(lp, t).backward()
    def ls():
        x.grad = None; F.log_softmax(x, 1).sum().backward()
    def ce_fwd():
        with torch.no_grad(): F.cross_entropy(x, t)
    table = {"cross_entropy_fwd_bwd": ce, "cross_entropy_fwd": ce_fwd, "nll_loss_fwd_bwd": nll, "log_softmax_fwd_bwd": ls}
    for name in ops:
        print(json.dumps({"peer": f"torch {torch.__version__}", "threads": torch.get_num_threads(), "op": name,
                          "shape": shape, "ms": round(median_ms(table[name], a.reps), 3)}), flush=True)
