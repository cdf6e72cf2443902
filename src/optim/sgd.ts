// torch.optim.SGD (PyTorch 1.13): momentum, dampening, nesterov, weight_decay, maximize.
import { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';
import { ValueError } from '../tensor/errors.js';
import { Optimizer, required, type ParamGroup, type Params } from './optimizer.js';
import { bind } from '../tensor/args.js';
import { pyNum } from '../tensor/python.js';
import { sgd32, sgd64, type F32, type F64 } from './_kernels.js';
import { gradData, checkNumber, zerosLike } from './_common.js';

export interface SGDOptions { lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean; maximize?: boolean; foreach?: boolean | null; differentiable?: boolean }

export class SGD extends Optimizer {
  /** new SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=false, {maximize}) or new SGD(params, {lr, ...}). */
  constructor(...args: [params: Params | SGDOptions, ...rest: (number | boolean | SGDOptions | undefined)[]]) {
    const o = bind('SGD.__init__(self, params, lr=required, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False, foreach=None, differentiable=False)', args);
    const lr = o.lr === required ? required : checkNumber('lr', o.lr);
    const momentum = checkNumber('momentum', o.momentum), dampening = checkNumber('dampening', o.dampening);
    const weight_decay = checkNumber('weight_decay', o.weight_decay);
    const nesterov = !!o.nesterov;
    if (lr !== required && (lr as number) < 0) throw new ValueError(`Invalid learning rate: ${pyNum(lr)}`);
    if (momentum < 0) throw new ValueError(`Invalid momentum value: ${pyNum(momentum)}`);
    if (weight_decay < 0) throw new ValueError(`Invalid weight_decay value: ${pyNum(weight_decay)}`);
    const defaults = { lr, momentum, dampening, weight_decay, nesterov, maximize: !!o.maximize, foreach: o.foreach, differentiable: !!o.differentiable };
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
    super(o.params as Params, defaults);
  }

  protected _updateGroup(group: ParamGroup, params: Tensor[]): void {
    const args = {
      lr: group.lr, momentum: group.momentum as number, dampening: group.dampening as number,
      weight_decay: group.weight_decay as number, nesterov: !!group.nesterov, maximize: !!group.maximize,
    };
    for (const p of params) {
      const g = gradData(p, 'SGD');
      const state = this._stateOf(p);
      let buf: Tensor | null = null, init = false;
      if (args.momentum !== 0) {
        buf = (state.momentum_buffer as Tensor | undefined) ?? null;
        if (!buf) { buf = zerosLike(p); init = true; state.momentum_buffer = buf; }
      }
      if (p.dtype === float32) sgd32(p._data as F32, g as F32, buf ? (buf._data as F32) : null, init, args);
      else sgd64(p._data as F64, g as F64, buf ? (buf._data as F64) : null, init, args);
    }
  }
}
