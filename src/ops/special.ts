// Scalar special functions JavaScript's Math lacks: erf to a few ulp in double precision, and the
// float32 erf approximation PyTorch's vectorized CPU kernels use inside F.gelu (so float32 gelu
// gives PyTorch's numbers, not more accurate ones).

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** exp(-x²) with x² split as hi² + (hi + x)·lo, hi² exact, so the rounding of x² does not reach the exponent. */
function expNegSquare(x: number): number {
  const hi = Math.fround(x), lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-(hi + x) * lo);
}

/** erfc(x) for x >= 2.5 by its continued fraction, evaluated backwards (40 terms reach double precision there). */
function erfcTail(x: number): number {
  let f = x;
  for (let k = 40; k >= 1; k--) f = x + k / 2 / f;
  return expNegSquare(x) * ONE_OVER_SQRT_PI / f;
}

/** The error function, within a few ulp of a correctly rounded result. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 6)) return x !== x ? NaN : x > 0 ? 1 : -1; // erfc(6) < 2^-55: erf rounds to ±1
  if (ax < 2.5) {
    // erf(x) = 2/√π · e^{-x²} · Σ 2ⁿ x^{2n+1} / (1·3···(2n+1)): every term positive, no cancellation
    const x2 = 2 * x * x;
    let t = x, s = x;
    for (let n = 1; n < 100; n++) {
      t *= x2 / (2 * n + 1);
      s += t;
      if (Math.abs(t) <= Math.abs(s) * 1e-17) break;
    }
    return TWO_OVER_SQRT_PI * expNegSquare(x) * s;
  }
  const r = 1 - erfcTail(ax);
  return x > 0 ? r : -r;
}

const f = Math.fround;
const P = f(0.3275911), P1 = f(0.254829592), P2 = f(-0.284496736), P3 = f(1.421413741), P4 = f(-1.453152027), P5 = f(1.061405429);

/**
 * ATen's Vectorized<float>::erf (Abramowitz-Stegun 7.1.26, error up to 1.5e-7) step by step in
 * float32: what F.gelu's float32 kernels use for contiguous inputs of more than one element.
 */
export function erfVec32(x: number): number {
  const a = Math.abs(x);
  const t = f(1 / f(P * a + 1));
  const r = f(f(f(f(P5 * t + P4) * t + P3) * t + P2) * t + P1);
  const e = f(Math.exp(-f(x * x)));
  const v = f(f(-e * t) * r + 1);
  return x < 0 || Object.is(x, -0) ? -v : v;
}
