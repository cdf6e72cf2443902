// float32 sums and 2-norms in PyTorch 1.13's CPU order (x86-64, AVX2 kernels: 8 float lanes,
// `a * b + c` contracted into fma), so float32 results agree bit for bit:
// - sum over a contiguous run: SumKernel.cpp's cascade_sum / vectorized_inner_sum (row_sum with
//   4-way interleaving, multi_row_sum's 4-level cascade, tail scalars, then the 8 lanes in order);
// - norm p=2 over a contiguous last run: ReduceOpsKernel.cpp's vectorised lastdim path (8 fma
//   lanes, lanes summed in order, a tail whose first 4 squares GCC vectorised, i.e. unfused).
// Results assume 1 thread for a single output over >= 32768 elements (1.13 splits those per thread).
import { fmaf } from './fma.js';
import { addressOf, available, exportsOf, heapF32, stagingBlock } from './wasm_runtime.js';

type F = Float32Array | Float64Array;
const LANES = 8; // Vectorized<float>::size() under AVX2

/** c10::utils::CeilLog2. */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : 32 - Math.clz32(x - 1);
}

/** Scratch for the cascade's accumulators (4 levels x columns), grown on demand: a fresh
 * Float32Array per call cost more than a 128-element sum itself. */
let ACC = new Float32Array(4 * 32);
const accFor = (n: number): Float32Array => (ACC.length >= n ? ACC : (ACC = new Float32Array(n)));

/**
 * multi_row_sum: `size` rows of nparts x width columns (column (k, l) of row i at
 * base + i*rowStride + k*partStride + l), summed per column with the 4-level cascade (float32)
 * into acc[0 .. nparts*width) (acc: accFor(4 * nparts * width), zeroed here).
 */
function multiRowSum(d: F, base: number, rowStride: number, nparts: number, partStride: number, width: number, size: number, acc: Float32Array): void {
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / 4));
  const step = 1 << levelPower, mask = step - 1, ncols = nparts * width;
  acc.fill(0, 0, 4 * ncols); // acc[level * ncols + k * width + l]
  const flat = partStride === width; // the columns are one contiguous run
  let i = 0;
  for (; i + step <= size;) {
    for (let j = 0; j < step; j++, i++) addRow(d, base + i * rowStride, flat, nparts, partStride, width, acc);
    for (let j = 1; j < 4; j++) {
      for (let c = 0; c < ncols; c++) { acc[j * ncols + c] += acc[(j - 1) * ncols + c]; acc[(j - 1) * ncols + c] = 0; }
      if ((i & (mask << (j * levelPower))) !== 0) break;
    }
  }
  for (; i < size; i++) addRow(d, base + i * rowStride, flat, nparts, partStride, width, acc);
  for (let j = 1; j < 4; j++) for (let c = 0; c < ncols; c++) acc[c] += acc[j * ncols + c];
}

/** acc[k*width + l] += row's column (k, l), the row starting at b. */
function addRow(d: F, b: number, flat: boolean, nparts: number, partStride: number, width: number, acc: Float32Array): void {
  if (flat) {
    for (let c = 0, n = nparts * width; c < n; c++) acc[c] += d[b + c];
    return;
  }
  for (let k = 0; k < nparts; k++) {
    const bk = b + k * partStride;
    for (let l = 0; l < width; l++) acc[k * width + l] += d[bk + l];
  }
}

/**
 * row_sum over `size` units of `width` contiguous floats, unit i at base + i*stride (width 1:
 * scalars, 8: vectors): interleaved 4 ways, leftovers into part 0, then parts 1..3 into part 0,
 * left in acc[0 .. width).
 */
function rowSum(d: F, base: number, stride: number, width: number, size: number, acc: Float32Array): void {
  const ilp = Math.floor(size / 4);
  multiRowSum(d, base, 4 * stride, 4, stride, width, ilp, acc);
  for (let i = ilp * 4; i < size; i++) for (let l = 0; l < width; l++) acc[l] += d[base + i * stride + l];
  for (let k = 1; k < 4; k++) for (let l = 0; l < width; l++) acc[l] += acc[k * width + l];
}

