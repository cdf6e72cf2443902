"""test/fixtures/unique.json: torch.unique (sorted, return_inverse, return_counts, dim) on random
int64, float32 (with -0.0 and 0.0) and bool tensors, 0-dim and empty ones, and NaN inputs, as
PyTorch 1.13 answers. Replayed by test/unique.test.mjs.

    /usr/bin/python3 tools/fixtures_unique.py
"""
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from fixtures_common import write_fixture  # noqa: E402


def enc(v):
    if isinstance(v, float) and math.isnan(v):
        return 'NaN'
    if isinstance(v, bool):
        return int(v)
    return v


def spec(t):
    return {'shape': list(t.shape), 'dtype': str(t.dtype).split('.')[1], 'data': [enc(v) for v in t.reshape(-1).tolist()]}


def main():
    random.seed(11)
    torch.manual_seed(11)
    cases = []
    for _ in range(300):
        dt = random.choice([torch.int64, torch.float32, torch.bool])
        shape = [random.randint(0 if random.random() < 0.05 else 1, 4) for _ in range(random.randint(0, 3))]
        if dt == torch.bool:
            x = torch.rand(shape) > 0.5
        elif dt == torch.int64:
            x = torch.randint(-2, 3, shape)
        else:
            x = torch.randint(-2, 3, shape).float()
            if x.numel() and random.random() < 0.4:
                f = x.view(-1)
                f[random.randrange(f.numel())] = random.choice([-0.0, 0.5])
        kw = {}
        if random.random() < 0.5:
            kw['return_inverse'] = True
        if random.random() < 0.5:
            kw['return_counts'] = True
        if x.dim() and random.random() < 0.4 and not (dt == torch.float32 and torch.isnan(x).any()):
            kw['dim'] = random.randint(-x.dim(), x.dim() - 1)
        c = {'input': spec(x), 'kwargs': kw}
        try:
            r = torch.unique(x, **kw)
            c['out'] = [spec(t) for t in r] if isinstance(r, tuple) else spec(r)
        except Exception as e:  # noqa: BLE001
            c['error'] = [type(e).__name__, str(e)]
        cases.append(c)
    # NaN: each is its own entry, its inverse index and count read 0 (1.13's hash-map lookups miss);
    # where NaNs land among the numbers follows std::sort over a hash set's order: these land last
    nan = float('nan')
    for vals in ([nan], [nan, nan, 1.0], [1.0, nan, 2.0, nan, nan], [nan, 1.0, 1.0]):
        x = torch.tensor(vals)
        cases.append({'input': spec(x), 'kwargs': {'return_inverse': True, 'return_counts': True},
                      'out': [spec(t) for t in torch.unique(x, return_inverse=True, return_counts=True)]})
    f = torch.tensor([2.5, 1.0], requires_grad=True)
    try:
        torch.unique(f).sum().backward()
    except Exception as e:  # noqa: BLE001
        backward_error = [type(e).__name__, str(e)]
    path = write_fixture('unique.json', 'test/unique.test.mjs', {'cases': cases, 'grad_fn': torch.unique(f).grad_fn.name(), 'backward_error': backward_error})
    print(path, len(cases), 'cases')


if __name__ == '__main__':
    main()
