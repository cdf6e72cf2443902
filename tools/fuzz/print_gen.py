"""Differential fuzzing (docs/fuzzing.md): str(tensor) for random dtypes, shapes, scales, special values and
print options. usage: /usr/bin/python3 tools/fuzz/print_gen.py SEED N (writes /tmp/torchlet-fuzz-print-SEED.json),
then node tools/fuzz/print_run.mjs FILE."""
import random, json, math, torch, sys
random.seed(int(sys.argv[1])); torch.manual_seed(int(sys.argv[1]))
C = random.choice
def enc(v):
    if isinstance(v, float) and math.isnan(v): return 'NaN'
    if isinstance(v, float) and math.isinf(v): return 'Infinity' if v > 0 else '-Infinity'
    return v
cases = []
for i in range(int(sys.argv[2])):
    dt = C([torch.float32, torch.float64, torch.int64, torch.bool])
    shape = [random.randint(0 if random.random() < 0.05 else 1, C([5, 5, 40])) for _ in range(random.randint(0, 4))]
    scale = C([1, 1, 1e-5, 1e5, 1e10, 1e-10, 100, 0.01, 1e20])
    if dt.is_floating_point:
        x = torch.randn(shape, dtype=torch.float64) * scale
        if random.random() < 0.3: x = x.round()
        if random.random() < 0.2 and x.numel():
            f = x.view(-1)
            for _ in range(random.randint(1, 3)): f[random.randrange(f.numel())] = C([float('nan'), float('inf'), float('-inf'), 0.0, -0.0, 1e-300 if dt == torch.float64 else 1e-30])
        x = x.to(dt)
    elif dt == torch.int64:
        x = (torch.randn(shape) * C([1, 100, 1e6, 1e12])).to(torch.int64)
    else:
        x = torch.rand(shape) > 0.5
    rg = dt.is_floating_point and random.random() < 0.3
    if rg: x.requires_grad_()
    opts = {}
    if random.random() < 0.2: opts['precision'] = C([2, 6, 8])
    if random.random() < 0.1: opts['sci_mode'] = C([True, False])
    if random.random() < 0.05: opts['linewidth'] = C([40, 120])
    if random.random() < 0.1: opts['edgeitems'] = C([1, 2, 5])
    if random.random() < 0.1: opts['threshold'] = C([5, 50])
    if random.random() < 0.05: opts['profile'] = C(['short', 'full'])
    torch.set_printoptions(**opts) if opts else None
    y = x * 2 if rg and random.random() < 0.5 else x
    s = str(y)
    torch.set_printoptions(profile='default')
    torch.set_printoptions(sci_mode=None)
    cases.append({'dtype': str(dt).split('.')[1], 'shape': list(x.shape), 'data': [enc(v) for v in x.detach().reshape(-1).tolist()], 'rg': rg, 'mul2': y is not x, 'opts': opts, 'str': s})
json.dump(cases, open(f'/tmp/torchlet-fuzz-print-{sys.argv[1]}.json', 'w'))
