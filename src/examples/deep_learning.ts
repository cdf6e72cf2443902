// The PyTorch tutorial "Deep Learning with PyTorch" (pytorch/tutorials
// beginner_source/nlp/deep_learning_tutorial.py, a copy in tools/upstream/) line for line: an
// affine map, non-linearities, softmax, then a logistic-regression bag-of-words classifier
// (English or Spanish) trained with nn.NLLLoss and SGD. `torchlet deep_learning` prints what the
// Python prints.
import * as torch from '../index.js';
import * as autograd from '../autograd/api.js'; // import torch.autograd as autograd
import * as nn from '../nn/index.js'; // import torch.nn as nn
import * as F from '../nn/functional/index.js'; // import torch.nn.functional as F
import * as optim from '../optim/index.js'; // import torch.optim as optim
import type { Tensor } from '../tensor/tensor.js';
import { pyDict as dict } from './pyformat.js';


class BoWClassifier extends nn.Module { // inheriting from nn.Module!
  linear: nn.Linear;

  constructor(num_labels: number, vocab_size: number) {
    super();
    // the parameters of the affine map: nn.Linear from vocab_size to num_labels
    this.linear = new nn.Linear(vocab_size, num_labels);
    // log softmax has no parameters, so nothing more here
  }

  forward(bow_vec: Tensor): Tensor {
    // the linear layer, then log_softmax
    return F.log_softmax(this.linear(bow_vec), { dim: 1 });
  }
}

function make_bow_vector(sentence: string[], word_to_ix: Record<string, number>): Tensor {
  const vec = torch.zeros(Object.keys(word_to_ix).length);
  for (const word of sentence) vec.get(word_to_ix[word]).add_(1); // vec[word_to_ix[word]] += 1
  return vec.view(1, -1);
}

function make_target(label: string, label_to_ix: Record<string, number>): Tensor {
  return torch.LongTensor([label_to_ix[label]]);
}

export function main(print: (line: string) => void = console.log): void {
  torch.manual_seed(1);

  const lin = new nn.Linear(5, 3); // maps from R^5 to R^3, parameters A, b
  // data is 2x5.  A maps from 5 to 3... can we map "data" under A?
  let data = autograd.Variable(torch.randn(2, 5));
  print(String(lin(data))); // yes

  // non-linearities are in torch.nn.functional (imported as F); they have no parameters
  data = autograd.Variable(torch.randn(2, 2));
  print(String(data));
  print(String(F.relu(data)));

  // Softmax is also in torch.nn.functional
  data = autograd.Variable(torch.randn(5));
  print(String(data));
  print(String(F.softmax(data, { dim: 0 })));
  print(String(F.softmax(data, { dim: 0 }).sum())); // Sums to 1 because it is a distribution!
  print(String(F.log_softmax(data, { dim: 0 }))); // theres also log_softmax

  // Example: Logistic Regression Bag-of-Words classifier
  const train_data: [string[], string][] = [
    ['me gusta comer en la cafeteria'.split(' '), 'SPANISH'],
    ['Give it to me'.split(' '), 'ENGLISH'],
    ['No creo que sea una buena idea'.split(' '), 'SPANISH'],
    ['No it is not a good idea to get lost at sea'.split(' '), 'ENGLISH']];

  const test_data: [string[], string][] = [
    ['Yo creo que si'.split(' '), 'SPANISH'],
    ['it is lost on me'.split(' '), 'ENGLISH']];

  // word_to_ix maps each word in the vocab to a unique integer, its index into the bag-of-words vector
  const word_to_ix: Record<string, number> = {};
  for (const [sent] of [...train_data, ...test_data]) {
    for (const word of sent) {
      if (!(word in word_to_ix)) word_to_ix[word] = Object.keys(word_to_ix).length;
    }
  }
  print(dict(word_to_ix));

  const VOCAB_SIZE = Object.keys(word_to_ix).length;
  const NUM_LABELS = 2;

  const model = new BoWClassifier(NUM_LABELS, VOCAB_SIZE);

  // the model knows its parameters.  The first output below is A, the second is b.
  for (const param of model.parameters()) print(String(param));

  // To run the model, pass in a BoW vector, but wrapped in an autograd.Variable
  const sample = train_data[0];
  const bow_vector = make_bow_vector(sample[0], word_to_ix);
  let log_probs = model(autograd.Variable(bow_vector));
  print(String(log_probs));

  const label_to_ix: Record<string, number> = { SPANISH: 0, ENGLISH: 1 };

  // Run on test data before we train, just to see a before-and-after
  for (const [instance] of test_data) {
    const bow_vec = autograd.Variable(make_bow_vector(instance, word_to_ix));
    log_probs = model(bow_vec);
    print(String(log_probs));
  }

  // Print the matrix column corresponding to "creo"
  print(String(model.parameters().next().value!.get(':', word_to_ix.creo)));

  const loss_function = new nn.NLLLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

  // Usually you want to pass over the training data several times.
  for (let epoch = 0; epoch < 100; epoch++) {
    for (const [instance, label] of train_data) {
      // Step 1. Remember that Pytorch accumulates gradients.
      // We need to clear them out before each instance
      model.zero_grad();

      // Step 2. Make our BOW vector and the target, the label's index
      const bow_vec = autograd.Variable(make_bow_vector(instance, word_to_ix));
      const target = autograd.Variable(make_target(label, label_to_ix));

      // Step 3. Run our forward pass.
      log_probs = model(bow_vec);

      // Step 4. Compute the loss, gradients, and update the parameters by
      // calling optimizer.step()
      const loss = loss_function(log_probs, target);
      loss.backward();
      optimizer.step();
    }
  }

  for (const [instance] of test_data) {
    const bow_vec = autograd.Variable(make_bow_vector(instance, word_to_ix));
    log_probs = model(bow_vec);
    print(String(log_probs));
  }

  // Index corresponding to Spanish goes up, English goes down!
  print(String(model.parameters().next().value!.get(':', word_to_ix.creo)));
}
