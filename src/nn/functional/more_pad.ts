// F.pad(input, pad, mode='constant', value=None): 1.13's _pad_enum dispatch to constant_pad_nd and
// the reflection / replication pads, with their checks in order and their messages. Every mode is
// one index map per padded dim (output index -> input index, or none for the constant), so the
// forward gathers through it and the backward scatter-adds back through it.
import { Tensor } from '../../tensor/tensor.js';
import { RuntimeError, NotImplementedError } from '../../tensor/errors.js';
import { numelOf } from '../../tensor/shape.js';
import { record } from '../../autograd/function.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { narrow } from '../../ops/view.js';
import { bindNames, numberArg, tensorArg } from '../../tensor/args.js';
import { intList } from './conv.js';
import { checkCall } from '../../ops/api_more_nn.js';

type Mode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** A tensor as ATen's operator<< prints it in messages: `[ torch.FloatTensor{1,0,3} ]`. */
function atenRepr(t: Tensor): string { return `[ torch.${t.dtype.scalarName}Tensor{${t.shape.join(',')}} ]`; }
const sizes = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * Per padded dim (the last pad.length / 2 dims, the last dim first in `pad`): the input index
 * each output index reads, or -1 for the fill value.
 */
function indexMaps(shape: readonly number[], pad: readonly number[], mode: Mode): { outShape: number[]; maps: (Int32Array | null)[] } {
  const nd = shape.length, outShape = shape.slice(), maps: (Int32Array | null)[] = new Array(nd).fill(null);
  for (let j = 0; j < pad.length / 2; j++) {
    const d = nd - 1 - j, size = shape[d], left = pad[2 * j], n = size + left + pad[2 * j + 1];
    const map = new Int32Array(Math.max(n, 0));
    if (mode === 'circular') circularMap(map, left, pad[2 * j + 1]);
    else for (let o = 0; o < n; o++) {
      let s = o - left;
      if (mode === 'reflect') s = s < 0 ? -s : s >= size ? 2 * (size - 1) - s : s;
      else if (mode === 'replicate') s = Math.min(Math.max(s, 0), size - 1);
      map[o] = s >= 0 && s < size ? s : -1;
    }
    outShape[d] = n;
    maps[d] = map;
  }
  return { outShape, maps };
}

/**
 * 1.13's _pad_circular along one dim, as the copies it makes: the kept middle first, then the left pad
 * from the end of the output and the right pad from its start (so a left pad beside a cropped right
 * side wraps onto what is kept, not onto the input's end). A slot PyTorch leaves unwritten (a left
 * pad wider than what is kept) reads -1, the fill value.
 */
function circularMap(map: Int32Array, pl: number, pr: number): void {
  const n = map.length;
  map.fill(-1);
  for (let o = Math.max(pl, 0); o < n - Math.max(pr, 0); o++) map[o] = o - pl;
  for (let k = 0; k < pl; k++) map[k] = map[n - pl - Math.max(pr, 0) + k];
  for (let k = 0; k < pr; k++) map[n - pr + k] = map[Math.max(pl, 0) + k];
}

/** For each output element in row-major order, the row-major input element it reads (or -1). */
function sources(shape: readonly number[], outShape: readonly number[], maps: readonly (Int32Array | null)[]): Int32Array {
  const nd = shape.length, n = numelOf(outShape), src = new Int32Array(n);
  const inStride = new Array<number>(nd);
  for (let d = nd - 1, s = 1; d >= 0; d--) { inStride[d] = s; s *= shape[d]; }
  const idx = new Array<number>(nd).fill(0);
  for (let k = 0; k < n; k++) {
    let at = 0;
    for (let d = 0; d < nd && at >= 0; d++) {
      const m = maps[d], i = m ? m[idx[d]] : idx[d];
      at = i < 0 ? -1 : at + i * inStride[d];
    }
    src[k] = at;
    for (let d = nd - 1; d >= 0; d--) { if (++idx[d] < outShape[d]) break; idx[d] = 0; }
  }
  return src;
}

