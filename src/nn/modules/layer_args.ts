// Argument helpers shared by the layer modules: Python's type errors and repr formatting.
import { Tensor } from '../../tensor/tensor.js';
import { describe, type DType } from '../../tensor/dtype.js';
import { RuntimeError } from '../../tensor/errors.js';
import { Parameter } from '../parameter.js';

export function sizeArg(cls: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    if (v === undefined) throw new TypeError(`${cls}.__init__() missing 1 required positional argument: '${name}'`);
    throw new TypeError(`empty(): argument 'size' must be tuple of ints, but found element of type ${describe(v)} at pos 2`);
  }
  return v;
}

/** Python's str() of a module option: ints, floats, bools, tuples, strings. */
export function py(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map(py).join(', ')})`;
  return String(v);
}
/** Python's str() of a float option (0.5, 1.0). */
export function pyFloat(v: number): string { return Number.isInteger(v) ? v.toFixed(1) : String(v); }

/** An uninitialised (zero) parameter of this shape, as torch.empty inside a layer's __init__. */
export function emptyParameter(shape: number[], dtype: DType): Parameter {
  const neg = shape.find((s) => s < 0);
  if (neg !== undefined) throw new RuntimeError(`Trying to create tensor with negative dimension ${neg}: [${shape.join(', ')}]`);
  return new Parameter(new Tensor(dtype.alloc(shape.reduce((a, b) => a * b, 1)), shape, dtype));
}
