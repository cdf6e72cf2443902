"""cases_math.json: issue 12's elementwise math (torch.sin ... logical_xor, as torch.* and as Tensor methods),
the functional activations (F.gelu ... F.relu6) and the simple losses (F.mse_loss ... F.normalize): values,
gradients and grad_fn names in float32 and float64, integer and bool inputs, NaN / ±inf / ±0 / huge values,
broadcasting, empty and 0-dim tensors, and PyTorch's errors.

    /usr/bin/python3 tools/fixtures_math.py     (or: tools/gen_fixtures.py math)
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from fixtures_common import Suite  # noqa: E402

F32, F64, I64, BOOL = torch.float32, torch.float64, torch.int64, torch.bool
NAN, INF = float("nan"), float("inf")
SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 1e30, -1e30, 1e-30, -1e-30, 0.5, -0.5, 1.5, -2.5, 3.0, 20.0, -20.0, 88.5, -88.5, 1e-7, -1e-7]


def special(dt=F32):
    return torch.tensor(SPECIAL, dtype=dt)


def rg(t):
    return t.detach().clone().requires_grad_(True)


def ints():
    return torch.tensor([[-3, 0, 2], [7, -1, 5]])


def bools():
    return torch.tensor([True, False, True, True])


def add_dtypes(s, cid, fn, make, grad=True, **kw):
    """One case per float dtype: make(dtype) gives the positional args (tensors made differentiable when grad)."""
    for dt, tag in ((F32, "f32"), (F64, "f64")):
        args = [rg(a) if grad and isinstance(a, torch.Tensor) and a.is_floating_point() else a for a in make(dt)]
        s.add(f"{cid}_{tag}", fn, args, kw)


def err(s, cid, fn, args, **kw):
    s.add(cid, fn, list(args), kw, expect_error=True)


UNARY_FLOAT = {
    # name: a differentiable input in the function's domain
    "sin": lambda dt: torch.randn(3, 4, dtype=dt) * 3,
    "cos": lambda dt: torch.randn(3, 4, dtype=dt) * 3,
    "tan": lambda dt: torch.rand(3, 4, dtype=dt) * 2.8 - 1.4,
    "atan": lambda dt: torch.randn(3, 4, dtype=dt) * 4,
    "sinh": lambda dt: torch.randn(3, 4, dtype=dt) * 3,
    "cosh": lambda dt: torch.randn(3, 4, dtype=dt) * 3,
    "erf": lambda dt: torch.randn(5, 8, dtype=dt) * 2,
    "expm1": lambda dt: torch.randn(3, 4, dtype=dt) * 2,
    "log2": lambda dt: torch.rand(3, 4, dtype=dt) * 10 + 0.01,
    "log10": lambda dt: torch.rand(3, 4, dtype=dt) * 10 + 0.01,
    "rsqrt": lambda dt: torch.rand(3, 4, dtype=dt) * 10 + 0.01,
    "reciprocal": lambda dt: torch.randn(3, 4, dtype=dt) * 3,
}


def unary(s):
    for name, make in UNARY_FLOAT.items():
        fn = f"torch.{name}"
        add_dtypes(s, name, fn, lambda dt, make=make: [make(dt)])
        for dt, tag in ((F32, "f32"), (F64, "f64")):
            s.add(f"{name}_special_{tag}", fn, [special(dt)])
        s.add(f"{name}_int", fn, [ints()])
        s.add(f"{name}_bool", fn, [bools()])
        s.add(f"{name}_0dim", fn, [rg(make(F32)[0, 0])])
        s.add(f"{name}_empty", fn, [torch.zeros(0, 3)])
        s.add(f"{name}_method", f"Tensor.{name}", [rg(make(F64))])
        s.add(f"{name}_kw_input", fn, [], {"input": make(F32)})
    s.add("erf_large_f64", "torch.erf", [torch.linspace(-7, 7, 141, dtype=F64)])
    s.add("erf_large_f32", "torch.erf", [torch.linspace(-7, 7, 141, dtype=F32)])
    s.add("sinh_overflow_f32", "torch.sinh", [torch.tensor([89.0, 89.5, -89.5, 90.0])])
    s.add("expm1_tiny_f64", "torch.expm1", [torch.tensor([1e-10, -1e-10, 1e-300, 5e-324], dtype=F64)])
    err(s, "sin_positional_extra", "torch.sin", [torch.ones(2), torch.ones(2)])
    err(s, "sin_unexpected_kw", "torch.sin", [torch.ones(2)], foo=1)


HALVES = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999997, -0.49999997, 1e20, -3.7, 3.2, -0.2, NAN, INF, -INF, -0.0, 0.0, 4503599627370497.0]


def rounding(s):
    for name in ("floor", "ceil", "round", "trunc"):
        fn = f"torch.{name}"
        for dt, tag in ((F32, "f32"), (F64, "f64")):
            s.add(f"{name}_halves_{tag}", fn, [rg(torch.tensor(HALVES, dtype=dt))])
        s.add(f"{name}_randn", fn, [rg(torch.randn(4, 5) * 4)])
        s.add(f"{name}_int", fn, [ints()], exact=True)
        err(s, f"{name}_bool", fn, [bools()])
        s.add(f"{name}_method", f"Tensor.{name}", [rg(torch.randn(3) * 4)])
    x = torch.tensor([1234.5678, 0.125, 0.135, 2.675, -2.675, 0.5, 1.5, -0.05, 1e-3, 1e10, NAN, INF])
    for d in (2, 1, 0, 3, -1, -2, 30, 400, -400):
        for dt, tag in ((F32, "f32"), (F64, "f64")):
            s.add(f"round_decimals{d}_{tag}".replace("-", "m"), "torch.round", [rg(x.to(dt))], {"decimals": d})
    s.add("round_decimals_method", "Tensor.round", [rg(x)], {"decimals": 2})
    err(s, "round_decimals_int", "torch.round", [ints()], decimals=1)
    for dt, tag in ((F32, "f32"), (F64, "f64")):
        s.add(f"sign_special_{tag}", "torch.sign", [rg(special(dt))])
    s.add("sign_int", "torch.sign", [ints()], exact=True)
    s.add("sign_bool", "torch.sign", [bools()], exact=True)
    s.add("sign_method", "Tensor.sign", [rg(torch.randn(5))])
    add_dtypes(s, "square", "torch.square", lambda dt: [torch.randn(3, 4, dtype=dt)])
    s.add("square_int", "torch.square", [ints()], exact=True)
    s.add("square_bool", "torch.square", [bools()], exact=True)
    s.add("square_special", "torch.square", [special()])
    s.add("square_method", "Tensor.square", [rg(torch.randn(3))])


def tests(s):
    for name in ("isnan", "isinf", "isfinite", "logical_not"):
        fn = f"torch.{name}"
        for dt, tag in ((F32, "f32"), (F64, "f64")):
            s.add(f"{name}_special_{tag}", fn, [special(dt)], exact=True)
        s.add(f"{name}_int", fn, [ints()], exact=True)
        s.add(f"{name}_bool", fn, [bools()], exact=True)
        s.add(f"{name}_empty", fn, [torch.zeros(2, 0)], exact=True)
        s.add(f"{name}_method", f"Tensor.{name}", [special()], exact=True)
    fn = "torch.nan_to_num"
    for dt, tag in ((F32, "f32"), (F64, "f64")):
        s.add(f"nan_to_num_default_{tag}", fn, [rg(special(dt))])
        s.add(f"nan_to_num_kw_{tag}", fn, [rg(special(dt))], {"nan": 2.0, "posinf": 1e40, "neginf": -3})
        s.add(f"nan_to_num_positional_{tag}", fn, [rg(special(dt)), 1.5, 7.0, -7.0])
    s.add("nan_to_num_posinf_only", fn, [special()], {"posinf": 5.0})
    s.add("nan_to_num_int", fn, [ints()], {"nan": 2.0}, exact=True)
    s.add("nan_to_num_bool", fn, [bools()], exact=True)
    s.add("nan_to_num_method", "Tensor.nan_to_num", [rg(special())], {"nan": -1.0})
    err(s, "nan_to_num_extra_positional", fn, [special(), 1.0, 2.0, 3.0, 4.0])


def binary(s):
    a, b = torch.randn(3, 4) * 3, torch.randn(3, 4) * 3
    # atan2
    add_dtypes(s, "atan2", "torch.atan2", lambda dt: [a.to(dt), b.to(dt)])
    s.add("atan2_broadcast", "torch.atan2", [rg(torch.randn(3, 1)), rg(torch.randn(4))])
    zeros = torch.tensor([0.0, -0.0, 0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, INF])
    s.add("atan2_signed_zeros", "torch.atan2", [zeros, torch.tensor([0.0, 0.0, -0.0, -0.0, INF, -INF, INF, 1.0, 1.0, -INF])])
    s.add("atan2_int", "torch.atan2", [ints(), ints().flip(1)])
    s.add("atan2_int_float", "torch.atan2", [ints(), rg(torch.randn(2, 3))])
    s.add("atan2_f32_0dim_f64", "torch.atan2", [rg(torch.randn(3)), rg(torch.tensor(0.5, dtype=F64))])
    s.add("atan2_f32_f64", "torch.atan2", [rg(torch.randn(3)), rg(torch.randn(3, dtype=F64))])
    s.add("atan2_method", "Tensor.atan2", [rg(a), rg(b)])
    err(s, "atan2_broadcast_error", "torch.atan2", [torch.ones(2), torch.ones(3)])
    # fmod / remainder
    num = torch.tensor([5.3, -5.3, 5.3, -5.3, 7.0, -7.0, 0.0, -0.0, 1.0, -1.0, INF, 3.0, 2.5])
    den = torch.tensor([2.1, 2.1, -2.1, -2.1, 3.5, 3.5, 2.0, 2.0, INF, INF, 2.0, 0.0, -0.5])
    for name in ("fmod", "remainder"):
        fn = f"torch.{name}"
        add_dtypes(s, f"{name}_tensor", fn, lambda dt: [a.to(dt), b.to(dt)])
        add_dtypes(s, f"{name}_scalar", fn, lambda dt: [a.to(dt), 2.1])
        add_dtypes(s, f"{name}_special", fn, lambda dt: [num.to(dt), den.to(dt)])
        s.add(f"{name}_scalar_neg", fn, [rg(a), -1.5])
        s.add(f"{name}_broadcast", fn, [rg(torch.randn(3, 1) * 5), rg(torch.randn(4) + 3)])
        s.add(f"{name}_int", fn, [torch.tensor([-7, 7, -7, 7, 0, 9]), torch.tensor([2, 2, -2, -2, 3, -4])], exact=True)
        s.add(f"{name}_int_scalar", fn, [torch.tensor([-7, 7, -8, 8]), 3], exact=True)
        s.add(f"{name}_int_float_scalar", fn, [torch.tensor([-7, 7, -8, 8]), 2.5])
        s.add(f"{name}_int_float_tensor", fn, [torch.tensor([-7, 7, -8, 8]), rg(torch.tensor([2.5, -2.5, 3.0, 0.7]))])
        s.add(f"{name}_f32_0dim_f64", fn, [rg(a), torch.tensor(1.7, dtype=F64)])
        s.add(f"{name}_method", f"Tensor.{name}", [rg(a), rg(b)])
        s.add(f"{name}_method_scalar", f"Tensor.{name}", [rg(a), 3])
        s.add(f"{name}_0dim_other", fn, [rg(a), rg(torch.tensor(1.3))])
        err(s, f"{name}_int_zero", fn, [torch.tensor([1, 2]), torch.tensor([1, 0])])
        err(s, f"{name}_int_zero_scalar", fn, [torch.tensor([1, 2]), 0])
        err(s, f"{name}_bool", fn, [bools(), bools()])
        err(s, f"{name}_broadcast_error", fn, [torch.ones(2), torch.ones(3)])
    s.add("remainder_scalar_self_int", "torch.remainder", [5, torch.tensor([2, -3, 4])], exact=True)
    s.add("remainder_scalar_self_float", "torch.remainder", [5.5, torch.tensor([2.0, -3.0, 0.7])])
    # logical
    x = torch.tensor([0.0, 1.0, NAN, -0.0, 2.0, 0.0])
    y = torch.tensor([1.0, 0.0, 1.0, 1.0, 3.0, 0.0])
    for name in ("logical_and", "logical_or", "logical_xor"):
        fn = f"torch.{name}"
        s.add(f"{name}_float", fn, [x, y], exact=True)
        s.add(f"{name}_int_bool", fn, [torch.tensor([0, 3, -1, 0]), bools()], exact=True)
        s.add(f"{name}_broadcast", fn, [torch.tensor([[0.0], [2.0]]), torch.tensor([0, 1, 5])], exact=True)
        s.add(f"{name}_method", f"Tensor.{name}", [bools(), torch.tensor([False, False, True, False])], exact=True)
        err(s, f"{name}_broadcast_error", fn, [torch.ones(2), torch.ones(3)])


def lerp_addc(s):
    a, b, w = torch.randn(3, 4), torch.randn(3, 4) * 2, torch.rand(3, 4) * 1.4 - 0.2
    for wv in (0.3, 0.5, 0.75, -0.4, 1.6):
        add_dtypes(s, f"lerp_scalar{wv}".replace(".", "p").replace("-", "m"), "torch.lerp", lambda dt, wv=wv: [a.to(dt), b.to(dt), wv])
    add_dtypes(s, "lerp_tensor", "torch.lerp", lambda dt: [a.to(dt), b.to(dt), w.to(dt)])
    s.add("lerp_broadcast", "torch.lerp", [rg(torch.randn(3, 1)), rg(torch.randn(4)), rg(torch.rand(2, 1, 1))])
    s.add("lerp_weight_broadcast_out", "torch.lerp", [rg(torch.randn(3)), rg(torch.randn(3)), rg(torch.rand(2, 3))])
    s.add("lerp_special", "torch.lerp", [torch.tensor([0.0, INF, NAN, 1.0, -INF]), torch.tensor([1.0, 1.0, 1.0, INF, INF]), 0.5])
    s.add("lerp_int_weight", "torch.lerp", [rg(a), rg(b), 1])
    s.add("lerp_method", "Tensor.lerp", [rg(a), rg(b), rg(w)])
    err(s, "lerp_int", "torch.lerp", [ints(), ints(), 0.3])
    err(s, "lerp_int_tensor_weight", "torch.lerp", [ints(), ints(), ints()])
    err(s, "lerp_end_dtype", "torch.lerp", [a, ints().float().long().reshape(-1)[:4], 0.3])
    err(s, "lerp_end_double", "torch.lerp", [a, b.double(), 0.3])
    err(s, "lerp_weight_double", "torch.lerp", [a, b, w.double()])
    err(s, "lerp_weight_0dim_double", "torch.lerp", [a, b, torch.tensor(0.5, dtype=F64)])
    err(s, "lerp_broadcast_error", "torch.lerp", [torch.ones(3), torch.ones(3), torch.ones(2)])
    t1, t2 = torch.randn(3, 4), torch.randn(3, 4) + 3
    for name in ("addcmul", "addcdiv"):
        fn = f"torch.{name}"
        add_dtypes(s, name, fn, lambda dt: [a.to(dt), t1.to(dt), t2.to(dt)])
        add_dtypes(s, f"{name}_value", fn, lambda dt: [a.to(dt), t1.to(dt), t2.to(dt)], value=-0.7)
        s.add(f"{name}_broadcast", fn, [rg(torch.randn(3, 1)), rg(torch.randn(4)), rg(torch.randn(2, 1, 1) + 3)], {"value": 2})
        s.add(f"{name}_int_self", fn, [ints(), rg(torch.randn(2, 3)), rg(torch.randn(2, 3) + 3)])
        s.add(f"{name}_f32_f64", fn, [rg(torch.randn(3)), rg(torch.randn(3, dtype=F64)), rg(torch.randn(3) + 3)])
        s.add(f"{name}_0dim_f64", fn, [rg(torch.randn(3)), rg(torch.tensor(2.0, dtype=F64)), rg(torch.randn(3) + 3)])
        s.add(f"{name}_method", f"Tensor.{name}", [rg(a), rg(t1), rg(t2)], {"value": 0.5})
        s.add(f"{name}_special", fn, [torch.tensor([1.0, INF, NAN, 0.0]), torch.tensor([0.0, 1.0, 2.0, INF]), torch.tensor([INF, 1.0, 1.0, 0.0])])
        err(s, f"{name}_broadcast_error", fn, [torch.ones(3, 1), torch.ones(2), torch.ones(3)])
        err(s, f"{name}_extra_positional", fn, [a, t1, t2, 2])
    s.add("addcmul_int", "torch.addcmul", [ints(), ints(), ints().flip(0)], {"value": 2}, exact=True)
    s.add("addcmul_int_float_value", "torch.addcmul", [ints(), ints(), ints()], {"value": 0.5}, exact=True)
    s.add("addcmul_int_bool_value", "torch.addcmul", [ints(), ints(), ints()], {"value": True}, exact=True)
    s.add("addcdiv_zero_divisor", "torch.addcdiv", [rg(torch.ones(3)), rg(torch.tensor([1.0, -1.0, 0.0])), rg(torch.zeros(3))])
    err(s, "addcmul_bool", "torch.addcmul", [bools(), bools(), bools()])
    err(s, "addcdiv_int", "torch.addcdiv", [ints(), ints(), ints()])
    err(s, "addcdiv_float_self_int_tensors", "torch.addcdiv", [torch.ones(2, 3), ints(), ints()])


def activations(s):
    x = torch.randn(4, 6) * 3
    x[0, :4] = torch.tensor([0.0, -0.0, 1.0, -1.0])
    tails = torch.tensor([-10.0, -5.0, -3.0, -1.0, -0.3, 0.0, 0.3, 1.0, 3.0, 5.0, 10.0, 30.0, -30.0, 1e-4, -1e-4, 7.5])
    for name, kws in (("gelu", [{}, {"approximate": "tanh"}, {"approximate": "none"}]), ("silu", [{}]), ("softplus", [{}, {"beta": 2.0, "threshold": 1.0}, {"beta": 0.5}]),
                      ("leaky_relu", [{}, {"negative_slope": 0.2}, {"negative_slope": -1.0}]), ("elu", [{}, {"alpha": 0.5}, {"alpha": -1.0}]),
                      ("logsigmoid", [{}]), ("hardtanh", [{}, {"min_val": -0.5, "max_val": 2.0}, {"min_val": 0.5, "max_val": -0.5}]), ("relu6", [{}]),
                      ("tanh", [{}]), ("sigmoid", [{}])):
        for k, kw in enumerate(kws):
            tag = f"{name}{k}"
            add_dtypes(s, tag, name, lambda dt: [x.to(dt)], **kw)
            add_dtypes(s, f"{tag}_tails", name, lambda dt: [tails.to(dt)], **kw)
            s.add(f"{tag}_one_element", name, [rg(torch.tensor([-3.0]))], kw)
            s.add(f"{tag}_0dim", name, [rg(torch.tensor(-3.0))], kw)
            for dt, t in ((F32, "f32"), (F64, "f64")):
                s.add(f"{tag}_special_{t}", name, [special(dt)], kw)
        s.add(f"{name}_empty", name, [torch.zeros(0, 2)])
        if name in ("hardtanh", "relu6"):
            s.add(f"{name}_int", name, [ints()], exact=True)
            err(s, f"{name}_bool", name, [bools()])
        elif name not in ("tanh", "sigmoid"):
            err(s, f"{name}_int", name, [ints()])
            err(s, f"{name}_bool", name, [bools()])
    s.add("hardtanh_boundaries", "hardtanh", [rg(torch.tensor([-1.0, 1.0, -1.5, 0.2, NAN]))])
    s.add("hardtanh_positional", "hardtanh", [rg(x), -2.0, 2.5])
    s.add("hardtanh_int_float_bounds", "hardtanh", [ints(), -0.5, 2.5], exact=True)
    s.add("relu6_boundaries", "relu6", [rg(torch.tensor([0.0, 6.0, -0.0, 6.5, NAN]))])
    s.add("softplus_positional", "softplus", [rg(x), 3.0, 2.0])
    s.add("softplus_beta0", "softplus", [rg(x)], {"beta": 0.0})
    s.add("softplus_beta_neg", "softplus", [rg(x)], {"beta": -1.0})
    s.add("leaky_relu_positional", "leaky_relu", [rg(x), 0.3])
    s.add("elu_positional", "elu", [rg(x), 2.0])
    s.add("gelu_large_f32", "gelu", [rg(torch.randn(64) * 4)])
    s.add("gelu_tanh_large_f32", "gelu", [rg(torch.randn(64) * 4)], {"approximate": "tanh"})
    err(s, "gelu_bad_approximate", "gelu", [x], approximate="exact")
    err(s, "gelu_positional_approximate", "gelu", [x, "tanh"])
    err(s, "gelu_int_tanh", "gelu", [ints()], approximate="tanh")
    s.add("leaky_relu_inplace_nograd", "leaky_relu", [x.clone(), 0.2, True])
    s.add("elu_inplace_nograd", "elu", [x.clone()], {"inplace": True})
    s.add("hardtanh_inplace_nograd", "hardtanh", [x.clone()], {"inplace": True})
    s.add("relu6_inplace_nograd", "relu6", [x.clone(), True])
    s.add("silu_inplace_nograd", "silu", [x.clone(), True])
    # softmin
    y = torch.randn(2, 3, 4)
    for d in (0, 1, 2, -1):
        add_dtypes(s, f"softmin_dim{d}".replace("-", "m"), "softmin", lambda dt: [y.to(dt), d])
    s.add("softmin_dtype", "softmin", [rg(y), 1], {"dtype": F64})
    s.add("softmin_positional_dtype", "softmin", [rg(y), 1, 3, F64])
    s.add("softmin_implicit_2d", "softmin", [rg(torch.randn(3, 4))])
    s.add("softmin_implicit_3d", "softmin", [rg(y)])
    s.add("softmin_implicit_1d", "softmin", [rg(torch.randn(5))])
    s.add("softmin_int_dtype", "softmin", [ints(), 1], {"dtype": F32})
    s.add("softmin_special", "softmin", [torch.tensor([[0.0, INF, 1.0], [NAN, 1.0, 2.0], [-INF, 0.0, 1.0]]), 1])
    err(s, "softmin_int_lastdim", "softmin", [ints(), 1])
    err(s, "softmin_int_dim0", "softmin", [ints(), 0])
    err(s, "softmin_bool", "softmin", [bools(), 0])
    err(s, "softmin_dim_error", "softmin", [y, 3])


def losses(s):
    x, t = torch.randn(3, 4) * 2, torch.randn(3, 4) * 2
    x[0, 0], t[0, 0] = 1.0, 0.0  # |x - t| exactly 1: on the smooth_l1 / huber boundary
    x[0, 1], t[0, 1] = 0.5, 0.5  # a zero difference
    for name, extra in (("mse_loss", [{}]), ("l1_loss", [{}]), ("smooth_l1_loss", [{}, {"beta": 0.5}, {"beta": 2.0}, {"beta": 0.0}]),
                        ("huber_loss", [{}, {"delta": 0.5}, {"delta": 2.0}])):
        for k, kw in enumerate(extra):
            for r in ("mean", "sum", "none"):
                add_dtypes(s, f"{name}{k}_{r}", name, lambda dt: [x.to(dt), t.to(dt)], reduction=r, **kw)
            s.add(f"{name}{k}_bcast_input", name, [rg(torch.randn(3, 1)), rg(torch.randn(4))], kw)
            s.add(f"{name}{k}_bcast_target", name, [rg(torch.randn(4)), rg(torch.randn(3, 1))], dict(kw, reduction="sum"))
        s.add(f"{name}_default", name, [rg(x), rg(t)])
        s.add(f"{name}_target_grad_only", name, [x, rg(t)])
        # value only: the backward of 1.13's mse / smooth_l1 / huber kernels with operands of two dtypes fails ("Found dtype Long but expected Float")
        s.add(f"{name}_int_float", name, [ints(), rg(torch.randn(2, 3))], expect_error=(name == "huber_loss"), grads=False)
        s.add(f"{name}_float_int", name, [rg(torch.randn(2, 3)), ints()], grads=(name == "l1_loss"))
        s.add(f"{name}_f32_f64", name, [rg(torch.randn(2, 3)), rg(torch.randn(2, 3, dtype=F64))], grads=(name == "l1_loss"))
        s.add(f"{name}_empty", name, [torch.zeros(0), torch.zeros(0)])
        s.add(f"{name}_0dim", name, [rg(torch.tensor(2.5)), rg(torch.tensor(-1.0))])
        s.add(f"{name}_special", name, [torch.tensor([NAN, INF, 1.0, -INF, 0.0]), torch.tensor([0.0, 1.0, INF, -INF, 0.0])], {"reduction": "none"})
        s.add(f"{name}_int_int_sum", name, [ints(), ints().flip(1)], {"reduction": "sum"}, expect_error=(name != "l1_loss"), exact=True)
        err(s, f"{name}_int_int_mean", name, [ints(), ints()])
        err(s, f"{name}_bad_reduction", name, [x, t], reduction="avg")
        err(s, f"{name}_broadcast_error", name, [torch.ones(3), torch.ones(2)])
        if name != "huber_loss":
            s.add(f"{name}_legacy_sum", name, [rg(x), rg(t)], {"size_average": False})
            s.add(f"{name}_legacy_none", name, [rg(x), rg(t), None, False])
    err(s, "smooth_l1_loss_negative_beta", "smooth_l1_loss", [x, t], beta=-1.0)
    err(s, "huber_loss_zero_delta", "huber_loss", [x, t], delta=0.0)
    err(s, "huber_loss_negative_delta", "huber_loss", [x, t], delta=-1.0)
    err(s, "huber_loss_legacy_kw", "huber_loss", [x, t], size_average=False)
    s.add("huber_loss_positional", "huber_loss", [rg(x), rg(t), "sum", 2.0])
    s.add("smooth_l1_loss_positional", "smooth_l1_loss", [rg(x), rg(t), None, None, "sum", 2.0])


def distance(s):
    a, b = torch.randn(4, 5), torch.randn(4, 5)
    a[1] = 0.0  # a zero row: the norm is clamped to eps (its gradient passes as if unclamped)
    fn = "cosine_similarity"
    add_dtypes(s, "cosine_similarity", fn, lambda dt: [a.to(dt), b.to(dt)])
    for d in (0, -1, -2):
        s.add(f"cosine_similarity_dim{d}".replace("-", "m"), fn, [rg(a), rg(b), d])
    s.add("cosine_similarity_eps", fn, [rg(a), rg(b)], {"dim": 1, "eps": 0.5})
    s.add("cosine_similarity_bcast_row", fn, [rg(a), rg(b[0])])
    s.add("cosine_similarity_bcast_col", fn, [rg(a), rg(b[:, :1])])
    s.add("cosine_similarity_bcast_3d", fn, [rg(torch.randn(2, 3, 4)), rg(torch.randn(3, 1))], {"dim": -1})
    s.add("cosine_similarity_int_float", fn, [torch.tensor([[1, 2, 3]]), rg(torch.randn(1, 3))])
    s.add("cosine_similarity_f64_f32", fn, [rg(a.double()), rg(b)])
    s.add("cosine_similarity_huge_f32", fn, [torch.tensor([[1e30, 1e30], [1e-30, 1e-30], [3.0, 4.0]]), torch.tensor([[1e30, 1e30], [1e-30, 1e-30], [4.0, 3.0]])])
    s.add("cosine_similarity_empty_rows", fn, [torch.ones(0, 3), torch.ones(0, 3)])
    s.add("cosine_similarity_empty_dim", fn, [torch.ones(2, 0), torch.ones(2, 0)])
    s.add("cosine_similarity_1d", fn, [rg(torch.randn(5)), rg(torch.randn(5)), 0])
    s.add("cosine_similarity_torch", "torch.cosine_similarity", [rg(a), rg(b)], {"dim": 0})
    err(s, "cosine_similarity_int_int", fn, [torch.tensor([[1, 2, 3]]), torch.tensor([[1, 2, 3]])])
    err(s, "cosine_similarity_dim_error", fn, [a, b, 2])
    err(s, "cosine_similarity_0dim", fn, [torch.tensor(1.0), torch.tensor(2.0)])
    err(s, "cosine_similarity_broadcast_error", fn, [a, torch.ones(2)])
    fn = "normalize"
    for p in (2.0, 1.0, 3.0, INF, -INF, 0.0, -1.0, 0.5, 1.5, 4):
        tag = str(p).replace(".", "p").replace("-", "m")
        add_dtypes(s, f"normalize_p{tag}", fn, lambda dt, p=p: [a.to(dt), p])
    s.add("normalize_default", fn, [rg(a)])
    s.add("normalize_dim0", fn, [rg(a)], {"dim": 0})
    s.add("normalize_dim_neg", fn, [rg(torch.randn(2, 3, 4))], {"dim": -1})
    s.add("normalize_dims", fn, [rg(torch.randn(2, 3, 4))], {"dim": [0, 2]})
    s.add("normalize_eps", fn, [rg(a)], {"eps": 0.5})
    s.add("normalize_positional", fn, [rg(a), 1.0, 0, 1e-3])
    s.add("normalize_fro", fn, [rg(a)], {"p": "fro"})
    s.add("normalize_1d", fn, [rg(torch.randn(5))], {"dim": 0})
    s.add("normalize_special", fn, [torch.tensor([[NAN, 1.0], [INF, 1.0], [1e30, 1e30]])])
    err(s, "normalize_int", fn, [ints()])
    err(s, "normalize_dim_error", fn, [a], dim=5)
    err(s, "normalize_0dim", fn, [torch.tensor(3.0)])


def build():
    torch.manual_seed(1212)
    s = Suite("cases_math.json", record_grad_fn=True)
    unary(s)
    rounding(s)
    tests(s)
    binary(s)
    lerp_addc(s)
    activations(s)
    losses(s)
    distance(s)
    return s


if __name__ == "__main__":
    torch.set_num_threads(1)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path, n, size = build().write(os.path.join(root, "test", "fixtures"))
    print(f"{os.path.relpath(path, root)}: {n} cases, {size / 1e6:.2f} MB")
