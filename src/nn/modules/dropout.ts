// nn.Dropout(p=0.5, inplace=false) and nn.Dropout2d: active in training mode, the identity in eval mode.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind } from '../../tensor/args.js';
import { dropout, dropout2d, checkDropoutP } from '../functional/dropout.js';
import { pyFloat, py } from '../../tensor/python.js';

abstract class _DropoutNd extends Module {
  p: number;
  inplace: boolean;
  constructor(cls: string, args: unknown[]) {
    super();
    const kw = bind('_DropoutNd.__init__(self, p=0.5, inplace=False)', args);
    const p = kw.p;
    if (typeof p !== 'number') throw new TypeError(`${cls}: p must be a number`);
    checkDropoutP(p);
    this.p = p;
    this.inplace = !!kw.inplace;
  }
  override extra_repr(): string { return `p=${pyFloat(this.p)}, inplace=${py(this.inplace)}`; }
}

/** Dropout's keyword arguments. */
export interface DropoutArgs { p?: number; inplace?: boolean }

export class Dropout extends _DropoutNd {
  constructor(p?: number | DropoutArgs, inplace?: boolean | DropoutArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('Dropout', args); }
  forward(...args: [input: Tensor]): Tensor { return dropout(bind('Dropout.forward(self, input)', args).input as Tensor, this.p, this.training, this.inplace); }
}
export class Dropout2d extends _DropoutNd {
  constructor(p?: number | DropoutArgs, inplace?: boolean | DropoutArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('Dropout2d', args); }
  forward(...args: [input: Tensor]): Tensor { return dropout2d(bind('Dropout2d.forward(self, input)', args).input as Tensor, this.p, this.training, this.inplace); }
}
