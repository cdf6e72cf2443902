// Replays tools/fuzz/print_gen.py's cases against torchlet's String(tensor) (docs/fuzzing.md): node tools/fuzz/print_run.mjs FILE
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const DT = { float32: torch.float32, float64: torch.float64, bool: torch.bool, int64: torch.int64 };
const dec = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
let pass = 0, fail = 0;
for (const c of JSON.parse(readFileSync(process.argv[2], 'utf8'))) {
  let x = torch.tensor(c.data.map(dec).map((v) => (c.dtype === 'bool' ? !!v : v)), { dtype: DT[c.dtype] }).reshape(c.shape);
  if (c.rg) x.requires_grad_();
  if (Object.keys(c.opts).length) torch.set_printoptions(c.opts);
  const y = c.mul2 ? x.mul(2) : x;
  let s; try { s = String(y); } catch (e) { s = 'THREW ' + e.message; }
  torch.set_printoptions({ profile: 'default' }); torch.set_printoptions({ sci_mode: null });
  if (s !== c.str) { fail++; if (fail <= 12) console.log(`FAIL ${c.dtype} ${JSON.stringify(c.shape)} ${JSON.stringify(c.opts)}\n--- torch:\n${c.str}\n--- torchlet:\n${s}\n`); } else pass++;
}
console.log(`${pass}/${pass + fail}`);
