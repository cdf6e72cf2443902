// Reference softmax / log_softmax kernels over x viewed as (outer, C, inner), reducing along C.
// Op order as PyTorch: m = max, s = Σ exp(x - m), log_softmax = (x - m) - log(s).
export type F = Float32Array | Float64Array;

import { rd } from './fma.js';

export function logSoftmaxRef(x: F, out: F, outer: number, C: number, inner: number, f32: boolean): void {
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const base = o * C * inner + j;
    let m = -Infinity;
    for (let c = 0; c < C; c++) { const v = x[base + c * inner]; if (v > m || v !== v) m = v; }
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(rd(f32, x[base + c * inner] - m));
    const ls = rd(f32, Math.log(rd(f32, s)));
    for (let c = 0; c < C; c++) out[base + c * inner] = rd(f32, x[base + c * inner] - m) - ls;
  }
}

export function softmaxRef(x: F, out: F, outer: number, C: number, inner: number, f32: boolean): void {
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const base = o * C * inner + j;
    let m = -Infinity;
    for (let c = 0; c < C; c++) { const v = x[base + c * inner]; if (v > m || v !== v) m = v; }
    let s = 0;
    for (let c = 0; c < C; c++) { const e = rd(f32, Math.exp(rd(f32, x[base + c * inner] - m))); out[base + c * inner] = e; s += e; }
    const sr = rd(f32, s);
    for (let c = 0; c < C; c++) out[base + c * inner] /= sr;
  }
}

/** log_softmax backward: gI = gO - exp(out) * Σ gO. */
export function logSoftmaxBackwardRef(g: F, out: F, gi: F, outer: number, C: number, inner: number): void {
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const base = o * C * inner + j;
    let s = 0;
    for (let c = 0; c < C; c++) s += g[base + c * inner];
    for (let c = 0; c < C; c++) gi[base + c * inner] = g[base + c * inner] - Math.exp(out[base + c * inner]) * s;
  }
}

/** logSoftmaxBackwardRef for gO = v everywhere, without gO written out (same sums, same results). */
export function logSoftmaxBackwardUniformRef(v: number, out: F, gi: F, outer: number, C: number, inner: number): void {
  let s = 0;
  for (let c = 0; c < C; c++) s += v;
  for (let i = 0, n = outer * C * inner; i < n; i++) gi[i] = v - Math.exp(out[i]) * s;
}

/**
 * log_softmax backward from a forward's kept exps e = exp(x - max) and log-sums ls per position:
 * gI = gO - e·exp(-ls)·Σ gO (gO = v everywhere when g is null); positions with ls NaN (nothing
 * kept) as logSoftmaxBackwardRef. gi may be e.
 */
export function logSoftmaxBackwardKeptRef(g: F | null, v: number, out: F, e: F, ls: F, gi: F, outer: number, C: number, inner: number): void {
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const base = o * C * inner + j, l = ls[o * inner + j];
    let s = 0;
    for (let c = 0; c < C; c++) s += g ? g[base + c * inner] : v;
    const k = l - l === 0 ? Math.exp(-l) * s : NaN;
    for (let c = 0; c < C; c++) {
      const i = base + c * inner, gv = g ? g[i] : v;
      gi[i] = k === k ? gv - e[i] * k : gv - Math.exp(out[i]) * s;
    }
  }
}

/** softmax backward: gI = out * (gO - Σ gO·out). */
export function softmaxBackwardRef(g: F, out: F, gi: F, outer: number, C: number, inner: number): void {
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const base = o * C * inner + j;
    let s = 0;
    for (let c = 0; c < C; c++) s += g[base + c * inner] * out[base + c * inner];
    for (let c = 0; c < C; c++) gi[base + c * inner] = out[base + c * inner] * (g[base + c * inner] - s);
  }
}
