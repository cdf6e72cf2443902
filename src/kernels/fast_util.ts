// Shared plumbing of the fast loss kernels: when to use WebAssembly, how to cut a softmax-shaped
// job (outer, C, inner) into pieces for the thread pool, and how to run on arrays that do not live
// in the shared memory (staged through scratch a block of slices at a time, so no N x C copy).
import * as rt from './wasm_runtime.js';

export type F = Float32Array | Float64Array;

/** Below this many elements the reference kernels run (no staging, same results as before). */
export const FAST_MIN = 1024;
/** Below this many elements a job stays on the calling thread. */
export const PAR_MIN = 1 << 17;
/** Elements per parallel piece. */
const GRAIN = 1 << 16;
/** Scratch per staged array when operands live on the JS heap. */
const STAGE_BYTES = 1 << 22;

export function fastOk(n: number, ...arrays: (F | null)[]): boolean {
  if (n < FAST_MIN || !rt.available()) return false;
  for (const a of arrays) if (a !== null && !(a instanceof Float32Array)) return false;
  return true;
}

/** A piece of a softmax-shaped job: outer slices [o0, o0 + nOuter), positions [j0, j1) of each. */
export type Piece = [o0: number, nOuter: number, j0: number, j1: number];

/** Cuts outer slices [0, outer) x positions [0, inner) into pieces of about GRAIN elements. */
export function pieces(outer: number, C: number, inner: number): Piece[] {
  const total = outer * C * inner;
  const t = rt.threads();
  if (total < PAR_MIN || (t === 1 && !rt.canSpawn())) return [[0, outer, 0, inner]];
  const target = Math.min(1024, Math.max(4 * t, Math.ceil(total / GRAIN)));
  const out: Piece[] = [];
  if (inner === 1 || outer >= target) {
    const per = Math.max(1, Math.ceil(outer / target));
    for (let o = 0; o < outer; o += per) out.push([o, Math.min(per, outer - o), 0, inner]);
    return out;
  }
  // few slices: also cut positions (in multiples of 16 so 16-position SIMD blocks stay whole)
  const perSlice = Math.max(1, Math.ceil(target / outer));
  const step = Math.max(16, Math.ceil(inner / perSlice / 16) * 16);
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j += step) out.push([o, 1, j, Math.min(inner, j + step)]);
  return out;
}

/**
 * Runs `body(ptrs, o0, o1)` with every per-element array (inputs `ins`, outputs `outs`, all of
 * outer x sliceElems floats) addressable in wasm memory from slice o0 on: in place (one call over
 * all slices) when they live there, else through scratch blocks of slices, copied in and out.
 * Returns false when scratch cannot be had (the caller then uses the reference kernel).
 */
export function withSlices(outer: number, sliceElems: number, ins: Float32Array[], outs: Float32Array[],
  body: (ptrs: number[], o0: number, o1: number) => void): boolean {
  const all = [...ins, ...outs];
  const addr = all.map((a) => rt.addressOf(a));
  if (addr.every((p) => p >= 0)) { body(addr, 0, outer); return true; }
  const sliceBytes = sliceElems * 4;
  const block = Math.max(1, Math.min(outer, Math.floor(STAGE_BYTES / Math.max(1, sliceBytes))));
  const scratch: number[] = [];
  try {
    for (let k = 0; k < all.length; k++) {
      if (addr[k] >= 0) continue;
      const p = rt.malloc(block * sliceBytes);
      if (p < 0) return false;
      scratch.push(p);
      addr[k] = -1 - p; // staged: remember the scratch address
    }
    for (let o0 = 0; o0 < outer; o0 += block) {
      const o1 = Math.min(outer, o0 + block), n = (o1 - o0) * sliceElems;
      const heap = rt.heapF32();
      const ptrs = addr.map((p, k) => {
        if (p >= 0) return p + o0 * sliceBytes;
        const q = -1 - p;
        if (k < ins.length) heap.set(ins[k].subarray(o0 * sliceElems, o0 * sliceElems + n), q >>> 2);
        return q;
      });
      body(ptrs, o0, o1);
      const h = rt.heapF32();
      for (let k = ins.length; k < all.length; k++) {
        if (addr[k] >= 0) continue;
        const q = -1 - addr[k];
        outs[k - ins.length].set(h.subarray(q >>> 2, (q >>> 2) + n), o0 * sliceElems);
      }
    }
    return true;
  } finally {
    for (const p of scratch) rt.freeBlock(p);
  }
}

/** Cuts [0, M) into ranges of about GRAIN positions for the pool: [b0, b1] pairs. */
export function ranges(M: number, costPer = 1): [number, number][] {
  const t = rt.threads();
  if (M * costPer < PAR_MIN || (t === 1 && !rt.canSpawn())) return [[0, M]];
  const n = Math.min(1024, Math.max(4 * t, Math.ceil((M * costPer) / GRAIN)));
  const per = Math.ceil(M / n);
  const out: [number, number][] = [];
  for (let b = 0; b < M; b += per) out.push([b, Math.min(M, b + per)]);
  return out;
}
