// Replays tools/fuzz/data_gen.py's cases against torchlet.utils.data (docs/fuzzing.md): node tools/fuzz/data_run.mjs FILE
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const { DataLoader, TensorDataset, RandomSampler, random_split } = torch.utils.data;
let pass = 0, fail = 0; const msgs = new Set();
for (const c of JSON.parse(readFileSync(process.argv[2], 'utf8'))) {
  let err = null;
  try {
    torch.manual_seed(c.seed);
    const ds = new TensorDataset(torch.arange(c.n), torch.arange(c.n).mul(10));
    if (c.kind === 'loader' || c.kind === 'gen_loader') {
      const kw = { ...c.kw };
      if (c.kind === 'gen_loader') kw.generator = new torch.Generator().manual_seed(c.gseed);
      const dl = new DataLoader(ds, kw);
      if (c.error) throw new Error('expected error');
      const epochs = [];
      for (let ep = 0; ep < 2; ep++) epochs.push([...dl].map((b) => (Array.isArray(b) ? b[0].tolist() : b.tolist())));
      if (JSON.stringify(epochs) !== JSON.stringify(c.epochs)) err = `epochs ${JSON.stringify(epochs).slice(0, 150)} != ${JSON.stringify(c.epochs).slice(0, 150)}`;
      else if (dl.length !== c.len && dl.__len__?.() !== c.len) err = `len ${dl.length} != ${c.len}`;
    } else if (c.kind === 'split') {
      const g = c.gseed !== undefined ? new torch.Generator().manual_seed(c.gseed) : undefined;
      const parts = g ? random_split(ds, c.lengths, g) : random_split(ds, c.lengths);
      if (c.error) throw new Error('expected error');
      const got = parts.map((p) => Array.from(p.indices));
      if (JSON.stringify(got) !== JSON.stringify(c.parts)) err = `parts ${JSON.stringify(got).slice(0, 150)} != ${JSON.stringify(c.parts).slice(0, 150)}`;
    } else {
      const s = new RandomSampler(Array.from({ length: c.n }, (_, i) => i), c.kw);
      if (c.error) throw new Error('expected error');
      const got = [[...s], [...s]];
      if (JSON.stringify(got) !== JSON.stringify(c.order)) err = `order ${JSON.stringify(got).slice(0, 150)} != ${JSON.stringify(c.order).slice(0, 150)}`;
    }
    if (!err && c.after !== undefined) { const a = torch.rand(1).item(); if (Math.abs(a - c.after) > 1e-7) err = `generator state after: ${a} != ${c.after}`; }
  } catch (e) {
    if (c.error) { if (e.name !== c.error[0] || e.message !== c.error[1]) err = `error ${e.name}: ${e.message} != ${c.error[0]}: ${c.error[1]}`; }
    else err = `threw ${e.name}: ${e.message}`;
  }
  if (err) { fail++; const k = c.kind + err.slice(0, 25); if (!msgs.has(k)) { msgs.add(k); console.log(`FAIL ${JSON.stringify({ ...c, epochs: undefined, parts: undefined, order: undefined })}: ${err}`); } } else pass++;
}
console.log(`${pass}/${pass + fail}`);
