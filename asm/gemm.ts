// Float32 matrix product and convolution helpers for WebAssembly SIMD (compiled by
// tools/build-wasm.mjs). Everything works on byte addresses in the one imported (shared) memory,
// so the same module instance can run in several threads on different slices of one job.
//
// sgemm is GotoBLAS-shaped: C is cut into NC-wide column blocks, K into KC-deep slices and M into
// MC-tall row blocks; each block of B and A is packed into the caller's workspace (B as NR-wide
// panels, A as MR-tall panels, both k-major) and a 4x8 register-blocked micro-kernel multiplies
// panel pairs with 8 accumulators held in SIMD registers. Packing goes through row and column
// strides, so transposed operands cost nothing extra. No static data: several modules may share
// the memory, and a data segment would be rewritten by every instantiation.

import { mad64, mad64s } from './lib/elementwise';
// the elementwise training kernels (relu, dropout, SGD, Adam) ship in this module too
export { reluF32, reluBackwardF32, dropoutApplyF32, sgd32, adam32, addScaledF32 } from './lib/elementwise';
// the reference GEMM's float64-accumulated sums for small products (batch-1 loops)
export { gemmSmall, outerAddF32 } from './lib/small_gemm';
// dropout's keep mask drawn from PyTorch's generator state
export { bernoulliKeep } from './lib/mt';
// float32 tanh with Math.tanh's bits (the few elements it cannot settle are left to the caller)
export { tanhF32 } from './lib/tanh';

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 2048;

/** Bytes of workspace one sgemm call needs: packed A block, packed B block, one edge tile. */
export function sgemmWorkspaceBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

// Stores the transpose of the 4x4 block with rows r0..r3: column i goes to dst + i*stride.
// @ts-ignore: decorator
@inline
function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

// Packs rows [0, mc) x depth [0, kc) of A (element (i, k) at a + 4*(i*rsa + k*csa)) into MR-tall
// k-major panels, zero-padding the last panel.
function packA(mc: i32, kc: i32, a: usize, rsa: i32, csa: i32, dst: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0);
    if (rows == MR && csa == 1) {
      // rows are contiguous in k: transpose 4x4 blocks
      const r0 = a + (<usize>(i0 * rsa) << 2), step = <usize>rsa << 2;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const src = r0 + (<usize>k << 2);
        transpose4(v128.load(src), v128.load(src + step), v128.load(src + 2 * step), v128.load(src + 3 * step), dst, 16);
        dst += 64;
      }
      for (; k < kc; k++) {
        const src = r0 + (<usize>k << 2);
        store<f32>(dst, load<f32>(src));
        store<f32>(dst, load<f32>(src + step), 4);
        store<f32>(dst, load<f32>(src + 2 * step), 8);
        store<f32>(dst, load<f32>(src + 3 * step), 12);
        dst += 16;
      }
    } else if (rows == MR && rsa == 1) {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(a + (<usize>(i0 + k * csa) << 2)));
        dst += 16;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let r = 0; r < MR; r++)
          store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(a + (<usize>((i0 + r) * rsa + k * csa) << 2)) : 0);
        dst += 16;
      }
    }
  }
}

// Packs depth [0, kc) x columns [0, nc) of B (element (k, j) at b + 4*(k*rsb + j*csb)) into
// NR-wide k-major panels, zero-padding the last panel.
function packB(kc: i32, nc: i32, b: usize, rsb: i32, csb: i32, dst: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    if (cols == NR && csb == 1) {
      let src = b + (<usize>j0 << 2);
      const step = <usize>rsb << 2;
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += step; dst += 32;
      }
    } else if (cols == NR && rsb == 1) {
      // columns are contiguous in k: transpose two 4x4 blocks per 4 steps of k
      const c0 = b + (<usize>(j0 * csb) << 2), step = <usize>csb << 2;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const s0 = c0 + (<usize>k << 2), s4 = s0 + 4 * step;
        transpose4(v128.load(s0), v128.load(s0 + step), v128.load(s0 + 2 * step), v128.load(s0 + 3 * step), dst, 32);
        transpose4(v128.load(s4), v128.load(s4 + step), v128.load(s4 + 2 * step), v128.load(s4 + 3 * step), dst + 16, 32);
        dst += 128;
      }
      for (; k < kc; k++) {
        const src = c0 + (<usize>k << 2);
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + <usize>j * step));
        dst += 32;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let j = 0; j < NR; j++)
          store<f32>(dst + (<usize>j << 2), j < cols ? load<f32>(b + (<usize>(k * rsb + (j0 + j) * csb) << 2)) : 0);
        dst += 32;
      }
    }
  }
}

// a·b + c: one fused multiply-add in the relaxed-SIMD build (tools/build-wasm.mjs), else two ops.
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// A 4x8 tile's accumulators into C (rows ldc bytes apart), added to what C holds when `add`.
// @ts-ignore: decorator
@inline
function storeTile(c: usize, ldc: usize, add: bool, c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128): void {
  if (add) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16)); c += ldc;
    c10 = f32x4.add(c10, v128.load(c)); c11 = f32x4.add(c11, v128.load(c, 16)); c += ldc;
    c20 = f32x4.add(c20, v128.load(c)); c21 = f32x4.add(c21, v128.load(c, 16)); c += ldc;
    c30 = f32x4.add(c30, v128.load(c)); c31 = f32x4.add(c31, v128.load(c, 16));
    c -= 3 * ldc;
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
  v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
  v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
  v128.store(c, c30); v128.store(c, c31, 16);
}

// C[4x8] (+)= Ap[4 x kc] * Bp[kc x 8] with C rows ldc bytes apart.
// @ts-ignore: decorator
@inline
function kernel4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    ap += 16; bp += 32;
  }
  storeTile(c, ldc, add, c00, c01, c10, c11, c20, c21, c30, c31);
}

// kernel4x8 with A read in place: its 4 rows rs bytes apart, each contiguous in k (same sums).
// @ts-ignore: decorator
@inline
function kernel4x8d(kc: i32, a0: usize, rs: usize, bp: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
  const end = bp + (<usize>kc << 5);
  while (bp < end) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(a0);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(a1);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(a2);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(a3);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a0 += 4; a1 += 4; a2 += 4; a3 += 4; bp += 32;
  }
  storeTile(c, ldc, add, c00, c01, c10, c11, c20, c21, c30, c31);
}

// C[4x4] = Ap[4 x kc] * (the first 4 columns of Bp[kc x 8]), rows 32 bytes apart at c (the same sums as kernel4x8's).
function kernel4x4(kc: i32, ap: usize, bp: usize, c: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    c0 = madd(v128.load32_splat(ap), b0, c0); c1 = madd(v128.load32_splat(ap, 4), b0, c1);
    c2 = madd(v128.load32_splat(ap, 8), b0, c2); c3 = madd(v128.load32_splat(ap, 12), b0, c3);
    ap += 16; bp += 32;
  }
  v128.store(c, c0); v128.store(c, c1, 32); v128.store(c, c2, 64); v128.store(c, c3, 96);
}

// An edge tile (rows < MR or cols < NR): the whole tile (its first 4 columns when cols <= 4) into
// `tile`, then its valid part into C.
function microTile(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, rows: i32, cols: i32, add: bool, tile: usize): void {
  if (cols <= 4) kernel4x4(kc, ap, bp, tile);
  else kernel4x8(kc, ap, bp, tile, NR * 4, false);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < cols; j++) {
      const p = c + <usize>r * ldc + (<usize>j << 2);
      const v = load<f32>(tile + (<usize>(r * NR + j) << 2));
      store<f32>(p, add ? load<f32>(p) + v : v);
    }
}

/** Splits n into ceil(n / max) near-equal blocks, rounded up to a multiple of `unit`. */
function blockOf(n: i32, max: i32, unit: i32): i32 {
  const nb = (n + max - 1) / max;
  const per = (n + nb - 1) / nb;
  return (per + unit - 1) / unit * unit;
}

/**
 * C[M x N] (row stride ldc elements) = (or +=, when accumulate) A @ B, where element (i, k) of A
 * is at a + 4*(i*rsa + k*csa) and element (k, j) of B at b + 4*(k*rsb + j*csb).
 * ws: sgemmWorkspaceBytes() bytes of scratch, 16-byte aligned.
 */
export function sgemm(M: i32, N: i32, K: i32, a: usize, rsa: i32, csa: i32, b: usize, rsb: i32, csb: i32,
  c: usize, ldc: i32, accumulate: i32, ws: usize): void {
  if (M <= 0 || N <= 0) return;
  const ldcb = <usize>ldc << 2;
  if (K <= 0) {
    if (!accumulate) for (let i = 0; i < M; i++) memory.fill(c + <usize>i * ldcb, 0, <usize>N << 2);
    return;
  }
  const apk = ws, bpk = ws + <usize>(MC * KC * 4), tile = bpk + <usize>(KC * NC * 4);
  const kcb = blockOf(K, KC, 1), mcb = blockOf(M, MC, MR), ncb = blockOf(N, NC, NR);
  for (let jc = 0; jc < N; jc += ncb) {
    const nc = min(ncb, N - jc);
    for (let pc = 0; pc < K; pc += kcb) {
      const kc = min(kcb, K - pc);
      const add = accumulate != 0 || pc > 0;
      packB(kc, nc, b + (<usize>(pc * rsb + jc * csb) << 2), rsb, csb, bpk);
      for (let ic = 0; ic < M; ic += mcb) {
        const mc = min(mcb, M - ic);
        // A with rows contiguous in k and few B panels to meet (nc <= 256: the fc1 forward's 64 x 9216
        // input against 128 or, per thread, 64 columns) is read in place by the micro-kernel: packing
        // it would cost more than it saves. Wider products reuse each A panel too often for that.
        const direct = csa == 1 && mc % MR == 0 && nc <= 256;
        if (!direct) packA(mc, kc, a + (<usize>(ic * rsa + pc * csa) << 2), rsa, csa, apk);
        for (let jr = 0; jr < nc; jr += NR) {
          const bp = bpk + <usize>(jr * kc) * 4;
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const cp = c + <usize>(ic + ir) * ldcb + (<usize>(jc + jr) << 2);
            const rows = min(MR, mc - ir), ap = apk + <usize>(ir * kc) * 4;
            // whole tiles inline, with `add` constant in each copy (about 5% at K = 64 or 128,
            // where a tile is a few hundred cycles and a call's overhead shows)
            if (direct && cols == NR) {
              const ad = a + (<usize>((ic + ir) * rsa + pc) << 2), rs = <usize>rsa << 2;
              if (add) kernel4x8d(kc, ad, rs, bp, cp, ldcb, true); else kernel4x8d(kc, ad, rs, bp, cp, ldcb, false);
            } else if (direct) {
              packA(MR, kc, a + (<usize>((ic + ir) * rsa + pc) << 2), rsa, csa, apk);
              microTile(kc, apk, bp, cp, ldcb, rows, cols, add, tile);
            } else if (rows == MR && cols == NR) {
              if (add) kernel4x8(kc, ap, bp, cp, ldcb, true); else kernel4x8(kc, ap, bp, cp, ldcb, false);
            } else microTile(kc, ap, bp, cp, ldcb, rows, cols, add, tile);
          }
        }
      }
    }
  }
}

