// The indexing ops with PyTorch's names, each forward beside its backward: masked_fill,
// masked_select, index_fill, index_add, index_copy, index_put, scatter, scatter_add, nonzero. The
// in-place forms compute the out-of-place result and write it into their input.
import { Tensor } from '../tensor/tensor.js';
import { bool, int64, uint8 } from '../tensor/dtype.js';
import { broadcastShapes, numelOf, sameShape, wrapDim } from '../tensor/shape.js';
import { denseStrides } from '../tensor/strided.js';
import { IndexError, RuntimeError, warn } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { expand } from './view.js';
import { sumToShape } from './reduce.js';

/** A value argument as a 0-dim tensor of x's dtype, and whether it came as a Tensor (the grad_fn name differs). */
function valueOf(op: string, x: Tensor, value: Tensor | number | boolean): Tensor {
  if (value instanceof Tensor) {
    if (value.ndim !== 0) throw new RuntimeError(`${op} only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`);
    return value;
  }
  return new Tensor(x.dtype.alloc(1).fill(x.dtype.scalar(Number(value))), [], x.dtype);
}
const dense = (t: Tensor, shape: readonly number[]): Float64Array | Float32Array => (sameShape(t.shape, shape) ? t._data : expand(t.detach(), [...shape])._data);

// PyTorch's text, without a space after the comma
const uint8MaskWarning = (op: string): string =>
  `${op} received a mask with dtype torch.uint8, this behavior is now deprecated,please use a mask with dtype torch.bool instead.`;

export function masked_fill(x: Tensor, mask: Tensor, value: Tensor | number | boolean): Tensor {
  if (mask.dtype === uint8) warn(uint8MaskWarning('masked_fill_'));
  const v = valueOf('masked_fill_', x, value);
  const shape = broadcastShapes(mask.shape, x.shape);
  // PyTorch 1.13 quirk: a floating-point mask fills nothing; an integer mask fills where it is nonzero
  const xd = dense(x, shape), md = mask.dtype.is_floating_point ? new Uint8Array(numelOf(shape)) : dense(mask, shape);
  const fill = x.dtype.scalar(v.item());
  const out = x.dtype.alloc(numelOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = md[i] ? fill : xd[i];
  const name = value instanceof Tensor ? 'MaskedFillBackward1' : 'MaskedFillBackward0';
  return record(new Tensor(out, shape, x.dtype), name, [x, value instanceof Tensor ? v : null], (g) => {
    const gd = g._data, gx = g.dtype.alloc(gd.length);
    let gv = 0;
    for (let i = 0; i < gd.length; i++) if (md[i]) gv += gd[i]; else gx[i] = gd[i];
    return [sumToShape(new Tensor(gx, shape, g.dtype), x.shape), new Tensor(g.dtype.alloc(1).fill(gv), [], g.dtype)];
  }, true, { saved: [mask] });
}

export function masked_select(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype === uint8) warn(uint8MaskWarning('masked_select'));
  else if (mask.dtype !== bool) throw new RuntimeError('masked_select: expected BoolTensor or ByteTensor for mask');
  const shape = broadcastShapes(mask.shape, x.shape);
  const xd = dense(x, shape), md = dense(mask, shape), pos: number[] = [];
  for (let i = 0; i < md.length; i++) if (md[i]) pos.push(i);
  const out = x.dtype.alloc(pos.length);
  pos.forEach((p, i) => { out[i] = xd[p]; });
  return record(new Tensor(out, [pos.length], x.dtype), 'MaskedSelectBackward0', [x], (g) => {
    const gx = g.dtype.alloc(numelOf(shape)), gd = g._data;
    pos.forEach((p, i) => { gx[p] = gd[i]; });
    return [sumToShape(new Tensor(gx, shape, g.dtype), x.shape)];
  }, true, { saved: [x, mask] });
}

