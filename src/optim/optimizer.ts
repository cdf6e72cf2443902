// torch.optim.Optimizer: parameter groups (each with its own lr and options), per-parameter state,
// zero_grad, state_dict/load_state_dict. Subclasses implement step() as PyTorch 1.13's
// single-tensor (foreach=False) code path.
import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { enable_grad } from '../autograd/grad_mode.js';
import { bind, isPlainObject, perClass, type Kw } from '../tensor/args.js';
import { pyNum } from '../tensor/python.js';

/** step's binder, parsed once per class (the text names the class). */
const STEP = perClass((c) => `${c.name}.step(self, closure=None)`);

/** Marks an option without a default (SGD's lr), as PyTorch's `optim.optimizer.required`. */
// (the same symbol a signature's `lr=required` default gives, see tensor/args.ts)
export const required: unique symbol = Symbol.for('torchlet.optim.required');

/** One parameter group: its tensors and its options (lr, momentum, betas, ...). */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [option: string]: unknown;
}
export type ParamGroupInput = { params: Tensor | Iterable<Tensor>; [option: string]: unknown };
export type Params = Iterable<Tensor> | Iterable<ParamGroupInput>;
export type OptimizerState = Record<string, unknown>;

export interface OptimizerStateDict {
  state: Record<number, OptimizerState>;
  param_groups: (Omit<ParamGroup, 'params'> & { params: number[] })[];
}

function typename(t: Tensor): string {
  return `torch.${t.dtype.scalarName}Tensor`;
}

export abstract class Optimizer {
  defaults: Kw;
  /** Per-parameter state (momentum buffers, running averages), created lazily by step(). */
  state = new Map<Tensor, OptimizerState>();
  param_groups: ParamGroup[] = [];
  /** Counted by a wrapper a learning-rate scheduler installs on step(), as in PyTorch. */
  _step_count = 0;

