// Replays tools/fuzz_modules.py's output against torchlet: node tools/fuzz_modules_run.mjs FILE; prints the
// first failure of each kind and pass/total.
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const nn = torch.nn;
const DT = { float32: torch.float32, float64: torch.float64, bool: torch.bool, int64: torch.int64 };
const dec = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const mk = (s) => torch.tensor(s.data.map(dec), { dtype: DT[s.dtype] }).reshape(s.shape);
function cmp(t, s, what, tol = 1e-4) {
  if (!t) return `${what}: missing`;
  if (JSON.stringify(Array.from(t.shape)) !== JSON.stringify(s.shape)) return `${what}: shape ${JSON.stringify(t.shape)} != ${JSON.stringify(s.shape)}`;
  const g = [t.tolist()].flat(Infinity), e = s.data.map(dec);
  for (let i = 0; i < e.length; i++) if (Number.isNaN(e[i]) ? !Number.isNaN(g[i]) : Math.abs(g[i] - e[i]) > tol + tol * Math.abs(e[i])) return `${what}[${i}]: ${g[i]} != ${e[i]}`;
  return null;
}
let pass = 0, fail = 0; const seen = {};
for (const c of JSON.parse(readFileSync(process.argv[2], 'utf8'))) {
  let err = null;
  try {
    torch.manual_seed(c.seed);
    const a = c.args.map((v) => v);
    const m = Object.keys(c.kwargs).length ? new nn[c.name](...a, c.kwargs) : new nn[c.name](...a);
    if (c.error) {
      // the error came from the forward (or backward): run them
      if (c.x) {
        const x = mk(c.x); if (x.dtype.is_floating_point) x.requires_grad_();
        let y = c.x2 ? m(x, mk(c.x2)) : c.name === 'MultiheadAttention' ? m(x, x, x)[0] : m(x);
        if (Array.isArray(y)) y = y[0];
        y.sum().backward();
      }
      err = `expected ${c.error[0]}: ${c.error[1]}`;
    } else {
      if (String(m) !== c.repr) err = `repr:\n${String(m)}\n!=\n${c.repr}`;
      const sd = m.state_dict();
      const keys = [...sd.keys()];
      if (!err && JSON.stringify(keys) !== JSON.stringify(Object.keys(c.state))) err = `state keys ${keys} != ${Object.keys(c.state)}`;
      for (const k of keys) if (!err) err = cmp(sd.get(k), c.state[k], `state ${k}`, 1e-6);
      if (!err) {
        const x = mk(c.x); if (x.dtype.is_floating_point) x.requires_grad_();
        let y = c.x2 ? m(x, mk(c.x2)) : c.name === 'MultiheadAttention' ? m(x, x, x)[0] : m(x);
        if (Array.isArray(y)) y = y[0];
        err = cmp(y, c.y, 'y');
        if (!err) {
          y.mul(mk(c.go)).sum().backward();
          if (c.gx) err = cmp(x.grad, c.gx, 'gx');
          for (const [k, p] of m.named_parameters()) if (!err && c.gparams[k]) err = cmp(p.grad, c.gparams[k], `grad ${k}`);
          if (c.state_after) { const sd2 = m.state_dict(); for (const k of Object.keys(c.state_after)) if (!err) err = cmp(sd2.get(k), c.state_after[k], `state after ${k}`, 1e-5); }
        }
      }
    }
  } catch (e) {
    if (c.error && e.name === c.error[0] && e.message === c.error[1]) err = null;
    else err = `threw ${e.name}: ${e.message.split('\n')[0]}${c.error ? ` (expected ${c.error[0]}: ${c.error[1]})` : ''} ${String(e.stack).split('\n')[1]}`;
  }
  if (err) { fail++; const key = c.name + err.slice(0, 30); if (!seen[key]) { seen[key] = 1; console.log(`FAIL ${c.name} ${JSON.stringify(c.args)} ${JSON.stringify(c.kwargs)}: ${err.slice(0, 600)}\n`); } } else pass++;
}
console.log(`${pass}/${pass + fail}`);
