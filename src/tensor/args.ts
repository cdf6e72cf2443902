// Python's calling convention, one implementation for every public function, method and
// constructor: positional arguments in PyTorch's order, then one trailing options object holding
// keyword arguments by PyTorch's names (`torch.argmax(x, {dim: 1})`, `new SGD(params, {lr: 0.1})`).
// PyTorch has two kinds of callables, with different TypeError texts, so there are two binders:
//  - `def_`: a function written in Python (F.nll_loss, nn.Linear.__init__, optim.SGD.__init__),
//    bound by CPython 3.11's rules with its messages ("takes from 1 to 2 positional arguments but
//    3 were given", "missing 1 required positional argument: 'x'");
//  - `builtin`: a function bound by PyTorch's PythonArgParser (torch.argmax, Tensor.view,
//    torch.randn): typed overloads, sizes as varargs or one list, and its messages, including the
//    "received an invalid combination of arguments" listing of the overloads.
// The module is this file (Python defs, checks), args_builtin.ts (PyTorch's builtins) and
// args_core.ts (what both share); everything is imported from here.
import type { Tensor } from './tensor.js';
import { fresh, headOf, isInt, isTensor, parseDefault, pyNameList, pyType, splitCall, splitParams, type Kw } from './args_core.js';

export { isPlainObject, isTensor, pyType, registerPyClass, registerTensorClass, splitArgs, type Kw } from './args_core.js';
export { Builtin, builtin, checkDevice, op, type Op } from './args_builtin.js';


// ---- functions written in Python ----

interface DefParam { name: string; dflt: unknown; required: boolean; dict: boolean }

/**
 * A Python `def`'s parameters, from its text: `def_('Linear.__init__(self, in_features,
 * out_features, bias=True, device=None, dtype=None)')`. The name is the qualified name CPython
 * prints. `self` is counted in messages and never bound; `*` starts the keyword-only parameters,
 * `*args` / `**kwargs` collect the rest; `name: dict` marks a parameter whose value is a plain
 * object, so that a trailing object can be its value rather than the options object.
 */
export class PyDef {
  readonly qualname: string;
  private readonly self: boolean;
  private readonly positional: DefParam[] = [];
  private readonly kwOnly: DefParam[] = [];
  private readonly byName = new Map<string, DefParam>();
  private readonly names: Set<string>;
  private varargs: string | null = null;
  private varkw: string | null = null;
  /** Whether a trailing plain object at position i is that parameter's value (`name: dict`). */
  private readonly dictAt = (i: number): boolean => this.positional[i]?.dict ?? false;

  constructor(text: string) {
    const [name, list] = headOf(text);
    this.qualname = name;
    const items = splitParams(list);
    this.self = items[0] === 'self' || items[0] === 'cls';
    let kwOnly = false;
    for (const item of items.slice(this.self ? 1 : 0)) {
      if (item === '*') { kwOnly = true; continue; }
      if (item.startsWith('**')) { this.varkw = item.slice(2); continue; }
      if (item.startsWith('*')) { this.varargs = item.slice(1); kwOnly = true; continue; }
      const eq = item.indexOf('=');
      const decl = eq < 0 ? item : item.slice(0, eq).trim();
      const [pname, type] = decl.split(':').map((s) => s.trim());
      const p: DefParam = { name: pname, dflt: eq < 0 ? undefined : parseDefault(item.slice(eq + 1).trim()), required: eq < 0, dict: type === 'dict' };
      (kwOnly ? this.kwOnly : this.positional).push(p);
      this.byName.set(pname, p);
    }
    this.names = new Set(this.byName.keys());
  }

