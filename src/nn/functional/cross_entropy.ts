// F.cross_entropy: PyTorch's cross_entropy_loss dispatch. Index targets without smoothing run the
// fused kernels (one pass per row forward, softmax - onehot backward); probability targets and
// label smoothing are compositions of log_softmax, nll_loss and elementwise ops, as in ATen.
import { Tensor } from '../../tensor/tensor.js';
import { fmtShape, sameShape, wrapDim } from '../../tensor/shape.js';
import { IndexError, RuntimeError } from '../../tensor/errors.js';
import { needsGrad, record } from '../../autograd/function.js';
import { add, div, mul, neg } from '../../ops/elementwise.js';
import { sum } from '../../ops/reduce.js';
import * as K from '../../kernels/dispatch.js';
import { bind, intArg, numberArg, optTensorArg, tensorArg } from '../../tensor/args.js';
import { getEnum, resolveReduction, type Reduction } from './reduction.js';
import { maskedFillZero, scalarFor } from './loss_util.js';
import { checkNll, nllLossNd } from './nll_loss.js';
import { log_softmax } from './softmax.js';
import { fmtCppDouble } from '../../tensor/cpp_format.js';

export interface CrossEntropyOptions {
  weight?: Tensor | null;
  size_average?: boolean | null;
  ignore_index?: number;
  reduce?: boolean | null;
  reduction?: 'none' | 'mean' | 'sum' | string;
  label_smoothing?: number;
}

/** F.cross_entropy(input, target, {weight, ignore_index = -100, reduction = 'mean', label_smoothing = 0}) */
export function cross_entropy(input: Tensor, target: Tensor, opts?: CrossEntropyOptions): Tensor;
export function cross_entropy(input: Tensor, target: Tensor, weight: Tensor | null, opts?: CrossEntropyOptions): Tensor;
export function cross_entropy(...args: unknown[]): Tensor {
  const a = bind("cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0)", args);
  // Python resolves the reduction before ATen's cross_entropy_loss binds (and type-checks) the rest
  const reduction = getEnum(resolveReduction(a));
  const fn = 'cross_entropy_loss';
  const input = tensorArg(fn, 'input', a.input, 1);
  const target = tensorArg(fn, 'target', a.target, 2);
  const weight = optTensorArg(fn, 'weight', a.weight, 3);
  const ignoreIndex = intArg(fn, 'ignore_index', a.ignore_index, -100, 5);
  const ls = numberArg(fn, 'label_smoothing', a.label_smoothing, 0, 6);
  return crossEntropyLoss(input, target, weight, reduction, ignoreIndex, ls);
}

/** at::cross_entropy_loss: probability targets when the shapes are equal, else index targets. */
export function crossEntropyLoss(
  input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number, ls: number,
): Tensor {
  if (sameShape(input.shape, target.shape)) {
    if (!target.dtype.is_floating_point)
      throw new RuntimeError(`Expected floating point type for target with class probabilities, got ${target.dtype.scalarName}`);
    if (ignoreIndex >= 0) throw new RuntimeError('ignore_index is not supported for floating point target');
    return probTarget(input, target, weight, reduction, ls);
  }
  if (ls > 0) {
    checkSmoothing(ls);
    return labelSmoothing(input, target, weight, reduction, ignoreIndex, ls);
  }
  return fusedIndex(input, target, weight, reduction, ignoreIndex);
}

