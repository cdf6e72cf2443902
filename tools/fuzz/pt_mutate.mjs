// Robustness fuzzing (docs/fuzzing.md): torch.load of the test .pt files with bytes flipped or truncated; prints the
// error kinds and any error that is not one of PyTorch's classes. usage: node tools/fuzz/pt_mutate.mjs [SEED] [N]
import { readFileSync, readdirSync } from 'node:fs';
import * as torch from 'torchlet';
const dir = 'test/fixtures/pt/';
const files = readdirSync(dir).filter((f) => f.endsWith('.pt'));
let seed = Number(process.argv[2] ?? 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const counts = {};
const bad = [];
const N = Number(process.argv[3] ?? 3000);
for (let it = 0; it < N; it++) {
  const f = files[Math.floor(rnd() * files.length)];
  const orig = readFileSync(dir + f);
  let b = Buffer.from(orig);
  const kind = Math.floor(rnd() * 4);
  if (kind === 0) b = b.subarray(0, Math.floor(rnd() * b.length));
  else {
    const n = 1 + Math.floor(rnd() * 8);
    for (let k = 0; k < n; k++) {
      const at = Math.floor(rnd() * b.length);
      b[at] = kind === 1 ? Math.floor(rnd() * 256) : kind === 2 ? b[at] ^ (1 << Math.floor(rnd() * 8)) : [0, 255, 0x7f, 0x80][Math.floor(rnd() * 4)];
    }
  }
  const t0 = Date.now();
  let key;
  try { torch.load(new Uint8Array(b)); key = 'ok'; }
  catch (e) { key = `${e.name}: ${String(e.message).replace(/[0-9]+/g, 'N').slice(0, 90)}`; if (!['UnpicklingError', 'RuntimeError', 'ValueError', 'KeyError', 'NotImplementedError', 'EOFError', 'IndexError', 'AttributeError'].includes(e.name)) bad.push(`${f} kind${kind} it${it}: ${e.name}: ${e.message.slice(0, 150)} @ ${String(e.stack).split('\n')[1]}`); }
  const dt = Date.now() - t0;
  if (dt > 2000) bad.push(`${f} it${it}: slow ${dt} ms`);
  counts[key] = (counts[key] ?? 0) + 1;
}
for (const [k, v] of Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(String(v).padStart(5), k);
console.log('--- non-graceful:', bad.length);
for (const b of bad.slice(0, 30)) console.log(b);
console.log('rss MB', Math.round(process.memoryUsage().rss / 1e6));
