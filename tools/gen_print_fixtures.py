#!/usr/bin/python3
"""Generate test/fixtures/print_cases.json: PyTorch's own str(t) for many tensors.

Run with the Debian PyTorch (1.13): /usr/bin/python3 tools/gen_print_fixtures.py
Each case records shape, dtype, the raw little-endian data (base64), the suffixes that
the TypeScript caller must pass (grad_fn / requires_grad), optional non-default print
options, and the expected string. The output is deterministic (fixed seeds).
"""
import base64
import json
import os
import sys

import torch

OUT = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "print_cases.json")
)
DTYPES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}
NP_LE = {torch.float32: "<f4", torch.float64: "<f8", torch.int64: "<i8", torch.bool: "|u1"}
DEFAULT_OPTS = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)

cases = []


def caller_suffixes(t):
    # The part of _str_intern that the TypeScript Tensor class supplies itself.
    if t.grad_fn is not None:
        return ["grad_fn=<{}>".format(type(t.grad_fn).__name__)]
    if t.requires_grad:
        return ["requires_grad=True"]
    return []


def add(t, options=None):
    assert t.dtype in DTYPES, t.dtype
    opts = dict(DEFAULT_OPTS)
    if options:
        opts.update(options)
    torch.set_printoptions(**opts)
    try:
        expect = str(t)
    finally:
        torch.set_printoptions(profile="default")
    raw = t.detach().contiguous().numpy().astype(NP_LE[t.dtype]).tobytes()
    case = {
        "shape": list(t.shape),
        "dtype": DTYPES[t.dtype],
        "b64": base64.b64encode(raw).decode("ascii"),
        "suffixes": caller_suffixes(t),
        "expect": expect,
    }
    if options:
        case["options"] = options
    cases.append(case)


g = torch.Generator().manual_seed(1234)


def randn(*shape, dtype=torch.float32, scale=1.0):
    return (torch.randn(tuple(shape), generator=g, dtype=torch.float64) * scale).to(dtype)


def randint(lo, hi, *shape, dtype=torch.int64):
    return torch.randint(lo, hi, shape, generator=g, dtype=torch.int64).to(dtype)


# --- 0-dim -----------------------------------------------------------------------------------
for v in [2.3514, 0.0, -0.0, 1.0, -3.0, 0.5, 1e-5, -1e-5, 1e8, 1.5e8, 1e10, 123456789.0, 1e-30,
          3.4e38, float("nan"), float("inf"), float("-inf"), 1.03125, 2.5, 99999.5, 0.00015]:
    add(torch.tensor(v, dtype=torch.float32))
    add(torch.tensor(v, dtype=torch.float64))
for v in [0, 5, -7, 2**31, -(2**53), 2**62]:
    add(torch.tensor(v, dtype=torch.int64))

# --- small hand-picked vectors ---------------------------------------------------------------
hand = [
    [1.0, 0.0, 4.0],
    [1.0, -0.0, 4.0],
    [-0.0, 1.0],
    [0.0, 0.0],
    [-0.0, -0.0],
    [float("nan"), 1.0],
    [float("nan"), 1.5],
    [float("nan"), float("inf"), float("-inf")],
    [float("nan"), 0.0],
    [float("inf"), 1e-5],
    [float("-inf"), 2.0, 1e9],
    [1e-4, 1.0],
    [0.99e-4, 1.0],
    [1.0, 1000.0],
    [1.0, 1000.5],
    [1.0, 1001.0],
    [0.5, 500.0],
    [0.5, 501.0],
    [1e8, 1.0],
    [1.0e8 + 8, 1.0],
    [1.03125, 2.03125, 0.15625],
    [123445.0, 123455.0, 1e9],
    [9.99995, 1e-5],
    [-1e-9, 1.0],
    [0.1, 0.2, 0.3],
    [-1.5, 2.25, 1e3],
    [1e30, -1e-30],
]
for row in hand:
    add(torch.tensor(row, dtype=torch.float32))
    add(torch.tensor(row, dtype=torch.float64))

