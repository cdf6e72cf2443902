// PyTorch 1.13's vectorised float32 normal_ on x86-64 (normal_fill_16_AVX2), operation for
// operation: Box-Muller on 16 uniforms with avx_mathfun's cephes-style log256_ps and sincos256_ps
// (Julien Pommier's sse_mathfun, zlib licence), each float32 step rounded as the vector
// instruction rounds it. GCC contracts the polynomial steps `y * x + c` into fused multiply-adds
// (the build uses -mfma), so those steps round once; checked bit for bit against Debian's
// python3-torch 1.13 (tools/fixtures_random_fops.py).
import { fmaf } from './fma.js';

const fr = Math.fround;
const i32 = new Int32Array(1), f32 = new Float32Array(i32.buffer);

const SQRTHF = fr(0.707106781186547524);
const LOG_P = [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map(fr);
const LOG_Q1 = fr(-2.12194440e-4), LOG_Q2 = fr(0.693359375);
const MIN_NORM_POS = 1.1754943508222875e-38;

// The eight lanes go through scratch arrays: passing doubles to a function V8 does not inline
// boxes them, which made this several times slower.
const U1 = new Float64Array(8), LOG = new Float64Array(8), THETA = new Float64Array(8), SIN = new Float64Array(8), COS = new Float64Array(8);

/** log256_ps: out[l] = log(x[l]) for 8 lanes, x > 0. */
function log8(xs: Float64Array, out: Float64Array): void {
  for (let l = 0; l < 8; l++) {
    f32[0] = Math.max(xs[l], MIN_NORM_POS);
    const exponent = (i32[0] >>> 23) - 127;
    i32[0] = (i32[0] & ~0x7f800000) | 0x3f000000; // mantissa in [0.5, 1)
    let x = f32[0];
    let e = fr(exponent + 1);
    const small = x < SQRTHF;
    x = fr(fr(x - 1) + (small ? x : 0));
    if (small) e = fr(e - 1);
    const z = fr(x * x);
    let y = LOG_P[0];
    for (let k = 1; k < 9; k++) y = fmaf(y, x, LOG_P[k]);
    y = fr(y * x);
    y = fmaf(y, z, fr(e * LOG_Q1));
    y = fr(y - fr(z * 0.5));
    x = fr(x + y);
    out[l] = fr(x + e * LOG_Q2); // e * LOG_Q2 is exact (8 and 9 bits): the fma rounds once, as this
  }
}

const FOPI = fr(1.27323954473516);
const DP1 = fr(-0.78515625), DP2 = fr(-2.4187564849853515625e-4), DP3 = fr(-3.77489497744594108e-8);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(fr);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(fr);

/** sincos256_ps for 8 lanes, x >= 0. */
function sincos8(xs: Float64Array, sinOut: Float64Array, cosOut: Float64Array): void {
  for (let l = 0; l < 8; l++) {
    let x = xs[l];
    let j = Math.trunc(fr(x * FOPI));
    j = (j + 1) & ~1;
    const y = j;
    const swapSin = (j & 4) !== 0, sinPoly = (j & 2) !== 0, negCos = (~(j - 2) & 4) !== 0;
    // y (<= 8) times DP1 or DP2 is exact in float, so those fused steps round once as plain adds do
    x = fr(x + y * DP1); x = fr(x + y * DP2); x = fmaf(y, DP3, x);
    const z = fr(x * x);
    let c = COS_P[0];
    c = fmaf(c, z, COS_P[1]); c = fmaf(c, z, COS_P[2]);
    c = fr(c * z);
    c = fmaf(c, z, -fr(z * 0.5));
    c = fr(c + 1);
    let s = SIN_P[0];
    s = fmaf(s, z, SIN_P[1]); s = fmaf(s, z, SIN_P[2]);
    s = fr(s * z);
    s = fmaf(s, x, x);
    const sin = sinPoly ? c : s, cos = sinPoly ? s : c;
    sinOut[l] = swapSin ? -sin : sin;
    cosOut[l] = negCos ? -cos : cos;
  }
}

const TWO_PI = fr(2 * Math.PI);

/** normal_fill_16_AVX2: d[at .. at+16) holds float32 uniforms in [0, 1); writes 16 normals. */
export function normalFill16f(d: Float32Array | Float64Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) { U1[j] = fr(1 - d[at + j]); THETA[j] = fr(TWO_PI * d[at + j + 8]); }
  log8(U1, LOG);
  sincos8(THETA, SIN, COS);
  for (let j = 0; j < 8; j++) {
    const radius = fr(Math.sqrt(fr(-2 * LOG[j])));
    d[at + j] = fmaf(fr(radius * COS[j]), std, mean);
    d[at + j + 8] = fmaf(fr(radius * SIN[j]), std, mean);
  }
}
