// The WebAssembly SIMD float32 GEMM (asm/gemm.ts) behind gemmRef's signature, plus the plumbing
// the conv kernels share: one instance of the module over a shared WebAssembly.Memory, and a
// scratch arena in that memory (both from the wasm runtime). Operands that already live in the memory are used in place;
// others are copied in (and the result copied out), in tiles when they are big. Anything the
// module cannot take (float64, tiny products, no WebAssembly SIMD, kernels not loaded, a memory
// too full for even small tiles) goes to the reference kernel.
import { gemmRef, type F } from './gemm.js';
import { RuntimeError } from '../tensor/errors.js';
import { gemmSmallBatchStaged, gemmSmallStaged } from './fast_small.js';

export interface GemmExports {
  sgemm(M: number, N: number, K: number, a: number, rsa: number, csa: number, b: number, rsb: number, csb: number,
    c: number, ldc: number, accumulate: number, ws: number): void;
  sgemmWorkspaceBytes(): number;
  convWorkspaceBytes(geom: number): number;
  conv2dForward(x: number, w: number, bias: number, out: number, n0: number, n1: number, geom: number, ws: number): void;
  conv2dBackwardInput(gout: number, w: number, gx: number, n0: number, n1: number, geom: number, ws: number): void;
  conv2dBackwardWeight(x: number, gout: number, gw: number, gb: number, n0: number, n1: number, chunk: number, geom: number, ws: number): void;
  winoWorkspaceBytes(geom: number): number;
  winoForward(x: number, U: number, bias: number, out: number, n0: number, n1: number, geom: number, ws: number): void;
  winoBackwardWeight(x: number, gout: number, dU: number, gb: number, n0: number, n1: number, chunk: number, geom: number, ws: number): void;
  maxPool2x2(x: number, planes: number, H: number, W: number, OH: number, OW: number, out: number, idx: number): void;
  sumParts(p: number, parts: number, n: number): void;
  wino4WorkspaceBytes(geom: number): number;
  wino4BackwardWeight(x: number, gout: number, dU: number, gb: number, n0: number, n1: number, chunk: number, geom: number, ws: number): void;
  wino4Forward(x: number, U: number, bias: number, out: number, n0: number, n1: number, geom: number, ws: number): void;
  wino4Weights(w: number, O: number, C: number, U: number, flip: number, o0: number, o1: number, S: number): void;
  wino4WeightGrad(dU: number, O: number, C: number, gw: number, o0: number, o1: number, S: number): void;
  zeroF32(p: number, n: number): void;
  maxPoolBackward(gout: number, idx: number, gx: number, planes: number, inPlane: number, outPlane: number): void;
  adadelta32(p: number, g: number, sq: number, acc: number, i0: number, i1: number, rho: number, c: number, eps: number, nlr: number, sign: number): void;
  gemmSmall(M: number, N: number, K: number, a: number, rsa: number, csa: number, b: number, rsb: number, csb: number,
    c: number, ldc: number, accumulate: number, ws: number): void;
  outerAddF32(M: number, N: number, a: number, b: number, d: number): void;
  // the elementwise training kernels (asm/lib/elementwise.ts, used by fast_elementwise.ts)
  reluF32(x: number, out: number, i0: number, i1: number): void;
  reluBackwardF32(res: number, g: number, r: number, i0: number, i1: number): void;
  dropoutApplyF32(x: number, keep: number, out: number, i0: number, i1: number, scale: number): void;
  bernoulliKeep(mt: number, mti: number, keep: number, n: number, q: number): number;
  tanhF32(x: number, out: number, n: number, fix: number): number;
  addScaledF32(a: number, b: number, out: number, i0: number, i1: number, alpha: number): void;
  sgd32(p: number, g: number, buf: number, i0: number, i1: number, sign: number, wd: number, mom: number, damp: number, nlr: number, flags: number): void;
  adam32(p: number, g: number, m: number, v: number, i0: number, i1: number, sign: number, b1: number, c1: number, b2: number, c2: number,
    wd: number, decay: number, eps: number, bc2: number, nss: number, flags: number): void;
}

