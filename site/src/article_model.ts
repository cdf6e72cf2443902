// The article's computation, given the page's settings: log_softmax, the loss (nll_loss, or
// cross_entropy when label_smoothing is set, since nll_loss has no such option), the per-sample
// losses, both reductions and the gradient, all by torchlet, plus the printed forms (String(tensor)
// is PyTorch's repr) and the call as PyTorch and torchlet code.
import * as torch from 'torchlet';
import * as F from 'torchlet/nn/functional'; // import torch.nn.functional as F

export type Reduction = 'mean' | 'sum' | 'none';

export interface Settings {
  logits: number[][];
  targets: number[];
  reduction: Reduction;
  ignore_index: number;
  label_smoothing: number;
  /** One weight per class, or null for PyTorch's weight=None. */
  weight: number[] | null;
}

export interface Result {
  logp: number[][];
  /** Per-sample losses (reduction='none' with the same options). */
  losses: number[];
  mean: number;
  sum: number;
  /** The output for the chosen reduction: a number, or the per-sample list for 'none'. */
  output: number | number[];
  grad: number[][];
  repr: { logp: string; output: string; grad: string; target: string };
}

/** The article's printed log-softmax tensor: its log_softmax is itself to 4 decimals, so its loss is 2.3514 (sum 7.0542). */
export const ARTICLE_LOGITS = [
  [-3.2056, -1.7804, -0.4350, -3.9833, -2.0795],
  [-2.1543, -1.8606, -1.5360, -1.1057, -1.7025],
  [-2.3243, -0.7615, -1.1595, -2.5594, -3.1195]];
export const ARTICLE_TARGETS = [1, 0, 4];

/** `torch.manual_seed(seed); torch.randn(3, 5)`: PyTorch's numbers for the same seed. */
export function randnLogits(seed: number): number[][] {
  torch.manual_seed(seed);
  return torch.randn(3, 5).tolist() as number[][];
}

/** Runs the example with these settings; throws torchlet's (PyTorch's) error for bad settings. */
export function compute(s: Settings): Result {
  const input = torch.tensor(s.logits, { requires_grad: true });
  const target = torch.tensor(s.targets);
  const opts = (reduction: Reduction) => ({
    reduction, ignore_index: s.ignore_index,
    ...(s.weight ? { weight: torch.tensor(s.weight, { dtype: torch.float32 }) } : {}),
  });
  const logp = F.log_softmax(input, 1);
  const loss = (reduction: Reduction) => (s.label_smoothing > 0
    ? F.cross_entropy(input, target, { ...opts(reduction), label_smoothing: s.label_smoothing })
    : F.nll_loss(logp, target, opts(reduction)));
  const output = loss(s.reduction);
  const [losses, mean, sum] = torch.no_grad(() => [loss('none').tolist() as number[], loss('mean').item(), loss('sum').item()]);
  // PyTorch needs a scalar to call backward() without an argument; 'none' backpropagates the sum
  (s.reduction === 'none' ? output.sum() : output).backward();
  const grad = input.grad!;
  return {
    logp: logp.tolist() as number[][],
    losses, mean, sum,
    output: s.reduction === 'none' ? (output.tolist() as number[]) : output.item(),
    grad: grad.tolist() as number[][],
    repr: { logp: String(logp), output: String(output), grad: String(grad), target: String(target) },
  };
}

const pyFloat = (v: number): string => (Number.isInteger(v) ? `${v}.` : String(v));

/** The call as it reads in PyTorch and in torchlet, for the settings. */
export function code(s: Settings): string {
  const py: string[] = [], ts: string[] = [];
  if (s.weight) { py.push(`weight=torch.tensor([${s.weight.map(pyFloat).join(', ')}])`); ts.push(`weight: torch.tensor([${s.weight.join(', ')}], { dtype: torch.float32 })`); }
  if (s.ignore_index !== -100) { py.push(`ignore_index=${s.ignore_index}`); ts.push(`ignore_index: ${s.ignore_index}`); }
  if (s.reduction !== 'mean') { py.push(`reduction='${s.reduction}'`); ts.push(`reduction: '${s.reduction}'`); }
  if (s.label_smoothing > 0) { py.push(`label_smoothing=${s.label_smoothing}`); ts.push(`label_smoothing: ${s.label_smoothing}`); }
  const pyKw = py.length ? `, ${py.join(', ')}` : '';
  const tsKw = ts.length ? `, { ${ts.join(', ')} }` : '';
  const backward = s.reduction === 'none' ? 'output.sum().backward()' : 'output.backward()';
  const [pyCall, tsCall] = s.label_smoothing > 0
    ? [`F.cross_entropy(input, target${pyKw})`, `F.cross_entropy(input, target${tsKw})`]
    : [`F.nll_loss(F.log_softmax(input, dim=1), target${pyKw})`, `F.nll_loss(F.log_softmax(input, 1), target${tsKw})`];
  return `# PyTorch\noutput = ${pyCall}\n${backward}\n\n// torchlet\nconst output = ${tsCall};\n${backward};`;
}
