// Reads the tensors and arguments the fixture generators write (tools/fixture_spec.py): a tensor
// {shape, dtype, data, requires_grad?}, {dtype: name}, {float: 'inf' | '-inf' | 'nan'}, lists, plain values.
// A helper module, not a test file: it defines no tests.
import * as torch from 'torchlet';

export const DT = {
  bool: torch.bool, uint8: torch.uint8, int8: torch.int8, int16: torch.int16, int32: torch.int32,
  int64: torch.int64, float32: torch.float32, float64: torch.float64,
};
const SPECIAL = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
/** A JSON value of `data` as a number (bools as 0 / 1). */
export const num = (v) => (typeof v === 'string' ? SPECIAL[v] : v === true ? 1 : v === false ? 0 : v);

export function make(s) {
  const t = torch.tensor(s.data.map(num), { dtype: DT[s.dtype] }).reshape(s.shape);
  return s.requires_grad ? t.requires_grad_(true) : t;
}
export function arg(a) {
  if (Array.isArray(a)) return a.map(arg);
  if (a === null || typeof a !== 'object') return a;
  if ('tensor' in a) return make(a.tensor);
  if ('dtype' in a) return DT[a.dtype];
  if ('float' in a) return { inf: Infinity, '-inf': -Infinity, nan: NaN }[a.float];
  throw new Error(`unknown argument ${JSON.stringify(a)}`);
}
