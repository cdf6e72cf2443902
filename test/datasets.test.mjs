// datasets (torchlet/node): IDX loading in torchvision's layout and a flat folder, raw and gzipped;
// clear errors for malformed files (written to a temp folder); ToTensor + Normalize rounding as
// PyTorch's; the embedded digits and their fixed split; the batch fast path.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as torch from 'torchlet';
import { datasets, transforms } from 'torchlet/node';

const tmp = mkdtempSync(join(tmpdir(), 'torchlet-idx-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

function idx(dims, bytes) {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08; head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(bytes)]);
}
// 5 train and 3 test images of 4 x 3 pixels: pixel j of image i is (37 * i + 11 * j) % 256
const pix = (n, off = 0) => Array.from({ length: n * 12 }, (_, k) => (37 * (Math.floor(k / 12) + off) + 11 * (k % 12)) % 256);
const files = {
  'train-images-idx3-ubyte': idx([5, 4, 3], pix(5)),
  'train-labels-idx1-ubyte': idx([5], [3, 1, 4, 1, 5]),
  't10k-images-idx3-ubyte': idx([3, 4, 3], pix(3, 5)),
  't10k-labels-idx1-ubyte': idx([3], [9, 2, 6]),
};
function folder(name, layout, gz, edit = {}) {
  const root = join(tmp, name), dir = layout === 'torchvision' ? join(root, 'MNIST', 'raw') : root;
  mkdirSync(dir, { recursive: true });
  for (const [f, b] of Object.entries({ ...files, ...edit })) if (b !== null) writeFileSync(join(dir, gz ? `${f}.gz` : f), gz ? gzipSync(b) : b);
  return root;
}
const toTensorNorm = () => new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]);
const f = Math.fround;
const expectPixel = (b) => f(f(f(b / 255) - f(0.1307)) / f(0.3081));

for (const layout of ['torchvision', 'flat']) for (const gz of [false, true]) {
  test(`MNIST loads the ${layout} layout, ${gz ? 'gzipped' : 'raw'}`, () => {
    const root = folder(`${layout}-${gz}`, layout, gz);
    const train = new datasets.MNIST(root, { train: true, transform: toTensorNorm() });
    const testSet = new datasets.MNIST(root, { train: false });
    assert.equal(train.length, 5);
    assert.equal(testSet.length, 3);
    assert.deepEqual(train.targets.tolist(), [3, 1, 4, 1, 5]);
    const [x, y] = train.__getitem__(2);
    assert.deepEqual(x.shape, [1, 4, 3]);
    assert.equal(y, 4);
    assert.deepEqual(Array.from(x._data), pix(5).slice(24, 36).map(expectPixel));
    const [img, t] = testSet.__getitem__(-1);
    assert.equal(String(img), '<Image mode=L size=3x4>');
    assert.deepEqual(img.size, [3, 4]);
    assert.equal(img.getpixel([2, 1]), pix(3, 5)[24 + 5]);
    assert.equal(t, 6);
  });
}

test('ToTensor and Normalize round as torchvision does (values printed by PyTorch)', () => {
  // torch.tensor([[0, 1, 127, 128, 254, 255]], dtype=torch.uint8).float().div(255).sub(torch.tensor([0.1307])).div(torch.tensor([0.3081]))
  const img = new datasets.Image(Uint8Array.from([0, 1, 127, 128, 254, 255]), 3, 2);
  const t = toTensorNorm().__call__(img);
  assert.deepEqual(t.shape, [1, 2, 3]);
  assert.deepEqual(Array.from(t._data), [-0.4242129623889923, -0.4114847183227539, 1.192272663116455, 1.2050011157989502, 2.808758497238159, 2.821486711502075]);
  const n2 = new transforms.Normalize([0.5, 0.25], [0.5, 2]).__call__(torch.ones(2, 1, 2));
  assert.deepEqual(n2.tolist(), [[[1, 1]], [[0.375, 0.375]]]);
  assert.throws(() => new transforms.Normalize([0.5], [0]).__call__(torch.ones(1, 1, 1)), { name: 'ValueError', message: 'std evaluated to zero after conversion to torch.float32, leading to division by zero.' });
  assert.throws(() => new transforms.Normalize([0.5], [1]).__call__(torch.ones(2, 2)), { name: 'ValueError', message: 'Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = torch.Size([2, 2])' });
});

