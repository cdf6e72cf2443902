// Replays tools/fuzz/graphs_gen.py's graphs against torchlet (docs/fuzzing.md): node tools/fuzz/graphs_run.mjs FILE
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const F = torch.nn.functional;
function apply(op, x, y) {
  switch (op) {
    case 'exp': return x.clamp({ max: 5 }).exp();
    case 'tanh': return x.tanh(); case 'sigmoid': return x.sigmoid(); case 'relu': return x.relu(); case 'neg': return x.neg();
    case 'abs': return x.abs(); case 'sin': return x.sin(); case 'square': return x.mul(x);
    case 'log_softmax1': return x.log_softmax(-1); case 'softmax0': return x.softmax(0);
    case 'sum1k': return x.sum(-1, { keepdim: true }); case 'mean0': return x.mean(0, { keepdim: true });
    case 't': return x.ndim === 2 ? x.t() : x; case 'clone': return x.clone(); case 'flip1': return x.flip(-1);
    case 'cumsum1': return x.cumsum(-1); case 'amax1': return x.amax(-1, { keepdim: true }); case 'logsumexp1': return x.logsumexp(-1, { keepdim: true });
    case 'norm': return x.norm().expand_as(x); case 'pow2': return x.pow(2); case 'sqrtabs': return x.abs().add(0.1).sqrt();
    case 'expand': return x.get('...', torch.slice(null, 1)).expand_as(x); case 'unsqueeze_squeeze': return x.unsqueeze(0).squeeze(0);
    case 'reshape': return x.reshape(-1).reshape(x.shape);
    case 'narrow': return x.shape[x.ndim - 1] > 1 ? x.narrow(-1, 0, Math.max(1, x.shape[x.ndim - 1] - 1)) : x;
    case 'select': return x.select(-1, 0).unsqueeze(-1).expand_as(x);
    case 'gelu': return F.gelu(x); case 'silu': return F.silu(x); case 'elu': return F.elu(x); case 'leaky': return F.leaky_relu(x, 0.1); case 'softplus': return F.softplus(x);
    case 'max1': return x.max(-1, { keepdim: true }).values; case 'min_all': return x.min().expand_as(x);
    case 'var1': return x.shape[x.ndim - 1] > 1 ? x.var(-1, { keepdim: true }) : x; case 'std0': return x.shape[0] > 1 ? x.std(0, { keepdim: true }) : x;
    case 'prod1': return x.prod(-1, { keepdim: true }); case 'where_pos': return torch.where(x.gt(0), x, x.mul(0.5));
    case 'clamp': return x.clamp(-0.5, 0.7);
    case 'index_select': return x.index_select(-1, torch.tensor([0, x.shape[x.ndim - 1] - 1, 0]));
    case 'gather': return x.gather(-1, torch.zeros_like(x, { dtype: torch.int64 }));
    case 'cat0': return torch.cat([x, x.mul(2)], 0); case 'stack': return torch.stack([x, x.sin()], 0).sum(0);
    case 'repeat': return x.ndim === 2 ? x.repeat(1, 2) : x; case 'masked_fill': return x.masked_fill(x.gt(0.5), 0);
    case 'matmul_t': return x.ndim === 2 ? x.matmul(x.t()) : x; case 'tril': return x.ndim === 2 ? x.tril() : x; case 'roll': return x.roll(1, -1);
    case 'mul_inplace_clone': { const z = x.clone(); z.mul_(2); return z; }
    case 'dropout0': return F.dropout(x, 0);
    case 'add': return x.add(y); case 'sub': return x.sub(y); case 'mul': return x.mul(y); case 'div_safe': return x.div(y.abs().add(0.5));
    case 'maximum': return torch.maximum(x, y); case 'minimum': return torch.minimum(x, y); case 'atan2': return torch.atan2(x, y);
    case 'matmul': return x.ndim === 2 && y.ndim === 2 && x.shape[1] === y.shape[1] ? x.matmul(y.t()) : x.add(y);
    case 'lerp': return torch.lerp(x, y, 0.3); case 'addcmul': return torch.addcmul(x, x, y, { value: 0.5 });
    case 'hypot_like': return x.mul(x).add(y.mul(y)).add(1e-3).sqrt();
  }
  throw new Error(op);
}
const shapes = [[3, 4], [4], [3, 1], [1, 4]];
let pass = 0, fail = 0; const seen = new Set();
for (const c of JSON.parse(readFileSync(process.argv[2], 'utf8'))) {
  const dt = torch[c.dtype];
  const leaves = c.leaves.map((d, i) => torch.tensor(d, { dtype: dt }).reshape(shapes[i]).requires_grad_());
  const nodes = [...leaves]; let err = null;
  try {
    for (const [op, i, j] of c.prog) nodes.push(apply(op, nodes[i], j === undefined ? undefined : nodes[j]));
    let loss = null;
    for (const o of c.outs) { const t = nodes[o].mul(o + 1).sum(); loss = loss ? loss.add(t) : t; }
    const tol = c.dtype === 'float32' ? 2e-4 : 1e-9;
    // torch.autograd.grad first, as the generator did (cases from before it have no 'wrt')
    const agrads = c.wrt ? torch.autograd.grad(loss, c.wrt.map((w) => nodes[w]), { allow_unused: true, retain_graph: true }) : [];
    agrads.forEach((g, k) => {
      if (err) return;
      const e = c.agrads[k];
      if ((e === null) !== (g === null)) { err = `autograd.grad ${k} (node ${c.wrt[k]}): ${g === null ? 'None' : 'a tensor'} where PyTorch gives ${e === null ? 'None' : 'a tensor'}`; return; }
      if (e === null) return;
      const v = g.reshape(-1).tolist();
      for (let q = 0; q < e.length; q++) if (!(Number.isNaN(e[q]) ? Number.isNaN(v[q]) : Math.abs(v[q] - e[q]) <= tol * (1 + Math.abs(e[q])))) { err = `autograd.grad ${k}[${q}] ${v[q]} != ${e[q]}`; return; }
    });
    if (!err) leaves.forEach((l, i) => { if (l.grad !== null) err = `autograd.grad wrote leaf ${i}'s .grad`; });
    loss.backward();
    if (Math.abs(loss.item() - c.loss) > tol * (1 + Math.abs(c.loss))) err = `loss ${loss.item()} != ${c.loss}`;
    leaves.forEach((l, i) => {
      if (err) return;
      const e = c.grads[i];
      if (e === null) { if (l.grad) { const g = l.grad.reshape(-1).tolist(); if (g.some((v) => v !== 0)) err = `grad ${i} should be None`; } return; }
      if (!l.grad) { err = `grad ${i} missing`; return; }
      const g = l.grad.reshape(-1).tolist();
      for (let k = 0; k < e.length; k++) if (!(Number.isNaN(e[k]) ? Number.isNaN(g[k]) : Math.abs(g[k] - e[k]) <= tol * (1 + Math.abs(e[k])))) { err = `grad ${i}[${k}] ${g[k]} != ${e[k]}`; return; }
    });
  } catch (e) { err = `threw ${e.name}: ${e.message.split('\n')[0]} ${String(e.stack).split('\n')[1]}`; }
  if (err) { fail++; const key = err.slice(0, 20) + JSON.stringify(c.prog.map((p) => p[0])); if (seen.size < 15 && !seen.has(key)) { seen.add(key); console.log(`FAIL ${c.dtype} ${JSON.stringify(c.prog)} outs ${c.outs}: ${err}`); } } else pass++;
}
console.log(`${pass}/${pass + fail}`);
