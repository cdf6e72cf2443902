// Shared plumbing of the fast loss kernels: when to use WebAssembly, how to cut a softmax-shaped
// job (outer, C, inner) into pieces for the thread pool, and how to run on arrays that do not live
// in the shared memory (staged through scratch a block of slices at a time, so no N x C copy).
import * as rt from './wasm_runtime.js';
import type { GemmContext } from './fast_gemm.js';

export type F = Float32Array | Float64Array;

/** Below this many elements the reference kernels run (no staging, same results as before). */
export const FAST_MIN = 1024;
/** Below this many elements a job stays on the calling thread. */
export const PAR_MIN = 1 << 17;
/** Elements per parallel piece. */
const GRAIN = 1 << 16;
/** Scratch per staged array when operands live on the JS heap. */
const STAGE_BYTES = 1 << 22;
/** The same for the conv and pooling kernels, whose blocks are of whole images or planes. */
export const BLOCK_STAGE = 1 << 24;

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

/** Where withSlices stages blocks: the wasm runtime's allocator (the loss kernels) or a GEMM
 * context's scratch (conv, pooling). malloc returns -1 when the memory cannot hold the block. */
export interface StageHost {
  addressOf(a: ArrayBufferView): number;
  malloc(bytes: number): number;
  free(p: number): void;
  bytes(): Uint8Array;
}
const runtimeHost: StageHost = { addressOf: rt.addressOf, malloc: (n) => rt.malloc(n), free: rt.freeBlock, bytes: rt.heapU8 };
/** A GEMM context's scratch (blocks go back when the context's scope is released). */
export function contextHost(cx: GemmContext): StageHost {
  return { addressOf: (a) => cx.host.addressOf(a as Float32Array), malloc: cx.tryAlloc, free: () => {}, bytes: cx.u8 };
}

/** What withSlices stages: float32 data, or int32 indices (max pooling's). */
export type Sliced = Float32Array | Int32Array;
export interface SliceOptions {
  host?: StageHost;
  /** Elements per slice of each array (ins, then outs) when they differ (default: sliceElems for all). */
  elems?: number[];
  /** Scratch bytes per staged array for one block (default STAGE_BYTES). */
  budget?: number;
  /** Blocks never get smaller than this many slices (unless fewer are left)... */
  minBlock?: number;
  /** ...and end where this says: the end, in (o0, o1], of a block from o0 that may reach o1. */
  cut?: (o0: number, o1: number) => number;
}

/**
 * Runs `body(ptrs, o0, o1)` with every per-slice array (inputs `ins`, outputs `outs`, `outer`
 * slices each) addressable in wasm memory from slice o0 on: in place (one call over all slices)
 * when they live there, else through scratch blocks of slices, copied in and out. Blocks shrink
 * when the memory cannot hold them; returns false (before any call) when even the smallest
 * cannot be had, and the caller then uses the reference kernel.
 */
export function withSlices(outer: number, sliceElems: number, ins: Sliced[], outs: Sliced[],
  body: (ptrs: number[], o0: number, o1: number) => void, opts: SliceOptions = {}): boolean {
  const host = opts.host ?? runtimeHost, all = [...ins, ...outs];
  const addr = all.map((a) => host.addressOf(a));
  if (addr.every((p) => p >= 0)) { body(addr, 0, outer); return true; }
  const sliceBytes = all.map((a, k) => (opts.elems?.[k] ?? sliceElems) * a.BYTES_PER_ELEMENT);
  const widest = Math.max(1, ...sliceBytes.filter((_, k) => addr[k] < 0));
  const minBlock = Math.min(outer, opts.minBlock ?? 1);
  let block = Math.max(minBlock, Math.min(outer, Math.floor((opts.budget ?? STAGE_BYTES) / widest)));
  const scratch: number[] = [];
  try {
    for (let k = 0; k < all.length; k++) {
      if (addr[k] >= 0) continue;
      let p = host.malloc(block * sliceBytes[k]);
      // less memory than the budget: smaller blocks (blocks already placed stay big enough)
      while (p < 0 && block > minBlock) { block = Math.max(minBlock, block >> 1); p = host.malloc(block * sliceBytes[k]); }
      if (p < 0) return false;
      scratch.push(p);
      addr[k] = -1 - p; // staged: remember the scratch address
    }
    for (let o0 = 0; o0 < outer;) {
      const o1 = opts.cut ? opts.cut(o0, Math.min(outer, o0 + block)) : Math.min(outer, o0 + block);
      const ptrs = addr.map((p, k) => {
        if (p >= 0) return p + o0 * sliceBytes[k];
        const q = -1 - p;
        if (k < ins.length) host.bytes().set(bytesOf(all[k], o0 * sliceBytes[k], (o1 - o0) * sliceBytes[k]), q);
        return q;
      });
      body(ptrs, o0, o1);
      for (let k = ins.length; k < all.length; k++) {
        if (addr[k] >= 0) continue;
        const q = -1 - addr[k], n = (o1 - o0) * sliceBytes[k];
        bytesOf(all[k], o0 * sliceBytes[k], n).set(host.bytes().subarray(q, q + n));
      }
      o0 = o1;
    }
    return true;
  } finally {
    for (const p of scratch) host.free(p);
  }
}
function bytesOf(a: Sliced, at: number, n: number): Uint8Array { return new Uint8Array(a.buffer, a.byteOffset + at, n); }

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
