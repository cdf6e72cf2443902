// F.group_norm(input, num_groups, weight=None, bias=None, eps=1e-05): each sample's channels split
// into num_groups groups, each group normalised by its own mean and biased variance, then the
// per-channel affine; 1.13's checks and words, NativeGroupNormBackward0 for input, weight and bias.
import { Tensor } from '../../tensor/tensor.js';
import { RuntimeError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { bind, intArg, numberArg, optTensorArg, tensorArg } from '../../tensor/args.js';
import { channels, checkFloat, notNone, rounder, verifyBatchSize } from './batch_norm.js';

export interface GroupNormOptions { weight?: Tensor | null; bias?: Tensor | null; eps?: number }
export function group_norm(input: Tensor, num_groups: number, opts?: GroupNormOptions): Tensor;
export function group_norm(input: Tensor, num_groups: number, weight: Tensor | null, bias?: Tensor | null, eps?: number): Tensor;
export function group_norm(...args: unknown[]): Tensor;
export function group_norm(...args: unknown[]): Tensor {
  const a = bind('group_norm(input, num_groups, weight=None, bias=None, eps=1e-05)', args);
  const input = tensorArg('group_norm', 'input', a.input, 1);
  const G = intArg('group_norm', 'num_groups', a.num_groups, 0, 2);
  const weight = optTensorArg('group_norm', 'weight', a.weight, 3), bias = optTensorArg('group_norm', 'bias', a.bias, 4);
  const eps = numberArg('group_norm', 'eps', notNone('group_norm', 'eps', 'float', a.eps, 5), 1e-5, 5);
  const C = channels(input), N = input.shape[0];
  if (G === 0) throw new ZeroDivisionError('integer division or modulo by zero');
  // F.group_norm's _verify_batch_size([N * C // G, G, *spatial]), Python's floor division
  verifyBatchSize([Math.floor((N * C) / G), G, ...input.shape.slice(2)], false);
  const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;
  if (C % G !== 0)
    throw new RuntimeError(`Expected number of channels in input to be divisible by num_groups, but got input of shape ${fmt(input.shape)} and num_groups=${G}`);
  if (weight && !(weight.ndim === 1 && weight.numel() === C))
    throw new RuntimeError(`Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape ${fmt(weight.shape)} and input of shape ${fmt(input.shape)}`);
  // PyTorch 1.13 prints the weight's shape (an absent weight's as [0]) in the bias message
  if (bias && !(bias.ndim === 1 && bias.numel() === C))
    throw new RuntimeError(`Expected bias to be a vector of size equal to the number of channels in input, but got bias of shape ${fmt(weight ? weight.shape : [0])} and input of shape ${fmt(input.shape)}`);
  checkFloat('group_norm', input);
  for (const t of [weight, bias])
    if (t && t.dtype !== input.dtype) throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${t.dtype.scalarName}`);

  const HW = C === 0 || N === 0 ? 0 : input.numel() / (N * C), Cg = C / G, D = Cg * HW;
  const x = input.contiguous()._data, r = rounder(input);
  const w = weight ? weight.contiguous()._data : null, b = bias ? bias.contiguous()._data : null;
  const mean = new Float64Array(N * G), rstd = new Float64Array(N * G);
  const out = input.dtype.alloc(input.numel());
  for (let ng = 0; ng < N * G; ng++) {
    const o0 = ng * D;
    let s = 0;
    for (let i = 0; i < D; i++) s += x[o0 + i];
    const m = s / D;
    let v = 0;
    for (let i = 0; i < D; i++) { const d = x[o0 + i] - m; v += d * d; }
    mean[ng] = r(m); rstd[ng] = r(1 / Math.sqrt(Math.max(v / D, 0) + eps));
    for (let c = 0; c < Cg; c++) {
      const ch = (ng % G) * Cg + c;
      // y = x * scale + shift, scale = rstd * w, shift = b - scale * mean (GroupNormKernelImpl)
      const scale = r(rstd[ng] * (w ? w[ch] : 1)), shift = r((b ? b[ch] : 0) - scale * mean[ng]);
      for (let i = 0, o = o0 + c * HW; i < HW; i++) out[o + i] = x[o + i] * scale + shift;
    }
  }
  return record(new Tensor(out, input.shape, input.dtype), 'NativeGroupNormBackward0', [input, weight, bias], (g) => {
    const gd = g.contiguous()._data;
    const gx = input.requires_grad ? input.dtype.alloc(input.numel()) : null;
    const gw = weight && weight.requires_grad ? new Float64Array(C) : null;
    const gb = bias && bias.requires_grad ? new Float64Array(C) : null;
    for (let ng = 0; ng < N * G; ng++) {
      const o0 = ng * D, m = mean[ng], rs = rstd[ng];
      // dx = rstd * (w dy - mean(w dy) - xhat * mean(w dy xhat)) over the group
      let sdy = 0, sdyx = 0;
      for (let c = 0; c < Cg; c++) {
        const ch = (ng % G) * Cg + c, wc = w ? w[ch] : 1;
        let cs = 0, cd = 0;
        for (let i = 0, o = o0 + c * HW; i < HW; i++) { cs += gd[o + i]; cd += gd[o + i] * (x[o + i] - m) * rs; }
        if (gw) gw[ch] += cd;
        if (gb) gb[ch] += cs;
        sdy += wc * cs; sdyx += wc * cd;
      }
      if (!gx) continue;
      const a = sdy / D, bx = sdyx / D;
      for (let c = 0; c < Cg; c++) {
        const wc = w ? w[(ng % G) * Cg + c] : 1;
        for (let i = 0, o = o0 + c * HW; i < HW; i++) gx[o + i] = rs * (wc * gd[o + i] - a - (x[o + i] - m) * rs * bx);
      }
    }
    const param = (acc: Float64Array | null, t: Tensor | null): Tensor | null => {
      if (!acc) return null;
      const d = t!.dtype.alloc(C); d.set(acc);
      return new Tensor(d, t!.shape, t!.dtype);
    };
    return [gx && new Tensor(gx, input.shape, input.dtype), param(gw, weight), param(gb, bias)];
  }, true, { saved: [input, weight] });
}

/** Python's ZeroDivisionError (num_groups=0 in F.group_norm's size arithmetic). */
class ZeroDivisionError extends Error {
  constructor(message: string) { super(message); this.name = 'ZeroDivisionError'; }
}
