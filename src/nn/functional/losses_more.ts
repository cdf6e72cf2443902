// F.mse_loss, l1_loss, smooth_l1_loss, huber_loss as PyTorch's Python wrappers run them (the size
// warning, legacy size_average/reduce, broadcast_tensors) over ATen's kernels and their own backward,
// float32 rounding after every step; F.cosine_similarity and F.normalize as the compositions 1.13 builds.
import { Tensor } from '../../tensor/tensor.js';
import { type DType, promoteTypes } from '../../tensor/dtype.js';
import { RuntimeError, warn } from '../../tensor/errors.js';
import { broadcastShapes, fmtSize, numelOf, sameShape, wrapDim } from '../../tensor/shape.js';
import { record } from '../../autograd/function.js';
import { abs, clamp, div, gradFor, mul, resultType, sub, to, unaryMap } from '../../ops/elementwise.js';
import { mean, sum } from '../../ops/reduce.js';
import { expand } from '../../ops/view.js';
import { rounder, spread, zip3 } from '../../ops/math.js';
import { pnormKeepdim } from '../../ops/pnorm.js';
import { getEnum, legacyGetString, type Reduction } from './reduction.js';
import { applyReduction } from './loss_util.js';
import { bindNames, intArg, numberArg, tensorArg, type Kw } from '../../tensor/args.js';
import { checkCall } from '../../ops/api_more_nn.js';

const LEGACY = ['input', 'target', 'size_average', 'reduce', 'reduction'];
const set = (v: unknown): boolean => v !== undefined && v !== null;
/** Python's str() of a reduction that is not a string, for get_enum's ValueError. */
const pyStr = (v: unknown): string => (v === null || v === undefined ? 'None' : v === true ? 'True' : v === false ? 'False' : String(v));

interface Prepared { input: Tensor; target: Tensor; shape: number[]; reduction: Reduction }
/** The Python wrapper's steps before ATen: size warning, legacy reduction, broadcast_tensors, get_enum. */
function prepare(fn: string, a: Kw): Prepared {
  const input = tensorArg(fn, 'input', a.input, 1), target = tensorArg(fn, 'target', a.target, 2);
  if (!sameShape(input.shape, target.shape))
    warn(`Using a target size (${fmtSize(target.shape)}) that is different to the input size (${fmtSize(input.shape)}). ` +
      'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.');
  let r = a.reduction === undefined ? 'mean' : a.reduction;
  if (set(a.size_average) || set(a.reduce)) r = legacyGetString(a.size_average, a.reduce);
  const shape = broadcastShapes(input.shape, target.shape);
  return { input, target, shape, reduction: getEnum(typeof r === 'string' ? r : pyStr(r)) };
}

/** d(loss_i)/d(input_i) from the input and target values, the incoming gradient and the reduction's scale. */
type Derivative = (x: number, t: number, g: number, norm: number) => number;

/**
 * An ATen pointwise loss with its own backward node: `out` is the output dtype (huber keeps the
 * input's, the others promote); the target's gradient is the same backward with input and target
 * swapped, as derivatives.yaml has it (the negated input gradient, except where they meet at 0).
 */
function pointwiseLoss(p: Prepared, kernel: string, node: string, out: DType | null,
  f: (x: number, t: number) => number, d: Derivative, r: (v: number) => number): Tensor {
  const { input, target, shape, reduction } = p;
  const compute = promoteTypes(input.dtype, target.dtype), dtype = out ?? compute;
  if (compute.is_floating_point && !dtype.is_floating_point)
    throw new RuntimeError(`result type ${compute.scalarName} can't be cast to the desired output type ${dtype.scalarName}`);
  if (!compute.is_floating_point) throw new RuntimeError(`"${kernel}" not implemented for '${compute.scalarName}'`);
  const xs = spread(input, shape), ts = spread(target, shape);
  const elem = zip3(shape, dtype, xs, ts, 0, (x, t) => f(r(x), r(t)));
  const res = applyReduction(elem, reduction);
  return record(res, node, [input, target], (g) => {
    const norm = r(reduction === 'mean' ? 1 / numelOf(shape) : 1), gs = reduction === 'none' ? g._data : g._data[0];
    const grad = (a: ArrayLike<number>, b: ArrayLike<number>): Tensor => zip3(shape, g.dtype, a, b, gs, (x, t, gv) => d(r(x), r(t), gv, norm));
    return [input.requires_grad ? gradFor(grad(xs, ts), input) : null, target.requires_grad ? gradFor(grad(ts, xs), target) : null];
  }, true, { saved: [input, target] });
}

