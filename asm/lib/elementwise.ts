// Elementwise training kernels in WebAssembly SIMD, re-exported by asm/gemm.ts (one module, one
// instance per thread over the shared memory). Each works on elements [i0, i1) so a job splits
// over threads by range, and each computes exactly the bits of its TypeScript twin: relu and its
// backward in kernels/relu.ts, dropout's apply in nn/functional/dropout.ts, the SGD and Adam
// float32 steps in optim/_kernels.ts (no FMA contraction anywhere).

const SIGN_OFF: i32 = 0x7fffffff;
const INF_BITS: i32 = 0x7f800000;

/** out = relu(x) on the bit patterns: negative values become +0, -0 and NaNs stay as they are. */
export function reluF32(x: usize, out: usize, i0: i32, i1: i32): void {
  const vmask = i32x4.splat(SIGN_OFF), vinf = i32x4.splat(INF_BITS), vone = i32x4.splat(1);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const o = <usize>i << 2;
    const b = v128.load(x + o), abs = v128.and(b, vmask);
    const keepNeg = i32x4.shr_s(v128.or(i32x4.sub(vinf, abs), i32x4.sub(abs, vone)), 31);
    v128.store(out + o, v128.and(b, v128.or(v128.not(i32x4.shr_s(b, 31)), keepNeg)));
  }
  for (; i < i1; i++) {
    const o = <usize>i << 2;
    const b = load<i32>(x + o), abs = b & SIGN_OFF;
    const keepNeg = ((INF_BITS - abs) | (abs - 1)) >> 31;
    store<i32>(out + o, b & (~(b >> 31) | keepNeg));
  }
}

/** r = g where the relu result is > 0 or NaN, else +0 (threshold_backward(g, result, 0)). */
export function reluBackwardF32(res: usize, g: usize, r: usize, i0: i32, i1: i32): void {
  const vmask = i32x4.splat(SIGN_OFF), vinf = i32x4.splat(INF_BITS);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const o = <usize>i << 2;
    const b = v128.load(res + o);
    const pos = v128.andnot(i32x4.shr_s(i32x4.neg(b), 31), i32x4.shr_s(b, 31));
    const nan = i32x4.shr_s(i32x4.sub(vinf, v128.and(b, vmask)), 31);
    v128.store(r + o, v128.and(v128.load(g + o), v128.or(pos, nan)));
  }
  for (; i < i1; i++) {
    const o = <usize>i << 2;
    const b = load<i32>(res + o);
    const keep = (((0 - b) >> 31) & ~(b >> 31)) | ((INF_BITS - (b & SIGN_OFF)) >> 31);
    store<i32>(r + o, load<i32>(g + o) & keep);
  }
}

/** out = x * (keep ? scale : 0) with keep one byte (0 or 1) per element: dropout's apply. */
export function dropoutApplyF32(x: usize, keep: usize, out: usize, i0: i32, i1: i32, scale: f32): void {
  const vs = f32x4.splat(scale);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const k = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(keep + <usize>i)));
    // 1.0 * scale is scale and 0 * scale is +0, so this is x times the mask value, as in the twin
    const m = f32x4.mul(f32x4.convert_i32x4_u(k), vs);
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.mul(v128.load(x + o), m));
  }
  for (; i < i1; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(x + o) * (load<u8>(keep + <usize>i) ? scale : 0));
  }
}

// a + b * c in float64 (the product of two floats is exact there), rounded to float32: what
// JavaScript's Math.fround(a + b * c) gives for float32 a, b, c
// @ts-ignore: decorator
@inline export function mad64(a: v128, b: v128, c: v128): v128 {
  const lo = f64x2.add(f64x2.promote_low_f32x4(a), f64x2.mul(f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(c)));
  const a2 = v128.shuffle<f32>(a, a, 2, 3, 0, 1), b2 = v128.shuffle<f32>(b, b, 2, 3, 0, 1), c2 = v128.shuffle<f32>(c, c, 2, 3, 0, 1);
  const hi = f64x2.add(f64x2.promote_low_f32x4(a2), f64x2.mul(f64x2.promote_low_f32x4(b2), f64x2.promote_low_f32x4(c2)));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
// @ts-ignore: decorator
@inline export function mad64s(a: f32, b: f32, c: f32): f32 { return <f32>(<f64>a + <f64>b * <f64>c); }

/**
 * SGD's float32 step on [i0, i1) (optim/_kernels.ts sgd32): d = sign*g (+ wd*p), with momentum
 * buf = init ? d : buf*mom + damp*d and d = nesterov ? d + mom*buf : buf; p = p + nlr*d. `buf` 0:
 * no momentum. Flags: 1 weight decay, 2 init, 4 nesterov.
 */
export function sgd32(p: usize, g: usize, buf: usize, i0: i32, i1: i32, sign: f32, wd: f32, mom: f32, damp: f32, nlr: f32, flags: i32): void {
  const useWd = (flags & 1) != 0, init = (flags & 2) != 0, nest = (flags & 4) != 0;
  const vs = f32x4.splat(sign), vwd = f32x4.splat(wd), vm = f32x4.splat(mom), vd = f32x4.splat(damp), vl = f32x4.splat(nlr);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    let d = f32x4.mul(vs, v128.load(g + o));
    if (useWd) d = mad64(d, vwd, pi);
    if (buf) {
      const b = init ? d : mad64(f32x4.mul(v128.load(buf + o), vm), vd, d);
      v128.store(buf + o, b);
      d = nest ? mad64(d, vm, b) : b;
    }
    v128.store(p + o, mad64(pi, vl, d));
  }
  for (; i < i1; i++) {
    const o = <usize>i << 2;
    const pi = load<f32>(p + o);
    let d = sign * load<f32>(g + o);
    if (useWd) d = mad64s(d, wd, pi);
    if (buf) {
      const b = init ? d : mad64s(load<f32>(buf + o) * mom, damp, d);
      store<f32>(buf + o, b);
      d = nest ? mad64s(d, mom, b) : b;
    }
    store<f32>(p + o, mad64s(pi, nlr, d));
  }
}