function checkSmoothing(ls: number): void {
  if (ls > 1) throw new RuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${fmtCppDouble(ls)}`);
}


/** log_softmax(input, class_dim)'s own checks, which ATen runs before nll_loss's. */
function classDim(input: Tensor): number {
  const cd = input.ndim === 1 ? 0 : 1;
  if (input.ndim === 0) wrapDim(cd, 0); // IndexError: Dimension out of range ([-1, 0], got 1)
  if (!input.dtype.is_floating_point) {
    const kernel = cd === input.ndim - 1 ? 'log_softmax_lastdim_kernel_impl' : 'softmax_kernel_impl';
    throw new RuntimeError(`"${kernel}" not implemented for '${input.dtype.scalarName}'`);
  }
  return cd;
}

// ---- index targets, no smoothing: the fused path ----

function fusedIndex(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number): Tensor {
  classDim(input);
  const geo = checkNll(input, target, weight, reduction);
  const { C, S } = geo;
  const t = target._data;
  const bad = K.findBadTarget(t, C, ignoreIndex);
  if (bad !== null) throw new IndexError(`Target ${bad} is out of bounds.`);
  const dtype = input.dtype, f32 = dtype.name === 'float32';
  const x = input._data, w = weight ? weight._data : null;
  const M = t.length, N = input.ndim === 1 ? 1 : input.shape[0];
  const picked = dtype.alloc(M), rowMax = dtype.alloc(M), rowLogSum = dtype.alloc(M);
  // when a backward may follow, the gradient's storage is allocated now and keeps exp(x - max),
  // so the backward needs no exp of its own (still one N x C array in all: the gradient)
  let saved = needsGrad(input) ? K.allocEmpty(f32 ? 'f32' : 'f64', input.numel()) : null;
  const unreduced = reduction === 'none' && input.ndim !== 1;
  // Unweighted and reduced: the backward of loss.backward() (loss gradient 1) uses one coefficient,
  // 1/M for 'mean' if no target is ignored, 1 for 'sum'. The forward may then write that gradient
  // at once (rows in cache); the guess is checked below, and the backward recomputes if it was off.
  const guess = saved && !w && !unreduced ? (reduction === 'mean' ? Math.fround(1 / M) : 1) : 0;
  let scaled = false, guessOk = false;
  if (saved) scaled = K.ceForwardSave(x, t, N, C, S, ignoreIndex, f32, picked, rowMax, rowLogSum, saved, guess);
  else K.ceForward(x, t, N, C, S, ignoreIndex, f32, picked, rowMax, rowLogSum);
  let out: Tensor, totalWeight = 0;
  if (unreduced) {
    const o = dtype.alloc(M);
    K.ceLossNone(picked, t, w, ignoreIndex, o);
    out = new Tensor(o, geo.outShape, dtype);
  } else {
    // unbatched 'none' is the single element's loss, which the reduced sum already is
    const r = K.ceReducePicked(picked, t, w, ignoreIndex, f32);
    totalWeight = r.totalWeight;
    guessOk = scaled && (reduction === 'sum' || totalWeight === M);
    const v = reduction === 'mean' ? (M === 0 ? NaN : r.sum / totalWeight) : r.sum;
    out = new Tensor(dtype.alloc(1).fill(v), [], dtype);
  }
  const gradName = reduction !== 'none' && input.ndim > 2 ? 'NllLoss2DBackward0' : geo.gradName;
  const inputVersion = input._version;
  return record(out, gradName, [input], (g) => {
    const go = g._data;
    if (saved && guessOk && go[0] === 1) {
      // the forward already wrote this very gradient
      const gi = saved;
      saved = null;
      return [new Tensor(gi, input.shape, dtype)];
    }
    // PyTorch's backward reads log_softmax's result, which nobody else can change; this one reads the input
    if (input._version !== inputVersion)
      throw new RuntimeError('cross_entropy: its input was modified by an inplace operation after the loss was computed, and torchlet\'s fused cross_entropy backward reads it (PyTorch\'s keeps log_softmax\'s result instead). Use F.nll_loss(F.log_softmax(input, 1), target) to modify the input in place.');
    // coef[b] = -(what nll_loss's backward writes at [b, t]), rounded as it rounds
    const round = f32 ? Math.fround : (v: number) => v;
    const coef = dtype.alloc(M);
    if (unreduced) {
      for (let b = 0; b < M; b++) {
        const tb = t[b];
        if (tb !== ignoreIndex) coef[b] = w ? -round(w[tb] * round(-go[b])) : go[b];
      }
    } else {
      const s = reduction === 'mean' ? round(-round(go[0] / totalWeight)) : -go[0];
      for (let b = 0; b < M; b++) {
        const tb = t[b];
        if (tb !== ignoreIndex) coef[b] = w ? -round(w[tb] * s) : -s;
      }
    }
    const gi = saved ?? dtype.alloc(input.numel());
    // a gradient the forward wrote for another coefficient: write the exps again (the same values)
    if (saved && scaled) K.ceForwardSave(x, t, N, C, S, ignoreIndex, f32, picked, rowMax, rowLogSum, saved);
    if (saved) K.ceBackwardSaved(x, saved, t, N, C, S, ignoreIndex, rowMax, rowLogSum, coef, gi);
    else K.ceBackward(x, t, N, C, S, ignoreIndex, rowMax, rowLogSum, coef, gi);
    saved = null; // handed out as the gradient: a second backward (retain_graph) recomputes from x
    return [new Tensor(gi, input.shape, dtype)];
  }, true, { saved: [target, weight] });
}

// ---- probability targets ----

/** -(log_softmax(x)·t'·w).sum(class_dim), reduced; mean divides by numel / C (not by the weights). */
function probTarget(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ls: number): Tensor {
  const cd = input.ndim === 1 ? 0 : 1;
  // ATen reads self.size(class_dim) first: a 0-dim input fails here
  if (input.ndim === 0) throw new IndexError('Dimension specified as 1 but tensor has no dimensions');
  const C = input.shape[cd];
  if (weight && !(weight.ndim === 1 && weight.numel() === C))
    throw new RuntimeError(`cross_entropy: weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${fmtShape(weight.shape)}`);
  classDim(input);
  const lp = log_softmax(input, cd);
  let tgt = target;
  if (ls > 0) {
    checkSmoothing(ls);
    tgt = add(mul(target, scalarFor(target.dtype, 1 - ls)), scalarFor(target.dtype, ls / C));
  }
  let prod = mul(lp, tgt);
  if (weight) {
    const wb = input.ndim > 1 ? weight.reshape(input.shape.map((_, i) => (i === 1 ? C : 1))) : weight;
    prod = mul(prod, wb);
  }
  if (reduction === 'none') return neg(sum(prod, cd));
  const total = neg(sum(prod));
  if (reduction === 'sum') return total;
  const n = input.numel();
  if (n === 0) return mul(total, NaN); // PyTorch fills NaN rather than divide by numel / C (issue #73165)
  return div(total, Math.floor(n / C));
}

// ---- index targets with label smoothing ----

/** (1-ε)·nll_loss(lp, y) + ε/C·smooth, smooth = -Σ_c w[c]·lp[c] masked at ignored targets, reduced with nll's denominator. */
function labelSmoothing(
  input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number, ls: number,
): Tensor {
  const cd = classDim(input);
  const lp = log_softmax(input, cd);
  const nll = nllLossNd(lp, target, weight, reduction, ignoreIndex);
  const C = input.shape[cd];
  let smooth: Tensor;
  if (weight) {
    const wb = weight.reshape(input.shape.map((_, i) => (i === cd ? weight.shape[0] : 1)));
    smooth = neg(sum(mul(lp, wb), cd));
  } else smooth = neg(sum(lp, cd));
  const t = target._data;
  smooth = maskedFillZero(smooth, (i) => t[i] === ignoreIndex);
  let ret: Tensor;
  if (reduction === 'none') ret = smooth;
  else if (reduction === 'sum') ret = sum(smooth);
  else {
    let denom = 0;
    if (weight) {
      const w = weight._data;
      for (let i = 0; i < t.length; i++) if (t[i] !== ignoreIndex) denom += w[t[i]];
      denom = weight.dtype.cast(denom);
    } else for (let i = 0; i < t.length; i++) if (t[i] !== ignoreIndex) denom++;
    ret = div(sum(smooth), denom);
  }
  const dt = input.dtype;
  return add(mul(nll, scalarFor(dt, 1 - ls)), mul(ret, scalarFor(dt, ls / C)));
}
