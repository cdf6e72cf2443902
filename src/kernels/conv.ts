// 2-D convolution kernels (NCHW input, OIHW weight, groups): forward, input gradient and weight/bias
// gradient. The reference runs im2col + gemmRef per image and group in plain TypeScript (float32
// or float64); the fast path runs the same algorithm inside asm/gemm.ts (WebAssembly SIMD) on
// float32, optionally with the images split across threads by a runner the wasm runtime installs.
import { gemmRef, type F } from './gemm.js';
import { gemmContext, place, runJobs, parallelThreads, withScratch, type GemmContext } from './fast_gemm.js';
import { withSlices, contextHost, BLOCK_STAGE } from './fast_util.js';

export interface ConvGeom {
  N: number; C: number; H: number; W: number; O: number; KH: number; KW: number;
  sH: number; sW: number; pH: number; pW: number; dH: number; dW: number; groups: number; OH: number; OW: number;
}

/** cols[(c*KH + kh)*KW + kw][oh*OW + ow] for the `Cg` channels of one image starting at x[xo]. */
export function im2colRef(x: F, xo: number, Cg: number, g: ConvGeom, cols: F): void {
  const { H, W, KH, KW, sH, sW, pH, pW, dH, dW, OH, OW } = g;
  let d = 0;
  for (let c = 0; c < Cg; c++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++)
    for (let oh = 0; oh < OH; oh++) {
      const ih = oh * sH - pH + kh * dH;
      for (let ow = 0; ow < OW; ow++) {
        const iw = ow * sW - pW + kw * dW;
        cols[d++] = ih >= 0 && ih < H && iw >= 0 && iw < W ? x[xo + (c * H + ih) * W + iw] : 0;
      }
    }
}
/** The adjoint of im2colRef: gx[gxo + ...] += cols[...]. */
export function col2imRef(cols: F, Cg: number, g: ConvGeom, gx: F, gxo: number): void {
  const { H, W, KH, KW, sH, sW, pH, pW, dH, dW, OH, OW } = g;
  let s = 0;
  for (let c = 0; c < Cg; c++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++)
    for (let oh = 0; oh < OH; oh++) {
      const ih = oh * sH - pH + kh * dH;
      for (let ow = 0; ow < OW; ow++, s++) {
        const iw = ow * sW - pW + kw * dW;
        if (ih >= 0 && ih < H && iw >= 0 && iw < W) gx[gxo + (c * H + ih) * W + iw] += cols[s];
      }
    }
}

function sizes(g: ConvGeom): { Cg: number; Og: number; CKK: number; P: number } {
  const Cg = g.C / g.groups, Og = g.O / g.groups;
  return { Cg, Og, CKK: Cg * g.KH * g.KW, P: g.OH * g.OW };
}
function scratch(a: F, n: number): F { return a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n); }

/** out[N, O, OH, OW] = conv2d(x, w) + bias. */
export function conv2dForwardRef(x: F, w: F, bias: F | null, out: F, g: ConvGeom): void {
  const { Cg, Og, CKK, P } = sizes(g);
  const cols = scratch(x, CKK * P);
  for (let n = 0; n < g.N; n++) for (let grp = 0; grp < g.groups; grp++) {
    im2colRef(x, (n * g.C + grp * Cg) * g.H * g.W, Cg, g, cols);
    const oo = (n * g.O + grp * Og) * P;
    gemmRef(w.subarray(grp * Og * CKK, (grp + 1) * Og * CKK), cols, out.subarray(oo, oo + Og * P), Og, CKK, P);
    if (bias) for (let o = 0; o < Og; o++) {
      const bv = bias[grp * Og + o];
      for (let p = 0; p < P; p++) out[oo + o * P + p] += bv;
    }
  }
}

