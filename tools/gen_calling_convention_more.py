#!/usr/bin/python3
"""PyTorch 1.13's errors for badly bound calls of every op and functional of issue 12 ("Ops" and
"Functional"), for test/calling_convention_more.test.mjs. For each op, from one good call: a wrong
type positionally, a wrong type by keyword, an unknown keyword and surplus positionals, each as
torch.op(...), as the Tensor method and as F.op(...) where those exist. A case is structured
(target, name, args, kwargs) so that the test makes the same call in JavaScript (keywords in a
trailing options object); tensors are named: x (2x3 float), v (3), s (3x3), b (2x3x3), p (2x3 in
[0, 1)), i (int64 [0, 1]), img (1x1x4x4), fresh for every call.
Writes test/fixtures/calling_convention_more.json.
usage: /usr/bin/python3 tools/gen_calling_convention_more.py"""
import json, keyword, os, warnings
import torch
import torch.nn.functional as F

warnings.simplefilter('ignore')


def tensors():
    g = torch.Generator().manual_seed(0)
    return {'x': torch.randn(2, 3, generator=g), 'v': torch.randn(3, generator=g), 's': torch.randn(3, 3, generator=g),
            'b': torch.randn(2, 3, 3, generator=g), 'p': torch.rand(2, 3, generator=g), 'i': torch.tensor([0, 1]),
            'img': torch.randn(1, 1, 4, 4, generator=g)}