  /** Binds a call's arguments as CPython would; every parameter gets a value (its default if not given). */
  bind(args: readonly unknown[]): Kw {
    const [pos, kw] = splitCall(args, this.names, this.dictAt);
    const np = this.positional.length;
    if (kw === null && pos.length <= np && !this.varargs && !this.varkw) {
      // positional arguments only (most calls): each parameter its value or default, in order; a
      // missing one goes the general way below for CPython's message
      const out: Kw = {};
      let ok = true;
      for (let i = 0; i < np; i++) {
        const p = this.positional[i], v = pos[i];
        if (v !== undefined) out[p.name] = v;
        else if (p.required) ok = false;
        else out[p.name] = fresh(p.dflt);
      }
      for (let i = 0; i < this.kwOnly.length; i++) {
        const p = this.kwOnly[i];
        if (p.required) ok = false;
        else out[p.name] = fresh(p.dflt);
      }
      if (ok) return out;
    }
    const out: Kw = {};
    for (let i = 0; i < Math.min(pos.length, np); i++) if (pos[i] !== undefined) out[this.positional[i].name] = pos[i];
    if (this.varargs) out[this.varargs] = pos.slice(np);
    const extra: Kw = {};
    // CPython's order: keywords (unknown, duplicated), then too many positionals, then missing ones
    if (kw) for (const [k, v] of Object.entries(kw)) {
      if (v === undefined) continue;
      if (!this.byName.has(k)) {
        if (this.varkw) { extra[k] = v; continue; }
        throw new TypeError(`${this.qualname}() got an unexpected keyword argument '${k}'`);
      }
      if (k in out) throw new TypeError(`${this.qualname}() got multiple values for argument '${k}'`);
      out[k] = v;
    }
    if (!this.varargs && pos.length > np) this.tooMany(pos.length, out);
    this.missing(this.positional, out, 'positional');
    this.missing(this.kwOnly, out, 'keyword-only');
    for (const p of this.byName.values()) if (!(p.name in out)) out[p.name] = fresh(p.dflt);
    if (this.varkw) out[this.varkw] = extra;
    return out;
  }

  private tooMany(given: number, out: Kw): never {
    const s = this.self ? 1 : 0;
    const argcount = this.positional.length + s, defcount = this.positional.filter((p) => !p.required).length;
    const takes = defcount ? `from ${argcount - defcount} to ${argcount}` : `${argcount}`;
    const plural = defcount ? true : argcount !== 1;
    const kwonlyGiven = this.kwOnly.filter((p) => p.name in out).length;
    const n = given + s;
    const kwonly = kwonlyGiven
      ? ` positional argument${n !== 1 ? 's' : ''} (and ${kwonlyGiven} keyword-only argument${kwonlyGiven !== 1 ? 's' : ''})` : '';
    throw new TypeError(`${this.qualname}() takes ${takes} positional argument${plural ? 's' : ''} but ${n}${kwonly} ${n === 1 && !kwonlyGiven ? 'was' : 'were'} given`);
  }

  private missing(params: DefParam[], out: Kw, kind: string): void {
    let absent = false; // the common case, checked without building the list
    for (let i = 0; i < params.length && !absent; i++) absent = params[i].required && !(params[i].name in out);
    if (!absent) return;
    const names = params.filter((p) => p.required && !(p.name in out)).map((p) => p.name);
    if (names.length)
      throw new TypeError(`${this.qualname}() missing ${names.length} required ${kind} argument${names.length > 1 ? 's' : ''}: ${pyNameList(names)}`);
  }
}
const defCache = new Map<string, PyDef>();
/** The binder of a Python `def` (parsed once per text). */
export function def_(text: string): PyDef {
  let d = defCache.get(text);
  if (!d) { d = new PyDef(text); defCache.set(text, d); }
  return d;
}
/**
 * The binder of a `def` whose text depends only on the receiver's class (`Tanh.forward(self, input)`),
 * parsed once per class: a text built per call is a new string, and hashing it for def_'s cache
 * cost more than the binding itself in small-op loops.
 */
export function perClass(text: (cls: { name: string }) => string): (self: object, args: readonly unknown[]) => Kw {
  const defs = new WeakMap<object, PyDef>();
  return (self, args) => {
    const cls = self.constructor as { name: string };
    let d = defs.get(cls);
    if (!d) { d = def_(text(cls)); defs.set(cls, d); }
    return d.bind(args);
  };
}
/** Binds `args` to the Python `def` written in `text`: `bind('relu(input, inplace=False)', args)`. */
export function bind(text: string, args: readonly unknown[]): Kw { return def_(text).bind(args); }

