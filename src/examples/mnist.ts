// pytorch/examples mnist/main.py, ported line for line (a user would import from 'torchlet' and
// 'torchlet/node'; inside the package the imports are relative). Additions for a machine with no
// download and no GPU: --data DIR (IDX files; default: the digits embedded in the package),
// --limit N, --json (a last line with throughput, test loss and accuracy, in the keys of
// shared/bench/torch_mnist.py), --plot FILE (SVG loss and accuracy curves), a progress bar when
// stdout is a terminal, and --save-model writing mnist_cnn.safetensors. Where main.py would fail
// late (an output path it cannot write, --log-interval 0, an empty dataset) this port refuses
// before training, with a message.
import { writeFileSync, statSync, openSync, closeSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as torch from '../node/index.js'; // what 'torchlet' resolves to under Node: the package plus its worker pool
import * as optim from '../optim/index.js'; // import torch.optim as optim
import { datasets, transforms, save_file } from '../node.js';
import { startWorkers } from '../node/pool.js';
import type { Tensor } from '../tensor/tensor.js';
import { Net, pyFixed, testLine, trainLine } from './mnist_parts.js';
import { progress, out } from './progress.js';
import { ArgumentParser, ArgumentError, type OptionSpec } from './argparse.js';
// Python's repr() of a str moved to argparse.ts (shared with the other ports); still exported here
export { pyRepr } from './argparse.js';

export { Net, pyFixed };

const F = torch.nn.functional;
const { StepLR } = torch.optim.lr_scheduler;
const MODEL_FILE = 'mnist_cnn.safetensors'; // main.py saves mnist_cnn.pt with torch.save

export interface Args {
  batch_size: number; test_batch_size: number; epochs: number; lr: number; gamma: number;
  no_cuda: boolean; no_mps: boolean; dry_run: boolean; seed: number; log_interval: number; save_model: boolean;
  data: string | null; limit: number | null; json: boolean; plot: string | null;
}

type Loader = torch.utils.data.DataLoader<unknown, [Tensor, Tensor]>;

/** What a run records for --json and --plot. */
interface History {
  trainLoss: [number, number][]; // [epoch + fraction of the epoch, loss] at every logged batch
  test: { epoch: number; loss: number; accuracy: number }[];
  trainSamples: number; trainSeconds: number; testSamples: number; testSeconds: number;
}

/** Lets finalizers run between batches, so the storage of a step's dead tensors is reused by the next. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));


async function train(args: Args, model: Net, device: torch.Device, train_loader: Loader, optimizer: optim.Adadelta, epoch: number, hist: History): Promise<void> {
  model.train();
  const nBatches = train_loader.length;
  const t0 = performance.now();
  let batch_idx = 0;
  for (let [data, target] of train_loader) {
    data = data.to(device); target = target.to(device);
    optimizer.zero_grad();
    const output = model.forward(data);
    const loss = F.nll_loss(output, target);
    loss.backward();
    optimizer.step();
    hist.trainSamples += data.shape[0];
    if (batch_idx % args.log_interval === 0) {
      const l = loss.item();
      out(trainLine(epoch, batch_idx, data.shape[0], train_loader.dataset.length, nBatches, l));
      hist.trainLoss.push([epoch - 1 + batch_idx / nBatches, l]);
      if (args.dry_run) break;
    }
    batch_idx++;
    await yieldToEventLoop();
    progress.show(`Epoch ${epoch}`, batch_idx, nBatches, hist.trainSamples, hist.trainSeconds + (performance.now() - t0) / 1000);
  }
  hist.trainSeconds += (performance.now() - t0) / 1000;
  progress.clear();
}

function test(model: Net, device: torch.Device, test_loader: Loader, epoch: number, hist: History): void {
  model.eval();
  let test_loss = 0;
  let correct = 0;
  const t0 = performance.now();
  torch.no_grad(() => {
    let k = 0;
    for (let [data, target] of test_loader) {
      data = data.to(device); target = target.to(device);
      const output = model.forward(data);
      test_loss += F.nll_loss(output, target, { reduction: 'sum' }).item(); // sum up batch loss
      const pred = output.argmax(1, true); // get the index of the max log-probability
      correct += pred.eq(target.view_as(pred)).sum().item();
      progress.show('Test', ++k, test_loader.length, 0, 0);
    }
  });
  hist.testSeconds += (performance.now() - t0) / 1000;
  hist.testSamples += test_loader.dataset.length;

  test_loss /= test_loader.dataset.length;

  out(`\n${testLine(test_loss, correct, test_loader.dataset.length)}\n`);
  hist.test.push({ epoch, loss: test_loss, accuracy: correct / test_loader.dataset.length });
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<History> {
  // Training settings
  const args = parseArgs(argv);
  checkOutputs(args);
  const use_cuda = !args.no_cuda && torch.cuda.is_available();

  torch.manual_seed(args.seed);
  // Every core from the first step (the pool otherwise starts on the first job big enough to split;
  // TORCHLET_NUM_THREADS=1 keeps to one thread). Results do not depend on the thread count.
  startWorkers();

  const device = torch.device('cpu');

  const train_kwargs: Record<string, unknown> = { batch_size: args.batch_size };
  const test_kwargs: Record<string, unknown> = { batch_size: args.test_batch_size };
  if (use_cuda) {
    const cuda_kwargs = { num_workers: 1, pin_memory: true, shuffle: true };
    Object.assign(train_kwargs, cuda_kwargs);
    Object.assign(test_kwargs, cuda_kwargs);
  }

  const transform = new transforms.Compose([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  let dataset1: torch.utils.data.Dataset, dataset2: torch.utils.data.Dataset;
  if (args.data) {
    dataset1 = new datasets.MNIST(args.data, { train: true, transform });
    dataset2 = new datasets.MNIST(args.data, { train: false, transform });
  } else {
    dataset1 = new datasets.EmbeddedMNIST({ train: true, transform });
    dataset2 = new datasets.EmbeddedMNIST({ train: false, transform });
  }
  // main.py's test() divides by the test set's size (ZeroDivisionError when it is empty)
  for (const [ds, what] of [[dataset1, 'training'], [dataset2, 'test']] as const)
    if (ds.length === 0) throw new torch.RuntimeError(`the ${what} set ${args.data ? `in ${args.data} ` : ''}has no images: nothing to ${what === 'test' ? 'test on' : 'train on'}`);
  if (args.limit !== null && args.limit < dataset1.length)
    dataset1 = new torch.utils.data.Subset(dataset1, Array.from({ length: args.limit }, (_, i) => i));
  const train_loader: Loader = new torch.utils.data.DataLoader(dataset1, train_kwargs);
  const test_loader: Loader = new torch.utils.data.DataLoader(dataset2, test_kwargs);

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const hist: History = { trainLoss: [], test: [], trainSamples: 0, trainSeconds: 0, testSamples: 0, testSeconds: 0 };
  const scheduler = new StepLR(optimizer, { step_size: 1, gamma: args.gamma });
  for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
    await train(args, model, device, train_loader, optimizer, epoch, hist);
    test(model, device, test_loader, epoch, hist);
    scheduler.step();
  }

  // the --json line first, so a file that fails to write cannot take it with it
  if (args.json) {
    const last = hist.test[hist.test.length - 1];
    process.stdout.write(`${JSON.stringify({
      peer: 'torchlet', train_samples: hist.trainSamples,
      train_samples_per_s: round(hist.trainSamples / hist.trainSeconds, 1), test_samples_per_s: round(hist.testSamples / hist.testSeconds, 1),
      test_loss: last ? round(last.loss, 4) : null, accuracy: last ? round(last.accuracy, 4) : null,
    })}\n`);
  }
  if (args.save_model) save_file(model.state_dict(), MODEL_FILE);
  if (args.plot) writeFileSync(args.plot, plotSvg(hist));
  return hist;
}

// ---------------------------------------------------------------------------------------------
// argparse, as main.py declares it (plus the additions above)

const OPTIONS: { flag: string; dest: keyof Args; type: 'int' | 'float' | 'str' | 'bool'; dflt: unknown; metavar?: string; help: string }[] = [
  { flag: '--batch-size', dest: 'batch_size', type: 'int', dflt: 64, metavar: 'N', help: 'input batch size for training (default: 64)' },
  { flag: '--test-batch-size', dest: 'test_batch_size', type: 'int', dflt: 1000, metavar: 'N', help: 'input batch size for testing (default: 1000)' },
  { flag: '--epochs', dest: 'epochs', type: 'int', dflt: 14, metavar: 'N', help: 'number of epochs to train (default: 14)' },
  { flag: '--lr', dest: 'lr', type: 'float', dflt: 1.0, metavar: 'LR', help: 'learning rate (default: 1.0)' },
  { flag: '--gamma', dest: 'gamma', type: 'float', dflt: 0.7, metavar: 'M', help: 'Learning rate step gamma (default: 0.7)' },
  { flag: '--no-cuda', dest: 'no_cuda', type: 'bool', dflt: false, help: 'disables CUDA training' },
  { flag: '--no-mps', dest: 'no_mps', type: 'bool', dflt: false, help: 'disables macOS GPU training' },
  { flag: '--dry-run', dest: 'dry_run', type: 'bool', dflt: false, help: 'quickly check a single pass' },
  { flag: '--seed', dest: 'seed', type: 'int', dflt: 1, metavar: 'S', help: 'random seed (default: 1)' },
  { flag: '--log-interval', dest: 'log_interval', type: 'int', dflt: 10, metavar: 'N', help: 'how many batches to wait before logging training status' },
  { flag: '--save-model', dest: 'save_model', type: 'bool', dflt: false, help: `For Saving the current Model (${MODEL_FILE})` },
  { flag: '--data', dest: 'data', type: 'str', dflt: null, metavar: 'DIR', help: 'folder of MNIST-format IDX files, gzipped or not (default: the 10,000 digits embedded in torchlet, split 8,000/2,000)' },
  { flag: '--limit', dest: 'limit', type: 'int', dflt: null, metavar: 'N', help: 'train on the first N samples only (N >= 1)' },
  { flag: '--json', dest: 'json', type: 'bool', dflt: false, help: 'print a last line of JSON: train/test samples per second, test loss, accuracy' },
  { flag: '--plot', dest: 'plot', type: 'str', dflt: null, metavar: 'FILE', help: 'write the loss and accuracy curves to FILE (SVG)' },
];
const PROG = 'torchlet train';

const parser = new ArgumentParser(PROG, 'PyTorch MNIST Example (torchlet)',
  OPTIONS.map((o) => ({ flag: o.flag, dest: o.dest, type: o.type, default: o.dflt as OptionSpec['default'], metavar: o.metavar, help: o.help })));
const exitWithError = (message: string): never => parser.error(message);

export function parseArgs(argv: string[]): Args {
  return parser.parse_args(argv, (args) => {
    // values main.py's argparse takes but that would make no sense here (main.py fails on some later)
    if (args.log_interval === 0) throw new ArgumentError('argument --log-interval: must not be 0 (main.py fails with ZeroDivisionError at batch_idx % args.log_interval)');
    if (args.limit !== null && (args.limit as number) < 1) throw new ArgumentError(`argument --limit: must be at least 1, got ${args.limit} (leave it out to train on every sample)`);
    if (args.data === '') throw new ArgumentError("argument --data: expected a folder, got ''");
    if (args.plot === '') throw new ArgumentError("argument --plot: expected a file name, got ''");
  }) as unknown as Args;
}

/** Why `path` cannot be written, or null when it can (tried, not guessed: the file is opened for writing). */
export function unwritable(path: string): string | null {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) return 'it is a folder';
    if (st) closeSync(openSync(path, 'r+')); // opening an existing file does not change it
    else { closeSync(openSync(path, 'wx')); unlinkSync(path); }
    return null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code === 'ENOENT' ? `the folder ${resolve(dirname(path))} does not exist` : err.message;
  }
}