# (name, good positional args, a keyword it takes, where it lives: t = torch.*, m = Tensor method, f = F.*)
OPS = [
    # reductions, sorting, scans
    ('sum', ['x', 1], 'dim', 'tm'), ('mean', ['x', 1], 'dim', 'tm'), ('prod', ['x', 1], 'dim', 'tm'),
    ('cumsum', ['x', 1], 'dim', 'tm'), ('cumprod', ['x', 1], 'dim', 'tm'), ('logsumexp', ['x', 1], 'dim', 'tm'),
    ('var', ['x', 1], 'dim', 'tm'), ('std', ['x', 1], 'dim', 'tm'), ('var_mean', ['x', 1], 'dim', 't'),
    ('std_mean', ['x', 1], 'dim', 't'), ('norm', ['x', 2], 'p', 'tm'), ('amax', ['x', 1], 'dim', 'tm'),
    ('amin', ['x', 1], 'dim', 'tm'), ('all', ['x', 1], 'dim', 'tm'), ('any', ['x', 1], 'dim', 'tm'),
    ('count_nonzero', ['x', 1], 'dim', 'tm'), ('median', ['x', 1], 'dim', 'tm'), ('kthvalue', ['x', 1], 'k', 'tm'),
    ('topk', ['x', 1], 'k', 'tm'), ('sort', ['x', 1], 'dim', 'tm'), ('argsort', ['x', 1], 'dim', 'tm'),
    ('softmax', ['x', 1], 'dim', 'tmf'), ('log_softmax', ['x', 1], 'dim', 'tmf'),
    # elementwise
    *[(n, ['x'], 'input', 'tm') for n in ['sin', 'cos', 'tan', 'atan', 'sinh', 'cosh', 'erf', 'expm1', 'log2', 'log10', 'rsqrt',
                                         'reciprocal', 'sign', 'floor', 'ceil', 'trunc', 'square', 'isnan', 'isinf', 'isfinite',
                                         'logical_not']],
    ('round', ['x'], 'decimals', 'tm'), ('atan2', ['x', 'x'], 'other', 'tm'), ('fmod', ['x', 2], 'other', 'tm'),
    ('remainder', ['x', 2], 'other', 'tm'), ('lerp', ['x', 'x', 0.5], 'weight', 'tm'), ('addcmul', ['x', 'x', 'x'], 'value', 'tm'),
    ('addcdiv', ['x', 'x', 'x'], 'value', 'tm'), ('nan_to_num', ['x', 0.5], 'nan', 'tm'),
    ('logical_and', ['x', 'x'], 'other', 'tm'), ('logical_or', ['x', 'x'], 'other', 'tm'), ('logical_xor', ['x', 'x'], 'other', 'tm'),
    # shapes
    ('chunk', ['x', 2], 'chunks', 'tm'), ('split', ['x', 1], 'dim', 'tm'), ('unbind', ['x', 0], 'dim', 'tm'),
    ('flip', ['x', [0]], 'dims', 'tm'), ('roll', ['x', 1], 'shifts', 'tm'), ('repeat', ['x', [1, 2]], 'repeats', 'm'),
    ('tile', ['x', [2]], 'dims', 'tm'), ('repeat_interleave', ['x', 2], 'repeats', 'tm'), ('tril', ['x', 1], 'diagonal', 'tm'),
    ('triu', ['x', 1], 'diagonal', 'tm'), ('diag', ['s', 1], 'diagonal', 'tm'), ('broadcast_to', ['v', [2, 3]], 'size', 'tm'),
    ('meshgrid', ['v', 'v'], 'indexing', 't'),
    # linear algebra
    ('outer', ['v', 'v'], 'vec2', 'tm'), ('dot', ['v', 'v'], 'tensor', 'tm'), ('mv', ['x', 'v'], 'vec', 'tm'),
    ('bmm', ['b', 'b'], 'mat2', 'tm'), ('baddbmm', ['b', 'b', 'b'], 'beta', 'tm'), ('addmm', ['s', 's', 's'], 'alpha', 'tm'),
    ('matmul', ['x', 'v'], 'other', 'tm'), ('einsum', ['ij->i', 'x'], 'equation', 't'),
    # factories
    ('eye', [3], 'n', 't'), ('linspace', [0, 1, 5], 'steps', 't'),
    ('new_zeros', ['x', [2]], 'size', 'm'), ('new_ones', ['x', [2]], 'size', 'm'), ('new_empty', ['x', [2]], 'size', 'm'),
    ('new_full', ['x', [2], 1], 'fill_value', 'm'), ('new_tensor', ['x', [1]], 'dtype', 'm'),
    # seeded draws
    ('multinomial', ['p', 1], 'num_samples', 'tm'), ('bernoulli', ['p'], 'generator', 'tm'), ('normal', ['x', 'x'], 'std', 't'),
    ('normal_', ['x'], 'mean', 'm'), ('uniform_', ['x'], 'from', 'm'), ('bernoulli_', ['x'], 'p', 'm'),
    ('exponential_', ['x'], 'lambd', 'm'), ('random_', ['x'], 'to', 'm'),
    ('rand', [2], 'generator', 't'), ('randn', [2], 'generator', 't'), ('randint', [3, [2]], 'high', 't'),
    # functional
    ('one_hot', ['i', 3], 'num_classes', 'f'), ('pad', ['x', [1, 1]], 'mode', 'f'), ('normalize', ['x'], 'p', 'f'),
    ('gelu', ['x'], 'approximate', 'f'), ('silu', ['x'], 'inplace', 'f'), ('softplus', ['x'], 'beta', 'f'),
    ('leaky_relu', ['x'], 'negative_slope', 'f'), ('elu', ['x'], 'alpha', 'f'), ('logsigmoid', ['x'], 'input', 'f'),
    ('tanh', ['x'], 'input', 'f'), ('sigmoid', ['x'], 'input', 'f'), ('softmin', ['x', 1], 'dim', 'f'),
    ('hardtanh', ['x'], 'min_val', 'f'), ('relu6', ['x'], 'inplace', 'f'), ('mse_loss', ['x', 'x'], 'reduction', 'f'),
    ('l1_loss', ['x', 'x'], 'reduction', 'f'), ('smooth_l1_loss', ['x', 'x'], 'beta', 'f'), ('huber_loss', ['x', 'x'], 'delta', 'f'),
    ('cosine_similarity', ['x', 'x'], 'dim', 'tf'), ('embedding', ['i', 'x'], 'padding_idx', 'f'),
    ('avg_pool2d', ['img', 2], 'kernel_size', 'f'), ('adaptive_avg_pool2d', ['img', 2], 'output_size', 'f'),
]
STR_PARAMS = {'approximate', 'mode', 'reduction', 'indexing', 'equation'}
INT_PARAMS = {'dim', 'k', 'chunks', 'diagonal', 'num_samples', 'n', 'steps', 'decimals', 'num_classes', 'padding_idx', 'to', 'high',
              'kernel_size', 'output_size', 'repeats', 'shifts', 'dims', 'size'}


