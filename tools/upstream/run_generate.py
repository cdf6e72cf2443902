#!/usr/bin/python3
"""Runs pytorch/examples word_language_model/generate.py (the copy beside this file, unchanged) on
PyTorch 1.13 with a checkpoint `torchlet word_language_model` wrote: a state_dict, where
generate.py expects a pickled model. torch.load is given a stand-in that builds upstream's
RNNModel / TransformerModel for that state_dict (the kind and sizes read from its tensors, as
`torchlet word_language_model generate` reads them; --model RNN_RELU and --nhead as there), loads
it, and restores the generator's state, so generate.py's draws start where they would after its
torch.load. Without --data, the embedded Brown cut is the corpus.

usage: /usr/bin/python3 tools/upstream/run_generate.py --checkpoint model.pt [--model RNN_RELU] [--nhead N] [generate.py flags]
"""
import os
import re
import runpy
import sys
import tempfile

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the upstream copies
from _common import take_flag, write_brown  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "word_language_model")
sys.path.insert(0, HERE)
import model as upstream  # noqa: E402  (upstream's model.py)

rnn_type = take_flag("--model")
nhead = int(take_flag("--nhead") or 2)
_load = torch.load


def load_state_dict_as_model(f, map_location=None, **kwargs):
    sd = _load(f, map_location=map_location)
    state = torch.get_rng_state()
    ntokens = next(v for k, v in sd.items() if k in ("encoder.weight", "input_emb.weight")).shape[0]
    if "input_emb.weight" in sd:
        ninp = sd["input_emb.weight"].shape[1]
        nlayers = len([k for k in sd if re.match(r"^encoder\.layers\.\d+\.linear1\.weight$", k)])
        m = upstream.TransformerModel(ntokens, ninp, nhead, sd["encoder.layers.0.linear1.weight"].shape[0], nlayers, 0)
    else:
        rows, nhid = sd["rnn.weight_hh_l0"].shape
        nlayers = len([k for k in sd if re.match(r"^rnn\.weight_ih_l\d+$", k)])
        kind = "LSTM" if rows == 4 * nhid else "GRU" if rows == 3 * nhid else rnn_type or "RNN_TANH"
        m = upstream.RNNModel(kind, ntokens, sd["encoder.weight"].shape[1], nhid, nlayers, 0)
    m.load_state_dict(sd)
    torch.set_rng_state(state)
    return m


torch.load = load_state_dict_as_model
if not hasattr(torch.serialization, "safe_globals"):
    import contextlib
    torch.serialization.safe_globals = lambda globals_: contextlib.nullcontext()
argv = sys.argv[1:]
tmp = None
if "--data" not in argv and not any(a.startswith("--data=") for a in argv):
    tmp = tempfile.TemporaryDirectory()
    argv = ["--data", write_brown(tmp.name)] + argv
sys.argv = [os.path.join(HERE, "generate.py")] + argv
runpy.run_path(sys.argv[0], run_name="__main__")
