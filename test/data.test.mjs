// torch.utils.data: batches, shuffling and splits against values printed by PyTorch 1.13
// (the Python that printed each expectation is quoted above it), collation rules, and errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';

const { DataLoader, TensorDataset, Dataset, Subset, ConcatDataset, random_split, RandomSampler, BatchSampler, SequentialSampler, default_collate } = torch.utils.data;
const range = (n) => [...Array(n).keys()];
const lists = (loader) => [...loader].map((b) => b.tolist());

test('shuffle with the default generator draws as PyTorch does (epochs differ, later draws line up)', () => {
  // torch.manual_seed(1); dl = DataLoader(list(range(10)), batch_size=4, shuffle=True)
  // [b.tolist() for b in dl], [b.tolist() for b in dl], torch.rand(2).tolist()
  torch.manual_seed(1);
  const dl = new DataLoader(range(10), { batch_size: 4, shuffle: true });
  assert.deepEqual(lists(dl), [[4, 2, 0, 6], [8, 7, 9, 1], [5, 3]]);
  assert.deepEqual(lists(dl), [[4, 8, 1, 5], [0, 2, 3, 6], [9, 7]]);
  assert.deepEqual(torch.rand(2).tolist(), [0.5695084929466248, 0.4387779235839844]);
});

test('shuffle with a seeded generator and drop_last', () => {
  // g = torch.Generator(); g.manual_seed(5)
  // dl = DataLoader(list(range(7)), batch_size=3, shuffle=True, generator=g, drop_last=True)
  const g = new torch.Generator(); g.manual_seed(5);
  const dl = new DataLoader(range(7), { batch_size: 3, shuffle: true, generator: g, drop_last: true });
  assert.equal(dl.length, 2);
  assert.deepEqual(lists(dl), [[2, 4, 3], [5, 0, 6]]);
  assert.deepEqual(lists(dl), [[4, 1, 0], [2, 3, 6]]);
});

test('positional options: DataLoader(dataset, batch_size, shuffle)', () => {
  const g1 = new torch.Generator(); g1.manual_seed(9);
  const g2 = new torch.Generator(); g2.manual_seed(9);
  assert.deepEqual(lists(new DataLoader(range(9), 4, true, { generator: g1 })), lists(new DataLoader(range(9), { batch_size: 4, shuffle: true, generator: g2 })));
  assert.deepEqual(lists(new DataLoader(range(5), 2)), [[0, 1], [2, 3], [4]]);
});

test('TensorDataset batches: shuffled rows gathered with their labels', () => {
  // ds = TensorDataset(torch.arange(12.).reshape(6, 2), torch.arange(6)); torch.manual_seed(2)
  // [[x.tolist(), y.tolist()] for x, y in DataLoader(ds, batch_size=4, shuffle=True)]
  const ds = new TensorDataset(torch.arange(12, { dtype: torch.float32 }).reshape(6, 2), torch.arange(6));
  torch.manual_seed(2);
  const got = [];
  for (const [x, y] of new DataLoader(ds, { batch_size: 4, shuffle: true })) {
    assert.equal(x.dtype, torch.float32);
    assert.equal(y.dtype, torch.int64);
    got.push([x.tolist(), y.tolist()]);
  }
  assert.deepEqual(got, [[[[8, 9], [6, 7], [4, 5], [2, 3]], [4, 3, 2, 1]], [[[0, 1], [10, 11]], [0, 5]]]);
  assert.equal(ds.length, 6);
  const [x3, y3] = ds.__getitem__(3);
  assert.deepEqual(x3.shape, [2]);
  assert.deepEqual([x3.tolist(), y3.item()], [[6, 7], 3]);
});

test('the TensorDataset fast path equals per-sample collation', () => {
  torch.manual_seed(0);
  const x = torch.randn(50, 3, 4), y = torch.randint(0, 10, [50]);
  const ds = new TensorDataset(x, y);
  const g1 = new torch.Generator(); g1.manual_seed(3);
  const g2 = new torch.Generator(); g2.manual_seed(3);
  const fast = [...new DataLoader(ds, { batch_size: 8, shuffle: true, generator: g1 })];
  const slow = [...new DataLoader(ds, { batch_size: 8, shuffle: true, generator: g2, collate_fn: (b) => default_collate(b) })];
  assert.equal(fast.length, 7);
  fast.forEach(([a, b], i) => {
    assert.deepEqual(a.shape, slow[i][0].shape);
    assert.deepEqual(a.tolist(), slow[i][0].tolist());
    assert.deepEqual(b.tolist(), slow[i][1].tolist());
  });
  // sequential batches: rows in order
  const [first] = new DataLoader(ds, { batch_size: 5 });
  assert.deepEqual(first[0].tolist(), x.narrow(0, 0, 5).tolist());
});

test('a user Dataset subclass with __getitem__ and __len__', () => {
  class Squares extends Dataset {
    __getitem__(i) { return [torch.tensor([i, i * i], { dtype: torch.float32 }), i % 2]; }
    __len__() { return 5; }
  }
  const dl = new DataLoader(new Squares(), { batch_size: 2 });
  assert.equal(dl.length, 3);
  const batches = [...dl];
  assert.deepEqual(batches[1][0].tolist(), [[2, 4], [3, 9]]);
  assert.deepEqual(batches[1][1].tolist(), [0, 1]);
  assert.equal(batches[1][1].dtype, torch.int64);
  assert.deepEqual(batches[2][0].shape, [1, 2]);
});

