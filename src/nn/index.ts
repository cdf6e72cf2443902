// torch.nn
export * as functional from './functional/index.js';
export { Module } from './module.js';
export { Parameter } from './parameter.js';
export { LogSoftmax, Softmax } from './modules/activation.js';
export { NLLLoss, _Loss, _WeightedLoss } from './modules/loss.js';
export { CrossEntropyLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, BCELoss, BCEWithLogitsLoss } from './modules/loss.js';
