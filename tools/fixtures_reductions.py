#!/usr/bin/python3
"""PyTorch-generated cases for sorting, scans and reductions: sort, argsort, topk, kthvalue, median,
cumsum, cumprod, prod, logsumexp, var, std, var_mean, std_mean, norm, amax, amin, all, any,
count_nonzero, and sum / mean over dim lists with dtype. Writes test/fixtures/cases_reductions.json,
replayed by test/reductions.test.mjs.

usage: /usr/bin/python3 tools/fixtures_reductions.py

A case is a call, `torch.<fn>(*args, **kwargs)` ("torch") or `args[0].<fn>(*args[1:], **kwargs)`
("method"), with what came back: a tensor, a named tuple (values, indices), a plain tuple, or an
error (class and message). Float results that require grad also carry grad_fn's name, a random
grad_output per differentiable output and the gradient of sum(output * grad_output) for every
input that requires grad (null where PyTorch leaves .grad None).
Arguments: {"tensor": spec}, {"dtype": name}, {"float": "inf" | "-inf" | "nan"} or a plain JSON value.
"""
import json
import os
import warnings

import torch

from fixture_spec import DT, spec, start_case  # noqa: E402 - shared with tools/fixtures_dtypes.py

INF, NAN = float("inf"), float("nan")


cases = []
ids = set()


def case(cid, fn, args, kwargs=None, method=False, repr_=False, error=False, type_only=False, loose=False):
    """Runs the call in PyTorch and records it. error: whether an error is expected (a mismatch aborts).
    loose: float64 gradients that PyTorch computes through float32 (dtype=float32 on a float64 input)
    are compared with float32's tolerance."""
    kwargs = kwargs or {}
    c, leaves = start_case(ids, cid, fn, args, kwargs, method)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = getattr(leaves[0], fn)(*leaves[1:], **kwargs) if method else getattr(torch, fn)(*leaves, **kwargs)
    except Exception as e:  # noqa: BLE001 - every PyTorch error is recorded
        assert error, f"{cid}: {type(e).__name__}: {e}"
        msg = str(e).split("\nException raised from")[0]
        c["expect"] = {"error": {"type": type(e).__name__, "message": None if type_only else msg}}
        cases.append(c)
        return
    assert not error, f"{cid}: expected an error"
    if isinstance(out, torch.Tensor):
        outs, c["expect"] = [out], {"tensor": spec(out)}
    elif type(out).__module__ == "torch.return_types":
        outs = [out.values]
        c["expect"] = {"named": type(out).__name__, "values": spec(out.values), "indices": spec(out.indices)}
    else:
        assert type(out) is tuple, type(out)
        outs, c["expect"] = list(out), {"tuple": [spec(o) for o in out]}
    if repr_:
        c["expect"]["repr"] = str(out)
    if loose:
        c["loose"] = True
    diff = [o for o in outs if o.requires_grad]
    if diff:
        c["expect"]["grad_fn"] = [o.grad_fn.name() if o.requires_grad else None for o in outs]
        gos = [torch.randn(o.shape, dtype=o.dtype) for o in outs]
        loss = sum((o * g).sum() for o, g in zip(outs, gos) if o.requires_grad)
        c["grad_output"] = [spec(g) for g in gos]
        try:
            loss.backward()
        except RuntimeError as e:  # a backward PyTorch 1.13 refuses
            c["expect"]["backward_error"] = {"type": type(e).__name__, "message": str(e)}
            cases.append(c)
            return
        c["expect"]["grads"] = {str(i): (spec(a.grad) if a.grad is not None else None)
                                for i, a in enumerate(leaves) if isinstance(a, torch.Tensor) and a.requires_grad}
    cases.append(c)


def rg(t):
    return t.detach().clone().requires_grad_(True)


def r(*shape, dt=torch.float32):
    return torch.randn(*shape, dtype=dt)


def ri(*shape, hi=5):
    return torch.randint(0, hi, shape)


torch.manual_seed(12)
FLOATS = [torch.float32, torch.float64]
nanrow = torch.tensor([[3., NAN, 2., -INF], [INF, 0., -1., NAN]])

# ---- sort / argsort ----
for dt in FLOATS:
    d = DT[dt]
    case(f"sort_default_{d}", "sort", [rg(r(3, 5, dt=dt))])
    case(f"sort_dim0_{d}", "sort", [rg(r(4, 3, dt=dt)), 0])
    case(f"sort_desc_{d}", "sort", [rg(r(2, 3, 4, dt=dt)), 1, True])
    case(f"sort_kw_{d}", "sort", [rg(r(3, 4, dt=dt))], {"dim": -2, "descending": True})
    case(f"sort_method_{d}", "sort", [rg(r(5, dt=dt))], {"descending": True}, method=True)
    case(f"sort_nan_inf_{d}", "sort", [nanrow.to(dt)], repr_=True)
    case(f"sort_nan_inf_desc_{d}", "sort", [nanrow.to(dt), 1, True])
    ties = ri(3, 40, hi=4).to(dt)
    case(f"sort_ties_{d}", "sort", [rg(ties)])
    case(f"sort_ties_desc_{d}", "sort", [rg(ties), -1, True])
    case(f"sort_ties_stable_{d}", "sort", [rg(ties)], {"stable": True})
    case(f"sort_ties_stable_desc_{d}", "sort", [rg(ties)], {"stable": True, "descending": True, "dim": 1})
    case(f"sort_ties_dim0_{d}", "sort", [rg(ri(30, 3, hi=3).to(dt)), 0])
    case(f"argsort_{d}", "argsort", [r(4, 6, dt=dt)])
    case(f"argsort_ties_desc_{d}", "argsort", [ties, 1, True])
    case(f"argsort_stable_{d}", "argsort", [ties], {"stable": True, "descending": True})
    case(f"argsort_method_{d}", "argsort", [r(3, 4, dt=dt), 0], method=True)
