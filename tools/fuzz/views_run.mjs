// Replays tools/fuzz/views_gen.py's cases against torchlet (docs/fuzzing.md): node tools/fuzz/views_run.mjs FILE
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const DT = { float32: torch.float32, float64: torch.float64, bool: torch.bool, int64: torch.int64 };
const dec = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const mk = (s) => torch.tensor(s.data.map(dec).map((v) => (s.dtype === 'bool' ? !!v : v)), { dtype: DT[s.dtype] }).reshape(s.shape);
function cmp(t, s, what) {
  if (!t) return `${what}: missing`;
  if (JSON.stringify(Array.from(t.shape)) !== JSON.stringify(s.shape)) return `${what}: shape ${JSON.stringify(t.shape)} != ${JSON.stringify(s.shape)}`;
  if (String(t.dtype) !== 'torch.' + s.dtype) return `${what}: dtype ${t.dtype} != ${s.dtype}`;
  const g = [t.tolist()].flat(Infinity).map((v) => (typeof v === 'boolean' ? +v : v)), e = s.data.map(dec);
  for (let i = 0; i < e.length; i++) {
    const a = g[i], b = e[i];
    if (Number.isNaN(b) ? !Number.isNaN(a) : Math.abs(a - b) > 1e-4 + 1e-4 * Math.abs(b)) return `${what}[${i}]: ${a} != ${b}`;
  }
  return null;
}
let pass = 0, fail = 0;
for (const f of process.argv.slice(2)) for (const c of JSON.parse(readFileSync(f, 'utf8')).cases) {
  let err = null, thrown = null, out, leaf;
  try {
    const base = mk(c.base);
    leaf = base.clone().requires_grad_(c.rg);
    let x = c.nonleaf ? leaf.mul(1) : leaf;
    for (const [name, args] of c.chain) x = name === 'mT' ? x.mT : x[name](...args);
    if (c.final) {
      const [name, args] = c.final;
      const other = c.other ? mk(c.other) : null;
      if (name === 'sort_values') out = x.sort(x.ndim ? -1 : 0).values;
      else if (name === 'index_add_') out = x.index_add_(0, mk(args[1]), other);
      else if (other) out = x[name](other, ...args);
      else out = x[name](...args);
    }
  } catch (e) { thrown = e; }
  if (c.error) {
    // the generator records an error of the backward the same way (without its gradient): any
    // gradient of the output's shape reaches it
    if (!thrown && out?.requires_grad) try { out.mul(torch.ones_like(out)).sum().backward(); } catch (e) { thrown = e; }
    if (!thrown) err = `expected ${c.error[0]}: ${c.error[1]}, got a value`;
    else if (thrown.name !== c.error[0] || thrown.message.split('\n')[0] !== c.error[1]) err = `expected ${c.error[0]}: ${c.error[1]} | got ${thrown.name}: ${thrown.message.split('\n')[0]}`;
  } else if (thrown) err = `threw ${thrown.name}: ${thrown.message.split('\n')[0]} ${thrown.stack.split('\n')[1]}`;
  else {
    err = cmp(out, c.expect.out, 'out');
    if (!err && c.expect.grad_output) {
      try { out.mul(mk(c.expect.grad_output)).sum().backward(); err = c.expect.grad ? cmp(leaf.grad, c.expect.grad, 'grad') : (leaf.grad ? 'grad should be None' : null); }
      catch (e) { err = `backward threw ${e.name}: ${e.message.split('\n')[0]}`; }
    }
    if (!err) err = cmp(leaf.detach(), c.expect.base_after, 'base_after');
  }
  if (err) { fail++; console.log(`FAIL ${c.id} ${JSON.stringify(c.chain)} ${JSON.stringify(c.final)} [${c.base.shape}] ${c.base.dtype}: ${err}`.slice(0, 400)); } else pass++;
}
console.log(`${pass}/${pass + fail} passed`);
