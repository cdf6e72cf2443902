// The constants and the final scaling of the float32 exp shared by asm/losses.ts (exp4, fused where the build has relaxed
// SIMD) and asm/rnn.ts (exp4, plain): x = n·ln2 + r with n = round(x·log2 e) by the magic-number
// rounding, r by Cody-Waite with a two-part ln2, e^r = 1 + r + r²·P(r). Twin: src/kernels/exp.ts.

export const LOG2E: f32 = 1.44269504088896341;
export const LN2_HI: f32 = 0.693359375; // few significant bits: n*LN2_HI is exact for |n| < 2^15
export const LN2_LO: f32 = -2.12194440e-4;
export const MAGIC: f32 = 12582912.0; // 1.5 * 2^23: adding it rounds to an integer kept in the low mantissa bits
export const MAGIC_BITS: i32 = 0x4B400000;
// e^r on [-ln2/2, ln2/2] as 1 + r + r^2·P(r), P of degree 4 fitted minimax-style (relative error
// of the approximation 3e-9, far below float32 rounding; Cephes' degree 5 buys nothing here)
export const P0: f32 = 0.4999999403953552;
export const P1: f32 = 0.1666652113199234;
export const P2: f32 = 0.04166838899254799;
export const P3: f32 = 0.00836874544620514;
export const P4: f32 = 0.001381453825160861;

/** p·2^n for t = x·log2 e + MAGIC (n in its low bits), 2^n applied as two normal factors so that
 * overflow gives +inf and results in the subnormal range are rounded once. */
// @ts-ignore: decorator
@inline
export function scale2n(p: v128, t: v128): v128 {
  const ni = i32x4.sub(t, i32x4.splat(MAGIC_BITS));
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}
