// log_softmax / softmax forward and backward through WebAssembly SIMD (asm/losses.ts: lsm_fwd,
// lsm_bwd), split over the thread pool; same signatures as the reference kernels in softmax.ts,
// which still run for float64, small inputs and where WebAssembly is unavailable.
import { logSoftmaxRef, softmaxRef, logSoftmaxBackwardRef, softmaxBackwardRef, logSoftmaxBackwardUniformRef, type F } from './softmax.js';
import { fastOk, pieces, ranges, withSlices } from './fast_util.js';
import * as rt from './wasm_runtime.js';

function fwd(x: F, out: F, outer: number, C: number, inner: number, log: number): boolean {
  if (!fastOk(outer * C * inner, x, out)) return false;
  return withSlices(outer, C * inner, [x as Float32Array], [out as Float32Array], ([px, po], o0, o1) => {
    const sb = C * inner * 4;
    rt.runJobs('losses', 'lsm_fwd', pieces(o1 - o0, C, inner).map(([a, n, j0, j1]) => [px + a * sb, po + a * sb, C, inner, n, j0, j1, log]));
  });
}

function bwd(g: F, out: F, gi: F, outer: number, C: number, inner: number, log: number): boolean {
  if (!fastOk(outer * C * inner, g, out, gi)) return false;
  return withSlices(outer, C * inner, [g as Float32Array, out as Float32Array], [gi as Float32Array], ([pg, po, pgi], o0, o1) => {
    const sb = C * inner * 4;
    rt.runJobs('losses', 'lsm_bwd', pieces(o1 - o0, C, inner).map(([a, n, j0, j1]) => [pg + a * sb, po + a * sb, pgi + a * sb, C, inner, n, j0, j1, log]));
  });
}

export function logSoftmaxFast(x: F, out: F, outer: number, C: number, inner: number, f32: boolean): void {
  if (!(f32 && fwd(x, out, outer, C, inner, 1))) logSoftmaxRef(x, out, outer, C, inner, f32);
}
export function softmaxFast(x: F, out: F, outer: number, C: number, inner: number, f32: boolean): void {
  if (!(f32 && fwd(x, out, outer, C, inner, 0))) softmaxRef(x, out, outer, C, inner, f32);
}
export function logSoftmaxBackwardFast(g: F, out: F, gi: F, outer: number, C: number, inner: number): void {
  if (!bwd(g, out, gi, outer, C, inner, 1)) logSoftmaxBackwardRef(g, out, gi, outer, C, inner);
}
export function softmaxBackwardFast(g: F, out: F, gi: F, outer: number, C: number, inner: number): void {
  if (!bwd(g, out, gi, outer, C, inner, 0)) softmaxBackwardRef(g, out, gi, outer, C, inner);
}

/**
 * log_softmax backward for a gradient that is v everywhere (uniform.ts), not written out. Results
 * are those of logSoftmaxBackwardFast on the written-out gradient, bit for bit.
 */
export function logSoftmaxBackwardUniformFast(v: number, out: F, gi: F, outer: number, C: number, inner: number): void {
  const n = outer * C * inner;
  if (!fastOk(n, out, gi)) { logSoftmaxBackwardUniformRef(v, out, gi, outer, C, inner); return; }
  const po = rt.addressOf(out), pgi = rt.addressOf(gi), scratch = po >= 0 && pgi >= 0 ? rt.malloc(C * 4) : -1;
  if (scratch < 0) {
    // operands on the JS heap (staged by the kernel) or no scratch: the written-out gradient
    const g = new Float32Array(n).fill(v);
    logSoftmaxBackwardFast(g, out, gi, outer, C, inner);
    return;
  }
  try {
    const ex = rt.exportsOf('losses');
    const S = ex.lsm_uniform_sum(C, inner, v, scratch) as number;
    rt.runJobs('losses', 'lsm_bwd_uniform', ranges(n).map(([i0, i1]) => [po, pgi, i0, i1, v, S]));
  } finally {
    rt.freeBlock(scratch);
  }
}
