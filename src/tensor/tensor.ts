// The Tensor: a typed-array storage read through a shape, strides and an offset (views share the
// storage, as PyTorch's do), a dtype, and its autograd state.
// Methods are sugar over the ops in ../ops (the one place a lower layer calls a higher one).
import { DType, float32, float64, int64, int32, int16, int8, uint8, bool, type Storage } from './dtype.js';
import { AssertionError, NotImplementedError, RuntimeError, warn } from './errors.js';
import { numelOf, sameShape, wrapDim } from './shape.js';
import { denseStrides, forEachStrided, gatherStrided, isContiguousLayout, scatterStrided, storageExtent } from './strided.js';
import { formatTensor } from './format.js';
import type { Node } from '../autograd/node.js';
import { VersionCounter } from '../autograd/saved.js';
import { refreshView, detachViewError } from '../autograd/views.js';
import * as E from '../ops/elementwise.js';
import type * as R from '../ops/reduce.js';
import * as V from '../ops/view.js';
import * as IP from '../ops/inplace.js';
import * as AL from '../ops/api_alias.js';
import * as A from '../ops/api.js';
import * as AS from '../ops/api_shape.js';
import * as AI from '../ops/api_index.js';
import { builtin, noArgs, pyType, registerTensorClass, type Kw } from './args.js';
import { Device } from './device.js';
import * as I from '../ops/indexing.js';
import { tensor as makeTensor } from './creation.js';
import * as SH from '../ops/shape_ops.js';
import * as MO from '../ops/api_more.js';
import * as MM from '../ops/api_more_math.js';
import * as MS from '../ops/api_more_shape.js';
import * as CL from '../ops/closeness.js';
import * as UQ from '../ops/unique.js';
import * as MO2 from '../ops/more_ops.js';
import * as SO from '../ops/search_ops.js';
import { backwardCall } from '../autograd/backward_call.js';
import { RemovableHandle, type HookEntry, type HookFn } from '../autograd/hooks.js';
import { releaseStorage, fillValue } from '../kernels/dispatch.js';

export type Scalar = number;
export type TensorOrScalar = Tensor | number;
export type NestedArray = number | boolean | NestedArray[];
type Sizes = (number | number[] | Kw)[];
type Other = TensorOrScalar | Kw;
type Value = Tensor | number | boolean;
export interface BackwardOpts { gradient?: Tensor | null; retain_graph?: boolean; create_graph?: boolean; inputs?: Tensor[] | null }

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const CPU_DEVICE = new Device('cpu');

