// One recurrent layer (all its directions) as one autograd op. The op has three results (the
// output sequence, the final h and the final c), and a graph node has one: the node hangs on a
// hidden carrier tensor, and each result is a node of its own whose backward places its gradient
// at the result's place in one flat gradient [out | hn | cn] that the engine sums for the carrier.
import { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { float32 } from '../../tensor/dtype.js';
import { RuntimeError } from '../../tensor/errors.js';
import { record, needsGrad } from '../../autograd/function.js';
import { savedView, type SavedSpec } from '../../autograd/saved.js';
import { forwardDir, backwardDir, freeSaved, freeAll, type Geom, type DirWeights, type DirSaved, type Mode, type F } from './kernel.js';

/** One direction's parameters, as the module holds them (null where absent). */
export interface DirParams { wih: Tensor; whh: Tensor; bih: Tensor | null; bhh: Tensor | null; whr: Tensor | null }

export interface LayerResult { out: Tensor; hn: Tensor; cn: Tensor | null }

/** The results' grad_fn names; `cell`: the final states as [B, H] (one step of a cell) rather than [D, B, P]. */
export interface LayerNames { out: string; hn: string; cn: string; cell?: boolean }

const data = (t: Tensor | null): F | null => t ? t.contiguous()._data as F : null;

/**
 * Runs layer `layer` over x (N rows of I features, read as [N, I]): its initial states are rows
 * layer*D.. of hx [L*D, B, P] and cx [L*D, B, H]. The output has shape `outShape` (N*D*P elements).
 */
export function rnnLayer(mode: Mode, x: Tensor, batchSizes: number[], hx: Tensor, cx: Tensor | null, layer: number,
  params: DirParams[], H: number, outShape: number[], names: LayerNames): LayerResult {
  const D = params.length, dtype = params[0].wih.dtype, f32 = dtype === float32;
  // ATen's products meet mixed dtypes first: their message
  for (const t of [x, hx, cx, ...params.flatMap((p) => [p.whh, p.bih, p.bhh, p.whr])])
    if (t && t.dtype !== dtype) throw new RuntimeError('mat1 and mat2 must have the same dtype');
  const B = batchSizes.length ? batchSizes[0] : 0, P = params[0].whr ? params[0].whr.shape[0] : H;
  const I = params[0].wih.shape[1];
  const offsets: number[] = [];
  let N = 0;
  for (const b of batchSizes) { offsets.push(N); N += b; }
  const g: Geom = { mode, batchSizes, offsets, N, B, I, H, P, D, f32 };
  const xd = data(x)!, hxd = data(hx)!, cxd = data(cx);
  const w: DirWeights[] = params.map((p) => ({ wih: data(p.wih)!, whh: data(p.whh)!, bih: data(p.bih), bhh: data(p.bhh), whr: data(p.whr) }));
  const out = dtype.alloc(N * D * P) as F, hn = dtype.alloc(D * B * P) as F, cn = cx ? dtype.alloc(D * B * H) as F : null;
  const saved: DirSaved[] = [];
  for (let d = 0; d < D; d++) {
    const hs = (layer * D + d) * B * P, cs = (layer * D + d) * B * H;
    saved.push(forwardDir(g, d, xd, w[d], hxd.subarray(hs, hs + B * P), cxd ? cxd.subarray(cs, cs + B * H) : null, out,
      hn.subarray(d * B * P, (d + 1) * B * P), cn ? cn.subarray(d * B * H, (d + 1) * B * H) : null));
  }
  const hShape = names.cell ? [B, P] : [D, B, P], cShape = names.cell ? [B, H] : [D, B, H];
  const outT = new Tensor(out, outShape, dtype), hnT = new Tensor(hn, hShape, dtype), cnT = cn ? new Tensor(cn, cShape, dtype) : null;
  const flat = params.flatMap((p) => [p.wih, p.whh, p.bih, p.bhh, p.whr]);
  const inputs = [x, hx, cx, ...flat];
  const release = (): void => saved.forEach(freeSaved);
  if (!needsGrad(...inputs)) { release(); return { out: outT, hn: hnT, cn: cnT }; }
  const nOut = N * D * P, nH = D * B * P, nC = cn ? D * B * H : 0, total = nOut + nH + nC;
  const carrier = record(new Tensor(dtype.alloc(0), [0], dtype), `${names.out}:layer`, inputs, (gr) => {
    const gd = gr._data as F;
    const dx = x.requires_grad ? dtype.alloc(N * I) as F : null;
    const dhx = hx.requires_grad ? dtype.alloc(hx.numel()) as F : null;
    const dcx = cx && cx.requires_grad ? dtype.alloc(cx.numel()) as F : null;
    const grads: (Tensor | null)[] = [];
    for (let d = 0; d < D; d++) {
      const hs = (layer * D + d) * B * P, cs = (layer * D + d) * B * H;
      const dh0 = dhx ? dhx.subarray(hs, hs + B * P) : dtype.alloc(B * P) as F;
      const dc0 = cx ? (dcx ? dcx.subarray(cs, cs + B * H) : dtype.alloc(B * H) as F) : null;
      const p = params[d];
      const needW = p.wih.requires_grad || p.whh.requires_grad || !!p.bih?.requires_grad || !!p.bhh?.requires_grad || !!p.whr?.requires_grad;
      const r = backwardDir(g, d, xd, w[d], saved[d], gd, gd.subarray(nOut + d * B * P, nOut + (d + 1) * B * P),
        cn ? gd.subarray(nOut + nH + d * B * H, nOut + nH + (d + 1) * B * H) : null, dh0, dc0, dx, d > 0, needW);
      const wrap = (a: F | null, t: Tensor | null): Tensor | null => a && t && t.requires_grad ? new Tensor(a, t.shape, dtype) : null;
      grads.push(wrap(r?.dwih ?? null, p.wih), wrap(r?.dwhh ?? null, p.whh), wrap(r?.dbih ?? null, p.bih), wrap(r?.dbhh ?? null, p.bhh), wrap(r?.dwhr ?? null, p.whr));
    }
    return [dx && new Tensor(dx, x.shape, dtype), dhx && new Tensor(dhx, hx.shape, dtype), dcx && new Tensor(dcx, cx!.shape, dtype), ...grads];
  }, true, { release, saved: savedOf(x, hx, cx, params) });
  // each result: its gradient placed in the flat [out | hn | cn]
  const part = (t: Tensor, at: number, name: string): Tensor => record(t, name, [carrier], (gr) => {
    const flatG = dtype.alloc(total);
    flatG.set(gr.contiguous()._data, at);
    return [new Tensor(flatG, [total], dtype)];
  }, false);
  return { out: part(outT, 0, names.out), hn: part(hnT, nOut, names.hn), cn: cnT && part(cnT, nOut + nH, names.cn) };
}

/**
 * What the backward reads, as PyTorch's composition saves it (weights as their transposed views,
 * the input only for the weight's gradient and the weight only for the input's): an in-place
 * change to any of them before the backward raises PyTorch's error.
 */
function savedOf(x: Tensor, hx: Tensor, cx: Tensor | null, params: DirParams[]): SavedSpec[] {
  const tv = (w: Tensor | null): SavedSpec => w && savedView(w, [w.shape[1], w.shape[0]]);
  return [hx, cx, ...params.flatMap((p) => [p.wih.requires_grad && x, x.requires_grad && tv(p.wih), tv(p.whh), tv(p.whr)])];
}

export type { DType };
