// Loss modules: constructor options as PyTorch's keyword arguments, forward(input, target).
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bindArgs } from '../functional/args.js';
import { legacyGetString } from '../functional/reduction.js';
import { nll_loss } from '../functional/nll_loss.js';
import { cross_entropy } from '../functional/cross_entropy.js';
import {
  poisson_nll_loss, gaussian_nll_loss, kl_div, binary_cross_entropy, binary_cross_entropy_with_logits,
} from '../functional/losses.js';

/** _Loss: the legacy size_average/reduce pair becomes a reduction string at construction. */
export abstract class _Loss extends Module {
  reduction: string;
  constructor(kw: Record<string, unknown>) {
    super();
    const legacy = (kw.size_average !== undefined && kw.size_average !== null) || (kw.reduce !== undefined && kw.reduce !== null);
    this.reduction = legacy ? legacyGetString(kw.size_average, kw.reduce) : ((kw.reduction as string | undefined) ?? 'mean');
  }
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
    const kw = bindArgs('NLLLoss', ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'], args);
    super(kw);
    this.ignore_index = (kw.ignore_index as number | undefined) ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends _WeightedLoss {
  ignore_index: number;
  label_smoothing: number;
  constructor(...args: unknown[]) {
    const kw = bindArgs('CrossEntropyLoss', ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'], args);
    super(kw);
    this.ignore_index = (kw.ignore_index as number | undefined) ?? -100;
    this.label_smoothing = (kw.label_smoothing as number | undefined) ?? 0.0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
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
    const kw = bindArgs('PoissonNLLLoss', ['log_input', 'full', 'size_average', 'eps', 'reduce', 'reduction'], args);
    super(kw);
    this.log_input = (kw.log_input as boolean | undefined) ?? true;
    this.full = (kw.full as boolean | undefined) ?? false;
    this.eps = (kw.eps as number | undefined) ?? 1e-8;
  }
  forward(log_input: Tensor, target: Tensor): Tensor {
    return poisson_nll_loss(log_input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** GaussianNLLLoss(*, full, eps, reduction): keyword-only options, forward(input, target, var). */
export class GaussianNLLLoss extends _Loss {
  full: boolean;
  eps: number;
  constructor(...args: unknown[]) {
    const kw = bindArgs('GaussianNLLLoss', ['full', 'eps', 'reduction'], args);
    const positional = args.length - (args.length && Object.getPrototypeOf(args[args.length - 1]) === Object.prototype ? 1 : 0);
    if (positional > 0) throw new TypeError(`__init__() takes 1 positional argument but ${positional + 1} were given`);
    super({ reduction: kw.reduction });
    this.full = (kw.full as boolean | undefined) ?? false;
    this.eps = (kw.eps as number | undefined) ?? 1e-6;
  }
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

export class KLDivLoss extends _Loss {
  log_target: boolean;
  constructor(...args: unknown[]) {
    const kw = bindArgs('KLDivLoss', ['size_average', 'reduce', 'reduction', 'log_target'], args);
    super(kw);
    this.log_target = (kw.log_target as boolean | undefined) ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

export class BCELoss extends _WeightedLoss {
  constructor(...args: unknown[]) {
    super(bindArgs('BCELoss', ['weight', 'size_average', 'reduce', 'reduction'], args));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** BCEWithLogitsLoss: weight and pos_weight are buffers. */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(...args: unknown[]) {
    const kw = bindArgs('BCEWithLogitsLoss', ['weight', 'size_average', 'reduce', 'reduction', 'pos_weight'], args);
    super(kw);
    this.register_buffer('weight', (kw.weight as Tensor | undefined) ?? null);
    this.register_buffer('pos_weight', (kw.pos_weight as Tensor | undefined) ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}
