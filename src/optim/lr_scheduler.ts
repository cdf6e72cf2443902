// torch.optim.lr_scheduler (PyTorch 1.13): the _LRScheduler base (initial_lr, last_epoch, the
// optimizer.step counter behind its call-order warning) and StepLR, ExponentialLR and
// CosineAnnealingLR with PyTorch's recursive (chainable) formulas.
import { Optimizer } from './optimizer.js';
import { KeyError, warn } from '../tensor/errors.js';
import { bind, type Kw } from '../tensor/args.js';
import { pyMod } from '../tensor/python.js';
import { checkNumber } from './_common.js';
import { powCR } from './_kernels.js';

const EPOCH_DEPRECATION_WARNING = 'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to find the closed form.';

type StepFn = ((...args: unknown[]) => unknown) & { _with_counter?: boolean };

export abstract class LRScheduler {
  optimizer: Optimizer;
  base_lrs: number[];
  last_epoch: number;
  verbose: boolean;
  _step_count = 0;
  protected _last_lr: number[] = [];
  protected _get_lr_called_within_step = false;

  /** `fields` are a subclass's own settings, set before the first step() (Python sets them before super().__init__). */
  constructor(optimizer: Optimizer, last_epoch = -1, verbose = false, fields: Kw = {}) {
    if (!(optimizer instanceof Optimizer))
      throw new TypeError(`${optimizer === null || optimizer === undefined ? 'NoneType' : Array.isArray(optimizer) ? 'list' : (optimizer as object).constructor?.name ?? typeof optimizer} is not an Optimizer`);
    this.optimizer = optimizer;
    if (last_epoch === -1) {
      for (const g of optimizer.param_groups) if (!('initial_lr' in g)) g.initial_lr = g.lr;
    } else {
      optimizer.param_groups.forEach((g, i) => {
        if (!('initial_lr' in g)) throw new KeyError(`"param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer"`);
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    this.last_epoch = last_epoch;
    // count optimizer.step() calls, to warn when the scheduler is stepped first (PyTorch issue 20124)
    const step = optimizer.step as StepFn;
    if (!step._with_counter) {
      const wrapped: StepFn = function (this: Optimizer, ...args: unknown[]) {
        optimizer._step_count++;
        return step.apply(optimizer, args);
      };
      wrapped._with_counter = true;
      optimizer.step = wrapped as Optimizer['step'];
    }
    this.verbose = verbose;
    Object.assign(this, fields);
    this._initial_step();
  }

  protected _initial_step(): void {
    this.optimizer._step_count = 0;
    this._step_count = 0;
    this.step();
  }

  /** The learning rates the last step() set, one per parameter group. */
  get_last_lr(...args: [Kw?]): number[] { bind('_LRScheduler.get_last_lr(self)', args); return this._last_lr.slice(); }

  /** The chainable form: new learning rates from the current ones. */
  abstract get_lr(): number[];
  protected _get_closed_form_lr?(): number[];

  step(...args: [epoch?: number | null | Kw, kw?: Kw]): void {
    const epoch = bind('_LRScheduler.step(self, epoch=None)', args).epoch as number | null;
    if (this._step_count === 1) {
      if (!(this.optimizer.step as StepFn)._with_counter)
        warn('Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. Please, make sure to call `optimizer.step()` before `lr_scheduler.step()`. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
      else if (this.optimizer._step_count < 1)
        warn('Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
    }
    this._step_count++;
    let values: number[];
    this._get_lr_called_within_step = true;
    try {
      if (epoch === undefined || epoch === null) {
        this.last_epoch++;
        values = this.get_lr();
      } else {
        warn(EPOCH_DEPRECATION_WARNING);
        this.last_epoch = epoch;
        values = this._get_closed_form_lr ? this._get_closed_form_lr() : this.get_lr();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.optimizer.param_groups.forEach((g, i) => {
      g.lr = values[i];
      if (this.verbose) {
        const e = epoch === undefined || epoch === null ? '' : `Epoch ${Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2)}: a`;
        console.log(`${e ? e : 'A'}djusting learning rate of group ${i} to ${values[i].toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2')}.`);
      }
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  protected _warnGetLr(): void {
    if (!this._get_lr_called_within_step) warn('To get the last learning rate computed by the scheduler, please use `get_last_lr()`.');
  }

  /** Everything but the optimizer, as PyTorch's scheduler state_dict. */
  state_dict(...args: [Kw?]): Kw {
    bind('_LRScheduler.state_dict(self)', args);
    const out: Kw = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer') out[k] = Array.isArray(v) ? v.slice() : v;
    return out;
  }
  load_state_dict(...args: [state_dict: Kw, kw?: Kw]): void {
    Object.assign(this, bind('_LRScheduler.load_state_dict(self, state_dict: dict)', args).state_dict);
  }
}
/** PyTorch 1.13's name for the base class. */
export { LRScheduler as _LRScheduler };

type Arg = number | boolean | Kw | undefined;

/** new StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1, verbose=false), or options by name. */
export class StepLR extends LRScheduler {
  declare step_size: number;
  declare gamma: number;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: Arg[]]) {
    const o = bind('StepLR.__init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1, verbose=False)', args);
    const step_size = checkNumber('step_size', o.step_size), gamma = checkNumber('gamma', o.gamma);
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose, { step_size, gamma });
  }
  get_lr(): number[] {
    this._warnGetLr();
    if (this.last_epoch === 0 || pyMod(this.last_epoch, this.step_size) !== 0) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * powCR(this.gamma, Math.floor(this.last_epoch / this.step_size)));
  }
}

/** new ExponentialLR(optimizer, gamma, last_epoch=-1, verbose=false) */
export class ExponentialLR extends LRScheduler {
  declare gamma: number;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: Arg[]]) {
    const o = bind('ExponentialLR.__init__(self, optimizer, gamma, last_epoch=-1, verbose=False)', args);
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose, { gamma: checkNumber('gamma', o.gamma) });
  }
  get_lr(): number[] {
    this._warnGetLr();
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * powCR(this.gamma, this.last_epoch));
  }
}

/** new CosineAnnealingLR(optimizer, T_max, eta_min=0, last_epoch=-1, verbose=false): PyTorch's recursive form. */
export class CosineAnnealingLR extends LRScheduler {
  declare T_max: number;
  declare eta_min: number;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: Arg[]]) {
    const o = bind('CosineAnnealingLR.__init__(self, optimizer, T_max, eta_min=0, last_epoch=-1, verbose=False)', args);
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose,
      { T_max: checkNumber('T_max', o.T_max), eta_min: checkNumber('eta_min', o.eta_min) });
  }
  get_lr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.param_groups, T = this.T_max, eta = this.eta_min, e = this.last_epoch;
    if (e === 0) return groups.map((g) => g.lr);
    if (this._step_count === 1 && e > 0)
      return this.base_lrs.map((b) => eta + (b - eta) * (1 + Math.cos(e * Math.PI / T)) / 2);
    if (pyMod(e - 1 - T, 2 * T) === 0)
      return groups.map((g, i) => g.lr + (this.base_lrs[i] - eta) * (1 - Math.cos(Math.PI / T)) / 2);
    return groups.map((g) => (1 + Math.cos(Math.PI * e / T)) / (1 + Math.cos(Math.PI * (e - 1) / T)) * (g.lr - eta) + eta);
  }
  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => this.eta_min + (b - this.eta_min) * (1 + Math.cos(Math.PI * this.last_epoch / this.T_max)) / 2);
  }
}
