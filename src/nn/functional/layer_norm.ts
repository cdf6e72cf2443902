// F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5): PyTorch's native_layer_norm,
// one fused pass per row (the trailing `normalized_shape` elements) with its backward beside it
// (grad_fn NativeLayerNormBackward0). Row moments accumulate in float64.
import { Tensor } from '../../tensor/tensor.js';
import { RuntimeError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { bind } from '../../tensor/args.js';

type Data = Float32Array | Float64Array;
const listText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** PyTorch's _check_layer_norm_inputs, in its order and with its texts. */
function checkInputs(input: Tensor, shape: number[], weight: Tensor | null, bias: Tensor | null): void {
  if (shape.length < 1)
    throw new RuntimeError(`Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = ${listText(shape)}`);
  for (const [t, what] of [[weight, 'weight'], [bias, 'bias']] as const)
    if (t && (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])))
      throw new RuntimeError(`Expected ${what} to be of same shape as normalized_shape, but got ${what} of shape ${listText(t.shape)} and normalized_shape = ${listText(shape)}`);
  const nd = input.ndim, k = shape.length;
  if (nd < k || shape.some((d, i) => input.shape[nd - k + i] !== d))
    throw new RuntimeError(`Given normalized_shape=${listText(shape)}, expected input with shape [*, ${shape.join(', ')}], but got input of size${listText(input.shape)}`);
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"LayerNormKernelImpl" not implemented for '${input.dtype.scalarName}'`);
  for (const t of [weight, bias])
    if (t && t.dtype !== input.dtype) throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${t.dtype.scalarName}`);
}

/** layer_norm(input, normalized_shape, weight?, bias?, eps): the row-wise normalised input, affine when given. */
export function layer_norm(input: Tensor, normalized_shape: number[], opts?: { weight?: Tensor | null; bias?: Tensor | null; eps?: number }): Tensor;
export function layer_norm(input: Tensor, normalized_shape: number[], weight?: Tensor | null, bias?: Tensor | null, eps?: number): Tensor;
export function layer_norm(...args: unknown[]): Tensor {
  const a = bind('layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05)', args);
  const input = a.input as Tensor, weight = a.weight as Tensor | null, bias = a.bias as Tensor | null, eps = a.eps as number;
  const ns = a.normalized_shape;
  if (!Array.isArray(ns) || !ns.every(Number.isInteger))
    throw new TypeError(`layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not ${ns === null ? 'NoneType' : typeof ns === 'number' ? (Number.isInteger(ns) ? 'int' : 'float') : typeof ns}`);
  checkInputs(input, ns as number[], weight, bias);
  return layerNormImpl(input, (ns as number[]).reduce((p, d) => p * d, 1), weight, bias, eps);
}

/** out = (x - mean) * rstd * w + b per row of M; the row statistics are kept for the backward. */
function forwardRows(x: Data, out: Data, rows: number, M: number, w: Data | Float64Array, b: Data | Float64Array, eps: number,
  mean: Float64Array, rstd: Float64Array): void {
  for (let r = 0, o = 0; r < rows; r++, o += M) {
    // Σx and Σx² in float64: float32 inputs leave 29 spare bits, so the variance keeps full float32 accuracy
    let s = 0, ss = 0;
    for (let j = 0; j < M; j++) { const v = x[o + j]; s += v; ss += v * v; }
    const mu = s / M, rs = 1 / Math.sqrt(Math.max(ss / M - mu * mu, 0) + eps);
    mean[r] = mu; rstd[r] = rs;
    for (let j = 0; j < M; j++) out[o + j] = (x[o + j] - mu) * rs * w[j] + b[j];
  }
}

/** dx = rstd * (dy·w - mean(dy·w) - x̂ · mean(dy·w · x̂)); dw += Σ dy·x̂, db += Σ dy over rows. */
function backwardRows(x: Data, g: Data, rows: number, M: number, w: Data | Float64Array, mean: Float64Array, rstd: Float64Array,
  gx: Data | null, gw: Float64Array | null, gb: Float64Array | null): void {
  for (let r = 0, o = 0; r < rows; r++, o += M) {
    const mu = mean[r], rs = rstd[r];
    let s1 = 0, s2 = 0;
    for (let j = 0; j < M; j++) {
      const dy = g[o + j], xh = (x[o + j] - mu) * rs, dyw = dy * w[j];
      s1 += dyw; s2 += dyw * xh;
      if (gw) gw[j] += dy * xh;
      if (gb) gb[j] += dy;
    }
    if (!gx) continue;
    const m1 = s1 / M, m2 = s2 / M;
    for (let j = 0; j < M; j++) gx[o + j] = rs * (g[o + j] * w[j] - m1 - (x[o + j] - mu) * rs * m2);
  }
}

function layerNormImpl(input: Tensor, M: number, weight: Tensor | null, bias: Tensor | null, eps: number): Tensor {
  const dtype = input.dtype, n = input.numel(), rows = M === 0 ? 0 : n / M;
  const x = input._data as Data;
  // absent weight / bias act as ones / zeros, so one loop serves every combination
  const w = weight ? weight._data as Data : new Float64Array(M).fill(1), b = bias ? bias._data as Data : new Float64Array(M);
  const out = dtype.alloc(n) as Data;
  const mean = new Float64Array(rows), rstd = new Float64Array(rows);
  forwardRows(x, out, rows, M, w, b, eps, mean, rstd);
  return record(new Tensor(out, input.shape, dtype), 'NativeLayerNormBackward0', [input, weight, bias], (g) => {
    const gx = input.requires_grad ? dtype.alloc(n) as Data : null;
    const gw = weight?.requires_grad ? new Float64Array(M) : null;
    const gb = bias?.requires_grad ? new Float64Array(M) : null;
    backwardRows(x, g._data as Data, rows, M, w, mean, rstd, gx, gw, gb);
    const wrap = (d: Float64Array | null, like: Tensor | null): Tensor | null => {
      if (!d || !like) return null;
      const t = like.dtype.alloc(d.length) as Data;
      t.set(d);
      return new Tensor(t, like.shape, like.dtype);
    };
    return [gx && new Tensor(gx, input.shape, dtype), wrap(gw, weight), wrap(gb, bias)];
  }, true, { saved: [input, weight, bias] });
}