/** gx[N, C, H, W] = the input gradient of conv2d for output gradient gout (overwrites gx). */
export function conv2dBackwardInputRef(gout: F, w: F, gx: F, g: ConvGeom): void {
  const { Cg, Og, CKK, P } = sizes(g);
  const cols = scratch(gout, CKK * P);
  gx.fill(0, 0, g.N * g.C * g.H * g.W);
  for (let n = 0; n < g.N; n++) for (let grp = 0; grp < g.groups; grp++) {
    const go = (n * g.O + grp * Og) * P;
    gemmRef(w.subarray(grp * Og * CKK, (grp + 1) * Og * CKK), gout.subarray(go, go + Og * P), cols, CKK, Og, P, true, false);
    col2imRef(cols, Cg, g, gx, (n * g.C + grp * Cg) * g.H * g.W);
  }
}

/** gw[O, Cg, KH, KW] and gb[O] (when given) = the weight and bias gradients (overwritten). */
export function conv2dBackwardWeightRef(x: F, gout: F, gw: F | null, gb: F | null, g: ConvGeom): void {
  const { Cg, Og, CKK, P } = sizes(g);
  const cols = scratch(x, CKK * P);
  if (gw) {
    gw.fill(0, 0, g.O * CKK);
    for (let n = 0; n < g.N; n++) for (let grp = 0; grp < g.groups; grp++) {
      im2colRef(x, (n * g.C + grp * Cg) * g.H * g.W, Cg, g, cols);
      const go = (n * g.O + grp * Og) * P;
      gemmRef(gout.subarray(go, go + Og * P), cols, gw.subarray(grp * Og * CKK, (grp + 1) * Og * CKK), Og, P, CKK, false, true, true);
    }
  }
  if (gb) {
    gb.fill(0, 0, g.O);
    for (let n = 0; n < g.N; n++) for (let o = 0; o < g.O; o++) {
      let s = 0;
      const base = (n * g.O + o) * P;
      for (let p = 0; p < P; p++) s += gout[base + p];
      gb[o] += s;
    }
  }
}

// ---- fast path: asm/gemm.ts, images split across threads when a runner is installed ----
// Images that live on the JS heap (the memory was full, or TORCHLET_WASM_STORAGE=0) are staged
// through scratch in blocks of images (BLOCK_STAGE bytes per array); every image gives the same
// bits either way. All scratch is had before any output is written, so a kernel that cannot get
// it (withScratch false) leaves the work to the reference kernel.

function run(cx: GemmContext, fn: keyof GemmContext['ex'], jobs: number[][]): void { runJobs(cx, fn, jobs); }

/**
 * Runs export `fn` over the images in jobs `job(pa, pb, n0, n1, ws)` (images [n0, n1) of a block
 * whose `a`, aElems floats per image, and `b`, bElems, are at pa and pb; workspace ws of wsBytes):
 * all images at once where both arrays live in the memory, else in staged blocks (`a` copied in,
 * `b` copied out). False when scratch is short.
 */
function overImages(cx: GemmContext, N: number, a: F, aElems: number, b: F, bElems: number, fn: keyof GemmContext['ex'],
  wsBytes: number, job: (pa: number, pb: number, n0: number, n1: number, ws: number) => number[]): boolean {
  return withWorkspaces(cx, wsBytes, jobCount(), (ws) => withSlices(N, 0, [a as Float32Array], [b as Float32Array], ([pa, pb], o0, o1) =>
    run(cx, fn, split(o1 - o0, ws.length).map(([n0, n1], k) => job(pa, pb, n0, n1, ws[k]))),
  { host: contextHost(cx), elems: [aElems, bElems], budget: BLOCK_STAGE }));
}

/**
 * Runs `attempt` with up to `want` workspaces of `bytes` (one per job of a batch), as many as the
 * memory gives; if the rest of its scratch then does not fit, again with one. Results do not
 * depend on how many jobs a batch is cut into.
 */
