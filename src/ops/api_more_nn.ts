// How the torch.nn.functional ops of issue 12 bind their arguments in PyTorch 1.13: the builtins
// (F.gelu is torch._C._nn.gelu, ...) through PythonArgParser, the Python defs (F.silu, F.mse_loss,
// ...) as CPython binds them and then as the builtin they hand their arguments to binds those
// (positionally, as their source calls it). `checkCall(name, args)` raises the TypeError 1.13
// raises for a badly bound call and does nothing for a good one; the F.* kernels bind as before.
import { bind, builtin, isTensor, pyType, type Builtin, type Kw } from '../tensor/args.js';
import { AttributeError } from '../tensor/errors.js';
import { OUT } from './api_common.js';

/** F.* functions that are builtins in 1.13, by their F name. */
const BUILTINS: Record<string, Builtin> = {
  gelu: builtin(`gelu(Tensor input, *, str approximate="none", ${OUT})`),
  softplus: builtin(`softplus(Tensor input, Number beta=1, Number threshold=20, *, ${OUT})`),
  logsigmoid: builtin(`log_sigmoid(Tensor input, *, ${OUT})`),
  one_hot: builtin('one_hot(Tensor input, int num_classes=-1)'),
  pad: builtin('pad(Tensor input, int[] pad, str mode="constant", float? value=None)'),
  cosine_similarity: builtin('cosine_similarity(Tensor x1, Tensor x2, int dim=1, float eps=1e-08)'),
  avg_pool2d: builtin(`avg_pool2d(Tensor input, int[2] kernel_size, int[2] stride=None, int[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None, *, ${OUT})`),
};

// the losses compare target.size() with input.size() first
const SIZES: [string, string][] = [['target', 'size'], ['input', 'size']];
/**
 * F.* Python defs: their signature, the builtin they call with which of their parameters, and the
 * attributes their source reads first (a non-tensor there is Python's AttributeError).
 */
const DEFS: Record<string, [string, Builtin | null, string[], [string, string][]?]> = {
  silu: ['silu(input, inplace=False)', builtin(`silu(Tensor input, *, ${OUT})`), ['input']],
  relu6: ['relu6(input, inplace=False)', builtin('relu6(Tensor input)'), ['input']],
  hardtanh: ['hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False)',
    builtin(`hardtanh(Tensor input, Number min_val=-1, Number max_val=1, *, ${OUT})`), ['input', 'min_val', 'max_val']],
  leaky_relu: ['leaky_relu(input, negative_slope=0.01, inplace=False)',
    builtin(`leaky_relu(Tensor input, Number negative_slope=0.01, *, ${OUT})`), ['input', 'negative_slope']],
  elu: ['elu(input, alpha=1.0, inplace=False)',
    builtin(`elu(Tensor input, Number alpha=1, Number scale=1, Number input_scale=1, *, ${OUT})`), ['input', 'alpha']],
  softmin: ['softmin(input, dim=None, _stacklevel=3, dtype=None)', null, []],
  tanh: ['tanh(input)', null, [], [['input', 'tanh']]],
  sigmoid: ['sigmoid(input)', null, [], [['input', 'sigmoid']]],
  mse_loss: ["mse_loss(input, target, size_average=None, reduce=None, reduction='mean')", null, [], SIZES],
  l1_loss: ["l1_loss(input, target, size_average=None, reduce=None, reduction='mean')", null, [], SIZES],
  smooth_l1_loss: ["smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0)", null, [], SIZES],
  huber_loss: ["huber_loss(input, target, reduction='mean', delta=1.0)", null, [], SIZES],
  // the margin losses check their arguments themselves, in the wrappers' order (functional/losses_margin.ts)
  margin_ranking_loss: ["margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean')", null, []],
  hinge_embedding_loss: ["hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction='mean')", null, []],
  multilabel_margin_loss: ["multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction='mean')", null, []],
  soft_margin_loss: ["soft_margin_loss(input, target, size_average=None, reduce=None, reduction='mean')", null, []],
  multilabel_soft_margin_loss: ["multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction='mean')", null, []],
  cosine_embedding_loss: ["cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean')", null, []],
  multi_margin_loss: ["multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean')", null, []],
  triplet_margin_loss: ["triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, size_average=None, reduce=None, reduction='mean')", null, []],
  normalize: ['normalize(input, p=2.0, dim=1, eps=1e-12, out=None)', null, [], [['input', 'norm']]],
  embedding: ['embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False)', null, []],
  adaptive_avg_pool2d: ['adaptive_avg_pool2d(input, output_size)', null, []],
};

/** Raises 1.13's TypeError for a badly bound call of F.<name>; returns the Python def's bound values (null for a builtin). */
export function checkCall(name: string, args: readonly unknown[]): Kw | null {
  const b = BUILTINS[name];
  if (b) { b.parse(args); return null; }
  const [sig, inner, passes, attrs] = DEFS[name];
  const a = bind(sig, args);
  for (const [p, attr] of attrs ?? []) if (!isTensor(a[p])) throw new AttributeError(`'${pyType(a[p])}' object has no attribute '${attr}'`);
  inner?.parse(passes.map((p) => a[p]));
  return a;
}
