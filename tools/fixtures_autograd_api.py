"""torch.autograd.grad, torch.autograd.backward, torch.autograd.Variable and torch.autograd.Function
in PyTorch 1.13: writes test/fixtures/autograd_api.json, replayed by test/autograd_api.test.mjs.

Each scenario is a small program written twice, here and in the test under the same name; the
fixture holds what PyTorch returned (tensors as nested lists with dtype, None as null, .grad fields
after the call) or the error it raised (class name and message).

Run with Debian's /usr/bin/python3 (PyTorch 1.13): /usr/bin/python3 tools/fixtures_autograd_api.py
"""
import warnings

import torch
import torch.nn.functional as F
from torch.autograd import Variable

from fixtures_common import write_fixture

SCENARIOS = {}


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


def enc(v):
    if v is None:
        return None
    if isinstance(v, torch.Tensor):
        return {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "values": v.detach().flatten().tolist()}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    return v


def leaf(*shape, seed=0):
    torch.manual_seed(seed)
    return torch.randn(*shape, requires_grad=True)


@scenario
def grad_simple():
    a = leaf(3)
    g = torch.autograd.grad((a * a).sum(), a)
    return {"grad": g, "a_grad": a.grad}


@scenario
def grad_two_outputs():
    a = leaf(3)
    g = torch.autograd.grad([a.sum(), (a * a).sum()], [a], [torch.tensor(1.0), torch.tensor(2.0)])
    return {"grad": g}


@scenario
def grad_more_grad_outputs_than_outputs():
    a = leaf(2)
    g = torch.autograd.grad([a.sum(), (a * a).sum()], [a], [torch.tensor(1.0), torch.tensor(2.0), torch.tensor(3.0)])
    return {"grad": g}


@scenario
def grad_nonleaf_input():
    a = leaf(3)
    h = a * 3
    z = (h * h).sum()
    return {"grad": torch.autograd.grad(z, [h, a])}


@scenario
def grad_hooks():
    a = leaf(3)
    h = a * 3
    h.register_hook(lambda g: g * 10)
    first = torch.autograd.grad((h * h).sum(), [h])  # the input's own hook does not run
    second = torch.autograd.grad((h * h).sum(), [a])  # a hook on the path does
    a.register_hook(lambda g: g * 100)
    third = torch.autograd.grad((a * a).sum(), [a])  # a leaf input's hook does not run
    return {"first": first, "second": second, "third": third, "a_grad": a.grad}


@scenario
def grad_retain_grad_on_path():
    a = leaf(3)
    k = a * 2
    k.retain_grad()
    g = torch.autograd.grad((k * k).sum(), [a])
    return {"grad": g, "k_grad": k.grad}


@scenario
def grad_leaves_keep_their_grad():
    a = leaf(3)
    (a * 5).sum().backward()
    b = leaf(3, seed=1)
    g = torch.autograd.grad((a * b).sum(), [b])
    return {"grad": g, "a_grad": a.grad, "b_grad": b.grad}


@scenario
def grad_allow_unused():
    a, b = leaf(2), leaf(2, seed=1)
    return {"grad": torch.autograd.grad((a * 2).sum(), [a, b], allow_unused=True)}


@scenario
def grad_output_is_input():
    a = leaf(2)
    return {"grad": torch.autograd.grad(a, a, torch.tensor([5.0, 6.0]))}


@scenario
def grad_same_input_twice():
    a = leaf(2)
    h = a.exp()
    return {"grad": torch.autograd.grad((h * a).sum(), [a, h, a])}


@scenario
def grad_node_reached_twice():
    # a node below two routes (x / (|x| + 0.5)) among other branches: every route is run
    torch.manual_seed(11)
    l0, l1, l2, l3 = (torch.randn(*s, requires_grad=True) for s in ([3, 4], [4], [3, 1], [1, 4]))
    n4 = l1.pow(2)
    n5 = n4 / (n4.abs() + 0.5)
    n6 = l0 - l3
    loss = (n5 * 6).sum() + (n6 * 7).sum()
    return {"grad": torch.autograd.grad(loss, [l0, l1, l3, l2], allow_unused=True)}


@scenario
def grad_retain_graph():
    a = leaf(3)
    y = (a * a).sum()
    g1 = torch.autograd.grad(y, a, retain_graph=True)
    g2 = torch.autograd.grad(y, a)
    try:
        torch.autograd.grad(y, a)
        again = None
    except RuntimeError as e:
        again = {"type": type(e).__name__, "message": str(e)}
    return {"first": g1, "second": g2, "third": again}


