// Loss modules: constructor options as PyTorch's keyword arguments, forward(input, target).
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bindArgs } from '../functional/args.js';
import { legacyGetString } from '../functional/reduction.js';
import { nll_loss } from '../functional/nll_loss.js';

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
