// The three ported example programs (torchlet mnist_rnn, word_language_model, char_rnn) against
// their upstream Python programs run on PyTorch 1.13 with the same seed, data and flags
// (test/fixtures/ports_*.json, made by tools/fixtures_ports.py): the same printed lines, the first
// three logged losses within 1e-4 relative (mnist_rnn prints 6 decimals; word_language_model prints
// 2, so its printed loss and ln(printed ppl) are compared, and its exact per-batch losses through
// the History main() returns), and for char_rnn (whose shuffles the ports seed with CPython's own
// generator) the per-epoch losses and the test accuracy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as torch from 'torchlet';

const fixture = (name) => JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8'));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'torchlet-ports-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs main(argv) in this process, returning what it printed on stdout (lines) and its result. */
async function capture(main, argv) {
  const write = process.stdout.write;
  let text = '';
  process.stdout.write = (s) => { text += s; return true; };
  try {
    const result = await main(argv);
    return { lines: text.replace(/\n+$/, '').split('\n'), result };
  } finally {
    process.stdout.write = write;
  }
}

const relClose = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol * Math.abs(b), `${what}: ${a} vs PyTorch's ${b}`);
// the parts of a line that are clock readings
const untimed = (l) => l.replace(/ms\/batch +[\d.]+/, 'ms/batch T').replace(/time: +[\d.]+s/, 'time: Ts');
const NUM = /-?\d+(?:\.\d+)?/g;
/**
 * The same lines up to float drift: the same text around the numbers (padding included), the same
 * integers, and decimals within `rtol` relative (or half a unit of the last printed digit).
 */
function assertSameLines(ours, theirs, rtol, what) {
  assert.deepEqual(ours.map((l) => l.replace(NUM, (m) => `#${m.length}`)), theirs.map((l) => l.replace(NUM, (m) => `#${m.length}`)), what);
  ours.forEach((l, i) => {
    const a = l.match(NUM) ?? [], b = theirs[i].match(NUM) ?? [];
    a.forEach((x, k) => {
      const y = b[k];
      if (!y.includes('.')) return assert.equal(x, y, `${what}: line ${i}: ${l} vs ${theirs[i]}`);
      const half = 0.5 * 10 ** -(y.length - y.indexOf('.') - 1);
      assert.ok(Math.abs(Number(x) - Number(y)) <= Math.max(half, rtol * Math.abs(Number(y))), `${what}: line ${i}: ${l} vs PyTorch's ${theirs[i]}`);
    });
  });
}

test('mnist_rnn prints main.py\'s lines: losses to 6 decimals, test loss and accuracy', async () => {
  const { main } = await import('../dist/examples/mnist_rnn.js');
  for (const run of fixture('ports_mnist_rnn.json').runs) {
    const { lines, result } = await capture(main, run.flags);
    assert.deepEqual(lines, run.stdout, run.flags.join(' '));
    // first three logged losses within 1e-4 relative (they print equal to 6 decimals above)
    const py = run.stdout.filter((l) => l.startsWith('Train')).map((l) => Number(l.split('Loss: ')[1]));
    for (let k = 0; k < 3; k++) relClose(result.losses[k], py[k], 1e-4, `loss ${k}`);
  }
});

test('word_language_model prints main.py\'s lines; per-batch losses within 1e-4 (LSTM, GRU, RNN_TANH, RNN_RELU, tied, Transformer, AdamW)', async () => {
  const { main } = await import('../dist/examples/word_language_model/main.js');
  for (const run of fixture('ports_word_language_model.json').runs) {
    const save = join(tmp, 'model.pt');
    const { lines, result } = await capture(main, [...run.flags, '--save', save]);
    const what = run.flags.join(' ');
    // lr 20 on a fresh model makes every step magnify the float rounding of the one before: the
    // later lines agree to a few parts in 1e3, the first logged losses far closer (below)
    assertSameLines(lines.map(untimed), run.stdout.map(untimed), 3e-3, what);
    // the printed loss (two decimals) and ln of the printed ppl, for the first three logged batches
    const logged = (ls) => ls.filter((l) => l.includes('batches |')).map((l) => [Number(/loss +([\d.]+)/.exec(l)[1]), Math.log(Number(/ppl +([\d.]+)/.exec(l)[1]))]);
    const ours = logged(lines), theirs = logged(run.stdout);
    for (let k = 0; k < Math.min(3, theirs.length); k++) {
      assert.equal(ours[k][0], theirs[k][0], `${what}: printed loss ${k}`);
      relClose(ours[k][1], theirs[k][1], 1e-4, `${what}: ln(printed ppl) ${k}`);
    }
    // the exact loss of every training batch: the first three within 1e-4, the rest drift by rounding only
    assert.equal(result.losses.length, run.losses.length, what);
    for (let k = 0; k < 3; k++) relClose(result.losses[k], run.losses[k], 1e-4, `${what}: batch ${k} loss`);
    for (let k = 3; k < run.losses.length; k++) relClose(result.losses[k], run.losses[k], 1e-3, `${what}: batch ${k} loss`);
    // the saved checkpoint is the model's state_dict
    const sd = torch.load(readFileSync(save));
    assert.ok(sd instanceof Map && [...sd.keys()].every((k) => typeof k === 'string'), what);
  }
});

