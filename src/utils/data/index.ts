// torch.utils.data: datasets, samplers, the DataLoader and its default collate function.
export { Dataset, TensorDataset, Subset, ConcatDataset, random_split, type DatasetLike } from './dataset.js';
export { Sampler, SequentialSampler, RandomSampler, BatchSampler } from './sampler.js';
export { DataLoader, type DataLoaderOptions, type Collated } from './dataloader.js';
export { default_collate, default_convert } from './collate.js';
// issue 14 (browser): a return to the event loop, as `for await (... of loader)` makes between batches
export { yieldToEventLoop } from './event_loop.js';
