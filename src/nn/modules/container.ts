// nn.Sequential, nn.ModuleList and nn.ModuleDict. Each keeps its children in an ordered map (PyTorch's
// `_modules`), so the order is insertion order even for keys like "10" that JavaScript objects would
// sort first; every key is also a property, so `seq[0]`, `list[1]` and `dict.conv` read a child.
// Python's indexing becomes methods: `at(i)` / `get(i)` with negative indices, `get(torch.slice(1, 3))`
// or `get('1:3')` for slices, `set(i, m)`, `delete(i)`; `len(x)` is `x.length`.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { IndexError, KeyError, NotImplementedError, ValueError, AssertionError } from '../../tensor/errors.js';
import { bind, pyType, type Kw } from '../../tensor/args.js';
import { Slice } from '../../ops/indexing.js';

type SliceLike = Slice | string;

/** The shared store: an ordered map of children, each also readable (and assignable) as a property. */
abstract class _Container extends Module {
  declare _mods: Map<string, Module | null>;
  constructor() {
    super();
    Object.defineProperty(this, '_mods', { value: new Map(), enumerable: false, writable: true });
  }
  override _hasChild(name: string): boolean { return this._mods.has(name) || super._hasChild(name); }
  override _setChild(name: string, module: Module | null): void {
    if (!this._mods.has(name))
      Object.defineProperty(this, name, { get: () => this._mods.get(name) ?? null, set: (v) => assignChild(this, name, v), enumerable: false, configurable: true });
    this._mods.set(name, module);
  }
  override _namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [k, m] of this._mods) if (m) out.push([k, m]);
    return [...out, ...super._namedChildren()];
  }
  override get length(): number { return this._mods.size; }
  /** Removes a key and its property. */
  protected _remove(key: string): void { this._mods.delete(key); delete (this as Record<string, unknown>)[key]; }
  /** Renames the children "0", "1", ... in their order (what PyTorch does after a deletion). */
  protected _renumber(): void {
    const mods = [...this._mods.values()];
    for (const k of [...this._mods.keys()]) this._remove(k);
    mods.forEach((m, i) => this._setChild(String(i), m));
  }
  /** The key at a Python index (negative counts from the end): PyTorch's _get_abs_string_index. */
  protected _keyAt(idx: number): string {
    const keys = [...this._mods.keys()], n = keys.length;
    if (typeof idx !== 'number' || !Number.isInteger(idx))
      throw new TypeError(`'${pyType(idx)}' object cannot be interpreted as an integer`);
    if (idx < -n || idx >= n) throw new IndexError(`index ${idx} is out of range`);
    return keys[idx < 0 ? idx + n : idx];
  }
  /** The keys a Python slice selects, in slice order. */
  protected _keysIn(s: SliceLike): string[] {
    const keys = [...this._mods.keys()];
    return sliceIndices(s, keys.length).map((i) => keys[i]);
  }
}

/** Module.__setattr__ for a registered child: a Module or None, else PyTorch's TypeError. */
function assignChild(c: _Container, name: string, v: unknown): void {
  if (v !== null && !(v instanceof Module))
    throw new TypeError(`cannot assign '${pyType(v)}' as child module '${name}' (torch.nn.Module or None expected)`);
  c._mods.set(name, v);
}

const isSlice = (v: unknown): v is SliceLike => v instanceof Slice || typeof v === 'string';
/** Python's range(n)[slice]: the indices a slice selects from a list of n (negative steps too). */
function sliceIndices(s: SliceLike, n: number): number[] {
  const sl = typeof s === 'string' ? parseSlice(s) : s;
  const step = sl.step ?? 1;
  if (step === 0) throw new ValueError('slice step cannot be zero');
  const lo = step < 0 ? -1 : 0, hi = step < 0 ? n - 1 : n;
  const fix = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    const w = v < 0 ? v + n : v;
    return w < lo ? lo : w > hi ? hi : w;
  };
  const out: number[] = [];
  for (let i = fix(sl.start, step < 0 ? hi : lo), stop = fix(sl.stop, step < 0 ? lo : hi); step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}
function parseSlice(s: string): Slice {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^\s*([-+]?\d+)?\s*$/.test(p)))
    throw new TypeError(`invalid slice string '${s}': write one slice such as '1:3', '::2' or '-2:'`);
  const v = (p?: string): number | null => (p === undefined || p.trim() === '' ? null : Number(p));
  return new Slice(v(parts[0]), v(parts[1]), v(parts[2]));
}

/** The elements of a JavaScript iterable, or null if it is not one. */
function iterableOf(v: unknown): unknown[] | null {
  return v !== null && v !== undefined && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function' ? [...(v as Iterable<unknown>)] : null;
}
/** The modules container's missing forward, as PyTorch's _forward_unimplemented words it. */
function noForward(m: Module): never {
  throw new NotImplementedError(`Module [${m.constructor.name}] is missing the required "forward" function`);
}

