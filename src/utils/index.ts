// torch.utils: only torch.utils.data so far.
export * as data from './data/index.js';
