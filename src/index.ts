// torchlet: `import * as torch from 'torchlet'`. Browser-safe: nothing here imports Node built-ins
// (Node-only parts live in 'torchlet/node').
export { Tensor } from './tensor/tensor.js';
export { DType, float32, float64, int64, bool, float, double, long } from './tensor/dtype.js';
export { RuntimeError, IndexError, ValueError, NotImplementedError, AssertionError, KeyError, setWarningHandler } from './tensor/errors.js';
export {
  tensor, zeros, ones, full, empty, arange, rand, randn, randint, randperm,
  zeros_like, ones_like, empty_like, rand_like, randn_like, full_like, from_typed,
} from './tensor/creation.js';
export { Generator, manual_seed, initial_seed, default_generator } from './tensor/random.js';
export { printOptions, set_printoptions } from './tensor/print_options.js';
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from './autograd/grad_mode.js';
export * as autograd from './autograd/api.js';
export {
  add, sub, mul, div, pow, neg, exp, log, log1p, sqrt, abs, relu, sigmoid, tanh, clamp, clamp_min, clamp_max, maximum, minimum,
  sum, mean, max, min, argmax, argmin, matmul, mm, eq, ne, lt, le, gt, ge, cat, stack, promote_types,
} from './ops/api.js';
export {
  reshape, flatten, unflatten, squeeze, unsqueeze, permute, transpose, swapaxes, swapdims, t, narrow, select,
  index_select, gather, diagonal, movedim, moveaxis, split, chunk, unbind, as_strided, broadcast_to,
} from './ops/api_shape.js';
export { slice, Slice } from './ops/indexing.js';
export { where, nonzero, masked_fill, masked_select, index_fill, index_add, index_copy, scatter, scatter_add } from './ops/api_index.js';
export { device, Device } from './tensor/device.js';
export * as utils from './utils/index.js';
// torch.nn, torch.optim, torch.datasets, torch.transforms: filled in when 'torchlet/nn', ... are
// imported; under Node 'torchlet' imports them all (src/namespaces.ts)
export { nn, optim, datasets, transforms } from './namespaces.js';
export * as safetensors from './serialization/index.js';
// torch.save(obj) -> bytes, torch.load(bytes): PyTorch's .pt format (the Node build adds file paths)
export { save, load, type PtValue } from './serialization/pt.js';
export { UnpicklingError } from './serialization/pickle.js';
import { bind } from './tensor/args.js';

export const cuda = { is_available: (...args: []): boolean => { bind('is_available()', args); return false; } };

// ---- issue 12: sorting, scans and reductions ----
// bound as 1.13's builtins in src/ops/api_more*.ts (torch.norm as the Python function it is in 1.13)
export {
  sort, argsort, topk, kthvalue, median, cumsum, cumprod, prod, logsumexp, var_ as var, std, var_mean, std_mean, norm, amax, amin, all, any, count_nonzero,
} from './ops/api_more.js';
// ---- issue 12: elementwise math (src/ops/math.ts, src/ops/math_binary.ts) ----
export {
  sin, cos, tan, atan, sinh, cosh, erf, expm1, log2, log10, rsqrt, reciprocal, sign, floor, ceil, round, trunc, square,
  isnan, isinf, isfinite, nan_to_num, logical_not,
  atan2, fmod, remainder, lerp, addcmul, addcdiv, logical_and, logical_or, logical_xor,
  bitwise_and, bitwise_or, bitwise_xor, bitwise_not, floor_divide,
} from './ops/api_more_math.js';
export { cosine_similarity } from './nn/functional/losses_more.js';
export { isclose, allclose, equal, numel, clone, is_tensor } from './ops/closeness.js';
export { unique } from './ops/unique.js';
export {
  atleast_1d, atleast_2d, atleast_3d, hstack, vstack, dstack, column_stack, diff, trace, rot90, take_along_dim, logaddexp,
  cummax, cummin, nansum, nanmean,
} from './ops/more_ops.js';
export { bincount, isin, searchsorted, bucketize, histc } from './ops/search_ops.js';
export {
  multiply, divide, true_divide, subtract, negative, absolute, fix, arctan, arctan2, greater, greater_equal, less, less_equal, not_equal, clip,
} from './ops/api_alias.js';

// ---- issue 12: shape ops, factories and linear algebra ----
export {
  meshgrid, einsum, flip, roll, tile, repeat_interleave, tril, triu, diag, eye, linspace, dot, mv, bmm, addmm, baddbmm, outer, ger, softmax, log_softmax,
} from './ops/api_more_shape.js';

// ---- issue 12: seeded random draws ----
export { multinomial, bernoulli, normal } from './ops/api_more_shape.js';

// ---- issue 12: dtypes (src/tensor/dtype.ts, src/tensor/promotion.ts) ----
export { int32, int16, int8, uint8, int, short, canCast as can_cast } from './tensor/dtype.js';
export { FloatTensor, DoubleTensor, LongTensor, IntTensor, ShortTensor, CharTensor, ByteTensor, BoolTensor } from './tensor/legacy.js';
export { result_type } from './tensor/promotion.js';

// ---- issue 14 (browser): which kernels run, and the thread count ----
export { backends, get_num_threads, set_num_threads } from './backends.js';

// ---- issue 12: calling conventions (src/tensor/errors.ts) ----
export { AttributeError } from './tensor/errors.js';

// ---- class names that survive minification (src/naming.ts) ----
// (torch.nn and the other parts name theirs in their own index modules)
import * as utilsNamespace from './utils/index.js';
import { nameClasses } from './naming.js';
nameClasses({ utils: utilsNamespace });
