// The Tensor: a typed-array storage read through a shape, strides and an offset (views share the
// storage, as PyTorch's do), a dtype, and its autograd state.
// Methods are sugar over the ops in ../ops (the one place a lower layer calls a higher one).
import { DType, float32, float64, int64, int32, int16, int8, uint8, bool, tensorTypeName, type Storage } from './dtype.js';
import { RuntimeError } from './errors.js';
import { numelOf, wrapDim } from './shape.js';
import { denseStrides, forEachStrided, gatherStrided, isContiguousLayout, scatterStrided, storageExtent } from './strided.js';
import { formatTensor } from './format.js';
import { formatBool } from './format_bool.js';
import type { Node } from '../autograd/node.js';
import * as E from '../ops/elementwise.js';
import * as R from '../ops/reduce.js';
import * as V from '../ops/view.js';
import * as M from '../ops/matmul.js';
import * as I from '../ops/indexing.js';
import * as X from '../ops/index_ops.js';
import { tensor as makeTensor } from './creation.js';
import * as S from '../ops/sort.js';
import * as C from '../ops/scan.js';
import * as ST from '../ops/stats.js';
import * as MATH from '../ops/math.js';
import * as MATH2 from '../ops/math_binary.js';
import { backward as runBackward } from '../autograd/engine.js';
import { releaseStorage } from '../kernels/dispatch.js';

export type Scalar = number;
export type TensorOrScalar = Tensor | number;
export type NestedArray = number | boolean | NestedArray[];
type SizeArgs = number[] | [number[]];
export interface BackwardOpts { gradient?: Tensor | null; retain_graph?: boolean; create_graph?: boolean }

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Keeps a storage alive while a subarray of it handed out by `_data` is reachable (the allocator frees a block when its array dies). */
const keepAlive = new WeakMap<Storage, Storage>();

export class Tensor {
  /** The storage this tensor reads; views share it. */
  _storage: Storage;
  /** Position of element (0, 0, ...) in the storage. */
  _offset: number;
  /** Storage steps per index of each dim (PyTorch's `stride()`). */
  _strides: number[];
  /** Whether the tensor reads its whole storage in row-major order (then `_data` is the storage itself). */
  _dense: boolean;
  readonly shape: number[];
  readonly dtype: DType;
  private _requires_grad = false;
  private _grad: Tensor | null = null;
  /** True while the gradient the engine stored has not been handed to anyone (see `grad`). */
  private _gradUnseen = false;
  /** Accumulated gradient (a leaf's), or null. Assign null to reset, as in PyTorch. */
  get grad(): Tensor | null { this._gradUnseen = false; return this._grad; }
  set grad(g: Tensor | null) {
    // A gradient the engine stored and nobody ever read cannot be referenced anywhere else, so its
    // storage goes back to the allocator now rather than at the next garbage collection.
    if (this._gradUnseen && this._grad && this._grad !== g && this._grad._dense) releaseStorage(this._grad._storage);
    this._gradUnseen = false;
    this._grad = g;
  }
  /** The engine's view of `grad`: reading it does not count as handing it out. */
  _peekGrad(): Tensor | null { return this._grad; }
  _storeGrad(g: Tensor): void { this._grad = g; this._gradUnseen = true; }
  /** The backward node that produced this tensor, or null for leaves. */
  grad_fn: Node | null = null;

  /**
   * A tensor over `data`: dense row-major when `strides` is omitted (then `data` holds exactly its
   * elements), else a strided view of `data` starting at `offset`.
   */
  constructor(data: Storage, shape: readonly number[], dtype: DType, strides?: readonly number[], offset = 0) {
    if (strides === undefined) {
      if (data.length !== numelOf(shape)) throw new RuntimeError(`storage of ${data.length} elements does not match shape [${shape.join(', ')}]`);
      this._strides = denseStrides(shape);
      this._dense = true;
    } else {
      const ext = storageExtent(shape, strides, offset);
      if (strides.length !== shape.length || (ext && (ext[0] < 0 || ext[1] >= data.length)))
        throw new RuntimeError(`setStorage: sizes [${shape.join(', ')}], strides [${strides.join(', ')}], storage offset ${offset} require a storage larger than its ${data.length} elements`);
      this._strides = strides.slice();
      this._dense = offset === 0 && data.length === numelOf(shape) && isContiguousLayout(shape, strides);
    }
    this._storage = data;
    this._offset = offset;
    this.shape = shape.slice();
    this.dtype = dtype;
  }

