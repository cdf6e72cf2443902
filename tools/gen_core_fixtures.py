#!/usr/bin/python3
"""PyTorch-generated fixtures for torchlet's tensor core: the RNG streams, tensor ops with their
gradients, and autograd error messages. Writes test/fixtures/core.json.
usage: /usr/bin/python3 tools/gen_core_fixtures.py"""
import json, os, torch

out = {"generator": f"PyTorch {torch.__version__}", "rng": [], "ops": []}
DT = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}

def spec(t):
    t = t.detach()
    return {"shape": list(t.shape), "dtype": DT[t.dtype], "data": [float(v) if t.dtype.is_floating_point else int(v) for v in t.reshape(-1).tolist()]}

# RNG: torch.manual_seed(s) then a sequence of draws, each recorded in order
for seed in [0, 1, 42, 2**32 + 7]:
    torch.manual_seed(seed)
    draws = []
    for kind, args in [("randn", [3, 5]), ("randn", [20]), ("rand", [7]), ("randint", [0, 10, [6]]),
                       ("randn", [2, 9]), ("randn_f64", [5]), ("randn_f64", [17]), ("rand_f64", [4]),
                       ("randperm", [12]), ("randint", [-5, 5, [3, 3]]), ("randn", [33])]:
        if kind == "randn": t = torch.randn(*args)
        elif kind == "randn_f64": t = torch.randn(*args, dtype=torch.float64)
        elif kind == "rand": t = torch.rand(*args)
        elif kind == "rand_f64": t = torch.rand(*args, dtype=torch.float64)
        elif kind == "randint": t = torch.randint(args[0], args[1], tuple(args[2]))
        elif kind == "randperm": t = torch.randperm(*args)
        draws.append({"kind": kind, "args": args, "expect": spec(t)})
    out["rng"].append({"seed": seed, "draws": draws})

torch.manual_seed(1234)
def case(name, fn, inputs, kwargs=None, grad=True):
    """inputs: list of tensors (leaves) or numbers; fn(*inputs) -> tensor."""
    leaves = [x.clone().requires_grad_(grad and x.dtype.is_floating_point) if isinstance(x, torch.Tensor) else x for x in inputs]
    y = fn(*leaves)
    rec = {"name": name, "inputs": [spec(x) if isinstance(x, torch.Tensor) else {"value": x} for x in inputs],
           "kwargs": kwargs or {}, "expect": spec(y)}
    if grad and y.dtype.is_floating_point and any(isinstance(x, torch.Tensor) and x.requires_grad for x in leaves):
        go = torch.randn(y.shape, dtype=y.dtype)
        (y * go).sum().backward()
        rec["grad_output"] = spec(go)
        rec["grads"] = {str(i): spec(x.grad) for i, x in enumerate(leaves) if isinstance(x, torch.Tensor) and x.grad is not None}
    out["ops"].append(rec)

