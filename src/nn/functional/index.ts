// torch.nn.functional
export { log_softmax, softmax } from './softmax.js';
export { nll_loss, type NllLossOptions } from './nll_loss.js';
export { relu } from '../../ops/elementwise.js';
