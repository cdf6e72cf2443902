// 'torchlet/optim' in a browser bundle: torch.optim, after the browser entry (its WebAssembly kernels and worker pool).
import '../index.js';
export * from '../../optim/index.js';
