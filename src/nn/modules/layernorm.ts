// nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True, {device, dtype}): weight of ones
// and bias of zeros over the trailing `normalized_shape` dims (no random draws, as in PyTorch).
import { Module } from '../module.js';
import { Parameter, emptyParameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { bind } from '../../tensor/args.js';
import { py, pyFloat } from '../../tensor/python.js';
import { layer_norm } from '../functional/layer_norm.js';
import { ones_, zeros_ } from '../init.js';

/** Python's repr of a float: 1e-05 rather than JavaScript's 0.00001. */
export function pyRepr(v: number): string {
  if (v !== 0 && Number.isFinite(v) && Math.abs(v) < 1e-4) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return pyFloat(v);
}

/** LayerNorm's keyword arguments. */
export interface LayerNormArgs { normalized_shape?: number | number[]; eps?: number; elementwise_affine?: boolean; device?: unknown; dtype?: DType | string }

export class LayerNorm extends Module {
  normalized_shape: number[];
  eps: number;
  elementwise_affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(normalized_shape: number | number[], eps?: number | LayerNormArgs, elementwise_affine?: boolean | LayerNormArgs, opts?: LayerNormArgs);
  constructor(opts: LayerNormArgs & { normalized_shape: number | number[] });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('LayerNorm.__init__(self, normalized_shape, eps=1e-05, elementwise_affine=True, device=None, dtype=None)', args);
    const ns = kw.normalized_shape;
    // an int becomes a 1-tuple (PyTorch's numbers.Integral check); anything else goes through tuple()
    this.normalized_shape = typeof ns === 'number' ? [ns] : [...(ns as Iterable<number>)];
    this.eps = kw.eps as number;
    this.elementwise_affine = !!kw.elementwise_affine;
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.weight = this.elementwise_affine ? emptyParameter(this.normalized_shape, dtype) : null;
    this.bias = this.elementwise_affine ? emptyParameter(this.normalized_shape, dtype) : null;
    this.reset_parameters();
  }
  reset_parameters(...args: []): void {
    bind('LayerNorm.reset_parameters(self)', args);
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }
  forward(...args: [input: Tensor]): Tensor {
    const { input } = bind('LayerNorm.forward(self, input)', args);
    return layer_norm(input as Tensor, this.normalized_shape, this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `${py(this.normalized_shape)}, eps=${pyRepr(this.eps)}, elementwise_affine=${py(this.elementwise_affine)}`;
  }
}