case("sort_long_ties", "sort", [ri(2, 50, hi=6)])
case("sort_long_desc", "sort", [ri(60, hi=1000), 0, True])
case("sort_bool", "sort", [torch.tensor([True, False, True, False, False])], repr_=True)
case("sort_bool_desc_many", "sort", [torch.rand(40) > 0.5], {"descending": True})
case("sort_0d", "sort", [rg(torch.tensor(5.))], repr_=True)
case("sort_0d_dim", "sort", [torch.tensor(5.), -1])
case("sort_0d_bad_dim", "sort", [torch.tensor(5.), 1], error=True)
case("sort_empty", "sort", [torch.zeros(0, 3), 0])
case("sort_one", "sort", [rg(torch.tensor([[2.5]]))])
case("sort_bad_dim", "sort", [r(2, 3), 2], error=True)
case("sort_bad_dim_neg", "sort", [r(2, 3), -3], error=True)
case("argsort_long", "argsort", [ri(3, 20, hi=3)])
case("argsort_bool", "argsort", [torch.rand(25) > 0.5])
case("argsort_bad_dim", "argsort", [r(4), 1], error=True)

# ---- topk ----
for dt in FLOATS:
    d = DT[dt]
    case(f"topk_{d}", "topk", [rg(r(3, 8, dt=dt)), 3])
    case(f"topk_smallest_{d}", "topk", [rg(r(3, 8, dt=dt)), 2], {"largest": False})
    case(f"topk_dim0_{d}", "topk", [rg(r(6, 3, dt=dt)), 4, 0])
    case(f"topk_unsorted_{d}", "topk", [rg(r(2, 20, dt=dt)), 6], {"sorted": False})
    case(f"topk_unsorted_small_{d}", "topk", [rg(r(2, 20, dt=dt)), 5], {"sorted": False, "largest": False})
    case(f"topk_partial_{d}", "topk", [rg(r(2, 200, dt=dt)), 3])
    case(f"topk_partial_small_{d}", "topk", [rg(r(130, dt=dt)), 2, 0, False])
    case(f"topk_ties_{d}", "topk", [rg(ri(3, 30, hi=4).to(dt)), 7])
    case(f"topk_ties_unsorted_{d}", "topk", [rg(ri(3, 30, hi=4).to(dt)), 7, 1, True, False])
    case(f"topk_ties_partial_{d}", "topk", [rg(ri(2, 300, hi=5).to(dt)), 4])
    case(f"topk_ties_smallest_{d}", "topk", [rg(ri(3, 25, hi=3).to(dt)), 9], {"largest": False})
    case(f"topk_all_{d}", "topk", [rg(r(4, 5, dt=dt)), 5])
    case(f"topk_nan_{d}", "topk", [nanrow.to(dt), 2], repr_=True)
    case(f"topk_nan_smallest_{d}", "topk", [nanrow.to(dt), 3], {"largest": False})
    case(f"topk_method_{d}", "topk", [rg(r(7, dt=dt)), 2], {"dim": 0}, method=True)
case("topk_k0", "topk", [r(3, 4), 0])
case("topk_long", "topk", [ri(3, 20, hi=4), 5])
case("topk_0d", "topk", [rg(torch.tensor(3.)), 1])
case("topk_0d_k0", "topk", [torch.tensor(3.), 0])
case("topk_0d_k2", "topk", [torch.tensor(3.), 2], error=True)
case("topk_k_big", "topk", [r(3, 4), 5], error=True)
case("topk_k_neg", "topk", [r(3, 4), -1], error=True)
case("topk_bad_dim", "topk", [r(3, 4), 1, 2], error=True)
case("topk_bad_dim_before_k", "topk", [r(3, 4), 100, 5], error=True)
case("topk_bool", "topk", [torch.tensor([True, False]), 1], error=True)
case("topk_bool_k_first", "topk", [torch.tensor([True, False]), 3], error=True)
case("topk_empty_k0", "topk", [torch.zeros(2, 0), 0])
case("topk_empty_k1", "topk", [torch.zeros(2, 0), 1], error=True)

