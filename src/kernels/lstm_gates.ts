// The LSTM cell's pointwise float32 work for one step (nn/rnn/kernel.ts): asm/rnn.ts in
// WebAssembly SIMD where every array lives in the WebAssembly memory, else these TypeScript twins,
// which do the same float32 operations in the same order (so the same bits; test/lstm_gates.test.mjs).
// sigmoid(x) = 1 / (1 + e^-x) with kernels/exp.ts's e^x; tanh is Cephes' tanhf.
import { expf } from './exp.js';
import { addressOf, available, exportsOf, heapF32, stagingBlock } from './wasm_runtime.js';

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

/** An array's part a kernel reads or writes: elements at..at+n (null: the kernel's "none"). */
type Part = [a: Float32Array | null, at: number, n: number];

/**
 * Runs `call` with the byte addresses of the parts: where an array lives in the WebAssembly memory,
 * its own; else a copy in the runtime's staging block, copied back after the call (small tensors live
 * on the JS heap, so a cell's arrays mostly do). False when the block cannot be had (nothing written).
 */
function staged(parts: Part[], call: (p: number[]) => void): boolean {
  const p: number[] = new Array(parts.length);
  let bytes = 0;
  for (let i = 0; i < parts.length; i++) {
    const [a, at, n] = parts[i];
    const q = a === null ? 0 : addressOf(a);
    p[i] = q < 0 ? -1 : a === null ? 0 : q + 4 * at;
    if (q < 0) bytes += (n * 4 + 15) & ~15;
  }
  if (bytes === 0) { call(p); return true; }
  const base = stagingBlock(bytes);
  if (base < 0) return false;
  let heap = heapF32(), q = base;
  for (let i = 0; i < parts.length; i++) {
    if (p[i] !== -1) continue;
    const [a, at, n] = parts[i];
    heap.set(a!.subarray(at, at + n), q >>> 2);
    p[i] = q; q += (n * 4 + 15) & ~15;
  }
  call(p);
  heap = heapF32();
  for (let i = 0; i < parts.length; i++) {
    const [a, at, n] = parts[i];
    if (a !== null && addressOf(a) < 0) a.set(heap.subarray(p[i] >>> 2, (p[i] >>> 2) + n), at);
  }
  return true;
}

/** lstmFwdF32 (arrays off the memory staged), else the twin. */
export function lstmFwd(a: FwdArgs): void {
  const { b, H } = a, G = 4 * H, span = (b - 1) * a.outStride + H;
  if (available() && staged([[a.xg, a.xgAt, b * G], [a.hh, 0, b * G], [a.acts, a.actsAt, b * G], [a.c, 0, b * H],
    [a.tc, a.tcAt, b * H], [a.h, a.hAt, b * H], [a.out, a.outAt, span]],
  (p) => exportsOf('rnn').lstmFwdF32(b, H, ...p, a.outStride))) return;
  lstmFwdRef(a);
}

/** lstmBwdF32 (arrays off the memory staged), else the twin. */
export function lstmBwd(a: BwdArgs): void {
  const { b, H } = a, G = 4 * H, span = (b - 1) * a.outStride + H;
  if (available() && staged([[a.acts, a.actsAt, b * G], [a.tc, a.hAt, b * H], [a.cprev, a.hAt, b * H], [a.dh, 0, b * H],
    [a.dout, a.doutAt, span], [a.dc, 0, b * H], [a.dg, a.dgAt, b * G]],
  (p) => exportsOf('rnn').lstmBwdF32(b, H, p[0], p[1], p[2], p[3], p[4], a.outStride, p[5], p[6]))) return;
  lstmBwdRef(a);
}