/** Σ d[base .. base+n) as 1.13's float32 cascade_sum over a contiguous reduced run. */
export function sumRunF32(d: F, base: number, n: number): number {
  const acc = accFor(16 * LANES);
  if (n < LANES) { rowSum(d, base, 1, 1, n, acc); return acc[0]; } // scalar_inner_sum
  const vecs = Math.floor(n / LANES); // vectorized_inner_sum
  rowSum(d, base, LANES, LANES, vecs, acc);
  let s = 0;
  for (let k = vecs * LANES; k < n; k++) s = Math.fround(s + d[base + k]);
  for (let l = 0; l < LANES; l++) s = Math.fround(s + acc[l]);
  return s;
}

/**
 * The column sums of a contiguous R x C block (rows reduced away) as 1.13's cascade_sum does them:
 * vectorized_outer_sum (32 columns at a time through multi_row_sum, then 8 through row_sum, then
 * scalar row_sums) when C >= 8, else scalar_outer_sum (4 columns through multi_row_sum, then row_sums).
 */
export function sumColumnsF32(d: F, base: number, R: number, C: number, out: Float32Array | Float64Array): void {
  let j = 0;
  const acc = accFor(16 * LANES);
  const put = (n: number, at: number): void => { for (let l = 0; l < n; l++) out[at + l] = acc[l]; };
  if (C >= LANES) {
    for (; j + 4 * LANES <= C; j += 4 * LANES) { multiRowSum(d, base + j, C, 4, LANES, LANES, R, acc); put(4 * LANES, j); }
    for (; j + LANES <= C; j += LANES) { rowSum(d, base + j, C, LANES, R, acc); put(LANES, j); }
  } else for (; j + 4 <= C; j += 4) { multiRowSum(d, base + j, C, 4, 1, 1, R, acc); put(4, j); }
  for (; j < C; j++) { rowSum(d, base + j, C, 1, R, acc); put(1, j); }
}

/** Σ d[i]² over d[base .. base+n), square-rooted, as 1.13's float32 vectorised lastdim norm. */
export function norm2RunF32Ref(d: F, base: number, n: number): number {
  const m = n - (n % LANES), acc = new Float32Array(LANES);
  for (let i = 0; i < m; i += LANES) for (let l = 0; l < LANES; l++) { const v = d[base + i + l]; acc[l] = fmaf(v, v, acc[l]); }
  return norm2Finish(d, base, n, acc);
}

/** The lanes summed in order, then the tail (after the m = n - n % 8 elements the lanes took), square-rooted. */
function norm2Finish(d: F, base: number, n: number, acc: Float32Array): number {
  const fr = Math.fround, m = n - (n % LANES);
  let s = acc[0];
  for (let l = 1; l < LANES; l++) s = fr(s + acc[l]);
  // the tail loop: GCC vectorised 4 squares at a time (a multiply, then an add), fused the rest
  let d0 = m;
  for (const unfused = n - m >= 4 ? m + 4 : m; d0 < unfused; d0++) { const v = d[base + d0]; s = fr(s + fr(v * v)); }
  for (; d0 < n; d0++) { const v = d[base + d0]; s = fmaf(v, v, s); }
  return fr(Math.sqrt(s));
}

/** Below this many elements the lanes are summed here rather than by the wasm kernel. */
const WASM_NORM_MIN = 32;
/** Elements of a JS-heap run copied into the memory for the kernel (small tensors live on the JS heap). */
const NORM_STAGE = 1 << 14;

/**
 * norm2RunF32Ref's result (the same bits): the lanes by asm/norm.ts (exact fmaf in float64 SIMD),
 * on d in place where it lives in the WebAssembly memory, else on a copy of its run; the
 * reference in JavaScript (fmaf done in float64 steps) for short runs and where there is no room.
 */
export function norm2RunF32(d: F, base: number, n: number): number {
  const m = n - (n % LANES);
  if (n < WASM_NORM_MIN || !(d instanceof Float32Array) || !available()) return norm2RunF32Ref(d, base, n);
  let at = addressOf(d);
  if (at < 0 && m > NORM_STAGE) return norm2RunF32Ref(d, base, n);
  // the runtime's staging block: the kernel's 8 lanes, then the run where d is off the memory
  const lanesAt = stagingBlock(4 * (LANES + (at < 0 ? m : 0)));
  if (lanesAt < 0) return norm2RunF32Ref(d, base, n);
  if (at < 0) { heapF32().set(d.subarray(base, base + m), (lanesAt >> 2) + LANES); at = lanesAt + 4 * LANES; }
  else at += 4 * base;
  exportsOf('norm').norm2LanesF32(at, m, lanesAt);
  return norm2Finish(d, base, n, heapF32().subarray(lanesAt >> 2, (lanesAt >> 2) + LANES));
}