# --- random normals at many scales -----------------------------------------------------------
scales = [1e-12, 1e-6, 1e-4, 1e-3, 0.01, 0.1, 1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e7, 1e9, 1e15, 1e35]
shapes = [(5,), (3, 4), (2, 3, 4), (2, 2, 2, 3), (1, 7), (7, 1), (1, 1, 1)]
for i, s in enumerate(scales):
    add(randn(*shapes[i % len(shapes)], scale=s))
    add(randn(*shapes[(i + 3) % len(shapes)], scale=s, dtype=torch.float64))

# Mixed magnitudes inside one tensor (ratio > 1000 triggers sci mode).
for dtype in (torch.float32, torch.float64):
    for k in range(6):
        t = randn(4, 5, dtype=torch.float64)
        t = t * torch.pow(10.0, torch.randint(-6, 7, (4, 5), generator=g).double())
        add(t.to(dtype))

# --- integers stored as floats ---------------------------------------------------------------
for dtype in (torch.float32, torch.float64):
    add(randint(-10, 10, 12, dtype=dtype))
    add(randint(0, 1000, 3, 5, dtype=dtype))
    add(randint(-100000, 100000, 2, 2, 3, dtype=dtype))
    add(randint(-(10**9), 10**9, 6, dtype=dtype))
    add(randint(1, 1001, 30, dtype=dtype))
    t = randint(-5, 5, 20, dtype=dtype)
    t[3] = float("nan")
    t[7] = float("-inf")
    add(t)
add(torch.tensor([2.0**60, -(2.0**70), 3.0], dtype=torch.float64))
add(torch.tensor([1e20, 5.0], dtype=torch.float64), options={"sci_mode": False})

# --- int64 -----------------------------------------------------------------------------------
add(torch.tensor([1, 0, 4]))
add(randint(-1000, 1000, 4, 6))
add(randint(-(2**40), 2**40, 3, 3))
add(randint(0, 10, 2, 3, 2, 2))
add(torch.tensor([-(2**63), 2**62, 0, 2**53, -(2**53)], dtype=torch.int64))
add(torch.arange(100))
add(torch.arange(-50, 250))
add(randint(-(10**12), 10**12, 40))

# --- long 1-D rows that wrap at linewidth ----------------------------------------------------
for n in [8, 9, 10, 11, 15, 16, 17, 50, 101, 333, 999, 1000]:
    add(randn(n))
for n in [20, 77, 120]:
    add(randn(n, dtype=torch.float64, scale=1e6))
    add(randn(n, scale=1e-7))
    add(randint(-3, 3, n, dtype=torch.float32))
add(randn(2, 40))
add(randn(2, 3, 30))
add(randn(2, 2, 2, 25, dtype=torch.float64))

# --- shapes with zero-size dims --------------------------------------------------------------
for shape in [(0,), (0, 3), (3, 0), (2, 0, 4), (0, 0), (1, 0, 1, 2)]:
    for dtype in (torch.float32, torch.float64, torch.int64):
        add(torch.zeros(shape, dtype=dtype))

# --- summarised (> threshold elements) -------------------------------------------------------
add(randn(1001))
add(torch.arange(1001, dtype=torch.float32))
add(torch.arange(5000))
add(randn(2000, dtype=torch.float64))
add(randn(40, 40))
add(randn(1, 1001))
add(randn(1001, 1))
add(randn(11, 11, 11))
add(randn(7, 7, 7, 7))
add(randn(2, 3, 200))
add(randn(200, 2, 3))
add(randn(5, 5, 50))
t = randn(33, 33, scale=1e3)
t[0, 0] = 1e-9  # shown element -> sci mode
add(t)
t = randn(33, 33)
t[16, 16] = 1e9  # hidden element must not influence the format
add(t)
add(randint(-(10**6), 10**6, 30, 40))
add(randint(-100, 100, 3, 4, 100, dtype=torch.float32))

