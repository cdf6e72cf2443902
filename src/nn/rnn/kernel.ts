// The recurrent layers' hot loops on typed arrays: one layer (both directions) of RNN_TANH,
// RNN_RELU, LSTM (with an optional projection) or GRU over a sequence given as rows of steps
// (`batchSizes[t]` rows at step t, packed as PackedSequence packs them; a padded [T, B] input is
// batchSizes = [B] * T). As PyTorch's CPU path does: the input projection of all steps is one
// matrix product; each step adds h @ W_hh^T (+ b_hh) and applies the gates pointwise. The backward
// walks the steps in reverse with one product per step (dh_prev = dgates @ W_hh) and forms the
// weight gradients as one product each over all steps. The step products go through
// kernels/rnn_gates.ts StepProducts (on this thread or split over threads, whichever is faster
// lately); a float32 LSTM's pointwise step work through kernels/lstm_gates.ts (WebAssembly SIMD,
// with TypeScript twins); the running h / c live in scratch in the WebAssembly memory.
import { gemm, allocEmpty, releaseStorage } from '../../kernels/dispatch.js';
import { expInPlace, freeGateScratch, gateScratch, StepProducts } from '../../kernels/rnn_gates.js';
import { lstmFwd, lstmBwd } from '../../kernels/lstm_gates.js';

export type F = Float32Array | Float64Array;
export type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** One direction's weights (dense row-major): w_ih [G, I], w_hh [G, P], biases [G], w_hr [P, H]. */
export interface DirWeights { wih: F; whh: F; bih: F | null; bhh: F | null; whr: F | null }

export interface Geom {
  mode: Mode;
  /** Rows per step (non-increasing), and the first row of each step. */
  batchSizes: number[];
  offsets: number[];
  /** Rows in all (Σ batchSizes), the largest batch, input features, hidden size, output size (proj or H), directions. */
  N: number; B: number; I: number; H: number; P: number; D: number;
  f32: boolean;
}

/** What one direction's forward keeps for its backward. */
export interface DirSaved {
  /** h entering each row's step [N, P] (and c for LSTM [N, H]). */
  hprev: F; cprev: F | null;
  /** Activated gates per row: LSTM i,f,g,o [N, 4H]; GRU r,z,n [N, 3H] plus W_hn h + b_hn [N, H]; RNN h [N, H]. */
  acts: F; hn: F | null;
  /** LSTM: tanh of the new cell state [N, H]; with a projection, the unprojected h [N, H]. */
  tc: F | null; hraw: F | null;
}

export const gateCount = (mode: Mode): number => mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1;
const alloc = (f32: boolean, n: number): F => allocEmpty(f32 ? 'f32' : 'f64', n);
export function freeAll(...a: (F | null)[]): void { for (const x of a) if (x) releaseStorage(x); }


/** Rows of the steps in the order a direction visits them. */
function stepOrder(T: number, reverse: boolean): number[] {
  const o: number[] = new Array(T);
  for (let i = 0; i < T; i++) o[i] = reverse ? T - 1 - i : i;
  return o;
}

/**
 * Forward of direction `d` (1 = reverse): reads x [N, I], h0 [B, P], c0 [B, H]; writes its columns
 * d*P.. of out [N, D*P] and the final states into hn [B, P], cn [B, H].
 */
