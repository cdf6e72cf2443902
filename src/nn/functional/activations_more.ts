// F.gelu, silu, softplus, leaky_relu, elu, logsigmoid, hardtanh, relu6, softmin, tanh, sigmoid: ATen's
// CPU kernels step by step (float32 rounding after each step, so float32 results are PyTorch's),
// each with the backward node 1.13 records, and the inplace=True forms (recorded where the input is in a graph).
import { Tensor } from '../../tensor/tensor.js';
import { bool, float32, type DType } from '../../tensor/dtype.js';
import { RuntimeError, warn } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { inplace as inplaceOp } from '../../ops/inplace.js';
import { binaryMap, neg, sigmoid as sigmoidOp, tanh as tanhOp, unaryMap } from '../../ops/elementwise.js';
import { rounder } from '../../ops/math.js';
import { erf, erfVec32 } from '../../ops/special.js';
import { softmax } from './softmax.js';
import { bindNames, boolArg, numberArg, tensorArg } from '../../tensor/args.js';
import { checkCall } from '../../ops/api_more_nn.js';

type R = (v: number) => number;
interface Pointwise { f: (x: number) => number; d: (g: number, x: number) => number }

/** A float-only activation: out = f(x), d(input) = d(g, x); integer inputs fail as ATen's dispatch does. */
function pointwise(x: Tensor, kernel: string, node: string, make: (r: R) => Pointwise, savesResult = false): Tensor {
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"${kernel}" not implemented for '${x.dtype.scalarName}'`);
  const { f, d } = make(rounder(x.dtype));
  const src = x.contiguous(), out = unaryMap(src, f);
  return record(out, node, [x], (g) => [binaryMap(g, src, d, g.dtype)], true, { saved: [savesResult ? out : x] });
}

/** inplace=True: the op written into input (ops/inplace.ts; its backward reads the input from before). */
function maybeInplace(input: Tensor, inplace: boolean, compute: (x: Tensor) => Tensor): Tensor {
  return inplace ? inplaceOp(input, { readsSelf: true, compute }) : compute(input);
}

// ---- gelu ----
const SQRT_2_OVER_PI = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
const PDF_SCALE = (2 / Math.sqrt(Math.PI)) * Math.SQRT1_2 * 0.5;

function geluErf(r: R, e: (v: number) => number): Pointwise {
  const alpha = r(Math.SQRT1_2), beta = r(PDF_SCALE);
  const cdf = (x: number): number => r(0.5 * r(1 + e(r(x * alpha))));
  return {
    f: (x) => r(r(x * 0.5) * r(1 + e(r(x * alpha)))),
    d: (g, x) => r(g * r(cdf(x) + r(x * r(beta * r(Math.exp(r(r(x * x) * -0.5))))))),
  };
}
function geluTanh(r: R): Pointwise {
  const beta = r(SQRT_2_OVER_PI), kappa = r(0.044715), kappa3 = r(3 * kappa);
  const tanhInner = (x: number, xx: number): number => r(Math.tanh(r(beta * r(x + r(kappa * r(xx * x))))));
  return {
    f: (x) => r(r(0.5 * x) * r(1 + tanhInner(x, r(x * x)))),
    d: (g, x) => {
      const xx = r(x * x), t = tanhInner(x, xx);
      const right = r(r(r(0.5 * x) * r(1 - r(t * t))) * r(beta * r(1 + r(kappa3 * xx))));
      return r(g * r(r(0.5 * r(1 + t)) + right));
    },
  };
}

/** F.gelu(input, {approximate = 'none'}): x·Φ(x), or its tanh approximation. */
export function gelu(input: Tensor, opts?: { approximate?: 'none' | 'tanh' }): Tensor;
export function gelu(...args: unknown[]): Tensor;
export function gelu(...args: unknown[]): Tensor {
  checkCall('gelu', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('gelu', ['input'], args, ['approximate'], 1);
  const x = tensorArg('gelu', 'input', a.input, 1);
  const approx = a.approximate === undefined ? 'none' : a.approximate;
  if (approx !== 'none' && approx !== 'tanh') throw new RuntimeError('approximate argument must be either none or tanh.');
  // PyTorch's vectorized float32 loop (contiguous, more than one element) uses its own erf approximation
  const vec = x.dtype === float32 && x.numel() > 1 && x.is_contiguous();
  return pointwise(x, 'GeluKernelImpl', 'GeluBackward0', (r) => (approx === 'tanh' ? geluTanh(r) : geluErf(r, vec ? erfVec32 : (v) => r(erf(v)))));
}

/** F.silu(input, inplace = false): x·sigmoid(x). */
export function silu(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function silu(...args: unknown[]): Tensor;
export function silu(...args: unknown[]): Tensor {
  checkCall('silu', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('silu', ['input', 'inplace'], args);
  const x = tensorArg('silu', 'input', a.input, 1);
  return maybeInplace(x, !!a.inplace, (t) => pointwise(t, 'silu_cpu', 'SiluBackward0', (r) => {
    const s = (v: number): number => r(1 / r(1 + r(Math.exp(-v))));
    return { f: (v) => r(v / r(1 + r(Math.exp(-v)))), d: (g, v) => r(r(g * s(v)) * r(1 + r(v * r(1 - s(v))))) };
  }));
}

/** F.softplus(input, beta = 1, threshold = 20): log(1 + exp(beta·x))/beta, x itself above the threshold. */
export function softplus(input: Tensor, beta?: number | { beta?: number; threshold?: number }, threshold?: number): Tensor;
export function softplus(...args: unknown[]): Tensor;
export function softplus(...args: unknown[]): Tensor {
  checkCall('softplus', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('softplus', ['input', 'beta', 'threshold'], args, [], 1);
  const x = tensorArg('softplus', 'input', a.input, 1);
  const beta = numberArg('softplus', 'beta', a.beta, 1), threshold = numberArg('softplus', 'threshold', a.threshold, 20);
  return pointwise(x, 'softplus_cpu', 'SoftplusBackward0', (r) => {
    const b = r(beta), t = r(threshold);
    return {
      f: (v) => (r(v * b) > t ? v : r(r(Math.log1p(r(Math.exp(r(v * b))))) / b)),
      d: (g, v) => { const z = r(Math.exp(r(v * b))); return r(v * b) > t ? g : r(r(g * z) / r(z + 1)); },
    };
  });
}

/** F.<name>(input, <param> = dflt, inplace = false) of a float-only activation with one number parameter. */
function oneParam(name: string, param: string, dflt: number, node: string, args: unknown[], make: (r: R, p: number) => Pointwise): Tensor {
  const a = bindNames(name, ['input', param, 'inplace'], args);
  const x = tensorArg(name, 'input', a.input, 1);
  const p = numberArg(name, param, a[param], dflt);
  const inplace = boolArg(name, 'inplace', a.inplace, false);
  // the in-place forms (leaky_relu_, elu_) are their own nodes, ...Backward1, saving the result
  return maybeInplace(x, inplace, (t) => pointwise(t, `${name}_cpu`, inplace ? node.replace(/0$/, '1') : node, (r) => make(r, r(p)), inplace));
}

/** F.leaky_relu(input, negative_slope = 0.01, inplace = false) */
export function leaky_relu(input: Tensor, negative_slope?: number | { negative_slope?: number; inplace?: boolean }, inplace?: boolean): Tensor;
export function leaky_relu(...args: unknown[]): Tensor;
export function leaky_relu(...args: unknown[]): Tensor {
  checkCall('leaky_relu', args); // 1.13's TypeErrors for a badly bound call
  return oneParam('leaky_relu', 'negative_slope', 0.01, 'LeakyReluBackward0', args,
    (r, s) => ({ f: (v) => (v > 0 ? v : r(v * s)), d: (g, v) => (v > 0 ? g : r(g * s)) }));
}

/** F.elu(input, alpha = 1.0, inplace = false): alpha·(exp(x) - 1) for x <= 0. */
export function elu(input: Tensor, alpha?: number | { alpha?: number; inplace?: boolean }, inplace?: boolean): Tensor;
export function elu(...args: unknown[]): Tensor;
export function elu(...args: unknown[]): Tensor {
  checkCall('elu', args); // 1.13's TypeErrors for a badly bound call
  return oneParam('elu', 'alpha', 1, 'EluBackward0', args,
    (r, al) => ({ f: (v) => (v <= 0 ? r(r(r(Math.exp(v)) - 1) * al) : v), d: (g, v) => (v <= 0 ? r(r(g * al) * r(Math.exp(v))) : g) }));
}

/** F.logsigmoid(input): min(x, 0) - log1p(exp(-|x|)). */
export function logsigmoid(input: Tensor): Tensor;
export function logsigmoid(...args: unknown[]): Tensor;
export function logsigmoid(...args: unknown[]): Tensor {
  checkCall('logsigmoid', args); // 1.13's TypeErrors for a badly bound call
  const x = tensorArg('log_sigmoid', 'input', bindNames('log_sigmoid', ['input'], args, [], 1).input, 1);
  return pointwise(x, 'log_sigmoid_cpu', 'LogSigmoidBackward0', (r) => {
    const z = (v: number): number => r(Math.exp(-Math.abs(v)));
    return {
      f: (v) => r(Math.min(v, 0) - r(Math.log1p(z(v)))),
      d: (g, v) => { const q = r(z(v) / r(1 + z(v))); return r((v < 0 ? r(1 - q) : q) * g); },
    };
  });
}

// ---- hardtanh, relu6 (clamps: integers allowed, bool refused) ----
function hardtanhOp(x: Tensor, lo: number, hi: number): Tensor {
  if (x.dtype === bool) throw new RuntimeError('Bool inputs not supported for hardtanh');
  const dt: DType = x.dtype, l = dt.cast(lo), h = dt.cast(hi);
  const src = x.contiguous();
  // min(max(x, lo), hi) as C++'s std::max/std::min: NaN and the sign of zero pass through
  const out = unaryMap(src, (v) => { const m = v < l ? l : v; return h < m ? h : m; });
  return record(out, 'HardtanhBackward0', [x], (g) => [binaryMap(g, src, (gv, v) => (v <= l || v >= h ? 0 : gv), g.dtype)], true, { saved: [x] });
}
/** F.hardtanh(input, min_val = -1, max_val = 1, inplace = false) */
export function hardtanh(input: Tensor, min_val?: number | { min_val?: number; max_val?: number; inplace?: boolean }, max_val?: number, inplace?: boolean): Tensor;
export function hardtanh(...args: unknown[]): Tensor;
export function hardtanh(...args: unknown[]): Tensor {
  checkCall('hardtanh', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('hardtanh', ['input', 'min_val', 'max_val', 'inplace'], args);
  const x = tensorArg('hardtanh', 'input', a.input, 1);
  const lo = numberArg('hardtanh', 'min_val', a.min_val, -1), hi = numberArg('hardtanh', 'max_val', a.max_val, 1);
  return maybeInplace(x, boolArg('hardtanh', 'inplace', a.inplace, false), (t) => hardtanhOp(t, lo, hi));
}
/** F.relu6(input, inplace = false): hardtanh(input, 0, 6). */
export function relu6(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function relu6(...args: unknown[]): Tensor;
export function relu6(...args: unknown[]): Tensor {
  checkCall('relu6', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('relu6', ['input', 'inplace'], args);
  const x = tensorArg('relu6', 'input', a.input, 1);
  return maybeInplace(x, !!a.inplace, (t) => hardtanhOp(t, 0, 6));
}

/** F.softmin(input, dim = None, _stacklevel = 3, dtype = None): softmax(-input). */
export function softmin(input: Tensor, dim?: number | null | { dim?: number | null; dtype?: DType | string }, _stacklevel?: number, dtype?: DType | string): Tensor;
export function softmin(...args: unknown[]): Tensor;
export function softmin(...args: unknown[]): Tensor {
  checkCall('softmin', args); // 1.13's TypeErrors for a badly bound call
  const a = bindNames('softmin', ['input', 'dim', '_stacklevel', 'dtype'], args);
  const x = tensorArg('softmin', 'input', a.input, 1);
  let dim = a.dim;
  if (dim === undefined || dim === null) {
    warn('Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.');
    dim = x.ndim === 0 || x.ndim === 1 || x.ndim === 3 ? 0 : 1;
  }
  if (x.dtype === bool)
    throw new RuntimeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  return a.dtype === undefined || a.dtype === null ? softmax(neg(x), dim) : softmax(neg(x), dim, { dtype: a.dtype });
}

/** F.tanh(input): deprecated in PyTorch in favour of torch.tanh, with its warning. */
export function tanh(input: Tensor): Tensor;
export function tanh(...args: unknown[]): Tensor;
export function tanh(...args: unknown[]): Tensor {
  const a = checkCall('tanh', args)!;
  warn('nn.functional.tanh is deprecated. Use torch.tanh instead.');
  return tanhOp(tensorArg('tanh', 'input', a.input, 1));
}
/** F.sigmoid(input): deprecated in PyTorch in favour of torch.sigmoid, with its warning. */
export function sigmoid(input: Tensor): Tensor;
export function sigmoid(...args: unknown[]): Tensor;
export function sigmoid(...args: unknown[]): Tensor {
  const a = checkCall('sigmoid', args)!;
  warn('nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.');
  return sigmoidOp(tensorArg('sigmoid', 'input', a.input, 1));
}
