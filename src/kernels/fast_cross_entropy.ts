// The fused cross_entropy kernels through WebAssembly SIMD (asm/losses.ts: ce_fwd, ce_bwd) over the
// thread pool, with the signatures of the reference kernels in cross_entropy.ts. Forward is one
// read of the logits per row (max, then Σ exp while the row is in cache); backward reads them once
// more and writes the gradient once. Nothing of size N x C is allocated (per-position statistics
// only), unless the logits live on the JS heap, where blocks of rows are staged through scratch.
import { rd } from './fma.js';
import { ceForward, ceBackward, ceReducePicked, type F } from './cross_entropy.js';
import { fastOk, pieces, withSlices } from './fast_util.js';
import { cascadeFast } from './fast_nll.js';
import * as rt from './wasm_runtime.js';

export function ceForwardFast(
  x: F, target: F, N: number, C: number, S: number, ignoreIndex: number, f32: boolean,
  picked: F, rowMax: F, rowLogSum: F,
): void {
  if (f32 && fastOk(N * C * S, x, picked, rowMax, rowLogSum) && target instanceof Float64Array) {
    const st = rt.stage(target, false);
    const sp = rt.stage(picked, true, false), sm = rt.stage(rowMax, true, false), sl = rt.stage(rowLogSum, true, false);
    const scr = JobScratch.for(N, C, S);
    try {
      const done = withSlices(N, C * S, [x as Float32Array], [], ([px], o0, o1) => {
        const sb = C * S * 4;
        scr.run(pieces(o1 - o0, C, S).map(([a, n, j0, j1]) => {
          const q = (o0 + a) * S;
          return [px + a * sb, st.ptr + q * 8, C, S, n, j0, j1, ignoreIndex, sp.ptr + q * 4, sm.ptr + q * 4, sl.ptr + q * 4, 0, 0];
        }));
      });
      if (done) return;
    } finally {
      scr.free();
      rt.unstage(sp); rt.unstage(sm); rt.unstage(sl); rt.unstage(st);
    }
  }
  ceForward(x, target, N, C, S, ignoreIndex, f32, picked, rowMax, rowLogSum);
}

export function ceBackwardFast(
  x: F, target: F, N: number, C: number, S: number, ignoreIndex: number,
  rowMax: F, rowLogSum: F, coef: F, grad: F,
): void {
  if (fastOk(N * C * S, x, rowMax, rowLogSum, coef, grad) && target instanceof Float64Array) {
    const st = rt.stage(target, false), sm = rt.stage(rowMax, false), sl = rt.stage(rowLogSum, false), sc = rt.stage(coef, false);
    try {
      const done = withSlices(N, C * S, [x as Float32Array], [grad as Float32Array], ([px, pg], o0, o1) => {
        const sb = C * S * 4;
        rt.runJobs('losses', 'ce_bwd', pieces(o1 - o0, C, S).map(([a, n, j0, j1]) => {
          const q = (o0 + a) * S;
          return [px + a * sb, st.ptr + q * 8, C, S, n, j0, j1, ignoreIndex, sm.ptr + q * 4, sl.ptr + q * 4, sc.ptr + q * 4, pg + a * sb];
        }));
      });
      if (done) return;
    } finally {
      rt.unstage(st); rt.unstage(sm); rt.unstage(sl); rt.unstage(sc);
    }
  }
  ceBackward(x, target, N, C, S, ignoreIndex, rowMax, rowLogSum, coef, grad);
}

/** Scratch bytes per job of a strided ce_fwd (asm/losses.ts CE_SCRATCH). */
const CE_SCRATCH = 16384;
/**
 * A scratch block per job for the ce_fwd jobs of strided slices (S > 1; rows need none), sized for
 * the jobs of the whole input: `run` appends each job's block to its arguments (0 without
 * scratch) and runs batches of at most that many jobs.
 */
