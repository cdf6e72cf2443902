"""Differential module fuzzing, PyTorch 1.13 against torchlet (from /work/wt/shared_tools/mgen.py, with the
layers of src/nn/modules/more_layers.ts added): random module, constructor arguments, seed and input; writes
the repr, seeded state_dict, output, gradients of the input and parameters, state_dict after the forward,
or the error raised (by the constructor, forward or backward). Not a test: replay with
`node tools/fuzz_modules_run.mjs FILE`.
usage: /usr/bin/python3 tools/fuzz_modules.py SEED N [OUT.json]
"""
import random, json, math, torch, sys, warnings
import torch.nn as nn
warnings.simplefilter('ignore')
random.seed(int(sys.argv[1])); C = random.choice; R = random.random
def enc(v):
    if isinstance(v, float) and math.isnan(v): return 'NaN'
    if isinstance(v, float) and math.isinf(v): return 'Infinity' if v > 0 else '-Infinity'
    return v
def spec(t): return {'shape': list(t.shape), 'dtype': str(t.dtype).split('.')[1], 'data': [enc(v) for v in t.detach().reshape(-1).tolist()]}
cases = []
for it in range(int(sys.argv[2])):
    name = C(['Linear', 'Conv1d', 'Conv2d', 'ConvTranspose2d', 'BatchNorm1d', 'BatchNorm2d', 'LayerNorm', 'GroupNorm', 'Embedding', 'RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell', 'MultiheadAttention', 'TransformerEncoderLayer', 'Bilinear', 'PReLU', 'Softmax', 'LogSoftmax', 'AvgPool2d', 'MaxPool2d', 'AdaptiveAvgPool2d', 'Dropout', 'Flatten', 'Unflatten', 'Identity',
        'Hardswish', 'Hardsigmoid', 'Mish', 'Softsign', 'SELU', 'CELU', 'GLU', 'Threshold', 'Tanhshrink', 'Softshrink', 'Hardshrink',
        'ZeroPad2d', 'ConstantPad1d', 'ConstantPad2d', 'ReflectionPad1d', 'ReflectionPad2d', 'ReplicationPad1d', 'ReplicationPad2d',
        'PixelShuffle', 'PixelUnshuffle', 'PairwiseDistance', 'CosineSimilarity', 'MaxPool1d', 'AvgPool1d', 'InstanceNorm1d', 'InstanceNorm2d'])
    x2 = None; x = None
    args, kw = [], {}
    seed = random.randint(0, 1000)
    def inp(*shape): return torch.randn(list(shape))
    try:
        if name == 'Linear':
            i, o = random.randint(1, 5), random.randint(1, 5); args = [i, o]
            if R() < 0.3: kw['bias'] = False
            x = inp(*([random.randint(1, 3)] * random.randint(0, 2) + [i]))
        elif name in ('Conv1d', 'Conv2d', 'ConvTranspose2d'):
            d = 1 if name == 'Conv1d' else 2
            ci, co = C([1, 2, 4]), C([1, 2, 4]); k = C([1, 2, 3]); args = [ci, co, k]
            if R() < 0.4: kw['stride'] = C([1, 2])
            if R() < 0.4: kw['padding'] = C([0, 1])
            if R() < 0.3 and ci % 2 == 0 and co % 2 == 0: kw['groups'] = 2
            if R() < 0.3: kw['bias'] = False
            if name != 'ConvTranspose2d' and R() < 0.3: kw['padding_mode'] = C(['reflect', 'replicate', 'circular']); kw['padding'] = 1
            x = inp(*([random.randint(1, 2)] if R() < 0.8 else []), ci, *[random.randint(3, 6) for _ in range(d)])
        elif name in ('BatchNorm1d', 'BatchNorm2d'):
            c = random.randint(1, 4); args = [c]
            if R() < 0.3: kw['affine'] = False
            if R() < 0.3: kw['momentum'] = C([0.5, None])
            if R() < 0.2: kw['track_running_stats'] = False
            x = inp(random.randint(2, 4), c, *([random.randint(1, 3)] if name == 'BatchNorm1d' and R() < 0.5 else [random.randint(1, 3)] * 2 if name == 'BatchNorm2d' else []))
        elif name == 'LayerNorm':
            s = [random.randint(1, 4) for _ in range(random.randint(1, 2))]; args = [s]
            if R() < 0.3: kw['elementwise_affine'] = False
            x = inp(random.randint(1, 3), *s)
        elif name == 'GroupNorm':
            g = C([1, 2]); c = g * C([1, 2]); args = [g, c]
            x = inp(2, c, 3)
        elif name == 'Embedding':
            n, d = random.randint(2, 6), random.randint(1, 4); args = [n, d]
            if R() < 0.3: kw['padding_idx'] = C([0, -1])
            x = torch.randint(0, n, [random.randint(1, 3), random.randint(1, 3)])
        elif name in ('RNN', 'LSTM', 'GRU'):
            i, h = random.randint(1, 4), random.randint(1, 4); args = [i, h]
            if R() < 0.5: kw['num_layers'] = C([1, 2])
            if R() < 0.4: kw['bidirectional'] = True
            if R() < 0.4: kw['batch_first'] = True
            if R() < 0.2: kw['bias'] = False
            if name == 'RNN' and R() < 0.3: kw['nonlinearity'] = 'relu'
            if name == 'LSTM' and R() < 0.3: kw['proj_size'] = 1 if h > 1 else 0
            x = inp(random.randint(1, 4), random.randint(1, 3), i)
        elif name in ('RNNCell', 'LSTMCell', 'GRUCell'):
            i, h = random.randint(1, 4), random.randint(1, 4); args = [i, h]
            x = inp(random.randint(1, 3), i)
        elif name == 'MultiheadAttention':
            h = C([1, 2]); e = h * C([1, 2, 3]); args = [e, h]
            if R() < 0.5: kw['batch_first'] = True
            if R() < 0.3: kw['bias'] = False
            if R() < 0.2: kw['add_bias_kv'] = True
            x = inp(random.randint(1, 3), random.randint(1, 3), e)
        elif name == 'TransformerEncoderLayer':
            h = C([1, 2]); e = h * 2; args = [e, h]; kw['dim_feedforward'] = C([4, 8]); kw['dropout'] = 0.0
            if R() < 0.5: kw['batch_first'] = True
            if R() < 0.4: kw['norm_first'] = True
            if R() < 0.3: kw['activation'] = 'gelu'
            x = inp(random.randint(1, 3), random.randint(1, 3), e)
        elif name == 'Bilinear':
            a, b, o = random.randint(1, 3), random.randint(1, 3), random.randint(1, 3); args = [a, b, o]
            if R() < 0.3: kw['bias'] = False
            lead = C([[2], [], [2, 3], [1]]); x = inp(*lead, a); x2 = inp(*lead, b) if R() < 0.8 else inp(*lead, b + 1)
        elif name == 'PReLU':
            if R() < 0.5: kw['num_parameters'] = 3
            if R() < 0.3: kw['init'] = C([0.1, -0.5])
            x = C([inp(2, 3, 2), inp(3, 3), inp(4), inp(2, 3), inp(2, 3, 2, 2)]) * 2
        elif name in ('Hardswish', 'Hardsigmoid', 'Mish', 'SELU'):
            if R() < 0.2: kw['inplace'] = True
            x = inp(*[random.randint(1, 4) for _ in range(random.randint(0, 3))]) * 3
        elif name in ('Softsign', 'Tanhshrink'):
            x = inp(*[random.randint(1, 4) for _ in range(random.randint(0, 3))]) * 3
        elif name == 'CELU':
            if R() < 0.5: args = [C([0.5, 2.5, 1.5])]
            if R() < 0.2: kw['inplace'] = True
            x = inp(3, 4) * 3
        elif name == 'GLU':
            if R() < 0.6: args = [C([0, 1, -1, -2])]
            x = inp(*C([[4, 2], [2, 4], [2, 3, 4], [6], [2, 2, 2]])) if R() < 0.9 else inp(3, 3)
        elif name == 'Threshold':
            args = [C([0.1, -0.5, 0.25]), C([20.5, -1.5, 0.5])]
            if R() < 0.2: kw['inplace'] = True
            x = inp(3, 4)
        elif name in ('Softshrink', 'Hardshrink'):
            if R() < 0.6: args = [C([0.5, 0.25, 1.5, -0.5])]
            x = inp(3, 4) * 2
        elif name in ('ZeroPad2d', 'ConstantPad2d', 'ReflectionPad2d', 'ReplicationPad2d'):
            args = [C([1, 2, (1, 0, 2, 1), (0, 1, 1, 0)])]
            if name == 'ConstantPad2d': args.append(C([0.5, -1.5, 2.25]))
            x = inp(*C([[1, 2, 3, 4], [2, 3, 3], [1, 1, 4, 3]]))
        elif name in ('ConstantPad1d', 'ReflectionPad1d', 'ReplicationPad1d'):
            args = [C([1, 2, (1, 0), (0, 2)])]
            if name == 'ConstantPad1d': args.append(C([0.5, -1.5, 2.25]))
            x = inp(*C([[2, 3, 4], [3, 5], [1, 2, 3]]))
        elif name == 'PixelShuffle':
            r = C([1, 2, 3]); args = [r]; x = inp(*C([[1], [2], []]), r * r * C([1, 2]), 2, 3) if R() < 0.9 else inp(1, 5, 2, 2)
        elif name == 'PixelUnshuffle':
            r = C([1, 2, 3]); args = [r]; x = inp(*C([[1], [2], []]), C([1, 2]), 2 * r, r) if R() < 0.9 else inp(1, 2, 5, 4)
        elif name == 'PairwiseDistance':
            if R() < 0.5: kw['p'] = C([1.0, 3.0, 0.5])
            if R() < 0.3: kw['keepdim'] = True
            if R() < 0.2: kw['eps'] = 1e-3
            s = C([[3, 4], [5], [2, 3, 2]]); x = inp(*s); x2 = inp(*s) if R() < 0.8 else inp(s[-1])
        elif name == 'CosineSimilarity':
            if R() < 0.6: kw['dim'] = C([0, 1, -1])
            s = C([[3, 4], [2, 3, 2]]); x = inp(*s); x2 = inp(*s)
        elif name == 'MaxPool1d':
            k = C([1, 2, 3]); args = [k]
            if R() < 0.5: kw['stride'] = C([1, 2])
            if R() < 0.4: kw['padding'] = C([0, 1])
            if R() < 0.3: kw['dilation'] = C([1, 2])
            if R() < 0.3: kw['ceil_mode'] = True
            if R() < 0.2: kw['return_indices'] = True
            x = inp(*C([[2, 3, 7], [3, 8], [1, 1, 5]]))
        elif name == 'AvgPool1d':
            k = C([1, 2, 3]); args = [k]
            if R() < 0.5: kw['stride'] = C([1, 2])
            if R() < 0.4: kw['padding'] = C([0, 1])
            if R() < 0.3: kw['ceil_mode'] = True
            if R() < 0.3: kw['count_include_pad'] = False
            x = inp(*C([[2, 3, 7], [3, 8], [1, 1, 5]]))
        elif name in ('InstanceNorm1d', 'InstanceNorm2d'):
            c = random.randint(1, 4); args = [c]
            if R() < 0.4: kw['affine'] = True
            if R() < 0.4: kw['track_running_stats'] = True
            if R() < 0.2: kw['momentum'] = C([0.5, None])
            if R() < 0.2: kw['eps'] = 1e-3
            sp = [random.randint(2, 4)] * (1 if name == 'InstanceNorm1d' else 2)
            x = inp(*([random.randint(1, 3)] if R() < 0.8 else []), c, *sp)
        elif name in ('Softmax', 'LogSoftmax'):
            args = [C([0, 1, -1])]; x = inp(2, 3)
        elif name == 'AvgPool2d': args = [C([1, 2])]; x = inp(1, 2, 4, 4)
        elif name == 'MaxPool2d': args = [C([1, 2, 3])]; kw = {'stride': C([1, 2])}; x = inp(1, 2, 5, 5)
        elif name == 'AdaptiveAvgPool2d': args = [C([1, 2, 3])]; x = inp(1, 2, 5, 4)
        elif name == 'Dropout': args = [0.0]; x = inp(2, 3)
        elif name == 'Flatten': x = inp(2, 3, 2)
        elif name == 'Unflatten': args = C([[1, (2, 3)], [-1, (3, 2)], [0, (2, 1, 3)], [1, (2, -1)]]); x = inp(2, 6) if args[0] != 0 else inp(6, 2)
        elif name == 'Identity': x = inp(2, 3)
        torch.manual_seed(seed)
        m = getattr(nn, name)(*args, **kw)
        r = repr(m)
        sd = {k: spec(v) for k, v in m.state_dict().items()}
        xx = x.clone().requires_grad_(x.dtype.is_floating_point)
        if x2 is not None:
            y = m(xx, x2)
        elif name == 'MultiheadAttention':
            y = m(xx, xx, xx)[0]
        else:
            y = m(xx)
        if isinstance(y, tuple): y = y[0]
        go = torch.randn(y.shape)
        (y * go).sum().backward()
        cases.append({'name': name, 'args': args, 'kwargs': kw, 'seed': seed, 'repr': r, 'state': sd, 'x': spec(x), 'y': spec(y), 'go': spec(go), 'gx': spec(xx.grad) if xx.grad is not None else None,
                      'gparams': {k: spec(p.grad) for k, p in m.named_parameters() if p.grad is not None}, 'x2': spec(x2) if x2 is not None else None,
                      'state_after': {k: spec(v) for k, v in m.state_dict().items()}})
    except Exception as e:
        cases.append({'name': name, 'args': args, 'kwargs': kw, 'seed': seed, 'error': [type(e).__name__, str(e).split('\nException raised from')[0]], 'x': spec(x) if x is not None else None, 'x2': spec(x2) if x2 is not None else None})
json.dump(cases, open(sys.argv[3] if len(sys.argv) > 3 else 'm.json', 'w'))
print(len(cases))
