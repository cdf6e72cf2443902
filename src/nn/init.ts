// torch.nn.init: in-place initialisers drawing from the default generator in PyTorch's order, so
// `manual_seed(s)` then a layer's construction reproduces PyTorch's initial parameters.
import { Tensor } from '../tensor/tensor.js';
import type { Storage } from '../tensor/dtype.js';
import { ValueError } from '../tensor/errors.js';
import { default_generator, type Generator } from '../tensor/random.js';
import { no_grad } from '../autograd/grad_mode.js';
import { bind, type Kw } from '../tensor/args.js';

type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** nn.init.calculate_gain(nonlinearity, param=None). */
export function calculate_gain(...args: [nonlinearity: Nonlinearity | string | Kw, param?: number | null | Kw, kw?: Kw]): number {
  const { nonlinearity, param } = bind('calculate_gain(nonlinearity, param=None)', args) as { nonlinearity: string; param: unknown };
  const linear = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linear.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope = 0.01;
    if (param !== null) {
      if (typeof param !== 'number') throw new ValueError(`negative_slope ${param} not a valid number`);
      slope = param;
    }
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** (fan_in, fan_out) of a weight: dims 1 and 0 times the receptive field (the product of the rest). */
export function _calculate_fan_in_and_fan_out(...args: [tensor: Tensor | Kw, kw?: Kw]): [number, number] {
  return fans(bind('_calculate_fan_in_and_fan_out(tensor)', args).tensor as Tensor);
}
function fans(tensor: Tensor): [number, number] {
  const d = tensor.ndim;
  if (d < 2) throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * receptive, tensor.shape[0] * receptive];
}
function correctFan(tensor: Tensor, mode: string): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new ValueError(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = fans(tensor);
  return mode === 'fan_in' ? fanIn : fanOut;
}

// `generator` (keyword-only) is torchlet's addition, as in later PyTorch versions
type GenKw = { generator?: Generator | null };
const gen = (a: Kw): Generator => (a.generator as Generator | null) ?? default_generator;

/**
 * Writes row-major values through the tensor's strides (so a view, w.t() or w[:, 1:3], is written
 * where it lies in its base) and bumps the version counter, as PyTorch's in-place ops do.
 */
function writeDense(tensor: Tensor, fill: (d: Storage) => void): Tensor {
  const d = tensor._data; // the storage itself (or a window of it) when contiguous, else a copy
  fill(d);
  if (!tensor.is_contiguous()) tensor._write(d);
  tensor._bumpVersion();
  return tensor;
}
// PyTorch's init functions are `with torch.no_grad(): tensor.uniform_(a, b)`: the tensor's own
// in-place draws, which follow the kernel's order (memory order for a non-contiguous view)
function uniformFill(tensor: Tensor, lo: number, hi: number, g: Generator): Tensor {
  return no_grad(() => tensor.uniform_(lo, hi, { generator: g }));
}
function normalFill(tensor: Tensor, mean: number, std: number, g: Generator): Tensor {
  return no_grad(() => tensor.normal_(mean, std, { generator: g }));
}