function withWorkspaces(cx: GemmContext, bytes: number, want: number, attempt: (ws: number[]) => boolean): boolean {
  for (;;) {
    const m = cx.mark(), ws = [cx.alloc(bytes)];
    for (let p = 0; ws.length < want && (p = cx.tryAlloc(bytes)) >= 0;) ws.push(p);
    if (attempt(ws)) return true;
    cx.release(m);
    if (ws.length === 1) return false;
    want = 1;
  }
}

function writeGeom(cx: GemmContext, g: ConvGeom): number {
  const p = cx.alloc(64);
  cx.i32().set([g.C, g.H, g.W, g.O, g.KH, g.KW, g.sH, g.sW, g.pH, g.pW, g.dH, g.dW, g.groups, g.OH, g.OW, 0], p >>> 2);
  return p;
}
/**
 * Jobs per thread for work split by image: threads claim jobs one at a time, so a thread that
 * starts late or is slowed (another process on its core) leaves its share to the others.
 */
const JOBS_PER_THREAD = 4;
function jobCount(): number { const t = parallelThreads(); return t > 1 ? t * JOBS_PER_THREAD : 1; }
/** Image ranges [n0, n1) for up to `threads` jobs. */
function split(N: number, threads: number): [number, number][] {
  const t = Math.max(1, Math.min(threads, N)), out: [number, number][] = [];
  for (let i = 0; i < t; i++) out.push([Math.floor((N * i) / t), Math.floor((N * (i + 1)) / t)]);
  return out;
}
function fastContext(...arrays: (F | null)[]): GemmContext | null {
  for (const a of arrays) if (a && !(a instanceof Float32Array)) return null;
  return gemmContext();
}

// ---- Winograd F(2x2, 3x3) (asm/gemm.ts) for 3x3 stride-1 convolutions with enough channels ----

let winograd = true;
/** Turns the Winograd path off (tests compare both paths; it is on by default). */
export function setWinograd(on: boolean): void { winograd = on; }

/** 3x3, stride 1, no dilation, one group, top/left padding <= 2, and channels enough to fill GEMMs. */
function winoOk(g: ConvGeom): boolean {
  return winograd && g.KH === 3 && g.KW === 3 && g.sH === 1 && g.sW === 1 && g.dH === 1 && g.dW === 1 && g.groups === 1
    && g.pH <= 2 && g.pW <= 2 && g.C >= 8 && g.O >= 8 && g.OH >= 2 && g.OW >= 2;
}

/** U[ξ][o][c] = (G w[o][c] G^T)[ξ] (or of the flipped kernel w[c][o] rotated by 180°, for the input gradient). */
function winoWeights(w: F, O: number, C: number, U: Float32Array, at: number, transposeFlip: boolean): void {
  const k = new Float64Array(9), t = new Float64Array(12);
  for (let o = 0; o < O; o++) for (let c = 0; c < C; c++) {
    // output channel o of this convolution, input channel c
    const base = transposeFlip ? (c * O + o) * 9 : (o * C + c) * 9;
    for (let i = 0; i < 9; i++) k[i] = transposeFlip ? w[base + 8 - i] : w[base + i];
    // t = G k (4x3), then U = t G^T (4x4); G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1]
    for (let j = 0; j < 3; j++) {
      const a = k[j], b = k[3 + j], d = k[6 + j];
      t[j] = a; t[3 + j] = 0.5 * (a + b + d); t[6 + j] = 0.5 * (a - b + d); t[9 + j] = d;
    }
    for (let i = 0; i < 4; i++) {
      const a = t[3 * i], b = t[3 * i + 1], d = t[3 * i + 2], stride = O * C, u = at + (i * 4 * O + o) * C + c;
      U[u] = a; U[u + stride] = 0.5 * (a + b + d); U[u + 2 * stride] = 0.5 * (a - b + d); U[u + 3 * stride] = d;
    }
  }
}

