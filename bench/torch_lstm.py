# PyTorch's side of bench/lstm.mjs: prints the median wall and CPU ms of one forward+backward.
# usage: /usr/bin/python3 bench/torch_lstm.py THREADS REPS MODE
import sys
import time

import torch

threads, reps, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
torch.set_num_threads(threads)
T, B, E, H, L = 35, 20, 200, 200, 2
torch.manual_seed(0)
if mode == "LSTM":
    m = torch.nn.LSTM(E, H, L)
elif mode == "GRU":
    m = torch.nn.GRU(E, H, L)
else:
    m = torch.nn.RNN(E, H, L, nonlinearity="relu" if mode == "RNN_RELU" else "tanh")
x = torch.randn(T, B, E, requires_grad=True)
w = torch.randn(T, B, H)


def step():
    m.zero_grad()
    x.grad = None
    out, _ = m(x)
    (out * w).sum().backward()


for _ in range(5):
    step()
times, cpu = [], []
for _ in range(reps):
    t0, c0 = time.perf_counter(), time.process_time()
    step()
    times.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
times.sort()
cpu.sort()
print(times[len(times) // 2], cpu[len(cpu) // 2])