def bad_value(kw):
    """A value of the wrong type for the keyword: a float for ints, a number for strs, else a str."""
    return 1.5 if kw in INT_PARAMS else 7 if kw in STR_PARAMS else 'a'


def calls(name, args, kw, where):
    """(id, target, args, kwargs) of the bad calls of one op."""
    out = []
    for target in where:
        a = list(args) if target != 'm' else list(args[1:])
        tid = {'t': 'torch', 'm': 'method', 'f': 'F'}[target]
        self = [args[0]] if target == 'm' else []
        if a:
            out.append((f'{name}_{tid}_pos', tid, self + a[:-1] + ['a' if a[-1] != 'a' else 1.5], {}))
        else:
            out.append((f'{name}_{tid}_pos', tid, self + ['a'], {}))
        # the keyword usually names the last good positional: the others stay positional
        given = [] if kw == 'input' else a if len(a) == 1 and target != 'm' else a[:-1]
        out.append((f'{name}_{tid}_kw', tid, self + given, {kw: bad_value(kw)}))
        out.append((f'{name}_{tid}_unknown_kw', tid, self + a, {'foo': 1}))
        out.append((f'{name}_{tid}_surplus', tid, self + a + [1, 1, 1, 1, 1, 1], {}))
    return out


def value(v, ts):
    return ts[v] if isinstance(v, str) and v in ts else v


def run(target, name, args, kwargs):
    ts = tensors()
    vals = [value(v, ts) for v in args]
    fn = getattr(torch, name) if target == 'torch' else getattr(F, name) if target == 'F' else None
    try:
        if target == 'method':
            # written as a method call: CPython names a C method '_TensorBase.sin' there, but
            # 'Tensor.sin' when called through a bound-method object (getattr)
            # (and with *args the same), so the call is spelled out: self.sin(a[0], dim=k['dim'])
            self, a, k = vals[0], vals[1:], kwargs  # noqa: F841 -- read by eval
            spelled = [f'a[{j}]' for j in range(len(a))] + [f'**{{{key!r}: k[{key!r}]}}' if keyword.iskeyword(key) else f'{key}=k[{key!r}]' for key in k]
            eval(f'self.{name}({", ".join(spelled)})')
        else:
            fn(*vals, **kwargs)
        return {'ok': True}
    except Exception as e:  # noqa: BLE001 -- the error is what is recorded
        return {'error': {'type': type(e).__name__, 'message': str(e)}}


def main():
    cases = []
    for name, args, kw, where in OPS:
        for cid, target, a, kwargs in calls(name, args, kw, where):
            cases.append({'id': cid, 'target': target, 'name': name, 'args': a, 'kwargs': kwargs,
                          'expect': run(target, name, a, kwargs)})
    out = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'calling_convention_more.json')
    with open(out, 'w') as f:
        json.dump({'generator': f'PyTorch {torch.__version__}', 'replayed_by': 'test/calling_convention_more.test.mjs',
                   'tensors': 'x (2x3), v (3), s (3x3), b (2x3x3), p (2x3), i (int64 [0, 1]), img (1x1x4x4)', 'cases': cases}, f, indent=0)
    print(len(cases), 'cases')


main()
