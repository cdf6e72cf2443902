// Activation modules over the functional ops.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { log_softmax, softmax } from '../functional/softmax.js';
import { relu } from '../functional/activation.js';

export class LogSoftmax extends Module {
  dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = typeof dim === 'object' && dim !== null ? dim.dim ?? null : dim;
  }
  forward(input: Tensor): Tensor { return log_softmax(input, this.dim); }
  override extra_repr(): string { return `dim=${this.dim ?? 'None'}`; }
}
export class Softmax extends Module {
  dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = typeof dim === 'object' && dim !== null ? dim.dim ?? null : dim;
  }
  forward(input: Tensor): Tensor { return softmax(input, this.dim); }
  override extra_repr(): string { return `dim=${this.dim ?? 'None'}`; }
}

/** nn.ReLU(inplace=false). */
export class ReLU extends Module {
  inplace: boolean;
  constructor(inplace: boolean | { inplace?: boolean } = false) {
    super();
    this.inplace = typeof inplace === 'object' && inplace !== null ? !!inplace.inplace : !!inplace;
  }
  forward(input: Tensor): Tensor { return relu(input, this.inplace); }
  override extra_repr(): string { return this.inplace ? 'inplace=True' : ''; }
}
