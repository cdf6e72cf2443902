// pytorch/examples mnist_rnn/main.py, ported line for line: `torchlet mnist_rnn`. The same flags,
// defaults and printed lines (an LSTM over the 28 rows of each digit, BatchNorm1d, Dropout2d on the
// last output, two Linear layers, Adadelta with StepLR). Additions for a machine with no download and
// no GPU: the digits embedded in torchlet by default (--data DIR reads IDX files, as `torchlet
// train` does), --limit N (the first N training images), --json (a last line with throughput, test
// loss and accuracy) and a progress bar on a terminal. --save-model writes mnist_rnn.pt with
// torch.save(model.state_dict()), as main.py does.
import * as torch from '../node/index.js';
import * as nn from '../nn/index.js'; // import torch.nn as nn
import * as optim from '../optim/index.js'; // import torch.optim as optim
import { datasets, transforms } from '../node.js';
import { startWorkers } from '../node/pool.js';
import type { Tensor } from '../tensor/tensor.js';
import { ArgumentParser, checkCommon } from './argparse.js';
import { unwritable } from './mnist.js';
import { testLine, trainLine } from './mnist_parts.js';
import { progress, out } from './progress.js';
import { pyFixed } from './pyformat.js';

const F = torch.nn.functional;
const { StepLR } = torch.optim.lr_scheduler;
const MODEL_FILE = 'mnist_rnn.pt';

export class Net extends nn.Module {
  rnn: nn.LSTM;
  batchnorm: nn.BatchNorm1d;
  dropout1: nn.Dropout2d;
  dropout2: nn.Dropout2d;
  fc1: nn.Linear;
  fc2: nn.Linear;
  constructor() {
    super();
    this.rnn = new nn.LSTM({ input_size: 28, hidden_size: 64, batch_first: true });
    this.batchnorm = new nn.BatchNorm1d(64);
    this.dropout1 = new nn.Dropout2d(0.25);
    this.dropout2 = new nn.Dropout2d(0.5);
    this.fc1 = new nn.Linear(64, 32);
    this.fc2 = new nn.Linear(32, 10);
  }

  forward(input: Tensor): Tensor {
    // Shape of input is (batch_size,1, 28, 28)
    // converting shape of input to (batch_size, 28, 28)
    // as required by RNN when batch_first is set True
    input = input.reshape(-1, 28, 28);
    let [output] = this.rnn(input) as [Tensor, unknown];

    // RNN output shape is (seq_len, batch, input_size)
    // Get last output of RNN
    output = output.get(':', -1, ':');
    output = this.batchnorm(output);
    output = this.dropout1(output);
    output = this.fc1(output);
    output = F.relu(output);
    output = this.dropout2(output);
    output = this.fc2(output);
    output = F.log_softmax(output, { dim: 1 });
    return output;
  }
}

export interface Args {
  batch_size: number; test_batch_size: number; epochs: number; lr: number; gamma: number; accel: boolean;
  dry_run: boolean; seed: number; log_interval: number; save_model: boolean; data: string | null; limit: number | null; json: boolean;
}

type Loader = torch.utils.data.DataLoader<unknown, [Tensor, Tensor]>;

