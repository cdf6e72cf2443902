// The LSTM cell's pointwise work for one step of a recurrent layer (nn/rnn/kernel.ts), 4 lanes at a
// time in WebAssembly SIMD (compiled by tools/build-wasm.mjs): the gates' sigmoid / tanh, the new
// cell state and h in the forward; the gate gradients and the cell state's gradient in the
// backward. Byte addresses in the one imported (shared) memory.
//
// Every operation is a plain float32 one (no fused multiply-add, in the relaxed build too), in the
// order of the TypeScript twins in src/kernels/lstm_gates.ts, so both give the same bits (test/
// lstm_gates.test.mjs). e^x is the plain build's exp of asm/losses.ts (twin: kernels/exp.ts);
// tanh is Cephes' tanhf: an odd polynomial below |x| = 0.625, 1 - 2 / (e^2|x| + 1) above.

import { LOG2E, LN2_HI, LN2_LO, MAGIC, P0, P1, P2, P3, P4, scale2n } from './lib/exp_common';
const T0: f32 = -5.70498872745e-3;
const T1: f32 = 2.06390887954e-2;
const T2: f32 = -5.37397155531e-2;
const T3: f32 = 1.33314422036e-1;
const T4: f32 = -3.33332819422e-1;
const SIGN: i32 = 0x80000000;

// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 { return f32x4.add(f32x4.mul(a, b), c); }

/** e^x over the whole float32 range (asm/losses.ts exp4, plain build). */
// @ts-ignore: decorator
@inline function exp4(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, f32x4.splat(-104.0)), f32x4.splat(89.0));
  const t = madd(xc, f32x4.splat(LOG2E), f32x4.splat(MAGIC));
  const n = f32x4.sub(t, f32x4.splat(MAGIC));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = madd(f32x4.splat(P4), r, f32x4.splat(P3));
  p = madd(p, r, f32x4.splat(P2));
  p = madd(p, r, f32x4.splat(P1));
  p = madd(p, r, f32x4.splat(P0));
  p = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1.0));
  return scale2n(p, t);
}

/** 1 / (1 + e^-x). */
// @ts-ignore: decorator
@inline function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/** tanh (Cephes tanhf): x + x·z·P(z), z = x², for |x| < 0.625; else ±(1 - 2 / (e^2|x| + 1)). */
// @ts-ignore: decorator
@inline function tanh4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const ax = f32x4.abs(x);
  const e = exp4(f32x4.add(ax, ax));
  const big = v128.or(f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(e, one))), v128.and(x, i32x4.splat(SIGN)));
  const z = f32x4.mul(x, x);
  let p = madd(f32x4.splat(T0), z, f32x4.splat(T1));
  p = madd(p, z, f32x4.splat(T2));
  p = madd(p, z, f32x4.splat(T3));
  p = madd(p, z, f32x4.splat(T4));
  const small = madd(f32x4.mul(p, z), x, x);
  return v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** Lanes of a vector load, or one float splatted (a row's tail). */
// @ts-ignore: decorator
@inline function ld(p: usize, vec: bool): v128 { return vec ? v128.load(p) : f32x4.splat(load<f32>(p)); }
// @ts-ignore: decorator
@inline function st(p: usize, v: v128, vec: bool): void { if (vec) v128.store(p, v); else store<f32>(p, f32x4.extract_lane(v, 0)); }

// @ts-ignore: decorator
@inline function fwdAt(xg: usize, hh: usize, ac: usize, c: usize, tc: usize, h: usize, out: usize, H4: usize, vec: bool): void {
  // gate pre-activations: h @ W_hh^T + b_hh (hh) plus x @ W_ih^T + b_ih (xg), in the order i, f, g, o
  const ig = sigmoid4(f32x4.add(ld(hh, vec), ld(xg, vec)));
  const fg = sigmoid4(f32x4.add(ld(hh + H4, vec), ld(xg + H4, vec)));
  const cg = tanh4(f32x4.add(ld(hh + 2 * H4, vec), ld(xg + 2 * H4, vec)));
  const og = sigmoid4(f32x4.add(ld(hh + 3 * H4, vec), ld(xg + 3 * H4, vec)));
  st(ac, ig, vec); st(ac + H4, fg, vec); st(ac + 2 * H4, cg, vec); st(ac + 3 * H4, og, vec);
  const cn = f32x4.add(f32x4.mul(fg, ld(c, vec)), f32x4.mul(ig, cg));
  st(c, cn, vec);
  const t = tanh4(cn);
  st(tc, t, vec);
  const hv = f32x4.mul(og, t);
  st(h, hv, vec);
  if (out) st(out, hv, vec);
}

/**
 * One LSTM step's pointwise forward over b rows of H: gate pre-activations hh (row r at
 * hh + r·4H floats) + xg (row r at xg + r·4H); writes the activated gates i, f, g, o to acts (rows
 * as xg), updates the cell state c (row r at c + r·H) in place, writes tanh(c) to tc and h to h
 * (rows of H), and h again to out (row r at out + r·outStride floats) unless out is 0.
 */
export function lstmFwdF32(b: i32, H: i32, xg: usize, hh: usize, acts: usize, c: usize, tc: usize, h: usize, out: usize, outStride: i32): void {
  const G4 = <usize>H << 4, H4 = <usize>H << 2, os = <usize>outStride << 2;
  for (let r = 0; r < b; r++) {
    const gr = <usize>r * G4, hr = <usize>r * H4, orow = out ? out + <usize>r * os : 0;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const q = <usize>j << 2;
      fwdAt(xg + gr + q, hh + gr + q, acts + gr + q, c + hr + q, tc + hr + q, h + hr + q, orow ? orow + q : 0, H4, true);
    }
    for (; j < H; j++) {
      const q = <usize>j << 2;
      fwdAt(xg + gr + q, hh + gr + q, acts + gr + q, c + hr + q, tc + hr + q, h + hr + q, orow ? orow + q : 0, H4, false);
    }
  }
}

