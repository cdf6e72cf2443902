// torch.optim: the optimizers and, as `optim.lr_scheduler`, the learning-rate schedulers.
export { Optimizer, required, type ParamGroup, type OptimizerStateDict } from './optimizer.js';
export { SGD } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export { Adadelta } from './adadelta.js';
export { RMSprop } from './rmsprop.js';
export { Adagrad } from './adagrad.js';
export * as lr_scheduler from './lr_scheduler.js';

// loading this module makes torch.optim available (src/namespaces.ts)
import * as self from './index.js';
import { provide } from '../namespaces.js';
provide({ optim: self });
