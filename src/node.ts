// 'torchlet/node': the Node-only parts (file system, zlib): torchvision-style datasets read from IDX
// files, the embedded MNIST digits, safetensors files, and torch.save / torch.load with file paths.
// Everything else is in 'torchlet'.
import './node/features.js'; // first: before the kernels compile
import './node/compiled.js';
import './node/collector.js';
export * as datasets from './datasets/node/index.js';
export * as transforms from './datasets/transforms.js';
export { save_file, load_file, load_metadata } from './serialization/node.js';
export { serialize, deserialize, deserialize_with_metadata } from './serialization/index.js';
export { save, load } from './serialization/pt_node.js';
