#!/usr/bin/python3
"""PyTorch 1.13's answers for the tensor-core hardening cases (issue 11): broadcast and expand
messages, int64 range checks at creation, torch.tensor's nesting errors, size and allocation
errors, load_state_dict's report, nll_loss/cross_entropy check order on empty and zero-class
inputs, and the Python exceptions of the data utilities. Writes test/fixtures/hardening_core.json;
test/hardening_core.test.mjs holds the JavaScript spelling of each named case.
usage: /usr/bin/python3 tools/gen_hardening_fixtures.py"""
import json
import os
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import ConcatDataset, TensorDataset

nan, inf = float("nan"), float("inf")


def enc(v):
    """JSON has no NaN or infinities: they travel as the strings JavaScript prints for them."""
    if isinstance(v, float) and v != v:
        return "NaN"
    if isinstance(v, float) and v in (inf, -inf):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def outcome(fn):
    """'Class: message' for an exception, else the value as JSON-friendly data."""
    try:
        r = fn()
    except Exception as e:  # noqa: BLE001 - every exception is a recorded answer
        return {"error": type(e).__name__, "message": str(e)}
    if isinstance(r, torch.Tensor):
        return {"shape": list(r.shape), "dtype": str(r.dtype).replace("torch.", ""), "data": [enc(v) for v in r.reshape(-1).tolist()]}
    return {"value": r}


def nested(depth, leaf=1):
    x = leaf
    for _ in range(depth):
        x = [x]
    return x


CASES = OrderedDict()


# ---- broadcasting: PyTorch scans from the last dimension ----
Z = torch.zeros
CASES["add_3x5_5x3"] = lambda: Z(3, 5) + Z(5, 3)
CASES["add_2x3x5_5x1"] = lambda: Z(2, 3, 5) + Z(5, 1)
CASES["add_7x3x5_2x1x5"] = lambda: Z(7, 3, 5) + Z(2, 1, 5)
CASES["where_3x5_5x3"] = lambda: torch.where(Z(3, 5) > 0, Z(5, 3), Z(1))
CASES["matmul_batch"] = lambda: torch.matmul(Z(2, 3, 4, 5), Z(3, 3, 5, 4))
CASES["kl_div_3x5_5x3"] = lambda: F.kl_div(Z(3, 5), Z(5, 3), reduction="sum")
CASES["bce_weight_3x5_5x3"] = lambda: F.binary_cross_entropy(Z(3, 5), Z(3, 5), weight=Z(5, 3))
CASES["expand_3_to_2x5"] = lambda: Z(3).expand(2, 5)
CASES["expand_3x1_to_m1x4x5"] = lambda: Z(3, 1).expand(-1, 4, 5)
CASES["expand_3x1_to_m1xm1x5"] = lambda: Z(3, 1).expand(-1, -1, 5)
CASES["expand_3x2_to_3x1"] = lambda: Z(3, 2).expand(3, 1)
CASES["expand_3x1_to_4xm1x5"] = lambda: Z(3, 1).expand(4, -1, 5)
# torchvision's Normalize on a tensor: tensor.sub_(mean.view(-1, 1, 1)) (torchvision is not needed)
CASES["normalize_c3_mean2"] = lambda: Z(3, 4, 4).sub_(torch.tensor([0.5, 0.5]).view(-1, 1, 1))
CASES["normalize_n2c3_mean2"] = lambda: Z(2, 3, 4, 4).sub_(torch.tensor([0.5, 0.5]).view(-1, 1, 1))
CASES["normalize_c1_mean3"] = lambda: Z(1, 4, 4).sub_(torch.tensor([0.5, 0.5, 0.5]).view(-1, 1, 1))

