// nn.Conv1d and nn.ConvTranspose2d: PyTorch's _ConvNd / _ConvTransposeNd checks, attributes, repr
// and initialisation (Conv2d's: kaiming_uniform_(a=√5) on the weight, then U(±1/√fan_in) on the
// bias, fan_in from the weight's dim 1: in/groups for Conv1d, out/groups for the transposed weight).
import { Module } from '../module.js';
import { emptyParameter, type Parameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { ValueError } from '../../tensor/errors.js';
import { bind, type Kw } from '../../tensor/args.js';
import { py } from '../../tensor/python.js';
import { intList } from '../functional/conv.js';
import { conv1d, conv_transpose2d } from '../functional/conv_more.js';
import { pad } from '../functional/more_pad.js';
import { Conv2d, reversedPaddingTwice } from './conv.js';

type IntOrTuple = number | number[];
/** The constructor arguments of Conv1d and ConvTranspose2d. */
export interface ConvNdArgs {
  in_channels?: number; out_channels?: number; kernel_size?: IntOrTuple; stride?: IntOrTuple; padding?: IntOrTuple | 'same' | 'valid';
  output_padding?: IntOrTuple; dilation?: IntOrTuple; groups?: number; bias?: boolean; padding_mode?: string; device?: unknown; dtype?: DType | string;
}

/** _single / _pair: an int repeated n times, a tuple kept. */
function ntuple(cls: string, name: string, v: unknown, n: number): number[] {
  const l = intList(cls, name, v, 0, n);
  return l.length === 1 ? new Array(n).fill(l[0]) : l;
}

/** _ConvNd.__init__ and reset_parameters for the layers of this file. */
abstract class _ConvNd extends Module {
  in_channels: number;
  out_channels: number;
  kernel_size: number[];
  stride: number[];
  padding: number[] | 'same' | 'valid';
  dilation: number[];
  transposed: boolean;
  output_padding: number[];
  groups: number;
  padding_mode: string;
  _reversed_padding_repeated_twice: number[];
  weight: Parameter;
  bias: Parameter | null;
  constructor(cls: string, kw: Kw, dims: number, transposed: boolean) {
    super();
    const inC = kw.in_channels as number, outC = kw.out_channels as number, groups = kw.groups as number;
    const stride = ntuple(cls, 'stride', kw.stride, dims);
    // _ConvTransposeNd refuses other padding modes before _ConvNd's checks
    if (transposed && kw.padding_mode !== 'zeros') throw new ValueError(`Only "zeros" padding mode is supported for ${cls}`);
    if (typeof groups !== 'number' || !Number.isInteger(groups) || groups <= 0) throw new ValueError('groups must be a positive integer');
    if (inC % groups !== 0) throw new ValueError('in_channels must be divisible by groups');
    if (outC % groups !== 0) throw new ValueError('out_channels must be divisible by groups');
    if (typeof kw.padding === 'string' && !transposed) {
      if (kw.padding !== 'same' && kw.padding !== 'valid')
        throw new ValueError(`Invalid padding string '${kw.padding}', should be one of {'valid', 'same'}`);
      if (kw.padding === 'same' && stride.some((s) => s !== 1)) throw new ValueError("padding='same' is not supported for strided convolutions");
    }
    const mode = kw.padding_mode as string;
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode))
      throw new ValueError(`padding_mode must be one of {'circular', 'zeros', 'replicate', 'reflect'}, but got padding_mode='${mode}'`);
    this.in_channels = inC;
    this.out_channels = outC;
    this.kernel_size = ntuple(cls, 'kernel_size', kw.kernel_size, dims);
    this.stride = stride;
    this.padding = typeof kw.padding === 'string' && !transposed ? kw.padding as 'same' | 'valid' : ntuple(cls, 'padding', kw.padding, dims);
    this.dilation = ntuple(cls, 'dilation', kw.dilation, dims);
    this.transposed = transposed;
    this.output_padding = ntuple(cls, 'output_padding', kw.output_padding ?? 0, dims);
    this.groups = groups;
    this.padding_mode = mode;
    this._reversed_padding_repeated_twice = reversedPaddingTwice(this.padding, this.kernel_size, this.dilation);
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.weight = emptyParameter(transposed ? [inC, outC / groups, ...this.kernel_size] : [outC, inC / groups, ...this.kernel_size], dtype);
    this.bias = kw.bias ? emptyParameter([outC], dtype) : null;
    this.reset_parameters();
  }
  /** _ConvNd.reset_parameters, the one Conv2d runs (fan_in from the weight's dim 1 and kernel). */
  reset_parameters(...args: []): void { Conv2d.prototype.reset_parameters.call(this as unknown as Conv2d, ...args); }
  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}`;
    if (typeof this.padding === 'string' || this.padding.some((p) => p !== 0)) s += `, padding=${py(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (this.output_padding.some((p) => p !== 0)) s += `, output_padding=${py(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

/** nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros'). */
export class Conv1d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts?: ConvNdArgs);
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, stride: IntOrTuple, opts?: ConvNdArgs);
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, stride: IntOrTuple, padding: IntOrTuple | 'same' | 'valid', opts?: ConvNdArgs);
  constructor(opts: ConvNdArgs & { in_channels: number; out_channels: number; kernel_size: IntOrTuple });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super('Conv1d', bind("Conv1d.__init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)", args), 1, false);
  }
  forward(...args: [input: Tensor]): Tensor {
    const input = bind('Conv1d.forward(self, input)', args).input as Tensor;
    // reflect / replicate / circular: F.pad first, then an unpadded convolution
    if (this.padding_mode !== 'zeros')
      return conv1d(pad(input, this._reversed_padding_repeated_twice, this.padding_mode), this.weight, this.bias, this.stride, 0, this.dilation, this.groups);
    return conv1d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }
}

/**
 * nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
 * groups=1, bias=True, dilation=1, padding_mode='zeros'); forward(input, output_size=None).
 */
export class ConvTranspose2d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts?: ConvNdArgs);
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, stride: IntOrTuple, opts?: ConvNdArgs);
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, stride: IntOrTuple, padding: IntOrTuple, opts?: ConvNdArgs);
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, stride: IntOrTuple, padding: IntOrTuple, output_padding: IntOrTuple, opts?: ConvNdArgs);
  constructor(opts: ConvNdArgs & { in_channels: number; out_channels: number; kernel_size: IntOrTuple });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super('ConvTranspose2d', bind("ConvTranspose2d.__init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None)", args), 2, true);
  }
  forward(input: Tensor, output_size?: number[] | null | { output_size?: number[] | null }): Tensor;
  forward(...args: unknown[]): Tensor;
  forward(...args: unknown[]): Tensor {
    const a = bind('ConvTranspose2d.forward(self, input, output_size=None)', args);
    const input = a.input as Tensor;
    const outPad = this._output_padding(input, a.output_size as number[] | null, this.stride, this.padding as number[], this.kernel_size, 2, this.dilation);
    return conv_transpose2d(input, this.weight, this.bias, this.stride, this.padding as number[], outPad, this.groups, this.dilation);
  }
  /** _ConvTransposeNd._output_padding: the output_padding that gives output_size (or the layer's own). */
  _output_padding(input: Tensor, outputSize: number[] | null, stride: number[], padding: number[], kernel: number[], nd: number, dilation?: number[] | null): number[] {
    if (outputSize === null || outputSize === undefined) return this.output_padding.slice();
    const nonSpatial = input.ndim === nd + 2 ? 2 : 1;
    let size = outputSize;
    if (size.length === nonSpatial + nd) size = size.slice(nonSpatial);
    if (size.length !== nd)
      throw new ValueError(`ConvTranspose${nd}D: for ${input.ndim}D input, output_size must have ${nd} or ${nonSpatial + nd} elements (got ${size.length})`);
    const min: number[] = [], max: number[] = [];
    for (let d = 0; d < nd; d++) {
      min.push((input.shape[d + nonSpatial] - 1) * stride[d] - 2 * padding[d] + (dilation ? dilation[d] : 1) * (kernel[d] - 1) + 1);
      max.push(min[d] + stride[d] - 1);
    }
    for (let i = 0; i < size.length; i++)
      if (size[i] < min[i] || size[i] > max[i]) {
        const l = (v: number[]): string => `[${v.join(', ')}]`;
        throw new ValueError(`requested an output size of ${l(outputSize)}, but valid sizes range from ${l(min)} to ${l(max)} (for an input of torch.Size(${l(input.shape.slice(2))}))`);
      }
    return size.map((s, d) => s - min[d]);
  }
}
