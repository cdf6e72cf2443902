// `npm run bench`: torchlet's loss functions through the public API, side by side with PyTorch
// (bench/torch_losses.py, Debian's /usr/bin/python3, 1 and 2 threads, the better one counts) and
// TensorFlow.js (cpu and wasm backends, bench/tfjs_losses.mjs), all in this one invocation.
//
// Jobs (float32, as ../shared/bench/torch_losses.py times them):
//   cross_entropy_fwd_bwd  x.grad = null; F.cross_entropy(x, t).backward()
//   cross_entropy_fwd      no_grad: F.cross_entropy(x, t)
//   nll_loss_fwd_bwd       lp.grad = null; F.nll_loss(lp, t).backward()   (lp = log_softmax(x) leaf)
//   log_softmax_fwd_bwd    x.grad = null; F.log_softmax(x, 1).sum().backward()
// at 4096x1000, 2048x32000, 1048576x10 and 8x21x128x128 (segmentation-style, class dim 1).
// Each: a warm-up (>= 5 calls, ~0.25 s), then the median of --reps calls; the harness yields to the event loop
// between calls (outside the timed region), as an application between steps would (--sync: not).
//
// Also measured in the same run: the copy bandwidth of one TypedArray.set copy of the 2048x32000
// logits (bytes read + written / time), giving each job's effective GB/s (bytes it must move / time,
// see MOVES) as a fraction of it, and the memory floor of cross_entropy forward+backward
// (3·N·C·4 bytes / copy bandwidth).
//
// Then a training section (bench/training_section.mjs): the MNIST Net's training step, a char-RNN
// step, a 128-element elementwise op and matrix products, torchlet at 1 and 2 threads beside
// PyTorch at 1 and 2 threads, with ratios, and the machine's WebAssembly SIMD multiply-add peak.
// Then a small-op section (bench/small_ops_section.mjs): per-call times of ~40 everyday ops on small
// tensors (autograd recording included) beside PyTorch's, one thread each.
//
// usage: npm run bench [-- --quick] [--sync] [--reps 7] [--out bench-results-losses.json] [--no-torch] [--no-tfjs]
//        [--shapes 4096x1000,...] [--ops cross_entropy_fwd_bwd,...] [--no-training] [--training-only] [--no-small-ops]
// --quick: fewer repetitions, TF.js at 4096x1000 only; under a minute.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as torch from 'torchlet';
import { lossJobs } from './loss_jobs.mjs';
import { trainingSection } from './training_section.mjs';
import { smallOpsSection } from './small_ops_section.mjs';
import { printTable } from './table.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const quick = args.includes('--quick');
const reps = Number(opt('--reps', quick ? '5' : '7'));
const SHAPES = opt('--shapes', '4096x1000,2048x32000,1048576x10,8x21x128x128').split(',');
const OPS = opt('--ops', 'cross_entropy_fwd_bwd,cross_entropy_fwd,nll_loss_fwd_bwd,log_softmax_fwd_bwd').split(',');
const outFile = opt('--out', 'bench-results-losses.json');
const started = performance.now();
const say = (s) => process.stdout.write(s + '\n');

/** N x C arrays of 4-byte floats each job must read or write at least once (the memory model for GB/s). */
const MOVES = {
  cross_entropy_fwd_bwd: 3, // logits read in forward and again in backward, gradient written once
  cross_entropy_fwd: 1, // logits read once
  nll_loss_fwd_bwd: 1, // the gradient's zero-fill (the N picked entries are negligible)
  log_softmax_fwd_bwd: 4, // x read, output written; output read, gradient written (grad_output of .sum() aside)
};

// --sync: no yield between calls, as a plain loop runs them. Storage freed by the garbage
// collector is only recycled between tasks (FinalizationRegistry), so a loop that never yields
// gets fresh memory for every gradient, page faults included.
const sync = args.includes('--sync');
const tick = () => (sync ? undefined : new Promise((r) => setImmediate(r)));
// Warm-up: at least 5 calls and about 0.25 s (at most 50 calls). A process's first calls also
// boot the worker and grow the shared memory, whose fresh pages fault on first touch.
async function medianMs(fn, n) {
  const w0 = performance.now();
  for (let i = 0; i < 5 || (i < 50 && performance.now() - w0 < 250); i++) { fn(); await tick(); }
  const ts = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now(); fn(); ts.push(performance.now() - s);
    await tick();
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
}

// ---- copy bandwidth ----
async function copyBandwidth() {
  torch.manual_seed(0);
  const x = torch.randn([2048, 32000]);
  const src = x._data, dst = new Float32Array(src.length);
  dst.set(src);
  const ms = await medianMs(() => dst.set(src), quick ? 5 : 9);
  return { ms, gbs: (2 * src.byteLength) / ms / 1e6 };
}

