// An MNIST-format dataset held in memory (images as bytes, labels as int64), browser-safe: the
// Node loaders in ./node read the files, this class serves (image, target) pairs as torchvision's
// MNIST does, and builds whole batches in one pass when the transform is pixel-wise
// (ToTensor + Normalize), so a DataLoader needs no per-sample tensors.
import { Tensor } from '../tensor/tensor.js';
import { float32, int64 } from '../tensor/dtype.js';
import { IndexError, RuntimeError } from '../tensor/errors.js';
import { Dataset } from '../utils/data/dataset.js';
import { Image } from './image.js';
import { applyTransform, byteLookupTable, type Transform, type TransformLike } from './transforms.js';
import type { IdxArray } from './idx.js';
import { bind } from '../tensor/args.js';

export interface VisionOptions {
  transform?: Transform | TransformLike | null;
  target_transform?: Transform | TransformLike | null;
}

export class IdxImageDataset extends Dataset<[unknown, unknown]> {
  /** All images, row-major bytes: image i is data[i*H*W, (i+1)*H*W). */
  readonly images: Uint8Array;
  /** Labels as an int64 tensor of length N (torchvision's `targets`). */
  readonly targets: Tensor;
  readonly height: number;
  readonly width: number;
  transform: Transform | TransformLike | null;
  target_transform: Transform | TransformLike | null;
  classes: string[] = [];

  /** From parsed IDX arrays (images N x H x W, labels N); `names` are used in error messages. */
  constructor(...args: [images: IdxArray, labels: IdxArray, opts?: VisionOptions & { names?: [string, string] | null }]) {
    super();
    const a = bind('IdxImageDataset.__init__(self, images: dict, labels: dict, transform=None, target_transform=None, names=None)', args);
    const images = a.images as IdxArray, labels = a.labels as IdxArray;
    const names = (a.names as [string, string] | null) ?? ['images', 'labels'];
    if (images.dims.length !== 3) throw new RuntimeError(`${names[0]}: expected N x H x W images, found ${images.dims.length} dimensions`);
    if (labels.dims.length !== 1) throw new RuntimeError(`${names[1]}: expected a vector of labels, found ${labels.dims.length} dimensions`);
    if (images.dims[0] !== labels.dims[0])
      throw new RuntimeError(`${names[0]} holds ${images.dims[0]} images but ${names[1]} holds ${labels.dims[0]} labels`);
    this.images = images.data;
    [, this.height, this.width] = images.dims;
    const t = int64.alloc(labels.dims[0]);
    for (let i = 0; i < t.length; i++) t[i] = labels.data[i];
    this.targets = new Tensor(t, [t.length], int64);
    this.transform = a.transform as Transform | TransformLike | null;
    this.target_transform = a.target_transform as Transform | TransformLike | null;
  }

  override __len__(): number { return this.targets.shape[0]; }

  /** [img, target]: an Image (or the transform's result) and the label as a number. */
  __getitem__(...args: [index: number]): [unknown, unknown] {
    let index = bind('MNIST.__getitem__(self, index)', args).index as number;
    const n = this.__len__();
    if (!Number.isInteger(index) || index < -n || index >= n) throw new IndexError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
    if (index < 0) index += n;
    const px = this.height * this.width;
    let img: unknown = new Image(this.images.subarray(index * px, (index + 1) * px), this.width, this.height);
    let target: unknown = this.targets._data[index];
    if (this.transform) img = applyTransform(this.transform, img);
    if (this.target_transform) target = applyTransform(this.target_transform, target);
    return [img, target];
  }

  /** [images B x 1 x H x W float32, targets B int64] in one pass when the transform is pixel-wise. */
  override _getBatch(indices: readonly number[]): [Tensor, Tensor] | undefined {
    if (this.target_transform || !this.transform) return undefined;
    const lut = this._lut();
    if (!lut) return undefined;
    const n = this.__len__(), px = this.height * this.width, b = indices.length;
    const out = float32.alloc(b * px), tg = int64.alloc(b), src = this.images, labels = this.targets._data;
    for (let k = 0; k < b; k++) {
      let i = indices[k];
      if (!Number.isInteger(i) || i < -n || i >= n) throw new IndexError(`index ${i} is out of bounds for dimension 0 with size ${n}`);
      if (i < 0) i += n;
      const off = i * px, dst = k * px;
      for (let j = 0; j < px; j++) out[dst + j] = lut[src[off + j]];
      tg[k] = labels[i];
    }
    return [new Tensor(out, [b, 1, this.height, this.width], float32), new Tensor(tg, [b], int64)];
  }
  private _lutFor: unknown = undefined;
  private _lutCache: Float32Array | null = null;
  private _lut(): Float32Array | null {
    // recomputed if the user swaps the transform
    if (this._lutFor !== this.transform) { this._lutFor = this.transform; this._lutCache = byteLookupTable(this.transform); }
    return this._lutCache;
  }

  /** A new dataset of the images at `indices` (copied), sharing this one's transforms and classes. */
  select(...args: [indices: ArrayLike<number>]): IdxImageDataset {
    const indices = bind('IdxImageDataset.select(self, indices)', args).indices as ArrayLike<number>;
    const px = this.height * this.width, k = indices.length;
    const imgs = new Uint8Array(k * px), labs = new Uint8Array(k);
    for (let j = 0; j < k; j++) {
      const i = indices[j];
      imgs.set(this.images.subarray(i * px, (i + 1) * px), j * px);
      labs[j] = this.targets._data[i];
    }
    const ds = new IdxImageDataset({ dims: [k, this.height, this.width], data: imgs }, { dims: [k], data: labs },
      { transform: this.transform, target_transform: this.target_transform });
    ds.classes = this.classes.slice();
    return ds;
  }

  override toString(): string {
    const lines = [`Dataset ${this.constructor.name}`, `    Number of datapoints: ${this.__len__()}`];
    if (this.transform) lines.push(`    StandardTransform\nTransform: ${String(this.transform).split('\n').join('\n           ')}`);
    return lines.join('\n');
  }
}

export const MNIST_CLASSES = ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'];
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