  /**
   * The elements in row-major order: the storage itself for a dense tensor, a subarray of it for a
   * contiguous view (writes reach the storage), and a fresh copy for any other view (read-only in
   * effect: in-place ops on such views write through the strides).
   */
  get _data(): Storage {
    if (this._dense) return this._storage;
    const n = this.numel();
    if (isContiguousLayout(this.shape, this._strides)) {
      const sub = this._storage.subarray(this._offset, this._offset + n) as Storage;
      keepAlive.set(sub, this._storage);
      return sub;
    }
    const out = this.dtype.alloc(n);
    gatherStrided(this._storage, this.shape, this._strides, this._offset, out);
    return out;
  }
  /** Replaces the storage with `data`, read densely (`.data = t`, and kernels that swap results in). */
  set _data(data: Storage) {
    if (data.length !== numelOf(this.shape)) throw new RuntimeError(`storage of ${data.length} elements does not match shape [${this.shape.join(', ')}]`);
    this._storage = data;
    this._offset = 0;
    this._strides = denseStrides(this.shape);
    this._dense = true;
  }
  /** Writes row-major `values` (one per element) into this tensor's elements, through its strides. */
  _write(values: ArrayLike<number>): void {
    if (this.is_contiguous()) { this._data.set(values); return; }
    // values may alias this storage (x.copy_(x.t())): read them all before writing
    const v = ArrayBuffer.isView(values) && (values as Storage).buffer === this._storage.buffer ? (values as Storage).slice() : values;
    scatterStrided(v, this._storage, this.shape, this._strides, this._offset);
  }
  /** Sets every element to v (already cast to this dtype). */
  _fill(v: number): void {
    if (this.is_contiguous()) { this._data.fill(v); return; }
    forEachStrided(this.shape, this._strides, this._offset, (p) => { this._storage[p] = v; });
  }
  /** A tensor sharing this one's storage with another shape, strides and offset (no autograd). */
  _view(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    return new Tensor(this._storage, shape, this.dtype, strides, offset);
  }

