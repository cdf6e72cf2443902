// The rest of PyTorch's NLL family: poisson_nll_loss, gaussian_nll_loss and kl_div as the same
// compositions PyTorch builds (so autograd reaches input, target and var exactly as it does there),
// and binary_cross_entropy / binary_cross_entropy_with_logits as ATen's elementwise kernels with
// their own backward for input and target, float32 rounding after every step.
import { Tensor } from '../../tensor/tensor.js';
import { bool, type DType } from '../../tensor/dtype.js';
import { RuntimeError, ValueError, warn } from '../../tensor/errors.js';
import { broadcastShapes, fmtSize, sameShape } from '../../tensor/shape.js';
import { record } from '../../autograd/function.js';
import { add, div, exp, log, mul, pow, sub } from '../../ops/elementwise.js';
import { unsqueeze } from '../../ops/view.js';
import { bind, pyType, boolArg, numberArg, optTensorArg, tensorArg, type Kw } from '../../tensor/args.js';
import { getEnum, legacyGetString, resolveReduction, type Reduction } from './reduction.js';
import { applyReduction, checkInplaceBroadcast, expandedData, maskedFillZero, scalarFor } from './loss_util.js';

/** Python's AttributeError, which PyTorch 1.13 raises for a number `var` (it calls var.size()). */
export class AttributeError extends Error {
  constructor(message: string) { super(message); this.name = 'AttributeError'; }
}

const isLegacy = (a: Kw): boolean =>
  (a.size_average !== undefined && a.size_average !== null) || (a.reduce !== undefined && a.reduce !== null);

function reductionString(fn: string, v: unknown): string {
  const r = v === undefined || v === null ? 'mean' : v;
  if (typeof r !== 'string') throw new TypeError(`${fn}(): argument 'reduction' must be str, not ${pyType(r)}`);
  return r;
}

