// torch.nn.utils
export * as rnn from './rnn.js';
export { clip_grad_norm_, clip_grad_norm, clip_grad_value_ } from './clip_grad.js';
export { parameters_to_vector, vector_to_parameters } from './convert_parameters.js';
