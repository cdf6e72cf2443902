// pytorch/examples word_language_model/generate.py, ported line for line: `torchlet
// word_language_model generate` samples words from a model `torchlet word_language_model` trained.
// The checkpoint is the state_dict main.ts saves (upstream pickles the whole model), so the model is
// rebuilt from it: the kind (LSTM, GRU, RNN, Transformer) and sizes are read from its tensors;
// --model RNN_RELU says what the weights cannot (RNN_TANH otherwise) and --nhead gives a
// Transformer's heads (default 2, main's default). The generator is seeded after the model is
// built, so the sampling draws what generate.py's draws for the same seed.
import { writeFileSync } from 'node:fs';
import * as torch from '../../node/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ArgumentParser } from '../argparse.js';
import { unwritable } from '../mnist.js';
import { out } from '../progress.js';
import { Corpus, EMBEDDED_BROWN } from './data.js';
import { RNNModel, TransformerModel, type Hidden } from './model.js';

const parser = new ArgumentParser('torchlet word_language_model generate', 'PyTorch Wikitext-2 Language Model (torchlet)', [
  // Model parameters.
  { flag: '--data', type: 'str', default: null, help: 'location of the data corpus (default: the Brown corpus cut embedded in torchlet)' },
  { flag: '--checkpoint', type: 'str', default: './model.pt', help: 'model checkpoint to use (the state_dict `torchlet word_language_model` saves)' },
  { flag: '--outf', type: 'str', default: 'generated.txt', help: 'output file for generated text' },
  { flag: '--words', type: 'int', default: 1000, help: 'number of words to generate' },
  { flag: '--seed', type: 'int', default: 1111, help: 'random seed' },
  { flag: '--temperature', type: 'float', default: 1.0, help: 'temperature - higher will increase diversity' },
  { flag: '--log-interval', type: 'int', default: 100, help: 'reporting interval' },
  { flag: '--accel', type: 'bool', default: false, help: 'use accelerator' },
  { flag: '--model', type: 'str', default: null, help: 'RNN_RELU for a model trained with --model RNN_RELU (the other kinds are read from the checkpoint)' },
  { flag: '--nhead', type: 'int', default: 2, help: 'the number of heads of a Transformer checkpoint (default: 2)' },
]);

/** The model a state_dict was saved from: its kind and sizes are in its tensors' names and shapes. */
export function modelFor(sd: Map<string, Tensor>, ntokens: number, rnnType: string | null, nhead: number): RNNModel | TransformerModel {
  const shape = (k: string): number[] => {
    const t = sd.get(k);
    if (!t) throw new torch.RuntimeError(`the checkpoint has no '${k}': not a state_dict saved by torchlet word_language_model`);
    return t.shape;
  };
  if (sd.has('input_emb.weight')) {
    const [, ninp] = shape('input_emb.weight');
    const nlayers = [...sd.keys()].filter((k) => /^encoder\.layers\.\d+\.linear1\.weight$/.test(k)).length;
    const [nhid] = shape('encoder.layers.0.linear1.weight');
    return new TransformerModel(ntokens, ninp, nhead, nhid, nlayers, 0);
  }
  const [, ninp] = shape('encoder.weight');
  const [rows, nhid] = shape('rnn.weight_hh_l0');
  const nlayers = [...sd.keys()].filter((k) => /^rnn\.weight_ih_l\d+$/.test(k)).length;
  const kind = rows === 4 * nhid ? 'LSTM' : rows === 3 * nhid ? 'GRU' : rnnType ?? 'RNN_TANH';
  return new RNNModel(kind, ntokens, ninp, nhid, nlayers, 0);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<string[]> {
  const args = parser.parse_args(argv) as unknown as {
    data: string | null; checkpoint: string; outf: string; words: number; seed: number; temperature: number; log_interval: number; model: string | null; nhead: number;
  };
  if (args.log_interval === 0) parser.error('argument --log-interval: must not be 0 (generate.py fails with ZeroDivisionError at i % args.log_interval)');

  // Set the random seed manually for reproducibility.
  torch.manual_seed(args.seed);

  const device = torch.device('cpu');

  if (args.temperature < 1e-3) parser.error('--temperature has to be greater or equal 1e-3.');
  // generate.py opens --outf before sampling
  const cannot = unwritable(args.outf);
  if (cannot) parser.error(`argument --outf: cannot write ${args.outf}: ${cannot}`);

  const sd = torch.load(args.checkpoint) as Map<string, Tensor>;
  if (!(sd instanceof Map)) throw new torch.RuntimeError(`${args.checkpoint} does not hold a state_dict`);

  const corpus = new Corpus(args.data ?? EMBEDDED_BROWN);
  const ntokens = corpus.dictionary.length;

  const model = modelFor(sd, ntokens, args.model, args.nhead);
  model.load_state_dict(sd);
  model.eval();
  // building the model drew its initial weights; torch.load draws nothing, so generate.py's
  // generator is still fresh from manual_seed here
  torch.manual_seed(args.seed);

  const is_transformer_model = model instanceof TransformerModel;
  let hidden: Hidden | null = null;
  if (!is_transformer_model) hidden = model.init_hidden(1);
  let input = torch.randint(ntokens, [1, 1], { dtype: torch.long }).to(device);

  const text: string[] = [];
  torch.no_grad(() => { // no tracking history
    for (let i = 0; i < args.words; i++) {
      let word_idx: number;
      if (is_transformer_model) {
        const output = model(input, false);
        const word_weights = output.get(-1).squeeze().div(args.temperature).exp().cpu();
        word_idx = torch.multinomial(word_weights, 1).get(0).item();
        const word_tensor = torch.tensor([[word_idx]]).long().to(device);
        input = torch.cat([input, word_tensor], 0);
      } else {
        let output: Tensor;
        [output, hidden] = (model as RNNModel)(input, hidden!);
        const word_weights = output.squeeze().div(args.temperature).exp().cpu();
        word_idx = torch.multinomial(word_weights, 1).get(0).item();
        input.fill_(word_idx);
      }

      const word = corpus.dictionary.idx2word[word_idx];

      text.push(word + (i % 20 === 19 ? '\n' : ' '));

      if (i % args.log_interval === 0) out(`| Generated ${i}/${args.words} words`);
    }
  });
  writeFileSync(args.outf, text.join(''));
  return text;
}
