"""test/fixtures/sum_middle.json: float32 sum / mean over middle dims (kept, reduced, kept) in PyTorch
1.13, whose CPU order torchlet reproduces bit for bit. Inputs are torch.manual_seed(s); torch.randn(shape) * 3,
which torchlet draws identically, so only the results are stored. Run: /usr/bin/python3 tools/fixtures_sum_middle.py"""
import json, os
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "sum_middle.json")
CASES = [((3, 50, 7), [1]), ((2, 1000, 33), [1]), ((4, 17, 9, 40), [1, 2]), ((5, 300, 64), [1]), ((2, 3, 4099, 5), [2]),
         ((64, 128, 3), [1]), ((7, 9, 1, 11), [1]), ((3, 100000, 2), [1]), ((10, 5000, 16), [1]), ((6, 33, 40), [-2])]
out = []
for k, (shape, dim) in enumerate(CASES):
    torch.manual_seed(k)
    x = torch.randn(*shape) * 3
    out.append({"seed": k, "shape": list(shape), "dim": dim, "sum": x.sum(dim).flatten().tolist(),
                "mean": x.mean(dim).flatten().tolist(), "sum_keepdim_shape": list(x.sum(dim, keepdim=True).shape)})
json.dump({"generator": f"PyTorch {torch.__version__}", "replayed_by": "test/sum_middle.test.mjs", "cases": out}, open(OUT, "w"))
print(f"wrote {OUT}")
