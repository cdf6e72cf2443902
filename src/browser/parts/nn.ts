// 'torchlet/nn' in a browser bundle: torch.nn, after the browser entry (its WebAssembly kernels and worker pool).
import '../index.js';
export * from '../../nn/index.js';
