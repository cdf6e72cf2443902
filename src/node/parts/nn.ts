// 'torchlet/nn' under Node: torch.nn, after the Node entry (its worker pool).
import '../index.js';
export * from '../../nn/index.js';