/** gw[o][c] = G^T dU[o][c] G (4x4 -> 3x3), dU[ξ][o][c]. */
function winoWeightGrad(dU: Float32Array, at: number, O: number, C: number, gw: F): void {
  const d = new Float64Array(16), t = new Float64Array(12);
  for (let o = 0; o < O; o++) for (let c = 0; c < C; c++) {
    for (let xi = 0; xi < 16; xi++) d[xi] = dU[at + (xi * O + o) * C + c];
    // t = G^T d (3x4): G^T = [1 ½ ½ 0; 0 ½ -½ 0; 0 ½ ½ 1]
    for (let j = 0; j < 4; j++) {
      const a = d[j], b = d[4 + j], e = d[8 + j], f = d[12 + j];
      t[j] = a + 0.5 * (b + e); t[4 + j] = 0.5 * (b - e); t[8 + j] = 0.5 * (b + e) + f;
    }
    const base = (o * C + c) * 9;
    for (let i = 0; i < 3; i++) {
      const a = t[4 * i], b = t[4 * i + 1], e = t[4 * i + 2], f = t[4 * i + 3];
      gw[base + 3 * i] = a + 0.5 * (b + e); gw[base + 3 * i + 1] = 0.5 * (b - e); gw[base + 3 * i + 2] = 0.5 * (b + e) + f;
    }
  }
}

function winoGeom(cx: GemmContext, C: number, H: number, W: number, O: number, pT: number, pL: number, OH: number, OW: number): number {
  const p = cx.alloc(32);
  cx.i32().set([C, H, W, O, pT, pL, OH, OW], p >>> 2);
  return p;
}

/** G a for the 3 taps a0..a2 (G = [¼ 0 0; -⅙ -⅙ -⅙; -⅙ ⅙ -⅙; 1/24 1/12 ⅙; 1/24 -1/12 ⅙; 0 0 1]) into r[at..at+5*stride]. */
function g6(a0: number, a1: number, a2: number, r: Float64Array, at: number, stride: number): void {
  r[at] = a0 / 4; r[at + stride] = -(a0 + a1 + a2) / 6; r[at + 2 * stride] = -(a0 - a1 + a2) / 6;
  r[at + 3 * stride] = a0 / 24 + a1 / 12 + a2 / 6; r[at + 4 * stride] = a0 / 24 - a1 / 12 + a2 / 6; r[at + 5 * stride] = a2;
}
/** U[ξ][o][c] = (G w[o][c] G^T)[ξ] for F(4x4, 3x3) (6x6 per kernel; flipped and transposed as winoWeights).
 * The reference twin of asm/gemm.ts wino4Weights, which the fast path runs (the same bits). */
export function wino4Weights(w: F, O: number, C: number, U: Float32Array, at: number, transposeFlip: boolean): void {
  const k = new Float64Array(9), t = new Float64Array(18), u = new Float64Array(36), stride = O * C;
  for (let o = 0; o < O; o++) for (let c = 0; c < C; c++) {
    const base = transposeFlip ? (c * O + o) * 9 : (o * C + c) * 9;
    for (let i = 0; i < 9; i++) k[i] = transposeFlip ? w[base + 8 - i] : w[base + i];
    for (let j = 0; j < 3; j++) g6(k[j], k[3 + j], k[6 + j], t, j, 3); // t[i][j] = (G k)[i][j]
    for (let i = 0; i < 6; i++) g6(t[3 * i], t[3 * i + 1], t[3 * i + 2], u, 6 * i, 1); // u[i][l] = (t G^T)[i][l]
    const d = at + o * C + c;
    for (let xi = 0; xi < 36; xi++) U[d + xi * stride] = u[xi];
  }
}