// ---- convolution (NCHW) on top of sgemm: im2col / col2im per image and group ----

// The output columns [lo, hi) of a kernel column whose input column ow*sW + offW lies inside [0, W)
// (im2col and its adjoint col2im walk the same ones).
// @ts-ignore: decorator
@inline
function validColsEnd(offW: i32, W: i32, sW: i32, OW: i32): i32 {
  const hi = W - offW <= 0 ? 0 : (W - offW + sW - 1) / sW;
  return hi > OW ? OW : hi;
}
// @ts-ignore: decorator
@inline
function validColsStart(offW: i32, sW: i32, hi: i32): i32 {
  const lo = offW >= 0 ? 0 : (-offW + sW - 1) / sW;
  return lo > hi ? hi : lo;
}

// n floats copied from s to d / zeroed at d, in vectors (memory.copy and memory.fill are a call
// each, which costs more than these short rows)
// @ts-ignore: decorator
@inline function copyRun(d: usize, s: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(d + (<usize>j << 2), v128.load(s + (<usize>j << 2)));
  for (; j < n; j++) store<f32>(d + (<usize>j << 2), load<f32>(s + (<usize>j << 2)));
}
// @ts-ignore: decorator
@inline function zeroRun(d: usize, n: i32): void {
  const z = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(d + (<usize>j << 2), z);
  for (; j < n; j++) store<f32>(d + (<usize>j << 2), 0);
}

/**
 * cols[(c*KH + kh)*KW + kw][oh*OW + ow] = x[c][oh*sH - pH + kh*dH][ow*sW - pW + kw*dW] (0 outside),
 * for the C channels of one image at x.
 */
export function im2col(x: usize, C: i32, H: i32, W: i32, KH: i32, KW: i32, sH: i32, sW: i32, pH: i32, pW: i32,
  dH: i32, dW: i32, OH: i32, OW: i32, cols: usize): void {
  let dst = cols;
  const rowBytes = <usize>OW << 2;
  for (let c = 0; c < C; c++) {
    const xc = x + (<usize>(c * H * W) << 2);
    for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      const offW = kw * dW - pW;
      const hi = validColsEnd(offW, W, sW, OW), lo = validColsStart(offW, sW, hi);
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * sH - pH + kh * dH;
        if (ih < 0 || ih >= H) { zeroRun(dst, OW); dst += rowBytes; continue; }
        const xr = xc + (<usize>(ih * W) << 2);
        if (lo > 0) zeroRun(dst, lo);
        if (sW == 1) copyRun(dst + (<usize>lo << 2), xr + (<usize>(lo + offW) << 2), hi - lo);
        else for (let ow = lo; ow < hi; ow++) store<f32>(dst + (<usize>ow << 2), load<f32>(xr + (<usize>(ow * sW + offW) << 2)));
        if (hi < OW) zeroRun(dst + (<usize>hi << 2), OW - hi);
        dst += rowBytes;
      }
    }
  }
}

/** The adjoint of im2col: gx[c][ih][iw] += cols[...] for every (c, kh, kw, oh, ow) that reads it. */
export function col2im(cols: usize, C: i32, H: i32, W: i32, KH: i32, KW: i32, sH: i32, sW: i32, pH: i32, pW: i32,
  dH: i32, dW: i32, OH: i32, OW: i32, gx: usize): void {
  let src = cols;
  const rowBytes = <usize>OW << 2;
  for (let c = 0; c < C; c++) {
    const gc = gx + (<usize>(c * H * W) << 2);
    for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      const offW = kw * dW - pW;
      const hi = validColsEnd(offW, W, sW, OW), lo = validColsStart(offW, sW, hi);
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * sH - pH + kh * dH;
        if (ih >= 0 && ih < H) {
          const gr = gc + (<usize>(ih * W) << 2);
          if (sW == 1) {
            let d = gr + (<usize>(lo + offW) << 2), s = src + (<usize>lo << 2);
            let ow = lo;
            for (; ow + 4 <= hi; ow += 4) { v128.store(d, f32x4.add(v128.load(d), v128.load(s))); d += 16; s += 16; }
            for (; ow < hi; ow++) { store<f32>(d, load<f32>(d) + load<f32>(s)); d += 4; s += 4; }
          } else {
            for (let ow = lo; ow < hi; ow++) {
              const d = gr + (<usize>(ow * sW + offW) << 2);
              store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>ow << 2)));
            }
          }
        }
        src += rowBytes;
      }
    }
  }
}

// Convolution geometry, shared by the three conv entry points: written by the caller as 16 i32s
// at `g` (N is not needed: each call handles images [n0, n1)).
// 0 C, 1 H, 2 W, 3 O, 4 KH, 5 KW, 6 sH, 7 sW, 8 pH, 9 pW, 10 dH, 11 dW, 12 groups, 13 OH, 14 OW
// @ts-ignore: decorator
@inline function gi(g: usize, i: i32): i32 { return load<i32>(g + (<usize>i << 2)); }

/** Scratch bytes one conv entry point needs for this geometry (cols + sgemm workspace). */
export function convWorkspaceBytes(g: usize): i32 {
  const Cg = gi(g, 0) / gi(g, 12);
  return ((Cg * gi(g, 4) * gi(g, 5) * gi(g, 13) * gi(g, 14) + 3) & ~3) * 4 + sgemmWorkspaceBytes();
}

// True when im2col would be the identity (1x1 kernel, stride 1, no padding).
function direct(g: usize): bool {
  return gi(g, 4) == 1 && gi(g, 5) == 1 && gi(g, 6) == 1 && gi(g, 7) == 1 && gi(g, 8) == 0 && gi(g, 9) == 0;
}

/** out[n] = conv(x[n], w) + bias for n in [n0, n1); bias may be 0 (none). */
export function conv2dForward(x: usize, w: usize, bias: usize, out: usize, n0: i32, n1: i32, g: usize, ws: usize): void {
  const C = gi(g, 0), H = gi(g, 1), W = gi(g, 2), O = gi(g, 3), KH = gi(g, 4), KW = gi(g, 5);
  const G = gi(g, 12), OH = gi(g, 13), OW = gi(g, 14);
  const Cg = C / G, Og = O / G, CKK = Cg * KH * KW, P = OH * OW;
  const colsBytes = <usize>((CKK * P + 3) & ~3) << 2;
  const cols = ws, gws = ws + colsBytes;
  const isDirect = direct(g);
  for (let n = n0; n < n1; n++) {
    for (let grp = 0; grp < G; grp++) {
      const xg = x + (<usize>((n * C + grp * Cg) * H * W) << 2);
      const og = out + (<usize>((n * O + grp * Og) * P) << 2);
      let bsrc = xg;
      if (!isDirect) {
        im2col(xg, Cg, H, W, KH, KW, gi(g, 6), gi(g, 7), gi(g, 8), gi(g, 9), gi(g, 10), gi(g, 11), OH, OW, cols);
        bsrc = cols;
      }
      sgemm(Og, P, CKK, w + (<usize>(grp * Og * CKK) << 2), CKK, 1, bsrc, P, 1, og, P, 0, gws);
    }
    if (bias) {
      for (let o = 0; o < O; o++) {
        const bv = f32x4.splat(load<f32>(bias + (<usize>o << 2)));
        let p = out + (<usize>((n * O + o) * P) << 2);
        let j = 0;
        for (; j + 4 <= P; j += 4) { v128.store(p, f32x4.add(v128.load(p), bv)); p += 16; }
        for (; j < P; j++) { store<f32>(p, load<f32>(p) + f32x4.extract_lane(bv, 0)); p += 4; }
      }
    }
  }
}

/** gx[n] = conv's input gradient for n in [n0, n1) (overwrites gx[n]). */
export function conv2dBackwardInput(gout: usize, w: usize, gx: usize, n0: i32, n1: i32, g: usize, ws: usize): void {
  const C = gi(g, 0), H = gi(g, 1), W = gi(g, 2), O = gi(g, 3), KH = gi(g, 4), KW = gi(g, 5);
  const G = gi(g, 12), OH = gi(g, 13), OW = gi(g, 14);
  const Cg = C / G, Og = O / G, CKK = Cg * KH * KW, P = OH * OW;
  const colsBytes = <usize>((CKK * P + 3) & ~3) << 2;
  const cols = ws, gws = ws + colsBytes;
  const isDirect = direct(g);
  for (let n = n0; n < n1; n++) {
    const gxn = gx + (<usize>(n * C * H * W) << 2);
    if (!isDirect) memory.fill(gxn, 0, <usize>(C * H * W) << 2);
    for (let grp = 0; grp < G; grp++) {
      const gxg = gxn + (<usize>(grp * Cg * H * W) << 2);
      const gog = gout + (<usize>((n * O + grp * Og) * P) << 2);
      const wg = w + (<usize>(grp * Og * CKK) << 2);
      // cols = W_g^T @ gout_g
      sgemm(CKK, P, Og, wg, 1, CKK, gog, P, 1, isDirect ? gxg : cols, P, 0, gws);
      if (!isDirect) col2im(cols, Cg, H, W, KH, KW, gi(g, 6), gi(g, 7), gi(g, 8), gi(g, 9), gi(g, 10), gi(g, 11), OH, OW, gxg);
    }
  }
}

// bias gradient: *bp += Σ of the P floats at p (4 lanes, then the tail), one output plane
// @ts-ignore: decorator
@inline
function addPlaneSum(p: usize, P: i32, bp: usize): void {
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= P; j += 4) { acc = f32x4.add(acc, v128.load(p)); p += 16; }
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; j < P; j++) { s += load<f32>(p); p += 4; }
  store<f32>(bp, load<f32>(bp) + s);
}

/**
 * gw_k += Σ_n gout[n] @ im2col(x[n])^T and gb_k[o] += Σ_n,p gout[n][o][p] (gb may be 0) over n in
 * [n0, n1), where k = n / chunk picks one of several partial sums laid out one after another at
 * gw (O*Cg*KH*KW floats each) and gb (O floats each). Accumulates: the caller zeroes the partials.
 */
export function conv2dBackwardWeight(x: usize, gout: usize, gw: usize, gb: usize, n0: i32, n1: i32, chunk: i32, g: usize, ws: usize): void {
  const C = gi(g, 0), H = gi(g, 1), W = gi(g, 2), O = gi(g, 3), KH = gi(g, 4), KW = gi(g, 5);
  const G = gi(g, 12), OH = gi(g, 13), OW = gi(g, 14);
  const Cg = C / G, Og = O / G, CKK = Cg * KH * KW, P = OH * OW;
  const colsBytes = <usize>((CKK * P + 3) & ~3) << 2;
  const cols = ws, gws = ws + colsBytes;
  const isDirect = direct(g);
  for (let n = n0; n < n1; n++) {
    const part = n / chunk;
    const gwk = gw + (<usize>(part * O * CKK) << 2), gbk = gb + (<usize>(part * O) << 2);
    for (let grp = 0; grp < G; grp++) {
      const xg = x + (<usize>((n * C + grp * Cg) * H * W) << 2);
      const gog = gout + (<usize>((n * O + grp * Og) * P) << 2);
      let bsrc = xg;
      if (!isDirect) {
        im2col(xg, Cg, H, W, KH, KW, gi(g, 6), gi(g, 7), gi(g, 8), gi(g, 9), gi(g, 10), gi(g, 11), OH, OW, cols);
        bsrc = cols;
      }
      // gw_g[Og x CKK] += gout_g[Og x P] @ cols^T[P x CKK]
      sgemm(Og, CKK, P, gog, P, 1, bsrc, 1, P, gwk + (<usize>(grp * Og * CKK) << 2), CKK, 1, gws);
    }
    if (gb) {
      for (let o = 0; o < O; o++) addPlaneSum(gout + (<usize>((n * O + o) * P) << 2), P, gbk + (<usize>o << 2));
    }
  }
}

