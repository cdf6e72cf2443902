// Tensors from the fixture generators' JSON ({shape, dtype, data}, tools/fixture_spec.py): NaN and
// the infinities come as strings, booleans as true / false.
import * as torch from 'torchlet';

export const DT = { float32: torch.float32, float64: torch.float64, int64: torch.int64, bool: torch.bool };
const SPECIAL = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
export const num = (v) => (typeof v === 'string' ? SPECIAL[v] : v === true ? 1 : v === false ? 0 : v);

/** The tensor a fixture spec describes (requires_grad when the spec says so). */
export function make(s) {
  const t = torch.tensor(s.data.map(num), { dtype: DT[s.dtype] }).reshape(s.shape);
  return s.requires_grad ? t.requires_grad_(true) : t;
}
