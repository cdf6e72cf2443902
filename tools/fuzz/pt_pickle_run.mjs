// Loads the mutated archives tools/fuzz/pt_pickle_gen.py wrote to /tmp/mpt (docs/fuzzing.md).
import { readFileSync, readdirSync } from 'node:fs';
import * as torch from 'torchlet';
const counts = {}, bad = [];
for (const f of readdirSync('/tmp/mpt')) {
  const b = readFileSync('/tmp/mpt/' + f);
  const t0 = Date.now(); let key;
  try { torch.load(new Uint8Array(b)); key = 'ok'; }
  catch (e) { key = `${e.name}: ${String(e.message).replace(/[0-9]+/g, 'N').slice(0, 100)}`; if (!['UnpicklingError', 'RuntimeError', 'ValueError', 'KeyError', 'NotImplementedError', 'EOFError'].includes(e.name)) bad.push(`${f}: ${e.name}: ${e.message.slice(0, 150)} @ ${String(e.stack).split('\n')[1]}`); }
  if (Date.now() - t0 > 2000) bad.push(`${f} slow`);
  counts[key] = (counts[key] ?? 0) + 1;
}
for (const [k, v] of Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(String(v).padStart(5), k);
console.log('--- non-graceful:', bad.length); for (const b of bad.slice(0, 30)) console.log(b);
console.log('rss MB', Math.round(process.memoryUsage().rss / 1e6));
