// torch/nn/_reduction.py: the reduction string, its legacy size_average/reduce spelling and warnings.
import { ValueError, warn } from '../../tensor/errors.js';
import { pyType } from '../../tensor/args.js';

export type Reduction = 'none' | 'mean' | 'sum';

/** `legacy_get_string`: None counts as True; reduce=False wins; then size_average picks mean or sum. */
export function legacyGetString(size_average: unknown, reduce: unknown, emitWarning = true): Reduction {
  const sa = size_average === undefined || size_average === null ? true : !!size_average;
  const rd = reduce === undefined || reduce === null ? true : !!reduce;
  const ret: Reduction = !rd ? 'none' : sa ? 'mean' : 'sum';
  if (emitWarning) warn(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}

/** Resolves options {size_average, reduce, reduction} to a reduction, as F.* do before calling ATen. */
export function resolveReduction(kw: Record<string, unknown>, dflt: string = 'mean'): string {
  if ((kw.size_average !== undefined && kw.size_average !== null) || (kw.reduce !== undefined && kw.reduce !== null))
    return legacyGetString(kw.size_average, kw.reduce);
  const r = kw.reduction === undefined ? dflt : kw.reduction;
  if (typeof r !== 'string') throw new TypeError(`reduction must be a string, not ${pyType(r)}`);
  return r;
}

/** `get_enum`: validates the string ('elementwise_mean' is an alias of 'mean', with a warning). */
export function getEnum(r: string): Reduction {
  if (r === 'none' || r === 'mean' || r === 'sum') return r;
  if (r === 'elementwise_mean') {
    warn("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
    return 'mean';
  }
  throw new ValueError(`${r} is not a valid value for reduction`);
}
