// Robustness fuzzing (docs/fuzzing.md): safetensors.deserialize of the test files with bytes changed or truncated.
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const srcs = ['test/fixtures/mnist_net.safetensors', 'test/fixtures/mnist_dtypes.safetensors'].map((f) => readFileSync(f));
let seed = 7; const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const counts = {}, bad = [];
for (let it = 0; it < 3000; it++) {
  let b = Buffer.from(srcs[it % 2]);
  const k = Math.floor(rnd() * 3);
  if (k === 0) b = b.subarray(0, Math.floor(rnd() * Math.min(b.length, 2000)));
  else for (let j = 0; j < 1 + rnd() * 4; j++) { const at = Math.floor(rnd() * Math.min(b.length, k === 1 ? 600 : b.length)); b[at] = Math.floor(rnd() * 256); }
  let key;
  try { torch.safetensors.deserialize(new Uint8Array(b)); key = 'ok'; }
  catch (e) { key = `${e.name}: ${String(e.message).replace(/[0-9]+/g, 'N').slice(0, 100)}`; if (!['SafetensorError', 'RuntimeError', 'ValueError', 'Error'].includes(e.name) || /undefined|null|not a function/.test(e.message)) bad.push(`${e.name}: ${e.message.slice(0, 150)} @ ${String(e.stack).split('\n')[1]}`); }
  counts[key] = (counts[key] ?? 0) + 1;
}
for (const [k, v] of Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(String(v).padStart(5), k);
console.log('--- non-graceful:', bad.length); for (const b of bad.slice(0, 20)) console.log(b);
