# PyTorch 1.13's indexing ops (masked_fill, masked_select, index_fill, index_add, index_copy,
# index_put, scatter, scatter_add, where, gather, nonzero) as cases for test/index_ops.test.mjs:
# output values, shape, dtype and grad_fn, the gradient of (out * w).sum() for every input that
# requires grad, the in-place form's result, and PyTorch's error class and message.
# Run: /usr/bin/python3 tools/fixtures_index_ops.py  (writes test/fixtures/cases_index_ops.json)
import json, os, torch

def enc(v):
    if isinstance(v, torch.Tensor):
        return {'t': v.detach().reshape(-1).tolist(), 'dtype': str(v.dtype).replace('torch.', ''), 'shape': list(v.shape), 'grad': v.requires_grad}
    if isinstance(v, (list, tuple)): return {'list': [enc(e) for e in v]}
    return v

def R(*shape, grad=True, dtype=torch.float64, start=1.):
    n = torch.Size(shape).numel()
    return (torch.arange(start, start + n, dtype=dtype) * 0.5).reshape(shape).requires_grad_(grad and dtype.is_floating_point)
L = lambda v: torch.tensor(v, dtype=torch.long)
B = lambda v: torch.tensor(v, dtype=torch.bool)

cases = []
def case(op, args, kwargs={}, method=True, inplace=True):
    c = {'op': op, 'method': method, 'args': [enc(a) for a in args], 'kwargs': {k: enc(v) for k, v in kwargs.items()}}
    try:
        fn = getattr(args[0], op) if method else getattr(torch, op)
        out = fn(*args[1:], **kwargs) if method else fn(*args, **kwargs)
        if isinstance(out, tuple): out = out[0]
        c['expect'] = {'values': out.detach().reshape(-1).tolist(), 'shape': list(out.shape), 'dtype': str(out.dtype).replace('torch.', ''),
                       'grad_fn': out.grad_fn.name() if out.grad_fn else None}
        if out.requires_grad:
            w = torch.arange(1., out.numel() + 1, dtype=out.dtype).reshape(out.shape)
            (out * w).sum().backward()
            c['expect']['grads'] = [a.grad.reshape(-1).tolist() if isinstance(a, torch.Tensor) and a.requires_grad else None for a in args]
        if method and inplace:
            x = args[0].detach().clone()
            try:
                getattr(x, op + '_')(*[a.detach() if isinstance(a, torch.Tensor) else a for a in args[1:]], **kwargs)
                c['expect']['inplace'] = x.reshape(-1).tolist()
            except Exception as e:
                c['expect']['inplace_error'] = [type(e).__name__, str(e).split('\n')[0]]
    except Exception as e:
        c['error'] = [type(e).__name__, str(e).split('\n')[0]]
    cases.append(c)

