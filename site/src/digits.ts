// The embedded MNIST digits in the page: fetched from the site (the build copies the package's
// src/datasets/embedded/*.gz to data/), gunzipped with the browser's DecompressionStream, parsed by
// torchlet's IDX parser, and split exactly as the Node example's EmbeddedMNIST splits them
// (a randperm from Generator(0): the first 8,000 for training, the next 2,000 for testing).
import * as torch from 'torchlet';

type IdxImageDataset = InstanceType<typeof torch.datasets.IdxImageDataset>;

/** As datasets/node/mnist.ts EMBEDDED_SPLIT; the browser test holds the two equal through the losses. */
const SPLIT = { seed: 0, train: 8000, test: 2000 };
const FILES = { images: 'data/mnist-digits-images-idx3-ubyte.gz', labels: 'data/mnist-digits-labels-idx1-ubyte.gz' };

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** An IDX file from a URL, gzipped or raw (told apart by gzip's magic bytes 1f 8b). */
async function fetchIdx(url: string, dims: number): Promise<{ dims: number[]; data: Uint8Array }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  let bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(bytes);
  return torch.datasets.parseIdx(bytes, url, dims);
}

export interface Digits { train: IdxImageDataset; test: IdxImageDataset }

export async function loadDigits(base: string | URL = document.baseURI): Promise<Digits> {
  const urls = { images: new URL(FILES.images, base).href, labels: new URL(FILES.labels, base).href };
  const [images, labels] = await Promise.all([fetchIdx(urls.images, 3), fetchIdx(urls.labels, 1)]);
  const all = new torch.datasets.IdxImageDataset(images, labels, { names: [urls.images, urls.labels] });
  const perm = torch.randperm(all.length, { generator: new torch.Generator().manual_seed(SPLIT.seed) }).tolist() as number[];
  const part = (from: number, n: number) => {
    const ds = all.select(perm.slice(from, from + n));
    ds.classes = torch.datasets.MNIST_CLASSES.slice();
    return ds;
  };
  return { train: part(0, SPLIT.train), test: part(SPLIT.train, SPLIT.test) };
}
