// The small-op section of `npm run bench` (bench/losses.mjs; alone: `node bench/small_ops_section.mjs
// [--quick] [--no-torch]`): per-call times of everyday ops on small tensors, torchlet
// (bench/small_ops.mjs) beside PyTorch (bench/torch_small_ops.py), each in fresh processes on one
// thread (the better count for ops this small on both sides), interleaved, `rounds` times
// (3; --quick: 1), the median of the rounds per job. Ratio = PyTorch's time / torchlet's (above 1:
// torchlet is faster).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './table.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

function rowsOf(cmd, argv, env) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24, timeout: 10 * 60 * 1000 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || '').trim().split('\n').pop() };
  return { rows: r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) };
}

export function smallOpsSection({ quick, torch, here, say }) {
  const rounds = quick ? 1 : 3, notes = [], seen = { torchlet: {}, torch: {} };
  const py = '/usr/bin/python3', hasTorch = torch && existsSync(py) && spawnSync(py, ['-c', 'import torch']).status === 0;
  if (torch && !hasTorch) notes.push('PyTorch: skipped (no torch module for /usr/bin/python3)');
  const extra = quick ? ['--quick'] : [];
  say('');
  say(`small-op section: ${rounds} round(s) of fresh processes, one thread each, interleaved`);
  for (let round = 0; round < rounds; round++) {
    const ours = rowsOf(process.execPath, [path.join(here, 'small_ops.mjs'), ...extra], { TORCHLET_NUM_THREADS: '1' });
    if (ours.error) notes.push(`torchlet: ${ours.error}`);
    else for (const r of ours.rows) (seen.torchlet[r.job] ??= []).push(r.us);
    if (hasTorch) {
      const theirs = rowsOf(py, [path.join(here, 'torch_small_ops.py'), '--threads', '1', ...extra], {});
      if (theirs.error) notes.push(`PyTorch: ${theirs.error}`);
      else for (const r of theirs.rows) (seen.torch[r.job] ??= []).push(r.us);
    }
  }
  const rows = Object.keys(seen.torchlet).map((job) => {
    const us = median(seen.torchlet[job]), theirs = seen.torch[job] ? median(seen.torch[job]) : null;
    return { job, torchlet_us: +us.toFixed(2), torch_us: theirs === null ? null : +theirs.toFixed(2), ratio: theirs === null ? null : +(theirs / us).toFixed(2) };
  });
  const f = (v) => (v === null ? '-' : v.toFixed(2));
  printTable(['small op', 'unit', 'torchlet', 'PyTorch', 'ratio'], rows.map((r) => [r.job, 'us', f(r.torchlet_us), f(r.torch_us), r.ratio === null ? '-' : `${f(r.ratio)}x`]), say);
  const rated = rows.filter((r) => r.ratio !== null);
  const targets = [];
  if (rated.length) {
    const geo = Math.exp(rated.reduce((s, r) => s + Math.log(r.ratio), 0) / rated.length);
    const slower = rated.filter((r) => r.ratio < 1);
    say(`"ratio" = PyTorch's time / torchlet's. Geometric mean ${geo.toFixed(2)}x over ${rated.length} ops; slower than PyTorch: ${slower.length ? slower.map((r) => `${r.job} ${f(r.ratio)}x`).join(', ') : 'none'}.`);
    targets.push({ target: 'small-tensor ops cost at most what PyTorch\'s do (every op of the section)', value: Math.min(...rated.map((r) => r.ratio)), pass: slower.length === 0,
      result: `${rated.length - slower.length}/${rated.length} ops >= 1.0x, geometric mean ${geo.toFixed(2)}x` });
  }
  for (const n of notes) say(`note: ${n}`);
  return { rounds, rows, targets, notes };
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const argv = process.argv.slice(2);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const r = smallOpsSection({ quick: argv.includes('--quick'), torch: !argv.includes('--no-torch'), here, say: (s) => process.stdout.write(s + '\n') });
  for (const t of r.targets) console.log(`${t.pass === false ? 'FAIL' : 'ok  '} ${t.target}: ${t.result}`);
}
