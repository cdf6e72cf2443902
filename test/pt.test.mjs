// torch.save / torch.load and PyTorch's .pt format, in both directions:
// - files PyTorch 1.13 wrote (tools/fixtures_pt.py) load with the keys, dtypes, shapes, strides,
//   shared storages and values PyTorch reads from them (test/fixtures/pt/expected.json), and
//   torchlet saves what it loaded back byte for byte as PyTorch wrote it;
// - files torchlet writes are byte-identical to committed ones that PyTorch read once
//   (tools/pt_torchlet_fixture.mjs, torchlet_expected.json), and, where this machine has PyTorch,
//   fresh ones load in it with the same contents and run in a PyTorch model;
// - hostile files (code in the pickle, damaged or truncated archives, sizes beyond the file) fail
//   with a clear error, run nothing and allocate no more than the file's size.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as torch from 'torchlet';
import * as nodeApi from 'torchlet/node';
import * as core from '../dist/index.js';
import { writeZip, ZipReader, crc32 } from '../dist/serialization/zip.js';
import { setAllocator } from '../dist/tensor/dtype.js';
import { available, useWasmStorage } from '../dist/kernels/wasm_runtime.js';
import { archiveName } from '../dist/serialization/pt_node.js';
import { torchletInputs, fixtureDir } from '../tools/pt_torchlet_fixture.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'torchlet-pt-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const fixture = (name) => join(fixtureDir, name);
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8'));
const committed = JSON.parse(readFileSync(fixture('torchlet_expected.json'), 'utf8'));
const describeScript = fileURLToPath(new URL('../tools/pt_describe.py', import.meta.url));

// ---- a loaded or saved value in tools/pt_describe.py's format ----

const floatDesc = (x) => ({ float: Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x });
const numberDesc = (x) => (Number.isInteger(x) && !Object.is(x, -0) ? { int: BigInt(x).toString() } : floatDesc(x));
function values(t) {
  const map = (x) => (Array.isArray(x) ? x.map(map) : t.dtype === torch.bool ? Boolean(x) : Number.isFinite(x) ? x : floatDesc(x).float);
  return map(t.tolist());
}
/** `types`: say which Maps are OrderedDicts (torchlet saves Maps as OrderedDict, plain objects as dict). */
function describe(v, types = true, storages = new Map()) {
  const d = (x) => describe(x, types, storages);
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return numberDesc(v);
  if (typeof v === 'bigint') return { int: v.toString() };
  if (v instanceof torch.Tensor) {
    if (!storages.has(v._storage)) storages.set(v._storage, storages.size);
    return { tensor: {
      class: v instanceof torch.nn.Parameter ? 'Parameter' : 'Tensor', dtype: v.dtype.name, shape: v.shape, stride: v.stride(),
      offset: v._offset, requires_grad: v.requires_grad, storage: storages.get(v._storage), storage_size: v._storage.length, values: values(v),
    } };
  }
  if (Array.isArray(v)) return { list: v.map(d) };
  const pairs = v instanceof Map ? [...v] : Object.entries(v);
  const out = { dict: pairs.map(([k, x]) => [d(k), d(x)]) };
  if (types) out.type = v instanceof Map ? 'OrderedDict' : 'dict';
  if (v._metadata !== undefined) out.metadata = d(v._metadata);
  return out;
}
/** The dtype torchlet loads a PyTorch dtype as (16-bit floats widen to float32; integer types torchlet lacks to int64). */
const loadedDtype = (name) => (torch[name] instanceof torch.DType ? name : name.startsWith('float') || name === 'bfloat16' ? 'float32' : 'int64');
/** PyTorch's reading of a file, as torchlet reads it: floats with integral values are JS integers, tuples arrays. */
function normalize(d) {
  if (d === null || typeof d !== 'object') return d;
  if ('int' in d) return d;
  if ('float' in d) return typeof d.float === 'number' ? numberDesc(d.float) : d;
  if ('list' in d || 'tuple' in d) return { list: (d.list ?? d.tuple).map(normalize) };
  if ('tensor' in d) return { tensor: { ...d.tensor, dtype: loadedDtype(d.tensor.dtype) } };
  const out = { dict: d.dict.map(([k, v]) => [normalize(k), normalize(v)]) };
  if (d.metadata) out.metadata = normalize(d.metadata);
  return out;
}

