// Python's number formatting as the ported programs' format strings use it ('{:5.2f}', '{:3d}',
// '{:.0%}', str(float)) and math.exp, so a port prints upstream's lines character for character.
import { pyFixed } from './mnist_parts.js';

export { pyFixed };

/** '{:W.Df}'.format(x) (W may be 0: no padding). */
export const fmtF = (x: number, width: number, digits: number): string => pyFixed(x, digits).padStart(width);

/** '{:Wd}'.format(n). */
export const fmtD = (n: number, width: number): string => String(n).padStart(width);

/** '{:.D%}'.format(x): x * 100 in fixed notation, then '%'. */
export const fmtPct = (x: number, digits: number): string => `${pyFixed(x * 100, digits)}%`;

/** Python's str() / repr() of a float: the shortest round-trip digits, as JavaScript's, in Python's spelling. */
export function pyStrFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const ax = Math.abs(x);
  if (ax >= 1e16 || ax < 1e-4) {
    // Python: 1e-05, 1.5e+16 (at least two exponent digits, always a sign)
    const [m, e] = x.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}

/** Python's print of a dict of str to int: `{'The': 0, 'dog': 1}`. */
export const pyDict = (d: Record<string, number>): string => `{${Object.entries(d).map(([k, v]) => `'${k}': ${v}`).join(', ')}}`;

/** Python's OverflowError (what math.exp raises past ~709.78). */
export class OverflowError extends Error {
  override name = 'OverflowError';
}

/** math.exp(x): Python raises where the result would overflow instead of returning inf. */
export function pyExp(x: number): number {
  const r = Math.exp(x);
  if (r === Infinity && Number.isFinite(x)) throw new OverflowError('math range error');
  return r;
}

// The characters Python's str.isspace() accepts: what str.split() splits on and str.strip() strips.
const PY_SPACE = '[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const SPLIT = new RegExp(`${PY_SPACE}+`), STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');

/** Python's str.split() with no argument: the words between runs of whitespace. */
export const pySplit = (s: string): string[] => s.split(SPLIT).filter((w) => w !== '');

/** Python's str.strip() with no argument. */
export const pyStrip = (s: string): string => s.replace(STRIP, '');
