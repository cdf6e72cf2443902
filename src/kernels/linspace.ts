// torch.linspace's CPU kernel, value for value: PyTorch 1.13 (AVX2 build, one thread) computes
// step = (end - start) / (steps - 1) in the output's type, fills the first half from `start` and the
// second from `end`, and does so in blocks of vector width: each block starts at a fused
// multiply-add base (start + step*i, or end - step*(steps-1-i)) and adds k*step to it unfused.
// JavaScript has no fma, so fmaF32 / fmaF64 compute a + b*c with one rounding, exactly.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[0] low word, u32[1] high word

/** The double next to x (finite, nonzero or zero) in the direction of the sign of `dir`. */
function nextToward(x: number, dir: number): number {
  if (x === 0) return dir > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  f64[0] = x;
  // moving away from zero increments the bit pattern, towards zero decrements it
  const away = (x > 0) === (dir > 0);
  if (away) { if (++u32[0] === 0) u32[1]++; } else { if (u32[0]-- === 0) u32[1]--; }
  return f64[0];
}

/** a + b rounded to odd: the nearest double when exact, else the neighbour of the exact sum whose last bit is 1. */
function addOdd(a: number, b: number): number {
  const s = a + b;
  const bb = s - a, err = (a - (s - bb)) + (b - bb); // TwoSum: s + err == a + b exactly
  if (err === 0 || !Number.isFinite(s)) return s;
  f64[0] = s;
  return (u32[0] & 1) ? s : nextToward(s, err);
}

/** fma for float32 operands, rounded once to float32: b*c is exact in a double, and rounding the sum to odd first makes the final rounding exact. */
export function fmaF32(a: number, b: number, c: number): number {
  return Math.fround(addOdd(a, b * c));
}

const SPLIT = 134217729; // 2^27 + 1: Veltkamp's splitter for doubles
/** fma for doubles (Boldo and Melquiond's emulation with rounding to odd): exact product, exact sum, odd tail, one rounding. */
export function fmaF64(a: number, b: number, c: number): number {
  const ph = b * c;
  if (!Number.isFinite(ph) || ph === 0) return a + ph;
  let t = SPLIT * b; const bh = t - (t - b), bl = b - bh;
  t = SPLIT * c; const ch = t - (t - c), cl = c - ch;
  const pl = ((bh * ch - ph) + bh * cl + bl * ch) + bl * cl; // ph + pl == b*c exactly
  const sh = a + ph, bb = sh - a, sl = (a - (sh - bb)) + (ph - bb); // sh + sl == a + ph exactly
  return sh + addOdd(sl, pl);
}

export type LinspaceKind = 'f32' | 'f64' | 'i64';

/**
 * Writes torch.linspace(start, end, out.length) for the kind's arithmetic: float32 (vectors of 8),
 * float64 (vectors of 4) or int64 (vectors of 4, double step, each value truncated).
 */
export function linspaceInto(out: Float32Array | Float64Array, start: number, end: number, kind: LinspaceKind): void {
  const steps = out.length;
  // int64 truncates, and has no negative zero
  const round = kind === 'f32' ? Math.fround : kind === 'i64' ? (v: number) => Math.trunc(v) + 0 : (v: number) => v;
  const S = round(start), E = round(end);
  if (steps === 0) return;
  if (steps === 1) { out[0] = S; return; }
  const fma = kind === 'f32' ? fmaF32 : fmaF64;
  // integer kinds keep their step in double precision
  const step = kind === 'f32' ? Math.fround(Math.fround(E - S) / (steps - 1)) : (E - S) / (steps - 1);
  const stepK = kind === 'f32' ? (k: number) => Math.fround(k * step) : (k: number) => k * step;
  const half = Math.floor(steps / 2), V = kind === 'f32' ? 8 : 4;
  const base = (i: number): number => round(i < half ? fma(S, step, i) : fma(E, -step, steps - i - 1));
  let i = 0;
  // the vectorised loop takes two vectors at a time; the rest goes element by element
  for (; i + 2 * V <= steps; i += 2 * V) {
    for (let j = i; j < i + 2 * V; j += V) {
      const b = base(j);
      out[j] = b;
      for (let k = 1; k < V; k++) out[j + k] = round(b + stepK(k));
    }
  }
  for (; i < steps; i++) out[i] = base(i);
}
