// F.nll_loss: PyTorch's nll_loss_nd with its checks in PyTorch's order, the cascade-summed
// reductions and the target-only gradient. Shapes: (C)+(), (N,C)+(N), (N,C,d1..dK)+(N,d1..dK).
import { Tensor } from '../../tensor/tensor.js';
import { int64, uint8 } from '../../tensor/dtype.js';
import { fmtShape, numelOf, sameShape } from '../../tensor/shape.js';
import { IndexError, RuntimeError, ValueError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import * as K from '../../kernels/dispatch.js';
import { bind, intArg, optTensorArg, tensorArg } from '../../tensor/args.js';
import { getEnum, resolveReduction, type Reduction } from './reduction.js';

export interface NllLossOptions {
  weight?: Tensor | null;
  size_average?: boolean | null;
  ignore_index?: number;
  reduce?: boolean | null;
  reduction?: 'none' | 'mean' | 'sum' | string;
}

/** F.nll_loss(input, target, {weight, ignore_index = -100, reduction = 'mean'}) */
export function nll_loss(input: Tensor, target: Tensor, opts?: NllLossOptions): Tensor;
export function nll_loss(input: Tensor, target: Tensor, weight: Tensor | null, opts?: NllLossOptions): Tensor;
export function nll_loss(...args: unknown[]): Tensor {
  const a = bind("nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')", args);
  // Python resolves the reduction before ATen's nll_loss_nd binds (and type-checks) the rest
  const reduction = getEnum(resolveReduction(a));
  const fn = 'nll_loss_nd';
  const input = tensorArg(fn, 'input', a.input, 1);
  const target = tensorArg(fn, 'target', a.target, 2);
  const weight = optTensorArg(fn, 'weight', a.weight, 3);
  const ignore_index = intArg(fn, 'ignore_index', a.ignore_index, -100, 5);
  return nllLossNd(input, target, weight, reduction, ignore_index);
}

/** The geometry of a validated call: input viewed as (N, C, S), target as N*S elements. */
interface NllGeometry { C: number; S: number; outShape: number[]; gradName: string }

/** at::nll_loss_nd: dispatch on the input rank, all checks before any work. */
export function nllLossNd(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number): Tensor {
  const geo = checkNll(input, target, weight, reduction);
  return nllCompute(input, target, weight, reduction, ignoreIndex, geo);
}

/** Every check of nll_loss_nd and its kernels, in PyTorch's order, before anything is computed. */
export function checkNll(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction): NllGeometry {
  const nd = input.ndim;
  if (nd < 1) throw new ValueError(`Expected 1 or more dimensions (got ${nd})`);
  // PyTorch 1.13 reads size(0) of a 0-dim target as 0 here
  const tBatch = target.ndim === 0 ? 0 : target.shape[0];
  if (nd !== 1 && input.shape[0] !== tBatch)
    throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${tBatch}).`);
  let geo: NllGeometry;
  if (nd <= 2) {
    if (target.ndim > 1) throw new RuntimeError('0D or 1D target tensor expected, multi-target not supported');
    const noBatch = nd === 1 && target.ndim === 0;
    // the meta function's target.size(0), which wraps the dim (an empty batch got here with a 0-D target)
    if (!noBatch && target.ndim === 0) throw new IndexError('Dimension specified as 0 but tensor has no dimensions');
    if (!noBatch && input.shape[0] !== tBatch)
      throw new RuntimeError(`size mismatch (got input: ${fmtShape(input.shape)}, target: ${fmtShape(target.shape)})`);
    // current upstream rejects what 1.13 silently accepted (a 1-D target beside a 1-D input)
    if (nd === 1 && target.ndim === 1)
      throw new RuntimeError(`Expected target to be 0D when input is 1D, but got target.dim =${target.ndim}`);
    checkWeightRequiresGrad(weight, 'nll_loss_forward');
    const C = input.shape[nd - 1];
    if (weight && !(weight.ndim === 1 && weight.numel() === C))
      throw new RuntimeError(`weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${fmtShape(weight.shape)}`);
    geo = { C, S: 1, outShape: nd === 1 ? [] : [input.shape[0]], gradName: 'NllLossBackward0' };
  } else {
    const N = input.shape[0], C = input.shape[1], spatial = input.shape.slice(2);
    if (nd !== 4) {
      const expected = [N, ...spatial];
      if (!sameShape(target.shape.slice(1), spatial))
        throw new RuntimeError(`Expected target size ${fmtShape(expected)}, got ${fmtShape(target.shape)}`);
    }
    const S = numelOf(spatial);
    if (nd === 4) checkNll2d(input.shape, target.shape, weight);
    // nll_loss_nd views the input as (N, C, 1, S) and the target as (N, 1, S), or as (N, C, 0, 0) and
    // (N, 0, 0) when empty: a zero-class input beside a non-empty target then fails the size check
    else checkNll2d(input.numel() > 0 ? [N, C, 1, S] : [N, C, 0, 0], target.numel() > 0 ? [N, 1, S] : [N, 0, 0], weight);
    geo = { C, S, outShape: [N, ...spatial], gradName: nd === 4 ? 'NllLoss2DBackward0' : 'ViewBackward0' };
  }
  // the kernel's dtype checks: input dispatch, then weight pointer, then target pointer; a reduced
  // call with no targets returns before it reads the target pointer
  const frame = nd <= 2 ? 'nll_loss_out_frame' : 'nll_loss2d_forward_out_frame';
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"${frame}" not implemented for '${input.dtype.scalarName}'`);
  if (weight && weight.dtype !== input.dtype)
    throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${weight.dtype.scalarName}`);
  const reduced = reduction !== 'none' || nd === 1;
  // nll_loss_out_frame also reads uint8 targets (1-D and 2-D inputs); nll_loss2d reads int64 only
  if (target.dtype !== int64 && !(nd <= 2 && target.dtype === uint8) && !(reduced && target.numel() === 0))
    throw new RuntimeError(`expected scalar type Long but found ${target.dtype.scalarName}`);
  return geo;
}

/** check_inputs_nll_loss2d on the (N, C, H, W) input and (N, H, W) target nll_loss2d receives. */
function checkNll2d(input: readonly number[], target: readonly number[], weight: Tensor | null): void {
  if (target.length !== 3)
    throw new RuntimeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.length}`);
  checkWeightRequiresGrad(weight, 'nll_loss2d_forward');
  if (weight && weight.numel() !== input[1]) throw new RuntimeError('weight tensor should be defined either for all or no classes');
  if (input[0] !== target[0] || input[2] !== target[1] || input[3] !== target[2])
    // PyTorch prints this message with a space before the comma and no closing parenthesis
    throw new RuntimeError(`size mismatch (got input: ${fmtShape(input)} , target: ${fmtShape(target)}`);
}

