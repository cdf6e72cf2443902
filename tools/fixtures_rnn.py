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


# Errors and warnings: the same call written in Python (run here) and in TypeScript (run by the test,
# with torch, nn, U and randn(...shape) in scope). A UserWarning counts as the outcome when there is one.
ERRORS = [
    ("LSTM input size", "nn.LSTM(3, 4)(torch.randn(5, 2, 7))", "new nn.LSTM(3, 4)(randn(5, 2, 7))"),
    ("LSTM 4-D input", "nn.LSTM(3, 4)(torch.randn(5, 2, 3, 2))", "new nn.LSTM(3, 4)(randn(5, 2, 3, 2))"),
    ("LSTM h0 shape", "nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(1, 3, 4), torch.randn(1, 2, 4)))",
     "new nn.LSTM(3, 4)(randn(5, 2, 3), [randn(1, 3, 4), randn(1, 2, 4)])"),
    ("LSTM c0 shape", "nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(1, 2, 4), torch.randn(1, 2, 5)))",
     "new nn.LSTM(3, 4)(randn(5, 2, 3), [randn(1, 2, 4), randn(1, 2, 5)])"),
    ("LSTM proj h0 shape", "nn.LSTM(3, 4, proj_size=2)(torch.randn(5, 2, 3), (torch.randn(1, 2, 4), torch.randn(1, 2, 4)))",
     "new nn.LSTM(3, 4, { proj_size: 2 })(randn(5, 2, 3), [randn(1, 2, 4), randn(1, 2, 4)])"),
    ("LSTM batched 2-D hx", "nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(2, 4), torch.randn(1, 2, 4)))",
     "new nn.LSTM(3, 4)(randn(5, 2, 3), [randn(2, 4), randn(1, 2, 4)])"),
    ("LSTM unbatched 3-D hx", "nn.LSTM(3, 4)(torch.randn(5, 3), (torch.randn(1, 2, 4), torch.randn(1, 2, 4)))",
     "new nn.LSTM(3, 4)(randn(5, 3), [randn(1, 2, 4), randn(1, 2, 4)])"),
    ("LSTM hx not a pair", "nn.LSTM(3, 4)(torch.randn(5, 2, 3), torch.zeros(1, 2, 4))",
     "new nn.LSTM(3, 4)(randn(5, 2, 3), torch.zeros(1, 2, 4))"),
    ("LSTM empty sequence", "nn.LSTM(3, 4)(torch.randn(0, 2, 3))", "new nn.LSTM(3, 4)(randn(0, 2, 3))"),
    ("LSTM float64 input", "nn.LSTM(3, 4)(torch.randn(5, 2, 3).double())", "new nn.LSTM(3, 4)(randn(5, 2, 3).double())"),
    ("LSTM float64 c0", "nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.zeros(1, 2, 4), torch.zeros(1, 2, 4).double()))",
     "new nn.LSTM(3, 4)(randn(5, 2, 3), [torch.zeros(1, 2, 4), torch.zeros(1, 2, 4).double()])"),
    ("RNN hidden size", "nn.RNN(3, 4)(torch.randn(5, 2, 3), torch.zeros(1, 3, 4))", "new nn.RNN(3, 4)(randn(5, 2, 3), torch.zeros(1, 3, 4))"),
    ("RNN batched 2-D hx", "nn.RNN(3, 4)(torch.randn(5, 2, 3), torch.zeros(2, 4))", "new nn.RNN(3, 4)(randn(5, 2, 3), torch.zeros(2, 4))"),
    ("GRU unbatched 3-D hx", "nn.GRU(3, 4)(torch.randn(5, 3), torch.zeros(1, 2, 4))", "new nn.GRU(3, 4)(randn(5, 3), torch.zeros(1, 2, 4))"),
    ("GRU packed wrong input dims", "nn.GRU(3, 4)(U.PackedSequence(torch.randn(5, 2, 3), torch.tensor([3, 2])))",
     "new nn.GRU(3, 4)(new U.PackedSequence(randn(5, 2, 3), torch.tensor([3, 2])))"),
    ("LSTM proj_size >= hidden_size", "nn.LSTM(3, 4, proj_size=4)", "new nn.LSTM(3, 4, { proj_size: 4 })"),
    ("LSTM negative proj_size", "nn.LSTM(3, 4, proj_size=-1)", "new nn.LSTM(3, 4, { proj_size: -1 })"),
    ("GRU proj_size", "nn.GRU(3, 4, proj_size=2)", "new nn.GRU(3, 4, { proj_size: 2 })"),
    ("RNN proj_size", "nn.RNN(3, 4, proj_size=2)", "new nn.RNN(3, 4, { proj_size: 2 })"),
    ("RNN nonlinearity", "nn.RNN(3, 4, nonlinearity='sigmoid')", "new nn.RNN(3, 4, { nonlinearity: 'sigmoid' })"),
    ("dropout range", "nn.LSTM(3, 4, 2, dropout=1.5)", "new nn.LSTM(3, 4, 2, { dropout: 1.5 })"),
    ("dropout with one layer warns", "nn.GRU(3, 4, dropout=0.25)", "new nn.GRU(3, 4, { dropout: 0.25 })"),
    ("LSTM missing hidden_size", "nn.LSTM(3)", "new nn.LSTM(3)"),
    ("RNN unknown keyword", "nn.RNN(3, 4, foo=1)", "new nn.RNN(3, 4, { foo: 1 })"),
    ("GRU too many positionals", "nn.GRU(3, 4, 1, True, False, 0.0, False, 0, None, None, 5)",
     "new nn.GRU(3, 4, 1, true, false, 0.0, false, 0, null, null, 5)"),
    ("LSTMCell missing hidden_size", "nn.LSTMCell(3)", "new nn.LSTMCell(3)"),
    ("LSTMCell input size", "nn.LSTMCell(3, 4)(torch.randn(2, 5))", "new nn.LSTMCell(3, 4)(randn(2, 5))"),
    ("LSTMCell batch", "nn.LSTMCell(3, 4)(torch.randn(2, 3), (torch.randn(3, 4), torch.randn(2, 4)))",
     "new nn.LSTMCell(3, 4)(randn(2, 3), [randn(3, 4), randn(2, 4)])"),
    ("LSTMCell c hidden size", "nn.LSTMCell(3, 4)(torch.randn(2, 3), (torch.randn(2, 4), torch.randn(2, 5)))",
     "new nn.LSTMCell(3, 4)(randn(2, 3), [randn(2, 4), randn(2, 5)])"),
    ("LSTMCell 3-D input", "nn.LSTMCell(3, 4)(torch.randn(2, 2, 3))", "new nn.LSTMCell(3, 4)(randn(2, 2, 3))"),
    ("GRUCell hidden size", "nn.GRUCell(3, 4)(torch.randn(2, 3), torch.randn(2, 5))", "new nn.GRUCell(3, 4)(randn(2, 3), randn(2, 5))"),
    ("GRUCell unbatched with 2-D hx", "nn.GRUCell(3, 4)(torch.randn(3), torch.zeros(2, 4))", "new nn.GRUCell(3, 4)(randn(3), torch.zeros(2, 4))"),
    ("RNNCell float64 hx", "nn.RNNCell(3, 4)(torch.randn(2, 3), torch.zeros(2, 4).double())",
     "new nn.RNNCell(3, 4)(randn(2, 3), torch.zeros(2, 4).double())"),
    ("RNNCell 0-D input", "nn.RNNCell(3, 4)(torch.tensor(1.0))", "new nn.RNNCell(3, 4)(torch.tensor(1.0))"),
    ("pack unsorted lengths", "U.pack_padded_sequence(torch.randn(5, 3, 2), [5, 3, 4])", "U.pack_padded_sequence(randn(5, 3, 2), [5, 3, 4])"),
    ("pack zero length", "U.pack_padded_sequence(torch.randn(5, 3, 2), [5, 4, 0])", "U.pack_padded_sequence(randn(5, 3, 2), [5, 4, 0])"),
    ("pack unsorted negative length", "U.pack_padded_sequence(torch.randn(5, 3, 2), [5, -1, 4], enforce_sorted=False)",
     "U.pack_padded_sequence(randn(5, 3, 2), [5, -1, 4], { enforce_sorted: false })"),
    ("pack lengths count", "U.pack_padded_sequence(torch.randn(5, 3, 2), [5, 4])", "U.pack_padded_sequence(randn(5, 3, 2), [5, 4])"),
    ("pack lengths count batch_first", "U.pack_padded_sequence(torch.randn(5, 3, 2), [5, 4, 3], batch_first=True)",
     "U.pack_padded_sequence(randn(5, 3, 2), [5, 4, 3], { batch_first: true })"),
    ("pack 2-D lengths", "U.pack_padded_sequence(torch.randn(5, 3, 2), torch.tensor([[5, 4, 3]]))",
     "U.pack_padded_sequence(randn(5, 3, 2), torch.tensor([[5, 4, 3]]))"),
    ("pack empty", "U.pack_padded_sequence(torch.randn(3, 0, 2), [])", "U.pack_padded_sequence(randn(3, 0, 2), [])"),
    ("pad_packed total_length", "U.pad_packed_sequence(U.pack_padded_sequence(torch.randn(5, 3, 2), [5, 4, 3]), total_length=4)",
     "U.pad_packed_sequence(U.pack_padded_sequence(randn(5, 3, 2), [5, 4, 3]), { total_length: 4 })"),
    ("pad_sequence empty", "U.pad_sequence([])", "U.pad_sequence([])"),
    ("pad_sequence shapes", "U.pad_sequence([torch.randn(2, 3), torch.randn(4, 2)])", "U.pad_sequence([randn(2, 3), randn(4, 2)])"),
    ("pack_sequence unsorted", "U.pack_sequence([torch.randn(2), torch.randn(3)])", "U.pack_sequence([randn(2), randn(3)])"),
]


