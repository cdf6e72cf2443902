// The WebAssembly SIMD float32 GEMM (asm/gemm.ts) behind gemmRef's signature, plus the plumbing
// the conv kernels share: one instance of the module over a shared WebAssembly.Memory, and a
// scratch arena in that memory. Operands that already live in the memory are used in place;
// others are copied in (and the result copied out). Anything the module cannot take (float64,
// tiny products, no WebAssembly SIMD or SharedArrayBuffer) goes to the reference kernel.
import { wasmBase64 } from './wasm/gemm.wasm.js';
import { gemmRef, type F } from './gemm.js';

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
  maxPoolBackward(gout: number, idx: number, gx: number, planes: number, inPlane: number, outPlane: number): void;
  adadelta32(p: number, g: number, sq: number, acc: number, i0: number, i1: number, rho: number, c: number, eps: number, nlr: number, sign: number): void;
}

/** Where the module's memory comes from; the wasm runtime may install its own (see setGemmHost). */
export interface GemmHost {
  memory: WebAssembly.Memory;
  /** Byte address of `a`'s first element when `a` lives in `memory`, else -1. */
  addressOf(a: F): number;
  /** Scratch space in `memory`: a byte address aligned to 16 at least, growing the memory if needed. */
  malloc(bytes: number): number;
  free(ptr: number): void;
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
  /** Scratch allocation; everything allocated after `mark()` is freed by `release(mark)`. */
  mark(): number;
  alloc(bytes: number): number;
  release(mark: number): void;
}

const PAGE = 65536;
let ctx: GemmContext | null | undefined;
let hostOverride: GemmHost | null = null;
let threshold = 32 * 32 * 32;

/** Products with fewer multiply-adds than this go to the reference kernel (packing costs more). */
export function setFastGemmThreshold(flops: number): void { threshold = flops; }

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s), out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A memory of our own, for when no runtime has installed a host: scratch is a stack from 64 KiB up. */
function standaloneHost(): GemmHost {
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 16384, shared: true } as WebAssembly.MemoryDescriptor);
  let top = PAGE;
  const stack: number[] = [];
  return {
    memory,
    addressOf: () => -1,
    malloc(bytes) {
      const p = (top + 63) & ~63;
      stack.push(top);
      top = p + bytes;
      const need = Math.ceil(top / PAGE) - memory.buffer.byteLength / PAGE;
      if (need > 0) memory.grow(need);
      return p;
    },
    free() { top = stack.pop() ?? PAGE; },
  };
}

/** Uses `host`'s memory for the module from now on (null: back to a memory of our own). */
export function setGemmHost(host: GemmHost | null): void {
  hostOverride = host;
  ctx = undefined;
}

/** The module instance, or null where WebAssembly SIMD or shared memory is unavailable. */
export function gemmContext(): GemmContext | null {
  if (ctx !== undefined) return ctx;
  try {
    const host = hostOverride ?? standaloneHost();
    const memory = host.memory;
    const ex = host.exports?.() ?? new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(wasmBase64)),
      { env: { memory, abort: () => { throw new Error('gemm.wasm: abort'); } } }).exports as unknown as GemmExports;
    let buf: ArrayBufferLike | null = null, f32v = new Float32Array(0), i32v = new Int32Array(0);
    const refresh = (): void => {
      if (memory.buffer !== buf) { buf = memory.buffer; f32v = new Float32Array(buf); i32v = new Int32Array(buf); }
    };
    const live: number[] = [];
    ctx = {
      ex, memory, host,
      f32: () => { refresh(); return f32v; },
      i32: () => { refresh(); return i32v; },
      mark: () => live.length,
      alloc: (bytes) => { const p = host.malloc(bytes); live.push(p); return p; },
      release: (m) => { while (live.length > m) host.free(live.pop()!); },
    };
  } catch {
    ctx = null;
  }
  return ctx;
}

