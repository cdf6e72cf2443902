#!/usr/bin/python3
"""Runs pytorch/examples mnist_rnn/main.py (the copy beside this file, unchanged) on PyTorch 1.13 the
way `torchlet mnist_rnn` runs: torchvision's MNIST is replaced by torchlet's embedded digits (the
same 8,000 / 2,000 split: torch.randperm(10000, generator=torch.Generator().manual_seed(0))) unless
--data DIR names a folder torchvision's MNIST reads, and --limit N keeps the first N training
images (torch.utils.data.Subset), --json prints a last line with the training samples per second.
Every other flag goes to main.py.

usage: /usr/bin/python3 tools/upstream/run_mnist_rnn.py [--data DIR] [--limit N] [main.py flags]
"""
import os
import runpy
import sys

import torch
import torchvision
from PIL import Image

sys.dont_write_bytecode = True  # no __pycache__ beside the upstream copies
import json

from _common import EMBEDDED, Meter, read_idx, take_flag

HERE = os.path.dirname(os.path.abspath(__file__))
data_dir = take_flag("--data")
limit = take_flag("--limit")
limit = int(limit) if limit is not None else None
want_json = take_flag("--json", has_value=False)
RealMNIST = torchvision.datasets.MNIST


class EmbeddedMNIST(torch.utils.data.Dataset):
    """torchvision's MNIST __getitem__ on the embedded digits: a PIL image through the transform."""
    _split = None

    def __init__(self, train, transform):
        if EmbeddedMNIST._split is None:
            X = torch.from_numpy(read_idx(os.path.join(EMBEDDED, "mnist-digits-images-idx3-ubyte.gz")).copy())
            Y = torch.from_numpy(read_idx(os.path.join(EMBEDDED, "mnist-digits-labels-idx1-ubyte.gz")).astype("int64"))
            perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
            EmbeddedMNIST._split = {True: (X[perm[:8000]], Y[perm[:8000]]), False: (X[perm[8000:]], Y[perm[8000:]])}
        self.data, self.targets = EmbeddedMNIST._split[train]
        self.transform = transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        img, target = self.data[index], int(self.targets[index])
        img = Image.fromarray(img.numpy(), mode="L")
        return self.transform(img), target


def MNIST(root, train=True, transform=None, download=False):
    ds = RealMNIST(data_dir, train=train, transform=transform) if data_dir else EmbeddedMNIST(train, transform)
    if train and limit is not None and limit < len(ds):
        ds = torch.utils.data.Subset(ds, range(limit))
    return ds


torchvision.datasets.MNIST = MNIST
meter = Meter()
if want_json:  # time each training loss (main.py calls F.nll_loss through the module attribute)
    _nll_loss = torch.nn.functional.nll_loss

    def nll_loss(input, target, *args, **kwargs):
        if torch.is_grad_enabled():
            meter.hook(target.numel())
        return _nll_loss(input, target, *args, **kwargs)

    torch.nn.functional.nll_loss = nll_loss
sys.argv[0] = os.path.join(HERE, "mnist_rnn", "main.py")
runpy.run_path(sys.argv[0], run_name="__main__")
if want_json:
    print(json.dumps({"peer": "pytorch", "train_samples": sum(meter.n), "train_samples_per_s": meter.rate()}))
