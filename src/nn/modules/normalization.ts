// nn.GroupNorm(num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None): weight
// ones and bias zeros of num_channels (when affine), forward through F.group_norm.
import { Module } from '../module.js';
import { emptyParameter, type Parameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { ValueError } from '../../tensor/errors.js';
import { bind } from '../../tensor/args.js';
import { py } from '../../tensor/python.js';
import { ones_, zeros_ } from '../init.js';
import { group_norm } from '../functional/group_norm.js';
import { pyFloatRepr } from './norm_repr.js';

/** GroupNorm's keyword arguments. */
export interface GroupNormArgs { num_groups?: number; num_channels?: number; eps?: number; affine?: boolean; device?: unknown; dtype?: DType | string }

export class GroupNorm extends Module {
  num_groups: number;
  num_channels: number;
  eps: number;
  affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(num_groups: number, num_channels: number, opts?: GroupNormArgs);
  constructor(num_groups: number, num_channels: number, eps?: number, affine?: boolean, opts?: GroupNormArgs);
  constructor(opts: GroupNormArgs & { num_groups: number; num_channels: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('GroupNorm.__init__(self, num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None)', args);
    const groups = kw.num_groups as number, chans = kw.num_channels as number;
    if (chans % groups !== 0) throw new ValueError('num_channels must be divisible by num_groups');
    this.num_groups = groups;
    this.num_channels = chans;
    this.eps = kw.eps as number;
    this.affine = kw.affine as boolean;
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.weight = this.affine ? emptyParameter([chans], dtype) : null;
    this.bias = this.affine ? emptyParameter([chans], dtype) : null;
    this.reset_parameters();
  }
  reset_parameters(...args: []): void {
    bind('GroupNorm.reset_parameters(self)', args);
    if (this.weight && this.bias) { ones_(this.weight); zeros_(this.bias); }
  }
  forward(...args: [input: Tensor]): Tensor {
    const input = bind('GroupNorm.forward(self, input)', args).input as Tensor;
    return group_norm(input, this.num_groups, this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloatRepr(this.eps)}, affine=${py(this.affine)}`;
  }
}
