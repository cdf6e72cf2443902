// nll_loss kernels through WebAssembly (asm/losses.ts): the gather of x[b, t_b] and the gradient
// scatter run in parallel over position ranges, each touching only the N target entries; the
// reduced forward's cascade sum then runs sequentially, in PyTorch's order and float32 rounding,
// so float32 'mean'/'sum' stay bit-identical to PyTorch (and to nll.ts) for any thread count.
import { nllForwardReduced, nllForwardNone, nllBackward, findBadTarget, type F } from './nll.js';
import { fastOk, ranges } from './fast_util.js';
import * as rt from './wasm_runtime.js';

/** Bytes of scratch the cascade needs (accumulators + results). */
const ACC = 64, RES = 32;

/**
 * The cascade sum over vals[b]·w[t_b] as nll.ts and cross_entropy.ts compute it (vals: gathered
 * x[b, t_b], or picked log-probabilities). vals, target, weight are staged as needed.
 */
export function cascadeFast(vals: number, target: number, weight: number, ignoreIndex: number, M: number): { sum: number; totalWeight: number; ignored: number } {
  if (M >= 4 * SEG && (rt.threads() > 1 || rt.canSpawn())) {
    const r = cascadeSegments(vals, 0, target, weight, ignoreIndex, M);
    if (r) return r;
  }
  const s = rt.malloc(ACC + RES);
  if (s < 0) throw rt.scratchError(ACC + RES, 'nll_loss');
  try {
    rt.exportsOf('losses').nll_cascade(vals, target, weight, ignoreIndex, M, s, s + ACC);
    const h = rt.heapF64(), q = (s + ACC) / 8;
    return { sum: h[q], totalWeight: h[q + 1], ignored: h[q + 2] };
  } finally {
    rt.freeBlock(s);
  }
}

/** Elements per parallel cascade segment: 16^4, the period of the flush into level 4. */
const SEG = 1 << 16;
/** Bytes of state per segment: 8 loss levels, 8 weight levels (float32), the ignored count. */
const SEG_BYTES = 128;
const fr = Math.fround;

/**
 * The same cascade, bit for bit, with the segments between multiples of 16^4 summed in parallel.
 * At such a multiple e the sequential cascade flushes levels 0..3 into level 4 (unless element e
 * is ignored: then null, and the caller runs it sequentially), so levels 0..3 start from zero in
 * every segment (b in (k·SEG, (k+1)·SEG]) and what the segment passes on to level 4 depends on
 * its own elements only. Each segment runs the sequential code with flushes stopping at level 3;
 * the levels above are then replayed here in order, in float32. C > 0: `vals` is the (M, C)
 * input and each segment gathers x[b, t_b] itself (one pass over x, no gathered copy).
 */
