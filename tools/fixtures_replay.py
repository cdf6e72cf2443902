"""Replays written fixture files through PyTorch the way run_cases.mjs / run_optim.mjs replay them through
torchlet (flat tensor, reshape, call, compare, mul(grad_output).sum().backward()), to prove that the JSON
encoding round-trips: `/usr/bin/python3 tools/gen_fixtures.py --check`."""
import base64
import json
import math
import warnings

import numpy as np
import torch

from fixtures_common import call

_DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
_NP = {"float32": "<f4", "float64": "<f8", "int64": "<i8", "bool": "|u1"}


def _flat(spec):
    if "data" in spec:
        return [float(v) if isinstance(v, str) else v for v in spec["data"]]
    return np.frombuffer(base64.b64decode(spec["b64"]), dtype=_NP[spec["dtype"]]).tolist()


def _make(spec):
    leaf = torch.tensor(_flat(spec), dtype=_DT[spec["dtype"]])
    if spec.get("requires_grad"):
        leaf.requires_grad_(True)
    return leaf, leaf.reshape(spec["shape"])


def _value(v):
    if isinstance(v, str) and v in _DT:
        return _DT[v]
    if v in ("Infinity", "-Infinity", "NaN"):  # how enc_value spells a non-finite float
        return float(v)
    return v


def _same(got, spec, what):
    if list(got.shape) != spec["shape"]:
        return f"{what}: shape {list(got.shape)} != {spec['shape']}"
    if got.dtype != _DT[spec["dtype"]]:
        return f"{what}: dtype {got.dtype} != {spec['dtype']}"
    for i, (a, b) in enumerate(zip(got.detach().reshape(-1).tolist(), _flat(spec))):
        if not (a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))):
            return f"{what}[{i}]: {a} != {b}"
    return None


def replay_cases(path):
    fails = []
    cases = json.load(open(path))["cases"]
    for c in cases:
        leaves, args = {}, []
        for i, a in enumerate(c["args"]):
            if "tensor" in a:
                leaves[i], t = _make(a["tensor"])
                args.append(t)
            else:
                args.append(_value(a["value"]))
        kw = {k: (_make(v["tensor"])[1] if "tensor" in v else _value(v["value"])) for k, v in c["kwargs"].items()}
        err = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out = call(c["fn"], args, kw)
                thrown = None
            except Exception as e:  # noqa: BLE001
                thrown = e
        exp = c["expect"]
        if "error" in exp:
            if c.get("note", "").startswith("hand-written"):
                continue
            if thrown is None or type(thrown).__name__ != exp["error"]["type"] or str(thrown) != exp["error"]["message"]:
                err = f"expected {exp['error']}, got {thrown!r}"
        elif thrown is not None:
            err = f"threw {thrown!r}"
        else:
            err = _same(out, exp["value"], "value")
            if not err and "grads" in exp:
                _, go = _make(c["grad_output"])
                out.mul(go).sum().backward()
                for i, g in exp["grads"].items():
                    err = _same(leaves[int(i)].grad.reshape(g["shape"]), g, f"grad{i}")
                    if err:
                        break
        if err:
            fails.append(f"{c['id']}: {err}")
    return len(cases), fails


def replay_optim(path):
    fails = []
    cases = json.load(open(path))["cases"]
    for c in cases:
        if c["kind"] == "optimizer":
            dt = _DT[c["dtype"]]
            params = [torch.tensor(st, dtype=dt).reshape(sh).requires_grad_(True) for st, sh in zip(c["start"], c["shapes"])]
            opt = getattr(torch.optim, c["optimizer"])(params, **c["options"])
            for k, g in enumerate(c["grads"]):
                for p, gi, sh in zip(params, g, c["shapes"]):
                    p.grad = torch.tensor(gi, dtype=dt).reshape(sh)
                opt.step()
                if [p.detach().reshape(-1).tolist() for p in params] != c["after"][k]:
                    fails.append(f"{c['id']}: step {k + 1} differs")
                    break
        else:
            p = torch.zeros(1, requires_grad=True)
            opt = torch.optim.SGD([p], lr=c["lr"])
            s = getattr(torch.optim.lr_scheduler, c["scheduler"])(opt, **c["options"])
            lrs = []
            for _ in c["lrs"]:
                opt.step()
                s.step()
                lrs.append(opt.param_groups[0]["lr"])
            if lrs != c["lrs"]:
                fails.append(f"{c['id']}: lrs differ")
    return len(cases), fails
