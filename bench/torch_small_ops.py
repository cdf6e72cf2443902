# PyTorch's side of the small-op section (bench/small_ops_section.mjs): the jobs of bench/small_ops.mjs
# with the same names, shapes and autograd state. One JSON line per job: {"job", "us"}, the
# 2nd-fastest of 7 timed loops of N calls after 2000 warm-up calls.
# usage: /usr/bin/python3 bench/torch_small_ops.py [--threads 1] [--quick]
import argparse, json, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=1)
p.add_argument('--quick', action='store_true')
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
a = torch.randn(128, requires_grad=True); b = torch.randn(128, requires_grad=True); mask = a.gt(0)
m = torch.randn(4, 32, requires_grad=True); idx = torch.tensor([0, 5, 7, 9])
W = torch.randn(128, 128, requires_grad=True); x1 = torch.randn(1, 128)
logits = torch.randn(4, 18, requires_grad=True); tgt = torch.tensor([3, 1, 0, 17])
lin = nn.Linear(32, 32); cell = nn.LSTMCell(32, 32); gcell = nn.GRUCell(32, 32); ln = nn.LayerNorm(32); emb = nn.Embedding(100, 32)
x32 = torch.randn(4, 32); h0 = torch.zeros(4, 32); c0 = torch.zeros(4, 32)
B = torch.randn(4, 8, 8, requires_grad=True); C = torch.randn(4, 8, 8)
params = list(lin.parameters()); sgd = torch.optim.SGD(params, lr=0.01); adam = torch.optim.Adam(params, lr=0.01)
lin(x32).sum().backward()

JOBS = dict(
    add=lambda: a.add(b), mul_scalar=lambda: a.mul(2), exp=lambda: a.exp(), tanh=lambda: a.tanh(), sigmoid=lambda: a.sigmoid(), relu=lambda: a.relu(),
    lt=lambda: a.lt(b), where=lambda: torch.where(mask, a, b), clamp=lambda: a.clamp(-1, 1), pow=lambda: a.pow(2),
    sum=lambda: a.sum(), mean_dim=lambda: m.mean(1), max_dim=lambda: m.max(1), argmax=lambda: m.argmax(1), norm=lambda: a.norm(),
    view=lambda: a.view(2, 64), narrow=lambda: a.narrow(0, 0, 64), cat=lambda: torch.cat([a, b]), stack=lambda: torch.stack([a, b]),
    index_select=lambda: a.index_select(0, idx), gather=lambda: m.gather(1, idx.view(4, 1)), masked_fill=lambda: a.masked_fill(mask, 0), t_contiguous=lambda: m.t().contiguous(),
    matvec=lambda: x1.matmul(W), bmm=lambda: torch.bmm(B, C), linear=lambda: lin(x32),
    softmax=lambda: F.softmax(m, 1), log_softmax=lambda: F.log_softmax(logits, 1), cross_entropy=lambda: F.cross_entropy(logits, tgt), nll_loss=lambda: F.nll_loss(logits, tgt),
    layer_norm=lambda: ln(m), embedding=lambda: emb(idx), lstm_cell=lambda: cell(x32, (h0, c0)), gru_cell=lambda: gcell(x32, h0),
    tanh_backward=lambda: a.tanh().sum().backward(), softmax_backward=lambda: F.softmax(m, 1).sum().backward(),
    sgd_step=lambda: sgd.step(), adam_step=lambda: adam.step(),
)
N = 2000 if args.quick else 10000
for job, f in JOBS.items():
    for _ in range(2000): f()
    ts = []
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(N): f()
        ts.append((time.perf_counter() - t0) / N * 1e6)
    ts.sort()
    print(json.dumps({"job": job, "us": round(ts[1], 3)}), flush=True)
