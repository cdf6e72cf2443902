// nn.Module: parameters, buffers and submodules are found by walking the module's own fields in
// assignment order (so `this.fc1 = new nn.Linear(...)` registers fc1, as in PyTorch).
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';
import { ValueError, warn } from '../tensor/errors.js';
import { IncompatibleKeys, loadStateDict } from './load_state_dict.js';
import { bind, type Kw } from '../tensor/args.js';
import { TENSOR_TO } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { NotImplementedError } from '../tensor/errors.js';

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

  /** Registers a tensor that is state but not a parameter (e.g. a loss weight). */
  register_buffer(...args: [name: string | Kw, tensor?: Tensor | null | Kw, persistent?: boolean | Kw, kw?: Kw]): void {
    const { name, tensor: t, persistent } = bind('Module.register_buffer(self, name, tensor, persistent=True)', args) as { name: string; tensor: Tensor | null; persistent: boolean };
    this._buffers.set(name, t);
    if (persistent) this._nonPersistent.delete(name);
    else this._nonPersistent.add(name);
    Object.defineProperty(this, name, { get: () => this._buffers.get(name) ?? null, set: (v) => this._buffers.set(name, v), enumerable: false, configurable: true });
  }
  register_parameter(...args: [name: string | Kw, param?: Parameter | null | Kw, kw?: Kw]): void {
    const { name, param } = bind('Module.register_parameter(self, name, param)', args);
    (this as Record<string, unknown>)[name as string] = param;
  }
  add_module(...args: [name: string | Kw, module?: Module | null | Kw, kw?: Kw]): void {
    const { name, module } = bind('Module.add_module(self, name, module)', args);
    (this as Record<string, unknown>)[name as string] = module;
  }

  // The iterators bind their arguments when called (as Python does), then walk lazily.
  named_children(...args: [Kw?]): Generator<[string, Module]> { bind('Module.named_children(self)', args); return this._children(); }
  private *_children(): Generator<[string, Module]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) yield [k, v];
  }
  children(...args: [Kw?]): Generator<Module> { bind('Module.children(self)', args); return second(this._children()); }
  named_modules(...args: [memo?: null | Kw, prefix?: string | Kw, remove_duplicate?: boolean | Kw, kw?: Kw]): Generator<[string, Module]> {
    const a = bind("Module.named_modules(self, memo=None, prefix='', remove_duplicate=True)", args);
    return this._modules(a.prefix as string);
  }
  private *_modules(prefix: string): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [k, m] of this._children()) yield* m._modules(prefix ? `${prefix}.${k}` : k);
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
    for (const [mp, m] of mods)
      for (const [k, v] of m._buffers) if (v) yield [mp ? `${mp}.${k}` : k, v];
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
      if (set_to_none) p.grad = null;
      else if (p.grad) p.grad.zero_();
    }
  }
  requires_grad_(...args: [requires_grad?: boolean | Kw, kw?: Kw]): this {
    const requires_grad = bind('Module.requires_grad_(self, requires_grad=True)', args).requires_grad as boolean;
    for (const [, p] of this._parameters('', true)) p.requires_grad_(requires_grad);
    return this;
  }
  /** to(device), to(dtype), to(tensor), as Tensor.to binds them; only the CPU exists, and a dtype change is refused. */
  to(...args: unknown[]): this {
    const [a, k] = TENSOR_TO.parse(args);
    const dtype = k === 2 ? (a.tensor as Tensor).dtype : a.dtype as DType | null;
    if (dtype && [...this._parameters('', true), ...this._buffersOf('', true)].some(([, t]) => t.is_floating_point() && t.dtype !== dtype))
      throw new NotImplementedError(`Module.to(${dtype}) is not supported by torchlet: construct the layers with {dtype: ${dtype}} instead`);
    return this;
  }
  cpu(...args: [Kw?]): this { bind('Module.cpu(self)', args); return this; }

  /** This module's own parameters, then its persistent buffers (not its children's): what it saves and loads itself. */
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
    for (const [mp, m] of this._modules(''))
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
  toString(): string {
    const kids = [...this.named_children()];
    const extra = this.extra_repr();
    if (!kids.length) return `${this.constructor.name}(${extra})`;
    const lines = kids.map(([k, m]) => `  (${k}): ${String(m).split('\n').join('\n  ')}`);
    return `${this.constructor.name}(\n${extra ? `  ${extra}\n` : ''}${lines.join('\n')}\n)`;
  }
  extra_repr(...args: [Kw?]): string { bind('Module.extra_repr(self)', args); return ''; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** The second element of each pair (the modules of named_modules, the tensors of named_parameters). */
function* second<T>(pairs: Iterable<[string, T]>): Generator<T> { for (const [, v] of pairs) yield v; }
