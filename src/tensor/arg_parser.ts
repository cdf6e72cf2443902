// PyTorch's PythonArgParser (torch/csrc/utils/python_arg_parser.cpp and invalid_arguments.cpp) for
// the overloaded tensor methods and functions that take it over: a call is positionals, then an
// optional trailing options object of keywords; it binds to the first signature that accepts it,
// in PyTorch's order, a deprecated signature warns as 1.13 does, and a call no signature accepts
// raises the TypeError text 1.13 raises.
import { Tensor } from './tensor.js';
import { warn } from './errors.js';

type ParamType = 'Tensor' | 'Number' | 'bool' | 'str';
interface Param { name: string; type: ParamType; optional: boolean; kwOnly: boolean; nullable: boolean }
interface Signature { params: Param[]; deprecated: boolean; text: string }
export type Bound = Record<string, unknown>;

/**
 * Signatures written as PyTorch declares them, e.g. `(Tensor other, *, Number alpha=1)`,
 * `(Tensor? min=None, Tensor? max=None)`; a leading `deprecated` hides one from error messages.
 */
export class ArgParser {
  private readonly sigs: Signature[];
  constructor(readonly name: string, signatures: string[], private readonly numbersAsTensors = false) {
    this.sigs = signatures.map(parseSignature);
  }

  /** Binds args; returns the bound values and the index of the signature that took them. */
  parse(args: readonly unknown[]): { index: number; values: Bound } {
    const { pos, kw } = splitArgs(args);
    // one signature explains its own failure (PythonArgParser::raw_parse)
    if (this.sigs.length === 1) return { index: 0, values: this.bind(this.sigs[0], pos, kw, true)! };
    for (let i = 0; i < this.sigs.length; i++) {
      const values = this.bind(this.sigs[i], pos, kw, false);
      if (values) {
        if (this.sigs[i].deprecated) this.warnDeprecated(this.sigs[i]);
        return { index: i, values };
      }
    }
    // print_error: one plausible visible signature explains itself, otherwise list them all
    const n = pos.length + kw.size;
    const visible = this.sigs.filter((s) => !s.deprecated);
    const plausible = visible.filter((s) => n >= minArgs(s) && n <= s.params.length);
    if (plausible.length === 1) this.bind(plausible[0], pos, kw, true);
    throw new TypeError(formatInvalidArgs(`${this.name}()`, pos, kw, visible.map((s) => s.text)));
  }

  /** PythonArgParser::check_deprecated: TORCH_WARN_ONCE, so only the first deprecated call of a process warns. */
  private warnDeprecated(sig: Signature): void {
    const others = this.sigs.filter((s) => !s.deprecated).map((s) => `\t${this.name}${s.text}`).join('\n');
    warn(`This overload of ${this.name} is deprecated:\n\t${this.name}${sig.text}\nConsider using one of the following signatures instead:\n` +
      `${others} (Triggered internally at  ./torch/csrc/utils/python_arg_parser.cpp:1420.)`, 'python_arg_parser: deprecated overload');
  }

  /** FunctionSignature::parse: the bound values, or null (or PyTorch's TypeError when `raise`). */
  private bind(sig: Signature, pos: unknown[], kw: Map<string, unknown>, raise: boolean): Bound | null {
    const maxPos = sig.params.filter((p) => !p.kwOnly).length;
    if (pos.length > maxPos) {
      if (raise) throw new TypeError(extraArgs(this.name, sig, pos.length));
      return null;
    }
    const out: Bound = {};
    let argPos = 0, remaining = kw.size;
    for (let i = 0; i < sig.params.length; i++) {
      const p = sig.params[i];
      let v: unknown, isKw = false;
      if (argPos < pos.length) {
        if (p.kwOnly) { if (raise) throw new TypeError(extraArgs(this.name, sig, pos.length)); return null; }
        v = pos[argPos];
      } else { v = kw.get(p.name); isKw = true; }
      if ((v === undefined && p.optional) || (v === null && p.nullable)) out[p.name] = null;
      else if (v === undefined) {
        if (raise) throw new TypeError(missingArgs(this.name, sig, i));
        return null;
      } else if (this.accepts(p, v)) out[p.name] = v;
      else if (raise) {
        throw new TypeError(isKw ? `${this.name}(): argument '${p.name}' must be ${p.type}, not ${pyType(v)}`
          : `${this.name}(): argument '${p.name}' (position ${argPos + 1}) must be ${p.type}, not ${pyType(v)}`);
      } else return null;
      if (!isKw) argPos++;
      else if (v !== undefined) remaining--;
    }
    if (remaining > 0) {
      if (!raise) return null;
      for (const k of kw.keys()) {
        const at = sig.params.findIndex((p) => p.name === k);
        if (at < 0) throw new TypeError(`${this.name}() got an unexpected keyword argument '${k}'`);
        if (at < pos.length) throw new TypeError(`${this.name}() got multiple values for argument '${k}'`);
      }
    }
    return out;
  }

