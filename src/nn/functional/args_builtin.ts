// Argument binding for PyTorch's builtins (torch.sin, torch.round, F.gelu...): bindArgs plus the two
// rules bindArgs does not know, keyword-only parameters and Python's "takes N positional arguments"
// wording; an omitted optional JS argument (a trailing undefined) counts as not passed.
import { bindArgs, isOptions, type Kw } from './args.js';

/**
 * Binds `args` to `pos` (positional or keyword) and `kwOnly` (keyword only, from the trailing
 * options object). `required` is how many leading positional parameters have no default.
 */
export function bindBuiltin(fn: string, pos: readonly string[], kwOnly: readonly string[], args: readonly unknown[], required = 1): Kw {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const list = n === args.length ? args : args.slice(0, n);
  const given = n > 0 && isOptions(list[n - 1]) ? n - 1 : n;
  if (given > pos.length) {
    const takes = required === pos.length ? `${pos.length}` : `from ${required} to ${pos.length}`;
    const s = required === pos.length && pos.length === 1 ? '' : 's';
    throw new TypeError(`${fn}() takes ${takes} positional argument${s} but ${given} ${given === 1 ? 'was' : 'were'} given`);
  }
  return bindArgs(fn, kwOnly.length ? [...pos, ...kwOnly] : pos, list);
}
