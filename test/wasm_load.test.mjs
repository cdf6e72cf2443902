// Loading the kernels and choosing their setup (kernels/wasm_runtime.ts, wasm_load.ts,
// wasm_binary.ts, backends.ts): the .wasm files beside the runtime, a non-shared memory (a page
// without cross-origin isolation, forced here with TORCHLET_WASM_SHARED=0) giving the same bits as
// the shared one with WebAssembly SIMD still running, torch.backends.wasm's flags,
// torch.get_num_threads / set_num_threads with PyTorch's errors, the DataLoader's `for await`, and
// the async MNIST loaders (datasets/web.ts) against the Node ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import * as torch from 'torchlet';
import { datasets } from 'torchlet/node';
import { unshareMemory } from '../dist/kernels/wasm_binary.js';
import { loadKernels } from '../dist/kernels/wasm_load.js';
import { moduleFile, moduleNames } from '../dist/kernels/wasm_runtime.js';

const dist = new URL('../dist/', import.meta.url);
const embedded = new URL('../src/datasets/embedded/', import.meta.url);

/** A training step's loss, cross_entropy's value and gradient sum, and a matrix product, in a fresh node with `env`. */
function run(env) {
  const script = `const torch = await import(${JSON.stringify(new URL('node/index.js', dist).href)});
    const F = torch.nn.functional;
    torch.manual_seed(0);
    const x = torch.randn(512, 1000, { requires_grad: true }), t = torch.randint(0, 1000, [512]);
    const l = F.cross_entropy(x, t); l.backward();
    const net = new torch.nn.Sequential(new torch.nn.Conv2d(1, 8, 3), new torch.nn.ReLU(), new torch.nn.MaxPool2d(2), new torch.nn.Flatten(), new torch.nn.Linear(8 * 13 * 13, 10), new torch.nn.LogSoftmax(1));
    const opt = new torch.optim.Adadelta(net.parameters());
    const steps = [];
    for (let i = 0; i < 3; i++) { opt.zero_grad(); const s = F.nll_loss(net(torch.randn(64, 1, 28, 28)), torch.randint(0, 10, [64])); s.backward(); opt.step(); steps.push(s.item()); }
    const w = torch.backends.wasm;
    console.log(JSON.stringify({ flags: [w.simd, w.threads, torch.get_num_threads()], ce: l.item(), g: x.grad.sum().item(), steps, mm: torch.mm(torch.randn(300, 200), torch.randn(200, 100)).sum().item() }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim().split('\n').pop());
}

test('kernels: a non-shared memory (a page without cross-origin isolation) runs WebAssembly SIMD on one thread and gives the shared memory\'s bits', () => {
  const shared = run({ TORCHLET_NUM_THREADS: '2' }), plain = run({ TORCHLET_WASM_SHARED: '0' });
  assert.deepEqual(shared.flags, [true, true, 2]);
  assert.deepEqual(plain.flags, [true, false, 1]);
  const { flags: _a, ...s } = shared, { flags: _b, ...p } = plain;
  assert.deepEqual(p, s);
  const ts = run({ TORCHLET_WASM_SHARED: '0', TORCHLET_WASM_STORAGE: '0', TORCHLET_RELAXED_SIMD: '0' });
  assert.equal(ts.ce, s.ce); // the plain-SIMD build: same loss value (its gradient may differ in the last bit: no FMA)
});

test('kernels: the .wasm files sit beside the runtime in dist/, one build per engine; unshareMemory clears only the memory import\'s shared flag', () => {
  assert.deepEqual([...moduleNames].sort(), ['gemm', 'losses', 'norm', 'rnn']);
  for (const n of moduleNames) {
    assert.match(moduleFile(n), new RegExp(`^${n}(\\.relaxed)?\\.wasm$`));
    const bytes = readFileSync(new URL(`kernels/wasm/${n}.wasm`, dist));
    const memImport = (m) => WebAssembly.Module.imports(m).find((i) => i.kind === 'memory');
    assert.ok(memImport(new WebAssembly.Module(bytes)));
    const un = unshareMemory(bytes);
    assert.equal(un.length, bytes.length);
    assert.equal([...un].filter((b, i) => b !== bytes[i]).length, 1); // one flag byte: 0x03 -> 0x01
    // the edited module takes a plain memory and refuses a shared one; the original the other way round
    const plain = new WebAssembly.Memory({ initial: 1, maximum: 65536 }), sharedMem = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    new WebAssembly.Instance(new WebAssembly.Module(un), { env: { memory: plain, abort() {} } });
    assert.throws(() => new WebAssembly.Instance(new WebAssembly.Module(un), { env: { memory: sharedMem, abort() {} } }), WebAssembly.LinkError);
    assert.throws(() => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: plain, abort() {} } }), WebAssembly.LinkError);
    assert.equal(unshareMemory(un), un); // nothing left to change
  }
});

test('torch.backends.wasm and torch.get_num_threads / set_num_threads: flags, and PyTorch\'s errors', async () => {
  const w = torch.backends.wasm;
  assert.equal(w.simd, true);
  assert.equal(w.threads, true);
  assert.equal(typeof w.relaxed_simd, 'boolean');
  assert.equal(w.is_available(), true);
  assert.equal(await loadKernels(), true); // loaded already: nothing to do
  const before = torch.get_num_threads();
  assert.ok(before >= 1);
  try {
    torch.set_num_threads(1);
    assert.equal(torch.get_num_threads(), 1);
    torch.set_num_threads(3);
    assert.equal(torch.get_num_threads(), 3);
  } finally { torch.set_num_threads(before); }
  // PyTorch 1.13's messages
  assert.throws(() => torch.set_num_threads(0), { name: 'RuntimeError', message: 'set_num_threads expects a positive integer' });
  assert.throws(() => torch.set_num_threads(-1), { name: 'RuntimeError', message: 'set_num_threads expects a positive integer' });
  assert.throws(() => torch.set_num_threads(2.5), { name: 'RuntimeError', message: 'set_num_threads expects an int, but got float' });
  assert.throws(() => torch.set_num_threads('2'), { name: 'RuntimeError', message: 'set_num_threads expects an int, but got str' });
  assert.throws(() => torch.set_num_threads(true), { name: 'RuntimeError', message: 'set_num_threads expects an int, but got bool' });
  assert.throws(() => torch.set_num_threads(), { name: 'TypeError', message: 'torch.set_num_threads() takes exactly one argument (0 given)' });
  assert.throws(() => torch.set_num_threads(1, 2), { name: 'TypeError', message: 'torch.set_num_threads() takes exactly one argument (2 given)' });
  assert.throws(() => torch.get_num_threads(1), { name: 'TypeError', message: 'torch.get_num_threads() takes no arguments (1 given)' });
});

test('DataLoader: `for await` gives the for...of batches in the same order, from a new event-loop task each', async () => {
  const ds = new torch.utils.data.TensorDataset(torch.arange(10), torch.arange(10).mul(2));
  torch.manual_seed(3);
  const sync = [...new torch.utils.data.DataLoader(ds, { batch_size: 3, shuffle: true })].map(([x, y]) => [x.tolist(), y.tolist()]);
  torch.manual_seed(3);
  const got = [];
  for await (const [x, y] of new torch.utils.data.DataLoader(ds, { batch_size: 3, shuffle: true })) got.push([x.tolist(), y.tolist()]);
  assert.deepEqual(got, sync);
  assert.equal(got.length, 4);
  // a macrotask per batch: an immediate queued before the loop ran before the first batch
  let immediate = false;
  setImmediate(() => { immediate = true; });
  for await (const _ of new torch.utils.data.DataLoader(ds, { batch_size: 10 })) assert.ok(immediate);
});

test('datasets: MNIST.from_bytes / EmbeddedMNIST.load (Blob, ArrayBuffer, typed array, file URL; gzipped or raw) give the Node loaders\' digits', async () => {
  const img = readFileSync(new URL('mnist-digits-images-idx3-ubyte.gz', embedded)), lab = readFileSync(new URL('mnist-digits-labels-idx1-ubyte.gz', embedded));
  const rawLab = datasets.read_idx_file(new URL('mnist-digits-labels-idx1-ubyte.gz', embedded).pathname, 1);
  const n = rawLab.dims[0], idxBytes = new Uint8Array([0, 0, 8, 1, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...rawLab.data]);
  const ds = await torch.datasets.MNIST.from_bytes(new Blob([img]), idxBytes.buffer, { train: false });
  assert.equal(ds.length, 10000);
  assert.equal(ds.train, false);
  assert.deepEqual(ds.targets.tolist(), [...rawLab.data]);
  assert.equal(ds.classes[3], '3 - three');
  const [x0] = (await torch.datasets.MNIST.from_bytes(img, lab, { transform: new torch.transforms.ToTensor() })).__getitem__(0);
  assert.deepEqual(x0.shape, [1, 28, 28]);

  for (const train of [true, false]) {
    const web = await torch.datasets.EmbeddedMNIST.load({ train }), node = new datasets.EmbeddedMNIST({ train });
    assert.equal(web.length, node.length);
    assert.deepEqual(web.targets.tolist(), node.targets.tolist());
    assert.ok(Buffer.from(web.images).equals(Buffer.from(node.images)));
  }
  const again = await torch.datasets.EmbeddedMNIST.load({ train: false, images: img, labels: lab });
  assert.equal(again.length, 2000);
});

test('datasets: bad bytes fail with RuntimeErrors naming the file; a gzip stream is read no further than its IDX header says', async () => {
  await assert.rejects(torch.datasets.load_idx(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), 1), { name: 'RuntimeError', message: /^bytes: not a valid gzip stream/ });
  await assert.rejects(torch.datasets.load_idx(new Uint8Array([1, 2, 3, 4, 5])), { name: 'RuntimeError', message: /^bytes: not an IDX file/ });
  // a header for 3 labels followed by 64 MiB of zeros (a 64 KiB gzip): 3 labels come back, the rest is never inflated
  const big = new Uint8Array(8 + (64 << 20));
  big.set([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]);
  const gz = gzipSync(big, { level: 9 });
  assert.ok(gz.length < 1 << 17);
  const got = await torch.datasets.load_idx(new Blob([gz]), 1, 'labels.gz');
  assert.deepEqual([...got.data], [7, 8, 9]);
  await assert.rejects(torch.datasets.MNIST.from_bytes(new Blob([gz]), gz), { name: 'RuntimeError', message: /^bytes: expected a 3-dimensional IDX file/ });
  await assert.rejects(torch.datasets.MNIST.from_url(new URL('file:///nonexistent/')), { name: 'RuntimeError', message: /^file:\/\/\/nonexistent\/train-images-idx3-ubyte: cannot read the file \(ENOENT/ });
  // a folder URL with the .gz files: from_url finds them
  const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs');
  const dir = mkdtempSync('/tmp/torchlet-mnist-');
  copyFileSync(new URL('mnist-digits-images-idx3-ubyte.gz', embedded), `${dir}/t10k-images-idx3-ubyte.gz`);
  writeFileSync(`${dir}/t10k-labels-idx1-ubyte`, gunzipSync(readFileSync(new URL('mnist-digits-labels-idx1-ubyte.gz', embedded))));
  const fromUrl = await torch.datasets.MNIST.from_url(new URL(`file://${dir}`), { train: false });
  assert.equal(fromUrl.length, 10000);
});
