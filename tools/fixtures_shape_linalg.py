#!/usr/bin/python3
"""PyTorch-generated cases for the shape ops (flip, roll, repeat, tile, repeat_interleave, tril,
triu, diag, meshgrid), factories (eye, linspace, Tensor.new_*) and linear algebra (dot, mv, mm,
bmm, addmm, baddbmm, outer, matmul, einsum). Writes test/fixtures/cases_shape_linalg.json,
replayed by test/shape_linalg.test.mjs.

usage: /usr/bin/python3 tools/fixtures_shape_linalg.py

A case calls `torch.<fn>(*args, **kwargs)` ("torch") or `args[0].<fn>(*args[1:], **kwargs)`
("method") and records the result: one tensor or a list of them (values, shape, dtype, strides,
grad_fn), or the error (class and message), and the warnings raised. For float results that
require grad it stores a random grad_output per output and the gradient of
sum(output * grad_output) for every leaf tensor among the arguments, in the order they appear.
Argument encodings: {"t": spec} a tensor (with "view": [method, *args] for a non-contiguous view
of it), {"dtype": name}, {"float": "nan" | "inf" | "-inf"}, "..." (Python's Ellipsis), or JSON.
"exact": values compared bit for bit (linspace).
"""
import json
import math
import os
import warnings

import numpy
import torch

NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}
F32, F64, I64, BOOL = torch.float32, torch.float64, torch.int64, torch.bool


