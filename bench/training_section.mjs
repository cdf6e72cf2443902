// The training section of `npm run bench` (bench/losses.mjs): runs bench/training.mjs (torchlet)
// and bench/torch_training.py (PyTorch) in fresh processes at 1 and 2 threads each, interleaved,
// `rounds` times (3; --quick: 1), takes each job's median over the rounds, then the better thread
// count of each side, and prints the ratios (above 1: torchlet faster) with the targets,
// plus word_language_model's LSTM training (tokens/s, `torchlet word_language_model --limit`)
// against upstream's main.py (tools/upstream/run_word_language_model.py, OMP_NUM_THREADS threads),
// and the WebAssembly SIMD multiply-add peak (bench/simd_peak.mjs) and GEMM as a fraction of it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { simdPeak } from './simd_peak.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

function runChild(cmd, argv, env) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24, timeout: 10 * 60 * 1000 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || '').trim().split('\n').pop() };
  return { rows: r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) };
}

/** The figure each job is compared by, and whether higher is better. */
const METRIC = (job) => (job === 'net_step' ? ['samples_per_s', true] : job === 'lstm_lm' ? ['tokens_per_s', true] : job.startsWith('mm ') ? ['gflops', true] : job === 'ew128' ? ['us', false] : ['ms', false]);

