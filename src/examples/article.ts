// The article's worked example (../shared/seed/nll_loss-article.md) as a program: the same calls
// as the Python, printed the way PyTorch prints them, then the arithmetic the article walks through.
import * as torch from '../index.js';
import * as F from '../nn/functional/index.js'; // import torch.nn.functional as F

export function runArticle(log: (s: string) => void = console.log, seed = 0): void {
  torch.manual_seed(seed);
  // input = torch.randn(3, 5, requires_grad=True)
  const input = torch.randn(3, 5, { requires_grad: true });
  // each element in target has to have 0 <= value < C
  const target = torch.tensor([1, 0, 4]);
  log(`input:${input}\n target:${target}`);
  const logp = F.log_softmax(input, 1);
  log(`log softmax:${logp}`);
  const output = F.nll_loss(logp, target);
  log(`output:${output}`);
  log(`output (reduction='sum'):${F.nll_loss(logp, target, { reduction: 'sum' })}`);
  output.backward();
  log(`input.grad:${input.grad}`);

  log('\nWhat nll_loss did: for each row, take the log-probability at the target column,');
  log('drop the minus sign, then average (mean) or add (sum).');
  const rows = logp.tolist() as number[][];
  const t = target.tolist() as number[];
  const picks = t.map((c, n) => rows[n][c]);
  picks.forEach((p, n) => log(`  row ${n}, target ${t[n]}: ${p.toFixed(4)}`));
  const total = -picks.reduce((a, b) => a + b, 0);
  log(`  mean: (${picks.map((p) => (-p).toFixed(4)).join(' + ')}) / 3 = ${(total / 3).toFixed(4)}`);
  log(`  sum:  ${total.toFixed(4)}`);

  log('\nThe article\'s own printed log-softmax tensor, through the same function:');
  const printed = torch.tensor([
    [-3.2056, -1.7804, -0.4350, -3.9833, -2.0795],
    [-2.1543, -1.8606, -1.5360, -1.1057, -1.7025],
    [-2.3243, -0.7615, -1.1595, -2.5594, -3.1195]]);
  log(`  mean: ${F.nll_loss(printed, target)}   (the article: 2.3514)`);
  log(`  sum:  ${F.nll_loss(printed, target, { reduction: 'sum' })}   (the article: 7.054...)`);
  log(`  none: ${F.nll_loss(printed, target, { reduction: 'none' })}`);
}

const isMain = typeof process !== 'undefined' && process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) runArticle();
