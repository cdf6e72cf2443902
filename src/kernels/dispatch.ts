// The one place that picks which kernel runs. Everything above kernels/ calls these names.
export { gemmRef as gemm } from './gemm.js';
export { logSoftmaxRef as logSoftmax, softmaxRef as softmax, logSoftmaxBackwardRef as logSoftmaxBackward, softmaxBackwardRef as softmaxBackward } from './softmax.js';
export { nllForwardReduced, nllForwardNone, nllBackward, findBadTarget } from './nll.js';
export { ceForward, ceBackward } from './cross_entropy.js';
export { ceReducePicked, ceLossNone } from './cross_entropy.js';