function padWith(input: Tensor, pad: readonly number[], mode: Mode, value: number, name: string): Tensor {
  const { outShape, maps } = indexMaps(input.shape, pad, mode);
  const src = sources(input.shape, outShape, maps);
  const x = input.contiguous()._data, out = input.dtype.alloc(src.length);
  const fill = input.dtype.cast(value);
  for (let k = 0; k < src.length; k++) out[k] = src[k] < 0 ? fill : x[src[k]];
  return record(new Tensor(out, outShape, input.dtype), name, [input], (g) => {
    const gd = g.contiguous()._data, gx = input.dtype.alloc(input.numel());
    for (let k = 0; k < src.length; k++) if (src[k] >= 0) gx[src[k]] += gd[k];
    return [new Tensor(gx, input.shape, input.dtype)];
  }, true, { saved: [(mode === 'reflect' || mode === 'replicate') && input] }); // ReflectionPad/ReplicationPad save self
}

/** at::_pad_circular: batched input only (N, C and 1-3 padded dims), each pad at most the dim's size. */
function padCircular(input: Tensor, p: readonly number[]): Tensor {
  const shape = input.shape, nd = shape.length;
  if (p.length + 4 !== nd * 2) throw new RuntimeError(`Invalid padding size, expected ${(nd - 2) * 2} but got ${p.length}`);
  for (let i = 0; i < nd - 2; i++) {
    const pl = p[2 * (nd - 3 - i)], pr = p[2 * (nd - 3 - i) + 1], size = shape[2 + i];
    if (!(pl <= size && pr <= size)) throw new RuntimeError('Padding value causes wrapping around more than once.');
    if (size + pl + pr < 0) throw new RuntimeError('Negative padding value is resulting in an empty dimension');
  }
  return padWith(input, p, 'circular', 0, 'CopySlices');
}

/** at::constant_pad_nd: negative pads crop (through narrow, with its errors), positive pads fill. */
function constantPadNd(input: Tensor, pad: readonly number[], value: number): Tensor {
  const nd = input.ndim, lPad = pad.length / 2, lDiff = nd - lPad;
  let allNonPositive = true;
  no_grad(() => {
    let c = input.detach();
    for (let i = lDiff; i < nd; i++) {
      const j = 2 * (nd - i - 1), left = pad[j], right = pad[j + 1];
      if (left < 0) c = narrow(c, i, -left, c.shape[i] + left); else if (left !== 0) allNonPositive = false;
      if (right < 0) c = narrow(c, i, 0, c.shape[i] + right); else if (right !== 0) allNonPositive = false;
    }
  });
  if (!allNonPositive) {
    for (let i = 0; i < lPad; i++) {
      const j = pad.length - (i + 1) * 2, size = input.shape[lDiff + i], n = size + pad[j] + pad[j + 1];
      if (!(n > 0))
        throw new RuntimeError(`The input size ${size}, plus negative padding ${pad[j]} and ${pad[j + 1]} resulted in a negative output size, which is invalid. Check dimension ${lDiff + i} of your input.`);
    }
  }
  return padWith(input, pad, 'constant', value, 'ConstantPadNdBackward0');
}