/**
 * Binds by names alone, for ops whose helpers check types and defaults themselves: `names`
 * positional or keyword, `kwOnly` keyword only, a parameter not given is undefined. With `required`
 * (a builtin's leading parameters without a default) surplus positionals get PythonArgParser's
 * "takes from R to N" text, without it "takes N".
 */
export function bindNames(fn: string, names: readonly string[], args: readonly unknown[], kwOnly: readonly string[] = [], required?: number): Kw {
  const [pos, kw] = splitCall(args, new Set(), () => false);
  if (pos.length > names.length) {
    if (required === undefined) throw new TypeError(`${fn}() takes ${names.length} positional arguments but ${pos.length} were given`);
    const takes = required === names.length ? `${names.length}` : `from ${required} to ${names.length}`;
    const s = required === names.length && names.length === 1 ? '' : 's';
    throw new TypeError(`${fn}() takes ${takes} positional argument${s} but ${pos.length} ${pos.length === 1 ? 'was' : 'were'} given`);
  }
  const out: Kw = {};
  pos.forEach((v, i) => { out[names[i]] = v; });
  if (kw) for (const [k, v] of Object.entries(kw)) {
    if (!names.includes(k) && !kwOnly.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (k in out) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
    out[k] = v;
  }
  return out;
}

/**
 * Methods implemented in C that take no arguments (Tensor.dim, Tensor.item): CPython's texts.
 * A trailing empty options object is Python's `f(**{})`, which is allowed.
 */
export function noArgs(qualname: string, args: readonly unknown[]): void {
  if (args.length === 0) return;
  const [pos, kw] = splitCall(args, new Set(), () => false);
  if (pos.length) throw new TypeError(`${qualname}() takes no arguments (${pos.length} given)`);
  if (kw && Object.values(kw).some((v) => v !== undefined)) throw new TypeError(`${qualname}() takes no keyword arguments`);
}
/** C methods that take exactly one positional argument and no keywords (Generator.manual_seed). */
export function oneArg(qualname: string, args: readonly unknown[]): unknown {
  const [pos, kw] = splitCall(args, new Set(), () => false);
  if (kw && Object.values(kw).some((v) => v !== undefined)) throw new TypeError(`${qualname}() takes no keyword arguments`);
  if (pos.length !== 1) throw new TypeError(`${qualname}() takes exactly one argument (${pos.length} given)`);
  return pos[0];
}

// ---- argument checks for Python functions that hand their arguments to a builtin ----

/** A Tensor argument, or PythonArgParser's TypeError (with the position when it came positionally). */
export function tensorArg(fn: string, name: string, v: unknown, position?: number): Tensor {
  if (!isTensor(v)) throw new TypeError(`${fn}(): argument '${name}'${at(position)} must be Tensor, not ${pyType(v)}`);
  return v;
}
export function optTensorArg(fn: string, name: string, v: unknown, position?: number): Tensor | null {
  if (v === undefined || v === null) return null;
  return tensorArg(fn, name, v, position);
}
/** The messages of PythonArgParser for a builtin's int, float and bool arguments (None gives dflt). */
const at = (position?: number): string => (position ? ` (position ${position})` : '');
export function intArg(fn: string, name: string, v: unknown, dflt: number, position?: number): number {
  if (v === undefined || v === null) return dflt;
  if (!isInt(v)) throw new TypeError(`${fn}(): argument '${name}'${at(position)} must be int, not ${pyType(v)}`);
  return v;
}
export function numberArg(fn: string, name: string, v: unknown, dflt: number, position?: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' && typeof v !== 'boolean') throw new TypeError(`${fn}(): argument '${name}'${at(position)} must be float, not ${pyType(v)}`);
  return Number(v);
}
export function boolArg(fn: string, name: string, v: unknown, dflt: boolean, position?: number): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${fn}(): argument '${name}'${at(position)} must be bool, not ${pyType(v)}`);
  return v;
}
