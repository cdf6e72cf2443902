// Untrusted files and the `torchlet train` command line: safetensors names and dtypes that
// collide with Object.prototype, bytes in every form a browser or Node holds them, paths that are
// not regular files, a gzip bomb behind an IDX header, folders that cannot be read; and the CLI's
// refusals (before training, argparse's usage + exit 2), Python's float() grammar, empty datasets,
// the --json line surviving a failed write, and nan/inf losses in the --plot SVG.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { gzipSync, deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as torch from 'torchlet';
import { save_file, load_file, load_metadata, serialize, deserialize, deserialize_with_metadata, datasets } from 'torchlet/node';
import { plotSvg } from '../dist/examples/mnist.js';

const tmp = mkdtempSync(join(tmpdir(), 'torchlet-files-'));
chmodSync(tmp, 0o755); // the unreadable-folder test runs a child as another user, who must reach into tmp
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** safetensors bytes from a header object (written as given, own keys only) and n data bytes. */
function raw(headerText, n) {
  const h = Buffer.from(headerText);
  const len = Buffer.alloc(8); len.writeBigUInt64LE(BigInt(h.length));
  return Buffer.concat([len, h, Buffer.alloc(n)]);
}

test('safetensors: tensor names and metadata keys such as __proto__ and toString round-trip', () => {
  const names = ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf'];
  const sd = new Map(names.map((k, i) => [k, torch.tensor([i, i + 0.5])]));
  const path = join(tmp, 'proto.safetensors');
  save_file(sd, path, JSON.parse('{"__proto__": "p", "toString": "t"}'));
  const back = load_file(path);
  assert.deepEqual([...back.keys()], names);
  names.forEach((k, i) => assert.deepEqual(back.get(k).tolist(), [i, i + 0.5], k));
  const meta = load_metadata(path);
  assert.deepEqual(Object.keys(meta), ['__proto__', 'toString']);
  assert.equal(meta.__proto__, 'p'); // an own property, not a prototype
  assert.equal(Object.getPrototypeOf(meta), Object.prototype);
  // a plain object whose own key is __proto__ (as JSON.parse makes them) is a state_dict too
  const obj = Object.defineProperty({}, '__proto__', { value: torch.ones(3), enumerable: true });
  assert.deepEqual(deserialize(serialize(obj)).get('__proto__').tolist(), [1, 1, 1]);
});

