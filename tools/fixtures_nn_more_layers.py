"""Fixtures for the modules of src/nn/modules/more_layers.ts and the functionals of
src/nn/functional/more_{activations,layers}.ts, printed by PyTorch 1.13:

- test/fixtures/cases_nn_more_layers.json (replayed by test/nn_more_layers.test.mjs): per module case
  the constructor arguments, repr, state_dict right after a seeded construction, the output for one or
  two inputs, the gradients of sum(out * grad_output) for the inputs and parameters, the state_dict
  after the forward (running stats), grad_fn; float32 and float64; then error cases by id (the test
  holds the same calls under the same ids) with PyTorch's exception type and message.
- test/fixtures/cases_nn_more_functional.json: F.* cases in the conformance format (tools/fixtures_common.py
  Suite), replayed by test/conformance.test.mjs.

Run: /usr/bin/python3 tools/fixtures_nn_more_layers.py
"""
import json
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from fixture_spec import spec  # noqa: E402
from fixtures_common import Suite  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "test", "fixtures")
F32, F64 = torch.float32, torch.float64
DTN = {F32: "float32", F64: "float64"}


def jsval(v):
    if isinstance(v, tuple):
        return [jsval(e) for e in v]
    if isinstance(v, torch.dtype):
        return DTN[v]
    return v


PARAMETERISED = {"PReLU", "Bilinear", "InstanceNorm1d", "InstanceNorm2d"}
modules = []


def mcase(name, args=(), kw=None, shapes=((3, 4),), dtype=F32, seed=0, scale=2.0, inplace=False, train=True):
    """One module case. Inputs are randn(shape) * scale; in-place modules get a non-leaf copy."""
    kw = dict(kw or {})
    if name in PARAMETERISED and dtype == F64:
        kw["dtype"] = F64
    torch.manual_seed(seed)
    m = getattr(nn, name)(*args, **kw)
    if not train:
        m.eval()
    state = {k: spec(v) for k, v in m.state_dict().items()}
    torch.manual_seed(seed + 1000)
    xs = [(torch.randn(list(s), dtype=dtype) * scale).requires_grad_(True) for s in shapes]
    ins = [x * 1 for x in xs] if inplace else xs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = m(*ins)
    if isinstance(y, tuple):
        y, idx = y
    else:
        idx = None
    go = torch.randn(y.shape, dtype=dtype)
    (y * go).sum().backward()
    case = {
        "module": name, "args": [jsval(a) for a in args], "kw": {k: jsval(v) for k, v in kw.items()}, "seed": seed,
        "train": train, "inplace": inplace, "repr": repr(m), "state": state,
        "inputs": [spec(x) for x in xs], "output": spec(y), "grad_output": spec(go),
        "grads": [spec(x.grad) if x.grad is not None else None for x in xs],
        "param_grads": {k: spec(p.grad) for k, p in m.named_parameters() if p.grad is not None},
        "state_after": {k: spec(v) for k, v in m.state_dict().items()},
        "grad_fn": y.grad_fn.name() if y.grad_fn is not None else None,
    }
    if idx is not None:
        case["indices"] = spec(idx)
    modules.append(case)


def both(name, *a, **k):
    for dt in (F32, F64):
        mcase(name, *a, dtype=dt, **k)


# ---- activations ----
for n in ("Hardswish", "Hardsigmoid", "Mish", "SELU"):
    both(n, shapes=((4, 5),), scale=3.0)
    mcase(n, (True,), inplace=True, shapes=((2, 3),), scale=3.0)
    mcase(n, shapes=((),), scale=3.0)
for n in ("Softsign", "Tanhshrink"):
    both(n, shapes=((4, 5),), scale=3.0)
both("CELU", shapes=((4, 5),))
both("CELU", (2.5,), shapes=((4, 5),))
mcase("CELU", (0.5, True), inplace=True)
mcase("CELU", kw={"alpha": 1.5}, shapes=((3, 3),))
for d in (-1, 0, 1):
    both("GLU", (d,) if d != -1 else (), shapes=((4, 6),))