/** Sequential and ModuleList: Python's list indexing (`_qual` names the class in binding messages). */
abstract class _ListContainer<T extends Module> extends _Container {
  protected abstract get _qual(): string;
  /** The container a slice gives: a Sequential keeps the names, a ModuleList renumbers. */
  protected abstract _sliced(keys: string[]): _ListContainer<T>;
  /** x[idx] with Python's negative indices. */
  at(...args: [idx: number]): T {
    return this._mods.get(this._keyAt(bind(`${this._qual}.__getitem__(self, idx)`, args).idx as number)) as T;
  }
  /** x[idx], or x[slice] (a string such as '1:3' or torch.slice(1, 3)) as a new container. */
  get(...args: [idx: number | SliceLike]): T | _ListContainer<T> {
    const idx = bind(`${this._qual}.__getitem__(self, idx)`, args).idx;
    return isSlice(idx) ? this._sliced(this._keysIn(idx)) : this.at(idx as number);
  }
  /** x[idx] = module */
  set(...args: [idx: number, module: T]): void {
    const a = bind(`${this._qual}.__setitem__(self, idx, module)`, args);
    assignChild(this, this._keyAt(a.idx as number), a.module);
  }
  /** del x[idx] (or a slice); the children are renumbered "0", "1", ... as PyTorch 1.13 does. */
  delete(...args: [idx: number | SliceLike]): void {
    const idx = bind(`${this._qual}.__delitem__(self, idx)`, args).idx;
    for (const k of isSlice(idx) ? this._keysIn(idx) : [this._keyAt(idx as number)]) this._remove(k);
    this._renumber();
  }
  pop(...args: [key: number | SliceLike]): T | _ListContainer<T> {
    const key = bind(`${this._qual}.pop(self, key)`, args).key as number;
    const v = this.get(key);
    this.delete(key);
    return v;
  }
  *[Symbol.iterator](): Generator<T> { for (const [, m] of this._namedChildren()) yield m as T; }
}

/** nn.Sequential(...modules) or nn.Sequential(Map of name -> module): runs its children in order. */
export class Sequential extends _ListContainer<Module> {
  [key: string]: unknown;
  constructor(...modules: (Module | Map<string, Module>)[]) {
    super();
    const args = bind('Sequential.__init__(self, *args)', modules).args as unknown[];
    if (args.length === 1 && args[0] instanceof Map) {
      for (const [k, m] of args[0]) this.add_module(k, m);
    } else args.forEach((m, i) => this.add_module(String(i), m as Module));
  }
  protected get _qual(): string { return 'Sequential'; }
  protected _sliced(keys: string[]): Sequential {
    const Ctor = this.constructor as new (m: Map<string, Module>) => Sequential;
    return new Ctor(new Map(keys.map((k) => [k, this._mods.get(k) as Module])));
  }
  declare get: { (idx: number): Module; (idx: SliceLike): Sequential };
  declare pop: { (key: number): Module; (key: SliceLike): Sequential };
  append(...args: [module: Module]): this { this.add_module(String(this.length), bind('Sequential.append(self, module)', args).module as Module); return this; }
  insert(...args: [index: number, module: Module]): this {
    const a = bind('Sequential.insert(self, index, module)', args);
    if (!(a.module instanceof Module)) throw new AssertionError("module should be of type: <class 'torch.nn.modules.module.Module'>");
    const n = this.length;
    let index = a.index as number;
    if (!(-n <= index && index <= n)) throw new IndexError(`Index out of range: ${index}`);
    if (index < 0) index += n;
    insertAt(this, index, a.module);
    return this;
  }
  extend(...args: [sequential: Iterable<Module>]): this {
    for (const m of bind('Sequential.extend(self, sequential)', args).sequential as Iterable<Module>) this.append(m);
    return this;
  }
  forward(...args: [input: Tensor]): Tensor {
    let x: unknown = bind('Sequential.forward(self, input)', args).input;
    for (const m of this) x = m(x);
    return x as Tensor;
  }
}

/** Moves the children at index..n-1 up by one and puts `module` at index (PyTorch's insert, no checks). */
function insertAt(c: _Container, index: number, module: Module): void {
  const n = c._mods.size;
  for (let i = n; i > index; i--) {
    if (!c._mods.has(String(i - 1))) throw new KeyError(`'${i - 1}'`);
    c._setChild(String(i), c._mods.get(String(i - 1)) ?? null);
  }
  c._setChild(String(index), module);
}

