// pytorch/examples word_language_model/main.py, ported line for line: `torchlet word_language_model`.
// The same flags, defaults and printed lines. Differences, for a machine with no download and no GPU:
// - --data defaults to torchlet's embedded Brown corpus cut (src/datasets/embedded/brown), not
//   ./data/wikitext-2; a folder given with --data is read as data.Corpus reads it;
// - the best model is saved as its state_dict (torch.save(model.state_dict(), args.save)) and
//   loaded back into the model, where main.py pickles and unpickles the whole module object (a
//   Python class torchlet does not execute); `torchlet word_language_model generate` reads that file;
// - --limit N trains on the first N tokens of train.txt (the dictionary still covers all three
//   files), --json prints a last line with train_tokens_per_s, test_loss and test_ppl, and a
//   progress bar shows on a terminal;
// - --onnx-export is refused before training (torchlet has no ONNX exporter), --accel finds no
//   accelerator and runs on the CPU, as main.py does on a machine without one.
import * as torch from '../../node/index.js';
import { nn } from '../../node/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { startWorkers } from '../../node/pool.js';
import { ArgumentParser, ArgumentError, checkCommon } from '../argparse.js';
import { unwritable } from '../mnist.js';
import { progress, out } from '../progress.js';
import { fmtD, fmtF, pyExp, pyFixed } from '../pyformat.js';
import { Corpus, EMBEDDED_BROWN } from './data.js';
import { RNNModel, TransformerModel, type Hidden } from './model.js';


const parser = new ArgumentParser('torchlet word_language_model', 'PyTorch Wikitext-2 RNN/LSTM/GRU/Transformer Language Model (torchlet)', [
  { flag: '--data', type: 'str', default: null, help: 'location of the data corpus (default: the Brown corpus cut embedded in torchlet)' },
  { flag: '--model', type: 'str', default: 'LSTM', help: 'type of network (RNN_TANH, RNN_RELU, LSTM, GRU, Transformer)' },
  { flag: '--emsize', type: 'int', default: 200, help: 'size of word embeddings' },
  { flag: '--nhid', type: 'int', default: 200, help: 'number of hidden units per layer' },
  { flag: '--nlayers', type: 'int', default: 2, help: 'number of layers' },
  { flag: '--lr', type: 'float', default: 20, help: 'initial learning rate' },
  { flag: '--clip', type: 'float', default: 0.25, help: 'gradient clipping' },
  { flag: '--epochs', type: 'int', default: 40, help: 'upper epoch limit' },
  { flag: '--batch_size', type: 'int', default: 20, metavar: 'N', help: 'batch size' },
  { flag: '--bptt', type: 'int', default: 35, help: 'sequence length' },
  { flag: '--dropout', type: 'float', default: 0.2, help: 'dropout applied to layers (0 = no dropout)' },
  { flag: '--tied', type: 'bool', default: false, help: 'tie the word embedding and softmax weights' },
  { flag: '--seed', type: 'int', default: 1111, help: 'random seed' },
  { flag: '--log-interval', type: 'int', default: 200, metavar: 'N', help: 'report interval' },
  { flag: '--save', type: 'str', default: 'model.pt', help: 'path to save the final model (its state_dict)' },
  { flag: '--onnx-export', type: 'str', default: '', help: 'path to export the final model in onnx format (not available in torchlet)' },
  { flag: '--nhead', type: 'int', default: 2, help: 'the number of heads in the encoder/decoder of the transformer model' },
  { flag: '--dry-run', type: 'bool', default: false, help: 'verify the code and the model' },
  { flag: '--accel', type: 'bool', default: false, help: 'Enables accelerated training' },
  { flag: '--use-optimizer', type: 'bool', default: false, help: 'Uses AdamW optimizer for gradient updating' },
  { flag: '--limit', type: 'int', default: null, metavar: 'N', help: 'train on the first N tokens of train.txt only' },
  { flag: '--json', type: 'bool', default: false, help: 'print a last line of JSON: training tokens per second, test loss and perplexity' },
]);

