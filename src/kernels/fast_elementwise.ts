// The elementwise training kernels of asm/lib/elementwise.ts (relu forward/backward, dropout's
// apply, the SGD and Adam float32 steps) behind the TypeScript kernels' signatures. They run in
// WebAssembly SIMD when every array is float32 and lives in the shared memory (the storage
// allocator puts every tensor of 64 KiB or more there), split by element range over the worker
// pool when big; otherwise, and for small arrays, the TypeScript twin runs. Both give the same
// bits, so where an array lives never changes a result.
import { gemmContext, runJobs, parallelThreads, withScratch, type GemmContext, type GemmExports } from './fast_gemm.js';
import { reluInto as reluRef, reluBackward as reluBackwardRef } from './relu.js';
import { arenaFor } from './fast_small.js';

type F = Float32Array | Float64Array;
/** Below this many elements the TypeScript loop is as fast as the call into WebAssembly. */
const FAST_MIN = 256;
/** Below this many elements a job stays on the calling thread. */
const PAR_MIN = 1 << 17;

/** The context when all of `arrays` are float32 in its memory and n is worth it; else null. */
function placed(n: number, arrays: F[], addr: number[]): GemmContext | null {
  if (n < FAST_MIN) return null;
  const cx = gemmContext();
  if (!cx) return null;
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    if (!(a instanceof Float32Array) || a.length < n) return null;
    const p = cx.host.addressOf(a);
    if (p < 0) return null;
    addr[i] = p;
  }
  return cx;
}

/** Runs export `fn` over [0, n) with arguments head..., i0, i1, tail..., cut over threads when big. */
function ranged(cx: GemmContext, fn: keyof GemmExports, n: number, head: number[], tail: number[]): void {
  const t = n >= PAR_MIN ? parallelThreads() : 1, jobs: number[][] = [];
  for (let i = 0; i < t; i++) {
    const i0 = Math.floor((n * i) / t / 4) * 4, i1 = i === t - 1 ? n : Math.floor((n * (i + 1)) / t / 4) * 4;
    if (i1 > i0) jobs.push([...head, i0, i1, ...tail]);
  }
  runJobs(cx, fn, jobs);
}

/** d += s (gradient accumulation): WebAssembly SIMD in the memory, else one loop per array type
 * (so each stays monomorphic). */
export function addInto(d: F, s: F): void {
  const addr = [0, 0], cx = placed(d.length, [d, s], addr);
  if (cx) ranged(cx, 'addScaledF32', d.length, [addr[0], addr[1], addr[0]], [1]);
  else if (d instanceof Float32Array && s instanceof Float32Array) addF32(d, s);
  else for (let i = 0; i < d.length; i++) d[i] += s[i];
}
function addF32(d: Float32Array, s: Float32Array): void { for (let i = 0; i < d.length; i++) d[i] += s[i]; }

/**
 * out = a + alpha * b for float32 arrays of one length in the memory (torch.add's float32 arithmetic,
 * ops/elementwise.ts: the same bits); false (nothing written) when the caller must run its loop.
 */
export function addScaledFast(a: F, b: F, out: F, alpha: number): boolean {
  const addr = [0, 0, 0], cx = b.length === a.length && out.length === a.length ? placed(a.length, [a, b, out], addr) : null;
  if (!cx) return false;
  ranged(cx, 'addScaledF32', a.length, addr, [alpha]);
  return true;
}

/** out = relu(x) (kernels/relu.ts reluInto). */
export function reluIntoFast(x: F, out: F): void {
  const addr = [0, 0], cx = placed(x.length, [x, out], addr);
  if (cx) ranged(cx, 'reluF32', x.length, addr, []);
  else reluRef(x, out);
}

/** r = g where out > 0 or NaN, else 0 (kernels/relu.ts reluBackward). */
export function reluBackwardFast(out: F, g: F, r: F): void {
  const addr = [0, 0, 0], cx = placed(out.length, [out, g, r], addr);
  if (cx) ranged(cx, 'reluBackwardF32', out.length, addr, []);
  else reluBackwardRef(out, g, r);
}

/**
 * out[i] = x[i] * (keep[i] ? scale : 0) for float32 arrays in the memory: dropout's apply, with
 * the mask copied into scratch. False (nothing written) when the caller must run its own loop.
 */
export function dropoutApplyFast(x: F, keep: Uint8Array, out: F, scale: number): boolean {
  const n = keep.length, addr = [0, 0], cx = placed(n, [x, out], addr);
  if (!cx) return false;
  return withScratch(cx, 'a dropout mask', () => {
    const k = cx.alloc(n);
    cx.u8().set(keep, k);
    ranged(cx, 'dropoutApplyF32', n, [addr[0], k, addr[1]], [scale]);
  });
}

