// nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
// bias=true, padding_mode='zeros', {device, dtype}): PyTorch's _ConvNd checks, attributes and
// initialisation (kaiming_uniform_(a=√5) on the weight, then U(±1/√fan_in) on the bias).
import { Module } from '../module.js';
import { emptyParameter, type Parameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { ValueError } from '../../tensor/errors.js';
import { bind } from '../../tensor/args.js';
import { py } from '../../tensor/python.js';
import { conv2d, intList } from '../functional/conv.js';
import { pad } from '../functional/more_pad.js';
import { kaiming_uniform_, uniform_, _calculate_fan_in_and_fan_out } from '../init.js';

/** _pair: an int becomes (v, v); a pair stays. */
function pair(cls: string, name: string, v: unknown, dflt: number): [number, number] {
  const l = intList(cls, name, v, dflt);
  return l.length === 1 ? [l[0], l[0]] : [l[0], l[1]];
}

type IntOrPair = number | number[];
/** Conv2d's keyword arguments. */
export interface Conv2dArgs {
  in_channels?: number; out_channels?: number; kernel_size?: IntOrPair; stride?: IntOrPair; padding?: IntOrPair | 'same' | 'valid';
  dilation?: IntOrPair; groups?: number; bias?: boolean; padding_mode?: string; device?: unknown; dtype?: DType | string;
}

export class Conv2d extends Module {
  in_channels: number;
  out_channels: number;
  kernel_size: [number, number];
  stride: [number, number];
  padding: [number, number] | 'same' | 'valid';
  dilation: [number, number];
  transposed = false;
  output_padding: [number, number] = [0, 0];
  groups: number;
  padding_mode: string;
  _reversed_padding_repeated_twice: number[];
  weight: Parameter;
  bias: Parameter | null;
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrPair, opts?: Conv2dArgs);
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrPair, stride: IntOrPair, opts?: Conv2dArgs);
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrPair, stride: IntOrPair, padding: IntOrPair | 'same' | 'valid', opts?: Conv2dArgs);
  constructor(opts: Conv2dArgs & { in_channels: number; out_channels: number; kernel_size: IntOrPair });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind("Conv2d.__init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)", args);
    this.in_channels = kw.in_channels as number;
    this.out_channels = kw.out_channels as number;
    this.kernel_size = pair('Conv2d', 'kernel_size', kw.kernel_size, 1);
    this.stride = pair('Conv2d', 'stride', kw.stride, 1);
    this.dilation = pair('Conv2d', 'dilation', kw.dilation, 1);
    const groups = kw.groups ?? 1;
    if (typeof groups !== 'number' || !Number.isInteger(groups) || groups <= 0) throw new ValueError('groups must be a positive integer');
    this.groups = groups;
    if (this.in_channels % groups !== 0) throw new ValueError('in_channels must be divisible by groups');
    if (this.out_channels % groups !== 0) throw new ValueError('out_channels must be divisible by groups');
    if (typeof kw.padding === 'string') {
      if (kw.padding !== 'same' && kw.padding !== 'valid')
        throw new ValueError(`Invalid padding string '${kw.padding}', should be one of {'valid', 'same'}`);
      if (kw.padding === 'same' && this.stride.some((s) => s !== 1))
        throw new ValueError("padding='same' is not supported for strided convolutions");
      this.padding = kw.padding;
    } else this.padding = pair('Conv2d', 'padding', kw.padding, 0);
    const mode = kw.padding_mode as string;
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode))
      throw new ValueError(`padding_mode must be one of {'circular', 'zeros', 'replicate', 'reflect'}, but got padding_mode='${mode}'`);
    this.padding_mode = mode;
    this._reversed_padding_repeated_twice = reversedPaddingTwice(this.padding, this.kernel_size, this.dilation);
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.weight = emptyParameter([this.out_channels, this.in_channels / groups, ...this.kernel_size], dtype);
    this.bias = kw.bias ? emptyParameter([this.out_channels], dtype) : null;
    this.reset_parameters();
  }
  reset_parameters(...args: []): void {
    bind('_ConvNd.reset_parameters(self)', args);
    kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = _calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        uniform_(this.bias, -bound, bound);
      }
    }
  }
  forward(...args: [input: Tensor]): Tensor {
    const input = bind('Conv2d.forward(self, input)', args).input as Tensor;
    // reflect / replicate / circular: F.pad first, then an unpadded convolution (as _ConvNd._conv_forward)
    if (this.padding_mode !== 'zeros')
      return conv2d(pad(input, this._reversed_padding_repeated_twice, this.padding_mode), this.weight, this.bias, this.stride, 0, this.dilation, this.groups);
    return conv2d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }
  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}`;
    if (typeof this.padding === 'string' || this.padding.some((p) => p !== 0)) s += `, padding=${py(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

/**
 * _ConvNd's _reversed_padding_repeated_twice, what F.pad takes for the other padding modes: the last
 * dim first, each side twice ('same': the odd extra on the right, 'valid': none).
 */
export function reversedPaddingTwice(padding: readonly number[] | 'same' | 'valid', kernel: readonly number[], dilation: readonly number[]): number[] {
  const dims = kernel.length;
  if (padding === 'valid') return new Array(2 * dims).fill(0);
  if (padding === 'same') return kernel.slice().reverse().flatMap((k, j) => {
    const total = dilation[dims - 1 - j] * (k - 1);
    return [total >> 1, total - (total >> 1)];
  });
  return padding.slice().reverse().flatMap((p) => [p, p]);
}
