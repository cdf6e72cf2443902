// nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=false, ceil_mode=false).
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bindArgs } from '../functional/args.js';
import { max_pool2d } from '../functional/pooling.js';
import { py } from './layer_args.js';

type IntOrPair = number | number[];
/** MaxPool2d's keyword arguments. */
export interface MaxPool2dArgs {
  kernel_size?: IntOrPair; stride?: IntOrPair | null; padding?: IntOrPair; dilation?: IntOrPair; return_indices?: boolean; ceil_mode?: boolean;
}

export class MaxPool2d extends Module {
  kernel_size: IntOrPair;
  stride: IntOrPair;
  padding: IntOrPair;
  dilation: IntOrPair;
  return_indices: boolean;
  ceil_mode: boolean;
  constructor(kernel_size: IntOrPair, opts?: MaxPool2dArgs);
  constructor(kernel_size: IntOrPair, stride: IntOrPair | null, opts?: MaxPool2dArgs);
  constructor(opts: MaxPool2dArgs & { kernel_size: IntOrPair });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bindArgs('MaxPool2d.__init__', ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'], args);
    if (kw.kernel_size === undefined) throw new TypeError("MaxPool2d.__init__() missing 1 required positional argument: 'kernel_size'");
    this.kernel_size = kw.kernel_size as IntOrPair;
    // PyTorch's _MaxPoolNd: stride defaults to the kernel size
    this.stride = (kw.stride ?? kw.kernel_size) as IntOrPair;
    this.padding = (kw.padding ?? 0) as IntOrPair;
    this.dilation = (kw.dilation ?? 1) as IntOrPair;
    this.return_indices = !!kw.return_indices;
    this.ceil_mode = !!kw.ceil_mode;
  }
  /** The pooled tensor; with return_indices, the pair [output, indices] (typed as Tensor for the common case). */
  forward(input: Tensor): Tensor {
    return (max_pool2d as (...a: unknown[]) => Tensor)(input, this.kernel_size, this.stride, this.padding, this.dilation,
      { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
  override extra_repr(): string {
    return `kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${py(this.dilation)}, ceil_mode=${py(this.ceil_mode)}`;
  }
}