mcase("GLU", kw={"dim": -2}, shapes=((2, 4, 3),))
both("Threshold", (0.1, 20.5), shapes=((4, 5),))
mcase("Threshold", (-0.5, 1.5, True), inplace=True)
mcase("Threshold", kw={"threshold": 0.25, "value": -2.5})
for n in ("Softshrink", "Hardshrink"):
    both(n, shapes=((4, 5),))
    both(n, (1.5,), shapes=((4, 5),))
    mcase(n, kw={"lambd": 0.25})
both("PReLU", shapes=((2, 3, 4),))
both("PReLU", (3,), shapes=((2, 3, 4),), seed=1)
mcase("PReLU", (3, 0.1), shapes=((2, 3),))
mcase("PReLU", kw={"num_parameters": 2, "init": -0.5}, shapes=((2, 2, 2, 3),))
mcase("PReLU", shapes=((5,),))
mcase("PReLU", shapes=((),))
mcase("PReLU", (4,), shapes=((3, 4),))

# ---- Unflatten, padding, pixel shuffle ----
mcase("Unflatten", (1, (2, 3)), shapes=((2, 6),))
mcase("Unflatten", (-1, (2, -1)), shapes=((3, 8),))
mcase("Unflatten", (0, (2, 1, 3)), shapes=((6, 2),), dtype=F64)
for n, p, extra in (("ZeroPad2d", 1, ()), ("ZeroPad2d", (1, 0, 2, 1), ()), ("ConstantPad1d", 2, (0.5,)), ("ConstantPad1d", (1, 0), (-1.5,)),
                    ("ConstantPad2d", (0, 1, 2, 0), (2.25,)), ("ConstantPad2d", 1, (-0.5,)), ("ReflectionPad1d", 2, ()),
                    ("ReflectionPad1d", (1, 3), ()), ("ReflectionPad2d", 1, ()), ("ReflectionPad2d", (2, 0, 1, 2), ()),
                    ("ReplicationPad1d", (2, 1), ()), ("ReplicationPad1d", 3, ()), ("ReplicationPad2d", 2, ()), ("ReplicationPad2d", (0, 1, 3, 1), ())):
    shape = (2, 3, 5) if n.endswith("1d") else (1, 2, 4, 5)
    mcase(n, (p,) + extra, shapes=(shape,))
mcase("ReflectionPad2d", (1,), shapes=((1, 2, 3, 3),), dtype=F64)
mcase("ZeroPad2d", ([1, 2, 0, 1],), shapes=((2, 3, 3),))
both("PixelShuffle", (2,), shapes=((2, 8, 2, 3),))
mcase("PixelShuffle", (3,), shapes=((9, 2, 2),))
mcase("PixelShuffle", (2,), shapes=((2, 1, 4, 2, 2),))
both("PixelUnshuffle", (2,), shapes=((2, 2, 4, 6),))
mcase("PixelUnshuffle", (3,), shapes=((1, 6, 3),))

# ---- distances ----
both("PairwiseDistance", shapes=((4, 5), (4, 5)))
mcase("PairwiseDistance", (1.0,), shapes=((4, 5), (4, 5)))
mcase("PairwiseDistance", kw={"p": 3.0, "keepdim": True}, shapes=((4, 5), (5,)))
mcase("PairwiseDistance", kw={"p": 0.5, "eps": 1e-3}, shapes=((2, 3, 4), (2, 3, 4)))
mcase("PairwiseDistance", shapes=((6,), (6,)), dtype=F64)
both("CosineSimilarity", shapes=((4, 5), (4, 5)))
mcase("CosineSimilarity", (0,), shapes=((4, 5), (4, 5)))
mcase("CosineSimilarity", kw={"dim": -1, "eps": 1e-3}, shapes=((2, 3, 4), (2, 3, 4)))

# ---- Bilinear ----
both("Bilinear", (3, 4, 5), shapes=((2, 3), (2, 4)))
mcase("Bilinear", (2, 3, 4, False), shapes=((5, 2), (5, 3)), seed=3)
mcase("Bilinear", kw={"in1_features": 2, "in2_features": 2, "out_features": 3}, shapes=((2, 3, 2), (2, 3, 2)), seed=4)
mcase("Bilinear", (3, 2, 1), shapes=((3,), (2,)), seed=5)

