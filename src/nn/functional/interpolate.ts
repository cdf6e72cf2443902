// F.interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
// recompute_scale_factor=None, antialias=False) as 1.13's Python wrapper runs it (its checks and
// messages, output sizes, recompute_scale_factor), over ATen's upsample kernels for 3-d and 4-d inputs:
// nearest, nearest-exact, linear, bilinear (align_corners), and area (adaptive average pooling).
// Source indices and weights are computed in the kernels' float arithmetic (float32 for float32
// tensors), so the same input elements are picked; the weighted sums round once per output element
// (1.13's CPU kernel rounds each product and sum, or contracts them to FMAs: the last bit may differ).
// bicubic, trilinear, 5-d inputs and antialias are refused with NotImplementedError.
import { Tensor } from '../../tensor/tensor.js';
import { float32 } from '../../tensor/dtype.js';
import { NotImplementedError, RuntimeError, ValueError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { bind, tensorArg } from '../../tensor/args.js';
import { adaptive_avg_pool2d } from './more.js';

type Mode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area';

/** Python's str() of a list or tuple argument, for the messages. */
const pyList = (v: unknown): string => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

/** One output position along one dim: the input positions it reads and their weights. */
interface Taps { index: Int32Array; weight: Float64Array; width: number }

/**
 * HelperInterpNearest / HelperInterpNearestExact of the generic (contiguous) kernel: the scale is
 * compute_scales_value in the op math type (1 / scale_factor when one is given, else in / out), the
 * source floor(scale * o), or floor(max(scale * (o + 0.5) - 0.5, 0) + 0.5) for nearest-exact.
 */
function nearestTaps(inSize: number, outSize: number, scale: number | null, exact: boolean, r: (v: number) => number): Taps {
  const index = new Int32Array(outSize), weight = new Float64Array(outSize).fill(1);
  const s = r(scale !== null && scale > 0 ? 1 / scale : r(inSize) / outSize);
  for (let o = 0; o < outSize; o++) {
    const src = exact ? Math.max(r(r(s * r(o + 0.5)) - 0.5), 0) : r(s * o);
    index[o] = Math.min(Math.floor(exact ? r(src + 0.5) : src), inSize - 1);
  }
  return { index, weight, width: 1 };
}

function linearTaps(inSize: number, outSize: number, scale: number | null, alignCorners: boolean, r: (v: number) => number): Taps {
  const index = new Int32Array(outSize * 2), weight = new Float64Array(outSize * 2);
  // area_pixel_compute_scale and area_pixel_compute_source_index, in the kernel's float type
  const s = alignCorners ? (outSize > 1 ? r(r(inSize - 1) / (outSize - 1)) : 0)
    : r(scale !== null && scale > 0 ? 1 / scale : r(inSize) / outSize);
  for (let o = 0; o < outSize; o++) {
    // compute_source_index_and_lambda: the same size copies; else guard_index_and_lambda clamps
    if (outSize === inSize) { index[2 * o] = index[2 * o + 1] = o; weight[2 * o] = 1; weight[2 * o + 1] = 0; continue; }
    let src = alignCorners ? r(s * o) : r(r(s * r(o + 0.5)) - 0.5);
    if (src < 0) src = 0;
    const i0 = Math.min(Math.floor(src), inSize - 1), next = i0 < inSize - 1 ? 1 : 0;
    const l1 = Math.min(Math.max(r(src - i0), 0), 1), l0 = r(1 - l1);
    index[2 * o] = i0; index[2 * o + 1] = i0 + next;
    weight[2 * o] = l0; weight[2 * o + 1] = l1;
  }
  return { index, weight, width: 2 };
}

/**
 * The nearest modes' backward kernel picks its sources its own way (1.13's nearest_idx /
 * nearest_exact_idx): float scale whatever the dtype, and for nearest a plain copy when the size is
 * unchanged and a shift when it doubles, so its gradient is not always the forward's adjoint.
 */
function nearestBackwardTaps(inSize: number, outSize: number, scale: number | null, exact: boolean): Taps {
  const f = Math.fround, index = new Int32Array(outSize), weight = new Float64Array(outSize).fill(1);
  const s = f(scale !== null && scale > 0 ? 1 / scale : f(inSize) / outSize);
  for (let o = 0; o < outSize; o++) {
    if (!exact && outSize === inSize) index[o] = o;
    else if (!exact && outSize === 2 * inSize) index[o] = o >> 1;
    else index[o] = Math.min(Math.floor(exact ? f(f(o + 0.5) * s) : f(o * s)), inSize - 1);
  }
  return { index, weight, width: 1 };
}

/** Applies the separable taps over the last one or two dims; the backward scatters through backTaps. */
function resample(input: Tensor, taps: Taps[], node: string, backTaps: Taps[] = taps): Tensor {
  const x = input.contiguous(), d = x._data, r = input.dtype === float32 ? Math.fround : (v: number) => v;
  const lead = input.shape.slice(0, 2), inSp = input.shape.slice(2), outSp = taps.map((t) => t.index.length / t.width);
  const planes = lead[0] * lead[1], inPlane = inSp.reduce((a, b) => a * b, 1), outPlane = outSp.reduce((a, b) => a * b, 1);
  const [th, tw] = taps.length === 2 ? taps : [null, taps[0]];
  const outW = outSp[outSp.length - 1], outH = th ? outSp[0] : 1, inW = inSp[inSp.length - 1];
  const out = input.dtype.alloc(planes * outPlane);
  for (let p = 0; p < planes; p++) {
    const ib = p * inPlane, ob = p * outPlane;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        let acc = 0;
        for (let a = 0; a < (th ? th.width : 1); a++) {
          const row = th ? th.index[oh * th.width + a] * inW : 0, wh = th ? th.weight[oh * th.width + a] : 1;
          let t = 0;
          for (let b = 0; b < tw.width; b++) t += d[ib + row + tw.index[ow * tw.width + b]] * tw.weight[ow * tw.width + b];
          acc += t * wh;
        }
        out[ob + oh * outW + ow] = r(acc);
      }
    }
  }
  const result = new Tensor(out, [...lead, ...outSp], input.dtype);
  const [bh, bw] = backTaps.length === 2 ? backTaps : [null, backTaps[0]]; // the backward's own taps
  return record(result, node, [input], (g) => {
    const gd = g.contiguous()._data, gi = input.dtype.alloc(planes * inPlane);
    for (let p = 0; p < planes; p++) {
      const ib = p * inPlane, ob = p * outPlane;
      for (let oh = 0; oh < outH; oh++) for (let ow = 0; ow < outW; ow++) {
        const gv = gd[ob + oh * outW + ow];
        for (let a = 0; a < (bh ? bh.width : 1); a++) {
          const row = bh ? bh.index[oh * bh.width + a] * inW : 0, wh = bh ? bh.weight[oh * bh.width + a] : 1;
          for (let b = 0; b < bw.width; b++) {
            const at = ib + row + bw.index[ow * bw.width + b];
            gi[at] = r(gi[at] + r(r(wh * bw.weight[ow * bw.width + b]) * gv));
          }
        }
      }
    }
    return [new Tensor(gi, input.shape, input.dtype)];
  }, false);
}