# ---- kthvalue ----
for dt in FLOATS:
    d = DT[dt]
    case(f"kthvalue_{d}", "kthvalue", [rg(r(3, 7, dt=dt)), 3])
    case(f"kthvalue_dim0_keep_{d}", "kthvalue", [rg(r(5, 4, dt=dt)), 5, 0, True])
    case(f"kthvalue_kw_{d}", "kthvalue", [rg(r(2, 3, 6, dt=dt)), 2], {"dim": 1, "keepdim": True})
    case(f"kthvalue_ties_{d}", "kthvalue", [rg(ri(4, 30, hi=4).to(dt)), 11])
    case(f"kthvalue_ties_long_lane_{d}", "kthvalue", [rg(ri(2, 100, hi=6).to(dt)), 57])
    case(f"kthvalue_nan_{d}", "kthvalue", [nanrow.to(dt), 3], repr_=True)
    case(f"kthvalue_nan_last_{d}", "kthvalue", [nanrow.to(dt), 4])
    case(f"kthvalue_method_{d}", "kthvalue", [rg(r(6, dt=dt)), 1], method=True)
case("kthvalue_long", "kthvalue", [ri(3, 9), 4])
case("kthvalue_0d", "kthvalue", [rg(torch.tensor(3.)), 1])
case("kthvalue_0d_k2", "kthvalue", [torch.tensor(3.), 2], error=True)
case("kthvalue_k0", "kthvalue", [r(3, 4), 0], error=True)
case("kthvalue_k_big", "kthvalue", [r(3, 4), 4, 0], error=True)
case("kthvalue_empty", "kthvalue", [torch.zeros(0), 1], error=True)
case("kthvalue_empty_dim", "kthvalue", [torch.zeros(3, 0), 1, 1], error=True)
case("kthvalue_bad_dim", "kthvalue", [r(3, 4), 1, -3], error=True)
case("kthvalue_bool", "kthvalue", [torch.tensor([True, False]), 1], error=True)
case("kthvalue_bool_k_first", "kthvalue", [torch.tensor([True]), 100], error=True)

# ---- median ----
for dt in FLOATS:
    d = DT[dt]
    case(f"median_all_odd_{d}", "median", [rg(r(3, 5, dt=dt))])
    case(f"median_all_even_{d}", "median", [rg(r(4, 4, dt=dt))])
    case(f"median_all_ties_{d}", "median", [rg(ri(4, 6, hi=3).to(dt))])
    case(f"median_all_nan_{d}", "median", [rg(torch.tensor([1., NAN, 3., NAN], dtype=dt))])
    case(f"median_dim_{d}", "median", [rg(r(3, 6, dt=dt)), 1], repr_=True)
    case(f"median_dim0_keep_{d}", "median", [rg(r(4, 3, dt=dt)), 0, True])
    case(f"median_kw_{d}", "median", [rg(r(2, 5, 3, dt=dt))], {"dim": -2, "keepdim": True})
    case(f"median_dim_ties_{d}", "median", [rg(ri(3, 40, hi=4).to(dt)), 1])
    case(f"median_dim_nan_{d}", "median", [rg(nanrow.to(dt)), 1])
    case(f"median_method_{d}", "median", [rg(r(5, dt=dt))], method=True)
    case(f"median_method_dim_{d}", "median", [rg(r(4, 5, dt=dt)), 0], method=True)
case("median_long", "median", [ri(3, 4, hi=100)])
case("median_long_dim", "median", [ri(3, 5, hi=3), 1])
case("median_empty", "median", [torch.zeros(0)])
case("median_0d", "median", [rg(torch.tensor(2.))])
case("median_0d_dim", "median", [rg(torch.tensor(2.)), 0])
case("median_empty_dim", "median", [torch.zeros(2, 0), 1], error=True)
case("median_empty_other_dim", "median", [torch.zeros(0, 2), 1])
case("median_bool", "median", [torch.tensor([True, False])], error=True)
case("median_bool_dim", "median", [torch.tensor([True, False]), 0], error=True)
case("median_bad_dim", "median", [r(3), 1], error=True)

# ---- cumsum / cumprod ----
for dt in FLOATS:
    d = DT[dt]
    case(f"cumsum_{d}", "cumsum", [rg(r(3, 5, dt=dt)), 1])
    case(f"cumsum_dim0_{d}", "cumsum", [rg(r(4, 3, 2, dt=dt)), 0])
    case(f"cumsum_neg_{d}", "cumsum", [rg(r(4, 3, 2, dt=dt))], {"dim": -2})
    case(f"cumsum_method_{d}", "cumsum", [rg(r(6, dt=dt)), 0], method=True)
    case(f"cumprod_{d}", "cumprod", [rg(r(3, 5, dt=dt)), 1])
    case(f"cumprod_dim0_{d}", "cumprod", [rg(r(4, 3, dt=dt)), 0])
    case(f"cumprod_zero_{d}", "cumprod", [rg(torch.tensor([[2., 0., 3., 4.], [1.5, 2., 0., 5.], [0., 1., 2., 3.]], dtype=dt)), 1])
    case(f"cumprod_zeros_{d}", "cumprod", [rg(torch.tensor([[2., 0., 3., 0., 5.], [0., 0., 1., 2., 3.]], dtype=dt)), 1])
    case(f"cumprod_zero_dim0_{d}", "cumprod", [rg(torch.tensor([[2., 1.], [0., 3.], [4., 0.], [0.5, 2.]], dtype=dt)), 0])
    case(f"cumprod_last_zero_{d}", "cumprod", [rg(torch.tensor([1.5, -2., 0.], dtype=dt)), 0])
    case(f"cumprod_method_{d}", "cumprod", [rg(r(2, 4, dt=dt))], {"dim": 1}, method=True)
