// torch.nn
export * as functional from './functional/index.js';
export { Module } from './module.js';
export type { IncompatibleKeys } from './load_state_dict.js';
export { Parameter } from './parameter.js';
export { LogSoftmax, Softmax, ReLU } from './modules/activation.js';
export { NLLLoss, _Loss, _WeightedLoss } from './modules/loss.js';
export { CrossEntropyLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, BCELoss, BCEWithLogitsLoss } from './modules/loss.js';
export { Linear, Identity } from './modules/linear.js';
export { Conv2d } from './modules/conv.js';
export { MaxPool2d } from './modules/pooling.js';
export { Dropout, Dropout2d } from './modules/dropout.js';
export { Flatten } from './modules/flatten.js';
export { Sequential } from './modules/container.js';
export * as init from './init.js';
// recurrent layers and nn.utils (issue 13, rnn)
export * as utils from './utils/index.js';
export { RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell } from './modules/rnn.js';
// ---- issue 13: LayerNorm, MultiheadAttention, Transformer (attn) ----
export { LayerNorm } from './modules/layernorm.js';
export { MultiheadAttention } from './modules/attention.js';
export {
  TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer, TransformerDecoder, Transformer,
} from './modules/transformer.js';
// ---- issue 13: normalisation, embedding, more convolutions ----
export { BatchNorm1d, BatchNorm2d, BatchNorm3d } from './modules/batchnorm.js';
export { Embedding } from './modules/sparse.js';
export { GroupNorm } from './modules/normalization.js';
export { Conv1d, ConvTranspose2d } from './modules/conv_more.js';
// ---- modules, containers and nn.utils of the sequence-models issue (modx) ----
export { Tanh, Sigmoid, LogSigmoid, LeakyReLU, ELU, GELU, SiLU, Softplus, Hardtanh, ReLU6, Softmin } from './modules/activation_more.js';
export { AvgPool2d, AdaptiveAvgPool2d } from './modules/pooling_more.js';
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss } from './modules/loss_more.js';
export {
  MarginRankingLoss, HingeEmbeddingLoss, SoftMarginLoss, MultiLabelSoftMarginLoss, CosineEmbeddingLoss, TripletMarginLoss,
  MultiMarginLoss, MultiLabelMarginLoss,
} from './modules/loss_margin.js';
export { ModuleList, ModuleDict } from './modules/container.js';
// ---- more layers (nnmore): activations, padding, pixel shuffle, distances, Bilinear, 1-d pools, InstanceNorm ----
export {
  Hardswish, Hardsigmoid, Mish, Softsign, SELU, CELU, GLU, Threshold, Tanhshrink, Softshrink, Hardshrink, PReLU, Unflatten,
  ZeroPad2d, ConstantPad1d, ConstantPad2d, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d,
  PixelShuffle, PixelUnshuffle, PairwiseDistance, CosineSimilarity, Bilinear, MaxPool1d, AvgPool1d, InstanceNorm1d, InstanceNorm2d,
} from './modules/more_layers.js';
// ---- nn.Upsample and its 2-d forms, over F.interpolate ----
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d } from './modules/upsampling.js';

// loading this module makes torch.nn available (src/namespaces.ts)
import * as self from './index.js';
import { provide } from '../namespaces.js';
provide({ nn: self });
