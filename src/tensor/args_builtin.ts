// PyTorch's PythonArgParser (torch/csrc/utils/python_arg_parser.cpp) for the builtins: typed
// overloads written as PyTorch lists them, int lists given as varargs, keyword-only parameters,
// hidden (deprecated) overloads, and its TypeError texts, including the "received an invalid
// combination of arguments" listing (torch/csrc/utils/invalid_arguments.cpp). Part of the
// calling-convention module: import it from './args.js'.
import type { Tensor } from './tensor.js';
import { DType, dtypeFromName } from './dtype.js';
import { AssertionError, NotImplementedError, RuntimeError, warn } from './errors.js';
import { fresh, headOf, isInt, isTensor, parseDefault, pyType, splitCall, splitParams, type Kw } from './args_core.js';

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
    case 'float': return typeof v === 'number' || typeof v === 'boolean';
    // a 0-dim tensor outside the graph passes for a number (x.add_(y, alpha=torch.tensor(2.)))
    case 'Number': return typeof v === 'number' || typeof v === 'boolean' || (isTensor(v) && v.ndim === 0 && !v.requires_grad);
    case 'bool': return typeof v === 'boolean';
    case 'str': return typeof v === 'string';
    // dtype names as strings are torchlet's convenience (options read from JSON)
    case 'dtype': return v instanceof DType || isDtypeName(v);
    case 'Generator': return pyType(v) === 'torch.Generator';
    case 'device': return (typeof v === 'string' && !isDtypeName(v)) || pyType(v) === 'torch.device' || isInt(v);
    case 'layout': case 'memory_format': return typeof v === 'string';
    case 'int[]': case 'SymInt[]': return (Array.isArray(v) && (v.length === 0 || isInt(v[0]))) || (p.size > 0 && isInt(v));
    case 'Tensor[]': case 'OptTensor[]': return Array.isArray(v);
    // a Dimname: a str (named tensors do not exist in torchlet, so binding one always fails later, as in 1.13 for unnamed tensors)
    case 'name': return typeof v === 'string';
    case 'names': return typeof v === 'string' || (Array.isArray(v) && v.length > 0 && typeof v[0] === 'string');
    case 'object': return true;
  }
}

/** One overload, from PyTorch's schema text: `argmax(Tensor input, int? dim=None, bool keepdim=False)`. */
class Overload {
  readonly params: AtenParam[] = [];
  readonly maxPos: number;
  readonly minArgs: number;
  /** Whether any parameter takes a dimension name (dimnames() then has something to check). */
  readonly hasNames: boolean;
  constructor(readonly name: string, params: AtenParam[], readonly hidden: boolean) {
    this.params = params;
    this.maxPos = params.filter((p) => !p.kwOnly).length;
    this.minArgs = params.filter((p) => !p.optional).length;
    this.hasNames = params.some((p) => p.type === 'name' || p.type === 'names');
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
      // as PythonArgParser: a parameter whose default is None also takes None
      params.push({ name: m[5], type, size: m[3] ? Number(m[3]) : 0, allowNone: !!m[4] || m[7] === 'None', optional: m[6] !== undefined,
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
      else if (p.type === 'Number' && isTensor(v)) out[p.name] = v.item(); // the 0-dim tensor's value, as PyTorch's Scalar
      else if (p.type === 'device') checkDevice(v);
      else if (p.name === 'out' && p.kwOnly) throw new NotImplementedError(`${this.name}(): torchlet does not support the out= argument`);
    }
    return out;
  }
}

/** A device argument must name the CPU: 'cpu', 'cpu:0', torch.device('cpu'). */
export function checkDevice(v: unknown): void {
  const s = typeof v === 'string' ? v : isInt(v) ? `cuda:${v}` : String((v as { type?: string }).type);
  if (/^cuda(:\d+)?$/.test(s)) throw new AssertionError('Torch not compiled with CUDA enabled'); // a CPU-only PyTorch's answer
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
    dimnames(this.name, sig, out!, self);
    return [out!, form.index[chosen]];
  }

  private fail(sigs: Overload[], pos: readonly unknown[], kw: Kw | null): never {
    const given = kw ? Object.entries(kw).filter(([, v]) => v !== undefined) : [];
    const n = pos.length + given.length;
    const plausible = sigs.filter((s) => !s.hidden && n >= s.minArgs && n <= s.params.length);
    if (plausible.length === 1) plausible[0].bind(pos, kw, true, this.numbersAsTensors);
    throw new TypeError(invalidArgs(this.name, pos, given, sigs.filter((s) => !s.hidden).map((s) => s.text)));
  }

  /** PythonArgParser::check_deprecated: TORCH_WARN_ONCE, so only the first deprecated call of a process warns. */
  private deprecated(sig: Overload, sigs: Overload[]): void {
    const instead = sigs.filter((s) => !s.hidden).map((s) => `${this.name}${s.text}`).join('\n\t');
    warn(`This overload of ${this.name} is deprecated:\n\t${this.name}${sig.text}\nConsider using one of the following signatures instead:\n\t${instead}` +
      ' (Triggered internally at  ./torch/csrc/utils/python_arg_parser.cpp:1420.)', 'python_arg_parser: deprecated overload');
  }
}
// the ops whose Dimname overloads 1.13 declares but does not implement (reportNYIDimnameOverload)
const NYI_DIMNAME = new Set(['sort', 'argsort', 'all', 'any', 'index_select', 'gather', 'scatter', 'scatter_', 'index_add', 'index_add_',
  'index_copy', 'index_copy_', 'scatter_add', 'scatter_add_']);
/**
 * A Dimname overload chosen: every tensor here is unnamed, so 1.13 fails, either as not
 * implemented or (dimname_to_position) not finding the name; the last name is looked up first, as
 * C++ evaluates the arguments.
 */
function dimnames(name: string, sig: Overload, out: Kw, self: Tensor | undefined): void {
  if (!sig.hasNames) return;
  const given = sig.params.filter((p) => (p.type === 'name' || p.type === 'names') && out[p.name] !== null && out[p.name] !== undefined);
  if (given.length === 0) return;
  if (NYI_DIMNAME.has(name)) {
    throw new RuntimeError(`${name}: You passed a dimname (string) to this op in place of a dimension index but it does not yet support this behavior. Please pass a dimension index to work around this.`);
  }
  const v = out[given[given.length - 1].name];
  const dimname = Array.isArray(v) ? v[0] : v;
  const first = sig.params.find((p) => p.type === 'Tensor' || p.type === 'Tensor[]');
  const t = self ?? (first && (first.type === 'Tensor' ? out[first.name] : (out[first.name] as unknown[])[0]));
  const nd = isTensor(t) ? t.ndim : 0;
  throw new RuntimeError(`Name '${dimname}' not found in Tensor[${new Array(nd).fill('None').join(', ')}].`);
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
      s += `${ok ? '' : '!'}${isKw ? `${args[i].name}=` : ''}${pyType(v)}${ok ? '' : '!'}, `;
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
