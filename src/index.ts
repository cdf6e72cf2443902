// torchlet: `import * as torch from 'torchlet'`. Browser-safe: nothing here imports Node built-ins
// (Node-only parts live in 'torchlet/node').
export { Tensor } from './tensor/tensor.js';
export { DType, float32, float64, int64, bool, float, double, long, promoteTypes as promote_types } from './tensor/dtype.js';
export { RuntimeError, IndexError, ValueError, NotImplementedError, setWarningHandler } from './tensor/errors.js';
export {
  tensor, zeros, ones, full, empty, arange, rand, randn, randint, randperm,
  zeros_like, ones_like, empty_like, rand_like, randn_like, full_like, from_typed,
} from './tensor/creation.js';
export { Generator, manual_seed, initial_seed, default_generator } from './tensor/random.js';
export { printOptions, set_printoptions } from './tensor/print_options.js';
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from './autograd/grad_mode.js';
export {
  add, sub, mul, div, pow, neg, exp, log, log1p, sqrt, abs, relu, sigmoid, tanh, clamp, maximum, minimum,
} from './ops/elementwise.js';
export { sum, mean, max, min, argmax, argmin } from './ops/reduce.js';
export {
  reshape, flatten, unflatten, squeeze, unsqueeze, permute, transpose, transpose as swapaxes, transpose as swapdims, t, narrow, select,
  index_select, gather, diagonal, movedim, movedim as moveaxis, unfold, split, chunk, unbind, as_strided, broadcast_to,
} from './ops/view.js';
export { matmul, matmul as mm } from './ops/matmul.js';
export { slice, Slice } from './ops/indexing.js';
export { nonzero, where } from './ops/index_ops.js';
import { torchFns as indexFns } from './ops/index_ops.js';
export const { masked_fill, masked_select, index_fill, index_add, index_copy, scatter, scatter_add } = indexFns;
export { eq, ne, lt, le, gt, ge, cat, stack } from './ops/misc.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as utils from './utils/index.js';
export * as datasets from './datasets/index.js';
export * as transforms from './datasets/transforms.js';
export * as safetensors from './serialization/index.js';

/** torch.device('cpu'): the only device; accepted so ported code runs unchanged. */
export function device(type: string = 'cpu'): { type: string; toString(): string } {
  if (type !== 'cpu') throw new Error(`torchlet runs on the CPU only (asked for '${type}')`);
  return { type: 'cpu', toString: () => 'cpu' };
}
export const cuda = { is_available: (): boolean => false };

// ---- issue 12: sorting, scans and reductions ----
export { sort, argsort, topk, kthvalue, median } from './ops/sort.js';
export { cumsum, cumprod } from './ops/scan.js';
export { prod, logsumexp, var_ as var, std, var_mean, std_mean, norm, amax, amin, all, any, count_nonzero } from './ops/stats.js';
// ---- issue 12: elementwise math (src/ops/math.ts, src/ops/math_binary.ts) ----
export {
  sin, cos, tan, atan, sinh, cosh, erf, expm1, log2, log10, rsqrt, reciprocal, sign, floor, ceil, round, trunc, square,
  isnan, isinf, isfinite, nan_to_num, logical_not,
} from './ops/math.js';
export { atan2, fmod, remainder, lerp, addcmul, addcdiv, logical_and, logical_or, logical_xor } from './ops/math_binary.js';
export { cosine_similarity } from './nn/functional/losses_more.js';
// ---- issue 12: dtypes (src/tensor/dtype.ts, src/tensor/promotion.ts) ----
export { int32, int16, int8, uint8, int, short, canCast as can_cast } from './tensor/dtype.js';
export { result_type } from './tensor/promotion.js';
