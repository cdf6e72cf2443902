// Replays tools/fuzz/dtypes_gen.py's cases against torchlet (docs/fuzzing.md): node tools/fuzz/dtypes_run.mjs FILE
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const dec = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const mk = (s) => torch.tensor(s.data.map(dec).map((v) => (s.dtype === 'bool' ? !!v : v)), { dtype: torch[s.dtype] }).reshape(s.shape);
let pass = 0, fail = 0; const seen = new Set();
for (const c of JSON.parse(readFileSync(process.argv[2], 'utf8'))) {
  let err = null;
  try {
    const a = mk(c.a);
    const b = c.b === null ? undefined : 'scalar' in c.b ? c.b.scalar : mk(c.b);
    let y;
    if (c.op === 'cumsum') y = torch.cumsum(a, 0);
    else if (c.op === 'clamp') y = torch.clamp(a, { min: c.clamp[0], max: c.clamp[1] });
    else if (c.op === 'where') y = torch.where(a.dtype === torch.bool ? a : a.gt(0), a, b);
    else if (b === undefined) y = torch[c.op](a);
    else y = torch[c.op](a, b);
    if (c.error) err = `expected ${c.error.join(': ')}, got ${String(y.dtype)}`;
    else {
      if (String(y.dtype) !== 'torch.' + c.out.dtype) err = `dtype ${y.dtype} != ${c.out.dtype}`;
      else {
        const g = [y.tolist()].flat(Infinity).map((v) => (typeof v === 'boolean' ? +v : v)), e = c.out.data.map(dec);
        for (let i = 0; i < e.length && !err; i++) if (!(g[i] === e[i] || Number.isNaN(e[i]) ? Number.isNaN(g[i]) || g[i] === e[i] : Math.abs(g[i] - e[i]) <= 1e-5 * Math.max(1, Math.abs(e[i])))) err = `[${i}] ${g[i]} != ${e[i]}`;
      }
    }
  } catch (e) {
    if (!c.error) err = `threw ${e.name}: ${e.message.split('\n')[0]}`;
    else if (e.name !== c.error[0] || e.message.split('\n')[0] !== c.error[1]) err = `error ${e.name}: ${e.message.split('\n')[0]} != ${c.error.join(': ')}`;
  }
  if (err) { fail++; const k = c.op + c.a.dtype + (c.b ? (c.b.dtype ?? typeof c.b.scalar) : '') + err.slice(0, 12); if (!seen.has(k) && seen.size < 40) { seen.add(k); console.log(`FAIL ${c.op}(${c.a.dtype}, ${c.b ? (c.b.dtype ?? JSON.stringify(c.b.scalar)) : '-'}): ${err.slice(0, 250)}`); } } else pass++;
}
console.log(`${pass}/${pass + fail}`);
