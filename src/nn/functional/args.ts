// Python-style argument binding for the functional API: positional arguments in PyTorch's order,
// then an optional trailing options object holding keyword arguments by PyTorch's names.
import { Tensor } from '../../tensor/tensor.js';
import { describe } from '../../tensor/dtype.js';

export type Kw = Record<string, unknown>;

export function isOptions(v: unknown): v is Kw {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tensor) && !ArrayBuffer.isView(v)
    && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Binds `args` to `names` as Python would: positionals first, then keywords from a trailing plain
 * object. Unknown or duplicated names raise Python's TypeError text.
 */
export function bindArgs(fn: string, names: readonly string[], args: readonly unknown[]): Kw {
  let pos = args.slice();
  let kw: Kw = {};
  if (pos.length > 0 && isOptions(pos[pos.length - 1])) kw = pos.pop() as Kw;
  if (pos.length > names.length)
    throw new TypeError(`${fn}() takes ${names.length} positional arguments but ${pos.length} were given`);
  const out: Kw = {};
  pos.forEach((v, i) => { out[names[i]] = v; });
  for (const [k, v] of Object.entries(kw)) {
    if (!names.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (k in out) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
    out[k] = v;
  }
  pos = [];
  return out;
}

export function tensorArg(fn: string, name: string, v: unknown, position: number): Tensor {
  if (!(v instanceof Tensor))
    throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be Tensor, not ${describe(v)}`);
  return v;
}
export function optTensorArg(fn: string, name: string, v: unknown): Tensor | null {
  if (v === undefined || v === null) return null;
  if (!(v instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' must be Tensor, not ${describe(v)}`);
  return v;
}
export function intArg(fn: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${fn}(): argument '${name}' must be int, not ${describe(v)}`);
  return v;
}
export function numberArg(fn: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${fn}(): argument '${name}' must be float, not ${describe(v)}`);
  return v;
}
export function boolArg(fn: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${fn}(): argument '${name}' must be bool, not ${describe(v)}`);
  return v;
}
