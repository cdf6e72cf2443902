// More of torch.nn 1.13: the activations Hardswish, Hardsigmoid, Mish, Softsign, SELU, CELU, GLU,
// Threshold, Tanhshrink, Softshrink, Hardshrink, PReLU; Unflatten; the padding layers over F.pad;
// PixelShuffle / PixelUnshuffle; CosineSimilarity, PairwiseDistance; Bilinear; MaxPool1d, AvgPool1d;
// InstanceNorm1d / 2d. PyTorch's constructor signatures, reset_parameters (the same RNG draws) and
// extra_repr as print(model) shows it.
import { Module } from '../module.js';
import { emptyParameter, type Parameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { ValueError } from '../../tensor/errors.js';
import { bind, perClass, pyType } from '../../tensor/args.js';
import { py, pyFloat, pyNum } from '../../tensor/python.js';
import { constant_, uniform_ } from '../init.js';
import { _NormBase, type BatchNormArgs } from './batchnorm.js';
import { inplaceStr } from './activation_more.js';
import {
  celu, glu, hardshrink, hardsigmoid, hardswish, mish, prelu, selu, softshrink, softsign, tanhshrink, threshold,
} from '../functional/more_activations.js';
import { avg_pool1d, bilinear, instance_norm, max_pool1d, pairwise_distance, pixel_shuffle, pixel_unshuffle } from '../functional/more_layers.js';
import { cosine_similarity } from '../functional/losses_more.js';
import { pad } from '../functional/more.js';

/** forward's binder, parsed once per class (the text names the class). */
const FORWARD = perClass((c) => `${c.name}.forward(self, input)`);
const FORWARD2 = perClass((c) => `${c.name}.forward(self, x1, x2)`);

// ---- activations ----
/** A module of one `inplace` option (Hardswish, Hardsigmoid, Mish, SELU). */
abstract class _InplaceAct extends Module {
  inplace: boolean;
  constructor(cls: string, args: unknown[]) { super(); this.inplace = !!bind(`${cls}.__init__(self, inplace=False)`, args).inplace; }
  protected abstract fn(x: Tensor, inplace: boolean): Tensor;
  forward(...args: [input: Tensor]): Tensor { return this.fn(FORWARD(this, args).input as Tensor, this.inplace); }
}
/** Hardswish(inplace=False): no extra_repr in PyTorch, so `Hardswish()` either way. */
export class Hardswish extends _InplaceAct {
  constructor(inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('Hardswish', args); }
  protected fn(x: Tensor, inplace: boolean): Tensor { return hardswish(x, inplace); }
}
/** Hardsigmoid(inplace=False): no extra_repr in PyTorch. */
export class Hardsigmoid extends _InplaceAct {
  constructor(inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('Hardsigmoid', args); }
  protected fn(x: Tensor, inplace: boolean): Tensor { return hardsigmoid(x, inplace); }
}
export class Mish extends _InplaceAct {
  constructor(inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('Mish', args); }
  protected fn(x: Tensor, inplace: boolean): Tensor { return mish(x, { inplace }); }
  override extra_repr(): string { return this.inplace ? 'inplace=True' : ''; }
}
export class SELU extends _InplaceAct {
  constructor(inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('SELU', args); }
  protected fn(x: Tensor, inplace: boolean): Tensor { return selu(x, inplace); }
  override extra_repr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** Modules with no __init__ of their own (Softsign, Tanhshrink): Module's binds. */
abstract class _Stateless extends Module {
  constructor(args: unknown[]) { super(); bind('Module.__init__(self)', args); }
  protected abstract fn(x: Tensor): Tensor;
  forward(...args: [input: Tensor]): Tensor { return this.fn(FORWARD(this, args).input as Tensor); }
}
export class Softsign extends _Stateless {
  constructor(...args: [Record<string, never>?]) { super(args); }
  protected fn(x: Tensor): Tensor { return softsign(x); }
}
export class Tanhshrink extends _Stateless {
  constructor(...args: [Record<string, never>?]) { super(args); }
  protected fn(x: Tensor): Tensor { return tanhshrink(x); }
}

export class CELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(alpha?: number | { alpha?: number; inplace?: boolean }, inplace?: boolean | { inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('CELU.__init__(self, alpha=1.0, inplace=False)', args);
    this.alpha = kw.alpha as number;
    this.inplace = !!kw.inplace;
  }
  forward(...args: [input: Tensor]): Tensor { return celu(FORWARD(this, args).input as Tensor, this.alpha, this.inplace); }
  override extra_repr(): string { return `alpha=${pyFloat(this.alpha)}${inplaceStr(this.inplace)}`; }
}

export class GLU extends Module {
  dim: number;
  constructor(dim?: number | { dim?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(); this.dim = bind('GLU.__init__(self, dim=-1)', args).dim as number; }
  forward(...args: [input: Tensor]): Tensor { return glu(FORWARD(this, args).input as Tensor, this.dim); }
  override extra_repr(): string { return `dim=${this.dim}`; }
}

/** Threshold(threshold, value, inplace=False): its numbers print as given (an integral value without a point). */
export class Threshold extends Module {
  threshold: number;
  value: number;
  inplace: boolean;
  constructor(threshold: number, value: number, inplace?: boolean | { inplace?: boolean });
  constructor(opts: { threshold: number; value: number; inplace?: boolean });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Threshold.__init__(self, threshold, value, inplace=False)', args);
    this.threshold = kw.threshold as number;
    this.value = kw.value as number;
    this.inplace = !!kw.inplace;
  }
  forward(...args: [input: Tensor]): Tensor { return threshold(FORWARD(this, args).input as Tensor, this.threshold, this.value, this.inplace); }
  override extra_repr(): string { return `threshold=${pyNum(this.threshold)}, value=${pyNum(this.value)}${inplaceStr(this.inplace)}`; }
}

export class Hardshrink extends Module {
  lambd: number;
  constructor(lambd?: number | { lambd?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(); this.lambd = bind('Hardshrink.__init__(self, lambd=0.5)', args).lambd as number; }
  forward(...args: [input: Tensor]): Tensor { return hardshrink(FORWARD(this, args).input as Tensor, this.lambd); }
  override extra_repr(): string { return pyNum(this.lambd); }
}
export class Softshrink extends Module {
  lambd: number;
  constructor(lambd?: number | { lambd?: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(); this.lambd = bind('Softshrink.__init__(self, lambd=0.5)', args).lambd as number; }
  forward(...args: [input: Tensor]): Tensor { return softshrink(FORWARD(this, args).input as Tensor, this.lambd); }
  override extra_repr(): string { return pyNum(this.lambd); }
}

/**
 * PReLU(num_parameters=1, init=0.25, device=None, dtype=None): a learnt slope per channel (or one
 * shared), filled with init (1.13's PReLU keeps neither `init` nor a reset_parameters).
 */
export class PReLU extends Module {
  num_parameters: number;
  weight: Parameter;
  constructor(num_parameters?: number | PReLUArgs, init?: number | PReLUArgs, opts?: PReLUArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('PReLU.__init__(self, num_parameters=1, init=0.25, device=None, dtype=None)', args);
    this.num_parameters = kw.num_parameters as number;
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.weight = emptyParameter([this.num_parameters], dtype);
    constant_(this.weight, kw.init as number);
  }
  forward(...args: [input: Tensor]): Tensor { return prelu(FORWARD(this, args).input as Tensor, this.weight); }
  override extra_repr(): string { return `num_parameters=${this.num_parameters}`; }
}
export interface PReLUArgs { num_parameters?: number; init?: number; device?: unknown; dtype?: DType | string }

// ---- Unflatten ----
export class Unflatten extends Module {
  dim: number;
  unflattened_size: number[];
  constructor(dim: number, unflattened_size: number[]);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Unflatten.__init__(self, dim, unflattened_size)', args);
    // named dims (a str dim with a tuple of (name, size) pairs) are not supported: torchlet has no named tensors
    if (typeof kw.dim !== 'number' || !Number.isInteger(kw.dim)) throw new TypeError('invalid argument type for dim parameter');
    const size = kw.unflattened_size;
    if (!Array.isArray(size)) throw new TypeError(`unflattened_size must be a tuple of ints, but found type ${pyType(size)}`);
    size.forEach((e, i) => {
      if (typeof e !== 'number' || !Number.isInteger(e)) throw new TypeError(`unflattened_size must be tuple of ints, but found element of type ${pyType(e)} at pos ${i}`);
    });
    this.dim = kw.dim;
    this.unflattened_size = size as number[];
  }
  forward(...args: [input: Tensor]): Tensor { return (FORWARD(this, args).input as Tensor).unflatten(this.dim, this.unflattened_size); }
  // an array prints as the tuple a Python program would usually pass
  override extra_repr(): string { return `dim=${this.dim}, unflattened_size=${py(this.unflattened_size)}`; }
}

// ---- padding layers ----
/** _ntuple(n): a list kept as given (any length), a number repeated n times. */
function ntuple(v: unknown, n: number): number[] { return Array.isArray(v) ? v.slice() : new Array(n).fill(v); }

abstract class _ConstantPadNd extends Module {
  value: number;
  padding!: number[];
  constructor(value: number) { super(); this.value = value; }
  forward(...args: [input: Tensor]): Tensor { return pad(bind('_ConstantPadNd.forward(self, input)', args).input as Tensor, this.padding, 'constant', this.value); }
  override extra_repr(): string { return `padding=${py(this.padding)}, value=${pyNum(this.value)}`; }
}
export class ConstantPad1d extends _ConstantPadNd {
  constructor(padding: number | number[], value: number);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind('ConstantPad1d.__init__(self, padding, value)', args);
    super(kw.value as number);
    this.padding = ntuple(kw.padding, 2);
  }
}
export class ConstantPad2d extends _ConstantPadNd {
  constructor(padding: number | number[], value: number);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind('ConstantPad2d.__init__(self, padding, value)', args);
    super(kw.value as number);
    this.padding = ntuple(kw.padding, 4);
  }
}
/** ZeroPad2d(padding): ConstantPad2d(padding, 0.), printed with its padding only. */
export class ZeroPad2d extends ConstantPad2d {
  constructor(padding: number | number[]);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(bind('ZeroPad2d.__init__(self, padding)', args).padding as number, 0); }
  override extra_repr(): string { return py(this.padding); }
}

