// float32 tanh with Math.tanh's bits, 4 at a time, re-exported by asm/gemm.ts. Each element's
// tanh is computed in float64 (e^2|x| from a degree-12 Taylor polynomial after a Cody-Waite
// reduction, then 1 - 2 / (e^2|x| + 1); a short odd series below 2^-12) to within an absolute error
// below TOL (relative below 1e-15 on the series path), and rounded to float32 only where the whole
// interval t ± TOL rounds to one float32: Math.tanh's double (within 1 ulp of tanh) lies in that
// interval, so rounding it gives the same float32. Elements where the interval straddles a
// rounding boundary (a few in ten thousand) are listed for the caller to compute with Math.tanh.
// The TypeScript side and its check over float32 inputs: src/kernels/fast_elementwise.ts, test/tanh.test.mjs.

const LN2_HI: f64 = 6.93147180369123816490e-01, LN2_LO: f64 = 1.90821492927058770002e-10, LOG2E: f64 = 1.4426950408889634;
const TOL: f64 = 4e-15;
/** From here on float32 tanh is +-1 (1 - tanh(9.1) < 2^-25, half an ulp below 1). */
const SATURATED: f64 = 9.1;
const SMALL: f64 = 0.000244140625; // 2^-12

/** e^r for |r| <= ln2 / 2: Taylor to r^12 (truncation < 2e-16 relative). */
// @ts-ignore: decorator
@inline function expPoly(r: v128): v128 {
  let p = f64x2.splat(1.0 / 479001600.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  return f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
}

/**
 * tanh of two float64 lanes a = |x| (x float32 values): the float64 estimate t and its error bound.
 * Returns t; writes the bound to the global `tolOut`.
 */
let tolOut: v128 = i64x2.splat(0);
// @ts-ignore: decorator
@inline function tanhAbs2(a: v128): v128 {
  const y = f64x2.add(a, a);
  const k = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(y, f64x2.splat(LOG2E)), f64x2.splat(0.5)));
  const kf = f64x2.convert_low_i32x4_s(k);
  const r = f64x2.sub(f64x2.sub(y, f64x2.mul(kf, f64x2.splat(LN2_HI))), f64x2.mul(kf, f64x2.splat(LN2_LO)));
  // 2^k from its exponent bits (0 <= k <= 27 here)
  const pow2k = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(k), i64x2.splat(1023)), 52);
  const e = f64x2.mul(expPoly(r), pow2k);
  const big = f64x2.sub(f64x2.splat(1.0), f64x2.div(f64x2.splat(2.0), f64x2.add(e, f64x2.splat(1.0))));
  // below 2^-12: a - a^3/3 + 2a^5/15 (the next term, -17a^7/315, is below 2^-80 a)
  const a2 = f64x2.mul(a, a);
  const small = f64x2.sub(a, f64x2.mul(a, f64x2.mul(a2, f64x2.sub(f64x2.splat(1.0 / 3.0), f64x2.mul(a2, f64x2.splat(2.0 / 15.0))))));
  const isSmall = f64x2.lt(a, f64x2.splat(SMALL));
  tolOut = v128.bitselect(f64x2.mul(small, f64x2.splat(1e-15)), f64x2.splat(TOL), isSmall);
  return v128.bitselect(small, big, isSmall);
}

/**
 * out[i] = fround(Math.tanh(x[i])) for the float32 x[0..n), except the elements whose index this
 * writes to fix[] (returns how many): the caller computes those with Math.tanh.
 */
export function tanhF32(x: usize, out: usize, n: i32, fix: usize): i32 {
  let nfix = 0, i = 0;
  const signMask = i32x4.splat(<i32>0x80000000);
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const av = v128.andnot(v, signMask);
    const lo2 = f64x2.promote_low_f32x4(av), hi2 = f64x2.promote_low_f32x4(i32x4.shuffle(av, av, 2, 3, 0, 1));
    const t0 = tanhAbs2(lo2), e0 = tolOut;
    const t1 = tanhAbs2(hi2), e1 = tolOut;
    // the interval's ends, rounded to float32: 4 lanes each
    const down = i32x4.shuffle(f32x4.demote_f64x2_zero(f64x2.sub(t0, e0)), f32x4.demote_f64x2_zero(f64x2.sub(t1, e1)), 0, 1, 4, 5);
    const up = i32x4.shuffle(f32x4.demote_f64x2_zero(f64x2.add(t0, e0)), f32x4.demote_f64x2_zero(f64x2.add(t1, e1)), 0, 1, 4, 5);
    const sure = i32x4.eq(down, up);
    const sat = f32x4.ge(av, f32x4.splat(<f32>SATURATED)), nan = f32x4.ne(v, v);
    // +-1 where saturated, x itself where NaN (and the tanh's sign otherwise)
    let res = v128.bitselect(f32x4.splat(1.0), down, sat);
    res = v128.or(res, v128.and(v, signMask));
    res = v128.bitselect(v, res, nan);
    v128.store(out + (<usize>i << 2), res);
    const ok = v128.or(sure, v128.or(sat, nan));
    if (!i32x4.all_true(ok)) {
      if (!i32x4.extract_lane(ok, 0)) { store<i32>(fix + (<usize>nfix << 2), i); nfix++; }
      if (!i32x4.extract_lane(ok, 1)) { store<i32>(fix + (<usize>nfix << 2), i + 1); nfix++; }
      if (!i32x4.extract_lane(ok, 2)) { store<i32>(fix + (<usize>nfix << 2), i + 2); nfix++; }
      if (!i32x4.extract_lane(ok, 3)) { store<i32>(fix + (<usize>nfix << 2), i + 3); nfix++; }
    }
  }
  // the tail: the caller's
  for (; i < n; i++) { store<i32>(fix + (<usize>nfix << 2), i); nfix++; }
  return nfix;
}