// ---- max pooling, 2x2 windows with stride 2 (the MNIST Net's), 4 outputs per SIMD step ----

/**
 * For `planes` planes of H x W floats at x: out[p][oh][ow] = max of the 2x2 window at (2oh, 2ow)
 * and idx[p][oh][ow] = its offset in the plane, with PyTorch's rule (a later value wins when it is
 * greater or NaN). OH <= H/2 and OW <= W/2.
 */
export function maxPool2x2(x: usize, planes: i32, H: i32, W: i32, OH: i32, OW: i32, out: usize, idx: usize): void {
  const step = i32x4.splat(8); // 4 outputs = 8 input columns
  const ramp = i32x4(0, 2, 4, 6);
  for (let p = 0; p < planes; p++) {
    const xp = x + (<usize>(p * H * W) << 2);
    for (let oh = 0; oh < OH; oh++) {
      const r0 = <usize>(2 * oh * W), rowBase = 2 * oh * W;
      const a0 = xp + (r0 << 2), a1 = a0 + (<usize>W << 2);
      let ow = 0;
      let ie0 = i32x4.add(i32x4.splat(rowBase), ramp);
      const one = i32x4.splat(1), wv = i32x4.splat(W), w1 = i32x4.splat(W + 1);
      for (; ow + 4 <= OW; ow += 4) {
        const c = <usize>(2 * ow) << 2;
        const u0 = v128.load(a0 + c), u1 = v128.load(a0 + c, 16), l0 = v128.load(a1 + c), l1 = v128.load(a1 + c, 16);
        let m = v128.shuffle<f32>(u0, u1, 0, 2, 4, 6);
        let id = ie0;
        let v = v128.shuffle<f32>(u0, u1, 1, 3, 5, 7);
        let k = v128.or(f32x4.gt(v, m), f32x4.ne(v, v));
        m = v128.bitselect(v, m, k); id = v128.bitselect(i32x4.add(ie0, one), id, k);
        v = v128.shuffle<f32>(l0, l1, 0, 2, 4, 6);
        k = v128.or(f32x4.gt(v, m), f32x4.ne(v, v));
        m = v128.bitselect(v, m, k); id = v128.bitselect(i32x4.add(ie0, wv), id, k);
        v = v128.shuffle<f32>(l0, l1, 1, 3, 5, 7);
        k = v128.or(f32x4.gt(v, m), f32x4.ne(v, v));
        m = v128.bitselect(v, m, k); id = v128.bitselect(i32x4.add(ie0, w1), id, k);
        v128.store(out, m); v128.store(idx, id);
        out += 16; idx += 16;
        ie0 = i32x4.add(ie0, step);
      }
      for (; ow < OW; ow++) {
        const c0 = 2 * ow;
        let best = rowBase + c0, m = load<f32>(a0 + (<usize>c0 << 2));
        let v = load<f32>(a0 + (<usize>(c0 + 1) << 2));
        if (v > m || v != v) { m = v; best = rowBase + c0 + 1; }
        v = load<f32>(a1 + (<usize>c0 << 2));
        if (v > m || v != v) { m = v; best = rowBase + W + c0; }
        v = load<f32>(a1 + (<usize>(c0 + 1) << 2));
        if (v > m || v != v) { m = v; best = rowBase + W + c0 + 1; }
        store<f32>(out, m); store<i32>(idx, best);
        out += 4; idx += 4;
      }
    }
  }
}

// ---- Winograd F(2x2, 3x3) for 3x3 stride-1 convolutions: 16 GEMMs of 1/2.25 the multiplies ----
// Y = A^T [ (G g G^T) ⊙ (B^T d B) ] A per 2x2 output tile, with d the tile's 4x4 input window:
// B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1],
// A^T = [1 1 1 0; 0 1 -1 -1]. The transformed weights U[ξ][o][c] (ξ = 4i + j) come from the caller.
// V[ξ][c][t] holds the transformed input tiles, M[ξ][o][t] = U_ξ @ V_ξ the products. The weight
// gradient runs the same algebra transposed: dM = A gy A^T, dU_ξ += dM_ξ @ V_ξ^T (dg = G^T dU G
// is the caller's). Geometry (i32s at g): 0 C, 1 H, 2 W, 3 O, 4 pad top, 5 pad left, 6 OH, 7 OW.

// @ts-ignore: decorator
@inline function wTH(g: usize): i32 { return (gi(g, 6) + 1) >> 1; }
// @ts-ignore: decorator
@inline function wTW(g: usize): i32 { return (gi(g, 7) + 1) >> 1; }

/** Scratch bytes of one Winograd job: a padded input plane, V, M (or dM), a padded output plane, sgemm's. */
export function winoWorkspaceBytes(g: usize): i32 {
  const TH = wTH(g), TW = wTW(g), T = TH * TW, C = gi(g, 0), O = gi(g, 3);
  const PH = 2 * TH + 2, PW = 2 * TW + 2;
  return (((PH * PW + 3) & ~3) + 16 * C * T + 16 * O * T + 4 * T + 8) * 4 + sgemmWorkspaceBytes();
}

// Copies plane src (H x W) into dst (PH x PW) at offset (pT, pL), zero elsewhere. Writes whole
// vectors up to PH * PW rounded up to 4 floats (every caller's plane has that room); no
// memory.fill / memory.copy (a call each, which cost more than these small rows).
function padPlane(src: usize, H: i32, W: i32, pT: i32, pL: i32, dst: usize, PH: i32, PW: i32): void {
  const z = f32x4.splat(0), end = dst + (<usize>((PH * PW + 3) & ~3) << 2);
  for (let p = dst; p < end; p += 16) v128.store(p, z);
  const w = min(W, PW - pL);
  if (w <= 0) return;
  for (let r = 0; r < H; r++) {
    const pr = r + pT;
    if (pr >= PH) break;
    let d = dst + (<usize>(pr * PW + pL) << 2), s = src + (<usize>(r * W) << 2);
    let j = 0;
    for (; j + 4 <= w; j += 4) { v128.store(d, v128.load(s)); d += 16; s += 16; }
    for (; j < w; j++) { store<f32>(d, load<f32>(s)); d += 4; s += 4; }
  }
}

// V[ξ][c][t0 + k] for the 4 tiles k = 0..3 whose windows start at column 2k of p (rows PW floats apart).
// @ts-ignore: decorator
@inline function inTile4(p: usize, rowB: usize, V: usize, xiStride: usize): void {
  let t00 = f32x4.splat(0), t01 = t00, t02 = t00, t03 = t00, t10 = t00, t11 = t00, t12 = t00, t13 = t00;
  let t20 = t00, t21 = t00, t22 = t00, t23 = t00, t30 = t00, t31 = t00, t32 = t00, t33 = t00;
  for (let r = 0; r < 4; r++) {
    const L0 = v128.load(p), L1 = v128.load(p, 16), M0 = v128.load(p, 8), M1 = v128.load(p, 24);
    const a0 = v128.shuffle<f32>(L0, L1, 0, 2, 4, 6), a1 = v128.shuffle<f32>(L0, L1, 1, 3, 5, 7);
    const a2 = v128.shuffle<f32>(M0, M1, 0, 2, 4, 6), a3 = v128.shuffle<f32>(M0, M1, 1, 3, 5, 7);
    const c0 = f32x4.sub(a0, a2), c1 = f32x4.add(a1, a2), c2 = f32x4.sub(a2, a1), c3 = f32x4.sub(a1, a3);
    if (r == 0) { t00 = c0; t01 = c1; t02 = c2; t03 = c3; }
    else if (r == 1) { t10 = c0; t11 = c1; t12 = c2; t13 = c3; }
    else if (r == 2) { t20 = c0; t21 = c1; t22 = c2; t23 = c3; }
    else { t30 = c0; t31 = c1; t32 = c2; t33 = c3; }
    p += rowB;
  }
  v128.store(V, f32x4.sub(t00, t20)); V += xiStride;
  v128.store(V, f32x4.sub(t01, t21)); V += xiStride;
  v128.store(V, f32x4.sub(t02, t22)); V += xiStride;
  v128.store(V, f32x4.sub(t03, t23)); V += xiStride;
  v128.store(V, f32x4.add(t10, t20)); V += xiStride;
  v128.store(V, f32x4.add(t11, t21)); V += xiStride;
  v128.store(V, f32x4.add(t12, t22)); V += xiStride;
  v128.store(V, f32x4.add(t13, t23)); V += xiStride;
  v128.store(V, f32x4.sub(t20, t10)); V += xiStride;
  v128.store(V, f32x4.sub(t21, t11)); V += xiStride;
  v128.store(V, f32x4.sub(t22, t12)); V += xiStride;
  v128.store(V, f32x4.sub(t23, t13)); V += xiStride;
  v128.store(V, f32x4.sub(t10, t30)); V += xiStride;
  v128.store(V, f32x4.sub(t11, t31)); V += xiStride;
  v128.store(V, f32x4.sub(t12, t32)); V += xiStride;
  v128.store(V, f32x4.sub(t13, t33));
}

// One tile, scalar: the same transform for the tail of a tile row.
function inTile1(p: usize, rowB: usize, V: usize, xiStride: usize): void {
  let d00: f32, d01: f32, d02: f32, d03: f32, d10: f32, d11: f32, d12: f32, d13: f32;
  let d20: f32, d21: f32, d22: f32, d23: f32, d30: f32, d31: f32, d32: f32, d33: f32;
  d00 = load<f32>(p); d01 = load<f32>(p, 4); d02 = load<f32>(p, 8); d03 = load<f32>(p, 12); p += rowB;
  d10 = load<f32>(p); d11 = load<f32>(p, 4); d12 = load<f32>(p, 8); d13 = load<f32>(p, 12); p += rowB;
  d20 = load<f32>(p); d21 = load<f32>(p, 4); d22 = load<f32>(p, 8); d23 = load<f32>(p, 12); p += rowB;
  d30 = load<f32>(p); d31 = load<f32>(p, 4); d32 = load<f32>(p, 8); d33 = load<f32>(p, 12);
  // columns: c0 = d0 - d2, c1 = d1 + d2, c2 = d2 - d1, c3 = d1 - d3 (per row)
  const t00 = d00 - d02, t01 = d01 + d02, t02 = d02 - d01, t03 = d01 - d03;
  const t10 = d10 - d12, t11 = d11 + d12, t12 = d12 - d11, t13 = d11 - d13;
  const t20 = d20 - d22, t21 = d21 + d22, t22 = d22 - d21, t23 = d21 - d23;
  const t30 = d30 - d32, t31 = d31 + d32, t32 = d32 - d31, t33 = d31 - d33;
  store<f32>(V, t00 - t20); V += xiStride; store<f32>(V, t01 - t21); V += xiStride;
  store<f32>(V, t02 - t22); V += xiStride; store<f32>(V, t03 - t23); V += xiStride;
  store<f32>(V, t10 + t20); V += xiStride; store<f32>(V, t11 + t21); V += xiStride;
  store<f32>(V, t12 + t22); V += xiStride; store<f32>(V, t13 + t23); V += xiStride;
  store<f32>(V, t20 - t10); V += xiStride; store<f32>(V, t21 - t11); V += xiStride;
  store<f32>(V, t22 - t12); V += xiStride; store<f32>(V, t23 - t13); V += xiStride;
  store<f32>(V, t10 - t30); V += xiStride; store<f32>(V, t11 - t31); V += xiStride;
  store<f32>(V, t12 - t32); V += xiStride; store<f32>(V, t13 - t33);
}