test('safetensors: a bad dtype is named, never "needs NaN bytes"; metadata must hold strings', () => {
  const fails = (text, n, re) => assert.throws(() => deserialize(raw(text, n)), (e) => e.name === 'RuntimeError' && re.test(e.message), text);
  fails('{"w":{"dtype":"toString","shape":[1],"data_offsets":[0,8]}}', 8, /^safetensors data: tensor 'w' has unsupported dtype toString \(supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL, U16, U32, U64\)$/);
  fails('{"w":{"dtype":"__proto__","shape":[1],"data_offsets":[0,8]}}', 8, /tensor 'w' has unsupported dtype __proto__ /);
  fails('{"w":{"dtype":5,"shape":[1],"data_offsets":[0,8]}}', 8, /tensor 'w' has unsupported dtype 5 /);
  fails('{"w":{"shape":[1],"data_offsets":[0,4],"__proto__":{"dtype":"F32"}}}', 4, /tensor 'w' needs dtype, shape and data_offsets/);
  fails('{"w":{"dtype":"F32","shape":[1e300,0],"data_offsets":[0,0]}}', 0, /tensor 'w' has an invalid shape \[1e\+300,0\]/);
  fails('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}', 4, /tensor 'w' has invalid data_offsets \[0\]/);
  fails('{"__metadata__":{"a":1}}', 0, /__metadata__ value for 'a' must be a string, found 1/);
  fails('{"__metadata__":["a"]}', 0, /__metadata__ must be an object of strings, found \["a"\]/);
  // a tensor named __proto__ in a file written elsewhere loads as a tensor
  const t = deserialize(raw('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4));
  assert.deepEqual([...t.keys()], ['__proto__']);
});

test('deserialize takes an ArrayBuffer, a Buffer, a typed array or DataView at any byteOffset', () => {
  const bytes = serialize({ w: torch.tensor([1.5, -2, 3]), i: torch.tensor([7, -8]) }, { k: 'v' });
  const big = new Uint8Array(bytes.length + 13);
  big.set(bytes, 5); // odd offset: the float32 data is not 4-byte aligned in the buffer
  const forms = {
    ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    'Uint8Array at offset 5': big.subarray(5, 5 + bytes.length),
    'DataView at offset 5': new DataView(big.buffer, 5, bytes.length),
    Buffer: Buffer.from(bytes),
    Uint16Array: new Uint16Array(Uint8Array.from(bytes).buffer),
  };
  for (const [what, data] of Object.entries(forms)) {
    const { tensors, metadata } = deserialize_with_metadata(data);
    assert.deepEqual(tensors.get('w').tolist(), [1.5, -2, 3], what);
    assert.deepEqual(tensors.get('i').tolist(), [7, -8], what);
    assert.deepEqual(metadata, { k: 'v' }, what);
  }
  assert.throws(() => deserialize('abc'), { name: 'TypeError', message: 'expected the bytes of a safetensors file (a Uint8Array, Buffer, ArrayBuffer or typed array), got string' });
  assert.throws(() => deserialize([1, 2]), { name: 'TypeError', message: /got Array$/ });
});

test('load_file, load_metadata and read_idx_file refuse what is not a regular file, at once', () => {
  const fifo = join(tmp, 'fifo');
  execFileSync('mkfifo', [fifo]); // opening a pipe for reading would block until a writer came
  const cases = [['/dev/zero', 'a character device'], [tmp, 'a folder'], [fifo, 'a named pipe']];
  for (const [path, kind] of cases) for (const read of [load_file, load_metadata, (p) => datasets.read_idx_file(p)])
    assert.throws(() => read(path), { name: 'RuntimeError', message: `${path}: not a regular file (${kind}); only regular files can be read` });
  const missing = join(tmp, 'missing.safetensors');
  assert.throws(() => load_metadata(missing), { name: 'RuntimeError', message: `${missing}: cannot read the file (ENOENT: no such file or directory, stat '${missing}')` });
});

// an IDX header for unsigned bytes
function idxHead(dims) {
  const h = Buffer.alloc(4 + 4 * dims.length);
  h[2] = 0x08; h[3] = dims.length;
  dims.forEach((d, i) => h.writeUInt32BE(d, 4 + 4 * i));
  return h;
}

test('a gzipped IDX file stops inflating past the size its header declares', () => {
  // the header declares 5 images of 28 x 28 (3,936 bytes with the header); 32 MB of zeros follow
  const bomb = gzipSync(Buffer.concat([idxHead([5, 28, 28]), Buffer.alloc(32 << 20)]), { level: 9 });
  assert.ok(bomb.length < 64 << 10);
  const path = join(tmp, 'bomb-idx3-ubyte.gz');
  writeFileSync(path, bomb);
  assert.throws(() => datasets.read_idx_file(path, 3), {
    name: 'RuntimeError',
    message: `${path}: the gzip data inflates to more than the 3936 bytes the IDX header declares (5 x 28 x 28 data and a 16-byte header); stopped there`,
  });
});

const CRC = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (b) => { let c = ~0; for (const x of b) c = CRC[(c ^ x) & 0xff] ^ (c >>> 8); return ~c >>> 0; };

test('a gzip file with a long stored file name (header found by bisecting) still loads whole', () => {
  // gzip with FNAME: the first 2 KB of the file inflate to nothing, the next 2 KB to ~2 MB
  const data = Buffer.concat([idxHead([10000, 28, 28]), Buffer.alloc(10000 * 784, 0)]);
  data[16 + 784 * 9999 + 5] = 77;
  const trailer = Buffer.alloc(8); trailer.writeUInt32LE(crc32(data), 0); trailer.writeUInt32LE(data.length, 4);
  const gz = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3]), Buffer.from('n'.repeat(2100)), Buffer.from([0]), deflateRawSync(data, { level: 9 }), trailer]);
  const path = join(tmp, 'named-idx3-ubyte.gz');
  writeFileSync(path, gz);
  const { dims, data: px } = datasets.read_idx_file(path, 3);
  assert.deepEqual(dims, [10000, 28, 28]);
  assert.equal(px.length, 7840000);
  assert.equal(px[784 * 9999 + 5], 77);
});

