"""cases_interpolate.json: F.interpolate (nearest, nearest-exact, linear, bilinear with and without
align_corners, area; sizes, scale factors, recompute_scale_factor) on 3-d and 4-d float32 / float64
inputs, values and gradients, and its errors, as PyTorch 1.13 answers; replayed by
test/conformance.test.mjs. Also upsample.json: nn.Upsample / UpsamplingNearest2d /
UpsamplingBilinear2d reprs and outputs, replayed by test/upsample.test.mjs.

    /usr/bin/python3 tools/fixtures_interpolate.py
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from fixtures_common import Suite, tspec, write_fixture  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'test', 'fixtures')


def main():
    random.seed(3)
    torch.manual_seed(3)
    s = Suite('cases_interpolate.json', record_grad_fn=True)
    n = 0
    for dt in (torch.float32, torch.float64):
        for mode in ('nearest', 'nearest-exact', 'linear', 'bilinear', 'area'):
            for _ in range(14):
                nd = 3 if mode == 'linear' else 4 if mode == 'bilinear' else random.choice([3, 4])
                shape = [random.randint(1, 2), random.randint(1, 2)] + [random.randint(1, 6) for _ in range(nd - 2)]
                x = torch.randn(shape, dtype=dt, requires_grad=True)
                kw = {'mode': mode}
                if random.random() < 0.5:
                    kw['size'] = random.randint(1, 9) if random.random() < 0.5 else [random.randint(1, 9) for _ in range(nd - 2)]
                else:
                    kw['scale_factor'] = random.choice([2, 3, 0.5, 1.5, 1.7, 0.8, 2.25]) if random.random() < 0.6 else \
                        [random.choice([2, 0.5, 1.5, 1.3, 2.5]) for _ in range(nd - 2)]
                    if mode != 'area' and random.random() < 0.3:
                        kw['recompute_scale_factor'] = True
                if mode in ('linear', 'bilinear') and random.random() < 0.5:
                    kw['align_corners'] = random.choice([True, False])
                # JavaScript cannot tell 2.0 from 2: integral scale factors go in as ints
                n += 1
                try:
                    torch.nn.functional.interpolate(x, **kw)
                    fails = False
                except Exception:  # noqa: BLE001 - recorded as an error case
                    fails = True
                s.add(f'interp_{n}_{mode}', 'interpolate', [x], kw, tol=[1e-5, 1e-5], expect_error=fails)
    x = torch.randn(1, 2, 3, 4, requires_grad=True)
    s.add('interp_empty_batch', 'interpolate', [torch.randn(0, 1, 2, 3)], {'size': 4})
    for cid, args, kw in [
        ('both', [x], {'size': 4, 'scale_factor': 2}), ('neither', [x], {}),
        ('size_len', [x], {'size': [2, 3, 4]}), ('scale_len', [x], {'scale_factor': [2]}),
        ('align_nearest', [x], {'size': 4, 'align_corners': True}), ('recompute_size', [x], {'size': 4, 'recompute_scale_factor': True}),
        ('zero_size', [x], {'size': 0}), ('zero_1d', [torch.randn(1, 1, 2)], {'scale_factor': 0.3}),
        ('nonempty', [torch.randn(1, 0, 2, 3)], {'size': 4}), ('bilinear_3d', [torch.randn(1, 1, 4)], {'size': 2, 'mode': 'bilinear'}),
        ('linear_4d', [x], {'size': 2, 'mode': 'linear'}), ('trilinear_4d', [x], {'size': 2, 'mode': 'trilinear'}),
        ('two_d', [torch.randn(3, 4)], {'size': 2}), ('antialias_nearest', [x], {'size': 2, 'antialias': True}),
    ]:
        s.add(f'interp_err_{cid}', 'interpolate', args, kw, expect_error=True)
    path, count, size = s.write(FIXTURES)
    print(path, count, 'cases', size, 'bytes')

    mods = []
    for cls, args, kw, shape in [
        ('Upsample', [], {'scale_factor': 2}, (1, 1, 2, 3)), ('Upsample', [], {'size': (3, 5), 'mode': 'bilinear'}, (1, 2, 2, 2)),
        ('Upsample', [4], {'mode': 'nearest-exact'}, (1, 1, 3)), ('Upsample', [], {'scale_factor': (1.5, 2.5), 'mode': 'bilinear', 'align_corners': True}, (2, 1, 3, 2)),
        ('Upsample', [], {'scale_factor': 0.5, 'mode': 'area'}, (1, 1, 4, 4)), ('UpsamplingNearest2d', [], {'scale_factor': 3}, (1, 1, 2, 2)),
        ('UpsamplingBilinear2d', [(4, 6)], {}, (1, 1, 2, 3)), ('UpsamplingBilinear2d', [], {'scale_factor': 2}, (1, 2, 2, 2)),
    ]:
        torch.manual_seed(7)
        m = getattr(nn, cls)(*args, **kw)
        x = torch.randn(*shape)
        mods.append({'cls': cls, 'args': [list(a) if isinstance(a, tuple) else a for a in args],
                     'kwargs': {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()},
                     'repr': repr(m), 'input': tspec(x), 'output': tspec(m(x))})
    write_fixture('upsample.json', 'test/upsample.test.mjs', {'modules': mods})


if __name__ == '__main__':
    main()