// V[ξ][c][t] for the C planes of one image at x (tiles t = ty*TW + tx, output tile at (2ty, 2tx)).
function winoInput(x: usize, C: i32, H: i32, W: i32, pT: i32, pL: i32, TH: i32, TW: i32, P: usize, V: usize): void {
  const PH = 2 * TH + 2, PW = 2 * TW + 2, T = TH * TW;
  const rowB = <usize>PW << 2, xiStride = <usize>(C * T) << 2;
  for (let c = 0; c < C; c++) {
    padPlane(x + (<usize>(c * H * W) << 2), H, W, pT, pL, P, PH, PW);
    const Vc = V + (<usize>(c * T) << 2);
    for (let ty = 0; ty < TH; ty++) {
      const prow = P + <usize>(2 * ty) * rowB;
      let tx = 0;
      for (; tx + 4 <= TW; tx += 4) inTile4(prow + (<usize>(2 * tx) << 2), rowB, Vc + (<usize>(ty * TW + tx) << 2), xiStride);
      for (; tx < TW; tx++) inTile1(prow + (<usize>(2 * tx) << 2), rowB, Vc + (<usize>(ty * TW + tx) << 2), xiStride);
    }
  }
}

// out plane (OH x OW, + bias) from M[ξ][o][*] of one output channel: Y = A^T m A per tile, through
// the padded plane Q (2TH x 2TW).
function winoOutput(M: usize, xiStride: usize, TH: i32, TW: i32, Q: usize, out: usize, OH: i32, OW: i32, bias: f32): void {
  const QW = 2 * TW;
  for (let ty = 0; ty < TH; ty++) {
    let tx = 0;
    const q0 = Q + (<usize>(2 * ty * QW) << 2), q1 = q0 + (<usize>QW << 2);
    for (; tx + 4 <= TW; tx += 4) {
      let m = M + (<usize>(ty * TW + tx) << 2);
      const m00 = v128.load(m); m += xiStride; const m01 = v128.load(m); m += xiStride;
      const m02 = v128.load(m); m += xiStride; const m03 = v128.load(m); m += xiStride;
      const m10 = v128.load(m); m += xiStride; const m11 = v128.load(m); m += xiStride;
      const m12 = v128.load(m); m += xiStride; const m13 = v128.load(m); m += xiStride;
      const m20 = v128.load(m); m += xiStride; const m21 = v128.load(m); m += xiStride;
      const m22 = v128.load(m); m += xiStride; const m23 = v128.load(m); m += xiStride;
      const m30 = v128.load(m); m += xiStride; const m31 = v128.load(m); m += xiStride;
      const m32 = v128.load(m); m += xiStride; const m33 = v128.load(m);
      // rows: s0 = m0 + m1 + m2, s1 = m1 - m2 - m3
      const s00 = f32x4.add(f32x4.add(m00, m10), m20), s01 = f32x4.add(f32x4.add(m01, m11), m21);
      const s02 = f32x4.add(f32x4.add(m02, m12), m22), s03 = f32x4.add(f32x4.add(m03, m13), m23);
      const s10 = f32x4.sub(f32x4.sub(m10, m20), m30), s11 = f32x4.sub(f32x4.sub(m11, m21), m31);
      const s12 = f32x4.sub(f32x4.sub(m12, m22), m32), s13 = f32x4.sub(f32x4.sub(m13, m23), m33);
      const y00 = f32x4.add(f32x4.add(s00, s01), s02), y01 = f32x4.sub(f32x4.sub(s01, s02), s03);
      const y10 = f32x4.add(f32x4.add(s10, s11), s12), y11 = f32x4.sub(f32x4.sub(s11, s12), s13);
      const c = <usize>(2 * tx) << 2;
      v128.store(q0 + c, v128.shuffle<f32>(y00, y01, 0, 4, 1, 5)); v128.store(q0 + c, v128.shuffle<f32>(y00, y01, 2, 6, 3, 7), 16);
      v128.store(q1 + c, v128.shuffle<f32>(y10, y11, 0, 4, 1, 5)); v128.store(q1 + c, v128.shuffle<f32>(y10, y11, 2, 6, 3, 7), 16);
    }
    for (; tx < TW; tx++) {
      let m = M + (<usize>(ty * TW + tx) << 2);
      const m00 = load<f32>(m); m += xiStride; const m01 = load<f32>(m); m += xiStride;
      const m02 = load<f32>(m); m += xiStride; const m03 = load<f32>(m); m += xiStride;
      const m10 = load<f32>(m); m += xiStride; const m11 = load<f32>(m); m += xiStride;
      const m12 = load<f32>(m); m += xiStride; const m13 = load<f32>(m); m += xiStride;
      const m20 = load<f32>(m); m += xiStride; const m21 = load<f32>(m); m += xiStride;
      const m22 = load<f32>(m); m += xiStride; const m23 = load<f32>(m); m += xiStride;
      const m30 = load<f32>(m); m += xiStride; const m31 = load<f32>(m); m += xiStride;
      const m32 = load<f32>(m); m += xiStride; const m33 = load<f32>(m);
      const s00 = m00 + m10 + m20, s01 = m01 + m11 + m21, s02 = m02 + m12 + m22, s03 = m03 + m13 + m23;
      const s10 = m10 - m20 - m30, s11 = m11 - m21 - m31, s12 = m12 - m22 - m32, s13 = m13 - m23 - m33;
      const c = <usize>(2 * tx) << 2;
      store<f32>(q0 + c, s00 + s01 + s02); store<f32>(q0 + c, s01 - s02 - s03, 4);
      store<f32>(q1 + c, s10 + s11 + s12); store<f32>(q1 + c, s11 - s12 - s13, 4);
    }
  }
  const bv = f32x4.splat(bias);
  for (let r = 0; r < OH; r++) {
    let s = Q + (<usize>(r * QW) << 2), d = out + (<usize>(r * OW) << 2);
    let j = 0;
    for (; j + 4 <= OW; j += 4) { v128.store(d, f32x4.add(v128.load(s), bv)); s += 16; d += 16; }
    for (; j < OW; j++) { store<f32>(d, load<f32>(s) + bias); s += 4; d += 4; }
  }
}

/**
 * out[n] = conv(x[n]) (+ bias; 0 for none) for n in [n0, n1), a 3x3 stride-1 convolution given
 * its transformed weights U[16][O][C].
 */
export function winoForward(x: usize, U: usize, bias: usize, out: usize, n0: i32, n1: i32, g: usize, ws: usize): void {
  const C = gi(g, 0), H = gi(g, 1), W = gi(g, 2), O = gi(g, 3), pT = gi(g, 4), pL = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7);
  const TH = wTH(g), TW = wTW(g), T = TH * TW, PH = 2 * TH + 2, PW = 2 * TW + 2;
  const P = ws, V = P + (<usize>((PH * PW + 3) & ~3) << 2), M = V + (<usize>(16 * C * T) << 2);
  const Q = M + (<usize>(16 * O * T) << 2), gws = Q + (<usize>(4 * T + 8) << 2);
  const mStride = <usize>(O * T) << 2;
  for (let n = n0; n < n1; n++) {
    winoInput(x + (<usize>(n * C * H * W) << 2), C, H, W, pT, pL, TH, TW, P, V);
    for (let xi = 0; xi < 16; xi++)
      sgemm(O, T, C, U + (<usize>(xi * O * C) << 2), C, 1, V + (<usize>(xi * C * T) << 2), T, 1, M + <usize>xi * mStride, T, 0, gws);
    for (let o = 0; o < O; o++)
      winoOutput(M + (<usize>(o * T) << 2), mStride, TH, TW, Q, out + (<usize>((n * O + o) * OH * OW) << 2), OH, OW,
        bias ? load<f32>(bias + (<usize>o << 2)) : 0);
  }
}

// dM[ξ][o][t] = (A gy A^T)[ξ] for the 2x2 output-gradient tiles of plane gy (OH x OW, zero beyond).
function winoGradOut(gy: usize, OH: i32, OW: i32, TH: i32, TW: i32, Q: usize, dM: usize, xiStride: usize): void {
  const QW = 2 * TW;
  padPlane(gy, OH, OW, 0, 0, Q, 2 * TH, QW);
  for (let ty = 0; ty < TH; ty++) {
    const q0 = Q + (<usize>(2 * ty * QW) << 2), q1 = q0 + (<usize>QW << 2);
    let tx = 0;
    for (; tx + 4 <= TW; tx += 4) {
      const c = <usize>(2 * tx) << 2;
      const u0 = v128.load(q0 + c), u1 = v128.load(q0 + c, 16), l0 = v128.load(q1 + c), l1 = v128.load(q1 + c, 16);
      const g00 = v128.shuffle<f32>(u0, u1, 0, 2, 4, 6), g01 = v128.shuffle<f32>(u0, u1, 1, 3, 5, 7);
      const g10 = v128.shuffle<f32>(l0, l1, 0, 2, 4, 6), g11 = v128.shuffle<f32>(l0, l1, 1, 3, 5, 7);
      // rows R = A gy: R0 = g0, R1 = g0 + g1, R2 = g0 - g1, R3 = -g1; then the same on columns
      const zero = f32x4.splat(0);
      const r00 = g00, r01 = g01, r10 = f32x4.add(g00, g10), r11 = f32x4.add(g01, g11);
      const r20 = f32x4.sub(g00, g10), r21 = f32x4.sub(g01, g11), r30 = f32x4.sub(zero, g10), r31 = f32x4.sub(zero, g11);
      let d = dM + (<usize>(ty * TW + tx) << 2);
      v128.store(d, r00); d += xiStride; v128.store(d, f32x4.add(r00, r01)); d += xiStride;
      v128.store(d, f32x4.sub(r00, r01)); d += xiStride; v128.store(d, f32x4.sub(zero, r01)); d += xiStride;
      v128.store(d, r10); d += xiStride; v128.store(d, f32x4.add(r10, r11)); d += xiStride;
      v128.store(d, f32x4.sub(r10, r11)); d += xiStride; v128.store(d, f32x4.sub(zero, r11)); d += xiStride;
      v128.store(d, r20); d += xiStride; v128.store(d, f32x4.add(r20, r21)); d += xiStride;
      v128.store(d, f32x4.sub(r20, r21)); d += xiStride; v128.store(d, f32x4.sub(zero, r21)); d += xiStride;
      v128.store(d, r30); d += xiStride; v128.store(d, f32x4.add(r30, r31)); d += xiStride;
      v128.store(d, f32x4.sub(r30, r31)); d += xiStride; v128.store(d, f32x4.sub(zero, r31));
    }
    for (; tx < TW; tx++) {
      const c = <usize>(2 * tx) << 2;
      const g00 = load<f32>(q0 + c), g01 = load<f32>(q0 + c, 4), g10 = load<f32>(q1 + c), g11 = load<f32>(q1 + c, 4);
      const r00 = g00, r01 = g01, r10 = g00 + g10, r11 = g01 + g11, r20 = g00 - g10, r21 = g01 - g11, r30 = -g10, r31 = -g11;
      let d = dM + (<usize>(ty * TW + tx) << 2);
      store<f32>(d, r00); d += xiStride; store<f32>(d, r00 + r01); d += xiStride;
      store<f32>(d, r00 - r01); d += xiStride; store<f32>(d, -r01); d += xiStride;
      store<f32>(d, r10); d += xiStride; store<f32>(d, r10 + r11); d += xiStride;
      store<f32>(d, r10 - r11); d += xiStride; store<f32>(d, -r11); d += xiStride;
      store<f32>(d, r20); d += xiStride; store<f32>(d, r20 + r21); d += xiStride;
      store<f32>(d, r20 - r21); d += xiStride; store<f32>(d, -r21); d += xiStride;
      store<f32>(d, r30); d += xiStride; store<f32>(d, r30 + r31); d += xiStride;
      store<f32>(d, r30 - r31); d += xiStride; store<f32>(d, -r31);
    }
  }
}

