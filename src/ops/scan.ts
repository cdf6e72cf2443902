// Running sums and products along a dim (cumsum, cumprod), with `dtype=` and their gradients;
// cumprod's gradient stays exact when the input holds zeros, as PyTorch's does.
import { Tensor } from '../tensor/tensor.js';
import { bool, type DType } from '../tensor/dtype.js';
import { intTimes } from './elementwise.js';
import { record } from '../autograd/function.js';
import { dense, lanes, dtypeArg, accumulateDtype, requireArg, notImplemented, castTo, type Lanes } from './reduce_dims.js';
import { bindNames, intArg } from '../tensor/args.js';

export interface ScanOpts { dim?: number; dtype?: DType | string | null }
export type ScanArgs = [dim: number | ScanOpts, opts?: ScanOpts];

/** Calls f(base, stride) for each lane: its k-th element sits at base + k*stride. */
function eachLane(L: Lanes, f: (base: number, stride: number) => void): void {
  for (let o = 0; o < L.outer; o++) for (let j = 0; j < L.inner; j++) f(o * L.size * L.inner + j, L.inner);
}

function scan(fn: 'cumsum' | 'cumprod', input: Tensor, args: ScanArgs): { L: Lanes; x: Tensor; out: Tensor } {
  const a = bindNames(fn, ['dim', 'dtype'], args);
  requireArg(fn, 'dim', a.dim);
  const L = lanes(input, intArg(fn, 'dim', a.dim, 0));
  const dtype = accumulateDtype(input, dtypeArg(a.dtype));
  if (dtype === bool) throw notImplemented(`${fn}_out_cpu`, bool);
  // the input is converted to dtype first (an int64 cumsum of floats truncates each element)
  const d = dense(input), res = dtype.alloc(d.length);
  const prod = fn === 'cumprod', wrap = dtype.wrap;
  const times = dtype.is_integer ? intTimes(dtype) : (p: number, q: number) => p * q;
  eachLane(L, (base, st) => {
    let acc = prod ? 1 : 0;
    for (let k = 0, p = base; k < L.size; k++, p += st) {
      const v = castTo(dtype, d[p]);
      acc = prod ? times(acc, v) : acc + v;
      if (wrap) acc = wrap(acc); // narrow integer dtypes wrap as they go
      res[p] = acc;
    }
  });
  return { L, x: input, out: new Tensor(res, input.shape, dtype) };
}

/** torch.cumsum(input, dim, {dtype}). */
export function cumsum(input: Tensor, ...args: ScanArgs): Tensor {
  const { L, x, out } = scan('cumsum', input, args);
  if (!out.dtype.is_floating_point) return out;
  return record(out, 'CumsumBackward0', [x], (g) => {
    // each input element feeds every later output: the gradient is a reversed running sum
    const gd = dense(g), gx = x.dtype.alloc(gd.length);
    eachLane(L, (base, st) => {
      let acc = 0;
      for (let k = L.size - 1, p = base + k * st; k >= 0; k--, p -= st) { acc += gd[p]; gx[p] = acc; }
    });
    return [new Tensor(gx, x.shape, x.dtype)];
  }, false);
}

/** torch.cumprod(input, dim, {dtype}). */
export function cumprod(input: Tensor, ...args: ScanArgs): Tensor {
  const { L, x, out } = scan('cumprod', input, args);
  if (!out.dtype.is_floating_point) return out;
  return record(out, 'CumprodBackward0', [x], (g) => {
    const gd = dense(g), yd = dense(out), xd = dense(x), gx = x.dtype.alloc(gd.length);
    eachLane(L, (base, st) => {
      const n = L.size;
      if (n === 1) { gx[base] = gd[base]; return; }
      let z = n; // the first zero of the lane
      for (let k = 0; k < n; k++) if (xd[base + k * st] === 0) { z = k; break; }
      // before the first zero: sum_{j>=k} g_j y_j / x_k
      let acc = 0;
      for (let k = n - 1; k >= 0; k--) {
        const p = base + k * st;
        acc += gd[p] * yd[p];
        if (k < z) gx[p] = acc / xd[p];
      }
      if (z === n) return;
      // at the first zero: sum_{j>=z} g_j * prod_{i<=j, i!=z} x_i; after it every term holds that zero
      let before = 1;
      for (let k = 0; k < z; k++) before *= xd[base + k * st];
      let run = before, sum = 0;
      for (let j = z; j < n; j++) {
        if (j > z) run *= xd[base + j * st];
        sum += gd[base + j * st] * run;
      }
      gx[base + z * st] = sum;
    });
    return [new Tensor(gx, x.shape, x.dtype)];
  }, true, { saved: [x, out] });
}
