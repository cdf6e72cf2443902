// torch.optim.Adadelta (PyTorch 1.13): lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, maximize.
import { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';
import { ValueError } from '../tensor/errors.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { bind } from '../tensor/args.js';
import { pyNum } from '../tensor/python.js';
import { adadelta32, adadelta64, type F32, type F64 } from './_kernels.js';
import { gradData, checkNumber, zerosLike } from './_common.js';

export interface AdadeltaOptions { lr?: number; rho?: number; eps?: number; weight_decay?: number; foreach?: boolean | null; maximize?: boolean }

export class Adadelta extends Optimizer {
  /** new Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=null, {maximize}) */
  constructor(...args: [params: Params | AdadeltaOptions, ...rest: (number | boolean | null | AdadeltaOptions | undefined)[]]) {
    const o = bind('Adadelta.__init__(self, params, lr=1.0, rho=0.9, eps=1e-06, weight_decay=0, foreach=None, *, maximize=False)', args);
    const lr = checkNumber('lr', o.lr), rho = checkNumber('rho', o.rho);
    const eps = checkNumber('eps', o.eps), weight_decay = checkNumber('weight_decay', o.weight_decay);
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyNum(lr)}`);
    if (!(rho >= 0 && rho <= 1)) throw new ValueError(`Invalid rho value: ${pyNum(rho)}`);
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${pyNum(eps)}`);
    if (!(weight_decay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyNum(weight_decay)}`);
    super(o.params as Params, { lr, rho, eps, weight_decay, maximize: !!o.maximize, foreach: o.foreach });
  }

  protected _updateGroup(group: ParamGroup, params: Tensor[]): void {
    const args = { lr: group.lr, rho: group.rho as number, eps: group.eps as number, weight_decay: group.weight_decay as number, maximize: !!group.maximize };
    for (const p of params) {
      const g = gradData(p, 'Adadelta');
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = 0;
        state.square_avg = zerosLike(p);
        state.acc_delta = zerosLike(p);
      }
      state.step = (state.step as number) + 1;
      const sq = (state.square_avg as Tensor)._data, acc = (state.acc_delta as Tensor)._data;
      if (p.dtype === float32) adadelta32(p._data as F32, g as F32, sq as F32, acc as F32, args);
      else adadelta64(p._data as F64, g as F64, sq as F64, acc as F64, args);
    }
  }
}
