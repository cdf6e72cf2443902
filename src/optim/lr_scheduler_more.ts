// The rest of torch.optim.lr_scheduler (PyTorch 1.13): PolynomialLR, CosineAnnealingWarmRestarts (its own
// step(epoch), fractional epochs), CyclicLR (triangular, triangular2, exp_range or a scale_fn; momentum
// cycled inversely), and the two schedulers of schedulers, SequentialLR and ChainedScheduler, which as in
// PyTorch are _LRSchedulers that never run _LRScheduler.__init__. Re-exported by lr_scheduler.ts.
import { Optimizer } from './optimizer.js';
import { AttributeError, IndexError, KeyError, NotImplementedError, ValueError } from '../tensor/errors.js';
import { bind, pyType, type Kw } from '../tensor/args.js';
import { pyMod } from '../tensor/python.js';
import { checkNumber } from './_common.js';
import { cosCR, logCR, powCR } from './_kernels.js';
import { LRScheduler, NO_INIT, ZeroDivisionError, checkOptimizer, formatParam, pyDiv, str, toFloat, isPyInt as isInt, type Arg } from './_lr_base.js';

/** Python's OverflowError (int() of an infinite float). */
class OverflowError extends Error {
  constructor(message: string) { super(message); this.name = 'OverflowError'; }
}

/** a / b as Python's true division: by zero, 'division by zero' for two ints, 'float division by zero' otherwise. */
function trueDiv(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError(Number.isInteger(a) && Number.isInteger(b) ? 'division by zero' : 'float division by zero');
  return a / b;
}
/** Python's float ** float (C's pow, correctly rounded): 0.0 to a negative power raises. */
function floatPow(base: number, exponent: number): number {
  if (base === 0 && exponent < 0) throw new ZeroDivisionError('0.0 cannot be raised to a negative power');
  return powCR(base, exponent);
}
/** Python's int(x) / math.floor(x) of a float: an infinity or NaN raises. */
function toInt(x: number, floor: boolean): number {
  if (Number.isNaN(x)) throw new ValueError('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new OverflowError('cannot convert float infinity to integer');
  return floor ? Math.floor(x) : Math.trunc(x);
}
/** Python's `v < n` / `v <= n` (n an int) where v may be no number: its TypeError. */
function less(v: unknown, op: '<' | '<=', n: number): boolean {
  if (typeof v !== 'number' && typeof v !== 'boolean') throw new TypeError(`'${op}' not supported between instances of '${pyType(v)}' and 'int'`);
  return op === '<' ? Number(v) < n : Number(v) <= n;
}

/** new PolynomialLR(optimizer, total_iters=5, power=1.0, last_epoch=-1, verbose=false): lr * (1 - t/total_iters) ** power. */
export class PolynomialLR extends LRScheduler {
  declare total_iters: number;
  declare power: number;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: Arg[]]) {
    const o = bind('PolynomialLR.__init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1, verbose=False)', args);
    const total_iters = checkNumber('total_iters', o.total_iters), power = checkNumber('power', o.power);
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose, { total_iters, power });
  }
  get_lr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.param_groups, e = this.last_epoch, T = this.total_iters;
    if (e === 0 || e > T) return groups.map((g) => g.lr);
    const decay_factor = floatPow(pyDiv(1.0 - trueDiv(e, T), 1.0 - trueDiv(e - 1, T)), this.power);
    return groups.map((g) => g.lr * decay_factor);
  }
  protected override _get_closed_form_lr(): number[] {
    const T = this.total_iters;
    return this.base_lrs.map((b) => b * floatPow(1.0 - trueDiv(Math.min(T, this.last_epoch), T), this.power));
  }
}

