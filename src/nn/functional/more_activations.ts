// F.hardswish, hardsigmoid, mish, selu, celu, threshold, hardshrink, softshrink, prelu (ATen's CPU
// kernels step by step, float32 rounding after each step, with the backward node 1.13 records),
// F.glu (its kernel and GluBackward0), F.softsign and tanhshrink (compositions, as 1.13's Python builds them), and the
// inplace=True forms where PyTorch has them.
import { Tensor } from '../../tensor/tensor.js';
import { bool } from '../../tensor/dtype.js';
import { IndexError, RuntimeError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { inplace as inplaceOp } from '../../ops/inplace.js';
import { abs, add, binaryMap, div, sub, tanh, unaryMap } from '../../ops/elementwise.js';
import { rounder } from '../../ops/math.js';
import { bind, builtin, intArg, numberArg, tensorArg } from '../../tensor/args.js';

// the builtins among them, bound by PythonArgParser as in 1.13
const HARDSHRINK = builtin('hardshrink(Tensor input, Number lambd=0.5)'), SOFTSHRINK = builtin('softshrink(Tensor input, Number lambd=0.5)');
const PRELU = builtin('prelu(Tensor input, Tensor weight)');

type R = (v: number) => number;
interface Pointwise { f: (x: number) => number; d: (g: number, x: number) => number }

/** A float-only activation: out = f(x), d(input) = d(g, x); other dtypes fail as ATen's dispatch does. */
function pointwise(x: Tensor, kernel: string, node: string, make: (r: R) => Pointwise, floatOnly = true): Tensor {
  if (floatOnly ? !x.dtype.is_floating_point : x.dtype === bool) throw new RuntimeError(`"${kernel}" not implemented for '${x.dtype.scalarName}'`);
  const { f, d } = make(x.dtype.is_floating_point ? rounder(x.dtype) : (v) => v);
  const src = x.contiguous(), out = unaryMap(src, f);
  return record(out, node, [x], (g) => [binaryMap(g, src, d, g.dtype)], true, { saved: [x] });
}

/** inplace=True: the op written into input (its backward reads the input from before). */
function maybeInplace(input: Tensor, inplace: boolean, compute: (x: Tensor) => Tensor): Tensor {
  return inplace ? inplaceOp(input, { readsSelf: true, compute }) : compute(input);
}

/** A Python `def f(input, inplace=False)` over a one-input kernel. */
function withInplace(sig: string, name: string, args: unknown[], op: (x: Tensor) => Tensor): Tensor {
  const a = bind(sig, args);
  const x = tensorArg(name, 'input', a.input, 1);
  return maybeInplace(x, !!a.inplace, op);
}

// ---- hardswish, hardsigmoid, mish ----
/**
 * hardswish's backward at x = 3 exactly differs between ATen's two loops: the vectorised one (AVX2:
 * 8 float / 4 double lanes, two vectors a step, over the leading multiple of 16 / 8 elements) gives
 * grad, the scalar one (the rest) grad·(3/3 + 0.5). Both are followed here.
 */
function hardswishOp(x: Tensor): Tensor {
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"hardswish_cpu" not implemented for '${x.dtype.scalarName}'`);
  const r = rounder(x.dtype), src = x.contiguous(), xd = src._data;
  const out = unaryMap(src, (v) => r(r(v * Math.min(Math.max(r(v + 3), 0), 6)) / 6));
  return record(out, 'HardswishBackward0', [x], (g) => {
    const gd = g.contiguous()._data, n = xd.length, gx = x.dtype.alloc(n);
    const step = 2 * (32 / x.dtype.itemsize), vecEnd = n - (n % step);
    for (let i = 0; i < n; i++) {
      const v = xd[i], gv = gd[i];
      const inner = (): number => r(gv * r(r(v / 3) + 0.5));
      gx[i] = v < -3 ? 0 : i < vecEnd ? (v >= 3 ? gv : inner()) : (v <= 3 ? inner() : gv);
    }
    return [new Tensor(gx, x.shape.slice(), x.dtype)];
  }, true, { saved: [x] });
}
/** F.hardswish(input, inplace=False): x·min(max(x + 3, 0), 6)/6. */
export function hardswish(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function hardswish(...args: unknown[]): Tensor;
export function hardswish(...args: unknown[]): Tensor { return withInplace('hardswish(input, inplace=False)', 'hardswish', args, hardswishOp); }

const hardsigmoidOp = (x: Tensor): Tensor => pointwise(x, 'hardsigmoid_cpu', 'HardsigmoidBackward0', (r) => {
  const sixth = r(Math.fround(1 / 6)); // ATen: scalar_t one_sixth(1.0f / 6.0f), a float constant for double too
  return { f: (v) => r(Math.min(Math.max(r(v + 3), 0), 6) / 6), d: (g, v) => (v > -3 && v < 3 ? r(g * sixth) : 0) };
});
/** F.hardsigmoid(input, inplace=False): min(max(x + 3, 0), 6)/6. */
export function hardsigmoid(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function hardsigmoid(...args: unknown[]): Tensor;
export function hardsigmoid(...args: unknown[]): Tensor { return withInplace('hardsigmoid(input, inplace=False)', 'hardsigmoid', args, hardsigmoidOp); }

const mishOp = (x: Tensor): Tensor => pointwise(x, 'mish_cpu', 'MishBackward0', (r) => {
  const ts = (v: number): number => r(Math.tanh(r(Math.log1p(r(Math.exp(v))))));
  return {
    f: (v) => r(v * ts(v)),
    d: (g, v) => {
      const s = r(1 / r(1 + r(Math.exp(-v)))), t = ts(v);
      return r(g * r(t + r(r(v * s) * r(1 - r(t * t)))));
    },
  };
});
/** F.mish(input, inplace=False): x·tanh(softplus(x)). */
export function mish(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function mish(...args: unknown[]): Tensor;
export function mish(...args: unknown[]): Tensor { return withInplace('mish(input, inplace=False)', 'mish', args, mishOp); }

// ---- selu, celu: ATen's elu kernel with (alpha, scale, input_scale) ----
const SELU_ALPHA = 1.6732632423543772848170429916717, SELU_SCALE = 1.0507009873554804934193349852946;
function eluOp(x: Tensor, node: string, alpha: number, scale: number, inputScale: number): Tensor {
  return pointwise(x, 'elu_cpu', node, (r) => {
    const neg = r(r(alpha) * r(scale)), pos = r(scale), ins = r(inputScale);
    return {
      f: (v) => (v <= 0 ? r(r(r(Math.exp(r(v * ins))) - 1) * neg) : r(v * pos)),
      d: (g, v) => (v <= 0 ? r(r(r(g * ins) * neg) * r(Math.exp(r(v * ins)))) : r(g * pos)),
    };
  });
}
/** F.selu(input, inplace=False): scale·(max(0, x) + min(0, alpha·(exp(x) - 1))). */
export function selu(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function selu(...args: unknown[]): Tensor;
export function selu(...args: unknown[]): Tensor {
  // the in-place forms (selu_, celu_, threshold_) record their own nodes, ...Backward1
  const a = bind('selu(input, inplace=False)', args);
  const x = tensorArg('selu', 'input', a.input, 1);
  return maybeInplace(x, !!a.inplace, (t) => eluOp(t, a.inplace ? 'EluBackward1' : 'EluBackward0', SELU_ALPHA, SELU_SCALE, 1));
}
/** F.celu(input, alpha=1.0, inplace=False): max(0, x) + min(0, alpha·(exp(x/alpha) - 1)). */
export function celu(input: Tensor, alpha?: number | { alpha?: number; inplace?: boolean }, inplace?: boolean): Tensor;
export function celu(...args: unknown[]): Tensor;
export function celu(...args: unknown[]): Tensor {
  const a = bind('celu(input, alpha=1.0, inplace=False)', args);
  const x = tensorArg('celu', 'input', a.input, 1);
  const alpha = numberArg('celu', 'alpha', a.alpha, 1, 2);
  if (alpha === 0) throw new RuntimeError('ZeroDivisionError: alpha cannot be 0 for CELU');
  return maybeInplace(x, !!a.inplace, (t) => eluOp(t, a.inplace ? 'CeluBackward1' : 'CeluBackward0', alpha, 1, 1 / alpha));
}

// ---- threshold, hardshrink, softshrink ----
/** F.threshold(input, threshold, value, inplace=False): value where x <= threshold, else x. */
export function threshold(input: Tensor, threshold: number, value: number, inplace?: boolean | { inplace?: boolean }): Tensor;
export function threshold(...args: unknown[]): Tensor;
export function threshold(...args: unknown[]): Tensor {
  const a = bind('_threshold(input, threshold, value, inplace=False)', args);
  const x = tensorArg('threshold', 'input', a.input, 1);
  const th = numberArg('threshold', 'threshold', a.threshold, 0, 2), val = numberArg('threshold', 'value', a.value, 0, 3);
  return maybeInplace(x, !!a.inplace, (t) => pointwise(t, 'threshold_cpu', a.inplace ? 'ThresholdBackward1' : 'ThresholdBackward0', (r) => {
    const tr = t.dtype.is_floating_point ? r(th) : th, vr = t.dtype.is_floating_point ? r(val) : t.dtype.cast(val);
    return { f: (v) => (v <= tr ? vr : v), d: (g, v) => (v <= tr ? 0 : g) };
  }, false));
}

/** F.hardshrink(input, lambd=0.5): 0 inside [-lambd, lambd], x outside. */
export function hardshrink(input: Tensor, lambd?: number | { lambd?: number }): Tensor;
export function hardshrink(...args: unknown[]): Tensor;
export function hardshrink(...args: unknown[]): Tensor {
  const [a] = HARDSHRINK.parse(args);
  const x = a.input as Tensor, l = Number(a.lambd);
  return pointwise(x, 'hardshrink_cpu', 'HardshrinkBackward0', (r) => {
    const lr = r(l);
    return { f: (v) => (v >= -lr && v <= lr ? 0 : v), d: (g, v) => (v >= -lr && v <= lr ? 0 : g) };
  });
}

/** F.softshrink(input, lambd=0.5): x ∓ lambd outside [-lambd, lambd], 0 inside. */
export function softshrink(input: Tensor, lambd?: number | { lambd?: number }): Tensor;
export function softshrink(...args: unknown[]): Tensor;
export function softshrink(...args: unknown[]): Tensor {
  const [a] = SOFTSHRINK.parse(args);
  const x = a.input as Tensor, l = Number(a.lambd);
  if (!(l >= 0)) throw new RuntimeError(`lambda must be greater or equal to 0, but found to be ${pyNumber(l)}.`);
  return pointwise(x, 'softshrink_cpu', 'SoftshrinkBackward0', (r) => {
    const lr = r(l);
    return { f: (v) => (v > lr ? r(v - lr) : v < -lr ? r(v + lr) : 0), d: (g, v) => (v >= -lr && v <= lr ? 0 : g) };
  });
}
/** A double as C++'s operator<< writes it in ATen's messages (6 significant digits). */
function pyNumber(v: number): string { return String(Number(v.toPrecision(6))); }

// ---- compositions ----
/** F.softsign(input): input / (input.abs() + 1). */
export function softsign(input: Tensor): Tensor;
export function softsign(...args: unknown[]): Tensor;
export function softsign(...args: unknown[]): Tensor {
  const x = bind('softsign(input)', args).input as Tensor;
  return div(x, add(abs(x), 1));
}
/** F.tanhshrink(input): input - input.tanh(). */
export function tanhshrink(input: Tensor): Tensor;
export function tanhshrink(...args: unknown[]): Tensor;
export function tanhshrink(...args: unknown[]): Tensor {
  const x = bind('tanhshrink(input)', args).input as Tensor;
  return sub(x, tanh(x));
}

/** F.glu(input, dim=-1): a·sigmoid(b), a and b the halves of input along dim. */
export function glu(input: Tensor, dim?: number | { dim?: number }): Tensor;
export function glu(...args: unknown[]): Tensor;
export function glu(...args: unknown[]): Tensor {
  const a = bind('glu(input, dim=-1)', args);
  const x = tensorArg('glu', 'input', a.input, 1);
  if (x.ndim === 0) throw new RuntimeError('glu does not support scalars because halving size must be even');
  const d0 = intArg('glu', 'dim', a.dim, -1, 2), nd = x.ndim;
  if (d0 < -nd || d0 >= nd) throw new IndexError(`Dimension out of range (expected to be in range of [${-nd}, ${nd - 1}], but got ${d0})`);
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"glu_cpu" not implemented for '${x.dtype.scalarName}'`);
  const d = d0 < 0 ? d0 + nd : d0, n = x.shape[d];
  if (n % 2 !== 0) throw new RuntimeError(`Halving dimension must be even, but dimension ${d} is size ${n}`);
  // ATen's glu kernel: a·(1/(1 + exp(-b))); its backward: grad·sig(b) and (1 - sig(b))·sig(b)·a·grad
  const r = rounder(x.dtype), src = x.contiguous(), xd = src._data, h = n / 2;
  const outer = x.shape.slice(0, d).reduce((p, v) => p * v, 1), inner = x.shape.slice(d + 1).reduce((p, v) => p * v, 1);
  const shape = x.shape.slice();
  shape[d] = h;
  const sig = (b: number): number => r(1 / r(1 + r(Math.exp(-b))));
  const out = x.dtype.alloc(outer * h * inner);
  const each = (f: (o: number, ia: number, ib: number) => void): void => {
    for (let o = 0, k = 0; o < outer; o++) for (let j = 0; j < h; j++) for (let i = 0; i < inner; i++, k++)
      f(k, (o * n + j) * inner + i, (o * n + j + h) * inner + i);
  };
  each((k, ia, ib) => { out[k] = r(xd[ia] * sig(xd[ib])); });
  return record(new Tensor(out, shape, x.dtype), 'GluBackward0', [x], (g) => {
    const gd = g.contiguous()._data, gx = x.dtype.alloc(xd.length);
    each((k, ia, ib) => {
      const s = sig(xd[ib]);
      gx[ia] = r(s * gd[k]);
      gx[ib] = r(r(r(r(1 - s) * s) * xd[ia]) * gd[k]);
    });
    return [new Tensor(gx, x.shape.slice(), x.dtype)];
  }, true, { saved: [x] });
}

