// 2-D max pooling over planes (N*C planes of H x W): forward with argmax indices, and the backward
// scatter. The window walk and the NaN rule follow PyTorch's cpu_max_pool: a NaN wins (the last NaN
// of a window gives the index), an all -inf window reports its first in-bounds position.
import { gemmContext, withScratch, runJobs, parallelThreads } from './fast_gemm.js';
import { withSlices, contextHost, BLOCK_STAGE } from './fast_util.js';

export type F = Float32Array | Float64Array;

export interface PoolGeom {
  planes: number; H: number; W: number; KH: number; KW: number;
  sH: number; sW: number; pH: number; pW: number; dH: number; dW: number; OH: number; OW: number;
}

/** out[p][oh][ow] = max over the window; idx gets the winner's offset ih*W + iw within its plane. */
export function maxPool2dForwardRef(x: F, out: F, idx: Int32Array, g: PoolGeom): void {
  const { planes, H, W, KH, KW, sH, sW, pH, pW, dH, dW, OH, OW } = g;
  if (KH === 2 && KW === 2 && sH === 2 && sW === 2 && pH === 0 && pW === 0 && dH === 1 && dW === 1 && 2 * OH <= H && 2 * OW <= W) {
    pool2x2(x, out, idx, planes, H, W, OH, OW);
    return;
  }
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let oh = 0; oh < OH; oh++) {
      let ih0 = oh * sH - pH;
      const ih1 = Math.min(ih0 + (KH - 1) * dH + 1, H);
      while (ih0 < 0) ih0 += dH;
      for (let ow = 0; ow < OW; ow++, o++) {
        let iw0 = ow * sW - pW;
        const iw1 = Math.min(iw0 + (KW - 1) * dW + 1, W);
        while (iw0 < 0) iw0 += dW;
        let best = ih0 * W + iw0, m = -Infinity;
        for (let ih = ih0; ih < ih1; ih += dH)
          for (let iw = iw0; iw < iw1; iw += dW) {
            const v = x[base + ih * W + iw];
            if (v > m || v !== v) { m = v; best = ih * W + iw; }
          }
        out[o] = m;
        idx[o] = best;
      }
    }
  }
}

// The MNIST case (2x2 windows, stride 2): the same rule unrolled.
function pool2x2(x: F, out: F, idx: Int32Array, planes: number, H: number, W: number, OH: number, OW: number): void {
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const r0 = 2 * oh * W, r1 = r0 + W;
      for (let ow = 0; ow < OW; ow++, o++) {
        const c = 2 * ow;
        let best = r0 + c, m = x[base + best], v = x[base + r0 + c + 1];
        if (v > m || v !== v) { m = v; best = r0 + c + 1; }
        v = x[base + r1 + c];
        if (v > m || v !== v) { m = v; best = r1 + c; }
        v = x[base + r1 + c + 1];
        if (v > m || v !== v) { m = v; best = r1 + c + 1; }
        out[o] = m;
        idx[o] = best;
      }
    }
  }
}

/** Input elements above which the pooling kernels split their planes over the threads. */
const POOL_PARALLEL = 1 << 18;
/** Jobs over plane ranges [a, b) of `planes` planes (one job below POOL_PARALLEL input elements):
 * each plane is pooled alone, so the split does not change any bit. */
function planeJobs(planes: number, inPlane: number, job: (a: number, b: number) => number[]): number[][] {
  const t = parallelThreads(), n = t > 1 && planes * inPlane >= POOL_PARALLEL ? Math.min(planes, 2 * t) : 1, out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.floor((planes * i) / n), b = Math.floor((planes * (i + 1)) / n);
    if (b > a) out.push(job(a, b));
  }
  return out;
}

/**
 * maxPool2dForwardRef's contract; float32 2x2/stride-2 windows run as WebAssembly SIMD (asm/gemm.ts),
 * on planes staged in blocks through scratch when they live on the JS heap.
 */
export function maxPool2dForwardFast(x: F, out: F, idx: Int32Array, g: PoolGeom): void {
  const { planes, H, W, OH, OW } = g;
  const cx = x instanceof Float32Array && out instanceof Float32Array && g.KH === 2 && g.KW === 2 && g.sH === 2 && g.sW === 2
    && g.pH === 0 && g.pW === 0 && g.dH === 1 && g.dW === 1 && 2 * OH <= H && 2 * OW <= W && out.length > 0 ? gemmContext() : null;
  if (cx && withScratch(cx, 'max_pool2d', () => withSlices(planes, 0, [x as Float32Array], [out as Float32Array, idx],
    ([px, po, pi], p0, p1) => runJobs(cx, 'maxPool2x2', planeJobs(p1 - p0, H * W, (a, b) => [px + 4 * a * H * W, b - a, H, W, OH, OW, po + 4 * a * OH * OW, pi + 4 * a * OH * OW])),
    { host: contextHost(cx), elems: [H * W, OH * OW, OH * OW], budget: BLOCK_STAGE }))) return;
  maxPool2dForwardRef(x, out, idx, g);
}

/** gx (zeroed here) [p][idx] += gout[p][o]: the adjoint of the forward's selection. */
export function maxPool2dBackwardRef(gout: F, idx: Int32Array, gx: F, planes: number, inPlane: number, outPlane: number): void {
  gx.fill(0);
  for (let p = 0, o = 0; p < planes; p++) {
    const base = p * inPlane;
    for (let j = 0; j < outPlane; j++, o++) gx[base + idx[o]] += gout[o];
  }
}

/** maxPool2dBackwardRef's contract; float32 runs in WebAssembly (asm/gemm.ts maxPoolBackward), staged as the forward. */
export function maxPool2dBackwardFast(gout: F, idx: Int32Array, gx: F, planes: number, inPlane: number, outPlane: number): void {
  const cx = gout instanceof Float32Array && gx instanceof Float32Array && gx.length >= 4096 ? gemmContext() : null;
  if (cx && withScratch(cx, 'max_pool2d backward', () => withSlices(planes, 0, [gout as Float32Array, idx], [gx as Float32Array],
    ([pg, pi, px], p0, p1) => runJobs(cx, 'maxPoolBackward', planeJobs(p1 - p0, inPlane, (a, b) => [pg + 4 * a * outPlane, pi + 4 * a * outPlane, px + 4 * a * inPlane, b - a, inPlane, outPlane])),
    { host: contextHost(cx), elems: [outPlane, outPlane, inPlane], budget: BLOCK_STAGE }))) return;
  maxPool2dBackwardRef(gout, idx, gx, planes, inPlane, outPlane);
}
