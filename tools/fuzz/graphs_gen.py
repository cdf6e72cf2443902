"""Differential fuzzing (docs/fuzzing.md): random autograd graphs over four leaves (unary, binary, reduction,
shape and in-place ops reused across nodes), the loss and every leaf's gradient, as PyTorch 1.13 gives them.
usage: /usr/bin/python3 tools/fuzz/graphs_gen.py SEED N (writes /tmp/torchlet-fuzz-graphs-SEED.json), then
node tools/fuzz/graphs_run.mjs FILE."""
import random, json, torch, sys, warnings, math
warnings.simplefilter('ignore')
seed = int(sys.argv[1]); random.seed(seed); torch.manual_seed(seed); C = random.choice
UN = ['exp', 'tanh', 'sigmoid', 'relu', 'neg', 'abs', 'sin', 'square', 'log_softmax1', 'softmax0', 'sum1k', 'mean0', 't', 'clone', 'flip1', 'cumsum1', 'amax1', 'logsumexp1', 'norm', 'pow2', 'sqrtabs', 'expand', 'unsqueeze_squeeze', 'reshape', 'narrow', 'select', 'gelu', 'silu', 'elu', 'leaky', 'softplus', 'max1', 'min_all', 'var1', 'std0', 'prod1', 'where_pos', 'clamp', 'index_select', 'gather', 'cat0', 'stack', 'repeat', 'masked_fill', 'matmul_t', 'tril', 'roll', 'mul_inplace_clone', 'dropout0']
BIN = ['add', 'sub', 'mul', 'div_safe', 'maximum', 'minimum', 'atan2', 'matmul', 'lerp', 'addcmul', 'hypot_like']
def apply(op, x, y=None):
    if op == 'exp': return x.clamp(max=5).exp()
    if op == 'tanh': return x.tanh()
    if op == 'sigmoid': return x.sigmoid()
    if op == 'relu': return x.relu()
    if op == 'neg': return -x
    if op == 'abs': return x.abs()
    if op == 'sin': return x.sin()
    if op == 'square': return x * x
    if op == 'log_softmax1': return x.log_softmax(-1)
    if op == 'softmax0': return x.softmax(0)
    if op == 'sum1k': return x.sum(-1, keepdim=True)
    if op == 'mean0': return x.mean(0, keepdim=True)
    if op == 't': return x.t() if x.dim() == 2 else x
    if op == 'clone': return x.clone()
    if op == 'flip1': return x.flip(-1)
    if op == 'cumsum1': return x.cumsum(-1)
    if op == 'amax1': return x.amax(-1, keepdim=True)
    if op == 'logsumexp1': return x.logsumexp(-1, keepdim=True)
    if op == 'norm': return x.norm().expand_as(x) if True else None
    if op == 'pow2': return x.pow(2)
    if op == 'sqrtabs': return (x.abs() + 0.1).sqrt()
    if op == 'expand': return x[..., :1].expand_as(x)
    if op == 'unsqueeze_squeeze': return x.unsqueeze(0).squeeze(0)
    if op == 'reshape': return x.reshape(-1).reshape(x.shape)
    if op == 'narrow': return x.narrow(-1, 0, max(1, x.shape[-1] - 1)) if x.shape[-1] > 1 else x
    if op == 'select': return x.select(-1, 0).unsqueeze(-1).expand_as(x)
    if op == 'gelu': return torch.nn.functional.gelu(x)
    if op == 'silu': return torch.nn.functional.silu(x)
    if op == 'elu': return torch.nn.functional.elu(x)
    if op == 'leaky': return torch.nn.functional.leaky_relu(x, 0.1)
    if op == 'softplus': return torch.nn.functional.softplus(x)
    if op == 'max1': return x.max(-1, keepdim=True).values
    if op == 'min_all': return x.min().expand_as(x)
    if op == 'var1': return x.var(-1, keepdim=True) if x.shape[-1] > 1 else x
    if op == 'std0': return x.std(0, keepdim=True) if x.shape[0] > 1 else x
    if op == 'prod1': return x.prod(-1, keepdim=True)
    if op == 'where_pos': return torch.where(x > 0, x, x * 0.5)
    if op == 'clamp': return x.clamp(-0.5, 0.7)
    if op == 'index_select': return x.index_select(-1, torch.tensor([0, x.shape[-1] - 1, 0]))
    if op == 'gather': return x.gather(-1, torch.zeros_like(x, dtype=torch.long))
    if op == 'cat0': return torch.cat([x, x * 2], 0)
    if op == 'stack': return torch.stack([x, x.sin()], 0).sum(0)
    if op == 'repeat': return x.repeat(1, 2) if x.dim() == 2 else x
    if op == 'masked_fill': return x.masked_fill(x > 0.5, 0.0)
    if op == 'matmul_t': return x.matmul(x.t()) if x.dim() == 2 else x
    if op == 'tril': return x.tril() if x.dim() == 2 else x
    if op == 'roll': return x.roll(1, -1)
    if op == 'mul_inplace_clone': z = x.clone(); z.mul_(2); return z
    if op == 'dropout0': return torch.nn.functional.dropout(x, 0.0)
    if op == 'add': return x + y
    if op == 'sub': return x - y
    if op == 'mul': return x * y
    if op == 'div_safe': return x / (y.abs() + 0.5)
    if op == 'maximum': return torch.maximum(x, y)
    if op == 'minimum': return torch.minimum(x, y)
    if op == 'atan2': return torch.atan2(x, y)
    if op == 'matmul': return x.matmul(y.t()) if x.dim() == 2 and y.dim() == 2 and x.shape[-1] == y.shape[-1] else x + y
    if op == 'lerp': return torch.lerp(x, y, 0.3)
    if op == 'addcmul': return torch.addcmul(x, x, y, value=0.5)
    if op == 'hypot_like': return (x * x + y * y + 1e-3).sqrt()
    raise ValueError(op)
