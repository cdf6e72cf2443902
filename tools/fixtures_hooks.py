"""test/fixtures/hooks.json: Tensor.register_hook / retain_grad / retains_grad in PyTorch 1.13. Each
scenario is written out again in test/hooks.test.mjs; this records what PyTorch gives for it.
Run: /usr/bin/python3 tools/fixtures_hooks.py"""
import json, os, warnings
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "hooks.json")
flat = lambda t: None if t is None else t.flatten().tolist()
R = {}
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2; y.retain_grad(); (y * y).sum().backward()
R["retain"] = dict(y_grad=flat(y.grad), x_grad=flat(x.grad), y_retains=y.retains_grad, x_retains=x.retains_grad)
x.grad = None; y = x * 2; y.retain_grad(); y.register_hook(lambda g: g * 10); (y * y).sum().backward()
R["retain_then_hook"] = dict(y_grad=flat(y.grad), x_grad=flat(x.grad))
x.grad = None; y = x * 2; y.register_hook(lambda g: g * 10); y.retain_grad(); (y * y).sum().backward()
R["hook_then_retain"] = dict(y_grad=flat(y.grad), x_grad=flat(x.grad))
x.grad = None; h = x.register_hook(lambda g: g * 3); (x * x).sum().backward(); a = flat(x.grad); h.remove()
x.grad = None; (x * x).sum().backward()
R["leaf_hook_removed"] = dict(hooked=a, removed=flat(x.grad))
y = x * 2; y.retain_grad(); y.sum().backward(retain_graph=True); y.sum().backward()
R["retain_accumulates"] = dict(y_grad=flat(y.grad))
x.grad = None; z = (x * x).sum(); z.register_hook(lambda g: g * 5); z.backward(); R["root_hook"] = dict(x_grad=flat(x.grad))
x.grad = None; z = (x * x).sum(); z.retain_grad(); z.backward(); R["root_retain"] = dict(z_grad=flat(z.grad))
seen = []; x.grad = None; h = x.register_hook(lambda g: seen.append(flat(g))); (x * x + x).sum().backward(); h.remove()
R["leaf_hook_sees_sum"] = dict(seen=seen, x_grad=flat(x.grad))
x.grad = None; v = x[1:]; v.retain_grad(); (v * v).sum().backward(); R["view_retain"] = dict(v_grad=flat(v.grad), x_grad=flat(x.grad))
x.grad = None; y = x.mul(1); y.register_hook(lambda g: g + 1); y.register_hook(lambda g: g * 2); y.sum().backward()
R["hook_order"] = dict(x_grad=flat(x.grad))
leaf = torch.tensor([2., 4.], requires_grad=True); leaf.retain_grad(); (leaf * 3).sum().backward()
R["leaf_retain_noop"] = dict(grad=flat(leaf.grad), retains=leaf.retains_grad)
errors = {}
def err(name, f):
    try: f(); errors[name] = None
    except Exception as e: errors[name] = {"type": type(e).__name__, "message": str(e)}
err("hook_no_grad", lambda: torch.zeros(2).register_hook(lambda g: g))
err("retain_no_grad", lambda: torch.zeros(2).retain_grad())
def size():
    y = x * 2; y.register_hook(lambda g: torch.zeros(2)); y.sum().backward()
def dtype():
    y = x * 2; y.register_hook(lambda g: g.double()); y.sum().backward()
def notensor():
    y = x * 2; y.register_hook(lambda g: 3); y.sum().backward()
err("hook_size", size); err("hook_dtype", dtype); err("hook_not_tensor", notensor)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always"); y = x * 2; y.sum().backward(); g = y.grad
    R["nonleaf_grad_warning"] = dict(grad=g, warning=str(w[0].message))
json.dump({"generator": f"PyTorch {torch.__version__}", "replayed_by": "test/hooks.test.mjs", "scenarios": R, "errors": errors}, open(OUT, "w"), indent=1)
print(f"wrote {OUT}")
