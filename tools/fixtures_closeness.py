"""test/fixtures/closeness.json: torch.isclose / allclose / equal over random near-equal tensors in
float32, float64, int64 and bool (NaN, infinities, zero tolerances, equal_nan), their errors, and
type_as / clamp_max / numel, as PyTorch 1.13 answers. Replayed by test/closeness.test.mjs.

    /usr/bin/python3 tools/fixtures_closeness.py
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
    if isinstance(v, float) and math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    if isinstance(v, bool):
        return int(v)
    return v


def main():
    random.seed(5)
    torch.manual_seed(5)
    cases = []
    for _ in range(400):
        dt = random.choice([torch.float32, torch.float64, torch.int64, torch.bool])
        n = random.randint(1, 6)
        if dt == torch.bool:
            a, b = torch.rand(n) > 0.5, torch.rand(n) > 0.5
        elif dt == torch.int64:
            a = torch.randint(-3, 4, (n,))
            b = a + torch.randint(-1, 2, (n,))
        else:
            a = torch.randn(n, dtype=dt)
            b = a * (1 + torch.randn(n, dtype=dt) * random.choice([1e-9, 1e-6, 1e-5, 1e-3])) + random.choice([0, 1e-8, 1e-6])
            if random.random() < 0.3:
                a[0] = random.choice([float('nan'), float('inf'), float('-inf'), 0.0])
                b[0] = random.choice([float('nan'), float('inf'), a[0].item(), 1e-9])
        kw = {}
        if random.random() < 0.4:
            kw['rtol'] = random.choice([0.0, 1e-3, 1e-7, 0.5])
        if random.random() < 0.4:
            kw['atol'] = random.choice([0.0, 1e-5, 1e-12, 0.1])
        if random.random() < 0.3:
            kw['equal_nan'] = True
        cases.append({'dtype': str(dt).split('.')[1], 'a': [enc(v) for v in a.tolist()], 'b': [enc(v) for v in b.tolist()], 'kwargs': kw,
                      'isclose': [int(v) for v in torch.isclose(a, b, **kw).tolist()],
                      'allclose': torch.allclose(a, b, **kw), 'equal': torch.equal(a, b)})
    errors = {}
    for name, f in {
        'dtype_mismatch': lambda: torch.isclose(torch.ones(2), torch.ones(2, dtype=torch.float64)),
        'negative_rtol': lambda: torch.isclose(torch.ones(2), torch.ones(2), rtol=-1),
        'negative_atol': lambda: torch.allclose(torch.ones(2), torch.ones(2), atol=-0.5),
        'broadcast': lambda: torch.isclose(torch.ones(2), torch.ones(3)),
    }.items():
        try:
            f()
        except Exception as e:  # noqa: BLE001
            errors[name] = [type(e).__name__, str(e)]
    extra = {
        'broadcast_2x1_3': [int(v) for v in torch.isclose(torch.ones(2, 1), torch.ones(3)).reshape(-1).tolist()],
        'equal_shapes_differ': torch.equal(torch.ones(2, 1), torch.ones(2)),
        'equal_dtypes_differ': torch.equal(torch.ones(2), torch.ones(2, dtype=torch.float64)),
        'type_as': str(torch.tensor([1.7, -2.2]).type_as(torch.tensor([1])).tolist()),
        'clamp_max': torch.clamp_max(torch.tensor([1.0, 5.0, -3.0]), 2.0).tolist(),
        'numel': torch.numel(torch.ones(2, 3, 0 + 4)),
    }
    path = write_fixture('closeness.json', 'test/closeness.test.mjs', {'cases': cases, 'errors': errors, 'extra': extra})
    print(path, len(cases), 'cases')


if __name__ == '__main__':
    main()