case("cumsum_dtype_f64", "cumsum", [rg(r(3, 4)), 1], {"dtype": torch.float64})
case("cumsum_dtype_long", "cumsum", [torch.tensor([0.5, 0.7, 1.9, -2.5]), 0], {"dtype": torch.int64})
case("cumsum_long", "cumsum", [ri(3, 4, hi=10), 1])
case("cumsum_long_to_float", "cumsum", [ri(3, 4, hi=10), 0], {"dtype": torch.float32})
case("cumsum_bool", "cumsum", [torch.rand(3, 4) > 0.5, 1])
case("cumsum_bool_dtype", "cumsum", [torch.tensor([1., 0.]), 0], {"dtype": torch.bool}, error=True)
case("cumsum_0d", "cumsum", [rg(torch.tensor(2.)), 0])
case("cumsum_0d_bad_dim", "cumsum", [torch.tensor(2.), 1], error=True)
case("cumsum_empty", "cumsum", [torch.zeros(0, 3), 0])
case("cumsum_bad_dim", "cumsum", [r(2, 3), 2], error=True)
case("cumsum_nan", "cumsum", [torch.tensor([1., NAN, 2., INF, -INF]), 0])
case("cumsum_no_dim", "cumsum", [r(3)], error=True, type_only=True)
case("cumprod_dtype_f64", "cumprod", [rg(r(3, 4)), 1], {"dtype": torch.float64})
case("cumprod_dtype_f32_from_f64", "cumprod", [rg(r(3, 5, dt=torch.float64)), 1], {"dtype": torch.float32}, loose=True)
case("cumsum_dtype_f32_from_f64", "cumsum", [rg(r(3, 5, dt=torch.float64)), 1], {"dtype": torch.float32}, loose=True)
case("cumprod_dtype_long", "cumprod", [torch.tensor([1.5, 2.5, 3.5]), 0], {"dtype": torch.int64})
case("cumprod_long", "cumprod", [ri(3, 4, hi=4), 0])
case("cumprod_bool", "cumprod", [torch.rand(3, 4) > 0.3, 1])
case("cumprod_bool_dtype", "cumprod", [torch.tensor([1., 0.]), 0], {"dtype": torch.bool}, error=True)
case("cumprod_0d", "cumprod", [rg(torch.tensor(2.)), 0])
case("cumprod_one", "cumprod", [rg(torch.tensor([[0.], [2.]])), 1])

# ---- prod ----
for dt in FLOATS:
    d = DT[dt]
    case(f"prod_all_{d}", "prod", [rg(r(3, 4, dt=dt))])
    case(f"prod_dim_{d}", "prod", [rg(r(3, 4, dt=dt)), 1])
    case(f"prod_dim_keep_{d}", "prod", [rg(r(3, 4, 2, dt=dt)), 0, True])
    case(f"prod_kw_{d}", "prod", [rg(r(3, 4, dt=dt))], {"dim": -1, "keepdim": True})
    case(f"prod_all_zero_{d}", "prod", [rg(torch.tensor([[2., 0.], [3., 1.5]], dtype=dt))])
    case(f"prod_all_zeros_{d}", "prod", [rg(torch.tensor([[2., 0.], [0., 1.5]], dtype=dt))])
    case(f"prod_dim_zeros_{d}", "prod", [rg(torch.tensor([[2., 0., 3.], [0., 0., 1.], [1., 2., 3.]], dtype=dt)), 1])
    case(f"prod_dim0_zero_{d}", "prod", [rg(torch.tensor([[2., 0., 3.], [4., 5., 1.]], dtype=dt)), 0])
    case(f"prod_method_{d}", "prod", [rg(r(2, 3, dt=dt)), 1], method=True)
