// A strip of test digits with the model's answers under them (green when right, red when wrong),
// redrawn after every test pass: what the accuracy figure means, as pictures.
import * as torch from 'torchlet';
import type { Net } from '../../dist/examples/mnist_parts.js';
import { el } from './common.js';
import { probabilities, showMnist } from './draw.js';

type IdxImageDataset = torch.datasets.IdxImageDataset;

export function drawSamples(host: HTMLElement, test: IdxImageDataset, model: Net | null, n = 24): void {
  const labels = test.targets.tolist() as number[];
  const probs = model ? probabilities(model, test.images, n) : null;
  host.replaceChildren(...Array.from({ length: n }, (_, i) => {
    const guess = probs ? probs[i].indexOf(Math.max(...probs[i])) : null;
    const fig = el('figure', guess === null ? 'sample' : guess === labels[i] ? 'sample right' : 'sample wrong');
    const canvas = el('canvas', 'sample-img');
    showMnist(canvas, test.images, i);
    fig.append(canvas, el('figcaption', '', guess === null ? '·' : String(guess)));
    fig.title = guess === null ? `label ${labels[i]}` : `label ${labels[i]}, the model says ${guess}`;
    return fig;
  }));
}