class JobScratch {
  private constructor(private readonly ptr: number, private readonly cap: number) {}
  static for(N: number, C: number, S: number): JobScratch {
    if (S === 1) return new JobScratch(-1, 0);
    const cap = pieces(N, C, S).length;
    return new JobScratch(rt.malloc(cap * CE_SCRATCH), cap);
  }
  get ok(): boolean { return this.ptr >= 0; }
  run(jobs: number[][]): void {
    if (this.ptr < 0) { rt.runJobs('losses', 'ce_fwd', jobs.map((j) => [...j, 0])); return; }
    for (let b = 0; b < jobs.length; b += this.cap)
      rt.runJobs('losses', 'ce_fwd', jobs.slice(b, b + this.cap).map((j, i) => [...j, this.ptr + i * CE_SCRATCH]));
  }
  free(): void { if (this.ptr >= 0) rt.freeBlock(this.ptr); }
}

/** The cascade-summed reduction of the picked log-probabilities (sequential, bit-identical). */
export function ceReducePickedFast(
  picked: F, target: F, weight: F | null, ignoreIndex: number, f32: boolean,
): { sum: number; totalWeight: number } {
  const M = target.length;
  if (!f32 || M < 4096 || !fastOk(M * 8, picked, weight) || !(target instanceof Float64Array))
    return ceReducePicked(picked, target, weight, ignoreIndex, f32);
  const sp = rt.stage(picked, false), st = rt.stage(target, false), sw = weight ? rt.stage(weight, false) : null;
  try {
    const r = cascadeFast(sp.ptr, st.ptr, sw ? sw.ptr : 0, ignoreIndex, M);
    return { sum: r.sum, totalWeight: weight ? r.totalWeight : M - r.ignored };
  } finally {
    rt.unstage(sp); rt.unstage(st); if (sw) rt.unstage(sw);
  }
}

// ---- forward that keeps exp(x - max) in the future gradient's storage ----
// One exp per logit for forward + backward instead of two: ceForwardSave stores e = exp(x - m)
// for every non-ignored position into `saved` (an N x C array that becomes the gradient), and
// ceBackwardSaved turns it into coef·exp(-logs)·e - coef·[c == t] in place. Positions that are
// ignored, have a zero coefficient or a non-finite max / log-sum are recomputed from x exactly as
// ceBackward does. Reference kernels first (plain TypeScript), then the fast ones.


/** ceForward, plus saved[(n*C + c)*S + s] = exp((x - m)) for non-ignored positions. */
export function ceForwardSaveRef(
  x: F, target: F, N: number, C: number, S: number, ignoreIndex: number, f32: boolean,
  picked: F, rowMax: F, rowLogSum: F, saved: F,
): void {
  // ceForward's pass with each exp stored as it is summed (one exp per element, the same sums)
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) {
    const b = n * S + s, t = target[b];
    if (t === ignoreIndex) { picked[b] = 0; rowMax[b] = 0; rowLogSum[b] = 0; continue; }
    const base = n * C * S + s, end = base + C * S;
    let m = -Infinity;
    for (let i = base; i < end; i += S) { const v = x[i]; if (v > m || v !== v) m = v; }
    let sum = 0;
    for (let i = base; i < end; i += S) { const e = Math.exp(rd(f32, x[i] - m)); saved[i] = e; sum += e; }
    const logs = rd(f32, Math.log(rd(f32, sum)));
    picked[b] = rd(f32, x[base + t * S] - m) - logs;
    rowMax[b] = m; rowLogSum[b] = logs;
  }
}

/** The gradient from ceForwardSave's `saved` (grad may be saved itself). */
export function ceBackwardSavedRef(
  x: F, saved: F, target: F, N: number, C: number, S: number, ignoreIndex: number,
  rowMax: F, rowLogSum: F, coef: F, grad: F,
): void {
  const f32 = grad instanceof Float32Array;
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) {
    const b = n * S + s, t = target[b], k = coef[b], m = rowMax[b], logs = rowLogSum[b];
    const base = n * C * S + s;
    if (k === 0 || t === ignoreIndex || m - m !== 0 || logs - logs !== 0) {
      // ceBackward's own treatment of this position
      if (k === 0 || t === ignoreIndex) {
        let mm = -Infinity;
        for (let c = 0, i = base; c < C; c++, i += S) { const v = x[i]; if (v > mm || v !== v) mm = v; }
        const fill = mm - mm === 0 ? 0 : NaN;
        for (let c = 0, i = base; c < C; c++, i += S) grad[i] = fill;
      } else {
        for (let c = 0, i = base; c < C; c++, i += S) grad[i] = k * Math.exp(rd(f32, rd(f32, x[i] - m) - logs));
        const it = base + t * S;
        grad[it] = k * Math.exp(rd(f32, rd(f32, x[it] - m) - logs)) - k;
      }
      continue;
    }
    const kr = rd(f32, k * rd(f32, Math.exp(-logs)));
    for (let c = 0, i = base; c < C; c++, i += S) grad[i] = kr * saved[i];
    const it = base + t * S;
    grad[it] = grad[it] - k;
  }
}

