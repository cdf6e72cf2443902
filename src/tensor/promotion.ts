// PyTorch's type promotion for an op's operands (at::result_type): tensors with dimensions decide
// first, then 0-dim tensors, then Python numbers, and a later tier only counts when it raises the
// kind (bool < integer < float): `int8_tensor + 1000` stays int8, `int8_tensor * 1.5` is float32.
import { type DType, bool, int64, float32, promoteTypes, describe } from './dtype.js';

/** A tensor (anything with a dtype and a rank) or a JS number / boolean standing for a Python scalar. */
export type Operand = { readonly dtype: DType; readonly ndim: number } | number | boolean;

/** The dtype a Python scalar has when it takes part in promotion: bool, int64, or the default float dtype. */
export function scalarDtype(v: number | boolean): DType {
  if (typeof v === 'boolean') return bool;
  // a JS number with an integral value counts as a Python int (2.0 cannot be told from 2)
  return Number.isInteger(v) ? int64 : float32;
}

/** at::result_type over any number of operands. */
export function resultTypeOf(ops: readonly Operand[]): DType {
  let dims: DType | null = null, zero: DType | null = null, wrapped: DType | null = null;
  const up = (acc: DType | null, d: DType): DType => (acc ? promoteTypes(acc, d) : d);
  for (const o of ops) {
    if (typeof o === 'number' || typeof o === 'boolean') wrapped = up(wrapped, scalarDtype(o));
    else if (o.ndim) dims = up(dims, o.dtype);
    else zero = up(zero, o.dtype);
  }
  const r = combine(dims, combine(zero, wrapped));
  if (!r) throw new TypeError('result_type() needs at least one operand');
  return r;
}

/** ATen's combine_categories: the lower tier matters only when it is of a higher kind. */
function combine(higher: DType | null, lower: DType | null): DType | null {
  if (!higher || !lower) return higher ?? lower;
  if (higher.is_floating_point) return higher;
  if (higher === bool || lower.is_floating_point) return promoteTypes(higher, lower);
  return higher;
}

/** torch.result_type(tensor, other): each a Tensor or a number / boolean. */
export function result_type(tensor: Operand, other: Operand): DType {
  const check = (v: unknown, name: string): Operand => {
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    if (v !== null && typeof v === 'object' && 'dtype' in v && 'ndim' in v) return v as Operand;
    throw new TypeError(`result_type(): argument '${name}' must be Tensor or Number, not ${describe(v)}`);
  };
  return resultTypeOf([check(tensor, 'tensor'), check(other, 'other')]);
}