r = lambda *s, dtype=torch.float32: torch.randn(*s, dtype=dtype)
for dt in [torch.float32, torch.float64]:
    d = DT[dt]
    case(f"add_bcast_{d}", lambda a, b: a.add(b), [r(3, 1, 4, dtype=dt), r(2, 4, dtype=dt)])
    case(f"add_alpha_{d}", lambda a, b: a.add(b, alpha=2.5), [r(3, 4, dtype=dt), r(4, dtype=dt)], {"alpha": 2.5})
    case(f"sub_bcast_{d}", lambda a, b: a.sub(b), [r(2, 3, dtype=dt), r(3, dtype=dt)])
    case(f"mul_bcast_{d}", lambda a, b: a.mul(b), [r(4, 1, dtype=dt), r(1, 5, dtype=dt)])
    case(f"div_bcast_{d}", lambda a, b: a.div(b), [r(3, 4, dtype=dt), r(4, dtype=dt).abs() + 0.5])
    case(f"mul_scalar_{d}", lambda a, s: a.mul(s), [r(3, 2, dtype=dt), 1.7])
    case(f"pow_scalar_{d}", lambda a, s: a.pow(s), [r(5, dtype=dt).abs() + 0.1, 2.5])
    case(f"exp_{d}", lambda a: a.exp(), [r(2, 3, dtype=dt)])
    case(f"log_{d}", lambda a: a.log(), [r(2, 3, dtype=dt).abs() + 0.1])
    case(f"neg_{d}", lambda a: a.neg(), [r(4, dtype=dt)])
    case(f"sqrt_{d}", lambda a: a.sqrt(), [r(4, dtype=dt).abs() + 0.1])
    case(f"sigmoid_{d}", lambda a: a.sigmoid(), [r(6, dtype=dt)])
    case(f"tanh_{d}", lambda a: a.tanh(), [r(6, dtype=dt)])
    case(f"relu_{d}", lambda a: a.relu(), [r(3, 4, dtype=dt)])
    case(f"clamp_{d}", lambda a: a.clamp(-0.5, 0.7), [r(10, dtype=dt)])
    case(f"sum_all_{d}", lambda a: a.sum(), [r(3, 4, dtype=dt)])
    case(f"sum_dim1_{d}", lambda a: a.sum(1), [r(3, 4, 2, dtype=dt)])
    case(f"sum_dims_keep_{d}", lambda a: a.sum([0, 2], keepdim=True), [r(3, 4, 2, dtype=dt)])
    case(f"mean_all_{d}", lambda a: a.mean(), [r(5, 3, dtype=dt)])
    case(f"mean_dim_neg_{d}", lambda a: a.mean(-1), [r(2, 3, 4, dtype=dt)])
    case(f"max_all_{d}", lambda a: a.max(), [r(3, 4, dtype=dt)])
    case(f"max_dim_{d}", lambda a: a.max(1)[0], [r(3, 4, dtype=dt)])
    case(f"max_dim_keep_{d}", lambda a: a.max(0, keepdim=True)[0], [r(3, 4, dtype=dt)])
    case(f"matmul_2d_{d}", lambda a, b: a.matmul(b), [r(3, 4, dtype=dt), r(4, 5, dtype=dt)])
    case(f"matmul_1d_2d_{d}", lambda a, b: a.matmul(b), [r(4, dtype=dt), r(4, 5, dtype=dt)])
    case(f"matmul_2d_1d_{d}", lambda a, b: a.matmul(b), [r(3, 4, dtype=dt), r(4, dtype=dt)])
    case(f"matmul_dot_{d}", lambda a, b: a.matmul(b), [r(4, dtype=dt), r(4, dtype=dt)])
    case(f"matmul_batched_bcast_{d}", lambda a, b: a.matmul(b), [r(2, 1, 3, 4, dtype=dt), r(3, 4, 2, dtype=dt)])
    case(f"permute_{d}", lambda a: a.permute(2, 0, 1), [r(2, 3, 4, dtype=dt)])
    case(f"transpose_{d}", lambda a: a.transpose(0, 2), [r(2, 3, 4, dtype=dt)])
    case(f"reshape_{d}", lambda a: a.reshape(4, -1) * 2, [r(2, 3, 4, dtype=dt)])
    case(f"flatten_{d}", lambda a: a.flatten(1) * 2, [r(2, 3, 4, dtype=dt)])
    case(f"unsqueeze_squeeze_{d}", lambda a: a.unsqueeze(1).squeeze(1) * 3, [r(2, 3, dtype=dt)])
    case(f"chain_{d}", lambda a, b: (a.mul(b).exp().sum(1).log() - a.mean()).div(3), [r(3, 4, dtype=dt), r(3, 4, dtype=dt)])
    case(f"reuse_{d}", lambda a: a * a + a.exp() * a, [r(5, dtype=dt)])
    case(f"to_other_{d}", lambda a: a.to(torch.float64 if dt == torch.float32 else torch.float32) * 2, [r(3, dtype=dt)])
case("mixed_f32_f64", lambda a, b: a.mul(b), [r(3), r(3, dtype=torch.float64)])
case("zero_dim_f64_with_f32", lambda a, b: a.mul(b), [r(3), torch.tensor(2.5, dtype=torch.float64)])
case("int_div", lambda a, b: a.div(b), [torch.tensor([7, -7, 3]), torch.tensor([2, 2, 4])], grad=False)
case("int_add", lambda a, b: a.add(b), [torch.tensor([7, -7, 3]), torch.tensor([2, 2, 4])], grad=False)
case("int_sum", lambda a: a.sum(), [torch.tensor([[7, -7, 3], [1, 2, 3]])], grad=False)
case("int_mul_float_scalar", lambda a, s: a.mul(s), [torch.tensor([1, 2, 3]), 0.5], grad=False)
case("argmax_dim", lambda a: a.argmax(1), [r(4, 6)], grad=False)
case("argmax_all", lambda a: a.argmax(), [r(4, 6)], grad=False)
case("eq_sum", lambda a, b: a.eq(b).sum(), [torch.tensor([1, 2, 3, 4]), torch.tensor([1, 0, 3, 0])], grad=False)

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "core.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {path}: {sum(len(s['draws']) for s in out['rng'])} rng draws, {len(out['ops'])} op cases")
