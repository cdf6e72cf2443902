// nn.Module: parameters, buffers and submodules are found by walking the module's own fields in
// assignment order (so `this.fc1 = new nn.Linear(...)` registers fc1, as in PyTorch).
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';
import { AssertionError, KeyError, ValueError, warn } from '../tensor/errors.js';
import { AttributeError } from './functional/losses.js';
import { IncompatibleKeys, loadStateDict } from './load_state_dict.js';
import { bind, pyType, type Kw } from '../tensor/args.js';
import { TENSOR_TO } from '../tensor/tensor.js';
import { float32, float64, type DType } from '../tensor/dtype.js';
import { no_grad } from '../autograd/grad_mode.js';

// A module is called as in PyTorch, `model(x)`, which runs `forward`: the instance is a function
// whose prototype is the module's class, and this interface gives it forward's signature.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Module {
  (...args: Parameters<this['forward']>): ReturnType<this['forward']>;
}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Module {
  declare training: boolean;
  declare private _buffers: Map<string, Tensor | null>;
  /** Buffers registered with persistent=false: not part of the state_dict. */
  declare private _nonPersistent: Set<string>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...args: any[]): unknown;

  constructor() {
    const self = ((...args: unknown[]) => self.forward(...args)) as unknown as Module;
    // a function's own name and length would shadow fields of those names (nn.Module has neither)
    delete (self as { name?: string }).name;
    delete (self as { length?: number }).length;
    Object.setPrototypeOf(self, new.target.prototype);
    // fields are set here, on the returned function, not by initialisers (they would go to the discarded `this`)
    self.training = true;
    Object.defineProperty(self, '_buffers', { value: new Map<string, Tensor | null>(), enumerable: false, writable: true });
    Object.defineProperty(self, '_nonPersistent', { value: new Set<string>(), enumerable: false, writable: true });
    return self;
  }

  /** Registers a tensor that is state but not a parameter (e.g. a loss weight); persistent=false keeps it out of state_dict. */
  register_buffer(...args: [name: string | Kw, tensor?: Tensor | null | Kw, persistent?: boolean | Kw, kw?: Kw]): void {
    const { name, tensor: t, persistent } = bind('Module.register_buffer(self, name, tensor, persistent=True)', args) as { name: string; tensor: Tensor | null; persistent: boolean };
    checkName(this, 'buffer', name, this._buffers.has(name));
    if (t !== null && !(t instanceof Tensor))
      throw new TypeError(`cannot assign '${typename(t)}' object to buffer '${name}' (torch Tensor or None required)`);
    this._buffers.set(name, t);
    if (persistent) this._nonPersistent.delete(name);
    else this._nonPersistent.add(name);
    Object.defineProperty(this, name, { get: () => this._buffers.get(name) ?? null, set: (v) => this._buffers.set(name, v), enumerable: false, configurable: true });
  }
  register_parameter(...args: [name: string | Kw, param?: Parameter | null | Kw, kw?: Kw]): void {
    const { name, param } = bind('Module.register_parameter(self, name, param)', args) as { name: string; param: unknown };
    const self = this as Record<string, unknown>;
    // a parameter registered as None (Linear(bias=False)'s bias) is a null field
    checkName(this, 'parameter', name, self[name] instanceof Parameter || self[name] === null);
    if (param !== null && !(param instanceof Parameter))
      throw new TypeError(`cannot assign '${typename(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    self[name] = param;
  }
  add_module(...args: [name: string | Kw, module?: Module | null | Kw, kw?: Kw]): void {
    const { name, module } = bind('Module.add_module(self, name, module)', args) as { name: string; module: unknown };
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typename(module)} is not a Module subclass`);
    const self = this as Record<string, unknown>;
    if (typeof name !== 'string') throw new TypeError(`module name should be a string. Got ${typename(name)}`);
    if (hasAttr(this, name) && !this._hasChild(name)) throw keyError(`attribute '${name}' already exists`);
    if (name.includes('.')) throw keyError(`module name can't contain ".", got: ${name}`);
    if (name === '') throw keyError('module name can\'t be empty string ""');
    this._setChild(name, module as Module | null);
  }
  /** Whether `name` is registered as a child (the containers also know children set to None). */
  _hasChild(name: string): boolean { return (this as Record<string, unknown>)[name] instanceof Module; }
  /** Stores a child under `name` (a field here; the containers keep an order of their own). */
  _setChild(name: string, module: Module | null): void { (this as Record<string, unknown>)[name] = module; }
  /** Alias of add_module, as in PyTorch. */
  register_module(...args: [name: string | Kw, module?: Module | null | Kw, kw?: Kw]): void {
    const { name, module } = bind('Module.register_module(self, name, module)', args);
    this.add_module(name as string, module as Module | null);
  }

  /** The submodule at a dotted path ('' is this module), PyTorch's AttributeErrors on a bad path. */
  get_submodule(...args: [target: string | Kw, kw?: Kw]): Module {
    const target = bind('Module.get_submodule(self, target)', args).target as string;
    if (target === '') return this;
    let mod: Module = this;
    for (const item of target.split('.')) {
      if (!(item in mod)) throw new AttributeError(`${mod.constructor.name} has no attribute \`${item}\``);
      const next = (mod as unknown as Record<string, unknown>)[item];
      if (!(next instanceof Module)) throw new AttributeError(`\`${item}\` is not an nn.Module`);
      mod = next;
    }
    return mod;
  }
  get_parameter(...args: [target: string | Kw, kw?: Kw]): Parameter {
    const target = bind('Module.get_parameter(self, target)', args).target as string;
    const [mod, name] = this._owner(target);
    if (!(name in mod)) throw new AttributeError(`${mod.constructor.name} has no attribute \`${name}\``);
    const p = (mod as unknown as Record<string, unknown>)[name];
    if (!(p instanceof Parameter)) throw new AttributeError(`\`${name}\` is not an nn.Parameter`);
    return p;
  }
  get_buffer(...args: [target: string | Kw, kw?: Kw]): Tensor {
    const target = bind('Module.get_buffer(self, target)', args).target as string;
    const [mod, name] = this._owner(target);
    if (!(name in mod)) throw new AttributeError(`${mod.constructor.name} has no attribute \`${name}\``);
    if (!mod._buffers.has(name)) throw new AttributeError(`\`${name}\` is not a buffer`);
    return mod._buffers.get(name) as Tensor;
  }
  /** The module holding the last atom of a dotted path, and that atom (PyTorch's rpartition). */
  private _owner(target: string): [Module, string] {
    const i = target.lastIndexOf('.');
    return [this.get_submodule(i < 0 ? '' : target.slice(0, i)), target.slice(i + 1)];
  }

  /** Calls fn on every submodule (children first, then this module) and returns this module, as PyTorch's apply. */
  apply(...args: [fn: ((m: Module) => unknown) | Kw, kw?: Kw]): this {
    const fn = bind('Module.apply(self, fn)', args).fn as (m: Module) => unknown;
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  // The iterators bind their arguments when called (as Python does), then walk lazily.
  named_children(...args: [Kw?]): Generator<[string, Module]> { bind('Module.named_children(self)', args); return this._uniqueChildren(); }
  private *_uniqueChildren(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [k, m] of this._namedChildren()) if (!memo.has(m)) { memo.add(m); yield [k, m]; }
  }
  /**
   * Every child by name, a module held under two names listed under both (PyTorch's `_modules.items()`,
   * which state_dict and load_state_dict walk). Containers with an order of their own override it.
   */
  _namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) out.push([k, v]);
    return out;
  }
  children(...args: [Kw?]): Generator<Module> { bind('Module.children(self)', args); return second(this._uniqueChildren()); }
  /** Every module of the tree, itself first, each once unless remove_duplicate is false (memo: a Set of modules to skip). */
  named_modules(...args: [memo?: Set<Module> | null | Kw, prefix?: string | Kw, remove_duplicate?: boolean | Kw, kw?: Kw]): Generator<[string, Module]> {
    const a = bind("Module.named_modules(self, memo=None, prefix='', remove_duplicate=True)", args);
    return this._modules(a.prefix as string, !!a.remove_duplicate, (a.memo as Set<Module> | null) ?? new Set());
  }
  private *_modules(prefix: string, removeDuplicate = true, memo = new Set<Module>()): Generator<[string, Module]> {
    if (memo.has(this)) return;
    if (removeDuplicate) memo.add(this);
    yield [prefix, this];
    for (const [k, m] of this._namedChildren()) yield* m._modules(prefix ? `${prefix}.${k}` : k, removeDuplicate, memo);
  }
  modules(...args: [Kw?]): Generator<Module> { bind('Module.modules(self)', args); return second(this._modules('')); }

  named_parameters(...args: [prefix?: string | Kw, recurse?: boolean | Kw, kw?: Kw]): Generator<[string, Parameter]> {
    const a = bind("Module.named_parameters(self, prefix='', recurse=True)", args);
    return this._parameters(a.prefix as string, !!a.recurse);
  }
  private *_parameters(prefix: string, recurse: boolean): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const mods: [string, Module][] = recurse ? [...this._modules(prefix)] : [[prefix, this]];
    for (const [mp, m] of mods)
      for (const [k, v] of Object.entries(m))
        if (v instanceof Parameter && !seen.has(v)) { seen.add(v); yield [mp ? `${mp}.${k}` : k, v]; }
  }
  parameters(...args: [recurse?: boolean | Kw, kw?: Kw]): Generator<Parameter> {
    return second(this._parameters('', !!bind('Module.parameters(self, recurse=True)', args).recurse));
  }
  named_buffers(...args: [prefix?: string | Kw, recurse?: boolean | Kw, kw?: Kw]): Generator<[string, Tensor]> {
    const a = bind("Module.named_buffers(self, prefix='', recurse=True)", args);
    return this._buffersOf(a.prefix as string, !!a.recurse);
  }
  private *_buffersOf(prefix: string, recurse: boolean): Generator<[string, Tensor]> {
    const mods: [string, Module][] = recurse ? [...this._modules(prefix)] : [[prefix, this]];
    const seen = new Set<Tensor>();
    for (const [mp, m] of mods)
      for (const [k, v] of m._buffers) if (v && !seen.has(v)) { seen.add(v); yield [mp ? `${mp}.${k}` : k, v]; }
  }
  buffers(...args: [recurse?: boolean | Kw, kw?: Kw]): Generator<Tensor> {
    return second(this._buffersOf('', !!bind('Module.buffers(self, recurse=True)', args).recurse));
  }

  train(...args: [mode?: boolean | Kw, kw?: Kw]): this {
    const mode = bind('Module.train(self, mode=True)', args).mode;
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean');
    for (const [, m] of this._modules('')) m.training = mode;
    return this;
  }
  eval(...args: [Kw?]): this { bind('Module.eval(self)', args); return this.train(false); }
  zero_grad(...args: [set_to_none?: boolean | Kw, kw?: Kw]): void {
    const set_to_none = bind('Module.zero_grad(self, set_to_none=False)', args).set_to_none;
    for (const [, p] of this._parameters('', true)) {
      const g = p.grad;
      if (!g) continue;
      if (set_to_none) { p.grad = null; continue; }
      // a grad made with create_graph=True leaves the graph first, as 1.13's zero_grad does
      if (g.grad_fn) g.detach_();
      else g.requires_grad_(false);
      g.zero_();
    }
  }
  requires_grad_(...args: [requires_grad?: boolean | Kw, kw?: Kw]): this {
    const requires_grad = bind('Module.requires_grad_(self, requires_grad=True)', args).requires_grad as boolean;
    for (const [, p] of this._parameters('', true)) p.requires_grad_(requires_grad);
    return this;
  }
  /**
   * to(device), to(dtype), to(tensor), as Tensor.to binds them (only the CPU exists): floating-point
   * parameters and buffers take the dtype, as PyTorch's Module.to. A parameter stays the same object
   * (its data and grad are converted in place, as `param.data = ...` does), so optimizers keep it.
   */
  to(...args: unknown[]): this {
    const [a, k] = TENSOR_TO.parse(args);
    const dtype = k === 2 ? (a.tensor as Tensor).dtype : a.dtype as DType | null;
    if (dtype && !dtype.is_floating_point)
      throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`);
    return dtype ? this._castFloating(dtype) : this;
  }
  /** Every floating-point parameter and buffer to float64. */
  double(...args: [Kw?]): this { bind('Module.double(self)', args); return this._castFloating(float64); }
  /** Every floating-point parameter and buffer to float32. */
  float(...args: [Kw?]): this { bind('Module.float(self)', args); return this._castFloating(float32); }
  private _castFloating(dtype: DType): this {
    for (const [, m] of this._modules('')) {
      for (const [, p] of m._parameters('', false)) if (p.is_floating_point() && p.dtype !== dtype) retype(p, dtype);
      for (const [k, b] of m._buffers) if (b && b.is_floating_point() && b.dtype !== dtype) m._buffers.set(k, b.to(dtype));
    }
    return this;
  }
  cpu(...args: [Kw?]): this { bind('Module.cpu(self)', args); return this; }
  /** A CPU-only PyTorch's answer: there is no CUDA device. */
  cuda(..._args: unknown[]): this { throw new AssertionError('Torch not compiled with CUDA enabled'); }

  /** This module's own parameters, then its persistent buffers (not its children's): what it saves and loads itself. */
  /**
   * Entries load_state_dict supplies when a state_dict lacks them (_NormBase's num_batches_tracked,
   * which 1.13 fills with 0 for a state_dict without version metadata, as every torchlet one is).
   */
  _loadStateDefaults(): Map<string, Tensor> { return new Map(); }
  _localState(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [k, v] of Object.entries(this)) if (v instanceof Parameter) out.set(k, v);
    for (const [k, v] of this._buffers) if (v && !this._nonPersistent.has(k)) out.set(k, v);
    return out;
  }
  /** Parameters and buffers by dotted name, sharing storage (as PyTorch's state_dict does). */
  state_dict(...args: unknown[]): Map<string, Tensor> {
    const a = bind("Module.state_dict(self, *args, destination=None, prefix='', keep_vars=False)", args);
    // PyTorch's deprecated positional form: state_dict(destination, prefix, keep_vars)
    const [destination = a.destination, prefix = a.prefix, keep_vars = a.keep_vars] = a.args as unknown[];
    if ((a.args as unknown[]).length)
      warn('Positional args are being deprecated, use kwargs instead. Refer to https://pytorch.org/docs/master/generated/torch.nn.Module.html#torch.nn.Module.state_dict for details.');
    const out = destination instanceof Map ? destination as Map<string, Tensor> : new Map<string, Tensor>();
    for (const [mp, m] of this._modules('', false))
      for (const [k, v] of m._localState()) out.set(`${prefix}${mp ? `${mp}.${k}` : k}`, keep_vars ? v : v.detach());
    return out;
  }
  /**
   * Copies matching entries into this module's parameters and buffers. Every entry is checked first
   * and all problems are reported in one RuntimeError, PyTorch's text; on error nothing is copied.
   */
  load_state_dict(...args: [state_dict: Map<string, Tensor> | Record<string, Tensor>, strict?: boolean | Kw, kw?: Kw]): IncompatibleKeys {
    const a = bind('Module.load_state_dict(self, state_dict: dict, strict=True)', args);
    return loadStateDict(this, a.state_dict as Map<string, Tensor> | Record<string, Tensor>, a.strict as boolean);
  }
  /** PyTorch's Module.__repr__: extra_repr's lines, then each child indented, one line when there is only a one-line extra_repr. */
  toString(): string {
    const extra = this.extra_repr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this._namedChildren().map(([k, m]) => `(${k}): ${String(m).split('\n').join('\n  ')}`);
    const lines = [...extraLines, ...childLines];
    if (!lines.length) return `${this.constructor.name}()`;
    if (extraLines.length === 1 && !childLines.length) return `${this.constructor.name}(${extraLines[0]})`;
    return `${this.constructor.name}(\n  ${lines.join('\n  ')}\n)`;
  }
  extra_repr(...args: [Kw?]): string { bind('Module.extra_repr(self)', args); return ''; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** The second element of each pair (the modules of named_modules, the tensors of named_parameters). */
function* second<T>(pairs: Iterable<[string, T]>): Generator<T> { for (const [, v] of pairs) yield v; }

/** torch.typename: a tensor's legacy type name ('torch.FloatTensor'), else Python's type name. */
function typename(v: unknown): string { return v instanceof Tensor ? `torch.${v.dtype.scalarName}Tensor` : pyType(v); }
/** Python's KeyError, whose str() is the repr of its message. */
function keyError(message: string): KeyError {
  return new KeyError(message.includes("'") && !message.includes('"') ? `"${message}"` : `'${message.replace(/'/g, "\\'")}'`);
}
/**
 * Python's hasattr(module, name). A class field declared without a value (`running_mean: Tensor;`
 * compiles to an own property holding undefined) does not count: Python has no such attribute.
 */
function hasAttr(m: Module, name: string): boolean { return name in m && (m as unknown as Record<string, unknown>)[name] !== undefined; }
/** register_buffer / register_parameter's name checks, in PyTorch's order. */
function checkName(m: Module, kind: string, name: unknown, registered: boolean): asserts name is string {
  if (typeof name !== 'string') throw new TypeError(`${kind} name should be a string. Got ${typename(name)}`);
  if (name.includes('.')) throw keyError(`${kind} name can't contain "."`);
  if (name === '') throw keyError(`${kind} name can't be empty string ""`);
  if (hasAttr(m, name) && !registered) throw keyError(`attribute '${name}' already exists`);
}
/** A parameter converted in place to `dtype`, grad included (PyTorch's `param.data = fn(param)` in _apply). */
function retype(p: Parameter, dtype: DType): void {
  const grad = p.grad, data = no_grad(() => p.detach().to(dtype).contiguous());
  if (grad) p.grad = null;
  p._data = data._data;
  (p as { dtype: DType }).dtype = dtype;
  if (grad) p.grad = grad.to(dtype);
}