# ---- 1-d pools ----
both("MaxPool1d", (3,), shapes=((2, 3, 9),))
mcase("MaxPool1d", (3, 2, 1), shapes=((2, 3, 8),))
mcase("MaxPool1d", (2,), {"dilation": 2, "ceil_mode": True}, shapes=((3, 10),))
mcase("MaxPool1d", (3,), {"stride": 1, "return_indices": True}, shapes=((1, 2, 6),))
mcase("MaxPool1d", ((2,),), {"stride": (1,)}, shapes=((2, 5),), dtype=F64)
both("AvgPool1d", (3,), shapes=((2, 3, 9),))
mcase("AvgPool1d", (3, 2, 1), shapes=((2, 3, 8),))
mcase("AvgPool1d", (3, 2, 1, True, False), shapes=((2, 8),))
mcase("AvgPool1d", ((2,),), {"ceil_mode": True}, shapes=((1, 2, 7),))

# ---- InstanceNorm ----
both("InstanceNorm1d", (3,), shapes=((2, 3, 5),))
both("InstanceNorm1d", (3,), {"affine": True, "track_running_stats": True}, shapes=((2, 3, 5),))
mcase("InstanceNorm1d", (3,), {"affine": True}, shapes=((3, 6),))
mcase("InstanceNorm1d", (2,), {"track_running_stats": True, "momentum": 0.5}, shapes=((4, 2, 3),))
mcase("InstanceNorm1d", (2,), {"track_running_stats": True}, shapes=((4, 2, 3),), train=False)
mcase("InstanceNorm1d", (5,), shapes=((2, 3, 4),))  # num_features is not checked when affine=False
both("InstanceNorm2d", (2,), {"affine": True}, shapes=((2, 2, 3, 3),))
mcase("InstanceNorm2d", (3,), {"eps": 1e-3, "track_running_stats": True}, shapes=((3, 4, 2),))
mcase("InstanceNorm2d", (2, 1e-5, 0.1, True, True), shapes=((1, 2, 2, 4),))