/** F.mse_loss(input, target, size_average, reduce, reduction = 'mean') */
export function mse_loss(input: Tensor, target: Tensor, opts?: { reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function mse_loss(...args: unknown[]): Tensor;
export function mse_loss(...args: unknown[]): Tensor {
  checkCall('mse_loss', args); // 1.13's TypeErrors for a badly bound call
  const p = prepare('mse_loss', bindNames('mse_loss', LEGACY, args));
  const r = rounder(promoteTypes(p.input.dtype, p.target.dtype));
  return pointwiseLoss(p, 'mse_cpu', 'MseLossBackward0', null, (x, t) => { const z = r(x - t); return r(z * z); },
    (x, t, g, norm) => r(r(r(2 * norm) * r(x - t)) * g), r);
}

/** F.l1_loss(input, target, size_average, reduce, reduction = 'mean'): |input - target| reduced (a composition in 1.13). */
export function l1_loss(input: Tensor, target: Tensor, opts?: { reduction?: string; size_average?: boolean; reduce?: boolean }): Tensor;
export function l1_loss(...args: unknown[]): Tensor;
export function l1_loss(...args: unknown[]): Tensor {
  checkCall('l1_loss', args); // 1.13's TypeErrors for a badly bound call
  const p = prepare('l1_loss', bindNames('l1_loss', LEGACY, args));
  return applyReduction(abs(sub(p.input, p.target)), p.reduction);
}

/** F.smooth_l1_loss(input, target, size_average, reduce, reduction = 'mean', beta = 1.0); beta = 0 is l1_loss. */
export function smooth_l1_loss(input: Tensor, target: Tensor, opts?: { reduction?: string; beta?: number; size_average?: boolean; reduce?: boolean }): Tensor;
export function smooth_l1_loss(...args: unknown[]): Tensor;
export function smooth_l1_loss(...args: unknown[]): Tensor {
  checkCall('smooth_l1_loss', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('smooth_l1_loss', [...LEGACY, 'beta'], args);
  const p = prepare('smooth_l1_loss', a);
  const beta = numberArg('smooth_l1_loss', 'beta', a.beta, 1);
  if (beta < 0) throw new RuntimeError('smooth_l1_loss does not support negative values for beta.');
  const r = rounder(promoteTypes(p.input.dtype, p.target.dtype)), b = r(beta);
  return pointwiseLoss(p, 'smooth_l1_cpu', 'SmoothL1LossBackward0', null,
    (x, t) => { const z = Math.abs(r(x - t)); return z < b ? r(r(r(0.5 * z) * z) / b) : r(z - r(0.5 * b)); },
    // beta = 0 never reaches the division: every difference is <= -0 or >= 0
    (x, t, g, norm) => {
      const z = r(x - t);
      return z <= -b ? r(-norm * g) : z >= b ? r(norm * g) : r(r(r(norm * z) * g) / b);
    }, r);
}

/** F.huber_loss(input, target, reduction = 'mean', delta = 1.0): the output keeps the input's dtype. */
export function huber_loss(input: Tensor, target: Tensor, reduction?: string | { reduction?: string; delta?: number }, delta?: number): Tensor;
export function huber_loss(...args: unknown[]): Tensor;
export function huber_loss(...args: unknown[]): Tensor {
  checkCall('huber_loss', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('huber_loss', ['input', 'target', 'reduction', 'delta'], args);
  const p = prepare('huber_loss', a);
  const delta = numberArg('huber_loss', 'delta', a.delta, 1);
  if (!(delta > 0)) throw new RuntimeError('huber_loss does not support non-positive values for delta.');
  const r = rounder(promoteTypes(p.input.dtype, p.target.dtype)), dl = r(delta);
  return pointwiseLoss(p, 'huber_cpu', 'HuberLossBackward0', p.input.dtype,
    (x, t) => { const z = Math.abs(r(x - t)); return z < dl ? r(r(0.5 * z) * z) : r(dl * r(z - r(0.5 * dl))); },
    (x, t, g, norm) => {
      const z = r(x - t);
      return z <= -dl ? r(r(-norm * g) * dl) : z >= dl ? r(r(norm * g) * dl) : r(r(norm * z) * g);
    }, r);
}

/** x with values clamped below at eps but a gradient that passes as if unclamped (clamp_min_ under no_grad). */
function clampMinUntracked(n: Tensor, eps: number): Tensor {
  const out = unaryMap(n.detach(), (v) => (v < eps ? eps : v));
  return record(out, 'CloneBackward0', [n], (g) => [g], false);
}

/** F.cosine_similarity(x1, x2, dim = 1, eps = 1e-8): Σ (x1/max(‖x1‖, eps))·(x2/max(‖x2‖, eps)) over dim. */
export function cosine_similarity(x1: Tensor, x2: Tensor, dim?: number | { dim?: number; eps?: number }, eps?: number): Tensor;
export function cosine_similarity(...args: unknown[]): Tensor;
export function cosine_similarity(...args: unknown[]): Tensor {
  checkCall('cosine_similarity', args); // 1.13's TypeErrors for a badly bound call
  const fn = 'cosine_similarity';
  const a = bindNames(fn, ['x1', 'x2', 'dim', 'eps'], args, [], 2);
  const x1 = tensorArg(fn, 'x1', a.x1, 1), x2 = tensorArg(fn, 'x2', a.x2, 2);
  const dim = intArg(fn, 'dim', a.dim, 1), eps = numberArg(fn, 'eps', a.eps, 1e-8);
  const common = resultType(x1, x2);
  if (!common.is_floating_point) throw new RuntimeError(`expected common dtype to be floating point, yet common dtype is ${common.scalarName}`);
  const y1 = to(x1, common), y2 = to(x2, common);
  const shape = broadcastShapes(y1.shape, y2.shape);
  const e1 = sameShape(y1.shape, shape) ? y1 : expand(y1, shape), e2 = sameShape(y2.shape, shape) ? y2 : expand(y2, shape);
  const d = wrapDim(dim, shape.length);
  const n1 = clampMinUntracked(pnormKeepdim(e1, 2, [d]), eps), n2 = clampMinUntracked(pnormKeepdim(e2, 2, [d]), eps);
  return sum(mul(div(e1, n1), div(e2, n2)), d);
}

/** F.normalize(input, p = 2, dim = 1, eps = 1e-12): input / max(‖input‖_p over dim, eps). */
export function normalize(input: Tensor, p?: number | 'fro' | { p?: number | 'fro'; dim?: number | number[]; eps?: number }, dim?: number | number[], eps?: number): Tensor;
export function normalize(...args: unknown[]): Tensor;
export function normalize(...args: unknown[]): Tensor {
  checkCall('normalize', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('normalize', ['input', 'p', 'dim', 'eps'], args);
  const x = tensorArg('normalize', 'input', a.input, 1);
  // 'Infinity' as JSON spells float('inf') is taken for the number
  const pv = a.p === undefined || a.p === 'fro' ? 2 : a.p === 'Infinity' ? Infinity : a.p === '-Infinity' ? -Infinity : a.p;
  if (typeof pv === 'string') throw new RuntimeError(`only valid string values are 'fro' and 'nuc', found ${pv}`);
  const p = numberArg('normalize', 'p', pv, 2);
  const dims = a.dim === undefined ? [1] : a.dim === null ? x.shape.map((_, i) => i) : Array.isArray(a.dim) ? a.dim as number[] : [intArg('normalize', 'dim', a.dim, 1)];
  const eps = numberArg('normalize', 'eps', a.eps, 1e-12);
  return div(x, clamp(pnormKeepdim(x, p, dims), eps, null));
}