@scenario
def grad_dtype_of_input():
    a = leaf(3)
    return {"grad": torch.autograd.grad((a.double() * 2).sum(), a)}


@scenario
def grad_mlp_equals_backward():
    torch.manual_seed(3)
    x = torch.randn(4, 3)
    w1 = torch.randn(5, 3, requires_grad=True)
    b1 = torch.randn(5, requires_grad=True)
    w2 = torch.randn(2, 5, requires_grad=True)
    b2 = torch.randn(2, requires_grad=True)
    target = torch.tensor([0, 1, 1, 0])
    loss = F.nll_loss(F.log_softmax(F.linear(F.relu(F.linear(x, w1, b1)), w2, b2), dim=1), target)
    g = torch.autograd.grad(loss, [w1, b1, w2, b2], retain_graph=True)
    loss.backward()
    return {"grad": g, "backward": [w1.grad, b1.grad, w2.grad, b2.grad]}


@scenario
def grad_partial_graph():
    # only what leads to the inputs runs: the hook on the branch that does not is never called
    a, b = leaf(3), leaf(3, seed=1)
    calls = []
    hb = b * 2
    hb.register_hook(lambda g: calls.append("b") or g)
    y = (a * a).sum() + hb.sum()
    g = torch.autograd.grad(y, [a])
    return {"grad": g, "calls": calls}


@scenario
def backward_two_tensors_with_hook():
    a = leaf(2)
    a.register_hook(lambda g: g * 100)
    torch.autograd.backward([(a * a).sum(), (a * 3).sum()])
    return {"a_grad": a.grad}


@scenario
def backward_grad_tensors():
    a = leaf(3)
    torch.autograd.backward([a * 2, (a * a).sum()], [torch.tensor([1.0, 2.0, 3.0]), torch.tensor(0.5)])
    return {"a_grad": a.grad}


@scenario
def backward_grad_variables():
    a = leaf(3)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        torch.autograd.backward(a * 2, grad_variables=torch.tensor([1.0, 2.0, 3.0]))
    return {"a_grad": a.grad, "warnings": [str(x.message) for x in w]}


@scenario
def backward_inputs():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    h = a * b
    z = (h * h).sum()
    z.backward(inputs=[a], retain_graph=True)
    first = {"a": a.grad, "b": b.grad}
    z.backward(inputs=[h], retain_graph=True)  # a non-leaf input keeps its gradient
    second = {"a": a.grad, "b": b.grad, "h": h.grad, "h_retains_grad": h.retains_grad}
    a.register_hook(lambda g: g * 10)
    a.grad = None
    z.backward(inputs=a, retain_graph=True)  # a leaf input's hooks run
    third = a.grad
    c = torch.ones(2, requires_grad=True)
    z.backward(inputs=[c], retain_graph=True)  # unused: nothing happens
    torch.autograd.backward([z, (a * 3).sum()], inputs=[b])
    return {"first": first, "second": second, "third": third, "c": c.grad, "b_after": b.grad}


@scenario
def backward_inputs_network():
    torch.manual_seed(7)
    x = torch.randn(5, 4)
    w1 = torch.randn(3, 4, requires_grad=True)
    w2 = torch.randn(2, 3, requires_grad=True)
    loss = F.cross_entropy(F.linear(torch.tanh(F.linear(x, w1)), w2), torch.tensor([0, 1, 0, 1, 1]))
    loss.backward(inputs=[w2])
    return {"w1": w1.grad, "w2": w2.grad}


@scenario
def variable():
    x = torch.tensor([1.0, 2.0])
    v = Variable(x)
    x.mul_(3)  # shares x's storage
    r = Variable(x, requires_grad=True)
    y = leaf(2) * 2
    d = Variable(y)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        Variable(x, volatile=True)
    return {"v": v, "v_requires_grad": v.requires_grad, "r_requires_grad": r.requires_grad, "r_is_leaf": r.is_leaf,
            "x_requires_grad": x.requires_grad, "d_requires_grad": d.requires_grad, "d_grad_fn": d.grad_fn is None,
            "empty": Variable(), "warnings": [str(x.message) for x in w]}


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, k):
        ctx.k = k
        return a * k

    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None


class LegendreP3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


