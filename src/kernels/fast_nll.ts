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
  const s = rt.malloc(ACC + RES);
  if (s < 0) throw new RangeError('wasm: out of memory');
  try {
    rt.exportsOf('losses').nll_cascade(vals, target, weight, ignoreIndex, M, s, s + ACC);
    const h = rt.heapF64(), q = (s + ACC) / 8;
    return { sum: h[q], totalWeight: h[q + 1], ignored: h[q + 2] };
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
  const vals = rt.malloc(M * 4);
  try {
    if (vals < 0) return nllForwardReduced(x, target, weight, C, S, ignoreIndex, f32);
    const px = rt.addressOf(x);
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
