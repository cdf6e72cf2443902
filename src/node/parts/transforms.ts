// 'torchlet/transforms' under Node: torch.transforms, after the Node entry (its worker pool).
import '../index.js';
export * from '../../datasets/transforms.js';
