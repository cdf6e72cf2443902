// Activation modules over the functional ops of functional/activations_more.ts (and torch.tanh /
// torch.sigmoid): PyTorch 1.13's constructor signatures, forward, and extra_repr as print(model) shows it.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind, perClass, type Kw } from '../../tensor/args.js';
import { warn, AssertionError } from '../../tensor/errors.js';
import { pyFloat, pyNum } from '../../tensor/python.js';
import { sigmoid, tanh } from '../../ops/elementwise.js';
import { elu, gelu, hardtanh, leaky_relu, logsigmoid, silu, softmin, softplus } from '../functional/activations_more.js';

/** forward's binder, parsed once per class (the text names the class). */
const FORWARD = perClass((c) => `${c.name}.forward(self, input)`);

/** A module with no state whose forward applies `fn` (Tanh, Sigmoid, LogSigmoid). */
abstract class _Stateless extends Module {
  // these classes have no __init__ of their own in PyTorch: Module's binds (and names itself in errors)
  constructor(args: unknown[]) { super(); bind('Module.__init__(self)', args); }
  protected abstract fn(x: Tensor): Tensor;
  forward(...args: [input: Tensor]): Tensor { return this.fn(FORWARD(this, args).input as Tensor); }
}
export class Tanh extends _Stateless {
  constructor(...args: [Kw?]) { super(args); }
  protected fn(x: Tensor): Tensor { return tanh(x); }
}
export class Sigmoid extends _Stateless {
  constructor(...args: [Kw?]) { super(args); }
  protected fn(x: Tensor): Tensor { return sigmoid(x); }
}
export class LogSigmoid extends _Stateless {
  constructor(...args: [Kw?]) { super(args); }
  protected fn(x: Tensor): Tensor { return logsigmoid(x); }
}

/** extra_repr's ', inplace=True' when set. */
export const inplaceStr = (inplace: boolean): string => (inplace ? ', inplace=True' : '');

export class LeakyReLU extends Module {
  negative_slope: number;
  inplace: boolean;
  constructor(negative_slope?: number | { negative_slope?: number; inplace?: boolean }, inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('LeakyReLU.__init__(self, negative_slope=0.01, inplace=False)', args);
    this.negative_slope = kw.negative_slope as number;
    this.inplace = !!kw.inplace;
  }
  forward(...args: [input: Tensor]): Tensor {
    return leaky_relu(bind('LeakyReLU.forward(self, input)', args).input as Tensor, this.negative_slope, this.inplace);
  }
  override extra_repr(): string { return `negative_slope=${pyFloat(this.negative_slope)}${inplaceStr(this.inplace)}`; }
}

export class ELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(alpha?: number | { alpha?: number; inplace?: boolean }, inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('ELU.__init__(self, alpha=1.0, inplace=False)', args);
    this.alpha = kw.alpha as number;
    this.inplace = !!kw.inplace;
  }
  forward(...args: [input: Tensor]): Tensor { return elu(bind('ELU.forward(self, input)', args).input as Tensor, this.alpha, this.inplace); }
  override extra_repr(): string { return `alpha=${pyFloat(this.alpha)}${inplaceStr(this.inplace)}`; }
}

export class GELU extends Module {
  approximate: string;
  constructor(approximate?: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    this.approximate = bind("GELU.__init__(self, approximate='none')", args).approximate as string;
  }
  forward(...args: [input: Tensor]): Tensor {
    return gelu(bind('GELU.forward(self, input)', args).input as Tensor, { approximate: this.approximate as 'none' | 'tanh' });
  }
  override extra_repr(): string { return `approximate='${this.approximate}'`; }
}

export class SiLU extends Module {
  inplace: boolean;
  constructor(inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(); this.inplace = !!bind('SiLU.__init__(self, inplace=False)', args).inplace; }
  forward(...args: [input: Tensor]): Tensor { return silu(bind('SiLU.forward(self, input)', args).input as Tensor, this.inplace); }
  override extra_repr(): string { return this.inplace ? 'inplace=True' : ''; }
}

export class Softplus extends Module {
  beta: number;
  threshold: number;
  constructor(beta?: number | { beta?: number; threshold?: number }, threshold?: number | { threshold?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Softplus.__init__(self, beta=1, threshold=20)', args);
    this.beta = kw.beta as number;
    this.threshold = kw.threshold as number;
  }
  forward(...args: [input: Tensor]): Tensor { return softplus(bind('Softplus.forward(self, input)', args).input as Tensor, this.beta, this.threshold); }
  // beta and threshold default to Python ints, so they print without a decimal point
  override extra_repr(): string { return `beta=${pyNum(this.beta)}, threshold=${pyNum(this.threshold)}`; }
}

export interface HardtanhArgs { min_val?: number; max_val?: number; inplace?: boolean; min_value?: number | null; max_value?: number | null }
export class Hardtanh extends Module {
  min_val: number;
  max_val: number;
  inplace: boolean;
  constructor(min_val?: number | HardtanhArgs, max_val?: number | HardtanhArgs, inplace?: boolean | HardtanhArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Hardtanh.__init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None)', args);
    if (kw.min_value !== null) { warn('keyword argument min_value is deprecated and rename to min_val'); kw.min_val = kw.min_value; }
    if (kw.max_value !== null) { warn('keyword argument max_value is deprecated and rename to max_val'); kw.max_val = kw.max_value; }
    this.min_val = kw.min_val as number;
    this.max_val = kw.max_val as number;
    this.inplace = !!kw.inplace;
    // PyTorch's bare `assert self.max_val > self.min_val`
    if (!(this.max_val > this.min_val)) throw new AssertionError('');
  }
  forward(...args: [input: Tensor]): Tensor {
    return hardtanh(FORWARD(this, args).input as Tensor, this.min_val, this.max_val, this.inplace);
  }
  override extra_repr(): string { return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${inplaceStr(this.inplace)}`; }
}

/** ReLU6(inplace=False): Hardtanh(0., 6., inplace), as in PyTorch. */
export class ReLU6 extends Hardtanh {
  constructor(inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(0, 6, !!bind('ReLU6.__init__(self, inplace=False)', args).inplace); }
  override extra_repr(): string { return this.inplace ? 'inplace=True' : ''; }
}

export class Softmin extends Module {
  dim: number | null;
  constructor(dim?: number | null | { dim?: number | null });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(); this.dim = bind('Softmin.__init__(self, dim=None)', args).dim as number | null; }
  forward(...args: [input: Tensor]): Tensor { return softmin(bind('Softmin.forward(self, input)', args).input as Tensor, this.dim); }
  override extra_repr(): string { return `dim=${this.dim ?? 'None'}`; }
}
