// nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=false, ceil_mode=false).
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind } from '../../tensor/args.js';
import { max_pool2d } from '../functional/pooling.js';
import { py } from '../../tensor/python.js';

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
    const kw = bind('_MaxPoolNd.__init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)', args);
    this.kernel_size = kw.kernel_size as IntOrPair;
    // PyTorch's _MaxPoolNd: stride defaults to the kernel size
    this.stride = (kw.stride ?? kw.kernel_size) as IntOrPair;
    this.padding = kw.padding as IntOrPair;
    this.dilation = kw.dilation as IntOrPair;
    this.return_indices = !!kw.return_indices;
    this.ceil_mode = !!kw.ceil_mode;
  }
  /** The pooled tensor; with return_indices, the pair [output, indices] (typed as Tensor for the common case). */
  forward(...args: [input: Tensor]): Tensor {
    const input = bind('MaxPool2d.forward(self, input)', args).input;
    return (max_pool2d as (...a: unknown[]) => Tensor)(input, this.kernel_size, this.stride, this.padding, this.dilation,
      { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
  override extra_repr(): string {
    return `kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${py(this.dilation)}, ceil_mode=${py(this.ceil_mode)}`;
  }
}
