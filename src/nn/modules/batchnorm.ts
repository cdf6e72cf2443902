// nn.BatchNorm1d / 2d / 3d (PyTorch's _NormBase and _BatchNorm): weight and bias (ones, zeros),
// the buffers running_mean, running_var (float) and num_batches_tracked (int64) in state_dict order,
// momentum (None: a cumulative moving average), affine, track_running_stats, train/eval.
import { Module } from '../module.js';
import { emptyParameter, type Parameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { zeros, ones, tensor } from '../../tensor/creation.js';
import { float32, int64, toDType, type DType } from '../../tensor/dtype.js';
import { ValueError } from '../../tensor/errors.js';
import { bind, perClass } from '../../tensor/args.js';
import { py } from '../../tensor/python.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { ones_, zeros_ } from '../init.js';
import { nativeBatchNorm, verifyBatchSize } from '../functional/batch_norm.js';
import { pyFloatRepr, pyOptFloat } from './norm_repr.js';

/** forward's binder, parsed once per class (the text names the class). */
const FORWARD = perClass((c) => `${c.name}.forward(self, input)`);

/** The keyword arguments of the BatchNorm layers. */
export interface BatchNormArgs {
  num_features?: number; eps?: number; momentum?: number | null; affine?: boolean; track_running_stats?: boolean;
  device?: unknown; dtype?: DType | string;
}

/** _NormBase: parameters, buffers and their reset, shared by the BatchNorm layers. */
export abstract class _NormBase extends Module {
  num_features: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  constructor(cls: string, args: unknown[]) {
    super();
    const kw = bind(`${cls}.__init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None)`, args);
    this.num_features = kw.num_features as number;
    this.eps = kw.eps as number;
    this.momentum = kw.momentum as number | null;
    this.affine = kw.affine as boolean;
    this.track_running_stats = kw.track_running_stats as boolean;
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.weight = this.affine ? emptyParameter([this.num_features], dtype) : null;
    this.bias = this.affine ? emptyParameter([this.num_features], dtype) : null;
    if (this.track_running_stats) {
      this.register_buffer('running_mean', zeros(this.num_features, { dtype }));
      this.register_buffer('running_var', ones(this.num_features, { dtype }));
      this.register_buffer('num_batches_tracked', tensor(0, { dtype: int64 }));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
    this.reset_parameters();
  }
  reset_running_stats(...args: []): void {
    bind('_NormBase.reset_running_stats(self)', args);
    if (!this.track_running_stats) return;
    no_grad(() => { this.running_mean!.zero_(); this.running_var!.fill_(1); this.num_batches_tracked!.zero_(); });
  }
  override _loadStateDefaults(): Map<string, Tensor> {
    // _NormBase._load_from_state_dict: a state_dict without version metadata (1.13 reads "version < 2")
    // that lacks num_batches_tracked loads it as 0 and does not report it missing
    return this.track_running_stats ? new Map([['num_batches_tracked', tensor(0, { dtype: int64 })]]) : new Map();
  }
  reset_parameters(...args: []): void {
    bind('_NormBase.reset_parameters(self)', args);
    this.reset_running_stats();
    if (this.weight && this.bias) { ones_(this.weight); zeros_(this.bias); }
  }
  override extra_repr(): string {
    return `${this.num_features}, eps=${pyFloatRepr(this.eps)}, momentum=${pyOptFloat(this.momentum)}, affine=${py(this.affine)}, track_running_stats=${py(this.track_running_stats)}`;
  }
}

/** _BatchNorm.forward: the batch's statistics in training, the running ones in evaluation (when tracked). */
export abstract class _BatchNorm extends _NormBase {
  protected abstract _check_input_dim(input: Tensor): void;
  forward(...args: [input: Tensor]): Tensor {
    const input = FORWARD(this, args).input as Tensor;
    this._check_input_dim(input);
    const useBatch = this.training || (this.running_mean === null && this.running_var === null);
    // F.batch_norm's size check, made before num_batches_tracked moves so a refused call changes nothing
    if (useBatch) verifyBatchSize(input.shape, true);
    let factor = this.momentum ?? 0;
    if (this.training && this.track_running_stats && this.num_batches_tracked) {
      no_grad(() => this.num_batches_tracked!.add_(1));
      // momentum None: the cumulative moving average, 1 / (batches seen)
      if (this.momentum === null) factor = 1 / this.num_batches_tracked.item();
    }
    const keep = !this.training || this.track_running_stats;
    return nativeBatchNorm(input, this.weight, this.bias, keep ? this.running_mean : null, keep ? this.running_var : null,
      useBatch, factor, this.eps);
  }
}

function dimError(want: string, got: number): never { throw new ValueError(`expected ${want} input (got ${got}D input)`); }

/** nn.BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True): (N, C) or (N, C, L). */
export class BatchNorm1d extends _BatchNorm {
  constructor(num_features: number, opts?: BatchNormArgs);
  constructor(num_features: number, eps?: number, momentum?: number | null, affine?: boolean, track_running_stats?: boolean, opts?: BatchNormArgs);
  constructor(opts: BatchNormArgs & { num_features: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('BatchNorm1d', args); }
  protected _check_input_dim(input: Tensor): void { if (input.ndim !== 2 && input.ndim !== 3) dimError('2D or 3D', input.ndim); }
}

/** nn.BatchNorm2d: (N, C, H, W). */
export class BatchNorm2d extends _BatchNorm {
  constructor(num_features: number, opts?: BatchNormArgs);
  constructor(num_features: number, eps?: number, momentum?: number | null, affine?: boolean, track_running_stats?: boolean, opts?: BatchNormArgs);
  constructor(opts: BatchNormArgs & { num_features: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('BatchNorm2d', args); }
  protected _check_input_dim(input: Tensor): void { if (input.ndim !== 4) dimError('4D', input.ndim); }
}

/** nn.BatchNorm3d: (N, C, D, H, W). */
export class BatchNorm3d extends _BatchNorm {
  constructor(num_features: number, opts?: BatchNormArgs);
  constructor(num_features: number, eps?: number, momentum?: number | null, affine?: boolean, track_running_stats?: boolean, opts?: BatchNormArgs);
  constructor(opts: BatchNormArgs & { num_features: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('BatchNorm3d', args); }
  protected _check_input_dim(input: Tensor): void { if (input.ndim !== 5) dimError('5D', input.ndim); }
}
