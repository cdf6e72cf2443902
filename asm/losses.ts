// Loss kernels for WebAssembly SIMD (compiled by tools/build-wasm.mjs): log_softmax / softmax
// forward and backward, the fused cross_entropy forward / backward, and nll_loss's gather,
// scatter and cascade sum. Everything works on byte addresses in the one imported (shared)
// memory, so several threads can run the same module on disjoint slices of one job.
//
// Layout: logits are viewed as (outer, C, inner); element (o, c, j) sits at ((o*C + c)*inner + j).
// A "position" is one (o, j) pair, i.e. one softmax slice along C. Row kernels (inner == 1) run
// 4-wide SIMD along C; strided kernels (inner > 1) run 4-wide SIMD across 4 neighbouring
// positions. Per-position arrays (targets, row max, log-sum, coefficients) are indexed o*inner + j.
//
// No static data: several modules share the memory, and a data segment would be rewritten by
// every instantiation (constants below are compile-time and end up in the code).

// ---------------------------------------------------------------------------------------------
// exp and log, 4 lanes at a time

import { LOG2E, LN2_HI, LN2_LO, MAGIC, P0, P1, P2, P3, P4, scale2n } from './lib/exp_common';
// Below this, the single-step 2^n scaling of expCore would leave the normal range.
const EXP_LO: f32 = -87.0;

// a·b + c and c - a·b: one fused multiply-add each where the build has relaxed SIMD (the relaxed
// module variant: the host's FMA where it has one), else a multiply and an add, as before.
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
// @ts-ignore: decorator
@inline
function nmadd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return f32x4.sub(c, f32x4.mul(a, b));
}

// e^r = 1 + r + r²·P(r) on the reduced range. Plain build: r²·P(r) + r + 1, bit-identical to
// kernels/exp.ts. Relaxed build: Horner's rule in six fused multiply-adds (one op fewer, no r²);
// still within 1 ulp over all 2^32 inputs (bench/exp_exhaustive.mjs).
// @ts-ignore: decorator
@inline
function expPoly(r: v128): v128 {
  let p = madd(f32x4.splat(P4), r, f32x4.splat(P3));
  p = madd(p, r, f32x4.splat(P2));
  p = madd(p, r, f32x4.splat(P1));
  p = madd(p, r, f32x4.splat(P0));
  if (ASC_FEATURE_RELAXED_SIMD) return madd(madd(p, r, f32x4.splat(1.0)), r, f32x4.splat(1.0));
  return f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1.0));
}

// e^x for x in [-87, 88] (no NaN): Cody-Waite reduction x = n*ln2 + r, a degree-6 polynomial,
// and 2^n added straight into the exponent bits (n comes out of the magic-number rounding).
// @ts-ignore: decorator
@inline
function expCore(x: v128): v128 {
  const t = madd(x, f32x4.splat(LOG2E), f32x4.splat(MAGIC));
  const n = f32x4.sub(t, f32x4.splat(MAGIC));
  let r = nmadd(n, f32x4.splat(LN2_HI), x);
  r = nmadd(n, f32x4.splat(LN2_LO), r);
  const p = expPoly(r);
  return i32x4.add(p, i32x4.shl(t, 23));
}

// e^x over the whole float32 range: NaN stays NaN, overflow gives +inf, results in the subnormal
// range are rounded once (2^n applied as two normal factors).
// @ts-ignore: decorator
@inline
function exp4(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, f32x4.splat(-104.0)), f32x4.splat(89.0)); // min/max keep NaN
  const t = madd(xc, f32x4.splat(LOG2E), f32x4.splat(MAGIC));
  const n = f32x4.sub(t, f32x4.splat(MAGIC));
  let r = nmadd(n, f32x4.splat(LN2_HI), xc);
  r = nmadd(n, f32x4.splat(LN2_LO), r);
  const p = expPoly(r);
  return scale2n(p, t);
}

// e^x for x <= 0 without NaN (x - max of a slice): the fast path, exact over the whole range
// because lanes below -87 (rare) go through exp4.
// @ts-ignore: decorator
@inline
function expNeg(x: v128): v128 {
  if (v128.any_true(f32x4.lt(x, f32x4.splat(EXP_LO)))) return exp4(x);
  return expCore(x);
}

// e^x for any x, fast when every lane lies in [-87, 0] (log-probabilities): other lanes (NaN,
// positive, very negative) take exp4.
// @ts-ignore: decorator
@inline
function expLogProb(x: v128): v128 {
  // !(x >= -87 && x <= 0) in some lane: NaN fails both comparisons
  const inRange = v128.and(f32x4.ge(x, f32x4.splat(EXP_LO)), f32x4.le(x, f32x4.splat(0)));
  if (!i32x4.all_true(inRange)) return exp4(x);
  return expCore(x);
}

// e^x for x <= 0 without NaN, for sums only: lanes below -87 give about 1.6e-38 instead of a
// subnormal, which cannot change a sum that holds e^0 = 1.
// @ts-ignore: decorator
@inline
function expSum(x: v128): v128 {
  return expCore(f32x4.pmax(x, f32x4.splat(EXP_LO)));
}

const SQRTHF: f32 = 0.707106781186547524;
// Cephes logf polynomial
const L0: f32 = 7.0376836292E-2;
const L1: f32 = -1.1514610310E-1;
const L2: f32 = 1.1676998740E-1;
const L3: f32 = -1.2420140846E-1;
const L4: f32 = 1.4249322787E-1;
const L5: f32 = -1.6668057665E-1;
const L6: f32 = 2.0000714765E-1;
const L7: f32 = -2.4999993993E-1;
const L8: f32 = 3.3333331174E-1;

// Natural log for positive normal lanes (the sums of exps here lie in [1, C]); NaN, +inf, zero
// and negative lanes get NaN, +inf, -inf and NaN.
// @ts-ignore: decorator
@inline
function log4(x: v128): v128 {
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126));
  let m = v128.or(v128.and(x, i32x4.splat(0x007FFFFF)), i32x4.splat(0x3F000000)); // [0.5, 1)
  const small = f32x4.lt(m, f32x4.splat(SQRTHF));
  e = i32x4.add(e, small); // all-ones lanes: e - 1
  m = f32x4.sub(f32x4.add(m, v128.and(m, small)), f32x4.splat(1.0));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(m, m);
  let y = madd(f32x4.splat(L0), m, f32x4.splat(L1));
  y = madd(y, m, f32x4.splat(L2));
  y = madd(y, m, f32x4.splat(L3));
  y = madd(y, m, f32x4.splat(L4));
  y = madd(y, m, f32x4.splat(L5));
  y = madd(y, m, f32x4.splat(L6));
  y = madd(y, m, f32x4.splat(L7));
  y = madd(y, m, f32x4.splat(L8));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  let r = f32x4.add(m, y);
  r = f32x4.add(r, f32x4.mul(fe, f32x4.splat(LN2_HI)));
  // special lanes: x <= 0, x not finite
  const pos = f32x4.gt(x, f32x4.splat(0.0));
  const fin = f32x4.lt(x, f32x4.splat(<f32>Infinity));
  r = v128.bitselect(r, f32x4.add(x, x), v128.and(pos, fin)); // +inf -> inf, NaN -> NaN
  r = v128.bitselect(f32x4.splat(-<f32>Infinity), r, f32x4.eq(x, f32x4.splat(0.0)));
  r = v128.bitselect(f32x4.splat(<f32>NaN), r, f32x4.lt(x, f32x4.splat(0.0)));
  return r;
}

// @ts-ignore: decorator
@inline
function expS(x: f32): f32 { return f32x4.extract_lane(exp4(f32x4.splat(x)), 0); }
// @ts-ignore: decorator
@inline
function logS(x: f32): f32 { return f32x4.extract_lane(log4(f32x4.splat(x)), 0); }

// @ts-ignore: decorator
@inline
function hmax(v: v128): f32 {
  const a = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.pmax(a, v128.shuffle<f32>(a, a, 1, 0, 3, 2)), 0);
}
// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  const a = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(a, v128.shuffle<f32>(a, a, 1, 0, 3, 2)), 0);
}
// @ts-ignore: decorator
@inline
function finite(v: f32): bool { return v - v == 0; }

// Lanes of the overlapping last vector of a row of length C (C >= 4) that were not covered by
// the aligned vectors: the top C % 4 lanes (all lanes when C % 4 == 0, which never uses it).
// @ts-ignore: decorator
@inline
function tailMask(C: i32): v128 {
  return i32x4.ge_s(i32x4(0, 1, 2, 3), i32x4.splat(4 - (C & 3)));
}

// ---------------------------------------------------------------------------------------------
// row helpers (C contiguous floats at p, C >= 4)

// max over the row, NaN if any element is NaN; with withMin (rowMaxMin) the row's minimum also
// goes to rowMinOut (the max and its NaN test are the same either way)
let rowMinOut: f32 = 0;
// @ts-ignore: decorator
@inline
function rowMaxWith(p: usize, C: i32, withMin: bool): f32 {
  let m0 = v128.load(p), m1 = m0, m2 = m0, m3 = m0;
  let n0 = m0, n1 = m0;
  let bad = f32x4.ne(m0, m0);
  let i = 0;
  for (; i + 16 <= C; i += 16) {
    const q = p + (<usize>i << 2);
    const v0 = v128.load(q), v1 = v128.load(q, 16), v2 = v128.load(q, 32), v3 = v128.load(q, 48);
    m0 = f32x4.pmax(m0, v0); m1 = f32x4.pmax(m1, v1); m2 = f32x4.pmax(m2, v2); m3 = f32x4.pmax(m3, v3);
    if (withMin) { n0 = f32x4.pmin(n0, f32x4.pmin(v0, v1)); n1 = f32x4.pmin(n1, f32x4.pmin(v2, v3)); }
    bad = v128.or(bad, v128.or(v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1)), v128.or(f32x4.ne(v2, v2), f32x4.ne(v3, v3))));
  }
  for (; i + 4 <= C; i += 4) {
    const v = v128.load(p + (<usize>i << 2));
    m0 = f32x4.pmax(m0, v); if (withMin) n0 = f32x4.pmin(n0, v); bad = v128.or(bad, f32x4.ne(v, v));
  }
  if (i < C) {
    const v = v128.load(p + (<usize>(C - 4) << 2));
    m0 = f32x4.pmax(m0, v); if (withMin) n0 = f32x4.pmin(n0, v); bad = v128.or(bad, f32x4.ne(v, v));
  }
  if (withMin) {
    const nv = f32x4.pmin(n0, n1);
    const nh = f32x4.pmin(nv, v128.shuffle<f32>(nv, nv, 2, 3, 0, 1));
    rowMinOut = min<f32>(f32x4.extract_lane(nh, 0), f32x4.extract_lane(nh, 1));
  }
  if (v128.any_true(bad)) return <f32>NaN;
  return hmax(f32x4.pmax(f32x4.pmax(m0, m1), f32x4.pmax(m2, m3)));
}
function rowMax(p: usize, C: i32): f32 { return rowMaxWith(p, C, false); }

