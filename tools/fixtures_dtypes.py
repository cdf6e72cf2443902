#!/usr/bin/python3
"""PyTorch-generated cases for the integer and bool dtypes: int32, int16, int8, uint8 beside
float32, float64, int64 and bool. Writes test/fixtures/cases_dtypes.json, replayed by
test/dtypes.test.mjs.

usage: /usr/bin/python3 tools/fixtures_dtypes.py

The file holds
- promote_types and can_cast over every pair of the eight dtypes;
- result_type over operand pairs: tensors with dimensions, 0-dim tensors, Python ints, floats and
  bools (floats are never integral, since JavaScript cannot tell 2.0 from 2);
- cases: one call each, `torch.<fn>(*args, **kwargs)` ("torch") or `args[0].<fn>(*args[1:], **kwargs)`
  ("method"), with what came back: a tensor, a Python value (a dtype's name, a string, a list), or
  an error (class and message), the warnings it raised, and its repr where asked;
- safetensors: a file written here with struct + json in the integer and bool dtypes (base64), and
  the tensors it holds.
Arguments: {"tensor": spec}, {"dtype": name}, {"float": "inf" | "-inf" | "nan"} or a plain JSON value.
"""
import base64
import json
import os
import struct
import warnings

import torch
import torch.nn.functional as F

from fixture_spec import DTYPES, DT as NAME, enc as enc_any, spec, start_case  # noqa: E402 - shared with tools/fixtures_reductions.py

INTS = [torch.uint8, torch.int8, torch.int16, torch.int32]
INF, NAN = float("inf"), float("nan")


def enc(a):
    return enc_any(a, strict=True)


def value(v):
    """A non-tensor result as JSON: dtypes by name, lists as lists."""
    if isinstance(v, torch.dtype):
        return {"dtype": NAME[v]}
    return {"value": v}


def clean(msg):
    # C++ warnings end with where they were raised; that is not part of the message
    return msg.split(" (Triggered internally at")[0]


cases, ids = [], set()