// ---- prelu ----
/** F.prelu(input, weight): x where x > 0, weight·x elsewhere; weight one value or one per channel (dim 1). */
export function prelu(input: Tensor, weight: Tensor): Tensor;
export function prelu(...args: unknown[]): Tensor;
export function prelu(...args: unknown[]): Tensor {
  const [a] = PRELU.parse(args);
  const x = a.input as Tensor, w = a.weight as Tensor;
  if (w.ndim > 1) throw new RuntimeError(`prelu: Expected \`weight\` to be a scalar or 1D tensor, but got ndim = ${w.ndim}`);
  if (w.dtype !== x.dtype) throw new RuntimeError(`Found dtype ${w.dtype.scalarName} but expected ${x.dtype.scalarName}`);
  const C = w.numel();
  let channels = 1, inner = 1;
  if (C !== 1) {
    if (x.ndim === 0) throw new RuntimeError('Not allow zero-dim input tensor.');
    const size = x.ndim > 1 ? x.shape[1] : 1;
    if (size !== C) throw new RuntimeError(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${C} and channel size = ${size}.`);
    channels = C;
    inner = x.shape.slice(2).reduce((p, s) => p * s, 1);
  }
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"prelu_cpu" not implemented for '${x.dtype.scalarName}'`);
  const r = rounder(x.dtype), xs = x.contiguous(), ws = w.contiguous(), xd = xs._data, wd = ws._data;
  const ch = (i: number): number => (channels === 1 ? 0 : Math.floor(i / inner) % channels);
  const out = x.dtype.alloc(xd.length);
  for (let i = 0; i < xd.length; i++) { const v = xd[i]; out[i] = v > 0 ? v : r(wd[ch(i)] * v); }
  return record(new Tensor(out, x.shape.slice(), x.dtype), 'PreluBackward0', [x, w], (g) => {
    const gd = g.contiguous()._data, gx = x.dtype.alloc(xd.length), acc = new Float64Array(C);
    for (let i = 0; i < xd.length; i++) {
      const v = xd[i], c = ch(i);
      gx[i] = v > 0 ? gd[i] : r(wd[c] * gd[i]);
      if (!(v > 0)) acc[c] += r(v * gd[i]);
    }
    const gw = w.dtype.alloc(C);
    gw.set(acc);
    return [new Tensor(gx, x.shape.slice(), x.dtype), new Tensor(gw, w.shape.slice(), w.dtype)];
  }, true, { saved: [x, w] });
}
