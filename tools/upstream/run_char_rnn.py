#!/usr/bin/python3
"""Runs the char-RNN name-classification tutorial (char_rnn_classification_tutorial.py beside this
file) on PyTorch 1.13 the way `torchlet char_rnn` runs it. The script's text is patched before it
runs, each patch matched exactly once:
- torch.set_default_device / torch.get_default_device (PyTorch >= 2.3) are left out / read as cpu;
- the names come from --data DIR (the tutorial's data/names layout) or torchlet's embedded
  surnames, written as [Language].txt files to a temporary folder;
- files are read in sorted order and the labels kept sorted (`sorted(labels_set)` for
  `list(labels_set)`): glob order and set order are not reproducible from run to run;
- the shuffles are seeded: random.seed(SEED) and torch.manual_seed(SEED) before anything is drawn
  (--seed, default 0);
- --limit N trains on the first N names of the training split; --n-epoch, --n-batch-size,
  --learning-rate, --report-every and --n-hidden replace the tutorial's constants (27, 64, 0.15, 5,
  128);
- the accuracy on the test split (the trace of evaluate()'s confusion counts over its size) and
  the per-epoch losses and the training names per second are printed last as one JSON line.

usage: /usr/bin/python3 tools/upstream/run_char_rnn.py [--data DIR] [--limit N] [--seed S] [...]
"""
import json
import os
import sys
import tempfile

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the upstream copies
from _common import Meter, take_flag, write_names

HERE = os.path.dirname(os.path.abspath(__file__))
flags = {k: take_flag(k) for k in ("--data", "--limit", "--seed", "--n-epoch", "--n-batch-size", "--learning-rate", "--report-every", "--n-hidden")}
take_flag("--json", has_value=False)  # the JSON line is always printed
seed = int(flags["--seed"] or 0)
tmp = None
data_dir = flags["--data"]
if data_dir is None:
    tmp = tempfile.TemporaryDirectory()
    data_dir = write_names(os.path.join(tmp.name, "names"))

src = open(os.path.join(HERE, "char_rnn_classification_tutorial.py"), encoding="utf-8").read()


def patch(old, new):
    global src
    assert src.count(old) == 1, old
    src = src.replace(old, new)


patch("torch.set_default_device(device)\n", "")
patch("{torch.get_default_device()}", "{device}")
patch('glob.glob(os.path.join(data_dir, \'*.txt\'))', 'sorted(glob.glob(os.path.join(data_dir, \'*.txt\')))')
patch("list(labels_set)", "sorted(labels_set)")
patch('NamesDataset("data/names")', f"NamesDataset({data_dir!r})")
patch("import torch\n\n# Check if CUDA", f"import torch\nimport random\nrandom.seed({seed})\ntorch.manual_seed({seed})\n\n# Check if CUDA")
if flags["--limit"] is not None:
    patch('print(f"train examples = ', f'train_set = torch.utils.data.Subset(train_set, range(min({int(flags["--limit"])}, len(train_set))))\nprint(f"train examples = ')
patch("n_hidden = 128", f"n_hidden = {int(flags['--n-hidden'] or 128)}")
patch("train(rnn, train_set, n_epoch=27, learning_rate=0.15, report_every=5)",
      f"train(rnn, train_set, n_epoch={int(flags['--n-epoch'] or 27)}, n_batch_size={int(flags['--n-batch-size'] or 64)}, "
      f"learning_rate={float(flags['--learning-rate'] or 0.15)}, report_every={int(flags['--report-every'] or 5)})")
patch("evaluate(rnn, test_set, classes=alldata.labels_uniq)\n", "")

meter = Meter()
_forward = torch.nn.NLLLoss.forward


def _timed_forward(self, input, target):
    if torch.is_grad_enabled():
        meter.hook(target.numel())
    return _forward(self, input, target)


torch.nn.NLLLoss.forward = _timed_forward
g = {"__name__": "__main__"}
exec(compile(src, "char_rnn_classification_tutorial.py", "exec"), g)

# evaluate()'s loop, counting instead of normalising
correct = 0
rnn, test_set, classes = g["rnn"], g["test_set"], g["alldata"].labels_uniq
rnn.eval()
with torch.no_grad():
    for i in range(len(test_set)):
        label_tensor, text_tensor, label, text = test_set[i]
        guess, guess_i = g["label_from_output"](rnn(text_tensor), classes)
        correct += guess == label
print(json.dumps({"peer": "pytorch", "train_samples_per_s": meter.rate(), "accuracy": correct / len(test_set), "test_examples": len(test_set), "all_losses": g["all_losses"]}))
