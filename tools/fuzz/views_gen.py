"""Differential fuzzing (docs/fuzzing.md): random view chains (transpose, narrow, select, permute, expand,
unfold, diagonal, reshape, ...) on random tensors, then an op, an in-place op or a matmul, with gradients
and the base tensor afterwards, as PyTorch 1.13 gives them. usage: /usr/bin/python3 tools/fuzz/views_gen.py SEED N
(writes /tmp/torchlet-fuzz-views-SEED.json), then node tools/fuzz/views_run.mjs FILE."""
import sys, random, json, math, warnings
import torch
seed = int(sys.argv[1]); N = int(sys.argv[2])
random.seed(seed); torch.manual_seed(seed)
R = random.random; C = random.choice
def enc(v):
    if isinstance(v, float) and math.isnan(v): return 'NaN'
    if isinstance(v, float) and math.isinf(v): return 'Infinity' if v > 0 else '-Infinity'
    return v
def spec(t):
    t = t.detach()
    return {'shape': list(t.shape), 'dtype': str(t.dtype).split('.')[1], 'data': [enc(v) for v in t.reshape(-1).tolist()]}
def view_step(x):
    nd = x.dim(); s = list(x.shape)
    opts = []
    if nd >= 2: opts += [('transpose', [random.randint(-nd, nd-1), random.randint(-nd, nd-1)]), ('t', []) if nd == 2 else ('mT', None)]
    if nd >= 1:
        d = random.randint(0, nd-1)
        if s[d] > 0:
            st = random.randint(0, s[d]-1); ln = random.randint(0, s[d]-st)
            opts += [('narrow', [d, st, ln]), ('select', [d, random.randint(-s[d], s[d]-1)])]
        p = list(range(nd)); random.shuffle(p); opts += [('permute', p)]
        opts += [('unsqueeze', [random.randint(-nd-1, nd)])]
        if 1 in s: opts += [('squeeze', [s.index(1)])]
        if nd >= 2: opts += [('diagonal', [random.randint(-1, 1), 0, 1])]
        e = [C([v, v]) if v != 1 else C([1, 3]) for v in s]; opts += [('expand', e)]
        if s[d] >= 2: opts += [('unfold', [d, random.randint(1, s[d]), random.randint(1, 2)])]
        opts += [('flatten', [])] ; opts += [('reshape', [-1])]
        opts += [('view', [-1])]
    else:
        opts += [('unsqueeze', [0])]
    opts = [o for o in opts if o[1] is not None]
    return C(opts)