// Σ exp(x - m) over the row; m finite and no NaN in the row. With keep (rowSumExpKeep) each exact
// exp is also stored at e; the terms summed, and their order, are the same either way.
// @ts-ignore: decorator
@inline
function rowSumExpWith(p: usize, e: usize, C: i32, m: f32, keep: bool): f32 {
  const mv = f32x4.splat(m);
  let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
  let i = 0;
  for (; i + 16 <= C; i += 16) {
    const o = <usize>i << 2, q = p + o, r = e + o;
    s0 = f32x4.add(s0, keep ? expKeep(f32x4.sub(v128.load(q), mv), r) : expSum(f32x4.sub(v128.load(q), mv)));
    s1 = f32x4.add(s1, keep ? expKeep(f32x4.sub(v128.load(q, 16), mv), r + 16) : expSum(f32x4.sub(v128.load(q, 16), mv)));
    s2 = f32x4.add(s2, keep ? expKeep(f32x4.sub(v128.load(q, 32), mv), r + 32) : expSum(f32x4.sub(v128.load(q, 32), mv)));
    s3 = f32x4.add(s3, keep ? expKeep(f32x4.sub(v128.load(q, 48), mv), r + 48) : expSum(f32x4.sub(v128.load(q, 48), mv)));
  }
  for (; i + 4 <= C; i += 4) {
    const o = <usize>i << 2, d = f32x4.sub(v128.load(p + o), mv);
    s0 = f32x4.add(s0, keep ? expKeep(d, e + o) : expSum(d));
  }
  if (i < C) {
    const o = <usize>(C - 4) << 2, d = f32x4.sub(v128.load(p + o), mv);
    s1 = f32x4.add(s1, v128.and(keep ? expKeep(d, e + o) : expSum(d), tailMask(C)));
  }
  return hsum(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3)));
}
function rowSumExp(p: usize, C: i32, m: f32): f32 { return rowSumExpWith(p, 0, C, m, false); }

// rowMax that also leaves the row's minimum in rowMinOut (a per-instance wasm global, so per
// thread): with min - m >= -87 every lane of the row takes expCore, and rowSumExpStoreCore then
// skips expNeg's per-vector range test (same values, since expNeg picks expCore for such lanes).
function rowMaxMin(p: usize, C: i32): f32 { return rowMaxWith(p, C, true); }

// Σ exp(x - m) over the row, also storing each exp at e (exact exp, subnormals included: expNeg).
// With core (rowSumExpStoreCore, for a row whose every x - m lies in [-87, 0], no NaN) expCore
// throughout, which gives the same values there without expNeg's per-vector range test.
// @ts-ignore: decorator
@inline
function rowSumExpStoreWith(p: usize, e: usize, C: i32, m: f32, core: bool): f32 {
  const mv = f32x4.splat(m);
  let s0 = f32x4.splat(0), s1 = s0;
  let i = 0;
  for (; i + 8 <= C; i += 8) {
    const o = <usize>i << 2;
    const d0 = f32x4.sub(v128.load(p + o), mv), d1 = f32x4.sub(v128.load(p + o, 16), mv);
    const e0 = core ? expCore(d0) : expNeg(d0), e1 = core ? expCore(d1) : expNeg(d1);
    v128.store(e + o, e0); v128.store(e + o, e1, 16);
    s0 = f32x4.add(s0, e0); s1 = f32x4.add(s1, e1);
  }
  for (; i + 4 <= C; i += 4) {
    const o = <usize>i << 2, d = f32x4.sub(v128.load(p + o), mv);
    const v = core ? expCore(d) : expNeg(d);
    v128.store(e + o, v); s0 = f32x4.add(s0, v);
  }
  if (i < C) {
    const o = <usize>(C - 4) << 2, d = f32x4.sub(v128.load(p + o), mv);
    const v = core ? expCore(d) : expNeg(d);
    v128.store(e + o, v); s1 = f32x4.add(s1, v128.and(v, tailMask(C)));
  }
  return hsum(f32x4.add(s0, s1));
}
function rowSumExpStoreCore(p: usize, e: usize, C: i32, m: f32): f32 { return rowSumExpStoreWith(p, e, C, m, true); }
function rowSumExpStore(p: usize, e: usize, C: i32, m: f32): f32 { return rowSumExpStoreWith(p, e, C, m, false); }

function rowSum(p: usize, C: i32): f32 {
  let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
  let i = 0;
  for (; i + 16 <= C; i += 16) {
    const q = p + (<usize>i << 2);
    s0 = f32x4.add(s0, v128.load(q)); s1 = f32x4.add(s1, v128.load(q, 16));
    s2 = f32x4.add(s2, v128.load(q, 32)); s3 = f32x4.add(s3, v128.load(q, 48));
  }
  for (; i + 4 <= C; i += 4) s0 = f32x4.add(s0, v128.load(p + (<usize>i << 2)));
  if (i < C) s1 = f32x4.add(s1, v128.and(v128.load(p + (<usize>(C - 4) << 2)), tailMask(C)));
  return hsum(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3)));
}

function rowDot(a: usize, b: usize, C: i32): f32 {
  let s0 = f32x4.splat(0), s1 = s0;
  let i = 0;
  for (; i + 8 <= C; i += 8) {
    const o = <usize>i << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  for (; i + 4 <= C; i += 4) { const o = <usize>i << 2; s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o))); }
  if (i < C) {
    const o = <usize>(C - 4) << 2;
    s1 = f32x4.add(s1, v128.and(f32x4.mul(v128.load(a + o), v128.load(b + o)), tailMask(C)));
  }
  return hsum(f32x4.add(s0, s1));
}

function rowFill(p: usize, C: i32, v: f32): void {
  const vv = f32x4.splat(v);
  let i = 0;
  for (; i + 4 <= C; i += 4) v128.store(p + (<usize>i << 2), vv);
  for (; i < C; i++) store<f32>(p + (<usize>i << 2), v);
}

// ---------------------------------------------------------------------------------------------
// scalar slices (stride in bytes), for short rows, strided tails and special positions

function sliceMax(p: usize, C: i32, stride: usize): f32 {
  let m: f32 = -Infinity;
  for (let c = 0; c < C; c++) { const v = load<f32>(p + <usize>c * stride); if (v > m || v != v) m = v; }
  return m;
}
function sliceSumExp(p: usize, C: i32, stride: usize, m: f32): f32 {
  let s: f32 = 0;
  for (let c = 0; c < C; c++) s += expS(load<f32>(p + <usize>c * stride) - m);
  return s;
}

// log_softmax / softmax of one slice, any stride, any values
function lsmSlice(x: usize, out: usize, C: i32, stride: usize, log: i32): void {
  const m = sliceMax(x, C, stride);
  if (log) {
    const ls = logS(sliceSumExp(x, C, stride, m));
    for (let c = 0; c < C; c++) { const o = <usize>c * stride; store<f32>(out + o, (load<f32>(x + o) - m) - ls); }
  } else {
    let s: f32 = 0;
    for (let c = 0; c < C; c++) { const o = <usize>c * stride; const e = expS(load<f32>(x + o) - m); store<f32>(out + o, e); s += e; }
    for (let c = 0; c < C; c++) { const o = <usize>c * stride; store<f32>(out + o, load<f32>(out + o) / s); }
  }
}

