#!/usr/bin/python3
"""Runs pytorch/examples word_language_model/main.py (the copies beside this file, unchanged) on
PyTorch 1.13 the way `torchlet word_language_model` runs:
- without --data, on torchlet's embedded Brown cut (written as train/valid/test.txt to a temporary
  folder); with --data DIR, on DIR as main.py reads it;
- --limit N keeps the first N tokens of train.txt (after data.Corpus has built its dictionary from
  all three files, as torchlet does);
- torch.serialization.safe_globals (PyTorch >= 2.5) is given a no-op stand-in, which is what it is
  for torch.load on 1.13;
- --json prints a last line with the training tokens per second (Meter in _common.py);
- --losses FILE writes every training batch's exact loss (what main.py adds into total_loss) as
  JSON, for the fidelity fixtures (tools/fixtures_ports.py).

usage: /usr/bin/python3 tools/upstream/run_word_language_model.py [--data DIR] [--limit N] [--losses FILE] [--json] [main.py flags]
"""
import contextlib
import json
import os
import runpy
import sys
import tempfile

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the upstream copies
from _common import Meter, take_flag, write_brown

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "word_language_model")
data_dir = take_flag("--data")
limit = take_flag("--limit")
limit = int(limit) if limit is not None else None
losses_file = take_flag("--losses")
want_json = take_flag("--json", has_value=False)
meter = Meter()

if not hasattr(torch.serialization, "safe_globals"):
    torch.serialization.safe_globals = lambda globals_: contextlib.nullcontext()

sys.path.insert(0, HERE)
import data  # noqa: E402  (upstream's data.py)

if limit is not None:
    _init = data.Corpus.__init__

    def _cut_init(self, path):
        _init(self, path)
        self.train = self.train[:limit]

    data.Corpus.__init__ = _cut_init

losses = []
if losses_file or want_json:
    _forward = torch.nn.NLLLoss.forward

    def _recording_forward(self, input, target):
        out = _forward(self, input, target)
        if torch.is_grad_enabled():  # the training batches (evaluate() runs under no_grad)
            losses.append(out.item())
            meter.hook(target.numel())
        return out

    torch.nn.NLLLoss.forward = _recording_forward

tmp = None
if data_dir is None:
    tmp = tempfile.TemporaryDirectory()
    data_dir = write_brown(tmp.name)
sys.argv = [os.path.join(HERE, "main.py"), "--data", data_dir] + sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    if losses_file:
        with open(losses_file, "w") as f:
            json.dump(losses, f)
    if want_json:
        print(json.dumps({"peer": "pytorch", "train_tokens": sum(meter.n), "train_tokens_per_s": meter.rate()}))
