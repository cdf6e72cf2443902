// Loss modules: constructor options as PyTorch's keyword arguments, forward(input, target).
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind, perClass, type Kw } from '../../tensor/args.js';
import { legacyGetString, type Reduction } from '../functional/reduction.js';
import { nll_loss } from '../functional/nll_loss.js';
import { cross_entropy } from '../functional/cross_entropy.js';
import {
  poisson_nll_loss, gaussian_nll_loss, kl_div, binary_cross_entropy, binary_cross_entropy_with_logits,
} from '../functional/losses.js';

/** _Loss: the legacy size_average/reduce pair becomes a reduction string at construction. */
/** The constructor options every loss module takes: the legacy size_average / reduce pair and reduction. */
export interface LossArgs { size_average?: boolean | null; reduce?: boolean | null; reduction?: Reduction }

export abstract class _Loss extends Module {
  reduction: string;
  constructor(kw: Record<string, unknown>) {
    super();
    const legacy = (kw.size_average !== undefined && kw.size_average !== null) || (kw.reduce !== undefined && kw.reduce !== null);
    this.reduction = legacy ? legacyGetString(kw.size_average, kw.reduce) : ((kw.reduction as string | undefined) ?? 'mean');
  }
  /** forward's (input, target) under the subclass's qualified name. */
  protected _inputs(args: readonly unknown[], params = 'input, target'): Tensor[] {
    const a = forwardWith(params)(this, args);
    return params.split(', ').map((k) => a[k] as Tensor);
  }
}
/** forward's binders per parameter list, each parsed once per class. */
const forwards = new Map<string, (self: object, args: readonly unknown[]) => Kw>();
function forwardWith(params: string): (self: object, args: readonly unknown[]) => Kw {
  let f = forwards.get(params);
  if (!f) { f = perClass((c) => `${c.name}.forward(self, ${params})`); forwards.set(params, f); }
  return f;
}
/** _WeightedLoss: the class weight is a buffer. */
export abstract class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;
  constructor(kw: Record<string, unknown>) {
    super(kw);
    this.register_buffer('weight', (kw.weight as Tensor | undefined) ?? null);
  }
}

export class NLLLoss extends _WeightedLoss {
  ignore_index: number;
  constructor(...args: unknown[]) {
    const kw = bind("NLLLoss.__init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')", args);
    super(kw);
    this.ignore_index = kw.ignore_index as number;
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends _WeightedLoss {
  ignore_index: number;
  label_smoothing: number;
  constructor(...args: unknown[]) {
    const kw = bind("CrossEntropyLoss.__init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0)", args);
    super(kw);
    this.ignore_index = kw.ignore_index as number;
    this.label_smoothing = kw.label_smoothing as number;
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return cross_entropy(input, target, {
      weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing,
    });
  }
}

export class PoissonNLLLoss extends _Loss {
  log_input: boolean;
  full: boolean;
  eps: number;
  constructor(...args: unknown[]) {
    const kw = bind("PoissonNLLLoss.__init__(self, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean')", args);
    super(kw);
    this.log_input = kw.log_input as boolean;
    this.full = kw.full as boolean;
    this.eps = kw.eps as number;
  }
  forward(...args: [log_input: Tensor, target: Tensor]): Tensor {
    const [log_input, target] = this._inputs(args, 'log_input, target');
    return poisson_nll_loss(log_input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** GaussianNLLLoss(*, full, eps, reduction): keyword-only options, forward(input, target, var). */
export class GaussianNLLLoss extends _Loss {
  full: boolean;
  eps: number;
  constructor(...args: unknown[]) {
    const kw = bind("GaussianNLLLoss.__init__(self, *, full=False, eps=1e-06, reduction='mean')", args);
    super({ reduction: kw.reduction });
    this.full = kw.full as boolean;
    this.eps = kw.eps as number;
  }
  forward(...args: [input: Tensor, target: Tensor, variance: Tensor]): Tensor {
    const [input, target, variance] = this._inputs(args, 'input, target, var');
    return gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

export class KLDivLoss extends _Loss {
  log_target: boolean;
  constructor(...args: unknown[]) {
    const kw = bind("KLDivLoss.__init__(self, size_average=None, reduce=None, reduction='mean', log_target=False)", args);
    super(kw);
    this.log_target = kw.log_target as boolean;
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

export class BCELoss extends _WeightedLoss {
  constructor(...args: unknown[]) {
    super(bind("BCELoss.__init__(self, weight=None, size_average=None, reduce=None, reduction='mean')", args));
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** BCEWithLogitsLoss: weight and pos_weight are buffers. */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(...args: unknown[]) {
    const kw = bind("BCEWithLogitsLoss.__init__(self, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None)", args);
    super(kw);
    this.register_buffer('weight', (kw.weight as Tensor | undefined) ?? null);
    this.register_buffer('pos_weight', (kw.pos_weight as Tensor | undefined) ?? null);
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}
