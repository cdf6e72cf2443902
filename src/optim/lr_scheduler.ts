// torch.optim.lr_scheduler (PyTorch 1.13): LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR,
// LinearLR, ExponentialLR, CosineAnnealingLR and OneCycleLR with PyTorch's recursive (chainable) get_lr
// and, where 1.13 has one, its closed form (step(epoch)); ReduceLROnPlateau, which in 1.13 is no
// _LRScheduler. The _LRScheduler base is in _lr_base.ts; PolynomialLR, CosineAnnealingWarmRestarts,
// CyclicLR, SequentialLR and ChainedScheduler in lr_scheduler_more.ts (re-exported here).
import { Optimizer } from './optimizer.js';
import { AttributeError, KeyError, ValueError, warn } from '../tensor/errors.js';
import { bind, pyType, type Kw } from '../tensor/args.js';
import { pyMod } from '../tensor/python.js';
import { Tensor } from '../tensor/tensor.js';
import { checkNumber } from './_common.js';
import { cosCR, powCR } from './_kernels.js';
import {
  EPOCH_DEPRECATION_WARNING, LRScheduler, checkOptimizer, epochStr, fmtE4, formatParam, notPositive, pyDiv, str, toFloat,
  isPyInt as isInt, type Arg,
} from './_lr_base.js';

export { LRScheduler, _LRScheduler } from './_lr_base.js';
export { PolynomialLR, CosineAnnealingWarmRestarts, CyclicLR, SequentialLR, ChainedScheduler } from './lr_scheduler_more.js';


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
      return this.base_lrs.map((b) => eta + (b - eta) * (1 + cosCR(e * Math.PI / T)) / 2);
    if (pyMod(e - 1 - T, 2 * T) === 0)
      return groups.map((g, i) => g.lr + (this.base_lrs[i] - eta) * (1 - cosCR(Math.PI / T)) / 2);
    return groups.map((g) => (1 + cosCR(Math.PI * e / T)) / (1 + cosCR(Math.PI * (e - 1) / T)) * (g.lr - eta) + eta);
  }
  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => this.eta_min + (b - this.eta_min) * (1 + cosCR(Math.PI * this.last_epoch / this.T_max)) / 2);
  }
}


/** lmbda(epoch), with Python's error for what is not callable. */
function callLambda(fn: unknown, epoch: number): number {
  if (typeof fn !== 'function') throw new TypeError(`'${pyType(fn)}' object is not callable`);
  return (fn as (e: number) => number)(epoch);
}

/** LambdaLR's and MultiplicativeLR's lr_lambdas: one function per group (PyTorch reads optimizer.param_groups before checking the optimizer). */
function lrLambdas(optimizer: unknown, lr_lambda: unknown): unknown[] {
  const groups = optimizer === null || optimizer === undefined ? undefined : (optimizer as { param_groups?: unknown }).param_groups;
  if (!Array.isArray(groups)) throw new AttributeError(`'${pyType(optimizer)}' object has no attribute 'param_groups'`);
  if (!Array.isArray(lr_lambda)) return groups.map(() => lr_lambda);
  if (lr_lambda.length !== groups.length) throw new ValueError(`Expected ${groups.length} lr_lambdas, but got ${lr_lambda.length}`);
  return lr_lambda.slice();
}

/** The state_dict of LambdaLR and MultiplicativeLR: their functions are not saved (null per group). */
abstract class LambdaScheduler extends LRScheduler {
  declare lr_lambdas: ((epoch: number) => number)[];
  override state_dict(...args: [Kw?]): Kw {
    bind('_LRScheduler.state_dict(self)', args);
    const out: Kw = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer' && k !== 'lr_lambdas') out[k] = Array.isArray(v) ? v.slice() : v;
    out.lr_lambdas = this.lr_lambdas.map(() => null);
    return out;
  }
  override load_state_dict(...args: [state_dict: Kw, kw?: Kw]): void {
    const sd = bind('_LRScheduler.load_state_dict(self, state_dict: dict)', args).state_dict as Kw;
    if (!('lr_lambdas' in sd)) throw new KeyError("'lr_lambdas'");
    const { lr_lambdas, ...rest } = sd;
    Object.assign(this, rest);
    (lr_lambdas as (Kw | null)[]).forEach((fn, i) => { if (fn) Object.assign(this.lr_lambdas[i], fn); });
  }
}

