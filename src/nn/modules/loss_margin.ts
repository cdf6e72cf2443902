// nn.MarginRankingLoss, HingeEmbeddingLoss, SoftMarginLoss, MultiLabelSoftMarginLoss, CosineEmbeddingLoss,
// TripletMarginLoss, MultiMarginLoss and MultiLabelMarginLoss over functional/losses_margin.ts, with
// PyTorch 1.13's constructor signatures (legacy size_average/reduce too) and reprs (`Name()`).
import { _Loss, _WeightedLoss, type LossArgs } from './loss.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind } from '../../tensor/args.js';
import { AssertionError, ValueError } from '../../tensor/errors.js';
import {
  cosine_embedding_loss, hinge_embedding_loss, margin_ranking_loss, multi_margin_loss, multilabel_margin_loss,
  multilabel_soft_margin_loss, soft_margin_loss, triplet_margin_loss,
} from '../functional/losses_margin.js';


export class MarginRankingLoss extends _Loss {
  margin: number;
  constructor(opts?: LossArgs & { margin?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind("MarginRankingLoss.__init__(self, margin=0.0, size_average=None, reduce=None, reduction='mean')", args);
    super(kw);
    this.margin = kw.margin as number;
  }
  forward(...args: [input1: Tensor, input2: Tensor, target: Tensor]): Tensor {
    const [input1, input2, target] = this._inputs(args, 'input1, input2, target');
    return margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

export class HingeEmbeddingLoss extends _Loss {
  margin: number;
  constructor(opts?: LossArgs & { margin?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind("HingeEmbeddingLoss.__init__(self, margin=1.0, size_average=None, reduce=None, reduction='mean')", args);
    super(kw);
    this.margin = kw.margin as number;
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

export class SoftMarginLoss extends _Loss {
  constructor(opts?: LossArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(bind("SoftMarginLoss.__init__(self, size_average=None, reduce=None, reduction='mean')", args)); }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return soft_margin_loss(input, target, { reduction: this.reduction });
  }
}

export class MultiLabelSoftMarginLoss extends _WeightedLoss {
  constructor(opts?: LossArgs & { weight?: Tensor | null });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super(bind("MultiLabelSoftMarginLoss.__init__(self, weight=None, size_average=None, reduce=None, reduction='mean')", args));
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export class CosineEmbeddingLoss extends _Loss {
  margin: number;
  constructor(opts?: LossArgs & { margin?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind("CosineEmbeddingLoss.__init__(self, margin=0.0, size_average=None, reduce=None, reduction='mean')", args);
    super(kw);
    this.margin = kw.margin as number;
  }
  forward(...args: [input1: Tensor, input2: Tensor, target: Tensor]): Tensor {
    const [input1, input2, target] = this._inputs(args, 'input1, input2, target');
    return cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

export class TripletMarginLoss extends _Loss {
  margin: number;
  p: number;
  eps: number;
  swap: boolean;
  constructor(opts?: LossArgs & { margin?: number; p?: number; eps?: number; swap?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind("TripletMarginLoss.__init__(self, margin=1.0, p=2.0, eps=1e-06, swap=False, size_average=None, reduce=None, reduction='mean')", args);
    super(kw);
    this.margin = kw.margin as number;
    this.p = kw.p as number;
    this.eps = kw.eps as number;
    this.swap = kw.swap as boolean;
  }
  forward(...args: [anchor: Tensor, positive: Tensor, negative: Tensor]): Tensor {
    const [anchor, positive, negative] = this._inputs(args, 'anchor, positive, negative');
    return triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

export class MultiMarginLoss extends _WeightedLoss {
  p: number;
  margin: number;
  constructor(opts?: LossArgs & { p?: 1 | 2; margin?: number; weight?: Tensor | null });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind("MultiMarginLoss.__init__(self, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean')", args);
    super(kw);
    if (kw.p !== 1 && kw.p !== 2 && kw.p !== true) throw new ValueError('only p == 1 and p == 2 supported');
    // assert weight is None or weight.dim() == 1
    if (this.weight !== null && this.weight.ndim !== 1) throw new AssertionError('');
    this.p = kw.p as number;
    this.margin = kw.margin as number;
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return multi_margin_loss(input, target, { p: this.p as 1 | 2, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

export class MultiLabelMarginLoss extends _Loss {
  constructor(opts?: LossArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(bind("MultiLabelMarginLoss.__init__(self, size_average=None, reduce=None, reduction='mean')", args)); }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return multilabel_margin_loss(input, target, { reduction: this.reduction });
  }
}