# ---- int64 (and float32) values at creation ----
I64 = torch.int64
CASES["tensor_nan_i64"] = lambda: torch.tensor([nan], dtype=I64)
CASES["tensor_inf_i64"] = lambda: torch.tensor([1, inf], dtype=I64)
CASES["tensor_ninf_i64"] = lambda: torch.tensor(-inf, dtype=I64)
CASES["tensor_frac_i64"] = lambda: torch.tensor([1.5, -2.7], dtype=I64)
CASES["tensor_2p64"] = lambda: torch.tensor(2**64)
CASES["tensor_list_2p63"] = lambda: torch.tensor([1, 2**63])
CASES["tensor_m2p63"] = lambda: torch.tensor(-2**63)
CASES["tensor_2p64_i64"] = lambda: torch.tensor([2**64], dtype=I64)
CASES["tensor_2p64_f32"] = lambda: torch.tensor(2**64, dtype=torch.float32)
CASES["tensor_nan_bool"] = lambda: torch.tensor([nan, 0.0, 2.0], dtype=torch.bool)
CASES["full_inf_i64"] = lambda: torch.full([2], inf, dtype=I64)
CASES["full_nan_i64"] = lambda: torch.full([2], nan, dtype=I64)
CASES["full_2p64"] = lambda: torch.full([2], 2**64)
CASES["full_1e39_f32"] = lambda: torch.full([2], 1e39, dtype=torch.float32)
CASES["full_inf_f32"] = lambda: torch.full([2], inf, dtype=torch.float32)
CASES["full_nan_bool"] = lambda: torch.full([2], nan, dtype=torch.bool)
CASES["full_like_nan_i64"] = lambda: torch.full_like(Z(2, dtype=I64), nan)
CASES["fill_nan_i64"] = lambda: Z(2, dtype=I64).fill_(nan)
CASES["fill_inf_i64"] = lambda: Z(2, dtype=I64).fill_(-inf)
CASES["fill_2p64_i64"] = lambda: Z(2, dtype=I64).fill_(2**64)
CASES["fill_frac_i64"] = lambda: Z(2, dtype=I64).fill_(-2.5)
CASES["fill_1e39_f32"] = lambda: Z(2).fill_(1e39)
CASES["constant_nan_i64"] = lambda: nn.init.constant_(Z(2, dtype=I64), nan)
CASES["randint_2p64"] = lambda: torch.randint(0, 2**64, (1,))
CASES["randint_m2p63_m1"] = lambda: torch.randint(-2**63 - 2048, 0, (1,))
CASES["randperm_2p64"] = lambda: torch.randperm(2**64)
CASES["masked_fill_nan_i64"] = lambda: Z(2, dtype=I64).masked_fill(torch.tensor([True, False]), nan)
CASES["masked_fill_tensor_nan_i64"] = lambda: Z(2, dtype=I64).masked_fill(torch.tensor([True, False]), torch.tensor(nan))
CASES["masked_fill_2p64_i64"] = lambda: Z(2, dtype=I64).masked_fill(torch.tensor([True, False]), 2**64)
CASES["masked_fill_1e39_f32"] = lambda: Z(2).masked_fill(torch.tensor([True, False]), 1e39)
CASES["index_fill_inf_i64"] = lambda: Z(2, dtype=I64).index_fill(0, torch.tensor([0]), inf)
CASES["scatter_nan_i64"] = lambda: Z(2, dtype=I64).scatter(0, torch.tensor([0]), nan)
CASES["arange_0_inf"] = lambda: torch.arange(0, inf)
CASES["arange_nan_1"] = lambda: torch.arange(nan, 1)
CASES["arange_m_inf_1e20"] = lambda: torch.arange(-inf, 1e20)
CASES["arange_0_1_nan"] = lambda: torch.arange(0, 1, nan)
CASES["arange_0_1_inf"] = lambda: torch.arange(0, 1, inf)
CASES["arange_0_1_minf"] = lambda: torch.arange(0, 1, -inf)
CASES["arange_0_inf_i64"] = lambda: torch.arange(0, inf, dtype=I64)
CASES["arange_0_10_inf_i64"] = lambda: torch.arange(0, 10, inf, dtype=I64)
CASES["arange_0_1e20"] = lambda: torch.arange(0, 1e20)
CASES["arange_bool"] = lambda: torch.arange(0, 3, dtype=torch.bool)
CASES["arange_0_2.5_0.5_i64"] = lambda: torch.arange(0, 2.5, 0.5, dtype=I64)
CASES["arange_0.5_3.2_1_i64"] = lambda: torch.arange(0.5, 3.2, 1, dtype=I64)
CASES["arange_1_0"] = lambda: torch.arange(1, 0)
CASES["to_int64"] = lambda: torch.tensor([nan, inf, -inf, 1e19, -1e19, 2.0**63, 3.7, -3.7, -0.5]).to(I64)
CASES["to_int64_f64"] = lambda: torch.tensor([nan, inf, 1e300, -2.0**63, 2.0**62], dtype=torch.float64).long()
CASES["to_bool"] = lambda: torch.tensor([nan, 0.0, -0.0, 0.5]).to(torch.bool)