// the methods that are not also torch.* functions (those are in ../ops/api.ts)
const SIZE = builtin(['size(int dim)', 'size()', 'size(name dim)']);
const REQUIRES_GRAD_ = builtin('requires_grad_(bool requires_grad=True)');
const VIEW = builtin(['view(dtype dtype)', 'view(SymInt[] size)']);
const VIEW_AS = builtin('view_as(Tensor other)');
const RESHAPE_AS = builtin('reshape_as(Tensor other)');
const EXPAND = builtin('expand(SymInt[] size, *, bool implicit=False)');
export const TENSOR_TO = builtin([
  'to(device? device=None, dtype? dtype=None, bool non_blocking=False, bool copy=False, *, memory_format? memory_format=None)',
  'to(dtype dtype, bool non_blocking=False, bool copy=False, *, memory_format? memory_format=None)',
  'to(Tensor tensor, bool non_blocking=False, bool copy=False, *, memory_format? memory_format=None)',
]);
const TYPE = builtin('type(object dtype=None, bool non_blocking=False, *, memory_format? memory_format=None)');
const CLONE = builtin('clone(Tensor input, *, memory_format? memory_format=None)');
const TYPE_AS = builtin('type_as(Tensor other)');
/** Methods whose only parameter is a keyword-only memory_format (torchlet's tensors are always contiguous). */
const memoryFormatOnly = (name: string) => builtin(`${name}(*, memory_format? memory_format=None)`);
const CONTIGUOUS = memoryFormatOnly('contiguous'), IS_CONTIGUOUS = memoryFormatOnly('is_contiguous'), CPU = memoryFormatOnly('cpu');
const FLOAT = memoryFormatOnly('float'), DOUBLE = memoryFormatOnly('double'), LONG = memoryFormatOnly('long');
/** The legacy type names Tensor.type() takes and returns. */


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
  get grad(): Tensor | null {
    if (this._grad === null && !this._retainsGrad && this.requires_grad && !this.is_leaf)
      warn('The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won\'t be populated during autograd.backward(). ' +
        'If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, ' +
        'make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations. (Triggered internally at  ./build/aten/src/ATen/core/TensorBody.h:480.)',
      'non-leaf .grad');
    this._gradUnseen = false;
    return this._grad;
  }
  set grad(g: Tensor | null) {
    if (g !== null && g !== undefined) {
      // PyTorch 1.13 prints this message with no space before the type name
      if (!(g instanceof Tensor)) throw new TypeError(`assigned grad expected to be a Tensor or None but got grad of type${pyType(g)}`);
      if (g.dtype !== this.dtype) throw new RuntimeError('assigned grad has data of a different type');
      if (!sameShape(g.shape, this.shape)) throw new RuntimeError('assigned grad has data of a different size');
    }
    // A gradient the engine stored and nobody ever read cannot be referenced anywhere else, so its
    // storage goes back to the allocator now rather than at the next garbage collection.
    if (this._gradUnseen && this._grad && this._grad !== g && this._grad._dense) releaseStorage(this._grad._storage);
    this._gradUnseen = false;
    this._grad = g;
  }
  /** The engine's view of `grad`: reading it does not count as handing it out. */
  _peekGrad(): Tensor | null { return this._grad; }
  _storeGrad(g: Tensor): void { this._grad = g; this._gradUnseen = true; }
  /** A leaf's hooks (a non-leaf's live on its grad_fn): autograd/hooks.ts. */
  _hooks: HookEntry[] | null = null;
  private _retainsGrad = false;
  /** Whether this non-leaf keeps its gradient in .grad (retain_grad()). */
  get retains_grad(): boolean { return this._retainsGrad; }
  /** Keeps this non-leaf tensor's gradient in .grad during backward (a leaf's is kept anyway). */
  retain_grad(...args: [Kw?]): void {
    noArgs('_TensorBase.retain_grad', args);
    if (!this.requires_grad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (this.is_leaf || this._retainsGrad) return;
    this._addHook({ fn: null, retain: this, removed: false });
    this._retainsGrad = true;
  }
  /**
   * Registers fn(grad) to run on this tensor's gradient in backward: returning a tensor replaces the
   * gradient (same shape and dtype), returning nothing keeps it. Returns a handle whose remove() unregisters it.
   */
  register_hook(fn: HookFn): RemovableHandle {
    if (!this.requires_grad) throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    const entry: HookEntry = { fn, retain: null, removed: false };
    this._addHook(entry);
    return new RemovableHandle(entry);
  }
  private _addHook(entry: HookEntry): void {
    const fn = this.grad_fn;
    if (fn) (fn.hooks ??= []).push(entry);
    else (this._hooks ??= []).push(entry);
  }
  private _gradFn: Node | null = null;
  /** The backward node that produced this tensor, or null for leaves. */
  get grad_fn(): Node | null {
    // a view whose storage was changed in place since its grad_fn was set gets one through its base
    if (this._base !== null && this._viewVersion !== this._vc.version) refreshView(this);
    return this._gradFn;
  }
  /** The storage's version counter, shared by every tensor aliasing it (autograd/saved.ts). */
  readonly _vc: VersionCounter;
  /** For a view (reshape, view, squeeze, ...): the tensor it views, as PyTorch's `_base`; else null. */
  _base: Tensor | null = null;
  /**
   * How this view was made, PyTorch's CreationMeta: in grad mode ('default'), under no_grad, or as
   * output `_viewOutputNr` of an op that returns several views (split, unbind); PyTorch refuses to
   * record in-place changes of the last two.
   */
  _viewMeta: 'default' | 'no_grad' | 'multi_output' = 'default';
  _viewOutputNr = 0;
  /** The version at which this view's grad_fn was last set. */
  _viewVersion = 0;

  /**
   * A tensor over `data`: dense row-major when `strides` is omitted (then `data` holds exactly its
   * elements), else a strided view of `data` starting at `offset`. `version`: the counter of the
   * tensor this one aliases (a view, detach()); by default a new one.
   */
  constructor(data: Storage, shape: readonly number[], dtype: DType, strides?: readonly number[], offset = 0, version?: VersionCounter) {
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
    this._vc = version ?? new VersionCounter();
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
  /**
   * For a view whose last two dims are the transpose of a contiguous layout (x.t(), x.mT and
   * x.transpose(-2, -1) of a contiguous x): its elements as they lie, each matrix row-major in the
   * transposed shape, without a copy (matrix products pass them with a transpose flag). Else null.
   */
  _transposedData(): Storage | null {
    const n = this.ndim;
    if (n < 2 || this._dense) return null;
    const shape = this.shape.slice(), st = this._strides.slice();
    [shape[n - 2], shape[n - 1]] = [shape[n - 1], shape[n - 2]];
    [st[n - 2], st[n - 1]] = [st[n - 1], st[n - 2]];
    if (!isContiguousLayout(shape, st)) return null;
    const sub = this._storage.subarray(this._offset, this._offset + this.numel()) as Storage;
    keepAlive.set(sub, this._storage);
    return sub;
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
    // fillValue: WebAssembly where the storage lives in the shared memory (TypedArray fill goes
    // element by element there: zero_grad on a weight's .grad)
    if (this.is_contiguous()) { fillValue(this._data, v); return; }
    forEachStrided(this.shape, this._strides, this._offset, (p) => { this._storage[p] = v; });
  }
  /** A tensor sharing this one's storage with another shape, strides and offset (no autograd); `version`: its counter, if shared. */
  _view(shape: readonly number[], strides: readonly number[], offset: number, version?: VersionCounter): Tensor {
    return new Tensor(this._storage, shape, this.dtype, strides, offset, version);
  }

  // ---- properties ----
  get ndim(): number { return this.shape.length; }
  dim(...args: [Kw?]): number { noArgs('_TensorBase.dim', args); return this.shape.length; }
  numel(...args: [Kw?]): number { noArgs('_TensorBase.numel', args); return numelOf(this.shape); }
  size(): number[];
  size(dim: number | Kw): number;
  size(...args: unknown[]): number[] | number {
    const [a, k] = SIZE.parse(args, this);
    if (k === 1) return this.shape.slice();
    return this.shape[wrapDim(a.dim as number, this.ndim)];
  }
  get is_leaf(): boolean { return this.grad_fn === null; }
  /** torchlet tensors live on the CPU. */
  get is_cuda(): boolean { return false; }
  // a view also requires grad through its base, as PyTorch's DifferentiableViewMeta
  get requires_grad(): boolean {
    return this._requires_grad || (this._base !== null && (this._gradFn !== null || this._base.requires_grad));
  }
  /** How many times the storage was modified in place (PyTorch's `_version`). */
  get _version(): number { return this._vc.version; }
  set requires_grad(v: boolean) { this._setRequiresGrad(v); }
  is_floating_point(...args: [Kw?]): boolean { noArgs('_TensorBase.is_floating_point', args); return this.dtype.is_floating_point; }
  /** PyTorch's `.data`: a tensor sharing this storage, outside the autograd graph, with a version counter of its own. */
  get data(): Tensor { return this._view(this.shape, this._strides, this._offset); }
  set data(t: Tensor) {
    if (t.numel() !== this.numel() || t.dtype !== this.dtype) throw new RuntimeError('data set to a tensor that requires a different shape or dtype');
    this._storage = t._storage; this._offset = t._offset; this._strides = t._strides.slice(); this._dense = t._dense;
  }
  get device(): Device { return CPU_DEVICE; }

  requires_grad_(...args: [requires_grad?: boolean | Kw, kw?: Kw]): this {
    return this._setRequiresGrad(REQUIRES_GRAD_.parse(args, this)[0].requires_grad as boolean);
  }
  private _setRequiresGrad(requires_grad: boolean): this {
    if (requires_grad && !this.dtype.is_floating_point)
      throw new RuntimeError('only Tensors of floating point and complex dtype can require gradients');
    if (!requires_grad && !this.is_leaf)
      throw new RuntimeError("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    this._requires_grad = requires_grad;
    return this;
  }
  /** grad_fn without a view's regeneration (what PyTorch's messages about views name). */
  _gradFnRaw(): Node | null { return this._gradFn; }
  /** Internal: marks an op's result as part of the graph. */
  _setGradFn(node: Node): void { this._gradFn = node; this._requires_grad = true; this._viewVersion = this._vc.version; }

  item(...args: [Kw?]): number {
    noArgs('_TensorBase.item', args);
    if (this.numel() !== 1)
      throw new RuntimeError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    return this._storage[this._offset];
  }
  /** The values as nested JS arrays; a bool tensor's as JS booleans, as Python's are True / False. */
  tolist(...args: [Kw?]): NestedArray {
    noArgs('_TensorBase.tolist', args);
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
    if (this.grad_fn) suffixes.push(`grad_fn=<${this.grad_fn.typeName()}>`);
    else if (this._requires_grad) suffixes.push('requires_grad=True');
    return formatTensor(this._data, this.shape, this.dtype.name, suffixes);
  }
  [inspectSymbol](): string { return this.toString(); }

  // ---- autograd ----
  /** backward(gradient?, retain_graph?, create_graph?), keywords in a trailing options object: backward({retain_graph: true}). */
  backward(gradient?: Tensor | null | BackwardOpts, retain_graph?: boolean | BackwardOpts, create_graph?: boolean | BackwardOpts, ...rest: unknown[]): void;
  backward(...args: unknown[]): void { backwardCall(this, args); }
  /** A tensor sharing this storage and its version counter, outside the graph. */
  detach(...args: [Kw?]): Tensor {
    if (args.length) noArgs('_TensorBase.detach', args);
    return this._view(this.shape, this._strides, this._offset, this._vc);
  }
  detach_(...args: [Kw?]): this {
    noArgs('_TensorBase.detach_', args);
    if (this._base !== null) throw detachViewError();
    this._gradFn = null; this._requires_grad = false;
    return this;
  }
  /** Internal: the storage was written in place. */
  _bumpVersion(): void { this._vc.bump(); }

  // ---- shape (views share storage; permute/transpose copy) ----
  reshape(...shape: Sizes): Tensor { return AS.reshape.method(this, shape); }
  view(...shape: (number | number[] | DType | Kw)[]): Tensor {
    const [a, k] = VIEW.parse(shape, this);
    if (k === 0) {
      if (a.dtype !== this.dtype) throw new NotImplementedError('view(dtype) to a different dtype is not supported by torchlet');
      return V.view(this, this.shape);
    }
    return V.view(this, a.size as number[]);
  }
  view_as(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return V.view(this, (VIEW_AS.parse(args, this)[0].other as Tensor).shape); }
  reshape_as(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return V.reshape(this, (RESHAPE_AS.parse(args, this)[0].other as Tensor).shape); }
  flatten(...args: [start_dim?: number | Kw, end_dim?: number | Kw, kw?: Kw]): Tensor { return AS.flatten.method(this, args); }
  squeeze(...args: [dim?: number | Kw, kw?: Kw]): Tensor { return AS.squeeze.method(this, args); }
  unsqueeze(...args: [dim: number | Kw, kw?: Kw]): Tensor { return AS.unsqueeze.method(this, args); }
  permute(...dims: Sizes): Tensor { return AS.permute.method(this, dims); }
  transpose(...args: [dim0: number | Kw, dim1?: number | Kw, kw?: Kw]): Tensor { return AS.transpose.method(this, args); }
  t(...args: [Kw?]): Tensor { return AS.t.method(this, args); }
  get T(): Tensor { return V.T(this); }
  get mT(): Tensor { return V.mT(this); }
  expand_as(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return AS.expandAsMethod(this, args); }
  unflatten(...args: [dim: number | Kw, sizes?: number[] | Kw, kw?: Kw]): Tensor { return AS.unflatten.method(this, args); }
  diagonal(...args: [offset?: number | Kw, dim1?: number | Kw, dim2?: number | Kw, kw?: Kw]): Tensor { return AS.diagonal.method(this, args); }
  movedim(...args: [source: number | number[] | Kw, destination?: number | number[] | Kw, kw?: Kw]): Tensor { return AS.movedim.method(this, args); }
  moveaxis(...args: [source: number | number[] | Kw, destination?: number | number[] | Kw, kw?: Kw]): Tensor { return AS.moveaxis.method(this, args); }
  swapaxes(...args: [axis0: number | Kw, axis1?: number | Kw, kw?: Kw]): Tensor { return AS.swapaxes.method(this, args); }
  swapdims(...args: [dim0: number | Kw, dim1?: number | Kw, kw?: Kw]): Tensor { return AS.swapdims.method(this, args); }
  unfold(...args: [dimension: number | Kw, size?: number | Kw, step?: number | Kw, kw?: Kw]): Tensor { return AS.unfoldMethod(this, args); }
  split(...args: [split_size: number | number[] | Kw, dim?: number | Kw, kw?: Kw]): Tensor[] { return AS.split.method(this, args); }
  chunk(...args: [chunks: number | Kw, dim?: number | Kw, kw?: Kw]): Tensor[] { return AS.chunk.method(this, args); }
  unbind(...args: [dim?: number | Kw, kw?: Kw]): Tensor[] { return AS.unbind.method(this, args); }
  as_strided(...args: [size: number[] | Kw, stride?: number[] | Kw, storage_offset?: number | null | Kw, kw?: Kw]): Tensor { return AS.as_strided.method(this, args); }
  broadcast_to(...args: [size: number[] | Kw, kw?: Kw]): Tensor { return AS.broadcast_to.method(this, args); }
  /** This tensor when its elements are row-major in storage, else a dense copy (recorded by autograd as PyTorch's clone). */
  contiguous(...args: [Kw?]): Tensor {
    if (args.length) CONTIGUOUS.parse(args, this);
    return this.is_contiguous() ? this : E.clone(this);
  }
  is_contiguous(...args: [Kw?]): boolean {
    if (args.length) IS_CONTIGUOUS.parse(args, this);
    return this._dense || isContiguousLayout(this.shape, this._strides);
  }
  stride(): number[];
  stride(dim: number | Kw): number;
  stride(...args: unknown[]): number[] | number {
    const dim = AS.strideArgs(this, args);
    if (dim === null) return this._strides.slice();
    return this._strides[wrapDim(dim, this.ndim)];
  }
  storage_offset(...args: [Kw?]): number { AS.storageOffsetArgs(args); return this._offset; }
  expand(...shape: Sizes): Tensor { return V.expand(this, EXPAND.parse(shape, this)[0].size as number[]); }
  narrow(...args: [dim: number | Kw, start?: number | Tensor | Kw, length?: number | Kw, kw?: Kw]): Tensor { return AS.narrow.method(this, args); }
  select(...args: [dim: number | Kw, index?: number | Kw, kw?: Kw]): Tensor { return AS.select.method(this, args); }
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
  nonzero(...args: [Kw?]): Tensor | Tensor[] { return AI.nonzero.method(this, args); }
  /** x.where(condition, other): x where condition holds, else other (torch.where(condition, x, other)). */
  where(...args: [condition: Tensor | Kw, other?: Tensor | Kw, kw?: Kw]): Tensor { return AI.whereMethod(this, args); }
  masked_fill(...args: [mask: Tensor | Kw, value?: Value | Kw, kw?: Kw]): Tensor { return AI.masked_fill.method(this, args); }
  masked_fill_(...args: [mask: Tensor | Kw, value?: Value | Kw, kw?: Kw]): this { return AI.inplaceMethod('masked_fill_', this, args) as this; }
  masked_select(...args: [mask: Tensor | Kw, kw?: Kw]): Tensor { return AI.masked_select.method(this, args); }
  index_fill(...args: [dim: number | Kw, index?: Tensor | Kw, value?: Value | Kw, kw?: Kw]): Tensor { return AI.index_fill.method(this, args); }
  index_fill_(...args: [dim: number | Kw, index?: Tensor | Kw, value?: Value | Kw, kw?: Kw]): this { return AI.inplaceMethod('index_fill_', this, args) as this; }
  index_add(...args: [dim: number | Kw, index?: Tensor | Kw, source?: Tensor | Kw, kw?: { alpha?: number }]): Tensor { return AI.index_add.method(this, args); }
  index_add_(...args: [dim: number | Kw, index?: Tensor | Kw, source?: Tensor | Kw, kw?: { alpha?: number }]): this { return AI.inplaceMethod('index_add_', this, args) as this; }
  index_copy(...args: [dim: number | Kw, index?: Tensor | Kw, source?: Tensor | Kw, kw?: Kw]): Tensor { return AI.index_copy.method(this, args); }
  index_copy_(...args: [dim: number | Kw, index?: Tensor | Kw, source?: Tensor | Kw, kw?: Kw]): this { return AI.inplaceMethod('index_copy_', this, args) as this; }
  scatter(...args: [dim: number | Kw, index?: Tensor | Kw, src?: Tensor | number | Kw, kw?: { reduce?: string }]): Tensor { return AI.scatter.method(this, args); }
  scatter_(...args: [dim: number | Kw, index?: Tensor | Kw, src?: Tensor | number | Kw, kw?: { reduce?: string }]): this { return AI.inplaceMethod('scatter_', this, args) as this; }
  scatter_add(...args: [dim: number | Kw, index?: Tensor | Kw, src?: Tensor | Kw, kw?: Kw]): Tensor { return AI.scatter_add.method(this, args); }
  scatter_add_(...args: [dim: number | Kw, index?: Tensor | Kw, src?: Tensor | Kw, kw?: Kw]): this { return AI.inplaceMethod('scatter_add_', this, args) as this; }
  index_put(...args: [indices: (Tensor | null)[] | Kw, values?: Tensor | Kw, kw?: { accumulate?: boolean }]): Tensor {
    const [indices, values, accumulate] = AI.indexPutArgs(false, this, args);
    return I.indexPut(this, indices, values, accumulate, indexDeps);
  }
  index_put_(...args: [indices: (Tensor | null)[] | Kw, values?: Tensor | Kw, kw?: { accumulate?: boolean }]): this {
    const [indices, values, accumulate] = AI.indexPutArgs(true, this, args);
    return IP.inplace(this, { operands: [values], compute: (x) => I.indexPut(x, indices, values, accumulate, indexDeps), overlap: 'index_put_' }) as this;
  }
  /** The in-place form of the out-of-place op `compute` (ops/inplace.ts: recorded by autograd where needed). */
  private _inplace(operands: unknown[], compute: (x: Tensor) => Tensor): this { return IP.inplace(this, { operands, compute }) as this; }
  index_select(...args: [dim: number | Kw, index?: Tensor | Kw, kw?: Kw]): Tensor { return AS.index_select.method(this, args); }
  gather(...args: [dim: number | Kw, index?: Tensor | Kw, kw?: Kw]): Tensor { return AS.gather.method(this, args); }

  // ---- dtype ----
  /** to(dtype), to(device, dtype), to(other), each with non_blocking / copy; only the CPU exists. */
  to(...args: (DType | Device | string | Tensor | boolean | Kw | null)[]): Tensor {
    const [a, k] = TENSOR_TO.parse(args, this);
    const dtype = k === 2 ? (a.tensor as Tensor).dtype : (a.dtype as DType | null) ?? this.dtype;
    const out = E.to(this, dtype);
    return a.copy && out === this ? E.clone(this) : out;
  }
  /** type() gives the legacy type name ('torch.FloatTensor'); type(dtype or name) converts. */
  type(...args: (DType | string | boolean | Kw | null)[]): Tensor | string {
    const d = TYPE.parse(args, this)[0].dtype;
    if (d === null) return `torch.${this.dtype.scalarName}Tensor`;
    if (typeof d === 'string') return E.toType(this, d); // a legacy type name ('torch.IntTensor')
    return E.to(this, d as DType | string);
  }
  float(...args: [Kw?]): Tensor { if (args.length) FLOAT.parse(args, this); return E.to(this, float32); }
  double(...args: [Kw?]): Tensor { if (args.length) DOUBLE.parse(args, this); return E.to(this, float64); }
  long(...args: [Kw?]): Tensor { if (args.length) LONG.parse(args, this); return E.to(this, int64); }
  clone(...args: [Kw?]): Tensor { if (args.length) CLONE.parse(args, this); return E.clone(this); }
  cpu(...args: [Kw?]): Tensor { if (args.length) CPU.parse(args, this); return this; }
  /** A CPU-only PyTorch's answer: there is no CUDA device. */
  cuda(..._args: unknown[]): Tensor { throw new AssertionError('Torch not compiled with CUDA enabled'); }

  // ---- elementwise ----
  add(...args: [other: Other, kw?: { alpha?: number }]): Tensor { return A.add.method(this, args); }
  sub(...args: [other: Other, kw?: { alpha?: number }]): Tensor { return A.sub.method(this, args); }
  mul(...args: [other: Other, kw?: Kw]): Tensor { return A.mul.method(this, args); }
  div(...args: [other: Other, kw?: { rounding_mode?: 'trunc' | 'floor' | null }]): Tensor { return A.div.method(this, args); }
  pow(...args: [exponent: Other, kw?: Kw]): Tensor { return A.pow.method(this, args); }
  neg(...args: [Kw?]): Tensor { return A.neg.method(this, args); }
  exp(...args: [Kw?]): Tensor { return A.exp.method(this, args); }
  log(...args: [Kw?]): Tensor { return A.log.method(this, args); }
  log1p(...args: [Kw?]): Tensor { return A.log1p.method(this, args); }
  sqrt(...args: [Kw?]): Tensor { return A.sqrt.method(this, args); }
  abs(...args: [Kw?]): Tensor { return A.abs.method(this, args); }
  relu(...args: [Kw?]): Tensor { return A.relu.method(this, args); }
  sigmoid(...args: [Kw?]): Tensor { return A.sigmoid.method(this, args); }
  tanh(...args: [Kw?]): Tensor { return A.tanh.method(this, args); }
  clamp(...args: [min?: number | null | Kw, max?: number | null | Kw, kw?: Kw]): Tensor { return A.clamp.method(this, args); }
  clamp_min(...args: [min: number | Kw, kw?: Kw]): Tensor { return A.clamp_min.method(this, args); }
  clamp_max(...args: [max: number | Kw, kw?: Kw]): Tensor { return A.clamp_max.method(this, args); }
  isclose(...args: [other: Tensor | Kw, rtol?: number | Kw, atol?: number | Kw, equal_nan?: boolean | Kw, kw?: Kw]): Tensor { return CL.isclose.method(this, args); }
  allclose(...args: [other: Tensor | Kw, rtol?: number | Kw, atol?: number | Kw, equal_nan?: boolean | Kw, kw?: Kw]): boolean { return CL.allclose.method(this, args); }
  equal(...args: [other: Tensor | Kw]): boolean { return CL.equal.method(this, args); }
  diff(...args: [n?: number | Kw, dim?: number | Kw, prepend?: Tensor | null | Kw, append?: Tensor | null | Kw]): Tensor { return MO2.diff.method(this, args); }
  trace(...args: []): Tensor { return MO2.trace.method(this, args); }
  rot90(...args: [k?: number | Kw, dims?: number[] | Kw]): Tensor { return MO2.rot90.method(this, args); }
  take_along_dim(...args: [indices: Tensor | Kw, dim?: number | null | Kw]): Tensor { return MO2.take_along_dim.method(this, args); }
  logaddexp(...args: [other: Tensor | Kw]): Tensor { return MO2.logaddexp.method(this, args); }
  cummax(...args: [dim: number | Kw]): R.ValuesIndices { return MO2.cummax.method(this, args); }
  cummin(...args: [dim: number | Kw]): R.ValuesIndices { return MO2.cummin.method(this, args); }
  nansum(...args: [dim?: number | number[] | null | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO2.nansum.method(this, args); }
  nanmean(...args: [dim?: number | number[] | null | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO2.nanmean.method(this, args); }
  bincount(...args: [weights?: Tensor | null | Kw, minlength?: number | Kw]): Tensor { return SO.bincount.method(this, args); }
  histc(...args: [bins?: number | Kw, min?: number | Kw, max?: number | Kw]): Tensor { return SO.histc.method(this, args); }
  /** The distinct values (see torch.unique): a tensor, or [output, inverse?, counts?]. */
  unique(...args: unknown[]): Tensor | Tensor[] { return UQ.uniqueMethod(this, args); }
  /** self.to(other.dtype) (other's device is always the CPU). */
  type_as(...args: [other: Tensor | Kw]): Tensor { return E.to(this, (TYPE_AS.parse(args, this)[0].other as Tensor).dtype); }
  maximum(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return A.maximum.method(this, args); }
  minimum(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return A.minimum.method(this, args); }
  eq(...args: [other: Other, kw?: Kw]): Tensor { return A.eq.method(this, args); }
  ne(...args: [other: Other, kw?: Kw]): Tensor { return A.ne.method(this, args); }
  lt(...args: [other: Other, kw?: Kw]): Tensor { return A.lt.method(this, args); }
  le(...args: [other: Other, kw?: Kw]): Tensor { return A.le.method(this, args); }
  gt(...args: [other: Other, kw?: Kw]): Tensor { return A.gt.method(this, args); }
  ge(...args: [other: Other, kw?: Kw]): Tensor { return A.ge.method(this, args); }

  // ---- reductions ----
  sum(...args: [dim?: number | number[] | null | Kw, keepdim?: boolean | Kw, kw?: { dtype?: DType | string | null }]): Tensor { return args.length === 0 ? A.sumAll(this) : A.sum.method(this, args); }
  mean(...args: [dim?: number | number[] | null | Kw, keepdim?: boolean | Kw, kw?: { dtype?: DType | string | null }]): Tensor { return A.mean.method(this, args); }
  max(): Tensor;
  max(dim: number | Kw, keepdim?: boolean | Kw, kw?: Kw): R.ValuesIndices;
  max(other: Tensor): Tensor;
  max(...args: unknown[]): Tensor | R.ValuesIndices { return A.max.method(this, args); }
  min(): Tensor;
  min(dim: number | Kw, keepdim?: boolean | Kw, kw?: Kw): R.ValuesIndices;
  min(other: Tensor): Tensor;
  min(...args: unknown[]): Tensor | R.ValuesIndices { return A.min.method(this, args); }
  argmax(...args: [dim?: number | null | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return A.argmax.method(this, args); }
  argmin(...args: [dim?: number | null | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return A.argmin.method(this, args); }

  matmul(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return A.matmul.method(this, args); }
  mm(...args: [mat2: Tensor | Kw, kw?: Kw]): Tensor { return A.mm.method(this, args); }

  // ---- in place: they bump the version counter, and autograd records them where the tensor is in a graph ----
  zero_(): this;
  zero_(...args: unknown[]): this { return IP.zero_(this, args) as this; }
  fill_(value: number | Tensor): this;
  fill_(...args: unknown[]): this { return IP.fill_(this, args) as this; }
  copy_(src: TensorOrScalar, non_blocking?: boolean | { non_blocking?: boolean }): this;
  copy_(...args: unknown[]): this { return IP.copy_(this, args) as this; }
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this;
  /** Deprecated in PyTorch (it warns): this += alpha * other. */
  add_(alpha: number, other: Tensor): this;
  add_(...args: unknown[]): this { return IP.add_(this, args) as this; }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this;
  /** Deprecated in PyTorch (it warns): this -= alpha * other. */
  sub_(alpha: number, other: Tensor): this;
  sub_(...args: unknown[]): this { return IP.sub_(this, args) as this; }
  mul_(other: TensorOrScalar): this;
  mul_(...args: unknown[]): this { return IP.mul_(this, args) as this; }
  div_(other: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): this;
  div_(...args: unknown[]): this { return IP.div_(this, args) as this; }
  clamp_(min?: number | null, max?: number | null | { min?: number | null; max?: number | null }): this;
  clamp_(...args: unknown[]): this { return IP.clamp_(this, args) as this; }
  relu_(): this;
  relu_(...args: unknown[]): this { return IP.relu_(this, args) as this; }
  // the in-place unary math methods (ops/inplace.ts unary_)
  exp_(...args: [Kw?]): this { return IP.unary_('exp_', this, args, (x) => x.exp()) as this; }
  log_(...args: [Kw?]): this { return IP.unary_('log_', this, args, (x) => x.log()) as this; }
  log1p_(...args: [Kw?]): this { return IP.unary_('log1p_', this, args, (x) => x.log1p()) as this; }
  log2_(...args: [Kw?]): this { return IP.unary_('log2_', this, args, (x) => x.log2()) as this; }
  log10_(...args: [Kw?]): this { return IP.unary_('log10_', this, args, (x) => x.log10()) as this; }
  sqrt_(...args: [Kw?]): this { return IP.unary_('sqrt_', this, args, (x) => x.sqrt()) as this; }
  rsqrt_(...args: [Kw?]): this { return IP.unary_('rsqrt_', this, args, (x) => x.rsqrt()) as this; }
  abs_(...args: [Kw?]): this { return IP.unary_('abs_', this, args, (x) => x.abs()) as this; }
  absolute_(...args: [Kw?]): this { return IP.unary_('absolute_', this, args, (x) => x.absolute()) as this; }
  neg_(...args: [Kw?]): this { return IP.unary_('neg_', this, args, (x) => x.neg()) as this; }
  negative_(...args: [Kw?]): this { return IP.unary_('negative_', this, args, (x) => x.negative()) as this; }
  sigmoid_(...args: [Kw?]): this { return IP.unary_('sigmoid_', this, args, (x) => x.sigmoid()) as this; }
  tanh_(...args: [Kw?]): this { return IP.unary_('tanh_', this, args, (x) => x.tanh()) as this; }
  sin_(...args: [Kw?]): this { return IP.unary_('sin_', this, args, (x) => x.sin()) as this; }
  cos_(...args: [Kw?]): this { return IP.unary_('cos_', this, args, (x) => x.cos()) as this; }
  tan_(...args: [Kw?]): this { return IP.unary_('tan_', this, args, (x) => x.tan()) as this; }
  atan_(...args: [Kw?]): this { return IP.unary_('atan_', this, args, (x) => x.atan()) as this; }
  arctan_(...args: [Kw?]): this { return IP.unary_('arctan_', this, args, (x) => x.arctan()) as this; }
  sinh_(...args: [Kw?]): this { return IP.unary_('sinh_', this, args, (x) => x.sinh()) as this; }
  cosh_(...args: [Kw?]): this { return IP.unary_('cosh_', this, args, (x) => x.cosh()) as this; }
  erf_(...args: [Kw?]): this { return IP.unary_('erf_', this, args, (x) => x.erf()) as this; }
  expm1_(...args: [Kw?]): this { return IP.unary_('expm1_', this, args, (x) => x.expm1()) as this; }
  reciprocal_(...args: [Kw?]): this { return IP.unary_('reciprocal_', this, args, (x) => x.reciprocal()) as this; }
  sign_(...args: [Kw?]): this { return IP.unary_('sign_', this, args, (x) => x.sign()) as this; }
  floor_(...args: [Kw?]): this { return IP.unary_('floor_', this, args, (x) => x.floor()) as this; }
  ceil_(...args: [Kw?]): this { return IP.unary_('ceil_', this, args, (x) => x.ceil()) as this; }
  trunc_(...args: [Kw?]): this { return IP.unary_('trunc_', this, args, (x) => x.trunc()) as this; }
  fix_(...args: [Kw?]): this { return IP.unary_('fix_', this, args, (x) => x.fix()) as this; }
  square_(...args: [Kw?]): this { return IP.unary_('square_', this, args, (x) => x.square()) as this; }
  // PyTorch's aliases, bound under their own names (ops/api_alias.ts)
  multiply(...args: [other: Other, kw?: Kw]): Tensor { return AL.multiply.method(this, args); }
  divide(...args: [other: Other, kw?: { rounding_mode?: 'trunc' | 'floor' | null }]): Tensor { return AL.divide.method(this, args); }
  true_divide(...args: [other: Other, kw?: Kw]): Tensor { return AL.true_divide.method(this, args); }
  subtract(...args: [other: Other, kw?: { alpha?: number }]): Tensor { return AL.subtract.method(this, args); }
  arctan2(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return AL.arctan2.method(this, args); }
  greater(...args: [other: Other, kw?: Kw]): Tensor { return AL.greater.method(this, args); }
  greater_equal(...args: [other: Other, kw?: Kw]): Tensor { return AL.greater_equal.method(this, args); }
  less(...args: [other: Other, kw?: Kw]): Tensor { return AL.less.method(this, args); }
  less_equal(...args: [other: Other, kw?: Kw]): Tensor { return AL.less_equal.method(this, args); }
  not_equal(...args: [other: Other, kw?: Kw]): Tensor { return AL.not_equal.method(this, args); }
  clip(...args: [min?: number | null | Kw, max?: number | null | Kw, kw?: Kw]): Tensor { return AL.clip.method(this, args); }
  negative(...args: [Kw?]): Tensor { return AL.negative.method(this, args); }
  absolute(...args: [Kw?]): Tensor { return AL.absolute.method(this, args); }
  fix(...args: [Kw?]): Tensor { return AL.fix.method(this, args); }
  arctan(...args: [Kw?]): Tensor { return AL.arctan.method(this, args); }
  clip_(...args: unknown[]): this { return IP.clamp_(this, args) as this; }
  /** x.nelement(): numel's alias. */
  nelement(...args: [Kw?]): number { noArgs('_TensorBase.nelement', args); return numelOf(this.shape); }
  /** x.ndimension(): dim's alias. */
  ndimension(...args: [Kw?]): number { noArgs('_TensorBase.ndimension', args); return this.shape.length; }
  is_signed(...args: [Kw?]): boolean { noArgs('_TensorBase.is_signed', args); return this.dtype.is_signed; }
  is_complex(...args: [Kw?]): boolean { noArgs('_TensorBase.is_complex', args); return false; }

  // ---- issue 12: sorting, scans and reductions (1.13's builtins in src/ops/api_more.ts; norm is Python's in 1.13) ----
  sort(...args: [dim?: number | Kw, descending?: boolean | Kw, kw?: Kw]): R.ValuesIndices { return MO.sort.method(this, args); }
  argsort(...args: [dim?: number | Kw, descending?: boolean | Kw, kw?: Kw]): Tensor { return MO.argsort.method(this, args); }
  topk(...args: [k: number | Kw, dim?: number | Kw, largest?: boolean | Kw, sorted?: boolean | Kw, kw?: Kw]): R.ValuesIndices { return MO.topk.method(this, args); }
  kthvalue(...args: [k: number | Kw, dim?: number | Kw, keepdim?: boolean | Kw, kw?: Kw]): R.ValuesIndices { return MO.kthvalue.method(this, args); }
  median(): Tensor;
  median(dim: number | Kw, keepdim?: boolean | Kw, kw?: Kw): R.ValuesIndices;
  median(...args: unknown[]): Tensor | R.ValuesIndices { return MO.median.method(this, args); }
  cumsum(...args: [dim: number | Kw, kw?: Kw]): Tensor { return MO.cumsum.method(this, args); }
  cumprod(...args: [dim: number | Kw, kw?: Kw]): Tensor { return MO.cumprod.method(this, args); }
  prod(...args: [dim?: number | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO.prod.method(this, args); }
  logsumexp(...args: [dim: number | number[] | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO.logsumexp.method(this, args); }
  var(...args: [dim?: number | number[] | null | boolean | Kw, unbiased?: boolean | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO.var_.method(this, args); }
  std(...args: [dim?: number | number[] | null | boolean | Kw, unbiased?: boolean | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO.std.method(this, args); }
  norm(...args: [p?: number | string | null | Kw, dim?: number | number[] | null | Kw, keepdim?: boolean | Kw, dtype?: DType | string | null | Kw, kw?: Kw]): Tensor { return MO.norm.method(this, args); }
  amax(...args: [dim?: number | number[] | null | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO.amax.method(this, args); }
  amin(...args: [dim?: number | number[] | null | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO.amin.method(this, args); }
  all(...args: [dim?: number | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO.all.method(this, args); }
  any(...args: [dim?: number | Kw, keepdim?: boolean | Kw, kw?: Kw]): Tensor { return MO.any.method(this, args); }
  count_nonzero(...args: [dim?: number | number[] | null | Kw, kw?: Kw]): Tensor { return MO.count_nonzero.method(this, args); }
  softmax(...args: [dim: number | Kw, dtype?: DType | string | null | Kw, kw?: Kw]): Tensor { return MS.softmax.method(this, args); }
  log_softmax(...args: [dim: number | Kw, dtype?: DType | string | null | Kw, kw?: Kw]): Tensor { return MS.log_softmax.method(this, args); }
  // ---- issue 12: elementwise math (1.13's builtins in src/ops/api_more_math.ts) ----
  sin(...args: [Kw?]): Tensor { return MM.sin.method(this, args); }
  cos(...args: [Kw?]): Tensor { return MM.cos.method(this, args); }
  tan(...args: [Kw?]): Tensor { return MM.tan.method(this, args); }
  atan(...args: [Kw?]): Tensor { return MM.atan.method(this, args); }
  sinh(...args: [Kw?]): Tensor { return MM.sinh.method(this, args); }
  cosh(...args: [Kw?]): Tensor { return MM.cosh.method(this, args); }
  erf(...args: [Kw?]): Tensor { return MM.erf.method(this, args); }
  expm1(...args: [Kw?]): Tensor { return MM.expm1.method(this, args); }
  log2(...args: [Kw?]): Tensor { return MM.log2.method(this, args); }
  log10(...args: [Kw?]): Tensor { return MM.log10.method(this, args); }
  rsqrt(...args: [Kw?]): Tensor { return MM.rsqrt.method(this, args); }
  reciprocal(...args: [Kw?]): Tensor { return MM.reciprocal.method(this, args); }
  sign(...args: [Kw?]): Tensor { return MM.sign.method(this, args); }
  floor(...args: [Kw?]): Tensor { return MM.floor.method(this, args); }
  ceil(...args: [Kw?]): Tensor { return MM.ceil.method(this, args); }
  round(...args: [kw?: { decimals?: number }]): Tensor { return MM.round.method(this, args); }
  trunc(...args: [Kw?]): Tensor { return MM.trunc.method(this, args); }
  square(...args: [Kw?]): Tensor { return MM.square.method(this, args); }
  isnan(...args: [Kw?]): Tensor { return MM.isnan.method(this, args); }
  isinf(...args: [Kw?]): Tensor { return MM.isinf.method(this, args); }
  isfinite(...args: [Kw?]): Tensor { return MM.isfinite.method(this, args); }
  nan_to_num(...args: [nan?: number | null | Kw, posinf?: number | null | Kw, neginf?: number | null | Kw, kw?: Kw]): Tensor { return MM.nan_to_num.method(this, args); }
  logical_not(...args: [Kw?]): Tensor { return MM.logical_not.method(this, args); }
  atan2(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return MM.atan2.method(this, args); }
  fmod(...args: [other: Other, kw?: Kw]): Tensor { return MM.fmod.method(this, args); }
  remainder(...args: [other: Other, kw?: Kw]): Tensor { return MM.remainder.method(this, args); }
  lerp(...args: [end: Tensor | Kw, weight?: Other, kw?: Kw]): Tensor { return MM.lerp.method(this, args); }
  addcmul(...args: [tensor1: Tensor | Kw, tensor2?: Tensor | Kw, kw?: { value?: number }]): Tensor { return MM.addcmul.method(this, args); }
  addcdiv(...args: [tensor1: Tensor | Kw, tensor2?: Tensor | Kw, kw?: { value?: number }]): Tensor { return MM.addcdiv.method(this, args); }
  logical_and(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return MM.logical_and.method(this, args); }
  logical_or(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return MM.logical_or.method(this, args); }
  logical_xor(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return MM.logical_xor.method(this, args); }
  /** Python's a & b, a | b, a ^ b, ~a on integer and bool tensors. */
  bitwise_and(...args: [other: Other, kw?: Kw]): Tensor { return MM.bitwise_and.method(this, args); }
  bitwise_or(...args: [other: Other, kw?: Kw]): Tensor { return MM.bitwise_or.method(this, args); }
  bitwise_xor(...args: [other: Other, kw?: Kw]): Tensor { return MM.bitwise_xor.method(this, args); }
  bitwise_not(...args: [Kw?]): Tensor { return MM.bitwise_not.method(this, args); }
  /** Python's a // b: div(other, rounding_mode='floor'). */
  floor_divide(...args: [other: Other, kw?: Kw]): Tensor { return MM.floor_divide.method(this, args); }
  // in place (what optimizers written by hand use), recorded by autograd where needed as the others
  addcmul_(...args: [tensor1: Tensor | Kw, tensor2?: Tensor | Kw, kw?: { value?: number }]): this {
    const a = MM.ADDCMUL_.parse(args, this)[0], t1 = a.tensor1 as Tensor, t2 = a.tensor2 as Tensor;
    return this._inplace([t1, t2], (x) => MM.addcmul(x, t1, t2, { value: a.value as number }));
  }
  addcdiv_(...args: [tensor1: Tensor | Kw, tensor2?: Tensor | Kw, kw?: { value?: number }]): this {
    const a = MM.ADDCDIV_.parse(args, this)[0], t1 = a.tensor1 as Tensor, t2 = a.tensor2 as Tensor;
    return this._inplace([t1, t2], (x) => MM.addcdiv(x, t1, t2, { value: a.value as number }));
  }
  lerp_(...args: [end: Tensor | Kw, weight?: Other, kw?: Kw]): this {
    const a = MM.LERP_.parse(args, this)[0], end = a.end as Tensor, weight = a.weight as TensorOrScalar;
    // d/d(weight) reads self from before the op
    return IP.inplace(this, { operands: [end, weight], readsSelf: weight instanceof Tensor && weight.requires_grad, compute: (x) => MM.lerp(x, end, weight) }) as this;
  }
  // ---- issue 12: shape ops, new_* factories and linear algebra (1.13's builtins in src/ops/api_more_shape.ts) ----
  flip(...dims: Sizes): Tensor { return MS.flip.method(this, dims); }
  roll(...args: [shifts: number | number[] | Kw, dims?: number | number[] | null | Kw, kw?: Kw]): Tensor { return MS.roll.method(this, args); }
  repeat(...repeats: Sizes): Tensor { return SH.repeat(this, MS.REPEAT.parse(repeats, this)[0].repeats); }
  tile(...dims: Sizes): Tensor { return MS.tile.method(this, dims); }
  repeat_interleave(...args: [repeats: number | Tensor | Kw, dim?: number | null | Kw, kw?: { output_size?: number | null }]): Tensor { return MS.repeat_interleave.method(this, args); }
  tril(...args: [diagonal?: number | Kw, kw?: Kw]): Tensor { return MS.tril.method(this, args); }
  triu(...args: [diagonal?: number | Kw, kw?: Kw]): Tensor { return MS.triu.method(this, args); }
  diag(...args: [diagonal?: number | Kw, kw?: Kw]): Tensor { return MS.diag.method(this, args); }
  new_zeros(...size: Sizes): Tensor { return this._new('new_zeros', size); }
  new_ones(...size: Sizes): Tensor { return this._new('new_ones', size); }
  new_empty(...size: Sizes): Tensor { return this._new('new_empty', size); }
  new_full(...args: [size: number[] | Kw, fill_value?: number | boolean | Kw, kw?: Kw]): Tensor { return this._new('new_full', args); }
  private _new(name: keyof typeof MS.NEW, args: unknown[]): Tensor { const [binder, impl] = MS.NEW[name]; return impl(this, binder.parse(args, this)[0]); }
  new_tensor(...args: [data: NestedArray | Tensor | Kw, kw?: Kw]): Tensor { return MS.newTensor(this, args); }
  outer(...args: [vec2: Tensor | Kw, kw?: Kw]): Tensor { return MS.outer.method(this, args); }
  ger(...args: [vec2: Tensor | Kw, kw?: Kw]): Tensor { return MS.ger.method(this, args); }
  dot(...args: [tensor: Tensor | Kw, kw?: Kw]): Tensor { return MS.dot.method(this, args); }
  mv(...args: [vec: Tensor | Kw, kw?: Kw]): Tensor { return MS.mv.method(this, args); }
  bmm(...args: [mat2: Tensor | Kw, kw?: Kw]): Tensor { return MS.bmm.method(this, args); }
  addmm(...args: [mat1: Tensor | Kw, mat2?: Tensor | Kw, kw?: { beta?: number; alpha?: number }]): Tensor { return MS.addmm.method(this, args); }
  baddbmm(...args: [batch1: Tensor | Kw, batch2?: Tensor | Kw, kw?: { beta?: number; alpha?: number }]): Tensor { return MS.baddbmm.method(this, args); }

  // ---- issue 12: seeded random draws (1.13's builtins in src/ops/api_more_shape.ts) ----
  normal_(...args: [mean?: number | Kw, std?: number | Kw, kw?: Kw]): this { return this._draw('normal_', args); }
  uniform_(...args: [from?: number | Kw, to?: number | Kw, kw?: Kw]): this { return this._draw('uniform_', args); }
  bernoulli_(...args: [p?: number | Tensor | Kw, kw?: Kw]): this { return this._draw('bernoulli_', args); }
  exponential_(...args: [lambd?: number | Kw, kw?: Kw]): this { return this._draw('exponential_', args); }
  random_(...args: [from?: number | Kw, to?: number | null | Kw, kw?: Kw]): this { return this._draw('random_', args); }
  private _draw(name: keyof typeof MS.DRAWS, args: unknown[]): this { const [binder, impl] = MS.DRAWS[name]; const [a, k] = binder.parse(args, this); return impl(this, a, k) as this; }
  bernoulli(...args: [p?: number | Kw, kw?: Kw]): Tensor { return MS.bernoulli.method(this, args); }
  multinomial(...args: [num_samples: number | Kw, replacement?: boolean | Kw, kw?: Kw]): Tensor { return MS.multinomial.method(this, args); }
  // ---- issue 12: dtypes (src/tensor/dtype.ts, src/tensor/promotion.ts) ----
  int(...args: [Kw?]): Tensor { noArgs('_TensorBase.int', args); return E.to(this, int32); }
  short(...args: [Kw?]): Tensor { noArgs('_TensorBase.short', args); return E.to(this, int16); }
  char(...args: [Kw?]): Tensor { noArgs('_TensorBase.char', args); return E.to(this, int8); }
  byte(...args: [Kw?]): Tensor { noArgs('_TensorBase.byte', args); return E.to(this, uint8); }
  bool(...args: [Kw?]): Tensor { noArgs('_TensorBase.bool', args); return E.to(this, bool); }
}

const indexDeps: I.IndexDeps = { asTensor: (v) => makeTensor(v), nonzero: I.nonzeroTuple };
registerTensorClass(Tensor);
