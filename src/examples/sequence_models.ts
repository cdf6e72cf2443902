// The PyTorch tutorial "Sequence Models and Long-Short Term Memory Networks"
// (pytorch/tutorials beginner_source/nlp/sequence_models_tutorial.py, a copy in tools/upstream/)
// line for line: an LSTM stepped through a sequence and run over it at once, then an LSTM
// part-of-speech tagger (nn.Embedding, nn.LSTM, nn.Linear, F.log_softmax) trained with
// nn.NLLLoss and SGD. In the tutorial's older style: autograd.Variable, torch.LongTensor.
// `torchlet sequence_models` prints what the Python prints.
import * as torch from '../index.js';
import * as autograd from '../autograd/api.js'; // import torch.autograd as autograd
import * as nn from '../nn/index.js'; // import torch.nn as nn
import * as F from '../nn/functional/index.js'; // import torch.nn.functional as F
import * as optim from '../optim/index.js'; // import torch.optim as optim
import type { Tensor } from '../tensor/tensor.js';
import { pyDict as dict } from './pyformat.js';

type Hidden = [Tensor, Tensor];
/** Python's print of a tuple of tensors. */
const tuple = (t: readonly Tensor[]): string => `(${t.map(String).join(', ')})`;

function prepare_sequence(seq: string[], to_ix: Record<string, number>): Tensor {
  const idxs = seq.map((w) => to_ix[w]);
  const tensor = torch.LongTensor(idxs);
  return autograd.Variable(tensor);
}

class LSTMTagger extends nn.Module {
  hidden_dim: number;
  word_embeddings: nn.Embedding;
  lstm: nn.LSTM;
  hidden2tag: nn.Linear;
  hidden: Hidden;

  constructor(embedding_dim: number, hidden_dim: number, vocab_size: number, tagset_size: number) {
    super();
    this.hidden_dim = hidden_dim;

    this.word_embeddings = new nn.Embedding(vocab_size, embedding_dim);

    // The LSTM takes word embeddings as inputs, and outputs hidden states
    // with dimensionality hidden_dim.
    this.lstm = new nn.LSTM(embedding_dim, hidden_dim);

    // The linear layer that maps from hidden state space to tag space
    this.hidden2tag = new nn.Linear(hidden_dim, tagset_size);
    this.hidden = this.init_hidden();
  }

  init_hidden(): Hidden {
    // The axes semantics are (num_layers, minibatch_size, hidden_dim)
    return [autograd.Variable(torch.zeros(1, 1, this.hidden_dim)),
      autograd.Variable(torch.zeros(1, 1, this.hidden_dim))];
  }

  forward(sentence: Tensor): Tensor {
    const embeds = this.word_embeddings(sentence);
    let lstm_out: Tensor;
    [lstm_out, this.hidden] = this.lstm(embeds.view(sentence.shape[0], 1, -1), this.hidden) as [Tensor, Hidden];
    const tag_space = this.hidden2tag(lstm_out.view(sentence.shape[0], -1));
    const tag_scores = F.log_softmax(tag_space, { dim: 1 });
    return tag_scores;
  }
}

export function main(print: (line: string) => void = console.log): void {
  torch.manual_seed(1);

  const lstm = new nn.LSTM(3, 3); // Input dim is 3, output dim is 3
  const inputs_list = Array.from({ length: 5 }, () => autograd.Variable(torch.randn([1, 3]))); // make a sequence of length 5

  // initialize the hidden state.
  let hidden: Hidden = [autograd.Variable(torch.randn(1, 1, 3)),
    autograd.Variable(torch.randn([1, 1, 3]))];
  let out: Tensor;
  for (const i of inputs_list) {
    // Step through the sequence one element at a time.
    // after each step, hidden contains the hidden state.
    [out, hidden] = lstm(i.view(1, 1, -1), hidden) as [Tensor, Hidden];
  }

  // alternatively, the entire sequence all at once: "out" holds every hidden state of the
  // sequence, "hidden" the most recent (the last slice of "out")
  const inputs = torch.cat(inputs_list).view(inputs_list.length, 1, -1); // Add the extra 2nd dimension
  hidden = [autograd.Variable(torch.randn(1, 1, 3)), autograd.Variable(
    torch.randn([1, 1, 3]))]; // clean out hidden state
  [out, hidden] = lstm(inputs, hidden) as [Tensor, Hidden];
  print(String(out));
  print(tuple(hidden));

  // Example: An LSTM for Part-of-Speech Tagging
  const training_data: [string[], string[]][] = [
    ['The dog ate the apple'.split(' '), ['DET', 'NN', 'V', 'DET', 'NN']],
    ['Everybody read that book'.split(' '), ['NN', 'V', 'DET', 'NN']],
  ];
  const word_to_ix: Record<string, number> = {};
  for (const [sent] of training_data) {
    for (const word of sent) {
      if (!(word in word_to_ix)) word_to_ix[word] = Object.keys(word_to_ix).length;
    }
  }
  print(dict(word_to_ix));
  const tag_to_ix: Record<string, number> = { DET: 0, NN: 1, V: 2 };

  // These will usually be more like 32 or 64 dimensional.
  // We will keep them small, so we can see how the weights change as we train.
  const EMBEDDING_DIM = 6;
  const HIDDEN_DIM = 6;

  // Train the model:
  const model = new LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, Object.keys(word_to_ix).length, Object.keys(tag_to_ix).length);
  const loss_function = new nn.NLLLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

  // See what the scores are before training
  // Note that element i,j of the output is the score for tag j for word i.
  let tag_scores = model(prepare_sequence(training_data[0][0], word_to_ix));
  print(String(tag_scores));

  for (let epoch = 0; epoch < 300; epoch++) { // again, normally you would NOT do 300 epochs, it is toy data
    for (const [sentence, tags] of training_data) {
      // Step 1. Remember that Pytorch accumulates gradients.
      // We need to clear them out before each instance
      model.zero_grad();

      // Also, we need to clear out the hidden state of the LSTM,
      // detaching it from its history on the last instance.
      model.hidden = model.init_hidden();

      // Step 2. Get our inputs ready for the network, that is, turn them into
      // Variables of word indices.
      const sentence_in = prepare_sequence(sentence, word_to_ix);
      const targets = prepare_sequence(tags, tag_to_ix);

      // Step 3. Run our forward pass.
      tag_scores = model(sentence_in);

      // Step 4. Compute the loss, gradients, and update the parameters by
      //  calling optimizer.step()
      const loss = loss_function(tag_scores, targets);
      loss.backward();
      optimizer.step();
    }
  }

  // See what the scores are after training
  tag_scores = model(prepare_sequence(training_data[0][0], word_to_ix));
  // The sentence is "the dog ate the apple".  i,j corresponds to score for tag j
  //  for word i. The predicted tag is the maximum scoring tag.
  // Here, we can see the predicted sequence below is 0 1 2 0 1
  // since 0 is index of the maximum value of row 1,
  // 1 is the index of maximum value of row 2, etc.
  // Which is DET NOUN VERB DET NOUN, the correct sequence!
  print(String(tag_scores));
}
