// The Tensor: contiguous typed-array storage, a shape, a dtype and its autograd state.
// Methods are sugar over the ops in ../ops (the one place a lower layer calls a higher one).
import { DType, float32, float64, int64, type Storage } from './dtype.js';
import { NotImplementedError, RuntimeError } from './errors.js';
import { numelOf, wrapDim } from './shape.js';
import { formatTensor } from './format.js';
import { formatBool } from './format_bool.js';
import type { Node } from '../autograd/node.js';
import * as E from '../ops/elementwise.js';
import type * as R from '../ops/reduce.js';
import * as A from '../ops/api.js';
import { builtin, noArgs, registerTensorClass, type Kw } from './args.js';
import { Device } from './device.js';
import * as V from '../ops/view.js';
import { backward as runBackward } from '../autograd/engine.js';
import { releaseStorage } from '../kernels/dispatch.js';

export type Scalar = number;
export type TensorOrScalar = Tensor | number;
export type NestedArray = number | boolean | NestedArray[];
type Sizes = (number | number[] | Kw)[];
type Other = TensorOrScalar | Kw;
export interface BackwardOpts { gradient?: Tensor | null; retain_graph?: boolean; create_graph?: boolean }

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
/** Methods whose only parameter is a keyword-only memory_format (torchlet's tensors are always contiguous). */
const memoryFormatOnly = (name: string) => builtin(`${name}(*, memory_format? memory_format=None)`);
const CONTIGUOUS = memoryFormatOnly('contiguous'), IS_CONTIGUOUS = memoryFormatOnly('is_contiguous'), CPU = memoryFormatOnly('cpu');
const FLOAT = memoryFormatOnly('float'), DOUBLE = memoryFormatOnly('double'), LONG = memoryFormatOnly('long');
/** The legacy type names Tensor.type() takes and returns. */
const LEGACY_TYPES: Record<string, DType> = { 'torch.FloatTensor': float32, 'torch.DoubleTensor': float64, 'torch.LongTensor': int64, 'torch.BoolTensor': DType.bool };