function lsmBwdSlice(g: usize, out: usize, gi: usize, C: i32, stride: usize, log: i32): void {
  let s: f32 = 0;
  if (log) {
    for (let c = 0; c < C; c++) s += load<f32>(g + <usize>c * stride);
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride;
      store<f32>(gi + o, load<f32>(g + o) - expS(load<f32>(out + o)) * s);
    }
  } else {
    for (let c = 0; c < C; c++) { const o = <usize>c * stride; s += load<f32>(g + o) * load<f32>(out + o); }
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride;
      store<f32>(gi + o, load<f32>(out + o) * (load<f32>(g + o) - s));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// log_softmax forward that keeps e = exp(x - m) (the backward's softmax up to the factor exp(-ls))
// in the future gradient's storage and ls per position, so the backward needs no exp: the sums are
// those of the plain forward bit for bit (expSum's terms; the stored e are expNeg's exact ones,
// which differ only below e^-87, where a vector holding such a lane computes both).

// @ts-ignore: decorator
@inline
function expKeep(d: v128, e: usize): v128 {
  if (v128.any_true(f32x4.lt(d, f32x4.splat(EXP_LO)))) {
    v128.store(e, exp4(d));
    return expCore(f32x4.pmax(d, f32x4.splat(EXP_LO)));
  }
  const v = expCore(d);
  v128.store(e, v);
  return v;
}

/** rowSumExp (same terms, same order) that also stores each exact exp at e. */
function rowSumExpKeep(p: usize, e: usize, C: i32, m: f32): f32 { return rowSumExpWith(p, e, C, m, true); }

// ---------------------------------------------------------------------------------------------
// log_softmax / softmax forward

// e != 0 (log only): also keep exp(x - m) at e and the log-sum at lsp (NaN where nothing was kept)
function lsmRow(x: usize, out: usize, C: i32, log: i32, e: usize, lsp: usize): void {
  if (e) store<f32>(lsp, <f32>NaN);
  if (C < 4) { lsmSlice(x, out, C, 4, log); return; }
  const m = rowMax(x, C);
  if (!finite(m)) { rowFill(out, C, <f32>NaN); return; } // as the reference: inf - inf or NaN everywhere
  const mv = f32x4.splat(m);
  if (log) {
    const ls = logS(e ? rowSumExpKeep(x, e, C, m) : rowSumExp(x, C, m));
    if (e) store<f32>(lsp, ls);
    const lsv = f32x4.splat(ls);
    let i = 0;
    for (; i + 8 <= C; i += 8) {
      const o = <usize>i << 2;
      v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o), mv), lsv));
      v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o, 16), mv), lsv), 16);
    }
    for (; i + 4 <= C; i += 4) { const o = <usize>i << 2; v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o), mv), lsv)); }
    if (i < C) { const o = <usize>(C - 4) << 2; v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o), mv), lsv)); }
  } else {
    let s0 = f32x4.splat(0), s1 = s0;
    let i = 0;
    for (; i + 8 <= C; i += 8) {
      const o = <usize>i << 2;
      const e0 = expNeg(f32x4.sub(v128.load(x + o), mv)), e1 = expNeg(f32x4.sub(v128.load(x + o, 16), mv));
      v128.store(out + o, e0); v128.store(out + o, e1, 16);
      s0 = f32x4.add(s0, e0); s1 = f32x4.add(s1, e1);
    }
    for (; i + 4 <= C; i += 4) {
      const o = <usize>i << 2;
      const e = expNeg(f32x4.sub(v128.load(x + o), mv));
      v128.store(out + o, e); s0 = f32x4.add(s0, e);
    }
    if (i < C) {
      const o = <usize>(C - 4) << 2;
      const e = expNeg(f32x4.sub(v128.load(x + o), mv));
      v128.store(out + o, e); s1 = f32x4.add(s1, v128.and(e, tailMask(C)));
    }
    const sv = f32x4.splat(hsum(f32x4.add(s0, s1)));
    i = 0;
    for (; i + 4 <= C; i += 4) { const o = <usize>i << 2; v128.store(out + o, f32x4.div(v128.load(out + o), sv)); }
    for (; i < C; i++) { const o = <usize>i << 2; store<f32>(out + o, load<f32>(out + o) / f32x4.extract_lane(sv, 0)); }
  }
}

// 4 neighbouring positions of a strided slice (element c of lane k at p + c*stride + 4k)
function lsmBlock4(x: usize, out: usize, C: i32, stride: usize, log: i32): void {
  let mv = v128.load(x);
  let bad = f32x4.ne(mv, mv);
  for (let c = 1; c < C; c++) {
    const v = v128.load(x + <usize>c * stride);
    mv = f32x4.pmax(mv, v); bad = v128.or(bad, f32x4.ne(v, v));
  }
  // lanes with a non-finite max (NaN, +inf, all -inf) take the scalar path
  if (v128.any_true(v128.or(bad, f32x4.ne(f32x4.sub(mv, mv), f32x4.splat(0))))) {
    for (let k = 0; k < 4; k++) lsmSlice(x + (<usize>k << 2), out + (<usize>k << 2), C, stride, log);
    return;
  }
  let s = f32x4.splat(0);
  if (log) {
    for (let c = 0; c < C; c++) s = f32x4.add(s, expSum(f32x4.sub(v128.load(x + <usize>c * stride), mv)));
    const ls = log4(s);
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride;
      v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o), mv), ls));
    }
  } else {
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride;
      const e = expNeg(f32x4.sub(v128.load(x + o), mv));
      v128.store(out + o, e); s = f32x4.add(s, e);
    }
    for (let c = 0; c < C; c++) { const o = <usize>c * stride; v128.store(out + o, f32x4.div(v128.load(out + o), s)); }
  }
}

// 16 neighbouring positions (one 64-byte line of each c) of a strided slice: lane for lane the
// same arithmetic as lsmBlock4, but every pass over C uses whole cache lines, so a line is fetched
// once per pass instead of once per 4-position block (strides that are multiples of 4 KiB alias in
// the caches, so lines rarely survive between blocks).
function lsmBlock16(x: usize, out: usize, C: i32, stride: usize, log: i32): void {
  let m0 = v128.load(x), m1 = v128.load(x, 16), m2 = v128.load(x, 32), m3 = v128.load(x, 48);
  let bad = v128.or(v128.or(f32x4.ne(m0, m0), f32x4.ne(m1, m1)), v128.or(f32x4.ne(m2, m2), f32x4.ne(m3, m3)));
  for (let c = 1; c < C; c++) {
    const p = x + <usize>c * stride;
    const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
    m0 = f32x4.pmax(m0, v0); m1 = f32x4.pmax(m1, v1); m2 = f32x4.pmax(m2, v2); m3 = f32x4.pmax(m3, v3);
    bad = v128.or(bad, v128.or(v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1)), v128.or(f32x4.ne(v2, v2), f32x4.ne(v3, v3))));
  }
  const z = f32x4.splat(0);
  bad = v128.or(bad, v128.or(v128.or(f32x4.ne(f32x4.sub(m0, m0), z), f32x4.ne(f32x4.sub(m1, m1), z)),
    v128.or(f32x4.ne(f32x4.sub(m2, m2), z), f32x4.ne(f32x4.sub(m3, m3), z))));
  if (v128.any_true(bad)) {
    for (let k = 0; k < 4; k++) lsmBlock4(x + (<usize>k << 4), out + (<usize>k << 4), C, stride, log);
    return;
  }
  let s0 = z, s1 = z, s2 = z, s3 = z;
  if (log) {
    for (let c = 0; c < C; c++) {
      const p = x + <usize>c * stride;
      s0 = f32x4.add(s0, expSum(f32x4.sub(v128.load(p), m0)));
      s1 = f32x4.add(s1, expSum(f32x4.sub(v128.load(p, 16), m1)));
      s2 = f32x4.add(s2, expSum(f32x4.sub(v128.load(p, 32), m2)));
      s3 = f32x4.add(s3, expSum(f32x4.sub(v128.load(p, 48), m3)));
    }
    const l0 = log4(s0), l1 = log4(s1), l2 = log4(s2), l3 = log4(s3);
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride, p = x + o, q = out + o;
      v128.store(q, f32x4.sub(f32x4.sub(v128.load(p), m0), l0));
      v128.store(q, f32x4.sub(f32x4.sub(v128.load(p, 16), m1), l1), 16);
      v128.store(q, f32x4.sub(f32x4.sub(v128.load(p, 32), m2), l2), 32);
      v128.store(q, f32x4.sub(f32x4.sub(v128.load(p, 48), m3), l3), 48);
    }
  } else {
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride, p = x + o, q = out + o;
      const e0 = expNeg(f32x4.sub(v128.load(p), m0)), e1 = expNeg(f32x4.sub(v128.load(p, 16), m1));
      const e2 = expNeg(f32x4.sub(v128.load(p, 32), m2)), e3 = expNeg(f32x4.sub(v128.load(p, 48), m3));
      v128.store(q, e0); v128.store(q, e1, 16); v128.store(q, e2, 32); v128.store(q, e3, 48);
      s0 = f32x4.add(s0, e0); s1 = f32x4.add(s1, e1); s2 = f32x4.add(s2, e2); s3 = f32x4.add(s3, e3);
    }
    for (let c = 0; c < C; c++) {
      const q = out + <usize>c * stride;
      v128.store(q, f32x4.div(v128.load(q), s0)); v128.store(q, f32x4.div(v128.load(q, 16), s1), 16);
      v128.store(q, f32x4.div(v128.load(q, 32), s2), 32); v128.store(q, f32x4.div(v128.load(q, 48), s3), 48);
    }
  }
}

// The first pass of a strided run (lsmStream, ceStream): copies nb bytes of positions of each of
// the C class rows (stride apart) into S, one contiguous row per class, and leaves the running
// max (pmax, class by class) in M. False when a position has NaN or a non-finite max.
function copyRunMax(x: usize, C: i32, stride: usize, nb: usize, S: usize, M: usize): bool {
  let bad = f32x4.splat(0);
  for (let i: usize = 0; i < nb; i += 16) { const v = v128.load(x + i); v128.store(S + i, v); v128.store(M + i, v); bad = v128.or(bad, f32x4.ne(v, v)); }
  for (let c = 1; c < C; c++) {
    const p = x + <usize>c * stride, q = S + <usize>c * nb;
    for (let i: usize = 0; i < nb; i += 16) {
      const v = v128.load(p + i);
      v128.store(q + i, v);
      v128.store(M + i, f32x4.pmax(v128.load(M + i), v));
      bad = v128.or(bad, f32x4.ne(v, v));
    }
  }
  const z = f32x4.splat(0);
  for (let i: usize = 0; i < nb; i += 16) { const m = v128.load(M + i); bad = v128.or(bad, f32x4.ne(f32x4.sub(m, m), z)); }
  return !v128.any_true(bad);
}


// log_softmax of n positions (n a multiple of 4, C >= 2) of a strided slice. The class rows of a
// slice lie a multiple of 4 KiB apart (64 KiB at 128 x 128 positions), so the lines of one run of
// positions fall in the same set of L1 and of L2 for every class: a few dozen classes overflow
// the ways and every pass would go out to L3. So the first pass copies the run of each class
// into the scratch block S (C rows of n floats, then the max row and the log-sum row: contiguous,
// no aliasing) while it takes the max; the other passes work in S; the last writes out. Lane for
// lane lsmBlock4's arithmetic. Returns false, having written nothing, when a position has NaN or a
// non-finite max (the caller then runs the block kernels over these positions).
function lsmStream(x: usize, out: usize, C: i32, stride: usize, n: i32, S: usize): bool {
  const nb = <usize>n << 2, M = S + <usize>C * nb, L = M + nb;
  if (!copyRunMax(x, C, stride, nb, S, M)) return false;
  // Σ exp(x - m): class 0 starts the sums (0 + e == e), then the others in order
  for (let i: usize = 0; i < nb; i += 16) v128.store(L + i, expSum(f32x4.sub(v128.load(S + i), v128.load(M + i))));
  for (let c = 1; c < C; c++) {
    const q = S + <usize>c * nb;
    for (let i: usize = 0; i < nb; i += 16)
      v128.store(L + i, f32x4.add(v128.load(L + i), expSum(f32x4.sub(v128.load(q + i), v128.load(M + i)))));
  }
  for (let i: usize = 0; i < nb; i += 16) v128.store(L + i, log4(v128.load(L + i)));
  for (let c = 0; c < C; c++) {
    const q = S + <usize>c * nb, o = out + <usize>c * stride;
    for (let i: usize = 0; i < nb; i += 16)
      v128.store(o + i, f32x4.sub(f32x4.sub(v128.load(q + i), v128.load(M + i)), v128.load(L + i)));
  }
  return true;
}