// ---- torchlet ----
async function torchlet(shape) {
  const { x, lp, jobs } = lossJobs(torch, shape);
  const out = {};
  for (const op of OPS) {
    out[op] = await medianMs(jobs[op], reps);
    await new Promise((r) => setTimeout(r, 0)); // between jobs, even with --sync
  }
  x.grad = null; lp.grad = null;
  return out;
}

// ---- peers ----
function torchPeer(threads) {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return { error: 'no /usr/bin/python3' };
  try { execFileSync(py, ['-c', 'import torch'], { stdio: 'ignore' }); } catch { return { error: 'no torch module for /usr/bin/python3' }; }
  const r = spawnSync(py, [path.join(here, 'torch_losses.py'), '--threads', String(threads), '--shapes', SHAPES.join(','), '--ops', OPS.join(','), '--reps', String(reps)],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return { error: `torch_losses.py failed: ${(r.stderr || '').trim().split('\n').pop()}` };
  return { rows: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

function tfjsPeer(backend) {
  const shapes = quick ? ['4096x1000'] : [...SHAPES].sort((a, b) => numel(a) - numel(b));
  const ops = quick ? ['cross_entropy_fwd_bwd'] : OPS;
  const r = spawnSync(process.execPath, [path.join(here, 'tfjs_losses.mjs'), '--backend', backend, '--shapes', shapes.join(','), '--ops', ops.join(','),
    '--reps', quick ? '0' : '3', '--skip-over', quick ? '5' : '15'], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 9 * 60 * 1000 });
  if (r.status !== 0) return { error: `tfjs_losses.mjs (${backend}) failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return { rows: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

const numel = (s) => s.split('x').map(Number).reduce((a, b) => a * b, 1);
const fmt = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v < 10 ? 2 : d));

// ---- run ----
say(`torchlet loss benchmark: node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}${quick ? ', --quick' : ''}${sync ? ', --sync' : ''}, ${reps} reps (median)`);
const copy = await copyBandwidth();
say(`copy bandwidth: ${copy.gbs.toFixed(1)} GB/s (TypedArray.set of 2048x32000 float32 in ${copy.ms.toFixed(2)} ms, bytes read + written)`);

const trainingOnly = args.includes('--training-only');
const ours = {};
for (const shape of trainingOnly ? [] : SHAPES) {
  ours[shape] = await torchlet(shape);
  say(`torchlet ${shape}: ${OPS.map((o) => `${o} ${fmt(ours[shape][o])} ms`).join(', ')}`);
}

const peers = { torch: {}, tfjs_cpu: {}, tfjs_wasm: {} };
const notes = [];
if (args.includes('--no-torch')) notes.push('PyTorch: skipped (--no-torch)');
else if (!trainingOnly) {
  for (const threads of [1, 2]) {
    const r = torchPeer(threads);
    if (r.error) { notes.push(`PyTorch: skipped (${r.error})`); break; }
    for (const row of r.rows) {
      const k = `${row.op} ${row.shape}`;
      const prev = peers.torch[k];
      if (!prev || row.ms < prev.ms) peers.torch[k] = { ms: row.ms, threads: row.threads, peer: row.peer };
      (peers.torch[k].all ??= {})[row.threads] = row.ms;
    }
    say(`PyTorch, ${threads} thread(s): done`);
  }
}
if (args.includes('--no-tfjs') || trainingOnly) notes.push('TensorFlow.js: skipped');
else {
  for (const backend of ['cpu', 'wasm']) {
    const r = tfjsPeer(backend);
    if (r.error) { notes.push(`TensorFlow.js ${backend}: skipped (${r.error})`); continue; }
    for (const row of r.rows) {
      peers[`tfjs_${backend}`][`${row.op} ${row.shape}`] = row;
      if (row.note) notes.push(`TensorFlow.js ${backend} ${row.op} ${row.shape}: ${row.note}`);
    }
    say(`TensorFlow.js ${backend}: done`);
  }
  if (quick) notes.push('TensorFlow.js (--quick): 4096x1000 cross_entropy forward+backward only, one call including its warm-up');
}

// ---- table ----
const rows = [];
for (const op of OPS) for (const shape of trainingOnly ? [] : SHAPES) {
  const ms = ours[shape][op], k = `${op} ${shape}`;
  const bytes = MOVES[op] * numel(shape) * 4;
  const gbs = bytes / ms / 1e6;
  const tp = peers.torch[k];
  rows.push({
    op, shape, torchlet_ms: +ms.toFixed(3),
    torch_ms: tp ? tp.ms : null, torch_threads: tp ? tp.threads : null, torch_ms_by_threads: tp?.all ?? null,
    speedup_vs_torch: tp ? +(tp.ms / ms).toFixed(2) : null,
    gb_per_s: +gbs.toFixed(2), fraction_of_copy_bw: +(gbs / copy.gbs).toFixed(3),
    tfjs_cpu_ms: peers.tfjs_cpu[k]?.ms ?? null, tfjs_wasm_ms: peers.tfjs_wasm[k]?.ms ?? null,
  });
}
const head = ['job', 'N x C', 'torchlet ms', 'PyTorch ms (thr)', 'vs PyTorch', 'GB/s', 'of copy bw', 'tfjs-cpu ms', 'tfjs-wasm ms'];
const body = rows.map((r) => [r.op, r.shape, fmt(r.torchlet_ms), r.torch_ms === null ? '-' : `${fmt(r.torch_ms)} (${r.torch_threads})`,
  r.speedup_vs_torch === null ? '-' : `${r.speedup_vs_torch.toFixed(2)}x`, r.gb_per_s.toFixed(1), `${Math.round(r.fraction_of_copy_bw * 100)}%`, fmt(r.tfjs_cpu_ms), fmt(r.tfjs_wasm_ms)]);
if (!trainingOnly) {
  printTable(head, body, say);
  say('"vs PyTorch" = PyTorch ms / torchlet ms (PyTorch at the better of 1 and 2 threads); GB/s counts the N x C arrays each job must move (MOVES).');
}

// ---- targets ----
const get = (op, shape) => rows.find((r) => r.op === op && r.shape === shape);
const targets = [];
const ratioTarget = (op, shape, min, label) => {
  const r = get(op, shape);
  if (!r) return;
  if (r.speedup_vs_torch === null) targets.push({ target: label, result: 'n/a (no PyTorch)' });
  else targets.push({ target: label, value: r.speedup_vs_torch, pass: r.speedup_vs_torch >= min, result: `${r.speedup_vs_torch.toFixed(2)}x` });
};
ratioTarget('cross_entropy_fwd_bwd', '2048x32000', 3, 'cross_entropy fwd+bwd 2048x32000 >= 3x faster than PyTorch');
ratioTarget('cross_entropy_fwd_bwd', '4096x1000', 3, 'cross_entropy fwd+bwd 4096x1000 >= 3x faster than PyTorch');
ratioTarget('nll_loss_fwd_bwd', '1048576x10', 2, 'nll_loss fwd+bwd 1048576x10 >= 2x faster than PyTorch');
for (const shape of SHAPES) ratioTarget('log_softmax_fwd_bwd', shape, 1, `log_softmax fwd+bwd ${shape} no slower than PyTorch`);
const ce = get('cross_entropy_fwd_bwd', '2048x32000');
let floor = null;
if (ce) {
  floor = { ms: (3 * numel('2048x32000') * 4) / copy.gbs / 1e6 };
  floor.times = ce.torchlet_ms / floor.ms;
  targets.push({ target: 'cross_entropy fwd+bwd 2048x32000 within 3x of the memory floor', value: +floor.times.toFixed(2), pass: floor.times <= 3,
    result: `${ce.torchlet_ms.toFixed(1)} ms = ${floor.times.toFixed(2)}x the floor of ${floor.ms.toFixed(1)} ms` });
}
const training = args.includes('--no-training') ? null
  : trainingSection({ quick, torch: !args.includes('--no-torch'), here, say, fmt });
if (training) targets.push(...training.targets);
const smallOps = args.includes('--no-small-ops') ? null
  : smallOpsSection({ quick, torch: !args.includes('--no-torch'), here, say });
if (smallOps) targets.push(...smallOps.targets);
say('');
for (const t of targets) say(`${t.pass === undefined ? '    ' : t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.result}`);
for (const n of notes) say(`note: ${n}`);

const result = {
  date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cpus: availableParallelism(), quick, sync, reps,
  copy_bandwidth: { gb_per_s: +copy.gbs.toFixed(2), ms: +copy.ms.toFixed(3), bytes: 2 * numel('2048x32000') * 4 },
  memory_floor_cross_entropy_2048x32000_ms: floor ? +floor.ms.toFixed(2) : null,
  moves: MOVES, rows, training, small_ops: smallOps, targets, notes, elapsed_s: Math.round((performance.now() - started) / 1000),
};
writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
say(`wrote ${outFile} (${result.elapsed_s} s)`);