/** The Python-level check poisson/gaussian use instead of get_enum (so 'elementwise_mean' is rejected). */
function checkValid(r: string): Reduction {
  if (r !== 'none' && r !== 'mean' && r !== 'sum') throw new ValueError(`${r} is not valid`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// poisson_nll_loss


/** F.poisson_nll_loss(input, target, log_input = true, full = false, {eps = 1e-8, reduction = 'mean'}) */
export function poisson_nll_loss(...args: unknown[]): Tensor {
  const a = bind("poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean')", args);
  const input = tensorArg('poisson_nll_loss', 'input', a.input, 1);
  const target = tensorArg('poisson_nll_loss', 'target', a.target, 2);
  const logInput = boolArg('poisson_nll_loss', 'log_input', a.log_input, true);
  const full = boolArg('poisson_nll_loss', 'full', a.full, false);
  const eps = numberArg('poisson_nll_loss', 'eps', a.eps, 1e-8);
  let r = reductionString('poisson_nll_loss', a.reduction);
  if (isLegacy(a)) r = legacyGetString(a.size_average, a.reduce);
  const reduction = checkValid(r);
  return poissonNllLoss(input, target, logInput, full, eps, reduction);
}

/** at::poisson_nll_loss */
export function poissonNllLoss(input: Tensor, target: Tensor, logInput: boolean, full: boolean, eps: number, reduction: Reduction): Tensor {
  let loss = logInput
    ? sub(exp(input), mul(target, input))
    : sub(input, mul(target, log(add(input, scalarFor(input.dtype, eps)))));
  if (full) {
    // Stirling's term t·log t - t + ½·log(2πt), masked to 0 where t <= 1 (its gradient too)
    const st = add(sub(mul(target, log(target)), target), mul(log(mul(target, scalarFor(target.dtype, 2 * Math.PI))), 0.5));
    const t = target._data;
    loss = add(loss, maskedFillZero(st, (i) => t[i] <= 1));
  }
  return applyReduction(loss, reduction);
}

// ---------------------------------------------------------------------------------------------
// gaussian_nll_loss


/** F.gaussian_nll_loss(input, target, var, full = false, {eps = 1e-6, reduction = 'mean'}) */
export function gaussian_nll_loss(...args: unknown[]): Tensor {
  const a = bind("gaussian_nll_loss(input, target, var, full=False, eps=1e-06, reduction='mean')", args);
  const input = tensorArg('gaussian_nll_loss', 'input', a.input, 1);
  const target = tensorArg('gaussian_nll_loss', 'target', a.target, 2);
  // PyTorch 1.13 calls var.size() first, so a Python number fails there
  if (typeof a.var === 'number') throw new AttributeError("'float' object has no attribute 'size'");
  const variance = tensorArg('gaussian_nll_loss', 'var', a.var, 3);
  const full = boolArg('gaussian_nll_loss', 'full', a.full, false);
  const eps = numberArg('gaussian_nll_loss', 'eps', a.eps, 1e-6);
  const r = reductionString('gaussian_nll_loss', a.reduction);
  return gaussianNllLoss(input, target, variance, full, eps, r);
}

export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, full: boolean, eps: number, r: string): Tensor {
  let v = variance;
  if (!sameShape(v.shape, input.shape)) {
    const lead = input.shape.slice(0, -1);
    if (sameShape(lead, v.shape)) v = unsqueeze(v, -1); // homoscedastic: one variance per row
    else if (!(sameShape(lead, v.shape.slice(0, -1)) && v.shape[v.ndim - 1] === 1))
      throw new ValueError('var is of incorrect size');
  }
  const reduction = checkValid(r);
  const vd = v._data;
  for (let i = 0; i < vd.length; i++) if (vd[i] < 0) throw new ValueError('var has negative entry/entries');
  if (!v.dtype.is_floating_point)
    throw new RuntimeError(`result type Float can't be cast to the desired output type ${v.dtype === bool ? 'bool' : 'long int'}`);
  // var.clone() then clamp_(min=eps) under no_grad: the value is clamped, the gradient passes as if not
  const lo = v.dtype.cast(eps);
  const cd = v.dtype.alloc(vd.length);
  for (let i = 0; i < vd.length; i++) cd[i] = vd[i] !== vd[i] ? vd[i] : Math.max(vd[i], lo);
  const src = v;
  const vc = record(new Tensor(cd, v.shape, v.dtype), 'CloneBackward0', [src], (g) => [g], false);
  let loss = mul(add(log(vc), div(pow(sub(input, target), 2), vc)), 0.5);
  if (full) loss = add(loss, scalarFor(loss.dtype, 0.5 * Math.log(2 * Math.PI)));
  return applyReduction(loss, reduction);
}

// ---------------------------------------------------------------------------------------------
// kl_div

// PyTorch concatenates these sentences without spaces
const KL_MEAN_WARNING = "reduction: 'mean' divides the total loss by both the batch size and the support size." +
  "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
  "'mean' will be changed to behave the same as 'batchmean' in the next major release.";

/** F.kl_div(input, target, {reduction = 'mean' | 'batchmean' | 'sum' | 'none', log_target = false}) */
export function kl_div(...args: unknown[]): Tensor {
  const a = bind("kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False)", args);
  const input = tensorArg('kl_div', 'input', a.input, 1);
  const target = tensorArg('kl_div', 'target', a.target, 2);
  const logTarget = boolArg('kl_div', 'log_target', a.log_target, false);
  const r = reductionString('kl_div', a.reduction);
  let reduction: Reduction;
  if (isLegacy(a)) reduction = getEnum(legacyGetString(a.size_average, a.reduce));
  else {
    if (r === 'mean') warn(KL_MEAN_WARNING);
    reduction = r === 'batchmean' ? 'sum' : getEnum(r);
  }
  let out = klDiv(input, target, reduction, logTarget);
  // the legacy options still divide when reduction='batchmean' was passed too, as in PyTorch
  if (r === 'batchmean' && input.ndim !== 0) out = div(out, input.shape[0]);
  return out;
}

/** at::kl_div */
export function klDiv(input: Tensor, target: Tensor, reduction: Reduction, logTarget: boolean): Tensor {
  if (!input.dtype.is_floating_point || !target.dtype.is_floating_point)
    throw new RuntimeError('kl_div: Integral inputs not supported.');
  const out = logTarget ? mul(exp(target), sub(target, input)) : sub(xlogy(target, target), mul(target, input));
  return applyReduction(out, reduction);
}

/** torch.xlogy(x, y) = x·log(y), 0 where x == 0 (unless y is NaN), with PyTorch's backward. */
function xlogy(x: Tensor, y: Tensor): Tensor {
  // kl_div calls it as xlogy(target, target): same shape and dtype
  const dtype = x.dtype;
  const r = dtype.name === 'float32' ? Math.fround : (v: number) => v;
  const xd = x._data, yd = y._data, n = xd.length, o = dtype.alloc(n);
  for (let i = 0; i < n; i++) o[i] = xd[i] === 0 && yd[i] === yd[i] ? 0 : r(xd[i] * r(Math.log(yd[i])));
  return record(new Tensor(o, x.shape, dtype), 'XlogyBackward0', [x, y], (g) => {
    const gd = g._data;
    // self: xlogy(grad, y) masked to 0 where x == 0 and y <= 0; other: grad·x / y
    const gx = x.dtype.alloc(n), gy = y.dtype.alloc(n);
    for (let i = 0; i < n; i++) {
      gx[i] = xd[i] === 0 && yd[i] <= 0 ? 0 : gd[i] === 0 && yd[i] === yd[i] ? 0 : r(gd[i] * r(Math.log(yd[i])));
      gy[i] = r(r(gd[i] * xd[i]) / yd[i]);
    }
    return [new Tensor(gx, x.shape, x.dtype), new Tensor(gy, y.shape, y.dtype)];
  }, true, { saved: [x, y] });
}

// ---------------------------------------------------------------------------------------------
// binary_cross_entropy

// ATen declares it `static const float EPSILON = 1e-12`, so double kernels see float32's 1e-12 too
const EPSILON = Math.fround(1e-12);

/** F.binary_cross_entropy(input, target, {weight, reduction = 'mean'}) */
export function binary_cross_entropy(...args: unknown[]): Tensor {
  const a = bind("binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean')", args);
  const input = tensorArg('binary_cross_entropy', 'input', a.input, 1);
  const target = tensorArg('binary_cross_entropy', 'target', a.target, 2);
  const weight = optTensorArg('binary_cross_entropy', 'weight', a.weight);
  const reduction = getEnum(resolveReduction(a));
  if (!sameShape(target.shape, input.shape))
    throw new ValueError(`Using a target size (${fmtSize(target.shape)}) that is different to the input size (${fmtSize(input.shape)}) is deprecated. Please ensure they have the same size.`);
  // Python expands the weight to _infer_size(target, weight) before calling ATen
  const wShape = weight ? broadcastShapes(target.shape, weight.shape) : null;
  return binaryCrossEntropy(input, target, weight, wShape, reduction);
}

function notDifferentiable(fn: string, arg: string, t: Tensor | null): void {
  if (t && t.requires_grad)
    throw new RuntimeError(`The function '${fn}' is not differentiable with respect to argument '${arg}'. This input cannot have requires_grad True.`);
}

function rounder(dtype: DType): (v: number) => number {
  return dtype.name === 'float32' ? Math.fround : (v: number) => v;
}

/** Reduces per-element losses (already rounded to dtype) to a 0-dim tensor: sum, or sum / n. */
function reduceValues(l: Float32Array | Float64Array, reduction: Reduction, dtype: DType): Tensor {
  const r = rounder(dtype);
  let s = 0;
  for (let i = 0; i < l.length; i++) s += l[i];
  const v = reduction === 'mean' ? r(r(s) / l.length) : r(s);
  return new Tensor(dtype.alloc(1).fill(v), [], dtype);
}

function binaryCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, wShape: number[] | null, reduction: Reduction): Tensor {
  notDifferentiable('binary_cross_entropy', 'weight', weight);
  const dtype = input.dtype;
  if (target.dtype !== dtype) throw new RuntimeError(`Found dtype ${target.dtype.scalarName} but expected ${dtype.scalarName}`);
  if (!dtype.is_floating_point) throw new RuntimeError(`"binary_cross_entropy" not implemented for '${dtype.scalarName}'`);
  const x = input._data, t = target._data, n = x.length;
  for (let i = 0; i < n; i++) if (!(x[i] >= 0 && x[i] <= 1)) throw new RuntimeError('all elements of input should be between 0 and 1');
  if (wShape) checkInplaceBroadcast(input.shape, wShape);
  const w = weight ? expandedData(weight, input.shape) : null;
  const r = rounder(dtype);
  const l = dtype.alloc(n);
  for (let i = 0; i < n; i++) {
    // (t - 1)·max(log1p(-x), -100) - t·max(log x, -100), as ATen's CPU kernel
    const a = r(r(t[i] - 1) * Math.max(r(Math.log1p(-x[i])), -100));
    const b = r(t[i] * Math.max(r(Math.log(x[i])), -100));
    l[i] = w ? r(r(a - b) * w[i]) : a - b;
  }
  const out = reduction === 'none' ? new Tensor(l, input.shape, dtype) : reduceValues(l, reduction, dtype);
  return record(out, 'BinaryCrossEntropyBackward0', [input, target], (g) => {
    const gd = g._data, scalar = reduction !== 'none';
    let gi: Tensor | null = null, gt: Tensor | null = null;
    if (input.requires_grad) {
      const d = dtype.alloc(n);
      for (let i = 0; i < n; i++) {
        const go = scalar ? gd[0] : gd[i];
        let v = r(r(go * r(x[i] - t[i])) / Math.max(r(r(1 - x[i]) * x[i]), EPSILON));
        if (w) v = r(v * w[i]);
        d[i] = reduction === 'mean' ? r(v / n) : v;
      }
      gi = new Tensor(d, input.shape, dtype);
    }
    if (target.requires_grad) {
      const d = dtype.alloc(n);
      for (let i = 0; i < n; i++) {
        const go = scalar ? gd[0] : gd[i];
        const logit = x[i] === 1 ? Infinity : r(Math.log(r(x[i] / r(1 - x[i]))));
        let v = r(-logit * go);
        if (w) v = r(v * w[i]);
        d[i] = reduction === 'mean' ? r(v / n) : v;
      }
      gt = new Tensor(d, target.shape, dtype);
    }
    return [gi, gt];
    // Python expands the weight to the input's size before the op saves it
  }, true, { saved: [input, target, weight && (sameShape(weight.shape, input.shape) ? weight : { tensor: weight, shape: input.shape })] });
}

