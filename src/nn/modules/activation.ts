// Activation modules over the functional ops.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { log_softmax, softmax } from '../functional/softmax.js';
import { relu } from '../functional/activation.js';
import { bind, type Kw } from '../../tensor/args.js';

export class LogSoftmax extends Module {
  dim: number | null;
  constructor(...args: [dim?: number | null | Kw]) {
    super();
    this.dim = bind('LogSoftmax.__init__(self, dim=None)', args).dim as number | null;
  }
  forward(...args: [input: Tensor]): Tensor { return log_softmax(bind('LogSoftmax.forward(self, input)', args).input, this.dim); }
  override extra_repr(): string { return `dim=${this.dim ?? 'None'}`; }
}
export class Softmax extends Module {
  dim: number | null;
  constructor(...args: [dim?: number | null | Kw]) {
    super();
    this.dim = bind('Softmax.__init__(self, dim=None)', args).dim as number | null;
  }
  forward(...args: [input: Tensor]): Tensor { return softmax(bind('Softmax.forward(self, input)', args).input, this.dim); }
  override extra_repr(): string { return `dim=${this.dim ?? 'None'}`; }
}

/** nn.ReLU(inplace=false). */
export class ReLU extends Module {
  inplace: boolean;
  constructor(...args: [inplace?: boolean | Kw]) {
    super();
    this.inplace = !!bind('ReLU.__init__(self, inplace=False)', args).inplace;
  }
  forward(...args: [input: Tensor]): Tensor { return relu(bind('ReLU.forward(self, input)', args).input as Tensor, this.inplace); }
  override extra_repr(): string { return this.inplace ? 'inplace=True' : ''; }
}
