// torch.optim.Adagrad (PyTorch 1.13): lr_decay, weight_decay, initial_accumulator_value, eps, maximize.
// Every parameter's state (step: a float32 scalar tensor, sum) is created by the constructor, as in PyTorch.
import { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';
import { KeyError, ValueError } from '../tensor/errors.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { bind } from '../tensor/args.js';
import { pyNum } from '../tensor/python.js';
import { adagrad32, adagrad64, type F32, type F64 } from './_kernels.js';
import { gradData, checkNumber } from './_common.js';

export interface AdagradOptions {
  lr?: number; lr_decay?: number; weight_decay?: number; initial_accumulator_value?: number; eps?: number;
  foreach?: boolean | null; maximize?: boolean;
}

const f = Math.fround;
/** -lr / (1 + (step - 1) * lr_decay) as float32 tensor ops on the step tensor (the foreach path). */
function minusClr32(lr: number, lr_decay: number, step: number): number {
  const t = f(f(f(step - 1) * f(lr_decay)) + 1);
  return f(f(1 / t) * f(-lr));
}

export class Adagrad extends Optimizer {
  /** new Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, foreach=null, {maximize}) */
  constructor(...args: [params: Params | AdagradOptions, ...rest: (number | boolean | null | AdagradOptions | undefined)[]]) {
    const o = bind('Adagrad.__init__(self, params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False)', args);
    const lr = checkNumber('lr', o.lr), lr_decay = checkNumber('lr_decay', o.lr_decay);
    const weight_decay = checkNumber('weight_decay', o.weight_decay), eps = checkNumber('eps', o.eps);
    const initial_accumulator_value = checkNumber('initial_accumulator_value', o.initial_accumulator_value);
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyNum(lr)}`);
    if (!(lr_decay >= 0)) throw new ValueError(`Invalid lr_decay value: ${pyNum(lr_decay)}`);
    if (!(weight_decay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyNum(weight_decay)}`);
    if (!(initial_accumulator_value >= 0)) throw new ValueError(`Invalid initial_accumulator_value value: ${pyNum(initial_accumulator_value)}`);
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${pyNum(eps)}`);
    super(o.params as Params, { lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach: o.foreach, maximize: !!o.maximize });
    for (const group of this.param_groups)
      for (const p of group.params) {
        const state = this._stateOf(p);
        state.step = new Tensor(new Float32Array(1), [], float32);
        const sum = p.dtype.alloc(p.numel());
        if (p.is_floating_point()) (sum as Float32Array | Float64Array).fill(initial_accumulator_value); // torch.full_like
        state.sum = new Tensor(sum, p.shape, p.dtype);
      }
  }

  protected _updateGroup(group: ParamGroup, params: Tensor[]): void {
    const lr = group.lr, lr_decay = group.lr_decay as number;
    // PyTorch gathers the states (a missing one is a KeyError) before updating any parameter
    const work = params.map((p) => {
      const g = gradData(p, 'Adagrad');
      const state = this._stateOf(p);
      if (!('sum' in state)) throw new KeyError("'sum'");
      if (!('step' in state)) throw new KeyError("'step'");
      return [p, g, state] as const;
    });
    const foreach = !!group.foreach, maximize = !!group.maximize, weight_decay = group.weight_decay as number;
    for (const [p, g, state] of work) {
      const stepT = state.step as Tensor;
      stepT._data[0] = stepT.dtype.cast(stepT._data[0] + 1);
      const step = stepT._data[0];
      // foreach=True (_multi_tensor_adagrad) computes -lr / (1 + (step - 1) * lr_decay) with step a float32
      // tensor, so in float32 ops (`-lr / t` is t.reciprocal() * -lr), and adds the weight decay to p.grad in place
      const clr = foreach && stepT.dtype === float32 ? -minusClr32(lr, lr_decay, step) : lr / (1 + (step - 1) * lr_decay);
      const writeGrad = foreach && !maximize && weight_decay !== 0 && g === p.grad!._data;
      if (writeGrad) p.grad!._bumpVersion();
      const args = { clr, eps: group.eps as number, weight_decay, maximize, writeGrad };
      const sum = (state.sum as Tensor)._data;
      if (p.dtype === float32) adagrad32(p._data as F32, g as F32, sum as F32, args);
      else adagrad64(p._data as F64, g as F64, sum as F64, args);
    }
  }
}