abstract class _PadNd extends Module {
  padding: number[];
  constructor(cls: string, n: number, args: unknown[]) { super(); this.padding = ntuple(bind(`${cls}.__init__(self, padding)`, args).padding, n); }
  protected abstract readonly mode: 'reflect' | 'replicate';
  forward(...args: [input: Tensor]): Tensor {
    const input = bind(`${this.mode === 'reflect' ? '_ReflectionPadNd' : '_ReplicationPadNd'}.forward(self, input)`, args).input as Tensor;
    return pad(input, this.padding, this.mode);
  }
  override extra_repr(): string { return py(this.padding); }
}
export class ReflectionPad1d extends _PadNd {
  protected readonly mode = 'reflect';
  constructor(padding: number | number[]);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('ReflectionPad1d', 2, args); }
}
export class ReflectionPad2d extends _PadNd {
  protected readonly mode = 'reflect';
  constructor(padding: number | number[]);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('ReflectionPad2d', 4, args); }
}
export class ReplicationPad1d extends _PadNd {
  protected readonly mode = 'replicate';
  constructor(padding: number | number[]);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('ReplicationPad1d', 2, args); }
}
export class ReplicationPad2d extends _PadNd {
  protected readonly mode = 'replicate';
  constructor(padding: number | number[]);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('ReplicationPad2d', 4, args); }
}