/** Bytes of scratch a strided log_softmax job takes (lsm_fwd's `scr`): runs of positions are as
 * long as fit in it, (C + 2) rows, up to STREAM_W positions. */
export const LSM_SCRATCH = 16384;
const STREAM_W = 128;

/**
 * log_softmax (log = 1) or softmax (log = 0) over C for outer slices [0, nOuter) starting at x /
 * out, positions j in [j0, j1) of each (inner == 1: rows, j0 = 0, j1 = 1). Rows with e != 0
 * (log only) also keep e = exp(x - m), laid out as x, and each row's log-sum at lsp (NaN where
 * nothing was kept: rows of C < 4 or with a non-finite max). Per row, so independent of the split.
 */
export function lsm_fwd(x: usize, out: usize, C: i32, inner: i32, nOuter: i32, j0: i32, j1: i32, log: i32, e: usize, lsp: usize, scr: usize): void {
  const sliceBytes = <usize>C * <usize>inner << 2;
  if (inner == 1) {
    for (let o = 0; o < nOuter; o++) {
      const d = <usize>o * sliceBytes;
      lsmRow(x + d, out + d, C, log, e ? e + d : 0, lsp + (<usize>o << 2));
    }
    return;
  }
  const stride = <usize>inner << 2;
  for (let o = 0; o < nOuter; o++) {
    const xo = x + <usize>o * sliceBytes, oo = out + <usize>o * sliceBytes;
    let j = j0;
    const wmax = min(STREAM_W, (LSM_SCRATCH >> 2) / (C + 2)) & ~3;
    if (log && C >= 2 && scr && wmax >= 4) {
      // streaming runs; a run with NaN or a non-finite max is redone by the block kernels below
      for (; j + 4 <= j1;) {
        const w = min(wmax, (j1 - j) & ~3);
        if (!lsmStream(xo + (<usize>j << 2), oo + (<usize>j << 2), C, stride, w, scr)) {
          let k = j;
          for (; k + 16 <= j + w; k += 16) lsmBlock16(xo + (<usize>k << 2), oo + (<usize>k << 2), C, stride, log);
          for (; k + 4 <= j + w; k += 4) lsmBlock4(xo + (<usize>k << 2), oo + (<usize>k << 2), C, stride, log);
        }
        j += w;
      }
    }
    for (; j + 16 <= j1; j += 16) lsmBlock16(xo + (<usize>j << 2), oo + (<usize>j << 2), C, stride, log);
    for (; j + 4 <= j1; j += 4) lsmBlock4(xo + (<usize>j << 2), oo + (<usize>j << 2), C, stride, log);
    for (; j < j1; j++) lsmSlice(xo + (<usize>j << 2), oo + (<usize>j << 2), C, stride, log);
  }
}

// ---------------------------------------------------------------------------------------------
// log_softmax / softmax backward: gi = g - exp(out)·Σg  |  gi = out·(g - Σ g·out)

function lsmBwdRow(g: usize, out: usize, gi: usize, C: i32, log: i32): void {
  if (C < 4) { lsmBwdSlice(g, out, gi, C, 4, log); return; }
  if (log) {
    const sv = f32x4.splat(rowSum(g, C));
    let i = 0;
    for (; i + 8 <= C; i += 8) {
      const o = <usize>i << 2;
      v128.store(gi + o, f32x4.sub(v128.load(g + o), f32x4.mul(expLogProb(v128.load(out + o)), sv)));
      v128.store(gi + o, f32x4.sub(v128.load(g + o, 16), f32x4.mul(expLogProb(v128.load(out + o, 16)), sv)), 16);
    }
    for (; i + 4 <= C; i += 4) {
      const o = <usize>i << 2;
      v128.store(gi + o, f32x4.sub(v128.load(g + o), f32x4.mul(expLogProb(v128.load(out + o)), sv)));
    }
    if (i < C) {
      const o = <usize>(C - 4) << 2;
      v128.store(gi + o, f32x4.sub(v128.load(g + o), f32x4.mul(expLogProb(v128.load(out + o)), sv)));
    }
  } else {
    const sv = f32x4.splat(rowDot(g, out, C));
    let i = 0;
    for (; i + 4 <= C; i += 4) {
      const o = <usize>i << 2;
      v128.store(gi + o, f32x4.mul(v128.load(out + o), f32x4.sub(v128.load(g + o), sv)));
    }
    if (i < C) {
      const o = <usize>(C - 4) << 2;
      v128.store(gi + o, f32x4.mul(v128.load(out + o), f32x4.sub(v128.load(g + o), sv)));
    }
  }
}

function lsmBwdBlock4(g: usize, out: usize, gi: usize, C: i32, stride: usize, log: i32): void {
  let s = f32x4.splat(0);
  if (log) {
    for (let c = 0; c < C; c++) s = f32x4.add(s, v128.load(g + <usize>c * stride));
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride;
      v128.store(gi + o, f32x4.sub(v128.load(g + o), f32x4.mul(expLogProb(v128.load(out + o)), s)));
    }
  } else {
    for (let c = 0; c < C; c++) { const o = <usize>c * stride; s = f32x4.add(s, f32x4.mul(v128.load(g + o), v128.load(out + o))); }
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride;
      v128.store(gi + o, f32x4.mul(v128.load(out + o), f32x4.sub(v128.load(g + o), s)));
    }
  }
}

// 16 positions at once, whole cache lines per c (see lsmBlock16); lane for lane lsmBwdBlock4
function lsmBwdBlock16(g: usize, out: usize, gi: usize, C: i32, stride: usize, log: i32): void {
  const z = f32x4.splat(0);
  let s0 = z, s1 = z, s2 = z, s3 = z;
  if (log) {
    for (let c = 0; c < C; c++) {
      const p = g + <usize>c * stride;
      s0 = f32x4.add(s0, v128.load(p)); s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32)); s3 = f32x4.add(s3, v128.load(p, 48));
    }
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride, pg = g + o, po = out + o, q = gi + o;
      v128.store(q, f32x4.sub(v128.load(pg), f32x4.mul(expLogProb(v128.load(po)), s0)));
      v128.store(q, f32x4.sub(v128.load(pg, 16), f32x4.mul(expLogProb(v128.load(po, 16)), s1)), 16);
      v128.store(q, f32x4.sub(v128.load(pg, 32), f32x4.mul(expLogProb(v128.load(po, 32)), s2)), 32);
      v128.store(q, f32x4.sub(v128.load(pg, 48), f32x4.mul(expLogProb(v128.load(po, 48)), s3)), 48);
    }
  } else {
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride, pg = g + o, po = out + o;
      s0 = f32x4.add(s0, f32x4.mul(v128.load(pg), v128.load(po)));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(pg, 16), v128.load(po, 16)));
      s2 = f32x4.add(s2, f32x4.mul(v128.load(pg, 32), v128.load(po, 32)));
      s3 = f32x4.add(s3, f32x4.mul(v128.load(pg, 48), v128.load(po, 48)));
    }
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride, pg = g + o, po = out + o, q = gi + o;
      v128.store(q, f32x4.mul(v128.load(po), f32x4.sub(v128.load(pg), s0)));
      v128.store(q, f32x4.mul(v128.load(po, 16), f32x4.sub(v128.load(pg, 16), s1)), 16);
      v128.store(q, f32x4.mul(v128.load(po, 32), f32x4.sub(v128.load(pg, 32), s2)), 32);
      v128.store(q, f32x4.mul(v128.load(po, 48), f32x4.sub(v128.load(pg, 48), s3)), 48);
    }
  }
}

export function lsm_bwd(g: usize, out: usize, gi: usize, C: i32, inner: i32, nOuter: i32, j0: i32, j1: i32, log: i32): void {
  const sliceBytes = <usize>C * <usize>inner << 2;
  if (inner == 1) {
    for (let o = 0; o < nOuter; o++) {
      const d = <usize>o * sliceBytes;
      lsmBwdRow(g + d, out + d, gi + d, C, log);
    }
    return;
  }
  const stride = <usize>inner << 2;
  for (let o = 0; o < nOuter; o++) {
    const d = <usize>o * sliceBytes;
    let j = j0;
    for (; j + 16 <= j1; j += 16) { const e = d + (<usize>j << 2); lsmBwdBlock16(g + e, out + e, gi + e, C, stride, log); }
    for (; j + 4 <= j1; j += 4) { const e = d + (<usize>j << 2); lsmBwdBlock4(g + e, out + e, gi + e, C, stride, log); }
    for (; j < j1; j++) { const e = d + (<usize>j << 2); lsmBwdSlice(g + e, out + e, gi + e, C, stride, log); }
  }
}

// log_softmax backward from the kept exps, rows (inner == 1): gi = g - e·k, k = exp(-ls)·Σ_c g per
// row (the softmax is e·exp(-ls)), no exp per element; g == 0 means a uniform gradient g0 whose
// row sum is S (lsm_uniform_sum). Rows without kept exps (ls NaN) take the exp(out) kernels.

function lsmBwdKeptRow(g: usize, e: usize, gi: usize, C: i32, ls: f32, g0: f32, S: f32): void {
  const k = expS(-ls) * (g ? rowSum(g, C) : S), kv = f32x4.splat(k), gv = f32x4.splat(g0);
  let i = 0;
  for (; i + 8 <= C; i += 8) {
    const o = <usize>i << 2;
    const a = g ? v128.load(g + o) : gv, b = g ? v128.load(g + o, 16) : gv;
    v128.store(gi + o, f32x4.sub(a, f32x4.mul(v128.load(e + o), kv)));
    v128.store(gi + o, f32x4.sub(b, f32x4.mul(v128.load(e + o, 16), kv)), 16);
  }
  for (; i + 4 <= C; i += 4) { const o = <usize>i << 2; v128.store(gi + o, f32x4.sub(g ? v128.load(g + o) : gv, f32x4.mul(v128.load(e + o), kv))); }
  for (; i < C; i++) { const o = <usize>i << 2; store<f32>(gi + o, (g ? load<f32>(g + o) : g0) - load<f32>(e + o) * k); }
}

