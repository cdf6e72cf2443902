// MNIST-format datasets from bytes the program fetches or is given: a URL, a File or Blob (a file
// the user picked or dropped), an ArrayBuffer or typed array, or a fetch Response; gzipped (told
// by gzip's magic bytes, decompressed with DecompressionStream) or raw IDX. Async, since a browser
// reads files and the network only so; works in Node 20 too (fetch, DecompressionStream).
//   const train = await torch.datasets.MNIST.from_url('data/MNIST/raw/', { train: true, transform });
//   const test  = await torch.datasets.MNIST.from_bytes(imagesFile, labelsFile, { transform });
//   const digits = await torch.datasets.EmbeddedMNIST.load({ train: true, transform });
// Decompression stops at the size the IDX header declares, so a small gzip stream cannot make the
// page hold more than the file says it holds.
import { RuntimeError } from '../tensor/errors.js';
import { bind } from '../tensor/args.js';
import { Generator, randpermInto } from '../tensor/random.js';
import { IdxImageDataset, MNIST_CLASSES, type VisionOptions } from './mnist.js';
import { MAX_IDX_HEADER, parseIdx, parseIdxHeader, type IdxArray } from './idx.js';

/** What the loaders take for one file. */
export type BytesLike = string | URL | Blob | Response | ArrayBuffer | ArrayBufferView;

const GZIP = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const here = (): string | undefined => (globalThis as { location?: { href: string } }).location?.href;

function nameOf(src: BytesLike): string {
  if (typeof src === 'string') return src;
  if (src instanceof URL) return src.href;
  if (typeof File !== 'undefined' && src instanceof File) return src.name;
  if (typeof Response !== 'undefined' && src instanceof Response) return src.url || 'response';
  return 'bytes';
}

/** The raw bytes of `src` (a URL is fetched). */
async function rawBytes(src: BytesLike, name: string): Promise<Uint8Array> {
  if (typeof src === 'string' || src instanceof URL) {
    const url = new URL(src, here());
    const local = url.protocol === 'file:' ? nodeReadFile() : null; // Node's fetch takes no file: URLs
    if (local) {
      try { return local(url); } catch (e) { throw missing(`${name}: cannot read the file (${(e as Error).message})`, (e as { code?: string }).code === 'ENOENT'); }
    }
    const res = await fetch(url);
    if (!res.ok) throw missing(`${name}: HTTP ${res.status} ${res.statusText}`.trimEnd(), res.status === 404);
    src = res;
  }
  if (ArrayBuffer.isView(src)) return new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  if (src instanceof ArrayBuffer) return new Uint8Array(src);
  if ((typeof Blob !== 'undefined' && src instanceof Blob) || (typeof Response !== 'undefined' && src instanceof Response))
    return new Uint8Array(await src.arrayBuffer());
  throw new TypeError(`expected a URL, File, Blob, Response, ArrayBuffer or Uint8Array, got ${src === null ? 'null' : typeof src}`);
}

/** A RuntimeError, marked when the file does not exist (from_url then tries the other name). */
function missing(message: string, notFound: boolean): RuntimeError {
  return Object.assign(new RuntimeError(message), notFound ? { notFound } : {});
}

/** Node's file reading (no import: this module is browser-safe), or null elsewhere. */
function nodeReadFile(): ((u: URL) => Uint8Array) | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = p?.getBuiltinModule?.('node:fs') as { readFileSync(u: URL): Uint8Array } | undefined;
  return fs ? (u) => fs.readFileSync(u) : null;
}

/** Gunzips an IDX file, reading no further than its header says the file goes. */
async function gunzipIdx(gz: Uint8Array, name: string, dims: number): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') throw new RuntimeError(`${name}: gzipped, and this engine has no DecompressionStream to decompress it`);
  const reader = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts: Uint8Array[] = [];
  let got = 0, want = Infinity;
  try {
    while (got < want) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      got += value.length;
      if (want === Infinity && (got >= MAX_IDX_HEADER || got >= 4 + 4 * (concat(parts)[3] ?? 255))) {
        const head = concat(parts);
        parts.length = 0; parts.push(head);
        const h = parseIdxHeader(head, name, dims);
        want = h.headerLen + h.count;
      }
    }
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError(`${name}: not a valid gzip stream (${(e as Error).message})`);
  } finally {
    void reader.cancel().catch(() => {});
  }
  const all = concat(parts);
  return all.length > want ? all.subarray(0, want) : all;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** An IDX file of unsigned bytes (`dims` dimensions) from a URL, File, Blob, Response or bytes, gzipped or raw. */
export async function load_idx(src: BytesLike, dims?: number, name = nameOf(src)): Promise<IdxArray> {
  let bytes = await rawBytes(src, name);
  if (GZIP(bytes)) bytes = await gunzipIdx(bytes, name, dims ?? bytes[3]);
  return parseIdx(bytes, name, dims);
}

