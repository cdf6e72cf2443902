// torch.optim.RMSprop (PyTorch 1.13): alpha, eps, weight_decay, momentum, centered, maximize.
// state: step (a Python int), square_avg, momentum_buffer (momentum > 0), grad_avg (centered).
import { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';
import { KeyError, RuntimeError, ValueError } from '../tensor/errors.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { bind } from '../tensor/args.js';
import { pyNum } from '../tensor/python.js';
import { rmsprop32, rmsprop64, type F32, type F64 } from './_kernels.js';
import { gradData, checkNumber, zerosLike } from './_common.js';

export interface RMSpropOptions {
  lr?: number; alpha?: number; eps?: number; weight_decay?: number; momentum?: number; centered?: boolean;
  foreach?: boolean | null; maximize?: boolean; differentiable?: boolean;
}

export class RMSprop extends Optimizer {
  /** new RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=false, foreach=null, maximize=false, differentiable=false) */
  constructor(...args: [params: Params | RMSpropOptions, ...rest: (number | boolean | null | RMSpropOptions | undefined)[]]) {
    const o = bind('RMSprop.__init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False, foreach=None, maximize=False, differentiable=False)', args);
    const lr = checkNumber('lr', o.lr), alpha = checkNumber('alpha', o.alpha), eps = checkNumber('eps', o.eps);
    const weight_decay = checkNumber('weight_decay', o.weight_decay), momentum = checkNumber('momentum', o.momentum);
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyNum(lr)}`);
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${pyNum(eps)}`);
    if (!(momentum >= 0)) throw new ValueError(`Invalid momentum value: ${pyNum(momentum)}`);
    if (!(weight_decay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyNum(weight_decay)}`);
    if (!(alpha >= 0)) throw new ValueError(`Invalid alpha value: ${pyNum(alpha)}`);
    super(o.params as Params, {
      lr, momentum, alpha, eps, centered: !!o.centered, weight_decay, foreach: o.foreach, maximize: !!o.maximize,
      differentiable: !!o.differentiable,
    });
  }

  protected _updateGroup(group: ParamGroup, params: Tensor[]): void {
    const momentum = group.momentum as number, centered = !!group.centered;
    const args = {
      lr: group.lr, alpha: group.alpha as number, eps: group.eps as number, weight_decay: group.weight_decay as number,
      momentum, maximize: !!group.maximize, writeGrad: false,
    };
    // foreach=True (_multi_tensor_rmsprop): the same arithmetic, but without maximize the weight decay is
    // added to p.grad in place (torch._foreach_add_(grads, params, alpha=weight_decay))
    const foreachWd = !!group.foreach && !args.maximize && args.weight_decay !== 0;
    // PyTorch gathers every parameter's state before updating any
    const work: [Tensor, ReturnType<typeof gradData>, Tensor, Tensor | null, Tensor | null][] = [];
    for (const p of params) {
      const g = gradData(p, 'RMSprop');
      const state = this._stateOf(p);
      if (Object.keys(state).length === 0) {
        state.step = 0;
        state.square_avg = zerosLike(p);
        if (momentum > 0) state.momentum_buffer = zerosLike(p);
        if (centered) state.grad_avg = zerosLike(p);
      }
      const need = (k: string): Tensor => {
        if (!(k in state)) throw new KeyError(`'${k}'`);
        return state[k] as Tensor;
      };
      const sq = need('square_avg');
      const buf = momentum > 0 ? need('momentum_buffer') : null;
      const gavg = centered ? need('grad_avg') : null;
      if (group.differentiable && state.step instanceof Tensor) throw new RuntimeError("`step` can't be a tensor");
      state.step = state.step instanceof Tensor ? state.step.add(1) : (state.step as number) + 1;
      work.push([p, g, sq, gavg, buf]);
    }
    for (const [p, g, sq, gavg, buf] of work) {
      args.writeGrad = foreachWd && g === p.grad!._data;
      if (args.writeGrad) p.grad!._bumpVersion();
      if (p.dtype === float32) rmsprop32(p._data as F32, g as F32, sq._data as F32, (gavg?._data ?? null) as F32 | null, (buf?._data ?? null) as F32 | null, args);
      else rmsprop64(p._data as F64, g as F64, sq._data as F64, (gavg?._data ?? null) as F64 | null, (buf?._data ?? null) as F64 | null, args);
    }
  }
}
