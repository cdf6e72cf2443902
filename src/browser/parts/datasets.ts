// 'torchlet/datasets' in a browser bundle: torch.datasets, after the browser entry (its WebAssembly kernels and worker pool).
import '../index.js';
export * from '../../datasets/index.js';