class Same(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a

    @staticmethod
    def backward(ctx, g):
        return g * 2


class Broadcast(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a.sum()

    @staticmethod
    def backward(ctx, g):
        return g * torch.ones(3, 2)  # summed down to the input's [2]


class Double(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        return (g * 2).double()  # cast to the input's float32


class ArgMax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        out = a.argmax()
        ctx.mark_non_differentiable(out)
        return out

    @staticmethod
    def backward(ctx, g):
        return None


class TrailingNones(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 3

    @staticmethod
    def backward(ctx, g):
        return g * 3, None, None


class SaveOutput(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        out = a.exp()
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * out


@scenario
def function_legendre():
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = LegendreP3.apply(x)
    y.sum().backward()
    return {"y": y, "grad_fn": type(y.grad_fn).__name__, "repr": repr(y), "x_grad": x.grad}


@scenario
def function_non_tensor_argument():
    a = leaf(3)
    seen = []

    class Spy(Scale):
        @staticmethod
        def backward(ctx, g):
            seen.append(list(ctx.needs_input_grad))
            return g * ctx.k, None
    Spy.apply(a, 3).sum().backward()
    return {"a_grad": a.grad, "needs_input_grad": seen}


@scenario
def function_returns_its_input():
    b = leaf(2)
    c = Same.apply(b)
    c.sum().backward()
    return {"same_object": c is b, "grad_fn": type(c.grad_fn).__name__, "b_grad": b.grad}


@scenario
def function_gradients_fitted():
    a, b = leaf(2), leaf(3)
    Broadcast.apply(a).backward()
    Double.apply(b).sum().backward()
    return {"a_grad": a.grad, "b_grad": b.grad}


@scenario
def function_without_recording():
    a = leaf(3)
    with torch.no_grad():
        y1 = LegendreP3.apply(a)
    y2 = LegendreP3.apply(torch.ones(2))
    i = ArgMax.apply(a)
    return {"no_grad": [y1.requires_grad, y1.grad_fn is None], "no_input_grad": y2.requires_grad, "argmax": i,
            "argmax_requires_grad": i.requires_grad}


@scenario
def function_trailing_nones_and_saved_output():
    a = leaf(3)
    TrailingNones.apply(a).sum().backward()
    b = leaf(3, seed=1)
    SaveOutput.apply(b).sum().backward()
    return {"a_grad": a.grad, "b_grad": b.grad}


@scenario
def function_in_grad_and_a_network():
    torch.manual_seed(5)
    x = torch.randn(4, 3)
    w = torch.randn(2, 3, requires_grad=True)
    h = LegendreP3.apply(F.linear(x, w))
    loss = F.nll_loss(F.log_softmax(h, dim=1), torch.tensor([0, 1, 1, 0]))
    return {"loss": loss, "grad": torch.autograd.grad(loss, [w, h])}


class Pair(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * 2, a.exp(), 5

    @staticmethod
    def backward(ctx, g1, g2, g3):
        a, = ctx.saved_tensors
        return g1 * 2 + g2 * a.exp()


class PairUnmaterialized(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.set_materialize_grads(False)
        return a * 2, a * 3

    @staticmethod
    def backward(ctx, g1, g2):
        return (g1 * 2 if g1 is not None else 0) + (g2 * 3 if g2 is not None else 0)


class OneInTuple(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return (a * 2,)

    @staticmethod
    def backward(ctx, g):
        return g * 2


class MaxWithIndex(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        v, i = a.max(0)
        ctx.mark_non_differentiable(i)
        ctx.save_for_backward(i)
        return v, i

    @staticmethod
    def backward(ctx, gv, gi):
        i, = ctx.saved_tensors
        g = torch.zeros(3)
        g[i] = gv * (1 + gi)  # gi: zeros, the index being non-differentiable
        return g


@scenario
def function_several_outputs():
    a = leaf(3)
    o1, o2, k = Pair.apply(a)
    reprs = [repr(o1), repr(o2), k]
    o1.sum().backward(retain_graph=True)
    first = a.grad.clone()
    (o1 * o2).sum().backward()
    b = leaf(2, seed=1)
    p1, p2 = PairUnmaterialized.apply(b)
    p2.sum().backward()
    c = leaf(2, seed=2)
    (r,) = OneInTuple.apply(c)
    r.sum().backward()
    d = leaf(3, seed=3)
    v, i = MaxWithIndex.apply(d)
    v.backward()
    e = leaf(3, seed=4)
    q1, q2, _ = Pair.apply(e)
    g = torch.autograd.grad((q1 + q2).sum(), [e, q1])
    return {"reprs": reprs, "first": first, "both": a.grad, "unmaterialized": b.grad, "one_in_tuple": [repr(r), c.grad],
            "max": [v, i, i.requires_grad, d.grad], "grad": g}


class NoBackward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2


class NoForward(torch.autograd.Function):
    pass


class TooFew(Scale):
    @staticmethod
    def backward(ctx, g):
        return g * ctx.k


class NotNoneForInt(Scale):
    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, torch.ones(1)


class WrongShape(Scale):
    @staticmethod
    def backward(ctx, g):
        return torch.ones(3), None


class NumberGradient(Scale):
    @staticmethod
    def backward(ctx, g):
        return 3, None


class SaveInt(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a, 3)
        return a * 2


def modified_saved(a):
    e = a * 1
    f = SaveOutput.apply(e)
    g = LegendreP3.apply(e)
    e.mul_(2)
    (f.sum() + g.sum()).backward()


ERRORS = {
    "no_inputs": lambda a: torch.autograd.grad(a.sum(), []),
    "no_inputs_output_without_grad": lambda a: torch.autograd.grad(torch.ones(2).sum(), []),
    "shape_mismatch": lambda a: torch.autograd.grad(a.sum(), a, torch.ones(2)),
    "fewer_grad_outputs": lambda a: torch.autograd.grad([a.sum(), (a * a).sum()], [a], [torch.tensor(1.0)]),
    "unused": lambda a: torch.autograd.grad((a * 2).sum(), [a, leaf(2, seed=1)]),
    "input_without_grad": lambda a: torch.autograd.grad((a * 2).sum(), [torch.ones(2)]),
    "input_without_grad_before_int": lambda a: torch.autograd.grad(a.sum(), [torch.ones(2), 3]),
    "output_without_grad": lambda a: torch.autograd.grad(torch.ones(2).sum(), [a]),
    "input_int": lambda a: torch.autograd.grad((a * 2).sum(), [3]),
    "non_scalar_output": lambda a: torch.autograd.grad(a * 2, [a]),
    "grad_outputs_int": lambda a: torch.autograd.grad(a.sum(), [a], 3),
    "grad_outputs_list_of_int": lambda a: torch.autograd.grad(a.sum(), [a], [3]),
    "outputs_int": lambda a: torch.autograd.grad(3, [a]),
    "missing_inputs": lambda a: torch.autograd.grad(a.sum()),
    "unexpected_keyword": lambda a: torch.autograd.grad(a.sum(), a, retain=True),
    "backward_both_grads": lambda a: torch.autograd.backward(a * 2, torch.ones(2), grad_variables=torch.ones(2)),
    "backward_empty_inputs": lambda a: torch.autograd.backward(a.sum(), inputs=[]),
    "backward_output_without_grad": lambda a: torch.autograd.backward([a.sum(), torch.ones(1)]),
    "backward_non_scalar": lambda a: torch.autograd.backward([(a * a).sum(), a * 3]),
    "variable_of_int": lambda a: Variable(3),
    "backward_inputs_without_grad": lambda a: (a * 2).sum().backward(inputs=[torch.ones(2)]),
    "backward_inputs_int": lambda a: (a * 2).sum().backward(inputs=[3]),
    "function_incorrect_number": lambda a: TooFew.apply(a, 3).sum().backward(),
    "function_gradient_for_int": lambda a: NotNoneForInt.apply(a, 3).sum().backward(),
    "function_gradient_shape": lambda a: WrongShape.apply(a, 3).sum().backward(),
    "function_no_backward": lambda a: NoBackward.apply(a).sum().backward(),
    "function_no_forward": lambda a: NoForward.apply(a),
    "function_save_int": lambda a: SaveInt.apply(a),
    "function_number_as_gradient": lambda a: NumberGradient.apply(a, 3).sum().backward(),
    "function_saved_input_modified": modified_saved,
}



def run_error(fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn(leaf(2))
    except Exception as e:  # noqa: BLE001
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("no error")


def main():
    cases = {name: enc(fn()) for name, fn in SCENARIOS.items()}
    errors = {name: run_error(fn) for name, fn in ERRORS.items()}
    path = write_fixture("autograd_api.json", "test/autograd_api.test.mjs", {"scenarios": cases, "errors": errors})
    print(f"wrote {path}: {len(cases)} scenarios, {len(errors)} errors")


if __name__ == "__main__":
    main()