export function trainingSection({ quick, torch, here, say, fmt }) {
  const rounds = quick ? 1 : 3, notes = [];
  const cli = path.join(here, '../dist/cli.js'), lmPeer = path.join(here, '../tools/upstream/run_word_language_model.py');
  const LM_TOKENS = quick ? 7000 : 14000;
  const py = '/usr/bin/python3', hasTorch = torch && existsSync(py) && spawnSync(py, ['-c', 'import torch']).status === 0;
  if (torch && !hasTorch) notes.push('PyTorch: skipped (no torch module for /usr/bin/python3)');
  const seen = {}; // seen[peer][threads][job] = [values]
  const add = (peer, rows) => { for (const r of rows) { const [m] = METRIC(r.job); ((seen[peer] ??= {})[r.threads] ??= {})[r.job] ??= []; seen[peer][r.threads][r.job].push(r[m]); } };
  say('');
  say(`training section: ${rounds} round(s) of fresh processes, torchlet and PyTorch at 1 and 2 threads, interleaved`);
  for (let round = 0; round < rounds; round++) {
    for (const t of [1, 2]) {
      const r = runChild(process.execPath, [path.join(here, 'training.mjs'), ...(quick ? ['--quick'] : [])], { TORCHLET_NUM_THREADS: String(t) });
      if (r.error) notes.push(`torchlet ${t} thread(s): ${r.error}`); else add('torchlet', r.rows);
      if (hasTorch) {
        const p = runChild(py, [path.join(here, 'torch_training.py'), '--threads', String(t), ...(quick ? ['--quick'] : [])], {});
        if (p.error) notes.push(`PyTorch ${t} thread(s): ${p.error}`); else add('torch', p.rows);
      }
    }
    // word_language_model (LSTM, its defaults) on the first LM_TOKENS tokens of the embedded corpus,
    // against upstream's main.py run by tools/upstream/run_word_language_model.py
    if (existsSync(cli) && existsSync(lmPeer)) for (const t of [1, 2]) {
      const r = runChild(process.execPath, [cli, 'word_language_model', '--epochs', '1', '--limit', String(LM_TOKENS), '--json'], { TORCHLET_NUM_THREADS: String(t) });
      if (r.error) notes.push(`torchlet word_language_model ${t} thread(s): ${r.error}`);
      else add('torchlet', [{ job: 'lstm_lm', threads: t, tokens_per_s: r.rows.at(-1).train_tokens_per_s }]);
      if (!hasTorch) continue;
      const p = runChild(py, [lmPeer, '--epochs', '1', '--limit', String(LM_TOKENS), '--json'], { OMP_NUM_THREADS: String(t) });
      if (p.error) notes.push(`upstream word_language_model ${t} thread(s): ${p.error}`);
      else add('torch', [{ job: 'lstm_lm', threads: t, tokens_per_s: p.rows.at(-1).train_tokens_per_s }]);
    }
    say(`  round ${round + 1}/${rounds} done`);
  }
  const peak = simdPeak();
  const peakFma = peak.relaxed_madd ?? peak.mul_add;
  // per job: each side's median per thread count, then its better thread count
  const jobs = Object.keys(seen.torchlet?.[1] ?? {});
  const best = (peer, job) => {
    const [, higher] = METRIC(job);
    let out = null;
    for (const t of [1, 2]) {
      const v = seen[peer]?.[t]?.[job];
      if (!v) continue;
      const m = median(v);
      if (!out || (higher ? m > out.value : m < out.value)) out = { value: m, threads: t };
    }
    return out;
  };
  const rows = jobs.map((job) => {
    const [metric, higher] = METRIC(job), ours = best('torchlet', job), theirs = best('torch', job);
    const byThreads = (peer) => Object.fromEntries([1, 2].map((t) => [t, seen[peer]?.[t]?.[job] ? +median(seen[peer][t][job]).toFixed(3) : null]));
    const ratio = theirs ? (higher ? ours.value / theirs.value : theirs.value / ours.value) : null;
    return {
      job, metric, torchlet: +ours.value.toFixed(3), torchlet_threads: ours.threads, torchlet_by_threads: byThreads('torchlet'),
      torch: theirs ? +theirs.value.toFixed(3) : null, torch_threads: theirs?.threads ?? null, torch_by_threads: theirs ? byThreads('torch') : null,
      ratio: ratio === null ? null : +ratio.toFixed(2),
      fraction_of_simd_peak: metric === 'gflops' && peakFma ? +(ours.value / (peakFma * ours.threads)).toFixed(2) : null,
    };
  });
  const head = ['training job', 'unit', 'torchlet (thr)', '1 / 2 threads', 'PyTorch (thr)', '1 / 2 threads', 'ratio', 'of SIMD peak'];
  const body = rows.map((r) => [r.job, r.metric, `${fmt(r.torchlet)} (${r.torchlet_threads})`, `${fmt(r.torchlet_by_threads[1])} / ${fmt(r.torchlet_by_threads[2])}`,
    r.torch === null ? '-' : `${fmt(r.torch)} (${r.torch_threads})`, r.torch_by_threads ? `${fmt(r.torch_by_threads[1])} / ${fmt(r.torch_by_threads[2])}` : '-',
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`, r.fraction_of_simd_peak === null ? '' : `${Math.round(r.fraction_of_simd_peak * 100)}%`]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  say('');
  say(line(head));
  say(width.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) say(line(b));
  say('"ratio" = how many times faster torchlet is (samples/s or GFLOP/s: ours / PyTorch\'s; ms or us: PyTorch\'s / ours), each side at its better thread count.');
  say(`WebAssembly SIMD multiply-add peak, one thread: ${peak.relaxed_madd ?? '-'} GFLOP/s (f32x4.relaxed_madd), ${peak.mul_add ?? '-'} GFLOP/s (f32x4.mul + add); "of SIMD peak" = GFLOP/s / (peak x threads).`);
  for (const n of notes) say(`note: ${n}`);

  const targets = [];
  const get = (job) => rows.find((r) => r.job === job);
  const ratioTarget = (job, min, label) => {
    const r = get(job);
    if (!r || r.ratio === null) { if (r) targets.push({ target: label, result: 'n/a (no PyTorch)' }); return; }
    targets.push({ target: label, value: r.ratio, pass: r.ratio >= min, result: `${r.ratio.toFixed(2)}x` });
  };
  ratioTarget('net_step', 1, 'MNIST Net training step >= 1.0x PyTorch\'s samples/s');
  const lm = get('lstm_lm');
  if (lm?.ratio != null) targets.push({ target: 'word_language_model LSTM training tokens/s vs upstream main.py (reported, no target)', value: lm.ratio, result: `${lm.ratio.toFixed(2)}x` });
  ratioTarget('char_rnn', 1.5, 'char-RNN step (10 steps + backward, batch 1) >= 1.5x PyTorch\'s speed');
  const ew = get('ew128');
  if (ew) targets.push({ target: 'elementwise op on 128 elements with autograd recording <= 2 us', value: ew.torchlet, pass: ew.torchlet <= 2, result: `${ew.torchlet.toFixed(2)} us` });
  for (const r of rows.filter((x) => x.metric === 'gflops')) ratioTarget(r.job, 0.75, `${r.job} >= 75% of PyTorch's GFLOP/s`);
  return { rounds, simd_peak_gflops: peak, rows, targets, notes };
}