/** Runs `torchlet train ...` in cwd; returns { status, stdout, stderr }. */
function train(args, cwd = tmp, opts = {}) {
  const r = spawnSync(process.execPath, [cli, 'train', ...args], { cwd, encoding: 'utf8', timeout: 120_000, ...opts });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const small = ['--limit', '64', '--epochs', '1', '--dry-run'];

/** A folder in torchvision's flat layout with `nTrain` / `nTest` images of 28 x 28. */
function mnistFolder(name, nTrain, nTest) {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [prefix, n] of [['train', nTrain], ['t10k', nTest]]) {
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte`), Buffer.concat([idxHead([n, 28, 28]), Buffer.alloc(n * 784, 3)]));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte`), Buffer.concat([idxHead([n]), Buffer.alloc(n, 1)]));
  }
  return dir;
}

test('a dataset folder that exists but cannot be read says so, not "Dataset not found"', () => {
  const dir = mnistFolder('locked', 2, 2);
  chmodSync(dir, 0o000);
  try {
    // root reads any folder: run the check as nobody then
    const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = train(['--data', dir, ...small], tmpdir(), asOther);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `RuntimeError: Dataset cannot be read: the folder ${dir} cannot be looked into (EACCES: permission denied, stat '${join(dir, 'MNIST', 'raw', 'train-images-idx3-ubyte')}')\n`);
  } finally {
    chmodSync(dir, 0o755);
  }
});

test('torchlet train refuses before training: output paths it cannot write, --log-interval 0', () => {
  const refused = (args, message, cwd) => {
    const r = train(args, cwd);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', 'nothing trained');
    assert.match(r.stderr, /^usage: torchlet train \[-h\]/);
    assert.equal(r.stderr.split('\n').at(-2), `torchlet train: error: ${message}`);
  };
  refused(['--plot', 'nowhere/curves.svg', ...small], `argument --plot: cannot write nowhere/curves.svg: the folder ${join(tmp, 'nowhere')} does not exist`);
  const cwd = join(tmp, 'model-is-a-folder');
  mkdirSync(join(cwd, 'mnist_cnn.safetensors'), { recursive: true });
  refused(['--save-model', '--plot', 'ok.svg', ...small], `argument --save-model: cannot write ${join(cwd, 'mnist_cnn.safetensors')}: it is a folder`, cwd);
  refused(['--log-interval', '0', ...small], 'argument --log-interval: must not be 0 (main.py fails with ZeroDivisionError at batch_idx % args.log_interval)');
});

