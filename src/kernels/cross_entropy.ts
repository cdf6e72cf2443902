// Reference kernels of the fused cross_entropy (index targets, no label smoothing) over logits
// viewed as (N, C, S): element (n, c, s) sits at (n*C + c)*S + s, position b = n*S + s.
// Forward is one pass per position (max, Σ exp, picked log-probability); backward writes the
// gradient once as coef·(softmax - onehot). Fast kernels (SIMD, workers) keep these signatures.
import { cascadeReduce } from './nll.js';

export type F = Float32Array | Float64Array;


/**
 * Per non-ignored position b with target t: m = max_c x, logs = log(Σ_c exp(x - m)) (PyTorch's
 * op order, float32 rounding when f32, as the log_softmax reference kernel), rowMax[b] = m,
 * rowLogSum[b] = logs, picked[b] = (x[t] - m) - logs = log_softmax(x)[b, t].
 * Ignored positions: picked[b] = rowMax[b] = rowLogSum[b] = 0. Targets must be validated already.
 */
export function ceForward(
  x: F, target: F, N: number, C: number, S: number, ignoreIndex: number, f32: boolean,
  picked: F, rowMax: F, rowLogSum: F,
): void {
  const CS = C * S;
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const b = n * S + s, t = target[b];
      if (t === ignoreIndex) { picked[b] = 0; rowMax[b] = 0; rowLogSum[b] = 0; continue; }
      const base = n * CS + s, end = base + CS;
      let m = -Infinity;
      for (let i = base; i < end; i += S) { const v = x[i]; if (v > m || v !== v) m = v; }
      let sum = 0, logs: number;
      // Math.fround is written out (not through a variable) so V8 inlines it
      if (f32) {
        for (let i = base; i < end; i += S) sum += Math.exp(Math.fround(x[i] - m));
        logs = Math.fround(Math.log(Math.fround(sum)));
        picked[b] = Math.fround(x[base + t * S] - m) - logs;
      } else {
        for (let i = base; i < end; i += S) sum += Math.exp(x[i] - m);
        logs = Math.log(sum);
        picked[b] = (x[base + t * S] - m) - logs;
      }
      rowMax[b] = m; rowLogSum[b] = logs;
    }
  }
}

/**
 * grad[(n*C + c)*S + s] = coef[b]·(exp((x - rowMax[b]) - rowLogSum[b]) - [c == t]), written once
 * for every element (grad need not be zeroed). Where coef[b] is 0 (ignored targets, zero weights,
 * zero grad_output) the row gets zeros, except that a row whose log_softmax is NaN (a NaN or +inf
 * logit, or every logit -inf) gets NaN, as PyTorch's log_softmax backward (0·NaN) gives there.
 * Float32 rounding follows grad's type.
 */
export function ceBackward(
  x: F, target: F, N: number, C: number, S: number, ignoreIndex: number,
  rowMax: F, rowLogSum: F, coef: F, grad: F,
): void {
  const f32 = grad instanceof Float32Array;
  const CS = C * S;
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const b = n * S + s, t = target[b], k = coef[b];
      const base = n * CS + s, end = base + CS;
      if (k === 0 || t === ignoreIndex) {
        let m = -Infinity;
        for (let i = base; i < end; i += S) { const v = x[i]; if (v > m || v !== v) m = v; }
        const fill = m - m === 0 ? 0 : NaN; // NaN when m is NaN or ±inf
        for (let i = base; i < end; i += S) grad[i] = fill;
        continue;
      }
      const m = rowMax[b], logs = rowLogSum[b];
      const it = base + t * S;
      // k·p - k rather than k·(p - 1) at the target: the same double rounding as log_softmax's
      // backward gO - p·ΣgO, so the result equals the composed gradient bit for bit
      if (f32) {
        for (let i = base; i < end; i += S) grad[i] = k * Math.exp(Math.fround(Math.fround(x[i] - m) - logs));
        grad[it] = k * Math.exp(Math.fround(Math.fround(x[it] - m) - logs)) - k;
      } else {
        for (let i = base; i < end; i += S) grad[i] = k * Math.exp((x[i] - m) - logs);
        grad[it] = k * Math.exp((x[it] - m) - logs) - k;
      }
    }
  }
}

/**
 * The reduced forward over picked log-probabilities: Σ -w[t]·picked[b] and Σ w[t] over non-ignored
 * b, with nll_loss's CPU cascade sum (8 levels, flush every 16 elements) and float32 rounding, so
 * the result is identical to nll_loss(log_softmax(x), t) whenever the log-probabilities agree.
 */
export const ceReducePicked = cascadeReduce;

/** 'none': out[b] = -w[t]·picked[b], 0 where ignored (nll_loss's unreduced formula). */
export function ceLossNone(picked: F, target: F, weight: F | null, ignoreIndex: number, out: F): void {
  for (let b = 0; b < target.length; b++) {
    const t = target[b];
    if (t === ignoreIndex) { out[b] = 0; continue; }
    out[b] = weight ? -(picked[b] * weight[t]) : -picked[b];
  }
}

