// Python's spellings of values in messages and reprs: str() of bools, None, numbers and tuples,
// and Python's modulo.

/** Python's str() of an option value: True/False, None, (1, 2) and (1,) tuples, numbers, strings. */
export function py(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map(py).join(', ')})`;
  return String(v);
}
/** Python's str() of a float option (0.5, 1.0). */
export function pyFloat(v: number): string { return Number.isInteger(v) ? v.toFixed(1) : pyNum(v); }

/** Python's str() of a number as PyTorch's messages print it (`1e-08`, `0.1`, `-1`, `inf`). */
export function pyNum(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v) || !Number.isFinite(v)) return Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
  // JavaScript writes 1e-8, Python 1e-08
  return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's modulo: the result has the divisor's sign. */
export function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}