REPRS = [
    ("nn.LSTM(3, 4, 2, bias=False, batch_first=True, dropout=0.5, bidirectional=True, proj_size=2)",
     "new nn.LSTM(3, 4, 2, { bias: false, batch_first: true, dropout: 0.5, bidirectional: true, proj_size: 2 })"),
    ("nn.GRU(3, 4, dropout=1)", "new nn.GRU(3, 4, { dropout: 1 })"),
    ("nn.RNN(3, 4, nonlinearity='relu')", "new nn.RNN(3, 4, { nonlinearity: 'relu' })"),
    ("nn.RNNCell(3, 4, bias=False, nonlinearity='relu')", "new nn.RNNCell(3, 4, false, 'relu')"),
    ("nn.LSTMCell(3, 4)", "new nn.LSTMCell(3, 4)"),
    ("nn.GRUCell(3, 4, False)", "new nn.GRUCell(3, 4, false)"),
]


def error_cases():
    out = []
    env = {"torch": torch, "nn": nn, "U": U}
    for name, py, js in ERRORS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                eval(py, env)
            except Exception as e:  # noqa: BLE001
                out.append({"kind": "error", "name": name, "js": js, "type": type(e).__name__, "message": str(e)})
                continue
        ws = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
        assert ws, f"{name}: neither an error nor a warning"
        out.append({"kind": "warning", "name": name, "js": js, "message": ws[0]})
    return out