/** parseArgs (what main() runs first) on each [argv, dest] in one process: String(args[dest]), or the exit status and error line. */
function parse(cases) {
  const probe = `import { parseArgs } from ${JSON.stringify(join(dist, 'examples/mnist.js'))};
    let err = '';
    process.stderr.write = (s) => { err += s; return true; };
    process.exit = (code) => { throw { code }; };
    const out = ${JSON.stringify(cases)}.map(([argv, dest]) => {
      err = '';
      try { return String(parseArgs(argv)[dest]); } catch (e) { return e.code + ' ' + err.split('\\n').at(-2); }
    });
    console.log(JSON.stringify(out));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' }));
}

test('torchlet train: Python\'s float() and int() grammar, argparse\'s errors, values refused before training', () => {
  const cases = [
    [['--lr', 'inf'], 'lr', 'Infinity'], [['--lr', 'Infinity'], 'lr', 'Infinity'], [['--lr=-inf'], 'lr', '-Infinity'],
    [['--lr', '1_0'], 'lr', '10'], [['--lr', ' 2 '], 'lr', '2'], [['--lr', '-.5'], 'lr', '-0.5'], [['--lr', '1e999'], 'lr', 'Infinity'],
    [['--lr', '1.'], 'lr', '1'], [['--gamma', '+NaN'], 'gamma', 'NaN'], [['--batch-size', '1_000'], 'batch_size', '1000'],
    [['--batch-size', '007'], 'batch_size', '7'], [['--seed', ' -3\n'], 'seed', '-3'], [['--log-interval', '-2'], 'log_interval', '-2'],
    [['--limit', '1'], 'limit', '1'], [[], 'limit', 'null'],
    // argparse's answers (checked with Python 3.11's argparse and main.py's add_argument calls)
    [['--lr', 'x'], 'lr', "2 torchlet train: error: argument --lr: invalid float value: 'x'"],
    [['--lr='], 'lr', "2 torchlet train: error: argument --lr: invalid float value: ''"],
    [['--lr', '1__0'], 'lr', "2 torchlet train: error: argument --lr: invalid float value: '1__0'"],
    [['--lr', '-inf'], 'lr', '2 torchlet train: error: argument --lr: expected one argument'], // '-inf' looks like an option to argparse
    [['--lr', '-1e3'], 'lr', '2 torchlet train: error: argument --lr: expected one argument'],
    [['--batch-size', '1.0'], 'batch_size', "2 torchlet train: error: argument --batch-size: invalid int value: '1.0'"],
    [['--lr', "it's"], 'lr', '2 torchlet train: error: argument --lr: invalid float value: "it\'s"'], // Python's repr() of the value
    [['--epochs', '1\t2\n'], 'epochs', "2 torchlet train: error: argument --epochs: invalid int value: '1\\t2\\n'"],
    [['--dry-run=yes'], 'dry_run', "2 torchlet train: error: argument --dry-run: ignored explicit argument 'yes'"],
    // values argparse takes that make no sense here (main.py divides by --log-interval)
    [['--log-interval', '0'], 'log_interval', '2 torchlet train: error: argument --log-interval: must not be 0 (main.py fails with ZeroDivisionError at batch_idx % args.log_interval)'],
    [['--limit', '0'], 'limit', '2 torchlet train: error: argument --limit: must be at least 1, got 0 (leave it out to train on every sample)'],
    [['--limit', '-5'], 'limit', '2 torchlet train: error: argument --limit: must be at least 1, got -5 (leave it out to train on every sample)'],
    [['--data='], 'data', "2 torchlet train: error: argument --data: expected a folder, got ''"],
    [['--plot='], 'plot', "2 torchlet train: error: argument --plot: expected a file name, got ''"],
  ];
  assert.deepEqual(parse(cases.map(([argv, dest]) => [argv, dest])), cases.map((c) => c[2]));
});

test('torchlet train: an empty training or test set is refused with a clear message', () => {
  const noTrain = mnistFolder('empty-train', 0, 3), noTest = mnistFolder('empty-test', 3, 0);
  let r = train(['--data', noTrain, ...small]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `RuntimeError: the training set in ${noTrain} has no images: nothing to train on\n`);
  r = train(['--data', noTest, ...small]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `RuntimeError: the test set in ${noTest} has no images: nothing to test on\n`);
  assert.doesNotMatch(r.stdout, /Accuracy/);
});

test('torchlet train --lr inf: nan losses are left out of the --plot SVG and counted; --json survives a failed write', () => {
  // /dev/full opens for writing but every write fails (ENOSPC): the failure comes after training
  const r = train(['--data', mnistFolder('tiny', 128, 16), '--lr', 'inf', '--test-batch-size', '16', '--log-interval', '1', '--epochs', '1', '--json', '--plot', '/dev/full']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /ENOSPC/);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[1], /^Train Epoch: 1 \[64\/128 \(50%\)\]\tLoss: nan$/);
  assert.match(lines[lines.length - 3], /^Test set: Average loss: nan, Accuracy: \d+\/16 \(\d+%\)$/);
  const json = JSON.parse(lines[lines.length - 1]);
  assert.equal(json.train_samples, 128);
  assert.equal(json.test_loss, null);
  // the same history, drawn
  const svg = plotSvg({ trainLoss: [[0, 2.3], [0.5, NaN], [0.75, Infinity]], test: [{ epoch: 1, loss: NaN, accuracy: 0.1 }], trainSamples: 128, trainSeconds: 1, testSamples: 2000, testSeconds: 1 });
  assert.doesNotMatch(svg, /NaN|Infinity/);
  assert.match(svg, />3 values are nan or inf, not drawn</);
  assert.match(svg, /<circle cx="[\d.]+" cy="[\d.]+" r="3.5" fill="#1f77b4"\/>/); // the one finite train loss
  const finite = plotSvg({ trainLoss: [[0, 2.3], [0.5, 1.1]], test: [{ epoch: 1, loss: 0.5, accuracy: 0.8 }], trainSamples: 1, trainSeconds: 1, testSamples: 1, testSeconds: 1 });
  assert.doesNotMatch(finite, /not drawn/);
});