/** Where the module's memory comes from; the wasm runtime may install its own (see setGemmHost). */
export interface GemmHost {
  memory: WebAssembly.Memory;
  /** Byte address of `a`'s first element when `a` lives in `memory`, else -1. */
  addressOf(a: F): number;
  /** Scratch space in `memory`: a byte address aligned to 16 at least, growing the memory if
   * needed; -1 when the memory cannot hold it. */
  malloc(bytes: number): number;
  free(ptr: number): void;
  /** How big the memory may get, for messages: 'wasm memory is limited to 4 GiB'. */
  limit(): string;
  /** The module's exports on `memory`: the runtime's own instance, the build its workers run, so
   * that a product gives the same bits whether it runs here or is split over threads. */
  exports?(): GemmExports;
}

export interface GemmContext {
  ex: GemmExports;
  memory: WebAssembly.Memory;
  host: GemmHost;
  /** A float32 view of the whole memory (refreshed after growth). */
  f32(): Float32Array;
  i32(): Int32Array;
  u8(): Uint8Array;
  /**
   * Scratch allocation; everything allocated after `mark(what)` is freed by `release(mark)`. alloc
   * throws a ScratchError naming `what` when the memory cannot hold the block; tryAlloc returns -1.
   */
  mark(what?: string): number;
  alloc(bytes: number): number;
  tryAlloc(bytes: number): number;
  release(mark: number): void;
}

/** The memory cannot hold a kernel's scratch. The kernels catch it and run their reference code
 * on the JS heap instead, so it reaches a caller only from code that has no such fallback. */
export class ScratchError extends RuntimeError {}

/**
 * Runs `fast` inside a scratch scope named `what` (freed at the end). Returns false if it ran out
 * of scratch: the fast kernels allocate all their scratch before they write any output, so the
 * caller may then run the reference kernel from scratch.
 */
export function withScratch(cx: GemmContext, what: string, fast: () => boolean | void): boolean {
  const m = cx.mark(what);
  try {
    return fast() !== false;
  } catch (e) {
    if (e instanceof ScratchError) return false;
    throw e;
  } finally {
    cx.release(m);
  }
}

let ctx: GemmContext | null | undefined;
let hostOverride: GemmHost | null = null;
let threshold = 32 * 32 * 32;

/** Products with fewer multiply-adds than this go to the reference kernel (packing costs more). */
export function setFastGemmThreshold(flops: number): void { threshold = flops; }

/** Uses `host`'s memory and module instance from now on (null: none, the reference kernels run). */
export function setGemmHost(host: GemmHost | null): void {
  hostOverride = host;
  ctx = undefined;
}

/** The module instance, or null where WebAssembly SIMD or shared memory is unavailable. */
export function gemmContext(): GemmContext | null {
  if (ctx !== undefined) return ctx;
  try {
    // the wasm runtime installs the host once its modules are loaded (kernels/wasm_runtime.ts)
    if (!hostOverride?.exports) { ctx = null; return ctx; }
    const host = hostOverride, memory = host.memory;
    const ex = host.exports!();
    let buf: ArrayBufferLike | null = null, f32v = new Float32Array(0), i32v = new Int32Array(0), u8v = new Uint8Array(0);
    const refresh = (): void => {
      if (memory.buffer !== buf) { buf = memory.buffer; f32v = new Float32Array(buf); i32v = new Int32Array(buf); u8v = new Uint8Array(buf); }
    };
    const live: number[] = [];
    let what = '';
    const tryAlloc = (bytes: number): number => { const p = host.malloc(bytes); if (p >= 0) live.push(p); return p; };
    ctx = {
      ex, memory, host,
      f32: () => { refresh(); return f32v; },
      i32: () => { refresh(); return i32v; },
      u8: () => { refresh(); return u8v; },
      mark: (w) => { if (w !== undefined) what = w; return live.length; },
      tryAlloc,
      alloc: (bytes) => {
        const p = tryAlloc(bytes);
        if (p < 0) throw new ScratchError(`${host.limit()}: cannot allocate ${bytes} bytes of scratch for ${what}`);
        return p;
      },
      release: (m) => { while (live.length > m) host.free(live.pop()!); },
    };
  } catch {
    ctx = null;
  }
  return ctx;
}

