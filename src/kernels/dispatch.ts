// The one place that picks which kernel runs. Everything above kernels/ calls these names.
// float32 GEMM and conv2d: WebAssembly SIMD (asm/gemm.ts), falling back to the reference kernels
// for float64, tiny products, or where WebAssembly SIMD / shared memory is unavailable
export { gemmFast as gemm } from './fast_gemm.js';
export { conv2dForwardFast as conv2dForward, conv2dBackwardInputFast as conv2dBackwardInput, conv2dBackwardWeightFast as conv2dBackwardWeight, type ConvGeom } from './conv.js';
export { maxPool2dForwardFast as maxPool2dForward, maxPool2dBackwardRef as maxPool2dBackward, type PoolGeom } from './pool.js';
export { logSoftmaxRef as logSoftmax, softmaxRef as softmax, logSoftmaxBackwardRef as logSoftmaxBackward, softmaxBackwardRef as softmaxBackward } from './softmax.js';
export { nllForwardReduced, nllForwardNone, nllBackward, findBadTarget } from './nll.js';
export { ceForward, ceBackward } from './cross_entropy.js';
export { ceReducePicked, ceLossNone } from './cross_entropy.js';
