// The recurrent layers' per-step kernels (nn/rnn/kernel.ts): e^x over a block of a gate buffer, the
// step products on this thread, and scratch placed in the WebAssembly memory.
import { addressOf, allocEmpty, available, exportsOf, freeBlock, malloc, WASM_MIN_BYTES } from './wasm_runtime.js';
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
 * vectorised exp over it would go through a copy).
 */
export function gateScratch(kind: 'f32' | 'f64', n: number): F {
  return allocEmpty(kind, Math.max(n, Math.ceil(WASM_MIN_BYTES / (kind === 'f32' ? 4 : 8))));
}

/**
 * The per-step products of one direction (batch rows x hidden: 20 x 200 x 800 in
 * word_language_model), C[M,N] (+)= A[M,K] @ op(B), op(B) = B^T for B [N,K] when transB. Where all
 * three operands live in the WebAssembly memory, the gemm module's sgemm runs on this thread with
 * a workspace of its own: the hand-off of a product this small to the worker thread (publish,
 * wake, wait) costs about as much as the half of it that the worker would take, and far more
 * when the machine is busy. The same kernel and the same column blocks as gemm's (a split over
 * threads only assigns C's columns to threads), so the same bits. Else through gemm.
 */
export class StepProducts {
  private ws = -1;
  private sgemm: ((...a: number[]) => void) | null = null;
  constructor(f32: boolean) {
    if (!f32 || !available()) return;
    const ex = exportsOf('gemm');
    const ws = malloc((ex.sgemmWorkspaceBytes as () => number)());
    if (ws < 0) return;
    this.ws = ws;
    this.sgemm = ex.sgemm as (...a: number[]) => void;
  }
  run(a: F, b: F, c: F, M: number, K: number, N: number, transB: boolean, accumulate: boolean): void {
    const pa = this.sgemm ? addressOf(a) : -1, pb = pa >= 0 ? addressOf(b) : -1, pc = pb >= 0 ? addressOf(c) : -1;
    if (pc < 0) { gemm(a, b, c, M, K, N, false, transB, accumulate, 0); return; }
    this.sgemm!(M, N, K, pa, K, 1, pb, transB ? 1 : N, transB ? K : 1, pc, N, accumulate ? 1 : 0, this.ws);
  }
  free(): void { if (this.ws >= 0) freeBlock(this.ws); this.ws = -1; this.sgemm = null; }
}