test('the DataLoader batch fast path equals per-sample transforms + collate', () => {
  const root = folder('fast', 'flat', true);
  const ds = new datasets.MNIST(root, { transform: toTensorNorm() });
  const viaFast = [...new torch.utils.data.DataLoader(ds, { batch_size: 2 })];
  const viaSamples = [...new torch.utils.data.DataLoader(ds, { batch_size: 2, collate_fn: torch.utils.data.default_collate })];
  assert.equal(viaFast.length, 3);
  viaFast.forEach(([x, y], i) => {
    assert.deepEqual(x.shape, viaSamples[i][0].shape);
    assert.deepEqual(Array.from(x._data), Array.from(viaSamples[i][0]._data));
    assert.equal(y.dtype, torch.int64);
    assert.deepEqual(y.tolist(), viaSamples[i][1].tolist());
  });
  // a transform that is not pixel-wise goes through __getitem__
  const ds2 = new datasets.MNIST(root, { transform: new transforms.Compose([new transforms.ToTensor(), new transforms.Lambda((t) => t.sum())]) });
  const [[s]] = [...new torch.utils.data.DataLoader(ds2, { batch_size: 5 })];
  assert.deepEqual(s.shape, [5]);
});

const bad = (name, edit, re, train = true) => test(`malformed files: ${name}`, () => {
  const root = folder(`bad-${name.replace(/\W+/g, '-')}`, 'flat', false, edit);
  assert.throws(() => new datasets.MNIST(root, { train }), (e) => { assert.equal(e.name, 'RuntimeError'); assert.match(e.message, re); return true; });
});
bad('bad magic', { 'train-images-idx3-ubyte': Buffer.from([1, 2, 8, 3, 0, 0, 0, 0]) }, /train-images-idx3-ubyte: not an IDX file: the magic number must start with two zero bytes, found 0x01 0x02/);
bad('too short', { 'train-labels-idx1-ubyte': Buffer.from([0, 0]) }, /train-labels-idx1-ubyte: not an IDX file: 2 bytes, too short/);
bad('images and labels swapped', { 'train-images-idx3-ubyte': files['train-labels-idx1-ubyte'] }, /train-images-idx3-ubyte: expected a 3-dimensional IDX file \(magic 2051\), found 1 dimensions \(magic 2049\)/);
bad('truncated data', { 'train-images-idx3-ubyte': files['train-images-idx3-ubyte'].subarray(0, 40) }, /train-images-idx3-ubyte: truncated: the header declares 5 x 4 x 3 = 60 bytes of data, but only 24 follow it/);
bad('truncated header', { 't10k-images-idx3-ubyte': files['t10k-images-idx3-ubyte'].subarray(0, 10) }, /t10k-images-idx3-ubyte: truncated header: 3 dimensions need 16 bytes, the file has 10/, false);
bad('trailing bytes', { 'train-labels-idx1-ubyte': Buffer.concat([files['train-labels-idx1-ubyte'], Buffer.from([0, 0])]) }, /train-labels-idx1-ubyte: 2 unexpected bytes after the 5 data/);
bad('wrong element type', { 'train-images-idx3-ubyte': Buffer.from([0, 0, 0x0d, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }, /unsupported IDX element type 0x0d \(float\)/);
bad('count mismatch', { 'train-labels-idx1-ubyte': idx([4], [1, 2, 3, 4]) }, /train-images-idx3-ubyte holds 5 images but .*train-labels-idx1-ubyte holds 4 labels/);
bad('missing labels', { 'train-labels-idx1-ubyte': null }, /Dataset incomplete: found .*train-images-idx3-ubyte but no train-labels-idx1-ubyte\[\.gz\]/);

test('malformed files: truncated and corrupt gzip', () => {
  const root = join(tmp, 'badgz');
  mkdirSync(root, { recursive: true });
  const gz = gzipSync(files['train-images-idx3-ubyte']);
  writeFileSync(join(root, 'train-images-idx3-ubyte.gz'), gz.subarray(0, gz.length - 12));
  writeFileSync(join(root, 'train-labels-idx1-ubyte'), files['train-labels-idx1-ubyte']);
  assert.throws(() => new datasets.MNIST(root), (e) => e.name === 'RuntimeError' && /train-images-idx3-ubyte\.gz: truncated gzip data/.test(e.message));
  const broken = Buffer.from(gz); broken[20] ^= 0xff; broken[21] ^= 0xff;
  writeFileSync(join(root, 'train-images-idx3-ubyte.gz'), broken);
  assert.throws(() => new datasets.MNIST(root), (e) => e.name === 'RuntimeError' && /train-images-idx3-ubyte\.gz: (corrupt|truncated) gzip data/.test(e.message));
});

test('a folder without the files says where it looked', () => {
  assert.throws(() => new datasets.MNIST(join(tmp, 'nowhere')), (e) => e.name === 'RuntimeError'
    && /Dataset not found: no train-images-idx3-ubyte\[\.gz\] in .*nowhere\/MNIST\/raw, .*nowhere\/MNIST, .*nowhere\/raw, .*nowhere\. torchlet does not download datasets/.test(e.message));
  assert.throws(() => new datasets.MNIST(join(tmp, 'nowhere'), { trian: true }), { name: 'TypeError', message: "MNIST.__init__() got an unexpected keyword argument 'trian'" });
});

test('the embedded digits: 8,000 / 2,000, disjoint, the same split every time', () => {
  const train = new datasets.EmbeddedMNIST({ train: true, transform: toTensorNorm() });
  const testSet = new datasets.EmbeddedMNIST({ train: false });
  assert.equal(train.length, 8000);
  assert.equal(testSet.length, 2000);
  const counts = new Array(10).fill(0);
  for (const t of [...train.targets.tolist(), ...testSet.targets.tolist()]) counts[t]++;
  assert.deepEqual(counts, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  // no image appears in both parts (compare whole images as strings)
  const key = (ds, i) => Buffer.from(ds.images.subarray(i * 784, (i + 1) * 784)).toString('base64');
  const seen = new Set(Array.from({ length: 8000 }, (_, i) => key(train, i)));
  let shared = 0;
  for (let i = 0; i < 2000; i++) if (seen.has(key(testSet, i))) shared++;
  assert.ok(shared <= 2, `${shared} test images also in the training part`); // the source data may hold a duplicate or two
  const again = new datasets.EmbeddedMNIST(false);
  assert.deepEqual(again.targets.tolist().slice(0, 20), testSet.targets.tolist().slice(0, 20));
  assert.deepEqual(datasets.EMBEDDED_SPLIT, { seed: 0, train: 8000, test: 2000 });
});

const fashion = '/usr/share/datasets/fashion-mnist';
test('Fashion-MNIST from Debian\'s dataset-fashion-mnist (flat folder of gzipped files)', { skip: !existsSync(fashion) && 'dataset-fashion-mnist not installed' }, () => {
  const ds = new datasets.FashionMNIST(fashion, { train: false, transform: toTensorNorm() });
  assert.equal(ds.length, 10000);
  assert.equal(ds.classes[9], 'Ankle boot');
  assert.deepEqual(ds.targets.tolist().slice(0, 5), [9, 2, 1, 1, 6]);
  const train = new datasets.FashionMNIST(fashion);
  assert.equal(train.length, 60000);
  // torch.tensor(first training image).div(255).sub(0.1307).div(0.3081).flatten()[300:303]
  const [x] = new datasets.FashionMNIST(fashion, { transform: toTensorNorm() }).__getitem__(0);
  assert.deepEqual(Array.from(x._data.subarray(300, 303)), [2.248716115951538, 2.261444330215454, 2.2869009971618652]);
});
