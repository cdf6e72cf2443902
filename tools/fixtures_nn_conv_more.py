"""test/fixtures/cases_nn_conv_more.json: nn.Conv1d / F.conv1d and nn.ConvTranspose2d / F.conv_transpose2d
as PyTorch 1.13 computes them: initial parameters for a seed, outputs, gradients for input, weight and
bias, ConvTranspose2d's output_size, reprs and errors. Replayed by test/nn_conv_more.test.mjs.

Run: /usr/bin/python3 tools/fixtures_nn_conv_more.py
"""
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from fixture_spec import spec  # noqa: E402
from fixtures_nn_norm import record_errors, write  # noqa: E402


def init_cases():
    out = []
    for cls, args, kw in (
        (nn.Conv1d, [2, 4, 3], {}),
        (nn.Conv1d, [4, 6, 2], {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}),
        (nn.Conv1d, [3, 2, 5], {"bias": False, "padding": "same"}),
        (nn.Conv1d, [3, 2, 3], {"dtype": torch.float64}),
        (nn.ConvTranspose2d, [2, 4, 3], {}),
        (nn.ConvTranspose2d, [4, 6, (2, 3)], {"stride": 2, "output_padding": 1, "groups": 2}),
        (nn.ConvTranspose2d, [3, 2, 3], {"bias": False, "dilation": 2, "padding": (1, 0)}),
        (nn.ConvTranspose2d, [1, 5, 4], {"dtype": torch.float64}),
    ):
        torch.manual_seed(len(out) + 1)
        m = cls(*args, **kw)
        j = {k: v for k, v in kw.items() if k != "dtype"}
        out.append({"cls": cls.__name__, "args": [list(a) if isinstance(a, tuple) else a for a in args],
                    "kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in j.items()},
                    "dtype": "float64" if kw.get("dtype") == torch.float64 else "float32", "seed": len(out) + 1, "repr": repr(m),
                    "params": {k: spec(v) for k, v in m.state_dict().items()}})
    return out


def f_cases():
    torch.manual_seed(30)
    out = []

    def add(fn, cid, xs, ws, bias, kw, dtypes=(torch.float32, torch.float64)):
        x0, w0 = torch.randn(*xs), torch.randn(*ws) * 0.5
        b0 = torch.randn(ws[0] if fn == "conv1d" else ws[1] * kw.get("groups", 1)) if bias else None
        for dt in dtypes:
            x = x0.to(dt).clone().requires_grad_(True)
            w = w0.to(dt).clone().requires_grad_(True)
            b = b0.to(dt).clone().requires_grad_(True) if b0 is not None else None
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                y = getattr(F, fn)(x, w, b, **kw)
            g = torch.randn_like(y)
            y.backward(g)
            out.append({"fn": fn, "id": f"{cid}_{'f32' if dt == torch.float32 else 'f64'}", "input": spec(x), "weight": spec(w),
                        "bias": spec(b) if b is not None else None, "kwargs": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()},
                        "output": spec(y), "grad_output": spec(g), "grad_fn": type(y.grad_fn).__name__,
                        "grads": {"input": spec(x.grad), "weight": spec(w.grad), "bias": spec(b.grad) if b is not None else None}})

    add("conv1d", "plain", (2, 3, 7), (4, 3, 3), True, {})
    add("conv1d", "no_bias", (2, 3, 7), (4, 3, 3), False, {})
    add("conv1d", "stride2_pad1", (2, 3, 8), (4, 3, 3), True, {"stride": 2, "padding": 1})
    add("conv1d", "dilation2", (1, 2, 9), (3, 2, 3), True, {"dilation": 2})
    add("conv1d", "groups2", (2, 4, 6), (6, 2, 2), True, {"groups": 2})
    add("conv1d", "same_even", (2, 2, 6), (3, 2, 4), True, {"padding": "same"})
    add("conv1d", "same_dilated", (1, 2, 7), (2, 2, 3), False, {"padding": "same", "dilation": 2})
    add("conv1d", "valid", (1, 2, 5), (2, 2, 2), True, {"padding": "valid"})
    add("conv1d", "unbatched", (3, 6), (2, 3, 3), True, {"padding": 1})
    add("conv1d", "all", (2, 4, 11), (4, 2, 3), True, {"stride": 3, "padding": 2, "dilation": 2, "groups": 2})
    add("conv1d", "wide", (2, 16, 20), (8, 16, 5), True, {}, (torch.float32,))

    add("conv_transpose2d", "plain", (2, 3, 4, 4), (3, 2, 3, 3), True, {})
    add("conv_transpose2d", "no_bias", (2, 3, 4, 4), (3, 2, 3, 3), False, {})
    add("conv_transpose2d", "stride2", (2, 3, 3, 4), (3, 4, 3, 3), True, {"stride": 2})
    add("conv_transpose2d", "stride2_outpad", (1, 2, 3, 3), (2, 3, 3, 3), True, {"stride": 2, "padding": 1, "output_padding": 1})
    add("conv_transpose2d", "rect", (1, 2, 3, 5), (2, 3, 2, 3), True, {"stride": (2, 1), "padding": (0, 1)})
    add("conv_transpose2d", "dilation", (1, 2, 4, 4), (2, 2, 3, 2), True, {"dilation": (2, 1), "output_padding": (1, 0)})
    add("conv_transpose2d", "groups2", (2, 4, 3, 3), (4, 3, 2, 2), True, {"groups": 2, "stride": 2})
    add("conv_transpose2d", "unbatched", (3, 4, 4), (3, 2, 3, 3), True, {"padding": 1})
    add("conv_transpose2d", "all", (2, 4, 5, 4), (4, 2, 3, 3), True,
        {"stride": (2, 3), "padding": (1, 2), "output_padding": (1, 2), "groups": 2, "dilation": (1, 2)})
    add("conv_transpose2d", "dcgan_like", (2, 16, 4, 4), (16, 8, 4, 4), False, {"stride": 2, "padding": 1}, (torch.float32,))
    return out