/**
 * Places `a` in wasm memory: its address if it lives there already, else a scratch copy
 * (`copy` false: uninitialised scratch of the same size). Returns the byte address.
 */
export function place(c: GemmContext, a: F, copy = true): number {
  const at = c.host.addressOf(a);
  if (at >= 0) return at;
  const p = c.alloc(a.length * 4);
  if (copy) c.f32().set(a, p >>> 2);
  return p;
}
/** Copies n floats at byte address p back into `dst` unless `dst` is that memory. */
export function takeBack(c: GemmContext, p: number, dst: F): void {
  if (c.host.addressOf(dst) === p) return;
  dst.set(c.f32().subarray(p >>> 2, (p >>> 2) + dst.length));
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

/** C[M,N] (+)= op(A) @ op(B) in float32 through WebAssembly SIMD; gemmRef's signature and semantics. */
export function gemmFast(
  a: F, b: F, c: F, M: number, K: number, N: number,
  transA = false, transB = false, accumulate = false,
): void {
  const cx = a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array && M * N * K >= threshold
    ? gemmContext() : null;
  if (!cx) { gemmRef(a, b, c, M, K, N, transA, transB, accumulate); return; }
  const m = cx.mark();
  try {
    const pa = place(cx, a.subarray(0, M * K)), pb = place(cx, b.subarray(0, K * N));
    const cv = c.subarray(0, M * N), pc = place(cx, cv, accumulate);
    const wsBytes = cx.ex.sgemmWorkspaceBytes();
    const rsa = transA ? 1 : K, csa = transA ? M : 1, rsb = transB ? 1 : N, csb = transB ? K : 1;
    // split the columns of C (in multiples of the 8-wide micro-tile) between threads
    const t = Math.max(1, Math.min(threadCount, Math.floor((M * N * K) / PARALLEL_MIN), Math.ceil(N / 8)));
    const jobs: number[][] = [];
    for (let i = 0, j0 = 0; i < t; i++) {
      const j1 = i === t - 1 ? N : Math.min(N, Math.ceil((N * (i + 1)) / t / 8) * 8);
      if (j1 > j0) jobs.push([M, j1 - j0, K, pa, rsa, csa, pb + j0 * csb * 4, rsb, csb, pc + j0 * 4, N, accumulate ? 1 : 0, cx.alloc(wsBytes)]);
      j0 = j1;
    }
    runJobs(cx, 'sgemm', jobs);
    takeBack(cx, pc, cv);
  } finally {
    cx.release(m);
  }
}

/**
 * Adadelta's float32 step without weight decay in WebAssembly SIMD (asm/gemm.ts adadelta32, the
 * same float32 arithmetic as optim/_kernels.ts adadelta32), split over threads by element range,
 * when all four arrays live in the module's memory. Returns false (nothing done) otherwise.
 */
export function adadelta32Fast(p: Float32Array, g: Float32Array, sq: Float32Array, acc: Float32Array,
  rho: number, c: number, eps: number, nlr: number, sign: number): boolean {
  const n = p.length;
  if (n < 4096 || g.length !== n || sq.length !== n || acc.length !== n) return false;
  const cx = gemmContext();
  if (!cx) return false;
  const h = cx.host, pp = h.addressOf(p), pg = h.addressOf(g), ps = h.addressOf(sq), pa = h.addressOf(acc);
  if (pp < 0 || pg < 0 || ps < 0 || pa < 0) return false;
  const t = n >= 1 << 17 ? threadCount : 1, jobs: number[][] = [];
  for (let i = 0; i < t; i++) {
    const i0 = Math.floor((n * i) / t / 4) * 4, i1 = i === t - 1 ? n : Math.floor((n * (i + 1)) / t / 4) * 4;
    if (i1 > i0) jobs.push([pp, pg, ps, pa, i0, i1, rho, c, eps, nlr, sign]);
  }
  runJobs(cx, 'adadelta32', jobs);
  return true;
}