UN = ['exp', 'neg', 'abs', 'sigmoid', 'tanh', 'relu', 'sin', 'square', 'sqrt', 'clone', 'contiguous', 'cumsum', 'sum', 'mean', 'softmax', 'log_softmax', 'amax', 'logsumexp', 'norm', 'var', 'prod', 'flip', 'roll', 'sort_values', 'argmax']
INPL = ['add_', 'mul_', 'zero_', 'fill_', 'clamp_', 'copy_', 'neg_', 'exp_', 'sub_', 'div_', 'masked_fill_', 'index_add_']
cases = []
for it in range(N):
    dt = C([torch.float32, torch.float64])
    shape = [random.randint(1, 4) for _ in range(random.randint(1, 4))]
    base = torch.randn(shape, dtype=dt)
    rg = R() < 0.7
    chain = []; final = None; other = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            leaf = base.clone().requires_grad_(rg)
            x = leaf * 1 if (rg and R() < 0.6) else leaf  # a non-leaf to allow in-place
            nonleaf = x is not leaf
            for _ in range(random.randint(1, 3)):
                name, args = view_step(x)
                chain.append([name, args])
                y = getattr(x, name)(*args) if name != 'mT' else x.mT
                x = y
            kind = C(['un', 'un', 'bin', 'inpl', 'mm'])
            other = None
            if kind == 'un':
                name = C(UN); nd = x.dim()
                args = []
                if name in ('cumsum', 'softmax', 'log_softmax', 'logsumexp'): args = [random.randint(-max(nd,1), max(nd,1)-1)]
                elif name in ('sum', 'mean', 'amax', 'var', 'prod', 'argmax') and R() < 0.6 and nd: args = [random.randint(-nd, nd-1)]
                elif name == 'flip': args = [[random.randint(0, nd-1)]] if nd else [[0]]
                elif name == 'roll': args = [random.randint(-3, 3), random.randint(0, nd-1) if nd else 0]
                if name == 'sqrt': x = x.abs() if False else x
                if name == 'sort_values':
                    final = ['sort_values', []]; out = x.sort(-1 if nd else 0).values
                else:
                    final = [name, args]; out = getattr(x, name)(*args)
            elif kind == 'bin':
                name = C(['add', 'mul', 'sub', 'div', 'maximum', 'atan2', 'pow'])
                o = torch.randn(list(x.shape)[random.randint(0, x.dim()):] if R()<0.5 else list(x.shape), dtype=dt)
                if name == 'pow': o = o.abs() + 0.5; x2 = x.abs() + 0.1
                other = spec(o)
                final = [name, []]; out = getattr(x, name)(o)
            elif kind == 'mm':
                if x.dim() == 0: raise Exception('skip')
                k = x.shape[-1]
                o = torch.randn([k, random.randint(1, 3)] if R()<0.7 else [k], dtype=dt)
                other = spec(o); final = ['matmul', []]; out = x.matmul(o)
            else:
                if rg and not nonleaf: raise Exception('skip leaf inplace')
                name = C(INPL); args = []
                if name in ('add_', 'mul_', 'sub_', 'div_'):
                    o = torch.randn(list(x.shape), dtype=dt) + (2 if name == 'div_' else 0); other = spec(o)
                elif name == 'fill_': args = [C([0.5, -2.5])]
                elif name == 'clamp_': args = [-0.5, 0.5]
                elif name == 'copy_': o = torch.randn(list(x.shape)[random.randint(0, x.dim()):], dtype=dt); other = spec(o)
                elif name == 'masked_fill_': o = torch.rand(list(x.shape)) > 0.5; other = spec(o); args = [1.5]
                elif name == 'index_add_':
                    if x.dim() == 0: raise Exception('skip')
                    idx = torch.randint(0, x.shape[0], [2]); src = torch.randn([2] + list(x.shape[1:]), dtype=dt)
                    other = spec(src); args = [0, spec(idx)]
                final = [name, args]
                if other is not None and name != 'index_add_':
                    ot = torch.tensor([v if not isinstance(v, str) else float(v) for v in other['data']], dtype=torch.bool if other['dtype']=='bool' else dt).reshape(other['shape'])
                    out = getattr(x, name)(ot, *args)
                elif name == 'index_add_':
                    out = x.index_add_(0, idx, src)
                else:
                    out = getattr(x, name)(*args)
            res = {'out': spec(out)}
            if rg:
                go = torch.randn(out.shape, dtype=out.dtype) if out.dtype.is_floating_point else None
                if go is not None and out.requires_grad:
                    (out * go).sum().backward(); res['grad_output'] = spec(go); res['grad'] = spec(leaf.grad) if leaf.grad is not None else None
            res['base_after'] = spec(leaf)
            cases.append({'id': f'v{it}', 'base': spec(base), 'rg': rg, 'nonleaf': nonleaf, 'chain': chain, 'final': final, 'other': other, 'expect': res})
    except Exception as e:
        msg = str(e).split('\n')[0]
        if 'skip' in msg: continue
        cases.append({'id': f'v{it}', 'base': spec(base), 'rg': rg, 'nonleaf': nonleaf, 'chain': chain, 'final': final, 'other': other if 'other' in dir() else None, 'error': [type(e).__name__, msg], 'partial': True})
json.dump({'cases': cases}, open(f'/tmp/torchlet-fuzz-views-{seed}.json', 'w'))
print(len(cases))
