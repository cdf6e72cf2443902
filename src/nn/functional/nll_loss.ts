// F.nll_loss: PyTorch's nll_loss_nd with its checks in PyTorch's order, the cascade-summed
// reductions and the target-only gradient. Shapes: (C)+(), (N,C)+(N), (N,C,d1..dK)+(N,d1..dK).
import { Tensor } from '../../tensor/tensor.js';
import { int64, uint8 } from '../../tensor/dtype.js';
import { fmtShape, numelOf, sameShape } from '../../tensor/shape.js';
import { IndexError, RuntimeError, ValueError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import * as K from '../../kernels/dispatch.js';
import { bindArgs, intArg, optTensorArg, tensorArg } from './args.js';
import { getEnum, resolveReduction, type Reduction } from './reduction.js';

export interface NllLossOptions {
  weight?: Tensor | null;
  size_average?: boolean | null;
  ignore_index?: number;
  reduce?: boolean | null;
  reduction?: 'none' | 'mean' | 'sum' | string;
}
export const NLL_PARAMS = ['input', 'target', 'weight', 'size_average', 'ignore_index', 'reduce', 'reduction'] as const;

/** F.nll_loss(input, target, {weight, ignore_index = -100, reduction = 'mean'}) */
export function nll_loss(input: Tensor, target: Tensor, opts?: NllLossOptions): Tensor;
export function nll_loss(input: Tensor, target: Tensor, weight: Tensor | null, opts?: NllLossOptions): Tensor;
export function nll_loss(...args: unknown[]): Tensor {
  const a = bindArgs('nll_loss', NLL_PARAMS, args);
  const input = tensorArg('nll_loss', 'input', a.input, 1);
  const target = tensorArg('nll_loss', 'target', a.target, 2);
  const weight = optTensorArg('nll_loss', 'weight', a.weight);
  const ignore_index = intArg('nll_loss', 'ignore_index', a.ignore_index, -100);
  const reduction = getEnum(resolveReduction(a));
  return nllLossNd(input, target, weight, reduction, ignore_index);
}

/** The geometry of a validated call: input viewed as (N, C, S), target as N*S elements. */
interface NllGeometry { C: number; S: number; outShape: number[]; gradName: string }

/** at::nll_loss_nd: dispatch on the input rank, all checks before any work. */
export function nllLossNd(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number): Tensor {
  const geo = checkNll(input, target, weight);
  return nllCompute(input, target, weight, reduction, ignoreIndex, geo);
}

export function checkNll(input: Tensor, target: Tensor, weight: Tensor | null): NllGeometry {
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
    } else {
      if (target.ndim !== 3)
        throw new RuntimeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim}`);
    }
    checkWeightRequiresGrad(weight, 'nll_loss2d_forward');
    if (weight && weight.numel() !== C) throw new RuntimeError('weight tensor should be defined either for all or no classes');
    if (nd === 4 && (input.shape[0] !== target.shape[0] || input.shape[2] !== target.shape[1] || input.shape[3] !== target.shape[2]))
      // PyTorch prints this message with a space before the comma and no closing parenthesis
      throw new RuntimeError(`size mismatch (got input: ${fmtShape(input.shape)} , target: ${fmtShape(target.shape)}`);
    geo = { C, S: numelOf(spatial), outShape: [N, ...spatial], gradName: nd === 4 ? 'NllLoss2DBackward0' : 'ViewBackward0' };
  }
  // the kernel's dtype checks: input dispatch, then weight pointer, then target pointer
  const frame = nd <= 2 ? 'nll_loss_out_frame' : 'nll_loss2d_forward_out_frame';
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"${frame}" not implemented for '${input.dtype.scalarName}'`);
  if (weight && weight.dtype !== input.dtype)
    throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${weight.dtype.scalarName}`);
  // nll_loss_out_frame also reads uint8 targets (1-D and 2-D inputs); nll_loss2d reads int64 only
  if (target.dtype !== int64 && !(nd <= 2 && target.dtype === uint8))
    throw new RuntimeError(`expected scalar type Long but found ${target.dtype.scalarName}`);
  return geo;
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
  });
}
