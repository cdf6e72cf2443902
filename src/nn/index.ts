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
