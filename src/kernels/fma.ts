// Fused multiply-add, correctly rounded, for JavaScript numbers: PyTorch's x86-64 AVX2 kernels are
// compiled with -mfma, so GCC contracts `a * b + c` into one fma instruction (one rounding) in
// uniform_, normal_ and their vectorised paths; reproducing their numbers needs the same rounding.

/** v rounded to float32 where f32, written inline at each use: a `f32 ? Math.fround : identity`
 * function value makes every call through it polymorphic (a 2 x 64 softmax took 9 us instead of 4). */
export const rd = (f32: boolean, v: number): number => (f32 ? Math.fround(v) : v);

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp's splitter)

/** The exact error of a * b (Dekker's TwoProduct): a * b = RN(a * b) + err. */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** The exact error of s = RN(a + b) (Knuth's TwoSum). */
function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

const f64 = new Float64Array(1), i64 = new BigInt64Array(f64.buffer);
/** The double next to x (x finite, non-zero) in the direction of sign `dir`. */
function neighbour(x: number, dir: number): number {
  f64[0] = x;
  i64[0] += (x > 0) === (dir > 0) ? 1n : -1n;
  return f64[0];
}

/** fma(a, b, c) = RN(a * b + c) in float64, as C's fma(). */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0 || c === 0) return p + c;
  const pe = productError(a, b, p);
  const s = p + c, se = sumError(p, c, s);
  // exact value: s + se + pe
  const t = se + pe, te = sumError(se, pe, t);
  const r = s + t, re = sumError(s, t, r);
  // r is RN(s + t); only an exact tie in that rounding can be decided differently by te
  if (te !== 0 && re !== 0 && r !== 0) {
    const alt = neighbour(r, re);
    if (alt - r === 2 * re) return (te > 0) === (re > 0) ? alt : r;
  }
  return r;
}

const fr = Math.fround;

/** fmaf(a, b, c) = RN32(a * b + c) for float32 a, b, c: the product is exact in float64. */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b, s = p + c, bb = s - p, e = (p - (s - bb)) + (c - bb); // sumError, inlined
  const r = fr(s);
  if (e === 0) return r; // the float64 sum was exact: one rounding, as fma's
  // s was rounded twice (to 53, then 24 bits), which differs from one rounding only when s sits
  // exactly halfway between two floats: then the first rounding's error decides
  const other = 2 * s - r;
  if (fr(other) !== other || other === r) return r;
  return (e > 0) === (other > r) ? other : r;
}