/** Places `a` (a kernel's small operand: weights, bias) in wasm memory: its address if it lives
 * there already, else a scratch copy. Returns the byte address. */
export function place(c: GemmContext, a: F): number {
  const at = c.host.addressOf(a);
  if (at >= 0) return at;
  const p = c.alloc(a.length * 4);
  c.f32().set(a, p >>> 2);
  return p;
}

/**
 * Runs independent jobs; job i calls export `fn` of the gemm module with arguments jobs[i]. The
 * default runs them one after another on this thread; the wasm runtime's worker pool may install
 * a runner that spreads them over threads sharing the module's memory (returning when all are done).
 */
export type ParallelRunner = (fn: string, jobs: number[][]) => void;
let runner: ParallelRunner | null = null;
let threadCount = 1;
/** Installs (or removes, with null) the runner the fast GEMM and conv kernels split work with. */
export function setParallelRunner(r: ParallelRunner | null, threads = 1): void { runner = r; threadCount = r ? Math.max(1, threads) : 1; }
export function parallelThreads(): number { return threadCount; }
export function runJobs(cx: GemmContext, fn: keyof GemmExports, jobs: number[][]): void {
  if (jobs.length > 1 && runner) { runner(fn, jobs); return; }
  const f = cx.ex[fn] as unknown as (...a: number[]) => void;
  for (const j of jobs) f(...j);
}
/** Work below this many multiply-adds per thread is not worth a hand-off to another thread. */
const PARALLEL_MIN = 1 << 20;

/**
 * C[M,N] (+)= op(A) @ op(B) in float32 through WebAssembly SIMD; gemmRef's signature and semantics.
 * `minWork`: the multiply-adds below which the plain loops run instead (a caller whose B already
 * lives in the memory, like a recurrent layer's per-step h @ W_hh^T, gains from SIMD at any size).
 */
export function gemmFast(
  a: F, b: F, c: F, M: number, K: number, N: number,
  transA = false, transB = false, accumulate = false, minWork = threshold,
): void {
  const f32 = a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array, flops = M * N * K;
  const cx = f32 && flops >= Math.min(SMALL_MIN, minWork) ? gemmContext() : null;
  if (cx && flops < minWork) {
    // below the tiled kernel's threshold: the small SIMD kernel with gemmRef's float64 sums (same bits)
    if (gemmSmallStaged(cx, a as Float32Array, b as Float32Array, c as Float32Array, M, K, N, transA, transB, accumulate)) return;
    if (!withScratch(cx, 'a matrix product', () => gemmSmallFast(cx, a, b, c, M, K, N, transA, transB, accumulate)))
      gemmRef(a, b, c, M, K, N, transA, transB, accumulate);
    return;
  }
  if (!cx || !withScratch(cx, 'a matrix product', () => gemmTiles(cx, a, b, c, M, K, N, transA, transB, accumulate)))
    gemmRef(a, b, c, M, K, N, transA, transB, accumulate);
}

/**
 * nb products stored one after another (bmm): products below the GEMM threshold whose batch is
 * worth a call into WebAssembly go staged together (gemmSmall, gemmRef's bits), the others one by one.
 */
export function gemmBatchFast(a: F, b: F, c: F, nb: number, M: number, K: number, N: number, transA = false, transB = false): void {
  const flops = M * N * K;
  if (nb > 1 && flops < threshold && nb * flops >= SMALL_MIN && a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    const cx = gemmContext();
    if (cx && gemmSmallBatchStaged(cx, a, b, c, nb, M, K, N, transA, transB)) return;
  }
  const sa = M * K, sb = K * N, sc = M * N;
  for (let i = 0; i < nb; i++)
    gemmFast(a.subarray(i * sa, (i + 1) * sa), b.subarray(i * sb, (i + 1) * sb), c.subarray(i * sc, (i + 1) * sc), M, K, N, transA, transB);
}

