"""test/fixtures/more_ops.json: what cases_fuzz.json cannot hold (list arguments, named-tuple results):
hstack / vstack / dstack / column_stack, atleast_1d/2d/3d over lists, cummax / cummin (values,
indices, gradients; NaN), torch.cat's checks (legacy empty tensors skipped, 0-dim refused, the first
differing size named), bincount / isin / searchsorted / bucketize / histc, as PyTorch 1.13 answers. Replayed by test/more_ops.test.mjs.

    /usr/bin/python3 tools/fixtures_more_ops.py
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
    return v


def spec(t):
    return {'shape': list(t.shape), 'dtype': str(t.dtype).split('.')[1], 'data': [enc(v) for v in t.detach().reshape(-1).tolist()]}


def main():
    random.seed(8)
    torch.manual_seed(8)
    stacks = []
    for _ in range(60):
        fn = random.choice(['hstack', 'vstack', 'dstack', 'column_stack'])
        nd = random.randint(0, 3)
        base = [random.randint(1, 3) for _ in range(nd)]
        ts = []
        for _ in range(random.randint(1, 3)):
            s = list(base)
            if s and random.random() < 0.5:
                k = {'hstack': 1 if len(s) > 1 else 0, 'vstack': 0, 'dstack': 2 if len(s) > 2 else -1, 'column_stack': 1 if len(s) > 1 else -1}[fn]
                if 0 <= k < len(s):
                    s[k] = random.randint(1, 3)
            ts.append(torch.randn(s))
        c = {'fn': fn, 'inputs': [spec(t) for t in ts]}
        try:
            c['out'] = spec(getattr(torch, fn)(ts))
        except Exception as e:  # noqa: BLE001
            c['error'] = [type(e).__name__, str(e)]
        stacks.append(c)
    atleast = []
    for n in (1, 2, 3):
        ts = [torch.tensor(1.5), torch.arange(3.0), torch.ones(2, 2), torch.ones(1, 2, 1, 2)]
        atleast.append({'n': n, 'inputs': [spec(t) for t in ts], 'shapes': [list(t.shape) for t in getattr(torch, f'atleast_{n}d')(ts)]})
    cum = []
    nan = float('nan')
    for vals, dim in [([1.0, 3, 3, nan, 2, nan, 5], 0), ([[2.0, -1, 4], [0, 5, 5]], 1), ([[2.0, -1, 4], [0, 5, 5]], 0), ([[1.0, 1], [1, 1]], 1), ([3.0], 0)]:
        for fn in ('cummax', 'cummin'):
            x = torch.tensor(vals, requires_grad=True)
            r = getattr(torch, fn)(x, dim)
            g = torch.arange(1.0, r.values.numel() + 1).reshape(r.values.shape)
            r.values.backward(g)
            cum.append({'fn': fn, 'input': spec(x), 'dim': dim, 'values': spec(r.values), 'indices': spec(r.indices),
                        'grad_fn': r.values.grad_fn.name(), 'grad_output': spec(g), 'grad': spec(x.grad)})
    cats = []
    for shapes, dim in [([(2, 3), (0,)], 0), ([(0,), (2, 3)], 1), ([(0,), (0,)], 0), ([(), (2,)], 0), ([(2,), ()], 0), ([(2, 3), (2, 4)], 0),
                        ([(2, 3, 4), (2, 3, 5)], 1), ([(2, 3, 4), (3, 3, 5)], 2), ([(2, 3), (3,)], 0), ([(2, 3), (0, 3)], 0), ([(1, 2), (1, 2), (1, 3)], 0),
                        ([(2, 3), (2, 1)], -1), ([(2, 3), (2, 3)], 2)]:
        ts = [torch.randn(sh) for sh in shapes]
        c = {'inputs': [spec(t) for t in ts], 'dim': dim}
        try:
            c['out'] = spec(torch.cat(ts, dim))
        except Exception as e:  # noqa: BLE001
            c['error'] = [type(e).__name__, str(e)]
        cats.append(c)
    # bincount / isin / searchsorted / bucketize / histc: calls described as (fn, args, kwargs)
    def T(t):
        return {'tensor': spec(t)}
    counts = []
    calls = []
    for _ in range(40):
        n = random.randint(0, 8)
        x = torch.randint(0, 6, (n,))
        kw = {}
        if random.random() < 0.4:
            kw['minlength'] = random.randint(0, 9)
        if random.random() < 0.4:
            kw['weights'] = T(torch.randn(n, dtype=random.choice([torch.float32, torch.float64])))
        calls.append(('bincount', [T(x)], kw))
    for _ in range(40):
        el = torch.randint(-3, 4, (random.randint(0, 6),)).to(random.choice([torch.int64, torch.float32]))
        te = torch.randint(-3, 4, (random.randint(0, 4),)).to(random.choice([torch.int64, torch.float32]))
        calls.append(('isin', [T(el), T(te)], {'invert': True} if random.random() < 0.3 else {}))
    for _ in range(60):
        seq = torch.sort(torch.randint(-5, 6, (random.randint(1, 7),)).to(torch.float32)).values
        if random.random() < 0.3:
            seq = torch.sort(torch.randint(-5, 6, (2, random.randint(1, 5))).float(), dim=-1).values
            v = torch.randint(-6, 7, (2, random.randint(1, 3))).float()
        else:
            v = torch.randint(-6, 7, (random.randint(0, 5),)).to(random.choice([torch.int64, torch.float32]))
        kw = {}
        r = random.random()
        if r < 0.3:
            kw['right'] = True
        elif r < 0.5:
            kw['side'] = random.choice(['left', 'right'])
        if random.random() < 0.2:
            kw['out_int32'] = True
        if seq.dim() == 1 and random.random() < 0.5:
            calls.append(('bucketize', [T(v), T(seq)], kw if 'side' not in kw else {}))
        else:
            calls.append(('searchsorted', [T(seq), T(v)], kw))
    for _ in range(40):
        x = (torch.randn(random.randint(0, 12)) * 3).to(random.choice([torch.float32, torch.float64]))
        if x.numel() and random.random() < 0.2:
            x[0] = float('nan')
        kw = {'bins': random.choice([1, 3, 4, 7, 10])}
        if random.random() < 0.5:
            lo = random.choice([-2.0, -1.0, 0.0])
            kw['min'], kw['max'] = lo, lo + random.choice([1.5, 3.0, 4.0])
        calls.append(('histc', [T(x)], kw))
    calls += [('bincount', [T(torch.tensor([-1, 2]))], {}), ('bincount', [T(torch.tensor([[1, 2]]))], {}), ('bincount', [T(torch.tensor([1.0, 2.0]))], {}),
              ('bincount', [T(torch.tensor([1, 2]))], {'minlength': -1}), ('bincount', [T(torch.tensor([1, 2]))], {'weights': T(torch.ones(3))}),
              ('searchsorted', [T(torch.tensor([[1, 3, 5]])), T(torch.tensor([3, 4]))], {}),
              ('searchsorted', [T(torch.tensor([1, 3, 5])), T(torch.tensor([3]))], {'side': 'left', 'right': True}),
              ('bucketize', [T(torch.tensor([3])), T(torch.tensor([[1, 2]]))], {}), ('histc', [T(torch.tensor([1, 2]))], {}),
              ('histc', [T(torch.tensor([1.0, 2.0]))], {'bins': 0}), ('histc', [T(torch.tensor([1.0, 2.0]))], {'min': 3, 'max': 1}),
              ('isin', [T(torch.tensor([1.0, 2.0, float('nan')])), T(torch.tensor([float('nan'), 2.0]))], {})]
    for fn, args, kw in calls:
        def real(v):
            if isinstance(v, dict) and 'tensor' in v:
                t = v['tensor']
                return torch.tensor([float('nan') if x == 'NaN' else x for x in t['data']], dtype=getattr(torch, t['dtype'])).reshape(t['shape'])
            return v
        c = {'fn': fn, 'args': args, 'kwargs': kw}
        try:
            c['out'] = spec(getattr(torch, fn)(*[real(a) for a in args], **{k: real(v) for k, v in kw.items()}))
        except Exception as e:  # noqa: BLE001
            c['error'] = [type(e).__name__, str(e)]
        counts.append(c)
    path = write_fixture('more_ops.json', 'test/more_ops.test.mjs', {'stacks': stacks, 'atleast': atleast, 'cum': cum, 'cat': cats, 'counting': counts})
    print(path, len(stacks), 'stacks', len(cum), 'cum')


if __name__ == '__main__':
    main()