// ---- PyTorch -> torchlet ----

test('files PyTorch wrote load with the keys, dtypes, shapes, strides, shared storages and values PyTorch reads', () => {
  const names = Object.keys(expected.files);
  assert.ok(names.length >= 10);
  for (const name of names) assert.deepEqual(describe(torch.load(fixture(name)), false), normalize(expected.files[name]), name);
});

test('values load as state_dict() gives them: dicts as Maps, lists and tuples as arrays, Python ints as numbers (bigint past 2^53)', () => {
  const n = torch.load(fixture('nested.pt'));
  assert.ok(n instanceof Map);
  assert.equal(n.get('epoch'), 3);
  assert.equal(n.get('lr'), 0.5);
  assert.deepEqual(n.get('pair'), [1, 2.5, 'x']);
  assert.deepEqual(n.get('flags'), [true, false, null]);
  assert.equal(n.get('big'), 2 ** 40);
  assert.equal(n.get('huge'), 2n ** 70n);
  assert.equal(n.get('unicode'), 'ü€😀');
  assert.equal(n.get('surrogate'), '\ud800x'); // Python's 'surrogatepass' UTF-8
  assert.deepEqual([...n.get('int_keys').keys()], [1, 2, -3]);
  assert.ok(Object.is(n.get('negzero'), -0));
  const sd = torch.load(fixture('state_dict.pt'));
  assert.deepEqual([...sd.keys()], ['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked', 'fc.weight', 'fc.bias']);
  assert.equal(sd.get('bn.num_batches_tracked').dtype, torch.int64);
  assert.equal(sd.get('bn.num_batches_tracked').item(), 1);
  // state_dict()'s _metadata (module versions) rides along, out of the way of iteration
  assert.equal(sd._metadata.get('bn').get('version'), 2);
  assert.ok(!Object.keys(sd).includes('_metadata'));
});

test('views load as views of one shared storage, as PyTorch saved them', () => {
  const v = torch.load(fixture('views.pt'));
  const base = v.get('base');
  for (const k of ['t', 'row', 'col', 'step', 'narrow']) assert.equal(v.get(k)._storage, base._storage, k);
  assert.equal(v.get('same'), base); // one tensor saved twice is one tensor loaded
  assert.deepEqual(v.get('expand').stride(), [0, 1]);
  assert.deepEqual(v.get('lone_view').tolist(), [3, 4, 5, 6]);
  assert.equal(v.get('lone_view')._storage.length, 10); // the whole storage, as torch.save writes it
  base.set(1, 2, 100); // a write through one view shows in the others
  assert.equal(v.get('t').get(2, 1).item(), 100);
  assert.equal(v.get('col').get(1).item(), 100);
});

test('every dtype: torchlet\'s own load as themselves, others as the nearest dtype torchlet has', () => {
  const d = torch.load(fixture('dtypes.pt'));
  assert.equal(d.get('float64').dtype, torch.float64);
  assert.equal(d.get('bool').dtype, torch.bool);
  assert.deepEqual(d.get('bool').tolist(), [true, false, true]);
  assert.deepEqual(d.get('int64').tolist(), [0, -1, 2 ** 53, -(2 ** 63), 2 ** 63]); // int64 lives in doubles: 2^63-1 rounds
  assert.deepEqual(d.get('uint8').tolist(), [0, 255, 128]);
  assert.deepEqual(d.get('int8').tolist(), [-128, 127, 5]);
  assert.equal(d.get('uint8').dtype.name, loadedDtype('uint8'));
  assert.equal(d.get('float16').dtype, torch.float32);
  assert.deepEqual(d.get('float16').tolist().slice(0, 4), [1, -2.5, 65504, 5.960464477539063e-8]);
  assert.deepEqual(d.get('bfloat16').tolist().slice(0, 2), [1, -2.5]);
});