test('word_language_model generate: generate.py\'s words from a state_dict PyTorch saved, and from one the port saved', async () => {
  const train = await import('../dist/examples/word_language_model/main.js');
  const { main } = await import('../dist/examples/word_language_model/generate.js');
  // a small LSTM that main.py trained (its state_dict, saved by PyTorch): the same words, temperature and seed
  const [run] = fixture('ports_generate.json').runs;
  const outf = join(tmp, 'generated.txt');
  const { lines } = await capture(main, ['--checkpoint', fileURLToPath(new URL('./fixtures/ports_generate.pt', import.meta.url)), '--outf', outf, ...run.flags]);
  assert.deepEqual(lines, run.stdout);
  assert.equal(readFileSync(outf, 'utf8'), run.text);
  // a Transformer checkpoint written by the port itself
  const save = join(tmp, 'gen.pt');
  await capture(train.main, ['--model', 'Transformer', '--emsize', '8', '--nhid', '8', '--limit', '1000', '--epochs', '1', '--save', save, '--log-interval', '100']);
  const { lines: l2, result } = await capture(main, ['--checkpoint', save, '--outf', outf, '--words', '45', '--log-interval', '20']);
  assert.deepEqual(l2, ['| Generated 0/45 words', '| Generated 20/45 words', '| Generated 40/45 words']);
  const text = readFileSync(outf, 'utf8');
  assert.equal(text, result.join(''));
  assert.equal(text.split('\n').length, 3); // a line break after every 20 words
  assert.equal(text.trim().split(/\s+/).length, 45);
});

test('char_rnn: seeded shuffles as the tutorial\'s (CPython\'s generator), the same epoch losses and accuracy', async () => {
  const { main } = await import('../dist/examples/char_rnn.js');
  for (const run of fixture('ports_char_rnn.json').runs) {
    const { lines, result } = await capture(main, run.flags);
    for (const l of run.stdout.filter((l) => !l.includes('average batch loss'))) assert.ok(lines.includes(l), `missing line: ${l}`);
    const theirs = run.result.all_losses;
    assert.equal(result.all_losses.length, theirs.length);
    relClose(result.all_losses[0], theirs[0], 1e-4, 'epoch 1 loss');
    for (let k = 1; k < theirs.length; k++) relClose(result.all_losses[k], theirs[k], 1e-3, `epoch ${k + 1} loss`);
    assert.ok(Math.abs(result.accuracy - run.result.accuracy) <= 0.02, `accuracy ${result.accuracy} vs the tutorial's ${run.result.accuracy}`);
  }
});

test('char_rnn reads the tutorial\'s data/names layout; Python\'s random and numpy.array_split', async () => {
  const { PyRandom, array_split } = await import('../dist/examples/py_random.js');
  // random.seed(0); random.shuffle(list(range(10))) and a seed past 32 bits, from CPython 3.11
  const r = new PyRandom(0), a = [...Array(10).keys()];
  r.shuffle(a);
  assert.deepEqual(a, [7, 8, 1, 5, 3, 4, 2, 0, 9, 6]);
  const r2 = new PyRandom(2 ** 40 + 5), b = [...Array(1000).keys()];
  r2.shuffle(b);
  assert.deepEqual(b.slice(0, 8), [207, 690, 542, 290, 700, 351, 177, 707]);
  assert.deepEqual(array_split([1, 2, 3, 4, 5, 6, 7], 3), [[1, 2, 3], [4, 5], [6, 7]]);
  assert.throws(() => array_split([1], 0), /number sections must be larger than 0/);

  const { readNames, NamesDataset, lineToTensor, unicodeToAscii } = await import('../dist/examples/char_rnn.js');
  const dir = join(tmp, 'names');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Polish.txt'), 'Ślusàrski\nNowak\n');
  writeFileSync(join(dir, 'English.txt'), 'Smith\r\nJo\rnes\r\n');
  writeFileSync(join(dir, 'notes.md'), 'not a language');
  const ds = new NamesDataset(dir, readNames(dir));
  assert.deepEqual(ds.labels_uniq, ['English', 'Polish']);
  assert.deepEqual(ds.data, ['Smith', 'Jo', 'nes', 'Ślusàrski', 'Nowak']); // read() in text mode: \r\n and \r are line ends
  assert.deepEqual(ds.labels, ['English', 'English', 'English', 'Polish', 'Polish']);
  assert.equal(unicodeToAscii('Ślusàrski'), 'Slusarski');
  const t = lineToTensor('Ś');
  assert.deepEqual(t.shape, [1, 1, 58]);
  assert.equal(t.get(0, 0, 57).item(), 1); // '_', the out-of-vocabulary letter
});

test('the commands refuse bad flags as argparse does, and --json ends with one line of numbers', () => {
  const run = (args) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: 'pipe', cwd: tmp });
  assert.throws(() => run(['mnist_rnn', '--epochs', 'x']), (e) => e.status === 2 && /torchlet mnist_rnn: error: argument --epochs: invalid int value: 'x'/.test(e.stderr));
  assert.throws(() => run(['word_language_model', '--onnx-export', 'm.onnx']), (e) => e.status === 2 && /cannot export ONNX/.test(e.stderr));
  assert.throws(() => run(['word_language_model', '--model', 'FOO', '--limit', '100', '--emsize', '4', '--nhid', '4']),
    (e) => e.status === 1 && e.stderr.includes("ValueError: An invalid option for `--model` was supplied,\n                                 options are ['LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU']"));
  assert.throws(() => run(['char_rnn', '--limit', '0']), (e) => e.status === 2 && /--limit: must be at least 1/.test(e.stderr));
  assert.match(run(['word_language_model', '--help']), /--batch_size N +batch size/);
  const out = run(['word_language_model', '--emsize', '8', '--nhid', '8', '--limit', '800', '--epochs', '1', '--json', '--log-interval', '100']).trim().split('\n');
  const j = JSON.parse(out[out.length - 1]);
  assert.ok(j.train_tokens_per_s > 0 && j.test_loss > 0 && j.test_ppl > 1, JSON.stringify(j));
  assert.ok(existsSync(join(tmp, 'model.pt')));
});