export function forwardDir(g: Geom, d: number, x: F, w: DirWeights, h0: F, c0: F | null, out: F, hn: F, cn: F | null): DirSaved {
  const { mode, N, I, H, P, D, f32, batchSizes, offsets } = g;
  const G = gateCount(mode) * H, OP = D * P;
  // the input projection of every step at once: xg = x @ W_ih^T + b_ih
  const xg = alloc(f32, N * G);
  if (w.bih) for (let r = 0; r < N; r++) xg.set(w.bih, r * G);
  gemm(x, w.wih, xg, N, I, G, false, true, w.bih !== null);
  const hprev = alloc(f32, N * P), cprev = mode === 'LSTM' ? alloc(f32, N * H) : null;
  const acts = mode === 'RNN_TANH' || mode === 'RNN_RELU' ? alloc(f32, N * H) : alloc(f32, N * G);
  const hnSave = mode === 'GRU' ? alloc(f32, N * H) : null;
  const tcSave = mode === 'LSTM' ? alloc(f32, N * H) : null;
  const hraw = w.whr ? alloc(f32, N * H) : null;
  // the running h and c in scratch placed in the WebAssembly memory (the kernels work there),
  // copied to hn and cn at the end
  const kind = f32 ? 'f32' : 'f64';
  const hs = gateScratch(kind, g.B * P), cs = cn ? gateScratch(kind, g.B * H) : null;
  hs.set(h0);
  if (cs && c0) cs.set(c0);
  const hh = gateScratch(kind, g.B * G);
  // float32 LSTM: the gates in one kernel per step (kernels/lstm_gates.ts), which also writes h to
  // the output's rows when there is no projection
  const lstm32 = mode === 'LSTM' && f32, outByKernel = lstm32 && !w.whr;
  const prod = new StepProducts(f32), stepGemm = prod.run.bind(prod);
  for (const t of stepOrder(batchSizes.length, d === 1)) {
    const b = batchSizes[t], o = offsets[t];
    hprev.set(hs.subarray(0, b * P), o * P);
    if (cprev && cs) cprev.set(cs.subarray(0, b * H), o * H);
    // hh = h @ W_hh^T + b_hh
    if (w.bhh) for (let r = 0; r < b; r++) hh.set(w.bhh, r * G);
    stepGemm(hprev.subarray(o * P, (o + b) * P), w.whh, hh, b, P, G, true, w.bhh !== null);
    // the new h goes to hs's rows (unprojected LSTM h to hraw first)
    const hdst = hraw ?? hs, hoff = hraw ? o * H : 0;
    if (lstm32) {
      lstmFwd({ b, H, xg: xg as Float32Array, xgAt: o * G, hh: hh as Float32Array, acts: acts as Float32Array, actsAt: o * G,
        c: cs as Float32Array, tc: tcSave as Float32Array, tcAt: o * H, h: hdst as Float32Array, hAt: hoff,
        out: outByKernel ? out as Float32Array : null, outAt: o * OP + d * P, outStride: OP });
    } else if (mode === 'LSTM') {
      // the sigmoid gates' pre-activations negated in place (one vectorised exp gives e^-z), the
      // cell gate through tanh (its slot zeroed: its exp is not used)
      for (let r = 0; r < b; r++) {
        const gi = (o + r) * G, hi = r * G;
        for (let j = 0; j < H; j++) {
          hh[hi + j] = -(hh[hi + j] + xg[gi + j]);
          hh[hi + H + j] = -(hh[hi + H + j] + xg[gi + H + j]);
          acts[gi + 2 * H + j] = Math.tanh(hh[hi + 2 * H + j] + xg[gi + 2 * H + j]);
          hh[hi + 2 * H + j] = 0;
          hh[hi + 3 * H + j] = -(hh[hi + 3 * H + j] + xg[gi + 3 * H + j]);
        }
      }
      expInPlace(hh, b * G);
      for (let r = 0; r < b; r++) {
        const gi = (o + r) * G, hi = r * G, ci = r * H;
        for (let j = 0; j < H; j++) {
          const ig = 1 / (1 + hh[hi + j]), fg = 1 / (1 + hh[hi + H + j]), og = 1 / (1 + hh[hi + 3 * H + j]);
          const cg = acts[gi + 2 * H + j];
          acts[gi + j] = ig; acts[gi + H + j] = fg; acts[gi + 3 * H + j] = og;
          cs![ci + j] = fg * cs![ci + j] + ig * cg;
          // tanh of the stored (dtype-rounded) cell state, kept for the backward
          const tc = Math.tanh(cs![ci + j]);
          tcSave![(o + r) * H + j] = tc;
          hdst[hoff + r * H + j] = og * tc;
        }
      }
    } else if (mode === 'GRU') {
      // r and z negated for one vectorised exp; W_hn h + b_hn kept aside (its slot zeroed)
      for (let r = 0; r < b; r++) {
        const gi = (o + r) * G, hi = r * G;
        for (let j = 0; j < H; j++) {
          hh[hi + j] = -(hh[hi + j] + xg[gi + j]);
          hh[hi + H + j] = -(hh[hi + H + j] + xg[gi + H + j]);
          hnSave![(o + r) * H + j] = hh[hi + 2 * H + j];
          hh[hi + 2 * H + j] = 0;
        }
      }
      expInPlace(hh, b * G);
      for (let r = 0; r < b; r++) {
        const gi = (o + r) * G, hi = r * G, ri = r * H;
        for (let j = 0; j < H; j++) {
          const rg = 1 / (1 + hh[hi + j]), zg = 1 / (1 + hh[hi + H + j]);
          const ng = Math.tanh(xg[gi + 2 * H + j] + hnSave![(o + r) * H + j] * rg);
          acts[gi + j] = rg; acts[gi + H + j] = zg; acts[gi + 2 * H + j] = ng;
          hs[ri + j] = (hs[ri + j] - ng) * zg + ng;
        }
      }
    } else {
      const relu = mode === 'RNN_RELU';
      for (let r = 0; r < b; r++) {
        const gi = (o + r) * H, hi = r * H;
        for (let j = 0; j < H; j++) {
          const v = hh[hi + j] + xg[gi + j];
          hs[hi + j] = relu ? (v > 0 ? v : 0) : Math.tanh(v);
          acts[gi + j] = hs[hi + j];
        }
      }
    }
    // an LSTM's projection: h = hraw @ W_hr^T
    if (w.whr) stepGemm(hraw!.subarray(o * H, (o + b) * H), w.whr, hs, b, H, P, true, false);
    // this step's rows of the output
    if (!outByKernel) for (let r = 0; r < b; r++) out.set(hs.subarray(r * P, (r + 1) * P), (o + r) * OP + d * P);
  }
  hn.set(hs.subarray(0, g.B * P));
  if (cn && cs) cn.set(cs.subarray(0, g.B * H));
  freeAll(xg);
  freeGateScratch(hh, hs, cs);
  prod.free();
  return { hprev, cprev, acts, hn: hnSave, tc: tcSave, hraw };
}

