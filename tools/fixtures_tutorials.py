"""What the upstream PyTorch tutorials that torchlet ports print, run as they are on PyTorch 1.13:
writes test/fixtures/tutorials.json, replayed by test/tutorials.test.mjs against the ports.

- tools/upstream/polynomial_custom_function.py ("PyTorch: Defining New autograd Functions"),
  ported by src/examples/polynomial_custom_function.ts;
- tools/upstream/sequence_models_tutorial.py ("Sequence Models and Long-Short Term Memory
  Networks"), ported by src/examples/sequence_models.ts;
- tools/upstream/deep_learning_tutorial.py ("Deep Learning with PyTorch"), ported by
  src/examples/deep_learning.ts.

Run with Debian's /usr/bin/python3 (PyTorch 1.13): /usr/bin/python3 tools/fixtures_tutorials.py
"""
import os
import subprocess
import sys

import torch

from fixtures_common import write_fixture

UPSTREAM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "upstream")
PROGRAMS = {
    "polynomial_custom_function": "polynomial_custom_function.py",
    "sequence_models": "sequence_models_tutorial.py",
    "deep_learning": "deep_learning_tutorial.py",
}


def main():
    out = {}
    for name, script in PROGRAMS.items():
        run = subprocess.run([sys.executable, os.path.join(UPSTREAM, script)], check=True, capture_output=True, text=True)
        out[name] = {"program": f"tools/upstream/{script}", "stdout": run.stdout.splitlines()}
    path = write_fixture("tutorials.json", "test/tutorials.test.mjs", {"torch": torch.__version__, "programs": out})
    counts = ", ".join(f"{k} ({len(v['stdout'])} lines)" for k, v in out.items())
    print(f"wrote {path}: {counts}")


if __name__ == "__main__":
    main()
