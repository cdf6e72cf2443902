export * as rnn from './rnn.js';