/** What a run records: the logged losses, test results and throughput. */
export interface History {
  losses: number[]; test: { loss: number; accuracy: number }[]; trainSamples: number; trainSeconds: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function train(args: Args, model: Net, device: torch.Device, train_loader: Loader, optimizer: optim.Adadelta, epoch: number, hist: History): Promise<void> {
  model.train();
  const t0 = performance.now();
  let batch_idx = 0;
  for (let [data, target] of train_loader) {
    data = data.to(device); target = target.to(device);
    optimizer.zero_grad();
    const output = model(data);
    const loss = F.nll_loss(output, target);
    loss.backward();
    optimizer.step();
    hist.trainSamples += data.size(0);
    if (batch_idx % args.log_interval === 0) {
      const l = loss.item();
      hist.losses.push(l);
      out(trainLine(epoch, batch_idx, data.size(0), train_loader.dataset.length, train_loader.length, l));
      if (args.dry_run) break;
    }
    batch_idx++;
    await yieldToEventLoop();
    progress.show(`Epoch ${epoch}`, batch_idx, train_loader.length, hist.trainSamples, hist.trainSeconds + (performance.now() - t0) / 1000);
  }
  hist.trainSeconds += (performance.now() - t0) / 1000;
  progress.clear();
}

function test(args: Args, model: Net, device: torch.Device, test_loader: Loader, hist: History): void {
  model.eval();
  let test_loss = 0;
  let correct = 0;
  torch.no_grad(() => {
    let k = 0;
    for (let [data, target] of test_loader) {
      data = data.to(device); target = target.to(device);
      const output = model(data);
      test_loss += F.nll_loss(output, target, { reduction: 'sum' }).item(); // sum up batch loss
      const pred = output.argmax({ dim: 1, keepdim: true }); // get the index of the max log-probability
      correct += pred.eq(target.view_as(pred)).sum().item();
      progress.show('Test', ++k, test_loader.length, 0, 0);
      if (args.dry_run) break;
    }
  });

  test_loss /= test_loader.dataset.length;

  out(`\n${testLine(test_loss, correct, test_loader.dataset.length)}\n`);
  hist.test.push({ loss: test_loss, accuracy: correct / test_loader.dataset.length });
}

const parser = new ArgumentParser('torchlet mnist_rnn', 'PyTorch MNIST Example using RNN (torchlet)', [
  { flag: '--batch-size', type: 'int', default: 64, metavar: 'N', help: 'input batch size for training (default: 64)' },
  { flag: '--test-batch-size', type: 'int', default: 1000, metavar: 'N', help: 'input batch size for testing (default: 1000)' },
  { flag: '--epochs', type: 'int', default: 14, metavar: 'N', help: 'number of epochs to train (default: 14)' },
  { flag: '--lr', type: 'float', default: 0.1, metavar: 'LR', help: 'learning rate (default: 0.1)' },
  { flag: '--gamma', type: 'float', default: 0.7, metavar: 'M', help: 'learning rate step gamma (default: 0.7)' },
  { flag: '--accel', type: 'bool', default: false, help: 'enables accelerator' },
  { flag: '--dry-run', type: 'bool', default: false, help: 'quickly check a single pass' },
  { flag: '--seed', type: 'int', default: 1, metavar: 'S', help: 'random seed (default: 1)' },
  { flag: '--log-interval', type: 'int', default: 10, metavar: 'N', help: 'how many batches to wait before logging training status' },
  { flag: '--save-model', type: 'bool', default: false, help: `for Saving the current Model (${MODEL_FILE})` },
  { flag: '--data', type: 'str', default: null, metavar: 'DIR', help: 'folder of MNIST-format IDX files, gzipped or not (default: the 10,000 digits embedded in torchlet, split 8,000/2,000)' },
  { flag: '--limit', type: 'int', default: null, metavar: 'N', help: 'train on the first N samples only (N >= 1)' },
  { flag: '--json', type: 'bool', default: false, help: 'print a last line of JSON: training samples per second, test loss, accuracy' },
]);

export async function main(argv: string[] = process.argv.slice(2)): Promise<History> {
  // Training settings
  const args = parser.parse_args(argv, (ns) => checkCommon(ns, '--log-interval')) as unknown as Args;
  const cannot = args.save_model ? unwritable(MODEL_FILE) : null;
  if (cannot) parser.error(`argument --save-model: cannot write ${MODEL_FILE}: ${cannot}`);

  // (--accel: torchlet has no accelerator, so the CPU, as main.py falls back without one)
  const device = torch.device('cpu');

  torch.manual_seed(args.seed);
  startWorkers();

  const kwargs = {};
  const transform = new transforms.Compose([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  let train_set: torch.utils.data.Dataset = args.data
    ? new datasets.MNIST(args.data, { train: true, transform })
    : new datasets.EmbeddedMNIST({ train: true, transform });
  const test_set: torch.utils.data.Dataset = args.data ? new datasets.MNIST(args.data, { train: false, transform }) : new datasets.EmbeddedMNIST({ train: false, transform });
  // main.py's test() divides by the test set's size (ZeroDivisionError when it is empty)
  for (const [ds, what] of [[train_set, 'training'], [test_set, 'test']] as const)
    if (ds.length === 0) throw new torch.RuntimeError(`the ${what} set ${args.data ? `in ${args.data} ` : ''}has no images`);
  if (args.limit !== null && args.limit < train_set.length)
    train_set = new torch.utils.data.Subset(train_set, Array.from({ length: args.limit }, (_, i) => i));
  const train_loader: Loader = new torch.utils.data.DataLoader(train_set, { batch_size: args.batch_size, shuffle: true, ...kwargs });
  const test_loader: Loader = new torch.utils.data.DataLoader(test_set, { batch_size: args.test_batch_size, shuffle: true, ...kwargs });

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const hist: History = { losses: [], test: [], trainSamples: 0, trainSeconds: 0 };
  const scheduler = new StepLR(optimizer, { step_size: 1, gamma: args.gamma });
  for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
    await train(args, model, device, train_loader, optimizer, epoch, hist);
    test(args, model, device, test_loader, hist);
    scheduler.step();
  }

  if (args.save_model) torch.save(model.state_dict(), MODEL_FILE);

  if (args.json) {
    const last = hist.test[hist.test.length - 1];
    process.stdout.write(`${JSON.stringify({
      peer: 'torchlet', train_samples: hist.trainSamples,
      train_samples_per_s: Number(pyFixed(hist.trainSamples / hist.trainSeconds, 1)),
      test_loss: last ? Number(pyFixed(last.loss, 4)) : null, accuracy: last ? Number(pyFixed(last.accuracy, 4)) : null,
    })}\n`);
  }
  return hist;
}
