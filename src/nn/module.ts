// nn.Module: parameters, buffers and submodules are found by walking the module's own fields in
// assignment order (so `this.fc1 = new nn.Linear(...)` registers fc1, as in PyTorch).
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';
import { IncompatibleKeys, loadStateDict } from './load_state_dict.js';

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
    return self;
  }

  /** Registers a tensor that is state but not a parameter (e.g. a loss weight). */
  register_buffer(name: string, t: Tensor | null): void {
    this._buffers.set(name, t);
    Object.defineProperty(this, name, { get: () => this._buffers.get(name) ?? null, set: (v) => this._buffers.set(name, v), enumerable: false, configurable: true });
  }
  register_parameter(name: string, p: Parameter | null): void { (this as Record<string, unknown>)[name] = p; }
  add_module(name: string, m: Module | null): void { (this as Record<string, unknown>)[name] = m; }

  *named_children(): Generator<[string, Module]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) yield [k, v];
  }
  *children(): Generator<Module> { for (const [, m] of this.named_children()) yield m; }
  *named_modules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [k, m] of this.named_children()) yield* m.named_modules(prefix ? `${prefix}.${k}` : k);
  }
  *modules(): Generator<Module> { for (const [, m] of this.named_modules()) yield m; }

  *named_parameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const mods: [string, Module][] = recurse ? [...this.named_modules(prefix)] : [[prefix, this]];
    for (const [mp, m] of mods)
      for (const [k, v] of Object.entries(m))
        if (v instanceof Parameter && !seen.has(v)) { seen.add(v); yield [mp ? `${mp}.${k}` : k, v]; }
  }
  *parameters(recurse = true): Generator<Parameter> { for (const [, p] of this.named_parameters('', recurse)) yield p; }
  *named_buffers(prefix = ''): Generator<[string, Tensor]> {
    for (const [mp, m] of this.named_modules(prefix))
      for (const [k, v] of m._buffers) if (v) yield [mp ? `${mp}.${k}` : k, v];
  }
  *buffers(): Generator<Tensor> { for (const [, b] of this.named_buffers()) yield b; }

  train(mode = true): this { for (const m of this.modules()) m.training = mode; return this; }
  eval(): this { return this.train(false); }
  zero_grad(set_to_none = false): void {
    for (const p of this.parameters()) {
      if (set_to_none) p.grad = null;
      else if (p.grad) p.grad.zero_();
    }
  }
  requires_grad_(requires_grad = true): this { for (const p of this.parameters()) p.requires_grad_(requires_grad); return this; }
  /** Only the CPU exists; accepted so ported code runs unchanged. */
  to(_device?: unknown): this { return this; }
  cpu(): this { return this; }

  /** This module's own parameters, then its buffers (not its children's): what it saves and loads itself. */
  _localState(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [k, v] of Object.entries(this)) if (v instanceof Parameter) out.set(k, v);
    for (const [k, v] of this._buffers) if (v) out.set(k, v);
    return out;
  }
  /** Parameters and buffers by dotted name, sharing storage (as PyTorch's state_dict does). */
  state_dict(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [mp, m] of this.named_modules())
      for (const [k, v] of m._localState()) out.set(mp ? `${mp}.${k}` : k, v.detach());
    return out;
  }
  /**
   * Copies matching entries into this module's parameters and buffers. Every entry is checked first
   * and all problems are reported in one RuntimeError, PyTorch's text; on error nothing is copied.
   */
  load_state_dict(state_dict: Map<string, Tensor> | Record<string, Tensor>, strict = true): IncompatibleKeys {
    return loadStateDict(this, state_dict, strict);
  }
  toString(): string {
    const kids = [...this.named_children()];
    const extra = this.extra_repr();
    if (!kids.length) return `${this.constructor.name}(${extra})`;
    const lines = kids.map(([k, m]) => `  (${k}): ${String(m).split('\n').join('\n  ')}`);
    return `${this.constructor.name}(\n${extra ? `  ${extra}\n` : ''}${lines.join('\n')}\n)`;
  }
  extra_repr(): string { return ''; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}