/** Below this many multiply-adds the reference loops in JavaScript beat the copies into wasm memory. */
const SMALL_MIN = 1024;

/**
 * A product below the GEMM threshold (batch-1 loops: 1 x 128 @ 128 x 128 and the like) through
 * asm/lib/small_gemm.ts: gemmRef's float64 sums, so the same bits, in WebAssembly SIMD. Operands
 * off the memory are copied into scratch (the copies are small next to the sums).
 */
function gemmSmallFast(cx: GemmContext, a: F, b: F, c: F, M: number, K: number, N: number, transA: boolean, transB: boolean, accumulate: boolean): void {
  const pa = place(cx, a), pb = place(cx, b);
  let pc = cx.host.addressOf(c);
  const copyC = pc < 0;
  if (copyC) { pc = cx.alloc(M * N * 4); if (accumulate) cx.f32().set(c.subarray(0, M * N), pc >>> 2); }
  cx.ex.gemmSmall(M, N, K, pa, transA ? 1 : K, transA ? M : 1, pb, transB ? 1 : N, transB ? K : 1, pc, N, accumulate ? 1 : 0, cx.alloc(N * 8));
  if (copyC) c.set(cx.f32().subarray(pc >>> 2, (pc >>> 2) + M * N));
}

/** Scratch bytes the copies of a product's operands may take at once (operands on the JS heap). */
const GEMM_STAGE = 1 << 25;

/**
 * The product through asm/gemm.ts. Operands that live in the memory are used in place; the others
 * are copied into scratch: all at once when they fit in GEMM_STAGE bytes, else C goes in tiles of
 * rows x cols, each from those rows of op(A) and columns of op(B). Every element of C is the same
 * sum whatever the tiling (sgemm's K blocking depends on K alone), so the bits do not depend on
 * where the operands live. False (nothing written) when even the smallest tiles do not fit.
 */
function gemmTiles(cx: GemmContext, a: F, b: F, c: F, M: number, K: number, N: number, transA: boolean, transB: boolean, accumulate: boolean): boolean {
  const h = cx.host, pa = h.addressOf(a), pb = h.addressOf(b), pc = h.addressOf(c);
  const rsa = transA ? 1 : K, csa = transA ? M : 1, rsb = transB ? 1 : N, csb = transB ? K : 1;
  // a workspace per job, as many as the memory gives after the copies (the bits do not depend on
  // the jobs), and one at least
  const wsBytes = cx.ex.sgemmWorkspaceBytes(), ws = [cx.alloc(wsBytes)];
  let rows = M, cols = N, sa = 0, sb = 0, sc = 0;
  for (let budget = GEMM_STAGE; ; budget >>= 1) {
    [rows, cols] = tileOf(M, K, N, pa < 0, pb < 0, pc < 0, budget);
    const m = cx.mark();
    sa = pa < 0 ? cx.tryAlloc(rows * K * 4) : 0;
    sb = pb < 0 ? cx.tryAlloc(K * cols * 4) : 0;
    sc = pc < 0 ? cx.tryAlloc(rows * cols * 4) : 0;
    if (sa >= 0 && sb >= 0 && sc >= 0) break;
    cx.release(m);
    if (rows <= 4 && cols <= 8) return false;
  }
  for (let p = 0, t = productJobs(rows, cols, K); ws.length < t && (p = cx.tryAlloc(wsBytes)) >= 0;) ws.push(p);
  for (let j0 = 0; j0 < N; j0 += cols) {
    const nc = Math.min(cols, N - j0);
    // columns j0.. of op(B): in place, or copied keeping B's layout (rows of B^T, or row pieces of B)
    let B = pb + j0 * csb * 4, brs = rsb, bcs = csb;
    if (pb < 0) {
      B = sb;
      if (transB) { copyIn(cx, b, j0 * K, K, nc, K, sb); brs = 1; bcs = K; } else { copyIn(cx, b, j0, N, K, nc, sb); brs = nc; bcs = 1; }
    }
    for (let i0 = 0; i0 < M; i0 += rows) {
      const mr = Math.min(rows, M - i0);
      let A = pa + i0 * rsa * 4, ars = rsa, acs = csa;
      if (pa < 0) {
        A = sa;
        if (j0 === 0 || rows < M) {
          if (transA) copyIn(cx, a, i0, M, K, mr, sa); else copyIn(cx, a, i0 * K, K, mr, K, sa);
        }
        if (transA) { ars = 1; acs = mr; } else { ars = K; acs = 1; }
      }
      let C = pc + (i0 * N + j0) * 4, ldc = N;
      if (pc < 0) { C = sc; ldc = nc; if (accumulate) copyIn(cx, c, i0 * N + j0, N, mr, nc, sc); }
      product(cx, mr, nc, K, A, ars, acs, B, brs, bcs, C, ldc, accumulate, ws);
      if (pc < 0) copyOut(cx, sc, c, i0 * N + j0, N, mr, nc);
    }
  }
  return true;
}

