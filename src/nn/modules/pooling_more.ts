// nn.AvgPool2d and nn.AdaptiveAvgPool2d over F.avg_pool2d / F.adaptive_avg_pool2d, with PyTorch's
// constructor signatures and extra_repr.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind } from '../../tensor/args.js';
import { py } from '../../tensor/python.js';
import { adaptive_avg_pool2d, avg_pool2d } from '../functional/more.js';

type IntOrPair = number | number[];
/** AvgPool2d's keyword arguments. */
export interface AvgPool2dArgs {
  kernel_size?: IntOrPair; stride?: IntOrPair | null; padding?: IntOrPair; ceil_mode?: boolean; count_include_pad?: boolean; divisor_override?: number | null;
}

export class AvgPool2d extends Module {
  kernel_size: IntOrPair;
  stride: IntOrPair;
  padding: IntOrPair;
  ceil_mode: boolean;
  count_include_pad: boolean;
  divisor_override: number | null;
  constructor(kernel_size: IntOrPair, opts?: AvgPool2dArgs);
  constructor(kernel_size: IntOrPair, stride: IntOrPair | null, opts?: AvgPool2dArgs);
  constructor(opts: AvgPool2dArgs & { kernel_size: IntOrPair });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('AvgPool2d.__init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)', args);
    this.kernel_size = kw.kernel_size as IntOrPair;
    // PyTorch: `stride if (stride is not None) else kernel_size`
    this.stride = (kw.stride ?? kw.kernel_size) as IntOrPair;
    this.padding = kw.padding as IntOrPair;
    this.ceil_mode = kw.ceil_mode as boolean;
    this.count_include_pad = kw.count_include_pad as boolean;
    this.divisor_override = kw.divisor_override as number | null;
  }
  forward(...args: [input: Tensor]): Tensor {
    const input = bind('AvgPool2d.forward(self, input)', args).input as Tensor;
    return avg_pool2d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
  override extra_repr(): string { return `kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}, padding=${py(this.padding)}`; }
}

type OutputSize = number | (number | null)[];
export class AdaptiveAvgPool2d extends Module {
  output_size: OutputSize;
  constructor(output_size: OutputSize | { output_size: OutputSize });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    this.output_size = bind('_AdaptiveAvgPoolNd.__init__(self, output_size)', args).output_size as OutputSize;
  }
  forward(...args: [input: Tensor]): Tensor {
    return adaptive_avg_pool2d(bind('AdaptiveAvgPool2d.forward(self, input)', args).input as Tensor, this.output_size);
  }
  override extra_repr(): string { return `output_size=${py(this.output_size)}`; }
}
