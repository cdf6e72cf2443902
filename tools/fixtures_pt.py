"""Writes the .pt fixtures of test/pt.test.mjs with PyTorch's own torch.save, and what PyTorch
reads back from each (test/fixtures/pt/expected.json, in tools/pt_describe.py's format).

Run: /usr/bin/python3 tools/fixtures_pt.py

Besides ordinary files (a state_dict, nested containers, every dtype, views sharing storages,
0-dim and empty tensors, protocol 4, zip64 records) it writes files torchlet must refuse with a
clear error: a deflated archive, the legacy format, a TorchScript archive, a bare storage, a pickle that calls
os.system, a storage shorter than its tensor and a storage size far beyond the file. The hostile
ones are never loaded here.
"""
import collections
import io
import json
import os
import pickle
import sys
import zipfile

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pt_describe import describe  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "pt")
expected = {"generator": "PyTorch " + torch.__version__, "files": {}}


def path(name):
    return os.path.join(OUT, name)


def save(name, obj, **kw):
    torch.save(obj, path(name), **kw)
    expected["files"][name] = describe(torch.load(path(name)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.bn = nn.BatchNorm2d(2)
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc(torch.flatten(F.relu(self.bn(self.conv(x))), 1))


def entry(name, compression=zipfile.ZIP_STORED):
    """A zip entry with a fixed timestamp, so regenerated fixtures are byte-identical."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compression
    return info


def repack(src, dst, compression=zipfile.ZIP_STORED, zip64_limit=None):
    """Copies a .pt archive entry by entry with Python's zipfile (deflated, or with zip64 records everywhere)."""
    saved = zipfile.ZIP64_LIMIT
    if zip64_limit is not None:
        zipfile.ZIP64_LIMIT = zip64_limit  # every size and offset then goes through zip64 extra fields
    try:
        with zipfile.ZipFile(path(src)) as zin, zipfile.ZipFile(path(dst), "w", compression) as zout:
            for info in zin.infolist():
                zout.writestr(entry(info.filename, compression), zin.read(info.filename))
    finally:
        zipfile.ZIP64_LIMIT = saved


def write_archive(name, pkl, records):
    """A .pt archive with a hand-made data.pkl (stored entries, as torch.save writes them)."""
    stem = name[:-3]
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_STORED) as z:
        z.writestr(entry(f"{stem}/data.pkl"), pkl)
        for k, v in records.items():
            z.writestr(entry(f"{stem}/data/{k}"), v)
        z.writestr(entry(f"{stem}/version"), "3\n")


class FakeStorage:
    def __init__(self, numel):
        self.numel = numel


class FakeTensor:
    """Pickles as torch.save pickles a tensor, over a storage whose declared size we choose."""

    def __init__(self, numel, size, stride):
        self.args = (FakeStorage(numel), 0, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args)


def fake_pickle(obj):
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=2)
    p.persistent_id = lambda o: ("storage", torch.FloatStorage, "0", "cpu", o.numel) if isinstance(o, FakeStorage) else None
    p.dump(obj)
    return buf.getvalue()


