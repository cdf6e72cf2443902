// The MNIST example's training run (src/examples/mnist.ts, itself main.py) in the page: the same
// seed, network, optimizer, scheduler, loaders and log lines, in the same order, so the losses are
// the ones `npm start` prints for the same settings. `for await (... of loader)` hands the event loop
// back to the browser between batches, so the page keeps painting and responding and freed tensors'
// memory is reclaimed (the DataLoader's async iteration, torch.utils.data).
import * as torch from 'torchlet';
import * as F from 'torchlet/nn/functional'; // import torch.nn.functional as F
import * as optim from 'torchlet/optim'; // import torch.optim as optim
import * as transforms from 'torchlet/transforms'; // from torchvision import transforms
import { Net, testLine, trainLine } from '../../dist/examples/mnist_parts.js';
import type { Digits } from './digits.js';

type Tensor = torch.Tensor;

export interface TrainConfig {
  batch_size: number; test_batch_size: number; epochs: number; lr: number; gamma: number;
  seed: number; log_interval: number;
  /** Train on the first N training digits only (0: all of them), as the example's --limit. */
  limit: number;
}
export const DEFAULTS: TrainConfig = { batch_size: 64, test_batch_size: 1000, epochs: 1, lr: 1.0, gamma: 0.7, seed: 1, log_interval: 10, limit: 0 };

export interface BatchInfo { epoch: number; batch: number; batches: number; samples: number; loss: number; correct: number; size: number; seconds: number }
export interface TrainHooks {
  /** The model, as soon as it exists (the page classifies drawings with it). */
  model(m: Net): void;
  log(line: string): void;
  batch(b: BatchInfo): void;
  testProgress(done: number, total: number): void;
  test(epoch: number, loss: number, accuracy: number): void;
  /** Asked between batches: true ends the run there. */
  stop(): boolean;
}

export async function train(cfg: TrainConfig, digits: Digits, hooks: TrainHooks): Promise<Net> {
  torch.manual_seed(cfg.seed);
  const transform = new transforms.Compose([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  digits.train.transform = transform;
  digits.test.transform = transform;
  let dataset1: torch.utils.data.Dataset = digits.train;
  if (cfg.limit > 0 && cfg.limit < dataset1.length)
    dataset1 = new torch.utils.data.Subset(dataset1, Array.from({ length: cfg.limit }, (_, i) => i));
  const train_loader = new torch.utils.data.DataLoader(dataset1, { batch_size: cfg.batch_size });
  const test_loader = new torch.utils.data.DataLoader(digits.test, { batch_size: cfg.test_batch_size });

  const model = new Net();
  hooks.model(model);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: cfg.lr });
  const scheduler = new optim.lr_scheduler.StepLR(optimizer, { step_size: 1, gamma: cfg.gamma });
  const t0 = performance.now();
  let samples = 0;
  for (let epoch = 1; epoch < cfg.epochs + 1; epoch++) {
    model.train();
    const nBatches = train_loader.length;
    let batch_idx = 0;
    for await (const [data, target] of train_loader as AsyncIterable<[Tensor, Tensor]>) {
      optimizer.zero_grad();
      const output = model.forward(data);
      const loss = F.nll_loss(output, target);
      loss.backward();
      optimizer.step();
      const l = loss.item();
      const correct = torch.no_grad(() => output.argmax(1).eq(target).sum().item());
      samples += data.shape[0];
      if (batch_idx % cfg.log_interval === 0) hooks.log(trainLine(epoch, batch_idx, data.shape[0], train_loader.dataset.length, nBatches, l));
      hooks.batch({ epoch, batch: batch_idx, batches: nBatches, samples, loss: l, correct, size: data.shape[0], seconds: (performance.now() - t0) / 1000 });
      batch_idx++;
      if (hooks.stop()) return model;
    }
    const { loss, correct } = await test(model, test_loader, hooks);
    hooks.log(`\n${testLine(loss, correct, test_loader.dataset.length)}\n`);
    hooks.test(epoch, loss, correct / test_loader.dataset.length);
    scheduler.step();
  }
  return model;
}

/** main.py's test(): the summed loss and the count of right answers over the test set. */
async function test(model: Net, loader: AsyncIterable<unknown> & { length: number; dataset: { length: number } }, hooks: TrainHooks): Promise<{ loss: number; correct: number }> {
  model.eval();
  let test_loss = 0, correct = 0, k = 0;
  for await (const [data, target] of loader as AsyncIterable<[Tensor, Tensor]>) {
    // no_grad per batch rather than around the loop: the loop gives the event loop back between batches
    torch.no_grad(() => {
      const output = model.forward(data);
      test_loss += F.nll_loss(output, target, { reduction: 'sum' }).item(); // sum up batch loss
      const pred = output.argmax(1, true); // get the index of the max log-probability
      correct += pred.eq(target.view_as(pred)).sum().item();
    });
    hooks.testProgress(++k, loader.length);
  }
  return { loss: test_loss / loader.dataset.length, correct };
}