/** uniform_(tensor, a=0, b=1): U(a, b) as PyTorch's uniform_ (bounds cast to the tensor's dtype first). */
export function uniform_(...args: [tensor: Tensor | Kw, a?: number | Kw, b?: number | Kw, kw?: GenKw]): Tensor {
  const o = bind('uniform_(tensor, a=0.0, b=1.0, *, generator=None)', args);
  return uniformFill(o.tensor as Tensor, o.a as number, o.b as number, gen(o));
}
/** normal_(tensor, mean=0, std=1). */
export function normal_(...args: [tensor: Tensor | Kw, mean?: number | Kw, std?: number | Kw, kw?: GenKw]): Tensor {
  const o = bind('normal_(tensor, mean=0.0, std=1.0, *, generator=None)', args);
  return normalFill(o.tensor as Tensor, o.mean as number, o.std as number, gen(o));
}
export function constant_(...args: [tensor: Tensor | Kw, val?: number | Kw, kw?: Kw]): Tensor {
  const { tensor, val } = bind('constant_(tensor, val)', args) as { tensor: Tensor; val: number };
  return fill(tensor, val);
}
function fill(tensor: Tensor, val: number): Tensor { return writeDense(tensor, (d) => d.fill(tensor.dtype.scalar(val))); }
export function ones_(...args: [tensor: Tensor | Kw]): Tensor { return fill(bind('ones_(tensor)', args).tensor as Tensor, 1); }
export function zeros_(...args: [tensor: Tensor | Kw]): Tensor { return fill(bind('zeros_(tensor)', args).tensor as Tensor, 0); }
/** eye_(tensor): the identity in a 2-D tensor. */
export function eye_(...args: [tensor: Tensor | Kw]): Tensor {
  const tensor = bind('eye_(tensor)', args).tensor as Tensor;
  if (tensor.ndim !== 2) throw new ValueError('Only tensors with 2 dimensions are supported');
  const [r, c] = tensor.shape;
  return writeDense(tensor, (d) => { d.fill(0); for (let i = 0; i < Math.min(r, c); i++) d[i * c + i] = 1; });
}

type KaimingArgs = [tensor: Tensor | Kw, a?: number | Kw, mode?: string | Kw, nonlinearity?: string | Kw, kw?: GenKw];
/** The std of kaiming_*_, or NaN for a tensor with no elements (PyTorch: "Initializing zero-element tensors is a no-op"). */
function kaimingStd(name: string, args: readonly unknown[]): [Tensor, number, Generator] {
  const o = bind(`${name}(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', *, generator=None)`, args);
  const tensor = o.tensor as Tensor;
  if (tensor.shape.includes(0)) return [tensor, NaN, gen(o)];
  const fan = correctFan(tensor, o.mode as string);
  return [tensor, calculate_gain(o.nonlinearity as string, o.a as number) / Math.sqrt(fan), gen(o)];
}
/** kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu'): U(-b, b), b = gain * sqrt(3 / fan). */
export function kaiming_uniform_(...args: KaimingArgs): Tensor {
  const [tensor, std, g] = kaimingStd('kaiming_uniform_', args);
  if (Number.isNaN(std)) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return uniformFill(tensor, -bound, bound, g);
}
/** kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu'): N(0, gain / sqrt(fan)). */
export function kaiming_normal_(...args: KaimingArgs): Tensor {
  const [tensor, std, g] = kaimingStd('kaiming_normal_', args);
  if (Number.isNaN(std)) return tensor;
  return normalFill(tensor, 0, std, g);
}
type XavierArgs = [tensor: Tensor | Kw, gain?: number | Kw, kw?: GenKw];
/** gain * sqrt(2 / (fan_in + fan_out)), the std of xavier_*_. */
function xavierStd(name: string, args: readonly unknown[]): [Tensor, number, Generator] {
  const o = bind(`${name}(tensor, gain=1.0, *, generator=None)`, args);
  const tensor = o.tensor as Tensor;
  const [fi, fo] = fans(tensor);
  return [tensor, (o.gain as number) * Math.sqrt(2.0 / (fi + fo)), gen(o)];
}
/** xavier_uniform_(tensor, gain=1): U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)). */
export function xavier_uniform_(...args: XavierArgs): Tensor {
  const [tensor, std, g] = xavierStd('xavier_uniform_', args);
  const bound = Math.sqrt(3.0) * std;
  return uniformFill(tensor, -bound, bound, g);
}
/** xavier_normal_(tensor, gain=1): N(0, gain * sqrt(2 / (fan_in + fan_out))). */
export function xavier_normal_(...args: XavierArgs): Tensor {
  const [tensor, std, g] = xavierStd('xavier_normal_', args);
  return normalFill(tensor, 0, std, g);
}
