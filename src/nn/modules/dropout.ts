// nn.Dropout(p=0.5, inplace=false) and nn.Dropout2d: active in training mode, the identity in eval mode.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bindArgs } from '../functional/args.js';
import { dropout, dropout2d, checkDropoutP } from '../functional/dropout.js';
import { pyFloat, py } from './layer_args.js';

abstract class _DropoutNd extends Module {
  p: number;
  inplace: boolean;
  constructor(cls: string, args: unknown[]) {
    super();
    const kw = bindArgs(`${cls}.__init__`, ['p', 'inplace'], args);
    const p = kw.p ?? 0.5;
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
  forward(input: Tensor): Tensor { return dropout(input, this.p, this.training, this.inplace); }
}
export class Dropout2d extends _DropoutNd {
  constructor(p?: number | DropoutArgs, inplace?: boolean | DropoutArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('Dropout2d', args); }
  forward(input: Tensor): Tensor { return dropout2d(input, this.p, this.training, this.inplace); }
}