export function lsm_bwd_kept(g: usize, out: usize, e: usize, gi: usize, lsp: usize, C: i32, nRows: i32, g0: f32, S: f32): void {
  const rowBytes = <usize>C << 2;
  for (let o = 0; o < nRows; o++) {
    const d = <usize>o * rowBytes, ls = load<f32>(lsp + (<usize>o << 2));
    if (finite(ls)) lsmBwdKeptRow(g ? g + d : 0, e + d, gi + d, C, ls, g0, S);
    else if (g) lsmBwdRow(g + d, out + d, gi + d, C, 1);
    else lsm_bwd_uniform(out + d, gi + d, 0, C, g0, S);
  }
}

// log_softmax backward for a uniform gradient (every element g0: the gradient of y.sum() or
// y.mean()), never written out: gi = g0 - exp(out)·S, elementwise, where S is Σ_c g0 summed in the
// order lsm_bwd sums a slice of g. Lane for lane what lsm_bwd computes on the written-out gradient.

/** S for lsm_bwd_uniform: rowSum's order for rows (inner == 1) of C >= 4, else sequential. */
export function lsm_uniform_sum(C: i32, inner: i32, g0: f32, scratch: usize): f32 {
  if (inner == 1 && C >= 4) { rowFill(scratch, C, g0); return rowSum(scratch, C); }
  let s: f32 = 0;
  for (let c = 0; c < C; c++) s += g0;
  return s;
}

/** gi = g0 - exp(out)·S over elements [i0, i1). */
export function lsm_bwd_uniform(out: usize, gi: usize, i0: i32, i1: i32, g0: f32, S: f32): void {
  const gv = f32x4.splat(g0), sv = f32x4.splat(S);
  let i = i0;
  for (; i + 8 <= i1; i += 8) {
    const o = <usize>i << 2;
    v128.store(gi + o, f32x4.sub(gv, f32x4.mul(expLogProb(v128.load(out + o)), sv)));
    v128.store(gi + o, f32x4.sub(gv, f32x4.mul(expLogProb(v128.load(out + o, 16)), sv)), 16);
  }
  for (; i < i1; i++) { const o = <usize>i << 2; store<f32>(gi + o, g0 - expS(load<f32>(out + o)) * S); }
}

// ---------------------------------------------------------------------------------------------
// cross_entropy (index targets): forward stores per position the max m, logs = log Σ exp(x - m)
// and picked = (x[t] - m) - logs; backward writes coef·(exp((x - m) - logs) - [c == t]) once.
// Targets are float64 (torchlet's int64 storage), already validated.

function ceSlice(x: usize, C: i32, stride: usize, t: f64, ignore: f64, picked: usize, rowMaxP: usize, rowLogSum: usize, e: usize): void {
  if (t == ignore) { store<f32>(picked, 0); store<f32>(rowMaxP, 0); store<f32>(rowLogSum, 0); return; }
  const m = sliceMax(x, C, stride);
  let sum: f32 = 0;
  if (e) {
    for (let c = 0; c < C; c++) { const o = <usize>c * stride; const v = expS(load<f32>(x + o) - m); store<f32>(e + o, v); sum += v; }
  } else sum = sliceSumExp(x, C, stride, m);
  const logs = logS(sum);
  store<f32>(rowMaxP, m); store<f32>(rowLogSum, logs);
  store<f32>(picked, (load<f32>(x + <usize>(<i32>t) * stride) - m) - logs);
}

/** Whether any of 4 positions has a non-finite row max or log-sum, or a zero coefficient. */
@inline
function anyNonFiniteOrZero(mv: v128, lv: v128, kv: v128): bool {
  return v128.any_true(v128.or(
    v128.or(f32x4.ne(f32x4.sub(mv, mv), f32x4.splat(0)), f32x4.ne(f32x4.sub(lv, lv), f32x4.splat(0))),
    f32x4.eq(kv, f32x4.splat(0))));
}

/** The scalar backward of 4 neighbouring strided positions (the special rows of the SIMD loops). */
@inline
function ceBwdLanes(x: usize, grad: usize, C: i32, stride: usize, tp: usize, ignore: f64, mp: usize, lp: usize, kp: usize): void {
  for (let k = 0; k < 4; k++) {
    const kk = <usize>k << 2;
    ceBwdSlice(x + kk, grad + kk, C, stride, load<f64>(tp + (<usize>k << 3)), ignore, load<f32>(mp + kk), load<f32>(lp + kk), load<f32>(kp + kk));
  }
}

// ce_fwd for 4 neighbouring positions of a strided slice (one vector lane each); positions with
// an ignored target, NaN or a non-finite max take ceSlice. Pointers are at the first position.
function ceBlock4(xp: usize, tp: usize, C: i32, stride: usize, ignore: f64, picked: usize, rowMaxP: usize, rowLogSum: usize, ej: usize): void {
  const t0 = load<f64>(tp), t1 = load<f64>(tp, 8), t2 = load<f64>(tp, 16), t3 = load<f64>(tp, 24);
  let mv = v128.load(xp);
  let bad = f32x4.ne(mv, mv);
  for (let c = 1; c < C; c++) {
    const v = v128.load(xp + <usize>c * stride);
    mv = f32x4.pmax(mv, v); bad = v128.or(bad, f32x4.ne(v, v));
  }
  bad = v128.or(bad, f32x4.ne(f32x4.sub(mv, mv), f32x4.splat(0)));
  if (t0 == ignore || t1 == ignore || t2 == ignore || t3 == ignore || v128.any_true(bad)) {
    for (let k = 0; k < 4; k++) {
      const q = <usize>k << 2;
      ceSlice(xp + q, C, stride, load<f64>(tp + (<usize>k << 3)), ignore, picked + q, rowMaxP + q, rowLogSum + q, ej ? ej + q : 0);
    }
    return;
  }
  let s = f32x4.splat(0);
  if (ej) {
    for (let c = 0; c < C; c++) {
      const o = <usize>c * stride;
      const v = expNeg(f32x4.sub(v128.load(xp + o), mv));
      v128.store(ej + o, v); s = f32x4.add(s, v);
    }
  } else for (let c = 0; c < C; c++) s = f32x4.add(s, expSum(f32x4.sub(v128.load(xp + <usize>c * stride), mv)));
  const ls = log4(s);
  let xt = f32x4.splat(load<f32>(xp + <usize>(<i32>t0) * stride));
  xt = f32x4.replace_lane(xt, 1, load<f32>(xp + 4 + <usize>(<i32>t1) * stride));
  xt = f32x4.replace_lane(xt, 2, load<f32>(xp + 8 + <usize>(<i32>t2) * stride));
  xt = f32x4.replace_lane(xt, 3, load<f32>(xp + 12 + <usize>(<i32>t3) * stride));
  v128.store(rowMaxP, mv); v128.store(rowLogSum, ls);
  v128.store(picked, f32x4.sub(f32x4.sub(xt, mv), ls));
}

/** Positions per ceStream call (as lsmStream: 256 bytes per class row). */
const CE_STREAM_W = 64;

// ce_fwd for n positions (a multiple of 4) of a strided slice. The class rows lie a multiple of
// 4 KiB apart (64 KiB for 128 x 128 maps), so one run of positions falls in the same L1 and L2
// sets for every class: the first pass copies the run of each class into the scratch block S
// (C rows of n floats, then n floats more) while the max accumulates in the rowMaxP entries; the
// exps then replace the copies in S (and go to ej, the gradient's storage, unless k != 0) while
// Σ exp accumulates in the rowLogSum entries. With k != 0 (and ej) the run's gradient for loss
// coefficient k is written at ej right away: ce_bwd_saved's arithmetic, lane for lane. Lane for
// lane ceBlock4's arithmetic otherwise. Returns false, having written nothing final, when a target
// is ignored or a position has NaN or a non-finite max (the caller then runs ceBlock4).
function ceStream(xp: usize, tp: usize, C: i32, stride: usize, ignore: f64, picked: usize, mx: usize, ls: usize, ej: usize, n: i32, S: usize, k: f32): bool {
  for (let i = 0; i < n; i++) if (load<f64>(tp + (<usize>i << 3)) == ignore) return false;
  const nb = <usize>n << 2;
  if (!copyRunMax(xp, C, stride, nb, S, mx)) return false;
  // Σ exp(x - m): class 0 starts the sums (0 + e == e), then the others in order
  if (ej) {
    for (let c = 0; c < C; c++) {
      const q = S + <usize>c * nb, g = ej + <usize>c * stride;
      for (let i: usize = 0; i < nb; i += 16) {
        const v = expNeg(f32x4.sub(v128.load(q + i), v128.load(mx + i)));
        v128.store(q + i, v);
        if (k == 0) v128.store(g + i, v);
        v128.store(ls + i, c ? f32x4.add(v128.load(ls + i), v) : v);
      }
    }
  } else {
    for (let c = 0; c < C; c++) {
      const q = S + <usize>c * nb;
      for (let i: usize = 0; i < nb; i += 16)
        v128.store(ls + i, c ? f32x4.add(v128.load(ls + i), expSum(f32x4.sub(v128.load(q + i), v128.load(mx + i)))) : expSum(f32x4.sub(v128.load(q + i), v128.load(mx + i))));
    }
  }
  for (let i: usize = 0; i < nb; i += 16) v128.store(ls + i, log4(v128.load(ls + i)));
  for (let i = 0; i < n; i++) {
    const ib = <usize>i << 2, t = <i32>load<f64>(tp + (<usize>i << 3));
    store<f32>(picked + ib, (load<f32>(xp + ib + <usize>t * stride) - load<f32>(mx + ib)) - load<f32>(ls + ib));
  }
  if (k != 0 && ej) {
    // grad = k·exp(-logs)·e, then k off the target entries (ceBwdSavedStream's non-special path)
    const R = S + <usize>C * nb, kv = f32x4.splat(k);
    for (let i: usize = 0; i < nb; i += 16) v128.store(R + i, f32x4.mul(kv, exp4(f32x4.neg(v128.load(ls + i)))));
    for (let c = 0; c < C; c++) {
      const q = S + <usize>c * nb, g = ej + <usize>c * stride;
      for (let i: usize = 0; i < nb; i += 16) v128.store(g + i, f32x4.mul(v128.load(R + i), v128.load(q + i)));
    }
    for (let i = 0; i < n; i++) {
      const ib = <usize>i << 2, it = ej + ib + <usize>(<i32>load<f64>(tp + (<usize>i << 3))) * stride;
      store<f32>(it, load<f32>(it) - k);
    }
  }
  return true;
}