def scalar(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")
    return v


def tensor_spec(t):
    """float32 values are written with the fewest digits that still round to them (the replay rounds back)."""
    t = t.detach()
    flat = t.reshape(-1).tolist()
    if t.dtype == F32:
        flat = [float(repr(numpy.float32(v))) for v in flat]
    return {"shape": list(t.shape), "dtype": NAMES[t.dtype], "strides": list(t.stride()), "data": [scalar(v) for v in flat]}


class View:
    """A non-contiguous argument: base.<method>(*args), base being the leaf."""

    def __init__(self, base, method, *args):
        self.base, self.method, self.args = base, method, args


def encode(a, leaves):
    """The JSON of an argument; leaf tensors (fresh copies) are appended to `leaves`, and the value to pass returned too."""
    if isinstance(a, View):
        spec, leaf = encode(a.base, leaves)
        spec["view"] = [a.method, *a.args]
        return spec, getattr(leaf, a.method)(*a.args)
    if isinstance(a, torch.Tensor):
        leaf = a.detach().clone().requires_grad_(a.requires_grad)
        leaves.append(leaf)
        s = tensor_spec(a)
        del s["strides"]
        s["requires_grad"] = a.requires_grad
        return {"t": s}, leaf
    if isinstance(a, torch.dtype):
        return {"dtype": NAMES[a]}, a
    if a is Ellipsis:
        return "...", a
    if isinstance(a, float) and not math.isfinite(a):
        return {"float": "nan" if a != a else ("inf" if a > 0 else "-inf")}, a
    if isinstance(a, (list, tuple)):
        pairs = [encode(x, leaves) for x in a]
        return [p[0] for p in pairs], type(a)(p[1] for p in pairs)
    return a, a


cases, ids = [], set()
WARNED_ONCE = {}  # C++ TORCH_WARN_ONCE fires once per process; the replay expects it every time


def case(cid, fn, args, kwargs=None, method=False, error=False, type_only=False, exact=False):
    """Runs the call in PyTorch and records it; `error` says whether PyTorch must raise (a mismatch aborts)."""
    kwargs = kwargs or {}
    assert cid not in ids, cid
    ids.add(cid)
    leaves = []
    enc_args, vals = zip(*[encode(a, leaves) for a in args]) if args else ((), ())
    enc_kw = {}
    kw_vals = {}
    for k, v in kwargs.items():
        enc_kw[k], kw_vals[k] = encode(v, leaves)
    c = {"id": cid, "fn": fn, "call": "method" if method else "torch", "args": list(enc_args), "kwargs": enc_kw}
    if exact:
        c["exact"] = True
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = getattr(vals[0], fn)(*vals[1:], **kw_vals) if method else getattr(torch, fn)(*vals, **kw_vals)
            err = None
        except Exception as e:  # noqa: BLE001 - every PyTorch error is recorded
            err = e
    warns = [str(w.message).split(" (Triggered internally")[0] for w in caught]
    key = (fn, "indexing" in kwargs)
    if fn == "meshgrid" and "indexing" not in kwargs:
        WARNED_ONCE.setdefault(key, warns)
        warns = WARNED_ONCE[key]
    c["warns"] = warns
    if err is not None:
        assert error, f"{cid}: {type(err).__name__}: {err}"
        c["expect"] = {"error": {"type": type(err).__name__, "message": None if type_only else str(err).split("\nException raised from")[0]}}
        cases.append(c)
        return
    assert not error, f"{cid}: expected an error"
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    c["expect"] = {"list" if isinstance(out, (list, tuple)) else "tensor": [tensor_spec(o) for o in outs] if isinstance(out, (list, tuple)) else tensor_spec(out)}
    c["expect"]["grad_fn"] = [o.grad_fn.name() if o.grad_fn else None for o in outs]
    c["expect"]["requires_grad"] = [o.requires_grad for o in outs]
    diff = [o for o in outs if o.grad_fn is not None]
    if diff:
        gos = [torch.randn(o.shape, dtype=o.dtype) for o in outs]
        sum((o * g).sum() for o, g in zip(outs, gos) if o.grad_fn is not None).backward()
        c["grad_output"] = [tensor_spec(g) for g in gos]
        c["expect"]["grads"] = [tensor_spec(l.grad) if l.grad is not None else None for l in leaves]
    cases.append(c)


def rg(t):
    return t.detach().clone().requires_grad_(True)


def r(*shape, dt=F32, grad=True):
    t = torch.randn(shape, dtype=dt)
    return t.requires_grad_(True) if grad else t


def ri(*shape, hi=5):
    return torch.randint(-hi, hi, shape)


def rb(*shape):
    return torch.rand(shape) > 0.5


torch.manual_seed(13)
INF, NAN = float("inf"), float("nan")

# ---- flip ----
for dt in [F32, F64]:
    d = NAMES[dt]
    case(f"flip_0_{d}", "flip", [r(3, 4, dt=dt), [0]])
    case(f"flip_both_{d}", "flip", [r(2, 3, 4, dt=dt), [0, -1]])
    case(f"flip_method_varargs_{d}", "flip", [r(2, 3, 4, dt=dt), 1, 2], method=True)
    case(f"flip_method_list_{d}", "flip", [r(2, 3, dt=dt), [-1]], method=True)
case("flip_kw", "flip", [r(4, 2)], {"dims": (1,)})
case("flip_empty_dims", "flip", [r(2, 3), []])
case("flip_0d", "flip", [r(), [0]])
case("flip_empty_tensor", "flip", [torch.zeros(0, 3), [0, 1]])
case("flip_long", "flip", [ri(3, 4), [0, 1]])
case("flip_bool", "flip", [rb(5), [0]])
case("flip_view", "flip", [View(r(3, 4), "t"), [0]])
case("flip_dup", "flip", [r(2, 3), [0, -2]], error=True)
case("flip_bad_dim", "flip", [r(2, 3), [2]], error=True)
case("flip_int_dims", "flip", [r(2, 3), 0], error=True)
case("flip_no_dims", "flip", [r(2, 3)], method=True, error=True)

# ---- roll ----
for dt in [F32, F64]:
    d = NAMES[dt]
    case(f"roll_dim_{d}", "roll", [r(3, 4, dt=dt), 1, 0])
    case(f"roll_flat_{d}", "roll", [r(3, 4, dt=dt), 5])
    case(f"roll_dims_{d}", "roll", [r(2, 3, 4, dt=dt), (1, -2), (0, 2)])
    case(f"roll_method_{d}", "roll", [r(5, dt=dt), -7], {"dims": 0}, method=True)
case("roll_neg_dim", "roll", [r(3, 4), 3, -1])
case("roll_big_shift", "roll", [r(3, 4), 13, 1])
case("roll_same_dim_twice", "roll", [r(3, 4), (1, 2), (1, 1)])
case("roll_kw", "roll", [r(3, 4)], {"shifts": (1,), "dims": (1,)})
case("roll_flat_list", "roll", [r(2, 3), [2]])
case("roll_0d", "roll", [r(), 3])
case("roll_empty", "roll", [torch.zeros(0, 3), 2, 0])
case("roll_empty_bad_dim", "roll", [torch.zeros(0, 3), 2, 5])
case("roll_long", "roll", [ri(2, 5), 2, 1])
case("roll_bool", "roll", [rb(2, 5), -1])
case("roll_view", "roll", [View(r(4, 3), "t"), 1, 1])
case("roll_0d_dim", "roll", [r(), 1, 0], error=True)
case("roll_bad_dim", "roll", [r(2, 3), 1, 2], error=True)
case("roll_misaligned", "roll", [r(2, 3), (1, 2), (0,)], error=True)
case("roll_misaligned_flat", "roll", [r(2, 3), (1, 2)], error=True)
case("roll_no_shifts", "roll", [r(2, 3), (), ()], error=True)
case("roll_no_shifts_dims", "roll", [r(2, 3), [], [0]], error=True)

# ---- repeat / tile ----
for dt in [F32, F64]:
    d = NAMES[dt]
    case(f"repeat_{d}", "repeat", [r(2, 3, dt=dt), 2, 3], method=True)
    case(f"repeat_new_dims_{d}", "repeat", [r(2, 3, dt=dt), 2, 1, 2], method=True)
    case(f"tile_{d}", "tile", [r(2, 3, dt=dt), (2,)])
    case(f"tile_method_{d}", "tile", [r(2, 3, dt=dt), 3, 1, 2], method=True)
case("repeat_list", "repeat", [r(3), [2, 2]], method=True)
case("repeat_zero", "repeat", [r(2, 3), 0, 2], method=True)
case("repeat_ones", "repeat", [r(2, 3), 1, 1], method=True)
case("repeat_0d", "repeat", [r(), 3], method=True)
case("repeat_0d_empty", "repeat", [r(), []], method=True)
case("repeat_long", "repeat", [ri(2, 2), 2, 2], method=True)
case("repeat_bool", "repeat", [rb(3), 2], method=True)
case("repeat_view", "repeat", [View(r(3, 2), "t"), 2, 1], method=True)
case("repeat_few", "repeat", [r(2, 3), 2], method=True, error=True)
case("repeat_negative", "repeat", [r(2, 3), -1, 2], method=True, error=True)
case("repeat_negative_of_empty", "repeat", [torch.zeros(0, 2), -1, 2], method=True)
case("repeat_missing", "repeat", [r(2, 3)], method=True, error=True)
case("tile_empty_reps", "tile", [r(2, 3), ()])
case("tile_more", "tile", [r(3), (2, 2)])
case("tile_kw", "tile", [r(2, 2)], {"dims": [1, 3]})
case("tile_list_method", "tile", [r(2, 2), [2]], method=True)
case("tile_int", "tile", [r(2, 3), 2], error=True)
case("tile_negative", "tile", [r(2, 3), (-1,)], error=True)

# ---- repeat_interleave ----
for dt in [F32, F64]:
    d = NAMES[dt]
    case(f"repeat_interleave_flat_{d}", "repeat_interleave", [r(2, 3, dt=dt), 2])
    case(f"repeat_interleave_dim_{d}", "repeat_interleave", [r(2, 3, dt=dt), 3, 1])
    case(f"repeat_interleave_tensor_{d}", "repeat_interleave", [r(3, 2, dt=dt), torch.tensor([1, 0, 2]), 0])
    case(f"repeat_interleave_method_{d}", "repeat_interleave", [r(2, 3, dt=dt), torch.tensor([2, 1, 3])], {"dim": -1}, method=True)
case("repeat_interleave_tensor_flat", "repeat_interleave", [r(2, 2), torch.tensor([1, 2, 0, 3])])
case("repeat_interleave_tensor_one", "repeat_interleave", [r(3, 2), torch.tensor([2]), 0])
case("repeat_interleave_tensor_0d", "repeat_interleave", [r(3, 2), torch.tensor(2)], {"dim": 1})
case("repeat_interleave_output_size", "repeat_interleave", [r(2, 3), torch.tensor([1, 2])], {"dim": 0, "output_size": 3})
case("repeat_interleave_output_size_int", "repeat_interleave", [r(2, 3), 2], {"dim": 0, "output_size": 4})
case("repeat_interleave_0d", "repeat_interleave", [r(), 3])
case("repeat_interleave_zero", "repeat_interleave", [r(2, 3), 0, 1])
case("repeat_interleave_long", "repeat_interleave", [ri(2, 3), 2, 0])
case("repeat_interleave_bool", "repeat_interleave", [rb(4), 2])
case("repeat_interleave_index", "repeat_interleave", [torch.tensor([2, 0, 3, 1])])
case("repeat_interleave_index_output_size", "repeat_interleave", [torch.tensor([1, 2])], {"output_size": 3})
case("repeat_interleave_index_empty", "repeat_interleave", [torch.tensor([], dtype=I64)])
case("repeat_interleave_index_neg", "repeat_interleave", [torch.tensor([1, -2])], error=True)
case("repeat_interleave_index_2d", "repeat_interleave", [torch.tensor([[1, 2]])], error=True)
case("repeat_interleave_index_float", "repeat_interleave", [torch.tensor([1., 2.])], error=True)
case("repeat_interleave_index_size_mismatch", "repeat_interleave", [torch.tensor([1, 2])], {"output_size": 2}, error=True)
case("repeat_interleave_negative", "repeat_interleave", [r(2, 3), -1], error=True)
case("repeat_interleave_negative_tensor", "repeat_interleave", [r(2, 3), torch.tensor([1, -2]), 0], error=True)
case("repeat_interleave_size_mismatch", "repeat_interleave", [r(2, 3), torch.tensor([1, 2, 3]), 0], error=True)
case("repeat_interleave_2d_repeats", "repeat_interleave", [r(2, 3), torch.tensor([[1, 2]]), 0], error=True)
case("repeat_interleave_float_repeats", "repeat_interleave", [r(2, 3), torch.tensor([1., 2.]), 0], error=True)
case("repeat_interleave_bad_dim", "repeat_interleave", [r(2, 3), 2, 3], error=True)
case("repeat_interleave_0d_dim", "repeat_interleave", [r(), 2, 0], error=True)
case("repeat_interleave_output_size_mismatch", "repeat_interleave", [r(2, 3), 2], {"dim": 0, "output_size": 5}, error=True)

# ---- tril / triu ----
for fn in ["tril", "triu"]:
    for dt in [F32, F64]:
        d = NAMES[dt]
        case(f"{fn}_{d}", fn, [r(4, 5, dt=dt)])
        case(f"{fn}_pos_{d}", fn, [r(4, 5, dt=dt), 1])
        case(f"{fn}_neg_{d}", fn, [r(5, 4, dt=dt), -2])
        case(f"{fn}_batched_{d}", fn, [r(2, 3, 4, dt=dt)], {"diagonal": 1})
        case(f"{fn}_method_{d}", fn, [r(3, 3, dt=dt), -1], method=True)
    case(f"{fn}_far", fn, [r(3, 4), 7])
    case(f"{fn}_far_neg", fn, [r(3, 4), -7])
    case(f"{fn}_empty", fn, [torch.zeros(0, 3)])
    case(f"{fn}_long", fn, [ri(3, 3)])
    case(f"{fn}_bool", fn, [rb(3, 4), 1])
    case(f"{fn}_view", fn, [View(r(4, 3), "t")])
    case(f"{fn}_1d", fn, [r(3)], error=True)
    case(f"{fn}_0d", fn, [r()], error=True)

# ---- diag ----
for dt in [F32, F64]:
    d = NAMES[dt]
    case(f"diag_vec_{d}", "diag", [r(3, dt=dt)])
    case(f"diag_vec_pos_{d}", "diag", [r(3, dt=dt), 2])
    case(f"diag_vec_neg_{d}", "diag", [r(2, dt=dt), -1])
    case(f"diag_mat_{d}", "diag", [r(3, 4, dt=dt)])
    case(f"diag_mat_pos_{d}", "diag", [r(3, 4, dt=dt), 1])
    case(f"diag_mat_neg_{d}", "diag", [r(4, 3, dt=dt)], {"diagonal": -2})
    case(f"diag_method_{d}", "diag", [r(3, 3, dt=dt), 1], method=True)
case("diag_mat_edge", "diag", [r(2, 3), 3])
case("diag_mat_edge_neg", "diag", [r(2, 3), -2])
case("diag_empty_vec", "diag", [torch.zeros(0)])
case("diag_long", "diag", [ri(3)])
case("diag_bool", "diag", [rb(3, 3)])
case("diag_view", "diag", [View(r(4, 3), "t"), 1])
case("diag_mat_outside", "diag", [r(2, 3), 5], error=True)
case("diag_mat_outside_neg", "diag", [r(2, 3), -3], error=True)
case("diag_3d", "diag", [r(2, 2, 2)], error=True)
case("diag_0d", "diag", [r()], error=True)

# ---- meshgrid ----
case("meshgrid_default", "meshgrid", [r(2), r(3)])
case("meshgrid_ij", "meshgrid", [r(2), r(3)], {"indexing": "ij"})
case("meshgrid_xy", "meshgrid", [r(2), r(3)], {"indexing": "xy"})
case("meshgrid_xy_three", "meshgrid", [r(2), r(3), r(4)], {"indexing": "xy"})
case("meshgrid_list", "meshgrid", [[r(2, dt=F64), r(3, dt=F64)]], {"indexing": "ij"})
case("meshgrid_0d", "meshgrid", [r(), r(3)], {"indexing": "xy"})
case("meshgrid_one", "meshgrid", [r(4)], {"indexing": "xy"})
case("meshgrid_long", "meshgrid", [ri(2), ri(3)], {"indexing": "ij"})
case("meshgrid_empty_list", "meshgrid", [[]], {"indexing": "ij"}, error=True)
case("meshgrid_dtypes", "meshgrid", [r(2), ri(3)], {"indexing": "ij"}, error=True)
case("meshgrid_bad_indexing", "meshgrid", [r(2), r(3)], {"indexing": "foo"}, error=True)
# the message prints the tensor the C++ way; only the class is compared
case("meshgrid_2d", "meshgrid", [r(2, 2), r(3)], {"indexing": "ij"}, error=True, type_only=True)

# ---- eye ----
case("eye_n", "eye", [3])
case("eye_nm", "eye", [2, 4])
case("eye_mn", "eye", [4, 2], {"dtype": F64})
case("eye_kw", "eye", [], {"n": 2, "m": 3})
case("eye_long", "eye", [3], {"dtype": I64})
case("eye_bool", "eye", [2, 3], {"dtype": BOOL})
case("eye_zero", "eye", [0])
case("eye_grad", "eye", [2], {"requires_grad": True})
case("eye_neg_n", "eye", [-1], error=True)
case("eye_neg_m", "eye", [2, -1], error=True)
case("eye_float", "eye", [2.5], error=True)

# ---- linspace: every value bit for bit ----
lin = [(0, 1, 5), (0, 1, 100), (-3.7, 11.2, 17), (2.5, -1.25, 33), (0.1, 0.7, 7), (5, 5, 9), (-1e3, 1e3, 1001),
       (0.3, 7.9, 33), (1e-3, 3.14159, 257), (0, 1, 0), (0, 1, 1), (1.5, 9, 2), (-5.8, -24.3, 1000), (0, 10, 4096 + 15)]
for i, (a, b, n) in enumerate(lin):
    case(f"linspace_f32_{i}", "linspace", [a, b, n], exact=True)
    if n < 4096:
        case(f"linspace_f64_{i}", "linspace", [a, b, n], {"dtype": F64}, exact=True)
for i, (a, b, n) in enumerate([(0, 10, 5), (-7, 100, 13), (3, -11, 9), (0.5, 10.7, 6), (-2.9, 7.9, 23), (0, 1, 1), (1, 1000, 101)]):
    case(f"linspace_long_{i}", "linspace", [a, b, n], {"dtype": I64}, exact=True)
case("linspace_kw", "linspace", [], {"start": -1, "end": 1, "steps": 11}, exact=True)
case("linspace_grad", "linspace", [0, 1, 3], {"requires_grad": True}, exact=True)
case("linspace_negative", "linspace", [0, 1, -1], error=True)
case("linspace_bool", "linspace", [0, 1, 5], {"dtype": BOOL}, error=True)
case("linspace_no_steps", "linspace", [0, 1], error=True)
case("linspace_float_steps", "linspace", [0, 1], {"steps": 2.5}, error=True)

# ---- Tensor.new_* ----
x32, x64, xl, xb = r(2, 3, grad=False), r(2, dt=F64, grad=False), ri(2), rb(2)
for fn in ["new_zeros", "new_ones"]:
    case(f"{fn}_varargs", fn, [x64, 2, 3], method=True)
    case(f"{fn}_list", fn, [xl, [3]], method=True)
    case(f"{fn}_dtype", fn, [x32, (2,)], {"dtype": I64}, method=True)
    case(f"{fn}_grad", fn, [x32, 2], {"requires_grad": True}, method=True)
    case(f"{fn}_0d", fn, [xb, []], method=True)
for fn in ["new_zeros", "new_ones", "new_empty"]:
    case(f"{fn}_int_grad", fn, [xl, 2], {"requires_grad": True}, method=True, error=True)
    case(f"{fn}_negative", fn, [x32, -1], method=True, error=True)
    case(f"{fn}_float_size", fn, [x32, 2.5], method=True, error=True)
    case(f"{fn}_no_size", fn, [x32], method=True, error=True)
case("new_empty_shape", "new_empty", [torch.zeros(2, 3, dtype=F64), 0, 4], method=True)
case("new_full", "new_full", [x32, (2, 2), 1.5], method=True)
case("new_full_long_trunc", "new_full", [xl, (3,), 2.7], method=True)
case("new_full_long_neg", "new_full", [xl, [3], -2.7], method=True)
case("new_full_bool", "new_full", [xb, (2,), 3], method=True)
case("new_full_float_from_bool", "new_full", [x32, (2,), True], method=True)
case("new_full_dtype", "new_full", [x32, (2,), 7], {"dtype": F64, "requires_grad": True}, method=True)
case("new_full_int_size", "new_full", [x32, 2, 1.], method=True, error=True)
case("new_full_no_value", "new_full", [x32, (2,)], method=True, error=True)
case("new_tensor", "new_tensor", [x32, [1, 2]], method=True)
case("new_tensor_long", "new_tensor", [xl, [1.5, -2.5]], method=True)
case("new_tensor_bool", "new_tensor", [xb, [0, 2]], method=True)
case("new_tensor_scalar", "new_tensor", [x64, 3], method=True)
case("new_tensor_dtype", "new_tensor", [x32, [[1, 2]]], {"dtype": F64, "requires_grad": True}, method=True)
case("new_tensor_from_tensor", "new_tensor", [x32, ri(3)], method=True)

# ---- dot / mv / mm / bmm / outer ----
for dt in [F32, F64]:
    d = NAMES[dt]
    case(f"dot_{d}", "dot", [r(5, dt=dt), r(5, dt=dt)])
    case(f"dot_method_{d}", "dot", [r(3, dt=dt), r(3, dt=dt)], method=True)
    case(f"mv_{d}", "mv", [r(3, 4, dt=dt), r(4, dt=dt)])
    case(f"mv_method_{d}", "mv", [r(2, 3, dt=dt), r(3, dt=dt)], method=True)
    case(f"mm_{d}", "mm", [r(3, 4, dt=dt), r(4, 5, dt=dt)])
    case(f"mm_method_{d}", "mm", [r(2, 3, dt=dt), r(3, 2, dt=dt)], method=True)
    case(f"bmm_{d}", "bmm", [r(3, 2, 4, dt=dt), r(3, 4, 5, dt=dt)])
    case(f"bmm_method_{d}", "bmm", [r(2, 3, 3, dt=dt), r(2, 3, 2, dt=dt)], method=True)
    case(f"outer_{d}", "outer", [r(3, dt=dt), r(4, dt=dt)])
    case(f"outer_method_{d}", "outer", [r(2, dt=dt), r(3, dt=dt)], method=True)
case("dot_kw", "dot", [r(3)], {"tensor": r(3)})
case("dot_long", "dot", [ri(4), ri(4)])
case("dot_empty", "dot", [r(0), r(0)])
case("dot_view", "dot", [View(r(2, 3), "select", 1, 1), r(2)])
case("dot_2d", "dot", [r(2, 3), r(2, 3)], error=True)
case("dot_0d", "dot", [r(), r(3)], error=True)
case("dot_dtype", "dot", [r(3), r(4, dt=F64)], error=True)
case("dot_size", "dot", [r(3), r(4)], error=True)
case("dot_bool", "dot", [rb(3), rb(3)], error=True)
case("mv_long", "mv", [ri(2, 3), ri(3)])
case("mv_empty", "mv", [r(2, 0), r(0)])
case("mv_view", "mv", [View(r(4, 3), "t"), r(4)])
case("mv_size", "mv", [r(2, 3), r(4)], error=True)
case("mv_vec_2d", "mv", [r(2, 3), r(3, 1)], error=True)
case("mv_mat_1d", "mv", [r(3), r(3)], error=True)
case("mv_mat_0d", "mv", [r(), r(3)], error=True)
case("mv_dtype", "mv", [r(2, 3), r(3, dt=F64)], error=True)
case("mv_size_before_dtype", "mv", [r(2, 3), r(4, dt=F64)], error=True)
case("mv_bool", "mv", [rb(2, 3), rb(3)], error=True)
case("mm_long", "mm", [ri(2, 3), ri(3, 2)])
case("mm_empty_k", "mm", [r(2, 0), r(0, 3)])
case("mm_empty_m", "mm", [r(0, 3), r(3, 2)])
case("mm_view", "mm", [View(r(3, 2), "t"), View(r(4, 3), "t")])
case("mm_vec", "mm", [r(2, 3), r(3)], error=True)
case("mm_self_vec", "mm", [r(3), r(3, 2)], error=True)
case("mm_shapes", "mm", [r(2, 3), r(4, 2)], error=True)
case("mm_dtype", "mm", [r(2, 3), r(3, 2, dt=F64)], error=True)
case("mm_dtype_long", "mm", [ri(2, 3), r(3, 2)], error=True)
case("mm_bool", "mm", [rb(2, 3), rb(3, 2)], error=True)
case("bmm_long", "bmm", [ri(2, 2, 3), ri(2, 3, 2)])
case("bmm_empty_batch", "bmm", [r(0, 2, 3), r(0, 3, 4)])
case("bmm_empty_k", "bmm", [r(2, 2, 0), r(2, 0, 4)])
case("bmm_view", "bmm", [View(r(3, 2, 4), "transpose", 0, 1), r(2, 4, 2)])
case("bmm_2d", "bmm", [r(2, 3), r(3, 4)], error=True)
case("bmm_2d_second", "bmm", [r(2, 2, 3), r(2, 3)], error=True)
case("bmm_batch", "bmm", [r(2, 2, 3), r(3, 3, 4)], error=True)
case("bmm_inner", "bmm", [r(2, 2, 3), r(2, 4, 4)], error=True)
case("bmm_dtype", "bmm", [r(2, 2, 3, dt=F64), r(2, 3, 4)], error=True)
case("bmm_bool", "bmm", [rb(2, 2, 3), rb(2, 3, 4)], error=True)
case("outer_promote", "outer", [r(2), r(3, dt=F64)])
case("outer_long_float", "outer", [ri(2), r(3)])
case("outer_long", "outer", [ri(2), ri(3)])
case("outer_2d", "outer", [r(2, 2), r(3)], error=True)
case("outer_0d", "outer", [r(2), r()], error=True)
case("ger", "ger", [r(2), r(3)])

# ---- addmm / baddbmm ----
for dt in [F32, F64]:
    d = NAMES[dt]
    case(f"addmm_{d}", "addmm", [r(2, 4, dt=dt), r(2, 3, dt=dt), r(3, 4, dt=dt)])
    case(f"addmm_beta_alpha_{d}", "addmm", [r(2, 4, dt=dt), r(2, 3, dt=dt), r(3, 4, dt=dt)], {"beta": 0.5, "alpha": -2})
    case(f"addmm_row_{d}", "addmm", [r(4, dt=dt), r(2, 3, dt=dt), r(3, 4, dt=dt)], {"alpha": 3})
    case(f"addmm_method_{d}", "addmm", [r(2, 1, dt=dt), r(2, 3, dt=dt), r(3, 4, dt=dt)], {"beta": 2}, method=True)
    case(f"baddbmm_{d}", "baddbmm", [r(2, 2, 4, dt=dt), r(2, 2, 3, dt=dt), r(2, 3, 4, dt=dt)])
    case(f"baddbmm_beta_alpha_{d}", "baddbmm", [r(4, dt=dt), r(2, 2, 3, dt=dt), r(2, 3, 4, dt=dt)], {"beta": -1.5, "alpha": 0.25})
    case(f"baddbmm_method_{d}", "baddbmm", [r(1, 2, 1, dt=dt), r(3, 2, 3, dt=dt), r(3, 3, 2, dt=dt)], {"alpha": 2}, method=True)
case("addmm_0d", "addmm", [r(), r(2, 3), r(3, 4)])
case("addmm_beta0_nan", "addmm", [torch.full((2, 2), NAN, requires_grad=True), r(2, 3), r(3, 2)], {"beta": 0})
case("addmm_alpha0_nan", "addmm", [r(2, 2), torch.full((2, 3), NAN), r(3, 2)], {"alpha": 0})
case("addmm_long", "addmm", [ri(2, 2), ri(2, 3), ri(3, 2)], {"beta": 2.7, "alpha": -1.9})
case("addmm_long_half", "addmm", [ri(2, 2), ri(2, 3), ri(3, 2)], {"beta": 0.5})
case("addmm_bool_beta", "addmm", [r(2, 2), r(2, 3), r(3, 2)], {"beta": True})
case("addmm_positional_beta", "addmm", [r(2, 2), r(2, 3), r(3, 2), 2, 3], error=True)
case("addmm_bad_input", "addmm", [r(3), r(2, 3), r(3, 4)], error=True)
case("addmm_input_3d", "addmm", [r(1, 2, 4), r(2, 3), r(3, 4)], error=True)
case("addmm_vec", "addmm", [r(2, 4), r(2, 3), r(3)], error=True)
case("addmm_mat1_vec", "addmm", [r(2, 4), r(3), r(3, 4)], error=True)
case("addmm_shapes", "addmm", [r(2, 4), r(2, 3), r(2, 4)], error=True)
case("addmm_self_dtype", "addmm", [r(2, 4, dt=F64), r(2, 3), r(3, 4)], error=True)
case("addmm_mat1_dtype", "addmm", [r(2, 4), r(2, 3, dt=F64), r(3, 4)], error=True)
case("addmm_bool", "addmm", [rb(2, 2), rb(2, 2), rb(2, 2)], error=True)
case("addmm_beta_str", "addmm", [r(2, 2), r(2, 2), r(2, 2)], {"beta": "a"}, error=True)
case("baddbmm_beta0_nan", "baddbmm", [torch.full((1, 2, 2), NAN), r(1, 2, 3), r(1, 3, 2)], {"beta": 0})
case("baddbmm_long", "baddbmm", [ri(2, 2, 2), ri(2, 2, 3), ri(2, 3, 2)], {"beta": 2.7, "alpha": -1.9})
case("baddbmm_input_f64", "baddbmm", [r(2, 2, 4, dt=F64), r(2, 2, 3), r(2, 3, 4)])
case("baddbmm_bad_input", "baddbmm", [r(3, 2, 4), r(2, 2, 3), r(2, 3, 4)], error=True)
case("baddbmm_batch1_2d", "baddbmm", [r(2, 2, 4), r(2, 3), r(2, 3, 4)], error=True)
case("baddbmm_batch1_1d", "baddbmm", [r(2, 2, 4), r(2), r(2, 3, 4)], error=True)
case("baddbmm_batch2_2d", "baddbmm", [r(2, 2, 4), r(2, 2, 3), r(2, 3)], error=True)
case("baddbmm_batch1_2d_fits", "baddbmm", [r(4), r(2, 3), r(2, 3, 4)], error=True)
case("baddbmm_inner", "baddbmm", [r(4), r(2, 2, 3), r(2, 4, 4)], error=True)
case("baddbmm_dtype", "baddbmm", [r(2, 2, 4), r(2, 2, 3), r(2, 3, 4, dt=F64)], error=True)
case("baddbmm_bool", "baddbmm", [rb(2, 2, 2), rb(2, 2, 2), rb(2, 2, 2)], error=True)

# ---- matmul: every route ATen takes ----
for dt in [F32, F64]:
    d = NAMES[dt]
    case(f"matmul_1d_1d_{d}", "matmul", [r(4, dt=dt), r(4, dt=dt)])
    case(f"matmul_2d_1d_{d}", "matmul", [r(3, 4, dt=dt), r(4, dt=dt)])
    case(f"matmul_1d_2d_{d}", "matmul", [r(3, dt=dt), r(3, 4, dt=dt)])
    case(f"matmul_2d_2d_{d}", "matmul", [r(2, 3, dt=dt), r(3, 4, dt=dt)])
    case(f"matmul_3d_2d_{d}", "matmul", [r(5, 2, 3, dt=dt), r(3, 4, dt=dt)])
    case(f"matmul_3d_1d_{d}", "matmul", [r(5, 2, 3, dt=dt), r(3, dt=dt)])
    case(f"matmul_1d_3d_{d}", "matmul", [r(3, dt=dt), r(5, 3, 4, dt=dt)])
    case(f"matmul_2d_3d_{d}", "matmul", [r(2, 3, dt=dt), r(5, 3, 4, dt=dt)])
    case(f"matmul_3d_3d_{d}", "matmul", [r(5, 2, 3, dt=dt), r(5, 3, 4, dt=dt)])
    case(f"matmul_4d_3d_bcast_{d}", "matmul", [r(2, 1, 2, 3, dt=dt), r(5, 3, 4, dt=dt)])
    case(f"matmul_method_{d}", "matmul", [r(2, 2, 3, dt=dt), r(1, 3, 2, dt=dt)], method=True)
case("matmul_4d_2d", "matmul", [r(2, 3, 2, 3), r(3, 4)])
case("matmul_2d_4d", "matmul", [r(2, 3), r(2, 3, 3, 4)])
case("matmul_1d_4d", "matmul", [r(3), r(2, 2, 3, 4)])
case("matmul_3d_1d_bcast_batch", "matmul", [r(1, 2, 3), r(4, 3, 2)])
case("matmul_3d_transposed_2d", "matmul", [View(r(5, 3, 2), "transpose", 1, 2), r(3, 4)])
case("matmul_3d_transposed_1d", "matmul", [View(r(5, 3, 2), "transpose", 1, 2), r(3)])
case("matmul_2d_3d_transposed", "matmul", [r(2, 3), View(r(5, 4, 3), "transpose", 1, 2)])
case("matmul_2d_3d_permuted", "matmul", [r(2, 3), View(r(3, 5, 4), "permute", 1, 0, 2)])
case("matmul_2d_4d_transposed", "matmul", [r(2, 3), View(r(5, 2, 4, 3), "transpose", -1, -2)])
case("matmul_3d_2d_one_col", "matmul", [r(2, 2, 3), r(3, 1)])
case("matmul_2d_3d_one_row", "matmul", [r(1, 3), r(2, 3, 4)])
case("matmul_empty_batch", "matmul", [r(0, 2, 3), r(3, 4)])
case("matmul_empty_k", "matmul", [r(2, 0), r(0, 3)])
case("matmul_long", "matmul", [ri(2, 2, 3), ri(2, 3, 2)])
case("matmul_long_1d", "matmul", [ri(3), ri(3)])
case("matmul_long_fold", "matmul", [ri(2, 2, 3), ri(3)])
case("matmul_kw", "matmul", [r(2, 3)], {"other": r(3, 2)})
case("matmul_0d", "matmul", [r(), r(3)], error=True)
case("matmul_1d_1d_size", "matmul", [r(3), r(4)], error=True)
case("matmul_2d_1d_size", "matmul", [r(2, 3), r(4)], error=True)
case("matmul_1d_2d_size", "matmul", [r(3), r(4, 5)], error=True)
case("matmul_2d_2d_size", "matmul", [r(2, 3), r(4, 5)], error=True)
case("matmul_3d_2d_size", "matmul", [r(5, 2, 3), r(4, 5)], error=True)
case("matmul_3d_1d_size", "matmul", [r(5, 2, 3), r(4)], error=True)
case("matmul_1d_3d_size", "matmul", [r(4), r(5, 3, 4)], error=True)
case("matmul_2d_3d_size", "matmul", [r(2, 4), r(5, 3, 4)], error=True)
case("matmul_2d_3d_transposed_size", "matmul", [r(2, 4), View(r(5, 4, 3), "transpose", 1, 2)], error=True)
case("matmul_3d_3d_size", "matmul", [r(5, 2, 3), r(5, 4, 4)], error=True)
case("matmul_4d_3d_size", "matmul", [r(2, 1, 2, 3), r(5, 4, 4)], error=True)
case("matmul_batch_bcast", "matmul", [r(2, 2, 3), r(5, 3, 4)], error=True)
case("matmul_batch_bcast_4d", "matmul", [r(7, 2, 2, 3), r(5, 3, 4)], error=True)
case("matmul_dtype_2d", "matmul", [r(2, 3), r(3, 4, dt=F64)], error=True)
case("matmul_dtype_1d", "matmul", [r(3), r(3, dt=F64)], error=True)
case("matmul_dtype_2d_1d", "matmul", [r(2, 3), r(3, dt=F64)], error=True)
case("matmul_dtype_1d_2d", "matmul", [r(3), r(3, 4, dt=F64)], error=True)
case("matmul_dtype_3d_2d", "matmul", [r(5, 2, 3), r(3, 4, dt=F64)], error=True)
case("matmul_dtype_2d_3d", "matmul", [r(2, 3), r(5, 3, 4, dt=F64)], error=True)
case("matmul_dtype_1d_3d", "matmul", [r(3), r(5, 3, 4, dt=F64)], error=True)
case("matmul_dtype_3d_3d", "matmul", [r(5, 2, 3), r(5, 3, 4, dt=F64)], error=True)
case("matmul_dtype_long_float", "matmul", [ri(5, 2, 3), r(5, 3, 4)], error=True)
case("matmul_bool_3d", "matmul", [rb(5, 2, 3), rb(5, 3, 4)], error=True)
case("matmul_bool_3d_2d", "matmul", [rb(5, 2, 3), rb(3, 4)], error=True)
case("matmul_bool_3d_1d", "matmul", [rb(5, 2, 3), rb(3)], error=True)
case("matmul_bool_2d_1d", "matmul", [rb(2, 3), rb(3)], error=True)
case("matmul_bool_1d", "matmul", [rb(3), rb(3)], error=True)

# ---- einsum ----
EQS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("ij,jk->ki", [(2, 3), (3, 4)]),
    ("ii", [(3, 3)]), ("ii->i", [(3, 3)]), ("ii->", [(3, 3)]), ("iij->j", [(2, 2, 3)]), ("i,j->ij", [(2,), (3,)]),
    ("i,i->", [(3,), (3,)]), ("i,i", [(3,), (3,)]), ("i,i->i", [(3,), (3,)]), ("ij,ij->", [(2, 3), (2, 3)]),
    ("ij,ij->ij", [(2, 3), (2, 3)]), ("bij,bjk->bik", [(5, 2, 3), (5, 3, 4)]), ("bij,bkj->bki", [(5, 2, 3), (5, 4, 3)]),
    ("bij,jk->bik", [(5, 2, 3), (3, 4)]), ("ij,kj->ik", [(2, 3), (4, 3)]), ("ij,j->i", [(2, 3), (3,)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]), ("i,j,k->ijk", [(2,), (3,), (4,)]), ("...ij->...ji", [(5, 2, 3)]),
    ("...ij,...jk", [(2, 3), (3, 4)]), ("ab...,b->a...", [(2, 3, 4, 5), (3,)]), ("...,...->...", [(2, 1), (3,)]),
    ("ij->", [(2, 3)]), ("ij", [(2, 3)]), ("ji", [(2, 3)]), ("ij->j", [(2, 3)]), ("ijk->ij", [(2, 3, 4)]),
    ("ijk->", [(2, 3, 1)]), ("ij...->", [(2, 3)]), ("ij,jk->ik", [(2, 3), (1, 4)]), ("i i -> i", [(3, 3)]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]), ("Ab,bC->AC", [(2, 3), (3, 2)]), ("iji->j", [(2, 3, 2)]),
    ("...i,i...->...", [(2, 3), (3, 2)]), ("i...j,j->i...", [(2, 3, 4), (4,)]),
]
for k, (eq, shapes) in enumerate(EQS):
    case(f"einsum_{k}_{eq}", "einsum", [eq, *[r(*s) for s in shapes]])
