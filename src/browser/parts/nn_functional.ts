// 'torchlet/nn/functional' in a browser bundle: torch.nn.functional, after the browser entry (its WebAssembly kernels and worker pool).
import '../index.js';
export * from '../../nn/functional/index.js';
