// A fast float32 e^x for JavaScript kernels: the same algorithm, operation for operation, as the
// SIMD exp in asm/losses.ts (exp4), so both agree bit for bit. Within 1 ulp of the correctly
// rounded float32 result over the whole float32 range (test/kernels.test.mjs checks a dense sample
// of all 2^32 inputs), where Math.exp plus Math.fround costs several times more.
//
// x = n·ln2 + r with n = round(x·log2 e) (the magic-number rounding), r by Cody-Waite with a
// two-part ln2; e^r = 1 + r + r²·P(r), P a degree-4 minimax fit; then ·2^n, applied as two
// factors 2^(n>>1) and 2^(n - (n>>1)) so that overflow gives +inf and subnormal results round once.
const fr = Math.fround;
const LOG2E = fr(1.44269504088896341);
const LN2_HI = fr(0.693359375);
const LN2_LO = fr(-2.12194440e-4);
const MAGIC = fr(12582912.0);
const P0 = fr(0.4999999403953552), P1 = fr(0.1666652113199234), P2 = fr(0.04166838899254799);
const P3 = fr(0.00836874544620514), P4 = fr(0.001381453825160861);
const POW2 = new Float64Array(256);
for (let k = 0; k < 256; k++) POW2[k] = 2 ** (k - 127);

/** e^x rounded to float32 (x is taken as a float32). */
export function expf(x: number): number {
  x = fr(x);
  if (x !== x) return x;
  const xc = x < -104 ? -104 : x > 89 ? 89 : x;
  const t = fr(fr(xc * LOG2E) + MAGIC);
  const n = fr(t - MAGIC);
  let r = fr(xc - fr(n * LN2_HI));
  r = fr(r - fr(n * LN2_LO));
  const r2 = fr(r * r);
  let p = fr(fr(P4 * r) + P3);
  p = fr(fr(p * r) + P2);
  p = fr(fr(p * r) + P1);
  p = fr(fr(p * r) + P0);
  p = fr(fr(fr(p * r2) + r) + 1);
  const ni = n | 0, n1 = ni >> 1, n2 = ni - n1;
  return fr(fr(p * POW2[n1 + 127]) * POW2[n2 + 127]);
}

/** out[i] = e^x[i] in float32 for i in [0, n). */
export function expfArray(x: ArrayLike<number>, out: Float32Array, n = out.length): void {
  for (let i = 0; i < n; i++) out[i] = expf(x[i]);
}