def util_cases():
    """pad_sequence / pack_padded_sequence / pad_packed_sequence / pack_sequence: values, batch sizes, indices, gradients."""
    out = []

    def run(name, js, fn, inputs):
        xs = [randn(*s).requires_grad_(True) for s in inputs]
        res = fn(*xs)
        flat = []
        for r in (res if isinstance(res, (tuple, list)) else [res]):
            if isinstance(r, U.PackedSequence):
                flat += [r.data, r.batch_sizes] + [t if t is not None else None for t in (r.sorted_indices, r.unsorted_indices)]
            else:
                flat.append(r)
        loss = 0
        ws = []
        for t in flat:
            if t is not None and t.is_floating_point():
                w, s = weighted(t)
                ws.append(tspec(w))
                loss = loss + s
            else:
                ws.append(None)
        loss.backward()
        out.append({"kind": "util", "name": name, "js": js, "inputs": [tspec(x, True) for x in xs],
                    "outs": [None if t is None else tspec(t) for t in flat], "weights": ws,
                    "grad_fns": [None if t is None or t.grad_fn is None else type(t.grad_fn).__name__ for t in flat],
                    "grads": [tspec(x.grad) for x in xs]})

    run("pad_sequence", "U.pad_sequence([a, b, c])", lambda a, b, c: U.pad_sequence([a, b, c]), [(2, 3), (4, 3), (1, 3)])
    run("pad_sequence batch_first padding_value", "U.pad_sequence([a, b], { batch_first: true, padding_value: -1.5 })",
        lambda a, b: U.pad_sequence([a, b], batch_first=True, padding_value=-1.5), [(3,), (5,)])
    run("pack_padded_sequence sorted", "U.pack_padded_sequence(x, [4, 4, 2])", lambda x: U.pack_padded_sequence(x, [4, 4, 2]), [(4, 3, 2)])
    run("pack_padded_sequence unsorted batch_first tensor lengths",
        "U.pack_padded_sequence(x, torch.tensor([2, 5, 5, 3]), { batch_first: true, enforce_sorted: false })",
        lambda x: U.pack_padded_sequence(x, torch.tensor([2, 5, 5, 3]), batch_first=True, enforce_sorted=False), [(4, 5, 2)])
    run("pad_packed_sequence round trip", "U.pad_packed_sequence(U.pack_padded_sequence(x, [3, 5, 1], { enforce_sorted: false }))",
        lambda x: U.pad_packed_sequence(U.pack_padded_sequence(x, [3, 5, 1], enforce_sorted=False)), [(5, 3, 2)])
    run("pad_packed_sequence sorted", "U.pad_packed_sequence(U.pack_padded_sequence(x, [4, 2]))",
        lambda x: U.pad_packed_sequence(U.pack_padded_sequence(x, [4, 2])), [(4, 2, 3)])
    run("pad_packed_sequence batch_first total_length padding_value",
        "U.pad_packed_sequence(U.pack_padded_sequence(x, [4, 2], { batch_first: true }), { batch_first: true, padding_value: 9, total_length: 6 })",
        lambda x: U.pad_packed_sequence(U.pack_padded_sequence(x, [4, 2], batch_first=True), batch_first=True, padding_value=9, total_length=6),
        [(2, 4, 3)])
    run("pack_sequence unsorted", "U.pack_sequence([a, b, c], { enforce_sorted: false })",
        lambda a, b, c: U.pack_sequence([a, b, c], enforce_sorted=False), [(2, 2), (3, 2), (1, 2)])
    run("pack_sequence sorted", "U.pack_sequence([a, b])", lambda a, b: U.pack_sequence([a, b]), [(3,), (2,)])
    return out


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
    cases += error_cases()
    cases += [{"kind": "repr", "js": js, "text": repr(eval(py, {"nn": nn}))} for py, js in REPRS]
    cases += util_cases()
    doc = {"replayed_by": "test/rnn.test.mjs", "torch": torch.__version__, "cases": cases}
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(f"{len(cases)} cases -> {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
