#!/usr/bin/env node
// Training throughput of the three ported examples beside their upstream programs on PyTorch 1.13
// (tools/upstream/run_*.py), same flags, same data, one after the other in one sitting. Prints a
// markdown table (torchlet, PyTorch, ratio) for the README.
//
//   npm run build && node tools/bench_ports.mjs [--python /usr/bin/python3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const python = process.argv.includes('--python') ? process.argv[process.argv.indexOf('--python') + 1] : '/usr/bin/python3';
const cwd = mkdtempSync(join(tmpdir(), 'torchlet-bench-ports-'));

const JOBS = [
  { cmd: 'mnist_rnn', wrapper: 'run_mnist_rnn.py', key: 'train_samples_per_s', flags: ['--epochs', '1', '--limit', '1920', '--log-interval', '100'] },
  { cmd: 'word_language_model', wrapper: 'run_word_language_model.py', key: 'train_tokens_per_s', flags: ['--epochs', '1', '--limit', '14000', '--log-interval', '100'] },
  { cmd: 'word_language_model', wrapper: 'run_word_language_model.py', key: 'train_tokens_per_s', flags: ['--model', 'Transformer', '--lr', '5', '--epochs', '1', '--limit', '14000', '--log-interval', '100'] },
  { cmd: 'char_rnn', wrapper: 'run_char_rnn.py', key: 'train_samples_per_s', flags: ['--n-epoch', '1', '--report-every', '1'] },
];

const lastJson = (out) => JSON.parse(out.trim().split('\n').pop());
console.log('| command | flags | torchlet | PyTorch 1.13 | ratio |\n|---|---|---|---|---|');
for (const j of JOBS) {
  const ours = lastJson(execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), j.cmd, ...j.flags, '--json'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const theirs = lastJson(execFileSync(python, [join(root, 'tools', 'upstream', j.wrapper), ...j.flags, '--json'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const unit = j.key === 'train_tokens_per_s' ? 'tokens/s' : j.cmd === 'char_rnn' ? 'names/s' : 'samples/s';
  console.log(`| ${j.cmd} | ${j.flags.join(' ')} | ${ours[j.key]} ${unit} | ${theirs[j.key]} ${unit} | ${(ours[j.key] / theirs[j.key]).toFixed(2)} |`);
}
rmSync(cwd, { recursive: true, force: true });