/** Gradients of one direction: into dx [N, I] (accumulated over directions), dh0, dc0 and the weights'. */
export interface DirGrads { dwih: F; dwhh: F; dbih: F | null; dbhh: F | null; dwhr: F | null }

/**
 * Backward of direction d. dout [N, D*P] (this direction's columns), dhn [B, P], dcn [B, H] are the
 * gradients of its outputs; dh0 / dc0 receive the initial states' gradients; dx is accumulated into
 * when `accumulateDx`, else written.
 */
export function backwardDir(g: Geom, d: number, x: F, w: DirWeights, s: DirSaved, dout: F, dhn: F, dcn: F | null,
  dh0: F, dc0: F | null, dx: F | null, accumulateDx: boolean, needW: boolean): DirGrads | null {
  const { mode, N, I, H, P, D, f32, batchSizes, offsets } = g;
  const G = gateCount(mode) * H, OP = D * P;
  // dh: the products write it every step (a buffer in the wasm memory); dc is only read here
  const kind = f32 ? 'f32' : 'f64';
  const dh = gateScratch(kind, g.B * P), dc = dc0 ? gateScratch(kind, g.B * H) : null;
  dh.set(dhn);
  if (dc && dcn) dc.set(dcn);
  const lstm32 = mode === 'LSTM' && f32, doutByKernel = lstm32 && !w.whr;
  // gradients of the pre-activation gates: for the input side and (GRU only differs) the hidden side
  const dgi = alloc(f32, N * G), dgh = mode === 'GRU' ? alloc(f32, N * G) : dgi;
  const dhp = w.whr ? alloc(f32, N * P) : null; // d(projected h) per row, for dW_hr
  const dhr = w.whr ? gateScratch(kind, g.B * H) : null;
  const T = batchSizes.length;
  const prod = new StepProducts(f32), stepGemm = prod.run.bind(prod);
  for (const t of stepOrder(T, d !== 1)) {
    const b = batchSizes[t], o = offsets[t];
    // dh of this step's output: what flows back from later steps plus the output's gradient
    if (!doutByKernel) for (let r = 0; r < b; r++) {
      const src = (o + r) * OP + d * P, dst = r * P;
      for (let j = 0; j < P; j++) dh[dst + j] += dout[src + j];
    }
    if (lstm32) {
      let dhu: F = dh;
      if (dhp && dhr) { // through the projection: d hraw = dh @ W_hr
        dhp.set(dh.subarray(0, b * P), o * P);
        stepGemm(dh.subarray(0, b * P), w.whr!, dhr, b, P, H, false, false);
        dhu = dhr;
      }
      lstmBwd({ b, H, acts: s.acts as Float32Array, actsAt: o * G, tc: s.tc as Float32Array, cprev: s.cprev as Float32Array, hAt: o * H,
        dh: dhu as Float32Array, dout: doutByKernel ? dout as Float32Array : null, doutAt: o * OP + d * P, outStride: OP,
        dc: dc as Float32Array, dg: dgi as Float32Array, dgAt: o * G });
      stepGemm(dgi.subarray(o * G, (o + b) * G), w.whh, dh, b, G, P, false, false);
    } else if (mode === 'LSTM') {
      let dhu: F = dh;
      if (dhp && dhr) { // through the projection: d hraw = dh @ W_hr
        dhp.set(dh.subarray(0, b * P), o * P);
        stepGemm(dh.subarray(0, b * P), w.whr!, dhr, b, P, H, false, false);
        dhu = dhr;
      }
      for (let r = 0; r < b; r++) {
        const gi = (o + r) * G, ri = r * H, si = (o + r) * H;
        for (let j = 0; j < H; j++) {
          const ig = s.acts[gi + j], fg = s.acts[gi + H + j], cg = s.acts[gi + 2 * H + j], og = s.acts[gi + 3 * H + j];
          const tc = s.tc![si + j];
          const dhv = dhu[ri + j];
          const dcv = dc![ri + j] + dhv * og * (1 - tc * tc);
          dgi[gi + j] = dcv * cg * ig * (1 - ig);
          dgi[gi + H + j] = dcv * s.cprev![si + j] * fg * (1 - fg);
          dgi[gi + 2 * H + j] = dcv * ig * (1 - cg * cg);
          dgi[gi + 3 * H + j] = dhv * tc * og * (1 - og);
          dc![ri + j] = dcv * fg;
        }
      }
      stepGemm(dgi.subarray(o * G, (o + b) * G), w.whh, dh, b, G, P, false, false);
    } else if (mode === 'GRU') {
      for (let r = 0; r < b; r++) {
        const gi = (o + r) * G, ri = r * H, si = (o + r) * H;
        for (let j = 0; j < H; j++) {
          const rg = s.acts[gi + j], zg = s.acts[gi + H + j], ng = s.acts[gi + 2 * H + j];
          const dhv = dh[ri + j], hp = s.hprev[si + j];
          const dn = dhv * (1 - zg) * (1 - ng * ng);
          const dz = dhv * (hp - ng) * zg * (1 - zg);
          const dr = dn * s.hn![si + j] * rg * (1 - rg);
          dgi[gi + j] = dr; dgi[gi + H + j] = dz; dgi[gi + 2 * H + j] = dn;
          dgh[gi + j] = dr; dgh[gi + H + j] = dz; dgh[gi + 2 * H + j] = dn * rg;
          dh[ri + j] = dhv * zg;
        }
      }
      stepGemm(dgh.subarray(o * G, (o + b) * G), w.whh, dh, b, G, P, false, true);
    } else {
      const relu = mode === 'RNN_RELU';
      for (let r = 0; r < b; r++) {
        const gi = (o + r) * H, ri = r * H;
        for (let j = 0; j < H; j++) {
          const h = s.acts[gi + j];
          dgi[gi + j] = relu ? (h > 0 ? dh[ri + j] : 0) : dh[ri + j] * (1 - h * h);
        }
      }
      stepGemm(dgi.subarray(o * G, (o + b) * G), w.whh, dh, b, G, P, false, false);
    }
  }
  prod.free();
  dh0.set(dh.subarray(0, g.B * P));
  if (dc0 && dc) dc0.set(dc.subarray(0, g.B * H));
  if (dx) gemm(dgi, w.wih, dx, N, G, I, false, false, accumulateDx);
  let grads: DirGrads | null = null;
  if (needW) {
    const dwih = alloc(f32, G * I), dwhh = alloc(f32, G * P);
    gemm(dgi, x, dwih, G, N, I, true, false, false);
    gemm(dgh, s.hprev, dwhh, G, N, P, true, false, false);
    const dwhr = dhp ? alloc(f32, P * H) : null;
    if (dwhr) gemm(dhp!, s.hraw!, dwhr, P, N, H, true, false, false);
    const dbih = w.bih ? columnSums(dgi, N, G, f32) : null;
    // LSTM and RNN: both biases meet the same gate gradient
    const dbhh = !w.bhh ? null : dgh === dgi && dbih ? copyOf(dbih, f32) : columnSums(dgh, N, G, f32);
    grads = { dwih, dwhh, dwhr, dbih, dbhh };
  }
  freeAll(dgi, dgh === dgi ? null : dgh, dhp);
  freeGateScratch(dhr, dh, dc);
  return grads;
}

function copyOf(a: F, f32: boolean): F { const c = alloc(f32, a.length); c.set(a); return c; }

/** Σ over rows of a rows x n matrix: a product with a row of ones (the SIMD GEMM). */
function columnSums(d: F, rows: number, n: number, f32: boolean): F {
  const ones = alloc(f32, rows).fill(1), out = alloc(f32, n);
  gemm(ones, d, out, 1, rows, n, false, false, false, 0);
  freeAll(ones);
  return out;
}

export function freeSaved(s: DirSaved): void { freeAll(s.hprev, s.cprev, s.acts, s.hn, s.tc, s.hraw); }
