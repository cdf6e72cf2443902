"""Differential fuzzing (docs/fuzzing.md): DataLoader orders (shuffle, batch_size, drop_last, generator),
random_split and RandomSampler against PyTorch 1.13 with seeds, and the generator state after them.
usage: /usr/bin/python3 tools/fuzz/data_gen.py [OUT.json], then node tools/fuzz/data_run.mjs FILE."""
import random, json, torch, sys, warnings
from torch.utils.data import DataLoader, TensorDataset, RandomSampler, random_split, Subset, BatchSampler, SequentialSampler
warnings.simplefilter('ignore')
random.seed(1); C = random.choice; R = random.random
cases = []
for it in range(300):
    n = random.randint(0, 40); seed = random.randint(0, 10000)
    kind = C(['loader', 'loader', 'split', 'sampler', 'gen_loader'])
    torch.manual_seed(seed)
    ds = TensorDataset(torch.arange(n), torch.arange(n) * 10)
    c = {'kind': kind, 'n': n, 'seed': seed}
    try:
        if kind in ('loader', 'gen_loader'):
            kw = {'batch_size': C([1, 3, 7, 64, None]) if R() < 0.9 else 0, 'shuffle': C([True, False, True]), 'drop_last': R() < 0.3}
            if kw['batch_size'] is None: kw.pop('drop_last')
            if kind == 'gen_loader': kw['generator'] = 'gen'; gseed = random.randint(0, 99); c['gseed'] = gseed
            c['kw'] = kw
            k2 = dict(kw)
            if kind == 'gen_loader': k2['generator'] = torch.Generator().manual_seed(gseed)
            dl = DataLoader(ds, **k2)
            epochs = []
            for ep in range(2):
                epochs.append([b[0].tolist() if isinstance(b, (list, tuple)) else b.tolist() for b in dl])
            c['epochs'] = epochs; c['len'] = len(dl); c['after'] = torch.rand(1).item()
        elif kind == 'split':
            lengths = C([[n // 2, n - n // 2], [0.5, 0.5], [0.3, 0.7], [0.25, 0.25, 0.5], [1, n], [n]])
            c['lengths'] = lengths
            g = None
            if R() < 0.5: c['gseed'] = random.randint(0, 99); g = torch.Generator().manual_seed(c['gseed'])
            parts = random_split(ds, lengths, generator=g) if g else random_split(ds, lengths)
            c['parts'] = [list(p.indices) for p in parts]; c['after'] = torch.rand(1).item()
        else:
            kw = {}
            if R() < 0.4: kw['replacement'] = True
            if R() < 0.4: kw['num_samples'] = random.randint(1, 50)
            c['kw'] = kw
            s = RandomSampler(range(n), **kw)
            c['order'] = [list(s), list(s)]; c['after'] = torch.rand(1).item()
    except Exception as e:
        c['error'] = [type(e).__name__, str(e)]
    cases.append(c)
json.dump(cases, open(sys.argv[1] if len(sys.argv) > 1 else '/tmp/torchlet-fuzz-data.json', 'w'))
