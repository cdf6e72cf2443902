// The reference GEMM's arithmetic (kernels/gemm.ts gemmPlain) in WebAssembly SIMD, for the small
// float32 products of batch-1 loops: C[i,j] (+)= Σ_k A(i,k)·B(k,j) summed in float64 in k order,
// terms with A(i,k) = 0 skipped, then added to C (float32) once. Lanes run over j, so every sum
// keeps its own order and the bits equal the reference's. Re-exported by asm/gemm.ts.

// @ts-ignore: decorator
@inline function lo2(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
// @ts-ignore: decorator
@inline function hi2(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)); }

// c[0..n) (+)= sums[0..n) (float64), rounded once to float32
function flush(sums: usize, c: usize, n: i32, accumulate: bool): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2, s = sums + (<usize>j << 3);
    let lo = v128.load(s), hi = v128.load(s, 16);
    if (accumulate) { const cv = v128.load(c + o); lo = f64x2.add(lo2(cv), lo); hi = f64x2.add(hi2(cv), hi); }
    v128.store(c + o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const s = load<f64>(sums + (<usize>j << 3));
    store<f32>(c + o, <f32>((accumulate ? <f64>load<f32>(c + o) : 0.0) + s));
  }
}

/**
 * C[M,N] (+)= op(A) @ op(B) with element (i, k) of op(A) at a + 4*(i*rsa + k*csa), (k, j) of op(B)
 * at b + 4*(k*rsb + j*csb), C rows ldc floats apart; ws: 8*N bytes of float64 scratch. B with
 * contiguous rows (csb = 1) runs eight columns at a time with the sums in registers; B with
 * contiguous columns (rsb = 1) dot products, four columns at a time through 4x4 transposes; any
 * other layout (and the last columns) scalar sums.
 */
export function gemmSmall(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, ldc: i32, accumulate: i32, ws: usize): void {
  const acc = accumulate != 0;
  for (let i = 0; i < M; i++) {
    const ai = a + (<usize>(i * rsa) << 2), ci = c + (<usize>(i * ldc) << 2);
    if (rsb == 1 && csb != 1) { dotsRow(N, K, ai, csa, b, csb, ws); flush(ws, ci, N, acc); continue; }
    let j = 0;
    if (csb == 1) for (; j + 8 <= N; j += 8) {
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
      let bk = b + (<usize>j << 2);
      const bstep = <usize>rsb << 2;
      for (let k = 0; k < K; k++, bk += bstep) {
        const av = <f64>load<f32>(ai + (<usize>(k * csa) << 2));
        if (av == 0) continue;
        const va = f64x2.splat(av), b0 = v128.load(bk), b1 = v128.load(bk, 16);
        s0 = f64x2.add(s0, f64x2.mul(va, lo2(b0))); s1 = f64x2.add(s1, f64x2.mul(va, hi2(b0)));
        s2 = f64x2.add(s2, f64x2.mul(va, lo2(b1))); s3 = f64x2.add(s3, f64x2.mul(va, hi2(b1)));
      }
      const s = ws + (<usize>j << 3);
      v128.store(s, s0); v128.store(s, s1, 16); v128.store(s, s2, 32); v128.store(s, s3, 48);
    }
    for (; j < N; j++) {
      let s: f64 = 0;
      for (let k = 0; k < K; k++) {
        const av = <f64>load<f32>(ai + (<usize>(k * csa) << 2));
        if (av != 0) s += av * <f64>load<f32>(b + (<usize>(k * rsb + j * csb) << 2));
      }
      store<f64>(ws + (<usize>j << 3), s);
    }
    flush(ws, ci, N, acc);
  }
}

