# PyTorch 1.13's views and indexing, as cases for test/views.test.mjs: for a chain of method calls on
# an arange-valued float64 tensor, the result's shape, strides, storage offset, contiguity, values,
# grad_fn name, whether it shares the input's storage, and the input's gradient of (out * w).sum();
# for x[idx] = v, the values after; and the error class and message where PyTorch raises.
# Run: /usr/bin/python3 tools/fixtures_views.py  (writes test/fixtures/cases_views.json)
import json, os, torch

def enc_index(i):
    if i is None or isinstance(i, (bool, int, float)): return i
    if i is Ellipsis: return '...'
    if isinstance(i, slice): return {'slice': [i.start, i.stop, i.step]}
    if isinstance(i, torch.Tensor): return {'tensor': i.tolist(), 'dtype': str(i.dtype).replace('torch.', ''), 'shape': list(i.shape)}
    if isinstance(i, list): return {'list': i}
    raise TypeError(i)

def dec_call(t, call):
    name, args = call
    if name == 'getitem': return t[args]
    if name == 'T': return t.T
    if name == 'mT': return t.mT
    return getattr(t, name)(*args)

def enc_call(call):
    name, args = call
    if name == 'getitem':
        idx = args if isinstance(args, tuple) else (args,)
        return {'op': 'get', 'index': [enc_index(i) for i in idx]}
    return {'op': name, 'args': [list(a) if isinstance(a, tuple) else a for a in args]}

def run_chain(shape, pre, calls):
    base = torch.arange(float(torch.Size(shape).numel()), dtype=torch.float64).reshape(shape).requires_grad_()
    x = base * 1
    for c in pre: x = dec_call(x, c)
    out = x
    for c in calls:
        out = dec_call(out, c)
    return base, x, out

cases = []
def view_case(shape, calls, pre=()):
    case = {'shape': shape, 'pre': [enc_call(c) for c in pre], 'calls': [enc_call(c) for c in calls]}
    try:
        base, x, out = run_chain(shape, pre, calls)
        if isinstance(out, (tuple, list)): out = out[-1]; case['last_piece'] = True
        w = torch.arange(1., out.numel() + 1, dtype=torch.float64).reshape(out.shape)
        if out.requires_grad: (out * w).sum().backward()
        case['expect'] = {
            'shape': list(out.shape), 'stride': list(out.stride()),
            'offset': out.storage_offset(),
            'contiguous': out.is_contiguous(), 'values': out.detach().reshape(-1).tolist(),
            'grad_fn': out.grad_fn.name() if out.grad_fn else None,
            'shares': out.untyped_storage().data_ptr() == x.untyped_storage().data_ptr() if hasattr(out, 'untyped_storage') else out.storage().data_ptr() == x.storage().data_ptr(),
            'grad': base.grad.reshape(-1).tolist() if base.grad is not None else None,
        }
    except Exception as e:
        case['error'] = [type(e).__name__, str(e).split('\n')[0]]
    cases.append(case)