/**
 * new CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0, last_epoch=-1, verbose=false): SGDR's
 * cosine annealing restarted every T_i epochs (T_0, then times T_mult). step(epoch) takes a fractional
 * epoch (epoch + i / iters per batch) and can be interleaved with step().
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  declare T_0: number;
  declare T_i: number;
  declare T_mult: number;
  declare eta_min: number;
  declare T_cur: number;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: Arg[]]) {
    const o = bind('CosineAnnealingWarmRestarts.__init__(self, optimizer, T_0, T_mult=1, eta_min=0, last_epoch=-1, verbose=False)', args);
    // (JavaScript has one number type: an integral float T_0 or T_mult, which Python rejects, is taken)
    if (less(o.T_0, '<=', 0) || !isInt(o.T_0)) throw new ValueError(`Expected positive integer T_0, but got ${str(o.T_0)}`);
    if (less(o.T_mult, '<', 1) || !isInt(o.T_mult)) throw new ValueError(`Expected integer T_mult >= 1, but got ${str(o.T_mult)}`);
    const T_0 = Number(o.T_0), T_mult = Number(o.T_mult);
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose,
      { T_0, T_i: T_0, T_mult, eta_min: checkNumber('eta_min', o.eta_min), T_cur: o.last_epoch });
  }
  get_lr(): number[] {
    this._warnGetLr();
    return this.base_lrs.map((b) => this.eta_min + (b - this.eta_min) * (1 + cosCR(Math.PI * this.T_cur / this.T_i)) / 2);
  }
  /** step() after each batch or epoch, or step(epoch) with epoch a (fractional) number of epochs. */
  override step(...args: [epoch?: number | null | Kw, kw?: Kw]): void {
    let epoch = bind('CosineAnnealingWarmRestarts.step(self, epoch=None)', args).epoch as number | null;
    if (epoch === null && this.last_epoch < 0) epoch = 0;
    if (epoch === null) {
      epoch = this.last_epoch + 1;
      this.T_cur = this.T_cur + 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur = this.T_cur - this.T_i;
        this.T_i = this.T_i * this.T_mult;
      }
    } else {
      if (less(epoch, '<', 0)) throw new ValueError(`Expected non-negative epoch, but got ${str(epoch)}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) this.T_cur = pyMod(epoch, this.T_0);
        else {
          // int(math.log(epoch / T_0 * (T_mult - 1) + 1, T_mult)): glibc's log, correctly rounded
          const n = toInt(logCR(epoch / this.T_0 * (this.T_mult - 1) + 1) / logCR(this.T_mult), false);
          this.T_cur = epoch - this.T_0 * (this.T_mult ** n - 1) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = toInt(epoch, true);
    let values: number[];
    this._get_lr_called_within_step = true;
    try {
      values = this.get_lr();
      this.optimizer.param_groups.forEach((g, i) => {
        g.lr = values[i];
        this.print_lr(this.verbose, i, values[i], epoch);
      });
    } finally {
      this._get_lr_called_within_step = false;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }
}

type ScaleFn = (x: number) => number;

/**
 * new CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=null, mode='triangular',
 * gamma=1.0, scale_fn=null, scale_mode='cycle', cycle_momentum=true, base_momentum=0.8, max_momentum=0.9,
 * last_epoch=-1, verbose=false): the cyclical learning rate policy, stepped per batch; momentum (SGD's,
 * RMSprop's: in 1.13 an optimizer without 'momentum', Adam included, needs cycle_momentum=false) cycles inversely.
 */
export class CyclicLR extends LRScheduler {
  declare max_lrs: number[];
  declare total_size: number;
  declare step_ratio: number;
  declare mode: string;
  declare gamma: number;
  declare _scale_fn_custom: ScaleFn | null;
  /** Python's WeakMethod of the mode's scale function: called, it gives the function (null with a scale_fn). */
  declare _scale_fn_ref: (() => ScaleFn) | null;
  declare scale_mode: string;
  declare cycle_momentum: boolean;
  declare base_momentums?: number[];
  declare max_momentums?: number[];
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: (Arg | number[] | string | null | ScaleFn)[]]) {
    const o = bind("CyclicLR.__init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode='triangular', gamma=1.0, scale_fn=None, scale_mode='cycle', cycle_momentum=True, base_momentum=0.8, max_momentum=0.9, last_epoch=-1, verbose=False)", args);
    const optimizer = o.optimizer;
    checkOptimizer(optimizer);
    const base_lrs = formatParam('base_lr', optimizer, o.base_lr) as number[];
    if (o.last_epoch === -1) optimizer.param_groups.forEach((group, i) => { if (i < base_lrs.length) group.lr = base_lrs[i]; });
    const max_lrs = formatParam('max_lr', optimizer, o.max_lr) as number[];
    const step_size_up = toFloat(o.step_size_up);
    const step_size_down = o.step_size_down !== null ? toFloat(o.step_size_down) : step_size_up;
    const total_size = step_size_up + step_size_down;
    const step_ratio = pyDiv(step_size_up, total_size);
    const mode = o.mode as string, scale_fn = o.scale_fn as ScaleFn | null;
    if (mode !== 'triangular' && mode !== 'triangular2' && mode !== 'exp_range' && scale_fn === null)
      throw new ValueError('mode is invalid and scale_fn is None');
    // (_scale_fn_ref, the mode's function, is made at its first use: the first step)
    const fields: Kw = { max_lrs, total_size, step_ratio, mode, gamma: o.gamma, _scale_fn_custom: scale_fn, _scale_fn_ref: null,
      scale_mode: scale_fn !== null ? o.scale_mode : mode === 'exp_range' ? 'iterations' : 'cycle' };
    const cycle_momentum = o.cycle_momentum as boolean;
    fields.cycle_momentum = cycle_momentum;
    if (cycle_momentum) {
      if (!('momentum' in optimizer.defaults)) throw new ValueError('optimizer must support momentum with `cycle_momentum` option enabled');
      const base_momentums = formatParam('base_momentum', optimizer, o.base_momentum) as number[];
      if (o.last_epoch === -1) optimizer.param_groups.forEach((group, i) => { if (i < base_momentums.length) group.momentum = base_momentums[i]; });
      fields.base_momentums = optimizer.param_groups.map((g) => g.momentum);
      fields.max_momentums = formatParam('max_momentum', optimizer, o.max_momentum);
    }
    super(optimizer, o.last_epoch as number, !!o.verbose, fields);
    this.base_lrs = base_lrs;
  }
  /** The scale function of the mode, or scale_fn. */
  scale_fn(...args: [x: number | Kw, kw?: Kw]): number {
    const { x } = bind('CyclicLR.scale_fn(self, x)', args) as { x: number };
    if (this._scale_fn_custom !== null) {
      const fn = this._scale_fn_custom as unknown;
      if (typeof fn !== 'function') throw new TypeError(`'${pyType(fn)}' object is not callable`);
      return (fn as ScaleFn)(x);
    }
    return (this._scale_fn_ref ?? this._modeRef())()(x);
  }
  /** The WeakMethod PyTorch keeps for the mode's function. */
  private _modeRef(): () => ScaleFn {
    const fn = this.mode === 'triangular' ? this._triangular_scale_fn : this.mode === 'triangular2' ? this._triangular2_scale_fn : this._exp_range_scale_fn;
    const ref = () => fn.bind(this);
    this._scale_fn_ref = ref;
    return ref;
  }
  _triangular_scale_fn(_x: number): number { return 1.0; }
  _triangular2_scale_fn(x: number): number { return 1 / powCR(2.0, x - 1); }
  _exp_range_scale_fn(x: number): number {
    const gamma = this.gamma as unknown;
    if (typeof gamma !== 'number' && typeof gamma !== 'boolean')
      throw new TypeError(`unsupported operand type(s) for ** or pow(): '${pyType(gamma)}' and 'int'`);
    return powCR(Number(gamma), x);
  }
  /** The learning rates at batch last_epoch; with cycle_momentum it also sets each group's momentum. */
  get_lr(): number[] {
    this._warnGetLr();
    const e = this.last_epoch;
    const cycle = Math.floor(1 + e / this.total_size);
    const x = 1.0 + e / this.total_size - cycle;
    const scale_factor = x <= this.step_ratio ? pyDiv(x, this.step_ratio) : pyDiv(x - 1, this.step_ratio - 1);
    const at = this.scale_mode === 'cycle' ? cycle : e;
    const lrs = this.base_lrs.slice(0, this.max_lrs.length).map((base_lr, i) => {
      const base_height = (this.max_lrs[i] - base_lr) * scale_factor;
      return base_lr + base_height * this.scale_fn(at);
    });
    if (this.cycle_momentum) {
      const base = this.base_momentums as number[], max = this.max_momentums as number[];
      const momentums = base.slice(0, max.length).map((base_momentum, i) => {
        const base_height = (max[i] - base_momentum) * scale_factor;
        return max[i] - base_height * this.scale_fn(at);
      });
      this.optimizer.param_groups.forEach((group, i) => { if (i < momentums.length) group.momentum = momentums[i]; });
    }
    return lrs;
  }
}

/** Python's len(v), with its TypeError for what has none. */
function len(v: unknown): number {
  if (Array.isArray(v) || typeof v === 'string') return v.length;
  throw new TypeError(`object of type '${pyType(v)}' has no len()`);
}
/** Python's v[i] of a list (IndexError past its end). */
function item<T>(v: T[], i: number): T {
  if (i >= v.length) throw new IndexError('list index out of range');
  return v[i];
}
/** Python's getattr(v, name), with its AttributeError where v has no such attribute. */
function attr(v: unknown, name: string): unknown {
  const a = v === null || v === undefined ? undefined : (v as Kw)[name];
  if (a === undefined) throw new AttributeError(`'${pyType(v)}' object has no attribute '${name}'`);
  return a;
}
/** Python's bisect.bisect_right(a, x). */
function bisectRight(a: number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]) hi = mid; else lo = mid + 1;
  }
  return lo;
}
/** A child scheduler as the wrappers call it (any _LRScheduler; its methods looked up as Python would). */
interface Child { optimizer: Optimizer; last_epoch: number; step(epoch?: number): void; get_last_lr(): number[]; state_dict(): Kw; load_state_dict(sd: Kw): void }
const call = (s: unknown, name: string, ...args: unknown[]): unknown => (attr(s, name) as (...a: unknown[]) => unknown).apply(s, args);

/** The state_dict of SequentialLR and ChainedScheduler: theirs but the optimizer, and each child's. */
function wrapperState(self: { _schedulers: unknown[] }): Kw {
  const out: Kw = {};
  for (const [k, v] of Object.entries(self)) if (k !== 'optimizer' && k !== '_schedulers') out[k] = Array.isArray(v) ? v.slice() : v;
  out._schedulers = self._schedulers.map((s) => call(s, 'state_dict'));
  return out;
}
function loadWrapperState(self: { _schedulers: unknown[] }, sd: Kw): void {
  if (!('_schedulers' in sd)) throw new KeyError("'_schedulers'");
  const { _schedulers, ...rest } = sd;
  Object.assign(self, rest);
  (_schedulers as Kw[]).forEach((s, i) => call(item(self._schedulers, i), 'load_state_dict', s));
}

/**
 * new SequentialLR(optimizer, schedulers, milestones, last_epoch=-1, verbose=false): schedulers[i] drives
 * the learning rate from milestones[i-1] on (stepped with step(0) at its milestone); verbose does nothing.
 */
export class SequentialLR extends LRScheduler {
  declare _schedulers: LRScheduler[];
  declare _milestones: number[];
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: (Arg | LRScheduler[] | number[])[]]) {
    const o = bind('SequentialLR.__init__(self, optimizer, schedulers, milestones, last_epoch=-1, verbose=False)', args);
    super(NO_INIT as unknown as Optimizer);
    const optimizer = o.optimizer as Optimizer, schedulers = o.schedulers as unknown as Child[], milestones = o.milestones as number[];
    const n = len(schedulers);
    for (let i = 0; i < n; i++) {
      if (attr(schedulers[i], 'optimizer') !== optimizer)
        throw new ValueError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
      if (attr(schedulers[i], 'optimizer') !== attr(schedulers[0], 'optimizer'))
        throw new ValueError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different.`);
    }
    if (len(milestones) !== n - 1)
      throw new ValueError(`Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${n} and the number of milestones to be equal to ${len(milestones)}`);
    this._schedulers = schedulers as unknown as LRScheduler[];
    this._milestones = milestones;
    this.last_epoch = (o.last_epoch as number) + 1;
    this.optimizer = optimizer;
    // reset the learning rates to their initial values and undo the step the schedulers took
    for (const group of optimizer.param_groups) {
      if (!('initial_lr' in group)) throw new KeyError("'initial_lr'");
      group.lr = group.initial_lr as number;
    }
    for (const s of schedulers) s.last_epoch = (attr(s, 'last_epoch') as number) - 1;
    // the initial step for the first scheduler only
    call(schedulers[0], '_initial_step');
    this._last_lr = call(schedulers[0], 'get_last_lr') as number[];
  }
  get_lr(): number[] { throw new NotImplementedError(''); }
  override step(...args: [Kw?]): void {
    bind('SequentialLR.step(self)', args);
    this.last_epoch += 1;
    const idx = bisectRight(this._milestones, this.last_epoch);
    const scheduler = item(this._schedulers, idx);
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) call(scheduler, 'step', 0);
    else call(scheduler, 'step');
    this._last_lr = call(scheduler, 'get_last_lr') as number[];
  }
  /** Its state but the optimizer, with each scheduler's state_dict under '_schedulers'. */
  override state_dict(...args: [Kw?]): Kw {
    bind('SequentialLR.state_dict(self)', args);
    return wrapperState(this);
  }
  override load_state_dict(...args: [state_dict: Kw, kw?: Kw]): void {
    loadWrapperState(this, bind('SequentialLR.load_state_dict(self, state_dict: dict)', args).state_dict as Kw);
  }
}