cases = []
for it in range(int(sys.argv[2])):
    dt = C([torch.float32, torch.float64])
    shapes = [[3, 4], [4], [3, 1], [1, 4]]
    leaves = [torch.randn(s, dtype=dt).requires_grad_() for s in shapes]
    nodes = list(leaves); prog = []
    try:
        for k in range(random.randint(2, 8)):
            if random.random() < 0.5:
                op = C(UN); i = random.randrange(len(nodes)); prog.append([op, i]); nodes.append(apply(op, nodes[i]))
            else:
                op = C(BIN); i = random.randrange(len(nodes)); j = random.randrange(len(nodes)); prog.append([op, i, j]); nodes.append(apply(op, nodes[i], nodes[j]))
        outs = random.sample(range(len(leaves), len(nodes)), k=min(2, len(nodes) - len(leaves)))
        loss = sum((nodes[o] * (o + 1)).sum() for o in outs)
        # torch.autograd.grad with respect to some leaves and intermediate nodes first (the leaves'
        # .grad stays untouched), then backward as before
        wrt = random.sample(range(len(nodes)), k=random.randint(1, min(4, len(nodes))))
        agrads = torch.autograd.grad(loss, [nodes[w] for w in wrt], allow_unused=True, retain_graph=True)
        loss.backward()
        if not math.isfinite(loss.item()) or any(l.grad is not None and not torch.isfinite(l.grad).all() for l in leaves): continue
        cases.append({'dtype': str(dt).split('.')[1], 'leaves': [l.detach().reshape(-1).tolist() for l in leaves], 'prog': prog, 'outs': outs, 'loss': loss.item(),
                      'grads': [l.grad.reshape(-1).tolist() if l.grad is not None else None for l in leaves],
                      'wrt': wrt, 'agrads': [g.reshape(-1).tolist() if g is not None else None for g in agrads]})
    except Exception as e:
        pass
json.dump(cases, open(f'/tmp/torchlet-fuzz-graphs-{seed}.json', 'w')); print(len(cases))
