"""Shared by the run_*.py wrappers: pull torchlet's extra flags (--data, --limit, --json) out of argv
before the upstream script's argparse sees them, and read torchlet's embedded data sets."""
import gzip
import json
import os
import struct
import time
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMBEDDED = os.path.join(ROOT, "src", "datasets", "embedded")


def take_flag(name, has_value=True):
    """Removes `name VALUE` (or `name=VALUE`, or a bare `name`) from sys.argv and returns the value."""
    argv = sys.argv
    for i, a in enumerate(argv[1:], 1):
        if a == name:
            if not has_value:
                del argv[i]
                return True
            v = argv[i + 1]
            del argv[i:i + 2]
            return v
        if has_value and a.startswith(name + "="):
            del argv[i]
            return a[len(name) + 1:]
    return False if not has_value else None


def read_idx(path):
    raw = gzip.open(path).read()
    nd = raw[3]
    dims = struct.unpack(">" + "I" * nd, raw[4:4 + 4 * nd])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def write_brown(dest):
    """The embedded Brown cut as the plain train/valid/test.txt that data.Corpus reads."""
    os.makedirs(dest, exist_ok=True)
    for split in ("train", "valid", "test"):
        with gzip.open(os.path.join(EMBEDDED, "brown", split + ".txt.gz")) as f, open(os.path.join(dest, split + ".txt"), "wb") as g:
            g.write(f.read())
    return dest


def write_names(dest):
    """The embedded surnames as the tutorial's data/names/[Language].txt files."""
    os.makedirs(dest, exist_ok=True)
    with gzip.open(os.path.join(EMBEDDED, "names", "names.json.gz")) as f:
        langs = json.loads(f.read().decode("utf-8"))
    for lang, names in langs.items():
        with open(os.path.join(dest, lang + ".txt"), "w", encoding="utf-8") as g:
            g.write("\n".join(names) + "\n")
    return dest


class Meter:
    """Training throughput as the wrappers' --json reports it: the time of each training loss
    computation and its batch size; the rate is the items after the first over the time between
    the first and the last (one step per interval)."""

    def __init__(self):
        self.t, self.n = [], []

    def hook(self, n):
        self.t.append(time.perf_counter())
        self.n.append(n)

    def rate(self):
        return round(sum(self.n[1:]) / (self.t[-1] - self.t[0]), 1) if len(self.t) > 1 else None