case("einsum_f64", "einsum", ["bij,bjk->bik", r(3, 2, 3, dt=F64), r(3, 3, 2, dt=F64)])
case("einsum_list", "einsum", ["ij,jk", [r(2, 3), r(3, 4)]])
case("einsum_list_one", "einsum", ["ij->ji", [r(2, 3)]])
case("einsum_sublist", "einsum", [r(2, 3), [0, 1], r(3, 4), [1, 2], [0, 2]])
case("einsum_sublist_implicit", "einsum", [r(2, 3), [0, 1], r(3, 4), [1, 2]])
case("einsum_sublist_ellipsis", "einsum", [r(2, 3), [0, Ellipsis]])
case("einsum_long", "einsum", ["ij,jk->ik", ri(2, 2), ri(2, 3)])
case("einsum_bool_sum", "einsum", ["ij->", rb(2, 3)])
case("einsum_promote_mul", "einsum", ["ij,ij->ij", r(2, 2, dt=F64), r(2, 2)])
case("einsum_view", "einsum", ["ij,jk->ik", View(r(3, 2), "t"), r(3, 4)])
case("einsum_empty", "einsum", ["ij,jk->ik", r(0, 3), r(3, 4)])
case("einsum_empty_k", "einsum", ["ij,jk->ik", r(2, 0), r(0, 4)])
case("einsum_err_broadcast", "einsum", ["ij,jk->ik", r(2, 3), r(2, 4)], error=True)
case("einsum_err_output_label", "einsum", ["ij->ijk", r(2, 3)], error=True)
case("einsum_err_too_many_subscripts", "einsum", ["ijk", r(2, 3)], error=True)
case("einsum_err_ellipsis_more", "einsum", ["ij...", r(2)], error=True)
case("einsum_err_dot", "einsum", ["i.j", r(2)], error=True)
case("einsum_err_two_ellipses", "einsum", ["......", r(2)], error=True)
case("einsum_err_fewer", "einsum", ["i,j", r(2)], error=True)
case("einsum_err_more", "einsum", ["i", r(2), r(3)], error=True)
case("einsum_err_repeat_size", "einsum", ["ii", r(2, 3)], error=True)
case("einsum_err_bad_char", "einsum", ["i1", r(2, 3)], error=True)
case("einsum_err_bad_output_char", "einsum", ["ij->i1", r(2, 3)], error=True)
case("einsum_err_output_twice", "einsum", ["ij->ii", r(2, 3)], error=True)
case("einsum_err_output_ellipsis_twice", "einsum", ["...i->...i...", r(2, 3)], error=True)
case("einsum_err_output_dot", "einsum", ["...i->..i", r(2, 3)], error=True)
case("einsum_err_ellipsis_broadcast", "einsum", ["...i,...i->...", r(2, 3), r(4, 3)], error=True)
case("einsum_err_no_operands", "einsum", ["ij"], error=True)
case("einsum_err_empty_list", "einsum", ["ij", []], error=True)
case("einsum_err_dtype", "einsum", ["ij,jk->ik", r(2, 2, dt=F64), r(2, 2)], error=True)
case("einsum_err_bool_bmm", "einsum", ["ij,jk->ik", rb(2, 2), rb(2, 2)], error=True)
case("einsum_err_sublist_range", "einsum", [r(2, 3), [0, 52]], error=True)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "cases_shape_linalg.json")
with open(path, "w") as f:
    json.dump({"generator": "PyTorch " + torch.__version__, "replayed_by": "test/shape_linalg.test.mjs", "cases": cases},
              f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(f"{len(cases)} cases -> {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")
