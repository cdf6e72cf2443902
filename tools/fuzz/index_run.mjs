// Replays tools/fuzz/index_gen.py's cases against torchlet (docs/fuzzing.md): node tools/fuzz/index_run.mjs FILE
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const toIdx = ([k, v]) => k === 'int' ? v : k === 'slice' ? torch.slice(v[0], v[1], v[2]) : k === 'none' ? null : k === 'ellipsis' ? '...' : k === 'tensor' || k === 'tensor2d' ? torch.tensor(v, { dtype: torch.int64 }) : k === 'list' ? v : k === 'mask' ? torch.tensor(v) : v;
const same = (t, s) => JSON.stringify(Array.from(t.shape)) === JSON.stringify(s.shape) && JSON.stringify([t.tolist()].flat(Infinity)) === JSON.stringify(s.data);
let pass = 0, fail = 0; const seen = new Set();
for (const c of JSON.parse(readFileSync(process.argv[2], 'utf8'))) {
  const n = c.shape.reduce((a, b) => a * b, 1);
  const x = torch.arange(n, { dtype: torch.float32 }).reshape(c.shape);
  const idx = c.idx.map(toIdx);
  if (c.op === 'set_tensor' && !c.value) continue;
  let err = null;
  try {
    if (c.op === 'get') {
      const y = x.get(...idx);
      if (c.error) err = `expected ${c.error.join(': ')}, got value`;
      else if (!same(y, c.out)) err = `out ${JSON.stringify(y.shape)} ${JSON.stringify(y.tolist()).slice(0, 80)} != ${JSON.stringify(c.out.shape)} ${JSON.stringify(c.out.data).slice(0, 80)}`;
      else {
        const xr = x.clone().requires_grad_(); const yr = xr.get(...idx);
        yr.mul(torch.arange(yr.numel(), { dtype: torch.float32 }).reshape(yr.shape).add(1)).sum().backward();
        if (!same(xr.grad, c.grad)) err = `grad ${JSON.stringify(xr.grad.tolist()).slice(0, 80)} != ${JSON.stringify(c.grad.data).slice(0, 80)}`;
      }
    } else {
      const y = x.clone();
      const v = c.op === 'set_scalar' ? -1.5 : torch.tensor(c.value.data, { dtype: torch.float32 }).reshape(c.value.shape);
      y.set(...idx, v);
      if (c.error) err = `expected ${c.error.join(': ')}, got value`;
      else if (!same(y, c.out)) err = `out ${JSON.stringify(y.tolist()).slice(0, 80)} != ${JSON.stringify(c.out.data).slice(0, 80)}`;
    }
  } catch (e) {
    if (!c.error) err = `threw ${e.name}: ${e.message.split('\n')[0]}`;
    else if (e.name !== c.error[0] || e.message.split('\n')[0] !== c.error[1]) err = `error ${e.name}: ${e.message.split('\n')[0]} != ${c.error.join(': ')}`;
  }
  if (err) { fail++; const k = c.op + err.slice(0, 40); if (!seen.has(k) && seen.size < 25) { seen.add(k); console.log(`FAIL ${c.op} [${c.shape}] ${JSON.stringify(c.idx)}: ${err}`); } } else pass++;
}
console.log(`${pass}/${pass + fail}`);
