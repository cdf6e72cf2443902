#!/usr/bin/python3
"""Runs the upstream programs of torchlet's three ported examples (tools/upstream/, on PyTorch 1.13,
CPU) with the flags test/ports.test.mjs gives the ports, and records what they print:

  test/fixtures/ports_mnist_rnn.json           stdout lines of mnist_rnn/main.py
  test/fixtures/ports_word_language_model.json stdout lines of word_language_model/main.py, and the
                                               exact loss of every training batch
  test/fixtures/ports_char_rnn.json            the tutorial's per-epoch losses and test accuracy
  test/fixtures/ports_generate.json            generate.py's words from ports_generate.pt, the
                                               state_dict of a small LSTM main.py trained

Each run is {"flags": [...], "stdout": [...]} (+ "losses" / "result"); `flags` are the same for
the wrapper and the torchlet command. Timing fields in the lines (ms/batch, time: ...s) differ
from run to run; the test masks them.

usage: /usr/bin/python3 tools/fixtures_ports.py
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UP = os.path.join(ROOT, "tools", "upstream")
OUT = os.path.join(ROOT, "test", "fixtures")

MNIST_RNN = [
    ["--limit", "192", "--epochs", "1", "--log-interval", "1"],
    ["--limit", "96", "--batch-size", "32", "--test-batch-size", "500", "--epochs", "2", "--lr", "0.5", "--gamma", "0.5", "--log-interval", "1"],
]
SMALL = ["--emsize", "16", "--nhid", "16", "--limit", "2800", "--epochs", "1", "--log-interval", "1"]
WORD_LANGUAGE_MODEL = [
    ["--limit", "2800", "--epochs", "1", "--log-interval", "1"],  # LSTM, upstream's sizes
    ["--model", "GRU"] + SMALL,
    ["--model", "RNN_TANH"] + SMALL,
    ["--model", "RNN_RELU", "--nlayers", "1", "--dropout", "0", "--lr", "1"] + SMALL,
    ["--model", "LSTM", "--tied", "--bptt", "20", "--batch_size", "8", "--clip", "0.1"] + SMALL,
    ["--model", "Transformer", "--lr", "5"] + SMALL,
    ["--model", "Transformer", "--use-optimizer", "--lr", "0.001", "--nhead", "4", "--nlayers", "1"] + SMALL,
    ["--limit", "1500", "--epochs", "2", "--log-interval", "1", "--emsize", "16", "--nhid", "16"],
]
GENERATE_TRAIN = ["--emsize", "8", "--nhid", "8", "--limit", "3000", "--epochs", "1", "--log-interval", "100"]
GENERATE = ["--words", "60", "--log-interval", "25", "--temperature", "0.8", "--seed", "7"]
CHAR_RNN = [
    ["--limit", "640", "--n-epoch", "2", "--report-every", "1"],
]


def run(script, flags, cwd):
    p = subprocess.run([sys.executable, os.path.join(UP, script)] + flags, cwd=cwd, capture_output=True, text=True, check=True)
    return p.stdout.rstrip("\n").split("\n")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        runs = [{"flags": f, "stdout": run("run_mnist_rnn.py", f, tmp)} for f in MNIST_RNN]
        write("ports_mnist_rnn.json", "mnist_rnn/main.py", runs)

        runs = []
        for f in WORD_LANGUAGE_MODEL:
            losses = os.path.join(tmp, "losses.json")
            stdout = run("run_word_language_model.py", f + ["--losses", losses, "--save", os.path.join(tmp, "model.pt")], tmp)
            runs.append({"flags": f, "stdout": stdout, "losses": json.load(open(losses))})
        write("ports_word_language_model.json", "word_language_model/main.py", runs)

        runs = []
        for f in CHAR_RNN:
            stdout = run("run_char_rnn.py", f, tmp)
            result = {k: v for k, v in json.loads(stdout[-1]).items() if k in ("accuracy", "test_examples", "all_losses")}
            # the lines after the model is built (the one-hot tensors printed before are long)
            runs.append({"flags": f, "stdout": [l for l in stdout[:-1] if l.startswith(("train examples", "training on", "loaded"))] +
                         [l for l in stdout[:-1] if "average batch loss" in l], "result": result})
        write("ports_char_rnn.json", "char_rnn_classification_tutorial.py", runs)

        # a small LSTM trained by main.py, saved as the state_dict the port's generate reads
        whole = os.path.join(tmp, "whole.pt")
        run("run_word_language_model.py", GENERATE_TRAIN + ["--save", whole], tmp)
        sys.path.insert(0, os.path.join(UP, "word_language_model"))
        import torch
        torch.save(torch.load(whole).state_dict(), os.path.join(OUT, "ports_generate.pt"))
        outf = os.path.join(tmp, "generated.txt")
        stdout = run("run_generate.py", ["--checkpoint", os.path.join(OUT, "ports_generate.pt"), "--outf", outf] + GENERATE, tmp)
        write("ports_generate.json", "word_language_model/generate.py", [{"train_flags": GENERATE_TRAIN, "flags": GENERATE, "stdout": stdout, "text": open(outf).read()}])


def write(name, program, runs):
    import torch
    doc = {"generator": f"tools/fixtures_ports.py, PyTorch {torch.__version__}", "program": f"tools/upstream/{program}",
           "runs": runs}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote test/fixtures/{name}: {len(runs)} runs")


if __name__ == "__main__":
    main()
