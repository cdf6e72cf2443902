# Tensors as JSON for the fixture generators: {shape, dtype, data}, with NaN and the infinities
# spelled as strings (JSON has no literal for them). Read back by test/support/fixture_tensors.mjs.
import math

import torch

DT = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}
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