/** G^T d for 6 values d[at + k*stride] (G^T = [¼ -⅙ -⅙ 1/24 1/24 0; 0 -⅙ ⅙ 1/12 -1/12 0; 0 -⅙ -⅙ ⅙ ⅙ 1]) into r[rt + a*rs]. */
function gt6(d: Float64Array | Float32Array, at: number, stride: number, r: Float64Array, rt: number, rs: number): void {
  const d0 = d[at], d1 = d[at + stride], d2 = d[at + 2 * stride], d3 = d[at + 3 * stride], d4 = d[at + 4 * stride], d5 = d[at + 5 * stride];
  r[rt] = d0 / 4 - (d1 + d2) / 6 + (d3 + d4) / 24;
  r[rt + rs] = (d2 - d1) / 6 + (d3 - d4) / 12;
  r[rt + 2 * rs] = (d3 + d4 - d1 - d2) / 6 + d5;
}
/** gw[o][c] = G^T dU[o][c] G (6x6 -> 3x3) for F(4x4, 3x3), dU[ξ][o][c] at f[at...]. The reference
 * twin of asm/gemm.ts wino4WeightGrad, which the fast path runs (the same bits). */
export function wino4WeightGrad(f: Float32Array, at: number, O: number, C: number, gw: F): void {
  const d = new Float64Array(36), t = new Float64Array(18), r = new Float64Array(9), stride = O * C;
  for (let o = 0; o < O; o++) for (let c = 0; c < C; c++) {
    const b0 = at + o * C + c;
    for (let xi = 0; xi < 36; xi++) d[xi] = f[b0 + xi * stride];
    for (let j = 0; j < 6; j++) gt6(d, j, 6, t, j, 6); // t[a][j] = (G^T d)[a][j]
    for (let a = 0; a < 3; a++) gt6(t, 6 * a, 1, r, 3 * a, 1); // r[a][b] = (t G)[a][b]
    const base = (o * C + c) * 9;
    for (let i = 0; i < 9; i++) gw[base + i] = r[i];
  }
}

/** Scratch bytes of asm wino4Weights / wino4WeightGrad. */
const WT_SCRATCH = 1024;
/** Jobs of a weight transform over ranges of its O output channels (2 per thread; each kernel is
 * transformed alone, so the split changes no bit), each with its scratch. */
function byOutputs(cx: GemmContext, O: number, job: (o0: number, o1: number, scratch: number) => number[]): number[][] {
  const t = parallelThreads(), n = t > 1 ? Math.min(O, 2 * t) : 1, jobs: number[][] = [];
  for (let i = 0; i < n; i++) {
    const o0 = Math.floor((O * i) / n), o1 = Math.floor((O * (i + 1)) / n);
    if (o1 > o0) jobs.push(job(o0, o1, cx.alloc(WT_SCRATCH)));
  }
  return jobs;
}

/**
 * F(4x4, 3x3) (0.56x the multiplies of F(2x2, 3x3), rounding errors about 20x larger: ~1e-5 of the
 * output's scale in float32) for big convolutions only, at least WINO4_MIN multiply-adds per 3x3 tap
 * (the MNIST Net's conv2 at batch 64 has 75M); smaller ones keep F(2x2, 3x3)'s accuracy.
 */
const WINO4_MIN = 1 << 24;
let wino4 = true;
function useWino4(N: number, C: number, O: number, OH: number, OW: number): boolean { return wino4 && OH >= 4 && OW >= 4 && N * C * O * OH * OW >= WINO4_MIN; }
/** Turns the F(4x4, 3x3) forward off (F(2x2, 3x3) then runs; tests compare both). */
export function setWinograd4(on: boolean): void { wino4 = on; }

function winoForwardJobs(cx: GemmContext, x: F, w: F, pb: number, out: F, N: number,
  C: number, H: number, W: number, O: number, pT: number, pL: number, OH: number, OW: number, flip: boolean): boolean {
  const big = useWino4(N, C, O, OH, OW);
  const pU = cx.alloc((big ? 36 : 16) * O * C * 4);
  if (big) { const pw = place(cx, w); run(cx, 'wino4Weights', byOutputs(cx, O, (o0, o1, sc) => [pw, O, C, pU, flip ? 1 : 0, o0, o1, sc])); }
  else winoWeights(w, O, C, cx.f32(), pU >>> 2, flip);
  const geom = winoGeom(cx, C, H, W, O, pT, pL, OH, OW);
  return overImages(cx, N, x, C * H * W, out, O * OH * OW, big ? 'wino4Forward' : 'winoForward',
    big ? cx.ex.wino4WorkspaceBytes(geom) : cx.ex.winoWorkspaceBytes(geom), (px, po, n0, n1, ws) => [px, pU, pb, po, n0, n1, geom, ws]);
}

