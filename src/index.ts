// torchlet: `import * as torch from 'torchlet'`. Browser-safe: nothing here imports Node built-ins
// (Node-only parts live in 'torchlet/node').
export { Tensor } from './tensor/tensor.js';
export { DType, float32, float64, int64, bool, float, double, long } from './tensor/dtype.js';
export { RuntimeError, IndexError, ValueError, NotImplementedError, setWarningHandler } from './tensor/errors.js';
export {
  tensor, zeros, ones, full, empty, arange, rand, randn, randint, randperm,
  zeros_like, ones_like, empty_like, rand_like, randn_like, full_like, from_typed,
} from './tensor/creation.js';
export { Generator, manual_seed, initial_seed, default_generator } from './tensor/random.js';
export { printOptions, set_printoptions } from './tensor/print_options.js';
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from './autograd/grad_mode.js';
export {
  add, sub, mul, div, pow, neg, exp, log, log1p, sqrt, abs, relu, sigmoid, tanh, clamp, clamp_min, maximum, minimum, where,
  sum, mean, max, min, argmax, argmin,
  reshape, flatten, squeeze, unsqueeze, permute, transpose, t, narrow, select, index_select, gather,
  matmul, mm, eq, ne, lt, le, gt, ge, cat, stack, promote_types,
} from './ops/api.js';
export { device, Device } from './tensor/device.js';
import { bind } from './tensor/args.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as utils from './utils/index.js';
export * as datasets from './datasets/index.js';
export * as transforms from './datasets/transforms.js';
export * as safetensors from './serialization/index.js';

export const cuda = { is_available: (...args: []): boolean => { bind('is_available()', args); return false; } };