/** x viewed as (outer, size, inner) around dim d. */
function around(x: Tensor, d: number): { outer: number; size: number; inner: number } {
  if (x.ndim === 0) return { outer: 1, size: 1, inner: 1 };
  return { outer: numelOf(x.shape.slice(0, d)), size: x.shape[d], inner: numelOf(x.shape.slice(d + 1)) };
}
function indexVector(op: string, index: Tensor): Float64Array | Float32Array {
  if (index.dtype !== int64) throw new IndexError(`${op}(): Expected dtype int64 for index.`);
  if (index.ndim > 1) throw new RuntimeError('Index has to be a vector/scalar');
  return index._data;
}

export function index_fill(x: Tensor, dim: number, index: Tensor, value: Tensor | number | boolean): Tensor {
  const d = wrapDim(dim, x.ndim), idx = indexVector('index_fill_', index), { outer, size, inner } = around(x, d);
  for (const i of idx) if (i < -size || i >= size) throw new IndexError(`index ${i} is out of bounds for dimension ${d} with size ${size}`);
  const v = valueOf('index_fill_', x, value), fill = x.dtype.scalar(v.item());
  const out = x._data.slice(), hit = new Uint8Array(size);
  for (const i of idx) hit[i < 0 ? i + size : i] = 1;
  for (let o = 0; o < outer; o++) for (let s = 0; s < size; s++) if (hit[s]) out.fill(fill, (o * size + s) * inner, (o * size + s + 1) * inner);
  const name = value instanceof Tensor ? 'IndexFillBackward1' : 'IndexFillBackward0';
  return record(new Tensor(out, x.shape, x.dtype), name, [x, value instanceof Tensor ? v : null], (g) => {
    // 1.13 gathers the value's gradient with index_select, which refuses negative indices
    if (value instanceof Tensor && value.requires_grad && idx.some((i) => i < 0)) throw new IndexError('index out of range in self');
    const gx = g._data.slice();
    let gv = 0;
    for (let o = 0; o < outer; o++) for (let s = 0; s < size; s++) if (hit[s])
      for (let j = (o * size + s) * inner; j < (o * size + s + 1) * inner; j++) { gv += gx[j]; gx[j] = 0; }
    return [new Tensor(gx, x.shape, g.dtype), new Tensor(g.dtype.alloc(1).fill(gv), [], g.dtype)];
  }, true, { saved: [index] });
}

function checkSource(op: string, x: Tensor, d: number, n: number, source: Tensor): void {
  if (source.dtype !== x.dtype) throw new RuntimeError(`${op}(): self (${x.dtype.scalarName}) and source (${source.dtype.scalarName}) must have the same scalar type`);
  const sn = source.ndim === 0 ? 1 : source.shape[d];
  if (sn !== n) {
    if (op === 'index_copy_') throw new IndexError(`index_copy_(): Number of indices (${n}) should be equal to source.size(dim) (${sn})`);
    throw new RuntimeError(`${op}(): Number of indices (${n}) should be equal to source.size(dim): (${sn}), for dim: ${d}`);
  }
  const rest = (s: readonly number[]) => s.filter((_, k) => k !== d);
  if (source.ndim !== 0 && x.ndim !== 0 && (source.ndim !== x.ndim || !sameShape(rest(source.shape), rest(x.shape))))
    throw new RuntimeError(`${op}(): Source/destination tensor must have same slice shapes. Destination slice shape: ${rest(x.shape).join(' ')} at dimension ${d} and source slice shape: ${rest(source.shape).join(' ')} at dimension 0.`);
}

export function index_add(x: Tensor, dim: number, index: Tensor, source: Tensor, alpha = 1): Tensor {
  const d = wrapDim(dim, x.ndim), idx = indexVector('index_add_', index), { outer, size, inner } = around(x, d);
  checkSource('index_add_', x, d, idx.length, source);
  for (const i of idx) if (i < -size || i >= size) throw new IndexError('index out of range in self');
  const out = x._data.slice(), sd = source._data, n = idx.length;
  for (let o = 0; o < outer; o++) for (let k = 0; k < n; k++) {
    const s = idx[k] < 0 ? idx[k] + size : idx[k];
    for (let j = 0; j < inner; j++) out[(o * size + s) * inner + j] += alpha * sd[(o * n + k) * inner + j];
  }
  return record(new Tensor(out, x.shape, x.dtype), 'IndexAddBackward0', [x, source], (g) => {
    const gd = g._data, gs = g.dtype.alloc(source.numel());
    for (let o = 0; o < outer; o++) for (let k = 0; k < n; k++) {
      const s = idx[k] < 0 ? idx[k] + size : idx[k];
      for (let j = 0; j < inner; j++) gs[(o * n + k) * inner + j] = alpha * gd[(o * size + s) * inner + j];
    }
    return [g, new Tensor(gs, source.shape, g.dtype)];
  }, true, { saved: [source.requires_grad && index, source.requires_grad && source] });
}

