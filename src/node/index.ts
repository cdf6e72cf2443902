// The package entry under Node (package.json's "node" condition): everything 'torchlet' exports,
// plus the worker pool that lets the loss, GEMM and conv kernels use every core.
import './features.js'; // first: before the kernels compile
import './compiled.js';
import './pool.js';
import './collector.js';
export * from '../index.js';
// every part of the API, so that torch.nn, torch.optim, torch.datasets and torch.transforms are
// there as in Python (a web page imports the ones it uses: src/namespaces.ts)
import '../nn/index.js';
import '../optim/index.js';
import '../datasets/index.js';
import '../datasets/transforms.js';
// torch.save / torch.load with file paths (the core's take and return bytes)
export { save, load } from '../serialization/pt_node.js';
