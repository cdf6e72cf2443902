// The margin losses of torch.nn.functional as PyTorch 1.13 runs them: the Python wrappers' checks
// (legacy size_average/reduce, get_enum, their own messages), then ATen. margin_ranking_loss,
// hinge_embedding_loss, cosine_embedding_loss and triplet_margin_loss are ATen composites and are
// composed here of the same ops (so their gradients and grad_fn names follow); multilabel_soft_margin_loss
// is a Python composition; soft_margin_loss, multi_margin_loss and multilabel_margin_loss are native CPU
// kernels with their own backward, written here loop for loop (scalar_t rounding, acc_type sums).
import { Tensor } from '../../tensor/tensor.js';
import { promoteTypes } from '../../tensor/dtype.js';
import { AttributeError, IndexError, RuntimeError, ValueError } from '../../tensor/errors.js';
import { broadcastShapes, fmtShape, fmtSize } from '../../tensor/shape.js';
import { record } from '../../autograd/function.js';
import { add, compare, div, minimum, mul, neg, sqrt, sub, where } from '../../ops/elementwise.js';
import { mean, sum } from '../../ops/reduce.js';
import { rounder, spread } from '../../ops/math.js';
import { builtin, isTensor, pyType, type Kw } from '../../tensor/args.js';
import { checkCall } from '../../ops/api_more_nn.js';
import { getEnum, legacyGetString, type Reduction } from './reduction.js';
import { applyReduction, checkInplaceBroadcast } from './loss_util.js';
import { logsigmoid } from './activations_more.js';
import { pairwise_distance } from './more_layers.js';

/** The builtins the Python wrappers hand their (positional) arguments to, as PythonArgParser binds them. */
const MARGIN_RANKING = builtin('margin_ranking_loss(Tensor input1, Tensor input2, Tensor target, float margin=0.0, int reduction=1)');
const HINGE = builtin('hinge_embedding_loss(Tensor input, Tensor target, float margin=1.0, int reduction=1)');
const SOFT_MARGIN = builtin('soft_margin_loss(Tensor input, Tensor target, int reduction=1)');
const COSINE = builtin('cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, float margin=0.0, int reduction=1)');
const TRIPLET = builtin('triplet_margin_loss(Tensor anchor, Tensor positive, Tensor negative, float margin=1.0, float p=2, float eps=1e-06, bool swap=False, int reduction=1)');
const MULTI_MARGIN = builtin('multi_margin_loss(Tensor input, Tensor target, Number p=1, Number margin=1, Tensor? weight=None, int reduction=1)');
const MULTILABEL_MARGIN = builtin('multilabel_margin_loss(Tensor input, Tensor target, int reduction=1)');

const ENUM: Record<Reduction, number> = { none: 0, mean: 1, sum: 2 };
const set = (v: unknown): boolean => v !== undefined && v !== null;
/** Python's str() of a value that is not a string. */
const pyStr = (v: unknown): string => (v === null || v === undefined ? 'None' : v === true ? 'True' : v === false ? 'False' : String(v));

/** `legacy_get_enum(size_average, reduce)` when either is given, else `get_enum(reduction)`. */
function reductionOf(a: Kw): Reduction {
  if (set(a.size_average) || set(a.reduce)) return legacyGetString(a.size_average, a.reduce);
  return getEnum(typeof a.reduction === 'string' ? a.reduction : pyStr(a.reduction));
}

/** A Python attribute read (`x.dim()`) on what may not be a tensor. */
function attr(v: unknown, name: string): Tensor {
  if (!isTensor(v)) throw new AttributeError(`'${pyType(v)}' object has no attribute '${name}'`);
  return v;
}

/** x.clamp_min(min) as ATen: NaN stays NaN, the gradient passes where x >= min; ClampMinBackward0. */
function clampMin(x: Tensor, min: number): Tensor {
  const n = x.numel(), src = x._data, d = x.dtype.alloc(n), m = x.dtype.is_floating_point ? x.dtype.cast(min) : min;
  for (let i = 0; i < n; i++) { const v = src[i]; d[i] = v < m ? m : v; }
  return record(new Tensor(d, x.shape, x.dtype), 'ClampMinBackward0', [x], (g) => {
    const gd = g._data, o = g.dtype.alloc(n);
    for (let i = 0; i < n; i++) o[i] = src[i] >= m ? gd[i] : 0;
    return [new Tensor(o, x.shape, g.dtype)];
  }, true, { saved: [x] });
}