// ---- pixel shuffle ----
export class PixelShuffle extends Module {
  upscale_factor: number;
  constructor(upscale_factor: number | { upscale_factor: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(); this.upscale_factor = bind('PixelShuffle.__init__(self, upscale_factor)', args).upscale_factor as number; }
  forward(...args: [input: Tensor]): Tensor { return pixel_shuffle(FORWARD(this, args).input as Tensor, this.upscale_factor); }
  override extra_repr(): string { return `upscale_factor=${this.upscale_factor}`; }
}
export class PixelUnshuffle extends Module {
  downscale_factor: number;
  constructor(downscale_factor: number | { downscale_factor: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(); this.downscale_factor = bind('PixelUnshuffle.__init__(self, downscale_factor)', args).downscale_factor as number; }
  forward(...args: [input: Tensor]): Tensor { return pixel_unshuffle(FORWARD(this, args).input as Tensor, this.downscale_factor); }
  override extra_repr(): string { return `downscale_factor=${this.downscale_factor}`; }
}

// ---- distances (no extra_repr in PyTorch) ----
export class PairwiseDistance extends Module {
  norm: number;
  eps: number;
  keepdim: boolean;
  constructor(p?: number | { p?: number; eps?: number; keepdim?: boolean }, eps?: number, keepdim?: boolean);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('PairwiseDistance.__init__(self, p=2.0, eps=1e-06, keepdim=False)', args);
    this.norm = kw.p as number;
    this.eps = kw.eps as number;
    this.keepdim = kw.keepdim as boolean;
  }
  forward(...args: [x1: Tensor, x2: Tensor]): Tensor {
    const a = FORWARD2(this, args);
    return pairwise_distance(a.x1 as Tensor, a.x2 as Tensor, this.norm, this.eps, this.keepdim);
  }
}
export class CosineSimilarity extends Module {
  dim: number;
  eps: number;
  constructor(dim?: number | { dim?: number; eps?: number }, eps?: number);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('CosineSimilarity.__init__(self, dim=1, eps=1e-08)', args);
    this.dim = kw.dim as number;
    this.eps = kw.eps as number;
  }
  forward(...args: [x1: Tensor, x2: Tensor]): Tensor {
    const a = FORWARD2(this, args);
    return cosine_similarity(a.x1 as Tensor, a.x2 as Tensor, this.dim, this.eps);
  }
}