export interface Args {
  data: string | null; model: string; emsize: number; nhid: number; nlayers: number; lr: number; clip: number; epochs: number;
  batch_size: number; bptt: number; dropout: number; tied: boolean; seed: number; log_interval: number; save: string;
  onnx_export: string; nhead: number; dry_run: boolean; accel: boolean; use_optimizer: boolean; limit: number | null; json: boolean;
}

/** What a run records: every training batch's loss (for the fidelity test), and the throughput. */
export interface History {
  losses: number[]; trainTokens: number; trainSeconds: number; valLosses: number[]; testLoss: number;
}

/** Lets finalizers (and a Ctrl-C handler) run between batches. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class KeyboardInterrupt extends Error {}

export async function main(argv: string[] = process.argv.slice(2)): Promise<History> {
  const args = parser.parse_args(argv, (ns) => {
    checkCommon(ns, '--log-interval');
    if (ns.onnx_export) throw new ArgumentError('argument --onnx-export: torchlet cannot export ONNX');
    if (ns.bptt !== null && (ns.bptt as number) < 1) throw new ArgumentError(`argument --bptt: must be at least 1, got ${ns.bptt}`);
  }) as unknown as Args;
  const save = unwritable(args.save);
  if (save) parser.error(`argument --save: cannot write ${args.save}: ${save}`);
  const hist: History = { losses: [], trainTokens: 0, trainSeconds: 0, valLosses: [], testLoss: NaN };

  // Set the random seed manually for reproducibility.
  torch.manual_seed(args.seed);
  startWorkers();

  // (torch.accelerator: none here, so the CPU, as main.py picks without one)
  const device = torch.device('cpu');

  out(`Using device: ${device}`);

  ///////////////////////////////////////////////////////////////////////////////
  // Load data
  ///////////////////////////////////////////////////////////////////////////////

  const corpus = new Corpus(args.data ?? EMBEDDED_BROWN);
  if (args.limit !== null) corpus.train = corpus.train.get(torch.slice(null, args.limit));

  // Starting from sequential data, batchify arranges the dataset into columns.
  // For instance, with the alphabet as the sequence and batch size 4, we'd get
  // ┌ a g m s ┐
  // │ b h n t │
  // │ c i o u │
  // │ d j p v │
  // │ e k q w │
  // └ f l r x ┘.
  // These columns are treated as independent by the model, which means that the
  // dependence of e. g. 'g' on 'f' can not be learned, but allows more efficient
  // batch processing.
  function batchify(data: Tensor, bsz: number): Tensor {
    // Work out how cleanly we can divide the dataset into bsz parts.
    const nbatch = Math.floor(data.size(0) / bsz);
    // Trim off any extra elements that wouldn't cleanly fit (remainders).
    data = data.narrow(0, 0, nbatch * bsz);
    // Evenly divide the data across the bsz batches.
    data = data.view(bsz, -1).t().contiguous();
    return data.to(device);
  }

  const eval_batch_size = 10;
  const train_data = batchify(corpus.train, args.batch_size);
  const val_data = batchify(corpus.valid, eval_batch_size);
  const test_data = batchify(corpus.test, eval_batch_size);

  ///////////////////////////////////////////////////////////////////////////////
  // Build the model
  ///////////////////////////////////////////////////////////////////////////////

  const ntokens = corpus.dictionary.length;
  let model: RNNModel | TransformerModel;
  if (args.model === 'Transformer') model = new TransformerModel(ntokens, args.emsize, args.nhead, args.nhid, args.nlayers, args.dropout).to(device);
  else model = new RNNModel(args.model, ntokens, args.emsize, args.nhid, args.nlayers, args.dropout, args.tied).to(device);

  const criterion = new nn.NLLLoss();
  let optimizer: torch.optim.AdamW | null = null;
  if (args.use_optimizer) optimizer = new torch.optim.AdamW(model.parameters(), { lr: args.lr });

  ///////////////////////////////////////////////////////////////////////////////
  // Training code
  ///////////////////////////////////////////////////////////////////////////////

  /** Wraps hidden states in new Tensors, to detach them from their history. */
  function repackage_hidden(h: Hidden): Hidden {
    if (!Array.isArray(h)) return h.detach();
    return h.map((v) => repackage_hidden(v)) as Hidden;
  }

  // get_batch subdivides the source data into chunks of length args.bptt.
  // If source is equal to the example output of the batchify function, with
  // a bptt-limit of 2, we'd get the following two Variables for i = 0:
  // ┌ a g m s ┐ ┌ b h n t ┐
  // └ b h n t ┘ └ c i o u ┘
  // Note that despite the name of the function, the subdivison of data is not
  // done along the batch dimension (i.e. dimension 1), since that was handled
  // by the batchify function. The chunks are along dimension 0, corresponding
  // to the seq_len dimension in the LSTM.
  function get_batch(source: Tensor, i: number): [Tensor, Tensor] {
    const seq_len = Math.min(args.bptt, source.size(0) - 1 - i);
    const data = source.get(torch.slice(i, i + seq_len));
    const target = source.get(torch.slice(i + 1, i + 1 + seq_len)).view(-1);
    return [data, target];
  }

  /** range(0, n, step) as a list, as the loops over batches use it. */
  const range = (n: number, step: number): number[] => Array.from({ length: Math.max(0, Math.ceil(n / step)) }, (_, k) => k * step);

  function evaluate(data_source: Tensor): number {
    // Turn on evaluation mode which disables dropout.
    model.eval();
    let total_loss = 0.0;
    const ntokens = corpus.dictionary.length;
    let hidden: Hidden | null = null;
    if (args.model !== 'Transformer') hidden = (model as RNNModel).init_hidden(eval_batch_size);
    torch.no_grad(() => {
      for (const i of range(data_source.size(0) - 1, args.bptt)) {
        const [data, targets] = get_batch(data_source, i);
        let output: Tensor;
        if (args.model === 'Transformer') {
          output = (model as TransformerModel)(data);
          output = output.view(-1, ntokens);
        } else {
          [output, hidden] = (model as RNNModel)(data, hidden!);
          hidden = repackage_hidden(hidden);
        }
        total_loss += data.size(0) * criterion(output, targets).item();
      }
    });
    return total_loss / (data_source.size(0) - 1);
  }

  let lr = args.lr;
  let epoch = 0;
  let interrupted = false;
  const onSigint = (): void => { interrupted = true; };

  async function train(): Promise<void> {
    // Turn on training mode which enables dropout.
    model.train();
    let total_loss = 0.0;
    let start_time = performance.now();
    const t0 = start_time;
    const ntokens = corpus.dictionary.length;
    let hidden: Hidden | null = null;
    if (args.model !== 'Transformer') hidden = (model as RNNModel).init_hidden(args.batch_size);
    const starts = range(train_data.size(0) - 1, args.bptt);
    for (let batch = 0; batch < starts.length; batch++) {
      const i = starts[batch];
      const [data, targets] = get_batch(train_data, i);
      // Starting each batch, we detach the hidden state from how it was previously produced.
      // If we didn't, the model would try backpropagating all the way to start of the dataset.
      if (optimizer) optimizer.zero_grad();
      else model.zero_grad();
      let output: Tensor;
      if (args.model === 'Transformer') {
        output = (model as TransformerModel)(data);
        output = output.view(-1, ntokens);
      } else {
        hidden = repackage_hidden(hidden!);
        [output, hidden] = (model as RNNModel)(data, hidden);
      }
      const loss = criterion(output, targets);
      loss.backward();

      // `clip_grad_norm` helps prevent the exploding gradient problem in RNNs / LSTMs.
      nn.utils.clip_grad_norm_(model.parameters(), args.clip);
      if (optimizer) optimizer.step();
      else torch.no_grad(() => { for (const p of model.parameters()) p.data.add_(p.grad!, { alpha: -lr }); });

      const l = loss.item();
      total_loss += l;
      hist.losses.push(l);
      hist.trainTokens += data.numel();

      if (batch % args.log_interval === 0 && batch > 0) {
        const cur_loss = total_loss / args.log_interval;
        const elapsed = (performance.now() - start_time) / 1000;
        out(`| epoch ${fmtD(epoch, 3)} | ${fmtD(batch, 5)}/${fmtD(Math.floor(train_data.size(0) / args.bptt), 5)} batches | lr ${pyFixed(lr, 2)} | ms/batch ${fmtF(elapsed * 1000 / args.log_interval, 5, 2)} | `
          + `loss ${fmtF(cur_loss, 5, 2)} | ppl ${fmtF(pyExp(cur_loss), 8, 2)}`);
        total_loss = 0;
        start_time = performance.now();
      }
      if (args.dry_run) break;
      await yieldToEventLoop();
      if (interrupted) { hist.trainSeconds += (performance.now() - t0) / 1000; throw new KeyboardInterrupt(); }
      progress.show(`Epoch ${epoch}`, batch + 1, starts.length, hist.trainTokens, hist.trainSeconds + (performance.now() - t0) / 1000, 'tokens');
    }
    hist.trainSeconds += (performance.now() - t0) / 1000;
    progress.clear();
  }

  // Loop over epochs.
  let best_val_loss: number | null = null;

  // At any point you can hit Ctrl + C to break out of training early.
  process.on('SIGINT', onSigint);
  try {
    for (epoch = 1; epoch < args.epochs + 1; epoch++) {
      const epoch_start_time = performance.now();
      await train();
      const val_loss = evaluate(val_data);
      hist.valLosses.push(val_loss);
      out('-'.repeat(89));
      out(`| end of epoch ${fmtD(epoch, 3)} | time: ${fmtF((performance.now() - epoch_start_time) / 1000, 5, 2)}s | valid loss ${fmtF(val_loss, 5, 2)} | `
        + `valid ppl ${fmtF(pyExp(val_loss), 8, 2)}`);
      out('-'.repeat(89));
      // Save the model if the validation loss is the best we've seen so far.
      if (!best_val_loss || val_loss < best_val_loss) {
        torch.save(model.state_dict(), args.save);
        best_val_loss = val_loss;
      } else {
        // Anneal the learning rate if no improvement has been seen in the validation dataset.
        lr /= 4.0;
      }
    }
  } catch (e) {
    if (!(e instanceof KeyboardInterrupt)) throw e;
    progress.clear();
    out('-'.repeat(89));
    out('Exiting from training early');
  } finally {
    process.off('SIGINT', onSigint);
  }

  // Load the best saved model.
  model.load_state_dict(torch.load(args.save) as Map<string, Tensor>);
  // after load the rnn params are not a continuous chunk of memory in PyTorch (flatten_parameters
  // makes them one); torchlet's are always separate tensors, so there is nothing to do here

  // Run on test data.
  const test_loss = evaluate(test_data);
  hist.testLoss = test_loss;
  out('='.repeat(89));
  out(`| End of training | test loss ${fmtF(test_loss, 5, 2)} | test ppl ${fmtF(pyExp(test_loss), 8, 2)}`);
  out('='.repeat(89));

  if (args.json) {
    process.stdout.write(`${JSON.stringify({
      peer: 'torchlet', model: args.model, train_tokens: hist.trainTokens,
      train_tokens_per_s: Number(pyFixed(hist.trainTokens / hist.trainSeconds, 1)),
      test_loss: Number(pyFixed(test_loss, 4)), test_ppl: Number(pyFixed(Math.exp(test_loss), 2)),
    })}\n`);
  }
  return hist;
}
