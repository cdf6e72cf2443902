// F.one_hot, F.embedding, F.avg_pool2d and F.adaptive_avg_pool2d (F.pad is in more_pad.ts), with
// 1.13's checks in its order and words, its CPU kernels' arithmetic and its grad_fn names.
import { Tensor } from '../../tensor/tensor.js';
import { float32, int64, type Storage } from '../../tensor/dtype.js';
import { RuntimeError, IndexError, ValueError, AssertionError } from '../../tensor/errors.js';
import { wrapDim } from '../../tensor/shape.js';
import { record } from '../../autograd/function.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { mean } from '../../ops/reduce.js';
import { bindNames, boolArg, intArg, numberArg, pyType, tensorArg } from '../../tensor/args.js';
import { intList } from './conv.js';
import { outputSize, pool2dShapeCheck, type IntOrPair } from './pooling.js';
import { checkCall } from '../../ops/api_more_nn.js';

export { pad } from './more_pad.js';

/** The name ATen's checkScalarTypes prints for a tensor's type (torch.FloatTensor ...). */
export function legacyTypeName(t: Tensor): string { return `torch.${t.dtype.scalarName}Tensor`; }

// ---- one_hot ----
/** F.one_hot(tensor, num_classes=-1): int64 classes to int64 one-hot rows (num_classes -1: max + 1). */
export function one_hot(tensor: Tensor, num_classes?: number | { num_classes?: number }): Tensor;
export function one_hot(...args: unknown[]): Tensor;
export function one_hot(...args: unknown[]): Tensor {
  checkCall('one_hot', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('one_hot', ['input', 'num_classes'], args);
  const input = tensorArg('one_hot', 'input', a.input, 1);
  let classes = intArg('one_hot', 'num_classes', a.num_classes, -1);
  if (input.dtype !== int64) throw new RuntimeError('one_hot is only applicable to index tensor.');
  const d = input.contiguous()._data, n = d.length;
  if (n === 0) {
    if (classes <= 0) throw new RuntimeError('Can not infer total number of classes from empty tensor.');
    return new Tensor(int64.alloc(0), [...input.shape, classes], int64);
  }
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { lo = Math.min(lo, d[i]); hi = Math.max(hi, d[i]); }
  if (lo < 0) throw new RuntimeError('Class values must be non-negative.');
  if (classes === -1) classes = hi + 1;
  else if (!(classes > hi)) throw new RuntimeError('Class values must be smaller than num_classes.');
  const out = int64.alloc(n * classes);
  for (let i = 0; i < n; i++) out[i * classes + d[i]] = 1;
  return new Tensor(out, [...input.shape, classes], int64);
}

// ---- embedding ----
function checkIndices(fn: string, pos: number, indices: Tensor): void {
  // int32 indices are accepted too, once torchlet has that dtype
  if (indices.dtype !== int64 && (indices.dtype.scalarName as string) !== 'Int')
    throw new RuntimeError(`Expected tensor for argument #${pos} 'indices' to have one of the following scalar types: Long, Int; but got ${legacyTypeName(indices)} instead (while checking arguments for ${fn})`);
}

/** A row's p-norm as torch.norm computes it (p = inf: max |x|, 0: the count of non-zeros). */
function rowNorm(row: Storage, p: number): number {
  let acc = 0;
  if (p === Infinity) { for (const v of row) acc = Math.max(acc, Math.abs(v)); return acc; }
  if (p === -Infinity) { acc = Infinity; for (const v of row) acc = Math.min(acc, Math.abs(v)); return acc; }
  if (p === 0) { for (const v of row) acc += v !== 0 ? 1 : 0; return acc; }
  for (const v of row) acc += Math.abs(v) ** p;
  return p === 1 ? acc : p === 2 ? Math.sqrt(acc) : acc ** (1 / p);
}

/**
 * embedding_renorm_: each distinct row the indices name (sorted, as PyTorch walks them) whose
 * p-norm exceeds max_norm is scaled to max_norm / (norm + 1e-7), in place and outside autograd.
 */
function renorm(weight: Tensor, indices: Tensor, maxNorm: number, p: number): void {
  if (weight.ndim !== 2)
    throw new RuntimeError(`Expected 2-dimensional tensor, but got ${weight.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for embedding_renorm_)`);
  checkIndices('embedding_renorm_', 2, indices);
  const rows = weight.shape[0], cols = weight.shape[1];
  const sorted = Array.from(indices._data).sort((x, y) => x - y);
  // a contiguous weight's _data is its storage: rows are scaled where they lie
  const dense = weight.is_contiguous(), w = weight._data;
  try {
    for (let i = 0; i < sorted.length; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) continue;
      const r = sorted[i];
      // self[r]: select() wraps negative rows; rows before a bad one stay renormalised, as in PyTorch
      if (r < -rows || r >= rows) throw new IndexError(`select(): index ${r} out of range for tensor of size [${rows}, ${cols}] at dimension 0`);
      if (!weight.dtype.is_floating_point) throw new RuntimeError(`norm(): input dtype should be either floating point or complex. Got ${weight.dtype.scalarName} instead.`);
      const at = (r < 0 ? r + rows : r) * cols, row = w.subarray(at, at + cols);
      const norm = rowNorm(row, p);
      if (norm > maxNorm) {
        // the scale is a double; multiplying a float tensor by it rounds it to float first
        const scale = weight.dtype === float32 ? Math.fround(maxNorm / (norm + 1e-7)) : maxNorm / (norm + 1e-7);
        for (let j = 0; j < cols; j++) row[j] *= scale;
      }
    }
  } finally {
    if (!dense) weight._write(w);
    weight._bumpVersion(); // embedding_renorm_ is an in-place op
  }
}