/** Output files are checked before training, not found unwritable after it. */
function checkOutputs(args: Args): void {
  const plot = args.plot === null ? null : unwritable(args.plot);
  if (plot) exitWithError(`argument --plot: cannot write ${args.plot}: ${plot}`);
  const model = args.save_model ? unwritable(MODEL_FILE) : null;
  if (model) exitWithError(`argument --save-model: cannot write ${resolve(MODEL_FILE)}: ${model}`);
}

// ---------------------------------------------------------------------------------------------
// Output helpers

function round(x: number, d: number): number { return Number(pyFixed(x, d)); }

/** Training loss (per logged batch, with the test loss per epoch) and test accuracy per epoch, as SVG. */
export function plotSvg(h: History): string {
  const W = 960, H = 360, pad = { l: 60, r: 20, t: 40, b: 45 }, gap = 70;
  const pw = (W - pad.l - pad.r - gap) / 2, ph = H - pad.t - pad.b;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const panel = (x0: number, title: string, allSeries: { pts: [number, number][]; color: string; label: string; dots?: boolean }[], ylabel: string, yfmt: (v: number) => string) => {
    // a diverged run logs nan or inf losses: they have no place on the axis, so they are left out and counted
    const series = allSeries.map((s) => ({ ...s, pts: s.pts.filter(([, y]) => Number.isFinite(y)) }));
    const dropped = allSeries.reduce((n, s, i) => n + s.pts.length - series[i].pts.length, 0);
    const all = series.flatMap((s) => s.pts);
    const epochs = Math.max(1, ...h.test.map((t) => t.epoch));
    const xmin = 0, xmax = epochs;
    let ymin = Math.min(...all.map((p) => p[1])), ymax = Math.max(...all.map((p) => p[1]));
    if (!all.length) { ymin = 0; ymax = 1; }
    if (ymax - ymin < 1e-9) { ymin -= 0.5; ymax += 0.5; }
    const sx = (x: number) => x0 + (x - xmin) / (xmax - xmin) * pw, sy = (y: number) => pad.t + (1 - (y - ymin) / (ymax - ymin)) * ph;
    const g: string[] = [`<text x="${x0 + pw / 2}" y="${pad.t - 15}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
      `<rect x="${x0}" y="${pad.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`];
    if (dropped) g.push(`<text x="${x0 + 8}" y="${pad.t + ph - 8}" fill="#b00">${dropped} ${dropped === 1 ? 'value is' : 'values are'} nan or inf, not drawn</text>`);
    for (let k = 0; k <= 4; k++) {
      const y = ymin + (ymax - ymin) * k / 4;
      g.push(`<line x1="${x0}" x2="${x0 + pw}" y1="${sy(y)}" y2="${sy(y)}" stroke="#eee"/>`, `<text x="${x0 - 6}" y="${sy(y) + 4}" text-anchor="end">${yfmt(y)}</text>`);
    }
    for (let e = 0; e <= epochs; e++) g.push(`<text x="${sx(e)}" y="${pad.t + ph + 18}" text-anchor="middle">${e}</text>`);
    g.push(`<text x="${x0 + pw / 2}" y="${H - 8}" text-anchor="middle">epoch</text>`,
      `<text transform="translate(${x0 - 45},${pad.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(ylabel)}</text>`);
    series.forEach((s, i) => {
      if (s.pts.length > 1) g.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${s.pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
      if (s.dots || s.pts.length === 1) for (const [x, y] of s.pts) g.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
      g.push(`<text x="${x0 + pw - 8}" y="${pad.t + 16 + 16 * i}" text-anchor="end" fill="${s.color}">${esc(s.label)}</text>`);
    });
    return g.join('\n');
  };
  const left = panel(pad.l, 'Loss', [
    { pts: h.trainLoss, color: '#1f77b4', label: 'train (logged batches)' },
    { pts: h.test.map((t) => [t.epoch, t.loss]), color: '#d62728', label: 'test (average)', dots: true },
  ], 'nll_loss', (v) => v.toFixed(2));
  const right = panel(pad.l + pw + gap, 'Test accuracy', [
    { pts: h.test.map((t) => [t.epoch, 100 * t.accuracy]), color: '#2ca02c', label: 'accuracy (%)', dots: true },
  ], 'accuracy (%)', (v) => v.toFixed(1));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n${left}\n${right}\n</svg>\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
