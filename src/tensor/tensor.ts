// The Tensor: contiguous typed-array storage, a shape, a dtype and its autograd state.
// Methods are sugar over the ops in ../ops (the one place a lower layer calls a higher one).
import { DType, float32, float64, int64, type Storage } from './dtype.js';
import { RuntimeError } from './errors.js';
import { numelOf, wrapDim } from './shape.js';
import { formatTensor } from './format.js';
import { formatBool } from './format_bool.js';
import type { Node } from '../autograd/node.js';
import * as E from '../ops/elementwise.js';
import * as R from '../ops/reduce.js';
import * as V from '../ops/view.js';
import * as M from '../ops/matmul.js';
import { backward as runBackward } from '../autograd/engine.js';
import { releaseStorage } from '../kernels/dispatch.js';

export type Scalar = number;
export type TensorOrScalar = Tensor | number;
export type NestedArray = number | boolean | NestedArray[];
type SizeArgs = number[] | [number[]];
export interface BackwardOpts { gradient?: Tensor | null; retain_graph?: boolean; create_graph?: boolean }

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

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
  dim(): number { return this.shape.length; }
  numel(): number { return this._data.length; }
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
  get data(): Tensor { return new Tensor(this._data, this.shape, this.dtype); }
  set data(t: Tensor) {
    if (t.numel() !== this.numel() || t.dtype !== this.dtype) throw new RuntimeError('data set to a tensor that requires a different shape or dtype');
    this._data = t._data;
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
    return this._data[0];
  }
  tolist(): NestedArray {
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
  detach(): Tensor { return new Tensor(this._data, this.shape, this.dtype); }
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
  get T(): Tensor { return V.permute(this, this.shape.map((_, i) => this.ndim - 1 - i)); }
  contiguous(): Tensor { return this; }
  is_contiguous(): boolean { return true; }
  expand(...shape: SizeArgs): Tensor { return V.expand(this, flatArgs(shape)); }
  narrow(dim: number, start: number, length: number): Tensor { return V.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return V.select(this, dim, index); }
  index_select(dim: number, index: Tensor): Tensor { return V.index_select(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return V.gather(this, dim, index); }

  // ---- dtype ----
  to(dtype: DType | string | { dtype?: DType }): Tensor { return E.to(this, dtype); }
  type(dtype: DType): Tensor { return E.to(this, dtype); }
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
  sum(dim?: number | number[] | null | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts): Tensor { return R.sum(this, dim, keepdim); }
  mean(dim?: number | number[] | null | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts): Tensor { return R.mean(this, dim, keepdim); }
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
  zero_(): this { this._data.fill(0); return this; }
  fill_(v: number): this { this._data.fill(this.dtype.scalar(v)); return this; }
  copy_(src: Tensor): this { E.copyInto(this, src); return this; }
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this { E.inplace(this, E.add(this.detach(), other instanceof Tensor ? other.detach() : other, opts)); return this; }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this { E.inplace(this, E.sub(this.detach(), other instanceof Tensor ? other.detach() : other, opts)); return this; }
  mul_(other: TensorOrScalar): this { E.inplace(this, E.mul(this.detach(), other instanceof Tensor ? other.detach() : other)); return this; }
  div_(other: TensorOrScalar): this { E.inplace(this, E.div(this.detach(), other instanceof Tensor ? other.detach() : other)); return this; }
}

function flatArgs(args: SizeArgs): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]) : (args as number[]);
}