m = B([True, False, True, False])
case('masked_fill', [R(3, 4), m, 1.5])
case('masked_fill', [R(3, 4), m, torch.tensor(2.5, dtype=torch.float64, requires_grad=True)])
case('masked_fill', [R(3, 4), B([[True], [False], [True]]), -1.])
case('masked_fill', [R(4), B([[True, False, True, False], [False, False, True, True]]), 0.])
case('masked_fill', [R(3, 4), m.float(), 1.])
case('masked_fill', [R(3, 4), m, torch.tensor([2.], dtype=torch.float64)])
case('masked_fill', [R(3, 4), B([True, False, True]), 1.])
case('masked_fill', [R(2, 3, dtype=torch.long), B([True, False, True]), 7])
case('masked_select', [R(3, 4), m])
case('masked_select', [R(4), B([[True, False, True, False], [False, False, True, True]])], inplace=False)
case('masked_select', [R(3, 4), m.float()], inplace=False)
case('masked_select', [R(3, 4), B([True, False, True])], inplace=False)
case('index_fill', [R(3, 4), 1, L([0, 2]), 5.])
case('index_fill', [R(3, 4), 0, L([-1]), torch.tensor(5., dtype=torch.float64, requires_grad=True)])
case('index_fill', [R(3, 4), 1, L([4]), 5.])
case('index_fill', [R(3, 4), 1, torch.tensor([1.]), 5.])
case('index_fill', [R(3, 4), 1, L([[1]]), 5.])
case('index_add', [R(3, 4), 1, L([0, 2, 0]), R(3, 3, start=10.)])
case('index_add', [R(3, 4), 0, L([2, 1]), R(2, 4, start=10.)], {'alpha': 2})
case('index_add', [R(3, 4), 1, L([0, 2]), R(3, 3)])
case('index_add', [R(3, 4), 1, L([4, 0]), R(3, 2)])
case('index_add', [R(3, 4), 1, L([0, 1]), R(3, 2, dtype=torch.float32)])
case('index_copy', [R(3, 4), 1, L([3, 0]), R(3, 2, start=10.)])
case('index_copy', [R(3, 4), 0, L([1]), R(1, 4, start=10.)])
case('index_copy', [R(3, 4), 1, L([0, 1]), R(3, 3)])
case('index_copy', [R(3, 4), 1, L([4, 0]), R(3, 2)])
case('scatter', [R(3, 4), 1, L([[0], [1], [3]]), R(3, 1, start=10.)])
case('scatter', [R(3, 4), 0, L([[2, 1, 0, 1]]), R(2, 4, start=10.)])
case('scatter', [R(3, 4), 1, L([[0, 3], [1, 1], [2, 0]]), 9.])
case('scatter', [R(3, 4), 1, L([[0], [1], [2]]), R(3, 1, grad=False)], {'reduce': 'add'})
case('scatter', [R(3, 4), 1, L([[0], [1], [2]]), R(3, 1, grad=False)], {'reduce': 'multiply'})
case('scatter', [R(3, 4), 1, L([[0], [1], [4]]), 2.])
case('scatter', [R(3, 4), 1, L([0, 1]), 2.])
case('scatter', [R(3, 4), 1, torch.zeros(4, 1, dtype=torch.long), 2.])
case('scatter', [R(3, 4), 1, torch.zeros(3, 2, dtype=torch.long), R(3, 1)])
case('scatter', [R(3, 4), 1, torch.zeros(3, 1), 2.])
case('scatter_add', [R(3, 4), 1, L([[0, 0], [1, 3], [2, 2]]), R(3, 2, start=10.)])
case('scatter_add', [R(3, 4), 0, L([[0, 1, 2, 0], [0, 0, 0, 0]]), R(2, 4, start=10.)])
case('index_put', [R(3, 4), (L([0, 1]), L([1, 2])), R(2, start=10.)])
case('index_put', [R(3, 4), (L([0, 0]), L([1, 1])), R(2, start=10.)], {'accumulate': True})
case('index_put', [R(3, 4), (L([2, 0]),), R(4, start=10.)])
case('index_put', [R(3, 4), (B([True, False, True]),), R(1, start=10.)])
case('index_put', [R(3, 4), (L([0, 1]),), R(3, start=10.)])
case('where', [B([[True, False], [False, True]]), R(2, 2), R(2, 2, start=10.)], method=False)
case('where', [B([True, False]), R(2, 2), R(1, start=10.)], method=False)
case('where', [B([[True, False], [False, True]]), R(2, 2), 0.], method=False)
case('where', [torch.tensor([1., 0.]), R(2), R(2)], method=False)
case('gather', [R(3, 4), 1, L([[0, 3], [1, 1], [2, 0]])], inplace=False)
case('gather', [R(3, 4), 0, L([[2, 1, 0, 1]])], inplace=False)
case('gather', [R(3, 4), 1, L([[0], [1], [4]])], inplace=False)
case('nonzero', [torch.tensor([[0., 1.5, 0.], [2., 0., 3.]])], inplace=False)

with open(os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'cases_index_ops.json'), 'w') as f:
    json.dump({'replayed_by': 'test/index_ops.test.mjs', 'torch': torch.__version__, 'cases': cases}, f, indent=0)
print(len(cases), 'cases')
