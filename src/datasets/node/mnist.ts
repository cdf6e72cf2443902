// Node-only torchvision-style datasets: MNIST and FashionMNIST from a folder of IDX files
// (torchvision's `<root>/MNIST/raw/` layout or a flat folder of the four files, gzipped or not), and
// EmbeddedMNIST, the 10,000 digits shipped with the package, split 8,000 / 2,000 with a fixed seed.
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { RuntimeError } from '../../tensor/errors.js';
import { Generator, randpermInto } from '../../tensor/random.js';
import { bind } from '../../tensor/args.js';
import { IdxImageDataset, MNIST_CLASSES, FASHION_MNIST_CLASSES, type VisionOptions } from '../mnist.js';
import { read_idx_file, findIdxFile } from './files.js';

export interface MNISTOptions extends VisionOptions { train?: boolean; download?: boolean }

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const;

/** Loads the train or test pair of IDX files of an MNIST-format dataset found under root. */
function loadPair(cls: string, root: string, train: boolean): { images: string; labels: string; data: [ReturnType<typeof read_idx_file>, ReturnType<typeof read_idx_file>] } {
  const [imgName, labName] = FILES[train ? 'train' : 'test'];
  const dirs = [join(root, cls, 'raw'), join(root, cls), join(root, 'raw'), root];
  const images = findIdxFile(dirs, imgName);
  if (!images)
    throw new RuntimeError(`Dataset not found: no ${imgName}[.gz] in ${dirs.map((d) => resolve(d)).join(', ')}. torchlet does not download datasets; put the four IDX files in one of those folders (or use datasets.EmbeddedMNIST)`);
  const dir = images.slice(0, images.length - images.split(/[\\/]/).pop()!.length);
  const labels = findIdxFile([dir], labName);
  if (!labels) throw new RuntimeError(`Dataset incomplete: found ${images} but no ${labName}[.gz] beside it in ${resolve(dir)}`);
  return { images, labels, data: [read_idx_file(images, 3), read_idx_file(labels, 1)] };
}

/** torchvision.datasets.MNIST(root, train=true, transform=null, target_transform=null, download=false) */
export class MNIST extends IdxImageDataset {
  readonly root: string;
  readonly train: boolean;
  /** The folder name torchvision uses under root (`MNIST`, `FashionMNIST`). */
  static folder = 'MNIST';
  static class_names = MNIST_CLASSES;

  constructor(...args: [root: string | MNISTOptions, ...rest: (boolean | MNISTOptions | undefined | null | ((x: unknown) => unknown))[]]) {
    const name = new.target.name;
    const o = bind('MNIST.__init__(self, root, train=True, transform=None, target_transform=None, download=False)', args) as unknown as MNISTOptions & { root: unknown };
    const root = o.root;
    if (typeof root !== 'string') throw new TypeError(`${name}: root must be a folder path, got ${root === null ? 'null' : typeof root}`);
    const train = o.train as boolean;
    const folder = (new.target as unknown as typeof MNIST).folder;
    const { images, labels, data } = loadPair(folder, root, train);
    super(data[0], data[1], { transform: o.transform, target_transform: o.target_transform, names: [images, labels] });
    this.root = root;
    this.train = train;
    this.classes = (new.target as unknown as typeof MNIST).class_names.slice();
  }
}

/** torchvision.datasets.FashionMNIST: same files and layout (`<root>/FashionMNIST/raw/` or flat). */
export class FashionMNIST extends MNIST {
  static override folder = 'FashionMNIST';
  static override class_names = FASHION_MNIST_CLASSES;
}

/** The fixed split of the embedded digits: a seeded permutation, the first 8,000 for training. */
export const EMBEDDED_SPLIT = { seed: 0, train: 8000, test: 2000 } as const;

const embeddedDir = (): string => fileURLToPath(new URL('../../../src/datasets/embedded/', import.meta.url));
let embeddedAll: IdxImageDataset | null = null;
let embeddedPerm: Float64Array | null = null;

/**
 * The 10,000 MNIST digits shipped with torchlet (src/datasets/embedded), split with a fixed seed
 * into 8,000 training and 2,000 test images: `new EmbeddedMNIST({ train: true, transform })`.
 */
export class EmbeddedMNIST extends IdxImageDataset {
  readonly train: boolean;
  constructor(...args: (boolean | MNISTOptions | undefined | null)[]) {
    const o = bind('EmbeddedMNIST.__init__(self, train=True, transform=None, target_transform=None)', args) as MNISTOptions;
    const train = o.train as boolean;
    if (!embeddedAll) {
      const dir = embeddedDir();
      const img = join(dir, 'mnist-digits-images-idx3-ubyte.gz'), lab = join(dir, 'mnist-digits-labels-idx1-ubyte.gz');
      embeddedAll = new IdxImageDataset(read_idx_file(img, 3), read_idx_file(lab, 1), { names: [img, lab] });
      embeddedPerm = new Float64Array(embeddedAll.__len__());
      randpermInto(embeddedPerm, new Generator().manual_seed(EMBEDDED_SPLIT.seed));
    }
    const perm = embeddedPerm!;
    const part = train ? perm.subarray(0, EMBEDDED_SPLIT.train) : perm.subarray(EMBEDDED_SPLIT.train, EMBEDDED_SPLIT.train + EMBEDDED_SPLIT.test);
    const sel = embeddedAll.select(part);
    super({ dims: [sel.__len__(), sel.height, sel.width], data: sel.images }, { dims: [sel.__len__()], data: Uint8Array.from(sel.targets._data) },
      { transform: o.transform, target_transform: o.target_transform });
    this.train = train;
    this.classes = MNIST_CLASSES.slice();
  }
}