test('default_collate: numbers, booleans, objects and lists as PyTorch collates them', () => {
  // default_collate([(1, 2.5, True, {'a': 1}), (2, 3.5, False, {'a': 4})])
  const out = default_collate([[1, 2.5, true, { a: 1 }], [2, 3.5, false, { a: 4 }]]);
  assert.equal(out[0].dtype, torch.int64); assert.deepEqual(out[0].tolist(), [1, 2]);
  assert.equal(out[1].dtype, torch.float64); assert.deepEqual(out[1].tolist(), [2.5, 3.5]);
  assert.equal(out[2].dtype, torch.bool); assert.deepEqual(out[2].tolist(), [true, false]);
  assert.deepEqual(out[3].a.tolist(), [1, 4]);
  assert.throws(() => default_collate([torch.zeros(2), torch.zeros(3)]), { name: 'RuntimeError', message: 'stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1' });
  assert.throws(() => default_collate([[1, 2], [1]]), { name: 'RuntimeError', message: 'each element in list of batch should be of equal size' });
});

test('batch_size null disables batching', () => {
  assert.deepEqual([...new DataLoader([7, 8], { batch_size: null })], [7, 8]);
});

test('random_split: counts and fractions', () => {
  // [s.indices for s in random_split(range(10), [7, 3], generator=torch.Generator().manual_seed(42))]
  const [a, b] = random_split(range(10), [7, 3], new torch.Generator().manual_seed(42));
  assert.deepEqual([a.indices, b.indices], [[2, 6, 1, 8, 4, 5, 0], [9, 3, 7]]);
  assert.equal(a.__getitem__(0), 2);
  // [len(s) for s in random_split(range(11), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(0))]
  assert.deepEqual(random_split(range(11), [0.5, 0.3, 0.2], new torch.Generator().manual_seed(0)).map((s) => s.length), [6, 3, 2]);
  assert.throws(() => random_split(range(5), [2, 2]), { name: 'ValueError', message: 'Sum of input lengths does not equal the length of the input dataset!' });
});

test('samplers: with replacement, num_samples beyond the dataset', () => {
  // list(RandomSampler(range(10), replacement=True, num_samples=5, generator=torch.Generator().manual_seed(3)))
  assert.deepEqual([...new RandomSampler(range(10), { replacement: true, num_samples: 5, generator: new torch.Generator().manual_seed(3) })], [6, 8, 7, 7, 0]);
  // list(RandomSampler(range(4), num_samples=10, generator=torch.Generator().manual_seed(3)))
  assert.deepEqual([...new RandomSampler(range(4), { num_samples: 10, generator: new torch.Generator().manual_seed(3) })], [2, 3, 1, 0, 3, 2, 1, 0, 0, 3]);
  const bs = new BatchSampler(new SequentialSampler(range(10)), 3, true);
  assert.deepEqual([...bs], [[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
  assert.equal(bs.length, 3);
  const dl = new DataLoader(range(6), { batch_sampler: new BatchSampler(new SequentialSampler(range(6)), 4, false) });
  assert.deepEqual(lists(dl), [[0, 1, 2, 3], [4, 5]]);
});

test('Subset and ConcatDataset', () => {
  const ds = new TensorDataset(torch.arange(10));
  const sub = new Subset(ds, [9, 0, 4]);
  const [[batch]] = [...new DataLoader(sub, { batch_size: 3 })];
  assert.deepEqual(batch.tolist(), [9, 0, 4]);
  const cat = new ConcatDataset([range(3), range(2)]);
  assert.equal(cat.length, 5);
  assert.deepEqual(range(5).map((i) => cat.__getitem__(i)), [0, 1, 2, 0, 1]);
});

test('DataLoader errors are PyTorch\'s', () => {
  const ds = range(4);
  assert.throws(() => new DataLoader(ds, { sampler: new SequentialSampler(ds), shuffle: true }), { name: 'ValueError', message: 'sampler option is mutually exclusive with shuffle' });
  assert.throws(() => new DataLoader(ds, { batch_size: 2, batch_sampler: new BatchSampler(ds, 2, false) }), { name: 'ValueError', message: 'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last' });
  assert.throws(() => new DataLoader(ds, { batch_size: null, drop_last: true }), { name: 'ValueError', message: 'batch_size=None option disables auto-batching and is mutually exclusive with drop_last' });
  assert.throws(() => new DataLoader(ds, { batch_size: 0 }), { name: 'ValueError', message: 'batch_size should be a positive integer value, but got batch_size=0' });
  assert.throws(() => new DataLoader(ds, { batchsize: 2 }), { name: 'TypeError', message: "DataLoader.__init__() got an unexpected keyword argument 'batchsize'" });
  assert.throws(() => new TensorDataset(torch.zeros(3), torch.zeros(4)), /Size mismatch between tensors/);
  assert.throws(() => [...new DataLoader(new TensorDataset(torch.zeros(3)), { sampler: [0, 3], batch_size: 2 })], { name: 'IndexError', message: 'index 3 is out of bounds for dimension 0 with size 3' });
});
