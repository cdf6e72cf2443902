// torchvision.transforms as the MNIST example uses them: Compose, ToTensor, Normalize, Lambda.
// ToTensor + Normalize round like torchvision: x/255 in float32, then (x - mean)/std with mean and
// std cast to float32 first.
import { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';
import { ValueError, RuntimeError } from '../tensor/errors.js';
import { fmtShape, fmtSize } from '../tensor/shape.js';
import { Image } from './image.js';
import { bind, type Kw } from '../tensor/args.js';
import * as self from './transforms.js';
import { provide } from '../namespaces.js';

export type Transform = (x: any) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface TransformLike { __call__?(x: unknown): unknown }

/** Calls a transform given as a function or as an object with __call__ (a class instance). */
export function applyTransform(t: Transform | TransformLike, x: unknown): unknown {
  if (typeof t === 'function') return t(x);
  if (t && typeof t.__call__ === 'function') return t.__call__(x);
  throw new TypeError(`'${(t as object)?.constructor?.name ?? typeof t}' object is not callable`);
}

/** Base of the transform classes: callable as t.__call__(x) or t.forward(x). */
export abstract class TransformBase {
  abstract __call__(x: unknown): unknown;
  forward(x: unknown): unknown { return this.__call__(x); }
}

export class Compose extends TransformBase {
  readonly transforms: (Transform | TransformLike)[];
  constructor(...args: [transforms: (Transform | TransformLike)[] | Kw]) {
    super();
    this.transforms = (bind('Compose.__init__(self, transforms)', args).transforms as (Transform | TransformLike)[]).slice();
  }
  __call__(...args: [img: unknown]): unknown {
    let img = bind('Compose.__call__(self, img: dict)', args).img;
    for (const t of this.transforms) img = applyTransform(t, img);
    return img;
  }
  override toString(): string { return `Compose(\n${this.transforms.map((t) => `    ${String(t)}`).join('\n')}\n)`; }
}

/** An Image (or an array of 0..255 bytes with a given [H, W]) to a float32 [C, H, W] tensor in [0, 1]. */
export class ToTensor extends TransformBase {
  constructor(...args: [Kw?]) { super(); bind('ToTensor.__init__(self)', args); }
  __call__(...args: [pic: unknown]): Tensor {
    const pic = bind('ToTensor.__call__(self, pic)', args).pic;
    if (!(pic instanceof Image)) throw new TypeError(`pic should be PIL Image or ndarray. Got ${pic === null ? 'null' : (pic as object)?.constructor?.name ?? typeof pic}`);
    const n = pic.data.length, out = float32.alloc(n), src = pic.data;
    for (let i = 0; i < n; i++) out[i] = BYTE_TO_UNIT[src[i]];
    return new Tensor(out, [1, pic.height, pic.width], float32);
  }
  override toString(): string { return 'ToTensor()'; }
}
/** Byte b as float32(b) / 255 rounded to float32, as torch's `.div(255)` gives it. */
const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/** (x - mean[c]) / std[c] per channel of a [..., C, H, W] float tensor. */
export class Normalize extends TransformBase {
  readonly mean: number[];
  readonly std: number[];
  readonly inplace: boolean;
  constructor(...args: [mean: number[] | number | Kw, std?: number[] | number | Kw, inplace?: boolean | Kw, kw?: Kw]) {
    super();
    const { mean, std, inplace } = bind('Normalize.__init__(self, mean, std, inplace=False)', args) as { mean: number[] | number; std: number[] | number; inplace: boolean };
    this.mean = Array.isArray(mean) ? mean.slice() : [mean];
    this.std = Array.isArray(std) ? std.slice() : [std];
    this.inplace = inplace;
  }
  __call__(...args: [tensor: unknown]): Tensor {
    const tensor = bind('Normalize.forward(self, tensor)', args).tensor;
    if (!(tensor instanceof Tensor)) throw new TypeError(`Input tensor should be a torch tensor. Got ${(tensor as object)?.constructor?.name ?? typeof tensor}.`);
    if (!tensor.is_floating_point()) throw new TypeError(`Input tensor should be a float tensor. Got ${tensor.dtype}.`);
    if (tensor.ndim < 3) throw new ValueError(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = ${fmtSize(tensor.shape)}`);
    const c = tensor.shape[tensor.ndim - 3], plane = tensor.shape[tensor.ndim - 2] * tensor.shape[tensor.ndim - 1];
    const cast = (v: number) => tensor.dtype.cast(v);
    const mean = this.mean.map(cast), std = this.std.map(cast);
    if (std.some((s) => s === 0)) throw new ValueError(`std evaluated to zero after conversion to ${tensor.dtype}, leading to division by zero.`);
    // torchvision's tensor.sub_(mean.view(-1, 1, 1)).div_(std.view(-1, 1, 1)): in-place broadcasting's messages
    const pick = (arr: number[]): number[] => {
      if (arr.length === c) return arr;
      if (arr.length === 1) return new Array(c).fill(arr[0]);
      if (c === 1) {
        const wide = tensor.shape.slice();
        wide[tensor.ndim - 3] = arr.length;
        throw new RuntimeError(`output with shape ${fmtShape(tensor.shape)} doesn't match the broadcast shape ${fmtShape(wide)}`);
      }
      throw new RuntimeError(`The size of tensor a (${c}) must match the size of tensor b (${arr.length}) at non-singleton dimension ${tensor.ndim - 3}`);
    };
    const m = pick(mean), s = pick(std);
    const f32 = tensor.dtype === float32;
    const src = tensor._data, out = this.inplace ? src : tensor.dtype.alloc(src.length);
    for (let base = 0, ch = 0; base < src.length; base += plane, ch = (ch + 1) % c) {
      const mc = m[ch], sc = s[ch];
      // torch's sub_ then div_: float32 rounds after each
      if (f32) for (let i = base; i < base + plane; i++) out[i] = Math.fround(src[i] - mc) / sc;
      else for (let i = base; i < base + plane; i++) out[i] = (src[i] - mc) / sc;
    }
    return this.inplace ? tensor : new Tensor(out, tensor.shape, tensor.dtype);
  }
  override toString(): string { return `Normalize(mean=${pyTuple(this.mean)}, std=${pyTuple(this.std)})`; }
}

