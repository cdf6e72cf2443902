// F.batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
// momentum=0.1, eps=1e-05): 1.13's checks in its order and words, the running statistics updated
// in place as ATen's batch_norm_cpu does (unbiased variance, float arithmetic), and
// NativeBatchNormBackward0 for input, weight and bias in training and evaluation mode.
import { Tensor } from '../../tensor/tensor.js';
import { float32, float64 } from '../../tensor/dtype.js';
import { IndexError, RuntimeError, ValueError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { bind, boolArg, numberArg, optTensorArg, tensorArg } from '../../tensor/args.js';

/** Python's str() of a torch.Size or a list of sizes. */
export function pySize(shape: readonly number[], torchSize: boolean): string {
  const l = `[${shape.join(', ')}]`;
  return torchSize ? `torch.Size(${l})` : l;
}

/** F._verify_batch_size: one value per channel cannot be normalised in training. */
export function verifyBatchSize(size: readonly number[], torchSize: boolean): void {
  let prod = size[0];
  for (let i = 2; i < size.length; i++) prod *= size[i];
  if (prod === 1) throw new ValueError(`Expected more than 1 value per channel when training, got input size ${pySize(size, torchSize)}`);
}

/** The input's dim 1, or Python's IndexError for a 1-D input (input.size(1)). */
export function channels(input: Tensor): number {
  if (input.ndim < 2) {
    const r = Math.max(input.ndim, 1);
    throw new IndexError(`Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got 1)`);
  }
  return input.shape[1];
}

/** A builtin's non-optional argument: Python's None is refused as PythonArgParser refuses it. */
export function notNone(fn: string, name: string, type: string, v: unknown, position: number): unknown {
  if (v === null) throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be ${type}, not NoneType`);
  return v;
}

/** ATen's float-type check of the normalisation kernels ("batch_norm" not implemented for 'Long'). */
export function checkFloat(op: string, t: Tensor): void {
  if (t.dtype !== float32 && t.dtype !== float64) throw new RuntimeError(`"${op}" not implemented for '${t.dtype.scalarName}'`);
}

/** Rounds to the tensor's precision (float32 arithmetic is done in doubles and rounded where ATen rounds). */
export function rounder(t: Tensor): (v: number) => number { return t.dtype === float32 ? Math.fround : (v) => v; }

export interface BatchNormOptions {
  weight?: Tensor | null; bias?: Tensor | null; training?: boolean; momentum?: number; eps?: number;
}
export function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, opts?: BatchNormOptions): Tensor;
export function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, weight: Tensor | null,
  bias?: Tensor | null, training?: boolean, momentum?: number, eps?: number): Tensor;
export function batch_norm(...args: unknown[]): Tensor;
export function batch_norm(...args: unknown[]): Tensor {
  const a = bind('batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05)', args);
  // torch.batch_norm's argument order: input, weight, bias, running_mean, running_var, training, momentum, eps
  const input = tensorArg('batch_norm', 'input', a.input, 1);
  const weight = optTensorArg('batch_norm', 'weight', a.weight, 2), bias = optTensorArg('batch_norm', 'bias', a.bias, 3);
  const rm = optTensorArg('batch_norm', 'running_mean', a.running_mean, 4), rv = optTensorArg('batch_norm', 'running_var', a.running_var, 5);
  const training = boolArg('batch_norm', 'training', notNone('batch_norm', 'training', 'bool', a.training, 6), false, 6);
  const momentum = numberArg('batch_norm', 'momentum', notNone('batch_norm', 'momentum', 'float', a.momentum, 7), 0.1, 7);
  const eps = numberArg('batch_norm', 'eps', notNone('batch_norm', 'eps', 'float', a.eps, 8), 1e-5, 8);
  if (training) verifyBatchSize(input.shape, true);
  return nativeBatchNorm(input, weight, bias, rm, rv, training, momentum, eps);
}

/** torch.batch_norm on bound arguments (_batch_norm_impl_index, then native_batch_norm's CPU kernel). */
export function nativeBatchNorm(input: Tensor, weight: Tensor | null, bias: Tensor | null, rm: Tensor | null, rv: Tensor | null,
  training: boolean, momentum: number, eps: number): Tensor {
  const C = channels(input);
  const features = (name: string, t: Tensor | null): void => {
    if (t && t.numel() !== C) throw new RuntimeError(`${name} should contain ${C} elements not ${t.numel()}`);
  };
  if (input.numel() === 0) {
    // _batch_norm_impl_index: an empty input is cloned and scaled by weight[0], bias[0], keeping the graph
    let out = input.clone();
    if (weight) out = out.mul(weight.get(0));
    if (bias) out = out.add(bias.get(0));
    return out;
  }
  if (rm) features('running_mean', rm); else if (!training) throw new RuntimeError('running_mean must be defined in evaluation mode');
  if (rv) features('running_var', rv); else if (!training) throw new RuntimeError('running_var must be defined in evaluation mode');
  features('weight', weight); features('bias', bias);
  checkFloat('batch_norm', input);
  const params = [weight, bias, rm, rv], first = params.find((t) => t);
  if (first && first.dtype !== input.dtype) {
    // is_mixed_type (the first parameter's type differs): ATen's float-parameters-with-BFloat16 path, which refuses the rest
    if (params.some((t) => t && t.dtype !== float32)) throw new RuntimeError('mixed dtype (CPU): expect parameter to have scalar type of Float');
    throw new RuntimeError('mixed dtype (CPU): expect input to have scalar type of BFloat16');
  }
  for (const t of params)
    if (t && t.dtype !== input.dtype) throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${t.dtype.scalarName}`);

  const N = input.shape[0], inner = input.numel() / (N * C), n = N * inner;
  const x = input.contiguous()._data, r = rounder(input);
  const mean = new Float64Array(C), invstd = new Float64Array(C);
  if (training) {
    const rmd = rm ? rm.contiguous()._data.slice() : null, rvd = rv ? rv.contiguous()._data.slice() : null;
    const mom = r(momentum);
    for (let c = 0; c < C; c++) {
      // batch_norm_cpu_collect_stats: sums in double of the input's type's values, the mean and squares rounded to it
      let sum = 0;
      for (let b = 0; b < N; b++) for (let i = 0, o = (b * C + c) * inner; i < inner; i++) sum += x[o + i];
      const m = r(sum / n);
      let varSum = 0;
      for (let b = 0; b < N; b++) for (let i = 0, o = (b * C + c) * inner; i < inner; i++) { const d = r(x[o + i] - m); varSum += r(d * d); }
      const vs = r(varSum);
      mean[c] = m;
      const biased = r(vs / n);
      invstd[c] = r(biased === 0 && eps === 0 ? 0 : 1 / Math.sqrt(biased + eps));
      if (rmd) rmd[c] = r(r(mom * m) + r(r(1 - mom) * rmd[c]));
      if (rvd) rvd[c] = r(mom * r(vs / (n - 1)) + r(1 - mom) * rvd[c]);
    }
    // the running statistics are buffers written in place (no autograd), as ATen does
    if (rm && rmd) { rm._write(rmd); rm._bumpVersion(); }
    if (rv && rvd) { rv._write(rvd); rv._bumpVersion(); }
  } else {
    const rmd = rm!.contiguous()._data, rvd = rv!.contiguous()._data;
    // invstd in the parameters' type: 1 / sqrt(running_var + eps)
    for (let c = 0; c < C; c++) { mean[c] = rmd[c]; invstd[c] = r(1 / r(Math.sqrt(r(rvd[c] + r(eps))))); }
  }

  const w = weight ? weight.contiguous()._data : null, bb = bias ? bias.contiguous()._data : null;
  const out = input.dtype.alloc(input.numel());
  for (let c = 0; c < C; c++) {
    // output = x * alpha + beta, alpha = invstd * w, beta = b - mean * alpha (batch_norm_cpu_collect_linear_and_constant_terms)
    const alpha = r(invstd[c] * (w ? w[c] : 1)), beta = r((bb ? bb[c] : 0) - mean[c] * alpha);
    for (let b = 0; b < N; b++) for (let i = 0, o = (b * C + c) * inner; i < inner; i++) out[o + i] = x[o + i] * alpha + beta;
  }
  return record(new Tensor(out, input.shape, input.dtype), 'NativeBatchNormBackward0', [input, weight, bias], (g) => {
    const gd = g.contiguous()._data;
    const gx = input.requires_grad ? input.dtype.alloc(input.numel()) : null;
    const gw = weight && weight.requires_grad ? weight.dtype.alloc(C) : null;
    const gb = bias && bias.requires_grad ? bias.dtype.alloc(C) : null;
    for (let c = 0; c < C; c++) {
      const m = mean[c], is = invstd[c], wc = w ? w[c] : 1;
      let sum = 0, dot = 0;
      for (let b = 0; b < N; b++) for (let i = 0, o = (b * C + c) * inner; i < inner; i++) { sum += gd[o + i]; dot += (x[o + i] - m) * gd[o + i]; }
      if (gx) {
        if (training) {
          // dx = (dy - mean(dy) - (x - mean) * k) * invstd * w, k = dot * invstd² / n
          const k = dot * is * is / n, gm = sum / n;
          for (let b = 0; b < N; b++) for (let i = 0, o = (b * C + c) * inner; i < inner; i++) gx[o + i] = (gd[o + i] - gm - (x[o + i] - m) * k) * is * wc;
        } else {
          for (let b = 0; b < N; b++) for (let i = 0, o = (b * C + c) * inner; i < inner; i++) gx[o + i] = gd[o + i] * is * wc;
        }
      }
      if (gw) gw[c] = dot * is;
      if (gb) gb[c] = sum;
    }
    return [gx && new Tensor(gx, input.shape, input.dtype), gw && new Tensor(gw, weight!.shape, weight!.dtype), gb && new Tensor(gb, bias!.shape, bias!.dtype)];
  }, true, { saved: [input, weight] });
}
