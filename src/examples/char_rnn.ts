// The PyTorch tutorial "NLP From Scratch: Classifying Names with a Character-Level RNN" (its
// current revision: nn.RNN, nn.NLLLoss, minibatches of single names, SGD with clip_grad_norm_),
// ported line for line: `torchlet char_rnn`. It prints the tutorial's lines. What changes, and why:
// - PyTorch 1.13 has no torch.set_default_device: the device is the CPU;
// - the shuffles are seeded (random.seed(--seed) with CPython's generator, torch.manual_seed(--seed)
//   before the model is built), and the files and labels are taken in sorted order (the tutorial's
//   glob and set orders change from run to run), so a run is reproducible;
// - the tutorial's constants are flags (--n-epoch 27, --n-batch-size 64, --learning-rate 0.15,
//   --report-every 5, --n-hidden 128), and where it plots a confusion matrix this port prints the
//   test accuracy;
// - the names are torchlet's embedded surnames by default (18 languages), --data DIR reads the
//   tutorial's data/names layout ([Language].txt, one name per line); --limit N trains on the first
//   N names of the training split, --json prints a last line with throughput, test loss and
//   accuracy, --save-model writes char_rnn.pt (the state_dict); a progress bar shows on a terminal.
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as torch from '../node/index.js';
import * as nn from '../nn/index.js'; // import torch.nn as nn
import { startWorkers } from '../node/pool.js';
import { readRegularFile } from '../node/read_file.js';
import type { Tensor } from '../tensor/tensor.js';
import { ArgumentParser, checkCommon } from './argparse.js';
import { unwritable } from './mnist.js';
import { progress, out } from './progress.js';
import { fmtPct, pyFixed, pyStrFloat, pyStrip } from './pyformat.js';
import { PyRandom, array_split } from './py_random.js';

const MODEL_FILE = 'char_rnn.pt';
const EMBEDDED_NAMES = fileURLToPath(new URL('../../src/datasets/embedded/names/names.json.gz', import.meta.url));

// We can use "_" to represent an out-of-vocabulary character, that is, any character we are not handling in our model
const ascii_letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const allowed_characters = `${ascii_letters} .,;'_`;
export const n_letters = allowed_characters.length;

/** Turn a Unicode string to plain ASCII (NFD, combining marks dropped, allowed characters kept). */
export function unicodeToAscii(s: string): string {
  return [...s.normalize('NFD')].filter((c) => !/\p{Mn}/u.test(c) && allowed_characters.includes(c)).join('');
}

/** Find letter index from all_letters, e.g. "a" = 0; the out-of-vocabulary "_" for a letter unknown to the model. */
export function letterToIndex(letter: string): number {
  if (!allowed_characters.includes(letter)) return allowed_characters.indexOf('_');
  return allowed_characters.indexOf(letter);
}

/** Turn a line into a <line_length x 1 x n_letters>, or an array of one-hot letter vectors. */
export function lineToTensor(line: string): Tensor {
  const letters = [...line]; // Python's len() and iteration count code points
  const data = new Float32Array(letters.length * n_letters);
  letters.forEach((letter, li) => { data[li * n_letters + letterToIndex(letter)] = 1; });
  return torch.from_typed(data, [letters.length, 1, n_letters]);
}

type Item = [label_tensor: Tensor, data_tensor: Tensor, data_label: string, data_item: string];

export class NamesDataset extends torch.utils.data.Dataset<Item> {
  data: string[] = [];
  data_tensors: Tensor[] = [];
  labels: string[] = [];
  labels_tensors: Tensor[] = [];
  labels_uniq: string[];

  /** `files`: [label, text] pairs, each text holding one name per line. */
  constructor(readonly data_dir: string, files: [string, string][]) {
    super();
    const labels_set = new Set<string>(); // set of all classes
    for (const [label, text] of files) {
      labels_set.add(label);
      const lines = pyStrip(text).split('\n');
      for (const name of lines) {
        this.data.push(name);
        this.data_tensors.push(lineToTensor(name));
        this.labels.push(label);
      }
    }
    // Cache the tensor representation of the labels
    this.labels_uniq = [...labels_set].sort();
    for (let idx = 0; idx < this.labels.length; idx++)
      this.labels_tensors.push(torch.tensor([this.labels_uniq.indexOf(this.labels[idx])], { dtype: torch.long }));
  }

  override __len__(): number { return this.data.length; }

  __getitem__(idx: number): Item {
    return [this.labels_tensors[idx], this.data_tensors[idx], this.labels[idx], this.data[idx]];
  }
}