/** Bytes of scratch per strided ce_fwd job (its `scr`): runs are as long as (C + 1) rows fit. */
export const CE_SCRATCH = 16384;

// The gradient of one strided position from its kept exps e (grad may be e): ce_bwd_saved's
// per-position arithmetic, special positions included.
function ceBwdSavedPos(x: usize, e: usize, grad: usize, C: i32, stride: usize, t: f64, ignore: f64, m: f32, logs: f32, k: f32): void {
  if (k == 0 || t == ignore || !finite(m) || !finite(logs)) { ceBwdSlice(x, grad, C, stride, t, ignore, m, logs, k); return; }
  const kr = k * expS(-logs);
  for (let c = 0; c < C; c++) { const off = <usize>c * stride; store<f32>(grad + off, kr * load<f32>(e + off)); }
  const it = <usize>(<i32>t) * stride;
  store<f32>(grad + it, load<f32>(grad + it) - k);
}

/**
 * Per position: rowMax = m, rowLogSum = log Σ exp(x - m), picked = (x[t] - m) - rowLogSum; zeros
 * where ignored. With e != 0 (the future gradient's storage, same layout as x) it also keeps
 * exp(x - m) there for every non-ignored position, so the backward needs no exp (ce_bwd_saved).
 */
export function ce_fwd(x: usize, target: usize, C: i32, inner: i32, nOuter: i32, j0: i32, j1: i32, ignore: f64,
  picked: usize, rowMaxP: usize, rowLogSum: usize, e: usize, k: f32, scr: usize): void {
  const sliceBytes = <usize>C * <usize>inner << 2;
  if (inner == 1) {
    for (let o = 0; o < nOuter; o++) {
      const p = x + <usize>o * sliceBytes, q = <usize>o << 2;
      const t = load<f64>(target + (<usize>o << 3));
      const ep = e ? e + <usize>o * sliceBytes : 0;
      if (t == ignore || C < 4) {
        ceSlice(p, C, 4, t, ignore, picked + q, rowMaxP + q, rowLogSum + q, ep);
        if (k != 0) ceBwdSavedRow(p, ep, ep, C, t, ignore, load<f32>(rowMaxP + q), load<f32>(rowLogSum + q), t == ignore ? 0 : k);
        continue;
      }
      const m = ep ? rowMaxMin(p, C) : rowMax(p, C);
      let logs: f32 = <f32>NaN;
      if (finite(m)) logs = logS(ep ? (rowMinOut - m >= EXP_LO ? rowSumExpStoreCore(p, ep, C, m) : rowSumExpStore(p, ep, C, m)) : rowSumExp(p, C, m));
      store<f32>(rowMaxP + q, m); store<f32>(rowLogSum + q, logs);
      store<f32>(picked + q, (load<f32>(p + (<usize>(<i32>t) << 2)) - m) - logs);
      // k != 0: the row is still in L1, so turn its exps into the gradient now (ce_bwd_saved's
      // arithmetic for a loss gradient of 1), sparing the backward a pass over N x C
      if (k != 0) ceBwdSavedRow(p, ep, ep, C, t, ignore, m, logs, k);
    }
    return;
  }
  const stride = <usize>inner << 2;
  // runs through scratch (ceStream) as long as C + 1 rows of them fit; without scratch, blocks of 4
  const wfit = ((CE_SCRATCH >> 2) / (C + 1)) & ~3, stream = scr != 0 && wfit >= 4;
  const wmax = stream ? min(CE_STREAM_W, wfit) : 4;
  const fuse = k != 0 && e != 0 && scr != 0; // the gradient for coefficient k (0 where ignored) now
  for (let o = 0; o < nOuter; o++) {
    const xo = x + <usize>o * sliceBytes, eo = e ? e + <usize>o * sliceBytes : 0;
    const po = <usize>o * <usize>inner;
    let j = j0;
    for (; j + 4 <= j1;) {
      const w = min(wmax, (j1 - j) & ~3), pp = po + <usize>j;
      const xp = xo + (<usize>j << 2), ej = eo ? eo + (<usize>j << 2) : 0, tp = target + (pp << 3), q = pp << 2;
      if (!(stream && ceStream(xp, tp, C, stride, ignore, picked + q, rowMaxP + q, rowLogSum + q, ej, w, scr, k)))
        for (let i = 0; i < w; i += 4) {
          const ib = <usize>i << 2, ti = tp + (<usize>i << 3);
          ceBlock4(xp + ib, ti, C, stride, ignore, picked + q + ib, rowMaxP + q + ib, rowLogSum + q + ib, ej ? ej + ib : 0);
          if (fuse) {
            // the 4 coefficients (k, 0 where ignored) in the scratch, free again once ceStream gave up
            const kp = scr;
            for (let l = 0; l < 4; l++) store<f32>(kp + (<usize>l << 2), load<f64>(ti + (<usize>l << 3)) == ignore ? 0 : k);
            ceBwdSavedBlock4(xp + ib, ej + ib, ej + ib, C, stride, ti, ignore, rowMaxP + q + ib, rowLogSum + q + ib, kp);
          }
        }
      j += w;
    }
    for (; j < j1; j++) {
      const q = (po + <usize>j), t = load<f64>(target + (q << 3)), ej = eo ? eo + (<usize>j << 2) : 0;
      ceSlice(xo + (<usize>j << 2), C, stride, t, ignore, picked + (q << 2), rowMaxP + (q << 2), rowLogSum + (q << 2), ej);
      if (fuse) ceBwdSavedPos(xo + (<usize>j << 2), ej, ej, C, stride, t, ignore, load<f32>(rowMaxP + (q << 2)), load<f32>(rowLogSum + (q << 2)), t == ignore ? 0 : k);
    }
  }
}

// one position, any case (ignored, zero coefficient, non-finite max / log-sum)
function ceBwdSlice(x: usize, grad: usize, C: i32, stride: usize, t: f64, ignore: f64, m: f32, logs: f32, k: f32): void {
  if (k == 0 || t == ignore) {
    const mm = sliceMax(x, C, stride);
    const fill: f32 = finite(mm) ? 0 : <f32>NaN; // PyTorch's 0·NaN where the row's log_softmax is NaN
    for (let c = 0; c < C; c++) store<f32>(grad + <usize>c * stride, fill);
    return;
  }
  for (let c = 0; c < C; c++) {
    const o = <usize>c * stride;
    store<f32>(grad + o, k * expS((load<f32>(x + o) - m) - logs));
  }
  const it = <usize>(<i32>t) * stride;
  store<f32>(grad + it, k * expS((load<f32>(x + it) - m) - logs) - k);
}

function ceBwdRow(x: usize, grad: usize, C: i32, t: f64, m: f32, logs: f32, k: f32): void {
  const mv = f32x4.splat(m), lv = f32x4.splat(logs), kv = f32x4.splat(k);
  let i = 0;
  for (; i + 8 <= C; i += 8) {
    const o = <usize>i << 2;
    const e0 = expNeg(f32x4.sub(f32x4.sub(v128.load(x + o), mv), lv));
    const e1 = expNeg(f32x4.sub(f32x4.sub(v128.load(x + o, 16), mv), lv));
    v128.store(grad + o, f32x4.mul(kv, e0));
    v128.store(grad + o, f32x4.mul(kv, e1), 16);
  }
  for (; i + 4 <= C; i += 4) {
    const o = <usize>i << 2;
    v128.store(grad + o, f32x4.mul(kv, expNeg(f32x4.sub(f32x4.sub(v128.load(x + o), mv), lv))));
  }
  if (i < C) {
    const o = <usize>(C - 4) << 2;
    v128.store(grad + o, f32x4.mul(kv, expNeg(f32x4.sub(f32x4.sub(v128.load(x + o), mv), lv))));
  }
  const it = <usize>(<i32>t) << 2;
  store<f32>(grad + it, k * expS((load<f32>(x + it) - m) - logs) - k);
}

export function ce_bwd(x: usize, target: usize, C: i32, inner: i32, nOuter: i32, j0: i32, j1: i32, ignore: f64,
  rowMaxP: usize, rowLogSum: usize, coef: usize, grad: usize): void {
  const sliceBytes = <usize>C * <usize>inner << 2;
  if (inner == 1) {
    for (let o = 0; o < nOuter; o++) {
      const p = x + <usize>o * sliceBytes, gp = grad + <usize>o * sliceBytes, q = <usize>o << 2;
      const t = load<f64>(target + (<usize>o << 3));
      const m = load<f32>(rowMaxP + q), logs = load<f32>(rowLogSum + q), k = load<f32>(coef + q);
      if (C < 4 || k == 0 || t == ignore || !finite(m) || !finite(logs)) ceBwdSlice(p, gp, C, 4, t, ignore, m, logs, k);
      else ceBwdRow(p, gp, C, t, m, logs, k);
    }
    return;
  }
  const stride = <usize>inner << 2;
  for (let o = 0; o < nOuter; o++) {
    const d = <usize>o * sliceBytes;
    const po = <usize>o * <usize>inner;
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const e = d + (<usize>j << 2), pp = po + <usize>j, q = pp << 2;
      const tp = target + (pp << 3);
      const t0 = load<f64>(tp), t1 = load<f64>(tp, 8), t2 = load<f64>(tp, 16), t3 = load<f64>(tp, 24);
      const mv = v128.load(rowMaxP + q), lv = v128.load(rowLogSum + q), kv = v128.load(coef + q);
      if (t0 == ignore || t1 == ignore || t2 == ignore || t3 == ignore || anyNonFiniteOrZero(mv, lv, kv)) {
        ceBwdLanes(x + e, grad + e, C, stride, tp, ignore, rowMaxP + q, rowLogSum + q, coef + q);
        continue;
      }
      const tv = targets4(tp);
      for (let c = 0; c < C; c++) {
        const o = e + <usize>c * stride;
        const gv = f32x4.mul(kv, expNeg(f32x4.sub(f32x4.sub(v128.load(x + o), mv), lv)));
        // k·p - k at the target (the reference's rounding), k·p elsewhere
        v128.store(grad + o, f32x4.sub(gv, v128.and(kv, i32x4.eq(tv, i32x4.splat(c)))));
      }
    }
    for (; j < j1; j++) {
      const e = d + (<usize>j << 2), q = (po + <usize>j) << 2;
      ceBwdSlice(x + e, grad + e, C, stride, load<f64>(target + ((po + <usize>j) << 3)), ignore,
        load<f32>(rowMaxP + q), load<f32>(rowLogSum + q), load<f32>(coef + q));
    }
  }
}