/**
 * Adam's float32 step on [i0, i1) without amsgrad (optim/_kernels.ts adam32): flags 1 decoupled
 * decay (AdamW: p *= decay), 2 L2 weight decay (g += wd*p).
 */
export function adam32(p: usize, g: usize, m: usize, v: usize, i0: i32, i1: i32, sign: f32, b1: f32, c1: f32, b2: f32, c2: f32,
  wd: f32, decay: f32, eps: f32, bc2: f32, nss: f32, flags: i32): void {
  const dec = (flags & 1) != 0, l2 = (flags & 2) != 0;
  const vs = f32x4.splat(sign), vb1 = f32x4.splat(b1), vc1 = f32x4.splat(c1), vb2 = f32x4.splat(b2), vc2 = f32x4.splat(c2);
  const vwd = f32x4.splat(wd), vdec = f32x4.splat(decay), ve = f32x4.splat(eps), vbc = f32x4.splat(bc2), vn = f32x4.splat(nss);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const o = <usize>i << 2;
    let pi = v128.load(p + o), gi = f32x4.mul(vs, v128.load(g + o));
    if (dec) pi = f32x4.mul(pi, vdec);
    else if (l2) gi = mad64(gi, vwd, pi);
    const mi = mad64(f32x4.mul(v128.load(m + o), vb1), vc1, gi);
    v128.store(m + o, mi);
    const vi = mad64(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(vc2, gi), gi);
    v128.store(v + o, vi);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), vbc), ve);
    v128.store(p + o, f32x4.add(pi, f32x4.div(f32x4.mul(vn, mi), denom)));
  }
  for (; i < i1; i++) {
    const o = <usize>i << 2;
    let pi = load<f32>(p + o), gi = sign * load<f32>(g + o);
    if (dec) pi = pi * decay;
    else if (l2) gi = mad64s(gi, wd, pi);
    const mi = mad64s(load<f32>(m + o) * b1, c1, gi);
    store<f32>(m + o, mi);
    const vi = mad64s(load<f32>(v + o) * b2, c2 * gi, gi);
    store<f32>(v + o, vi);
    const denom = sqrt<f32>(vi) / bc2 + eps;
    store<f32>(p + o, pi + (nss * mi) / denom);
  }
}

/**
 * out = a + alpha * b over float32 arrays as torch.add(a, b, alpha=alpha) computes it in
 * ops/elementwise.ts: alpha 1 as one float32 addition (the float64 sum rounded to float32 is the
 * same), any other alpha in float64 (a + alpha * b, each step rounded to float64) then rounded to
 * float32. out may be a (add_, and gradient accumulation d += s).
 */
export function addScaledF32(a: usize, b: usize, out: usize, i0: i32, i1: i32, alpha: f64): void {
  let i = i0;
  if (alpha == 1.0) {
    for (; i + 4 <= i1; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
    }
    for (; i < i1; i++) { const o = <usize>i << 2; store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o)); }
    return;
  }
  const va = f64x2.splat(alpha);
  for (; i + 4 <= i1; i += 4) {
    const o = <usize>i << 2;
    const x = v128.load(a + o), y = v128.load(b + o);
    const lo = f64x2.add(f64x2.promote_low_f32x4(x), f64x2.mul(va, f64x2.promote_low_f32x4(y)));
    const hi = f64x2.add(f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 0, 1)), f64x2.mul(va, f64x2.promote_low_f32x4(i32x4.shuffle(y, y, 2, 3, 0, 1))));
    v128.store(out + o, i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; i < i1; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, <f32>(<f64>load<f32>(a + o) + alpha * <f64>load<f32>(b + o)));
  }
}
