// F.dropout / F.dropout2d: PyTorch's _dropout_impl. The keep mask is bernoulli_(1 - p) drawn from
// the default generator exactly as PyTorch's CPU kernel draws it (one 53-bit uniform per element,
// kept when below 1 - p), scaled by 1 / (1 - p) in the tensor's dtype, so a seed reproduces
// PyTorch's mask.
import { Tensor } from '../../tensor/tensor.js';
import { float32 } from '../../tensor/dtype.js';
import { RuntimeError, ValueError, warn } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { inplace as inplaceOp } from '../../ops/inplace.js';
import { default_generator } from '../../tensor/random.js';
import { bind, tensorArg, numberArg, boolArg } from '../../tensor/args.js';
import { allocEmpty, bernoulliKeepFast, dropoutApplyFast } from '../../kernels/dispatch.js';

export function checkDropoutP(p: number): void {
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
}

/** input * mask, where mask has `noiseShape`'s leading dims (the rest broadcast) and holds 0 or 1/(1-p). */
function dropoutImpl(input: Tensor, p: number, train: boolean, inplace: boolean, feature: boolean): Tensor {
  if (p === 0 || !train || input.numel() === 0) return input;
  if (!input.dtype.is_floating_point) {
    // bernoulli_ on a float noise tensor, then multiplying into an integer input
    throw new RuntimeError(`result type Float can't be cast to the desired output type ${input.dtype.scalarName}`);
  }
  const n = input.numel();
  // feature dropout: one draw per (batch, channel), shared by that channel's elements
  const groups = feature ? input.shape[0] * (input.ndim > 1 ? input.shape[1] : 1) : n;
  const inner = n / groups;
  const f32 = input.dtype === float32;
  const q = 1 - p;
  const scale = p === 1 ? 0 : f32 ? Math.fround(1 / Math.fround(q)) : 1 / q;
  // the mask as bytes (0 drop, 1 keep): a quarter of a float mask's memory; values[] turns it into
  // 0 or 1/(1-p) without a branch per element
  const keep = new Uint8Array(groups);
  if (p !== 1) { // p == 1: PyTorch multiplies by a zero tensor without drawing
    const gen = default_generator;
    // big masks drawn by the WebAssembly twin of this loop (the same words of the same state)
    if (!gen._drawWith((mt, mti) => bernoulliKeepFast(mt, mti, keep, q)))
      for (let i = 0; i < groups; i++) keep[i] = gen.uniformDouble() < q ? 1 : 0;
  }
  const values = input.dtype.alloc(2);
  values[1] = scale;
  const kind = f32 ? 'f32' : 'f64';
  // out[i] = x[i] * mask value: the forward, and the same product for the gradient
  const masked = (x: Float32Array | Float64Array, out: Float32Array | Float64Array): void => {
    // float32 in the shared memory: the same products in WebAssembly SIMD
    if (inner === 1 && dropoutApplyFast(x, keep, out, scale)) return;
    if (inner === 1) for (let i = 0; i < n; i++) out[i] = x[i] * values[keep[i]];
    else for (let gi = 0, o = 0; gi < groups; gi++) {
      const m = values[keep[gi]];
      for (let j = 0; j < inner; j++, o++) out[o] = x[o] * m;
    }
  };
  // input.mul_(mask) in place, as PyTorch does (recorded when input is in a graph)
  const compute = (x: Tensor): Tensor => {
    const out = allocEmpty(kind, n);
    masked(x._data, out);
    return record(new Tensor(out, x.shape, x.dtype), 'MulBackward0', [x], (g) => {
      const r = allocEmpty(kind, n);
      masked(g._data, r);
      return [new Tensor(r, x.shape, x.dtype)];
    });
  };
  if (inplace) return inplaceOp(input, { compute, direct: input.is_contiguous() ? () => masked(input._data, input._data) : undefined });
  return compute(input);
}

/**
 * F.dropout(input, p=0.5, training=true, inplace=false). With `inplace` the input's storage is
 * overwritten and returned (autograd records it as input.mul_(mask), as in PyTorch).
 */
export interface DropoutOptions { p?: number; training?: boolean; inplace?: boolean }
export function dropout(input: Tensor, opts?: DropoutOptions): Tensor;
export function dropout(input: Tensor, p: number, opts?: DropoutOptions): Tensor;
export function dropout(input: Tensor, p: number, training: boolean, inplace?: boolean): Tensor;
export function dropout(...args: unknown[]): Tensor {
  const kw = bind('dropout(input, p=0.5, training=True, inplace=False)', args);
  const input = tensorArg('dropout', 'input', kw.input, 1);
  const p = numberArg('dropout', 'p', kw.p, 0.5);
  checkDropoutP(p);
  return dropoutImpl(input, p, boolArg('dropout', 'training', kw.training, true), boolArg('dropout', 'inplace', kw.inplace, false), false);
}

/** F.dropout2d(input, p=0.5, training=true, inplace=false): zeroes whole channels. */
export function dropout2d(input: Tensor, opts?: DropoutOptions): Tensor;
export function dropout2d(input: Tensor, p: number, opts?: DropoutOptions): Tensor;
export function dropout2d(input: Tensor, p: number, training: boolean, inplace?: boolean): Tensor;
export function dropout2d(...args: unknown[]): Tensor {
  const kw = bind('dropout2d(input, p=0.5, training=True, inplace=False)', args);
  const input = tensorArg('dropout2d', 'input', kw.input, 1);
  const p = numberArg('dropout2d', 'p', kw.p, 0.5);
  checkDropoutP(p);
  const d = input.ndim;
  if (d !== 3 && d !== 4)
    warn(`dropout2d: Received a ${d}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).`);
  if (d === 3)
    warn('dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.');
  if (d === 0) return dropout(input, p, boolArg('dropout2d', 'training', kw.training, true), boolArg('dropout2d', 'inplace', kw.inplace, false));
  return dropoutImpl(input, p, boolArg('dropout2d', 'training', kw.training, true), boolArg('dropout2d', 'inplace', kw.inplace, false), true);
}
