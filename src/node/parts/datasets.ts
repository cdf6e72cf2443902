// 'torchlet/datasets' under Node: torch.datasets, after the Node entry (its worker pool).
import '../index.js';
export * from '../../datasets/index.js';