/**
 * F.embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
 * scale_grad_by_freq=False, sparse=False): rows of weight; no gradient flows into the
 * padding_idx row; max_norm renormalises the rows used, in place, as PyTorch does. (sparse=True
 * gives the same dense gradient: torchlet has no sparse tensors.)
 */
export interface EmbeddingOptions {
  padding_idx?: number | null; max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; sparse?: boolean;
}
export function embedding(input: Tensor, weight: Tensor, opts?: EmbeddingOptions): Tensor;
export function embedding(input: Tensor, weight: Tensor, padding_idx: number | null, max_norm?: number | null, norm_type?: number,
  scale_grad_by_freq?: boolean, sparse?: boolean): Tensor;
export function embedding(...args: unknown[]): Tensor;
export function embedding(...args: unknown[]): Tensor {
  checkCall('embedding', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('embedding', ['input', 'weight', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse'], args);
  const input = tensorArg('embedding', 'indices', a.input, 2);
  const weight = tensorArg('embedding', 'weight', a.weight, 1);
  let paddingIdx = a.padding_idx === undefined || a.padding_idx === null ? -1 : intArg('embedding', 'padding_idx', a.padding_idx, -1);
  if (a.padding_idx !== undefined && a.padding_idx !== null) {
    const rows = weight.shape[0];
    if (paddingIdx > 0 && !(paddingIdx < rows)) throw new AssertionError('Padding_idx must be within num_embeddings');
    if (paddingIdx < 0) {
      if (!(paddingIdx >= -rows)) throw new AssertionError('Padding_idx must be within num_embeddings');
      paddingIdx += rows;
    }
  }
  const scaleByFreq = boolArg('embedding', 'scale_grad_by_freq', a.scale_grad_by_freq, false);
  boolArg('embedding', 'sparse', a.sparse, false);
  if (a.max_norm !== undefined && a.max_norm !== null)
    no_grad(() => renorm(weight, input, numberArg('embedding', 'max_norm', a.max_norm, 0), numberArg('embedding', 'norm_type', a.norm_type, 2)));
  if (weight.ndim !== 2) throw new RuntimeError("'weight' must be 2-D");
  checkIndices('embedding', 1, input);
  const rows = weight.shape[0], cols = weight.shape[1];
  const idx = input.contiguous()._data, n = idx.length;
  if (rows === 0 && n > 0) throw new IndexError('index_select(): self indexing axis dim should be positive');
  for (let i = 0; i < n; i++) if (!(idx[i] >= 0 && idx[i] < rows)) throw new IndexError('index out of range in self');
  const w = weight.contiguous()._data, out = weight.dtype.alloc(n * cols);
  for (let i = 0; i < n; i++) out.set(w.subarray(idx[i] * cols, (idx[i] + 1) * cols), i * cols);
  return record(new Tensor(out, [...input.shape, cols], weight.dtype), 'EmbeddingBackward0', [weight], (g) => {
    // embedding_dense_backward_cpu: rows accumulate in index order, the padding row gets nothing,
    // scale_grad_by_freq divides by how often each row was used
    const counts = new Map<number, number>();
    if (scaleByFreq) for (let i = 0; i < n; i++) counts.set(idx[i], (counts.get(idx[i]) ?? 0) + 1);
    const gd = g.contiguous()._data, gw = weight.dtype.alloc(rows * cols);
    const f32 = weight.dtype === float32;
    for (let i = 0; i < n; i++) {
      const k = idx[i];
      if (k === paddingIdx) continue;
      const scale = scaleByFreq ? (f32 ? Math.fround(1 / counts.get(k)!) : 1 / counts.get(k)!) : 1;
      for (let j = 0; j < cols; j++) gw[k * cols + j] += gd[i * cols + j] * scale;
    }
    return [new Tensor(gw, weight.shape, weight.dtype)];
  }, true, { saved: [weight, input] });
}

// ---- avg_pool2d ----
/** The window of output index o: [start, end) clipped to the input, and the padded window's size. */
function poolWindow(o: number, stride: number, pad: number, k: number, size: number): [number, number, number] {
  const s = o * stride - pad, e = Math.min(s + k, size + pad);
  return [Math.max(s, 0), Math.min(e, size), e - s];
}

/**
 * F.avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True, divisor_override=None): float types and int64 (integer division).
 */
export interface AvgPool2dOptions {
  stride?: IntOrPair | null; padding?: IntOrPair; ceil_mode?: boolean; count_include_pad?: boolean; divisor_override?: number | null;
}
export function avg_pool2d(input: Tensor, kernel_size: IntOrPair, opts?: AvgPool2dOptions): Tensor;
export function avg_pool2d(input: Tensor, kernel_size: IntOrPair, stride: IntOrPair | null, opts?: AvgPool2dOptions): Tensor;
export function avg_pool2d(input: Tensor, kernel_size: IntOrPair, stride: IntOrPair | null, padding: IntOrPair, ceil_mode?: boolean,
  count_include_pad?: boolean, divisor_override?: number | null): Tensor;
export function avg_pool2d(...args: unknown[]): Tensor;
export function avg_pool2d(...args: unknown[]): Tensor {
  checkCall('avg_pool2d', args); // 1.13's TypeErrors for a badly bound call
  const fn = 'avg_pool2d';
  const a = bindNames(fn, ['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'], args);
  const input = tensorArg(fn, 'input', a.input, 1);
  if (a.kernel_size === undefined) throw new TypeError("avg_pool2d() missing required argument 'kernel_size' (pos 2)");
  const k = intList(fn, 'kernel_size', a.kernel_size, 0, 1);
  const s = a.stride === undefined || a.stride === null ? [] : intList(fn, 'stride', a.stride, 0, 1);
  const p = intList(fn, 'padding', a.padding, 0, 1);
  const ceil = boolArg(fn, 'ceil_mode', a.ceil_mode, false), includePad = boolArg(fn, 'count_include_pad', a.count_include_pad, true);
  const divisor = a.divisor_override === undefined || a.divisor_override === null ? null : intArg(fn, 'divisor_override', a.divisor_override, 0);
  if (k.length !== 1 && k.length !== 2) throw new RuntimeError('avg_pool2d: kernel_size must either be a single int, or a tuple of two ints');
  const KH = k[0], KW = k.length === 1 ? KH : k[1];
  if (s.length > 2) throw new RuntimeError('avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints');
  const sH = s.length === 0 ? KH : s[0], sW = s.length === 0 ? KW : s.length === 1 ? sH : s[1];
  if (p.length !== 1 && p.length !== 2) throw new RuntimeError('avg_pool2d: padding must either be a single int, or a tuple of two ints');
  const pH = p[0], pW = p.length === 1 ? pH : p[1];
  if (divisor === 0) throw new RuntimeError('divisor must be not zero');
  const nd = input.ndim;
  const C = input.shape[wrapDim(-3, nd)], H = input.shape[nd - 2], W = input.shape[nd - 1];
  const OH = outputSize(H, KH, pH, sH, 1, ceil), OW = outputSize(W, KW, pW, sW, 1, ceil);
  pool2dShapeCheck(input, KH, KW, sH, sW, pH, pW, 1, 1, C, H, W, OH, OW);
  if (input.dtype.name === 'bool') throw new RuntimeError(`"avg_pool2d" not implemented for 'Bool'`);

  const planes = input.numel() / (H * W), isInt = !input.dtype.is_floating_point;
  const f32 = input.dtype === float32;
  const x = input.contiguous()._data, out = input.dtype.alloc(planes * OH * OW);
  // the windows and divisors, shared by every plane and by the backward
  const win: [number, number, number, number, number][] = [];
  for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const [h0, h1, ph] = poolWindow(oh, sH, pH, KH, H), [w0, w1, pw] = poolWindow(ow, sW, pW, KW, W);
    win.push([h0, h1, w0, w1, divisor ?? (includePad ? ph * pw : (h1 - h0) * (w1 - w0))]);
  }
  for (let c = 0; c < planes; c++) {
    const base = c * H * W;
    win.forEach(([h0, h1, w0, w1, div], o) => {
      if (h0 >= h1 || w0 >= w1) return; // a window wholly in the padding stays 0
      let sum = 0;
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) sum = f32 ? Math.fround(sum + x[base + h * W + w]) : sum + x[base + h * W + w];
      out[c * OH * OW + o] = isInt ? Math.trunc(sum / div) || 0 : sum / div; // C++ integer division (and no -0)
    });
  }
  return record(new Tensor(out, [...input.shape.slice(0, -2), OH, OW], input.dtype), 'AvgPool2DBackward0', [input], (g) => {
    const gd = g.contiguous()._data, gx = input.dtype.alloc(input.numel());
    for (let c = 0; c < planes; c++) {
      const base = c * H * W;
      win.forEach(([h0, h1, w0, w1, div], o) => {
        if (h0 >= h1 || w0 >= w1) return;
        const delta = gd[c * OH * OW + o] / div;
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) gx[base + h * W + w] += delta;
      });
    }
    return [new Tensor(gx, input.shape, input.dtype)];
  }, true, { saved: [input] });
}

