// 'torchlet/optim' under Node: torch.optim, after the Node entry (its worker pool).
import '../index.js';
export * from '../../optim/index.js';
