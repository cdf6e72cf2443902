// F.max_pool1d / avg_pool1d (1.13 runs them as the 2-d pools over input.unsqueeze(-2), with the 1-d
// checks first), F.pixel_shuffle / pixel_unshuffle (reshape, permute, reshape; each the other's backward), F.pairwise_distance
// (norm(x1 - x2 + eps, p, last dim)), F.bilinear (ATen's checks, then one matmul per batch) and
// F.instance_norm (batch_norm over a [1, N·C, ...] view, the running stats averaged back over N).
import { Tensor } from '../../tensor/tensor.js';
import { RuntimeError, ValueError } from '../../tensor/errors.js';
import { empty } from '../../tensor/creation.js';
import { is_grad_enabled, no_grad } from '../../autograd/grad_mode.js';
import { record } from '../../autograd/function.js';
import { add, mul, sub } from '../../ops/elementwise.js';
import { matmul } from '../../ops/matmul.js';
import { permute, reshape, squeeze, unsqueeze } from '../../ops/view.js';
import { sum } from '../../ops/reduce.js';
import { bind, boolArg, builtin, numberArg, optTensorArg, splitArgs, tensorArg } from '../../tensor/args.js';

// the builtins among them, bound by PythonArgParser as in 1.13
const AVG_POOL1D = builtin('avg_pool1d(Tensor input, int[1] kernel_size, int[1] stride=None, int[1] padding=0, bool ceil_mode=False, bool count_include_pad=True)');
const PIXEL_SHUFFLE = builtin('pixel_shuffle(Tensor input, int upscale_factor)'), PIXEL_UNSHUFFLE = builtin('pixel_unshuffle(Tensor input, int downscale_factor)');
const PAIRWISE = builtin('pairwise_distance(Tensor x1, Tensor x2, float p=2, float eps=1e-06, bool keepdim=False)');
const BILINEAR = builtin('bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)');
import { intList } from './conv.js';
import { outputSize, max_pool2d } from './pooling.js';
import { avg_pool2d } from './more.js';
import { batch_norm } from './batch_norm.js';

type IntOr1 = number | number[];
const sizes = (s: readonly number[]): string => `[${s.join(', ')}]`;

// ---- max_pool1d / avg_pool1d ----
/** at::native's check1d. */
function check1d(fn: string, name: string, v: number[]): void {
  if (v.length !== 1) throw new RuntimeError(`${fn}() argument '${name}' should contain one int (got ${v.length})`);
}
export interface MaxPool1dOptions { kernel_size?: IntOr1; stride?: IntOr1 | null; padding?: IntOr1; dilation?: IntOr1; ceil_mode?: boolean; return_indices?: boolean }