# ---- error cases: id -> a call; test/nn_more_layers.test.mjs holds the same calls under the same ids ----
x234 = torch.randn(2, 3, 4)
ERRORS = {
    "prelu_channels": lambda: nn.PReLU(3)(torch.randn(2, 4)),
    "prelu_channels_1d": lambda: F.prelu(torch.randn(3), torch.ones(3)),
    "prelu_zero_dim": lambda: F.prelu(torch.randn(()), torch.ones(2)),
    "prelu_weight_2d": lambda: F.prelu(x234, torch.ones(1, 3)),
    "prelu_int": lambda: F.prelu(torch.arange(3), torch.ones(1)),
    "softshrink_negative": lambda: nn.Softshrink(-0.5)(x234),
    "celu_zero": lambda: F.celu(x234, 0.0),
    "glu_odd": lambda: nn.GLU()(torch.randn(2, 3)),
    "glu_scalar": lambda: F.glu(torch.randn(()), 0),
    "glu_dim": lambda: F.glu(torch.randn(2, 4), 2),
    "glu_int": lambda: F.glu(torch.arange(4)),
    "hardswish_int": lambda: F.hardswish(torch.arange(4)),
    "mish_int": lambda: F.mish(torch.arange(4)),
    "selu_int": lambda: F.selu(torch.arange(4)),
    "threshold_bool": lambda: F.threshold(torch.tensor([True]), 1, 2),
    "threshold_missing": lambda: nn.Threshold(),
    "inplace_leaf": lambda: nn.Hardswish(True)(torch.randn(3, requires_grad=True)),
    "unflatten_int_size": lambda: nn.Unflatten(1, 3),
    "unflatten_float_elem": lambda: nn.Unflatten(1, (2, 3.5)),
    "unflatten_dim_type": lambda: nn.Unflatten(1.5, (2, 3)),
    "unflatten_product": lambda: nn.Unflatten(1, (2, 3))(torch.randn(2, 5)),
    "reflection_too_wide": lambda: nn.ReflectionPad1d(3)(torch.randn(1, 2, 3)),
    "pad2d_of_1d": lambda: nn.ReflectionPad2d(1)(torch.randn(4)),
    "pixel_shuffle_divisible": lambda: nn.PixelShuffle(3)(torch.randn(1, 8, 2, 3)),
    "pixel_shuffle_positive": lambda: F.pixel_shuffle(torch.randn(1, 8, 2, 3), 0),
    "pixel_shuffle_dims": lambda: F.pixel_shuffle(torch.randn(8, 2), 2),
    "pixel_shuffle_float": lambda: F.pixel_shuffle(torch.randn(1, 8, 2, 3), 2.0),
    "pixel_unshuffle_height": lambda: nn.PixelUnshuffle(3)(torch.randn(1, 2, 4, 6)),
    "pixel_unshuffle_width": lambda: F.pixel_unshuffle(torch.randn(1, 2, 4, 3), 2),
    "pixel_unshuffle_positive": lambda: F.pixel_unshuffle(torch.randn(1, 2, 4, 3), -1),
    "pairwise_broadcast": lambda: nn.PairwiseDistance()(torch.randn(3, 4), torch.randn(3, 5)),
    "bilinear_dims": lambda: F.bilinear(torch.randn(3, 4), torch.randn(2), torch.randn(5, 4, 2)),
    "bilinear_batch": lambda: nn.Bilinear(4, 2, 5)(torch.randn(3, 4), torch.randn(2, 2)),
    "bilinear_in1": lambda: nn.Bilinear(4, 2, 5)(torch.randn(3, 3), torch.randn(3, 2)),
    "bilinear_in2": lambda: nn.Bilinear(4, 2, 5)(torch.randn(3, 4), torch.randn(3, 3)),
    "bilinear_bias": lambda: F.bilinear(torch.randn(3, 4), torch.randn(3, 2), torch.randn(5, 4, 2), torch.randn(4)),
    "bilinear_dtype": lambda: F.bilinear(torch.randn(3, 4), torch.randn(3, 2, dtype=F64), torch.randn(5, 4, 2)),
    "maxpool1d_dims": lambda: nn.MaxPool1d(2)(torch.randn(8)),
    "maxpool1d_dims_4d": lambda: nn.MaxPool1d(2)(torch.randn(1, 2, 3, 8)),
    "maxpool1d_kernel_list": lambda: F.max_pool1d(torch.randn(2, 8), [3, 3]),
    "maxpool1d_kernel_list_grad": lambda: F.max_pool1d(torch.randn(2, 8, requires_grad=True), [3, 3]),
    "maxpool1d_stride_zero": lambda: F.max_pool1d(torch.randn(2, 8), 3, 0),
    "maxpool1d_stride_zero_grad": lambda: F.max_pool1d(torch.randn(2, 8, requires_grad=True), 3, 0),
    "maxpool1d_pad_half": lambda: nn.MaxPool1d(3, 1, 2)(torch.randn(2, 8)),
    "maxpool1d_pad_half_grad": lambda: nn.MaxPool1d(3, 1, 2)(torch.randn(2, 8, requires_grad=True)),
    "maxpool1d_pad_negative": lambda: F.max_pool1d(torch.randn(2, 8), 3, 1, -1),
    "maxpool1d_dilation": lambda: F.max_pool1d(torch.randn(2, 8), 3, 1, 0, 0),
    "maxpool1d_too_small_grad": lambda: nn.MaxPool1d(9)(torch.randn(3, 8, requires_grad=True)),
    "maxpool1d_int": lambda: F.max_pool1d(torch.arange(8).reshape(1, 8), 2),
    "avgpool1d_dims": lambda: nn.AvgPool1d(2)(torch.randn(8)),
    "avgpool1d_kernel_list": lambda: F.avg_pool1d(torch.randn(2, 8), [3, 3]),
    "avgpool1d_pad_half": lambda: nn.AvgPool1d(3, 1, 2)(torch.randn(2, 8)),
    "avgpool1d_too_small": lambda: nn.AvgPool1d(9)(torch.randn(3, 8)),
    "avgpool1d_stride_zero": lambda: F.avg_pool1d(torch.randn(2, 8), 0),
    "instancenorm1d_dims": lambda: nn.InstanceNorm1d(3)(torch.randn(2, 3, 4, 5)),
    "instancenorm2d_dims": lambda: nn.InstanceNorm2d(3)(torch.randn(3, 4)),
    "instancenorm_spatial": lambda: nn.InstanceNorm1d(3)(torch.randn(2, 3, 1)),
    "instancenorm_affine_channels": lambda: nn.InstanceNorm1d(3, affine=True)(torch.randn(2, 4, 5)),
    "instancenorm_momentum_none": lambda: nn.InstanceNorm1d(3, momentum=None, track_running_stats=True)(torch.randn(2, 3, 4)),
    "instance_norm_no_stats": lambda: F.instance_norm(torch.randn(2, 3, 5), use_input_stats=False),
    "instance_norm_running_size": lambda: F.instance_norm(torch.randn(2, 3, 5), torch.zeros(2), torch.ones(2)),
    # how Python binds the constructors and forwards (the class that defines the method is the one named)
    "init_instancenorm_missing": lambda: nn.InstanceNorm1d(),
    "init_instancenorm_too_many": lambda: nn.InstanceNorm2d(1, 2, 3, 4, 5, 6, 7, 8),
    "init_constantpad_missing_value": lambda: nn.ConstantPad1d(1),
    "init_maxpool1d_missing": lambda: nn.MaxPool1d(),
    "init_softsign_args": lambda: nn.Softsign(1),
    "forward_zeropad_missing": lambda: nn.ZeroPad2d(1)(),
    "forward_reflectionpad_missing": lambda: nn.ReflectionPad1d(1)(),
    "forward_replicationpad_missing": lambda: nn.ReplicationPad2d(1)(),
    "forward_instancenorm_missing": lambda: nn.InstanceNorm1d(2)(),
    "forward_bilinear_missing": lambda: nn.Bilinear(1, 1, 1)(),
}
errors = {}
for cid, f in ERRORS.items():
    torch.manual_seed(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f()
    except Exception as e:  # noqa: BLE001
        errors[cid] = [type(e).__name__, str(e).split("\nException raised from")[0]]
    else:
        raise AssertionError(f"{cid}: no error")

with open(os.path.join(FIX, "cases_nn_more_layers.json"), "w") as fh:
    json.dump({"replayed_by": "test/nn_more_layers.test.mjs", "generator": f"PyTorch {torch.__version__}",
               "modules": modules, "errors": errors}, fh, separators=(",", ":"))
    fh.write("\n")

# ---- functionals, conformance format ----
torch.manual_seed(1234)
s = Suite("cases_nn_more_functional.json", record_grad_fn=True)


def rg(t):
    return t.detach().clone().requires_grad_(True)


for dt, tag in ((F32, "f32"), (F64, "f64")):
    x = rg(torch.randn(3, 5, dtype=dt) * 3)
    # values at the kinks: -3, 3 (hardswish / hardsigmoid), 0, +-lambd
    k = rg(torch.tensor([-3.0, 3.0, 0.0, 0.5, -0.5, -2.999, 1e-3, -40.0, 40.0], dtype=dt))
    for fn in ("hardswish", "hardsigmoid", "mish", "selu", "celu", "softsign", "tanhshrink", "hardshrink", "softshrink"):
        s.add(f"{fn}_{tag}", fn, [x])
        s.add(f"{fn}_kinks_{tag}", fn, [k])
    s.add(f"celu_alpha_{tag}", "celu", [x], {"alpha": 0.5})
    s.add(f"celu_alpha_pos_{tag}", "celu", [x, 2.5])
    s.add(f"hardshrink_lambd_{tag}", "hardshrink", [x, 1.25])
    s.add(f"softshrink_lambd_{tag}", "softshrink", [x], {"lambd": 0.25})
    s.add(f"threshold_{tag}", "threshold", [x, 0.5, -7.5])
    s.add(f"threshold_kw_{tag}", "threshold", [x], {"threshold": -1.5, "value": 0.25})
    s.add(f"prelu_shared_{tag}", "prelu", [rg(torch.randn(2, 3, 4, dtype=dt)), rg(torch.tensor([0.25], dtype=dt))])
    s.add(f"prelu_channels_{tag}", "prelu", [rg(torch.randn(2, 3, 4, dtype=dt)), rg(torch.tensor([0.25, -0.5, 1.5], dtype=dt))])
    s.add(f"prelu_scalar_weight_{tag}", "prelu", [rg(torch.randn(4, 2, dtype=dt)), rg(torch.tensor(0.1, dtype=dt))])
    s.add(f"pixel_shuffle_{tag}", "pixel_shuffle", [rg(torch.randn(1, 8, 2, 3, dtype=dt)), 2])
    s.add(f"pixel_unshuffle_{tag}", "pixel_unshuffle", [rg(torch.randn(2, 1, 4, 6, dtype=dt)), 2])
    s.add(f"pairwise_distance_{tag}", "pairwise_distance", [rg(torch.randn(4, 3, dtype=dt)), rg(torch.randn(4, 3, dtype=dt))])
    s.add(f"pairwise_distance_p1_keepdim_{tag}", "pairwise_distance", [rg(torch.randn(4, 3, dtype=dt)), rg(torch.randn(3, dtype=dt))],
          {"p": 1.0, "keepdim": True})
    s.add(f"bilinear_{tag}", "bilinear", [rg(torch.randn(2, 3, dtype=dt)), rg(torch.randn(2, 4, dtype=dt)), rg(torch.randn(5, 3, 4, dtype=dt)),
                                          rg(torch.randn(5, dtype=dt))])
    s.add(f"bilinear_nobias_{tag}", "bilinear", [rg(torch.randn(2, 1, 3, dtype=dt)), rg(torch.randn(2, 1, 2, dtype=dt)), rg(torch.randn(4, 3, 2, dtype=dt))])
    s.add(f"max_pool1d_{tag}", "max_pool1d", [rg(torch.randn(2, 3, 8, dtype=dt)), 3], {"stride": 2, "padding": 1})
    s.add(f"avg_pool1d_{tag}", "avg_pool1d", [rg(torch.randn(2, 3, 8, dtype=dt)), 3], {"stride": 2, "padding": 1, "count_include_pad": False})
    s.add(f"instance_norm_{tag}", "instance_norm", [rg(torch.randn(2, 3, 5, dtype=dt))],
          {"weight": rg(torch.rand(3, dtype=dt)), "bias": rg(torch.randn(3, dtype=dt)), "eps": 1e-3})
    s.add(f"glu_{tag}", "glu", [rg(torch.randn(2, 6, dtype=dt))], {"dim": 1})
s.add("max_pool1d_empty", "max_pool1d", [torch.randn(2, 3, 8), 9])  # no gradient needed: an empty result, not an error
s.add("softshrink_err", "softshrink", [torch.randn(3), -1.0], expect_error=True)
s.add("prelu_err_mismatch", "prelu", [torch.randn(2, 3), torch.ones(2)], expect_error=True)
s.add("pixel_shuffle_err_dims", "pixel_shuffle", [torch.randn(4, 2), 2], expect_error=True)
s.add("pairwise_distance_err_missing", "pairwise_distance", [torch.randn(3)], expect_error=True)
s.add("avg_pool1d_err_dims", "avg_pool1d", [torch.randn(2, 3, 4, 5), 2], expect_error=True)
s.add("glu_err_odd", "glu", [torch.randn(3, 5)], expect_error=True)
s.add("bilinear_err_missing", "bilinear", [torch.randn(3)], expect_error=True)
s.add("bilinear_err_bias_type", "bilinear", [torch.randn(3, 2), torch.randn(3, 2), torch.randn(1, 2, 2), 3], expect_error=True)
s.add("prelu_err_missing", "prelu", [torch.randn(3)], expect_error=True)
s.add("prelu_err_weight_type", "prelu", [torch.randn(3), 3], expect_error=True)
s.add("pixel_unshuffle_err_missing", "pixel_unshuffle", [torch.randn(1, 1, 2, 2)], expect_error=True)
s.add("avg_pool1d_err_missing", "avg_pool1d", [torch.randn(1, 4)], expect_error=True)
s.add("hardshrink_err_lambd_type", "hardshrink", [torch.randn(3)], {"lambd": "a"}, expect_error=True)
s.add("hardswish_err_not_tensor", "hardswish", [3], expect_error=True)
s.add("threshold_err_missing", "threshold", [torch.randn(3), 0.5], expect_error=True)
path, n, size = s.write(FIX)
print(f"{len(modules)} module cases, {len(errors)} error cases; {path}: {n} cases, {size} bytes")