case("prod_dtype_f64", "prod", [rg(r(3, 4))], {"dtype": torch.float64})
case("prod_dim_dtype_f64", "prod", [rg(r(3, 4)), 1], {"dtype": torch.float64})
case("prod_dtype_f32_from_f64", "prod", [rg(r(3, 4, dt=torch.float64))], {"dtype": torch.float32}, loose=True)
case("prod_dim_dtype_f32_from_f64", "prod", [rg(r(3, 4, dt=torch.float64)), 0], {"dtype": torch.float32}, loose=True)
case("prod_dtype_long", "prod", [torch.tensor([0.5, 3., 2.5])], {"dtype": torch.int64})
case("prod_long", "prod", [ri(2, 3, hi=4) + 1])
case("prod_long_dim", "prod", [ri(2, 3, hi=4), 1])
case("prod_long_to_float", "prod", [ri(2, 3, hi=4) + 1], {"dtype": torch.float32})
case("prod_bool", "prod", [torch.tensor([[True, False], [True, True]]), 0])
case("prod_bool_all", "prod", [torch.tensor([True, True])])
case("prod_dtype_bool", "prod", [torch.tensor([2., 3.])], {"dtype": torch.bool})
case("prod_empty", "prod", [torch.zeros(0)])
case("prod_empty_dim", "prod", [torch.zeros(2, 0), 1])
case("prod_0d", "prod", [rg(torch.tensor(3.))])
case("prod_0d_dim", "prod", [rg(torch.tensor(3.)), -1, True])
case("prod_bad_dim", "prod", [r(2, 3), 5], error=True)
case("prod_dim_list", "prod", [r(2, 3), [0, 1]], error=True, type_only=True)

# ---- logsumexp ----
for dt in FLOATS:
    d = DT[dt]
    case(f"logsumexp_{d}", "logsumexp", [rg(r(3, 5, dt=dt)), 1])
    case(f"logsumexp_dims_{d}", "logsumexp", [rg(r(2, 3, 4, dt=dt)), [0, 2]])
    case(f"logsumexp_keep_{d}", "logsumexp", [rg(r(2, 3, 4, dt=dt)), -1, True])
    case(f"logsumexp_kw_{d}", "logsumexp", [rg(r(3, 4, dt=dt))], {"dim": [0, 1], "keepdim": True})
    case(f"logsumexp_big_{d}", "logsumexp", [rg(r(3, 4, dt=dt) * 100 + 1000), 1])
    case(f"logsumexp_inf_{d}", "logsumexp", [rg(torch.tensor([[INF, 1.], [-INF, -INF], [NAN, 1.], [INF, INF], [-INF, 2.]], dtype=dt)), 1])
    case(f"logsumexp_method_{d}", "logsumexp", [rg(r(2, 5, dt=dt)), 1], method=True)
case("logsumexp_long", "logsumexp", [ri(3, 4), 1])
case("logsumexp_bool", "logsumexp", [torch.rand(3, 4) > 0.5, 0])
case("logsumexp_empty", "logsumexp", [torch.zeros(2, 0), 1])
case("logsumexp_empty_all", "logsumexp", [torch.zeros(0, 3), []])
case("logsumexp_0d", "logsumexp", [rg(torch.tensor(2.)), 0])
case("logsumexp_0d_empty_dims", "logsumexp", [rg(torch.tensor(2.)), []])
case("logsumexp_empty_dims", "logsumexp", [r(2, 3), []], error=True)
case("logsumexp_empty_dims_1d", "logsumexp", [r(3), []], error=True)
case("logsumexp_empty_dims_keep", "logsumexp", [rg(r(2, 3)), [], True])
case("logsumexp_dup", "logsumexp", [r(2, 3), [1, -1]], error=True)
case("logsumexp_bad_dim", "logsumexp", [r(2, 3), [2]], error=True)

# ---- var / std / var_mean / std_mean ----
for fn in ["var", "std", "var_mean", "std_mean"]:
    for dt in FLOATS:
        d = DT[dt]
        case(f"{fn}_all_{d}", fn, [rg(r(3, 5, dt=dt))])
        case(f"{fn}_dim_{d}", fn, [rg(r(3, 5, dt=dt)), 1])
        case(f"{fn}_dims_{d}", fn, [rg(r(2, 3, 4, dt=dt)), [0, 2]])
        case(f"{fn}_biased_pos_{d}", fn, [rg(r(3, 4, dt=dt)), 0, False, True])
        case(f"{fn}_unbiased_bool_{d}", fn, [rg(r(3, 4, dt=dt)), False])
        case(f"{fn}_kw_{d}", fn, [rg(r(3, 4, dt=dt))], {"dim": -1, "unbiased": False, "keepdim": True})
        case(f"{fn}_correction0_{d}", fn, [rg(r(3, 4, dt=dt)), 1], {"correction": 0})
        case(f"{fn}_correction2_{d}", fn, [rg(r(3, 5, dt=dt))], {"dim": [0, 1], "correction": 2})
        case(f"{fn}_correction_neg_{d}", fn, [rg(r(3, 4, dt=dt)), 1], {"correction": -1, "keepdim": True})
    case(f"{fn}_dim_none_keep", fn, [rg(r(2, 3))], {"dim": None, "keepdim": True})
    case(f"{fn}_empty_dims", fn, [rg(r(2, 3)), []])
    case(f"{fn}_constant", fn, [rg(torch.tensor([[1., 1., 1.], [2., 3., 4.]])), 1])
    case(f"{fn}_one_dim", fn, [torch.tensor([[1.], [2.]]), 1])
    case(f"{fn}_0d_dim", fn, [rg(torch.tensor(2.)), 0], {"unbiased": False})
    case(f"{fn}_empty", fn, [torch.zeros(0)])
    case(f"{fn}_inf", fn, [torch.tensor([1., INF])])
    case(f"{fn}_long", fn, [ri(3, 4)], error=True)
    case(f"{fn}_bool", fn, [torch.tensor([True])], error=True)
    case(f"{fn}_bad_dim", fn, [r(2, 3), 2], error=True)
    case(f"{fn}_dup_dims", fn, [r(2, 3), [0, -2]], error=True)
    case(f"{fn}_unbiased_and_correction", fn, [r(2, 3), 1], {"unbiased": False, "correction": 1}, error=True, type_only=True)
