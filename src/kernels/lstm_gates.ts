// The LSTM cell's pointwise float32 work for one step (nn/rnn/kernel.ts): asm/rnn.ts in
// WebAssembly SIMD where every array lives in the WebAssembly memory, else these TypeScript twins,
// which do the same float32 operations in the same order (so the same bits; test/lstm_gates.test.mjs).
// sigmoid(x) = 1 / (1 + e^-x) with kernels/exp.ts's e^x; tanh is Cephes' tanhf.
import { expf } from './exp.js';
import { addressOf, available, exportsOf } from './wasm_runtime.js';

const fr = Math.fround;
const T0 = fr(-5.70498872745e-3), T1 = fr(2.06390887954e-2), T2 = fr(-5.37397155531e-2), T3 = fr(1.33314422036e-1), T4 = fr(-3.33332819422e-1);

/** float32 sigmoid as asm/rnn.ts's sigmoid4. */
export function sigmoidf(x: number): number { return fr(1 / fr(1 + expf(-x))); }

/** float32 tanh as asm/rnn.ts's tanh4 (x a float32). */
export function tanhf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.625) {
    const z = fr(x * x);
    let p = fr(fr(T0 * z) + T1);
    p = fr(fr(p * z) + T2);
    p = fr(fr(p * z) + T3);
    p = fr(fr(p * z) + T4);
    return fr(fr(fr(p * z) * x) + x);
  }
  const big = fr(1 - fr(2 / fr(expf(fr(ax + ax)) + 1)));
  return x !== x ? x : x < 0 || Object.is(x, -0) ? -big : big;
}

/** Where one step's rows live: element offsets into the arrays. */
export interface FwdArgs {
  b: number; H: number;
  xg: Float32Array; xgAt: number; hh: Float32Array; acts: Float32Array; actsAt: number;
  c: Float32Array; tc: Float32Array; tcAt: number; h: Float32Array; hAt: number;
  /** Also h into out's rows (row r at outAt + r * outStride), unless null. */
  out: Float32Array | null; outAt: number; outStride: number;
}

/** The twin of asm/rnn.ts lstmFwdF32. */
export function lstmFwdRef(a: FwdArgs): void {
  const { b, H, xg, hh, acts, c, tc, h, out } = a, G = 4 * H;
  for (let r = 0; r < b; r++) {
    const xr = a.xgAt + r * G, hr = r * G, ar = a.actsAt + r * G;
    for (let j = 0; j < H; j++) {
      const ig = sigmoidf(fr(hh[hr + j] + xg[xr + j]));
      const fg = sigmoidf(fr(hh[hr + H + j] + xg[xr + H + j]));
      const cg = tanhf(fr(hh[hr + 2 * H + j] + xg[xr + 2 * H + j]));
      const og = sigmoidf(fr(hh[hr + 3 * H + j] + xg[xr + 3 * H + j]));
      acts[ar + j] = ig; acts[ar + H + j] = fg; acts[ar + 2 * H + j] = cg; acts[ar + 3 * H + j] = og;
      const cn = fr(fr(fg * c[r * H + j]) + fr(ig * cg));
      c[r * H + j] = cn;
      const t = tanhf(cn);
      tc[a.tcAt + r * H + j] = t;
      const hv = fr(og * t);
      h[a.hAt + r * H + j] = hv;
      if (out) out[a.outAt + r * a.outStride + j] = hv;
    }
  }
}

export interface BwdArgs {
  b: number; H: number;
  acts: Float32Array; actsAt: number; tc: Float32Array; cprev: Float32Array; hAt: number;
  /** h's gradient (rows of H from 0), plus the output's (row r at doutAt + r * outStride) unless null. */
  dh: Float32Array; dout: Float32Array | null; doutAt: number; outStride: number;
  dc: Float32Array; dg: Float32Array; dgAt: number;
}

/** The twin of asm/rnn.ts lstmBwdF32. */
export function lstmBwdRef(a: BwdArgs): void {
  const { b, H, acts, tc, cprev, dh, dout, dc, dg } = a, G = 4 * H;
  for (let r = 0; r < b; r++) {
    const ar = a.actsAt + r * G, sr = a.hAt + r * H, gr = a.dgAt + r * G;
    for (let j = 0; j < H; j++) {
      const ig = acts[ar + j], fg = acts[ar + H + j], cg = acts[ar + 2 * H + j], og = acts[ar + 3 * H + j];
      const t = tc[sr + j];
      let dhv = dh[r * H + j];
      if (dout) dhv = fr(dhv + dout[a.doutAt + r * a.outStride + j]);
      const dcv = fr(dc[r * H + j] + fr(fr(dhv * og) * fr(1 - fr(t * t))));
      dg[gr + j] = fr(fr(fr(dcv * cg) * ig) * fr(1 - ig));
      dg[gr + H + j] = fr(fr(fr(dcv * cprev[sr + j]) * fg) * fr(1 - fg));
      dg[gr + 2 * H + j] = fr(fr(dcv * ig) * fr(1 - fr(cg * cg)));
      dg[gr + 3 * H + j] = fr(fr(fr(dhv * t) * og) * fr(1 - og));
      dc[r * H + j] = fr(dcv * fg);
    }
  }
}

const ptr = (a: Float32Array | null, at: number): number => a === null ? 0 : addressOf(a) < 0 ? -1 : addressOf(a) + 4 * at;

/** lstmFwdF32 where every array lives in the WebAssembly memory, else the twin. */
export function lstmFwd(a: FwdArgs): void {
  if (available()) {
    const p = [ptr(a.xg, a.xgAt), ptr(a.hh, 0), ptr(a.acts, a.actsAt), ptr(a.c, 0), ptr(a.tc, a.tcAt), ptr(a.h, a.hAt), ptr(a.out, a.outAt)];
    if (p.every((v) => v >= 0)) { exportsOf('rnn').lstmFwdF32(a.b, a.H, ...p, a.outStride); return; }
  }
  lstmFwdRef(a);
}

/** lstmBwdF32 where every array lives in the WebAssembly memory, else the twin. */
export function lstmBwd(a: BwdArgs): void {
  if (available()) {
    const p = [ptr(a.acts, a.actsAt), ptr(a.tc, a.hAt), ptr(a.cprev, a.hAt), ptr(a.dh, 0), ptr(a.dout, a.doutAt)];
    const q = [ptr(a.dc, 0), ptr(a.dg, a.dgAt)];
    if (p.every((v) => v >= 0) && q.every((v) => v >= 0)) { exportsOf('rnn').lstmBwdF32(a.b, a.H, ...p, a.outStride, ...q); return; }
  }
  lstmBwdRef(a);
}
