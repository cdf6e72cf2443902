// Browser-safe parts of torchlet's datasets (torchvision.datasets): the in-memory MNIST-format
// dataset and the IDX parser. Loading files lives in 'torchlet/node'.
export { IdxImageDataset, MNIST_CLASSES, FASHION_MNIST_CLASSES, type VisionOptions } from './mnist.js';
export { parseIdx, type IdxArray } from './idx.js';
export { Image } from './image.js';
// issue 14 (browser): MNIST from URLs, files and bytes, and the embedded digits, async
export { MNIST, EmbeddedMNIST, EMBEDDED_SPLIT, load_idx, embeddedURL, type BytesLike } from './web.js';

// loading this module makes torch.datasets available (src/namespaces.ts)
import * as self from './index.js';
import { provide } from '../namespaces.js';
provide({ datasets: self });