type Opts = VisionOptions & { train?: boolean };
const OPTS = 'transform=None, target_transform=None';
const FILES = { train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'], test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] } as const;

/** A URL's file, the .gz one first (torchvision's download keeps both), else the raw one. */
async function fetchEither(base: URL, file: string, dims: number): Promise<[IdxArray, string]> {
  const gz = new URL(`${file}.gz`, base), raw = new URL(file, base);
  try {
    return [await load_idx(gz, dims, gz.href), gz.href];
  } catch (e) {
    if (!(e as { notFound?: boolean }).notFound) throw e;
  }
  return [await load_idx(raw, dims, raw.href), raw.href];
}

/**
 * torchvision.datasets.MNIST for the browser (and any host with fetch): the images and labels
 * come from `await MNIST.from_url(root, { train })` (root: the folder URL holding
 * train-images-idx3-ubyte[.gz] and the rest, as torchvision's raw/ folder) or
 * `await MNIST.from_bytes(images, labels)`. ('torchlet/node' has the constructor that reads a folder.)
 */
export class MNIST extends IdxImageDataset {
  train = true;

  /** The four files of torchvision's MNIST under the folder URL `root`. */
  static async from_url(...args: [root: string | URL, opts?: Opts]): Promise<MNIST> {
    const a = bind(`MNIST.from_url(root, train=True, ${OPTS})`, args);
    const base = new URL(String(a.root).endsWith('/') ? String(a.root) : `${String(a.root)}/`, here());
    const [img, lab] = FILES[a.train ? 'train' : 'test'];
    const [[images, iname], [labels, lname]] = await Promise.all([fetchEither(base, img, 3), fetchEither(base, lab, 1)]);
    return make(this, images, labels, a, [iname, lname]);
  }

  /** From an images file and a labels file: File, Blob, Response, ArrayBuffer, Uint8Array or URL, gzipped or raw. */
  static async from_bytes(...args: [images: BytesLike, labels: BytesLike, opts?: Opts]): Promise<MNIST> {
    const a = bind(`MNIST.from_bytes(images, labels, train=True, ${OPTS})`, args);
    const names: [string, string] = [nameOf(a.images as BytesLike), nameOf(a.labels as BytesLike)];
    const [images, labels] = await Promise.all([load_idx(a.images as BytesLike, 3, names[0]), load_idx(a.labels as BytesLike, 1, names[1])]);
    return make(this, images, labels, a, names);
  }
}

function make<T extends typeof MNIST>(cls: T, images: IdxArray, labels: IdxArray, a: Record<string, unknown>, names: [string, string]): InstanceType<T> {
  const ds = new cls(images, labels, { transform: a.transform as Opts['transform'], target_transform: a.target_transform as Opts['target_transform'], names }) as InstanceType<T>;
  ds.train = a.train !== false;
  ds.classes = MNIST_CLASSES.slice();
  return ds;
}

/** The fixed split of the embedded digits: a seeded permutation, the first 8,000 for training. */
export const EMBEDDED_SPLIT = { seed: 0, train: 8000, test: 2000 } as const;
const EMBEDDED = { images: 'mnist-digits-images-idx3-ubyte.gz', labels: 'mnist-digits-labels-idx1-ubyte.gz' };

/** The folder of the digits shipped with the package (src/datasets/embedded/), as a URL. */
export function embeddedURL(): URL { return new URL('../../src/datasets/embedded/', import.meta.url); }

const cache = new Map<string, Promise<{ all: IdxImageDataset; perm: Float64Array }>>();

/**
 * The 10,000 MNIST digits shipped with torchlet, split 8,000 / 2,000 as 'torchlet/node''s
 * EmbeddedMNIST splits them: `await EmbeddedMNIST.load({ train: true, transform })`. `root` is the
 * folder URL holding the two .gz files (default: the package's own, embeddedURL(); a bundle that
 * does not copy them passes where it serves them), `images` / `labels` their bytes instead.
 */
export class EmbeddedMNIST extends IdxImageDataset {
  train = true;
  static async load(...args: [opts?: Opts & { root?: string | URL | null; images?: BytesLike | null; labels?: BytesLike | null }]): Promise<EmbeddedMNIST> {
    const a = bind(`EmbeddedMNIST.load(train=True, ${OPTS}, root=None, images=None, labels=None)`, args);
    const root = new URL((a.root as string | URL | null) ?? embeddedURL(), here());
    const key = a.images || a.labels ? '' : root.href;
    let all = key ? cache.get(key) : undefined;
    if (!all) {
      all = (async () => {
        const src = [a.images ?? new URL(EMBEDDED.images, root), a.labels ?? new URL(EMBEDDED.labels, root)] as BytesLike[];
        const names: [string, string] = [nameOf(src[0]), nameOf(src[1])];
        const [images, labels] = await Promise.all([load_idx(src[0], 3, names[0]), load_idx(src[1], 1, names[1])]);
        const ds = new IdxImageDataset(images, labels, { names });
        const perm = new Float64Array(ds.__len__());
        randpermInto(perm, new Generator().manual_seed(EMBEDDED_SPLIT.seed));
        return { all: ds, perm };
      })();
      if (key) { cache.set(key, all); all.catch(() => cache.delete(key)); }
    }
    const { all: ds, perm } = await all;
    const part = a.train !== false ? perm.subarray(0, EMBEDDED_SPLIT.train) : perm.subarray(EMBEDDED_SPLIT.train, EMBEDDED_SPLIT.train + EMBEDDED_SPLIT.test);
    const sel = ds.select(part);
    const out = new EmbeddedMNIST({ dims: [sel.__len__(), sel.height, sel.width], data: sel.images }, { dims: [sel.__len__()], data: Uint8Array.from(sel.targets._data) },
      { transform: a.transform as Opts['transform'], target_transform: a.target_transform as Opts['target_transform'] });
    out.train = a.train !== false;
    out.classes = MNIST_CLASSES.slice();
    return out;
  }
}
