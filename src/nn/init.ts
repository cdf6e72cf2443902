// torch.nn.init: in-place initialisers drawing from the default generator in PyTorch's order, so
// `manual_seed(s)` then a layer's construction reproduces PyTorch's initial parameters.
import { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';
import { ValueError } from '../tensor/errors.js';
import { default_generator, fillUniform, fillNormal, type Generator } from '../tensor/random.js';

type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** nn.init.calculate_gain(nonlinearity, param=None). */
export function calculate_gain(nonlinearity: Nonlinearity | string, param?: number | null): number {
  const linear = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linear.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope = 0.01;
    if (param !== undefined && param !== null) {
      if (typeof param !== 'number') throw new ValueError(`negative_slope ${param} not a valid number`);
      slope = param;
    }
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** (fan_in, fan_out) of a weight: dims 1 and 0 times the receptive field (the product of the rest). */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  const d = tensor.ndim;
  if (d < 2) throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * receptive, tensor.shape[0] * receptive];
}
function correctFan(tensor: Tensor, mode: string): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new ValueError(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return mode === 'fan_in' ? fanIn : fanOut;
}

interface GenOpt { generator?: Generator }
function gen(o?: GenOpt): Generator { return o?.generator ?? default_generator; }

/** uniform_(tensor, a=0, b=1): U(a, b) as PyTorch's uniform_ (bounds cast to the tensor's dtype first). */
export function uniform_(tensor: Tensor, a: number | { a?: number; b?: number } & GenOpt = 0, b: number | GenOpt = 1, o?: GenOpt): Tensor {
  let lo = 0, hi = 1, go = o;
  if (typeof a === 'object') { lo = a.a ?? 0; hi = a.b ?? 1; go = a; }
  else { lo = a; if (typeof b === 'object') go = b; else hi = b; }
  const f32 = tensor.dtype === float32;
  fillUniform(tensor._data, f32 ? Math.fround(lo) : lo, f32 ? Math.fround(hi) : hi, f32, gen(go));
  return tensor;
}
/** normal_(tensor, mean=0, std=1). */
export function normal_(tensor: Tensor, mean: number | { mean?: number; std?: number } & GenOpt = 0, std: number | GenOpt = 1, o?: GenOpt): Tensor {
  let m = 0, s = 1, go = o;
  if (typeof mean === 'object') { m = mean.mean ?? 0; s = mean.std ?? 1; go = mean; }
  else { m = mean; if (typeof std === 'object') go = std; else s = std; }
  fillNormal(tensor._data, m, s, tensor.dtype === float32, gen(go));
  return tensor;
}
export function constant_(tensor: Tensor, val: number): Tensor { tensor._data.fill(tensor.dtype.scalar(val)); return tensor; }
export function ones_(tensor: Tensor): Tensor { return constant_(tensor, 1); }
export function zeros_(tensor: Tensor): Tensor { return constant_(tensor, 0); }
/** eye_(tensor): the identity in a 2-D tensor. */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.ndim !== 2) throw new ValueError('Only tensors with 2 dimensions are supported');
  tensor._data.fill(0);
  const [r, c] = tensor.shape;
  for (let i = 0; i < Math.min(r, c); i++) tensor._data[i * c + i] = 1;
  return tensor;
}

interface KaimingOpts extends GenOpt { a?: number; mode?: string; nonlinearity?: string }
function kaimingArgs(a: number | KaimingOpts | undefined, mode: string | undefined, nonlinearity: string | undefined, o: GenOpt | undefined): [number, string, string, GenOpt | undefined] {
  if (typeof a === 'object') return [a.a ?? 0, a.mode ?? 'fan_in', a.nonlinearity ?? 'leaky_relu', a];
  return [a ?? 0, mode ?? 'fan_in', nonlinearity ?? 'leaky_relu', o];
}
function kaimingStd(tensor: Tensor, a: number, mode: string, nonlinearity: string): number {
  if (tensor.shape.includes(0)) return NaN;
  const fan = correctFan(tensor, mode);
  return calculate_gain(nonlinearity, a) / Math.sqrt(fan);
}
/** kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu'): U(-b, b), b = gain * sqrt(3 / fan). */
export function kaiming_uniform_(tensor: Tensor, a?: number | KaimingOpts, mode?: string, nonlinearity?: string, o?: GenOpt): Tensor {
  const [av, m, nl, go] = kaimingArgs(a, mode, nonlinearity, o);
  const std = kaimingStd(tensor, av, m, nl);
  if (Number.isNaN(std)) return tensor; // PyTorch: "Initializing zero-element tensors is a no-op"
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound, go);
}
/** kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu'): N(0, gain / sqrt(fan)). */
export function kaiming_normal_(tensor: Tensor, a?: number | KaimingOpts, mode?: string, nonlinearity?: string, o?: GenOpt): Tensor {
  const [av, m, nl, go] = kaimingArgs(a, mode, nonlinearity, o);
  const std = kaimingStd(tensor, av, m, nl);
  if (Number.isNaN(std)) return tensor;
  return normal_(tensor, 0, std, go);
}
/** xavier_uniform_(tensor, gain=1): U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)). */
export function xavier_uniform_(tensor: Tensor, gain: number | ({ gain?: number } & GenOpt) = 1, o?: GenOpt): Tensor {
  const g = typeof gain === 'object' ? gain.gain ?? 1 : gain;
  const [fi, fo] = _calculate_fan_in_and_fan_out(tensor);
  const std = g * Math.sqrt(2.0 / (fi + fo));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound, typeof gain === 'object' ? gain : o);
}
/** xavier_normal_(tensor, gain=1): N(0, gain * sqrt(2 / (fan_in + fan_out))). */
export function xavier_normal_(tensor: Tensor, gain: number | ({ gain?: number } & GenOpt) = 1, o?: GenOpt): Tensor {
  const g = typeof gain === 'object' ? gain.gain ?? 1 : gain;
  const [fi, fo] = _calculate_fan_in_and_fan_out(tensor);
  return normal_(tensor, 0, g * Math.sqrt(2.0 / (fi + fo)), typeof gain === 'object' ? gain : o);
}
