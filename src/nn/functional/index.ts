// torch.nn.functional
export { log_softmax, softmax } from './softmax.js';
export { nll_loss, type NllLossOptions } from './nll_loss.js';
export { relu } from './activation.js';
export { cross_entropy, type CrossEntropyOptions } from './cross_entropy.js';
export { poisson_nll_loss, gaussian_nll_loss, kl_div, binary_cross_entropy, binary_cross_entropy_with_logits } from './losses.js';
export { linear } from './linear.js';
export { conv2d } from './conv.js';
export { max_pool2d, max_pool2d_with_indices } from './pooling.js';
export { dropout, dropout2d } from './dropout.js';
export { gelu, silu, softplus, leaky_relu, elu, logsigmoid, tanh, sigmoid, softmin, hardtanh, relu6 } from './activations_more.js';
export { mse_loss, l1_loss, smooth_l1_loss, huber_loss, cosine_similarity, normalize } from './losses_more.js';
export {
  margin_ranking_loss, hinge_embedding_loss, soft_margin_loss, multilabel_soft_margin_loss, cosine_embedding_loss,
  triplet_margin_loss, multi_margin_loss, multilabel_margin_loss,
} from './losses_margin.js';
// ---- issue 12: more functionals ----
export { one_hot, pad, embedding, avg_pool2d, adaptive_avg_pool2d } from './more.js';
// ---- issue 13: layer_norm and multi-head attention (attn) ----
export { layer_norm } from './layer_norm.js';
export { multi_head_attention_forward } from './attention.js';
// ---- issue 13: normalisation, more convolutions ----
export { batch_norm } from './batch_norm.js';
export { group_norm } from './group_norm.js';
export { conv1d, conv_transpose2d } from './conv_more.js';
// ---- more layers (nnmore) ----
export { hardswish, hardsigmoid, mish, selu, celu, threshold, hardshrink, softshrink, softsign, tanhshrink, glu, prelu } from './more_activations.js';
export { max_pool1d, avg_pool1d, pixel_shuffle, pixel_unshuffle, pairwise_distance, bilinear, instance_norm } from './more_layers.js';
// ---- F.interpolate (nearest, nearest-exact, linear, bilinear, area) ----
export { interpolate, type InterpolateOptions } from './interpolate.js';