export function index_copy(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  const d = wrapDim(dim, x.ndim), idx = indexVector('index_copy_', index), { outer, size, inner } = around(x, d);
  checkSource('index_copy_', x, d, idx.length, source);
  for (const i of idx) if (i < 0 || i >= size) throw new IndexError(`index_copy_(): index ${i} is out of bounds for dimension ${d} with size ${size}`);
  const out = x._data.slice(), sd = source._data, n = idx.length;
  for (let o = 0; o < outer; o++) for (let k = 0; k < n; k++)
    out.set(sd.subarray((o * n + k) * inner, (o * n + k + 1) * inner), (o * size + idx[k]) * inner);
  return record(new Tensor(out, x.shape, x.dtype), 'IndexCopyBackward0', [x, source], (g) => {
    const gd = g._data, gx = gd.slice(), gs = g.dtype.alloc(source.numel());
    for (let o = 0; o < outer; o++) for (let k = 0; k < n; k++) {
      gs.set(gd.subarray((o * size + idx[k]) * inner, (o * size + idx[k] + 1) * inner), (o * n + k) * inner);
      gx.fill(0, (o * size + idx[k]) * inner, (o * size + idx[k] + 1) * inner);
    }
    return [new Tensor(gx, x.shape, g.dtype), new Tensor(gs, source.shape, g.dtype)];
  }, true, { saved: [index, source.requires_grad && source] });
}

/** For scatter / scatter_add: the dense position in x of each index element (checked as ATen checks). */
function scatterPlan(op: string, x: Tensor, d: number, index: Tensor, src: Tensor | null): Int32Array {
  if (index.dtype !== int64) throw new RuntimeError(`${op}(): Expected dtype int64 for index`);
  if (index.ndim !== x.ndim && !(index.ndim <= 1 && x.ndim <= 1))
    throw new RuntimeError('Index tensor must have the same number of dimensions as self tensor');
  if (src && src.ndim !== index.ndim && !(src.ndim <= 1 && index.ndim <= 1))
    throw new RuntimeError('Index tensor must have the same number of dimensions as src tensor');
  const ish = index.ndim ? index.shape : [1], xsh = x.ndim ? x.shape : [1], ssh = src ? (src.ndim ? src.shape : [1]) : null;
  const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;
  for (let k = 0; k < ish.length; k++) {
    const tooBigForSelf = k !== d && ish[k] > xsh[k], tooBigForSrc = ssh !== null && ish[k] > ssh[k];
    if (tooBigForSelf || tooBigForSrc)
      throw new RuntimeError(`Expected index ${fmt(index.shape)} to be smaller than self ${fmt(x.shape)} apart from dimension ${d}${ssh ? ` and to be smaller size than src ${fmt(src!.shape)}` : ''}`);
  }
  const xs = denseStrides(xsh), n = numelOf(ish), pos = new Int32Array(n), id = index._data, size = xsh[d];
  const coord = new Array<number>(ish.length).fill(0);
  for (let o = 0; o < n; o++) {
    const v = id[o];
    if (v < 0 || v >= size) throw new RuntimeError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
    let p = 0;
    for (let k = 0; k < ish.length; k++) p += (k === d ? v : coord[k]) * xs[k];
    pos[o] = p;
    for (let k = ish.length - 1; k >= 0; k--) { if (++coord[k] < ish[k]) break; coord[k] = 0; }
  }
  return pos;
}
/** src's elements at the index's positions (src may be larger than the index). */
function srcAt(src: Tensor, ish: readonly number[]): Float64Array | Float32Array {
  if (sameShape(src.shape, ish) || src.ndim === 0) return src._data;
  const s = src.contiguous(), st = denseStrides(s.shape), n = numelOf(ish), out = new Float64Array(n), sd = s._data;
  const coord = new Array<number>(ish.length).fill(0);
  for (let o = 0; o < n; o++) {
    let p = 0;
    for (let k = 0; k < ish.length; k++) p += coord[k] * st[k];
    out[o] = sd[p];
    for (let k = ish.length - 1; k >= 0; k--) { if (++coord[k] < ish[k]) break; coord[k] = 0; }
  }
  return out;
}
/**
 * Gradient for src: g read at each index position. 1.13 returns it in the index's shape, which its
 * engine rejects when src is larger than the index.
 */