/**
 * ceForwardSave; with k != 0 (a guess at the backward's coefficient for a loss gradient of 1, the
 * same for every non-ignored row) the fast row kernel also turns each row's exps into that
 * gradient while the row is in cache: returns true when it did (saved then holds
 * ceBackwardSaved's result for coefficients k, 0 where ignored), false when saved holds the exps.
 */
export function ceForwardSaveFast(
  x: F, target: F, N: number, C: number, S: number, ignoreIndex: number, f32: boolean,
  picked: F, rowMax: F, rowLogSum: F, saved: F, k = 0,
): boolean {
  if (f32 && fastOk(N * C * S, x, picked, rowMax, rowLogSum, saved) && target instanceof Float64Array) {
    const st = rt.stage(target, false);
    const sp = rt.stage(picked, true, false), sm = rt.stage(rowMax, true, false), sl = rt.stage(rowLogSum, true, false);
    const scr = JobScratch.for(N, C, S);
    // strided positions write the gradient in the forward only with scratch (ceStream)
    const kk = S > 1 && !scr.ok ? 0 : Math.fround(k);
    try {
      const done = withSlices(N, C * S, [x as Float32Array], [saved as Float32Array], ([px, pe], o0, o1) => {
        const sb = C * S * 4;
        scr.run(pieces(o1 - o0, C, S).map(([a, n, j0, j1]) => {
          const q = (o0 + a) * S;
          return [px + a * sb, st.ptr + q * 8, C, S, n, j0, j1, ignoreIndex, sp.ptr + q * 4, sm.ptr + q * 4, sl.ptr + q * 4, pe + a * sb, kk];
        }));
      });
      if (done) return kk !== 0;
    } finally {
      scr.free();
      rt.unstage(sp); rt.unstage(sm); rt.unstage(sl); rt.unstage(st);
    }
  }
  ceForwardSaveRef(x, target, N, C, S, ignoreIndex, f32, picked, rowMax, rowLogSum, saved);
  return false;
}

export function ceBackwardSavedFast(
  x: F, saved: F, target: F, N: number, C: number, S: number, ignoreIndex: number,
  rowMax: F, rowLogSum: F, coef: F, grad: F,
): void {
  if (fastOk(N * C * S, x, saved, rowMax, rowLogSum, coef, grad) && target instanceof Float64Array) {
    const st = rt.stage(target, false), sm = rt.stage(rowMax, false), sl = rt.stage(rowLogSum, false), sc = rt.stage(coef, false);
    // strided slices: per-position scratch for the streaming kernel's k·exp(-logs)
    const kr = S > 1 ? rt.malloc(N * S * 4) : -1;
    try {
      // saved is read and grad written block by block, so grad may be saved itself
      const done = withSlices(N, C * S, [x as Float32Array, saved as Float32Array], [grad as Float32Array], ([px, pe, pg], o0, o1) => {
        const sb = C * S * 4;
        rt.runJobs('losses', 'ce_bwd_saved', pieces(o1 - o0, C, S).map(([a, n, j0, j1]) => {
          const q = (o0 + a) * S;
          return [px + a * sb, pe + a * sb, st.ptr + q * 8, C, S, n, j0, j1, ignoreIndex, sm.ptr + q * 4, sl.ptr + q * 4, sc.ptr + q * 4, pg + a * sb,
            kr < 0 ? 0 : kr + q * 4];
        }));
      });
      if (done) return;
    } finally {
      rt.unstage(st); rt.unstage(sm); rt.unstage(sl); rt.unstage(sc);
      if (kr >= 0) rt.freeBlock(kr);
    }
  }
  ceBackwardSavedRef(x, saved, target, N, C, S, ignoreIndex, rowMax, rowLogSum, coef, grad);
}