/** new LambdaLR(optimizer, lr_lambda, last_epoch=-1, verbose=false): lr = initial lr * lr_lambda(epoch); lr_lambda a function or one per group. */
export class LambdaLR extends LambdaScheduler {
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: (Arg | ((epoch: number) => number) | ((epoch: number) => number)[])[]]) {
    const o = bind('LambdaLR.__init__(self, optimizer, lr_lambda, last_epoch=-1, verbose=False)', args);
    const lr_lambdas = lrLambdas(o.optimizer, o.lr_lambda);
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose, { lr_lambdas });
  }
  get_lr(): number[] {
    this._warnGetLr();
    return this.base_lrs.map((b, i) => b * callLambda(this.lr_lambdas[i], this.last_epoch));
  }
}

/** new MultiplicativeLR(optimizer, lr_lambda, last_epoch=-1, verbose=false): lr *= lr_lambda(epoch) each epoch after the first. */
export class MultiplicativeLR extends LambdaScheduler {
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: (Arg | ((epoch: number) => number) | ((epoch: number) => number)[])[]]) {
    const o = bind('MultiplicativeLR.__init__(self, optimizer, lr_lambda, last_epoch=-1, verbose=False)', args);
    const lr_lambdas = lrLambdas(o.optimizer, o.lr_lambda);
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose, { lr_lambdas });
  }
  get_lr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.param_groups;
    if (this.last_epoch > 0) return groups.map((g, i) => g.lr * callLambda(this.lr_lambdas[i], this.last_epoch));
    return groups.map((g) => g.lr);
  }
}

/** new MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1, verbose=false): lr *= gamma at each milestone. */
export class MultiStepLR extends LRScheduler {
  /** Python's Counter(milestones): milestone -> how many times it was listed. */
  declare milestones: Record<number, number>;
  declare gamma: number;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: (Arg | number[])[]]) {
    const o = bind('MultiStepLR.__init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1, verbose=False)', args);
    const m = o.milestones;
    if (m === null || m === undefined || typeof m === 'string' || typeof (m as Iterable<unknown>)[Symbol.iterator] !== 'function')
      throw new TypeError(`'${pyType(m)}' object is not iterable`);
    const milestones: Record<number, number> = {};
    for (const e of m as Iterable<number>) milestones[e] = (Object.prototype.hasOwnProperty.call(milestones, e) ? milestones[e] : 0) + 1;
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose, { milestones, gamma: o.gamma });
  }
  get_lr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.param_groups;
    if (!Object.prototype.hasOwnProperty.call(this.milestones, this.last_epoch)) return groups.map((g) => g.lr);
    const n = this.milestones[this.last_epoch];
    return groups.map((g) => g.lr * powCR(this.gamma, n));
  }
  protected override _get_closed_form_lr(): number[] {
    let passed = 0; // bisect_right(sorted(milestones.elements()), last_epoch)
    for (const [k, n] of Object.entries(this.milestones)) if (Number(k) <= this.last_epoch) passed += n;
    return this.base_lrs.map((b) => b * powCR(this.gamma, passed));
  }
}

/** new ConstantLR(optimizer, factor=1/3, total_iters=5, last_epoch=-1, verbose=false): lr * factor until total_iters. */
export class ConstantLR extends LRScheduler {
  declare factor: number;
  declare total_iters: number;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: Arg[]]) {
    const o = bind('ConstantLR.__init__(self, optimizer, factor=0.3333333333333333, total_iters=5, last_epoch=-1, verbose=False)', args);
    const factor = checkNumber('factor', o.factor);
    if (factor > 1.0 || factor < 0) throw new ValueError('Constant multiplicative factor expected to be between 0 and 1.');
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose, { factor, total_iters: o.total_iters });
  }
  get_lr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.param_groups, e = this.last_epoch;
    if (e === 0) return groups.map((g) => g.lr * this.factor);
    if (e > this.total_iters || e !== this.total_iters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * pyDiv(1.0, this.factor));
  }
  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * (this.factor + (this.last_epoch >= this.total_iters ? 1 : 0) * (1 - this.factor)));
  }
}

