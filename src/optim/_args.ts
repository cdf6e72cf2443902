// Python-style binding of an optimizer's or scheduler's constructor arguments: positionals in
// PyTorch's order, then one trailing options object with PyTorch's keyword names (keyword-only
// parameters such as `maximize` may only travel in that object, as in Python).
import { Tensor } from '../tensor/tensor.js';

export type Kw = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Kw {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tensor) && !ArrayBuffer.isView(v)
    && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
}

/**
 * Binds `args` (after the leading required object, which the caller has taken off) to `positional`
 * then `kwOnly` names. `required` lists positionals without a default. Messages are Python 3.11's.
 */
export function bindCtor(cls: string, positional: readonly string[], kwOnly: readonly string[],
  required: readonly string[], args: readonly unknown[]): Kw {
  const pos = args.slice();
  let kw: Kw = {};
  if (pos.length > 0 && isPlainObject(pos[pos.length - 1])) kw = pos.pop() as Kw;
  // a trailing undefined is JavaScript's way of omitting an argument
  while (pos.length && pos[pos.length - 1] === undefined) pos.pop();
  const fn = `${cls}.__init__()`;
  if (pos.length > positional.length) {
    // Python counts `self` and the leading argument
    const min = 2 + required.length, max = 2 + positional.length;
    const takes = min === max ? `${max}` : `from ${min} to ${max}`;
    throw new TypeError(`${fn} takes ${takes} positional arguments but ${pos.length + 2} were given`);
  }
  const out: Kw = {};
  pos.forEach((v, i) => { out[positional[i]] = v; });
  for (const [k, v] of Object.entries(kw)) {
    if (!positional.includes(k) && !kwOnly.includes(k)) throw new TypeError(`${fn} got an unexpected keyword argument '${k}'`);
    if (k in out) throw new TypeError(`${fn} got multiple values for argument '${k}'`);
    if (v !== undefined) out[k] = v;
  }
  const missing = required.filter((k) => !(k in out));
  if (missing.length) {
    const names = missing.map((k) => `'${k}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    throw new TypeError(`${fn} missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
  }
  return out;
}

/** Python's str() of a number as PyTorch's messages print it (`1e-08`, `0.1`, `-1`). */
export function pyNum(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v) || !Number.isFinite(v)) return Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
  const s = String(v);
  // JavaScript writes 1e-8, Python 1e-08
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's modulo: the result has the divisor's sign. */
export function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}