/**
 * The backward after ce_fwd kept e = exp(x - m): grad = k·exp(-logs)·e, minus k at the target
 * (grad may be e itself, updated in place). Positions that are ignored, have k == 0 or a
 * non-finite max / log-sum are recomputed from x as in ce_bwd.
 */
// ce_bwd_saved for 4 neighbouring positions of a strided slice (pointers at the first one):
// grad = k·exp(-logs)·e - k·[c == t] per lane; lanes that are ignored, have a zero coefficient or
// non-finite statistics recompute from x (ceBwdLanes).
function ceBwdSavedBlock4(x: usize, e: usize, grad: usize, C: i32, stride: usize, tp: usize, ignore: f64, mp: usize, lp: usize, kp: usize): void {
  const t0 = load<f64>(tp), t1 = load<f64>(tp, 8), t2 = load<f64>(tp, 16), t3 = load<f64>(tp, 24);
  const mv = v128.load(mp), lv = v128.load(lp), kv = v128.load(kp);
  if (t0 == ignore || t1 == ignore || t2 == ignore || t3 == ignore || anyNonFiniteOrZero(mv, lv, kv)) {
    ceBwdLanes(x, grad, C, stride, tp, ignore, mp, lp, kp);
    return;
  }
  const kr = f32x4.mul(kv, exp4(f32x4.neg(lv)));
  const tv = targets4(tp);
  for (let c = 0; c < C; c++) {
    const off = <usize>c * stride;
    const gv = f32x4.mul(kr, v128.load(e + off));
    v128.store(grad + off, f32x4.sub(gv, v128.and(kv, i32x4.eq(tv, i32x4.splat(c)))));
  }
}

// @ts-ignore: decorator
@inline
function targets4(tp: usize): v128 {
  let tv = i32x4.splat(<i32>load<f64>(tp));
  tv = i32x4.replace_lane(tv, 1, <i32>load<f64>(tp, 8));
  tv = i32x4.replace_lane(tv, 2, <i32>load<f64>(tp, 16));
  return i32x4.replace_lane(tv, 3, <i32>load<f64>(tp, 24));
}

// ce_bwd_saved for n positions (a multiple of 4) of a strided slice, streaming along the positions
// one class at a time (see ceStream). kr: n floats of scratch for k·exp(-logs). Lane for lane
// ceBwdSavedBlock4; a run with any special position goes through ceBwdSavedBlock4 instead.
function ceBwdSavedStream(x: usize, e: usize, grad: usize, C: i32, stride: usize, tp: usize, ignore: f64, mp: usize, lp: usize, kp: usize, kr: usize, n: i32): void {
  let special = false;
  for (let k = 0; k < n; k++) if (load<f64>(tp + (<usize>k << 3)) == ignore) special = true;
  const nb = <usize>n << 2;
  for (let i: usize = 0; i < nb; i += 16)
    if (anyNonFiniteOrZero(v128.load(mp + i), v128.load(lp + i), v128.load(kp + i))) special = true;
  if (special) {
    for (let i: usize = 0; i < nb; i += 16)
      ceBwdSavedBlock4(x + i, e + i, grad + i, C, stride, tp + (i << 1), ignore, mp + i, lp + i, kp + i);
    return;
  }
  for (let i: usize = 0; i < nb; i += 16) v128.store(kr + i, f32x4.mul(v128.load(kp + i), exp4(f32x4.neg(v128.load(lp + i)))));
  for (let c = 0; c < C; c++) {
    const off = <usize>c * stride, pe = e + off, pg = grad + off;
    for (let i: usize = 0; i < nb; i += 16) v128.store(pg + i, f32x4.mul(v128.load(kr + i), v128.load(pe + i)));
  }
  // the target entries: grad[t] = kr·e[t] - k (written above as kr·e[t])
  for (let k = 0; k < n; k++) {
    const kb = <usize>k << 2, it = grad + kb + <usize>(<i32>load<f64>(tp + (<usize>k << 3))) * stride;
    store<f32>(it, load<f32>(it) - load<f32>(kp + kb));
  }
}
// One row (C contiguous) of ce_bwd_saved: grad = k·exp(-logs)·e - k·[c == t] (grad may be e);
// ignored rows, zero coefficients and non-finite statistics recompute from x (ceBwdSlice).
function ceBwdSavedRow(x: usize, e: usize, grad: usize, C: i32, t: f64, ignore: f64, m: f32, logs: f32, k: f32): void {
  if (C < 4 || k == 0 || t == ignore || !finite(m) || !finite(logs)) { ceBwdSlice(x, grad, C, 4, t, ignore, m, logs, k); return; }
  const kv = f32x4.splat(k * expS(-logs));
  let i = 0;
  for (; i + 16 <= C; i += 16) {
    const off = <usize>i << 2;
    const a0 = v128.load(e + off), a1 = v128.load(e + off, 16), a2 = v128.load(e + off, 32), a3 = v128.load(e + off, 48);
    v128.store(grad + off, f32x4.mul(kv, a0)); v128.store(grad + off, f32x4.mul(kv, a1), 16);
    v128.store(grad + off, f32x4.mul(kv, a2), 32); v128.store(grad + off, f32x4.mul(kv, a3), 48);
  }
  for (; i + 4 <= C; i += 4) { const off = <usize>i << 2; v128.store(grad + off, f32x4.mul(kv, v128.load(e + off))); }
  for (; i < C; i++) { const off = <usize>i << 2; store<f32>(grad + off, f32x4.extract_lane(kv, 0) * load<f32>(e + off)); }
  const it = <usize>(<i32>t) << 2;
  store<f32>(grad + it, load<f32>(grad + it) - k);
}

