// relu forward/backward loops with PyTorch's exact values: relu(-0.) = -0., NaN stays NaN, and
// the backward is threshold_backward(grad, result, 0): the gradient passes where the result is not
// <= 0 (so a NaN result passes it) and is +0 elsewhere. Float32 runs on the bit patterns with no
// branch: on conv outputs the sign of each value is a coin flip, and a mispredicted branch per
// element cost 4x the time.
type F = Float32Array | Float64Array;
const bits = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);

export function reluInto(x: F, out: F): void {
  const n = x.length;
  if (x instanceof Float32Array && out instanceof Float32Array) {
    const xi = bits(x), oi = bits(out);
    for (let i = 0; i < n; i++) {
      const b = xi[i], abs = b & 0x7fffffff;
      // negative values become +0, except -0 and NaNs (kept as they are): all in integer arithmetic
      const keepNeg = ((0x7f800000 - abs) | (abs - 1)) >> 31;
      oi[i] = b & (~(b >> 31) | keepNeg);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = x[i];
    out[i] = v >= 0 || v !== v ? v : 0;
  }
}

export function reluBackward(out: F, g: F, r: F): void {
  const n = out.length;
  if (out instanceof Float32Array && g instanceof Float32Array && r instanceof Float32Array) {
    const oi = bits(out), gi = bits(g), ri = bits(r);
    for (let i = 0; i < n; i++) {
      const b = oi[i];
      // pass where the result is > 0 (as an int: positive and nonzero) or NaN of either sign
      const keep = (((0 - b) >> 31) & ~(b >> 31)) | ((0x7f800000 - (b & 0x7fffffff)) >> 31);
      ri[i] = gi[i] & keep;
    }
    return;
  }
  for (let i = 0; i < n; i++) r[i] = out[i] <= 0 ? 0 : g[i];
}