  constructor(params: Params, defaults: Kw) {
    this.defaults = defaults;
    if (params instanceof Tensor)
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typename(params)}`);
    if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function')
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${params === null ? 'NoneType' : typeof params}`);
    let groups = Array.from(params as Iterable<unknown>);
    if (groups.length === 0) throw new ValueError('optimizer got an empty parameter list');
    if (!isPlainObject(groups[0])) groups = [{ params: groups }];
    for (const g of groups) this.add_param_group(g as ParamGroupInput);
  }

  add_param_group(...args: [param_group: ParamGroupInput | Kw, kw?: Kw]): void {
    const param_group = bind('Optimizer.add_param_group(self, param_group: dict)', args).param_group as ParamGroupInput;
    if (!isPlainObject(param_group)) throw new TypeError('param group must be a dict');
    const src = param_group.params;
    let params: unknown[];
    if (src instanceof Tensor) params = [src];
    else if (src instanceof Set) throw new TypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
    else if (src !== null && src !== undefined && typeof (src as Iterable<unknown>)[Symbol.iterator] === 'function') params = Array.from(src as Iterable<unknown>);
    else throw new TypeError(`'${src === null || src === undefined ? 'NoneType' : typeof src}' object is not iterable`);
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${describeType(p)}`);
      if (!p.is_leaf) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    // a new object: the caller's group is not mutated
    const group: Kw = { ...param_group, params };
    for (const [name, dflt] of Object.entries(this.defaults)) {
      if (dflt === required && !(name in group && group[name] !== undefined))
        throw new ValueError(`parameter group didn't specify a value of required optimization parameter ${name}`);
      if (!(name in group) || group[name] === undefined) group[name] = Array.isArray(dflt) ? dflt.slice() : dflt;
    }
    if (new Set(params).size !== params.length)
      console.warn('UserWarning: optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information');
    const taken = new Set<Tensor>();
    for (const g of this.param_groups) for (const p of g.params) taken.add(p);
    if (params.some((p) => taken.has(p as Tensor))) throw new ValueError('some parameters appear in more than one parameter group');
    this.param_groups.push(group as ParamGroup);
  }

  /** Resets the gradients of all optimized tensors: to zeros (PyTorch 1.13's default), or to null. */
  zero_grad(...args: [set_to_none?: boolean | Kw, kw?: Kw]): void {
    const set_to_none = bind('Optimizer.zero_grad(self, set_to_none=False)', args).set_to_none;
    for (const g of this.param_groups)
      for (const p of g.params) {
        if (!p.grad) continue;
        if (set_to_none) p.grad = null;
        else {
          if (p.grad.grad_fn) p.grad.detach_();
          else p.grad.requires_grad_(false);
          p.grad.zero_();
        }
      }
  }

  /** Runs one update; `closure` (if given) re-evaluates the model and returns the loss. */
  step(...args: [closure?: (() => unknown) | null | Kw, kw?: Kw]): unknown {
    const closure = STEP(this, args).closure as (() => unknown) | null;
    let loss: unknown = undefined;
    if (closure) loss = enable_grad(closure);
    for (const group of this.param_groups) {
      const withGrad = group.params.filter((p) => p.grad !== null);
      if (withGrad.length) this._updateGroup(group, withGrad);
      // the kernels write the storage directly; PyTorch's updates are in-place ops, which count
      for (const p of withGrad) for (let i = 0; i < this._inplaceUpdatesPerStep; i++) p._bumpVersion();
    }
    return loss;
  }
  /** How many in-place ops PyTorch's update applies to each parameter (AdamW: mul_ then addcdiv_). */
  protected readonly _inplaceUpdatesPerStep: number = 1;

  /** The update of one group's parameters that have a gradient, in PyTorch's per-tensor order. */
  protected abstract _updateGroup(group: ParamGroup, params: Tensor[]): void;

  /** State of parameter p, created empty on first use (Python's defaultdict(dict)). */
  protected _stateOf(p: Tensor): OptimizerState {
    let s = this.state.get(p);
    if (!s) { s = {}; this.state.set(p, s); }
    return s;
  }

  /** {state, param_groups} with parameters replaced by their index in group order, as PyTorch's. */
  state_dict(...args: [Kw?]): OptimizerStateDict {
    bind('Optimizer.state_dict(self)', args);
    const index = new Map<Tensor, number>();
    let next = 0;
    const param_groups = this.param_groups.map((g) => {
      const packed: Kw = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') packed[k] = Array.isArray(v) ? v.slice() : v;
      for (const p of g.params) if (!index.has(p)) index.set(p, next++);
      packed.params = g.params.map((p) => index.get(p)!);
      return packed as OptimizerStateDict['param_groups'][number];
    });
    const state: Record<number, OptimizerState> = {};
    for (const [p, s] of this.state) if (index.has(p)) state[index.get(p)!] = s;
    return { state, param_groups };
  }

  load_state_dict(...args: [state_dict: OptimizerStateDict, kw?: Kw]): void {
    const state_dict = bind('Optimizer.load_state_dict(self, state_dict: dict)', args).state_dict as OptimizerStateDict;
    const saved = state_dict.param_groups;
    if (!Array.isArray(saved) || saved.length !== this.param_groups.length)
      throw new ValueError('loaded state dict has a different number of parameter groups');
    if (this.param_groups.some((g, i) => g.params.length !== saved[i].params.length))
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    const idMap = new Map<number, Tensor>();
    saved.forEach((sg, i) => sg.params.forEach((id, j) => idMap.set(Number(id), this.param_groups[i].params[j])));
    // deep copy, casting floating state to the parameter's dtype (but never 'step'), as PyTorch does
    const cast = (p: Tensor, v: unknown, key?: string): unknown => {
      if (v instanceof Tensor) {
        const c = v.detach().clone().detach();
        return key !== 'step' && p.is_floating_point() && c.dtype !== p.dtype ? c.to(p.dtype).detach() : c;
      }
      if (Array.isArray(v)) return v.map((e) => cast(p, e));
      if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, cast(p, e, k)]));
      return v;
    };
    const state = new Map<Tensor, OptimizerState>();
    for (const [k, v] of Object.entries(state_dict.state ?? {})) {
      const p = idMap.get(Number(k));
      if (p) state.set(p, cast(p, v) as OptimizerState);
    }
    this.state = state;
    this.param_groups = this.param_groups.map((g, i) => {
      const ng: Kw = {};
      for (const [k, v] of Object.entries(saved[i])) if (k !== 'params') ng[k] = Array.isArray(v) ? v.slice() : v;
      ng.params = g.params;
      return ng as ParamGroup;
    });
  }

  toString(): string {
    let s = `${this.constructor.name} (`;
    this.param_groups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      for (const k of Object.keys(g).filter((k) => k !== 'params').sort()) s += `    ${k}: ${pyRepr(g[k])}\n`;
    });
    return s + ')';
  }
}

function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
function pyRepr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `(${v.map(pyRepr).join(', ')})`;
  return pyNum(v);
}