/** new ChainedScheduler(schedulers): step() steps every scheduler (all of one optimizer) in turn. */
export class ChainedScheduler extends LRScheduler {
  declare _schedulers: LRScheduler[];
  constructor(...args: [schedulers: LRScheduler[] | Kw, kw?: Kw]) {
    const o = bind('ChainedScheduler.__init__(self, schedulers)', args);
    super(NO_INIT as unknown as Optimizer);
    const schedulers = o.schedulers as unknown as Child[];
    const n = len(schedulers);
    for (let i = 1; i < n; i++)
      if (attr(schedulers[i], 'optimizer') !== attr(schedulers[0], 'optimizer'))
        throw new ValueError(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
    this._schedulers = [...schedulers] as unknown as LRScheduler[];
    this.optimizer = attr(item(schedulers, 0), 'optimizer') as Optimizer;
    this._last_lr = (attr(schedulers[n - 1], 'optimizer') as Optimizer).param_groups.map((g) => g.lr);
  }
  get_lr(): number[] { throw new NotImplementedError(''); }
  override step(...args: [Kw?]): void {
    bind('ChainedScheduler.step(self)', args);
    for (const s of this._schedulers) call(s, 'step');
    this._last_lr = this._schedulers[this._schedulers.length - 1].optimizer.param_groups.map((g) => g.lr);
  }
  /** Its state but the optimizer, with each scheduler's state_dict under '_schedulers'. */
  override state_dict(...args: [Kw?]): Kw {
    bind('ChainedScheduler.state_dict(self)', args);
    return wrapperState(this);
  }
  override load_state_dict(...args: [state_dict: Kw, kw?: Kw]): void {
    loadWrapperState(this, bind('ChainedScheduler.load_state_dict(self, state_dict: dict)', args).state_dict as Kw);
  }
}