function convForward(cx: GemmContext, x: F, w: F, bias: F | null, out: F, g: ConvGeom): boolean {
  const pb = bias ? place(cx, bias) : 0;
  if (winoOk(g)) return winoForwardJobs(cx, x, w, pb, out, g.N, g.C, g.H, g.W, g.O, g.pH, g.pW, g.OH, g.OW, false);
  const pw = place(cx, w), geom = writeGeom(cx, g);
  return overImages(cx, g.N, x, g.C * g.H * g.W, out, g.O * g.OH * g.OW, 'conv2dForward', cx.ex.convWorkspaceBytes(geom),
    (px, po, n0, n1, ws) => [px, pw, pb, po, n0, n1, geom, ws]);
}

export function conv2dForwardFast(x: F, w: F, bias: F | null, out: F, g: ConvGeom): void {
  const cx = fastContext(x, w, bias, out);
  if (!cx || !withScratch(cx, 'conv2d', () => convForward(cx, x, w, bias, out, g))) conv2dForwardRef(x, w, bias, out, g);
}

function convBackwardInput(cx: GemmContext, gout: F, w: F, gx: F, g: ConvGeom): boolean {
  // the input gradient is the 3x3 convolution of gout with the kernel rotated by 180° and
  // in/out channels swapped, padded by 2 - pad
  if (winoOk(g)) return winoForwardJobs(cx, gout, w, 0, gx, g.N, g.O, g.OH, g.OW, g.C, 2 - g.pH, 2 - g.pW, g.H, g.W, true);
  const pw = place(cx, w), geom = writeGeom(cx, g);
  return overImages(cx, g.N, gout, g.O * g.OH * g.OW, gx, g.C * g.H * g.W, 'conv2dBackwardInput', cx.ex.convWorkspaceBytes(geom),
    (pg, px, n0, n1, ws) => [pg, pw, px, n0, n1, geom, ws]);
}

export function conv2dBackwardInputFast(gout: F, w: F, gx: F, g: ConvGeom): void {
  const cx = fastContext(gout, w, gx);
  if (!cx || !withScratch(cx, 'conv2d backward', () => convBackwardInput(cx, gout, w, gx, g))) conv2dBackwardInputRef(gout, w, gx, g);
}

/** Partial sums of the weight gradient (a constant, for results independent of the thread count). */
const WGRAD_CHUNKS = 8;

/** asm/gemm.ts W4B: images per GEMM of the F(4x4, 3x3) weight gradient, counted from the start
 * of each partial sum's chunk (the GEMM's depth depends on it, so blocks must keep those groups). */
const W4B = 2;
/** A job's `chunk` argument that makes every image of the job add into the partial sum it is given. */
const ONE_PART = 1 << 30;

