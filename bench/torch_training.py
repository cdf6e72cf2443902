#!/usr/bin/python3
"""PyTorch side of `npm run bench`'s training section (bench/training.mjs): the same jobs on the
same shapes, one JSON line each. Jobs:
  net_step      one training step of the MNIST example's Net (batch 64 of 1x28x28, Adadelta lr=1.0)
  char_rnn      10 steps of h = tanh(i2h(x) + h2h(h)) (input 57, hidden 128, batch 1), Linear to 18,
                log_softmax, nll_loss, zero_grad, backward through all steps
  ew128         a.mul(b) on 128 elements with a.requires_grad (autograd recording included)
  mm <label>    a matrix product (GFLOP/s)
usage: /usr/bin/python3 torch_training.py [--threads T] [--quick]"""
import argparse, json, time
import torch, torch.nn as nn, torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1); ap.add_argument("--quick", action="store_true")
a = ap.parse_args()
torch.set_num_threads(a.threads)
Q = a.quick

def median_s(fn, reps, warm):
    for _ in range(warm): fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    ts.sort(); return ts[len(ts) // 2]

def emit(job, **kw): print(json.dumps({"job": job, "threads": a.threads, "peer": f"torch {torch.__version__}", **kw}), flush=True)

class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.conv1 = nn.Conv2d(1, 32, 3, 1); s.conv2 = nn.Conv2d(32, 64, 3, 1)
        s.dropout1 = nn.Dropout(0.25); s.dropout2 = nn.Dropout(0.5)
        s.fc1 = nn.Linear(9216, 128); s.fc2 = nn.Linear(128, 10)
    def forward(s, x):
        x = F.relu(s.conv1(x)); x = F.relu(s.conv2(x)); x = F.max_pool2d(x, 2); x = s.dropout1(x)
        x = torch.flatten(x, 1); x = F.relu(s.fc1(x)); x = s.dropout2(x); x = s.fc2(x)
        return F.log_softmax(x, dim=1)

torch.manual_seed(1)
net = Net(); opt = torch.optim.Adadelta(net.parameters(), lr=1.0); net.train()
xb, yb = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
def net_step():
    opt.zero_grad(); loss = F.nll_loss(net(xb), yb); loss.backward(); opt.step()
s = median_s(net_step, 5 if Q else 11, 3)
emit("net_step", ms=s * 1e3, samples_per_s=64 / s)

H, I, O = 128, 57, 18
i2h, h2h, h2o = nn.Linear(I, H), nn.Linear(H, H), nn.Linear(H, O)
xs = [torch.zeros(1, I) for _ in range(10)]
for t, x in enumerate(xs): x[0, (7 * t) % I] = 1  # one-hot letters, as the tutorial feeds them
target = torch.tensor([3])
def char_rnn():
    h = torch.zeros(1, H)
    for x in xs: h = torch.tanh(i2h(x) + h2h(h))
    loss = F.nll_loss(F.log_softmax(h2o(h), 1), target)
    for m in (i2h, h2h, h2o): m.zero_grad()
    loss.backward()
def loop(fn, n):
    def run():
        for _ in range(n): fn()
    return run
# 10 warm-up rounds of 50 sequences, as torchlet's side takes (V8 compiles the step's code over its first ~400 sequences)
s = median_s(loop(char_rnn, 50), 5 if Q else 9, 10)
emit("char_rnn", ms=s * 1e3 / 50)

ea = torch.randn(128, requires_grad=True); eb = torch.randn(128)
s = median_s(loop(lambda: ea.mul(eb), 10000), 5 if Q else 9, 2)
emit("ew128", us=s * 1e6 / 10000)

for label, M, N, K, tA, tB in [("1024^3", 1024, 1024, 1024, False, False), ("64x9216 @ 9216x128", 64, 128, 9216, False, False),
                               ("fc1 fwd 64x9216 @ (128x9216)^T", 64, 128, 9216, False, True), ("fc1 dW (64x128)^T @ 64x9216", 128, 9216, 64, True, False),
                               ("fc1 dX 64x128 @ 128x9216", 64, 9216, 128, False, False)]:
    A = torch.randn(K, M).t() if tA else torch.randn(M, K)
    B = torch.randn(N, K).t() if tB else torch.randn(K, N)
    s = median_s(lambda: torch.mm(A, B), 5 if Q else 9, 2)
    emit("mm " + label, ms=s * 1e3, gflops=2 * M * N * K / s / 1e9)