T = torch.tensor
S = slice
# views
view_case([2, 3, 4], [('view', (6, 4))])
view_case([2, 3, 4], [('view', (-1,))])
view_case([2, 3, 4], [('transpose', (0, 1)), ('view', (12, 2))])
view_case([2, 3, 4], [('transpose', (0, 1)), ('view', (3, 8))])
view_case([2, 3, 4], [('transpose', (1, 2)), ('view', (2, 12))])
view_case([2, 3, 4], [('reshape', (4, 6))])
view_case([2, 3, 4], [('transpose', (1, 2)), ('reshape', (2, 12))])
view_case([2, 3, 4], [('flatten', ())])
view_case([2, 3, 4], [('flatten', (1,))])
view_case([2, 3, 4], [('permute', (2, 0, 1)), ('flatten', ())])
view_case([2, 3, 4], [('unflatten', (2, (2, 2)))])
view_case([2, 3, 4], [('unflatten', (1, (3, -1)))])
view_case([2, 1, 4], [('squeeze', ())])
view_case([2, 1, 4], [('squeeze', (1,))])
view_case([2, 1, 4], [('squeeze', (0,))])
view_case([2, 3, 4], [('unsqueeze', (1,))])
view_case([2, 3, 4], [('unsqueeze', (-1,))])
view_case([2, 3, 4], [('narrow', (1, 1, 2)), ('unsqueeze', (2,))])
view_case([2, 3, 4], [('narrow', (2, 1, 2))])
view_case([2, 3, 4], [('narrow', (0, -1, 1))])
view_case([5], [('narrow', (0, 3, 5))])
view_case([5], [('narrow', (0, 5, 0))])
view_case([2, 3, 4], [('select', (1, 2))])
view_case([2, 3, 4], [('select', (2, -1))])
view_case([2, 3, 4], [('select', (0, 2))])
view_case([2, 3, 4], [('transpose', (0, 2))])
view_case([2, 3, 4], [('permute', (1, 2, 0))])
view_case([2, 3, 4], [('permute', (1, 2))])
view_case([3, 4], [('t', ())])
view_case([3, 4], [('T', ())])
view_case([2, 3, 4], [('mT', ())])
view_case([3, 1], [('expand', (2, 3, 4))])
view_case([3, 1], [('expand', (-1, 5))])
view_case([3, 2], [('expand', (3, 3))])
view_case([3, 1], [('expand', (3, 4)), ('transpose', (0, 1))])
view_case([4, 4], [('diagonal', ())])
view_case([4, 5], [('diagonal', (1,))])
view_case([4, 5], [('diagonal', (-2,))])
view_case([2, 3, 4], [('diagonal', (0, 1, 2))])
view_case([2, 3, 4], [('diagonal', (1, -1, 0))])
view_case([2, 3, 4], [('movedim', (0, 2))])
view_case([2, 3, 4], [('movedim', ((0, 1), (2, 0)))])
view_case([2, 3, 4], [('swapaxes', (0, 2))])
view_case([2, 7], [('unfold', (1, 3, 2))])
view_case([2, 7], [('unfold', (1, 3, 1))])
view_case([8], [('unfold', (0, 4, 4))])
view_case([3, 4], [('as_strided', ((2, 2), (1, 2)))])
view_case([3, 4], [('as_strided', ((3, 3), (1, 1), 1))])
view_case([5, 2], [('split', (2,))])
view_case([5, 2], [('split', ((1, 4),))])
view_case([5, 2], [('chunk', (3,))])
view_case([2, 6], [('chunk', (4, 1))])
view_case([3, 4], [('unbind', (1,))])
view_case([3, 4], [('detach', ())])
view_case([3, 4], [('t', ()), ('contiguous', ())])
view_case([3, 4], [('narrow', (1, 0, 2)), ('contiguous', ())])
view_case([3, 4], [('contiguous', ())])
# errors
view_case([2, 3], [('t', ()), ('view', (6,))])
view_case([2, 3], [('view', (4,))])
view_case([2, 1], [('expand', (3, 3))])
view_case([2, 1], [('expand', (-1, 2, 3))])
view_case([2, 3], [('unflatten', (1, (2, 2)))])
view_case([2, 3], [('unfold', (1, 4, 1))])
view_case([2, 3], [('unfold', (1, 2, 0))])
view_case([2, 3], [('as_strided', ((3, 3), (3, 1)))])
view_case([5], [('split', ((2, 2),))])
view_case([3, 3], [('diagonal', (0, 1, 1))])
view_case([3], [('mT', ())])
view_case([5], [('narrow', (0, 6, 0))])
view_case([5], [('select', (0, 5))])
view_case([2, 3], [('permute', (0, 0))])
view_case([2, 3], [('movedim', ((0, 1), (0,)))])
# indexing (get)
a = lambda *idx: ('getitem', idx if len(idx) != 1 else idx[0])
for idx in [(0,), (-1,), (1, 2), (S(None),), (S(1, 3),), (S(None, None, 2),), (S(-3, None),), (S(1, 100),), (S(-100, 2),), (S(5, 1),),
            (Ellipsis,), (Ellipsis, 0), (0, Ellipsis), (None,), (None, 1), (1, None), (Ellipsis, None), (S(None), None, 0),
            (T(1),), (T([0, 2]),), (T([[0, 1], [2, 3]]),), ([0, 2],), ([0, 2], [1, 3]), ([[0], [2]], [1, 3]), (S(1, 3), [0, 2]), ([0, 2], S(1, 3)),
            (T([True, False, True, False]),), (True,), (False,), (T(True),), ([True, False, True, False],), (T(-1),), (0, S(None, None, 3)),
            (Ellipsis, [1, 0]), (Ellipsis, Ellipsis), (T([-1, -4]),)]:
    view_case([4, 6], [a(*idx)])