function gradForSrc(op: string, g: Tensor, src: Tensor, ish: readonly number[], pos: Int32Array): Tensor {
  if (src.ndim !== 0 && !sameShape(src.shape, ish))
    throw new RuntimeError(`Function ${op} returned an invalid gradient at index 1 - got [${ish.join(', ')}] but expected shape compatible with [${src.shape.join(', ')}]`);
  const gd = g._data, gs = g.dtype.alloc(src.numel()), st = denseStrides(src.shape.length ? src.shape : [1]);
  const coord = new Array<number>(ish.length).fill(0);
  for (let o = 0; o < pos.length; o++) {
    let p = 0;
    for (let k = 0; k < ish.length; k++) p += coord[k] * st[k];
    gs[p] = gd[pos[o]];
    for (let k = ish.length - 1; k >= 0; k--) { if (++coord[k] < ish[k]) break; coord[k] = 0; }
  }
  return new Tensor(gs, src.shape, g.dtype);
}

export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number, reduce: string | null = null): Tensor {
  const d = wrapDim(dim, x.ndim);
  if (src instanceof Tensor && src.dtype !== x.dtype)
    throw new RuntimeError(`scatter(): Expected self.dtype to be equal to src.dtype`);
  const pos = scatterPlan('scatter', x, d, index, src instanceof Tensor ? src : null);
  const ish = index.ndim ? index.shape : [1];
  const vals = src instanceof Tensor ? srcAt(src, ish) : null, fill = src instanceof Tensor ? 0 : x.dtype.scalar(src);
  if (reduce !== null && reduce !== 'add' && reduce !== 'multiply')
    throw new RuntimeError('reduce argument must be either add or multiply.');
  const out = x._data.slice();
  for (let o = 0; o < pos.length; o++) {
    const v = vals ? vals[o] : fill;
    out[pos[o]] = reduce === 'add' ? out[pos[o]] + v : reduce === 'multiply' ? out[pos[o]] * v : v;
  }
  const result = new Tensor(out, x.shape, x.dtype);
  if (reduce !== null) {
    if (x.requires_grad || (src instanceof Tensor && src.requires_grad))
      return record(result, 'torch::autograd::NotImplemented', [x, src instanceof Tensor ? src : null], () => {
        throw new RuntimeError('derivative for aten::scatter is not implemented');
      });
    return result;
  }
  const name = src instanceof Tensor ? 'ScatterBackward0' : 'ScatterBackward1';
  return record(result, name, [x, src instanceof Tensor ? src : null], (g) => {
    const gx = g._data.slice();
    for (const p of pos) gx[p] = 0;
    return [new Tensor(gx, x.shape, g.dtype), src instanceof Tensor ? gradForSrc(name, g, src, ish, pos) : null];
  }, true, { saved: [index] });
}

export function scatter_add(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = wrapDim(dim, x.ndim);
  if (src.dtype !== x.dtype) throw new RuntimeError(`scatter(): Expected self.dtype to be equal to src.dtype`);
  const pos = scatterPlan('scatter_add', x, d, index, src);
  const ish = index.ndim ? index.shape : [1], vals = srcAt(src, ish), out = x._data.slice();
  for (let o = 0; o < pos.length; o++) out[pos[o]] += vals[o];
  return record(new Tensor(out, x.shape, x.dtype), 'ScatterAddBackward0', [x, src], (g) => [g, gradForSrc('ScatterAddBackward0', g, src, ish, pos)],
    true, { saved: [index] });
}
