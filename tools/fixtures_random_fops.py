#!/usr/bin/python3
"""PyTorch-generated cases for seeded random draws and five functionals. Writes
test/fixtures/cases_random_fops.json, replayed by test/random_fops.test.mjs.

usage: /usr/bin/python3 tools/fixtures_random_fops.py

"random" cases: torch.manual_seed(seed) (or a fresh torch.Generator().manual_seed(gen) passed as
generator=), then one call: torch.<fn>(*args, **kwargs), or <self>.<fn>(*args, **kwargs) where
<self> is `base` after the view ops in "view" (in-place draws into a strided view), with the
values drawn (for in-place calls: all of `base` afterwards) or the error raised, and then
torch.randn(3, dtype=float64) from the same generator, which shows where the generator stands.
"fops" cases: one call F.<fn>(*args, **kwargs) with its value, grad_fn, the gradient of
sum(out * grad_output) for every input that requires grad, and for embedding with max_norm the
weight afterwards (renormalised in place) -- or the error.
Arguments: {"tensor": spec}, {"dtype": name}, {"float": "inf" | "-inf" | "nan"}, {"generator": true}
or a plain JSON value. Values are exact (Python writes float64 with repr).
"""
import json
import math
import os
import warnings

import torch
import torch.nn.functional as F

from fixture_spec import DT, INF, NAN, num, spec  # noqa: E402,F401


class Viewed:
    """An argument that is a view: `base` after the view ops (so its strides reach the replay too)."""
    def __init__(self, base, *view):
        self.base, self.view = base, view

    def tensor(self):
        return apply_view(self.base, self.view)


def enc(a):
    if isinstance(a, Viewed):
        return {"tensor": {**spec(a.base), "requires_grad": False}, "view": [list(v) for v in a.view]}
    if isinstance(a, torch.Tensor):
        return {"tensor": {**spec(a), "requires_grad": a.requires_grad}}
    if isinstance(a, torch.dtype):
        return {"dtype": DT[a]}
    if isinstance(a, torch.Generator):
        return {"generator": True}
    if isinstance(a, float) and not math.isfinite(a):
        return {"float": "nan" if a != a else ("inf" if a > 0 else "-inf")}
    if isinstance(a, (list, tuple)):
        return [enc(x) for x in a]
    return a


def leaf(a):
    if isinstance(a, Viewed):
        return a.tensor()
    return a.detach().clone().requires_grad_(a.requires_grad) if isinstance(a, torch.Tensor) else a


def error_of(e):
    return {"type": type(e).__name__, "message": str(e).split("\nException raised from")[0]}


random_cases, fops_cases, ids = [], [], set()


def new_id(cid):
    assert cid not in ids, cid
    ids.add(cid)


def apply_view(t, view):
    for op, *a in view:
        t = getattr(t, op)(*a)
    return t


