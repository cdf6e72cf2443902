// The embedded MNIST digits in the page, through torchlet's own browser loader:
// datasets.EmbeddedMNIST.load fetches the two gzipped IDX files, gunzips them with the
// browser's DecompressionStream and splits them exactly as the Node example's EmbeddedMNIST does
// (a randperm from Generator(0): the first 8,000 for training, the next 2,000 for testing). The
// site build copies the files to data/ (a bundle does not carry the package's own asset URL along).
import * as datasets from 'torchlet/datasets';

type EmbeddedMNIST = datasets.EmbeddedMNIST;
export interface Digits { train: EmbeddedMNIST; test: EmbeddedMNIST }

export async function loadDigits(base: string | URL = document.baseURI): Promise<Digits> {
  const root = new URL('data/', base);
  const [train, test] = await Promise.all([
    datasets.EmbeddedMNIST.load({ train: true, root }),
    datasets.EmbeddedMNIST.load({ train: false, root }),
  ]);
  return { train, test };
}