function convBackwardWeight(cx: GemmContext, x: F, gout: F, gw: F | null, gb: F | null, g: ConvGeom): boolean {
  const wino = winoOk(g), big = wino && useWino4(g.N, g.C, g.O, g.OH, g.OW);
  const geom = wino ? winoGeom(cx, g.C, g.H, g.W, g.O, g.pH, g.pW, g.OH, g.OW) : writeGeom(cx, g);
  const wsBytes = big ? cx.ex.wino4WorkspaceBytes(geom) : wino ? cx.ex.winoWorkspaceBytes(geom) : cx.ex.convWorkspaceBytes(geom);
  // the partial sums hold dU[16 or 36][O][C] on the Winograd paths (transformed to 3x3 at the end)
  const nw = big ? 36 * g.O * g.C : wino ? 16 * g.O * g.C : g.O * (g.C / g.groups) * g.KH * g.KW;
  // Images are summed in chunks of `chunk` into zeroed partials, which are then added in chunk
  // order. The chunks depend on N alone and every chunk is summed image by image in order (one
  // job per chunk, or per piece of a chunk in one staged block, run block after block), so the
  // gradient's bits depend neither on how many threads ran nor on where the images live.
  const chunk = Math.ceil(g.N / WGRAD_CHUNKS), nParts = Math.ceil(g.N / chunk);
  const pw = gw ? cx.alloc(nParts * nw * 4) : 0, pb = gb ? cx.alloc(nParts * g.O * 4) : 0;
  if (pw) cx.ex.zeroF32(pw, nParts * nw);
  if (pb) cx.ex.zeroF32(pb, nParts * g.O);
  const xe = g.C * g.H * g.W, ge = g.O * g.OH * g.OW;
  const fn = big ? 'wino4BackwardWeight' : wino ? 'winoBackwardWeight' : 'conv2dBackwardWeight';
  const ok = withWorkspaces(cx, wsBytes, parallelThreads() > 1 ? nParts : 1, (ws) => withSlices(g.N, 0, [x as Float32Array, gout as Float32Array], [], ([px, pg], n0, n1) => {
    // a job per chunk in the block (per piece of one), in batches of as many as there are workspaces
    let jobs: number[][] = [];
    for (let s = n0; s < n1;) {
      const k = Math.floor(s / chunk), e = Math.min(n1, (k + 1) * chunk);
      jobs.push([px + (s - n0) * xe * 4, pg + (s - n0) * ge * 4, pw && pw + k * nw * 4, pb && pb + k * g.O * 4, 0, e - s, ONE_PART, geom, ws[jobs.length]]);
      if (jobs.length === ws.length) { run(cx, fn, jobs); jobs = []; }
      s = e;
    }
    if (jobs.length) run(cx, fn, jobs);
  }, {
    host: contextHost(cx), elems: [xe, ge], budget: BLOCK_STAGE,
    // F(4x4, 3x3): blocks end at a chunk's start or an even number of images into a chunk
    ...(big ? { minBlock: W4B, cut: (o0: number, o1: number) => { let e = o1; while (e < g.N && (e % chunk) % W4B !== 0) e--; return e; } } : {}),
  }));
  if (!ok) return false;
  // partial sums added in chunk order (inside wasm memory), then copied out or transformed
  if (pw) cx.ex.sumParts(pw, nParts, nw);
  if (pb) cx.ex.sumParts(pb, nParts, g.O);
  if (gw && big) {
    const at = cx.host.addressOf(gw), d = at >= 0 ? at : cx.alloc(g.O * g.C * 9 * 4);
    run(cx, 'wino4WeightGrad', byOutputs(cx, g.O, (o0, o1, sc) => [pw, g.O, g.C, d, o0, o1, sc]));
    if (at < 0) gw.set(cx.f32().subarray(d >>> 2, (d >>> 2) + g.O * g.C * 9));
  }
  const f = cx.f32();
  if (gw && big) { /* done */ } else if (gw && wino) winoWeightGrad(f, pw >>> 2, g.O, g.C, gw);
  else if (gw) gw.set(f.subarray(pw >>> 2, (pw >>> 2) + nw));
  if (gb) gb.set(f.subarray(pb >>> 2, (pb >>> 2) + g.O));
  return true;
}

export function conv2dBackwardWeightFast(x: F, gout: F, gw: F | null, gb: F | null, g: ConvGeom): void {
  const cx = fastContext(x, gout, gw, gb);
  if (!cx || !withScratch(cx, 'conv2d backward', () => convBackwardWeight(cx, x, gout, gw, gb, g))) conv2dBackwardWeightRef(x, gout, gw, gb, g);
}