/** new LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5, last_epoch=-1, verbose=false) */
export class LinearLR extends LRScheduler {
  declare start_factor: number;
  declare end_factor: number;
  declare total_iters: number;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: Arg[]]) {
    const o = bind('LinearLR.__init__(self, optimizer, start_factor=0.3333333333333333, end_factor=1.0, total_iters=5, last_epoch=-1, verbose=False)', args);
    const start_factor = checkNumber('start_factor', o.start_factor), end_factor = checkNumber('end_factor', o.end_factor);
    if (start_factor > 1.0 || start_factor < 0) throw new ValueError('Starting multiplicative factor expected to be between 0 and 1.');
    if (end_factor > 1.0 || end_factor < 0) throw new ValueError('Ending multiplicative factor expected to be between 0 and 1.');
    super(o.optimizer as Optimizer, o.last_epoch as number, !!o.verbose, { start_factor, end_factor, total_iters: o.total_iters });
  }
  get_lr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.param_groups, e = this.last_epoch, s = this.start_factor, d = this.end_factor - this.start_factor;
    if (e === 0) return groups.map((g) => g.lr * s);
    if (e > this.total_iters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + pyDiv(d, this.total_iters * s + (e - 1) * d)));
  }
  protected override _get_closed_form_lr(): number[] {
    const s = this.start_factor, d = this.end_factor - this.start_factor;
    return this.base_lrs.map((b) => b * (s + pyDiv(d * Math.min(this.total_iters, this.last_epoch), this.total_iters)));
  }
}

interface OneCyclePhase { end_step: number; start_lr: string; end_lr: string; start_momentum: string; end_momentum: string }

function annealingCos(start: number, end: number, pct: number): number {
  const cos_out = cosCR(Math.PI * pct) + 1;
  return end + (start - end) / 2.0 * cos_out;
}
function annealingLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

/**
 * new OneCycleLR(optimizer, max_lr, total_steps=null, epochs=null, steps_per_epoch=null, pct_start=0.3,
 * anneal_strategy='cos', cycle_momentum=true, base_momentum=0.85, max_momentum=0.95, div_factor=25,
 * final_div_factor=1e4, three_phase=false, last_epoch=-1, verbose=false): the 1cycle policy, stepped per batch.
 */