// @ts-ignore: decorator
@inline function bwdAt(ac: usize, tc: usize, cp: usize, dh: usize, dout: usize, dc: usize, dg: usize, H4: usize, vec: bool): void {
  const one = f32x4.splat(1.0);
  const ig = ld(ac, vec), fg = ld(ac + H4, vec), cg = ld(ac + 2 * H4, vec), og = ld(ac + 3 * H4, vec);
  const t = ld(tc, vec);
  let dhv = ld(dh, vec);
  if (dout) dhv = f32x4.add(dhv, ld(dout, vec));
  const dcv = f32x4.add(ld(dc, vec), f32x4.mul(f32x4.mul(dhv, og), f32x4.sub(one, f32x4.mul(t, t))));
  st(dg, f32x4.mul(f32x4.mul(f32x4.mul(dcv, cg), ig), f32x4.sub(one, ig)), vec);
  st(dg + H4, f32x4.mul(f32x4.mul(f32x4.mul(dcv, ld(cp, vec)), fg), f32x4.sub(one, fg)), vec);
  st(dg + 2 * H4, f32x4.mul(f32x4.mul(dcv, ig), f32x4.sub(one, f32x4.mul(cg, cg))), vec);
  st(dg + 3 * H4, f32x4.mul(f32x4.mul(f32x4.mul(dhv, t), og), f32x4.sub(one, og)), vec);
  st(dc, f32x4.mul(dcv, fg), vec);
}

/**
 * One LSTM step's pointwise backward over b rows of H: reads the saved gates acts (rows of 4H),
 * tanh(c) tc and the entering cell state cprev (rows of H), h's gradient dh (rows of H) plus, unless
 * dout is 0, the output's gradient (row r at dout + r·outStride floats); writes the pre-activation
 * gates' gradients to dg (rows of 4H) and updates the cell state's gradient dc (rows of H) in place.
 */
export function lstmBwdF32(b: i32, H: i32, acts: usize, tc: usize, cprev: usize, dh: usize, dout: usize, outStride: i32, dc: usize, dg: usize): void {
  const G4 = <usize>H << 4, H4 = <usize>H << 2, os = <usize>outStride << 2;
  for (let r = 0; r < b; r++) {
    const gr = <usize>r * G4, hr = <usize>r * H4, orow = dout ? dout + <usize>r * os : 0;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const q = <usize>j << 2;
      bwdAt(acts + gr + q, tc + hr + q, cprev + hr + q, dh + hr + q, orow ? orow + q : 0, dc + hr + q, dg + gr + q, H4, true);
    }
    for (; j < H; j++) {
      const q = <usize>j << 2;
      bwdAt(acts + gr + q, tc + hr + q, cprev + hr + q, dh + hr + q, orow ? orow + q : 0, dc + hr + q, dg + gr + q, H4, false);
    }
  }
}
