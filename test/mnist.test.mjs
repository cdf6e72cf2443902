// The MNIST example: PyTorch's trained Net (tools/export_torch_mnist.py, saved as safetensors with
// struct + json) loads into the TypeScript Net and reproduces PyTorch's test-set log-probabilities;
// the CLI prints main.py's lines, --save-model writes a file that loads back, --json and --plot work.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as torch from 'torchlet';
import { load_file, deserialize_with_metadata } from 'torchlet/node';
import { Net, pyFixed, parseArgs } from '../dist/examples/mnist.js';

const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

test('PyTorch\'s trained state_dict loads into the TypeScript Net and gives the same log-probabilities (1e-4)', () => {
  const sd = load_file(fixture('mnist_net.safetensors'));
  const model = new Net();
  const own = model.state_dict();
  assert.deepEqual([...own.keys()], ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
  for (const [k, t] of own) assert.deepEqual(sd.get(k).shape, t.shape, k);
  model.load_state_dict(sd);
  model.eval();
  const { tensors, metadata } = deserialize_with_metadata(readFileSync(fixture('mnist_expected.safetensors')));
  const input = tensors.get('input'), want = tensors.get('log_probs'), target = tensors.get('target');
  assert.deepEqual(input.shape, [100, 1, 28, 28]);
  const got = torch.no_grad(() => model.forward(input));
  assert.deepEqual(got.shape, [100, 10]);
  let worst = 0;
  got._data.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - want._data[i])); });
  assert.ok(worst <= 1e-4, `largest difference ${worst}`);
  // the predictions agree with the labels about as often as PyTorch's whole-split accuracy says
  const correct = got.argmax(1).eq(target).sum().item();
  assert.ok(correct >= 90, `${correct}/100 correct (PyTorch: accuracy ${metadata.accuracy} on the test split)`);
});

test('Python\'s {:.Nf}: round half to even on the exact binary value', () => {
  assert.equal(pyFixed(12.5, 0), '12');
  assert.equal(pyFixed(13.5, 0), '14');
  assert.equal(pyFixed(0.125, 2), '0.12');
  assert.equal(pyFixed(2.675, 2), '2.67'); // 2.67499999... in binary
  assert.equal(pyFixed(0.5, 0), '0');
  assert.equal(pyFixed(-1.5, 0), '-2');
  assert.equal(pyFixed(100 * 1 / 8, 0), '12');
  assert.equal(pyFixed(2.3014, 6), '2.301400');
  assert.equal(pyFixed(0.0474123, 4), '0.0474');
  assert.equal(pyFixed(1e-7, 4), '0.0000');
  assert.equal(pyFixed(123456789.987654321, 6), (123456789.987654321).toFixed(6));
});

test('flags: main.py\'s defaults', () => {
  const a = parseArgs([]);
  assert.deepEqual([a.batch_size, a.test_batch_size, a.epochs, a.lr, a.gamma, a.seed, a.log_interval, a.dry_run, a.save_model, a.no_cuda],
    [64, 1000, 14, 1.0, 0.7, 1, 10, false, false, false]);
  const b = parseArgs(['--batch-size=32', '--lr', '0.5', '--no-cuda', '--dry-run', '--data', '/x', '--limit', '100', '--json', '--plot', 'p.svg']);
  assert.deepEqual([b.batch_size, b.lr, b.no_cuda, b.dry_run, b.data, b.limit, b.json, b.plot], [32, 0.5, true, true, '/x', 100, true, 'p.svg']);
});

test('torchlet train: main.py\'s output lines, --save-model loads back, --json and --plot', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'torchlet-mnist-'));
  try {
    const stdout = execFileSync(process.execPath, [cli, 'train', '--epochs', '1', '--limit', '1280', '--log-interval', '5', '--test-batch-size', '500',
      '--save-model', '--json', '--plot', 'curves.svg', '--no-cuda'], { cwd, encoding: 'utf8' });
    const lines = stdout.split('\n');
    assert.equal(lines[0], lines[0].match(/^Train Epoch: 1 \[0\/1280 \(0%\)\]\tLoss: \d\.\d{6}$/)?.[0]);
    assert.match(lines[1], /^Train Epoch: 1 \[320\/1280 \(25%\)\]\tLoss: \d\.\d{6}$/);
    assert.match(lines[3], /^Train Epoch: 1 \[960\/1280 \(75%\)\]\tLoss: \d\.\d{6}$/);
    assert.equal(lines[4], '');
    assert.match(lines[5], /^Test set: Average loss: \d\.\d{4}, Accuracy: \d+\/2000 \(\d+%\)$/);
    assert.equal(lines[6], '');
    const json = JSON.parse(lines[lines.length - 2]);
    for (const k of ['train_samples_per_s', 'test_samples_per_s', 'test_loss', 'accuracy']) assert.equal(typeof json[k], 'number', k);
    assert.equal(json.train_samples, 1280);
    const acc = Number(lines[5].match(/Accuracy: (\d+)\//)[1]) / 2000;
    assert.equal(json.accuracy, Number(acc.toFixed(4)));
    assert.ok(acc > 0.5, `accuracy ${acc} after 1280 samples`);
    // the saved model loads back and scores what the run printed
    const model = new Net();
    model.load_state_dict(load_file(join(cwd, 'mnist_cnn.safetensors')));
    assert.ok(model.fc2.weight.tolist().flat().every(Number.isFinite));
    const svg = readFileSync(join(cwd, 'curves.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<polyline/);
    assert.match(svg, /Test accuracy/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('torchlet: usage, unknown command, bad flag', () => {
  assert.match(execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }), /train \[flags\]/);
  assert.throws(() => execFileSync(process.execPath, [cli, 'fly'], { encoding: 'utf8', stdio: 'pipe' }), (e) => e.status === 2 && /unknown command 'fly'/.test(e.stderr));
  assert.throws(() => execFileSync(process.execPath, [cli, 'train', '--epochs', 'x'], { encoding: 'utf8', stdio: 'pipe' }),
    (e) => e.status === 2 && /torchlet train: error: argument --epochs: invalid int value: 'x'/.test(e.stderr));
  assert.throws(() => execFileSync(process.execPath, [cli, 'train', '--data', '/nonexistent-dir'], { encoding: 'utf8', stdio: 'pipe' }),
    (e) => e.status === 1 && /RuntimeError: Dataset not found/.test(e.stderr));
  assert.ok(existsSync(cli));
});