  private accepts(p: Param, v: unknown): boolean {
    const num = typeof v === 'number' || typeof v === 'boolean';
    switch (p.type) {
      case 'Tensor': return v instanceof Tensor || (this.numbersAsTensors && num);
      // a 0-dim tensor outside the graph passes for a number, as in PyTorch
      case 'Number': return num || (v instanceof Tensor && v.ndim === 0 && !v.requires_grad);
      case 'bool': return typeof v === 'boolean';
      case 'str': return typeof v === 'string';
    }
  }
}

/** For methods without parameters (CPython's METH_NOARGS messages). */
export function noArgs(name: string, args: readonly unknown[]): void {
  const { pos, kw } = splitArgs(args);
  if (kw.size) throw new TypeError(`_TensorBase.${name}() takes no keyword arguments`);
  if (pos.length) throw new TypeError(`_TensorBase.${name}() takes no arguments (${pos.length} given)`);
}

/** Python's type name for a JavaScript value, as PyTorch's messages print it. */
export function pyType(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (v instanceof Tensor) return 'Tensor';
  if (Array.isArray(v)) return 'list';
  if (isOptions(v)) return 'dict';
  return (v as object).constructor?.name ?? 'object';
}

function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Tensor) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Positionals (trailing undefineds dropped, as JavaScript's "not given") and keywords (undefined values dropped). */
function splitArgs(args: readonly unknown[]): { pos: unknown[]; kw: Map<string, unknown> } {
  const pos = args.slice();
  const kw = new Map<string, unknown>();
  while (pos.length && pos[pos.length - 1] === undefined) pos.pop();
  if (pos.length && isOptions(pos[pos.length - 1])) {
    for (const [k, v] of Object.entries(pos.pop() as Record<string, unknown>)) if (v !== undefined) kw.set(k, v);
  }
  return { pos, kw };
}

function parseSignature(src: string): Signature {
  const deprecated = src.startsWith('deprecated ');
  const body = src.slice(src.indexOf('(') + 1, src.lastIndexOf(')')).trim();
  const params: Param[] = [];
  let kwOnly = false;
  for (const part of body ? body.split(', ') : []) {
    if (part === '*') { kwOnly = true; continue; }
    const [decl, dflt] = part.split('=');
    const [type, name] = decl.split(' ');
    params.push({ name, type: type.replace('?', '') as ParamType, optional: dflt !== undefined, kwOnly, nullable: type.endsWith('?') });
  }
  // FunctionSignature::toString: types without '?', no defaults, '*' before the first keyword-only
  const shown: string[] = [];
  params.forEach((p, i) => { if (p.kwOnly && (i === 0 || !params[i - 1].kwOnly)) shown.push('*'); shown.push(`${p.type} ${p.name}`); });
  return { params, deprecated, text: `(${shown.join(', ')})` };
}

function minArgs(s: Signature): number { return s.params.filter((p) => !p.optional).length; }

function extraArgs(name: string, sig: Signature, given: number): string {
  const maxPos = sig.params.filter((p) => !p.kwOnly).length, min = minArgs(sig);
  if (min !== maxPos) return `${name}() takes from ${min} to ${maxPos} positional arguments but ${given} were given`;
  return `${name}() takes ${maxPos} positional argument${maxPos === 1 ? '' : 's'} but ${given} ${given === 1 ? 'was' : 'were'} given`;
}
function missingArgs(name: string, sig: Signature, from: number): string {
  const names = sig.params.slice(from).filter((p) => !p.optional).map((p) => `"${p.name}"`);
  // PyTorch's plural is inverted: "1 required positional arguments"
  return `${name}() missing ${names.length} required positional argument${names.length === 1 ? 's' : ''}: ${names.join(', ')}`;
}

// ---- invalid_arguments.cpp: the "received an invalid combination of arguments" text ----

/** An option re-read from its printed form, as _parseOption does (so '*' counts as an argument). */
function optionArgs(text: string): { name: string; type: string }[] {
  const body = text.slice(1, -1);
  return (body ? body.split(', ') : []).map((a) => {
    const sp = a.lastIndexOf(' ');
    return sp < 0 ? { name: a, type: a } : { name: a.slice(sp + 1), type: a.slice(0, sp) };
  });
}
function typeMatches(type: string, v: unknown): boolean {
  const t = pyType(v);
  if (type === 'float') return t === 'float' || t === 'int';
  return t === type;
}
function argDesc(pos: unknown[], kw: Map<string, unknown>): string {
  const parts = [...pos.map(describeArg), ...[...kw].map(([k, v]) => `${k}=${describeArg(v)}`)];
  // PyTorch trims the trailing ", " only when there are positionals
  return `(${parts.join(', ')}${pos.length === 0 && kw.size ? ', ' : ''})`;
}
function describeArg(v: unknown): string {
  return Array.isArray(v) ? `list of [${v.map(pyType).join(', ')}]` : pyType(v);
}
function formattedArgDesc(opt: { name: string; type: string }[], pos: unknown[], kw: Map<string, unknown>): string {
  const parts: string[] = [];
  for (let i = 0; i < pos.length + kw.size; i++) {
    const isKw = i >= pos.length;
    const v = isKw ? kw.get(opt[i].name) : pos[i];
    const ok = i < opt.length && typeMatches(opt[i].type, v);
    const text = `${isKw ? `${opt[i].name}=` : ''}${describeArg(v)}`;
    parts.push(ok ? text : `!${text}!`);
  }
  return `(${parts.join(', ')}${pos.length === 0 && kw.size ? ', ' : ''})`;
}
function unmatchedKwargs(opt: { name: string }[], kw: Map<string, unknown>): string[] {
  const start = Math.max(0, opt.length - kw.size);
  return [...kw.keys()].filter((k) => !opt.slice(start).some((a) => a.name === k));
}

export function formatInvalidArgs(fn: string, pos: unknown[], kw: Map<string, unknown>, options: string[]): string {
  let msg = `${fn} received an invalid combination of arguments - `;
  const countMatches = (opt: unknown[]) => opt.length === pos.length + kw.size;
  if (options.length === 1) {
    const opt = optionArgs(options[0]);
    const unmatched = kw.size ? unmatchedKwargs(opt, kw) : [];
    if (unmatched.length) return msg + `got unrecognized keyword arguments: ${unmatched.join(', ')}`;
    return msg + `got ${countMatches(opt) ? formattedArgDesc(opt, pos, kw) : argDesc(pos, kw)}, but expected ${options[0]}`;
  }
  msg += `got ${argDesc(pos, kw)}, but expected one of:\n`;
  for (const text of options) {
    msg += ` * ${text}\n`;
    const opt = optionArgs(text);
    if (!countMatches(opt)) continue;
    const unmatched = kw.size ? unmatchedKwargs(opt, kw) : [];
    msg += unmatched.length ? `      didn't match because some of the keywords were incorrect: ${unmatched.join(', ')}\n`
      : `      didn't match because some of the arguments have invalid types: ${formattedArgDesc(opt, pos, kw)}\n`;
  }
  return msg;
}