/** A user function as a transform. */
export class Lambda extends TransformBase {
  readonly lambd: (x: unknown) => unknown;
  constructor(...args: [lambd: ((x: unknown) => unknown) | Kw]) {
    super();
    const lambd = bind('Lambda.__init__(self, lambd)', args).lambd as (x: unknown) => unknown;
    this.lambd = lambd;
    if (typeof lambd !== 'function') throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
  }
  __call__(...args: [img: unknown]): unknown { return this.lambd(bind('Lambda.__call__(self, img: dict)', args).img); }
  override toString(): string { return 'Lambda()'; }
}

function pyTuple(v: number[]): string { return v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`; }

/**
 * When a transform maps each pixel byte to a value independently of the others (ToTensor,
 * Normalize, or a Compose of those), its 256-entry table per channel; otherwise null. The MNIST
 * dataset uses it to build a whole batch in one pass.
 */
export function byteLookupTable(t: unknown): Float32Array | null {
  const chain: unknown[] = [];
  const flatten = (x: unknown): boolean => {
    if (x instanceof Compose) return x.transforms.every(flatten);
    chain.push(x);
    return true;
  };
  if (!flatten(t) || !(chain[0] instanceof ToTensor)) return null;
  const lut = BYTE_TO_UNIT.slice();
  for (const step of chain.slice(1)) {
    if (!(step instanceof Normalize) || step.mean.length !== 1 || step.std.length !== 1) return null;
    const m = Math.fround(step.mean[0]), s = Math.fround(step.std[0]);
    if (s === 0) return null;
    for (let b = 0; b < 256; b++) lut[b] = Math.fround(lut[b] - m) / s;
  }
  return lut;
}

// loading this module makes torch.transforms available (src/namespaces.ts)
provide({ transforms: self });