class Evil:
    def __reduce__(self):
        return (os.system, ("echo torchlet-ran-this > /tmp/torchlet-pwned",))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):  # torchlet_* files belong to tools/pt_torchlet_fixture.mjs
        if not name.startswith("torchlet_"):
            os.remove(path(name))
    torch.manual_seed(0)

    net = Net()
    net(torch.randn(4, 1, 4, 4))  # training mode: the batch norm's running stats move
    save("state_dict.pt", net.state_dict())

    save("nested.pt", {
        "epoch": 3, "lr": 0.5, "step": 1.0, "name": "net", "unicode": "ü€😀", "surrogate": "\ud800x",
        "flags": [True, False, None], "pair": (1, 2.5, "x"), "long_tuple": (1, 2, 3, 4, 5),
        "nan": float("nan"), "ninf": float("-inf"), "negzero": -0.0,
        "big": 2 ** 40, "huge": 2 ** 70, "neg": -70000, "int_keys": {1: "a", 2: "b", -3: "c"},
        "empty": {"list": [], "dict": {}, "tuple": ()},
        "tensors": [torch.tensor([1.5, -2.0]), {"inner": torch.arange(3)}],
        "od": collections.OrderedDict([("x", torch.ones(2, 2, dtype=torch.float64))]),
    })

    # CPython's batching: lists and dicts go in runs of 1000, a dict of exactly 1000 items ends in an empty run
    save("batches.pt", {
        "list": list(range(1001)), "dict": {f"d{i}": i for i in range(1000)},
        "od": collections.OrderedDict((f"o{i}", i) for i in range(1001)),
        "one": [7], "single": {"k": "v"},
        "ints": [255, 256, 65535, 65536, -1, -2 ** 31, 2 ** 31 - 1, 2 ** 31, 2 ** 63 - 1, -2 ** 63, 2 ** 64, -2 ** 64],
    })

    # a model torchlet can build too: the test loads this into nn.Sequential and compares outputs
    seq = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 3))
    save("seq_state_dict.pt", seq.state_dict())
    x = torch.arange(32.0).reshape(2, 1, 4, 4) / 10
    expected["seq_input"] = x.tolist()
    expected["seq_output"] = seq(x).tolist()

    save("dtypes.pt", {
        "float32": torch.tensor([1.5, -0.0, float("inf"), float("nan"), 1e-45, 3.4e38]),
        "float64": torch.tensor([0.1, -1e308, 5e-324], dtype=torch.float64),
        "int64": torch.tensor([0, -1, 2 ** 53, -2 ** 63, 2 ** 63 - 1]),
        "bool": torch.tensor([True, False, True]),
        "int32": torch.tensor([-2 ** 31, 2 ** 31 - 1, 0, 7], dtype=torch.int32),
        "int16": torch.tensor([-32768, 32767, -2], dtype=torch.int16),
        "int8": torch.tensor([-128, 127, 5], dtype=torch.int8),
        "uint8": torch.tensor([0, 255, 128], dtype=torch.uint8),
        "float16": torch.tensor([1.0, -2.5, 65504.0, 6e-8, float("inf"), float("nan")], dtype=torch.float16),
        "bfloat16": torch.tensor([1.0, -2.5, 3e38, 1e-38], dtype=torch.bfloat16),
    })

    base = torch.arange(12.0).reshape(3, 4)
    shared = torch.full((4,), 3.0)
    save("views.pt", {
        "base": base, "t": base.t(), "row": base[1], "col": base[:, 2], "step": base[:, ::2],
        "narrow": base[1:, 1:3], "expand": torch.tensor([1.0, 2.0]).expand(3, 2),
        "shared_a": shared, "shared_b": shared.view(2, 2), "lone_view": torch.arange(10)[3:7], "same": base,
    })

    save("edge.pt", {
        "scalar": torch.tensor(3.25), "int_scalar": torch.tensor(7), "bool_scalar": torch.tensor(True),
        "empty": torch.zeros(0, 3), "empty1": torch.zeros(0), "grad": torch.ones(2, requires_grad=True),
        "param": nn.Parameter(torch.tensor([1.0, 2.0])), "frozen": nn.Parameter(torch.tensor([3.0]), requires_grad=False),
        "nonleaf": torch.ones(2, requires_grad=True) * 2,
    })

    # more than ten storages: records are written in the order of their keys as strings (0, 1, 10, 11, 2, ...)
    save("many.pt", collections.OrderedDict((f"w{i}", torch.full((i + 1,), float(i))) for i in range(12)))

    save("proto4.pt", {"w": torch.tensor([1.0, 2.0]), "names": ["a", "b"], "n": 70000}, pickle_protocol=4)
    save("tensor.pt", torch.tensor([[1, 2], [3, 4]], dtype=torch.int64))

    repack("state_dict.pt", "zip64.pt", zip64_limit=0)
    expected["files"]["zip64.pt"] = describe(torch.load(path("zip64.pt")))

    # files torchlet refuses (PyTorch itself loads the first three)
    repack("state_dict.pt", "deflated.pt", compression=zipfile.ZIP_DEFLATED)
    torch.save({"w": torch.ones(2)}, path("legacy.pt"), _use_new_zipfile_serialization=False)
    torch.jit.save(torch.jit.script(nn.Linear(2, 1)), path("scripted.pt"))
    torch.save(torch.ones(2).storage(), path("storage.pt"))
    torch.save({"payload": Evil()}, path("evil_system.pt"))
    write_archive("short_storage.pt", fake_pickle({"w": FakeTensor(5, (2, 3), (3, 1))}), {"0": b"\0" * 20})
    write_archive("huge_numel.pt", fake_pickle({"w": FakeTensor(2 ** 40, (2, 3), (3, 1))}), {"0": b"\0" * 24})

    with open(path("expected.json"), "w") as f:
        json.dump(expected, f, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {len(os.listdir(OUT))} files to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