function cascadeSegments(vals: number, C: number, target: number, weight: number, ignoreIndex: number, M: number): { sum: number; totalWeight: number; ignored: number } | null {
  const h64 = rt.heapF64(), tq = target / 8;
  for (let e = SEG; e < M; e += SEG) if (h64[tq + e] === ignoreIndex) return null;
  const nseg = Math.ceil((M - 1) / SEG);
  const bytes = (nseg + 1) * SEG_BYTES;
  const s = rt.malloc(bytes);
  if (s < 0) return null;
  try {
    const ex = rt.exportsOf('losses');
    ex.zero(s, bytes);
    // job 0: element 0 on the full state (its flush reaches the top level); job k: (k-1)·SEG < b <= k·SEG
    const jobs: number[][] = [[vals, target, weight, ignoreIndex, 0, 1, s, 7, C]];
    for (let k = 1; k <= nseg; k++) jobs.push([vals, target, weight, ignoreIndex, (k - 1) * SEG + 1, Math.min(k * SEG + 1, M), s + k * SEG_BYTES, 3, C]);
    rt.runJobs('losses', 'nll_cascade_seg', jobs);
    const f = rt.heapF32(), i = new Int32Array(f.buffer);
    const A: number[] = [], W: number[] = [];
    for (let j = 0; j < 8; j++) { A.push(f[s / 4 + j]); W.push(f[s / 4 + 8 + j]); }
    let ignored = i[(s + 64) / 4];
    for (let k = 1; k <= nseg; k++) {
      const q = (s + k * SEG_BYTES) / 4, e = k * SEG;
      ignored += i[q + 16];
      if (e < M) {
        // element e (not ignored) flushed levels 0..3; the segment's level 3 holds what goes to level 4
        A[4] = fr(A[4] + f[q + 3]); W[4] = fr(W[4] + f[q + 11]);
        for (let j = 4; j < 7; j++) {
          if (((e >>> (j * 4)) & 15) !== 0) break;
          A[j + 1] = fr(A[j + 1] + A[j]); W[j + 1] = fr(W[j + 1] + W[j]);
          A[j] = 0; W[j] = 0;
        }
      } else {
        // the last, unfinished segment: its levels 0..3 are the state's (they started from zero)
        for (let j = 0; j < 4; j++) { A[j] = f[q + j]; W[j] = f[q + 8 + j]; }
      }
    }
    let sum = 0, tw = 0;
    for (let j = 0; j < 8; j++) { sum = fr(sum + A[j]); tw = fr(tw + W[j]); }
    return { sum, totalWeight: tw, ignored };
  } finally {
    rt.freeBlock(s);
  }
}

export function nllForwardReducedFast(
  x: F, target: F, weight: F | null, C: number, S: number, ignoreIndex: number, f32: boolean,
): { sum: number; totalWeight: number } {
  const M = target.length;
  if (!f32 || !fastOk(M * 8, x, weight) || !(target instanceof Float64Array) || rt.addressOf(x) < 0)
    return nllForwardReduced(x, target, weight, C, S, ignoreIndex, f32);
  const st = rt.stage(target, false), sw = weight ? rt.stage(weight, false) : null;
  let vals = -1;
  try {
    const px = rt.addressOf(x);
    if (S === 1 && M >= 4 * SEG && (rt.threads() > 1 || rt.canSpawn())) {
      // gather and cascade fused, in parallel segments
      const r = cascadeSegments(px, C, st.ptr, sw ? sw.ptr : 0, ignoreIndex, M);
      if (r) return { sum: r.sum, totalWeight: weight ? r.totalWeight : M - r.ignored };
    }
    vals = rt.malloc(M * 4);
    if (vals < 0) return nllForwardReduced(x, target, weight, C, S, ignoreIndex, f32);
    rt.runJobs('losses', 'nll_gather', ranges(M, 4).map(([b0, b1]) => [px, st.ptr, C, S, ignoreIndex, b0, b1, vals]));
    const r = cascadeFast(vals, st.ptr, sw ? sw.ptr : 0, ignoreIndex, M);
    return { sum: r.sum, totalWeight: weight ? r.totalWeight : M - r.ignored };
  } finally {
    if (vals >= 0) rt.freeBlock(vals);
    rt.unstage(st); if (sw) rt.unstage(sw);
  }
}

export function nllForwardNoneFast(x: F, target: F, weight: F | null, C: number, S: number, ignoreIndex: number, out: F): void {
  const M = target.length;
  if (!fastOk(M * 8, x, weight, out) || !(target instanceof Float64Array) || rt.addressOf(x) < 0) {
    nllForwardNone(x, target, weight, C, S, ignoreIndex, out); return;
  }
  const st = rt.stage(target, false), sw = weight ? rt.stage(weight, false) : null, so = rt.stage(out, true, false);
  try {
    const px = rt.addressOf(x);
    rt.runJobs('losses', 'nll_none', ranges(M, 4).map(([b0, b1]) => [px, st.ptr, sw ? sw.ptr : 0, C, S, ignoreIndex, b0, b1, so.ptr]));
  } finally {
    rt.unstage(so); rt.unstage(st); if (sw) rt.unstage(sw);
  }
}