# ---- torch.tensor's nesting ----
T = torch.tensor
CASES["tensor_1_l23"] = lambda: T([1, [2, 3]])
CASES["tensor_l23_1"] = lambda: T([[2, 3], 1])
CASES["tensor_l12_l3"] = lambda: T([[1, 2], [3]])
CASES["tensor_l12_l3l4"] = lambda: T([[1, 2], [3, [4]]])
CASES["tensor_1.5_l23"] = lambda: T([1.5, [2, 3]])
CASES["tensor_true_ltrue"] = lambda: T([True, [True]])
CASES["tensor_1_none"] = lambda: T([1, None])
CASES["tensor_none"] = lambda: T(None)
CASES["tensor_1_str"] = lambda: T([1, "a"])
CASES["tensor_1_dict"] = lambda: T([1, {}])
CASES["tensor_l12_none"] = lambda: T([[1, 2], None])
CASES["tensor_f32_1_none"] = lambda: T([1, None], dtype=torch.float32)
CASES["tensor_f32_l12_none"] = lambda: T([[1, 2], None], dtype=torch.float32)
CASES["tensor_f64_1_l2"] = lambda: T([1, [2]], dtype=torch.float64)
CASES["tensor_i64_1_str"] = lambda: T([1, "a"], dtype=I64)
CASES["tensor_bool_1_none"] = lambda: T([1, None], dtype=torch.bool)
CASES["tensor_lempty_l1"] = lambda: T([[], [1]])
CASES["tensor_l1_lempty"] = lambda: T([[1], []])
CASES["tensor_1_lempty"] = lambda: T([1, []])
CASES["tensor_depth_128"] = lambda: T(nested(128)).dim()
CASES["tensor_depth_129"] = lambda: T(nested(129))
CASES["tensor_depth_100000"] = lambda: T(nested(100000))

# ---- sizes ----
CASES["randn_2_m3"] = lambda: torch.randn(2, -3)
CASES["randn_m2_m3"] = lambda: torch.randn(-2, -3)
CASES["zeros_list_2_m3"] = lambda: torch.zeros([2, -3])
CASES["full_2_m3"] = lambda: torch.full([2, -3], 1.0)
CASES["randint_2_m3"] = lambda: torch.randint(3, (2, -3))
CASES["randperm_m3"] = lambda: torch.randperm(-3)
CASES["randn_1e12"] = lambda: torch.randn(10**12)
CASES["ones_1e12_f64"] = lambda: torch.ones(10**12, dtype=torch.float64)
CASES["empty_2p61"] = lambda: torch.empty(2**61)
CASES["empty_2p31_2p31"] = lambda: torch.empty(2**31, 2**31)
CASES["empty_2p62_4_0"] = lambda: torch.empty(2**62, 4, 0)
CASES["empty_0_2p62_4"] = lambda: torch.empty(0, 2**62, 4).shape

# ---- assigning .grad (the optimizers never see a gradient of another shape) ----
def set_grad(g):
    p = nn.Parameter(Z(3))
    p.grad = g
    return p.grad
CASES["grad_other_size"] = lambda: set_grad(Z(4))
CASES["grad_other_rank"] = lambda: set_grad(Z(1, 3))
CASES["grad_other_dtype"] = lambda: set_grad(Z(3, dtype=torch.float64))
CASES["grad_number"] = lambda: set_grad(5)
CASES["grad_list"] = lambda: set_grad([1, 2, 3])
CASES["grad_none"] = lambda: set_grad(None) is None

# ---- Python exceptions of the data utilities and schedulers ----
CASES["tensordataset_mismatch"] = lambda: TensorDataset(Z(2), Z(3))
CASES["tensordataset_0d"] = lambda: TensorDataset(Z(2), torch.tensor(1.0))
CASES["tensordataset_mismatch_before_0d"] = lambda: TensorDataset(Z(2), Z(3), torch.tensor(1.0))
CASES["concatdataset_empty"] = lambda: ConcatDataset([])
CASES["steplr_resume_without_initial_lr"] = lambda: torch.optim.lr_scheduler.StepLR(
    torch.optim.SGD([nn.Parameter(Z(1))], lr=0.1), 1, last_epoch=0)


# ---- load_state_dict ----
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 2)
        self.register_buffer("scale", torch.ones(2))


class Scalar(nn.Module):
    def __init__(self):
        super().__init__()
        self.p = nn.Parameter(torch.tensor(1.0))


DROP = object()
def loaded(changes, strict=True, model=None):
    """load_state_dict of Net's own state_dict with `changes` applied (DROP deletes a key), in order."""
    def run():
        m = model or Net()
        d = OrderedDict(m.state_dict())
        for k, v in changes:
            if v is DROP:
                del d[k]
            else:
                d[k] = v
        return str(m.load_state_dict(d, strict=strict))
    return run


