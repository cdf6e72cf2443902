// at::norm(x, p, dims, keepdim) as F.normalize and F.cosine_similarity use it: the p-norm over some
// dims (p = 0 counts non-zeros, ±inf is the max / min magnitude), accumulated in the tensor's
// precision (a float32 norm of huge values overflows as PyTorch's does), with norm_backward's rules.
import { Tensor } from '../tensor/tensor.js';
import { RuntimeError } from '../tensor/errors.js';
import { contiguousStrides, numelOf, wrapDim } from '../tensor/shape.js';
import { record } from '../autograd/function.js';
import { rounder } from './math.js';
import { float32 } from '../tensor/dtype.js';
import { groups } from './reduce_dims.js';
import { pNormF32 } from './stats.js';

/** For each element of x (row-major), the index of the kept-dims output element it reduces into. */
function outIndex(shape: readonly number[], reduced: boolean[]): Int32Array {
  const kept = shape.map((s, i) => (reduced[i] ? 1 : s));
  const st = contiguousStrides(kept).map((s, i) => (reduced[i] ? 0 : s));
  const n = numelOf(shape), idx = new Int32Array(n), pos = new Array<number>(shape.length).fill(0);
  for (let i = 0, o = 0; i < n; i++) {
    idx[i] = o;
    for (let k = shape.length - 1; k >= 0; k--) {
      pos[k]++; o += st[k];
      if (pos[k] < shape[k]) break;
      o -= st[k] * shape[k]; pos[k] = 0;
    }
  }
  return idx;
}

/** ‖x‖_p over `dims`, keeping them as size-1 dims (NormBackward1). */
export function pnormKeepdim(x: Tensor, p: number, dims: readonly number[]): Tensor {
  if (!x.dtype.is_floating_point)
    throw new RuntimeError(`norm(): input dtype should be either floating point or complex. Got ${x.dtype.scalarName} instead.`);
  const nd = x.ndim, reduced = new Array<boolean>(nd).fill(false);
  for (const d of dims) reduced[wrapDim(d, nd)] = true;
  const keptShape = x.shape.map((s, i) => (reduced[i] ? 1 : s));
  const r = rounder(x.dtype), src = x.contiguous()._data, idx = outIndex(x.shape, reduced);
  const m = numelOf(keptShape), acc = new Float64Array(m).fill(p === -Infinity ? Infinity : 0);
  const step: (a: number, v: number) => number =
    p === 0 ? (a, v) => a + (v !== 0 ? 1 : 0)
      : p === Infinity ? (a, v) => (a !== a || a > v ? a : v) // NaN wins
        : p === -Infinity ? (a, v) => (a !== a || a < v ? a : v)
          : p === 1 ? (a, v) => r(a + v)
            : p === 2 ? (a, v) => r(a + v * v) // fused multiply-add: one rounding
              : (a, v) => r(a + r(Math.pow(v, p)));
  for (let i = 0; i < src.length; i++) acc[idx[i]] = step(acc[idx[i]], Math.abs(src[i]));
  const out = x.dtype.alloc(m);
  // float32: at::norm's own kernels, in 1.13's order and rounding
  if (x.dtype === float32 && p !== 0) out.set(pNormF32(x, groups(x, [...dims], true), p)._data);
  else for (let o = 0; o < m; o++)
    out[o] = p === 0 || p === 1 || !Number.isFinite(p) ? acc[o] : p === 2 ? Math.sqrt(acc[o]) : Math.pow(acc[o], 1 / p);
  const res = new Tensor(out, keptShape, x.dtype);
  return record(res, 'NormBackward1', [x], (g) => {
    const gd = g._data, gi = g.dtype.alloc(src.length);
    const count = new Float64Array(m); // ±inf: the gradient is shared by the elements at the extreme (or NaN)
    if (!Number.isFinite(p)) for (let i = 0; i < src.length; i++) if (Math.abs(src[i]) === out[idx[i]] || src[i] !== src[i]) count[idx[i]]++;
    for (let i = 0; i < src.length; i++) {
      const v = src[i], o = idx[i], n = out[o], gv = gd[o], s = Math.sign(v);
      gi[i] = p === 0 ? 0
        : p === 1 ? s * gv
          : p === 2 ? (n === 0 ? 0 : gv * (v / n))
            : !Number.isFinite(p) ? (Math.abs(v) === n || v !== v ? s * (gv / count[o]) : 0)
              : p < 1 ? (v === 0 ? 0 : s * Math.pow(Math.abs(v), p - 1)) * gv * Math.pow(n, 1 - p)
                : (n === 0 ? 0 : (p < 2 ? s * Math.pow(Math.abs(v), p - 1) : v * Math.pow(Math.abs(v), p - 2)) * (gv / Math.pow(n, p - 1)));
    }
    return [new Tensor(gi, x.shape, g.dtype)];
  }, true, { saved: [x, res] });
}
