// The one place that picks which kernel runs. Everything above kernels/ calls these names.
// float32 GEMM and conv2d: WebAssembly SIMD (asm/gemm.ts), falling back to the reference kernels
// for float64, tiny products, or where WebAssembly SIMD / shared memory is unavailable
export { gemmFast as gemm, gemmBatchFast as gemmBatch } from './fast_gemm.js';
export { conv2dForwardFast as conv2dForward, conv2dBackwardInputFast as conv2dBackwardInput, conv2dBackwardWeightFast as conv2dBackwardWeight, type ConvGeom } from './conv.js';
export { maxPool2dForwardFast as maxPool2dForward, maxPool2dBackwardFast as maxPool2dBackward, type PoolGeom } from './pool.js';
// loss kernels: WebAssembly SIMD over the shared memory and the worker pool (asm/losses.ts), each
// falling back to its reference kernel (softmax.ts, nll.ts, cross_entropy.ts) for float64, small
// inputs, or where WebAssembly SIMD / shared memory is unavailable
export { logSoftmaxFast as logSoftmax, softmaxFast as softmax, logSoftmaxBackwardFast as logSoftmaxBackward, softmaxBackwardFast as softmaxBackward } from './fast_softmax.js';
export { logSoftmaxBackwardUniformFast as logSoftmaxBackwardUniform, logSoftmaxBackwardKeptFast as logSoftmaxBackwardKept, type Kept } from './fast_softmax.js';
export { nllForwardReducedFast as nllForwardReduced, nllForwardNoneFast as nllForwardNone, nllBackwardFast as nllBackward } from './fast_nll.js';
export { findBadTargetFast as findBadTarget } from './fast_nll.js';
export { nllBackwardFilledFast as nllBackwardFilled } from './fast_nll.js';
export { ceForwardFast as ceForward, ceBackwardFast as ceBackward, ceReducePickedFast as ceReducePicked } from './fast_cross_entropy.js';
export { ceForwardSaveFast as ceForwardSave, ceBackwardSavedFast as ceBackwardSaved } from './fast_cross_entropy.js';
export { allocEmpty, allocPlaced, releaseStorage } from './wasm_runtime.js';
// relu, dropout's apply and the optimizer steps: WebAssembly SIMD on float32 arrays in the shared
// memory (asm/lib/elementwise.ts), else their TypeScript twins
export { reluIntoFast as reluInto, reluBackwardFast as reluBackward, dropoutApplyFast, bernoulliKeepFast, tanhF32Fast, addScaledFast, adadelta32Fast, sgd32Fast, adam32Fast, addInto } from './fast_elementwise.js';
export { fillValue, sumAll } from './fill.js';
// a one-row weight gradient added into a .grad: WebAssembly SIMD in the memory, else its twin (outer.ts)
export { outerAddFast as outerAdd } from './fast_small.js';
export { ceLossNone } from './cross_entropy.js';
