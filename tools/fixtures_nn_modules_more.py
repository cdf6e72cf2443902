"""cases_nn_modules_more.json: the modules of nn/modules/{activation_more,pooling_more,loss_more}.ts,
ModuleList / ModuleDict / Sequential models (state_dict keys, named_* names, repr, outputs), clip_grad
results and error messages, all printed by PyTorch 1.13. Replayed by test/nn_modules_more.test.mjs.
Run: /usr/bin/python3 tools/fixtures_nn_modules_more.py
"""
import json
import os
import sys
import warnings

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
from fixture_spec import spec  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "cases_nn_modules_more.json")


def jsval(v):
    """Constructor arguments as JSON: tuples become lists, None null."""
    if isinstance(v, tuple):
        return [jsval(e) for e in v]
    return v


def module_case(name, args=(), kw=None, shape=(3, 4), dtype=torch.float32, inplace=False, scale=3.0):
    kw = kw or {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = getattr(nn, name)(*args, **kw)
    x = (torch.randn(*shape, dtype=dtype) * scale).requires_grad_(True)
    gout = None
    # in-place modules write into a non-leaf copy, as they would inside a network
    inp = x * 1 if inplace else x
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = m(inp)
    gout = torch.randn(y.shape, dtype=dtype)
    (y * gout).sum().backward()
    return {
        "module": name, "args": [jsval(a) for a in args], "kw": {k: jsval(v) for k, v in kw.items()},
        "repr": repr(m), "input": spec(x), "grad_output": spec(gout), "output": spec(y), "grad": spec(x.grad),
        "grad_fn": type(y.grad_fn).__name__ if y.grad_fn is not None else None, "inplace": inplace,
    }


def loss_case(name, kw=None, shape=(3, 4), dtype=torch.float32):
    kw = kw or {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = getattr(nn, name)(**kw)
    x = torch.randn(*shape, dtype=dtype, requires_grad=True)
    t = torch.randn(*shape, dtype=dtype) * 2
    y = m(x, t)
    y.backward(torch.ones_like(y) if y.ndim else None)
    return {"module": name, "kw": kw, "repr": repr(m), "reduction": m.reduction, "input": spec(x), "target": spec(t),
            "output": spec(y), "grad": spec(x.grad)}


class Net(nn.Module):
    """The model the test rebuilds: ModuleList, ModuleDict, Sequential, buffers (one not persistent), a shared layer."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 5)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(5, 3), "reg": nn.Sequential(nn.Linear(5, 2), nn.LeakyReLU(0.1))})
        self.act = nn.GELU()
        self.shared = self.layers[0]
        self.register_buffer("running", torch.arange(3.0))
        self.register_buffer("scratch", torch.ones(2), persistent=False)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        x = self.act(x)
        return self.heads["cls"](x), self.heads["reg"](x)


def net_case():
    torch.manual_seed(7)
    net = Net()
    x = torch.randn(8, 4)
    a, b = net(x)
    loss = a.pow(2).sum() + b.sum() * 3
    loss.backward()
    grads = [p.grad.clone() for p in net.parameters()]
    out = {
        "repr": repr(net),
        "input": spec(x), "out_cls": spec(a), "out_reg": spec(b),
        "state_dict_keys": list(net.state_dict().keys()),
        "named_parameters": [k for k, _ in net.named_parameters()],
        "named_buffers": [k for k, _ in net.named_buffers()],
        "named_modules": [k for k, _ in net.named_modules()],
        "named_modules_dup": [k for k, _ in net.named_modules(remove_duplicate=False)],
        "named_children": [k for k, _ in net.named_children()],
        "modules_types": [type(m).__name__ for m in net.modules()],
        "apply_order": [],
        "grads": [spec(g) for g in grads],
        "clip": {},
    }
    net.apply(lambda m: out["apply_order"].append(type(m).__name__))
    for norm_type in (2.0, float("inf"), 1.0, 0.5, 3.0):
        for max_norm in (0.5, 1e3):
            for p, g in zip(net.parameters(), grads):
                p.grad = g.clone()
            total = nn.utils.clip_grad_norm_(net.parameters(), max_norm, norm_type)
            key = f"{norm_type}_{max_norm}"
            out["clip"][key] = {"norm_type": "inf" if norm_type == float("inf") else norm_type, "max_norm": max_norm,
                                "total": spec(total), "grads": [spec(p.grad) for p in net.parameters()]}
    for p, g in zip(net.parameters(), grads):
        p.grad = g.clone()
    nn.utils.clip_grad_value_(net.parameters(), 0.05)
    out["clip_value_grads"] = [spec(p.grad) for p in net.parameters()]
    vec = nn.utils.parameters_to_vector(net.parameters())
    out["param_vector"] = spec(vec)
    return out


def clip_misc():
    """clip_grad_norm_ on one tensor, float64, params without grads, and with no grads at all."""
    torch.manual_seed(3)
    a = torch.randn(5, dtype=torch.float64, requires_grad=True)
    a.grad = torch.randn(5, dtype=torch.float64) * 4
    b = torch.randn(3, requires_grad=True)  # no grad: skipped
    g0 = a.grad.clone()
    total = nn.utils.clip_grad_norm_([a, b], 1.5)
    c = torch.randn(4, requires_grad=True)
    c.grad = torch.tensor([1.0, -3.0, 2.0, 0.5])
    tc = nn.utils.clip_grad_norm_(c, 2.0, norm_type=float("inf"))
    empty = nn.utils.clip_grad_norm_([b], 1.0)
    return {"f64_grad": spec(g0), "f64_total": spec(total), "f64_clipped": spec(a.grad),
            "single_total": spec(tc), "single_clipped": spec(c.grad), "empty_total": spec(empty)}


def err(fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": str(e)}
    return {"error": None}


def nonfinite():
    p = torch.zeros(2, requires_grad=True)
    p.grad = torch.tensor([float("inf"), 1.0])
    nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


def nonfinite_p3():
    p = torch.zeros(2, requires_grad=True)
    p.grad = torch.tensor([float("nan"), 1.0])
    nn.utils.clip_grad_norm_([p], 1.0, norm_type=3, error_if_nonfinite=True)


ERRORS = {
    "buffer_name_int": lambda: nn.Linear(2, 2).register_buffer(1, None),
    "buffer_exists": lambda: nn.Linear(2, 2).register_buffer("weight", None),
    "buffer_dot": lambda: nn.Linear(2, 2).register_buffer("a.b", None),
    "buffer_empty": lambda: nn.Linear(2, 2).register_buffer("", None),
    "buffer_not_tensor": lambda: nn.Linear(2, 2).register_buffer("x", 3),
    "module_dot": lambda: nn.Linear(2, 2).add_module("a.b", nn.Tanh()),
    "module_empty": lambda: nn.Linear(2, 2).add_module("", nn.Tanh()),
    "module_exists": lambda: nn.Linear(2, 2).add_module("weight", nn.Tanh()),
    "module_name_int": lambda: nn.Linear(2, 2).add_module(3, nn.Tanh()),
    "module_not_module": lambda: nn.Linear(2, 2).add_module("x", 3),
    "module_tensor": lambda: nn.Linear(2, 2).add_module("x", torch.zeros(1)),
    "param_not_param": lambda: nn.Linear(2, 2).register_parameter("x", torch.zeros(1)),
    "param_dot": lambda: nn.Linear(2, 2).register_parameter("a.b", None),
    "submodule_missing": lambda: nn.Linear(2, 2).get_submodule("x"),
    "submodule_not_module": lambda: nn.Sequential(nn.Linear(2, 2)).get_submodule("0.bias"),
    "get_parameter_missing": lambda: nn.Sequential(nn.Linear(2, 2)).get_parameter("0.x"),
    "get_parameter_not_param": lambda: nn.Sequential(nn.Linear(2, 2)).get_parameter("0"),
    "get_buffer_not_buffer": lambda: nn.Sequential(nn.Linear(2, 2)).get_buffer("0.weight"),
    "list_index": lambda: nn.ModuleList([nn.Tanh()])[3],
    "list_index_neg": lambda: nn.ModuleList([nn.Tanh()])[-2],
    "list_extend_int": lambda: nn.ModuleList([nn.Tanh()]).extend(3),
    "list_ctor_int": lambda: nn.ModuleList(3),
    "list_forward": lambda: nn.ModuleList([nn.Tanh()])(1),
    "list_append_int": lambda: nn.ModuleList([nn.Tanh()]).append(3),
    "list_insert_neg": lambda: nn.ModuleList([nn.Tanh()]).insert(-1, nn.Tanh()),
    "list_pop_range": lambda: nn.ModuleList([nn.Tanh()]).pop(5),
    "dict_missing": lambda: nn.ModuleDict({"a": nn.Tanh()})["b"],
    "dict_update_int": lambda: nn.ModuleDict({"a": nn.Tanh()}).update(3),
    "dict_pair_int": lambda: nn.ModuleDict([3]),
    "dict_pair_len3": lambda: nn.ModuleDict([("a", nn.Tanh(), 3)]),
    "dict_value_int": lambda: nn.ModuleDict({"a": 3}),
    "dict_key_method": lambda: nn.ModuleDict({"keys": nn.Tanh()}),
    "dict_forward": lambda: nn.ModuleDict()(1),
    "seq_index": lambda: nn.Sequential(nn.Tanh())[2],
    "seq_insert_range": lambda: nn.Sequential(nn.Tanh()).insert(3, nn.Tanh()),
    "hardtanh_order": lambda: nn.Hardtanh(1.0, 0.0),
    "gelu_bad": lambda: nn.GELU("fast")(torch.zeros(2)),
    "clip_nonfinite": nonfinite,
    "clip_nonfinite_p3": nonfinite_p3,
    "clip_max_norm_none": lambda: nn.utils.clip_grad_norm_([torch.zeros(1, requires_grad=True)], None),
    "vector_not_tensor": lambda: nn.utils.vector_to_parameters(3, []),
    "leaky_int_input": lambda: nn.LeakyReLU()(torch.tensor([1, 2])),
    # argument binding: CPython's TypeError texts, named by the def PyTorch runs
    "tanh_arg": lambda: nn.Tanh(1),
    "sigmoid_kw": lambda: nn.Sigmoid(a=1),
    "leaky_too_many": lambda: nn.LeakyReLU(0.1, True, 3),
    "gelu_kw": lambda: nn.GELU(fast=1),
    "avgpool_missing": lambda: nn.AvgPool2d(),
    "adaptive_missing": lambda: nn.AdaptiveAvgPool2d(),
    "modulelist_too_many": lambda: nn.ModuleList([], []),
    "mse_kw": lambda: nn.MSELoss(beta=1),
    "huber_too_many": lambda: nn.HuberLoss("sum", 1.0, 3),
    "clip_norm_missing": lambda: nn.utils.clip_grad_norm_(),
    "clip_value_missing": lambda: nn.utils.clip_grad_value_([]),
    "tanh_forward_missing": lambda: nn.Tanh()(),
    "relu6_too_many": lambda: nn.ReLU6(True, 2),
    "mse_forward_missing": lambda: nn.MSELoss()(torch.zeros(2)),
    "silu_forward_too_many": lambda: nn.SiLU()(torch.zeros(1), 2),
}


def build():
    torch.manual_seed(1313)
    mods = [
        module_case("Tanh"), module_case("Sigmoid"), module_case("LogSigmoid"),
        module_case("LeakyReLU"), module_case("LeakyReLU", (0.2,)), module_case("LeakyReLU", (0.3, True), inplace=True),
        module_case("LeakyReLU", (), {"negative_slope": 1e-8}),
        module_case("GELU"), module_case("GELU", ("tanh",)), module_case("GELU", (), {"approximate": "tanh"}, dtype=torch.float64),
        module_case("ELU"), module_case("ELU", (0.5,)), module_case("ELU", (1.5, True), inplace=True),
        module_case("SiLU"), module_case("SiLU", (True,), inplace=True),
        module_case("Softplus"), module_case("Softplus", (2, 3)), module_case("Softplus", (), {"beta": 0.5, "threshold": 2.5}),
        module_case("Hardtanh"), module_case("Hardtanh", (-2.0, 3.0)), module_case("Hardtanh", (-0.5, 0.5, True), inplace=True),
        module_case("ReLU6", scale=5.0), module_case("ReLU6", (True,), inplace=True, scale=5.0),
        module_case("Softmax", (1,)), module_case("Softmax", (), {"dim": 0}), module_case("Softmax", (), shape=(2, 3, 4)),
        module_case("Softmin", (-1,)), module_case("Softmin", (), shape=(5,)),
        module_case("Identity", (3,), {"unused": "x"}),
        module_case("ReLU"), module_case("ReLU", (True,), inplace=True),
        module_case("AvgPool2d", (2,), shape=(2, 3, 6, 6)),
        module_case("AvgPool2d", ((2, 3), 1, 1), shape=(1, 2, 5, 7)),
        module_case("AvgPool2d", (3,), {"stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}, shape=(2, 2, 7, 7)),
        module_case("AvgPool2d", (2,), {"divisor_override": 3}, shape=(1, 4, 4)),
        module_case("AdaptiveAvgPool2d", (3,), shape=(2, 3, 7, 8)),
        module_case("AdaptiveAvgPool2d", ((None, 2),), shape=(1, 2, 5, 6)),
        module_case("AdaptiveAvgPool2d", ((1, 1),), shape=(2, 3, 4, 4)),
        module_case("AdaptiveAvgPool2d", ((2, 3),), shape=(2, 5, 7), dtype=torch.float64),
    ]
    losses = [
        loss_case("MSELoss"), loss_case("MSELoss", {"reduction": "sum"}), loss_case("MSELoss", {"reduction": "none"}),
        loss_case("MSELoss", {"size_average": False}),
        loss_case("L1Loss"), loss_case("L1Loss", {"reduction": "sum"}, dtype=torch.float64),
        loss_case("SmoothL1Loss"), loss_case("SmoothL1Loss", {"beta": 0.5}), loss_case("SmoothL1Loss", {"reduction": "none", "beta": 2.0}),
        loss_case("SmoothL1Loss", {"reduce": False}),
        loss_case("HuberLoss"), loss_case("HuberLoss", {"delta": 0.5}), loss_case("HuberLoss", {"reduction": "sum", "delta": 2.0}),
    ]
    doc = {
        "replayed_by": "test/nn_modules_more.test.mjs",
        "generator": "PyTorch " + torch.__version__ + ": /usr/bin/python3 tools/fixtures_nn_modules_more.py",
        "modules": mods, "losses": losses, "net": net_case(), "clip_misc": clip_misc(),
        "errors": {k: err(f) for k, f in ERRORS.items()},
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: {len(mods)} modules, {len(losses)} losses, {len(ERRORS)} errors, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    build()