/** The 1-, 2- or 3-d reflection / replication pad's checks (ReflectionPad.cpp, ReplicationPadding.cpp). */
function checkPadNd(input: Tensor, pad: readonly number[], mode: 'reflect' | 'replicate'): void {
  const k = pad.length / 2, nd = input.ndim, s = input.shape, batch = nd === k + 2;
  const reflect = mode === 'reflect';
  // every non-batch dim non-empty (reflect1d/2d also insist on the batch dim of the unbatched form)
  const inner = s.slice(1).every((v) => v !== 0) && (batch || !(mode === 'replicate' || k === 3) || s[0] !== 0);
  if (!inner) {
    if (reflect && k < 3) throw new RuntimeError(`${k + 1}D or ${k + 2}D (batch mode) tensor expected for input, but got: ${atenRepr(input)}`);
    throw new RuntimeError(`Expected ${k + 1}D or ${k + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${sizes(s)}`);
  }
  const dims = Array.from({ length: k }, (_, j) => nd - 1 - j); // w, h, d
  const inSize = dims.map((d) => s[d]), outSize = dims.map((d, j) => s[d] + pad[2 * j] + pad[2 * j + 1]);
  if (reflect) {
    dims.forEach((d, j) => {
      if (!(pad[2 * j] < s[d] && pad[2 * j + 1] < s[d]))
        // 1.13's reflection_pad2d prints the number of dims where the others print the sizes
        throw new RuntimeError(`Argument #${4 + 2 * j}: Padding size should be less than the corresponding input dimension, but got: padding (${pad[2 * j]}, ${pad[2 * j + 1]}) at dimension ${d} of input ${k === 2 ? nd : sizes(s)}`);
    });
  }
  // 1.13 accepts the output when any of its padded dims is positive
  if (!outSize.some((v) => v >= 1)) {
    const [W, H, D] = inSize, [oW, oH, oD] = outSize;
    const gap = reflect ? '' : ' ';
    if (k === 1) throw new RuntimeError(reflect ? `2input (W: ${W})is too small. Calculated output W: ${oW}` : `input (W: ${W}) is too small. Calculated output W: ${oW}`);
    if (k === 2) throw new RuntimeError(`input (H: ${H}, W: ${W}${gap})is too small.${reflect ? '  ' : ' '}Calculated output H: ${oH} W: ${oW}`);
    throw new RuntimeError(`input (D: ${D} H: ${H}, W: ${W}) is too small. Calculated output D: ${oD} H: ${oH} W: ${oW}`);
  }
  if (outSize.some((v) => v < 0)) {
    if (reflect) throw new RuntimeError('numel: integer multiplication overflow');
    const shape = s.slice();
    dims.forEach((d, j) => { shape[d] = outSize[j]; });
    throw new RuntimeError(`Trying to create tensor with negative dimension ${outSize.find((v) => v < 0)}: ${sizes(shape)}`);
  }
  if (!input.dtype.is_floating_point) {
    const kernel = reflect ? (k === 3 ? 'reflection_pad3d_cpu' : `reflection_pad${k}d`) : `replication_pad${k}d_cpu`;
    throw new RuntimeError(`"${kernel}" not implemented for '${input.dtype.scalarName}'`);
  }
}

/**
 * F.pad(input, pad, mode='constant', value=None). `pad` lists (left, right) pairs from the last dim
 * backwards; constant pads may be negative (a crop). reflect and replicate pad the last 1, 2 or 3
 * dims of a (batched) input, as PyTorch does.
 */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';
export function pad(input: Tensor, pad: number[], mode?: PadMode | { mode?: PadMode; value?: number | null }, value?: number | null): Tensor;
export function pad(...args: unknown[]): Tensor;
export function pad(...args: unknown[]): Tensor {
  checkCall('pad', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('pad', ['input', 'pad', 'mode', 'value'], args);
  const input = tensorArg('pad', 'input', a.input, 1);
  if (a.pad === undefined) throw new TypeError("pad() missing required argument 'pad' (pos 2)");
  if (!Array.isArray(a.pad)) intList('pad', 'pad', [a.pad], 0, 0);
  const p = intList('pad', 'pad', a.pad, 0, 0);
  const mode = a.mode === undefined || a.mode === null ? 'constant' : String(a.mode);
  const hasValue = a.value !== undefined && a.value !== null;
  const value = hasValue ? (typeof a.value === 'boolean' ? Number(a.value) : numberArg('pad', 'value', a.value, 0)) : 0;
  if (!['reflect', 'constant', 'replicate', 'circular'].includes(mode)) throw new NotImplementedError(`Unrecognised padding mode ${mode}`);
  if (p.length % 2 !== 0) throw new RuntimeError('Padding length must be divisible by 2');
  if (p.length > input.ndim * 2) throw new RuntimeError('Padding length too large');
  if (mode === 'constant') return constantPadNd(input, p, value);
  if (hasValue && value !== 0) throw new RuntimeError(`Padding mode "${mode}" doesn't take in value argument`);
  const k = p.length / 2, nd = input.ndim;
  if (k >= 1 && k <= 3 && (nd === k + 1 || nd === k + 2)) {
    if (mode === 'circular') return padCircular(input, p);
    checkPadNd(input, p, mode as 'reflect' | 'replicate');
    const name = `${mode === 'reflect' ? 'Reflection' : 'Replication'}Pad${k}DBackward0`;
    return padWith(input, p, mode as Mode, 0, name);
  }
  throw new NotImplementedError('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
}
