// nll_loss kernels over logits viewed as (N, C, S): element b = n*S + s reads x[(n*C + t)*S + s].
// The reduced forward reproduces PyTorch's CPU cascade sum (8 levels, flush every 16 elements)
// with float32 rounding after every operation, so float32 'mean'/'sum' agree with PyTorch bit for bit.
import { rd } from './fma.js';

export type F = Float32Array | Float64Array;

/** Returns the first target (row-major) that is neither ignore_index nor in [0, C), or null. */
export function findBadTarget(target: F, C: number, ignoreIndex: number): number | null {
  for (let b = 0; b < target.length; b++) {
    const t = target[b];
    if (t !== ignoreIndex && (t < 0 || t >= C)) return t;
  }
  return null;
}

/** c10's CeilLog2 as PyTorch's cascade sum uses it: 1 for x <= 2, else the bit length of x - 1. */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : (x - 1).toString(2).length;
}

/** Cascade-summed Σ -w[t]·x[b,t] and Σ w[t] over non-ignored b (float32 rounding when f32). */
export function nllForwardReduced(
  x: F, target: F, weight: F | null, C: number, S: number, ignoreIndex: number, f32: boolean,
): { sum: number; totalWeight: number } {
  const picked = new Float64Array(target.length);
  for (let b = 0; b < target.length; b++) {
    const t = target[b];
    if (t === ignoreIndex) continue;
    const n = Math.floor(b / S), s = b - n * S;
    picked[b] = x[(n * C + t) * S + s];
  }
  return cascadeReduce(picked, target, weight, ignoreIndex, f32);
}

/**
 * PyTorch's CPU cascade sum of -w[t]·picked[b] and of w[t] over the non-ignored b, in its order:
 * 8 levels, level j flushed into j+1 whenever the low bits of b at that level are all zero.
 */
export function cascadeReduce(
  picked: F, target: F, weight: F | null, ignoreIndex: number, f32: boolean,
): { sum: number; totalWeight: number } {
  const M = target.length;
  if (M === 0) return { sum: 0, totalWeight: 0 };
  const levelPower = Math.max(4, Math.floor(ceilLog2(M) / 8));
  const mask = (1 << levelPower) - 1;
  const loss = new Float64Array(8), wsum = new Float64Array(8);
  let ignored = 0;
  for (let b = 0; b < M; b++) {
    const t = target[b];
    if (t === ignoreIndex) { ignored++; continue; } // PyTorch skips the flush for ignored elements too
    const v = picked[b];
    if (weight) {
      const w = weight[t];
      loss[0] = rd(f32, loss[0] - rd(f32, v * w));
      wsum[0] = rd(f32, wsum[0] + w);
    } else loss[0] = rd(f32, loss[0] - v);
    for (let j = 0; j < 7; j++) {
      // b & (mask << (j*levelPower)); typed-array lengths keep b below 2^32
      if (((b >>> (j * levelPower)) & mask) !== 0) break;
      loss[j + 1] = rd(f32, loss[j + 1] + loss[j]); wsum[j + 1] = rd(f32, wsum[j + 1] + wsum[j]);
      loss[j] = 0; wsum[j] = 0;
    }
  }
  let sum = 0, tw = 0;
  for (let j = 0; j < 8; j++) { sum = rd(f32, sum + loss[j]); tw = rd(f32, tw + wsum[j]); }
  return { sum, totalWeight: weight ? tw : M - ignored };
}

/** 'none': out[b] = -w[t]·x[b,t], 0 where ignored. */
export function nllForwardNone(x: F, target: F, weight: F | null, C: number, S: number, ignoreIndex: number, out: F): void {
  for (let b = 0; b < target.length; b++) {
    const t = target[b];
    if (t === ignoreIndex) { out[b] = 0; continue; }
    const n = Math.floor(b / S), s = b - n * S;
    const v = x[(n * C + t) * S + s];
    out[b] = weight ? -(v * weight[t]) : -v;
  }
}

/**
 * Gradient: zero-filled, then grad[b,t] = w[t]·g_b for non-ignored b, where g_b is one
 * precomputed scalar (reduced) or -gradOutput[b] (none). `gradIn` must be zeroed by the caller.
 */
export function nllBackward(
  target: F, weight: F | null, C: number, S: number, ignoreIndex: number,
  scalarGrad: number | null, gradOutput: F | null, gradIn: F, f32: boolean,
): void {
  for (let b = 0; b < target.length; b++) {
    const t = target[b];
    if (t === ignoreIndex) continue;
    const n = Math.floor(b / S), s = b - n * S;
    const g = scalarGrad !== null ? scalarGrad : rd(f32, -gradOutput![b]);
    gradIn[(n * C + t) * S + s] = weight ? weight[t] * g : g;
  }
}