CASES["lsd_ok"] = loaded([])
CASES["lsd_missing"] = loaded([("fc1.weight", DROP), ("scale", DROP)])
CASES["lsd_unexpected"] = loaded([("fc3.weight", Z(1)), ("fc1.foo", Z(1)), ("extra", Z(1))])
CASES["lsd_size"] = loaded([("fc1.weight", Z(2, 2)), ("fc2.bias", Z(3))])
CASES["lsd_all"] = loaded([("fc1.weight", Z(2, 2)), ("fc2.bias", None), ("fc2.weight", [1, 2]), ("scale", 3),
                           ("fc1.bias", DROP), ("fc9", Z(1))])
CASES["lsd_types"] = loaded([("fc1.weight", {}), ("fc1.bias", 1.5), ("fc2.weight", "x"), ("fc2.bias", True)])
CASES["lsd_nonstrict"] = loaded([("fc1.bias", DROP), ("fc9", Z(1))], strict=False)
CASES["lsd_nonstrict_ok"] = loaded([], strict=False)
CASES["lsd_nonstrict_size"] = loaded([("fc1.weight", Z(2, 2))], strict=False)
CASES["lsd_nonstrict_none"] = loaded([("fc1.weight", None)], strict=False)
CASES["lsd_list"] = lambda: Net().load_state_dict([1, 2])
CASES["lsd_none"] = lambda: Net().load_state_dict(None)
CASES["lsd_0d_from_1d"] = lambda: (lambda m: (m.load_state_dict({"p": torch.tensor([5.0, 6.0])}), m.p.item())[1])(Scalar())
CASES["lsd_0d_from_1d_empty"] = lambda: Scalar().load_state_dict({"p": torch.tensor([])})
CASES["lsd_0d_from_2d"] = lambda: Scalar().load_state_dict({"p": torch.tensor([[5.0]])})


def nll_grid():
    """nll_loss / cross_entropy on empty and zero-class shapes: which check fires first."""
    inputs = [(2, 3), (0, 3), (2, 0), (2, 0, 2), (2, 3, 0), (0, 3, 2), (2, 0, 0), (2, 0, 1, 2), (2, 0, 0, 0),
              (2, 0, 1, 1, 2), (2, 3, 0, 1, 2), (2, 0, 0, 0, 0)]
    targets = [(), (2,), (0,), (2, 2), (2, 0), (0, 2), (2, 1, 2), (2, 0, 0), (2, 1, 1, 2), (2, 0, 1, 2)]
    messages, rows = [], []
    for ish in inputs:
        for tsh in targets:
            for tdt in ["int64", "float32"]:
                for fn in ["nll", "ce", "ce_ls"]:
                    for red in ["mean", "none"]:
                        for w in [None, 3]:
                            x, t = Z(ish), Z(tsh, dtype=getattr(torch, tdt))
                            kw = {"reduction": red, "weight": None if w is None else torch.ones(w)}
                            try:
                                if fn == "nll":
                                    F.nll_loss(x, t, **kw)
                                else:
                                    F.cross_entropy(x, t, label_smoothing=0.1 if fn == "ce_ls" else 0.0, **kw)
                                r = "ok"
                            except Exception as e:  # noqa: BLE001
                                r = f"{type(e).__name__}: {e}"
                            if r not in messages:
                                messages.append(r)
                            rows.append([list(ish), list(tsh), tdt, fn, red, w, messages.index(r)])
    return {"messages": messages, "cases": rows}


def main():
    out = {"generator": f"PyTorch {torch.__version__}", "cases": {}, "nll_grid": nll_grid()}
    for name, fn in CASES.items():
        out["cases"][name] = outcome(fn)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "hardening_core.json")
    line = lambda v: json.dumps(v, allow_nan=False)  # noqa: E731
    grid = out["nll_grid"]
    with open(path, "w") as f:  # one case, one message and one grid row per line: readable diffs
        f.write(f'{{"generator": {line(out["generator"])},\n"cases": {{\n')
        f.write(",\n".join(f"{line(k)}: {line(v)}" for k, v in out["cases"].items()))
        f.write('\n},\n"nll_grid": {"messages": [\n' + ",\n".join(map(line, grid["messages"])))
        f.write('\n], "cases": [\n' + ",\n".join(map(line, grid["cases"])) + "\n]}}\n")
    print(f"wrote {len(out['cases'])} cases and {len(out['nll_grid']['cases'])} nll grid cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
