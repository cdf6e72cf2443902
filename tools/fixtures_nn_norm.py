"""test/fixtures/cases_nn_norm.json: nn.BatchNorm1d/2d, F.batch_norm, nn.GroupNorm / F.group_norm and
nn.Embedding / F.embedding as PyTorch 1.13 computes them: initial parameters for a seed, outputs,
buffers after several train / eval steps, gradients, reprs and errors. Replayed by test/nn_norm.test.mjs.

Run: /usr/bin/python3 tools/fixtures_nn_norm.py
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from fixture_spec import spec  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
DTN = {torch.float32: "float32", torch.float64: "float64"}


def grads(named):
    return {k: (spec(t.grad) if t is not None and t.grad is not None else None) for k, t in named.items()}


def buffers(m):
    return {k: spec(v) for k, v in m.named_buffers()}


def module_steps(m, shapes, dtype, modes):
    """Runs m on random inputs in the given train/eval modes; records output, gradients and buffers per step."""
    steps = []
    for shape, mode in zip(shapes, modes):
        m.train(mode)
        x = torch.randn(*shape, dtype=dtype, requires_grad=True)
        y = m(x)
        g = torch.randn_like(y)
        y.backward(g)
        params = dict(m.named_parameters())
        steps.append({"train": mode, "input": spec(x), "grad_output": spec(g), "output": spec(y),
                      "grads": grads({"input": x, **params}), "buffers": buffers(m)})
        m.zero_grad(set_to_none=True)
    return steps


def module_case(cls, ctor_args, ctor_kw, seed, shapes, modes, dtype=torch.float32):
    torch.manual_seed(seed)
    kw = dict(ctor_kw)
    if dtype != torch.float32:
        kw["dtype"] = dtype
    m = cls(*ctor_args, **kw)
    init = {k: spec(v) for k, v in m.state_dict().items()}
    case = {"cls": cls.__name__, "args": list(ctor_args), "kwargs": {k: v for k, v in ctor_kw.items()},
            "dtype": DTN[dtype], "seed": seed, "repr": repr(m), "state_dict": init,
            "state_dict_dtypes": {k: str(v.dtype).replace("torch.", "") for k, v in m.state_dict().items()}}
    case["steps"] = module_steps(m, shapes, dtype, modes)
    return case


def batchnorm_cases():
    T, E = True, False
    out = []
    for dtype in (torch.float32, torch.float64):
        out.append(module_case(nn.BatchNorm1d, [3], {}, 1, [(5, 3), (4, 3), (6, 3), (3, 3)], [T, T, T, E], dtype))
    out.append(module_case(nn.BatchNorm1d, [4], {}, 2, [(3, 4, 5), (2, 4, 6), (4, 4, 3)], [T, T, E]))
    out.append(module_case(nn.BatchNorm1d, [3], {"momentum": None}, 3, [(4, 3)] * 4 + [(2, 3)], [T, T, T, T, E]))
    out.append(module_case(nn.BatchNorm1d, [3], {"affine": False}, 4, [(5, 3), (5, 3)], [T, E]))
    out.append(module_case(nn.BatchNorm1d, [3], {"track_running_stats": False}, 5, [(5, 3), (4, 3)], [T, E]))
    out.append(module_case(nn.BatchNorm1d, [2], {"eps": 1e-3, "momentum": 0.5}, 6, [(2, 2, 1), (3, 2, 2)], [T, T]))
    out.append(module_case(nn.BatchNorm2d, [3], {}, 7, [(2, 3, 4, 4), (3, 3, 2, 5), (2, 3, 3, 3)], [T, T, E]))
    out.append(module_case(nn.BatchNorm2d, [2], {"momentum": None, "eps": 1e-2}, 8, [(2, 2, 3, 3)] * 3 + [(1, 2, 2, 2)], [T, T, T, E],
                           torch.float64))
    out.append(module_case(nn.BatchNorm2d, [2], {"affine": False, "track_running_stats": False}, 9, [(3, 2, 2, 2)], [E]))
    return out


def functional_batch_norm():
    torch.manual_seed(10)
    cases = []

    def add(cid, x, rm, rv, w, b, **kw):
        xs = x.clone().requires_grad_(True)
        ws = w.clone().requires_grad_(True) if w is not None else None
        bs = b.clone().requires_grad_(True) if b is not None else None
        rm2 = rm.clone() if rm is not None else None
        rv2 = rv.clone() if rv is not None else None
        y = F.batch_norm(xs, rm2, rv2, ws, bs, **kw)
        g = torch.randn_like(y)
        y.backward(g)
        cases.append({"id": cid, "input": spec(x), "running_mean": spec(rm) if rm is not None else None,
                      "running_var": spec(rv) if rv is not None else None, "weight": spec(w) if w is not None else None,
                      "bias": spec(b) if b is not None else None, "kwargs": kw, "grad_output": spec(g), "output": spec(y),
                      "running_mean_after": spec(rm2) if rm2 is not None else None,
                      "running_var_after": spec(rv2) if rv2 is not None else None,
                      "grads": grads({"input": xs, "weight": ws, "bias": bs})})

    x = torch.randn(6, 3)
    rm, rv = torch.randn(3), torch.rand(3) + 0.5
    w, b = torch.randn(3), torch.randn(3)
    add("eval_affine", x, rm, rv, w, b)
    add("eval_plain", x, rm, rv, None, None)
    add("train_affine", x, rm, rv, w, b, training=True)
    add("train_momentum", x, rm, rv, w, b, training=True, momentum=0.3, eps=1e-3)
    add("train_no_stats", torch.randn(4, 3, 5), None, None, w, b, training=True)
    add("train_4d_f64", torch.randn(2, 3, 2, 3, dtype=torch.float64), rm.double(), rv.double(), w.double(), b.double(), training=True)
    add("eval_4d_f64", torch.randn(2, 3, 2, 3, dtype=torch.float64), rm.double(), rv.double(), w.double(), None)
    add("train_only_bias", torch.randn(5, 3), None, None, None, b, training=True, eps=0.5)
    return cases


def group_norm_cases():
    torch.manual_seed(20)
    cases = []
    for cid, shape, groups, affine, eps, dtype in (
        ("g2_3d", (2, 4, 3), 2, True, 1e-5, torch.float32),
        ("g1_4d", (2, 3, 2, 2), 1, True, 1e-5, torch.float32),
        ("g_each_channel", (3, 4, 5), 4, True, 1e-3, torch.float32),
        ("no_affine_2d", (3, 6), 3, False, 1e-5, torch.float32),
        ("f64_4d", (2, 6, 2, 3), 3, True, 1e-5, torch.float64),
    ):
        torch.manual_seed(21)
        m = nn.GroupNorm(groups, shape[1], eps=eps, affine=affine, dtype=dtype)
        if affine:  # move the parameters away from ones / zeros so their gradients matter
            with torch.no_grad():
                m.weight.copy_(torch.randn(shape[1], dtype=dtype))
                m.bias.copy_(torch.randn(shape[1], dtype=dtype))
        x = torch.randn(*shape, dtype=dtype, requires_grad=True)
        y = m(x)
        g = torch.randn_like(y)
        y.backward(g)
        cases.append({"id": cid, "num_groups": groups, "num_channels": shape[1], "eps": eps, "affine": affine, "dtype": DTN[dtype],
                      "repr": repr(m), "weight": spec(m.weight) if affine else None, "bias": spec(m.bias) if affine else None,
                      "input": spec(x), "grad_output": spec(g), "output": spec(y),
                      "grads": grads({"input": x, "weight": m.weight, "bias": m.bias})})
    return cases


def embedding_cases():
    out = {}
    torch.manual_seed(0)
    e = nn.Embedding(10, 4)
    out["init_seed0"] = {"repr": repr(e), "weight": spec(e.weight)}
    torch.manual_seed(3)
    e = nn.Embedding(7, 5, padding_idx=2)
    out["init_padding"] = {"repr": repr(e), "weight": spec(e.weight)}
    torch.manual_seed(3)
    e = nn.Embedding(7, 5, padding_idx=-1, dtype=torch.float64)
    out["init_padding_neg_f64"] = {"repr": repr(e), "weight": spec(e.weight), "padding_idx": e.padding_idx}

    # forward / backward through the padding row, repeated indices, scale_grad_by_freq
    for cid, kw in (("pad", {"padding_idx": 1}), ("freq", {"scale_grad_by_freq": True}), ("pad_freq", {"padding_idx": 0, "scale_grad_by_freq": True})):
        torch.manual_seed(4)
        e = nn.Embedding(6, 3, **kw)
        idx = torch.tensor([[0, 1, 2, 1], [5, 1, 0, 0]])
        y = e(idx)
        g = torch.randn_like(y)
        y.backward(g)
        out[cid] = {"kwargs": kw, "seed": 4, "repr": repr(e), "indices": spec(idx), "weight": spec(e.weight), "grad_output": spec(g),
                    "output": spec(y), "weight_grad": spec(e.weight.grad)}

    # max_norm renormalises the rows used, in place, before the lookup
    for cid, kw in (("max_norm", {"max_norm": 1.0}), ("max_norm_p1", {"max_norm": 1.5, "norm_type": 1.0})):
        torch.manual_seed(5)
        e = nn.Embedding(6, 4, **kw)
        before = e.weight.detach().clone()
        idx = torch.tensor([3, 0, 3, 5])
        y = e(idx)
        g = torch.randn_like(y)
        y.backward(g)
        out[cid] = {"kwargs": kw, "seed": 5, "repr": repr(e), "indices": spec(idx), "weight_before": spec(before),
                    "weight_after": spec(e.weight), "grad_output": spec(g), "output": spec(y), "weight_grad": spec(e.weight.grad)}

    pre = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    e = nn.Embedding.from_pretrained(pre, padding_idx=1)
    out["from_pretrained"] = {"repr": repr(e), "requires_grad": e.weight.requires_grad, "weight": spec(e.weight)}
    e = nn.Embedding.from_pretrained(pre, freeze=False)
    out["from_pretrained_unfrozen"] = {"repr": repr(e), "requires_grad": e.weight.requires_grad}
    return out


def reprs():
    return {
        "bn1d_momentum_none": repr(nn.BatchNorm1d(4, momentum=None)),
        "bn2d_options": repr(nn.BatchNorm2d(8, eps=1e-3, momentum=0.01, affine=False, track_running_stats=False)),
        "gn": repr(nn.GroupNorm(2, 6, eps=1e-6, affine=False)),
        "emb_all": repr(nn.Embedding(5, 2, padding_idx=0, max_norm=2.0, norm_type=1.0, scale_grad_by_freq=True, sparse=True)),
    }


def errors():
    x2 = torch.randn(4, 3)
    cases = {
        "bn1d_one_value": lambda: nn.BatchNorm1d(3)(torch.randn(1, 3)),
        "bn1d_one_value_3d": lambda: nn.BatchNorm1d(3)(torch.randn(1, 3, 1)),
        "bn1d_4d": lambda: nn.BatchNorm1d(3)(torch.randn(2, 3, 4, 5)),
        "bn1d_1d": lambda: nn.BatchNorm1d(3)(torch.randn(3)),
        "bn2d_3d": lambda: nn.BatchNorm2d(3)(torch.randn(2, 3, 4)),
        "bn1d_wrong_features": lambda: nn.BatchNorm1d(3)(torch.randn(2, 4)),
        "bn1d_f64_input": lambda: nn.BatchNorm1d(3)(torch.randn(2, 3, dtype=torch.float64)),
        "fbn_input_type": lambda: F.batch_norm(1, None, None),
        "fbn_rm_type": lambda: F.batch_norm(x2, 1, None),
        "fbn_eval_no_mean": lambda: F.batch_norm(x2, None, None),
        "fbn_eval_no_var": lambda: F.batch_norm(x2, torch.zeros(3), None),
        "fbn_rm_size": lambda: F.batch_norm(x2, torch.zeros(4), torch.ones(4)),
        "fbn_weight_size": lambda: F.batch_norm(x2, torch.zeros(3), torch.ones(3), weight=torch.ones(2)),
        "fbn_bias_size": lambda: F.batch_norm(x2, torch.zeros(3), torch.ones(3), bias=torch.ones(2)),
        "fbn_momentum_type": lambda: F.batch_norm(x2, torch.zeros(3), torch.ones(3), momentum="a"),
        "fbn_momentum_none": lambda: F.batch_norm(x2, torch.zeros(3), torch.ones(3), momentum=None),
        "fbn_training_none": lambda: F.batch_norm(x2, torch.zeros(3), torch.ones(3), training=None),
        "fgn_eps_none": lambda: F.group_norm(x2, 3, eps=None),
        "fgn_groups_float": lambda: F.group_norm(x2, 1.5),
        "fbn_long_float_stats": lambda: F.batch_norm(torch.zeros(4, 3, dtype=torch.long), torch.zeros(3), torch.ones(3)),
        "fbn_f64_stats": lambda: F.batch_norm(x2, torch.zeros(3).double(), torch.ones(3).double()),
        "fbn_f64_weight": lambda: F.batch_norm(x2, torch.zeros(3), torch.ones(3), torch.ones(3).double()),
        "fbn_f64_input_f32_weight": lambda: F.batch_norm(x2.double(), torch.zeros(3).double(), torch.ones(3).double(), torch.ones(3)),
        "fbn_f32_later_f64": lambda: F.batch_norm(x2, torch.zeros(3), torch.ones(3).double(), torch.ones(3)),
        "fbn_1d": lambda: F.batch_norm(torch.randn(3), None, None, training=True),
        "fbn_train_one": lambda: F.batch_norm(torch.randn(1, 3), None, None, training=True),
        "fbn_long": lambda: F.batch_norm(torch.zeros(2, 3, dtype=torch.long), None, None, training=True),
        "fbn_too_many": lambda: F.batch_norm(x2, None, None, None, None, True, 0.1, 1e-5, 1),
        "gn_ctor_divisible": lambda: nn.GroupNorm(3, 4),
        "gn_input_channels": lambda: nn.GroupNorm(2, 4)(torch.randn(2, 6)),
        "fgn_divisible": lambda: F.group_norm(torch.randn(2, 4, 3), 3),
        "fgn_weight_shape": lambda: F.group_norm(torch.randn(2, 4, 3), 2, torch.ones(3)),
        "fgn_bias_shape_no_weight": lambda: F.group_norm(torch.randn(2, 4, 3), 2, None, torch.ones(3)),
        "fgn_bias_shape": lambda: F.group_norm(torch.randn(2, 4, 3), 2, torch.ones(4), torch.ones(3)),
        "fgn_one_value": lambda: F.group_norm(torch.randn(1, 4), 4),
        "fgn_1d": lambda: F.group_norm(torch.randn(4), 2),
        "fgn_dtype": lambda: F.group_norm(torch.randn(2, 4, 3, dtype=torch.float64), 2, torch.ones(4)),
        "emb_out_of_range": lambda: nn.Embedding(3, 2)(torch.tensor([3])),
        "emb_negative": lambda: nn.Embedding(3, 2)(torch.tensor([-1])),
        "emb_float_indices": lambda: nn.Embedding(3, 2)(torch.tensor([1.0])),
        "emb_padding_range": lambda: nn.Embedding(3, 2, padding_idx=3),
        "emb_padding_neg_range": lambda: nn.Embedding(3, 2, padding_idx=-4),
        "emb_pretrained_1d": lambda: nn.Embedding.from_pretrained(torch.ones(3)),
        "emb_weight_shape": lambda: nn.Embedding(3, 2, _weight=torch.ones(2, 2)),
    }
    return record_errors(cases)


def record_errors(cases):
    """{id: {type, message}} of the error each thunk raises (a thunk that raises nothing stops the run)."""
    out = {}
    for k, f in cases.items():
        try:
            f()
            raise SystemExit(f"{k}: no error")
        except Exception as e:  # noqa: BLE001
            out[k] = {"type": type(e).__name__, "message": str(e)}
    return out


def write(name, replayed_by, sections):
    """Writes test/fixtures/<name> with its replayed_by key and the generator's version."""
    data = {"replayed_by": replayed_by, "generator": "PyTorch " + torch.__version__, **sections}
    path = os.path.join(ROOT, "test", "fixtures", name)
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes")


def main():
    write("cases_nn_norm.json", "test/nn_norm.test.mjs", {
        "batchnorm": batchnorm_cases(), "f_batch_norm": functional_batch_norm(), "group_norm": group_norm_cases(),
        "embedding": embedding_cases(), "reprs": reprs(), "errors": errors()})


if __name__ == "__main__":
    main()
