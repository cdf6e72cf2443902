"""What PyTorch reads from .pt files, as JSON: `python3 tools/pt_describe.py FILE...` prints
{FILE: {"full": torch.load(FILE), "weights_only": torch.load(FILE, weights_only=True)}, ...},
each described as below, or {"error": "Class: message"} where PyTorch refuses the file.

Shared by tools/fixtures_pt.py (expected contents of the PyTorch-written fixtures) and by
test/pt.test.mjs (PyTorch's reading of the files torchlet writes). The format:
  None, True/False, "str"              -> JSON null, true/false, "str"
  int / float                          -> {"int": "123"} / {"float": 2.5 or "NaN", "Infinity", "-Infinity"}
  list / tuple                         -> {"list": [...]} / {"tuple": [...]}
  dict / OrderedDict                   -> {"dict": [[key, value], ...], "type": "dict" or "OrderedDict",
                                           "metadata": ... (an OrderedDict's _metadata, when it has one)}
  tensor / nn.Parameter                -> {"tensor": {"class", "dtype", "shape", "stride", "offset",
                                           "requires_grad", "storage" (first-seen index of its storage
                                           in this file), "storage_size", "values" (tolist())}}
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixtures_common import _enc_scalar  # noqa: E402  (NaN / Infinity / -Infinity as strings)


def _values(x):
    if isinstance(x, list):
        return [_values(v) for v in x]
    return _enc_scalar(x)


def describe(obj, storages=None):
    storages = {} if storages is None else storages
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return {"int": str(obj)}
    if isinstance(obj, float):
        return {"float": _enc_scalar(obj)}
    if isinstance(obj, torch.Tensor):
        sid = obj.storage()._storage._cdata
        index = storages.setdefault(sid, len(storages))
        return {"tensor": {
            "class": type(obj).__name__,
            "dtype": str(obj.dtype).replace("torch.", ""),
            "shape": list(obj.shape),
            "stride": list(obj.stride()),
            "offset": obj.storage_offset(),
            "requires_grad": obj.requires_grad,
            "storage": index,
            "storage_size": obj.storage().size(),
            "values": _values(obj.detach().tolist()),
        }}
    if isinstance(obj, list):
        return {"list": [describe(v, storages) for v in obj]}
    if isinstance(obj, tuple):
        return {"tuple": [describe(v, storages) for v in obj]}
    if isinstance(obj, dict):
        out = {"dict": [[describe(k, storages), describe(v, storages)] for k, v in obj.items()], "type": type(obj).__name__}
        if hasattr(obj, "_metadata"):
            out["metadata"] = describe(obj._metadata, storages)
        return out
    raise TypeError(f"cannot describe {type(obj)}")


def read(path, weights_only):
    try:
        return describe(torch.load(path, weights_only=weights_only))
    except Exception as e:  # PyTorch's refusal is data for the caller
        return {"error": f"{type(e).__name__}: {e}"}


def main(paths):
    print(json.dumps({p: {"full": read(p, False), "weights_only": read(p, True)} for p in paths}))


if __name__ == "__main__":
    main(sys.argv[1:])
