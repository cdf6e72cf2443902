// The pieces both binders of the calling-convention module (args.ts) share: what a trailing options
// object is, Python's type names of JavaScript values, parameter-list text and its defaults.
import type { Tensor } from './tensor.js';
import { DType } from './dtype.js';

export type Kw = Record<string, unknown>;

// The Tensor class, registered by tensor.ts when it loads: importing it here would make this module
// part of an import cycle, and every module binds through this one while the cycle loads.
let TensorClass: abstract new (...args: never[]) => object = class {};
export function registerTensorClass(cls: abstract new (...args: never[]) => object): void { TensorClass = cls; registerPyClass(cls, 'Tensor'); }
export const isTensor = (v: unknown): v is Tensor => v instanceof TensorClass;

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

export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Names a list as CPython's missing-argument message does: 'a', 'a' and 'b', 'a', 'b', and 'c'. */
export function pyNameList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 2) return q.join(' and ');
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

// ---- parameter lists ----

/** Splits a parameter list at top-level commas (defaults may be tuples or quoted strings). */
export function splitParams(s: string): string[] {
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
export function parseDefault(s: string): unknown {
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
export function fresh(v: unknown): unknown { return Array.isArray(v) ? v.slice() : v; }

export function headOf(text: string): [string, string] {
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
export function splitCall(args: readonly unknown[], names: ReadonlySet<string>, dictAt: (i: number) => boolean): [unknown[], Kw | null] {
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
