// torchlet timed the way ../shared/bench/torch_losses.py times PyTorch: a fresh process, 2 warm-up
// calls, then the median of --reps calls in a plain loop that never yields. `npm run bench` warms
// each job up for longer (>= 5 calls, ~0.25 s); this shows what a short script sees.
//
// usage: node bench/first_calls.mjs [--shapes 4096x1000,8x21x128x128] [--reps 7] [--warmup 2]   (after npm run build)
import * as torch from '../dist/node/index.js';
import { lossJobs } from './loss_jobs.mjs';

const arg = (name, def) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : def; };
const shapes = arg('--shapes', '4096x1000,2048x32000,1048576x10,8x21x128x128').split(',');
const reps = Number(arg('--reps', '7'));
const warmup = Number(arg('--warmup', '2'));

function medianMs(fn) {
  for (let i = 0; i < warmup; i++) fn();
  const ts = [];
  for (let i = 0; i < reps; i++) { const s = performance.now(); fn(); ts.push(performance.now() - s); }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
}

for (const shape of shapes) {
  const { jobs } = lossJobs(torch, shape);
  for (const [op, fn] of Object.entries(jobs))
    console.log(JSON.stringify({ peer: 'torchlet', op, shape, ms: Number(medianMs(fn).toFixed(3)) }));
}
process.exit(0);
