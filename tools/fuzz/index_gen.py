"""Differential fuzzing (docs/fuzzing.md): random x[...] indices (ints, slices with steps, None, ..., int and
bool tensors, lists, bools) read, read with gradients, and assigned, as PyTorch 1.13 gives them.
usage: /usr/bin/python3 tools/fuzz/index_gen.py SEED N (writes /tmp/torchlet-fuzz-index-SEED.json), then
node tools/fuzz/index_run.mjs FILE."""
import random, json, torch, sys, warnings, math
warnings.simplefilter('ignore')
random.seed(int(sys.argv[1])); torch.manual_seed(int(sys.argv[1])); C = random.choice; R = random.random
def spec(t): return {'shape': list(t.shape), 'dtype': str(t.dtype).split('.')[1], 'data': t.reshape(-1).tolist()}
def rindex(shape):
    idx = []; d = 0; used_ell = False
    for _ in range(random.randint(1, len(shape) + 1)):
        k = R()
        size = shape[d] if d < len(shape) else 1
        if k < 0.25 and d < len(shape): idx.append(('int', random.randint(-size, size - 1) if R() < 0.95 else size)); d += 1
        elif k < 0.5 and d < len(shape):
            a = C([None, random.randint(-size - 1, size + 1)]); b = C([None, random.randint(-size - 1, size + 1)]); st = C([None, None, 1, 2, 3])
            idx.append(('slice', [a, b, st])); d += 1
        elif k < 0.58: idx.append(('none', None))
        elif k < 0.64 and not used_ell: idx.append(('ellipsis', None)); used_ell = True; d = len(shape) - sum(1 for _ in [])  # approx
        elif k < 0.78 and d < len(shape): idx.append(('tensor', [random.randint(-size, size - 1) for _ in range(random.randint(0, 3))])); d += 1
        elif k < 0.86 and d < len(shape): idx.append(('list', [random.randint(-size, size - 1) for _ in range(random.randint(1, 3))])); d += 1
        elif k < 0.94 and d < len(shape): idx.append(('mask', [R() < 0.5 for _ in range(size)])); d += 1
        elif k < 0.97: idx.append(('bool', C([True, False])))
        else: idx.append(('tensor2d', [[random.randint(0, max(0, size - 1)) for _ in range(2)] for _ in range(2)])); d += 1
    return idx
def topy(idx):
    out = []
    for k, v in idx:
        if k == 'int': out.append(v)
        elif k == 'slice': out.append(slice(*v))
        elif k == 'none': out.append(None)
        elif k == 'ellipsis': out.append(Ellipsis)
        elif k in ('tensor', 'tensor2d'): out.append(torch.tensor(v, dtype=torch.long))
        elif k == 'list': out.append(list(v))
        elif k == 'mask': out.append(torch.tensor(v))
        elif k == 'bool': out.append(v)
    return tuple(out)
cases = []
for it in range(int(sys.argv[2])):
    shape = [random.randint(1, 4) for _ in range(random.randint(0, 4))]
    x = torch.arange(int(torch.tensor(shape).prod().item()) if shape else 1, dtype=torch.float32).reshape(shape)
    idx = rindex(shape)
    c = {'shape': shape, 'idx': idx, 'op': C(['get', 'get', 'set_scalar', 'set_tensor'])}
    try:
        py = topy(idx)
        if any(s < 0 or s == 0 for k, v in idx if k == 'slice' for s in [v[2]] if s is not None):
            raise ValueError('skip')
        if c['op'] == 'get':
            y = x[py]; c['out'] = spec(y)
            # grad through indexing
            xr = x.clone().requires_grad_(); yr = xr[py]; go = torch.arange(yr.numel(), dtype=torch.float32).reshape(yr.shape) + 1
            (yr * go).sum().backward(); c['grad'] = spec(xr.grad)
        elif c['op'] == 'set_scalar':
            y = x.clone(); y[py] = -1.5; c['out'] = spec(y)
        else:
            sub = x[py]; v = torch.arange(sub.numel(), dtype=torch.float32).reshape(sub.shape) * -1 - 100
            if R() < 0.3 and sub.dim() > 0: v = v[..., :1] if v.shape[-1] > 0 else v
            c['value'] = spec(v); y = x.clone(); y[py] = v; c['out'] = spec(y)
    except Exception as e:
        if str(e) == 'skip': continue
        c['error'] = [type(e).__name__, str(e).split('\n')[0]]
    cases.append(c)
json.dump(cases, open(f'/tmp/torchlet-fuzz-index-{sys.argv[1]}.json', 'w')); print(len(cases))