def rcase(cid, fn, args=(), kwargs=None, seed=0, gen=None, base=None, view=(), clone=False, error=False):
    """A random draw. base: the tensor whose view is `self` for a method call (clone: a clone of
    the leaf `base`, so the in-place op is recorded on a non-leaf)."""
    new_id(cid)
    kwargs = dict(kwargs or {})
    torch.manual_seed(seed)
    g = None
    if gen is not None:
        g = torch.Generator().manual_seed(gen)
        kwargs["generator"] = g
    c = {"id": cid, "fn": fn, "seed": seed, "args": [enc(a) for a in args], "kwargs": {k: enc(v) for k, v in kwargs.items()}}
    args = [leaf(a) for a in args]
    if gen is not None:
        c["gen"] = gen
    target = None
    if base is not None:
        c["base"] = enc(base)["tensor"]
        c["view"] = [list(v) for v in view]
        c["clone"] = clone
        b = leaf(base)
        target = apply_view(b.clone() if clone else b, view)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = getattr(target, fn)(*args, **kwargs) if target is not None else getattr(torch, fn)(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - every PyTorch error is recorded
        assert error, f"{cid}: {type(e).__name__}: {e}"
        c["expect"] = {"error": error_of(e)}
    else:
        assert not error, f"{cid}: expected an error"
        c["expect"] = {"tensor": spec(out if target is None else apply_view_base(b, clone, out))}
        if out.requires_grad:
            c["expect"]["grad_fn"] = out.grad_fn.name() if out.grad_fn else None
            roots = [a for a in args if isinstance(a, torch.Tensor) and a.requires_grad] + ([b] if target is not None and b.requires_grad else [])
            if out.grad_fn is not None:
                go = torch.randn(out.shape, dtype=out.dtype, generator=GRAD_OUT)
                c["grad_output"] = spec(go)
                (out * go).sum().backward()
                c["expect"]["grads"] = [spec(r.grad) if r.grad is not None else None for r in roots]
    c["after"] = torch.randn(3, dtype=torch.float64, generator=g).tolist()
    random_cases.append(c)


def apply_view_base(b, clone, out):
    """What the in-place call left: the view's base (the leaf itself unless cloned)."""
    if clone:
        root = out
        while root._base is not None:
            root = root._base
        return root
    return b


def fcase(cid, fn, args, kwargs=None, error=False, renorm=False):
    new_id(cid)
    kwargs = kwargs or {}
    args = [leaf(a) for a in args]
    c = {"id": cid, "fn": fn, "args": [enc(a) for a in args], "kwargs": {k: enc(v) for k, v in kwargs.items()}}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = getattr(F, fn)(*args, **kwargs)
    except Exception as e:  # noqa: BLE001
        assert error, f"{cid}: {type(e).__name__}: {e}"
        c["expect"] = {"error": error_of(e)}
        if renorm:
            c["expect"]["weight_after"] = spec(args[1])
        fops_cases.append(c)
        return
    assert not error, f"{cid}: expected an error"
    c["expect"] = {"tensor": spec(out)}
    if renorm:
        c["expect"]["weight_after"] = spec(args[1])
    if out.requires_grad:
        c["expect"]["grad_fn"] = out.grad_fn.name()
        go = torch.randn(out.shape, dtype=out.dtype)
        c["grad_output"] = spec(go)
        (out * go).sum().backward()
        c["expect"]["grads"] = {str(i): (spec(a.grad) if a.grad is not None else None)
                                for i, a in enumerate(args) if isinstance(a, torch.Tensor) and a.requires_grad}
    fops_cases.append(c)


def rg(t):
    return t.detach().clone().requires_grad_(True)


F32, F64 = torch.float32, torch.float64
GRAD_OUT = torch.Generator().manual_seed(99)  # grad_output values, kept off the generators under test
FLOATS = [F32, F64]
SEEDS = [0, 1, 7, 42, 1234, 2**32 + 5, -3, 2**53 - 1]


def random_section():
    # ---- rand / randn / randint / randperm, seeded and with a Generator ----
    for seed in SEEDS:
        for n in [1, 5, 15, 16, 17, 31, 33, 100, 257]:
            for dt in FLOATS:
                d = DT[dt]
                rcase(f"randn_s{seed}_n{n}_{d}", "randn", [[n]], {"dtype": dt}, seed=seed)
                rcase(f"rand_s{seed}_n{n}_{d}", "rand", [[n]], {"dtype": dt}, seed=seed)
    for seed in [0, 5, 99]:
        rcase(f"randn_shape_s{seed}", "randn", [[3, 7]], seed=seed)
        rcase(f"randn_big_s{seed}", "randn", [[4, 250]], seed=seed)
        rcase(f"randn_big_f64_s{seed}", "randn", [[1000]], {"dtype": F64}, seed=seed)
        rcase(f"randn_gen_s{seed}", "randn", [[2, 20]], gen=seed, seed=seed + 1)
        rcase(f"randn_gen_f64_s{seed}", "randn", [[9]], {"dtype": F64}, gen=seed)
        rcase(f"rand_gen_s{seed}", "rand", [[2, 9]], gen=seed)
        rcase(f"randint_gen_s{seed}", "randint", [3, 10, [12]], gen=seed)
        rcase(f"randint_high_gen_s{seed}", "randint", [1000, [2, 5]], gen=seed)
        rcase(f"randint_big_s{seed}", "randint", [0, 2**40, [6]], gen=seed)
        rcase(f"randperm_gen_s{seed}", "randperm", [20], gen=seed)
    rcase("randn_empty", "randn", [[0]], seed=3)
    rcase("randn_0d", "randn", [[]], seed=3)

    # ---- normal_ ----
    for dt in FLOATS:
        d = DT[dt]
        for n in [3, 15, 16, 40]:
            rcase(f"normal__{d}_n{n}", "normal_", [], base=torch.zeros(n, dtype=dt), seed=n)
            rcase(f"normal__ms_{d}_n{n}", "normal_", [0.37, 2.3], base=torch.zeros(n, dtype=dt), seed=n)
            rcase(f"normal__kw_{d}_n{n}", "normal_", [], {"mean": -1.5, "std": 0.1}, base=torch.zeros(n, dtype=dt), seed=n, gen=n + 100)
        # a transposed 4x5 (20 >= 16 but not contiguous): the pairwise path, in memory order
        rcase(f"normal__t_{d}", "normal_", [1.0, 3.0], base=torch.zeros(4, 5, dtype=dt), view=[("t",)], seed=2)
        rcase(f"normal__permute_{d}", "normal_", [], base=torch.zeros(2, 3, 4, dtype=dt), view=[("permute", 2, 0, 1)], seed=2)
        rcase(f"normal__narrow_{d}", "normal_", [], base=torch.zeros(4, 6, dtype=dt), view=[("narrow", 1, 1, 4)], seed=2)
        rcase(f"normal__std0_{d}", "normal_", [2.0, 0.0], base=torch.zeros(3, dtype=dt), seed=2)
    rcase("normal__nan_mean", "normal_", [NAN, 1.0], base=torch.zeros(3), seed=2)
    rcase("normal__neg_std", "normal_", [0.0, -1.0], base=torch.zeros(3), seed=2, error=True)
    rcase("normal__nan_std", "normal_", [0.0, NAN], base=torch.zeros(3), seed=2, error=True)
    rcase("normal__long", "normal_", [], base=torch.zeros(3, dtype=torch.long), seed=2, error=True)
    rcase("normal__long_neg_std", "normal_", [0.0, -2.5], base=torch.zeros(3, dtype=torch.long), seed=2, error=True)
    rcase("normal__grad", "normal_", [], base=torch.zeros(4, requires_grad=True), clone=True, seed=2)
    rcase("normal__leaf", "normal_", [], base=torch.zeros(4, requires_grad=True), seed=2, error=True)

    # ---- uniform_ ----
    for dt in FLOATS:
        d = DT[dt]
        for lo, hi in [(0.0, 1.0), (-0.3, 1.7), (2.5, 7.1), (-1e-3, 3.3), (-3.0, -1.0)]:
            rcase(f"uniform__{d}_{lo}_{hi}", "uniform_", [lo, hi], base=torch.zeros(50, dtype=dt), seed=11)
        rcase(f"uniform__kw_{d}", "uniform_", [], {"from": -2.0, "to": 5.0}, base=torch.zeros(7, dtype=dt), gen=4)
        rcase(f"uniform__t_{d}", "uniform_", [-1.0, 1.0], base=torch.zeros(3, 5, dtype=dt), view=[("t",)], seed=3)
        rcase(f"uniform__equal_{d}", "uniform_", [1.0, 1.0], base=torch.zeros(3, dtype=dt), seed=3)
        rcase(f"uniform__big_{d}", "uniform_", [0.0, 3e38], base=torch.zeros(3, dtype=dt), seed=3)
    rcase("uniform__reversed", "uniform_", [2.0, 1.0], base=torch.zeros(3), seed=3, error=True)
    rcase("uniform__inf", "uniform_", [0.0, INF], base=torch.zeros(3), seed=3, error=True)
    rcase("uniform__from_oob", "uniform_", [-1e39, 1.0], base=torch.zeros(3), seed=3, error=True)
    rcase("uniform__range_oob", "uniform_", [-3e38, 3e38], base=torch.zeros(3), seed=3, error=True)
    rcase("uniform__range_oob_f64", "uniform_", [-1.7e308, 1.7e308], base=torch.zeros(3, dtype=F64), seed=3, error=True)
    rcase("uniform__long", "uniform_", [], base=torch.zeros(3, dtype=torch.long), seed=3, error=True)
    rcase("uniform__grad", "uniform_", [-1.0, 2.0], base=torch.zeros(2, 3, requires_grad=True), clone=True, seed=3)

    # ---- exponential_ ----
    for dt in FLOATS:
        rcase(f"exponential__{DT[dt]}", "exponential_", [], base=torch.zeros(20, dtype=dt), seed=8)
        rcase(f"exponential__lambd_{DT[dt]}", "exponential_", [2.5], base=torch.zeros(7, dtype=dt), gen=8)
    rcase("exponential__neg", "exponential_", [-1.0], base=torch.zeros(3), seed=8, error=True)

    # ---- bernoulli_ / torch.bernoulli ----
    for dt in [F32, F64, torch.int64, torch.bool]:
        d = DT[dt]
        rcase(f"bernoulli__default_{d}", "bernoulli_", [], base=torch.zeros(20, dtype=dt), seed=5)
        rcase(f"bernoulli__p_{d}", "bernoulli_", [0.3], base=torch.zeros(4, 5, dtype=dt), seed=5)
        rcase(f"bernoulli__ptensor_{d}", "bernoulli_", [torch.rand(4, 5)], base=torch.zeros(4, 5, dtype=dt), seed=5)
    torch.manual_seed(0)
    p32, p64 = torch.rand(3, 4), torch.rand(3, 4, dtype=F64)
    rcase("bernoulli__p64", "bernoulli_", [p64], base=torch.zeros(3, 4), seed=6)
    rcase("bernoulli__p_broadcast", "bernoulli_", [torch.rand(4)], base=torch.zeros(3, 4), seed=6)
    rcase("bernoulli__p_0d", "bernoulli_", [torch.tensor(0.5)], base=torch.zeros(5), seed=6)
    rcase("bernoulli__p_kw", "bernoulli_", [], {"p": 0.75}, base=torch.zeros(6), gen=6)
    rcase("bernoulli__t", "bernoulli_", [0.5], base=torch.zeros(3, 6), view=[("t",)], seed=6)
    rcase("bernoulli__t_ptensor", "bernoulli_", [Viewed(p32, ("t",))], base=torch.zeros(3, 4), view=[("t",)], seed=6)
    rcase("bernoulli__ptensor_t", "bernoulli_", [Viewed(torch.rand(4, 3), ("t",))], base=torch.zeros(3, 4), seed=6)
    rcase("bernoulli__p_bad", "bernoulli_", [1.5], base=torch.zeros(3), seed=6, error=True)
    rcase("bernoulli__p_neg", "bernoulli_", [-0.1], base=torch.zeros(3), seed=6, error=True)
    rcase("bernoulli__ptensor_bad_mid", "bernoulli_", [torch.tensor([0.5, 0.2, 1.5, 0.1])], base=torch.zeros(4), seed=6, error=True)
    rcase("bernoulli__ptensor_nan", "bernoulli_", [torch.tensor([0.5, NAN])], base=torch.zeros(2), seed=6, error=True)
    rcase("bernoulli__ptensor_long", "bernoulli_", [torch.tensor([1, 0])], base=torch.zeros(2), seed=6, error=True)
    rcase("bernoulli__ptensor_shape", "bernoulli_", [torch.zeros(2)], base=torch.zeros(3), seed=6, error=True)
    rcase("bernoulli__ptensor_ndim", "bernoulli_", [torch.zeros(2, 3)], base=torch.zeros(3), seed=6, error=True)
    rcase("bernoulli__grad", "bernoulli_", [0.4], base=torch.zeros(5, requires_grad=True), clone=True, seed=6)
    rcase("bernoulli__grad_ptensor", "bernoulli_", [p32[0]], base=torch.zeros(4, requires_grad=True), clone=True, seed=6)
    for dt in FLOATS:
        d = DT[dt]
        rcase(f"bernoulli_{d}", "bernoulli", [torch.rand(3, 5, dtype=dt)], seed=9)
        rcase(f"bernoulli_p_{d}", "bernoulli", [torch.rand(3, 5, dtype=dt), 0.6], seed=9)
        rcase(f"bernoulli_gen_{d}", "bernoulli", [torch.rand(8, dtype=dt)], gen=9)
    rcase("bernoulli_grad", "bernoulli", [torch.rand(6, requires_grad=True)], seed=9)
    rcase("bernoulli_p_grad", "bernoulli", [torch.rand(6, requires_grad=True), 0.5], seed=9)
    rcase("bernoulli_p_kw", "bernoulli", [torch.rand(6)], {"p": 0.2}, seed=9)
    rcase("bernoulli_long_p", "bernoulli", [torch.tensor([1, 0]), 0.5], seed=9)
    rcase("bernoulli_long", "bernoulli", [torch.tensor([1, 0])], seed=9, error=True)
    rcase("bernoulli_bad_p", "bernoulli", [torch.tensor([0.2, 1.5])], seed=9, error=True)
    rcase("bernoulli_bad_scalar_p", "bernoulli", [torch.rand(3), -0.5], seed=9, error=True)
    rcase("bernoulli_empty", "bernoulli", [torch.zeros(0)], seed=9)
    rcase("bernoulli_0d", "bernoulli", [torch.tensor(0.7)], seed=9)

    # ---- multinomial ----
    torch.manual_seed(1)
    for dt in FLOATS:
        d = DT[dt]
        p1 = torch.rand(7, dtype=dt)
        p2 = torch.rand(4, 10, dtype=dt)
        for seed in [0, 3, 17]:
            rcase(f"multinomial_norep_{d}_s{seed}", "multinomial", [p1, 4], seed=seed)
            rcase(f"multinomial_rep_{d}_s{seed}", "multinomial", [p1, 9, True], seed=seed)
            rcase(f"multinomial_2d_norep_{d}_s{seed}", "multinomial", [p2, 6], seed=seed)
            rcase(f"multinomial_2d_rep_{d}_s{seed}", "multinomial", [p2, 12], {"replacement": True}, seed=seed)
            rcase(f"multinomial_one_{d}_s{seed}", "multinomial", [p2, 1], seed=seed)
            rcase(f"multinomial_one_rep_{d}_s{seed}", "multinomial", [p1, 1, True], seed=seed)
        rcase(f"multinomial_all_{d}", "multinomial", [p1, 7], gen=2)
        rcase(f"multinomial_many_cats_{d}", "multinomial", [torch.rand(3, 300, dtype=dt), 4], seed=4)
        rcase(f"multinomial_many_cats_rep_{d}", "multinomial", [torch.rand(300, dtype=dt), 50, True], seed=4)
        rcase(f"multinomial_t_{d}", "multinomial", [Viewed(torch.rand(6, 3, dtype=dt), ("t",)), 2], seed=4)
        rcase(f"multinomial_narrow_{d}", "multinomial", [Viewed(torch.rand(3, 8, dtype=dt), ("narrow", 1, 2, 5)), 3], seed=4)
        rcase(f"multinomial_unnormalised_{d}", "multinomial", [torch.tensor([1., 5., 0.5, 10.], dtype=dt), 2], seed=4)
    rcase("multinomial_zeros_norep", "multinomial", [torch.tensor([0., 1., 0.]), 3], seed=2)
    rcase("multinomial_zeros_norep2", "multinomial", [torch.tensor([0., 1., 0., 2., 0.]), 4], seed=2)
    rcase("multinomial_zeros_rep", "multinomial", [torch.tensor([0., 1., 0., 2.]), 10, True], seed=2)
    rcase("multinomial_empty_rows", "multinomial", [torch.zeros(0, 3), 2], seed=2)
    rcase("multinomial_tiny", "multinomial", [torch.tensor([1e-45, 0.]), 1], seed=2)
    rcase("multinomial_kw", "multinomial", [], {"input": torch.rand(5), "num_samples": 3, "replacement": True}, seed=2)
    rcase("multinomial_grad_input", "multinomial", [torch.rand(5, requires_grad=True), 2], seed=2)
    for cid, args in [("n0", [torch.rand(3), 0]), ("nneg", [torch.rand(3), -1]), ("too_many", [torch.rand(3), 4]),
                      ("0d", [torch.tensor(0.5), 1]), ("3d", [torch.ones(2, 2, 2), 1]), ("long", [torch.tensor([1, 2]), 1]),
                      ("neg", [torch.tensor([-1., 2.]), 1]), ("inf", [torch.tensor([INF, 2.]), 1]), ("nan", [torch.tensor([NAN, 2.]), 2]),
                      ("sum0", [torch.tensor([0., 0.]), 1]), ("row_sum0", [torch.tensor([[0., 0.], [1., 1.]]), 1]),
                      ("rep_neg", [torch.tensor([-1., 2.]), 2, True]), ("rep_nan", [torch.tensor([NAN, 2.]), 2, True]),
                      ("rep_inf", [torch.tensor([INF, 2.]), 2, True]), ("rep_sum0", [torch.tensor([0., 0.]), 2, True]),
                      ("rep_row1_bad", [torch.tensor([[1., 1.], [0., 0.]]), 3, True]), ("rep_no_cats", [torch.zeros(2, 0), 2, True])]:
        rcase(f"multinomial_err_{cid}", "multinomial", args, seed=2, error=True)

    # ---- torch.normal ----
    m, s = torch.tensor([0., 1., 2.]), torch.tensor([1., 2., 3.])
    for dt in FLOATS:
        d = DT[dt]
        rcase(f"normal_tt_{d}", "normal", [m.to(dt), s.to(dt)], seed=4)
        rcase(f"normal_tf_{d}", "normal", [torch.randn(20, dtype=dt), 2.0], seed=4)
        rcase(f"normal_ft_{d}", "normal", [1.5, torch.rand(18, dtype=dt)], seed=4)
        rcase(f"normal_size_{d}", "normal", [1.0, 2.0, [2, 3]], {"dtype": dt}, seed=4)
        rcase(f"normal_size_big_{d}", "normal", [-0.5, 0.25, [40]], {"dtype": dt}, seed=4)
        rcase(f"normal_tt_big_{d}", "normal", [torch.randn(4, 5, dtype=dt), torch.rand(5, dtype=dt)], seed=4)
    rcase("normal_broadcast", "normal", [torch.ones(3, 1), torch.ones(2)], seed=4)
    rcase("normal_mixed_double_std", "normal", [m, s.double()], seed=4)
    rcase("normal_mixed_double_mean", "normal", [m.double(), s], seed=4)
    rcase("normal_long_std", "normal", [m, torch.tensor([1, 2, 3])], seed=4)
    rcase("normal_mean_only", "normal", [m], seed=4)
    rcase("normal_kw", "normal", [], {"mean": m, "std": s}, gen=4)
    rcase("normal_kw_mean", "normal", [], {"mean": m}, seed=4)
    rcase("normal_0d", "normal", [torch.tensor(1.), torch.tensor(2.)], seed=4)
    rcase("normal_empty", "normal", [torch.zeros(0), 1.0], seed=4)
    rcase("normal_size_gen", "normal", [0.0, 1.0, [5]], gen=4)
    rcase("normal_size_int", "normal", [1, 2, [2]], seed=4)
    rcase("normal_grad_tt", "normal", [rg(m), rg(s)], seed=4)
    rcase("normal_grad_tf", "normal", [rg(m), 2.0], seed=4)
    rcase("normal_grad_ft", "normal", [1.0, rg(s)], seed=4)
    rcase("normal_size_requires_grad", "normal", [1.0, 2.0, [2]], {"requires_grad": True}, seed=4)
    for cid, args, kw in [("neg_std_t", [m, -s], {}), ("neg_std_f", [m, -1.0], {}), ("neg_std_ft", [-1.0, -s], {}),
                          ("neg_std_size", [1.0, -2.0, [2]], {}), ("shape", [m, s[:2]], {}), ("long_mean", [m.long(), s], {}),
                          ("long_mean_f", [m.long(), 1.0], {}), ("long_std_f", [1.0, s.long()], {}),
                          ("size_long", [1.0, 2.0, [2]], {"dtype": torch.long}), ("ff", [1.0, 2.0], {})]:
        rcase(f"normal_err_{cid}", "normal", args, kw, seed=4, error=True)

    # ---- random_ ----
    for dt in [F32, F64, torch.int64, torch.bool]:
        d = DT[dt]
        rcase(f"random__{d}", "random_", [], base=torch.zeros(6, dtype=dt), seed=12)
        if dt != torch.bool:
            rcase(f"random__to_{d}", "random_", [10], base=torch.zeros(6, dtype=dt), seed=12)
            rcase(f"random__from_to_{d}", "random_", [-3, 10], base=torch.zeros(6, dtype=dt), seed=12)
            rcase(f"random__from_none_{d}", "random_", [3, None], base=torch.zeros(6, dtype=dt), seed=12)
    rcase("random__kw_to", "random_", [], {"to": 7}, base=torch.zeros(5), gen=12)
    rcase("random__big", "random_", [0, 2**40], base=torch.zeros(5, dtype=torch.long), seed=12)
    rcase("random__t", "random_", [100], base=torch.zeros(2, 3), view=[("t",)], seed=12)
    rcase("random__bad", "random_", [10, 3], base=torch.zeros(5), seed=12, error=True)
    rcase("random__zero_to", "random_", [0], base=torch.zeros(5), seed=12, error=True)


def fops_section():
    torch.manual_seed(21)
    # ---- one_hot ----
    fcase("one_hot_infer", "one_hot", [torch.tensor([0, 2, 1])])
    fcase("one_hot_classes", "one_hot", [torch.tensor([0, 2, 1]), 5])
    fcase("one_hot_kw", "one_hot", [torch.tensor([[1, 0], [2, 3]])], {"num_classes": -1})
    fcase("one_hot_0d", "one_hot", [torch.tensor(2)])
    fcase("one_hot_0d_classes", "one_hot", [torch.tensor(2), 4])
    fcase("one_hot_empty_classes", "one_hot", [torch.zeros(0, 2, dtype=torch.long), 3])
    for cid, args in [("small", [torch.tensor([0, 2, 1]), 2]), ("zero", [torch.tensor([0, 2, 1]), 0]), ("neg_classes", [torch.tensor([0, 1]), -2]),
                      ("negative", [torch.tensor([0, -2, 1])]), ("negative_classes", [torch.tensor([0, -2, 1]), 3]),
                      ("float", [torch.tensor([0., 2., 1.])]), ("bool", [torch.tensor([True])]),
                      ("empty", [torch.tensor([], dtype=torch.long)]), ("empty_zero", [torch.tensor([], dtype=torch.long), 0])]:
        fcase(f"one_hot_err_{cid}", "one_hot", args, error=True)

    # ---- pad ----
    x1, x3 = torch.randn(2, 5), torch.randn(2, 3, 4)
    x4, x5 = torch.randn(1, 2, 3, 4), torch.randn(1, 2, 2, 3, 4)
    for dt in FLOATS:
        d = DT[dt]
        fcase(f"pad_constant_{d}", "pad", [rg(x3.to(dt)), [1, 2]])
        fcase(f"pad_constant_value_{d}", "pad", [rg(x3.to(dt)), [1, 2, 0, 1]], {"value": 9.5})
        fcase(f"pad_constant_all_{d}", "pad", [rg(x4.to(dt)), [1, 1, 2, 0, 1, 1, 0, 1]])
        fcase(f"pad_constant_neg_{d}", "pad", [rg(x3.to(dt)), [-1, 2, 1, -1]])
        fcase(f"pad_constant_crop_{d}", "pad", [rg(x3.to(dt)), [-1, -2]])
        fcase(f"pad_reflect1d_{d}", "pad", [rg(x3.to(dt)), [2, 3]], {"mode": "reflect"})
        fcase(f"pad_reflect1d_2d_{d}", "pad", [rg(x1.to(dt)), [4, 1]], {"mode": "reflect"})
        fcase(f"pad_reflect2d_{d}", "pad", [rg(x4.to(dt)), [1, 3, 2, 1]], {"mode": "reflect"})
        fcase(f"pad_reflect2d_3d_{d}", "pad", [rg(x3.to(dt)), [3, 0, 0, 2]], {"mode": "reflect"})
        fcase(f"pad_reflect3d_{d}", "pad", [rg(x5.to(dt)), [1, 2, 1, 1, 1, 0]], {"mode": "reflect"})
        fcase(f"pad_reflect3d_4d_{d}", "pad", [rg(x4.to(dt)), [1, 1, 1, 2, 1, 1]], {"mode": "reflect"})
        fcase(f"pad_reflect_neg_{d}", "pad", [rg(x3.to(dt)), [-1, 2]], {"mode": "reflect"})
        fcase(f"pad_replicate1d_{d}", "pad", [rg(x3.to(dt)), [5, 2]], {"mode": "replicate"})
        fcase(f"pad_replicate2d_{d}", "pad", [rg(x4.to(dt)), [3, 1, 0, 4]], {"mode": "replicate"})
        fcase(f"pad_replicate3d_{d}", "pad", [rg(x5.to(dt)), [2, 1, 0, 2, 3, 1]], {"mode": "replicate"})
        fcase(f"pad_replicate_neg_{d}", "pad", [rg(x4.to(dt)), [-1, 2, 1, -1]], {"mode": "replicate"})
    fcase("pad_positional_mode", "pad", [x1, [1, 2], "constant", 9.0])
    fcase("pad_1d_constant", "pad", [torch.arange(4.), [1, 1]])
    fcase("pad_long", "pad", [torch.arange(4).reshape(1, 4), [1, 1]], {"value": 2.5})
    fcase("pad_bool", "pad", [torch.tensor([[True, False]]), [1, 0]])
    fcase("pad_empty_dim", "pad", [torch.zeros(1, 2, 0), [1, 1]])
    fcase("pad_empty_pad", "pad", [x1, []])
    fcase("pad_zero", "pad", [rg(x1), [0, 0]])
    fcase("pad_value_none", "pad", [x1, [1, 1]], {"value": None})
    fcase("pad_reflect_value0", "pad", [x3, [1, 1]], {"mode": "reflect", "value": 0.0})
    fcase("pad_reflect_batch0", "pad", [torch.zeros(0, 2, 3), [1, 1]], {"mode": "reflect"})
    fcase("pad_replicate_batch0", "pad", [torch.zeros(0, 2, 3), [1, 1]], {"mode": "replicate"})
    fcase("pad_reflect_max", "pad", [rg(x3), [3, 3]], {"mode": "reflect"})
    for cid, args, kw in [
            ("odd", [x1, [1]], {}), ("odd3", [x1, [1, 2, 3]], {}), ("too_long", [x1, [1, 2, 3, 4, 5, 6]], {}), ("0d", [torch.tensor(1.), [1, 1]], {}),
            ("narrow", [torch.arange(4.).reshape(1, 4), [-3, -2]], {}), ("narrow_start", [torch.arange(4.).reshape(1, 4), [-5, 1]], {}),
            ("negative_size", [torch.arange(4.).reshape(1, 4), [-3, -1, 1, 0]], {}),
            ("reflect_big", [x3, [4, 1]], {"mode": "reflect"}), ("reflect2d_big", [x4, [1, 1, 3, 1]], {"mode": "reflect"}),
            ("reflect2d_big_w", [x4, [4, 1, 0, 0]], {"mode": "reflect"}), ("reflect3d_big", [x5, [1, 1, 1, 1, 2, 1]], {"mode": "reflect"}),
            ("reflect_1d_input", [torch.arange(4.), [1, 1]], {"mode": "reflect"}), ("reflect_dims", [x4, [1, 1]], {"mode": "reflect"}),
            ("replicate_dims", [x4, [1, 1]], {"mode": "replicate"}), ("reflect_value", [x3, [1, 1]], {"mode": "reflect", "value": 2.0}),
            ("mode", [x1, [1, 1]], {"mode": "foo"}), ("reflect_long", [torch.arange(4).reshape(1, 4), [1, 1]], {"mode": "reflect"}),
            ("replicate_long", [torch.arange(4).reshape(1, 4), [1, 1]], {"mode": "replicate"}),
            ("reflect_empty", [torch.zeros(1, 2, 0), [1, 1]], {"mode": "reflect"}), ("replicate_empty", [torch.zeros(1, 2, 0), [1, 1]], {"mode": "replicate"}),
            ("replicate_too_small", [torch.zeros(1, 2, 3), [-2, -1]], {"mode": "replicate"}),
            ("reflect_too_small", [torch.zeros(1, 2, 3), [-2, -1]], {"mode": "reflect"})]:
        fcase(f"pad_err_{cid}", "pad", args, kw, error=True)

    # ---- embedding ----
    idx = torch.tensor([[0, 2, 0], [3, 0, 1]])
    for dt in FLOATS:
        d = DT[dt]
        w = torch.randn(4, 3, dtype=dt)
        fcase(f"embedding_{d}", "embedding", [idx, rg(w)])
        fcase(f"embedding_padding_{d}", "embedding", [idx, rg(w)], {"padding_idx": 0})
        fcase(f"embedding_padding_neg_{d}", "embedding", [idx, rg(w)], {"padding_idx": -4})
        fcase(f"embedding_scale_{d}", "embedding", [idx, rg(w)], {"scale_grad_by_freq": True})
        fcase(f"embedding_scale_padding_{d}", "embedding", [idx, rg(w)], {"padding_idx": 2, "scale_grad_by_freq": True})
        fcase(f"embedding_max_norm_{d}", "embedding", [idx, rg(w * 3)], {"max_norm": 1.5}, renorm=True)
        fcase(f"embedding_max_norm_p1_{d}", "embedding", [idx, w * 3], {"max_norm": 2.0, "norm_type": 1.0}, renorm=True)
        fcase(f"embedding_max_norm_inf_{d}", "embedding", [torch.tensor([1, 3]), w * 3], {"max_norm": 1.0, "norm_type": INF}, renorm=True)
    w = torch.randn(4, 3)
    fcase("embedding_0d", "embedding", [torch.tensor(1), rg(w)])
    fcase("embedding_empty", "embedding", [torch.tensor([], dtype=torch.long), w])
    fcase("embedding_3d_idx", "embedding", [torch.tensor([[[1], [3]]]), rg(w)])
    fcase("embedding_long_weight", "embedding", [torch.tensor([1, 2]), torch.arange(12).reshape(4, 3)])
    fcase("embedding_positional", "embedding", [idx, rg(w), 1, None, 2.0, True, False])
    fcase("embedding_max_norm_small", "embedding", [idx, w.clone()], {"max_norm": 100.0}, renorm=True)
    for cid, args, kw, rn in [("oob", [torch.tensor([4]), w], {}, False), ("neg", [torch.tensor([-1]), w], {}, False),
                              ("float_idx", [torch.tensor([1.]), w], {}, False), ("weight_1d", [torch.tensor([1]), w[0]], {}, False),
                              ("weight_3d", [torch.tensor([1]), w.reshape(2, 2, 3)], {}, False), ("padding_big", [torch.tensor([1]), w], {"padding_idx": 4}, False),
                              ("padding_small", [torch.tensor([1]), w], {"padding_idx": -5}, False),
                              ("max_norm_oob", [torch.tensor([5]), w.clone()], {"max_norm": 1.0}, True),
                              ("max_norm_neg", [torch.tensor([-1, 0]), w.clone() * 3], {"max_norm": 1.0}, True),
                              ("max_norm_long", [torch.tensor([1]), torch.arange(12).reshape(4, 3)], {"max_norm": 1.0}, False)]:
        fcase(f"embedding_err_{cid}", "embedding", args, kw, error=True, renorm=rn)

    # ---- avg_pool2d ----
    a4, a3 = torch.randn(2, 3, 7, 6), torch.randn(3, 5, 5)
    for dt in FLOATS:
        d = DT[dt]
        fcase(f"avg_pool2d_{d}", "avg_pool2d", [rg(a4.to(dt)), 2])
        fcase(f"avg_pool2d_stride_{d}", "avg_pool2d", [rg(a4.to(dt)), [3, 2], [2, 1]])
        fcase(f"avg_pool2d_pad_{d}", "avg_pool2d", [rg(a4.to(dt)), 3, 2, 1])
        fcase(f"avg_pool2d_pad_exclude_{d}", "avg_pool2d", [rg(a4.to(dt)), 3, 2, 1], {"count_include_pad": False})
        fcase(f"avg_pool2d_ceil_{d}", "avg_pool2d", [rg(a4.to(dt)), 3, 2], {"ceil_mode": True})
        fcase(f"avg_pool2d_ceil_pad_{d}", "avg_pool2d", [rg(a4.to(dt)), 3, 2, 1], {"ceil_mode": True})
        fcase(f"avg_pool2d_ceil_pad_exclude_{d}", "avg_pool2d", [rg(a4.to(dt)), [3, 2], [2, 3], [1, 1]], {"ceil_mode": True, "count_include_pad": False})
        fcase(f"avg_pool2d_divisor_{d}", "avg_pool2d", [rg(a4.to(dt)), 2], {"divisor_override": 3})
        fcase(f"avg_pool2d_3d_{d}", "avg_pool2d", [rg(a3.to(dt)), 2, 1])
    fcase("avg_pool2d_kw", "avg_pool2d", [a4], {"kernel_size": [2, 3], "stride": None, "padding": [1, 0]})
    fcase("avg_pool2d_stride_list_empty", "avg_pool2d", [a4, 2, []])
    fcase("avg_pool2d_batch0", "avg_pool2d", [torch.zeros(0, 2, 4, 4), 2])
    fcase("avg_pool2d_long", "avg_pool2d", [torch.arange(-20, 30).reshape(1, 2, 5, 5), 3, 1, 1])
    fcase("avg_pool2d_long_exclude", "avg_pool2d", [torch.arange(-20, 30).reshape(2, 5, 5) * 7, 2, 2, 1], {"count_include_pad": False, "ceil_mode": True})
    for cid, args, kw in [("bool", [torch.ones(1, 1, 4, 4, dtype=torch.bool), 2], {}), ("2d", [torch.ones(4, 4), 2], {}),
                          ("5d", [torch.ones(1, 1, 1, 4, 4), 2], {}), ("k3", [a4, [1, 2, 3]], {}), ("k0", [a4, 0], {}),
                          ("s0", [a4, 2, 0], {}), ("pad_big", [a4, 2, 1, 2], {}), ("pad_neg", [a4, 2, 1, -1], {}),
                          ("too_small", [torch.ones(1, 1, 2, 2), 3], {}), ("divisor0", [a4, 2], {"divisor_override": 0}),
                          ("empty_c", [torch.ones(1, 0, 4, 4), 2], {}), ("stride3", [a4, 2, [1, 1, 1]], {}),
                          ("pad3", [a4, 2, 1, [1, 1, 1]], {}), ("unbatched_empty", [torch.ones(0, 4, 4), 2], {})]:
        fcase(f"avg_pool2d_err_{cid}", "avg_pool2d", args, kw, error=True)

    # ---- adaptive_avg_pool2d ----
    b4 = torch.randn(2, 3, 7, 5)
    for dt in FLOATS:
        d = DT[dt]
        fcase(f"adaptive_avg_pool2d_{d}", "adaptive_avg_pool2d", [rg(b4.to(dt)), 3])
        fcase(f"adaptive_avg_pool2d_pair_{d}", "adaptive_avg_pool2d", [rg(b4.to(dt)), [4, 2]])
        fcase(f"adaptive_avg_pool2d_up_{d}", "adaptive_avg_pool2d", [rg(b4.to(dt)), [9, 6]])
        fcase(f"adaptive_avg_pool2d_none_{d}", "adaptive_avg_pool2d", [rg(b4.to(dt)), [None, 2]])
        fcase(f"adaptive_avg_pool2d_one_{d}", "adaptive_avg_pool2d", [rg(b4.to(dt)), 1])
        fcase(f"adaptive_avg_pool2d_3d_{d}", "adaptive_avg_pool2d", [rg(b4[0].to(dt)), [2, None]])
    fcase("adaptive_avg_pool2d_kw", "adaptive_avg_pool2d", [b4], {"output_size": [3, 3]})
    fcase("adaptive_avg_pool2d_batch0", "adaptive_avg_pool2d", [torch.zeros(0, 2, 4, 4), 2])
    fcase("adaptive_avg_pool2d_out0", "adaptive_avg_pool2d", [b4, 0])
    fcase("adaptive_avg_pool2d_2d_one", "adaptive_avg_pool2d", [rg(torch.randn(4, 5)), 1])
    fcase("adaptive_avg_pool2d_long_empty", "adaptive_avg_pool2d", [torch.ones(1, 1, 4, 4, dtype=torch.long), 0])
    for cid, args in [("long", [torch.ones(1, 1, 4, 4, dtype=torch.long), 2]), ("2d", [torch.ones(4, 4), 2]),
                      ("5d", [torch.ones(1, 1, 1, 4, 4), 2]), ("size3", [b4, [1, 2, 3]]), ("empty_h", [torch.ones(1, 1, 0, 4), 2]),
                      ("neg", [b4, -1]), ("2d_list", [torch.ones(4, 4), [2, 2]]), ("none", [b4, None])]:
        fcase(f"adaptive_avg_pool2d_err_{cid}", "adaptive_avg_pool2d", args, error=True)


random_section()
fops_section()
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "cases_random_fops.json")
with open(out, "w") as f:
    # replayed_by keeps test/conformance.test.mjs (which reads every cases_*.json as F.<fn> calls) off this file
    json.dump({"generator": f"PyTorch {torch.__version__}", "replayed_by": "test/random_fops.test.mjs",
               "random": random_cases, "fops": fops_cases}, f, separators=(",", ":"))
print(f"{len(random_cases)} random and {len(fops_cases)} functional cases -> {os.path.normpath(out)}")