export function ce_bwd_saved(x: usize, e: usize, target: usize, C: i32, inner: i32, nOuter: i32, j0: i32, j1: i32, ignore: f64,
  rowMaxP: usize, rowLogSum: usize, coef: usize, grad: usize, kr: usize): void {
  const sliceBytes = <usize>C * <usize>inner << 2;
  if (inner == 1) {
    for (let o = 0; o < nOuter; o++) {
      const d = <usize>o * sliceBytes, q = <usize>o << 2;
      ceBwdSavedRow(x + d, e + d, grad + d, C, load<f64>(target + (<usize>o << 3)), ignore,
        load<f32>(rowMaxP + q), load<f32>(rowLogSum + q), load<f32>(coef + q));
    }
    return;
  }
  const stride = <usize>inner << 2;
  for (let o = 0; o < nOuter; o++) {
    const d = <usize>o * sliceBytes;
    const po = <usize>o * <usize>inner;
    let j = j0;
    for (; kr && j + 4 <= j1;) {
      const w = min(CE_STREAM_W, (j1 - j) & ~3), ej = d + (<usize>j << 2), pp = po + <usize>j;
      ceBwdSavedStream(x + ej, e + ej, grad + ej, C, stride, target + (pp << 3), ignore, rowMaxP + (pp << 2), rowLogSum + (pp << 2), coef + (pp << 2), kr + (pp << 2), w);
      j += w;
    }
    for (; j + 4 <= j1; j += 4) {
      const ej = d + (<usize>j << 2), pp = po + <usize>j;
      ceBwdSavedBlock4(x + ej, e + ej, grad + ej, C, stride, target + (pp << 3), ignore, rowMaxP + (pp << 2), rowLogSum + (pp << 2), coef + (pp << 2));
    }
    for (; j < j1; j++) {
      const ej = d + (<usize>j << 2), q = (po + <usize>j) << 2;
      ceBwdSavedPos(x + ej, e + ej, grad + ej, C, stride, load<f64>(target + ((po + <usize>j) << 3)), ignore,
        load<f32>(rowMaxP + q), load<f32>(rowLogSum + q), load<f32>(coef + q));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// nll_loss over x viewed as (N, C, S), positions b in [b0, b1) (b = n*S + s), absolute pointers.

/** vals[b] = x[n, t_b, s] (0 where ignored): the gather half of the reduced forward. */
export function nll_gather(x: usize, target: usize, C: i32, S: i32, ignore: f64, b0: i32, b1: i32, vals: usize): void {
  if (S == 1) {
    for (let b = b0; b < b1; b++) {
      const t = load<f64>(target + (<usize>b << 3));
      store<f32>(vals + (<usize>b << 2), t == ignore ? 0 : load<f32>(x + ((<usize>b * <usize>C + <usize>(<i32>t)) << 2)));
    }
    return;
  }
  let n = b0 / S, s = b0 - n * S;
  for (let b = b0; b < b1; b++) {
    const t = load<f64>(target + (<usize>b << 3));
    store<f32>(vals + (<usize>b << 2), t == ignore ? 0
      : load<f32>(x + (((<usize>n * <usize>C + <usize>(<i32>t)) * <usize>S + <usize>s) << 2)));
    if (++s == S) { s = 0; n++; }
  }
}

/** Index of the first target that is neither ignore nor in [0, C), or -1 (targets are float64). */
export function find_bad_target(target: usize, M: i32, C: i32, ignore: f64): i32 {
  const lo = f64x2.splat(0), hi = f64x2.splat(<f64>C), ig = f64x2.splat(ignore);
  let b = 0;
  for (; b + 4 <= M; b += 4) {
    const p = target + (<usize>b << 3);
    const v0 = v128.load(p), v1 = v128.load(p, 16);
    const ok0 = v128.or(v128.and(f64x2.ge(v0, lo), f64x2.lt(v0, hi)), f64x2.eq(v0, ig));
    const ok1 = v128.or(v128.and(f64x2.ge(v1, lo), f64x2.lt(v1, hi)), f64x2.eq(v1, ig));
    if (!i64x2.all_true(v128.and(ok0, ok1))) break;
  }
  for (; b < M; b++) {
    const t = load<f64>(target + (<usize>b << 3));
    if (t != ignore && !(t >= 0 && t < <f64>C)) return b;
  }
  return -1;
}


/**
 * PyTorch's CPU cascade sum over b in [0, M): loss -= vals[b]·w[t_b] (or vals[b]), wsum += w[t_b],
 * 8 levels, level j flushed into j+1 when the j-th group of levelPower bits of b is zero (ignored
 * elements skip the flush), float32 throughout, sequential: bit-identical to PyTorch.
 * Writes out[0] = sum, out[1] = total weight (float64 slots), out[2] = ignored count.
 * `acc` is 64 bytes of scratch.
 */
export function nll_cascade(vals: usize, target: usize, weight: usize, ignore: f64, M: i32, acc: usize, out: usize): void {
  memory.fill(acc, 0, 64);
  const ignored = nll_cascade_run(vals, target, weight, ignore, 0, M, acc, 7, 0);
  let sum: f32 = 0, tw: f32 = 0;
  for (let j = 0; j < 8; j++) { sum = sum + load<f32>(acc + (<usize>j << 2)); tw = tw + load<f32>(acc + (<usize>j << 2), 32); }
  store<f64>(out, <f64>sum); store<f64>(out, <f64>tw, 8); store<f64>(out, <f64>ignored, 16);
}

/**
 * The cascade of nll_cascade over b in [b0, b1), continuing the state in `acc` (level j of the
 * loss at acc + 4j, of the weight at acc + 32 + 4j, level 0 included) and leaving it there.
 * Flushes go up to level `top` at most (7: all; 3: level 3 keeps what a flush would pass on to
 * level 4, so that a segment ending at a multiple of 16^4 can be computed on its own, see
 * fast_nll.ts). M < 2^31, so levelPower is 4. Returns the number of ignored elements.
 * C > 0: the values are gathered on the fly, vals[b] = x[b, t_b] with x (M, C) at `vals`.
 */
export function nll_cascade_run(vals: usize, target: usize, weight: usize, ignore: f64, b0: i32, b1: i32, acc: usize, top: i32, C: i32): i32 {
  const mask = 15;
  let ignored = 0;
  let l0: f32 = load<f32>(acc), w0: f32 = load<f32>(acc, 32);
  for (let b = b0; b < b1; b++) {
    const t = load<f64>(target + (<usize>b << 3));
    if (t == ignore) { ignored++; continue; } // PyTorch skips the flush for ignored elements too
    const v = C ? load<f32>(vals + ((<usize>b * <usize>C + <usize>(<i32>t)) << 2)) : load<f32>(vals + (<usize>b << 2));
    if (weight) {
      const w = load<f32>(weight + (<usize>(<i32>t) << 2));
      l0 = l0 - v * w;
      w0 = w0 + w;
    } else l0 = l0 - v;
    if ((b & mask) != 0) continue;
    // flush level 0 into level 1, then up while the bits below the level are zero
    store<f32>(acc, load<f32>(acc, 4) + l0, 4); store<f32>(acc, load<f32>(acc, 36) + w0, 36);
    l0 = 0; w0 = 0;
    for (let j = 1; j < top; j++) {
      if (((b >>> (j * 4)) & mask) != 0) break;
      const p = acc + (<usize>j << 2);
      store<f32>(p, load<f32>(p, 4) + load<f32>(p), 4); store<f32>(p, load<f32>(p, 36) + load<f32>(p, 32), 36);
      store<f32>(p, 0); store<f32>(p, 0, 32);
    }
  }
  store<f32>(acc, l0); store<f32>(acc, w0, 32);
  return ignored;
}

/** nll_cascade_run as a parallel job: the ignored count goes to the i32 at acc + 64. */
export function nll_cascade_seg(vals: usize, target: usize, weight: usize, ignore: f64, b0: i32, b1: i32, acc: usize, top: i32, C: i32): void {
  store<i32>(acc, nll_cascade_run(vals, target, weight, ignore, b0, b1, acc, top, C), 64);
}

/** 'none': out[b] = -(x[n, t, s]·w[t]) or -x[n, t, s], 0 where ignored. */
export function nll_none(x: usize, target: usize, weight: usize, C: i32, S: i32, ignore: f64, b0: i32, b1: i32, out: usize): void {
  let n = b0 / S, s = b0 - n * S;
  for (let b = b0; b < b1; b++) {
    const t = load<f64>(target + (<usize>b << 3));
    let r: f32 = 0;
    if (t != ignore) {
      const ti = <i32>t;
      const v = load<f32>(x + (((<usize>n * <usize>C + <usize>ti) * <usize>S + <usize>s) << 2));
      r = weight ? -(v * load<f32>(weight + (<usize>ti << 2))) : -v;
    }
    store<f32>(out + (<usize>b << 2), r);
    if (++s == S) { s = 0; n++; }
  }
}

/**
 * Gradient scatter into a zeroed gradIn: gradIn[n, t, s] = w[t]·g (or g) for non-ignored b, where
 * g = scalar (gradOut == 0) or -gradOut[b].
 */
export function nll_bwd(target: usize, weight: usize, C: i32, S: i32, ignore: f64, scalar: f32, gradOut: usize,
  b0: i32, b1: i32, gradIn: usize): void {
  let n = b0 / S, s = b0 - n * S;
  for (let b = b0; b < b1; b++) {
    const t = load<f64>(target + (<usize>b << 3));
    if (t != ignore) {
      const ti = <i32>t;
      const g: f32 = gradOut ? -load<f32>(gradOut + (<usize>b << 2)) : scalar;
      store<f32>(gradIn + (((<usize>n * <usize>C + <usize>ti) * <usize>S + <usize>s) << 2), weight ? load<f32>(weight + (<usize>ti << 2)) * g : g);
    }
    if (++s == S) { s = 0; n++; }
  }
}

/**
 * The whole gradient for samples n in [n0, n1) of x viewed as (N, C, S): zeros, then w[t]·g (or g)
 * at [n, t, s] for non-ignored positions, g = scalar (gradOut == 0) or -gradOut[b]. The zero-fill
 * and the scatter run block by block, so each block is written while it is in cache: one pass
 * over the gradient, and gradIn need not be zeroed beforehand.
 */
export function nll_bwd_fill(target: usize, weight: usize, C: i32, S: i32, ignore: f64, scalar: f32, gradOut: usize,
  n0: i32, n1: i32, gradIn: usize): void {
  const sampleBytes = <usize>C * <usize>S << 2;
  const per = max(1, <i32>((<usize>65536) / max<usize>(sampleBytes, 1)));
  for (let a = n0; a < n1; a += per) {
    const b1 = min(n1, a + per);
    memory.fill(gradIn + <usize>a * sampleBytes, 0, <usize>(b1 - a) * sampleBytes);
    nll_bwd(target, weight, C, S, ignore, scalar, gradOut, a * S, b1 * S, gradIn);
  }
}

// ---------------------------------------------------------------------------------------------
// utilities

/** Zero `bytes` bytes at p (big zero-fills are split across threads). */
export function zero(p: usize, bytes: usize): void { memory.fill(p, 0, bytes); }

/** dst[i] = e^src[i] over the whole float32 range (the kernels' exp; for tests). */
export function exp_full(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), exp4(v128.load(src + (<usize>i << 2))));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), expS(load<f32>(src + (<usize>i << 2))));
}
/** dst[i] = e^src[i] through the fast path the kernels use for x <= 0 (for tests). */
export function exp_neg(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), expNeg(v128.load(src + (<usize>i << 2))));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), expS(load<f32>(src + (<usize>i << 2))));
}
/** dst[i] = log(src[i]) (for tests). */
export function log_full(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), log4(v128.load(src + (<usize>i << 2))));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), logS(load<f32>(src + (<usize>i << 2))));
}

/** p[i] = v for n float32 values (the gradient of a full reduction). */
export function fill32(p: usize, n: i32, v: f32): void {
  const s = f32x4.splat(v);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(p + (<usize>i << 2), s);
  for (; i < n; i++) store<f32>(p + (<usize>i << 2), v);
}

/** Σ p[i] over n float32 values, accumulated in float64 (eight lanes, so the adds overlap). */
export function sum32(p: usize, n: i32): f64 {
  let a = f64x2.splat(0), b = a, c = a, d = a;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = p + (<usize>i << 2);
    const v = v128.load(q), w = v128.load(q, 16);
    a = f64x2.add(a, f64x2.promote_low_f32x4(v));
    b = f64x2.add(b, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
    c = f64x2.add(c, f64x2.promote_low_f32x4(w));
    d = f64x2.add(d, f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1)));
  }
  const t = f64x2.add(f64x2.add(a, b), f64x2.add(c, d));
  let s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  for (; i < n; i++) s += <f64>load<f32>(p + (<usize>i << 2));
  return s;
}

/** SUM_CHUNK-element chunks [c0, c1) of p (n values): each chunk's sum32 into out[c] (float64). */
export function sum32_chunks(p: usize, n: i32, c0: i32, c1: i32, out: usize): void {
  for (let c = c0; c < c1; c++) {
    const a = c * SUM_CHUNK, b = min(n, a + SUM_CHUNK);
    store<f64>(out + (<usize>c << 3), sum32(p + (<usize>a << 2), b - a));
  }
}
/** Elements per chunk of a parallel sum (fill.ts SUM_CHUNK: the same). */
const SUM_CHUNK: i32 = 1 << 16;