// sums[j] = Σ_k a(k)·B(k, j) for B(k, j) at b + 4*(j*csb + k): four columns of B at a time, read
// as four contiguous rows and transposed per block of four k
function dotsRow(N: i32, K: i32, a: usize, csa: i32, b: usize, csb: i32, sums: usize): void {
  const stride = <usize>csb << 2;
  let j = 0;
  for (; j + 4 <= N; j += 4) {
    const r0 = b + <usize>j * stride, r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
    let s01 = f64x2.splat(0), s23 = f64x2.splat(0);
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const a0 = <f64>load<f32>(a + (<usize>(k * csa) << 2)), a1 = <f64>load<f32>(a + (<usize>((k + 1) * csa) << 2));
      const a2 = <f64>load<f32>(a + (<usize>((k + 2) * csa) << 2)), a3 = <f64>load<f32>(a + (<usize>((k + 3) * csa) << 2));
      // four skipped terms (a one-hot input's zeros): no loads, no transpose
      if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) continue;
      const o = <usize>k << 2;
      const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o), x2 = v128.load(r2 + o), x3 = v128.load(r3 + o);
      const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
      // column q of the block: B(k + q, j..j+3)
      const c0 = v128.shuffle<f32>(t0, t2, 0, 1, 4, 5), c1 = v128.shuffle<f32>(t0, t2, 2, 3, 6, 7);
      const c2 = v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), c3 = v128.shuffle<f32>(t1, t3, 2, 3, 6, 7);
      if (a0 != 0) { const va = f64x2.splat(a0); s01 = f64x2.add(s01, f64x2.mul(va, lo2(c0))); s23 = f64x2.add(s23, f64x2.mul(va, hi2(c0))); }
      if (a1 != 0) { const va = f64x2.splat(a1); s01 = f64x2.add(s01, f64x2.mul(va, lo2(c1))); s23 = f64x2.add(s23, f64x2.mul(va, hi2(c1))); }
      if (a2 != 0) { const va = f64x2.splat(a2); s01 = f64x2.add(s01, f64x2.mul(va, lo2(c2))); s23 = f64x2.add(s23, f64x2.mul(va, hi2(c2))); }
      if (a3 != 0) { const va = f64x2.splat(a3); s01 = f64x2.add(s01, f64x2.mul(va, lo2(c3))); s23 = f64x2.add(s23, f64x2.mul(va, hi2(c3))); }
    }
    for (; k < K; k++) {
      const av = <f64>load<f32>(a + (<usize>(k * csa) << 2));
      if (av == 0) continue;
      const o = <usize>k << 2;
      const col = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(r0 + o)), 1, load<f32>(r1 + o)), 2, load<f32>(r2 + o)), 3, load<f32>(r3 + o));
      const va = f64x2.splat(av);
      s01 = f64x2.add(s01, f64x2.mul(va, lo2(col))); s23 = f64x2.add(s23, f64x2.mul(va, hi2(col)));
    }
    v128.store(sums + (<usize>j << 3), s01);
    v128.store(sums + (<usize>j << 3), s23, 16);
  }
  for (; j < N; j++) {
    const bj = b + <usize>j * stride;
    let s: f64 = 0;
    for (let k = 0; k < K; k++) {
      const av = <f64>load<f32>(a + (<usize>(k * csa) << 2));
      if (av != 0) s += av * <f64>load<f32>(bj + (<usize>k << 2));
    }
    store<f64>(sums + (<usize>j << 3), s);
  }
}

/**
 * d[i, j] += m(i, j), i < M, j < N, d rows N floats apart, with m(i, j) the element gemmSmall
 * writes for the one-row product a^T @ b (K = 1: a column of M, a row of N): the float64 product
 * is exact, so m is the float32 product, except that a zero product (a[i] = 0, a skipped term,
 * or b[j] = 0) is +0. One pass instead of writing the product out and adding it (addScaledF32):
 * a batch-1 weight gradient dY^T @ X added into the weight's .grad, with the same bits.
 */
export function outerAddF32(M: i32, N: i32, a: usize, b: usize, d: usize): void {
  const zero = f32x4.splat(0);
  // where b has no zero, no product is an exact zero (a[i] = 0 rows aside): no sign to clear
  let bZero = false;
  for (let j = 0; j < N; j++) if (load<f32>(b + (<usize>j << 2)) == 0) { bZero = true; break; }
  const sign = i32x4.splat(0x80000000);
  for (let i = 0; i < M; i++) {
    const av = load<f32>(a + (<usize>i << 2)), di = d + (<usize>(i * N) << 2);
    let j = 0;
    if (av == 0) {
      // a skipped term: the row of the product is +0 (the sum's start) whatever b holds
      for (; j + 4 <= N; j += 4) { const o = <usize>j << 2; v128.store(di + o, f32x4.add(v128.load(di + o), zero)); }
      for (; j < N; j++) { const o = <usize>j << 2; store<f32>(di + o, load<f32>(di + o) + <f32>0); }
      continue;
    }
    const va = f32x4.splat(av);
    if (!bZero) for (; j + 4 <= N; j += 4) {
      const o = <usize>j << 2;
      v128.store(di + o, f32x4.add(v128.load(di + o), f32x4.mul(va, v128.load(b + o))));
    }
    for (; j + 4 <= N; j += 4) {
      const o = <usize>j << 2, bv = v128.load(b + o);
      // 0 + (±0) is +0: clear the sign where b is zero (a is not; a NaN stays a NaN)
      const m = v128.andnot(f32x4.mul(va, bv), v128.and(f32x4.eq(bv, zero), sign));
      v128.store(di + o, f32x4.add(v128.load(di + o), m));
    }
    for (; j < N; j++) {
      const o = <usize>j << 2, bj = load<f32>(b + o);
      let m = av * bj;
      if (bj == 0) m = <f32>0 + m;
      store<f32>(di + o, load<f32>(di + o) + m);
    }
  }
}
