// nn.utils.clip_grad_norm_ and clip_grad_value_, step for step as PyTorch 1.13's clip_grad.py (so the
// total norm and the scaled gradients round as PyTorch's do), and the deprecated clip_grad_norm.
import { Tensor } from '../../tensor/tensor.js';
import { RuntimeError, warn } from '../../tensor/errors.js';
import { bind, pyType, type Kw } from '../../tensor/args.js';
import { pyFloat } from '../../tensor/python.js';
import { tensor } from '../../tensor/creation.js';
import { float32 } from '../../tensor/dtype.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { stack } from '../../ops/misc.js';
import { norm } from '../../ops/stats.js';
import { norm2RunF32 } from '../../kernels/reduce_exact.js';
import { scaleF32 } from '../../kernels/scale.js';

/** A Tensor or an iterable of them (a Module's parameters() generator, an array). */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

/** `parameters` as a list: one tensor becomes [tensor], as `isinstance(parameters, torch.Tensor)` does. */
export function tensorList(parameters: unknown): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || parameters === undefined || typeof (parameters as Iterable<Tensor>)[Symbol.iterator] !== 'function')
    throw new TypeError(`'${pyType(parameters)}' object is not iterable`);
  return [...(parameters as Iterable<Tensor>)];
}

/** Python's float(v) for a number or a numeric string ('inf', '2.5'). */
function pyFloatOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase().replace(/^([+-]?)(inf|infinity)$/, '$1Infinity');
    const n = Number(s);
    if (s !== '' && (!Number.isNaN(n) || s.replace(/^[+-]/, '') === 'nan')) return Number.isNaN(n) ? NaN : n;
    throw new TypeError(`could not convert string to float: '${v}'`);
  }
  throw new TypeError(`float() argument must be a string or a real number, not '${pyType(v)}'`);
}

/**
 * clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False): scales the
 * gradients in place so that their joint norm is at most max_norm; returns that total norm (before clipping).
 */
export function clip_grad_norm_(parameters: TensorOrTensors, max_norm: number, norm_type?: number | string | ClipOptions, error_if_nonfinite?: boolean | ClipOptions): Tensor;
export function clip_grad_norm_(...args: unknown[]): Tensor;
export function clip_grad_norm_(...args: unknown[]): Tensor {
  const a = bind('clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False)', args);
  return clipGradNorm(a);
}
/** clip_grad_norm_'s keyword arguments. */
export interface ClipOptions { norm_type?: number | string; error_if_nonfinite?: boolean }

function clipGradNorm(a: Kw): Tensor {
  const grads = tensorList(a.parameters).filter((p) => p.grad).map((p) => p.grad as Tensor);
  const maxNorm = pyFloatOf(a.max_norm), normType = pyFloatOf(a.norm_type);
  // PyTorch's torch.tensor(0.): a float32 zero
  if (grads.length === 0) return tensor(0, { dtype: float32 });
  return no_grad(() => {
    let total: Tensor;
    // float32 contiguous gradients and the 2-norm (the training loops' case): each gradient's norm
    // and the norm of those straight through the kernel torch.norm takes for a contiguous float32
    // run (kernels/reduce_exact.ts), the same numbers without a tensor op per gradient
    const fast = normType === 2 && grads.every((g) => g.dtype === float32 && g.is_contiguous());
    if (fast) {
      const norms = new Float32Array(grads.length);
      grads.forEach((g, i) => { norms[i] = norm2RunF32(g._data, 0, g.numel()); });
      total = tensor(norm2RunF32(norms, 0, norms.length), { dtype: float32 });
    } else if (normType === Infinity) {
      const norms = grads.map((g) => g.detach().abs().max());
      total = norms.length === 1 ? norms[0] : stack(norms).max();
    } else total = norm(stack(grads.map((g) => norm(g.detach(), normType))), normType);
    if (a.error_if_nonfinite && !Number.isFinite(total.item()))
      throw new RuntimeError(`The total norm of order ${pyFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
    // Python's `max_norm / tensor` is tensor.reciprocal() * max_norm, rounded as such
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp({ max: 1.0 });
    if (fast) {
      // g.mul_(coef) for a float32 0-dim coef: one float32 product per element, then the version bump
      const c = coef.item();
      for (const g of grads) { scaleF32(g._data as Float32Array, c); g._bumpVersion(); }
    } else for (const g of grads) g.detach().mul_(coef);
    return total;
  });
}

/** The deprecated clip_grad_norm (no underscore): warns, then clips as clip_grad_norm_. */
export function clip_grad_norm(...args: unknown[]): Tensor {
  const a = bind('clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False)', args);
  warn('torch.nn.utils.clip_grad_norm is now deprecated in favor of torch.nn.utils.clip_grad_norm_.');
  return clipGradNorm(a);
}

/** clip_grad_value_(parameters, clip_value): clamps every gradient into [-clip_value, clip_value] in place. */
export function clip_grad_value_(parameters: TensorOrTensors, clip_value: number | { clip_value: number }): void;
export function clip_grad_value_(...args: unknown[]): void;
export function clip_grad_value_(...args: unknown[]): void {
  const a = bind('clip_grad_value_(parameters, clip_value)', args);
  const params = tensorList(a.parameters);
  const clip = pyFloatOf(a.clip_value);
  for (const p of params) if (p.grad) p.grad.data.clamp_(-clip, clip);
}
