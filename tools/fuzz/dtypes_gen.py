"""Differential fuzzing (docs/fuzzing.md): type promotion and values of binary, unary and reduction ops over
all eight dtypes with tensor and Python-number operands. usage: /usr/bin/python3 tools/fuzz/dtypes_gen.py [OUT.json],
then node tools/fuzz/dtypes_run.mjs FILE."""
import random, json, torch, sys, warnings, math
warnings.simplefilter('ignore')
random.seed(1); C = random.choice
DT = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float32, torch.float64]
def enc(v):
    if isinstance(v, float) and math.isnan(v): return 'NaN'
    if isinstance(v, float) and math.isinf(v): return 'Infinity' if v > 0 else '-Infinity'
    if isinstance(v, bool): return int(v)
    return v
def mk(dt, shape):
    if dt == torch.bool: return torch.rand(shape) > 0.5
    if dt.is_floating_point: return (torch.randn(shape) * 50).to(dt)
    info = torch.iinfo(dt)
    lo, hi = max(info.min, -300), min(info.max, 300)
    return torch.randint(lo, hi + 1, shape).to(dt)
def spec(t): return {'shape': list(t.shape), 'dtype': str(t.dtype).split('.')[1], 'data': [enc(v) for v in t.reshape(-1).tolist()]}
cases = []
OPS = ['add', 'sub', 'mul', 'div', 'remainder', 'maximum', 'minimum', 'eq', 'lt', 'ge', 'pow', 'floor_divide', 'fmod', 'atan2', 'bitwise_and', 'where', 'abs', 'neg', 'sum', 'mean', 'prod', 'cumsum', 'sign', 'sqrt', 'exp', 'clamp']
for it in range(3000):
    op = C(OPS)
    a = mk(C(DT), [C([1, 3, 4])])
    r = random.random()
    if r < 0.6: b = mk(C(DT), list(a.shape)); bs = spec(b)
    else: b = C([2, -3, 2.5, True, 0, -0.5, 7]); bs = {'scalar': b}
    c = {'op': op, 'a': spec(a), 'b': bs}
    if op in ('abs', 'neg', 'sum', 'mean', 'prod', 'sign', 'sqrt', 'exp', 'cumsum', 'clamp'): c['b'] = None
    if op == 'clamp': c['clamp'] = [-2 if r < 0.5 else -2.5, 5]
    try:
        if op in ('abs', 'neg', 'sum', 'mean', 'prod', 'sign', 'sqrt', 'exp'): y = getattr(torch, op)(a); c['b'] = None
        elif op == 'cumsum': y = torch.cumsum(a, 0); c['b'] = None
        elif op == 'clamp': y = torch.clamp(a, min=-2 if r < 0.5 else -2.5, max=5); c['b'] = None; c['clamp'] = [-2 if r < 0.5 else -2.5, 5]
        elif op == 'where': y = torch.where(a > 0 if a.dtype != torch.bool else a, a, b)
        else: y = getattr(torch, op)(a, b)
        c['out'] = spec(y)
    except Exception as e:
        c['error'] = [type(e).__name__, str(e).split('\n')[0]]
    cases.append(c)
json.dump(cases, open(sys.argv[1] if len(sys.argv) > 1 else '/tmp/torchlet-fuzz-dtypes.json', 'w'))