/** The `*.txt` files of a folder, sorted, as [label, text]; or the embedded names. */
export function readNames(dir: string | null): [string, string][] {
  if (dir === null) {
    const langs = JSON.parse(new TextDecoder('utf-8').decode(gunzipSync(readRegularFile(EMBEDDED_NAMES)))) as Record<string, string[]>;
    return Object.keys(langs).sort().map((l) => [l, `${langs[l].join('\n')}\n`]);
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt') && statSync(join(dir, f)).isFile()).sort();
  if (files.length === 0) throw new torch.RuntimeError(`no .txt files in ${dir} (char_rnn reads the tutorial's data/names layout: one [Language].txt per language, one name per line)`);
  // open(filename, encoding='utf-8').read(): strict UTF-8, and \r\n or \r read as \n (universal newlines)
  return files.map((f) => [basename(f, extname(f)), new TextDecoder('utf-8', { fatal: true }).decode(readRegularFile(join(dir, f))).replace(/\r\n?/g, '\n')]);
}

export class CharRNN extends nn.Module {
  rnn: nn.RNN;
  h2o: nn.Linear;
  softmax: nn.LogSoftmax;
  constructor(input_size: number, hidden_size: number, output_size: number) {
    super();
    this.rnn = new nn.RNN(input_size, hidden_size);
    this.h2o = new nn.Linear(hidden_size, output_size);
    this.softmax = new nn.LogSoftmax({ dim: 1 });
  }

  forward(line_tensor: Tensor): Tensor {
    const [, hidden] = this.rnn(line_tensor) as [Tensor, Tensor];
    let output = this.h2o(hidden.get(0));
    output = this.softmax(output);
    return output;
  }
}

export function label_from_output(output: Tensor, output_labels: string[]): [string, number] {
  const [, top_i] = output.topk(1);
  const label_i = top_i.get(0).item();
  return [output_labels[label_i], label_i];
}

/** Python's repr() of a str (the tutorial prints tuples holding names). */
const strRepr = (s: string): string => (s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);

export interface Args {
  n_epoch: number; n_batch_size: number; learning_rate: number; report_every: number; n_hidden: number; seed: number;
  data: string | null; limit: number | null; json: boolean; save_model: boolean;
}

/** What a run records: the per-epoch average losses, the test result and the throughput. */
export interface History {
  all_losses: number[]; accuracy: number; test_loss: number; trainSamples: number; trainSeconds: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Learn on a batch of training_data for a specified number of iterations and reporting thresholds. */
async function train(rnn: CharRNN, training_data: InstanceType<typeof torch.utils.data.Dataset<Item>>, random: PyRandom, hist: History,
  n_epoch = 10, n_batch_size = 64, report_every = 50, learning_rate = 0.2, criterion = new nn.NLLLoss()): Promise<number[]> {
  // Keep track of losses for plotting
  let current_loss = 0;
  const all_losses: number[] = [];
  rnn.train();
  const optimizer = new torch.optim.SGD(rnn.parameters(), { lr: learning_rate });

  out(`training on data set with n = ${training_data.length}`);
  const t0 = performance.now();

  for (let iter = 1; iter < n_epoch + 1; iter++) {
    rnn.zero_grad(); // clear the gradients

    // create some minibatches
    // we cannot use dataloaders because each of our names is a different length
    let order = Array.from({ length: training_data.length }, (_, i) => i);
    random.shuffle(order);
    const batches = array_split(order, Math.floor(order.length / n_batch_size));

    for (let idx = 0; idx < batches.length; idx++) {
      const batch = batches[idx];
      let batch_loss: Tensor | number = 0;
      for (const i of batch) { // for each example in this batch
        const [label_tensor, text_tensor] = training_data.__getitem__(i);
        const output = rnn.forward(text_tensor);
        const loss = criterion(output, label_tensor);
        batch_loss = typeof batch_loss === 'number' ? loss.add(batch_loss) : batch_loss.add(loss);
      }

      // optimize parameters
      (batch_loss as Tensor).backward();
      nn.utils.clip_grad_norm_(rnn.parameters(), 3);
      optimizer.step();
      optimizer.zero_grad();

      current_loss += (batch_loss as Tensor).item() / batch.length;
      hist.trainSamples += batch.length;
      await yieldToEventLoop();
      progress.show(`Epoch ${iter}`, idx + 1, batches.length, hist.trainSamples, (performance.now() - t0) / 1000, 'names');
    }
    order = [];

    all_losses.push(current_loss / batches.length);
    if (iter % report_every === 0) out(`${iter} (${fmtPct(iter / n_epoch, 0)}): \t average batch loss = ${pyStrFloat(all_losses[all_losses.length - 1])}`);
    current_loss = 0;
  }
  hist.trainSeconds = (performance.now() - t0) / 1000;
  progress.clear();
  return all_losses;
}

/** The tutorial's evaluate(), counting the correct guesses (and summing the loss) where it fills a confusion matrix. */
function evaluate(rnn: CharRNN, testing_data: InstanceType<typeof torch.utils.data.Dataset<Item>>, classes: string[]): { correct: number; loss: number } {
  let correct = 0, loss = 0;
  rnn.eval(); // set to eval mode
  torch.no_grad(() => { // do not record the gradients during eval phase
    for (let i = 0; i < testing_data.length; i++) {
      const [label_tensor, text_tensor, label] = testing_data.__getitem__(i);
      const output = rnn(text_tensor);
      const [guess] = label_from_output(output, classes);
      if (guess === label) correct++;
      loss += torch.nn.functional.nll_loss(output, label_tensor).item();
    }
  });
  return { correct, loss: loss / testing_data.length };
}

const parser = new ArgumentParser('torchlet char_rnn', 'NLP From Scratch: Classifying Names with a Character-Level RNN (torchlet)', [
  { flag: '--n-epoch', type: 'int', default: 27, metavar: 'N', help: 'epochs to train (the tutorial: 27)' },
  { flag: '--n-batch-size', type: 'int', default: 64, metavar: 'N', help: 'names per minibatch (the tutorial: 64)' },
  { flag: '--learning-rate', type: 'float', default: 0.15, metavar: 'LR', help: 'SGD learning rate (the tutorial: 0.15)' },
  { flag: '--report-every', type: 'int', default: 5, metavar: 'N', help: 'print the average loss every N epochs (the tutorial: 5)' },
  { flag: '--n-hidden', type: 'int', default: 128, metavar: 'N', help: 'hidden units of the RNN (the tutorial: 128)' },
  { flag: '--seed', type: 'int', default: 0, metavar: 'S', help: 'seed of the shuffles (Python random) and of the initial weights (torch) (default: 0)' },
  { flag: '--data', type: 'str', default: null, metavar: 'DIR', help: "folder of [Language].txt files, one name per line (default: the surnames embedded in torchlet)" },
  { flag: '--limit', type: 'int', default: null, metavar: 'N', help: 'train on the first N names of the training split only' },
  { flag: '--json', type: 'bool', default: false, help: 'print a last line of JSON: training names per second, test loss, accuracy' },
  { flag: '--save-model', type: 'bool', default: false, help: `save the trained model's state_dict (${MODEL_FILE})` },
]);

export async function main(argv: string[] = process.argv.slice(2)): Promise<History> {
  const args = parser.parse_args(argv, (ns) => checkCommon(ns, '--report-every')) as unknown as Args;
  const cannot = args.save_model ? unwritable(MODEL_FILE) : null;
  if (cannot) parser.error(`argument --save-model: cannot write ${MODEL_FILE}: ${cannot}`);
  const random = new PyRandom(args.seed);
  torch.manual_seed(args.seed);
  startWorkers();

  const device = torch.device('cpu');
  out(`Using device = ${device}`);
  out(`converting 'Ślusàrski' to ${unicodeToAscii('Ślusàrski')}`);
  out(`The letter 'a' becomes ${lineToTensor('a')}`); // notice that the first position in the tensor = 1
  out(`The name 'Ahn' becomes ${lineToTensor('Ahn')}`); // notice 'A' sets the 27th index to 1

  const alldata = new NamesDataset(args.data ?? 'data/names', readNames(args.data));
  out(`loaded ${alldata.length} items of data`);
  const [l0, t0, lab0, name0] = alldata.__getitem__(0);
  out(`example = (${l0}, ${t0}, ${strRepr(lab0)}, ${strRepr(name0)})`);

  let [train_set, test_set] = torch.utils.data.random_split(alldata, [0.85, 0.15], { generator: new torch.Generator().manual_seed(2024) });
  if (args.limit !== null) train_set = new torch.utils.data.Subset(train_set, Array.from({ length: Math.min(args.limit, train_set.length) }, (_, i) => i));

  out(`train examples = ${train_set.length}, validation examples = ${test_set.length}`);

  const n_hidden = args.n_hidden;
  const rnn = new CharRNN(n_letters, n_hidden, alldata.labels_uniq.length);
  out(String(rnn));

  const input = lineToTensor('Albert');
  const output = rnn(input); // this is equivalent to ``output = rnn.forward(input)``
  out(String(output));
  const [lab, li] = label_from_output(output, alldata.labels_uniq);
  out(`(${strRepr(lab)}, ${li})`);

  const hist: History = { all_losses: [], accuracy: NaN, test_loss: NaN, trainSamples: 0, trainSeconds: 0 };
  const start = performance.now();
  hist.all_losses = await train(rnn, train_set, random, hist, args.n_epoch, args.n_batch_size, args.report_every, args.learning_rate);
  const end = performance.now();
  out(`training took ${pyStrFloat((end - start) / 1000)}s`);

  const { correct, loss } = evaluate(rnn, test_set, alldata.labels_uniq);
  hist.accuracy = correct / test_set.length;
  hist.test_loss = loss;
  // the tutorial plots a confusion matrix here; a terminal gets its trace
  out(`test accuracy = ${correct}/${test_set.length} (${fmtPct(hist.accuracy, 1)}), average loss = ${pyFixed(loss, 4)}`);

  if (args.save_model) torch.save(rnn.state_dict(), MODEL_FILE);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({
      peer: 'torchlet', train_samples: hist.trainSamples, train_samples_per_s: Number(pyFixed(hist.trainSamples / hist.trainSeconds, 1)),
      test_loss: Number(pyFixed(loss, 4)), accuracy: Number(pyFixed(hist.accuracy, 4)),
    })}\n`);
  }
  return hist;
}
