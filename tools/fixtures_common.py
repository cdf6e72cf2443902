"""Shared helpers for tools/gen_fixtures.py: tensor encoding and the case recorder.

A case is written in the format read by /work/shared/conformance/run_cases.mjs (and by
test/conformance.test.mjs): positional args and keyword args as {"tensor": spec} or {"value": v},
the expected value or error, and the gradients of every positional leaf with requires_grad under
`out.mul(grad_output).sum().backward()`.
"""
import base64
import json
import math
import os
import sys
import warnings

os.environ.setdefault("TORCH_SHOW_CPP_STACKTRACES", "0")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

GENERATOR = "PyTorch " + torch.__version__

# Tensors with more elements than this are stored as base64 of their raw little-endian bytes.
B64_THRESHOLD = 32

_DTYPE_NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}
_NP_DTYPES = {torch.float32: "<f4", torch.float64: "<f8", torch.int64: "<i8", torch.bool: "|u1"}

# Discrepancies between what the spec says and what this PyTorch printed, collected for the report.
SPEC_DIFFS = []


def dtype_name(dt):
    if dt not in _DTYPE_NAMES:
        raise TypeError(f"the runner cannot build tensors of dtype {dt}")
    return _DTYPE_NAMES[dt]


def _enc_scalar(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    return v


def tspec(t, requires_grad=False):
    """The JSON spec of a tensor: shape, dtype, requires_grad and data (small) or b64 (large)."""
    t = t.detach()
    spec = {"shape": list(t.shape), "dtype": dtype_name(t.dtype), "requires_grad": bool(requires_grad)}
    if t.numel() > B64_THRESHOLD:
        raw = t.contiguous().cpu().numpy().astype(_NP_DTYPES[t.dtype]).tobytes()
        spec["b64"] = base64.b64encode(raw).decode("ascii")
    else:
        spec["data"] = [_enc_scalar(int(v) if t.dtype == torch.bool else v) for v in t.reshape(-1).tolist()]
    return spec


def enc_value(v):
    """A non-tensor argument: dtypes become their names, tuples become lists, floats keep NaN/inf as strings."""
    if isinstance(v, torch.dtype):
        return dtype_name(v)
    if isinstance(v, (tuple, list)):
        return [enc_value(x) for x in v]
    return _enc_scalar(v)


def enc_arg(a):
    if isinstance(a, torch.Tensor):
        return {"tensor": tspec(a, a.requires_grad)}
    return {"value": enc_value(a)}


def call(fn, args, kwargs):
    """Runs a case's function: "torch.<name>" (torch.<name>), "Tensor.<name>" (a method of the first argument)
    or a plain name (torch.nn.functional.<name>)."""
    if fn.startswith("torch."):
        return getattr(torch, fn[6:])(*args, **kwargs)
    if fn.startswith("Tensor."):
        return getattr(args[0], fn[7:])(*args[1:], **kwargs)
    return getattr(F, fn)(*args, **kwargs)


def _leaf(a):
    """A fresh leaf with the same values and requires_grad flag (what the runner builds)."""
    if isinstance(a, torch.Tensor):
        return a.detach().clone().requires_grad_(a.requires_grad)
    return a


def rg(t):
    """The tensor as a differentiable leaf (a copy)."""
    return t.detach().clone().requires_grad_(True)


class Suite:
    """Collects the cases of one fixture file."""

    def __init__(self, filename, record_grad_fn=False):
        self.filename = filename
        self.record_grad_fn = record_grad_fn  # also record out.grad_fn.name() as expect.grad_fn
        self.cases = []
        self.ids = set()

    def add(self, cid, fn, args, kwargs=None, exact=False, tol=None, expect_error=False,
            spec_error=None, override_error=None, note=None, grads=True):
        """Runs F.<fn>(*args, **kwargs) in PyTorch and records the case.

        expect_error: the generator's own expectation (a mismatch aborts, so that a typo in a case
          cannot silently turn a value case into an error case or the reverse).
        spec_error: (type, message) the spec documents; a difference is logged to SPEC_DIFFS.
        override_error: (type, message) recorded instead of PyTorch's outcome (used where the
          project follows current upstream rather than 1.13).
        grads: False records the value only (no grad_output), for very large cases.
        """
        kwargs = kwargs or {}
        if cid in self.ids:
            raise ValueError(f"{self.filename}: duplicate case id {cid}")
        self.ids.add(cid)
        args = [_leaf(a) for a in args]
        kwargs = {k: _leaf(v) for k, v in kwargs.items()}
        case = {
            "id": cid,
            "fn": fn,
            "args": [enc_arg(a) for a in args],
            "kwargs": {k: enc_arg(v) for k, v in kwargs.items()},
        }
        if note:
            case["note"] = note
        out, err = None, None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out = call(fn, args, kwargs)
            except Exception as e:  # noqa: BLE001 - every PyTorch error is recorded
                err = (type(e).__name__, str(e))
        if override_error is not None:
            case["expect"] = {"error": {"type": override_error[0], "message": override_error[1]}}
            self.cases.append(case)
            return case
        if (err is not None) != bool(expect_error):
            raise AssertionError(f"{self.filename} {cid}: expected {'an error' if expect_error else 'a value'}, got "
                                 + (f"{err[0]}: {err[1]}" if err else "a value"))
        if err is not None:
            msg = err[1]
            if "Exception raised from" in msg:  # a C++ stack trace leaked in: keep the first line only
                msg = msg.split("\nException raised from")[0]
            case["expect"] = {"error": {"type": err[0], "message": msg}}
            if spec_error is not None and tuple(spec_error) != (err[0], msg):
                SPEC_DIFFS.append(f"{self.filename} {cid}: spec says {spec_error[0]}: {spec_error[1]!r}; "
                                  f"PyTorch {torch.__version__} raised {err[0]}: {msg!r}")
            self.cases.append(case)
            return case
        if not isinstance(out, torch.Tensor):
            raise TypeError(f"{cid}: {fn} returned {type(out)}")
        if exact:
            case["exact"] = True
        if tol is not None:
            case["tol"] = list(tol)
        case["expect"] = {"value": tspec(out)}
        if self.record_grad_fn and out.grad_fn is not None:
            case["expect"]["grad_fn"] = out.grad_fn.name()
        leaves = {i: a for i, a in enumerate(args) if isinstance(a, torch.Tensor) and a.requires_grad}
        if grads and leaves and out.requires_grad:
            go = torch.randn(out.shape, dtype=out.dtype)
            out.mul(go).sum().backward()
            g = {str(i): tspec(a.grad) for i, a in leaves.items() if a.grad is not None}
            if g:
                case["expect"]["grads"] = g
                case["grad_output"] = tspec(go)
        self.cases.append(case)
        return case

    def write(self, folder):
        path = os.path.join(folder, self.filename)
        with open(path, "w") as f:
            json.dump({"generator": GENERATOR, "cases": self.cases}, f, separators=(",", ":"), allow_nan=False)
            f.write("\n")
        return path, len(self.cases), os.path.getsize(path)


def write_fixture(filename, replayed_by, payload):
    """Writes test/fixtures/<filename>: the generator stamp, the test file that replays it, then payload's keys."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", filename)
    with open(path, "w") as f:
        json.dump({"generator": GENERATOR, "replayed_by": replayed_by, **payload}, f, separators=(",", ":"))
        f.write("\n")
    return path


def log_probs(*shape, dtype=torch.float32, dim=1):
    """log_softmax of standard normal logits (what nll_loss is normally fed)."""
    x = torch.randn(*shape, dtype=torch.float64)
    d = dim if len(shape) > 1 else 0
    return F.log_softmax(x, d).to(dtype)


def targets(n_classes, *shape):
    return torch.randint(0, n_classes, shape, dtype=torch.int64)


def note(msg):
    print(msg, file=sys.stderr)
