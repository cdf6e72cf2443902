// float32 2-norms in PyTorch 1.13's AVX2 order, and an in-place scale, for WebAssembly SIMD
// (compiled by tools/build-wasm.mjs; byte addresses in the one imported shared memory). Twins:
// norm2RunF32Ref in src/kernels/reduce_exact.ts and a float32 multiply loop (test/norm_fast.test.mjs).
//
// 1.13's vectorised lastdim norm keeps 8 float lanes, acc = fma(x, x, acc): one rounding of the
// exact x·x + acc. WebAssembly has no fused multiply-add (relaxed SIMD's may not fuse), so it is
// done exactly in float64: x·x is exact there, s = x·x + acc rounded to float64 with its error e
// (TwoSum); s rounded to odd (when e != 0 and s is even, the neighbour towards e) and then to
// float32 is the correctly rounded float32 result (53 >= 24 + 2 bits: Boldo and Melquiond).

// @ts-ignore: decorator
@inline function fmaSq(x: v128, acc: v128): v128 {
  const p = f64x2.mul(x, x);
  const s = f64x2.add(p, acc);
  const bb = f64x2.sub(s, p);
  const e = f64x2.add(f64x2.sub(p, f64x2.sub(s, bb)), f64x2.sub(acc, bb));
  // e finite and non-zero (NaN for infinite operands: no adjustment), s even
  const inexact = v128.and(f64x2.ne(e, f64x2.splat(0)), f64x2.eq(e, e));
  const even = i64x2.eq(v128.and(s, i64x2.splat(1)), i64x2.splat(0));
  // +1 (away from zero) when e has s's sign, else -1
  const step = v128.or(i64x2.shr_s(v128.xor(e, s), 63), i64x2.splat(1));
  const r = i64x2.add(s, v128.and(step, v128.and(inexact, even)));
  // round to float32 and back: the accumulator holds float32 values
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(r));
}

/**
 * The 8 lane sums of x² over the m elements at x (m a multiple of 8), lane l over elements
 * 8i + l, each acc = fmaf(v, v, acc) from 0; written as 8 floats to out.
 */
export function norm2LanesF32(x: usize, m: i32, out: usize): void {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  for (let i = 0; i < m; i += 8) {
    const p = x + (<usize>i << 2);
    const v = v128.load(p), w = v128.load(p + 16);
    a0 = fmaSq(f64x2.promote_low_f32x4(v), a0);
    a1 = fmaSq(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), a1);
    a2 = fmaSq(f64x2.promote_low_f32x4(w), a2);
    a3 = fmaSq(f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 0, 1)), a3);
  }
  v128.store(out, v128.shuffle<f32>(f32x4.demote_f64x2_zero(a0), f32x4.demote_f64x2_zero(a1), 0, 1, 4, 5));
  v128.store(out + 16, v128.shuffle<f32>(f32x4.demote_f64x2_zero(a2), f32x4.demote_f64x2_zero(a3), 0, 1, 4, 5));
}

/** x[i] *= c over n floats (one float32 rounding each). */
export function scaleF32(x: usize, n: i32, c: f32): void {
  const vc = f32x4.splat(c);
  let i = 0;
  for (; i + 4 <= n; i += 4) { const p = x + (<usize>i << 2); v128.store(p, f32x4.mul(v128.load(p), vc)); }
  for (; i < n; i++) { const p = x + (<usize>i << 2); store<f32>(p, load<f32>(p) * c); }
}