export function nllBackwardFast(
  target: F, weight: F | null, C: number, S: number, ignoreIndex: number,
  scalarGrad: number | null, gradOutput: F | null, gradIn: F, f32: boolean,
): void {
  const M = target.length;
  if (!f32 || !fastOk(M * 8, weight, gradOutput, gradIn) || !(target instanceof Float64Array) || rt.addressOf(gradIn) < 0) {
    nllBackward(target, weight, C, S, ignoreIndex, scalarGrad, gradOutput, gradIn, f32); return;
  }
  const st = rt.stage(target, false), sw = weight ? rt.stage(weight, false) : null;
  const sg = scalarGrad === null && gradOutput ? rt.stage(gradOutput, false) : null;
  try {
    const pg = rt.addressOf(gradIn);
    rt.runJobs('losses', 'nll_bwd', ranges(M, 4).map(([b0, b1]) =>
      [st.ptr, sw ? sw.ptr : 0, C, S, ignoreIndex, scalarGrad ?? 0, sg ? sg.ptr : 0, b0, b1, pg]));
  } finally {
    rt.unstage(st); if (sw) rt.unstage(sw); if (sg) rt.unstage(sg);
  }
}

/** The first target (row-major) that is neither ignore_index nor in [0, C), or null. */
export function findBadTargetFast(target: F, C: number, ignoreIndex: number): number | null {
  if (target.length < 4096 || !(target instanceof Float64Array) || !rt.available()) return findBadTarget(target, C, ignoreIndex);
  const st = rt.stage(target, false);
  try {
    const b = rt.exportsOf('losses').find_bad_target(st.ptr, target.length, C, ignoreIndex) as number;
    return b < 0 ? null : target[b];
  } finally {
    rt.unstage(st);
  }
}

/** nllBackward into a gradient that need not be zeroed: every element is written (reference). */
export function nllBackwardFilledRef(
  target: F, weight: F | null, C: number, S: number, ignoreIndex: number,
  scalarGrad: number | null, gradOutput: F | null, gradIn: F, f32: boolean,
): void {
  gradIn.fill(0);
  if (target.length > 0) nllBackward(target, weight, C, S, ignoreIndex, scalarGrad, gradOutput, gradIn, f32);
}

/**
 * nllBackward into a gradient that need not be zeroed: the zero-fill and the scatter of the N
 * target entries happen in one pass, block by block, split over the threads.
 */
export function nllBackwardFilledFast(
  target: F, weight: F | null, C: number, S: number, ignoreIndex: number,
  scalarGrad: number | null, gradOutput: F | null, gradIn: F, f32: boolean,
): void {
  const M = target.length, N = S > 0 ? M / S : 0;
  if (!f32 || !Number.isInteger(N) || N * C * S !== gradIn.length || !fastOk(gradIn.length, weight, gradOutput, gradIn)
    || !(target instanceof Float64Array) || rt.addressOf(gradIn) < 0) {
    nllBackwardFilledRef(target, weight, C, S, ignoreIndex, scalarGrad, gradOutput, gradIn, f32); return;
  }
  const st = rt.stage(target, false), sw = weight ? rt.stage(weight, false) : null;
  const sg = scalarGrad === null && gradOutput ? rt.stage(gradOutput, false) : null;
  try {
    const pg = rt.addressOf(gradIn);
    rt.runJobs('losses', 'nll_bwd_fill', ranges(N, C * S).map(([n0, n1]) =>
      [st.ptr, sw ? sw.ptr : 0, C, S, ignoreIndex, scalarGrad ?? 0, sg ? sg.ptr : 0, n0, n1, pg]));
  } finally {
    rt.unstage(st); if (sw) rt.unstage(sw); if (sg) rt.unstage(sg);
  }
}
