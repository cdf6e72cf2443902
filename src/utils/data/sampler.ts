// Samplers (PyTorch 1.13): which indices a DataLoader visits and in what order, drawing random
// numbers exactly as PyTorch does so a seeded run shuffles the same way.
import { ValueError } from '../../tensor/errors.js';
import { Generator, default_generator, randpermInto } from '../../tensor/random.js';
import { lenOf, type DatasetLike } from './dataset.js';
import { bind, type Kw } from '../../tensor/args.js';

export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  __len__(): number { throw new TypeError(`object of type '${this.constructor.name}' has no len()`); }
  get length(): number { return this.__len__(); }
}

export class SequentialSampler extends Sampler<number> {
  readonly data_source: DatasetLike;
  constructor(...args: [data_source: DatasetLike | Kw]) {
    super();
    this.data_source = bind('SequentialSampler.__init__(self, data_source)', args).data_source as DatasetLike;
  }
  *[Symbol.iterator](): Iterator<number> { const n = lenOf(this.data_source); for (let i = 0; i < n; i++) yield i; }
  override __len__(): number { return lenOf(this.data_source); }
}

/**
 * torch's int64 `random_()`: 64 random bits (two 32-bit draws, first one high) modulo 2^63. We
 * need only its low 32 bits, which are all a new Generator's mt19937 seed keeps: the second draw.
 */
export function randomSeedLow32(gen: Generator): number {
  gen.random();
  return gen.random();
}

/** A random permutation per pass (or draws with replacement), from `generator` or a fresh one. */
export class RandomSampler extends Sampler<number> {
  readonly data_source: DatasetLike;
  readonly replacement: boolean;
  private readonly _num_samples: number | null;
  generator: Generator | null;
  constructor(...args: [data_source: DatasetLike | Kw, replacement?: boolean | Kw, num_samples?: number | null | Kw, generator?: Generator | null | Kw, kw?: Kw]) {
    super();
    const a = bind('RandomSampler.__init__(self, data_source, replacement=False, num_samples=None, generator=None)', args);
    this.data_source = a.data_source as DatasetLike;
    this.replacement = a.replacement as boolean;
    this._num_samples = a.num_samples as number | null;
    this.generator = a.generator as Generator | null;
    if (typeof this.replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${String(this.replacement)}`);
    const ns = this.num_samples;
    if (!Number.isInteger(ns) || ns <= 0) throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${ns}`);
  }
  get num_samples(): number { return this._num_samples ?? lenOf(this.data_source); }
  *[Symbol.iterator](): Iterator<number> {
    const n = lenOf(this.data_source), total = this.num_samples;
    let gen = this.generator;
    if (!gen) gen = new Generator().manual_seed(randomSeedLow32(default_generator));
    if (this.replacement) {
      for (let k = 0; k < total; k++) {
        // torch.randint(high=n, size=(32,)) in chunks of 32: one 32-bit draw modulo n each
        yield gen.random() % n;
      }
      return;
    }
    const perm = new Float64Array(n);
    for (let r = 0; r < Math.floor(total / n); r++) { randpermInto(perm, gen); yield* perm; }
    // PyTorch draws this last permutation even when no sample of it is used
    randpermInto(perm, gen);
    yield* perm.subarray(0, total % n);
  }
  override __len__(): number { return this.num_samples; }
}

/** Groups a sampler's indices into lists of batch_size (the last one shorter unless drop_last). */
export class BatchSampler extends Sampler<number[]> {
  readonly sampler: Iterable<number>;
  readonly batch_size: number;
  readonly drop_last: boolean;
  constructor(...args: [sampler: Iterable<number> | Kw, batch_size?: number | Kw, drop_last?: boolean | Kw, kw?: Kw]) {
    super();
    const a = bind('BatchSampler.__init__(self, sampler, batch_size, drop_last)', args);
    const sampler = a.sampler as Iterable<number>, batch_size = a.batch_size as number, drop_last = a.drop_last as boolean;
    if (typeof batch_size !== 'number' || !Number.isInteger(batch_size) || batch_size <= 0)
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batch_size}`);
    if (typeof drop_last !== 'boolean') throw new ValueError(`drop_last should be a boolean value, but got drop_last=${drop_last}`);
    this.sampler = sampler; this.batch_size = batch_size; this.drop_last = drop_last;
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batch_size) { yield batch; batch = []; }
    }
    if (batch.length > 0 && !this.drop_last) yield batch;
  }
  override __len__(): number {
    const s = this.sampler as { __len__?: () => number; length?: number };
    const n = typeof s.__len__ === 'function' ? s.__len__() : s.length;
    if (typeof n !== 'number') throw new TypeError('sampler has no len()');
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}
