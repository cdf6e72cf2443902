// log_softmax / softmax forward and backward through WebAssembly SIMD (asm/losses.ts: lsm_fwd,
// lsm_bwd), split over the thread pool; same signatures as the reference kernels in softmax.ts,
// which still run for float64, small inputs and where WebAssembly is unavailable.
import { logSoftmaxRef, softmaxRef, logSoftmaxBackwardRef, softmaxBackwardRef, logSoftmaxBackwardUniformRef, logSoftmaxBackwardKeptRef, type F } from './softmax.js';
import { FAST_MIN, fastOk, pieces, ranges, withSlices } from './fast_util.js';
import * as rt from './wasm_runtime.js';

/** What a log_softmax forward over rows keeps for its backward: e = exp(x - max) laid out as x and
 * the log-sum per row (NaN where none was kept). */
export interface Kept { e: F; ls: F }

/** Scratch bytes per job of a strided log_softmax (asm/losses.ts LSM_SCRATCH). */
const LSM_SCRATCH = 16384;

function fwd(x: F, out: F, outer: number, C: number, inner: number, log: number, keep: Kept | null): boolean {
  if (inner !== 1) keep = null; // rows only (lsm_fwd)
  if (!fastOk(outer * C * inner, x, out, keep?.e ?? null, keep?.ls ?? null)) return false;
  const sl = keep ? rt.stage(keep.ls, true, false) : null;
  try {
    const outs = keep ? [out as Float32Array, keep.e as Float32Array] : [out as Float32Array];
    return withSlices(outer, C * inner, [x as Float32Array], outs, ([px, po, pe], o0, o1) => {
      const sb = C * inner * 4;
      const jobs = pieces(o1 - o0, C, inner);
      // strided slices stream runs of positions through a scratch block per job (lsmStream;
      // without one the block kernels run)
      const scr = inner > 1 && log ? rt.malloc(jobs.length * LSM_SCRATCH) : -1;
      try {
        rt.runJobs('losses', 'lsm_fwd', jobs.map(([a, n, j0, j1], k) =>
          [px + a * sb, po + a * sb, C, inner, n, j0, j1, log, keep ? pe + a * sb : 0, sl ? sl.ptr + (o0 + a) * inner * 4 : 0,
            scr < 0 ? 0 : scr + k * LSM_SCRATCH]));
      } finally {
        if (scr >= 0) rt.freeBlock(scr);
      }
    });
  } finally {
    if (sl) rt.unstage(sl);
  }
}

function bwd(g: F, out: F, gi: F, outer: number, C: number, inner: number, log: number): boolean {
  if (!fastOk(outer * C * inner, g, out, gi)) return false;
  return withSlices(outer, C * inner, [g as Float32Array, out as Float32Array], [gi as Float32Array], ([pg, po, pgi], o0, o1) => {
    const sb = C * inner * 4;
    rt.runJobs('losses', 'lsm_bwd', pieces(o1 - o0, C, inner).map(([a, n, j0, j1]) => [pg + a * sb, po + a * sb, pgi + a * sb, C, inner, n, j0, j1, log]));
  });
}

/** From this many float32 elements (rows of 4 classes or more) a softmax below FAST_MIN runs staged through WebAssembly: its exps cost more in TypeScript than the copies. */
const SMALL_MIN = 64;
/** lsm_fwd over rows of a small float32 x, staged (input, then output) in the runtime's staging block; false where it does not apply. */
function fwdSmall(x: F, out: F, outer: number, C: number, inner: number, log: number): boolean {
  const n = outer * C;
  if (inner !== 1 || C < 4 || n < SMALL_MIN || n > FAST_MIN || !(x instanceof Float32Array) || !rt.available()) return false;
  const px = rt.stagingBlock(n * 8);
  if (px < 0) return false;
  const heap = rt.heapF32(), po = px + n * 4;
  heap.set(x, px >>> 2);
  rt.exportsOf('losses').lsm_fwd(px, po, C, 1, outer, 0, 1, log, 0, 0, 0);
  out.set(heap.subarray(po >>> 2, (po >>> 2) + n));
  return true;
}