for dt in FLOATS:
    case(f"var_method_{DT[dt]}", "var", [rg(r(3, 4, dt=dt)), 1], method=True)
    case(f"std_method_{DT[dt]}", "std", [rg(r(3, 4, dt=dt))], {"dim": 0, "correction": 0}, method=True)
case("var_correction_too_big", "var", [rg(r(2, 3)), 1], {"correction": 3})
# without dims, N == correction: var / std give a gradient of the wrong shape, var_mean / std_mean an infinite one
for fn in ["var", "std", "var_mean", "std_mean"]:
    case(f"{fn}_n_equals_correction", fn, [rg(r(2, 3))], {"dim": None, "correction": 6})
    case(f"{fn}_n_equals_correction_1d", fn, [rg(torch.tensor([1.5]))])
    case(f"{fn}_n_below_correction", fn, [rg(r(2, 3))], {"dim": None, "correction": 7})
    case(f"{fn}_0d_n_equals_correction", fn, [rg(torch.tensor(2.))])

# ---- norm ----
for dt in FLOATS:
    d = DT[dt]
    x = r(3, 4, dt=dt)
    case(f"norm_default_{d}", "norm", [rg(x)])
    case(f"norm_method_{d}", "norm", [rg(x)], method=True)
    for p in [1, 2, 3, 0.5, -1, -1.5, 0, INF, -INF, 4.5]:
        case(f"norm_p{p}_{d}", "norm", [rg(x), p])
        case(f"norm_p{p}_dim_{d}", "norm", [rg(x), p, 1])
        case(f"norm_p{p}_dims_keep_{d}", "norm", [rg(r(2, 3, 4, dt=dt)), p, [0, 2], True])
    case(f"norm_fro_dim1_{d}", "norm", [rg(x), "fro", 1])
    case(f"norm_fro_dims2_{d}", "norm", [rg(r(2, 3, 4, dt=dt)), "fro", [2, 0]])
    case(f"norm_fro_dims2_keep_{d}", "norm", [rg(x)], {"dim": [0, 1], "keepdim": True})
    case(f"norm_kw_{d}", "norm", [rg(x)], {"p": 3, "dim": [1], "keepdim": True})
    case(f"norm_method_kw_{d}", "norm", [rg(x)], {"p": INF, "dim": 0}, method=True)
    case(f"norm_zero_rows_{d}", "norm", [rg(torch.tensor([[0., 0.], [3., -4.]], dtype=dt)), 2, 1])
    for p in [1, 3, 0.5, -1, INF]:
        case(f"norm_zero_rows_p{p}_{d}", "norm", [rg(torch.tensor([[0., 0., 0.], [0., 3., -4.]], dtype=dt)), p, 1])
    case(f"norm_inf_ties_{d}", "norm", [rg(torch.tensor([[-3., 3., 1.], [2., -2., 2.]], dtype=dt)), INF, 1])
    case(f"norm_ninf_ties_{d}", "norm", [rg(torch.tensor([[-1., 3., 1.], [2., -2., 2.]], dtype=dt)), -INF, 1])
    case(f"norm_inf_nan_{d}", "norm", [rg(torch.tensor([-3., NAN, 1.], dtype=dt)), INF])
    case(f"norm_fro2_zero_{d}", "norm", [rg(torch.zeros(2, 2, dtype=dt))], {"dim": [0, 1]})
