// Numbers as ATen's C++ messages print them (std::ostream defaults), for messages copied from ATen.

/** A double as C++'s ostream prints it by default (%g with 6 significant digits). */
export function fmtCppDouble(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, ex] = v.toExponential(5).split('e');
  const X = parseInt(ex, 10);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (X < -4 || X >= 6) return `${strip(mant)}e${X < 0 ? '-' : '+'}${String(Math.abs(X)).padStart(2, '0')}`;
  return strip(v.toFixed(5 - X));
}

/** An integer as C++ prints an int64: every digit (JS would print 2**61 as 2305843009213694000). */
export function fmtInt(v: number): string {
  return Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v).toString() : String(v);
}