/** F.max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False). */
export function max_pool1d(input: Tensor, kernel_size: IntOr1, opts: MaxPool1dOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool1d(input: Tensor, kernel_size: IntOr1, stride: IntOr1 | null, opts: MaxPool1dOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool1d(input: Tensor, kernel_size: IntOr1, opts?: MaxPool1dOptions): Tensor;
export function max_pool1d(input: Tensor, kernel_size: IntOr1, stride: IntOr1 | null, opts?: MaxPool1dOptions): Tensor;
export function max_pool1d(input: Tensor, kernel_size: IntOr1, stride: IntOr1 | null, padding: IntOr1, dilation?: IntOr1, ceil_mode?: boolean, return_indices?: boolean): Tensor;
export function max_pool1d(...args: unknown[]): Tensor | [Tensor, Tensor];
export function max_pool1d(...args: unknown[]): Tensor | [Tensor, Tensor] {
  // boolean_dispatch on return_indices, as F.max_pool2d
  const [pos, kwargs] = splitArgs(args);
  const flag = kwargs && 'return_indices' in kwargs ? kwargs.return_indices : pos[6];
  const name = flag ? 'max_pool1d_with_indices' : '_max_pool1d';
  const a = bind(`${name}(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)`, args);
  return maxPool1d(a, !!flag);
}

function maxPool1d(a: Record<string, unknown>, withIndices: boolean): Tensor | [Tensor, Tensor] {
  const fn = 'max_pool1d';
  const input = tensorArg(fn, 'input', a.input, 1);
  const k = intList(fn, 'kernel_size', a.kernel_size, 0, 1);
  const s = a.stride === null || a.stride === undefined ? [] : intList(fn, 'stride', a.stride, 0, 1);
  const p = intList(fn, 'padding', a.padding, 0, 1), d = intList(fn, 'dilation', a.dilation, 1, 1);
  const ceil = boolArg(fn, 'ceil_mode', a.ceil_mode, false);
  const nd = input.ndim;
  if (!(nd === 2 || nd === 3) || input.shape[nd - 1] === 0 || (nd === 3 && input.shape[1] === 0))
    throw new RuntimeError(`max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${sizes(input.shape)}`);
  // ATen takes the path with indices (the 2-d pool) when a gradient is needed or indices are asked for
  if (withIndices || (input.requires_grad && is_grad_enabled())) {
    check1d(fn, 'kernel_size', k);
    const st = s.length === 0 ? k : s;
    check1d(fn, 'stride', st); check1d(fn, 'padding', p); check1d(fn, 'dilation', d);
    const r = (max_pool2d as (...x: unknown[]) => [Tensor, Tensor])(unsqueeze(input, -2), [1, k[0]], [1, st[0]], [0, p[0]], [1, d[0]],
      { ceil_mode: ceil, return_indices: true });
    const out = squeeze(r[0], -2);
    return withIndices ? [out, squeeze(r[1], -2)] : out;
  }
  // check_max_pool1d
  if (k.length !== 1) throw new RuntimeError(`max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but got size ${k.length}`);
  if (s.length > 1) throw new RuntimeError(`max_pool1d() stride must be None, an int, list of ints, or tuple of ints of size 1 but got size ${s.length}`);
  if (p.length !== 1) throw new RuntimeError(`max_pool1d() padding must be an int, list of ints, or tuple of ints of size 1 but got size ${p.length}`);
  if (d.length !== 1) throw new RuntimeError(`max_pool1d() dilation must be an int, list of ints or tuple of ints of size 1 but got size ${d.length}`);
  const K = k[0], S = s.length ? s[0] : K, P = p[0], D = d[0];
  if (K <= 0) throw new RuntimeError(`max_pool1d() kernel_size must be greater than zero, but got ${K}`);
  if (S <= 0) throw new RuntimeError(`max_pool1d() stride must be greater than zero, but got ${S}`);
  if (P < 0) throw new RuntimeError(`max_pool1d() padding must be non-negative, but got ${P}`);
  if (P > Math.trunc(K / 2)) throw new RuntimeError(`max_pool1d() padding should be at most half of kernel size, but got padding=${P} and kernel_size=${K}`);
  if (D <= 0) throw new RuntimeError(`max_pool1d() dilation must be greater than zero, but got ${D}`);
  const OW = outputSize(input.shape[nd - 1], K, P, S, D, ceil);
  if (OW < 0) throw new RuntimeError(`max_pool1d() Invalid computed output size: ${OW}`);
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"max_pool1d_impl" not implemented for '${input.dtype.scalarName}'`);
  if (OW === 0) return empty([...input.shape.slice(0, -1), 0], { dtype: input.dtype });
  return squeeze((max_pool2d as (...x: unknown[]) => Tensor)(unsqueeze(input, -2), [1, K], [1, S], [0, P], [1, D], { ceil_mode: ceil }), -2);
}

export interface AvgPool1dOptions { kernel_size?: IntOr1; stride?: IntOr1 | null; padding?: IntOr1; ceil_mode?: boolean; count_include_pad?: boolean }
/** F.avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True). */
export function avg_pool1d(input: Tensor, kernel_size: IntOr1, opts?: AvgPool1dOptions): Tensor;
export function avg_pool1d(input: Tensor, kernel_size: IntOr1, stride: IntOr1 | null, opts?: AvgPool1dOptions): Tensor;
export function avg_pool1d(input: Tensor, kernel_size: IntOr1, stride: IntOr1 | null, padding: IntOr1, ceil_mode?: boolean, count_include_pad?: boolean): Tensor;
export function avg_pool1d(...args: unknown[]): Tensor;
export function avg_pool1d(...args: unknown[]): Tensor {
  const fn = 'avg_pool1d';
  const [a] = AVG_POOL1D.parse(args);
  const input = a.input as Tensor;
  const k = intList(fn, 'kernel_size', a.kernel_size, 0, 1);
  let s = a.stride === null || a.stride === undefined ? [] : intList(fn, 'stride', a.stride, 0, 1);
  const p = intList(fn, 'padding', a.padding, 0, 1);
  const ceil = a.ceil_mode as boolean, inc = a.count_include_pad as boolean;
  if (s.length === 0) s = k;
  if (input.ndim < 2 || input.ndim > 3)
    throw new RuntimeError(`Expected 2 to 3 dimensions, but got ${input.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)`);
  check1d(fn, 'kernel_size', k); check1d(fn, 'stride', s); check1d(fn, 'padding', p);
  return squeeze(avg_pool2d(unsqueeze(input, -2), [1, k[0]], [1, s[0]], [0, p[0]], ceil, inc), -2);
}

// ---- pixel_shuffle / pixel_unshuffle ----
/** The checks both make first: at least 3 dims, a positive factor. */
function checkPixelArgs(fn: string, factor: string, x: Tensor, r: number): void {
  if (x.ndim < 3) throw new RuntimeError(`${fn} expects input to have at least 3 dimensions, but got input with ${x.ndim} dimension(s)`);
  if (r <= 0) throw new RuntimeError(`${fn} expects a positive ${factor}, but got ${r}`);
}
/** F.pixel_shuffle(input, upscale_factor): [*, C·r², H, W] to [*, C, H·r, W·r]. */
export function pixel_shuffle(input: Tensor, upscale_factor: number): Tensor;
export function pixel_shuffle(...args: unknown[]): Tensor;
export function pixel_shuffle(...args: unknown[]): Tensor {
  const [a] = PIXEL_SHUFFLE.parse(args);
  const x = a.input as Tensor, r = a.upscale_factor as number;
  checkPixelArgs('pixel_shuffle', 'upscale_factor', x, r);
  const nd = x.ndim, c = x.shape[nd - 3], h = x.shape[nd - 2], w = x.shape[nd - 1], rr = r * r;
  if (c % rr !== 0)
    throw new RuntimeError(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${rr}`);
  const batch = x.shape.slice(0, -3), b = batch.length, oc = c / rr;
  const lead = batch.map((_, i) => i);
  const out = no_grad(() => {
    const y = reshape(permute(reshape(x, [...batch, oc, r, r, h, w]), [...lead, b, b + 3, b + 1, b + 4, b + 2]), [...batch, oc, h * r, w * r]);
    return y._storage === x._storage ? y.clone() : y;
  });
  return record(out, 'PixelShuffleBackward0', [x], (g) => [pixel_unshuffle(g, r)]);
}

/** F.pixel_unshuffle(input, downscale_factor): [*, C, H·r, W·r] to [*, C·r², H, W]. */
export function pixel_unshuffle(input: Tensor, downscale_factor: number): Tensor;
export function pixel_unshuffle(...args: unknown[]): Tensor;
export function pixel_unshuffle(...args: unknown[]): Tensor {
  const [a] = PIXEL_UNSHUFFLE.parse(args);
  const x = a.input as Tensor, r = a.downscale_factor as number;
  checkPixelArgs('pixel_unshuffle', 'downscale_factor', x, r);
  const nd = x.ndim, c = x.shape[nd - 3], h = x.shape[nd - 2], w = x.shape[nd - 1];
  if (h % r !== 0) throw new RuntimeError(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0) throw new RuntimeError(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`);
  const batch = x.shape.slice(0, -3), b = batch.length, oh = h / r, ow = w / r;
  const lead = batch.map((_, i) => i);
  const out = no_grad(() => {
    const y = reshape(permute(reshape(x, [...batch, c, oh, r, ow, r]), [...lead, b, b + 2, b + 4, b + 1, b + 3]), [...batch, c * r * r, oh, ow]);
    return y._storage === x._storage ? y.clone() : y;
  });
  return record(out, 'PixelUnshuffleBackward0', [x], (g) => [pixel_shuffle(g, r)]);
}

// ---- pairwise_distance ----
/** F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False): the p-norm of x1 - x2 + eps over the last dim. */
export function pairwise_distance(x1: Tensor, x2: Tensor, p?: number | { p?: number; eps?: number; keepdim?: boolean }, eps?: number, keepdim?: boolean): Tensor;
export function pairwise_distance(...args: unknown[]): Tensor;
export function pairwise_distance(...args: unknown[]): Tensor {
  const [a] = PAIRWISE.parse(args);
  const x1 = a.x1 as Tensor, x2 = a.x2 as Tensor, p = Number(a.p), eps = Number(a.eps), keepdim = a.keepdim as boolean;
  const dim = Math.max(x1.ndim, x2.ndim) - 1;
  return add(sub(x1, x2), eps).norm(p, dim, keepdim);
}

// ---- bilinear ----
/** F.bilinear(input1, input2, weight, bias=None): y_o = x1ᵀ W_o x2 + b_o over the leading (batch) dims. */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor;
export function bilinear(...args: unknown[]): Tensor;
export function bilinear(...args: unknown[]): Tensor {
  const [a] = BILINEAR.parse(args);
  const x1 = a.input1 as Tensor, x2 = a.input2 as Tensor, w = a.weight as Tensor, bias = a.bias as Tensor | null;
  if (x1.ndim !== x2.ndim) throw new RuntimeError(`bilinear(): input dimensions do not match: got ${x1.ndim} and ${x2.ndim}`);
  for (let i = 0; i < x1.ndim - 1; i++)
    if (x1.shape[i] !== x2.shape[i]) throw new RuntimeError(`bilinear(): input batch dimensions do not match at dim ${i}: got ${x1.shape[i]} and ${x2.shape[i]}`);
  const i1 = x1.shape[x1.ndim - 1], i2 = x2.shape[x2.ndim - 1];
  if (i1 !== w.shape[1]) throw new RuntimeError(`bilinear(): input1 size does not match weight size: got ${i1} but expected ${w.shape[1]}`);
  if (i2 !== w.shape[2]) throw new RuntimeError(`bilinear(): input2 size does not match weight size: got ${i2} but expected ${w.shape[2]}`);
  if (bias && bias.shape[0] !== w.shape[0]) throw new RuntimeError(`bilinear(): bias size does not match weight size: got ${bias.shape[0]} but expected ${w.shape[0]}`);
  for (const t of [x2, w, ...(bias ? [bias] : [])])
    if (t.dtype !== x1.dtype) throw new RuntimeError(`expected scalar type ${x1.dtype.scalarName} but found ${t.dtype.scalarName}`);
  const O = w.shape[0], lead = x1.shape.slice(0, -1);
  const f1 = reshape(x1, [-1, i1]), f2 = reshape(x2, [-1, i2]);
  // x1 @ W (as [i1, O·i2]), then the product with x2 summed over i2
  const t = reshape(matmul(f1, reshape(permute(w, [1, 0, 2]), [i1, O * i2])), [-1, O, i2]);
  // reshaped to the batch dims, then the bias added (so grad_fn is AddBackward0 / ReshapeAliasBackward0 as in 1.13)
  const y = reshape(sum(mul(t, unsqueeze(f2, 1)), -1), [...lead, O]);
  return bias ? add(y, bias) : y;
}

// ---- instance_norm ----
export interface InstanceNormOptions {
  running_mean?: Tensor | null; running_var?: Tensor | null; weight?: Tensor | null; bias?: Tensor | null;
  use_input_stats?: boolean; momentum?: number; eps?: number;
}
/** F.instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05). */
export function instance_norm(input: Tensor, opts?: InstanceNormOptions): Tensor;
export function instance_norm(input: Tensor, running_mean: Tensor | null, running_var?: Tensor | null, weight?: Tensor | null,
  bias?: Tensor | null, use_input_stats?: boolean, momentum?: number, eps?: number): Tensor;
export function instance_norm(...args: unknown[]): Tensor;
export function instance_norm(...args: unknown[]): Tensor {
  const fn = 'instance_norm';
  const a = bind('instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05)', args);
  const input = tensorArg(fn, 'input', a.input, 1);
  const rm = optTensorArg(fn, 'running_mean', a.running_mean, 4), rv = optTensorArg(fn, 'running_var', a.running_var, 5);
  const weight = optTensorArg(fn, 'weight', a.weight, 2), bias = optTensorArg(fn, 'bias', a.bias, 3);
  const useStats = boolArg(fn, 'use_input_stats', a.use_input_stats, true, 6);
  // torch.instance_norm's float arguments refuse None (InstanceNorm with momentum=None reaches here)
  for (const [n, at] of [['momentum', 7], ['eps', 8]] as const)
    if (a[n] === null) throw new TypeError(`instance_norm(): argument '${n}' (position ${at}) must be float, not NoneType`);
  const momentum = numberArg(fn, 'momentum', a.momentum, 0.1, 7), eps = numberArg(fn, 'eps', a.eps, 1e-5, 8);
  if (useStats) {
    // F._verify_spatial_size
    let prod = 1;
    for (let i = 2; i < input.ndim; i++) prod *= input.shape[i];
    if (prod === 1) throw new ValueError(`Expected more than 1 spatial element when training, got input size torch.Size(${sizes(input.shape)})`);
  }
  if (!useStats && (!rm || !rv)) throw new RuntimeError('Expected running_mean and running_var to be defined when use_input_stats is false');
  const b = input.shape[0], c = input.shape[1];
  const rep = (t: Tensor | null): Tensor | null => (t ? t.repeat(b) : null);
  const rm_ = rep(rm), rv_ = rep(rv);
  const shape = input.shape.slice();
  shape[0] = 1; shape[1] = b * c;
  const out = batch_norm(input.contiguous().view(shape), rm_, rv_, rep(weight), rep(bias), useStats, momentum, eps);
  no_grad(() => {
    if (rm && rm_) rm.copy_(rm_.view([b, c]).mean(0, false));
    if (rv && rv_) rv.copy_(rv_.view([b, c]).mean(0, false));
  });
  return out.view(input.shape.slice());
}
