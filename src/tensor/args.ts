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
import type { Tensor } from './tensor.js';
import { DType, dtypeFromName } from './dtype.js';
import { NotImplementedError, RuntimeError, warn } from './errors.js';

export type Kw = Record<string, unknown>;

// The Tensor class, registered by tensor.ts when it loads: importing it here would make this module
// part of an import cycle, and every module binds through this one while the cycle loads.
let TensorClass: abstract new (...args: never[]) => object = class {};
export function registerTensorClass(cls: abstract new (...args: never[]) => object): void { TensorClass = cls; registerPyClass(cls, 'Tensor'); }
const isTensor = (v: unknown): v is Tensor => v instanceof TensorClass;

/** An object literal (or Object.create(null)): what a trailing options object is. */
export function isPlainObject(v: unknown): v is Kw {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// Classes with a Python type name of their own, registered by their modules (importing them here
// would make import cycles; matching class names would fail in a minified bundle).
const PY_CLASSES: [abstract new (...args: never[]) => object, string][] = [[Map, 'dict'], [Set, 'set']];
export function registerPyClass(cls: abstract new (...args: never[]) => object, pyName: string): void { PY_CLASSES.push([cls, pyName]); }

/** The Python type name of a JavaScript value, as CPython's and PyTorch's messages print it. */
export function pyType(v: unknown): string {
  if (v === undefined || v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint': return 'int';
    case 'string': return 'str';
    // a callable nn.Module is a function whose prototype is its class
    case 'function': { const name = (v as { constructor?: { name?: string } }).constructor?.name; return name && name !== 'Function' ? name : 'function'; }
    case 'symbol': return 'symbol';
  }
  if (Array.isArray(v)) return 'list';
  if (isPlainObject(v)) return 'dict';
  if (v instanceof DType) return 'torch.dtype';
  // the latest registered first: a subclass (Parameter) is registered after its base (Tensor)
  for (let i = PY_CLASSES.length - 1; i >= 0; i--) if (v instanceof PY_CLASSES[i][0]) return PY_CLASSES[i][1];
  return (v as object).constructor?.name ?? 'object';
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Names a list as CPython's missing-argument message does: 'a', 'a' and 'b', 'a', 'b', and 'c'. */
function pyNameList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 2) return q.join(' and ');
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

// ---- parameter lists ----

/** Splits a parameter list at top-level commas (defaults may be tuples or quoted strings). */
function splitParams(s: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = '', cur = '';
  for (const ch of s) {
    if (quote) { if (ch === quote) quote = ''; cur += ch; continue; }
    if (ch === '\'' || ch === '"') quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The value of a default written in Python: None, True, 1e-08, 'mean', (0.9, 0.999), required. */
function parseDefault(s: string): unknown {
  if (s === 'None') return null;
  if (s === 'True') return true;
  if (s === 'False') return false;
  if (s === 'required') return Symbol.for('torchlet.optim.required');
  if (/^['"]/.test(s)) return s.slice(1, -1);
  if (/^[([]/.test(s)) return splitParams(s.slice(1, -1)).map(parseDefault);
  if (s === 'inf' || s === '-inf') return s === 'inf' ? Infinity : -Infinity;
  const n = Number(s);
  if (Number.isNaN(n)) throw new Error(`args: cannot read the default ${s}`);
  return n;
}
/** A default for a fresh call (lists are copied, so no caller can change the signature's). */
function fresh(v: unknown): unknown { return Array.isArray(v) ? v.slice() : v; }

function headOf(text: string): [string, string] {
  const open = text.indexOf('(');
  if (open < 0 || !text.endsWith(')')) throw new Error(`args: bad signature ${text}`);
  return [text.slice(0, open), text.slice(open + 1, -1)];
}

/**
 * Separates keyword arguments from positional ones: a trailing plain object is the options object,
 * unless it is the value of a parameter that takes a dict (`dictAt(i)`: a state dict, a param
 * group), which it is when one of its keys names no parameter or it is empty and that parameter
 * has no value yet. `undefined` is JavaScript's "not given": trailing ones are dropped.
 */
function splitCall(args: readonly unknown[], names: ReadonlySet<string>, dictAt: (i: number) => boolean): [unknown[], Kw | null] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const last = args[n - 1];
  if (n > 0 && isPlainObject(last)) {
    const keys = Object.keys(last);
    const asValue = dictAt(n - 1) && (keys.length === 0 || keys.some((k) => !names.has(k)));
    if (!asValue) return [args.slice(0, n - 1), last];
  }
  return [n === args.length ? args as unknown[] : args.slice(0, n), null];
}

/** A call's positional arguments and its options object (null when it has none). */
export function splitArgs(args: readonly unknown[]): [unknown[], Kw | null] { return splitCall(args, new Set(), () => false); }

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
    const [pos, kw] = splitCall(args, this.names, (i) => this.positional[i]?.dict ?? false);
    const np = this.positional.length, out: Kw = {};
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

// ---- PyTorch's builtins (PythonArgParser) ----

type ParamType = 'Tensor' | 'int' | 'float' | 'bool' | 'Number' | 'str' | 'dtype' | 'Generator' | 'device' | 'layout'
  | 'memory_format' | 'int[]' | 'SymInt[]' | 'Tensor[]' | 'OptTensor[]' | 'name' | 'names' | 'object';
/** How PyTorch prints each parameter type in its messages. */
const TYPE_NAMES: Record<ParamType, string> = {
  Tensor: 'Tensor', int: 'int', float: 'float', bool: 'bool', Number: 'Number', str: 'str', dtype: 'torch.dtype',
  Generator: 'torch.Generator', device: 'torch.device', layout: 'torch.layout', memory_format: 'torch.memory_format',
  'int[]': 'tuple of ints', 'SymInt[]': 'tuple of SymInts', 'Tensor[]': 'tuple of Tensors', 'OptTensor[]': 'tuple of Tensors', name: 'name', names: 'tuple of names', object: 'object',
};
// keyword spellings PyTorch also accepts, for NumPy compatibility
const NUMPY_NAMES: Record<string, string[]> = { dim: ['axis'], keepdim: ['keepdims'], input: ['x', 'a', 'x1'], other: ['x2'] };

interface AtenParam {
  name: string; type: ParamType; size: number; allowNone: boolean; optional: boolean; dflt: unknown; kwOnly: boolean;
  names: string[];
}

const isDtypeName = (v: unknown): boolean => {
  if (typeof v !== 'string') return false;
  try { dtypeFromName(v); return true; } catch { return false; }
};
const isIntList = (p: AtenParam): boolean => p.type === 'int[]' || p.type === 'SymInt[]';

/** FunctionParameter::check: does v fit the parameter's type? (Int lists: by their first element.) */
function fits(p: AtenParam, v: unknown, numbersAsTensors: boolean): boolean {
  switch (p.type) {
    case 'Tensor': return isTensor(v) || (numbersAsTensors && (typeof v === 'number' || typeof v === 'boolean'));
    case 'int': return isInt(v);
    case 'float': case 'Number': return typeof v === 'number' || typeof v === 'boolean';
    case 'bool': return typeof v === 'boolean';
    case 'str': return typeof v === 'string';
    // dtype names as strings are torchlet's convenience (options read from JSON)
    case 'dtype': return v instanceof DType || isDtypeName(v);
    case 'Generator': return pyType(v) === 'torch.Generator';
    case 'device': return (typeof v === 'string' && !isDtypeName(v)) || pyType(v) === 'torch.device' || isInt(v);
    case 'layout': case 'memory_format': return typeof v === 'string';
    case 'int[]': case 'SymInt[]': return (Array.isArray(v) && (v.length === 0 || isInt(v[0]))) || (p.size > 0 && isInt(v));
    case 'Tensor[]': case 'OptTensor[]': return Array.isArray(v);
    case 'name': case 'names': return false; // named tensors do not exist in torchlet
    case 'object': return true;
  }
}

/** One overload, from PyTorch's schema text: `argmax(Tensor input, int? dim=None, bool keepdim=False)`. */
class Overload {
  readonly params: AtenParam[] = [];
  readonly maxPos: number;
  readonly minArgs: number;
  constructor(readonly name: string, params: AtenParam[], readonly hidden: boolean) {
    this.params = params;
    this.maxPos = params.filter((p) => !p.kwOnly).length;
    this.minArgs = params.filter((p) => !p.optional).length;
  }
  static parse(text: string, hidden: boolean): Overload {
    const [name, list] = headOf(text);
    const params: AtenParam[] = [];
    let kwOnly = false;
    for (const item of splitParams(list)) {
      if (item === '*') { kwOnly = true; continue; }
      const m = /^(\w+)(\[(\d*)\])?(\?)? (\w+)(=(.*))?$/.exec(item);
      if (!m) throw new Error(`args: bad parameter ${item} in ${text}`);
      const type = (m[2] ? `${m[1]}[]` : m[1]) as ParamType;
      if (!(type in TYPE_NAMES)) throw new Error(`args: unknown type ${type} in ${text}`);
      params.push({ name: m[5], type, size: m[3] ? Number(m[3]) : 0, allowNone: !!m[4], optional: m[6] !== undefined,
        dflt: m[6] !== undefined ? parseDefault(m[7]) : undefined, kwOnly, names: [m[5], ...(NUMPY_NAMES[m[5]] ?? [])] });
    }
    return new Overload(name, params, hidden);
  }
  /** PyTorch's printing of the overload, as in its "expected one of" lists. */
  get text(): string {
    const parts: string[] = [];
    let star = false;
    for (const p of this.params) {
      if (p.kwOnly && !star) { parts.push('*'); star = true; }
      parts.push(`${TYPE_NAMES[p.type]} ${p.name}`);
    }
    return `(${parts.join(', ')})`;
  }
  /** The method form: self (the first Tensor, named input or self) and out= dropped. */
  method(): Overload {
    return new Overload(this.name, this.params.slice(1).filter((p) => p.name !== 'out'), this.hidden);
  }
  get selfName(): string | null {
    const p = this.params[0];
    return p && !p.kwOnly && p.type === 'Tensor' && (p.name === 'input' || p.name === 'self') ? p.name : null;
  }

  private findKw(kw: Kw | null, p: AtenParam): [unknown, string | null] {
    if (kw) for (const n of p.names) if (kw[n] !== undefined) return [kw[n], n];
    return [undefined, null];
  }

  /**
   * FunctionSignature::parse: the bound values, or null when the call does not fit (with
   * `raise`, the TypeError PyTorch raises instead).
   */
  bind(pos: readonly unknown[], kw: Kw | null, raise: boolean, numbersAsTensors: boolean): Kw | null {
    const nargs = pos.length;
    // a lone int-list parameter may be given as varargs: view(2, 3) is view((2, 3))
    const varargs = this.maxPos === 1 && isIntList(this.params[0]);
    if (nargs > this.maxPos && !varargs) return raise ? this.extraArgs(nargs) : null;
    const out: Kw = {};
    let argPos = 0, usedKw = 0;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i];
      let v: unknown, isKw = false;
      if (argPos < nargs) {
        if (p.kwOnly) return raise ? this.extraArgs(nargs) : null;
        v = pos[argPos];
      } else {
        let key: string | null;
        [v, key] = this.findKw(kw, p);
        isKw = true;
        if (key !== null) usedKw++;
      }
      if ((v === undefined && p.optional) || (v === null && p.allowNone)) out[p.name] = fresh(p.dflt) ?? null;
      else if (v === undefined) return raise ? this.missingArgs(i) : null;
      else if (fits(p, v, numbersAsTensors)) out[p.name] = v;
      else if (varargs && argPos === 0 && !isKw && isInt(v)) { out[p.name] = pos.slice(); argPos = nargs; continue; }
      else if (!raise) return null;
      else if (isKw) throw new TypeError(`${this.name}(): argument '${p.name}' must be ${TYPE_NAMES[p.type]}, not ${pyType(v)}`);
      else throw new TypeError(`${this.name}(): argument '${p.name}' (position ${argPos + 1}) must be ${TYPE_NAMES[p.type]}, not ${pyType(v)}`);
      if (!isKw) argPos++;
    }
    const given = kw ? Object.values(kw).filter((v) => v !== undefined).length : 0;
    if (given > usedKw) return raise ? this.extraKwargs(kw!, nargs) : null;
    return out;
  }

  private extraArgs(nargs: number): never {
    const min = this.minArgs, max = this.maxPos;
    if (min !== max) throw new TypeError(`${this.name}() takes from ${min} to ${max} positional arguments but ${nargs} were given`);
    throw new TypeError(`${this.name}() takes ${max} positional argument${max === 1 ? '' : 's'} but ${nargs} ${nargs === 1 ? 'was' : 'were'} given`);
  }
  private missingArgs(from: number): never {
    const names = this.params.slice(from).filter((p) => !p.optional).map((p) => `"${p.name}"`);
    // PyTorch's plural is the wrong way round ("1 required positional arguments")
    throw new TypeError(`${this.name}() missing ${names.length} required positional argument${names.length === 1 ? 's' : ''}: ${names.join(', ')}`);
  }
  private extraKwargs(kw: Kw, nargs: number): never {
    for (const [k, v] of Object.entries(kw)) {
      if (v === undefined) continue;
      const idx = this.params.findIndex((p) => p.names.includes(k));
      if (idx < 0) throw new TypeError(`${this.name}() got an unexpected keyword argument '${k}'`);
      if (idx < nargs) throw new TypeError(`${this.name}() got multiple values for argument '${k}'`);
    }
    throw new TypeError('invalid keyword arguments');
  }

  /** After the overload is chosen: int lists checked element by element, dtype names read. */
  finish(out: Kw): Kw {
    for (const p of this.params) {
      const v = out[p.name];
      if (v === null || v === undefined) continue;
      if (isIntList(p)) {
        if (isInt(v)) { out[p.name] = new Array(p.size).fill(v); continue; }
        const list = v as unknown[];
        list.forEach((e, i) => {
          if (!isInt(e)) throw new TypeError(`${this.name}(): argument '${p.name}' must be ${TYPE_NAMES[p.type]}, but found element of type ${pyType(e)} at pos ${i + 1}`);
        });
        out[p.name] = list.slice();
      } else if (p.type === 'Tensor[]' || p.type === 'OptTensor[]') {
        (v as unknown[]).forEach((e, i) => {
          if (!isTensor(e) && !(p.type === 'OptTensor[]' && e === null)) throw new TypeError(`expected Tensor as element ${i} in argument ${this.params.indexOf(p)}, but got ${pyType(e)}`);
        });
      } else if (p.type === 'dtype' && typeof v === 'string') out[p.name] = dtypeFromName(v);
      else if (p.type === 'float' && typeof v === 'boolean') out[p.name] = Number(v);
      else if (p.type === 'device') checkDevice(v);
      else if (p.name === 'out' && p.kwOnly) throw new NotImplementedError(`${this.name}(): torchlet does not support the out= argument`);
    }
    return out;
  }
}

/** A device argument must name the CPU: 'cpu', 'cpu:0', torch.device('cpu'). */
export function checkDevice(v: unknown): void {
  const s = typeof v === 'string' ? v : isInt(v) ? `cuda:${v}` : String((v as { type?: string }).type);
  if (!/^cpu(:\d+)?$/.test(s)) throw new RuntimeError(`torchlet runs on the CPU only (asked for '${s}')`);
}

/** The overloads of one calling form (function or method), with where self goes and their index in the declaration. */
interface Form { overloads: Overload[]; self: (string | null)[]; index: number[] }

/**
 * A builtin's overloads, as PyTorch declares them (`hidden` ones are deprecated forms that still
 * bind but are never listed). Called as a function (`parse(args)`) or as a Tensor method
 * (`parse(args, self)`: self fills the first Tensor parameter and out= is dropped, as in
 * PyTorch's method signatures). Returns the bound values and the index of the overload.
 */
export class Builtin {
  private readonly overloads: Overload[];
  private methodForm: Form | null = null;
  private readonly functionForm: Form;
  private readonly names: Set<string>;
  constructor(visible: string[], hidden: string[] = [], private readonly numbersAsTensors = false) {
    this.overloads = [...visible.map((t) => Overload.parse(t, false)), ...hidden.map((t) => Overload.parse(t, true))];
    this.names = new Set(this.overloads.flatMap((o) => o.params.flatMap((p) => p.names)));
    this.functionForm = { overloads: this.overloads, self: this.overloads.map(() => null), index: this.overloads.map((_, i) => i) };
  }
  get name(): string { return this.overloads[0].name; }

  private methodOverloads(): Form {
    if (!this.methodForm) {
      const index = this.overloads.map((o, i) => (o.selfName === null ? -1 : i)).filter((i) => i >= 0);
      // an op declared without self (view, to) is a method only
      this.methodForm = index.length === 0 ? this.functionForm : {
        overloads: index.map((i) => this.overloads[i].method()), self: index.map((i) => this.overloads[i].selfName), index,
      };
    }
    return this.methodForm;
  }

  parse(args: readonly unknown[], self?: Tensor): [Kw, number] {
    const form = self === undefined ? this.functionForm : this.methodOverloads();
    const sigs = form.overloads;
    const [pos, kw] = splitCall(args, this.names, () => false);
    let chosen = -1, out: Kw | null = null;
    if (sigs.length === 1) { out = sigs[0].bind(pos, kw, true, this.numbersAsTensors); chosen = 0; }
    else for (let i = 0; i < sigs.length && !out; i++) { out = sigs[i].bind(pos, kw, false, this.numbersAsTensors); chosen = i; }
    if (!out) this.fail(sigs, pos, kw);
    const sig = sigs[chosen];
    if (sig.hidden) this.deprecated(sig, sigs);
    sig.finish(out!);
    const selfName = form.self[chosen];
    if (selfName) out![selfName] = self;
    return [out!, form.index[chosen]];
  }

  private fail(sigs: Overload[], pos: readonly unknown[], kw: Kw | null): never {
    const given = kw ? Object.entries(kw).filter(([, v]) => v !== undefined) : [];
    const n = pos.length + given.length;
    const plausible = sigs.filter((s) => !s.hidden && n >= s.minArgs && n <= s.params.length);
    if (plausible.length === 1) plausible[0].bind(pos, kw, true, this.numbersAsTensors);
    throw new TypeError(invalidArgs(this.name, pos, given, sigs.filter((s) => !s.hidden).map((s) => s.text)));
  }

  private deprecated(sig: Overload, sigs: Overload[]): void {
    const instead = sigs.filter((s) => !s.hidden).map((s) => `${this.name}${s.text}`).join('\n\t');
    warn(`This overload of ${this.name} is deprecated:\n\t${this.name}${sig.text}\nConsider using one of the following signatures instead:\n\t${instead}`);
  }
}
/** A builtin callable as a function, with its method form for Tensor (`op.method(self, args)`). */
export type Op<F extends (...args: never[]) => unknown> = F & { method(self: Tensor, args: readonly unknown[]): ReturnType<F> };
/** Binds `sig` to `impl` once: the function form and the method form share the overloads. */
export function op<F extends (...args: never[]) => unknown>(sig: Builtin, impl: (a: Kw, overload: number) => ReturnType<F>): Op<F> {
  const fn = ((...args: unknown[]) => { const [a, k] = sig.parse(args); return impl(a, k); }) as unknown as Op<F>;
  fn.method = (self, args) => { const [a, k] = sig.parse(args, self); return impl(a, k); };
  return fn;
}

/** A builtin's binder from its overloads' texts. */
export function builtin(visible: string | string[], hidden: string[] = [], opts: { numbersAsTensors?: boolean } = {}): Builtin {
  return new Builtin(typeof visible === 'string' ? [visible] : visible, hidden, opts.numbersAsTensors ?? false);
}

// ---- PyTorch's "invalid combination of arguments" message (torch/csrc/utils/invalid_arguments.cpp) ----

/** How invalid_arguments.cpp reads an overload's text back: each ", "-separated token is an argument. */
function optionArgs(option: string): { name: string; type: string }[] {
  return option.slice(1, -1).split(', ').map((a) => {
    const sp = a.lastIndexOf(' ');
    return { name: a.slice(sp + 1), type: a.slice(0, Math.max(sp, 0)) };
  });
}
function optionMatches(type: string, v: unknown): boolean {
  const t = pyType(v);
  if (type === 'float') return t === 'float' || t === 'int';
  if (type === 'int') return t === 'int';
  return t === type;
}
function describeArg(v: unknown): string {
  if (!Array.isArray(v)) return pyType(v);
  return `list of [${v.map(pyType).join(', ')}]`;
}

/**
 * The message PyTorch builds when no overload fits. Keyword arguments come in reverse order (the
 * order PyTorch's unordered_map gives for a few keys).
 */
function invalidArgs(name: string, pos: readonly unknown[], given: [string, unknown][], options: string[]): string {
  const kwargs = given.slice().reverse();
  const kwNames = new Set(kwargs.map(([k]) => k));
  let msg = `${name}() received an invalid combination of arguments - `;
  const argDesc = (): string => {
    let s = [...pos.map(pyType), ...kwargs.map(([k, v]) => `${k}=${pyType(v)}`)].map((e) => `${e}, `).join('');
    if (pos.length) s = s.slice(0, -2);
    return `(${s})`;
  };
  const countMatch = (args: { name: string }[]): boolean => pos.length + kwargs.length === args.length;
  const unmatchedKw = (args: { name: string }[]): string[] => {
    const start = Math.max(args.length - kwargs.length, 0);
    return kwargs.map(([k]) => k).filter((k) => !args.slice(start).some((a) => a.name === k));
  };
  const formatted = (args: { name: string; type: string }[]): string => {
    let s = '';
    for (let i = 0; i < pos.length + kwargs.length; i++) {
      const isKw = i >= pos.length;
      const v = isKw ? new Map(kwargs).get(args[i].name) : pos[i];
      const ok = i < args.length && optionMatches(args[i].type, v);
      s += `${ok ? '' : '!'}${isKw ? `${args[i].name}=` : ''}${describeArg(v)}${ok ? '' : '!'}, `;
    }
    if (pos.length) s = s.slice(0, -2);
    return `(${s})`;
  };
  if (options.length === 1) {
    const args = optionArgs(options[0]);
    const bad = kwNames.size ? unmatchedKw(args) : [];
    if (bad.length) return `${msg}got unrecognized keyword arguments: ${bad.join(', ')}`;
    return `${msg}got ${countMatch(args) ? formatted(args) : argDesc()}, but expected ${options[0]}`;
  }
  msg += `got ${argDesc()}, but expected one of:\n`;
  for (const option of options) {
    msg += ` * ${option}\n`;
    const args = optionArgs(option);
    if (!countMatch(args)) continue;
    const bad = kwNames.size ? unmatchedKw(args) : [];
    msg += bad.length ? `      didn't match because some of the keywords were incorrect: ${bad.join(', ')}\n`
      : `      didn't match because some of the arguments have invalid types: ${formatted(args)}\n`;
  }
  return msg;
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