// ---- adaptive_avg_pool2d ----
/**
 * F.adaptive_avg_pool2d(input, output_size): output_size an int or a pair whose None (null)
 * entries keep the input's size. A 1x1 output is a mean over the last two dims, as in PyTorch.
 */
export function adaptive_avg_pool2d(input: Tensor, output_size: number | (number | null)[]): Tensor;
export function adaptive_avg_pool2d(...args: unknown[]): Tensor;
export function adaptive_avg_pool2d(...args: unknown[]): Tensor {
  checkCall('adaptive_avg_pool2d', args); // 1.13's TypeErrors for a badly bound call
  const fn = 'adaptive_avg_pool2d';
  const a = bindNames(fn, ['input', 'output_size'], args);
  const input = tensorArg(fn, 'input', a.input, 1);
  if (a.output_size === undefined) throw new TypeError("adaptive_avg_pool2d() missing 1 required positional argument: 'output_size'");
  let size: number[];
  const os = a.output_size;
  if (typeof os === 'number' && Number.isInteger(os)) size = intList(fn, 'output_size', os, 0, 2);
  else {
    // Python's _list_with_default: None takes the input's own size (a str is a sequence too)
    if (!Array.isArray(os) && typeof os !== 'string') throw new TypeError(`object of type '${pyType(os)}' has no len()`);
    if (input.ndim <= os.length) throw new ValueError(`Input dimension should be at least ${os.length + 1}`);
    const list = [...os];
    // then torch._C._nn.adaptive_avg_pool2d(input, list) takes only ints
    if (!list.every((v) => v === null || (typeof v === 'number' && Number.isInteger(v))))
      throw new TypeError("adaptive_avg_pool2d(): argument 'output_size' (position 2) must be tuple of SymInts, not list");
    size = list.map((v, i) => (v === null ? input.shape[input.ndim - list.length + i] : intArg(fn, 'output_size', v, 0)));
  }
  if (size.length !== 2) throw new RuntimeError('adaptive_avg_pool2d: output_size must be 2');
  const [OH, OW] = size;
  if (!(OH >= 0 && OW >= 0))
    throw new RuntimeError(`adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${OH}, ${OW}}`);
  if (OH === 1 && OW === 1) return mean(input, [-1, -2], true);
  const nd = input.ndim;
  if (nd !== 3 && nd !== 4) throw new RuntimeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [${input.shape.join(', ')}]`);
  for (const i of [-2, -1]) if (!(input.shape[nd + i] > 0))
    throw new RuntimeError(`adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${input.shape.join(', ')}] with dimension ${i + nd} being empty`);
  const H = input.shape[nd - 2], W = input.shape[nd - 1], planes = input.numel() / (H * W);
  const shape = [...input.shape.slice(0, -2), OH, OW];
  if (planes * OH * OW === 0) return new Tensor(input.dtype.alloc(0), shape, input.dtype);
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"adaptive_avg_pool2d" not implemented for '${input.dtype.scalarName}'`);
  // start_index / end_index of AdaptivePooling.h: floor(o * in / out), ceil((o + 1) * in / out)
  const rangeOf = (o: number, out: number, inp: number): [number, number] => [Math.floor(o * inp / out), Math.ceil((o + 1) * inp / out)];
  const f32 = input.dtype === float32, round = f32 ? Math.fround : (v: number) => v;
  const x = input.contiguous()._data, out = input.dtype.alloc(planes * OH * OW);
  for (let c = 0; c < planes; c++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const [h0, h1] = rangeOf(oh, OH, H), [w0, w1] = rangeOf(ow, OW, W);
    let sum = 0;
    for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) sum = round(sum + x[c * H * W + h * W + w]);
    out[(c * OH + oh) * OW + ow] = round(sum / (h1 - h0)) / (w1 - w0); // sum / kh / kw, two divisions
  }
  return record(new Tensor(out, shape, input.dtype), 'AdaptiveAvgPool2DBackward0', [input], (g) => {
    const gd = g.contiguous()._data, gx = input.dtype.alloc(input.numel());
    for (let c = 0; c < planes; c++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
      const [h0, h1] = rangeOf(oh, OH, H), [w0, w1] = rangeOf(ow, OW, W);
      const delta = round(gd[(c * OH + oh) * OW + ow] / (h1 - h0)) / (w1 - w0);
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) gx[c * H * W + h * W + w] += delta;
    }
    return [new Tensor(gx, input.shape, input.dtype)];
  }, true, { saved: [input] });
}