/** C++'s `scalar - tensor`: empty_like(t).fill_(scalar).sub_(t), in t's dtype (SubBackward0). */
function scalarMinus(v: number, t: Tensor): Tensor {
  const full = new Tensor(t.dtype.alloc(t.numel()).fill(t.dtype.cast(v)), t.shape, t.dtype);
  return sub(full, t);
}

/** zeros_like(t) */
const zerosLike = (t: Tensor): Tensor => new Tensor(t.dtype.alloc(t.numel()), t.shape, t.dtype);

// ---- ATen composites ----

/** F.margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'): max(0, -y·(x1 - x2) + margin). */
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, opts?: { margin?: number; reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function margin_ranking_loss(...args: unknown[]): Tensor;
export function margin_ranking_loss(...args: unknown[]): Tensor {
  const a = checkCall('margin_ranking_loss', args) as Kw;
  const reduction = reductionOf(a);
  const d1 = attr(a.input1, 'dim').ndim, d2 = attr(a.input2, 'dim').ndim;
  if (d1 !== d2 || d1 !== attr(a.target, 'dim').ndim)
    throw new RuntimeError('margin_ranking_loss : All input tensors should have same dimension but got sizes: ' +
      `input1: ${fmtSize((a.input1 as Tensor).shape)}, input2: ${fmtSize((a.input2 as Tensor).shape)}, target: ${fmtSize(attr(a.target, 'size').shape)} `);
  const [b] = MARGIN_RANKING.parse([a.input1, a.input2, a.target, a.margin, ENUM[reduction]]);
  const x1 = b.input1 as Tensor, x2 = b.input2 as Tensor, y = b.target as Tensor;
  const out = clampMin(add(mul(neg(y), sub(x1, x2)), b.margin as number), 0);
  return applyReduction(out, reduction);
}

/** F.hinge_embedding_loss(input, target, margin=1.0, ...): x where y != -1, plus max(0, margin - x) where y != 1. */
export function hinge_embedding_loss(input: Tensor, target: Tensor, opts?: { margin?: number; reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function hinge_embedding_loss(...args: unknown[]): Tensor;
export function hinge_embedding_loss(...args: unknown[]): Tensor {
  const a = checkCall('hinge_embedding_loss', args) as Kw;
  const reduction = reductionOf(a);
  const [b] = HINGE.parse([a.input, a.target, a.margin, ENUM[reduction]]);
  const x = b.input as Tensor, y = b.target as Tensor;
  const zeros = zerosLike(x);
  const marginClamp = clampMin(scalarMinus(b.margin as number, x), 0);
  const outMargin = where(compare(y, 1, 'ne'), marginClamp, zeros);
  const outSelf = where(compare(y, -1, 'ne'), x, zeros);
  return applyReduction(add(outMargin, outSelf), reduction);
}

/** F.cosine_embedding_loss(input1, input2, target, margin=0, ...): 1 - cos where y == 1, max(0, cos - margin) where y == -1. */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, opts?: { margin?: number; reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function cosine_embedding_loss(...args: unknown[]): Tensor;
export function cosine_embedding_loss(...args: unknown[]): Tensor {
  const a = checkCall('cosine_embedding_loss', args) as Kw;
  const reduction = reductionOf(a);
  const [b] = COSINE.parse([a.input1, a.input2, a.target, a.margin, ENUM[reduction]]);
  const x1 = b.input1 as Tensor, x2 = b.input2 as Tensor, y = b.target as Tensor;
  const td = y.ndim;
  if (td !== 0 && td !== 1) throw new RuntimeError('0D or 1D target tensor expected, multi-target not supported');
  if (td === 1 && !(x1.ndim === 2 && x2.ndim === 2))
    throw new RuntimeError(`1D target tensor expects 2D input tensors, but found inputs with sizes ${fmtShape(x1.shape)} and ${fmtShape(x2.shape)}.`);
  if (td === 0 && !(x1.ndim === 1 && x2.ndim === 1))
    throw new RuntimeError(`0D target tensor expects 1D input tensors, but found inputs with sizes ${fmtShape(x1.shape)} and ${fmtShape(x2.shape)}.`);
  const EPSILON = 1e-12;
  const prodSum = sum(mul(x1, x2), td);
  const mag1 = add(sum(mul(x1, x1), td), EPSILON), mag2 = add(sum(mul(x2, x2), td), EPSILON);
  const cos = div(prodSum, sqrt(mul(mag1, mag2)));
  const zeros = zerosLike(cos);
  const pos = scalarMinus(1, cos), negative = clampMin(sub(cos, b.margin as number), 0);
  const out = add(where(compare(y, 1, 'eq'), pos, zeros), where(compare(y, -1, 'eq'), negative, zeros));
  return applyReduction(out, reduction);
}

/** F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, ...): max(0, margin + d(a, p) - d(a, n)). */
export function triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, opts?: { margin?: number; p?: number; eps?: number; swap?: boolean; reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function triplet_margin_loss(...args: unknown[]): Tensor;
export function triplet_margin_loss(...args: unknown[]): Tensor {
  const a = checkCall('triplet_margin_loss', args) as Kw;
  const reduction = reductionOf(a);
  const [b] = TRIPLET.parse([a.anchor, a.positive, a.negative, a.margin, a.p, a.eps, a.swap, ENUM[reduction]]);
  const an = b.anchor as Tensor, po = b.positive as Tensor, ne = b.negative as Tensor;
  if (an.ndim !== po.ndim || po.ndim !== ne.ndim)
    throw new RuntimeError(`All inputs should have same dimension but got ${an.ndim}D, ${po.ndim}D and ${ne.ndim}D inputs.`);
  const p = b.p as number, eps = b.eps as number;
  const distPos = pairwise_distance(an, po, p, eps);
  let distNeg = pairwise_distance(an, ne, p, eps);
  if (b.swap) distNeg = minimum(distNeg, pairwise_distance(po, ne, p, eps));
  return applyReduction(clampMin(sub(add(distPos, b.margin as number), distNeg), 0), reduction);
}

/** F.multilabel_soft_margin_loss(input, target, weight=None, ...): -(y·logσ(x) + (1 - y)·logσ(-x)), weighted, averaged over the class dim. */
export function multilabel_soft_margin_loss(input: Tensor, target: Tensor, opts?: { weight?: Tensor | null; reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function multilabel_soft_margin_loss(...args: unknown[]): Tensor;
export function multilabel_soft_margin_loss(...args: unknown[]): Tensor {
  const a = checkCall('multilabel_soft_margin_loss', args) as Kw;
  let reduction = a.reduction;
  if (set(a.size_average) || set(a.reduce)) reduction = legacyGetString(a.size_average, a.reduce);
  const input = a.input as Tensor, target = a.target;
  // Python's operators: a number target multiplies from the right (Tensor.__rmul__), 1 - number stays a number
  const times = (t: unknown, u: Tensor): Tensor => (isTensor(t) ? mul(t, u) : mul(u, t as number));
  const ls = logsigmoid(input), lsNeg = logsigmoid(neg(input));
  const oneMinus = isTensor(target) ? scalarMinusTensor(target) : 1 - (target as number);
  let loss = neg(add(times(target, ls), times(oneMinus, lsNeg)));
  if (set(a.weight)) loss = isTensor(a.weight) ? mul(loss, a.weight) : mul(loss, a.weight as number);
  const classDim = input.ndim - 1;
  if (classDim < 0) throw new IndexError('Dimension specified as -1 but tensor has no dimensions');
  loss = div(sum(loss, classDim), input.shape[classDim]);
  if (reduction === 'none') return loss;
  if (reduction === 'mean') return mean(loss);
  if (reduction === 'sum') return sum(loss);
  if (typeof reduction !== 'string') throw new TypeError(`unsupported operand type(s) for +: '${pyType(reduction)}' and 'str'`);
  throw new ValueError(`${reduction} is not valid`);
}
/** Python's `1 - tensor` (torch.rsub: the same values as -t + 1). */
function scalarMinusTensor(t: Tensor): Tensor { return add(neg(t), 1); }

// ---- native kernels ----

/** F.soft_margin_loss(input, target, ...): log(1 + exp(-y·x)); SoftMarginLossBackward0. */
export function soft_margin_loss(input: Tensor, target: Tensor, opts?: { reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function soft_margin_loss(...args: unknown[]): Tensor;
export function soft_margin_loss(...args: unknown[]): Tensor {
  const a = checkCall('soft_margin_loss', args) as Kw;
  const reduction = reductionOf(a);
  const [b] = SOFT_MARGIN.parse([a.input, a.target, ENUM[reduction]]);
  const x = b.input as Tensor, y = b.target as Tensor;
  if (y.requires_grad)
    throw new RuntimeError("The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.");
  // at::neg_out(output, input).mul_(target).exp_().add_(1.).log_() into an output of the input's dtype
  if (x.dtype.name === 'bool')
    throw new RuntimeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  checkInplaceBroadcast(x.shape, broadcastShapes(x.shape, y.shape));
  const common = promoteTypes(x.dtype, y.dtype), out = x.dtype;
  if (!out.is_floating_point)
    throw new RuntimeError(`result type ${common.is_floating_point ? common.scalarName : 'Float'} can't be cast to the desired output type ${out.scalarName}`);
  const shape = x.shape, n = x.numel(), rc = rounder(common), ro = rounder(out);
  const xs = x._data, ys = spread(y, shape);
  const elem = out.alloc(n);
  for (let i = 0; i < n; i++) {
    const m = ro(rc(-xs[i] * ys[i]));
    elem[i] = ro(Math.log(ro(ro(Math.exp(m)) + 1)));
  }
  const res = applyReduction(new Tensor(elem, shape.slice(), out), reduction);
  return record(res, 'SoftMarginLossBackward0', [x], (g) => {
    // z = exp(-target * input); grad_input = target * z * -norm / (1 + z) * grad_output
    const norm = ro(-(reduction === 'mean' ? 1 / n : 1)), gd = reduction === 'none' ? spread(g, shape) : null, g0 = gd ? 0 : g._data[0];
    const gi = out.alloc(n);
    for (let i = 0; i < n; i++) {
      const t = ys[i], z = rc(Math.exp(rc(-t * xs[i])));
      let v = ro(rc(t * z));
      v = ro(v * norm);
      v = ro(rc(v / rc(z + 1)));
      gi[i] = ro(v * (gd ? gd[i] : g0));
    }
    return [new Tensor(gi, shape.slice(), out)];
  }, true, { saved: [x, y] });
}

/** The frame count and class count of multi_margin_loss / multilabel_margin_loss's input (its shape check). */
function frames(input: Tensor): [number, number] {
  const nd = input.ndim;
  if (!((nd === 2 && input.shape[1] !== 0) || (nd === 1 && input.shape[0] !== 0) || nd === 0))
    throw new RuntimeError(`Expected non-empty vector or matrix with optional 0-dim batch size, but got: ${fmtShape(input.shape)}`);
  return nd <= 1 ? [1, nd === 0 ? 1 : input.shape[0]] : [input.shape[0], input.shape[1]];
}

/** What these kernels leave for an empty batch (PyTorch 1.13 returns the uninitialized output there): 0 summed, NaN averaged. */
function emptyResult(input: Tensor, outShape: number[], reduction: Reduction): ArrayLike<number> {
  const d = input.dtype.alloc(outShape.length ? 0 : 1);
  if (!outShape.length && reduction === 'mean') d[0] = NaN;
  return d;
}

/** The output written frame by frame, then its backward scaled by grad_output (per frame, or one scalar). */
function nativeLoss(input: Tensor, node: string, outShape: number[], values: ArrayLike<number>,
  gradRows: () => Float32Array | Float64Array, nframe: number, dim: number): Tensor {
  const res = new Tensor(input.dtype.alloc(values.length), outShape, input.dtype);
  for (let i = 0; i < res._data.length; i++) res._data[i] = values[i];
  return record(res, node, [input], (g) => {
    const r = rounder(input.dtype), gi = gradRows(), gd = g._data;
    if (g.ndim === 0) { const d = gd[0]; for (let k = 0; k < nframe * dim; k++) gi[k] = r(gi[k] * d); }
    else for (let t = 0; t < nframe; t++) for (let d = 0; d < dim; d++) gi[t * dim + d] = r(gi[t * dim + d] * gd[t]);
    return [new Tensor(gi, input.shape.slice(), input.dtype)];
  }, true, { saved: [input] });
}

/** F.multi_margin_loss(input, target, p=1, margin=1, weight=None, ...): Σ_{i≠y} w_y·max(0, margin - x_y + x_i)^p / C; MultiMarginLossBackward0. */
export function multi_margin_loss(input: Tensor, target: Tensor, opts?: { p?: 1 | 2; margin?: number; weight?: Tensor | null; reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function multi_margin_loss(...args: unknown[]): Tensor;
export function multi_margin_loss(...args: unknown[]): Tensor {
  const a = checkCall('multi_margin_loss', args) as Kw;
  const reduction = reductionOf(a);
  if (a.p !== 1 && a.p !== 2 && a.p !== true) throw new ValueError('only p == 1 and p == 2 supported');
  if (set(a.weight) && attr(a.weight, 'dim').ndim !== 1) throw new ValueError('weight must be one-dimensional');
  const [b] = MULTI_MARGIN.parse([a.input, a.target, a.p, a.margin, a.weight, ENUM[reduction]]);
  const input = b.input as Tensor, target = b.target as Tensor, weight = b.weight as Tensor | null;
  if (weight?.requires_grad)
    throw new RuntimeError("The function 'multi_margin_loss' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.");
  const p = Number(b.p);
  const [nframe, dim] = frames(input);
  if (!(target.ndim <= 1 && target.numel() === nframe)) throw new RuntimeError(`inconsistent target size, got: ${fmtShape(target.shape)}`);
  const outShape = reduction === 'none' && target.ndim > 0 ? [nframe] : [];
  if (input.numel() === 0) return nativeLoss(input, 'MultiMarginLossBackward0', outShape, emptyResult(input, outShape, reduction), () => input.dtype.alloc(0), 0, dim);
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"multi_margin_loss_cpu_kernel" not implemented for '${input.dtype.scalarName}'`);
  if (target.dtype.name !== 'int64') throw new RuntimeError(`expected scalar type Long but found ${target.dtype.scalarName}`);
  if (weight && weight.dtype !== input.dtype) throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${weight.dtype.scalarName}`);
  // 1.13 reads weight[target] without checking the weight's size (a shorter weight reads past its end)
  if (weight && weight.numel() < dim) throw new RuntimeError(`inconsistent weight size, expected ${dim} but got ${fmtShape(weight.shape)}`);
  const r = rounder(input.dtype), xs = input._data, ts = target._data, ws = weight ? weight._data : null;
  const margin = r(Number(b.margin));
  const idxOf = (t: number): number => {
    const idx = Number(ts[t]);
    if (!(idx >= 0 && idx < dim)) throw new RuntimeError('target out of range');
    return idx;
  };
  const rows = new Float64Array(nframe);
  for (let t = 0; t < nframe; t++) {
    const idx = idxOf(t), o = t * dim, xt = xs[o + idx];
    let s = 0;
    for (let d = 0; d < dim; d++) {
      if (d === idx) continue;
      const z = r(r(margin - xt) + xs[o + d]);
      if (z > 0) {
        let h = p === 1 ? z : r(z * z);
        if (ws) h = r(h * ws[idx]);
        s = r(s + h);
      }
    }
    rows[t] = r(s / dim);
  }
  const values = outShape.length ? rows : [r(reduceRows(rows, reduction))];
  return nativeLoss(input, 'MultiMarginLossBackward0', outShape, values, () => {
    const g = r(reduction === 'mean' ? 1 / (nframe * dim) : 1 / dim), gi = input.dtype.alloc(nframe * dim);
    for (let t = 0; t < nframe; t++) {
      const idx = idxOf(t), o = t * dim, xt = xs[o + idx];
      let git = 0;
      for (let d = 0; d < dim; d++) {
        if (d === idx) continue;
        const z = r(r(margin - xt) + xs[o + d]);
        if (z > 0) {
          let h = p === 1 ? g : r(r(2 * g) * z);
          if (ws) h = r(h * ws[idx]);
          git = r(git - h);
          gi[o + d] = h;
        } else gi[o + d] = 0;
      }
      gi[o + idx] = git;
    }
    return gi;
  }, nframe, dim);
}
/** The acc_type (double) sum of the per-frame losses, divided by their count for 'mean'. */
function reduceRows(rows: ArrayLike<number>, reduction: Reduction): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) s += rows[i];
  return reduction === 'mean' ? s / rows.length : s;
}

/** F.multilabel_margin_loss(input, target, ...): Σ_{j in targets, i not} max(0, 1 - x_j + x_i) / C, targets read up to the first -1. */
export function multilabel_margin_loss(input: Tensor, target: Tensor, opts?: { reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function multilabel_margin_loss(...args: unknown[]): Tensor;
export function multilabel_margin_loss(...args: unknown[]): Tensor {
  const a = checkCall('multilabel_margin_loss', args) as Kw;
  const reduction = reductionOf(a);
  const [b] = MULTILABEL_MARGIN.parse([a.input, a.target, ENUM[reduction]]);
  const input = b.input as Tensor, target = b.target as Tensor;
  const [nframe, dim] = frames(input);
  const ok = input.ndim <= 1 ? target.ndim <= 1 && target.numel() === dim
    : target.ndim === 2 && target.shape[0] === nframe && target.shape[1] === dim;
  if (!ok) throw new RuntimeError(`inconsistent size ${fmtShape(target.shape)} for argument #2 'target'`);
  const outShape = reduction !== 'none' || target.ndim <= 1 ? [] : [nframe];
  if (input.numel() === 0) return nativeLoss(input, 'MultilabelMarginLossBackward0', outShape, emptyResult(input, outShape, reduction), () => input.dtype.alloc(0), 0, dim);
  const ts = target._data;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < ts.length; i++) { const v = Number(ts[i]); if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(lo >= -1) || !(hi < dim)) throw new RuntimeError("argument #2 'target' is out of range");
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"multilabel_margin_loss_forward_out_frame" not implemented for '${input.dtype.scalarName}'`);
  if (target.dtype.name !== 'int64') throw new RuntimeError(`expected scalar type Long but found ${target.dtype.scalarName}`);
  const r = rounder(input.dtype), xs = input._data;
  const isTarget = new Uint8Array(nframe * dim);
  for (let t = 0; t < nframe; t++)
    for (let k = 0; k < dim; k++) { const idx = Number(ts[t * dim + k]); if (idx < 0) break; isTarget[t * dim + idx] = 1; }
  /** Calls f(targetIdx, d) for each (target, non-target) pair of frame t with 1 - x_target + x_d > 0. */
  const pairs = (t: number, f: (j: number, d: number, z: number) => void): void => {
    const o = t * dim;
    for (let k = 0; k < dim; k++) {
      const j = Number(ts[o + k]);
      if (j < 0) break;
      const xt = xs[o + j];
      for (let d = 0; d < dim; d++) if (!isTarget[o + d]) { const z = r(r(1 - xt) + xs[o + d]); if (z > 0) f(j, d, z); }
    }
  };
  const rows = new Float64Array(nframe);
  for (let t = 0; t < nframe; t++) { let s = 0; pairs(t, (_j, _d, z) => { s += z; }); rows[t] = r(s); }
  let values: ArrayLike<number>;
  if (outShape.length) values = rows.map((s) => r(s / dim));
  else { let s = 0; for (const v of rows) s += v; s /= dim; if (reduction === 'mean') s /= nframe; values = [r(s)]; }
  return nativeLoss(input, 'MultilabelMarginLossBackward0', outShape, values, () => {
    const g = r(reduction === 'mean' ? 1 / (nframe * dim) : 1 / dim), gi = input.dtype.alloc(nframe * dim);
    for (let t = 0; t < nframe; t++) {
      const o = t * dim;
      pairs(t, (j, d) => { gi[o + j] = r(gi[o + j] - g); gi[o + d] = r(gi[o + d] + g); });
    }
    return gi;
  }, nframe, dim);
}