/** log_softmax; with `keep`, also fills it when the fast kernel runs (returns whether it did). */
export function logSoftmaxFast(x: F, out: F, outer: number, C: number, inner: number, f32: boolean, keep: Kept | null = null): boolean {
  if (f32 && fwd(x, out, outer, C, inner, 1, keep)) return keep !== null && inner === 1;
  if (f32 && fwdSmall(x, out, outer, C, inner, 1)) return false;
  logSoftmaxRef(x, out, outer, C, inner, f32);
  return false;
}
export function softmaxFast(x: F, out: F, outer: number, C: number, inner: number, f32: boolean): void {
  if (!(f32 && (fwd(x, out, outer, C, inner, 0, null) || fwdSmall(x, out, outer, C, inner, 0)))) softmaxRef(x, out, outer, C, inner, f32);
}
export function logSoftmaxBackwardFast(g: F, out: F, gi: F, outer: number, C: number, inner: number): void {
  if (!bwd(g, out, gi, outer, C, inner, 1)) logSoftmaxBackwardRef(g, out, gi, outer, C, inner);
}
export function softmaxBackwardFast(g: F, out: F, gi: F, outer: number, C: number, inner: number): void {
  if (!bwd(g, out, gi, outer, C, inner, 0)) softmaxBackwardRef(g, out, gi, outer, C, inner);
}

/** Σ_c v summed as lsm_bwd sums a slice of the gradient (lsm_uniform_sum), or null without scratch. */
function uniformSum(v: number, C: number, inner: number): number | null {
  const scratch = rt.malloc(C * 4);
  if (scratch < 0) return null;
  try {
    return rt.exportsOf('losses').lsm_uniform_sum(C, inner, v, scratch) as number;
  } finally {
    rt.freeBlock(scratch);
  }
}

/**
 * log_softmax backward for a gradient that is v everywhere (uniform.ts), not written out. Results
 * are those of logSoftmaxBackwardFast on the written-out gradient, bit for bit.
 */
export function logSoftmaxBackwardUniformFast(v: number, out: F, gi: F, outer: number, C: number, inner: number): void {
  const n = outer * C * inner;
  if (!fastOk(n, out, gi)) { logSoftmaxBackwardUniformRef(v, out, gi, outer, C, inner); return; }
  const po = rt.addressOf(out), pgi = rt.addressOf(gi), S = po >= 0 && pgi >= 0 ? uniformSum(v, C, inner) : null;
  if (S === null) {
    // operands on the JS heap (staged by the kernel) or no scratch: the written-out gradient
    const g = new Float32Array(n).fill(v);
    logSoftmaxBackwardFast(g, out, gi, outer, C, inner);
    return;
  }
  rt.runJobs('losses', 'lsm_bwd_uniform', ranges(n).map(([i0, i1]) => [po, pgi, i0, i1, v, S]));
}

/**
 * log_softmax backward over rows (inner == 1) from what the forward kept (no exp per element):
 * gi = g - e·exp(-ls)·Σ_c g, g = null meaning v everywhere (uniform.ts). Uniform and written-out
 * gradients give the same bits, as for the kernels above.
 */
export function logSoftmaxBackwardKeptFast(g: F | null, v: number, out: F, kept: Kept, gi: F, outer: number, C: number, inner: number): void {
  const n = outer * C * inner;
  const S = inner === 1 && fastOk(n, g, out, kept.e, kept.ls, gi) ? (g ? 0 : uniformSum(v, C, 1)) : null;
  if (S === null) { logSoftmaxBackwardKeptRef(g, v, out, kept.e, kept.ls, gi, outer, C, inner); return; }
  const sl = rt.stage(kept.ls, false);
  try {
    const ins = g ? [g as Float32Array, out as Float32Array, kept.e as Float32Array] : [out as Float32Array, kept.e as Float32Array];
    const ok = withSlices(outer, C, ins, [gi as Float32Array], (ptrs, o0, o1) => {
      const [pg, po, pe, pgi] = g ? ptrs : [0, ...ptrs];
      rt.runJobs('losses', 'lsm_bwd_kept', ranges(o1 - o0, C).map(([a, b]) =>
        [g ? pg + a * C * 4 : 0, po + a * C * 4, pe + a * C * 4, pgi + a * C * 4, sl.ptr + (o0 + a) * 4, C, b - a, v, S]));
    });
    if (!ok) logSoftmaxBackwardKeptRef(g, v, out, kept.e, kept.ls, gi, outer, C, inner);
  } finally {
    rt.unstage(sl);
  }
}