case("norm_dtype_f64", "norm", [rg(r(3, 4)), 2], {"dtype": torch.float64})
case("norm_dtype_f64_dim", "norm", [rg(r(3, 4)), 3, 1], {"dtype": torch.float64})
case("norm_dtype_f32_from_f64", "norm", [rg(r(3, 4, dt=torch.float64)), INF, 1], {"dtype": torch.float32})
case("norm_long_dtype", "norm", [ri(3, 4), 2, 1], {"dtype": torch.float32})
case("norm_p_none", "norm", [rg(r(3, 4)), None])
case("norm_dims_empty", "norm", [rg(r(3, 4)), 2, []])
case("norm_fro_dims_empty", "norm", [rg(r(3, 4)), "fro", []])
case("norm_0d", "norm", [rg(torch.tensor(-3.))])
case("norm_0d_dim", "norm", [rg(torch.tensor(-3.)), 1, 0])
case("norm_empty", "norm", [torch.zeros(0)])
case("norm_empty_inf", "norm", [torch.zeros(2, 0), INF, 1])
case("norm_f32_overflow", "norm", [rg(torch.tensor([1e30, 1e30]))])
case("norm_f64_big", "norm", [rg(torch.tensor([1e200, 1e200], dtype=torch.float64))])
case("norm_long", "norm", [ri(3, 4)], error=True)
case("norm_long_p", "norm", [ri(3, 4), 1], error=True)
case("norm_bool", "norm", [torch.tensor([True])], error=True)
case("norm_dtype_long", "norm", [r(3, 4), 2, 1], {"dtype": torch.int64}, error=True)
case("norm_fro_dtype", "norm", [r(3, 4)], {"dtype": torch.float64}, error=True)
case("norm_fro_dtype_p", "norm", [r(3, 4), "fro"], {"dtype": torch.float64}, error=True)
case("norm_fro_three_dims", "norm", [r(2, 2, 2), "fro", [0, 1, 2]], error=True)
case("norm_fro_same_dims", "norm", [r(2, 3), "fro", [0, -2]], error=True)
case("norm_p_same_dims", "norm", [r(2, 3), 2, [0, -2]], error=True)
case("norm_bad_string", "norm", [r(2, 3), "abc"], error=True)
case("norm_bad_string_dim", "norm", [r(2, 3), "bad", 1], error=True)
case("norm_bad_dim", "norm", [r(2, 3), 2, 2], error=True)
case("norm_fro_bad_dim", "norm", [r(2, 3), "fro", [0, 2]], error=True)

# ---- amax / amin ----
for fn in ["amax", "amin"]:
    for dt in FLOATS:
        d = DT[dt]
        case(f"{fn}_all_{d}", fn, [rg(r(3, 4, dt=dt))])
        case(f"{fn}_dim_{d}", fn, [rg(r(3, 4, dt=dt)), 1])
        case(f"{fn}_dims_keep_{d}", fn, [rg(r(2, 3, 4, dt=dt)), [0, -1], True])
        case(f"{fn}_kw_{d}", fn, [rg(r(3, 4, dt=dt))], {"dim": 0, "keepdim": True})
        case(f"{fn}_ties_{d}", fn, [rg(ri(3, 6, hi=3).to(dt)), 1])
        case(f"{fn}_ties_all_{d}", fn, [rg(ri(3, 6, hi=2).to(dt))])
        case(f"{fn}_nan_{d}", fn, [rg(torch.tensor([[1., NAN, 2.], [3., 0., -1.]], dtype=dt)), 1])
        case(f"{fn}_inf_{d}", fn, [rg(torch.tensor([[INF, INF, 2.], [-INF, -INF, -INF]], dtype=dt)), 1])
        case(f"{fn}_method_{d}", fn, [rg(r(3, 4, dt=dt)), [0, 1]], method=True)
    case(f"{fn}_long", fn, [ri(3, 4, hi=10), 1])
    case(f"{fn}_bool", fn, [torch.rand(3, 4) > 0.5, 1])
    case(f"{fn}_0d", fn, [rg(torch.tensor(3.)), 0])
    case(f"{fn}_empty_all", fn, [torch.zeros(0)], error=True)
    case(f"{fn}_empty_dims", fn, [torch.zeros(3, 0), []], error=True)
    case(f"{fn}_empty_dim", fn, [torch.zeros(2, 0), 1], error=True)
    case(f"{fn}_empty_dims_order", fn, [torch.zeros(0, 2, 0), [2, 0]], error=True)
    case(f"{fn}_empty_other_dim", fn, [torch.zeros(0, 2), 1])
    case(f"{fn}_dup", fn, [r(2, 3), [0, 0]], error=True)
    case(f"{fn}_bad_dim", fn, [r(2, 3), 2], error=True)

# ---- all / any / count_nonzero ----
for fn in ["all", "any"]:
    x = torch.tensor([[1., 0., NAN], [2., 3., -1.], [0., 0., 0.]])
    case(f"{fn}_float", fn, [x])
    case(f"{fn}_dim", fn, [x, 1])
    case(f"{fn}_dim0_keep", fn, [x, 0, True])
    case(f"{fn}_kw", fn, [x], {"dim": -1, "keepdim": True})
    case(f"{fn}_method", fn, [x, 1], method=True)
    case(f"{fn}_long", fn, [ri(3, 4, hi=2), 1])
    case(f"{fn}_bool", fn, [torch.rand(3, 4) > 0.3, 0])
    case(f"{fn}_empty", fn, [torch.zeros(0)])
    case(f"{fn}_empty_dim", fn, [torch.zeros(2, 0), 1])
    case(f"{fn}_empty_other_dim", fn, [torch.zeros(2, 0), 0])
    case(f"{fn}_0d", fn, [torch.tensor(0.), 0, True])
    case(f"{fn}_bad_dim", fn, [x, 2], error=True)
    case(f"{fn}_dim_list", fn, [x, [0, 1]], error=True, type_only=True)