function checkWeightRequiresGrad(weight: Tensor | null, fn: string): void {
  if (weight && weight.requires_grad)
    throw new RuntimeError(`The function '${fn}' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.`);
}

function nllCompute(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number, geo: NllGeometry): Tensor {
  const { C, S } = geo;
  const bad = K.findBadTarget(target._data, C, ignoreIndex);
  if (bad !== null) throw new IndexError(`Target ${bad} is out of bounds.`);
  const dtype = input.dtype, f32 = dtype.name === 'float32';
  const x = input._data, t = target._data, w = weight ? weight._data : null;
  let out: Tensor;
  let totalWeight = 0;
  if (reduction === 'none' && input.ndim !== 1) {
    const o = dtype.alloc(t.length);
    K.nllForwardNone(x, t, w, C, S, ignoreIndex, o);
    out = new Tensor(o, geo.outShape, dtype);
  } else {
    const r = K.nllForwardReduced(x, t, w, C, S, ignoreIndex, f32);
    totalWeight = r.totalWeight;
    let v = r.sum;
    // unbatched 'none' is the single element's loss, which the reduced sum already is
    if (reduction === 'mean') v = t.length === 0 ? NaN : v / totalWeight;
    out = new Tensor(dtype.alloc(1).fill(v), [], dtype);
  }
  const gradName = reduction !== 'none' && input.ndim > 2 ? 'NllLoss2DBackward0' : geo.gradName;
  return record(out, gradName, [input], (g) => {
    // every element is written by the kernel (zeros, then the target entries), in one pass
    const gi = K.allocEmpty(f32 ? 'f32' : 'f64', input.numel());
    const round = f32 ? Math.fround : (v: number) => v;
    if (reduction === 'none' && input.ndim !== 1) K.nllBackwardFilled(t, w, C, S, ignoreIndex, null, g._data, gi, f32);
    else {
      const go = g._data[0];
      const s = reduction === 'mean' ? round(-round(go / totalWeight)) : -go;
      K.nllBackwardFilled(t, w, C, S, ignoreIndex, s, null, gi, f32);
    }
    return [new Tensor(gi, input.shape, dtype)];
  }, true, { saved: [input, target, weight] });
}