export class Tensor {
  /** Row-major contents; views made by reshape/view share it. */
  _data: Storage;
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
    if (this._gradUnseen && this._grad && this._grad !== g) releaseStorage(this._grad._data);
    this._gradUnseen = false;
    this._grad = g;
  }
  /** The engine's view of `grad`: reading it does not count as handing it out. */
  _peekGrad(): Tensor | null { return this._grad; }
  _storeGrad(g: Tensor): void { this._grad = g; this._gradUnseen = true; }
  /** The backward node that produced this tensor, or null for leaves. */
  grad_fn: Node | null = null;

  constructor(data: Storage, shape: readonly number[], dtype: DType) {
    if (data.length !== numelOf(shape)) throw new RuntimeError(`storage of ${data.length} elements does not match shape [${shape.join(', ')}]`);
    this._data = data;
    this.shape = shape.slice();
    this.dtype = dtype;
  }

  // ---- properties ----
  get ndim(): number { return this.shape.length; }
  dim(...args: [Kw?]): number { noArgs('_TensorBase.dim', args); return this.shape.length; }
  numel(...args: [Kw?]): number { noArgs('_TensorBase.numel', args); return this._data.length; }
  size(): number[];
  size(dim: number | Kw): number;
  size(...args: unknown[]): number[] | number {
    const [a, k] = SIZE.parse(args, this);
    if (k === 1) return this.shape.slice();
    return this.shape[wrapDim(a.dim as number, this.ndim)];
  }
  get is_leaf(): boolean { return this.grad_fn === null; }
  get requires_grad(): boolean { return this._requires_grad; }
  set requires_grad(v: boolean) { this._setRequiresGrad(v); }
  is_floating_point(...args: [Kw?]): boolean { noArgs('_TensorBase.is_floating_point', args); return this.dtype.is_floating_point; }
  /** PyTorch's `.data`: a tensor sharing this storage, outside the autograd graph. */
  get data(): Tensor { return new Tensor(this._data, this.shape, this.dtype); }
  set data(t: Tensor) {
    if (t.numel() !== this.numel() || t.dtype !== this.dtype) throw new RuntimeError('data set to a tensor that requires a different shape or dtype');
    this._data = t._data;
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
  /** Internal: marks an op's result as part of the graph. */
  _setGradFn(node: Node): void { this.grad_fn = node; this._requires_grad = true; }

  item(...args: [Kw?]): number {
    noArgs('_TensorBase.item', args);
    if (this.numel() !== 1)
      throw new RuntimeError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    return this._data[0];
  }
  tolist(...args: [Kw?]): NestedArray {
    noArgs('_TensorBase.tolist', args);
    if (this.ndim === 0) return this._data[0];
    const d = this._data, shape = this.shape;
    let pos = 0;
    const build = (k: number): NestedArray[] => {
      const out: NestedArray[] = new Array(shape[k]);
      if (k === shape.length - 1) for (let i = 0; i < shape[k]; i++) out[i] = d[pos++];
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
  detach(...args: [Kw?]): Tensor {
    if (args.length) noArgs('_TensorBase.detach', args);
    return new Tensor(this._data, this.shape, this.dtype);
  }
  detach_(...args: [Kw?]): this { noArgs('_TensorBase.detach_', args); this.grad_fn = null; this._requires_grad = false; return this; }

  // ---- shape (views share storage; permute/transpose copy) ----
  reshape(...shape: Sizes): Tensor { return A.reshape.method(this, shape); }
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
  flatten(...args: [start_dim?: number | Kw, end_dim?: number | Kw, kw?: Kw]): Tensor { return A.flatten.method(this, args); }
  squeeze(...args: [dim?: number | Kw, kw?: Kw]): Tensor { return A.squeeze.method(this, args); }
  unsqueeze(...args: [dim: number | Kw, kw?: Kw]): Tensor { return A.unsqueeze.method(this, args); }
  permute(...dims: Sizes): Tensor { return A.permute.method(this, dims); }
  transpose(...args: [dim0: number | Kw, dim1?: number | Kw, kw?: Kw]): Tensor { return A.transpose.method(this, args); }
  t(...args: [Kw?]): Tensor { return A.t.method(this, args); }
  get T(): Tensor { return V.permute(this, this.shape.map((_, i) => this.ndim - 1 - i)); }
  contiguous(...args: [Kw?]): Tensor { if (args.length) CONTIGUOUS.parse(args, this); return this; }
  is_contiguous(...args: [Kw?]): boolean { if (args.length) IS_CONTIGUOUS.parse(args, this); return true; }
  expand(...shape: Sizes): Tensor { return V.expand(this, EXPAND.parse(shape, this)[0].size as number[]); }
  narrow(...args: [dim: number | Kw, start?: number | Tensor | Kw, length?: number | Kw, kw?: Kw]): Tensor { return A.narrow.method(this, args); }
  select(...args: [dim: number | Kw, index?: number | Kw, kw?: Kw]): Tensor { return A.select.method(this, args); }
  index_select(...args: [dim: number | Kw, index?: Tensor | Kw, kw?: Kw]): Tensor { return A.index_select.method(this, args); }
  gather(...args: [dim: number | Kw, index?: Tensor | Kw, kw?: Kw]): Tensor { return A.gather.method(this, args); }

  // ---- dtype ----
  /** to(dtype), to(device, dtype), to(other), each with non_blocking / copy; only the CPU exists. */
  to(...args: (DType | string | Tensor | boolean | Kw | null)[]): Tensor {
    const [a, k] = TENSOR_TO.parse(args, this);
    const dtype = k === 2 ? (a.tensor as Tensor).dtype : (a.dtype as DType | null) ?? this.dtype;
    const out = E.to(this, dtype);
    return a.copy && out === this ? E.clone(this) : out;
  }
  /** type() gives the legacy type name ('torch.FloatTensor'); type(dtype or name) converts. */
  type(...args: (DType | string | boolean | Kw | null)[]): Tensor | string {
    const d = TYPE.parse(args, this)[0].dtype;
    if (d === null) return `torch.${this.dtype.scalarName}Tensor`;
    if (typeof d === 'string' && d in LEGACY_TYPES) return E.to(this, LEGACY_TYPES[d]);
    return E.to(this, d as DType | string);
  }
  float(...args: [Kw?]): Tensor { if (args.length) FLOAT.parse(args, this); return E.to(this, float32); }
  double(...args: [Kw?]): Tensor { if (args.length) DOUBLE.parse(args, this); return E.to(this, float64); }
  long(...args: [Kw?]): Tensor { if (args.length) LONG.parse(args, this); return E.to(this, int64); }
  clone(...args: [Kw?]): Tensor { if (args.length) CLONE.parse(args, this); return E.clone(this); }
  cpu(...args: [Kw?]): Tensor { if (args.length) CPU.parse(args, this); return this; }

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
  maximum(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return A.maximum.method(this, args); }
  minimum(...args: [other: Tensor | Kw, kw?: Kw]): Tensor { return A.minimum.method(this, args); }
  eq(...args: [other: Other, kw?: Kw]): Tensor { return A.eq.method(this, args); }
  ne(...args: [other: Other, kw?: Kw]): Tensor { return A.ne.method(this, args); }
  lt(...args: [other: Other, kw?: Kw]): Tensor { return A.lt.method(this, args); }
  le(...args: [other: Other, kw?: Kw]): Tensor { return A.le.method(this, args); }
  gt(...args: [other: Other, kw?: Kw]): Tensor { return A.gt.method(this, args); }
  ge(...args: [other: Other, kw?: Kw]): Tensor { return A.ge.method(this, args); }

  // ---- reductions ----
  sum(...args: [dim?: number | number[] | null | Kw, keepdim?: boolean | Kw, kw?: { dtype?: DType | string | null }]): Tensor { return A.sum.method(this, args); }
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

  // ---- in place (no autograd; for optimizers and initialisation, as under torch.no_grad) ----
  zero_(): this { this._data.fill(0); return this; }
  fill_(v: number): this { this._data.fill(this.dtype.cast(v)); return this; }
  copy_(src: Tensor): this { E.copyInto(this, src); return this; }
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this { E.inplace(this, E.add(this.detach(), other instanceof Tensor ? other.detach() : other, opts)); return this; }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this { E.inplace(this, E.sub(this.detach(), other instanceof Tensor ? other.detach() : other, opts)); return this; }
  mul_(other: TensorOrScalar): this { E.inplace(this, E.mul(this.detach(), other instanceof Tensor ? other.detach() : other)); return this; }
  div_(other: TensorOrScalar): this { E.inplace(this, E.div(this.detach(), other instanceof Tensor ? other.detach() : other)); return this; }
}
registerTensorClass(Tensor);