  // ---- properties ----
  get ndim(): number { return this.shape.length; }
  dim(): number { return this.shape.length; }
  numel(): number { return numelOf(this.shape); }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return this.shape.slice();
    return this.shape[wrapDim(dim, this.ndim)];
  }
  get is_leaf(): boolean { return this.grad_fn === null; }
  get requires_grad(): boolean { return this._requires_grad; }
  set requires_grad(v: boolean) { this.requires_grad_(v); }
  is_floating_point(): boolean { return this.dtype.is_floating_point; }
  /** PyTorch's `.data`: a tensor sharing this storage, outside the autograd graph. */
  get data(): Tensor { return this._view(this.shape, this._strides, this._offset); }
  set data(t: Tensor) {
    if (t.numel() !== this.numel() || t.dtype !== this.dtype) throw new RuntimeError('data set to a tensor that requires a different shape or dtype');
    this._storage = t._storage; this._offset = t._offset; this._strides = t._strides.slice(); this._dense = t._dense;
  }
  get device(): { type: string; toString(): string } { return { type: 'cpu', toString: () => 'cpu' }; }

  requires_grad_(requires_grad = true): this {
    if (requires_grad && !this.dtype.is_floating_point)
      throw new RuntimeError('only Tensors of floating point and complex dtype can require gradients');
    if (!requires_grad && !this.is_leaf)
      throw new RuntimeError("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    this._requires_grad = requires_grad;
    return this;
  }
  /** Internal: marks an op's result as part of the graph. */
  _setGradFn(node: Node): void { this.grad_fn = node; this._requires_grad = true; }

  item(): number {
    if (this.numel() !== 1)
      throw new RuntimeError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    return this._storage[this._offset];
  }
  /** The values as nested JS arrays; a bool tensor's as JS booleans, as Python's are True / False. */
  tolist(): NestedArray {
    const d = this._data, shape = this.shape, isBool = this.dtype === bool;
    if (this.ndim === 0) return isBool ? d[0] !== 0 : d[0];
    let pos = 0;
    const build = (k: number): NestedArray[] => {
      const out: NestedArray[] = new Array(shape[k]);
      if (k === shape.length - 1) for (let i = 0; i < shape[k]; i++) out[i] = isBool ? d[pos++] !== 0 : d[pos++];
      else for (let i = 0; i < shape[k]; i++) out[i] = build(k + 1);
      return out;
    };
    return build(0);
  }
  toString(): string {
    const suffixes: string[] = [];
    if (this.grad_fn) suffixes.push(`grad_fn=<${this.grad_fn.name()}>`);
    else if (this._requires_grad) suffixes.push('requires_grad=True');
    if (this.dtype.name === 'bool') return formatBool(this._data, this.shape, suffixes);
    return formatTensor(this._data, this.shape, this.dtype.name, suffixes);
  }
  [inspectSymbol](): string { return this.toString(); }

  // ---- autograd ----
  /** backward(), backward(gradient), backward({retain_graph: true}), backward(gradient, {retain_graph}). */
  backward(gradient?: Tensor | null | BackwardOpts, opts: BackwardOpts = {}): void {
    if (gradient && !(gradient instanceof Tensor)) { opts = { ...gradient, ...opts }; gradient = opts.gradient ?? null; }
    for (const k of Object.keys(opts))
      if (k !== 'gradient' && k !== 'retain_graph' && k !== 'create_graph') throw new TypeError(`backward() got an unexpected keyword argument '${k}'`);
    if (opts.create_graph) throw new RuntimeError('create_graph=True (higher-order gradients) is not supported by torchlet');
    runBackward(this, (gradient as Tensor | null | undefined) ?? null, !!opts.retain_graph);
  }
  detach(): Tensor { return this._view(this.shape, this._strides, this._offset); }
  detach_(): this { this.grad_fn = null; this._requires_grad = false; return this; }

  // ---- shape (views share storage; permute/transpose copy) ----
  reshape(...shape: SizeArgs): Tensor { return V.reshape(this, flatArgs(shape)); }
  view(...shape: SizeArgs): Tensor { return V.view(this, flatArgs(shape)); }
  view_as(other: Tensor): Tensor { return V.view(this, other.shape); }
  reshape_as(other: Tensor): Tensor { return V.reshape(this, other.shape); }
  flatten(start_dim = 0, end_dim = -1): Tensor { return V.flatten(this, start_dim, end_dim); }
  squeeze(dim?: number): Tensor { return V.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return V.unsqueeze(this, dim); }
  permute(...dims: SizeArgs): Tensor { return V.permute(this, flatArgs(dims)); }
  transpose(dim0: number, dim1: number): Tensor { return V.transpose(this, dim0, dim1); }
  t(): Tensor { return V.t(this); }
  get T(): Tensor { return V.T(this); }
  get mT(): Tensor { return V.mT(this); }
  expand_as(other: Tensor): Tensor { return V.expand(this, other.shape); }
  unflatten(dim: number, sizes: number[]): Tensor { return V.unflatten(this, dim, sizes); }
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor { return V.diagonal(this, offset, dim1, dim2); }
  movedim(source: number | number[], destination: number | number[]): Tensor { return V.movedim(this, source, destination); }
  moveaxis(source: number | number[], destination: number | number[]): Tensor { return V.movedim(this, source, destination); }
  swapaxes(axis0: number, axis1: number): Tensor { return V.transpose(this, axis0, axis1); }
  swapdims(dim0: number, dim1: number): Tensor { return V.transpose(this, dim0, dim1); }
  unfold(dimension: number, size: number, step: number): Tensor { return V.unfold(this, dimension, size, step); }
  split(split_size: number | number[], dim = 0): Tensor[] { return V.split(this, split_size, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return V.chunk(this, chunks, dim); }
  unbind(dim = 0): Tensor[] { return V.unbind(this, dim); }
  as_strided(size: number[], stride: number[], storage_offset: number | null = null): Tensor { return V.as_strided(this, size, stride, storage_offset); }
  broadcast_to(...shape: SizeArgs): Tensor { return V.expand(this, flatArgs(shape)); }
  /** This tensor when its elements are row-major in storage, else a dense copy (recorded by autograd as PyTorch's clone). */
  contiguous(): Tensor { return this.is_contiguous() ? this : E.clone(this); }
  is_contiguous(): boolean { return this._dense || isContiguousLayout(this.shape, this._strides); }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return this._strides.slice();
    return this._strides[wrapDim(dim, this.ndim)];
  }
  storage_offset(): number { return this._offset; }
  expand(...shape: SizeArgs): Tensor { return V.expand(this, flatArgs(shape)); }
  narrow(dim: number, start: number, length: number): Tensor { return V.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return V.select(this, dim, index); }
  /** Python's `x[idx]`: `x.get(0, ':', '1:3', null, '...', torch.tensor([1, 2]))`. */
  get(...indices: I.Index[]): Tensor { return I.getIndex(this, indices, indexDeps); }
  /** Python's `x[idx] = value`, in place: the last argument is the value (a Tensor or number, broadcast). */
  set(...args: [...I.Index[], Tensor | number | boolean]): this {
    if (args.length === 0) throw new TypeError('set() missing 1 required positional argument: \'value\'');
    const value = args[args.length - 1];
    // a number is stored as fill_ stores it (uint8: 300 fails, -1 is 255)
    const v = value instanceof Tensor ? value : makeTensor(this.dtype.scalar(value as number), { dtype: this.dtype });
    I.setIndex(this, args.slice(0, -1) as I.Index[], v, indexDeps);
    return this;
  }
  nonzero(opts?: { as_tuple?: boolean }): Tensor | Tensor[] { return opts?.as_tuple ? I.nonzeroTuple(this) : I.nonzero(this); }
  masked_fill(mask: Tensor, value: Tensor | number | boolean): Tensor { return X.masked_fill(this, mask, value); }
  masked_fill_(mask: Tensor, value: Tensor | number | boolean): this { return this._inplaceFrom(X.masked_fill(this.detach(), mask, value)); }
  masked_select(mask: Tensor): Tensor { return X.masked_select(this, mask); }
  index_fill(dim: number, index: Tensor, value: Tensor | number | boolean): Tensor { return X.index_fill(this, dim, index, value); }
  index_fill_(dim: number, index: Tensor, value: Tensor | number | boolean): this { return this._inplaceFrom(X.index_fill(this.detach(), dim, index, value)); }
  index_add(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor { return X.index_add(this, dim, index, source, opts?.alpha ?? 1); }
  index_add_(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): this { return this._inplaceFrom(X.index_add(this.detach(), dim, index, source.detach(), opts?.alpha ?? 1)); }
  index_copy(dim: number, index: Tensor, source: Tensor): Tensor { return X.index_copy(this, dim, index, source); }
  index_copy_(dim: number, index: Tensor, source: Tensor): this { return this._inplaceFrom(X.index_copy(this.detach(), dim, index, source.detach())); }
  scatter(dim: number, index: Tensor, src: Tensor | number, opts?: { reduce?: string }): Tensor { return X.scatter(this, dim, index, src, opts?.reduce ?? null); }
  scatter_(dim: number, index: Tensor, src: Tensor | number, opts?: { reduce?: string }): this {
    return this._inplaceFrom(X.scatter(this.detach(), dim, index, src instanceof Tensor ? src.detach() : src, opts?.reduce ?? null));
  }
  scatter_add(dim: number, index: Tensor, src: Tensor): Tensor { return X.scatter_add(this, dim, index, src); }
  scatter_add_(dim: number, index: Tensor, src: Tensor): this { return this._inplaceFrom(X.scatter_add(this.detach(), dim, index, src.detach())); }
  index_put(indices: (Tensor | null)[], values: Tensor, opts?: { accumulate?: boolean }): Tensor { return I.indexPut(this, indices, values, !!opts?.accumulate, indexDeps); }
  index_put_(indices: (Tensor | null)[], values: Tensor, opts?: { accumulate?: boolean }): this {
    return this._inplaceFrom(I.indexPut(this.detach(), indices, values.detach(), !!opts?.accumulate, indexDeps));
  }
  /** Writes an in-place op's result (computed out of place) into this tensor. */
  _inplaceFrom(result: Tensor): this { E.inplace(this, result); return this; }
  index_select(dim: number, index: Tensor): Tensor { return V.index_select(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return V.gather(this, dim, index); }

  // ---- dtype ----
  to(dtype: DType | string | { dtype?: DType }): Tensor { return E.to(this, dtype); }
  /** type(): PyTorch's tensor type name ('torch.ByteTensor'); type(dtype) or type('torch.IntTensor'): a conversion. */
  type(): string;
  type(dtype: DType | string | { dtype: DType | string }): Tensor;
  type(dtype?: DType | string | { dtype: DType | string }): Tensor | string { return dtype === undefined ? tensorTypeName(this.dtype) : E.toType(this, dtype); }
  float(): Tensor { return E.to(this, float32); }
  double(): Tensor { return E.to(this, float64); }
  long(): Tensor { return E.to(this, int64); }
  clone(): Tensor { return E.clone(this); }
  cpu(): Tensor { return this; }

  // ---- elementwise ----
  add(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.add(this, other, opts); }
  sub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.sub(this, other, opts); }
  mul(other: TensorOrScalar): Tensor { return E.mul(this, other); }
  div(other: TensorOrScalar): Tensor { return E.div(this, other); }
  pow(exponent: TensorOrScalar): Tensor { return E.pow(this, exponent); }
  neg(): Tensor { return E.neg(this); }
  exp(): Tensor { return E.exp(this); }
  log(): Tensor { return E.log(this); }
  log1p(): Tensor { return E.log1p(this); }
  sqrt(): Tensor { return E.sqrt(this); }
  abs(): Tensor { return E.abs(this); }
  relu(): Tensor { return E.relu(this); }
  sigmoid(): Tensor { return E.sigmoid(this); }
  tanh(): Tensor { return E.tanh(this); }
  clamp(min?: number | null, max?: number | null): Tensor { return E.clamp(this, min, max); }
  clamp_min(min: number): Tensor { return E.clamp(this, min, null); }
  maximum(other: Tensor): Tensor { return E.maximum(this, other); }
  minimum(other: Tensor): Tensor { return E.minimum(this, other); }
  eq(other: TensorOrScalar): Tensor { return E.compare(this, other, 'eq'); }
  ne(other: TensorOrScalar): Tensor { return E.compare(this, other, 'ne'); }
  lt(other: TensorOrScalar): Tensor { return E.compare(this, other, 'lt'); }
  le(other: TensorOrScalar): Tensor { return E.compare(this, other, 'le'); }
  gt(other: TensorOrScalar): Tensor { return E.compare(this, other, 'gt'); }
  ge(other: TensorOrScalar): Tensor { return E.compare(this, other, 'ge'); }

  // ---- reductions ----
  sum(dim?: number | number[] | null | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts, opts?: R.ReduceOpts): Tensor { return R.sum(this, dim, keepdim, opts); }
  mean(dim?: number | number[] | null | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts, opts?: R.ReduceOpts): Tensor { return R.mean(this, dim, keepdim, opts); }
  max(): Tensor;
  max(dim: number, keepdim?: boolean | R.ReduceOpts): R.ValuesIndices;
  max(dim?: number, keepdim?: boolean | R.ReduceOpts): Tensor | R.ValuesIndices { return R.max(this, dim, keepdim); }
  min(): Tensor;
  min(dim: number, keepdim?: boolean | R.ReduceOpts): R.ValuesIndices;
  min(dim?: number, keepdim?: boolean | R.ReduceOpts): Tensor | R.ValuesIndices { return R.min(this, dim, keepdim); }
  argmax(dim?: number | null, keepdim?: boolean | R.ReduceOpts): Tensor { return R.argmax(this, dim, keepdim); }
  argmin(dim?: number | null, keepdim?: boolean | R.ReduceOpts): Tensor { return R.argmin(this, dim, keepdim); }

  matmul(other: Tensor): Tensor { return M.matmul(this, other); }
  mm(other: Tensor): Tensor { return M.matmul(this, other); }

  // ---- in place (no autograd; for optimizers and initialisation, as under torch.no_grad) ----
  zero_(): this { this._fill(0); return this; }
  fill_(v: number): this { this._fill(this.dtype.scalar(v)); return this; }
  copy_(src: Tensor): this { E.copyInto(this, src); return this; }
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this { E.inplace(this, E.add(this.detach(), other instanceof Tensor ? other.detach() : other, opts)); return this; }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this { E.inplace(this, E.sub(this.detach(), other instanceof Tensor ? other.detach() : other, opts)); return this; }
  mul_(other: TensorOrScalar): this { E.inplace(this, E.mul(this.detach(), other instanceof Tensor ? other.detach() : other)); return this; }
  div_(other: TensorOrScalar): this { E.inplace(this, E.div(this.detach(), other instanceof Tensor ? other.detach() : other)); return this; }

  // ---- issue 12: sorting, scans and reductions (src/ops/sort.ts, scan.ts, stats.ts) ----
  sort(...args: S.SortArgs): R.ValuesIndices { return S.sort(this, ...args); }
  argsort(...args: S.SortArgs): Tensor { return S.argsort(this, ...args); }
  topk(...args: S.TopkArgs): R.ValuesIndices { return S.topk(this, ...args); }
  kthvalue(...args: S.KthArgs): R.ValuesIndices { return S.kthvalue(this, ...args); }
  median(): Tensor;
  median(...args: S.MedianDimArgs): R.ValuesIndices;
  median(...args: S.MedianDimArgs | []): Tensor | R.ValuesIndices { return S.median(this, ...(args as S.MedianDimArgs)); }
  cumsum(...args: C.ScanArgs): Tensor { return C.cumsum(this, ...args); }
  cumprod(...args: C.ScanArgs): Tensor { return C.cumprod(this, ...args); }
  prod(...args: ST.ProdArgs): Tensor { return ST.prod(this, ...args); }
  logsumexp(...args: ST.DimsArgs): Tensor { return ST.logsumexp(this, ...args); }
  var(...args: ST.VarArgs): Tensor { return ST.var_(this, ...args); }
  std(...args: ST.VarArgs): Tensor { return ST.std(this, ...args); }
  norm(...args: ST.NormArgs): Tensor { return ST.norm(this, ...args); }
  amax(...args: ST.DimsArgs): Tensor { return ST.amax(this, ...args); }
  amin(...args: ST.DimsArgs): Tensor { return ST.amin(this, ...args); }
  all(...args: ST.DimArgs): Tensor { return ST.all(this, ...args); }
  any(...args: ST.DimArgs): Tensor { return ST.any(this, ...args); }
  count_nonzero(...args: ST.CountArgs): Tensor { return ST.count_nonzero(this, ...args); }
  // ---- issue 12: elementwise math (src/ops/math.ts, src/ops/math_binary.ts) ----
  sin(): Tensor { return MATH.sin(this); }
  cos(): Tensor { return MATH.cos(this); }
  tan(): Tensor { return MATH.tan(this); }
  atan(): Tensor { return MATH.atan(this); }
  sinh(): Tensor { return MATH.sinh(this); }
  cosh(): Tensor { return MATH.cosh(this); }
  erf(): Tensor { return MATH.erf(this); }
  expm1(): Tensor { return MATH.expm1(this); }
  log2(): Tensor { return MATH.log2(this); }
  log10(): Tensor { return MATH.log10(this); }
  rsqrt(): Tensor { return MATH.rsqrt(this); }
  reciprocal(): Tensor { return MATH.reciprocal(this); }
  sign(): Tensor { return MATH.sign(this); }
  floor(): Tensor { return MATH.floor(this); }
  ceil(): Tensor { return MATH.ceil(this); }
  round(opts?: { decimals?: number }): Tensor { return MATH.round(this, opts); }
  trunc(): Tensor { return MATH.trunc(this); }
  square(): Tensor { return MATH.square(this); }
  isnan(): Tensor { return MATH.isnan(this); }
  isinf(): Tensor { return MATH.isinf(this); }
  isfinite(): Tensor { return MATH.isfinite(this); }
  nan_to_num(nan?: number | null | { nan?: number | null; posinf?: number | null; neginf?: number | null }, posinf?: number | null, neginf?: number | null): Tensor { return MATH.nan_to_num(this, nan, posinf, neginf); }
  logical_not(): Tensor { return MATH.logical_not(this); }
  atan2(other: Tensor): Tensor { return MATH2.atan2(this, other); }
  fmod(other: TensorOrScalar): Tensor { return MATH2.fmod(this, other); }
  remainder(other: TensorOrScalar): Tensor { return MATH2.remainder(this, other); }
  lerp(end: Tensor, weight: TensorOrScalar): Tensor { return MATH2.lerp(this, end, weight); }
  addcmul(tensor1: Tensor, tensor2: Tensor, opts?: { value?: number }): Tensor { return MATH2.addcmul(this, tensor1, tensor2, opts); }
  addcdiv(tensor1: Tensor, tensor2: Tensor, opts?: { value?: number }): Tensor { return MATH2.addcdiv(this, tensor1, tensor2, opts); }
  logical_and(other: Tensor): Tensor { return MATH2.logical_and(this, other); }
  logical_or(other: Tensor): Tensor { return MATH2.logical_or(this, other); }
  logical_xor(other: Tensor): Tensor { return MATH2.logical_xor(this, other); }
  // in place without autograd, as the other in-place ops above (what optimizers written by hand use)
  addcmul_(tensor1: Tensor, tensor2: Tensor, opts?: { value?: number }): this { E.inplace(this, MATH2.addcmul(this.detach(), tensor1.detach(), tensor2.detach(), opts)); return this; }
  addcdiv_(tensor1: Tensor, tensor2: Tensor, opts?: { value?: number }): this { E.inplace(this, MATH2.addcdiv(this.detach(), tensor1.detach(), tensor2.detach(), opts)); return this; }
  lerp_(end: Tensor, weight: TensorOrScalar): this { E.inplace(this, MATH2.lerp(this.detach(), end.detach(), weight instanceof Tensor ? weight.detach() : weight)); return this; }
  // ---- issue 12: dtypes (src/tensor/dtype.ts, src/tensor/promotion.ts) ----
  int(): Tensor { return E.to(this, int32); }
  short(): Tensor { return E.to(this, int16); }
  char(): Tensor { return E.to(this, int8); }
  byte(): Tensor { return E.to(this, uint8); }
  bool(): Tensor { return E.to(this, bool); }
}

const indexDeps: I.IndexDeps = { asTensor: (v) => makeTensor(v), nonzero: I.nonzeroTuple };

function flatArgs(args: SizeArgs): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]) : (args as number[]);
}