/** upsample_{1,2}d_common_check's message. */
function checkSizes(inSp: number[], outSp: number[]): void {
  if (inSp.every((v) => v > 0) && outSp.every((v) => v > 0)) return;
  const names = inSp.length === 1 ? ['W'] : ['H', 'W'];
  const list = (v: number[]): string => names.map((n, i) => `${n}: ${v[i]}`).join(', ');
  // (1.13's 1-d message says "and" where the 2-d one does not)
  throw new RuntimeError(`Input and output sizes should be greater than 0, but got input (${list(inSp)})${inSp.length === 1 ? ' and' : ''} output (${list(outSp)})`);
}

export interface InterpolateOptions {
  size?: number | number[] | null; scale_factor?: number | number[] | null; mode?: Mode; align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null; antialias?: boolean;
}
export function interpolate(input: Tensor, size?: number | number[] | null | InterpolateOptions, scale_factor?: number | number[] | null, mode?: Mode, align_corners?: boolean | null, opts?: InterpolateOptions): Tensor;
export function interpolate(...args: unknown[]): Tensor;
export function interpolate(...args: unknown[]): Tensor {
  const a = bind("interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, antialias=False)", args);
  const input = tensorArg('interpolate', 'input', a.input, 1);
  const mode = a.mode as Mode;
  let alignCorners = a.align_corners as boolean | null;
  if (mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') {
    if (alignCorners !== null) throw new ValueError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear');
  } else if (alignCorners === null) alignCorners = false;
  const dim = input.ndim - 2, size = a.size as number | number[] | null, scale = a.scale_factor as number | number[] | null;
  let outputSize: number[] | null = null, scales: number[] | null = null;
  if (size !== null && scale !== null) throw new ValueError('only one of size or scale_factor should be defined');
  else if (size !== null) {
    if (Array.isArray(size)) {
      if (size.length !== dim)
        throw new ValueError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(input.shape.slice(2))} and output size of ${pyList(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
      outputSize = size.slice();
    } else outputSize = new Array(Math.max(dim, 0)).fill(size);
  } else if (scale !== null) {
    if (Array.isArray(scale)) {
      if (scale.length !== dim)
        throw new ValueError(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(input.shape.slice(2))} and scale_factor of shape ${pyList(scale)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`);
      scales = scale.slice();
    } else scales = new Array(Math.max(dim, 0)).fill(scale);
  } else throw new ValueError('either size or scale_factor should be defined');
  let recompute = a.recompute_scale_factor as boolean | null;
  if (recompute && size !== null) throw new ValueError('recompute_scale_factor is not meaningful with an explicit size.');
  if (mode === 'area' && outputSize === null) recompute = true;
  if (recompute) {
    outputSize = scales!.map((s, i) => Math.floor(input.shape[i + 2] * s));
    scales = null;
  }
  if (a.antialias && !((mode === 'bilinear' || mode === 'bicubic') && input.ndim === 4))
    throw new ValueError('Anti-alias option is only supported for bilinear and bicubic modes');
  const nd = input.ndim;
  const supported = (nd === 3 && (mode === 'nearest' || mode === 'nearest-exact' || mode === 'linear' || mode === 'area'))
    || (nd === 4 && (mode === 'nearest' || mode === 'nearest-exact' || mode === 'bilinear' || mode === 'area'));
  if (!supported) {
    const needs: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };
    if ((nd === 3 || nd === 4 || nd === 5) && needs[mode] && needs[mode] !== nd)
      throw new NotImplementedError(`Got ${nd}D input, but ${mode} mode needs ${needs[mode]}D input`);
    if (nd === 5 || mode === 'bicubic' || mode === 'trilinear' || a.antialias)
      throw new NotImplementedError(`interpolate(): torchlet does not implement mode='${mode}'${a.antialias ? ' with antialias' : ''} for ${nd}D input`);
    throw new NotImplementedError(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`);
  }
  if (mode === 'area') {
    if (nd === 4) return adaptive_avg_pool2d(input, outputSize!);
    return adaptive_avg_pool2d(input.unsqueeze(-2), [1, outputSize![0]]).squeeze(-2);
  }
  // upsample::compute_output_size: the product truncated to an integer
  const inSp = input.shape.slice(2);
  const outSp = outputSize ?? scales!.map((s, i) => Math.trunc(inSp[i] * s));
  if (!(input.numel() !== 0 || input.shape.slice(1).every((v) => v !== 0)))
    throw new RuntimeError(`Non-empty ${nd}D data tensor expected but got a tensor with sizes [${input.shape.join(', ')}]`);
  checkSizes(inSp, outSp);
  const r = input.dtype === float32 ? Math.fround : (v: number) => v;
  const sc = (i: number): number | null => (scales ? scales[i] : null);
  const taps = inSp.map((n, i) => (mode === 'linear' || mode === 'bilinear'
    ? linearTaps(n, outSp[i], sc(i), alignCorners!, r)
    : nearestTaps(n, outSp[i], sc(i), mode === 'nearest-exact', r)));
  // F.interpolate calls the .vec overloads, whose nodes are the Backward1 ones
  const node = mode === 'nearest' ? `UpsampleNearest${dim}DBackward1` : mode === 'nearest-exact' ? `UpsampleNearestExact${dim}DBackward1`
    : mode === 'linear' ? 'UpsampleLinear1DBackward1' : 'UpsampleBilinear2DBackward1';
  const nearest = mode === 'nearest' || mode === 'nearest-exact';
  const back = nearest ? inSp.map((n, i) => nearestBackwardTaps(n, outSp[i], sc(i), mode === 'nearest-exact')) : taps;
  return resample(input, taps, node, back);
}