cz = torch.tensor([[1., 0., NAN], [2., 0., -1.]])
case("count_nonzero_all", "count_nonzero", [cz])
case("count_nonzero_dim", "count_nonzero", [cz, 1])
case("count_nonzero_dims", "count_nonzero", [cz, [0, 1]])
case("count_nonzero_dims_empty", "count_nonzero", [cz, []])
case("count_nonzero_kw", "count_nonzero", [cz], {"dim": [-1]})
case("count_nonzero_method", "count_nonzero", [cz, 0], method=True)
case("count_nonzero_long", "count_nonzero", [ri(3, 4, hi=2), 0])
case("count_nonzero_bool", "count_nonzero", [torch.rand(3, 4) > 0.5])
case("count_nonzero_dup", "count_nonzero", [cz, [1, 1]], error=True)
case("count_nonzero_bad_dim", "count_nonzero", [cz, 3], error=True)

# ---- sum / mean over dim lists, with dtype ----
for fn in ["sum", "mean"]:
    for dt in FLOATS:
        d = DT[dt]
        case(f"{fn}_dims_{d}", fn, [rg(r(2, 3, 4, dt=dt)), [0, 2]])
        case(f"{fn}_dims_keep_{d}", fn, [rg(r(2, 3, 4, dt=dt)), [-1, 1], True])
        case(f"{fn}_dims_empty_{d}", fn, [rg(r(2, 3, dt=dt)), []])
        case(f"{fn}_dims_kw_{d}", fn, [rg(r(2, 3, dt=dt))], {"dim": [1], "keepdim": True})
    case(f"{fn}_dtype_f64", fn, [rg(r(3, 4))], {"dtype": torch.float64})
    case(f"{fn}_dims_dtype_f64", fn, [rg(r(2, 3, 4)), [0, 1], True], {"dtype": torch.float64})
    case(f"{fn}_dim_dtype_f32", fn, [rg(r(2, 3, dt=torch.float64)), 1], {"dtype": torch.float32})
    case(f"{fn}_method_dtype", fn, [rg(r(2, 3)), [0]], {"dtype": torch.float64}, method=True)
    case(f"{fn}_long_dims_to_float", fn, [ri(3, 4), [0, 1]], {"dtype": torch.float64})
    case(f"{fn}_0d_dup", fn, [torch.tensor(3.), [0, -1]], error=True)
    case(f"{fn}_dup", fn, [r(2, 3), [1, -1]], error=True)
    case(f"{fn}_bad_dim", fn, [r(2, 3), [0, 2]], error=True)
case("sum_dtype_long", "sum", [torch.tensor([[0.5, 0.7], [1.9, -2.5]])], {"dtype": torch.int64})
case("sum_dims_dtype_long", "sum", [torch.tensor([[0.5, 0.7], [1.9, -2.5]]), [0, 1]], {"dtype": torch.int64})
case("sum_dim_dtype_long", "sum", [torch.tensor([[0.5, 1.7], [1.9, -2.5]]), 1], {"dtype": torch.int64})
case("sum_dtype_bool", "sum", [torch.tensor([1.5, 0., 2.5])], {"dtype": torch.bool})
case("sum_bool_dims", "sum", [torch.rand(3, 4) > 0.5, [0, 1]])
case("sum_long_dims", "sum", [ri(3, 4, 2), [0, 2]])
case("mean_long", "mean", [ri(3, 4)], error=True)
case("mean_dtype_long", "mean", [r(3, 4), [0]], {"dtype": torch.int64}, error=True)
case("mean_long_dtype_long", "mean", [ri(3, 4)], {"dtype": torch.int64}, error=True)
case("mean_empty_dims_keep", "mean", [rg(r(2, 3)), [], True])
case("sum_empty_dim", "sum", [torch.zeros(2, 0), [1]])
case("mean_empty_dim", "mean", [torch.zeros(2, 0), [1]])

# equal values in a group: over dims with several outputs (1.13's Welford reduction) a variance of
# exactly 0, so std's gradient there is 0; var / std with one output element take the all-reduce
# path (the mean first), not exactly 0 in float64; var_mean / std_mean are Welford throughout
EQUAL = -3.022592563251476
equal_cols = torch.full((3, 4), EQUAL, dtype=torch.float64)
equal_cols[:, 2] = torch.tensor([1.0, 2.0, 4.0], dtype=torch.float64)
for fn in ["var", "std", "var_mean", "std_mean"]:
    case(f"{fn}_equal_values_dim0", fn, [rg(equal_cols.clone()), 0])
    case(f"{fn}_equal_values_dim1_keepdim", fn, [rg(equal_cols.t().contiguous()), 1, True])
    case(f"{fn}_equal_values_one_output", fn, [rg(torch.full((3, 1), EQUAL, dtype=torch.float64)), 0])
    case(f"{fn}_equal_values_all", fn, [rg(torch.full((3,), EQUAL, dtype=torch.float64))])

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "cases_reductions.json")
with open(path, "w") as f:
    # replayed_by keeps test/conformance.test.mjs (which reads every cases_*.json as F.<fn> calls) off this file
    json.dump({"generator": f"PyTorch {torch.__version__}", "replayed_by": "test/reductions.test.mjs", "cases": cases},
              f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(f"wrote {os.path.normpath(path)}: {len(cases)} cases, {os.path.getsize(path)} bytes")