export class OneCycleLR extends LRScheduler {
  declare total_steps: number;
  declare _schedule_phases: OneCyclePhase[];
  declare anneal_func: (start: number, end: number, pct: number) => number;
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;
  constructor(...args: [optimizer: Optimizer | Kw, ...rest: (Arg | number[] | string | null)[]]) {
    const o = bind("OneCycleLR.__init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0, three_phase=False, last_epoch=-1, verbose=False)", args);
    const optimizer = o.optimizer;
    checkOptimizer(optimizer);
    let total_steps: number;
    if (o.total_steps === null && o.epochs === null && o.steps_per_epoch === null)
      throw new ValueError('You must define either total_steps OR (epochs AND steps_per_epoch)');
    else if (o.total_steps !== null) {
      if (notPositive(o.total_steps) || !isInt(o.total_steps)) throw new ValueError(`Expected positive integer total_steps, but got ${str(o.total_steps)}`);
      total_steps = Number(o.total_steps);
    } else {
      if (notPositive(o.epochs) || !isInt(o.epochs)) throw new ValueError(`Expected positive integer epochs, but got ${str(o.epochs)}`);
      if (notPositive(o.steps_per_epoch) || !isInt(o.steps_per_epoch)) throw new ValueError(`Expected positive integer steps_per_epoch, but got ${str(o.steps_per_epoch)}`);
      total_steps = Number(o.epochs) * Number(o.steps_per_epoch);
    }
    const pct_start = o.pct_start as number;
    const _schedule_phases: OneCyclePhase[] = o.three_phase ? [
      { end_step: pct_start * total_steps - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
      { end_step: 2 * pct_start * total_steps - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
      { end_step: total_steps - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
    ] : [
      { end_step: pct_start * total_steps - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
      { end_step: total_steps - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
    ];
    // (JavaScript has one number type: an integral pct_start, which Python rejects as not a float, is taken)
    if (typeof pct_start !== 'number' || pct_start < 0 || pct_start > 1 || Number.isNaN(pct_start))
      throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${str(pct_start)}`);
    if (o.anneal_strategy !== 'cos' && o.anneal_strategy !== 'linear')
      throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${str(o.anneal_strategy)}`);
    const anneal_func = o.anneal_strategy === 'cos' ? annealingCos : annealingLinear;
    const max_lrs = formatParam('max_lr', optimizer, o.max_lr) as number[];
    const div_factor = o.div_factor as number, final_div_factor = o.final_div_factor as number;
    if (o.last_epoch === -1)
      optimizer.param_groups.forEach((group, idx) => {
        group.initial_lr = max_lrs[idx] / div_factor;
        group.max_lr = max_lrs[idx];
        group.min_lr = (group.initial_lr as number) / final_div_factor;
      });
    const cycle_momentum = !!o.cycle_momentum;
    const fields: Kw = { total_steps, _schedule_phases, anneal_func, cycle_momentum };
    if (cycle_momentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults))
        throw new ValueError('optimizer must support momentum with `cycle_momentum` option enabled');
      const use_beta1 = 'betas' in optimizer.defaults;
      fields.use_beta1 = use_beta1;
      const max_momentums = formatParam('max_momentum', optimizer, o.max_momentum) as number[];
      const base_momentums = formatParam('base_momentum', optimizer, o.base_momentum) as number[];
      if (o.last_epoch === -1)
        optimizer.param_groups.forEach((group, i) => {
          if (i >= max_momentums.length || i >= base_momentums.length) return;
          if (use_beta1) group.betas = [max_momentums[i], ...(group.betas as number[]).slice(1)];
          else group.momentum = max_momentums[i];
          group.max_momentum = max_momentums[i];
          group.base_momentum = base_momentums[i];
        });
    }
    super(optimizer, o.last_epoch as number, !!o.verbose, fields);
  }
  get_lr(): number[] {
    this._warnGetLr();
    const lrs: number[] = [];
    const step_num = this.last_epoch, phases = this._schedule_phases;
    if (step_num > this.total_steps)
      throw new ValueError(`Tried to step ${step_num + 1} times. The specified number of total steps is ${this.total_steps}`);
    for (const group of this.optimizer.param_groups) {
      let start_step = 0, computed_lr = 0, computed_momentum = 0;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i], end_step = phase.end_step;
        if (step_num <= end_step || i === phases.length - 1) {
          const pct = pyDiv(step_num - start_step, end_step - start_step);
          computed_lr = this.anneal_func(group[phase.start_lr] as number, group[phase.end_lr] as number, pct);
          if (this.cycle_momentum) computed_momentum = this.anneal_func(group[phase.start_momentum] as number, group[phase.end_momentum] as number, pct);
          break;
        }
        start_step = phase.end_step;
      }
      lrs.push(computed_lr);
      if (this.cycle_momentum) {
        if (this.use_beta1) group.betas = [computed_momentum, ...(group.betas as number[]).slice(1)];
        else group.momentum = computed_momentum;
      }
    }
    return lrs;
  }
}

/**
 * new ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel',
 * cooldown=0, min_lr=0, eps=1e-8, verbose=false); step(metrics) once per epoch. As in PyTorch 1.13 it is
 * not an _LRScheduler (no get_last_lr; `_last_lr` holds the learning rates after the last step).
 */
