// The recurrent layers' per-step kernels (nn/rnn/kernel.ts): e^x over a block of a gate buffer, the
// step products on this thread, and scratch placed in the WebAssembly memory.
import { addressOf, allocEmpty, available, exportsOf, freeBlock, malloc, releaseStorage, runJobs, threads, WASM_MIN_BYTES } from './wasm_runtime.js';
import { gemm } from './dispatch.js';

type F = Float32Array | Float64Array;

/**
 * e^x over a block of a recurrent layer's gate buffer, in place: the losses module's SIMD exp
 * (float32, within 1 ulp) when the block lives in the WebAssembly memory, else Math.exp. The
 * sigmoid gates of an LSTM / GRU step take three (two) of these per element; done one element at a
 * time in JavaScript they cost as much as the step's matrix product.
 */
export function expInPlace(a: F, n: number): void {
  if (a instanceof Float32Array && available()) {
    const p = addressOf(a);
    if (p >= 0) { exportsOf('losses').exp_full(p, p, n); return; }
  }
  for (let i = 0; i < n; i++) a[i] = Math.exp(a[i]);
}

/**
 * A step's gate buffer (n elements at least), big enough to be placed in the WebAssembly memory
 * (storage below WASM_MIN_BYTES stays on the JS heap, where every product into it and every
 * vectorised exp over it would go through a copy). Its contents are unspecified. Given back with
 * freeGateScratch, it is kept for the next layer call (a cell called once per step would otherwise
 * take and register three blocks of the storage allocator per call).
 */
export function gateScratch(kind: 'f32' | 'f64', n: number): F {
  const min = Math.max(n, Math.ceil(WASM_MIN_BYTES / (kind === 'f32' ? 4 : 8)));
  for (let i = kept.length - 1; i >= 0; i--) {
    const a = kept[i];
    if ((a instanceof Float32Array) === (kind === 'f32') && a.length >= min) { kept.splice(i, 1); return a; }
  }
  return allocEmpty(kind, min);
}

/** Gate buffers kept for reuse: a few, none bigger than KEEP_BYTES. */
const kept: F[] = [], KEEP_MAX = 8, KEEP_BYTES = 1 << 18;
export function freeGateScratch(...a: (F | null)[]): void {
  for (const x of a) {
    if (!x) continue;
    if (kept.length < KEEP_MAX && x.byteLength <= KEEP_BYTES && addressOf(x) >= 0) kept.push(x);
    else releaseStorage(x);
  }
}

/** sgemm workspaces kept between StepProducts (taken on a product's first call, not before). */
const keptWs: number[] = [];

/**
 * The per-step products of one direction (batch rows x hidden: 20 x 200 x 800 in
 * word_language_model), C[M,N] (+)= A[M,K] @ op(B), op(B) = B^T for B [N,K] when transB, through
 * the gemm module's sgemm with workspaces of their own, where all three operands live in the
 * WebAssembly memory (else through gemm). A product this small is worth splitting over threads
 * only while the other thread answers at once: on a busy machine the hand-off (publish, wake,
 * wait for a job the other thread claimed and then lost its core in) costs more than the half of
 * the product it saves. So each call runs either on this thread alone or split over the threads
 * (C's columns in 2 x threads jobs, 8 at most; this thread claims jobs too), whichever has been faster
 * lately per multiply-add (a running mean of both, the other way tried now and then). Both give
 * the same bits: a split only assigns C's columns to jobs, and each column's sums are sgemm's.
 */
export class StepProducts {
  private ws: number[] = [];
  private sgemm: ((...a: number[]) => void) | null = null;
  private readonly ok: boolean;
  constructor(f32: boolean) { this.ok = f32 && available(); }
  /** The workspaces, taken on first use: a product whose operands are off the memory needs none. */
  private take(): boolean {
    if (this.sgemm) return true;
    if (!this.ok) return false;
    const ex = exportsOf('gemm');
    const jobs = Math.min(2 * threads(), 8);
    while (this.ws.length < jobs) {
      const ws = keptWs.pop() ?? malloc((ex.sgemmWorkspaceBytes as () => number)());
      if (ws < 0) break;
      this.ws.push(ws);
    }
    if (this.ws.length) this.sgemm = ex.sgemm as (...a: number[]) => void;
    return this.sgemm !== null;
  }
  run(a: F, b: F, c: F, M: number, K: number, N: number, transB: boolean, accumulate: boolean): void {
    const pa = this.ok ? addressOf(a) : -1, pb = pa >= 0 ? addressOf(b) : -1, pc = pb >= 0 ? addressOf(c) : -1;
    if (pc < 0 || !this.take()) { gemm(a, b, c, M, K, N, false, transB, accumulate, 0); return; }
    const rsb = transB ? 1 : N, csb = transB ? K : 1, acc = accumulate ? 1 : 0;
    const t = Math.min(this.ws.length, Math.ceil(N / 8));
    if (t <= 1 || !chooseSplit()) {
      const t0 = t > 1 ? performance.now() : 0;
      this.sgemm!(M, N, K, pa, K, 1, pb, rsb, csb, pc, N, acc, this.ws[0]);
      if (t > 1) timed(SINGLE, performance.now() - t0, M * N * K);
      return;
    }
    const jobs: number[][] = [];
    for (let i = 0, j0 = 0; i < t; i++) {
      const j1 = i === t - 1 ? N : Math.min(N, Math.ceil((N * (i + 1)) / t / 8) * 8);
      if (j1 > j0) jobs.push([M, j1 - j0, K, pa, K, 1, pb + j0 * csb * 4, rsb, csb, pc + j0 * 4, N, acc, this.ws[i]]);
      j0 = j1;
    }
    const t0 = performance.now();
    runJobs('gemm', 'sgemm', jobs);
    timed(SPLIT, performance.now() - t0, M * N * K);
  }
  free(): void {
    for (const w of this.ws) if (keptWs.length < 8) keptWs.push(w); else freeBlock(w);
    this.ws = []; this.sgemm = null;
  }
}

// running means of ms per multiply-add on this thread alone and split, over all step products
const SINGLE = 0, SPLIT = 1, cost = [0, 0], samples = [0, 0];
let calls = 0, last = SINGLE;
/** How often the slower way is tried again (one call in EXPLORE), and the mean's weight of a new sample. */
const EXPLORE = 32, WEIGHT = 0.125, WARM = 4;
function timed(way: number, ms: number, macs: number): void {
  const v = ms / macs;
  cost[way] = samples[way] === 0 ? v : cost[way] + WEIGHT * (v - cost[way]);
  samples[way]++;
}
function chooseSplit(): boolean {
  calls++;
  // both ways a few times first, then the cheaper one, the other once every EXPLORE calls
  if (samples[SINGLE] < WARM || samples[SPLIT] < WARM) last = samples[SINGLE] <= samples[SPLIT] ? SINGLE : SPLIT;
  else {
    const best = cost[SPLIT] < cost[SINGLE] ? SPLIT : SINGLE;
    // a way far behind (1.5 x) is tried 4 times less often
    const every = cost[1 - best] > 1.5 * cost[best] ? 4 * EXPLORE : EXPLORE;
    last = calls % every === 0 ? 1 - best : best;
  }
  return last === SPLIT;
}
/** The step products' running means (ms per multiply-add; for benchmarks). */
export function stepProductCosts(): { single: number; split: number; samples: number[] } {
  return { single: cost[SINGLE], split: cost[SPLIT], samples: samples.slice() };
}
