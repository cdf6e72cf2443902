// nn.Flatten(start_dim=1, end_dim=-1): flattens a contiguous range of dims (a view, as torch.flatten).
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind, intArg } from '../../tensor/args.js';
import { flatten } from '../../ops/view.js';

export class Flatten extends Module {
  start_dim: number;
  end_dim: number;
  constructor(start_dim?: number | { start_dim?: number; end_dim?: number }, end_dim?: number);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Flatten.__init__(self, start_dim=1, end_dim=-1)', args);
    this.start_dim = intArg('Flatten', 'start_dim', kw.start_dim, 1);
    this.end_dim = intArg('Flatten', 'end_dim', kw.end_dim, -1);
  }
  forward(...args: [input: Tensor]): Tensor { return flatten(bind('Flatten.forward(self, input)', args).input as Tensor, this.start_dim, this.end_dim); }
  override extra_repr(): string { return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`; }
}