def output_size_cases():
    out = []
    for cid, args, kw, xs, osize in (
        ("size_max", [3, 2, 3], {"stride": 2}, (1, 3, 4, 4), [10, 10]),
        ("size_full", [3, 2, 3], {"stride": 2, "padding": 1}, (2, 3, 4, 5), [2, 2, 8, 10]),
        ("size_unbatched", [3, 2, 3], {"stride": 3}, (3, 2, 2), [6, 8]),
    ):
        torch.manual_seed(40)
        m = nn.ConvTranspose2d(*args, **kw)
        x = torch.randn(*xs, requires_grad=True)
        y = m(x, output_size=osize)
        g = torch.randn_like(y)
        y.backward(g)
        out.append({"id": cid, "args": args, "kwargs": kw, "seed": 40, "input": spec(x), "output_size": osize, "output": spec(y),
                    "grad_output": spec(g), "grads": {"input": spec(x.grad), "weight": spec(m.weight.grad), "bias": spec(m.bias.grad)}})
    return out


def padding_mode_cases():
    out = []
    for module, cid, args, kw, xs in (
        ("Conv1d", "reflect", [2, 3, 3], {"padding": 2, "padding_mode": "reflect"}, (2, 2, 6)),
        ("Conv1d", "replicate_same", [2, 3, 4], {"padding": "same", "padding_mode": "replicate"}, (1, 2, 5)),
        ("Conv1d", "reflect_stride_unbatched", [2, 2, 3], {"padding": 1, "stride": 2, "padding_mode": "reflect"}, (2, 7)),
        ("Conv1d", "circular", [2, 3, 3], {"padding": 2, "padding_mode": "circular"}, (2, 2, 6)),
        ("Conv2d", "2d_reflect", [2, 3, 3], {"padding": (1, 2), "padding_mode": "reflect"}, (2, 2, 5, 6)),
        ("Conv2d", "2d_replicate_same", [2, 3, (2, 3)], {"padding": "same", "padding_mode": "replicate", "dilation": 2}, (1, 2, 6, 7)),
        ("Conv2d", "2d_circular", [2, 4, 3], {"padding": 1, "stride": 2, "padding_mode": "circular"}, (2, 2, 5, 5)),
        ("Conv2d", "2d_circular_same", [3, 2, 4], {"padding": "same", "padding_mode": "circular"}, (1, 3, 4, 5)),
    ):
        torch.manual_seed(50)
        m = getattr(nn, module)(*args, **kw)
        x = torch.randn(*xs, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = m(x)
        g = torch.randn_like(y)
        y.backward(g)
        out.append({"id": cid, "module": module, "args": args, "kwargs": kw, "seed": 50, "repr": repr(m), "input": spec(x), "output": spec(y),
                    "grad_output": spec(g), "grads": {"input": spec(x.grad), "weight": spec(m.weight.grad), "bias": spec(m.bias.grad)}})
    return out


def errors():
    x = torch.randn(2, 4, 5, 5)
    w = torch.randn(4, 3, 3, 3)
    cases = {
        "ct_input_dim": lambda: F.conv_transpose2d(torch.randn(2, 4, 5), w),
        "ct_input_dim5": lambda: F.conv_transpose2d(torch.randn(1, 2, 4, 5, 5), w),
        "ct_input_2d": lambda: F.conv_transpose2d(torch.randn(4, 5), w),
        "ct_channels": lambda: F.conv_transpose2d(torch.randn(2, 3, 5, 5), w),
        "ct_groups_channels": lambda: F.conv_transpose2d(x, w, groups=3),
        "ct_bias": lambda: F.conv_transpose2d(x, w, torch.randn(4)),
        "ct_outpad": lambda: F.conv_transpose2d(x, w, output_padding=1),
        "ct_neg_pad": lambda: F.conv_transpose2d(x, w, padding=-1),
        "ct_stride0": lambda: F.conv_transpose2d(x, w, stride=0),
        "ct_dilation0": lambda: F.conv_transpose2d(x, w, dilation=0),
        "ct_weight_dim": lambda: F.conv_transpose2d(x, torch.randn(4, 3, 3)),
        "ct_weight_1d": lambda: F.conv_transpose2d(x, torch.randn(4)),
        "ct_too_small": lambda: F.conv_transpose2d(torch.randn(1, 4, 1, 1), w, padding=2),
        "ct_stride_list3": lambda: F.conv_transpose2d(x, w, stride=[1, 2, 3]),
        "ct_dtype": lambda: F.conv_transpose2d(x.double(), w),
        "ct_neg_outpad": lambda: F.conv_transpose2d(x, w, output_padding=-1),
        "ct_groups0": lambda: F.conv_transpose2d(x, w, groups=0),
        "c1_input_dim": lambda: F.conv1d(torch.randn(2, 3, 4, 5), torch.randn(2, 3, 2)),
        "c1_input_1d": lambda: F.conv1d(torch.randn(5), torch.randn(2, 3, 2)),
        "c1_channels": lambda: F.conv1d(torch.randn(2, 4, 5), torch.randn(2, 3, 2)),
        "c1_weight_dim": lambda: F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2, 2)),
        "c1_too_small": lambda: F.conv1d(torch.randn(2, 3, 2), torch.randn(2, 3, 4)),
        "c1_bias": lambda: F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), torch.randn(3)),
        "c1_stride_list2": lambda: F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), stride=[1, 2]),
        "c1_same_stride": lambda: F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), stride=2, padding="same"),
        "c1_groups": lambda: F.conv1d(torch.randn(2, 4, 5), torch.randn(3, 2, 2), groups=2),
        "c1_dilation0": lambda: F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), dilation=0),
        "c1_neg_pad": lambda: F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), padding=-1),
        "c1_bias_dtype": lambda: F.conv1d(torch.randn(2, 3, 5), torch.randn(2, 3, 2), torch.randn(2, dtype=torch.float64)),
        "ct_bias_dtype": lambda: F.conv_transpose2d(torch.randn(2, 3, 5, 5), torch.randn(3, 2, 2, 2), torch.randn(2, dtype=torch.float64)),
        "c1_dtype": lambda: F.conv1d(torch.randn(2, 3, 5, dtype=torch.float64), torch.randn(2, 3, 2)),
        "m_ct_outsize": lambda: nn.ConvTranspose2d(4, 3, 3, stride=2)(x, output_size=[20, 20]),
        "m_ct_outsize_len": lambda: nn.ConvTranspose2d(4, 3, 3, stride=2)(x, output_size=[11]),
        "m_ct_padmode": lambda: nn.ConvTranspose2d(4, 3, 3, padding_mode="reflect"),
        "m_ct_groups": lambda: nn.ConvTranspose2d(4, 3, 3, groups=2),
        "m_c1_groups": lambda: nn.Conv1d(4, 3, 3, groups=2),
        "m_c1_in_groups": lambda: nn.Conv1d(3, 4, 3, groups=2),
        "m_c1_groups0": lambda: nn.Conv1d(3, 4, 3, groups=0),
        "m_c1_same_stride": lambda: nn.Conv1d(4, 3, 3, stride=2, padding="same"),
        "m_c1_input": lambda: nn.Conv1d(4, 3, 3)(torch.randn(2, 3, 5)),
    }
    # (Invalid padding strings and padding modes are left out: Python prints them from a set, whose
    # order changes with the process's string hashing.)
    return record_errors(cases)


def main():
    write("cases_nn_conv_more.json", "test/nn_conv_more.test.mjs", {
        "init": init_cases(), "functional": f_cases(), "output_size": output_size_cases(),
        "padding_mode": padding_mode_cases(), "errors": errors()})


if __name__ == "__main__":
    main()
