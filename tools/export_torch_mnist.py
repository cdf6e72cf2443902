#!/usr/bin/python3
"""Trains pytorch/examples mnist/main.py's Net in PyTorch on torchlet's embedded digits (the same
8,000 / 2,000 split: torch.randperm(10000, generator=torch.Generator().manual_seed(0))) and writes,
with struct + json only (no safetensors package):

  test/fixtures/mnist_net.safetensors       the trained state_dict (float32)
  test/fixtures/mnist_expected.safetensors  the first --images test images as the Net sees them
                                            (ToTensor + Normalize((0.1307,), (0.3081,))), their
                                            labels and PyTorch's log-probabilities in eval mode;
                                            metadata: test loss / accuracy on the whole test split
  test/fixtures/mnist_dtypes.safetensors    a few small tensors in every dtype safetensors names,
                                            to check torchlet's reader on a Python-written file

test/mnist.test.mjs loads the state_dict into the TypeScript Net and compares log-probabilities.

usage: /usr/bin/python3 tools/export_torch_mnist.py [--epochs 1] [--images 100] [--out test/fixtures]
"""
import argparse, gzip, json, os, struct
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EMBEDDED = os.path.join(ROOT, "src", "datasets", "embedded")
SPLIT_SEED, N_TRAIN = 0, 8000  # src/datasets/node/mnist.ts EMBEDDED_SPLIT


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


def read_idx(path):
    raw = gzip.open(path).read()
    nd = raw[3]
    dims = struct.unpack(">" + "I" * nd, raw[4:4 + 4 * nd])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
          torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL"}


def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder("<")).tobytes()


def save_safetensors(tensors, path, metadata=None):
    """The safetensors layout: u64 LE header length, JSON header padded with spaces to 8 bytes, data."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        b = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    return os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--images", type=int, default=100, help="test images whose log-probabilities are saved")
    ap.add_argument("--out", default=os.path.join(ROOT, "test", "fixtures"))
    a = ap.parse_args()

    X = read_idx(os.path.join(EMBEDDED, "mnist-digits-images-idx3-ubyte.gz"))
    Y = read_idx(os.path.join(EMBEDDED, "mnist-digits-labels-idx1-ubyte.gz"))
    perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(SPLIT_SEED))
    tr, te = perm[:N_TRAIN], perm[N_TRAIN:]
    # ToTensor + Normalize((0.1307,), (0.3081,)), as torchvision computes them
    images = torch.tensor(X, dtype=torch.float32).div(255).sub(torch.tensor([0.1307])).div(torch.tensor([0.3081])).unsqueeze(1)
    labels = torch.tensor(Y, dtype=torch.long)
    Xtr, Ytr, Xte, Yte = images[tr], labels[tr], images[te], labels[te]

    torch.manual_seed(1)
    model = Net()
    opt = torch.optim.Adadelta(model.parameters(), lr=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.7)
    for _ in range(a.epochs):
        model.train()
        for i in range(0, len(Xtr), 64):
            opt.zero_grad()
            F.nll_loss(model(Xtr[i:i + 64]), Ytr[i:i + 64]).backward()
            opt.step()
        sched.step()
    model.eval()
    with torch.no_grad():
        out = model(Xte)
        loss = F.nll_loss(out, Yte, reduction="sum").item() / len(Xte)
        acc = (out.argmax(1) == Yte).float().mean().item()
    os.makedirs(a.out, exist_ok=True)
    n = save_safetensors(model.state_dict(), os.path.join(a.out, "mnist_net.safetensors"), {"format": "pt"})
    k = a.images
    m = save_safetensors({"input": Xte[:k], "target": Yte[:k], "log_probs": out[:k]}, os.path.join(a.out, "mnist_expected.safetensors"),
                         {"torch": torch.__version__, "epochs": a.epochs, "test_loss": f"{loss:.6f}", "accuracy": f"{acc:.4f}"})
    r = torch.arange(-3, 3)
    d = save_safetensors({
        "f32": r.float(), "f64": r.double(), "f16": r.half(), "bf16": r.bfloat16(), "i64": r, "i32": r.int(), "i16": r.short(),
        "i8": r.to(torch.int8), "u8": torch.tensor([0, 1, 2, 253, 254, 255], dtype=torch.uint8), "bool": torch.tensor([True, False, True]),
        "matrix": torch.arange(6, dtype=torch.float32).reshape(2, 3) + 0.5,
    }, os.path.join(a.out, "mnist_dtypes.safetensors"))
    print(json.dumps({"test_loss": round(loss, 4), "accuracy": round(acc, 4), "state_dict_bytes": n, "expected_bytes": m, "dtypes_bytes": d}))


if __name__ == "__main__":
    main()
