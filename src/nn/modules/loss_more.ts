// nn.MSELoss, nn.L1Loss, nn.SmoothL1Loss and nn.HuberLoss over the functional losses of
// functional/losses_more.ts, with PyTorch's constructor signatures (legacy size_average/reduce too).
import { _Loss, type LossArgs } from './loss.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind } from '../../tensor/args.js';
import { huber_loss, l1_loss, mse_loss, smooth_l1_loss } from '../functional/losses_more.js';

/** The legacy (size_average, reduce, reduction) trio of the regression losses. */

export class MSELoss extends _Loss {
  constructor(opts?: LossArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(bind("MSELoss.__init__(self, size_average=None, reduce=None, reduction='mean')", args)); }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return mse_loss(input, target, { reduction: this.reduction });
  }
}

export class L1Loss extends _Loss {
  constructor(opts?: LossArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(bind("L1Loss.__init__(self, size_average=None, reduce=None, reduction='mean')", args)); }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return l1_loss(input, target, { reduction: this.reduction });
  }
}

export class SmoothL1Loss extends _Loss {
  beta: number;
  constructor(opts?: LossArgs & { beta?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind("SmoothL1Loss.__init__(self, size_average=None, reduce=None, reduction='mean', beta=1.0)", args);
    super(kw);
    this.beta = kw.beta as number;
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export class HuberLoss extends _Loss {
  delta: number;
  constructor(reduction?: 'none' | 'mean' | 'sum' | { reduction?: 'none' | 'mean' | 'sum'; delta?: number }, delta?: number | { delta?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind("HuberLoss.__init__(self, reduction='mean', delta=1.0)", args);
    super({ reduction: kw.reduction });
    this.delta = kw.delta as number;
  }
  forward(...args: [input: Tensor, target: Tensor]): Tensor {
    const [input, target] = this._inputs(args);
    return huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}
