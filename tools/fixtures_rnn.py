# PyTorch 1.13 cases for the recurrent layers and nn.utils.rnn -> test/fixtures/cases_rnn.json,
# replayed by test/rnn.test.mjs. Run: /usr/bin/python3 tools/fixtures_rnn.py
#
# A module case: torch.manual_seed(seed) then the constructor (the initial parameters are checked),
# inputs from a separate generator (stored), torch.manual_seed(fwd_seed) just before the forward
# (dropout masks), then backward of sum(out * w_out) + sum(h_n * w_h) (+ sum(c_n * w_c)).
import json
import os
import warnings

import torch
import torch.nn as nn
from torch.nn.utils import rnn as U

from fixture_spec import spec

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "cases_rnn.json")
G = torch.Generator().manual_seed(1234)


def randn(*shape, dtype=torch.float32):
    return torch.randn(*shape, generator=G, dtype=dtype)


def tspec(t, grad=False):
    s = spec(t)
    if grad:
        s["requires_grad"] = True
    return s


def weighted(t):
    w = randn(*t.shape, dtype=t.dtype)
    return w, (t * w).sum()


def module_case(name, cls, args, kwargs, x_shape, seed=0, hx=None, train=True, fwd_seed=7, packed=None, dtype=torch.float32):
    torch.manual_seed(seed)
    m = getattr(nn, cls)(*args, **kwargs)
    params = [(n, p) for n, p in m.named_parameters()]
    m.train(train)
    case = {"kind": "module", "name": name, "cls": cls, "args": list(args), "kwargs": {k: v for k, v in kwargs.items() if k != "dtype"},
            "dtype": str(dtype).split(".")[1], "seed": seed, "fwd_seed": fwd_seed, "train": train,
            "params": [[n, tspec(p)] for n, p in params]}
    x = randn(*x_shape, dtype=dtype).requires_grad_(True)
    case["input"] = tspec(x, True)
    hxs = None
    if hx is not None:
        hxs = [randn(*s, dtype=dtype).requires_grad_(True) for s in hx]
        case["hx"] = [tspec(h, True) for h in hxs]
    arg = x
    if packed is not None:
        case["packed"] = packed
        arg = U.pack_padded_sequence(x, torch.tensor(packed["lengths"]), batch_first=packed.get("batch_first", False),
                                     enforce_sorted=packed["enforce_sorted"])
    torch.manual_seed(fwd_seed)
    if cls.endswith("Cell"):
        call_hx = None if hxs is None else (tuple(hxs) if cls == "LSTMCell" else hxs[0])
        res = m(arg, call_hx)
        outs = list(res) if isinstance(res, tuple) else [res]
    else:
        call_hx = None if hxs is None else (tuple(hxs) if cls == "LSTM" else hxs[0])
        out, h = m(arg, call_hx)
        if packed is not None:
            out = out.data
        outs = [out] + (list(h) if isinstance(h, tuple) else [h])
    loss = 0
    ws = []
    for o in outs:
        w, s = weighted(o)
        ws.append(w)
        loss = loss + s
    loss.backward()
    case["weights"] = [tspec(w) for w in ws]
    case["outs"] = [tspec(o) for o in outs]
    case["grad_fns"] = [type(o.grad_fn).__name__ for o in outs]
    case["grads"] = {"input": tspec(x.grad)}
    if hxs is not None:
        case["grads"]["hx"] = [tspec(h.grad) for h in hxs]
    case["grads"]["params"] = [[n, tspec(p.grad)] for n, p in params]
    return case


def error_case(name, fn, code):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fn()
    except Exception as e:  # noqa: BLE001
        return {"kind": "error", "name": name, "code": code, "type": type(e).__name__, "message": str(e)}
    raise AssertionError(f"{name}: no error")


