// The _LRScheduler base of torch.optim.lr_scheduler (PyTorch 1.13): initial_lr, last_epoch, the
// optimizer.step counter behind its call-order warning, verbose printing, state_dict; and the helpers
// the schedulers of lr_scheduler.ts and lr_scheduler_more.ts share (Python's float division, float(),
// _format_param). A module of its own so that both files extend the base without an import cycle.
import { Optimizer } from './optimizer.js';
import { KeyError, ValueError, warn } from '../tensor/errors.js';
import { bind, pyType, type Kw } from '../tensor/args.js';
import { py, pyNum } from '../tensor/python.js';
import { Tensor } from '../tensor/tensor.js';

export const EPOCH_DEPRECATION_WARNING = 'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.';

/** Python's ZeroDivisionError ('float division by zero'), where a schedule divides by zero. */
export class ZeroDivisionError extends Error {
  constructor(message: string) { super(message); this.name = 'ZeroDivisionError'; }
}
/** a / b as Python's float division: by zero it raises. */
export function pyDiv(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError('float division by zero');
  return a / b;
}
/** Python's '%.5d' % epoch (an int) or '%.2f' % epoch (a float). */
export function epochStr(epoch: number): string {
  if (!Number.isInteger(epoch)) return epoch.toFixed(2);
  return (epoch < 0 ? '-' : '') + String(Math.abs(epoch)).padStart(5, '0');
}
/** Python's '{:.4e}'.format(v). */
export function fmtE4(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}
/** _LRScheduler's (and ReduceLROnPlateau's) check: `{type} is not an Optimizer`. */
export function checkOptimizer(optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer))
    throw new TypeError(`${optimizer === null || optimizer === undefined ? 'NoneType' : Array.isArray(optimizer) ? 'list' : (optimizer as object).constructor?.name ?? typeof optimizer} is not an Optimizer`);
}

export type StepFn = ((...args: unknown[]) => unknown) & { _with_counter?: boolean };

/**
 * Passed for the optimizer by SequentialLR and ChainedScheduler, which, as in PyTorch, are _LRSchedulers
 * that never run _LRScheduler.__init__: the base then leaves the instance bare.
 */
export const NO_INIT: unique symbol = Symbol('NO_INIT');

export abstract class LRScheduler {
  optimizer!: Optimizer;
  base_lrs!: number[];
  last_epoch!: number;
  verbose!: boolean;
  _step_count = 0;
  protected _last_lr: number[] = [];
  protected _get_lr_called_within_step = false;

  /** `fields` are a subclass's own settings, set before the first step() (Python sets them before super().__init__). */
  constructor(optimizer: Optimizer, last_epoch = -1, verbose = false, fields: Kw = {}) {
    if ((optimizer as unknown) === NO_INIT) {
      for (const k of Object.keys(this)) delete (this as unknown as Kw)[k];
      return;
    }
    checkOptimizer(optimizer);
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
      this.print_lr(this.verbose, i, values[i], epoch);
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  /** Prints the group's new learning rate if is_verbose, as PyTorch does. */
  print_lr(...args: [is_verbose: boolean | Kw, group?: number | Kw, lr?: number | Kw, epoch?: number | null | Kw, kw?: Kw]): void {
    const { is_verbose, group, lr, epoch } = bind('_LRScheduler.print_lr(self, is_verbose, group, lr, epoch=None)', args) as
      { is_verbose: boolean; group: number; lr: number; epoch: number | null };
    if (!is_verbose) return;
    if (epoch === undefined || epoch === null) console.log(`Adjusting learning rate of group ${group} to ${fmtE4(lr)}.`);
    else console.log(`Epoch ${epochStr(epoch)}: adjusting learning rate of group ${group} to ${fmtE4(lr)}.`);
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

/** Python's str() of an argument in a message. */
export const str = (v: unknown): string => (typeof v === 'number' ? pyNum(v) : py(v));

/** OneCycleLR's _format_param: one value per group. */
export function formatParam(name: string, optimizer: Optimizer, param: unknown): unknown[] {
  if (Array.isArray(param)) {
    if (param.length !== optimizer.param_groups.length)
      throw new ValueError(`expected ${optimizer.param_groups.length} values for ${name}, got ${param.length}`);
    return param;
  }
  return optimizer.param_groups.map(() => param);
}
/** Python's `v <= 0` where v may be None. */
/** A scheduler constructor's arguments after the optimizer. */
export type Arg = number | boolean | Kw | undefined;

/** Python's isinstance(v, int) (bool included; an integral JavaScript number counts as an int). */
export const isPyInt = (v: unknown): boolean => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));

export function notPositive(v: unknown): boolean {
  if (typeof v !== 'number' && typeof v !== 'boolean') throw new TypeError(`'<=' not supported between instances of '${pyType(v)}' and 'int'`);
  return (v as number) <= 0;
}

/** Python's float(x) of a number, a bool, a numeric string or a one-element tensor. */
export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim();
    const m = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
    if (m) return /nan/i.test(m[2]) ? NaN : m[1] === '-' ? -Infinity : Infinity;
    if (/^[+-]?(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)([eE][+-]?\d+(_\d+)*)?$/.test(t)) return Number(t.replace(/_/g, ''));
    throw new ValueError(`could not convert string to float: '${v}'`);
  }
  if (v instanceof Tensor) {
    if (v.numel() !== 1) throw new ValueError('only one element tensors can be converted to Python scalars');
    return Number(v.item());
  }
  throw new TypeError(`float() argument must be a string or a real number, not '${pyType(v)}'`);
}
