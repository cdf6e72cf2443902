// Module.load_state_dict as PyTorch 1.13 walks it (module.py's load / _load_from_state_dict): each
// module checks its own parameters and buffers, then lists the keys under its prefix that name
// neither one of them nor a child, then its children follow. Every message PyTorch would collect is
// collected, and nothing is copied unless there are none (1.13 copies the valid entries first).
import { Tensor } from '../tensor/tensor.js';
import { RuntimeError } from '../tensor/errors.js';
import { pyType } from '../tensor/args.js';
import { fmtSize, sameShape } from '../tensor/shape.js';
import { no_grad } from '../autograd/grad_mode.js';
import type { Module } from './module.js';

/**
 * PyTorch's `_IncompatibleKeys` named tuple: read `.missing_keys` / `.unexpected_keys`, or
 * destructure `const [missing, unexpected] = model.load_state_dict(sd, false)`.
 */
export class IncompatibleKeys {
  constructor(readonly missing_keys: string[], readonly unexpected_keys: string[]) {}
  *[Symbol.iterator](): Generator<string[]> { yield this.missing_keys; yield this.unexpected_keys; }
  toString(): string {
    if (!this.missing_keys.length && !this.unexpected_keys.length) return '<All keys matched successfully>';
    return `_IncompatibleKeys(missing_keys=${pyList(this.missing_keys)}, unexpected_keys=${pyList(this.unexpected_keys)})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

function pyList(keys: string[]): string {
  const repr = (k: string) => (k.includes("'") && !k.includes('"') ? `"${k}"` : `'${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  return `[${keys.map(repr).join(', ')}]`;
}
const quoted = (keys: string[]) => keys.map((k) => `"${k}"`).join(', ');

/** A Map, or a plain object read as one; anything else is not dict-like. */
function asMapping(state: unknown): Map<unknown, unknown> {
  if (state instanceof Map) return state;
  if (state !== null && typeof state === 'object') {
    const proto = Object.getPrototypeOf(state);
    if (proto === Object.prototype || proto === null) return new Map(Object.entries(state));
  }
  throw new TypeError(`Expected state_dict to be dict-like, got <class '${pyType(state)}'>.`);
}

export function loadStateDict(root: Module, stateDict: unknown, strict: boolean): IncompatibleKeys {
  const state = asMapping(stateDict);
  const missing: string[] = [], unexpected: string[] = [], errors: string[] = [];
  const copies: [Tensor, Tensor][] = [];
  const load = (m: Module, local: Map<unknown, unknown>, prefix: string): void => {
    const own = m._localState();
    for (const [name, value] of m._loadStateDefaults()) if (!local.has(prefix + name)) local.set(prefix + name, value);
    for (const [name, param] of own) {
      const key = prefix + name;
      if (!local.has(key)) { missing.push(key); continue; }
      const value = local.get(key);
      if (!(value instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received <class '${pyType(value)}'>`);
        continue;
      }
      let input = value;
      // PyTorch's backward compatibility: a 1-element 1-D checkpoint entry loads into a 0-D parameter
      if (param.ndim === 0 && input.ndim === 1) input = input.get(0);
      if (!sameShape(input.shape, param.shape)) {
        errors.push(`size mismatch for ${key}: copying a param with shape ${fmtSize(input.shape)} from checkpoint, the shape in current model is ${fmtSize(param.shape)}.`);
        continue;
      }
      copies.push([param, input]);
    }
    const children = new Map(m._namedChildren());
    for (const k of local.keys()) {
      const name = String(k).slice(prefix.length).split('.', 1)[0];
      if (!children.has(name) && !own.has(name)) unexpected.push(String(k));
    }
    for (const [name, child] of children) {
      const childPrefix = `${prefix}${name}.`;
      load(child, new Map([...local].filter(([k]) => String(k).startsWith(childPrefix))), childPrefix);
    }
  };
  load(root, new Map(state), ''); // a copy: the defaults above never reach the caller's mapping
  if (strict) {
    if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${quoted(unexpected)}. `);
    if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${quoted(missing)}. `);
  }
  if (errors.length) throw new RuntimeError(`Error(s) in loading state_dict for ${root.constructor.name}:\n\t${errors.join('\n\t')}`);
  no_grad(() => { for (const [param, input] of copies) param.copy_(input); });
  return new IncompatibleKeys(missing, unexpected);
}
