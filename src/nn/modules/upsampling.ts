// nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None),
// nn.UpsamplingNearest2d(size=None, scale_factor=None) and nn.UpsamplingBilinear2d (align_corners=True):
// F.interpolate with the module's settings; scale factors stored as floats and printed as 1.13 does.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bind, perClass } from '../../tensor/args.js';
import { pyFloatRepr } from './norm_repr.js';
import { interpolate } from '../functional/interpolate.js';

const FORWARD = perClass((c) => `${c.name}.forward(self, input)`);
type Size = number | number[] | null;

export class Upsample extends Module {
  declare size: Size;
  declare scale_factor: number | number[] | null;
  declare mode: string;
  declare align_corners: boolean | null;
  declare recompute_scale_factor: boolean | null;
  constructor(size?: Size | { size?: Size; scale_factor?: number | number[] | null; mode?: string; align_corners?: boolean | null; recompute_scale_factor?: boolean | null },
    scale_factor?: number | number[] | null, mode?: string, align_corners?: boolean | null, recompute_scale_factor?: boolean | null);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind("Upsample.__init__(self, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None)", args);
    this.init(kw.size as Size, kw.scale_factor as number | number[] | null, kw.mode as string, kw.align_corners as boolean | null, kw.recompute_scale_factor as boolean | null);
  }
  protected init(size: Size, scale: number | number[] | null, mode: string, alignCorners: boolean | null, recompute: boolean | null): void {
    this.size = size;
    // a tuple of factors becomes floats; a falsy factor (None, 0) becomes None
    this.scale_factor = Array.isArray(scale) ? scale.map(Number) : scale ? Number(scale) : null;
    this.mode = mode;
    this.align_corners = alignCorners;
    this.recompute_scale_factor = recompute;
  }
  forward(...args: [input: Tensor]): Tensor {
    const input = FORWARD(this, args).input as Tensor;
    return interpolate(input, this.size, this.scale_factor, this.mode as 'nearest', this.align_corners, { recompute_scale_factor: this.recompute_scale_factor });
  }
  override extra_repr(): string {
    const f = this.scale_factor;
    const info = f !== null ? `scale_factor=${Array.isArray(f) ? `(${f.map(pyFloatRepr).join(', ')}${f.length === 1 ? ',' : ''})` : pyFloatRepr(f)}`
      : `size=${this.size === null ? 'None' : Array.isArray(this.size) ? `(${this.size.join(', ')}${this.size.length === 1 ? ',' : ''})` : this.size}`;
    return `${info}, mode=${this.mode}`;
  }
}

/** The 2-d forms: size or scale_factor only, the mode fixed by the class. */
abstract class Upsampling2d extends Upsample {
  protected constructor(cls: string, mode: string, alignCorners: boolean | null, args: unknown[]) {
    super();
    const kw = bind(`${cls}.__init__(self, size=None, scale_factor=None)`, args);
    this.init(kw.size as Size, kw.scale_factor as number | number[] | null, mode, alignCorners, null);
  }
}
type Size2dArgs = [size?: Size | { size?: Size; scale_factor?: number | number[] | null }, scale_factor?: number | number[] | null];

export class UpsamplingNearest2d extends Upsampling2d {
  constructor(...args: Size2dArgs) { super('UpsamplingNearest2d', 'nearest', null, args); }
}

/** Bilinear with align_corners=True. */
export class UpsamplingBilinear2d extends Upsampling2d {
  constructor(...args: Size2dArgs) { super('UpsamplingBilinear2d', 'bilinear', true, args); }
}
