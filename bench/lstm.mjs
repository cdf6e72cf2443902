// LSTM training speed: pytorch/examples word_language_model's recurrent core, nn.LSTM(200, 200, 2)
// over a 35 x 20 batch (bptt 35, batch 20), forward + backward of sum(output * w) + the states,
// side by side with PyTorch (bench/torch_lstm.py, /usr/bin/python3, 1 and 2 threads).
// usage: npm run build && node bench/lstm.mjs [--reps 30] [--no-torch] [--mode LSTM|GRU|RNN_TANH]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as torch from 'torchlet';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const reps = Number(opt('--reps', '30'));
const mode = opt('--mode', 'LSTM');
const [T, B, E, H, L] = [35, 20, 200, 200, 2];

torch.manual_seed(0);
const m = mode === 'LSTM' ? new torch.nn.LSTM(E, H, L) : mode === 'GRU' ? new torch.nn.GRU(E, H, L)
  : new torch.nn.RNN(E, H, L, { nonlinearity: mode === 'RNN_RELU' ? 'relu' : 'tanh' });
const x = torch.randn(T, B, E, { requires_grad: true });
const w = torch.randn(T, B, H);
const step = () => {
  m.zero_grad(); x.grad = null;
  const [out] = m(x);
  out.mul(w).sum().backward();
};
for (let i = 0; i < 5; i++) step();
// wall time and CPU time (this process, all threads): on a shared machine the CPU time is the steadier measure
const times = [], cpu = [];
for (let i = 0; i < reps; i++) {
  const t0 = performance.now(), c0 = process.cpuUsage();
  step();
  const c = process.cpuUsage(c0);
  times.push(performance.now() - t0); cpu.push((c.user + c.system) / 1000);
}
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const ms = median(times), cms = median(cpu);
const row = (who, v, c) => `${who.padEnd(20)} ${v.toFixed(2).padStart(8)} ms/batch ${((T * B) / v * 1000).toFixed(0).padStart(7)} tokens/s | CPU ${c.toFixed(2).padStart(8)} ms/batch ${((T * B) / c * 1000).toFixed(0).padStart(7)} tokens/s`;
console.log(`nn.${mode === 'LSTM' || mode === 'GRU' ? mode : 'RNN'}(${E}, ${H}, ${L}) forward+backward, ${T}x${B} batch (median of ${reps})`);
console.log(row('torchlet', ms, cms));
if (!args.includes('--no-torch')) {
  for (const threads of [1, 2]) {
    const r = spawnSync('/usr/bin/python3', [path.join(here, 'torch_lstm.py'), String(threads), String(reps), mode], { encoding: 'utf8' });
    if (r.status !== 0) { console.log(`PyTorch (${threads} thread): unavailable`); break; }
    const [pt, pc] = r.stdout.trim().split(' ').map(Number);
    console.log(`${row(`PyTorch ${threads} thread${threads > 1 ? 's' : ''}`, pt, pc)} | torchlet/PyTorch speed: wall ${(pt / ms).toFixed(2)}x, CPU ${(pc / cms).toFixed(2)}x`);
  }
}
