// torch.utils.data.DataLoader (PyTorch 1.13, single process): batches from a dataset via a sampler
// and a collate function; `for (const [data, target] of loader)`. Random numbers are drawn in
// PyTorch's order (a base seed per pass, then the sampler's permutation), so with the same seed the
// same samples land in the same batches. `for await` also works: it gives the event loop back
// between batches (a training loop on a page's main thread).
import { ValueError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { default_generator, type Generator } from '../../tensor/random.js';
import { bind } from '../../tensor/args.js';
import { Dataset, itemOf, type DatasetLike } from './dataset.js';
import { SequentialSampler, RandomSampler, BatchSampler, randomSeedLow32 } from './sampler.js';
import { default_collate, default_convert, collate, convert } from './collate.js';
import { yieldToEventLoop } from './event_loop.js';

export interface DataLoaderOptions<T = unknown, B = Collated<T>> {
  batch_size?: number | null; shuffle?: boolean | null; sampler?: Iterable<number> | null; batch_sampler?: Iterable<number[]> | null;
  num_workers?: number; collate_fn?: ((batch: T[]) => B) | null; pin_memory?: boolean; drop_last?: boolean;
  timeout?: number; worker_init_fn?: unknown; multiprocessing_context?: unknown; generator?: Generator | null;
  prefetch_factor?: number; persistent_workers?: boolean; pin_memory_device?: string;
}

/**
 * The batch default_collate makes of samples of type T: tensors, numbers and booleans stack into a
 * Tensor, strings into an array, and tuples, arrays and objects keep their structure with each field
 * collated. Unknown samples (a transform of unknown result) give unknown batches: name the batch
 * type then, `new DataLoader<unknown, [Tensor, Tensor]>(dataset, ...)`.
 */
export type Collated<T> = unknown extends T ? unknown
  : T extends Tensor | number | boolean ? Tensor
  : T extends string ? string[]
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
  : T extends object ? { [K in keyof T]: Collated<T[K]> }
  : unknown;

const SIGNATURE = "DataLoader.__init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None, multiprocessing_context=None, generator=None, *, prefetch_factor=2, persistent_workers=False, pin_memory_device='')";

/**
 * Generic over the dataset's sample type T and the batch type B it yields: B is inferred from a
 * collate_fn, else it is what default_collate makes of T (see Collated).
 */
export class DataLoader<T = unknown, B = Collated<T>> implements Iterable<B> {
  readonly dataset: DatasetLike<T>;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<number>;
  readonly batch_sampler: Iterable<number[]> | null;
  readonly num_workers: number;
  readonly collate_fn: (batch: T[]) => B;
  readonly generator: Generator | null;
  private readonly _auto_collation: boolean;
  private readonly _default_collate: boolean;
  /** collate_fn, or for the defaults their unbound forms (a dict sample is never read as keywords). */
  private readonly _collate: (batch: unknown) => unknown;

  /** new DataLoader(dataset, {batch_size: 64, shuffle: true}) or new DataLoader(dataset, 64, true). */
  constructor(dataset: DatasetLike<T>, options?: DataLoaderOptions<T, B>);
  constructor(dataset: DatasetLike<T>, batch_size?: number | null, ...rest: unknown[]);
  constructor(options: DataLoaderOptions<T, B> & { dataset: DatasetLike<T> });
  constructor(...args: unknown[]) {
    const o = bind(SIGNATURE, args) as unknown as DataLoaderOptions<T, B> & { dataset: DatasetLike<T> };
    const dataset = o.dataset;
    if (!(dataset instanceof Dataset) && !Array.isArray(dataset)) throw new TypeError('DataLoader expects a Dataset (with __getitem__ and __len__) or an array');
    const num_workers = o.num_workers ?? 0;
    if (num_workers < 0) throw new ValueError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    let batch_size = o.batch_size ?? null;
    const shuffle = o.shuffle ?? null, drop_last = !!(o.drop_last ?? false);
    let sampler = o.sampler ?? null, batch_sampler = o.batch_sampler ?? null;
    if (sampler !== null && shuffle) throw new ValueError('sampler option is mutually exclusive with shuffle');
    if (batch_sampler !== null) {
      if (batch_size !== 1 || shuffle || sampler !== null || drop_last)
        throw new ValueError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
      batch_size = null;
    } else if (batch_size === null && drop_last) {
      throw new ValueError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
    }
    const generator = o.generator ?? null;
    if (sampler === null) sampler = shuffle ? new RandomSampler(dataset, false, null, generator) : new SequentialSampler(dataset);
    if (batch_size !== null && batch_sampler === null) batch_sampler = new BatchSampler(sampler, batch_size, drop_last);
    this.dataset = dataset;
    this.batch_size = batch_size;
    this.drop_last = drop_last;
    this.sampler = sampler;
    this.batch_sampler = batch_sampler;
    this.num_workers = num_workers;
    this.generator = generator;
    this._auto_collation = batch_sampler !== null;
    this._default_collate = !o.collate_fn;
    this.collate_fn = o.collate_fn ?? (this._auto_collation ? default_collate : default_convert) as unknown as (b: T[]) => B;
    this._collate = (o.collate_fn ?? (this._auto_collation ? collate : convert)) as (b: unknown) => unknown;
  }

  /** Number of batches (len(loader)). */
  __len__(...args: []): number {
    bind('DataLoader.__len__(self)', args);
    const s = (this._auto_collation ? this.batch_sampler : this.sampler) as { __len__?: () => number; length?: number };
    const n = typeof s.__len__ === 'function' ? s.__len__() : s.length;
    if (typeof n !== 'number') throw new TypeError('sampler has no len()');
    return n;
  }
  get length(): number { return this.__len__(); }

  [Symbol.iterator](): Iterator<B> {
    // PyTorch draws the workers' base seed when iteration starts, even with no workers
    randomSeedLow32(this.generator ?? default_generator);
    return this._batches() as Iterator<B>;
  }

  /**
   * `for await (const [data, target] of loader)`: the same batches as `for...of`, each after a
   * return to the event loop (event_loop.ts), so that a training loop on a page's main thread
   * leaves the page responsive and its dropped tensors' memory is reclaimed between batches.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const it = this[Symbol.iterator]();
    for (;;) {
      await yieldToEventLoop();
      const r = it.next();
      if (r.done) return;
      yield r.value;
    }
  }

  private *_batches(): IterableIterator<unknown> {
    const ds = this.dataset;
    if (!this._auto_collation) {
      for (const i of this.sampler) yield this._collate(itemOf(ds, i));
      return;
    }
    const fast = this._default_collate && ds instanceof Dataset;
    for (const indices of this.batch_sampler!) {
      if (fast) {
        const b = (ds as Dataset)._getBatch(indices);
        if (b !== undefined) { yield b; continue; }
      }
      yield this._collate(indices.map((i) => itemOf(ds, i)));
    }
  }
}