// ---------------------------------------------------------------------------------------------
// binary_cross_entropy_with_logits


/** F.binary_cross_entropy_with_logits(input, target, {weight, reduction = 'mean', pos_weight}) */
export function binary_cross_entropy_with_logits(...args: unknown[]): Tensor {
  const fn = 'binary_cross_entropy_with_logits';
  const a = bind("binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None)", args);
  const input = tensorArg(fn, 'input', a.input, 1);
  const target = tensorArg(fn, 'target', a.target, 2);
  const weight = optTensorArg(fn, 'weight', a.weight);
  const posWeight = optTensorArg(fn, 'pos_weight', a.pos_weight);
  const reduction = getEnum(resolveReduction(a));
  if (!sameShape(target.shape, input.shape))
    throw new ValueError(`Target size (${fmtSize(target.shape)}) must be the same as input size (${fmtSize(input.shape)})`);
  return binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
}

/** log_sigmoid(a) = min(a, 0) - log1p(exp(-|a|)), as ATen's CPU kernel (so log_sigmoid(-inf) = -inf). */
function logSigmoid(a: number, r: (v: number) => number): number {
  return r(Math.min(a, 0) - r(Math.log1p(r(Math.exp(-Math.abs(a))))));
}

function binaryCrossEntropyWithLogits(
  input: Tensor, target: Tensor, weight: Tensor | null, posWeight: Tensor | null, reduction: Reduction,
): Tensor {
  const fn = 'binary_cross_entropy_with_logits';
  notDifferentiable(fn, 'weight', weight);
  notDifferentiable(fn, 'pos_weight', posWeight);
  // ATen's op order decides which problem is reported first
  const lwShape = posWeight ? broadcastShapes(posWeight.shape, target.shape) : null;
  if (!target.dtype.is_floating_point || !input.dtype.is_floating_point)
    throw new RuntimeError(`result type Float can't be cast to the desired output type ${input.dtype.is_floating_point ? target.dtype.scalarName : input.dtype.scalarName}`);
  if (lwShape) checkInplaceBroadcast(input.shape, lwShape);
  if (weight) checkInplaceBroadcast(input.shape, weight.shape);
  // the loss lives in (1 - target)'s dtype; the log-sum-exp part in the input's
  const dtype = target.dtype, xdt = input.dtype;
  const r = rounder(dtype), rx = rounder(xdt);
  const x = input._data, t = target._data, n = x.length;
  const p = posWeight ? expandedData(posWeight, input.shape) : null;
  const w = weight ? expandedData(weight, input.shape) : null;
  const l = dtype.alloc(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i], ti = t[i];
    const mv = Math.max(-xi, 0); // clamp_min(-x, 0), NaN stays NaN
    const lse = rx(Math.log(rx(rx(Math.exp(-mv)) + rx(Math.exp(rx(-xi - mv))))));
    const lin = r(r(1 - ti) * xi);
    let v: number;
    if (p) {
      const lw = r(r(r(p[i] - 1) * ti) + 1);
      v = r(lin + r(lw * rx(lse + mv)));
    } else v = r(r(lin + mv) + lse);
    l[i] = w ? r(v * w[i]) : v;
  }
  const out = reduction === 'none' ? new Tensor(l, input.shape, dtype) : reduceValues(l, reduction, dtype);
  return record(out, 'BinaryCrossEntropyWithLogitsBackward0', [input, target], (g) => {
    const gd = g._data, scalar = reduction !== 'none';
    let gi: Tensor | null = null, gt: Tensor | null = null;
    if (input.requires_grad) {
      const d = xdt.alloc(n);
      for (let i = 0; i < n; i++) {
        const go = scalar ? gd[0] : gd[i], xi = x[i], ti = t[i];
        const sig = rx(1 / rx(1 + rx(Math.exp(-xi))));
        let v: number;
        if (p) {
          const pt = r(p[i] * ti);
          v = r(r(r(r(r(pt + 1) - ti) * sig) - pt) * go);
        } else v = r(r(sig - ti) * go);
        if (w) v = r(v * w[i]);
        d[i] = reduction === 'mean' ? r(v / n) : v;
      }
      gi = new Tensor(d, input.shape, xdt);
    }
    if (target.requires_grad) {
      const d = dtype.alloc(n);
      for (let i = 0; i < n; i++) {
        const go = scalar ? gd[0] : gd[i], xi = x[i];
        let v: number;
        if (p) v = r(r(rx(logSigmoid(-xi, rx)) - r(rx(logSigmoid(xi, rx)) * p[i])) * go);
        else v = r(-xi * go);
        if (w) v = r(v * w[i]);
        d[i] = reduction === 'mean' ? r(v / n) : v;
      }
      gt = new Tensor(d, target.shape, dtype);
    }
    return [gi, gt];
  }, true, { saved: [input, target, weight, posWeight] });
}