/** nn.ModuleList(modules=None): a list of registered modules, children "0", "1", ... */
export class ModuleList<T extends Module = Module> extends _ListContainer<T> {
  [index: number]: T;
  constructor(modules?: Iterable<T> | null);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const modules = bind('ModuleList.__init__(self, modules=None)', args).modules;
    if (modules !== null) this.extend(modules as Iterable<T>);
  }
  protected get _qual(): string { return 'ModuleList'; }
  protected _sliced(keys: string[]): ModuleList<T> {
    const Ctor = this.constructor as new (m: T[]) => ModuleList<T>;
    return new Ctor(keys.map((k) => this._mods.get(k) as T));
  }
  declare get: { (idx: number): T; (idx: SliceLike): ModuleList<T> };
  declare pop: { (key: number): T; (key: SliceLike): ModuleList<T> };
  /** insert(index, module), as PyTorch's (a negative index is not wrapped: it fails as Python's does). */
  insert(...args: [index: number, module: T]): void {
    const a = bind('ModuleList.insert(self, index, module)', args);
    insertAt(this, a.index as number, a.module as Module);
  }
  append(...args: [module: T]): this { this.add_module(String(this.length), bind('ModuleList.append(self, module)', args).module as Module); return this; }
  extend(...args: [modules: Iterable<T>]): this {
    const modules = bind('ModuleList.extend(self, modules)', args).modules;
    const items = iterableOf(modules);
    if (!items) throw new TypeError(`ModuleList.extend should be called with an iterable, but got ${pyType(modules)}`);
    const offset = this.length;
    items.forEach((m, i) => this.add_module(String(offset + i), m as Module));
    return this;
  }
  /** list + other: a new ModuleList of both. */
  concat(...args: [other: Iterable<T>]): ModuleList<T> {
    const other = bind('ModuleList.__add__(self, other)', args).other as Iterable<T>;
    return new ModuleList<T>([...this, ...other]);
  }
  forward(..._args: never[]): never { return noForward(this); }
}

/** nn.ModuleDict(modules=None): registered modules by name, in insertion order. Iterating gives the keys, as Python's. */
export class ModuleDict<T extends Module = Module> extends _Container {
  constructor(modules?: Map<string, T> | Record<string, T> | Iterable<[string, T]> | null);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const modules = bind('ModuleDict.__init__(self, modules: dict=None)', args).modules;
    if (modules !== null) this.update(modules as Map<string, T>);
  }
  /** dict[key]; a missing key is Python's KeyError. */
  get(...args: [key: string]): T {
    const key = bind('ModuleDict.__getitem__(self, key)', args).key as string;
    if (!this._mods.has(key)) throw new KeyError(`'${key}'`);
    return this._mods.get(key) as T;
  }
  /** dict[key] = module */
  set(...args: [key: string, module: T]): void {
    const a = bind('ModuleDict.__setitem__(self, key, module)', args);
    this.add_module(a.key as string, a.module as Module);
  }
  /** del dict[key] */
  delete(...args: [key: string]): void {
    const key = bind('ModuleDict.__delitem__(self, key)', args).key as string;
    if (!this._mods.has(key)) throw new KeyError(`'${key}'`);
    this._remove(key);
  }
  /** key in dict */
  has(...args: [key: string]): boolean { return this._mods.has(bind('ModuleDict.__contains__(self, key)', args).key as string); }
  clear(...args: [Kw?]): void { bind('ModuleDict.clear(self)', args); for (const k of [...this._mods.keys()]) this._remove(k); }
  pop(...args: [key: string]): T {
    const key = bind('ModuleDict.pop(self, key)', args).key as string;
    const v = this.get(key);
    this.delete(key);
    return v;
  }
  keys(...args: [Kw?]): string[] { bind('ModuleDict.keys(self)', args); return [...this._mods.keys()]; }
  values(...args: [Kw?]): T[] { bind('ModuleDict.values(self)', args); return [...this._mods.values()] as T[]; }
  items(...args: [Kw?]): [string, T][] { bind('ModuleDict.items(self)', args); return [...this._mods] as [string, T][]; }
  /** update(mapping or iterable of [key, module] pairs): a Map, a plain object, a ModuleDict or pairs. */
  update(...args: [modules: Map<string, T> | Record<string, T> | Iterable<[string, T]> | ModuleDict<T>]): void {
    const modules = bind('ModuleDict.update(self, modules: dict)', args).modules;
    if (modules instanceof ModuleDict) { for (const [k, m] of modules.items()) this.set(k, m as T); return; }
    if (modules instanceof Map) { for (const [k, m] of modules) this.set(k, m); return; }
    const pairs = iterableOf(modules);
    if (!pairs) {
      if (modules !== null && typeof modules === 'object') { for (const [k, m] of Object.entries(modules)) this.set(k, m as T); return; }
      throw new TypeError(`ModuleDict.update should be called with an iterable of key/value pairs, but got ${pyType(modules)}`);
    }
    pairs.forEach((p, j) => {
      const pair = typeof p === 'string' ? [...p] : iterableOf(p);
      if (!pair) throw new TypeError(`ModuleDict update sequence element #${j} should be Iterable; is${pyType(p)}`);
      if (pair.length !== 2) throw new ValueError(`ModuleDict update sequence element #${j} has length ${pair.length}; 2 is required`);
      this.set(pair[0] as string, pair[1] as T);
    });
  }
  *[Symbol.iterator](): Generator<string> { yield* this._mods.keys(); }
  forward(..._args: never[]): never { return noForward(this); }
}
