// torch.isclose / allclose / equal, and small utilities PyTorch programs reach for (torch.numel,
// torch.clone, torch.is_tensor), bound as 1.13's builtins.
import { Tensor } from '../tensor/tensor.js';
import { bool, float32 } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { builtin, op } from '../tensor/args.js';
import { pyNum } from '../tensor/python.js';
import { sameShape } from '../tensor/shape.js';
import { binaryMap } from './elementwise.js';
import * as E from './elementwise.js';
import { rounder } from './math.js';
import { T, type Kwargs } from './api_common.js';

/**
 * ATen's isclose: self == other, or |self - other| <= atol + |rtol * other| where that difference is
 * finite, each step in the tensors' dtype (integers compare as the default float dtype);
 * equal_nan makes NaN match NaN.
 */
function iscloseImpl(x: Tensor, y: Tensor, rtol: number, atol: number, equalNan: boolean): Tensor {
  if (x.dtype !== y.dtype) throw new RuntimeError(`${x.dtype.scalarName} did not match ${y.dtype.scalarName}`);
  if (!(rtol >= 0)) throw new RuntimeError(`rtol must be greater than or equal to zero, but got ${pyNum(rtol)}`);
  if (!(atol >= 0)) throw new RuntimeError(`atol must be greater than or equal to zero, but got ${pyNum(atol)}`);
  const floating = x.dtype.is_floating_point;
  if (x.dtype === bool || (rtol === 0 && atol === 0))
    return binaryMap(x.contiguous(), y.contiguous(), (p, q) => +(p === q || (equalNan && floating && p !== p && q !== q)), bool);
  const r = rounder(floating ? x.dtype : float32), rt = r(rtol), at = r(atol);
  return binaryMap(x.contiguous(), y.contiguous(), (p, q) => {
    if (p === q || (equalNan && floating && p !== p && q !== q)) return 1;
    const qq = r(q), allowed = r(at + Math.abs(r(rt * qq))), actual = Math.abs(r(r(p) - qq));
    return +(Number.isFinite(actual) && actual <= allowed);
  }, bool);
}

type CloseFn = (input: Tensor, other: Tensor | Kwargs, rtol?: number | Kwargs, atol?: number | Kwargs, equal_nan?: boolean | Kwargs, kw?: Kwargs) => Tensor;
const CLOSE_ARGS = 'Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False';
export const isclose = op<CloseFn>(builtin(`isclose(Tensor input, ${CLOSE_ARGS})`),
  (a) => iscloseImpl(T(a.input), T(a.other), a.rtol as number, a.atol as number, a.equal_nan as boolean));
type AllCloseFn = (input: Tensor, other: Tensor | Kwargs, rtol?: number | Kwargs, atol?: number | Kwargs, equal_nan?: boolean | Kwargs, kw?: Kwargs) => boolean;
/** isclose(...).all(): a boolean. */
export const allclose = op<AllCloseFn>(builtin(`allclose(Tensor input, ${CLOSE_ARGS})`),
  (a) => iscloseImpl(T(a.input), T(a.other), a.rtol as number, a.atol as number, a.equal_nan as boolean)._data.every((v) => v !== 0));
/** torch.equal: the same sizes and the same values (NaN equals nothing), as a boolean. */
export const equal = op<(input: Tensor, other: Tensor | Kwargs) => boolean>(builtin('equal(Tensor input, Tensor other)'), (a) => {
  const x = T(a.input), y = T(a.other);
  if (!sameShape(x.shape, y.shape)) return false;
  const p = x.contiguous()._data, q = y.contiguous()._data;
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
  return true;
});
export const numel = op<(input: Tensor) => number>(builtin('numel(Tensor input)'), (a) => T(a.input).numel());
export const clone = op<(input: Tensor, kw?: { memory_format?: unknown }) => Tensor>(
  builtin('clone(Tensor input, *, memory_format? memory_format=None)'), (a) => E.clone(T(a.input)));
/** torch.is_tensor(obj): whether obj is a Tensor. */
export function is_tensor(obj: unknown): obj is Tensor { return obj instanceof Tensor; }
