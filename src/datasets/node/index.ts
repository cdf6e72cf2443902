// datasets as exported from 'torchlet/node': the browser-safe parts plus the file loaders.
export * from '../index.js';
export { MNIST, FashionMNIST, EmbeddedMNIST, EMBEDDED_SPLIT, type MNISTOptions } from './mnist.js';
export { read_idx_file } from './files.js';