# --- autograd suffixes -----------------------------------------------------------------------
x = randn(3, 5).requires_grad_(True)
add(x)
add(torch.log_softmax(x, dim=1))
add(torch.nn.functional.nll_loss(torch.log_softmax(x, dim=1), torch.tensor([1, 0, 4])))
add((x * 2).sum())
add(torch.tensor(1.5, requires_grad=True))
add(randn(4, 6, dtype=torch.float64).requires_grad_(True))
add(randn(4, 6, dtype=torch.float64).requires_grad_(True).exp())
add(randn(12, scale=100).requires_grad_(True))  # last line long -> suffix wraps
add(randn(9, scale=1e5).requires_grad_(True) * 3)
add(randn(2, 8, dtype=torch.float64, scale=1e3).requires_grad_(True) + 1)
add(torch.zeros(0, 3, requires_grad=True))
add(torch.zeros(0, 3, dtype=torch.float64, requires_grad=True))
add(randn(1500).requires_grad_(True))

# --- random fuzz: random rank/shape/scale/dtype, with sprinkled specials -------------------
specials = [0.0, -0.0, float("nan"), float("inf"), float("-inf"), 1e-7, 1e9]
for k in range(120):
    rank = int(torch.randint(0, 5, (1,), generator=g))
    shape = [int(d) for d in torch.randint(1, 6, (rank,), generator=g)]
    dtype = [torch.float32, torch.float64, torch.int64][k % 3]
    if dtype is torch.int64:
        hi = 10 ** int(torch.randint(1, 16, (1,), generator=g))
        add(randint(-hi, hi, *shape))
        continue
    scale = 10.0 ** float(torch.randint(-8, 12, (1,), generator=g))
    t = randn(*shape, dtype=dtype, scale=scale)
    if k % 4 == 0:
        t = t.round()
    if k % 5 == 0 and t.numel() > 1:
        flat = t.view(-1)
        for j in torch.randint(0, flat.numel(), (2,), generator=g).tolist():
            flat[j] = specials[int(torch.randint(0, len(specials), (1,), generator=g))]
    add(t)

# --- non-default print options (optional "options" key) --------------------------------------
add(randn(4, 5), options={"precision": 2})
add(randn(4, 5, scale=1e-6), options={"precision": 2})
add(randn(3, 3), options={"precision": 0})
add(randn(3, 3, scale=1e6), options={"precision": 0})
add(randn(6), options={"precision": 8})
add(randn(6), options={"sci_mode": True})
add(randn(6, scale=1e-6), options={"sci_mode": False})
add(torch.tensor([0.0, float("nan")]), options={"sci_mode": True})
add(torch.tensor([1.0, 2.0]), options={"sci_mode": True})
add(torch.arange(10), options={"threshold": 5})
add(randn(4, 4, 4), options={"threshold": 10, "edgeitems": 1})
add(randn(30), options={"linewidth": 120})
add(randn(30), options={"linewidth": 20})
add(randn(8, 20), options={"linewidth": 40})
add(randn(3000), options={"threshold": 10000})  # like profile 'full' (threshold inf)
add(randn(2, 200), options={"threshold": 50, "edgeitems": 2})
add(randn(20).requires_grad_(True), options={"linewidth": 50})
# bool: the column is 'False' wide (or 'True' wide), and rows wrap at linewidth like the others
add(torch.rand(4, 5, generator=g) > 0.5, options={"linewidth": 40})
add(torch.ones(3, 30, dtype=torch.bool))
add(torch.rand(2, 400, generator=g) > 0.5)
add(torch.zeros(0, 3, dtype=torch.bool))

torch.set_printoptions(profile="default")
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=0, allow_nan=False)
    f.write("\n")
print("wrote {} cases ({} bytes) to {}".format(len(cases), os.path.getsize(OUT), OUT), file=sys.stderr)