def case(cid, fn, args, kwargs=None, method=False, error=False, repr_=False, seed=None, grads=False, functional=False):
    """Runs the call in PyTorch and records it. error: whether an error is expected (a mismatch aborts;
    None records whichever happens, for the sweeps)."""
    kwargs = kwargs or {}
    c, leaves = start_case(ids, cid, fn, args, kwargs, method, strict=True)
    if functional:
        c["call"] = "F"
    if seed is not None:
        c["seed"] = seed
        torch.manual_seed(seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if method:
                out = getattr(leaves[0], fn)(*leaves[1:], **kwargs)
            else:
                out = getattr(F if functional else torch, fn)(*leaves, **kwargs)
        except Exception as e:  # noqa: BLE001 - every PyTorch error is recorded
            assert error is not False, f"{cid}: {type(e).__name__}: {e}"
            c["expect"] = {"error": {"type": type(e).__name__, "message": str(e).split("\nException raised from")[0]}}
            cases.append(c)
            return
    assert error is not True, f"{cid}: expected an error, got {out!r}"
    c["expect"] = {"tensor": spec(out)} if isinstance(out, torch.Tensor) else value(out)
    ws = [clean(str(w.message)) for w in caught]
    if ws:
        c["expect"]["warnings"] = ws
    if repr_:
        c["expect"]["repr"] = repr(out)
    if grads:
        go = torch.randn(out.shape, dtype=out.dtype)
        (out * go).sum().backward()
        c["grad_output"] = spec(go)
        c["expect"]["grads"] = {str(i): spec(a.grad) for i, a in enumerate(leaves) if isinstance(a, torch.Tensor) and a.requires_grad}
    cases.append(c)


def T(data, dt):
    return torch.tensor(data, dtype=dt)


# ---- creation ----
for dt in INTS + [torch.bool]:
    n = NAME[dt]
    case(f"tensor_{n}", "tensor", [[1, 0, 2.7, -1.5 if dt != torch.uint8 else 3.5, True]], {"dtype": dt})
    case(f"zeros_{n}", "zeros", [2, 3], {"dtype": dt}, repr_=True)
    case(f"ones_{n}", "ones", [[2]], {"dtype": dt}, repr_=True)
    case(f"full_{n}", "full", [[2], 7], {"dtype": dt})
    case(f"full_bool_value_{n}", "full", [[2], True], {"dtype": dt})
    case(f"empty_{n}", "empty", [0], {"dtype": dt}, repr_=True)
    case(f"zeros_like_{n}", "zeros_like", [torch.ones(2, 2)], {"dtype": dt})
    case(f"rand_{n}", "rand", [2], {"dtype": dt}, error=True)
    case(f"randn_{n}", "randn", [2], {"dtype": dt}, error=True)
for dt in INTS:
    n = NAME[dt]
    case(f"randint_{n}", "randint", [0, 100, [5]], {"dtype": dt}, seed=3)
    case(f"randperm_{n}", "randperm", [6], {"dtype": dt}, seed=4)
    case(f"arange_{n}", "arange", [-3, 5], {"dtype": dt} if dt != torch.uint8 else {"dtype": dt})
case("randint_bool", "randint", [0, 2, [6]], {"dtype": torch.bool}, seed=5)
case("randint_bool_too_wide", "randint", [0, 3, [6]], {"dtype": torch.bool}, error=True)
case("randint_uint8_to", "randint", [0, 300, [3]], {"dtype": torch.uint8}, error=True)
case("randint_uint8_from", "randint", [-5, 5, [3]], {"dtype": torch.uint8}, error=True)
case("randint_int8_to", "randint", [0, 200, [3]], {"dtype": torch.int8}, error=True)
case("randint_int8_from", "randint", [-129, 5, [3]], {"dtype": torch.int8}, error=True)
case("randint_int16_to", "randint", [0, 40000, [3]], {"dtype": torch.int16}, error=True)
case("randint_int32_full_range", "randint", [0, 2 ** 31, [3]], {"dtype": torch.int32}, seed=6)
case("randint_int32_to", "randint", [0, 2 ** 31 + 1, [3]], {"dtype": torch.int32}, error=True)
case("arange_uint8_wraps", "arange", [250, 260, 3], {"dtype": torch.uint8})
case("arange_uint8_step", "arange", [0, 300, 50], {"dtype": torch.uint8})
case("arange_int32_step_truncates_to_zero", "arange", [0, 2.5, 0.5], {"dtype": torch.int32}, error=True)
case("arange_int32_fractional_start", "arange", [0.5, 3], {"dtype": torch.int32})
case("arange_int64_fractional_start", "arange", [0.5, 3], {"dtype": torch.int64})
case("arange_int8_fractional_step", "arange", [-3, 3, 1.5], {"dtype": torch.int8})
case("arange_bool", "arange", [5], {"dtype": torch.bool}, error=True)
# a Python scalar stored into a dtype is checked (c10's overflow rules; unsigned takes -255..255)
for dt, vals in [(torch.uint8, [300, -255, -256, -1.5, 255.5, INF, NAN]), (torch.int8, [127, -128, 128, -129, -128.5]),
                 (torch.int16, [40000, -1.5]), (torch.int32, [2 ** 31, -2 ** 31, 255.5]), (torch.int64, [INF, NAN, -2.5]),
                 (torch.float32, [1e40, -1e39, INF]), (torch.bool, [300, NAN])]:
    for v in vals:
        label = str(v).replace('.', 'p').replace('-', 'm')
        bad = {torch.uint8: [300, -256, -1.5, 255.5, INF, NAN], torch.int8: [128, -129, -128.5], torch.int16: [40000],
               torch.int32: [2 ** 31], torch.int64: [INF, NAN], torch.float32: [1e40, -1e39]}.get(dt, [])
        err = any(v == b or (v != v and b != b) for b in bad)
        case(f"full_{NAME[dt]}_{label}", "full", [[1], v], {"dtype": dt}, error=err)
        case(f"tensor_{NAME[dt]}_{label}", "tensor", [[v]], {"dtype": dt}, error=err and dt != torch.float32)
        case(f"fill_{NAME[dt]}_{label}", "fill_", [torch.zeros(1, dtype=dt), v], method=True, error=err)

# ---- conversions: float -> integer (truncation, then x86's out-of-range results), integer -> integer (wrapping) ----
SPECIAL = [-1.0, 300.5, -300.5, NAN, INF, -INF, 1e10 + 1, -1e10 - 3, 3e9, 2.0 ** 31 + 5, -2.0 ** 31 - 5, 70000.7, 2.0 ** 63,
           1e20, 128.9, -129.2, 0.0, -0.0, 2.5, -2.5]
for src in [torch.float32, torch.float64]:
    x = T(SPECIAL, src)
    for dt in DTYPES:
        case(f"to_{NAME[dt]}_from_{NAME[src]}", "to", [x, dt], method=True)
INTVALS = [0, 1, -1, 127, 128, -128, -129, 255, 256, 300, -300, 32767, 32768, -32769, 70000, 2 ** 31 - 1, 2 ** 31, -2 ** 31 - 1,
           3 * 10 ** 9, 2 ** 40 + 7, -(2 ** 40) - 7]
for dt in DTYPES:
    case(f"to_{NAME[dt]}_from_int64", "to", [T(INTVALS, torch.int64), dt], method=True)
    case(f"to_{NAME[dt]}_from_uint8", "to", [T([0, 1, 127, 128, 200, 255], torch.uint8), dt], method=True)
    case(f"to_{NAME[dt]}_from_int8", "to", [T([0, 1, -1, 127, -128], torch.int8), dt], method=True)
    case(f"to_{NAME[dt]}_from_bool", "to", [T([True, False], torch.bool), dt], method=True)
    case(f"to_{NAME[dt]}_from_int32", "to", [T([2 ** 31 - 1, -2 ** 31, 16777217, 70000, -300], torch.int32), dt], method=True)
mixed = T([[1.5, -2.7], [300.2, -0.5]], torch.float32)
for m in ["int", "short", "char", "byte", "bool", "long", "float", "double"]:
    case(f"method_{m}", m, [mixed], method=True)
    case(f"type_name_after_{m}", "type", [getattr(mixed, m)()], method=True)
case("type_dtype", "type", [mixed, torch.int16], method=True)
case("type_string", "type", [mixed, "torch.ByteTensor"], method=True)
case("type_string_bad", "type", [mixed, "torch.int32"], method=True, error=True)
case("type_keyword", "type", [mixed], {"dtype": torch.float64}, method=True)
case("to_keeps_no_grad", "to", [torch.tensor([1.5, 2.5], requires_grad=True), torch.int32], method=True)
case("to_float_from_int_grad_path", "to", [torch.tensor([1.5, -2.5], dtype=torch.float64, requires_grad=True), torch.float32],
     method=True, grads=True)

# ---- arithmetic: results wrap at the dtype's width ----
u = T([200, 10, 0, 255], torch.uint8)
i8 = T([127, -128, 5, -7], torch.int8)
i16 = T([32767, -32768, 300, -3], torch.int16)
i32 = T([2 ** 31 - 1, -2 ** 31, 46341, -7], torch.int32)
b = T([True, False, True, False], torch.bool)
for n, x in [("uint8", u), ("int8", i8), ("int16", i16), ("int32", i32)]:
    case(f"add_scalar_{n}", "add", [x, 100], method=True)
    case(f"add_self_{n}", "add", [x, x], method=True)
    case(f"sub_scalar_{n}", "sub", [x, 250], method=True)
    case(f"mul_self_{n}", "mul", [x, x], method=True)
    case(f"mul_scalar_{n}", "mul", [x, 3], method=True)
    case(f"neg_{n}", "neg", [x], method=True)
    case(f"abs_{n}", "abs", [x], method=True)
    case(f"div_{n}", "div", [x, 3], method=True)
    case(f"div_tensor_{n}", "div", [x, T([3, 7, 2, 1], torch.int64)], method=True)
    case(f"mul_float_{n}", "mul", [x, 1.5], method=True)
    case(f"add_0dim_float64_{n}", "add", [x, torch.tensor(2.5, dtype=torch.float64)], method=True)
    case(f"add_0dim_int64_{n}", "add", [x, torch.tensor(1000)], method=True)
    case(f"add_1dim_int64_{n}", "add", [x, torch.tensor([1000])], method=True)
    case(f"pow_{n}", "pow", [x, 2], method=True)
    case(f"pow_negative_{n}", "pow", [x, -1], method=True, error=True)
    case(f"pow_float_{n}", "pow", [x, 0.5], method=True)
    case(f"sqrt_{n}", "sqrt", [x], method=True)
    case(f"exp_{n}", "exp", [x[2:]], method=True)
    case(f"relu_{n}", "relu", [x], method=True)
    case(f"clamp_{n}", "clamp", [x, 5 if n == "uint8" else -5, 100], method=True)
    case(f"clamp_float_bound_{n}", "clamp", [x], {"min": 3.5}, method=True)
    case(f"maximum_{n}_float", "maximum", [x, T([1.5, 2.5, 3.5, 4.5], torch.float32)])
    case(f"add_alpha_{n}", "add", [x, x], {"alpha": 2}, method=True)
    case(f"add_alpha_float_{n}", "add", [x, x], {"alpha": 0.5}, method=True, error=True)
    case(f"add_alpha_bool_{n}", "add", [x, x], {"alpha": True}, method=True, error=True)
    case(f"add_inplace_float_{n}", "add_", [x, 1.5], method=True, error=True)
    case(f"div_inplace_{n}", "div_", [x, 2], method=True, error=True)
    case(f"add_inplace_{n}", "add_", [x, 100], method=True)
    case(f"mul_inplace_{n}", "mul_", [x, 3], method=True)
case("pow_int32_wraps", "pow", [T([3, -3, 7], torch.int32), 21], method=True)
case("pow_scalar_base_uint8", "pow", [2, T([3, 8, 9], torch.uint8)])
case("clamp_uint8_overflow", "clamp", [u, 100, 300], error=True)
case("clamp_uint8_minus_one", "clamp", [u], {"min": -1})
case("clamp_int8_nan_bound", "clamp", [i8], {"max": NAN})
case("clamp_bool", "clamp", [b], {"max": 1})
case("clamp_float_overflow", "clamp", [T([1.5], torch.float32), 1e40], error=True)
case("add_uint8_int8", "add", [u, i8])
case("sub_0dim_uint8_int8", "sub", [torch.tensor(5, dtype=torch.uint8), T([3, 9], torch.int8)])
case("mul_int16_uint8", "mul", [i16, u])
case("add_int32_float32_rounds", "add", [T([16777217, 3], torch.int32), T([0.0, 0.5], torch.float32)])
case("maximum_uint8_int8", "maximum", [u, i8])
case("minimum_bool_bool", "minimum", [b, T([True, True, False, False], torch.bool)])
# bool arithmetic
b2 = T([True, True, False, False], torch.bool)
case("add_bool_bool", "add", [b, b2])
case("mul_bool_bool", "mul", [b, b2])
case("add_bool_true", "add", [b, True])
case("mul_bool_scalar_true", "mul", [b, True])
case("add_bool_int", "add", [b, 1])
case("mul_bool_float", "mul", [b, 2.5])
case("div_bool_bool", "div", [b, b2])
case("add_bool_alpha_true", "add", [b, b2], {"alpha": True})
case("add_bool_alpha_float", "add", [b, b2], {"alpha": 0.5}, error=True)
case("sub_bool_bool", "sub", [b, b2], error=True)
case("sub_bool_true", "sub", [b, True], error=True)
case("sub_bool_int", "sub", [b, 1], error=True)
case("sub_int_bool", "sub", [T([1, 2], torch.int64), T([True, False], torch.bool)], error=True)
case("neg_bool", "neg", [b], error=True)
case("abs_bool", "abs", [b], error=True)
case("relu_bool", "relu", [b], error=True)
case("pow_bool", "pow", [b, 2])
case("pow_bool_bool", "pow", [b, b2], error=True)
case("add_inplace_bool_int", "add_", [b, 1], method=True, error=True)
case("mul_inplace_bool_bool", "mul_", [b, b2], method=True)

# ---- comparisons: bool results, computed in the operands' common dtype ----
case("eq_uint8_300", "eq", [T([44, 200], torch.uint8), 300])
case("gt_uint8_minus_one", "gt", [T([44, 200], torch.uint8), -1])
case("lt_int8_1000", "lt", [T([127, -128], torch.int8), 1000])
case("eq_int8_0dim_383", "eq", [T([127, -128], torch.int8), torch.tensor(383)])
case("eq_int64_float32", "eq", [T([16777217], torch.int64), T([16777216.0], torch.float32)])
case("eq_int64_float_scalar", "eq", [T([16777217, 3], torch.int64), 16777216.5])
case("ge_uint8_int8", "ge", [u, i8])
case("ne_bool_int", "ne", [b, T([1, 0, 0, 2], torch.int64)])
case("lt_int32_float", "lt", [i32, 0.5])

# ---- where ----
case("where_uint8_scalar_overflow", "where", [b, u, 300], error=True)
case("where_int8_float", "where", [b, i8, 2.5])
case("where_ints", "where", [b, 1, 2])
case("where_bools", "where", [b, True, False])
case("where_uint8_0dim", "where", [b, u, torch.tensor(1000)])
case("where_uint8_int8", "where", [b, u, i8])
case("where_uint8_condition", "where", [T([1, 0, 2, 0], torch.uint8), i8, 0])
case("where_int_condition", "where", [T([1, 0, 2, 0], torch.int32), i8, 0], error=True)

# ---- reductions: result dtypes ----
for n, x in [("uint8", u), ("int8", i8), ("int16", i16), ("int32", i32), ("bool", b)]:
    case(f"sum_{n}", "sum", [x])
    case(f"sum_dim_{n}", "sum", [x.reshape(2, 2), 1])
    case(f"mean_{n}", "mean", [x], error=True)
    case(f"mean_dtype_{n}", "mean", [x], {"dtype": torch.float64})
    case(f"prod_{n}", "prod", [x[1:] if n == "int32" else x])  # int64 products past 2^53 are not exact here
    case(f"cumsum_{n}", "cumsum", [x, 0])
    case(f"max_{n}", "max", [x])
    case(f"min_{n}", "min", [x])
    case(f"argmax_{n}", "argmax", [x], error=n == "bool")
    case(f"amax_{n}", "amax", [x.reshape(2, 2), 0])
    case(f"count_nonzero_{n}", "count_nonzero", [x])
    case(f"all_{n}", "all", [x])
    case(f"any_{n}", "any", [x])
case("sum_uint8_dtype_uint8", "sum", [T([200, 100], torch.uint8)], {"dtype": torch.uint8})
case("sum_int8_dtype_int8", "sum", [T([127, -128, -1, 127], torch.int8)], {"dtype": torch.int8})
case("sum_int32_dtype_int32", "sum", [i32], {"dtype": torch.int32})
case("prod_uint8_dtype_uint8", "prod", [T([10, 20, 3], torch.uint8)], {"dtype": torch.uint8})
case("cumsum_uint8_dtype_uint8", "cumsum", [T([200, 100, 10], torch.uint8), 0], {"dtype": torch.uint8})
case("cumprod_int32", "cumprod", [T([1, 2, 3], torch.int32), 0])

# ---- printing ----
for dt in DTYPES:
    n = NAME[dt]
    case(f"repr_{n}", "tensor", [[1, 0, 2]], {"dtype": dt}, repr_=True)
    case(f"repr_0dim_{n}", "tensor", [3], {"dtype": dt}, repr_=True)
    case(f"repr_empty_{n}", "zeros", [2, 0], {"dtype": dt}, repr_=True)
case("repr_int8_matrix", "tensor", [[[1, -100], [3, 4]]], {"dtype": torch.int8}, repr_=True)
case("repr_int32_summarized", "arange", [2000], {"dtype": torch.int32}, repr_=True)
case("repr_uint8_summarized_matrix", "ones", [40, 40], {"dtype": torch.uint8}, repr_=True)
case("repr_bool_matrix", "tensor", [[[True, False], [True, True]]], repr_=True)
case("repr_bool_all_true", "tensor", [[True, True]], repr_=True)
case("repr_int16_negative", "tensor", [[-32768, 5, 32767]], {"dtype": torch.int16}, repr_=True)
case("tolist_bool", "tolist", [b.reshape(2, 2)], method=True)
case("tolist_bool_0dim", "tolist", [torch.tensor(True)], method=True)
case("tolist_uint8", "tolist", [u], method=True)

# ---- losses: nll_loss / cross_entropy read uint8 targets for 1-D and 2-D inputs ----
torch.manual_seed(7)
lp = F.log_softmax(torch.randn(3, 5, dtype=torch.float64), 1).requires_grad_(True)
logits = torch.randn(3, 5, dtype=torch.float64, requires_grad=True)
t8 = T([1, 0, 4], torch.uint8)
case("nll_loss_uint8", "nll_loss", [lp, t8], grads=True, functional=True)
case("nll_loss_uint8_sum_ignore", "nll_loss", [lp, t8], {"reduction": "sum", "ignore_index": 0}, grads=True, functional=True)
case("nll_loss_uint8_none", "nll_loss", [lp, t8], {"reduction": "none"}, grads=True, functional=True)
case("nll_loss_uint8_1d", "nll_loss", [lp[0].detach().requires_grad_(True), torch.tensor(4, dtype=torch.uint8)], grads=True, functional=True)
case("nll_loss_uint8_out_of_bounds", "nll_loss", [lp, T([1, 0, 9], torch.uint8)], error=True, functional=True)
case("nll_loss_int32", "nll_loss", [lp, t8.int()], error=True, functional=True)
case("nll_loss_int16", "nll_loss", [lp, t8.short()], error=True, functional=True)
case("nll_loss_bool", "nll_loss", [lp, t8.bool()], error=True, functional=True)
case("nll_loss2d_uint8", "nll_loss", [torch.randn(2, 3, 2, 2, dtype=torch.float64), torch.randint(0, 3, (2, 2, 2)).byte()], error=True, functional=True)
case("cross_entropy_uint8", "cross_entropy", [logits, t8], grads=True, functional=True)
case("cross_entropy_uint8_smoothing", "cross_entropy", [logits, t8], {"label_smoothing": 0.1}, grads=True, functional=True)
case("cross_entropy_int32", "cross_entropy", [logits, t8.int()], error=True, functional=True)
case("cross_entropy_uint8_probabilities", "cross_entropy", [logits, torch.ones(3, 5, dtype=torch.uint8)], error=True, functional=True)

# ---- masks and indices ----
x = torch.arange(6.0).reshape(2, 3)
m = T([[1, 0, 1], [0, 0, 1]], torch.uint8)
case("masked_fill_uint8_mask", "masked_fill", [x, m, 7.5], method=True)
case("masked_fill_int32_mask", "masked_fill", [x, m.int(), 7.5], method=True)
case("masked_fill_uint8_value_overflow", "masked_fill", [T([1, 2], torch.uint8), T([True, False], torch.bool), 300], method=True, error=True)
case("masked_fill_uint8_value_wraps_negative", "masked_fill", [T([1, 2], torch.uint8), T([True, False], torch.bool), -1], method=True)
case("masked_select_uint8_mask", "masked_select", [x, m], method=True)
case("masked_select_int32_mask", "masked_select", [x, m.int()], method=True, error=True)


def index_case(cid, x, idx, error=False):
    """x[idx] (the replay calls x.get(...idx))."""
    c = {"id": cid, "fn": "get", "call": "method", "args": [enc(x)] + [":" if isinstance(i, slice) else enc(i) for i in idx], "kwargs": {}}
    assert cid not in ids
    ids.add(cid)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = x[tuple(idx)] if len(idx) > 1 else x[idx[0]]
        except Exception as e:  # noqa: BLE001
            assert error, f"{cid}: {e}"
            c["expect"] = {"error": {"type": type(e).__name__, "message": str(e)}}
            cases.append(c)
            return
    assert not error, cid
    c["expect"] = {"tensor": spec(out)}
    ws = [clean(str(w.message)) for w in caught]
    if ws:
        c["expect"]["warnings"] = ws
    cases.append(c)


index_case("index_uint8_mask", x, [m])
index_case("index_uint8_vector", x, [T([1, 0], torch.uint8)])
index_case("index_uint8_0dim", x, [torch.tensor(1, dtype=torch.uint8)])
index_case("index_int32_0dim", x, [torch.tensor(1, dtype=torch.int32)])
index_case("index_int16_0dim", x, [torch.tensor(-1, dtype=torch.int16)])
index_case("index_int32_vector", x, [T([1, 0], torch.int32)], error=True)
index_case("index_int8_vector", x, [T([1, 0], torch.int8)], error=True)
index_case("index_uint8_row_mask", x, [slice(None), T([1, 0, 1], torch.uint8)])
case("index_select_int32", "index_select", [x, 0, T([1, 0, 1], torch.int32)])
case("index_select_uint8", "index_select", [x, 0, T([1, 0], torch.uint8)], error=True)
case("index_select_float", "index_select", [x, 0, T([1.5, 0.5], torch.float32)], error=True)
case("index_select_uint8_matrix", "index_select", [x, 0, T([[1, 0]], torch.uint8)], error=True)
case("matmul_uint8_wraps", "matmul", [T([[1, 2]], torch.uint8), T([[3], [200]], torch.uint8)])
case("matmul_int32", "matmul", [T([[1, -2], [3, 4]], torch.int32), T([[5, 6], [7, 2 ** 30]], torch.int32)])
case("matmul_int8_float", "matmul", [T([[1, 2]], torch.int8), T([[3.5], [2.5]], torch.float32)], error=True)

# ---- a sweep: elementwise ops over every dtype (and binary ones over every pair of dtypes) ----
SWEEP_A = {torch.bool: [True, False, True, True, False], torch.uint8: [0, 1, 3, 100, 250], torch.int8: [0, 1, -3, 100, 127],
           torch.int16: [0, 1, -3, 1000, 32767], torch.int32: [0, 1, -3, 100000, 2 ** 31 - 1], torch.int64: [0, 1, -3, 100000, 2 ** 40],
           torch.float32: [0.5, -1.5, 3.25, 100.75, -0.0], torch.float64: [0.5, -1.5, 3.25, 1e10 + 0.5, -0.0]}
SWEEP_B = {torch.bool: [True, True, False, True, False], torch.uint8: [1, 2, 5, 7, 3], torch.int8: [1, 2, -5, 7, 3],
           torch.int16: [1, 2, -5, 7, 300], torch.int32: [1, 2, -5, 7, 3], torch.int64: [1, 2, -5, 7, 3],
           torch.float32: [1.5, 2.5, -5.5, 7.25, 3.5], torch.float64: [1.5, 2.5, -5.5, 7.25, 3.5]}
UNARY = ["sin", "cos", "exp", "log", "sqrt", "sigmoid", "tanh", "abs", "neg", "floor", "ceil", "round", "trunc", "sign", "square",
         "isnan", "isinf", "isfinite", "logical_not", "reciprocal", "rsqrt", "erf", "expm1", "log2", "relu", "nan_to_num", "log1p"]
for dt in DTYPES:
    for op in UNARY:
        case(f"sweep_{op}_{NAME[dt]}", op, [T(SWEEP_A[dt], dt)], error=None)
for da in DTYPES:
    for db in DTYPES:
        for op in ["add", "mul", "maximum", "eq", "lt", "remainder", "div", "logical_xor"]:
            case(f"sweep_{op}_{NAME[da]}_{NAME[db]}", op, [T(SWEEP_A[da], da), T(SWEEP_B[db], db)], error=None)
        case(f"sweep_add_{NAME[da]}_0dim_{NAME[db]}", "add", [T(SWEEP_A[da], da), T(SWEEP_B[db][3], db)], error=None)
    for op in ["sub", "fmod", "atan2", "pow", "minimum", "logical_and", "logical_or", "ne", "ge"]:
        case(f"sweep_{op}_{NAME[da]}", op, [T(SWEEP_A[da], da), T(SWEEP_B[da], da)], error=None)
    for v in [3, 2.5, True]:
        case(f"sweep_mul_{NAME[da]}_scalar_{v}", "mul", [T(SWEEP_A[da], da), v], error=None)
        case(f"sweep_gt_{NAME[da]}_scalar_{v}", "gt", [T(SWEEP_A[da], da), v], error=None)

# ---- promotion tables ----
promote = [[NAME[a], NAME[c], NAME[torch.promote_types(a, c)]] for a in DTYPES for c in DTYPES]
can_cast = [[NAME[a], NAME[c], torch.can_cast(a, c)] for a in DTYPES for c in DTYPES]


def operand(kind, dt):
    if kind == "dims":
        return torch.ones(2, dtype=dt)
    if kind == "zero":
        return torch.ones((), dtype=dt)
    return {"int": 3, "float": 2.5, "bool": True}[kind]


result_type = []
kinds = [("dims", d) for d in DTYPES] + [("zero", d) for d in DTYPES] + [("int", None), ("float", None), ("bool", None)]
for ka, da in kinds:
    for kb, db in kinds:
        a, c = operand(ka, da), operand(kb, db)
        try:
            r = NAME[torch.result_type(a, c)]
        except Exception as e:  # noqa: BLE001 - e.g. two Python numbers on an old build
            r = {"error": {"type": type(e).__name__, "message": str(e)}}
        result_type.append({"args": [enc(a), enc(c)], "expect": r})


# ---- safetensors: a file written with struct + json in the integer and bool dtypes ----
# ---- bitwise ops and floor_divide over every dtype, with tensor, 0-dim and Python operands ----
def small(dt, n=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    if dt == torch.bool:
        return torch.rand(n, generator=g) > 0.5
    if dt.is_floating_point:
        return (torch.randn(n, generator=g, dtype=torch.float64) * 20).to(dt)
    info = torch.iinfo(dt)
    return torch.randint(max(info.min, -120), min(info.max, 120) + 1, (n,), generator=g).to(dt)


for fn in ["bitwise_and", "bitwise_or", "bitwise_xor", "floor_divide"]:
    for i, da in enumerate(DTYPES):
        for j, db in enumerate(DTYPES):
            b = small(db, seed=j + 10)
            if fn == "floor_divide" and not db.is_floating_point:
                b = torch.where(b == 0, torch.ones_like(b), b)
            case(f"{fn}_{NAME[da]}_{NAME[db]}", fn, [small(da, seed=i), b], error=None)
        for k, sc in enumerate([3, -5, True, 2.5]):
            case(f"{fn}_{NAME[da]}_scalar{k}", fn, [small(da, seed=i), sc], error=None)
            case(f"{fn}_{NAME[da]}_scalar{k}_method", fn, [small(da, seed=i), sc], method=True, error=None)
for i, da in enumerate(DTYPES):
    case(f"bitwise_not_{NAME[da]}", "bitwise_not", [small(da, seed=i)], error=None)
    case(f"bitwise_not_{NAME[da]}_method", "bitwise_not", [small(da, seed=i)], method=True, error=None)
case("bitwise_and_int64_wide", "bitwise_and", [T([2 ** 40 + 5, -(2 ** 41) - 3, 7], torch.int64), T([2 ** 40 + 3, -1, -(2 ** 50)], torch.int64)])
case("bitwise_xor_uint8_negative_scalar", "bitwise_xor", [T([0, 7, 255], torch.uint8), -1])
case("bitwise_and_number_self", "bitwise_and", [6, T([3, 5], torch.int32)])
case("bitwise_and_bad_type", "bitwise_and", [T([1, 2], torch.int64), "x"], error=True)
case("floor_divide_int_by_zero", "floor_divide", [T([1, 2], torch.int64), 0], error=True)
case("floor_divide_float_by_zero", "floor_divide", [T([1.0, -2.0, 0.0], torch.float32), T([0.0], torch.float32)])
# remainder / fmod with a bool scalar promote as bool (a bool tensor then has no kernel)
case("remainder_bool_bool_scalar", "remainder", [T([True, False], torch.bool), True], error=True)
case("fmod_int_bool_scalar", "fmod", [T([3, 4], torch.int32), True])


def safetensors_bytes(tensors):
    codes = {torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16", torch.int32: "I32", torch.bool: "BOOL", torch.int64: "I64"}
    header, blobs, off = {}, [], 0
    for k, t in tensors.items():
        raw = t.contiguous().numpy().tobytes()
        header[k] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


st = {"u8": T([0, 1, 200, 255], torch.uint8), "i8": T([-128, -1, 0, 127], torch.int8),
      "i16": T([[-32768, 2], [3, 32767]], torch.int16), "i32": T([-2 ** 31, 0, 2 ** 31 - 1], torch.int32),
      "mask": T([True, False, True], torch.bool), "i64": T([-(2 ** 40), 5], torch.int64)}
safetensors = {"b64": base64.b64encode(safetensors_bytes(st)).decode("ascii"), "tensors": {k: spec(v) for k, v in st.items()}}

out = {
    "generator": "PyTorch " + torch.__version__,
    "replayed_by": "test/dtypes.test.mjs",
    "promote_types": promote,
    "can_cast": can_cast,
    "result_type": result_type,
    "cases": cases,
    "safetensors": safetensors,
}
path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "test", "fixtures", "cases_dtypes.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(f"{path}: {len(cases)} cases, {len(promote)} promote_types, {len(result_type)} result_type, {os.path.getsize(path)} bytes")
