// 'torchlet/nn/functional' under Node: torch.nn.functional, after the Node entry (its worker pool).
import '../index.js';
export * from '../../nn/functional/index.js';