/** Rows and columns of C per tile so that the copies take at most `budget` bytes (4 x 8 at least). */
function tileOf(M: number, K: number, N: number, copyA: boolean, copyB: boolean, copyC: boolean, budget: number): [number, number] {
  let rows = M, cols = N;
  const bytes = (): number => 4 * ((copyA ? rows * K : 0) + (copyB ? K * cols : 0) + (copyC ? rows * cols : 0));
  while (bytes() > budget && (rows > 4 || cols > 8)) {
    // halve the side whose copies take more
    const byRows = rows * ((copyA ? K : 0) + (copyC ? cols : 0)), byCols = cols * ((copyB ? K : 0) + (copyC ? rows : 0));
    if (cols <= 8 || (rows > 4 && byRows >= byCols)) rows = Math.ceil(rows / 2);
    else cols = Math.ceil(cols / 16) * 8;
  }
  return [rows, cols];
}

/** src[at + r*stride + (0..len)] for r < n, copied one after another to byte address p. */
function copyIn(cx: GemmContext, src: F, at: number, stride: number, n: number, len: number, p: number): void {
  const f = cx.f32(), q = p >>> 2;
  if (stride === len) { f.set(src.subarray(at, at + n * len), q); return; }
  for (let r = 0; r < n; r++) f.set(src.subarray(at + r * stride, at + r * stride + len), q + r * len);
}
/** The inverse of copyIn. */
function copyOut(cx: GemmContext, p: number, dst: F, at: number, stride: number, n: number, len: number): void {
  const f = cx.f32(), q = p >>> 2;
  for (let r = 0; r < n; r++) dst.set(f.subarray(q + r * len, q + (r + 1) * len), at + r * stride);
}

/** Jobs one product of M x N x K is split into: column ranges of C, one per thread at most. */
function productJobs(M: number, N: number, K: number): number {
  return Math.max(1, Math.min(threadCount, Math.floor((M * N * K) / PARALLEL_MIN), Math.ceil(N / 8)));
}

/** One sgemm over byte addresses, its columns split between threads (a job per workspace in `ws` at most). */
function product(cx: GemmContext, M: number, N: number, K: number, pa: number, rsa: number, csa: number,
  pb: number, rsb: number, csb: number, pc: number, ldc: number, accumulate: boolean, ws: number[]): void {
  // split the columns of C (in multiples of the 8-wide micro-tile) between threads
  const t = Math.min(ws.length, productJobs(M, N, K));
  const jobs: number[][] = [];
  for (let i = 0, j0 = 0; i < t; i++) {
    const j1 = i === t - 1 ? N : Math.min(N, Math.ceil((N * (i + 1)) / t / 8) * 8);
    if (j1 > j0) jobs.push([M, j1 - j0, K, pa, rsa, csa, pb + j0 * csb * 4, rsb, csb, pc + j0 * 4, ldc, accumulate ? 1 : 0, ws[i]]);
    j0 = j1;
  }
  runJobs(cx, 'sgemm', jobs);
}