def main():
    cases = []
    M = module_case
    cases.append(M("lstm 10-20 2 layers", "LSTM", [10, 20], {"num_layers": 2}, (3, 2, 10)))
    cases.append(M("rnn tanh h0", "RNN", [3, 4], {}, (5, 2, 3), seed=1, hx=[(1, 2, 4)]))
    cases.append(M("rnn relu batch_first bidirectional 2 layers", "RNN", [3, 4, 2],
                   {"nonlinearity": "relu", "batch_first": True, "bidirectional": True}, (2, 5, 3), seed=2, hx=[(4, 2, 4)]))
    cases.append(M("gru bidirectional 2 layers", "GRU", [3, 5], {"num_layers": 2, "bidirectional": True}, (4, 3, 3), seed=3, hx=[(4, 3, 5)]))
    cases.append(M("lstm proj bidirectional", "LSTM", [3, 6], {"num_layers": 2, "bidirectional": True, "proj_size": 2},
                   (4, 2, 3), seed=4, hx=[(4, 2, 2), (4, 2, 6)]))
    cases.append(M("lstm dropout train", "LSTM", [4, 5], {"num_layers": 3, "dropout": 0.5}, (6, 3, 4), seed=5))
    cases.append(M("gru dropout train batch_first", "GRU", [4, 5], {"num_layers": 2, "dropout": 0.3, "batch_first": True}, (3, 6, 4), seed=6))
    cases.append(M("lstm dropout eval", "LSTM", [4, 5], {"num_layers": 2, "dropout": 0.5}, (6, 3, 4), seed=5, train=False))
    cases.append(M("lstm no bias", "LSTM", [3, 4], {"bias": False}, (4, 2, 3), seed=8, hx=[(1, 2, 4), (1, 2, 4)]))
    cases.append(M("lstm unbatched", "LSTM", [3, 4], {}, (5, 3), seed=9, hx=[(1, 4), (1, 4)]))
    cases.append(M("gru unbatched batch_first", "GRU", [3, 4], {"batch_first": True}, (5, 3), seed=10))
    cases.append(M("gru float64", "GRU", [3, 4], {"num_layers": 2, "dtype": torch.float64}, (4, 2, 3), seed=11,
                   hx=[(2, 2, 4)], dtype=torch.float64))
    cases.append(M("lstm proj float64", "LSTM", [3, 5], {"proj_size": 3, "dtype": torch.float64, "bidirectional": True}, (4, 2, 3), seed=12,
                   hx=[(2, 2, 3), (2, 2, 5)], dtype=torch.float64))
    cases.append(M("lstm packed unsorted bidirectional", "LSTM", [3, 4], {"bidirectional": True, "num_layers": 2}, (5, 4, 3), seed=13,
                   hx=[(4, 4, 4), (4, 4, 4)], packed={"lengths": [3, 5, 2, 4], "enforce_sorted": False}))
    cases.append(M("gru packed sorted batch_first", "GRU", [3, 4], {"batch_first": True}, (3, 4, 3), seed=14,
                   packed={"lengths": [4, 4, 2], "enforce_sorted": True, "batch_first": True}))
    cases.append(M("rnn packed unsorted", "RNN", [2, 3], {}, (4, 3, 2), seed=15, hx=[(1, 3, 3)],
                   packed={"lengths": [2, 4, 1], "enforce_sorted": False}))
    cases.append(M("rnncell tanh", "RNNCell", [3, 4], {}, (2, 3), seed=20, hx=[(2, 4)]))
    cases.append(M("rnncell relu unbatched", "RNNCell", [3, 4], {"nonlinearity": "relu"}, (3,), seed=21))
    cases.append(M("lstmcell", "LSTMCell", [3, 4], {}, (2, 3), seed=22, hx=[(2, 4), (2, 4)]))
    cases.append(M("lstmcell unbatched", "LSTMCell", [3, 4], {"bias": False}, (3,), seed=23, hx=[(4,), (4,)]))
    cases.append(M("grucell", "GRUCell", [3, 4], {}, (2, 3), seed=24, hx=[(2, 4)]))
    cases.append(M("grucell no hx", "GRUCell", [3, 4], {}, (2, 3), seed=25))
    doc = {"replayed_by": "test/rnn.test.mjs", "torch": torch.__version__, "cases": cases}
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(f"{len(cases)} cases -> {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
