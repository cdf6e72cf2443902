// torch.optim.Adam and torch.optim.AdamW (PyTorch 1.13): betas, eps, weight_decay (L2 for Adam,
// decoupled for AdamW), amsgrad, maximize. state.step is a float32 scalar tensor, as in PyTorch.
import { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';
import { ValueError } from '../tensor/errors.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { bind, type Kw } from '../tensor/args.js';
import { pyNum } from '../tensor/python.js';
import { adam32, adam64, powCR, type F32, type F64 } from './_kernels.js';
import { gradData, checkNumber, zerosLike } from './_common.js';

export interface AdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean;
  maximize?: boolean; foreach?: boolean | null; capturable?: boolean; differentiable?: boolean; fused?: boolean;
}

function checkAdam(o: Kw): { lr: number; betas: [number, number]; eps: number; weight_decay: number } {
  const lr = checkNumber('lr', o.lr), eps = checkNumber('eps', o.eps);
  const weight_decay = checkNumber('weight_decay', o.weight_decay);
  const b = o.betas as number[];
  if (!Array.isArray(b) || b.length !== 2) throw new TypeError('betas must be a pair of numbers');
  const betas: [number, number] = [checkNumber('betas[0]', b[0]), checkNumber('betas[1]', b[1])];
  if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyNum(lr)}`);
  if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${pyNum(eps)}`);
  if (!(betas[0] >= 0 && betas[0] < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${pyNum(betas[0])}`);
  if (!(betas[1] >= 0 && betas[1] < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${pyNum(betas[1])}`);
  if (!(weight_decay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyNum(weight_decay)}`);
  return { lr, betas, eps, weight_decay };
}

abstract class AdamBase extends Optimizer {
  protected abstract readonly decoupled: boolean;

  protected _updateGroup(group: ParamGroup, params: Tensor[]): void {
    const [beta1, beta2] = group.betas as [number, number];
    for (const p of params) {
      const g = gradData(p, this.constructor.name);
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = new Tensor(new Float32Array(1), [], float32);
        state.exp_avg = zerosLike(p);
        state.exp_avg_sq = zerosLike(p);
        if (group.amsgrad) state.max_exp_avg_sq = zerosLike(p);
      }
      const stepT = state.step as Tensor;
      stepT._data[0] = stepT.dtype.cast(stepT._data[0] + 1);
      const step = stepT._data[0];
      const bias_correction1 = 1 - powCR(beta1, step), bias_correction2 = 1 - powCR(beta2, step);
      const args = {
        beta1, beta2, eps: group.eps as number, weight_decay: group.weight_decay as number, maximize: !!group.maximize,
        amsgrad: !!group.amsgrad, decoupled: this.decoupled, lr: group.lr,
        step_size: group.lr / bias_correction1, bias_correction2_sqrt: Math.sqrt(bias_correction2),
      };
      const m = (state.exp_avg as Tensor)._data, v = (state.exp_avg_sq as Tensor)._data;
      const vmax = args.amsgrad ? (state.max_exp_avg_sq as Tensor)._data : null;
      if (p.dtype === float32) adam32(p._data as F32, g as F32, m as F32, v as F32, vmax as F32 | null, args);
      else adam64(p._data as F64, g as F64, m as F64, v as F64, vmax as F64 | null, args);
    }
  }
}

export class Adam extends AdamBase {
  protected readonly decoupled = false;
  /** new Adam(params, lr=1e-3, betas=[0.9, 0.999], eps=1e-8, weight_decay=0, amsgrad=false, {maximize}) */
  constructor(...args: [params: Params | AdamOptions, ...rest: (number | boolean | number[] | AdamOptions | undefined)[]]) {
    const o = bind('Adam.__init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, *, foreach=None, maximize=False, capturable=False, differentiable=False, fused=False)', args);
    super(o.params as Params, {
      ...checkAdam(o), amsgrad: !!o.amsgrad, maximize: !!o.maximize, foreach: o.foreach,
      capturable: !!o.capturable, differentiable: !!o.differentiable, fused: !!o.fused,
    });
  }
}

export class AdamW extends AdamBase {
  protected readonly decoupled = true;
  protected override readonly _inplaceUpdatesPerStep = 2;
  /** new AdamW(params, lr=1e-3, betas=[0.9, 0.999], eps=1e-8, weight_decay=1e-2, amsgrad=false, {maximize}) */
  constructor(...args: [params: Params | AdamOptions, ...rest: (number | boolean | number[] | AdamOptions | undefined)[]]) {
    const o = bind('AdamW.__init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False, *, maximize=False, foreach=None, capturable=False)', args);
    super(o.params as Params, { ...checkAdam(o), amsgrad: !!o.amsgrad, foreach: o.foreach, maximize: !!o.maximize, capturable: !!o.capturable });
  }
}
