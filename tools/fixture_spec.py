"""How the fixture generators of the reductions and dtypes groups write tensors and arguments as JSON
(read back by test/support/fixture_tensors.mjs).

A tensor is {"shape", "dtype" (its name: "uint8", "float32", ...), "data" (row-major; NaN and the
infinities as strings)}; an argument is {"tensor": spec + requires_grad}, {"dtype": name},
{"float": "inf" | "-inf" | "nan"}, a list of arguments, or a plain JSON value.
"""
import math

import torch

DTYPES = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float32, torch.float64]
DT = {d: str(d)[len("torch."):] for d in DTYPES}
INF, NAN = float("inf"), float("nan")


def num(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")
    return v


def spec(t):
    t = t.detach()
    return {"shape": list(t.shape), "dtype": DT[t.dtype], "data": [num(v) for v in t.reshape(-1).tolist()]}


def enc(a, strict=False):
    """strict: refuse an integral float, which JavaScript would read as an int (past float32's range
    only a float can be meant)."""
    if isinstance(a, torch.Tensor):
        return {"tensor": {**spec(a), "requires_grad": a.requires_grad}}
    if isinstance(a, torch.dtype):
        return {"dtype": DT[a]}
    if isinstance(a, float):
        assert not strict or not a.is_integer() or abs(a) > 3.5e38, f"{a}: JavaScript would read an integral float as an int"
        if not math.isfinite(a):
            return {"float": "nan" if a != a else ("inf" if a > 0 else "-inf")}
    if isinstance(a, (list, tuple)):
        return [enc(x, strict) for x in a]
    return a


def start_case(ids, cid, fn, args, kwargs, method, strict=False):
    """A new case's JSON (id, fn, call, encoded arguments) and fresh leaves to run it on (copies with the
    same requires_grad, so that the arguments stay untouched). `ids` collects the ids, which must differ."""
    assert cid not in ids, cid
    ids.add(cid)
    leaves = [a.detach().clone().requires_grad_(a.requires_grad) if isinstance(a, torch.Tensor) else a for a in args]
    c = {"id": cid, "fn": fn, "call": "method" if method else "torch",
         "args": [enc(a, strict) for a in args], "kwargs": {k: enc(v, strict) for k, v in kwargs.items()}}
    return c, leaves