// ---- Bilinear ----
export interface BilinearArgs { in1_features?: number; in2_features?: number; out_features?: number; bias?: boolean; device?: unknown; dtype?: DType | string }
/** Bilinear(in1_features, in2_features, out_features, bias=True): weight [out, in1, in2], bias [out], both U(±1/√in1). */
export class Bilinear extends Module {
  in1_features: number;
  in2_features: number;
  out_features: number;
  weight: Parameter;
  bias: Parameter | null;
  constructor(in1_features: number, in2_features: number, out_features: number, bias?: boolean | BilinearArgs, opts?: BilinearArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Bilinear.__init__(self, in1_features, in2_features, out_features, bias=True, device=None, dtype=None)', args);
    this.in1_features = kw.in1_features as number;
    this.in2_features = kw.in2_features as number;
    this.out_features = kw.out_features as number;
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.weight = emptyParameter([this.out_features, this.in1_features, this.in2_features], dtype);
    this.bias = kw.bias ? emptyParameter([this.out_features], dtype) : null;
    if (!this.bias) this.register_parameter('bias', null);
    this.reset_parameters();
  }
  reset_parameters(...args: []): void {
    bind('Bilinear.reset_parameters(self)', args);
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    uniform_(this.weight, -bound, bound);
    if (this.bias) uniform_(this.bias, -bound, bound);
  }
  forward(...args: [input1: Tensor, input2: Tensor]): Tensor {
    const a = bind('Bilinear.forward(self, input1, input2)', args);
    return bilinear(a.input1 as Tensor, a.input2 as Tensor, this.weight, this.bias);
  }
  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${py(this.bias !== null)}`;
  }
}

// ---- 1-d pools ----
type IntOr1 = number | number[];
export interface MaxPool1dArgs { kernel_size?: IntOr1; stride?: IntOr1 | null; padding?: IntOr1; dilation?: IntOr1; return_indices?: boolean; ceil_mode?: boolean }
export class MaxPool1d extends Module {
  kernel_size: IntOr1;
  stride: IntOr1;
  padding: IntOr1;
  dilation: IntOr1;
  return_indices: boolean;
  ceil_mode: boolean;
  constructor(kernel_size: IntOr1, opts?: MaxPool1dArgs);
  constructor(kernel_size: IntOr1, stride: IntOr1 | null, opts?: MaxPool1dArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('_MaxPoolNd.__init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)', args);
    this.kernel_size = kw.kernel_size as IntOr1;
    this.stride = (kw.stride ?? kw.kernel_size) as IntOr1;
    this.padding = kw.padding as IntOr1;
    this.dilation = kw.dilation as IntOr1;
    this.return_indices = !!kw.return_indices;
    this.ceil_mode = !!kw.ceil_mode;
  }
  /** The pooled tensor; with return_indices, the pair [output, indices] (typed as Tensor for the common case). */
  forward(...args: [input: Tensor]): Tensor {
    const input = FORWARD(this, args).input;
    return (max_pool1d as (...a: unknown[]) => Tensor)(input, this.kernel_size, this.stride, this.padding, this.dilation,
      { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
  override extra_repr(): string {
    return `kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${py(this.dilation)}, ceil_mode=${py(this.ceil_mode)}`;
  }
}

/** _single: a list kept as given, a number as a 1-tuple. */
const single = (v: unknown): number[] => (Array.isArray(v) ? v.slice() : [v as number]);
export interface AvgPool1dArgs { kernel_size?: IntOr1; stride?: IntOr1 | null; padding?: IntOr1; ceil_mode?: boolean; count_include_pad?: boolean }
export class AvgPool1d extends Module {
  kernel_size: number[];
  stride: number[];
  padding: number[];
  ceil_mode: boolean;
  count_include_pad: boolean;
  constructor(kernel_size: IntOr1, opts?: AvgPool1dArgs);
  constructor(kernel_size: IntOr1, stride: IntOr1 | null, opts?: AvgPool1dArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('AvgPool1d.__init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)', args);
    this.kernel_size = single(kw.kernel_size);
    this.stride = single(kw.stride ?? kw.kernel_size);
    this.padding = single(kw.padding);
    this.ceil_mode = kw.ceil_mode as boolean;
    this.count_include_pad = kw.count_include_pad as boolean;
  }
  forward(...args: [input: Tensor]): Tensor {
    return avg_pool1d(FORWARD(this, args).input as Tensor, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }
  override extra_repr(): string { return `kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}, padding=${py(this.padding)}`; }
}

// ---- InstanceNorm ----
/** _InstanceNorm: _NormBase with affine=False and track_running_stats=False by default. */
abstract class _InstanceNorm extends _NormBase {
  constructor(cls: string, args: unknown[]) {
    const kw = bind('_InstanceNorm.__init__(self, num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None)', args);
    super(cls, [kw]);
  }
  protected abstract readonly noBatchDim: number;
  protected abstract _check_input_dim(input: Tensor): void;
  private _apply_instance_norm(input: Tensor): Tensor {
    return instance_norm(input, this.running_mean, this.running_var, this.weight, this.bias,
      this.training || !this.track_running_stats, this.momentum as number, this.eps);
  }
  forward(...args: [input: Tensor]): Tensor {
    const input = bind('_InstanceNorm.forward(self, input)', args).input as Tensor;
    this._check_input_dim(input);
    if (input.ndim === this.noBatchDim) return this._apply_instance_norm(input.unsqueeze(0)).squeeze(0);
    return this._apply_instance_norm(input);
  }
}
export class InstanceNorm1d extends _InstanceNorm {
  protected readonly noBatchDim = 2;
  constructor(num_features: number, opts?: BatchNormArgs);
  constructor(num_features: number, eps?: number, momentum?: number | null, affine?: boolean, track_running_stats?: boolean, opts?: BatchNormArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('InstanceNorm1d', args); }
  protected _check_input_dim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}
export class InstanceNorm2d extends _InstanceNorm {
  protected readonly noBatchDim = 3;
  constructor(num_features: number, opts?: BatchNormArgs);
  constructor(num_features: number, eps?: number, momentum?: number | null, affine?: boolean, track_running_stats?: boolean, opts?: BatchNormArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('InstanceNorm2d', args); }
  protected _check_input_dim(input: Tensor): void {
    if (input.ndim !== 3 && input.ndim !== 4) throw new ValueError(`expected 3D or 4D input (got ${input.ndim}D input)`);
  }
}
