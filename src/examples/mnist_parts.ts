// The browser-safe parts of the MNIST example (pytorch/examples mnist/main.py): its Net and the
// lines it prints, in a module that imports nothing Node-only, so the example (mnist.ts) and the
// site's training page build the same network and print the same log.
import * as torch from '../index.js';
import * as nn from '../nn/index.js'; // import torch.nn as nn
import type { Tensor } from '../tensor/tensor.js';

import * as F from '../nn/functional/index.js'; // import torch.nn.functional as F

export class Net extends nn.Module {
  conv1: nn.Conv2d;
  conv2: nn.Conv2d;
  dropout1: nn.Dropout;
  dropout2: nn.Dropout;
  fc1: nn.Linear;
  fc2: nn.Linear;
  constructor() {
    super();
    this.conv1 = new nn.Conv2d(1, 32, 3, 1);
    this.conv2 = new nn.Conv2d(32, 64, 3, 1);
    this.dropout1 = new nn.Dropout(0.25);
    this.dropout2 = new nn.Dropout(0.5);
    this.fc1 = new nn.Linear(9216, 128);
    this.fc2 = new nn.Linear(128, 10);
  }

  forward(x: Tensor): Tensor {
    x = this.conv1(x);
    x = F.relu(x);
    x = this.conv2(x);
    x = F.relu(x);
    x = F.max_pool2d(x, 2) as Tensor;
    x = this.dropout1(x);
    x = torch.flatten(x, 1);
    x = this.fc1(x);
    x = F.relu(x);
    x = this.dropout2(x);
    x = this.fc2(x);
    const output = F.log_softmax(x, { dim: 1 });
    return output;
  }
}

/** main.py's train log line: `Train Epoch: 1 [640/8000 (8%)]\tLoss: 0.512345`. */
export function trainLine(epoch: number, batch_idx: number, batchSize: number, datasetLength: number, nBatches: number, loss: number): string {
  return `Train Epoch: ${epoch} [${batch_idx * batchSize}/${datasetLength} (${pyFixed(100 * batch_idx / nBatches, 0)}%)]\tLoss: ${pyFixed(loss, 6)}`;
}

/** main.py's test summary (without the blank lines around it): `Test set: Average loss: 0.0474, Accuracy: 9840/10000 (98%)`. */
export function testLine(avgLoss: number, correct: number, total: number): string {
  return `Test set: Average loss: ${pyFixed(avgLoss, 4)}, Accuracy: ${correct}/${total} (${pyFixed(100 * correct / total, 0)}%)`;
}

/** Python's '{:.Nf}'.format(x): the exact binary value rounded half to even (JS's toFixed rounds ties up). */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn), frac = bits & ((1n << 52n) - 1n);
  // |x| = mant * 2^e exactly
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  const scaled = mant * 10n ** BigInt(digits);
  let q: bigint;
  if (e >= 0) q = scaled << BigInt(e);
  else {
    const den = 1n << BigInt(-e);
    q = scaled / den;
    const r2 = (scaled % den) * 2n;
    if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  }
  let s = q.toString().padStart(digits + 1, '0');
  if (digits > 0) s = `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  return neg ? `-${s}` : s;
}