/** From this many elements float32 tanh runs in WebAssembly (asm/lib/tanh.ts). */
const TANH_MIN = 32;
/** Elements staged per call (in fast_small's arena: input, output and the list of elements left to Math.tanh). */
const TANH_BLOCK = 4096;

/**
 * out[i] = x[i]'s tanh as Math.tanh gives it, rounded to float32, for float32 x (asm/lib/tanh.ts:
 * float64 estimates rounded where provably the same float32, Math.tanh for the rest). False where it
 * cannot run (nothing written).
 */
export function tanhF32Fast(x: Float32Array, out: Float32Array): boolean {
  const n = x.length;
  const cx = n >= TANH_MIN ? gemmContext() : null;
  if (!cx) return false;
  const px = arenaFor(cx, TANH_BLOCK * 12), po = px + TANH_BLOCK * 4, pf = px + TANH_BLOCK * 8;
  if (px < 0) return false;
  for (let i0 = 0; i0 < n; i0 += TANH_BLOCK) {
    const m = Math.min(TANH_BLOCK, n - i0);
    const f32 = cx.f32();
    f32.set(m === n ? x : x.subarray(i0, i0 + m), px >>> 2);
    const nfix = cx.ex.tanhF32(px, po, m, pf);
    const heap = cx.f32();
    out.set(heap.subarray(po >>> 2, (po >>> 2) + m), i0);
    if (nfix) {
      const fix = cx.i32();
      // from the staged copy: out may be x itself
      for (let k = 0; k < nfix; k++) { const j = fix[(pf >>> 2) + k]; out[i0 + j] = Math.tanh(heap[(px >>> 2) + j]); }
    }
  }
  return true;
}

/** Below this many draws the generator's own loop runs (the state's copies cost more than they save). */
const DRAW_MIN = 2048;

/**
 * keep[i] = 1 if a 53-bit uniform drawn from the generator state (mt, mti) is below q, else 0 for
 * the whole mask (asm/lib/mt.ts: dropout's draws, word for word those of random.ts), the state
 * advanced in place. Returns the next word's index, or -1 (nothing drawn) where it cannot run.
 */
export function bernoulliKeepFast(mt: Int32Array, mti: number, keep: Uint8Array, q: number): number {
  const cx = keep.length >= DRAW_MIN ? gemmContext() : null;
  if (!cx) return -1;
  let next = -1;
  withScratch(cx, 'a dropout mask', () => {
    const bytes = new Uint8Array(mt.buffer, mt.byteOffset, mt.byteLength), pm = cx.alloc(bytes.length), pk = cx.alloc(keep.length);
    cx.u8().set(bytes, pm);
    next = cx.ex.bernoulliKeep(pm, mti, pk, keep.length, q);
    const u8 = cx.u8();
    bytes.set(u8.subarray(pm, pm + bytes.length));
    keep.set(u8.subarray(pk, pk + keep.length));
  });
  return next;
}

/**
 * Adadelta's float32 step without weight decay (asm/gemm.ts adadelta32, the same float32
 * arithmetic as optim/_kernels.ts adadelta32). Returns false (nothing done) when it must run there.
 */
export function adadelta32Fast(p: F, g: F, sq: F, acc: F, rho: number, c: number, eps: number, nlr: number, sign: number): boolean {
  const addr = [0, 0, 0, 0], cx = placed(p.length, [p, g, sq, acc], addr);
  if (!cx || g.length !== p.length || sq.length !== p.length || acc.length !== p.length) return false;
  ranged(cx, 'adadelta32', p.length, addr, [rho, c, eps, nlr, sign]);
  return true;
}

/** SGD's float32 step (optim/_kernels.ts sgd32's arithmetic); false when it must run there. */
export function sgd32Fast(p: F, g: F, buf: F | null, sign: number, wd: number, mom: number, damp: number, nlr: number,
  flags: number): boolean {
  const arrays = buf ? [p, g, buf] : [p, g], addr = [0, 0, 0], cx = placed(p.length, arrays, addr);
  if (!cx || g.length !== p.length || (buf && buf.length !== p.length)) return false;
  ranged(cx, 'sgd32', p.length, [addr[0], addr[1], buf ? addr[2] : 0], [sign, wd, mom, damp, nlr, flags]);
  return true;
}

/** Adam's float32 step without amsgrad (optim/_kernels.ts adam32's arithmetic); false when it must run there. */
export function adam32Fast(p: F, g: F, m: F, v: F, s: number[]): boolean {
  const addr = [0, 0, 0, 0], cx = placed(p.length, [p, g, m, v], addr);
  if (!cx || g.length !== p.length || m.length !== p.length || v.length !== p.length) return false;
  // 17 arguments: more than a pool job carries, so it runs on this thread (it is memory-bound)
  cx.ex.adam32(addr[0], addr[1], addr[2], addr[3], 0, p.length, ...(s as [number, number, number, number, number, number, number, number, number, number, number]));
  return true;
}
