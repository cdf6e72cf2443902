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

// C[4x8] (+)= Ap[4 x kc] * Bp[kc x 8] with C rows ldc bytes apart.
// @ts-ignore: decorator
@inline
function kernel4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16; bp += 32;
  }
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

function microTile(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, rows: i32, cols: i32, add: bool, tile: usize): void {
  if (rows == MR && cols == NR) { kernel4x8(kc, ap, bp, c, ldc, add); return; }
  kernel4x8(kc, ap, bp, tile, NR * 4, false);
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
        packA(mc, kc, a + (<usize>(ic * rsa + pc * csa) << 2), rsa, csa, apk);
        for (let jr = 0; jr < nc; jr += NR) {
          const bp = bpk + <usize>(jr * kc) * 4;
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const cp = c + <usize>(ic + ir) * ldcb + (<usize>(jc + jr) << 2);
            microTile(kc, apk + <usize>(ir * kc) * 4, bp, cp, ldcb, min(MR, mc - ir), cols, add, tile);
          }
        }
      }
    }
  }
}

// ---- convolution (NCHW) on top of sgemm: im2col / col2im per image and group ----

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
      // output columns whose input column lies inside [0, W)
      let lo = offW >= 0 ? 0 : (-offW + sW - 1) / sW;
      let hi = W - offW <= 0 ? 0 : (W - offW + sW - 1) / sW;
      if (hi > OW) hi = OW;
      if (lo > hi) lo = hi;
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * sH - pH + kh * dH;
        if (ih < 0 || ih >= H) { memory.fill(dst, 0, rowBytes); dst += rowBytes; continue; }
        const xr = xc + (<usize>(ih * W) << 2);
        if (lo > 0) memory.fill(dst, 0, <usize>lo << 2);
        if (sW == 1) memory.copy(dst + (<usize>lo << 2), xr + (<usize>(lo + offW) << 2), <usize>(hi - lo) << 2);
        else for (let ow = lo; ow < hi; ow++) store<f32>(dst + (<usize>ow << 2), load<f32>(xr + (<usize>(ow * sW + offW) << 2)));
        if (hi < OW) memory.fill(dst + (<usize>hi << 2), 0, <usize>(OW - hi) << 2);
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
      let lo = offW >= 0 ? 0 : (-offW + sW - 1) / sW;
      let hi = W - offW <= 0 ? 0 : (W - offW + sW - 1) / sW;
      if (hi > OW) hi = OW;
      if (lo > hi) lo = hi;
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
      for (let o = 0; o < O; o++) {
        let p = gout + (<usize>((n * O + o) * P) << 2);
        let acc = f32x4.splat(0);
        let j = 0;
        for (; j + 4 <= P; j += 4) { acc = f32x4.add(acc, v128.load(p)); p += 16; }
        let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
        for (; j < P; j++) { s += load<f32>(p); p += 4; }
        const bp = gbk + (<usize>o << 2);
        store<f32>(bp, load<f32>(bp) + s);
      }
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
