"""PyTorch 1.13 float32 norms, sums and means over deterministic inputs, for test/norm_exact.test.mjs
(which must agree bit for bit). Inputs are regenerated from their description in both languages:
x[i] = float32((u_i - 0.5) * scale + shift) with u_i = ((i * 2654435761) mod 2^32) / 2^32.
Run with 1 thread (1.13 splits reductions of >= 32768 elements per output over its threads)."""
import json
import sys

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
INF = float("inf")


def make(shape, scale, shift):
    n = 1
    for s in shape:
        n *= s
    i = torch.arange(n, dtype=torch.int64)
    u = ((i * 2654435761) % (1 << 32)).double() / 2.0**32
    return ((u - 0.5) * scale + shift).float().reshape(shape)


def enc_p(p):
    return "inf" if p == INF else "-inf" if p == -INF else p


cases = []
SIZES = [(1,), (7,), (16,), (100,), (1000,), (32768,), (2794, 200), (37, 3, 29), (5, 8, 64)]
for shape in SIZES:
    for scale, shift in [(2.0, 0.0), (0.002, 0.0005), (300.0, 7.0)]:
        x = make(shape, scale, shift)
        dims = [None] + ([-1, 0] if len(shape) > 1 else []) + ([[1, 2], [0, 1]] if len(shape) > 2 else [])
        for dim in dims:
            for p in [2, 1, INF, 3, -INF, 0.5]:
                if p in (-INF, 0.5) and dim is not None:
                    continue
                r = torch.norm(x, p) if dim is None else torch.norm(x, p, dim)
                cases.append({"op": "norm", "shape": list(shape), "scale": scale, "shift": shift, "p": enc_p(p), "dim": dim,
                              "out": r.reshape(-1).tolist()})
            for op in ["sum", "mean"]:
                f = getattr(torch, op)
                r = f(x) if dim is None else f(x, dim)
                cases.append({"op": op, "shape": list(shape), "scale": scale, "shift": shift, "dim": dim, "out": r.reshape(-1).tolist()})
# clip_grad_norm_ over parameters shaped as a small LSTM language model's
params = []
for k, shape in enumerate([(300, 40), (80, 20), (80, 20), (80,), (80,), (300, 20), (300,)]):
    p = torch.zeros(shape, requires_grad=True)
    p.grad = make(shape, 0.01 * (k + 1), 0.001 * k)
    params.append(p)
total = torch.nn.utils.clip_grad_norm_(params, 0.25)
clip = {"shapes": [list(p.shape) for p in params], "total": total.item(),
        "grads": [p.grad.reshape(-1)[:50].tolist() for p in params]}
json.dump({"threads": torch.get_num_threads(), "cases": cases, "clip": clip}, sys.stdout, separators=(",", ":"))