test('0-dim, empty, requires_grad tensors and nn.Parameters', () => {
  const e = torch.load(fixture('edge.pt'));
  assert.deepEqual(e.get('scalar').shape, []);
  assert.equal(e.get('scalar').item(), 3.25);
  assert.equal(e.get('int_scalar').dtype, torch.int64);
  assert.deepEqual(e.get('empty').shape, [0, 3]);
  assert.equal(e.get('grad').requires_grad, true);
  assert.ok(e.get('param') instanceof torch.nn.Parameter);
  assert.equal(e.get('param').requires_grad, true);
  assert.equal(e.get('frozen').requires_grad, false);
  assert.equal(e.get('nonleaf').requires_grad, true); // saved from a result with grad_fn, loads as a leaf
  assert.equal(e.get('nonleaf').grad_fn, null);
});

test('a PyTorch state_dict loads into the same torchlet model and gives PyTorch\'s outputs', () => {
  const seq = new torch.nn.Sequential(new torch.nn.Conv2d(1, 2, 3), new torch.nn.ReLU(), new torch.nn.Flatten(), new torch.nn.Linear(8, 3));
  seq.load_state_dict(torch.load(fixture('seq_state_dict.pt')));
  const out = seq(torch.tensor(expected.seq_input, { dtype: torch.float32 })).tolist();
  out.flat().forEach((x, i) => assert.ok(Math.abs(x - expected.seq_output.flat()[i]) < 1e-6, `${x} vs ${expected.seq_output.flat()[i]}`));
});

test('zip64 records, protocol 4 pickles and a bare tensor load too', () => {
  assert.deepEqual([...torch.load(fixture('zip64.pt')).keys()], [...torch.load(fixture('state_dict.pt')).keys()]);
  assert.deepEqual(torch.load(fixture('proto4.pt')).get('names'), ['a', 'b']);
  assert.deepEqual(torch.load(fixture('tensor.pt')).tolist(), [[1, 2], [3, 4]]);
});

test('saving what torchlet loaded gives back PyTorch\'s file byte for byte', () => {
  const dir = join(tmp, 'resave');
  mkdirSync(dir);
  // (nested.pt and dtypes.pt hold tuples, integral floats and dtypes torchlet maps to others)
  for (const name of ['state_dict.pt', 'seq_state_dict.pt', 'views.pt', 'edge.pt', 'many.pt', 'batches.pt', 'tensor.pt']) {
    torch.save(torch.load(fixture(name)), join(dir, name));
    assert.ok(readFileSync(join(dir, name)).equals(readFileSync(fixture(name))), name);
  }
});

// ---- torchlet -> PyTorch ----

test('torchlet writes the committed files byte for byte, and they hold what PyTorch read from them', () => {
  const inputs = torchletInputs(torch);
  const dir = join(tmp, 'committed');
  mkdirSync(dir);
  for (const [name, value] of Object.entries(inputs)) {
    const file = `torchlet_${name}.pt`;
    torch.save(value, join(dir, file));
    assert.ok(readFileSync(join(dir, file)).equals(readFileSync(fixture(file))), `${file} differs from the committed bytes`);
    const read = committed.files[file];
    assert.deepEqual(read.full, describe(value), file);
    // PyTorch 1.13's weights_only unpickler lacks BINFLOAT (opcode 71): Python floats outside tensors need weights_only=False there
    if (name === 'nested') assert.match(read.weights_only.error, /Unsupported operand 71/);
    else assert.deepEqual(read.weights_only, read.full, `${file} with weights_only=True`);
    // and torchlet reads its own files back
    assert.deepEqual(describe(torch.load(join(dir, file)), false), normalize(read.full), `${file} loaded back`);
  }
});

