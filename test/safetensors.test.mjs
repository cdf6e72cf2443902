// safetensors: the byte layout (8-byte LE header length, JSON header padded to 8, LE data),
// round trips of every dtype, files written by Python (tools/export_torch_mnist.py, struct + json),
// and clear errors for damaged files.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as torch from 'torchlet';
import { save_file, load_file, load_metadata, serialize, deserialize } from 'torchlet/node';

const tmp = mkdtempSync(join(tmpdir(), 'torchlet-st-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('layout: header length, JSON header padded to 8 bytes, raw little-endian data', () => {
  const bytes = serialize(new Map([['w', torch.tensor([1.5, -2], { dtype: torch.float32 })], ['i', torch.tensor([3, -4])]]), { format: 'pt' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  assert.deepEqual(header, {
    __metadata__: { format: 'pt' },
    w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
    i: { dtype: 'I64', shape: [2], data_offsets: [8, 24] },
  });
  assert.equal(bytes.length, 8 + n + 24);
  assert.equal(view.getFloat32(8 + n, true), 1.5);
  assert.equal(view.getFloat32(8 + n + 4, true), -2);
  assert.equal(view.getBigInt64(8 + n + 8, true), 3n);
  assert.equal(view.getBigInt64(8 + n + 16, true), -4n);
});

test('round trip: float32, float64, int64, bool, scalars and empty tensors; a state_dict through a file', () => {
  torch.manual_seed(0);
  const sd = new Map([
    ['a.weight', torch.randn(3, 4)], ['b', torch.randn(2, { dtype: torch.float64 })], ['steps', torch.tensor([0, 2 ** 40, -7])],
    ['mask', torch.tensor([true, false, true])], ['scalar', torch.tensor(2.5)], ['empty', torch.zeros(0, 3)],
  ]);
  const back = deserialize(serialize(sd));
  assert.deepEqual([...back.keys()], [...sd.keys()]);
  for (const [k, t] of sd) {
    assert.equal(back.get(k).dtype, t.dtype, k);
    assert.deepEqual(back.get(k).shape, t.shape, k);
    assert.deepEqual(back.get(k).tolist(), t.tolist(), k);
  }
  const path = join(tmp, 'sd.safetensors');
  save_file(sd, path, { note: 'hi' });
  assert.deepEqual(load_file(path).get('a.weight').tolist(), sd.get('a.weight').tolist());
  assert.deepEqual(load_metadata(path), { note: 'hi' });
  // a plain object works as well as a Map, and loading does not alias the bytes
  const bytes = serialize({ x: torch.ones(2) });
  const x = deserialize(bytes).get('x');
  bytes.fill(0);
  assert.deepEqual(x.tolist(), [1, 1]);
});

test('a module state_dict saves and loads back into a fresh module', () => {
  class Tiny extends torch.nn.Module {
    constructor() { super(); this.w = new torch.nn.Parameter(torch.randn(2, 3)); this.b = new torch.nn.Parameter(torch.zeros(3)); }
    forward(x) { return x.matmul(this.w).add(this.b); }
  }
  const m = new Tiny();
  const path = join(tmp, 'tiny.safetensors');
  save_file(m.state_dict(), path);
  const m2 = new Tiny();
  m2.load_state_dict(load_file(path));
  assert.deepEqual(m2.w.tolist(), m.w.tolist());
});

const fixture = new URL('./fixtures/mnist_dtypes.safetensors', import.meta.url);
test('a file written by Python with struct + json, in every dtype it can hold', { skip: !existsSync(fixture) && 'fixture not generated' }, () => {
  // tools/export_torch_mnist.py --dtypes-fixture: torch.arange(-3, 3) and friends in each dtype
  const t = load_file(fixture.pathname);
  const want = [-3, -2, -1, 0, 1, 2];
  for (const k of ['f32', 'f64', 'f16', 'bf16', 'i64', 'i32', 'i16', 'i8']) assert.deepEqual(t.get(k).tolist(), want, k);
  assert.equal(t.get('f64').dtype, torch.float64);
  assert.equal(t.get('f16').dtype, torch.float32);
  // the integer codes load as the dtype of the same name
  assert.equal(t.get('i32').dtype, torch.int32);
  assert.equal(t.get('i16').dtype, torch.int16);
  assert.equal(t.get('i8').dtype, torch.int8);
  assert.equal(t.get('u8').dtype, torch.uint8);
  assert.deepEqual(t.get('u8').tolist(), [0, 1, 2, 253, 254, 255]);
  assert.deepEqual(t.get('bool').tolist(), [true, false, true]);
  assert.deepEqual(t.get('matrix').shape, [2, 3]);
  assert.deepEqual(t.get('matrix').tolist(), [[0.5, 1.5, 2.5], [3.5, 4.5, 5.5]]);
});

test('damaged files fail with a clear message naming the file', () => {
  const good = serialize({ w: torch.ones(4) });
  const write = (name, bytes) => { const p = join(tmp, name); writeFileSync(p, bytes); return p; };
  const fails = (p, re) => assert.throws(() => load_file(p), (e) => e.name === 'RuntimeError' && e.message.startsWith(p) && re.test(e.message));
  fails(write('short.safetensors', good.subarray(0, 5)), /5 bytes is too short for the 8-byte header length/);
  fails(write('trunc.safetensors', good.subarray(0, good.length - 3)), /truncated: tensor 'w' ends at byte 16 of the data, but only 13 bytes follow the header/);
  fails(write('head.safetensors', good.subarray(0, 12)), /truncated header/);
  const big = Buffer.from(good); big.writeBigUInt64LE(10n ** 12n, 0);
  fails(write('huge.safetensors', big), /header length 1000000000000 is larger than the 100 MB limit/);
  const notJson = Buffer.from(good); notJson[9] = 0x7b; notJson[10] = 0x7b;
  fails(write('json.safetensors', notJson), /the header is not valid JSON/);
  fails(write('extra.safetensors', Buffer.concat([good, Buffer.from([1, 2])])), /2 bytes after the last tensor are not described by the header/);
  const mk = (header, data) => { const h = Buffer.from(JSON.stringify(header)); const len = Buffer.alloc(8); len.writeBigUInt64LE(BigInt(h.length)); return Buffer.concat([len, h, Buffer.alloc(data)]); };
  fails(write('shape.safetensors', mk({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } }, 16)), /tensor 'w': F32 \[3\] needs 12 bytes but data_offsets \[0, 16\] span 16/);
  fails(write('dtype.safetensors', mk({ w: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, 8)), /tensor 'w' has unsupported dtype C64/);
  fails(write('gap.safetensors', mk({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8)), /the data has a gap or overlap at byte 0/);
  assert.throws(() => load_file(join(tmp, 'missing.safetensors')), (e) => e.name === 'RuntimeError' && /missing\.safetensors: cannot read the file/.test(e.message));
});
