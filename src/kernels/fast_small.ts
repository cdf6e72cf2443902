// Batch-1 products (a char-RNN step: 1 x 57 @ 57 x 128, 1 x 128 @ 128 x 128, and the weight
// gradients dY^T @ X of one row) cost more in their plumbing than in their sums: a scratch block
// taken and freed per call, copies in and out, a scope per call. Here operands off the memory are
// staged in one arena of the shared memory, taken once and reused by every call (the calls are
// synchronous and never nest), so a small product is a few copies and one export call.
import { gemmContext, type GemmContext } from './fast_gemm.js';
import { outerAddRef } from './outer.js';

type F = Float32Array | Float64Array;
/** Bytes of the staging arena: room for a 128 x 128 float32 operand and its vectors, twice. */
const ARENA = 1 << 17;
let arenaOf: GemmContext | null = null, arena = -1, top = 0;

/** The arena of cx's memory (taken on first use), emptied; false when the memory cannot hold it. */
function openArena(cx: GemmContext): boolean {
  if (arenaOf !== cx) { arenaOf = cx; arena = cx.host.malloc(ARENA); }
  top = 0;
  return arena >= 0;
}

/**
 * The arena's address, emptied, for a caller that stages up to `bytes` through it itself around one
 * call into cx's module (calls never nest); -1 when it is too small or the memory cannot hold it.
 */
export function arenaFor(cx: GemmContext, bytes: number): number {
  return bytes <= ARENA && openArena(cx) ? arena : -1;
}

/** a's byte address: `at` where it lives in the memory, else a copy in the arena (-1: no room). */
function stage(cx: GemmContext, a: Float32Array, at: number, n: number, copy: boolean): number {
  if (at >= 0) return at;
  const bytes = (n * 4 + 15) & ~15;
  if (top + bytes > ARENA) return -1;
  const p = arena + top;
  top += bytes;
  if (copy) cx.f32().set(n === a.length ? a : a.subarray(0, n), p >>> 2);
  return p;
}

/**
 * gemmSmall (asm/lib/small_gemm.ts, gemmRef's bits) with its operands staged in the arena rather
 * than in scratch blocks of their own. False (nothing written) when they do not fit: the caller
 * then takes its usual route.
 */
export function gemmSmallStaged(cx: GemmContext, a: Float32Array, b: Float32Array, c: Float32Array, M: number, K: number, N: number,
  transA: boolean, transB: boolean, accumulate: boolean): boolean {
  if (!openArena(cx)) return false;
  const h = cx.host, atC = h.addressOf(c);
  const pa = stage(cx, a, h.addressOf(a), M * K, true), pb = pa < 0 ? -1 : stage(cx, b, h.addressOf(b), K * N, true);
  if (pb < 0) return false;
  const pc = stage(cx, c, atC, M * N, accumulate), ws = arena + top; // ws: N float64 sums
  if (pc < 0 || top + N * 8 > ARENA) return false;
  cx.ex.gemmSmall(M, N, K, pa, transA ? 1 : K, transA ? M : 1, pb, transB ? 1 : N, transB ? K : 1, pc, N, accumulate ? 1 : 0, ws);
  if (atC < 0) c.set(cx.f32().subarray(pc >>> 2, (pc >>> 2) + M * N));
  return true;
}

/**
 * nb products C_i = op(A_i) @ op(B_i) of small matrices stored one after another (bmm's 4 x 8 x 8),
 * each as gemmSmallStaged computes it, with the operands staged once for all of them. False
 * (nothing written) when they do not fit.
 */
export function gemmSmallBatchStaged(cx: GemmContext, a: Float32Array, b: Float32Array, c: Float32Array, nb: number, M: number, K: number, N: number,
  transA: boolean, transB: boolean): boolean {
  if (!openArena(cx)) return false;
  const h = cx.host, atC = h.addressOf(c), sa = M * K, sb = K * N, sc = M * N;
  const pa = stage(cx, a, h.addressOf(a), nb * sa, true), pb = pa < 0 ? -1 : stage(cx, b, h.addressOf(b), nb * sb, true);
  if (pb < 0) return false;
  const pc = stage(cx, c, atC, nb * sc, false), ws = arena + top;
  if (pc < 0 || top + N * 8 > ARENA) return false;
  for (let i = 0; i < nb; i++)
    cx.ex.gemmSmall(M, N, K, pa + 4 * i * sa, transA ? 1 : K, transA ? M : 1, pb + 4 * i * sb, transB ? 1 : N, transB ? K : 1, pc + 4 * i * sc, N, 0, ws);
  if (atC < 0) c.set(cx.f32().subarray(pc >>> 2, (pc >>> 2) + nb * sc));
  return true;
}

/** Below this many elements the TypeScript loop costs no more than the call into WebAssembly. */
const OUTER_MIN = 256;

/**
 * d (M x N) += a^T @ b for a column a and a row b (outer.ts outerAddRef): WebAssembly SIMD when
 * everything is float32 and d lives in the memory (a and b are staged), else the twin.
 */
export function outerAddFast(d: F, a: F, b: F, M: number, N: number): void {
  const cx = M * N >= OUTER_MIN && d instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array ? gemmContext() : null;
  const pd = cx ? cx.host.addressOf(d) : -1;
  if (cx && pd >= 0 && openArena(cx)) {
    const h = cx.host, pa = stage(cx, a as Float32Array, h.addressOf(a), M, true), pb = pa < 0 ? -1 : stage(cx, b as Float32Array, h.addressOf(b), N, true);
    if (pb >= 0) { cx.ex.outerAddF32(M, N, pa, pb, pd); return; }
  }
  outerAddRef(d, a, b, M, N);
}