test('fresh torchlet files load in PyTorch with the same contents, and a saved model runs there (where PyTorch is installed)', (t) => {
  const dir = join(tmp, 'fresh');
  mkdirSync(dir);
  torch.manual_seed(3);
  const seq = new torch.nn.Sequential(new torch.nn.Conv2d(1, 2, 3), new torch.nn.ReLU(), new torch.nn.Flatten(), new torch.nn.Linear(8, 3));
  const values = { ...torchletInputs(torch), model: seq.state_dict(), checkpoint: { epoch: 2, model: seq.state_dict(), losses: [2.5, 1.25] } };
  const files = Object.keys(values).map((k) => `${k}.pt`);
  for (const [k, v] of Object.entries(values)) torch.save(v, join(dir, `${k}.pt`));
  // one Python process (importing torch takes seconds): PyTorch's reading of every file, and the model run on it
  const script = [
    'import sys, json, torch, torch.nn as nn',
    `sys.path.insert(0, ${JSON.stringify(dirname(describeScript))})`,
    'from pt_describe import read',
    'seq = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 3))',
    'seq.load_state_dict(torch.load("model.pt", weights_only=True))',
    'out = seq(torch.arange(32.).reshape(2, 1, 4, 4) / 10).tolist()',
    'print(json.dumps({"files": {p: read(p, False) for p in sys.argv[1:]}, "output": out}))',
  ].join('\n');
  const run = spawnSync('/usr/bin/python3', ['-c', script, ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.error?.code === 'ENOENT' || /No module named 'torch'/.test(run.stderr ?? '')) {
    t.skip('PyTorch is not installed for /usr/bin/python3 (the committed-file test covers this direction)');
    return;
  }
  assert.equal(run.status, 0, run.stderr);
  const { files: read, output: theirs } = JSON.parse(run.stdout);
  for (const [k, v] of Object.entries(values)) assert.deepEqual(read[`${k}.pt`], describe(v), k);
  const x = torch.arange(32, { dtype: torch.float32 }).reshape(2, 1, 4, 4).div(10);
  seq(x).tolist().flat().forEach((v, i) => assert.ok(Math.abs(v - theirs.flat()[i]) < 1e-6, `${v} vs ${theirs.flat()[i]}`));
});

test('the archive layout is PyTorch\'s: stored 64-byte-aligned records named after the file, storages in key order', () => {
  const file = join(tmp, 'my.model.pt');
  torch.save(new Map(Array.from({ length: 11 }, (_, i) => [`w${i}`, torch.ones(i + 1)])), file);
  const zip = new ZipReader(readFileSync(file), 'x');
  assert.deepEqual(zip.entries.map((e) => e.name), ['my.model/data.pkl', ...['0', '1', '10', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => `my.model/data/${k}`), 'my.model/version']);
  for (const e of zip.entries) assert.equal(e.dataStart % 64, 0, e.name);
  assert.equal(new TextDecoder().decode(zip.read(zip.get('my.model/version'))), '3\n');
  // in memory the folder is "archive", as PyTorch names it for a buffer
  assert.equal(new ZipReader(core.save({ a: 1 }), 'x').entries[0].name, 'archive/data.pkl');
  assert.equal(archiveName('dir/sub\\ckpt.tar.pt'), 'ckpt.tar');
  assert.equal(archiveName('noext'), 'noext');
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('the core works on bytes in every form; the Node build adds paths', () => {
  const bytes = core.save({ w: torch.tensor([1, 2], { dtype: torch.float32 }) });
  assert.ok(bytes instanceof Uint8Array);
  for (const form of [bytes, bytes.buffer, Buffer.from(bytes), new DataView(bytes.buffer)]) assert.deepEqual(core.load(form).get('w').tolist(), [1, 2]);
  assert.deepEqual(core.load(bytes, { map_location: 'cpu', weights_only: true }).get('w').tolist(), [1, 2]);
  assert.throws(() => core.load('model.pt'), (e) => e instanceof TypeError && /takes the bytes of a \.pt file/.test(e.message));
  assert.throws(() => core.save({}, 'model.pt'), (e) => e instanceof TypeError && /returns the bytes/.test(e.message));
  assert.deepEqual(nodeApi.load(bytes).get('w').tolist(), [1, 2]);
  const file = join(tmp, 'node.pt');
  assert.equal(nodeApi.save({ a: [1, 'b'] }, file), undefined);
  assert.deepEqual(nodeApi.load(file).get('a'), [1, 'b']);
  assert.deepEqual(torch.load(torch.save({ a: 1 })).get('a'), 1); // torch.save(obj) without a path returns the bytes
  // loading does not alias the bytes
  const copy = Uint8Array.from(bytes);
  const w = core.load(copy).get('w');
  copy.fill(0);
  assert.deepEqual(w.tolist(), [1, 2]);
});

test('torch.save refuses what has no .pt form, and torch.save options it cannot honour', () => {
  const m = new torch.nn.Linear(2, 1);
  assert.throws(() => torch.save(m), (e) => e instanceof TypeError && /cannot save a Linear module \(at the top level\): save its state_dict\(\) instead/.test(e.message));
  assert.throws(() => torch.save({ f: () => 1 }), (e) => e instanceof TypeError && /cannot save a function \(at the top level\.f\)/.test(e.message));
  assert.throws(() => torch.save([new Date()]), (e) => e instanceof TypeError && /cannot save a Date \(at the top level\[0\]\)/.test(e.message));
  assert.throws(() => torch.save({}, join(tmp, 'p.pt'), { pickle_protocol: 4 }), /pickle protocol 2/);
  assert.throws(() => torch.save({}, join(tmp, '.pt')), (e) => e.name === 'RuntimeError' && e.message === `invalid file name: ${join(tmp, '.pt')}`);
  assert.ok(!existsSync(join(tmp, 'p.pt')));
  // a list that holds itself pickles by reference, as in Python
  const loop = [1];
  loop.push(loop);
  const back = torch.load(torch.save(loop));
  assert.equal(back[1], back);
});

// ---- hostile files ----

/** A .pt archive around a hand-written pickle (and optional storage records). */
function archive(pkl, records = {}, extra = {}) {
  return writeZip([['a/data.pkl', Uint8Array.from(pkl)], ...Object.entries(records).map(([k, v]) => [`a/data/${k}`, v]), ['a/version', new TextEncoder().encode('3\n')], ...Object.entries(extra).map(([k, v]) => [`a/${k}`, v])]);
}
const ascii = (s) => [...s].map((c) => c.charCodeAt(0));
const bu = (s) => { const b = new TextEncoder().encode(s); return [0x58, b.length, 0, 0, 0, ...b]; }; // BINUNICODE
const refusal = (qualname) => (e) => e.name === 'UnpicklingError' && e.message === `torchlet refuses the global '${qualname}': only tensors and plain containers can be loaded (nothing in a .pt file is ever run)`;

test('code in the pickle is refused by name, and never runs', () => {
  const marker = '/tmp/torchlet-pwned';
  rmSync(marker, { force: true });
  assert.throws(() => torch.load(fixture('evil_system.pt')), refusal('posix.system'));
  assert.ok(!existsSync(marker));
  const call = (module, name) => archive([0x80, 2, 0x63, ...ascii(`${module}\n${name}\n`), ...bu('echo hi'), 0x85, 0x52, 0x2e]);
  for (const [m, n] of [['os', 'system'], ['builtins', 'eval'], ['__builtin__', 'exec'], ['subprocess', 'Popen'], ['torch', 'load'],
    ['torch._utils', '_rebuild_tensor'], ['torch.storage', '_load_from_bytes'], ['numpy.core.multiarray', '_reconstruct'], ['collections', 'defaultdict']])
    assert.throws(() => torch.load(call(m, n)), refusal(`${m}.${n}`));
  // STACK_GLOBAL (protocol 4) goes through the same gate
  assert.throws(() => torch.load(archive([0x80, 4, ...bu('os'), ...bu('system'), 0x93, ...bu('x'), 0x85, 0x52, 0x2e])), refusal('os.system'));
  // an allowed name used for something else
  const G = (m, n) => [0x63, ...ascii(`${m}\n${n}\n`)];
  assert.throws(() => torch.load(archive([0x80, 2, ...G('torch', 'FloatStorage'), 0x29, 0x52, 0x2e])), /torchlet refuses to call torch\.FloatStorage/);
  assert.throws(() => torch.load(archive([0x80, 2, ...G('collections', 'OrderedDict'), 0x2e])), /loads data, not the name collections\.OrderedDict/);
  assert.throws(() => torch.load(archive([0x80, 2, 0x7d, 0x7d, 0x62, 0x2e])), /BUILD applies only to an OrderedDict, found a dict/);
  assert.throws(() => torch.load(archive([0x80, 2, ...G('collections', 'OrderedDict'), 0x29, 0x52, 0x7d, ...bu('get'), 0x4b, 1, 0x73, 0x62, 0x2e])), /state may hold only '_metadata'/);
  assert.throws(() => torch.load(archive([0x80, 2, ...bu('x'), 0x51, 0x2e])), /only persistent ids \('storage', type, key, location, numel\) are allowed/);
});

test('opcodes outside torch.save\'s set and malformed pickles: an UnpicklingError each', () => {
  const cases = [
    [[0x80, 2, 0x69, ...ascii('os\nsystem\n'), 0x2e], /unsupported pickle opcode 0x69 at byte 2/], // INST
    [[0x80, 2, 0x28, 0x6f, 0x2e], /unsupported pickle opcode 0x6f/], // OBJ
    [[0x80, 2, 0x81, 0x2e], /unsupported pickle opcode 0x81/], // NEWOBJ
    [[0x80, 2, 0x42, 1, 0, 0, 0, 0x41, 0x2e], /unsupported pickle opcode 0x42/], // BINBYTES
    [[0x80, 2, 0x4b, 1], /pickle data was truncated/], // no STOP
    [[0x80, 2, 0x58, 0xff, 0xff, 0xff, 0x7f, 0x2e], /pickle data was truncated/], // a 2 GB string in 8 bytes
    [[0x80, 2, 0x2e], /unpickling stack underflow/],
    [[0x80, 2, 0x68, 9, 0x2e], /Memo value not found at index 9/],
    [[0x80, 2, 0x5d, 0x75, 0x2e], /could not find MARK/],
    [[0x80, 2, 0x5d, 0x4b, 1, 0x4b, 2, 0x73, 0x2e], /SETITEM needs a dict, found a list/],
    [[0x80, 2, 0x29, 0x4b, 1, 0x61, 0x2e], /APPEND needs a list, found a tuple/], // a tuple is immutable
    [[0x80, 2, 0x4e, 0x5d, 0x52, 0x2e], /REDUCE needs a tuple of arguments, found a list/],
    [[0x80, 9, 0x2e], /unsupported pickle protocol: 9/],
  ];
  for (const [pkl, re] of cases) assert.throws(() => torch.load(archive(pkl)), (e) => e.name === 'UnpicklingError' && re.test(e.message), re.source);
});

test('tensors that do not fit their storage, and storages that do not fit their record', () => {
  assert.throws(() => torch.load(fixture('short_storage.pt')), (e) => e.name === 'RuntimeError' && e.message ===
    'setStorage: sizes [2, 3], strides [3, 1], storage offset 0, and itemsize 4 requiring a storage size of 24 are out of bounds for storage of size 20');
  assert.throws(() => torch.load(fixture('huge_numel.pt')), (e) => e.name === 'RuntimeError' &&
    e.message.endsWith("storage '0' of 1099511627776 float32 elements needs 4398046511104 bytes, but huge_numel/data/0 holds 24"));
  // a tensor (2, 3) over 6 floats with a storage offset of 1, negative strides, a missing record, a storage used with two types
  const G = (m, n) => [0x63, ...ascii(`${m}\n${n}\n`)];
  const pid = (cls, key, n) => [0x28, ...bu('storage'), ...G('torch', cls), ...bu(key), ...bu('cpu'), 0x4b, n, 0x74, 0x51];
  const tensor = (cls, key, n, offset, size, stride) => [...G('torch._utils', '_rebuild_tensor_v2'), 0x28, ...pid(cls, key, n), 0x4b, offset,
    0x28, ...size.flatMap((s) => [0x4a, ...new Uint8Array(new Int32Array([s]).buffer)]), 0x74, 0x28, ...stride.flatMap((s) => [0x4a, ...new Uint8Array(new Int32Array([s]).buffer)]), 0x74,
    0x89, ...G('collections', 'OrderedDict'), 0x29, 0x52, 0x74, 0x52];
  const f24 = new Uint8Array(24);
  assert.throws(() => torch.load(archive([0x80, 2, ...tensor('FloatStorage', '0', 6, 1, [2, 3], [3, 1]), 0x2e], { 0: f24 })), /requiring a storage size of 28 are out of bounds for storage of size 24/);
  assert.throws(() => torch.load(archive([0x80, 2, ...tensor('FloatStorage', '0', 6, 0, [2], [-1]), 0x2e], { 0: f24 })), /invalid tensor sizes \[2\] and strides \[-1\]/);
  assert.throws(() => torch.load(archive([0x80, 2, ...tensor('FloatStorage', '7', 6, 0, [2], [1]), 0x2e], { 0: f24 })), /the archive has no record a\/data\/7 for storage '7'/);
  assert.throws(() => torch.load(archive([0x80, 2, ...tensor('FloatStorage', '0', 6, 0, [2], [1]), ...tensor('IntStorage', '0', 6, 0, [2], [1]), 0x86, 0x2e], { 0: f24 })),
    /storage '0' is used as both FloatStorage and IntStorage/);
  // the same pickle with room for the tensor loads, and a big-endian archive is read as such
  const ok = torch.load(archive([0x80, 2, ...tensor('FloatStorage', '0', 6, 1, [2, 2], [3, 1]), 0x2e], { 0: new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5]).buffer) }));
  assert.deepEqual(ok.tolist(), [[1, 2], [4, 5]]);
  const be = new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5]).buffer).slice();
  for (let i = 0; i < be.length; i += 4) be.subarray(i, i + 4).reverse();
  const big = torch.load(archive([0x80, 2, ...tensor('FloatStorage', '0', 6, 0, [6], [1]), 0x2e], { 0: be }, { byteorder: new TextEncoder().encode('big') }));
  assert.deepEqual(big.tolist(), [0, 1, 2, 3, 4, 5]);
});