/**
 * dU_k[16][O][C] += Σ_n dM_ξ(gout[n]) @ V_ξ(x[n])^T and gb_k[o] += Σ gout[n][o] (gb may be 0) over
 * n in [n0, n1), k = n / chunk selecting one of several partial sums laid out one after another.
 */
export function winoBackwardWeight(x: usize, gout: usize, dU: usize, gb: usize, n0: i32, n1: i32, chunk: i32, g: usize, ws: usize): void {
  const C = gi(g, 0), H = gi(g, 1), W = gi(g, 2), O = gi(g, 3), pT = gi(g, 4), pL = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7);
  const TH = wTH(g), TW = wTW(g), T = TH * TW, PH = 2 * TH + 2, PW = 2 * TW + 2;
  const P = ws, V = P + (<usize>((PH * PW + 3) & ~3) << 2), dM = V + (<usize>(16 * C * T) << 2);
  const Q = dM + (<usize>(16 * O * T) << 2), gws = Q + (<usize>(4 * T + 8) << 2);
  const mStride = <usize>(O * T) << 2, P2 = OH * OW;
  for (let n = n0; n < n1; n++) {
    const part = n / chunk;
    const dUk = dU + (<usize>(part * 16 * O * C) << 2), gbk = gb + (<usize>(part * O) << 2);
    winoInput(x + (<usize>(n * C * H * W) << 2), C, H, W, pT, pL, TH, TW, P, V);
    for (let o = 0; o < O; o++)
      winoGradOut(gout + (<usize>((n * O + o) * P2) << 2), OH, OW, TH, TW, Q, dM + (<usize>(o * T) << 2), mStride);
    for (let xi = 0; xi < 16; xi++)
      sgemm(O, C, T, dM + <usize>xi * mStride, T, 1, V + (<usize>(xi * C * T) << 2), 1, T, dUk + (<usize>(xi * O * C) << 2), C, 1, gws);
    if (gb) {
      for (let o = 0; o < O; o++) {
        let p = gout + (<usize>((n * O + o) * P2) << 2);
        let acc = f32x4.splat(0);
        let j = 0;
        for (; j + 4 <= P2; j += 4) { acc = f32x4.add(acc, v128.load(p)); p += 16; }
        let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
        for (; j < P2; j++) { s += load<f32>(p); p += 4; }
        const bp = gbk + (<usize>o << 2);
        store<f32>(bp, load<f32>(bp) + s);
      }
    }
  }
}

// ---- small helpers for the JS side: partial-sum reduction, max-pool backward, Adadelta ----

/** p[i] = ((p[i] + p[n + i]) + p[2n + i]) + ... over `parts` arrays of n floats laid out one after another. */
export function sumParts(p: usize, parts: i32, n: i32): void {
  const stride = <usize>n << 2;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d = p + (<usize>i << 2);
    let s = v128.load(d), q = d;
    for (let k = 1; k < parts; k++) { q += stride; s = f32x4.add(s, v128.load(q)); }
    v128.store(d, s);
  }
  for (; i < n; i++) {
    const d = p + (<usize>i << 2);
    let s = load<f32>(d), q = d;
    for (let k = 1; k < parts; k++) { q += stride; s += load<f32>(q); }
    store<f32>(d, s);
  }
}

/** gx (planes x inPlane, zeroed here) [p][idx[o]] += gout[o]: the max-pool backward scatter. */
export function maxPoolBackward(gout: usize, idx: usize, gx: usize, planes: i32, inPlane: i32, outPlane: i32): void {
  memory.fill(gx, 0, <usize>planes * <usize>inPlane << 2);
  for (let p = 0; p < planes; p++) {
    const base = gx + (<usize>(p * inPlane) << 2);
    for (let j = 0; j < outPlane; j++) {
      const d = base + (<usize>load<i32>(idx) << 2);
      store<f32>(d, load<f32>(d) + load<f32>(gout));
      idx += 4; gout += 4;
    }
  }
}

// mad64 / mad64s (float64 a + b*c rounded to float32) live with the other optimizer steps

/**
 * Adadelta (no weight decay) on elements [i0, i1), the float32 arithmetic of optim/_kernels.ts
 * adadelta32 step for step: sq = sq*rho + (c*g)*g, delta = sqrt(acc+eps)/sqrt(sq+eps)*g,
 * acc = acc*rho + (c*delta)*delta, p = p + nlr*delta (the `+ x*y` steps rounded once from float64).
 */
export function adadelta32(p: usize, g: usize, sq: usize, acc: usize, i0: i32, i1: i32, rho: f32, c: f32, eps: f32, nlr: f32, sign: f32): void {
  const vr = f32x4.splat(rho), vc = f32x4.splat(c), ve = f32x4.splat(eps), vl = f32x4.splat(nlr), vs = f32x4.splat(sign);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const o = <usize>i << 2;
    const gi = f32x4.mul(vs, v128.load(g + o));
    const s = mad64(f32x4.mul(v128.load(sq + o), vr), f32x4.mul(vc, gi), gi);
    v128.store(sq + o, s);
    const std = f32x4.sqrt(f32x4.add(s, ve));
    const a = v128.load(acc + o);
    const delta = f32x4.mul(f32x4.div(f32x4.sqrt(f32x4.add(a, ve)), std), gi);
    v128.store(acc + o, mad64(f32x4.mul(a, vr), f32x4.mul(vc, delta), delta));
    v128.store(p + o, mad64(v128.load(p + o), vl, delta));
  }
  for (; i < i1; i++) {
    const o = <usize>i << 2;
    const gi = sign * load<f32>(g + o);
    const s = mad64s(load<f32>(sq + o) * rho, c * gi, gi);
    store<f32>(sq + o, s);
    const std = sqrt<f32>(s + eps);
    const a = load<f32>(acc + o);
    const delta = (sqrt<f32>(a + eps) / std) * gi;
    store<f32>(acc + o, mad64s(a * rho, c * delta, delta));
    store<f32>(p + o, mad64s(load<f32>(p + o), nlr, delta));
  }
}

// ---- Winograd F(4x4, 3x3): 36 GEMMs per image over 4x4 output tiles (1/4 the multiplies of direct) ----
// B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1],
// A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]; U[ξ][o][c] = (G w G^T)[ξ] (ξ = 6i + j)
// comes from the caller. Same geometry block as F(2x2, 3x3).

// @ts-ignore: decorator
@inline function w4TH(g: usize): i32 { return (gi(g, 6) + 3) >> 2; }
// @ts-ignore: decorator
@inline function w4TW(g: usize): i32 { return (gi(g, 7) + 3) >> 2; }

/** Images per batch of F(4x4, 3x3) GEMMs (their tiles side by side: wider products, A packed once per batch). */
const W4B: i32 = 2;

/** Scratch bytes of one F(4x4, 3x3) job: a padded input plane, V, M, a padded output plane, 36 floats, sgemm's. */
export function wino4WorkspaceBytes(g: usize): i32 {
  const TH = w4TH(g), TW = w4TW(g), T = TH * TW, C = gi(g, 0), O = gi(g, 3);
  const PH = 4 * TH + 2, PW = 4 * TW + 2;
  return (((PH * PW + 3) & ~3) + 36 * xiFloats(C * T * W4B) + 36 * xiFloats(O * T * W4B) + 16 * T + 320) * 4 + sgemmWorkspaceBytes();
}

// Floats from one ξ's matrix of V or M to the next's: n rounded up to whole cache lines, and an odd
// number of them (36 matrices a power-of-two multiple of 64 bytes apart fall into a few L1 sets,
// and the transforms, which touch all 36 per tile, then miss L1 on nearly every access).
// @ts-ignore: decorator
@inline function xiFloats(n: i32): i32 { return ((n + 15) & ~15) | 16; }

// r = B^T d for the 6 values d0..d5 at p, p + s, ..., stored at q, q + t, ..., q + 5t
// @ts-ignore: decorator
@inline function bt6(p: usize, s: usize, q: usize, t: usize): void {
  const d0 = load<f32>(p), d1 = load<f32>(p + s), d2 = load<f32>(p + 2 * s), d3 = load<f32>(p + 3 * s), d4 = load<f32>(p + 4 * s), d5 = load<f32>(p + 5 * s);
  store<f32>(q, 4 * d0 - 5 * d2 + d4);
  store<f32>(q + t, d3 + d4 - 4 * (d1 + d2));
  store<f32>(q + 2 * t, 4 * (d1 - d2) + d4 - d3);
  store<f32>(q + 3 * t, 2 * (d3 - d1) + d4 - d2);
  store<f32>(q + 4 * t, 2 * (d1 - d3) + d4 - d2);
  store<f32>(q + 5 * t, 4 * d1 - 5 * d3 + d5);
}


// The same B^T combination on vectors (4 tiles at once): d0..d5 -> stores at q, q + t, ..., q + 5t.
// @ts-ignore: decorator
@inline function bt6v(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, q: usize, t: usize): void {
  const four = f32x4.splat(4), five = f32x4.splat(5), two = f32x4.splat(2);
  v128.store(q, f32x4.add(f32x4.sub(f32x4.mul(four, d0), f32x4.mul(five, d2)), d4));
  v128.store(q + t, f32x4.sub(f32x4.add(d3, d4), f32x4.mul(four, f32x4.add(d1, d2))));
  v128.store(q + 2 * t, f32x4.sub(f32x4.add(f32x4.mul(four, f32x4.sub(d1, d2)), d4), d3));
  v128.store(q + 3 * t, f32x4.sub(f32x4.add(f32x4.mul(two, f32x4.sub(d3, d1)), d4), d2));
  v128.store(q + 4 * t, f32x4.sub(f32x4.add(f32x4.mul(two, f32x4.sub(d1, d3)), d4), d2));
  v128.store(q + 5 * t, f32x4.add(f32x4.sub(f32x4.mul(four, d1), f32x4.mul(five, d3)), d5));
}