export class ReduceLROnPlateau {
  factor: number;
  optimizer: Optimizer;
  min_lrs: number[];
  patience: number;
  verbose: boolean;
  cooldown: number;
  cooldown_counter = 0;
  mode: string;
  threshold: number;
  threshold_mode: string;
  best: number | null = null;
  num_bad_epochs: number | null = null;
  mode_worse: number | null = null;
  eps: number;
  last_epoch = 0;
  declare _last_lr?: number[];

  constructor(...args: [optimizer: Optimizer | Kw, ...rest: (Arg | string | number[])[]]) {
    const o = bind("ReduceLROnPlateau.__init__(self, optimizer, mode='min', factor=0.1, patience=10, threshold=0.0001, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-08, verbose=False)", args);
    const factor = checkNumber('factor', o.factor);
    if (factor >= 1.0) throw new ValueError('Factor should be < 1.0.');
    this.factor = factor;
    const optimizer = o.optimizer;
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    const min_lr = o.min_lr;
    if (Array.isArray(min_lr)) {
      if (min_lr.length !== optimizer.param_groups.length)
        throw new ValueError(`expected ${optimizer.param_groups.length} min_lrs, got ${min_lr.length}`);
      this.min_lrs = min_lr.slice();
    } else this.min_lrs = optimizer.param_groups.map(() => min_lr as number);
    this.patience = o.patience as number;
    this.verbose = !!o.verbose;
    this.cooldown = o.cooldown as number;
    this.mode = o.mode as string;
    this.threshold = o.threshold as number;
    this.threshold_mode = o.threshold_mode as string;
    this.eps = o.eps as number;
    this._init_is_better(this.mode, this.threshold, this.threshold_mode);
    this._reset();
  }

  /** Resets num_bad_epochs counter and cooldown counter. */
  protected _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }

  /** One epoch: `metrics` is the monitored quantity (a number or a one-element tensor). */
  step(...args: [metrics: number | Tensor | Kw, epoch?: number | null | Kw, kw?: Kw]): void {
    const a = bind('ReduceLROnPlateau.step(self, metrics, epoch=None)', args);
    const current = toFloat(a.metrics);
    let epoch = a.epoch as number | null;
    if (epoch === null) epoch = this.last_epoch + 1;
    else warn(EPOCH_DEPRECATION_WARNING);
    this.last_epoch = epoch;
    if (this.is_better(current, this.best as number)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else this.num_bad_epochs = (this.num_bad_epochs as number) + 1;
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0; // ignore any bad epochs in cooldown
    }
    if ((this.num_bad_epochs as number) > this.patience) {
      this._reduce_lr(epoch);
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  protected _reduce_lr(epoch: number): void {
    this.optimizer.param_groups.forEach((group, i) => {
      const old_lr = toFloat(group.lr);
      const new_lr = Math.max(old_lr * this.factor, this.min_lrs[i]);
      if (old_lr - new_lr > this.eps) {
        group.lr = new_lr;
        if (this.verbose) console.log(`Epoch ${epochStr(epoch)}: reducing learning rate of group ${i} to ${fmtE4(new_lr)}.`);
      }
    });
  }

  get in_cooldown(): boolean { return this.cooldown_counter > 0; }

  is_better(a: number, best: number): boolean {
    if (this.mode === 'min' && this.threshold_mode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min' && this.threshold_mode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.threshold_mode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  protected _init_is_better(mode: string, threshold: number, threshold_mode: string): void {
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`mode ${mode} is unknown!`);
    if (threshold_mode !== 'rel' && threshold_mode !== 'abs') throw new ValueError(`threshold mode ${threshold_mode} is unknown!`);
    this.mode_worse = mode === 'min' ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.threshold_mode = threshold_mode;
  }

  state_dict(...args: [Kw?]): Kw {
    bind('ReduceLROnPlateau.state_dict(self)', args);
    const out: Kw = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer') out[k] = Array.isArray(v) ? v.slice() : v;
    return out;
  }
  load_state_dict(...args: [state_dict: Kw, kw?: Kw]): void {
    Object.assign(this, bind('ReduceLROnPlateau.load_state_dict(self, state_dict: dict)', args).state_dict);
    this._init_is_better(this.mode, this.threshold, this.threshold_mode);
  }
}