for idx in [([0, 1], S(None), [1, 2]), (S(None), [0, 1], [1, 2]), (S(None), [0, 1], S(None), [1, 2]), (0, S(None), [1, 2]), (Ellipsis, [1, 2]),
            (S(None), [[0], [1]], [1, 2]), (1, [0, 2], 3), (None, [0, 1], None, [1, 3]), ([1], Ellipsis, [2, 3]), (T([[True, False, True], [False, True, True]]),),
            (S(None), T([[True, False, True, False], [False, True, True, False], [True, True, True, True]])),
            ([0, 1], T([True, False, True])), (1, S(None, None, 2), S(1, None, 2))]:
    view_case([2, 3, 4, 5], [a(*idx)])
# views of non-contiguous inputs
view_case([4, 6], [a(S(1, 3), [0, 2])], pre=[('t', ())])
view_case([4, 6], [a(Ellipsis, 1)], pre=[('t', ())])
view_case([4, 6], [('view', (2, 3, 4))], pre=[('narrow', (0, 0, 4))])
view_case([4, 6], [('reshape', (6, 4))], pre=[('t', ())])
view_case([4, 6], [('select', (0, 1)), ('unsqueeze', (0,))], pre=[('narrow', (1, 2, 3))])
# indexing errors
for idx in [(0, 1, 2), (4,), (-5,), (S(None), 6), (S(None, None, -1),), (S(None, None, 0),), (T([4]),), (T([-5]),), (T([1.0]),),
            (T([True, False, True]),), (torch.ones(4, 5, dtype=torch.bool),), ([0, 1], [1, 2, 3]), (0.5,)]:
    view_case([4, 6], [a(*idx)])
# an out-of-range int is reported at its position in the index tuple (None and ... count), not at the dim it selects from
for idx in [(S(2, None), None, 0, 2, S(0, 1)), (-1, 4, S(2, None, 3), -1), (None, Ellipsis, 5)]:
    view_case([2, 4, 2, 1], [a(*idx)])

set_cases = []
def set_case(shape, idx, value):
    idx = idx if isinstance(idx, tuple) else (idx,)
    case = {'shape': shape, 'index': [enc_index(i) for i in idx],
            'value': value if not isinstance(value, torch.Tensor) else {'tensor': value.tolist(), 'shape': list(value.shape)}}
    x = torch.arange(float(torch.Size(shape).numel()), dtype=torch.float64).reshape(shape)
    try:
        x[idx] = value
        case['expect'] = x.reshape(-1).tolist()
    except Exception as e:
        case['error'] = [type(e).__name__, str(e).split('\n')[0]]
    set_cases.append(case)
Z = lambda *s: -torch.arange(1., torch.Size(s).numel() + 1, dtype=torch.float64).reshape(s)
set_case([4, 6], 0, -1.)
set_case([4, 6], (S(None), 1), Z(4))
set_case([4, 6], (S(None), S(None, None, 2)), Z(3))
set_case([4, 6], (S(1, 3), S(2, 5)), Z(2, 3))
set_case([4, 6], (Ellipsis, -1), Z(1))
set_case([4, 6], ([0, 2],), Z(6))
set_case([4, 6], ([0, 2], [1, 3]), Z(2))
set_case([4, 6], (T([True, False, True, False]),), Z(2, 6))
set_case([4, 6], (S(None), [5, 0]), Z(4, 1))
set_case([4, 6], ([0, 0], [1, 1]), Z(2))
set_case([4, 6], (None, 1), Z(6))
set_case([2, 3, 4], (S(None), [0, 1], [1, 2]), Z(2))
set_case([2, 3, 4], ([0, 1], S(None), [1, 2]), Z(3, 1).t())
set_case([4, 6], (S(None),), Z(5))
set_case([4, 6], 0, Z(2, 6))
set_case([4, 6], ([0, 2],), Z(3))
set_case([4, 6], 7, 1.)

with open(os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'cases_views.json'), 'w') as f:
    json.dump({'replayed_by': 'test/views.test.mjs', 'torch': torch.__version__, 'views': [c for c in cases], 'set': set_cases}, f, indent=0)
print(len(cases), 'view/index cases,', len(set_cases), 'set cases')