// V for the 4 tiles whose windows start at columns 0, 4, 8, 12 of p (rows rowB bytes apart); S: 36 vectors of scratch.
function in4Tiles(p: usize, rowB: usize, v: usize, xiStride: usize, S: usize): void {
  for (let i = 0; i < 6; i++) {
    const L0 = v128.load(p), L1 = v128.load(p, 16), L2 = v128.load(p, 32), L3 = v128.load(p, 48), L4 = v128.load(p, 64);
    const t0 = v128.shuffle<f32>(L0, L1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(L0, L1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(L2, L3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(L2, L3, 2, 6, 3, 7);
    const a = v128.shuffle<f32>(L1, L2, 0, 4, 1, 5), b = v128.shuffle<f32>(L3, L4, 0, 4, 1, 5);
    // (d B)[i][j] for the 4 tiles: row i of each window, combined over its columns
    bt6v(v128.shuffle<f32>(t0, t2, 0, 1, 4, 5), v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), v128.shuffle<f32>(t1, t3, 0, 1, 4, 5),
      v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), v128.shuffle<f32>(a, b, 0, 1, 4, 5), v128.shuffle<f32>(a, b, 2, 3, 6, 7), S + <usize>(96 * i), 16);
    p += rowB;
  }
  // V[6i + j] = (B^T (d B))[i][j]: combine over the rows i for each column j
  for (let j = 0; j < 6; j++) {
    const q = S + (<usize>j << 4);
    bt6v(v128.load(q), v128.load(q, 96), v128.load(q, 192), v128.load(q, 288), v128.load(q, 384), v128.load(q, 480), v + <usize>j * xiStride, 6 * xiStride);
  }
}

// The row-then-column order of wino4Input's single tiles (S = B^T d over the rows of each column,
// then V = S B over each row), on 4 tiles anywhere (lanes), windows at p0..p3 (rows rowB bytes
// apart), V of lane k stored at v0..v3 (ξ xiStride apart). The same operations, in the same order,
// as the scalar bt6 pair (so the same bits). S: 72 vectors of scratch.
function inTail4(p0: usize, p1: usize, p2: usize, p3: usize, rowB: usize, v0: usize, v1: usize, v2: usize, v3: usize, xiStride: usize, S: usize): void {
  // D[i][j], lanes: the 4 tiles, at S + 96i + 16j
  for (let i = 0; i < 6; i++) {
    const o = <usize>i * rowB, d = S + <usize>(96 * i);
    transpose4(v128.load(p0 + o), v128.load(p1 + o), v128.load(p2 + o), v128.load(p3 + o), d, 16);
    const h0 = v128.load64_zero(p0 + o, 16), h1 = v128.load64_zero(p1 + o, 16), h2 = v128.load64_zero(p2 + o, 16), h3 = v128.load64_zero(p3 + o, 16);
    const u01 = v128.shuffle<f32>(h0, h1, 0, 4, 1, 5), u23 = v128.shuffle<f32>(h2, h3, 0, 4, 1, 5);
    v128.store(d, v128.shuffle<f32>(u01, u23, 0, 1, 4, 5), 64);
    v128.store(d, v128.shuffle<f32>(u01, u23, 2, 3, 6, 7), 80);
  }
  // S2[i][j] = (B^T d)[i][j]: each column j over the rows i
  const S2 = S + 576;
  for (let j = 0; j < 6; j++) {
    const q = S + (<usize>j << 4);
    bt6v(v128.load(q), v128.load(q, 96), v128.load(q, 192), v128.load(q, 288), v128.load(q, 384), v128.load(q, 480), S2 + (<usize>j << 4), 96);
  }
  // V[6i + j] = (S2 B)[i][j]: each row i over the columns j, lane k to its own tile
  const four = f32x4.splat(4), five = f32x4.splat(5), two = f32x4.splat(2);
  for (let i = 0; i < 6; i++) {
    const q = S2 + <usize>(96 * i);
    const d0 = v128.load(q), d1 = v128.load(q, 16), d2 = v128.load(q, 32), d3 = v128.load(q, 48), d4 = v128.load(q, 64), d5 = v128.load(q, 80);
    const r0 = f32x4.add(f32x4.sub(f32x4.mul(four, d0), f32x4.mul(five, d2)), d4);
    const r1 = f32x4.sub(f32x4.add(d3, d4), f32x4.mul(four, f32x4.add(d1, d2)));
    const r2 = f32x4.sub(f32x4.add(f32x4.mul(four, f32x4.sub(d1, d2)), d4), d3);
    const r3 = f32x4.sub(f32x4.add(f32x4.mul(two, f32x4.sub(d3, d1)), d4), d2);
    const r4 = f32x4.sub(f32x4.add(f32x4.mul(two, f32x4.sub(d1, d3)), d4), d2);
    const r5 = f32x4.add(f32x4.sub(f32x4.mul(four, d1), f32x4.mul(five, d3)), d5);
    const o = <usize>(6 * i) * xiStride;
    storeLanes(r0, v0 + o, v1 + o, v2 + o, v3 + o); const o1 = o + xiStride;
    storeLanes(r1, v0 + o1, v1 + o1, v2 + o1, v3 + o1); const o2 = o1 + xiStride;
    storeLanes(r2, v0 + o2, v1 + o2, v2 + o2, v3 + o2); const o3 = o2 + xiStride;
    storeLanes(r3, v0 + o3, v1 + o3, v2 + o3, v3 + o3); const o4 = o3 + xiStride;
    storeLanes(r4, v0 + o4, v1 + o4, v2 + o4, v3 + o4); const o5 = o4 + xiStride;
    storeLanes(r5, v0 + o5, v1 + o5, v2 + o5, v3 + o5);
  }
}

// lane k of r to address ak
// @ts-ignore: decorator
@inline function storeLanes(r: v128, a0: usize, a1: usize, a2: usize, a3: usize): void {
  v128.store32_lane(a0, r, 0); v128.store32_lane(a1, r, 1); v128.store32_lane(a2, r, 2); v128.store32_lane(a3, r, 3);
}

// One tile's V in the scalar order (window at p, V at v).
// @ts-ignore: decorator
@inline function inTile1x(p: usize, rowB: usize, v: usize, xiStride: usize, S: usize): void {
  // S[i][j] = (B^T d)[i][j]: columns j of the window
  for (let j = 0; j < 6; j++) bt6(p + (<usize>j << 2), rowB, S + (<usize>j << 2), 24);
  // V[6i + j] = (S B)[i][j]: rows i of S
  for (let i = 0; i < 6; i++) bt6(S + <usize>(24 * i), 4, v + <usize>(6 * i) * xiStride, xiStride);
}

// V[ξ][c][t] for the C planes of one image (tile t = ty*TW + tx covers input rows 4ty.., columns 4tx..).
// The first TW & ~3 tiles of each row go 4 at a time (in4Tiles: columns, then rows); the rest of
// each row (the tail) in the other order, gathered over the rows 4 tiles at a time (inTail4).
function wino4Input(x: usize, C: i32, H: i32, W: i32, pT: i32, pL: i32, TH: i32, TW: i32, P: usize, V: usize, S: usize, Tt: i32, xiStride: usize): void {
  const PH = 4 * TH + 2, PW = 4 * TW + 2;
  const rowB = <usize>PW << 2;
  // planes that are their own padded plane are read in place (the 4-tile path reads up to 2 floats
  // past a row's end, so only when no 4-tile group ends a row)
  const direct = pT == 0 && pL == 0 && H == PH && W == PW && (TW & 3) != 0;
  const TW4 = TW & ~3, tail = TW - TW4, nTail = TH * tail;
  for (let c = 0; c < C; c++) {
    const src = x + (<usize>(c * H * W) << 2);
    if (!direct) padPlane(src, H, W, pT, pL, P, PH, PW);
    const base = direct ? src : P;
    const Vc = V + (<usize>(c * Tt) << 2);
    for (let ty = 0; ty < TH; ty++)
      for (let tx = 0; tx < TW4; tx += 4)
        in4Tiles(base + <usize>(4 * ty) * rowB + (<usize>(4 * tx) << 2), rowB, Vc + (<usize>(ty * TW + tx) << 2), xiStride, S);
    if (tail == 0) continue;
    // tail tiles k = 0..nTail-1: (ty, tx) = (k / tail, TW4 + k % tail)
    let ty = 0, tx = TW4, k = 0;
    for (; k + 4 <= nTail; k += 4) {
      const p0 = base + <usize>(4 * ty) * rowB + (<usize>(4 * tx) << 2), v0 = Vc + (<usize>(ty * TW + tx) << 2);
      if (++tx == TW) { tx = TW4; ty++; }
      const p1 = base + <usize>(4 * ty) * rowB + (<usize>(4 * tx) << 2), v1 = Vc + (<usize>(ty * TW + tx) << 2);
      if (++tx == TW) { tx = TW4; ty++; }
      const p2 = base + <usize>(4 * ty) * rowB + (<usize>(4 * tx) << 2), v2 = Vc + (<usize>(ty * TW + tx) << 2);
      if (++tx == TW) { tx = TW4; ty++; }
      const p3 = base + <usize>(4 * ty) * rowB + (<usize>(4 * tx) << 2), v3 = Vc + (<usize>(ty * TW + tx) << 2);
      if (++tx == TW) { tx = TW4; ty++; }
      inTail4(p0, p1, p2, p3, rowB, v0, v1, v2, v3, xiStride, S);
    }
    for (; k < nTail; k++) {
      inTile1x(base + <usize>(4 * ty) * rowB + (<usize>(4 * tx) << 2), rowB, Vc + (<usize>(ty * TW + tx) << 2), xiStride, S);
      if (++tx == TW) { tx = TW4; ty++; }
    }
  }
}

// Stores the transpose of the 4x4 block with rows r0..r3: column k to dk.
// @ts-ignore: decorator
@inline
function transpose4to(r0: v128, r1: v128, r2: v128, r3: v128, d0: usize, d1: usize, d2: usize, d3: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(d0, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(d1, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(d2, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(d3, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

// Where tile (ty, tx)'s 4x4 output block goes: in place in the plane when it lies inside, else the
// 16 floats at e (copied into the plane afterwards by edgeTile).
// @ts-ignore: decorator
@inline function blockAt(ty: i32, tx: i32, out: usize, OH: i32, OW: i32, e: usize): usize {
  return 4 * ty + 4 <= OH && 4 * tx + 4 <= OW ? out + (<usize>(4 * ty * OW + 4 * tx) << 2) : e;
}

// The part of tile (ty, tx)'s block at e (rows 16 bytes apart) inside the OH x OW plane at out, + add.
function edgeTile(e: usize, ty: i32, tx: i32, out: usize, OH: i32, OW: i32, add: f32, addIt: bool): void {
  const rows = min(4, OH - 4 * ty), cols = min(4, OW - 4 * tx);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < cols; k++) {
      const v = load<f32>(e + (<usize>(4 * r + k) << 2));
      store<f32>(out + (<usize>((4 * ty + r) * OW + 4 * tx + k) << 2), addIt ? v + add : v);
    }
}

// out plane (OH x OW, + bias) of one output channel from M[ξ][t] (T tiles 4 bytes apart, ξ xiStride
// apart): Y = A^T m A per tile, 4 tiles at a time (consecutive t, whatever their rows), the rest one
// by one (the same operations, so the same bits). S: 40 vectors of scratch.
function wino4Output(M: usize, xiStride: usize, T: i32, TW: i32, S: usize, out: usize, OH: i32, OW: i32, bias: f32): void {
  const oRow = <usize>OW << 2, E = S + 384, bv = f32x4.splat(bias);
  let ty = 0, tx = 0, t = 0;
  for (; t + 4 <= T; t += 4) {
    const m = M + (<usize>t << 2);
    // S[r][j] vectors (lanes: the 4 tiles) over the rows of each column j
    for (let j = 0; j < 6; j++) {
      const p = m + <usize>j * xiStride, s: usize = 6 * xiStride;
      const m0 = v128.load(p), m1 = v128.load(p + s), m2 = v128.load(p + 2 * s), m3 = v128.load(p + 3 * s), m4 = v128.load(p + 4 * s), m5 = v128.load(p + 5 * s);
      const a = f32x4.add(m1, m2), b = f32x4.sub(m1, m2), c = f32x4.add(m3, m4), d = f32x4.sub(m3, m4);
      const q = S + (<usize>j << 4);
      v128.store(q, f32x4.add(f32x4.add(m0, a), c)); v128.store(q, f32x4.add(b, f32x4.mul(f32x4.splat(2), d)), 96);
      v128.store(q, f32x4.add(a, f32x4.mul(f32x4.splat(4), c)), 192); v128.store(q, f32x4.add(f32x4.add(b, f32x4.mul(f32x4.splat(8), d)), m5), 288);
    }
    // the 4 tiles' blocks
    const ty0 = ty, tx0 = tx, d0 = blockAt(ty, tx, out, OH, OW, E); if (++tx == TW) { tx = 0; ty++; }
    const ty1 = ty, tx1 = tx, d1 = blockAt(ty, tx, out, OH, OW, E + 64); if (++tx == TW) { tx = 0; ty++; }
    const ty2 = ty, tx2 = tx, d2 = blockAt(ty, tx, out, OH, OW, E + 128); if (++tx == TW) { tx = 0; ty++; }
    const ty3 = ty, tx3 = tx, d3 = blockAt(ty, tx, out, OH, OW, E + 192); if (++tx == TW) { tx = 0; ty++; }
    const s0: usize = d0 == E ? 16 : oRow, s1: usize = d1 == E + 64 ? 16 : oRow, s2: usize = d2 == E + 128 ? 16 : oRow, s3: usize = d3 == E + 192 ? 16 : oRow;
    // rows r of Y (+ bias), transposed into each tile's block
    for (let r = 0; r < 4; r++) {
      const p = S + <usize>(96 * r);
      const m0 = v128.load(p), m1 = v128.load(p, 16), m2 = v128.load(p, 32), m3 = v128.load(p, 48), m4 = v128.load(p, 64), m5 = v128.load(p, 80);
      const a = f32x4.add(m1, m2), b = f32x4.sub(m1, m2), c = f32x4.add(m3, m4), d = f32x4.sub(m3, m4);
      const rr = <usize>r;
      transpose4to(f32x4.add(f32x4.add(f32x4.add(m0, a), c), bv), f32x4.add(f32x4.add(b, f32x4.mul(f32x4.splat(2), d)), bv),
        f32x4.add(f32x4.add(a, f32x4.mul(f32x4.splat(4), c)), bv), f32x4.add(f32x4.add(f32x4.add(b, f32x4.mul(f32x4.splat(8), d)), m5), bv),
        d0 + rr * s0, d1 + rr * s1, d2 + rr * s2, d3 + rr * s3);
    }
    if (d0 == E) edgeTile(E, ty0, tx0, out, OH, OW, 0, false);
    if (d1 == E + 64) edgeTile(E + 64, ty1, tx1, out, OH, OW, 0, false);
    if (d2 == E + 128) edgeTile(E + 128, ty2, tx2, out, OH, OW, 0, false);
    if (d3 == E + 192) edgeTile(E + 192, ty3, tx3, out, OH, OW, 0, false);
  }
  for (; t < T; t++) {
    const m = M + (<usize>t << 2);
    // S[r][j] = (A^T m)[r][j] over the columns j
    for (let j = 0; j < 6; j++) {
      const p = m + <usize>j * xiStride, s: usize = 6 * xiStride;
      const m0 = load<f32>(p), m1 = load<f32>(p + s), m2 = load<f32>(p + 2 * s), m3 = load<f32>(p + 3 * s), m4 = load<f32>(p + 4 * s), m5 = load<f32>(p + 5 * s);
      const a = m1 + m2, b = m1 - m2, c = m3 + m4, d = m3 - m4;
      const q = S + (<usize>j << 2);
      store<f32>(q, m0 + a + c); store<f32>(q, b + 2 * d, 24); store<f32>(q, a + 4 * c, 48); store<f32>(q, b + 8 * d + m5, 72);
    }
    // Y[r][k] = (S A)[r][k] into E, then (+ bias) into the plane
    let q = E;
    for (let r = 0; r < 4; r++) {
      const p = S + <usize>(24 * r);
      const m0 = load<f32>(p), m1 = load<f32>(p, 4), m2 = load<f32>(p, 8), m3 = load<f32>(p, 12), m4 = load<f32>(p, 16), m5 = load<f32>(p, 20);
      const a = m1 + m2, b = m1 - m2, c = m3 + m4, d = m3 - m4;
      store<f32>(q, m0 + a + c); store<f32>(q, b + 2 * d, 4); store<f32>(q, a + 4 * c, 8); store<f32>(q, b + 8 * d + m5, 12);
      q += 16;
    }
    edgeTile(E, ty, tx, out, OH, OW, bias, true);
    if (++tx == TW) { tx = 0; ty++; }
  }
}

/** winoForward with F(4x4, 3x3): U[36][O][C]. */
export function wino4Forward(x: usize, U: usize, bias: usize, out: usize, n0: i32, n1: i32, g: usize, ws: usize): void {
  const C = gi(g, 0), H = gi(g, 1), W = gi(g, 2), O = gi(g, 3), pT = gi(g, 4), pL = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7);
  const TH = w4TH(g), TW = w4TW(g), T = TH * TW, PH = 4 * TH + 2, PW = 4 * TW + 2;
  const P = ws, V = P + (<usize>((PH * PW + 3) & ~3) << 2), M = V + (<usize>(36 * xiFloats(C * T * W4B)) << 2);
  const Q = M + (<usize>(36 * xiFloats(O * T * W4B)) << 2), S = Q + (<usize>(16 * T) << 2), gws = S + (<usize>320 << 2);
  for (let nb = n0; nb < n1; nb += W4B) {
    const k = min(W4B, n1 - nb), Tt = k * T;
    const mStride = <usize>xiFloats(O * Tt) << 2, vStride = <usize>xiFloats(C * Tt) << 2;
    for (let i = 0; i < k; i++)
      wino4Input(x + (<usize>((nb + i) * C * H * W) << 2), C, H, W, pT, pL, TH, TW, P, V + (<usize>(i * T) << 2), S, Tt, vStride);
    for (let xi = 0; xi < 36; xi++)
      sgemm(O, Tt, C, U + (<usize>(xi * O * C) << 2), C, 1, V + <usize>xi * vStride, Tt, 1, M + <usize>xi * mStride, Tt, 0, gws);
    for (let i = 0; i < k; i++)
      for (let o = 0; o < O; o++)
        wino4Output(M + (<usize>(o * Tt + i * T) << 2), mStride, T, TW, S, out + (<usize>(((nb + i) * O + o) * OH * OW) << 2), OH, OW,
          bias ? load<f32>(bias + (<usize>o << 2)) : 0);
  }
}


// (A y) for 4 vectors y0..y3: 6 vectors stored at q, q + t, ..., q + 5t.
// @ts-ignore: decorator
@inline function a6v(y0: v128, y1: v128, y2: v128, y3: v128, q: usize, t: usize): void {
  const e = f32x4.add(y0, y2), o = f32x4.add(y1, y3);
  const e4 = f32x4.add(y0, f32x4.mul(f32x4.splat(4), y2)), o8 = f32x4.add(f32x4.mul(f32x4.splat(2), y1), f32x4.mul(f32x4.splat(8), y3));
  v128.store(q, y0); v128.store(q + t, f32x4.add(e, o)); v128.store(q + 2 * t, f32x4.sub(e, o));
  v128.store(q + 3 * t, f32x4.add(e4, o8)); v128.store(q + 4 * t, f32x4.sub(e4, o8)); v128.store(q + 5 * t, y3);
}

// wino4GradOut for 4 tiles (lanes) whose 4x4 blocks start at q0..q3 (rows qRow bytes apart), their
// dM at d (4 consecutive tiles). S: 40 vectors of scratch (Y[r][c] in the first 16, (A Y)[i][c] in the next 24).
function gradOut4Tiles(q0: usize, q1: usize, q2: usize, q3: usize, qRow: usize, S: usize, d: usize, xiStride: usize): void {
  for (let r = 0; r < 4; r++) {
    const o = <usize>r * qRow;
    transpose4(v128.load(q0 + o), v128.load(q1 + o), v128.load(q2 + o), v128.load(q3 + o), S + <usize>(64 * r), 16);
  }
  const S2 = S + 256;
  for (let c = 0; c < 4; c++) {
    const y = S + (<usize>c << 4);
    a6v(v128.load(y), v128.load(y, 64), v128.load(y, 128), v128.load(y, 192), S2 + (<usize>c << 4), 64);
  }
  for (let i = 0; i < 6; i++) {
    const y = S2 + <usize>(64 * i);
    a6v(v128.load(y), v128.load(y, 16), v128.load(y, 32), v128.load(y, 48), d + <usize>(6 * i) * xiStride, xiStride);
  }
}

// dM[ξ][o][t] = (A gy A^T)[ξ] (A = (A^T)^T, 6x4) for the 4x4 output-gradient tiles of plane gy (OH x OW,
// zero beyond): 4 tiles at a time (consecutive t, whatever their rows), the rest one by one (the
// same operations, so the same bits).
function wino4GradOut(gy: usize, OH: i32, OW: i32, TH: i32, TW: i32, Q: usize, S: usize, dM: usize, xiStride: usize): void {
  const QW = 4 * TW, qRow = <usize>QW << 2, T = TH * TW;
  // a plane of whole tiles is read in place
  const direct = OH == 4 * TH && OW == QW;
  if (!direct) padPlane(gy, OH, OW, 0, 0, Q, 4 * TH, QW);
  const base = direct ? gy : Q;
  let ty = 0, tx = 0, t = 0;
  for (; t + 4 <= T; t += 4) {
    const q0 = base + <usize>(4 * ty) * qRow + (<usize>(4 * tx) << 2); if (++tx == TW) { tx = 0; ty++; }
    const q1 = base + <usize>(4 * ty) * qRow + (<usize>(4 * tx) << 2); if (++tx == TW) { tx = 0; ty++; }
    const q2 = base + <usize>(4 * ty) * qRow + (<usize>(4 * tx) << 2); if (++tx == TW) { tx = 0; ty++; }
    const q3 = base + <usize>(4 * ty) * qRow + (<usize>(4 * tx) << 2); if (++tx == TW) { tx = 0; ty++; }
    gradOut4Tiles(q0, q1, q2, q3, qRow, S, dM + (<usize>t << 2), xiStride);
  }
  for (; t < T; t++) {
    const q = base + <usize>(4 * ty) * qRow + (<usize>(4 * tx) << 2);
    // S[i][k] = (A g)[i][k] over the columns k of the tile
    for (let k = 0; k < 4; k++) {
      const p = q + (<usize>k << 2);
      const y0 = load<f32>(p), y1 = load<f32>(p + qRow), y2 = load<f32>(p + 2 * qRow), y3 = load<f32>(p + 3 * qRow);
      const e = y0 + y2, o = y1 + y3, e4 = y0 + <f32>4 * y2, o8 = <f32>2 * y1 + <f32>8 * y3;
      const s = S + (<usize>k << 2);
      store<f32>(s, y0); store<f32>(s, e + o, 16); store<f32>(s, e - o, 32); store<f32>(s, e4 + o8, 48); store<f32>(s, e4 - o8, 64); store<f32>(s, y3, 80);
    }
    // dM[6i + j] = (S A^T)[i][j] over the rows i of S
    let d = dM + (<usize>t << 2);
    for (let i = 0; i < 6; i++) {
      const s = S + <usize>(16 * i);
      const y0 = load<f32>(s), y1 = load<f32>(s, 4), y2 = load<f32>(s, 8), y3 = load<f32>(s, 12);
      const e = y0 + y2, o = y1 + y3, e4 = y0 + <f32>4 * y2, o8 = <f32>2 * y1 + <f32>8 * y3;
      store<f32>(d, y0); d += xiStride; store<f32>(d, e + o); d += xiStride; store<f32>(d, e - o); d += xiStride;
      store<f32>(d, e4 + o8); d += xiStride; store<f32>(d, e4 - o8); d += xiStride; store<f32>(d, y3); d += xiStride;
    }
    if (++tx == TW) { tx = 0; ty++; }
  }
}

/**
 * winoBackwardWeight with F(4x4, 3x3): dU_k[36][O][C] += Σ_n dM_ξ(gout[n]) @ V_ξ(x[n])^T, gb_k as there;
 * k = n / chunk (GEMM batches of up to W4B images never straddle two partial sums).
 */
export function wino4BackwardWeight(x: usize, gout: usize, dU: usize, gb: usize, n0: i32, n1: i32, chunk: i32, g: usize, ws: usize): void {
  const C = gi(g, 0), H = gi(g, 1), W = gi(g, 2), O = gi(g, 3), pT = gi(g, 4), pL = gi(g, 5), OH = gi(g, 6), OW = gi(g, 7);
  const TH = w4TH(g), TW = w4TW(g), T = TH * TW, PH = 4 * TH + 2, PW = 4 * TW + 2, P2 = OH * OW;
  const P = ws, V = P + (<usize>((PH * PW + 3) & ~3) << 2), dM = V + (<usize>(36 * xiFloats(C * T * W4B)) << 2);
  const Q = dM + (<usize>(36 * xiFloats(O * T * W4B)) << 2), S = Q + (<usize>(16 * T) << 2), gws = S + (<usize>320 << 2);
  for (let nb = n0; nb < n1;) {
    const part = nb / chunk;
    const k = min(W4B, min(n1, (part + 1) * chunk) - nb), Tt = k * T;
    const dUk = dU + (<usize>(part * 36 * O * C) << 2), gbk = gb + (<usize>(part * O) << 2);
    const mStride = <usize>xiFloats(O * Tt) << 2, vStride = <usize>xiFloats(C * Tt) << 2;
    for (let i = 0; i < k; i++) {
      const n = nb + i;
      wino4Input(x + (<usize>(n * C * H * W) << 2), C, H, W, pT, pL, TH, TW, P, V + (<usize>(i * T) << 2), S, Tt, vStride);
      for (let o = 0; o < O; o++)
        wino4GradOut(gout + (<usize>((n * O + o) * P2) << 2), OH, OW, TH, TW, Q, S, dM + (<usize>(o * Tt + i * T) << 2), mStride);
    }
    for (let xi = 0; xi < 36; xi++)
      sgemm(O, C, Tt, dM + <usize>xi * mStride, Tt, 1, V + <usize>xi * vStride, 1, Tt, dUk + (<usize>(xi * O * C) << 2), C, 1, gws);
    if (gb) {
      for (let i = 0; i < k; i++) for (let o = 0; o < O; o++)
        addPlaneSum(gout + (<usize>(((nb + i) * O + o) * P2) << 2), P2, gbk + (<usize>o << 2));
    }
    nb += k;
  }
}

// ---- F(4x4, 3x3) weight transforms (conv.ts had them in JavaScript: float64 arithmetic, the same
// operations in the same order here, 2 input channels per f64x2, so the same bits) ----

// G a for the 3 taps a0..a2 (G = [¼ 0 0; -⅙ -⅙ -⅙; -⅙ ⅙ -⅙; 1/24 1/12 ⅙; 1/24 -1/12 ⅙; 0 0 1]): 6 values into r, r + s, ...
// @ts-ignore: decorator
@inline function g6v(a0: v128, a1: v128, a2: v128, r: usize, s: usize): void {
  const c4 = f64x2.splat(4), c6 = f64x2.splat(6), c12 = f64x2.splat(12), c24 = f64x2.splat(24);
  v128.store(r, f64x2.div(a0, c4));
  v128.store(r + s, f64x2.div(f64x2.neg(f64x2.add(f64x2.add(a0, a1), a2)), c6));
  v128.store(r + 2 * s, f64x2.div(f64x2.neg(f64x2.add(f64x2.sub(a0, a1), a2)), c6));
  v128.store(r + 3 * s, f64x2.add(f64x2.add(f64x2.div(a0, c24), f64x2.div(a1, c12)), f64x2.div(a2, c6)));
  v128.store(r + 4 * s, f64x2.add(f64x2.sub(f64x2.div(a0, c24), f64x2.div(a1, c12)), f64x2.div(a2, c6)));
  v128.store(r + 5 * s, a2);
}

/**
 * U[ξ][o][c] (float32, at U) = (G w[o][c] G^T)[ξ] for output channels [o0, o1) of a C -> O 3x3
 * kernel w (float32 OIHW), or, with flip, of the kernel w[c][o] rotated by 180° (the input
 * gradient's). S: 63 f64x2 of scratch.
 */
export function wino4Weights(w: usize, O: i32, C: i32, U: usize, flip: i32, o0: i32, o1: i32, S: usize): void {
  const stride = <usize>(O * C) << 2, T = S + 144, Uu = T + 288; // k: 9 f64x2, t: 18, u: 36
  for (let o = o0; o < o1; o++) {
    for (let c = 0; c < C; c += 2) {
      const two = c + 1 < C;
      const b0 = flip ? (c * O + o) * 9 : (o * C + c) * 9, b1 = two ? (flip ? ((c + 1) * O + o) * 9 : (o * C + c + 1) * 9) : b0;
      for (let i = 0; i < 9; i++) {
        const j = flip ? 8 - i : i;
        v128.store(S + (<usize>i << 4), f64x2(<f64>load<f32>(w + (<usize>(b0 + j) << 2)), <f64>load<f32>(w + (<usize>(b1 + j) << 2))));
      }
      for (let j = 0; j < 3; j++) { // t[i][j] = (G k)[i][j]
        const q = S + (<usize>j << 4);
        g6v(v128.load(q), v128.load(q, 48), v128.load(q, 96), T + (<usize>j << 4), 48);
      }
      for (let i = 0; i < 6; i++) { // u[i][l] = (t G^T)[i][l]
        const q = T + <usize>(48 * i);
        g6v(v128.load(q), v128.load(q, 16), v128.load(q, 32), Uu + <usize>(96 * i), 16);
      }
      const d = U + (<usize>(o * C + c) << 2);
      for (let xi = 0; xi < 36; xi++) {
        const v = f32x4.demote_f64x2_zero(v128.load(Uu + (<usize>xi << 4)));
        if (two) v128.store64_lane(d + <usize>xi * stride, v, 0);
        else v128.store32_lane(d + <usize>xi * stride, v, 0);
      }
    }
  }
}

// G^T d for 6 values d0..d5 (G^T = [¼ -⅙ -⅙ 1/24 1/24 0; 0 -⅙ ⅙ 1/12 -1/12 0; 0 -⅙ -⅙ ⅙ ⅙ 1]): 3 values into r, r + s, r + 2s
// @ts-ignore: decorator
@inline function gt6v(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, r: usize, s: usize): void {
  const c4 = f64x2.splat(4), c6 = f64x2.splat(6), c12 = f64x2.splat(12), c24 = f64x2.splat(24);
  v128.store(r, f64x2.add(f64x2.sub(f64x2.div(d0, c4), f64x2.div(f64x2.add(d1, d2), c6)), f64x2.div(f64x2.add(d3, d4), c24)));
  v128.store(r + s, f64x2.add(f64x2.div(f64x2.sub(d2, d1), c6), f64x2.div(f64x2.sub(d3, d4), c12)));
  v128.store(r + 2 * s, f64x2.add(f64x2.div(f64x2.sub(f64x2.sub(f64x2.add(d3, d4), d1), d2), c6), d5));
}

/** gw[o][c] (float32 OIHW 3x3, at gw) = G^T dU[o][c] G for output channels [o0, o1), dU[ξ][o][c] float32 at dU. S: 63 f64x2 of scratch. */
export function wino4WeightGrad(dU: usize, O: i32, C: i32, gw: usize, o0: i32, o1: i32, S: usize): void {
  const stride = <usize>(O * C) << 2, T = S + 576, R = T + 288; // d: 36 f64x2, t: 18, r: 9
  for (let o = o0; o < o1; o++) {
    for (let c = 0; c < C; c += 2) {
      const two = c + 1 < C;
      const b = dU + (<usize>(o * C + c) << 2);
      for (let xi = 0; xi < 36; xi++) {
        const p = b + <usize>xi * stride;
        v128.store(S + (<usize>xi << 4), f64x2(<f64>load<f32>(p), two ? <f64>load<f32>(p, 4) : 0));
      }
      for (let j = 0; j < 6; j++) { // t[a][j] = (G^T d)[a][j]
        const q = S + (<usize>j << 4);
        gt6v(v128.load(q), v128.load(q, 96), v128.load(q, 192), v128.load(q, 288), v128.load(q, 384), v128.load(q, 480), T + (<usize>j << 4), 96);
      }
      for (let a = 0; a < 3; a++) { // r[a][b] = (t G)[a][b]
        const q = T + <usize>(96 * a);
        gt6v(v128.load(q), v128.load(q, 16), v128.load(q, 32), v128.load(q, 48), v128.load(q, 64), v128.load(q, 80), R + <usize>(48 * a), 16);
      }
      const d0 = gw + (<usize>((o * C + c) * 9) << 2);
      for (let i = 0; i < 9; i++) {
        const v = f32x4.demote_f64x2_zero(v128.load(R + (<usize>i << 4)));
        v128.store32_lane(d0 + (<usize>i << 2), v, 0);
        if (two) v128.store32_lane(d0 + (<usize>(9 + i) << 2), v, 1);
      }
    }
  }
}

/** n float32 zeros from p (a TypedArray fill over the shared memory goes element by element). */
export function zeroF32(p: usize, n: i32): void { memory.fill(p, 0, <usize>n << 2); }