test('files in other formats are named: legacy, TorchScript, a bare storage, deflated, not a zip', () => {
  assert.throws(() => torch.load(fixture('legacy.pt')), /legacy \.pt file \(torch\.save with _use_new_zipfile_serialization=False/);
  assert.throws(() => torch.load(fixture('scripted.pt')), /TorchScript archive \(torch\.jit\.save\)/);
  assert.throws(() => torch.load(fixture('storage.pt')), /torchlet loads tensors, not bare storages/);
  assert.throws(() => torch.load(fixture('deflated.pt')), /data\.pkl is compressed \(zip method 8, deflate\); torchlet reads only stored entries/);
  assert.throws(() => torch.load(new TextEncoder().encode('hello world')), /not a PyTorch \.pt file/);
  const dir = join(tmp, 'a-folder.pt');
  mkdirSync(dir);
  assert.throws(() => torch.load(dir), /not a regular file \(a folder\)/);
});

/** Runs f while recording every storage allocation, and returns the largest element count asked for. */
function largestAllocation(f) {
  let largest = 0;
  setAllocator((kind, n) => { largest = Math.max(largest, n); return kind === 'f32' ? new Float32Array(n) : new Float64Array(n); });
  try { f(); } finally { if (available()) useWasmStorage(true); else setAllocator(null); }
  return largest;
}

test('damaged archives: every truncation, sizes and offsets beyond the file, random corruption — a clear error, no big allocation', () => {
  const good = readFileSync(fixture('state_dict.pt'));
  const ours = (e) => e.name === 'RuntimeError' || e.name === 'UnpicklingError';
  const largest = largestAllocation(() => {
    for (let n = 0; n < good.length; n++) assert.throws(() => torch.load(good.subarray(0, n)), ours, `truncated to ${n} bytes`);
  });
  assert.ok(largest <= good.length, `allocated ${largest} elements`);
  const patched = (at, bytes) => { const b = Uint8Array.from(good); b.set(bytes, at); return b; };
  const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
  const cd = good.indexOf(Buffer.from('PK\x01\x02')), z64 = good.lastIndexOf(Buffer.from('PK\x06\x06'));
  const u32 = (x) => new Uint8Array(new Uint32Array([x]).buffer);
  const u64 = (x) => new Uint8Array(new BigUint64Array([x]).buffer);
  const cases = [
    [patched(cd + 20, [...u32(0x7ffffff0), ...u32(0x7ffffff0)]), /run past the end of the data/],
    [patched(cd + 42, u32(0x7fff0000)), /local header at offset 2147418112 is missing or outside the file/],
    [patched(z64 + 32, u64(1n << 40n)), /1099511627776 entries cannot fit in a central directory/],
    [patched(z64 + 48, u64(BigInt(good.length))), /the central directory .* lies outside the file/],
    [patched(z64 + 48, u64(1n << 60n)), /the zip64 central directory offset 1152921504606846976 is larger than the file/],
    [patched(64, [good[64] ^ 1]), /CRC-32 mismatch in state_dict\/data\.pkl/],
  ];
  assert.equal(view.getUint32(cd, true), 0x02014b50);
  for (const [bytes, re] of cases) assert.throws(() => torch.load(bytes), (e) => e.name === 'RuntimeError' && re.test(e.message), re.source);
  // seeded random byte flips anywhere: each either still loads or fails with one of our errors
  let seed = 12345;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const flips = largestAllocation(() => {
    for (let k = 0; k < 400; k++) {
      const b = Uint8Array.from(good);
      for (let j = 0; j < 3; j++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      try { torch.load(b); } catch (e) { assert.ok(ours(e), `${e.name}: ${e.message}`); }
    }
  });
  assert.ok(flips <= good.length);
  // the huge-storage file is refused before its 2^40 elements are allocated
  assert.ok(largestAllocation(() => assert.throws(() => torch.load(fixture('huge_numel.pt')))) <= 24);
});

test('the pickler writes PyTorch\'s opcodes: a hand-checked pickle for {"a": [1, 2.5]}', () => {
  const zip = new ZipReader(core.save({ a: [1, 2.5] }), 'x');
  const pkl = [...zip.read(zip.get('archive/data.pkl'))];
  // PROTO 2, EMPTY_DICT, BINPUT 0, BINUNICODE 'a', BINPUT 1, EMPTY_LIST, BINPUT 2, MARK, BININT1 1, BINFLOAT 2.5 (big-endian), APPENDS, SETITEM, STOP
  assert.deepEqual(pkl, [0x80, 2, 0x7d, 0x71, 0, 0x58, 1, 0, 0, 0, 0x61, 0x71, 1, 0x5d, 0x71, 2, 0x28, 0x4b, 1, 0x47, 0x40, 4, 0, 0, 0, 0, 0, 0, 0x65, 0x73, 0x2e]);
});
