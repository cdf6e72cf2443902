// nn.Linear(in_features, out_features, bias=true, {device, dtype}): weight [out, in] and bias [out]
// initialised as PyTorch's reset_parameters does (kaiming_uniform_(a=√5), then U(±1/√fan_in)).
import { Module } from '../module.js';
import { Parameter, emptyParameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { bind } from '../../tensor/args.js';
import { linear } from '../functional/linear.js';
import { kaiming_uniform_, uniform_, _calculate_fan_in_and_fan_out } from '../init.js';

/** Linear's keyword arguments. */
export interface LinearArgs { in_features?: number; out_features?: number; bias?: boolean; device?: unknown; dtype?: DType | string }

export class Linear extends Module {
  in_features: number;
  out_features: number;
  weight: Parameter;
  bias: Parameter | null;
  constructor(in_features: number, out_features: number, bias?: boolean | LinearArgs, opts?: LinearArgs);
  constructor(opts: LinearArgs & { in_features: number; out_features: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Linear.__init__(self, in_features, out_features, bias=True, device=None, dtype=None)', args);
    this.in_features = kw.in_features as number;
    this.out_features = kw.out_features as number;
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.weight = emptyParameter([this.out_features, this.in_features], dtype);
    this.bias = kw.bias ? emptyParameter([this.out_features], dtype) : null;
    this.reset_parameters();
  }
  reset_parameters(...args: []): void {
    bind('Linear.reset_parameters(self)', args);
    kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = _calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }
  forward(...args: [input: Tensor]): Tensor {
    const { input } = bind('Linear.forward(self, input)', args);
    return linear(input as Tensor, this.weight, this.bias);
  }
  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias ? 'True' : 'False'}`;
  }
}

/** nn.Identity(*args, **kwargs): returns its input. */
export class Identity extends Module {
  constructor(..._args: unknown[]) { super(); }
  forward(...args: [input: Tensor]): Tensor { return bind('Identity.forward(self, input)', args).input as Tensor; }
}
