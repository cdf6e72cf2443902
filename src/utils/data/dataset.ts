// torch.utils.data datasets: the map-style Dataset base (`__getitem__` and `__len__`, as in
// PyTorch, so a ported class keeps its method names), TensorDataset, Subset, ConcatDataset and
// random_split.
import { Tensor } from '../../tensor/tensor.js';
import { AssertionError, IndexError, ValueError } from '../../tensor/errors.js';
import { default_generator, randpermInto, type Generator } from '../../tensor/random.js';
import { gatherRows } from './gather.js';
import { bind } from '../../tensor/args.js';

/** Anything the DataLoader can index: a Dataset, or a plain array of samples. */
export type DatasetLike<T = unknown> = Dataset<T> | readonly T[];

export abstract class Dataset<T = unknown> {
  abstract __getitem__(index: number): T;
  /** Map-style datasets report their size; PyTorch leaves it undefined on the base class too. */
  __len__(): number { throw new TypeError(`object of type '${this.constructor.name}' has no len()`); }
  /** `dataset.length`, JavaScript's spelling of len(dataset). */
  get length(): number { return this.__len__(); }
  /**
   * Fast path used by the DataLoader with the default collate function: the already-collated batch
   * for these indices, or undefined to fall back to __getitem__ + collate.
   */
  _getBatch(_indices: readonly number[]): unknown { return undefined; }
}

/** Number of samples in a dataset or array. */
export function lenOf(ds: DatasetLike): number {
  return Array.isArray(ds) ? ds.length : (ds as Dataset).__len__();
}
/** dataset[index] for a Dataset or an array. */
export function itemOf<T>(ds: DatasetLike<T>, index: number): T {
  if (Array.isArray(ds)) {
    if (!Number.isInteger(index) || index < -ds.length || index >= ds.length) throw new IndexError('list index out of range');
    return ds[index < 0 ? index + ds.length : index];
  }
  return (ds as Dataset<T>).__getitem__(index);
}

/** Each sample is the index-th row of every tensor: `new TensorDataset(images, labels)`. */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...args: Tensor[]) {
    super();
    const tensors = bind('TensorDataset.__init__(self, *tensors)', args).tensors as Tensor[];
    for (const t of tensors) if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset expects Tensors, got ${t === null ? 'None' : typeof t}`);
    // Python's `assert all(tensors[0].size(0) == tensor.size(0) for tensor in tensors)`, in its order
    for (const t of tensors) {
      if (tensors[0].ndim === 0 || t.ndim === 0) throw new IndexError('Dimension specified as 0 but tensor has no dimensions');
      if (t.shape[0] !== tensors[0].shape[0]) throw new AssertionError('Size mismatch between tensors');
    }
    this.tensors = tensors;
  }
  __getitem__(...args: [index: number]): Tensor[] {
    const index = bind('TensorDataset.__getitem__(self, index)', args).index as number;
    return this.tensors.map((t) => gatherRows(t, [index]).squeeze(0));
  }
  override __len__(): number { return this.tensors.length ? this.tensors[0].shape[0] : 0; }
  /** One copy per tensor (one `set` per run of consecutive rows), instead of per-sample tensors and a stack. */
  override _getBatch(indices: readonly number[]): Tensor[] {
    return this.tensors.map((t) => gatherRows(t, indices));
  }
}

/** The samples of `dataset` at `indices`, in that order. */
export class Subset<T = unknown> extends Dataset<T> {
  readonly dataset: DatasetLike<T>;
  readonly indices: readonly number[];
  constructor(...args: [dataset: DatasetLike<T>, indices: readonly number[]]) {
    super();
    const a = bind('Subset.__init__(self, dataset, indices)', args);
    this.dataset = a.dataset as DatasetLike<T>;
    this.indices = a.indices as number[];
  }
  __getitem__(...args: [idx: number]): T {
    const index = bind('Subset.__getitem__(self, idx)', args).idx as number;
    if (Array.isArray(index)) return (index as number[]).map((i) => itemOf(this.dataset, this.indices[i])) as unknown as T;
    const n = this.indices.length;
    if (index < -n || index >= n) throw new IndexError('list index out of range');
    return itemOf(this.dataset, this.indices[index < 0 ? index + n : index]);
  }
  override __len__(): number { return this.indices.length; }
  override _getBatch(indices: readonly number[]): unknown {
    if (Array.isArray(this.dataset)) return undefined;
    const n = this.indices.length;
    for (const i of indices) if (i < -n || i >= n) throw new IndexError('list index out of range');
    return (this.dataset as Dataset)._getBatch(indices.map((i) => this.indices[i < 0 ? i + n : i]));
  }
}

/** Datasets one after the other. */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: DatasetLike<T>[];
  readonly cumulative_sizes: number[];
  constructor(...args: [datasets: Iterable<DatasetLike<T>>]) {
    super();
    this.datasets = Array.from(bind('ConcatDataset.__init__(self, datasets)', args).datasets as Iterable<DatasetLike<T>>);
    if (this.datasets.length === 0) throw new AssertionError('datasets should not be an empty iterable');
    let acc = 0;
    this.cumulative_sizes = this.datasets.map((d) => (acc += lenOf(d)));
  }
  override __len__(): number { return this.cumulative_sizes[this.cumulative_sizes.length - 1]; }
  __getitem__(...args: [idx: number]): T {
    let index = bind('ConcatDataset.__getitem__(self, idx)', args).idx as number;
    const n = this.__len__();
    if (index < 0) {
      if (-index > n) throw new ValueError('absolute value of index should not exceed dataset length');
      index += n;
    }
    const k = this.cumulative_sizes.findIndex((c) => index < c);
    if (k < 0) throw new IndexError('list index out of range');
    return itemOf(this.datasets[k], k === 0 ? index : index - this.cumulative_sizes[k - 1]);
  }
}

/**
 * random_split(dataset, lengths, generator=default_generator): lengths as counts or as fractions
 * summing to 1 (PyTorch 1.13's rule: floors, then the remainder handed out round-robin).
 */
export function random_split<T>(...args: [dataset: DatasetLike<T>, lengths: readonly number[], generator?: Generator | { generator?: Generator }]): Subset<T>[] {
  const a = bind('random_split(dataset, lengths, generator=None)', args);
  const dataset = a.dataset as DatasetLike<T>, lengths = a.lengths as number[];
  const gen = (a.generator as Generator | null) ?? default_generator;
  const n = lenOf(dataset);
  let lens = lengths.slice();
  const sum = lens.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) < 1e-9 && sum <= 1) {
    lens = lens.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const rem = n - lens.reduce((a, b) => a + b, 0);
    for (let i = 0; i < rem; i++) lens[i % lens.length] += 1;
    lens.forEach((l, i) => { if (l === 0) console.warn(`UserWarning: Length of split at index ${i} is 0. This might result in an empty dataset.`); });
  }
  if (lens.reduce((a, b) => a + b, 0) !== n) throw new ValueError('Sum of input lengths does not equal the length of the input dataset!');
  const perm = new Float64Array(n);
  randpermInto(perm, gen);
  const out: Subset<T>[] = [];
  let off = 0;
  for (const l of lens) { out.push(new Subset(dataset, Array.from(perm.subarray(off, off + l)))); off += l; }
  return out;
}
