// 'torchlet/transforms' in a browser bundle: torch.transforms, after the browser entry (its WebAssembly kernels and worker pool).
import '../index.js';
export * from '../../datasets/transforms.js';
