// Python's repr() of a float, for the reprs of the normalisation, embedding and conv layers
// (eps=1e-05, momentum=0.1, max_norm=1.0): JavaScript writes 0.00001 and 1, Python 1e-05 and 1.0.

/** repr(float(v)) as CPython writes it (shortest round-trip digits, exponent below 1e-4 or from 1e16). */
export function pyFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mant, e] = v.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = v.toFixed(Math.max(0, mant.replace(/^-?\d\.?/, '').length - exp));
  return s.includes('.') ? s : `${s}.0`;
}

/** repr() of an optional float option (None for null). */
export function pyOptFloat(v: number | null | undefined): string { return v === null || v === undefined ? 'None' : pyFloatRepr(v); }
