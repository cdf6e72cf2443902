"""test/fixtures/alias_inplace.json: PyTorch 1.13's aliases (multiply, divide, greater, clip, ...) and
in-place unary methods (exp_, sigmoid_, ...): values, grad_fn names, gradients through the in-place
op on a non-leaf, and the errors of bad calls. Every expression is written so that the same text
runs in JavaScript against torchlet (positional arguments only; `{...}` keyword objects are written
as Python dicts of the same text and passed with **). Run: /usr/bin/python3 tools/fixtures_alias.py"""
import json, os
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "alias_inplace.json")
UNARY_INPLACE = ["exp", "log", "log1p", "log2", "log10", "sqrt", "rsqrt", "abs", "absolute", "neg", "negative", "sigmoid", "tanh",
                 "sin", "cos", "tan", "atan", "arctan", "sinh", "cosh", "erf", "expm1", "reciprocal", "sign", "floor", "ceil",
                 "trunc", "fix", "square"]
ALIAS_CALLS = [
    "a.multiply(b)", "a.multiply(2)", "a.divide(b)", "a.divide(2)", "a.true_divide(b)", "a.subtract(b)", "a.negative()", "a.absolute()",
    "a.fix()", "a.arctan()", "a.arctan2(b)", "a.greater(b)", "a.greater(0.5)", "a.greater_equal(b)", "a.less(b)", "a.less_equal(0.5)",
    "a.not_equal(b)", "a.clip(0.25, 0.75)", "a.clip(None, 0.5)", "torch.multiply(a, b)", "torch.divide(a, b)", "torch.subtract(a, b)",
    "torch.greater(a, b)", "torch.less(a, 0.5)", "torch.not_equal(a, b)", "torch.clip(a, 0.25, 0.75)", "torch.negative(a)",
    "torch.absolute(a)", "torch.fix(a)", "torch.arctan(a)", "torch.arctan2(a, b)", "torch.true_divide(a, b)",
]
BAD_CALLS = [
    "a.multiply('x')", "a.divide(b, b)", "a.greater()", "a.clip()", "torch.subtract(a)", "a.exp_(1)", "a.sigmoid_(b)",
    "i.exp_()", "i.sqrt_()", "i.sigmoid_()", "a.less('x')", "torch.arctan2(a, 1)", "a.negative(1)", "leaf.exp_()",
]
OTHER = ["a.nelement()", "a.ndimension()", "a.is_signed()", "i.is_signed()", "torch.tensor([True]).is_signed()", "a.is_complex()"]


def inputs():
    torch.manual_seed(0)
    a = torch.rand(2, 3) * 2 - 0.5
    b = torch.rand(2, 3) + 0.25
    return a, b, torch.tensor([[1, -2, 3], [0, 5, -6]]), torch.rand(2, 3, requires_grad=True)


def value(r):
    if isinstance(r, torch.Tensor):
        return {"dtype": str(r.dtype).replace("torch.", ""), "shape": list(r.shape),
                "values": [None if v != v else v for v in r.detach().double().flatten().tolist()],
                "grad_fn": type(r.grad_fn).__name__ if r.grad_fn is not None else None}
    return {"py": r}


def run(expr, env):
    try:
        return value(eval(expr, {"torch": torch, "None": None}, env))
    except Exception as e:
        return {"error": {"type": type(e).__name__, "message": str(e)}}


cases = []
for expr in ALIAS_CALLS + BAD_CALLS + OTHER:
    a, b, i, leaf = inputs()
    cases.append({"expr": expr, **run(expr, dict(a=a, b=b, i=i, leaf=leaf))})
for name in UNARY_INPLACE:
    # on a non-leaf that requires grad: y = x * 1; y.<name>_(); (y * w).sum().backward(); x.grad
    torch.manual_seed(1)
    x = (torch.rand(2, 3) + 0.25).requires_grad_()
    w = torch.arange(1., 7.).view(2, 3)
    y = x.mul(1)
    r = getattr(y, name + "_")()
    (y * w).sum().backward()
    cases.append({"inplace": name + "_", "x": x.detach().flatten().tolist(), "same_object": r is y, "version": y._version,
                  **value(y), "x_grad": x.grad.flatten().tolist()})
json.dump({"generator": f"PyTorch {torch.__version__}", "replayed_by": "test/alias_inplace.test.mjs", "cases": cases},
          open(OUT, "w"), indent=1)
print(f"wrote {OUT}: {len(cases)} cases")
