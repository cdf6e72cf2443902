// F.log_softmax and F.softmax along any dim, with PyTorch's dim rules, dtype option and backward.
import { Tensor } from '../../tensor/tensor.js';
import { numelOf, wrapDim } from '../../tensor/shape.js';
import { RuntimeError, warn } from '../../tensor/errors.js';
import { toDType } from '../../tensor/dtype.js';
import { needsGrad, record } from '../../autograd/function.js';
import { appliesLastTime } from '../../autograd/node.js';
import * as K from '../../kernels/dispatch.js';
import { builtin, def_, tensorArg, type Builtin } from '../../tensor/args.js';

/** torch's _get_softmax_dim: the deprecated implicit dim. */
function implicitDim(name: string, ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** torch.softmax / torch.log_softmax and their methods as 1.13 declares them. */
export const softmaxBuiltin = (name: 'softmax' | 'log_softmax'): Builtin => builtin([
  `${name}(Tensor input, int dim, dtype? dtype=None, *, Tensor? out=None)`, `${name}(Tensor input, name dim, *, dtype? dtype=None)`,
]);
const SOFTMAX = { softmax: softmaxBuiltin('softmax'), log_softmax: softmaxBuiltin('log_softmax') };
/** F.softmax / F.log_softmax as Python functions. */
const SOFTMAX_DEF = { softmax: def_('softmax(input, dim=None, _stacklevel=3, dtype=None)'), log_softmax: def_('log_softmax(input, dim=None, _stacklevel=3, dtype=None)') };

/** Fewest classes per row for which log_softmax keeps its exps for the backward. */
const KEEP_MIN_C = 64;

function softmaxLike(name: 'log_softmax' | 'softmax', args: unknown[]): Tensor {
  const a = SOFTMAX_DEF[name].bind(args);
  let x = tensorArg(name, 'input', a.input, 1);
  const dim = a.dim === undefined || a.dim === null ? implicitDim(name, x.ndim) : a.dim;
  // F.softmax calls input.softmax(dim[, dtype=dtype]): the builtin's TypeErrors (and a str dim its Dimname overload's error)
  // (an int dim without dtype binds the first overload as it is: nothing to check)
  const noDtype = a.dtype === undefined || a.dtype === null;
  if (!(noDtype && Number.isInteger(dim) && Math.abs(dim as number) < 2 ** 31)) SOFTMAX[name].parse(noDtype ? [dim] : [dim, { dtype: a.dtype }], x);
  const d = wrapDim(dim as number, x.ndim);
  if (a.dtype !== undefined && a.dtype !== null) x = x.to(toDType(a.dtype));
  if (!x.dtype.is_floating_point) {
    // PyTorch names the kernel it dispatched to: the last-dim kernel, or the generic one (reused name)
    const lastDim = x.ndim === 0 || d === x.ndim - 1;
    const kernel = lastDim ? `${name}_lastdim_kernel_impl` : 'softmax_kernel_impl';
    throw new RuntimeError(`"${kernel}" not implemented for '${x.dtype.scalarName}'`);
  }
  const shape = x.shape;
  const C = x.ndim === 0 ? 1 : shape[d];
  const outer = numelOf(shape.slice(0, d)), inner = numelOf(shape.slice(d + 1));
  // the kernels write every element: storage without a zero-fill
  const kind = x.dtype.name === 'float32' ? 'f32' : 'f64';
  const out = K.allocEmpty(kind, x.numel());
  const f32 = x.dtype.name === 'float32';
  const log = name === 'log_softmax';
  // a backward may follow: for rows of at least KEEP_MIN_C classes the fast float32 kernel keeps
  // exp(x - max) (and the log-sum per row), so the backward needs no exp of its own. Not for short
  // rows (per-row work outweighs the exp) nor strided class dims (a third array of rows 4 KiB-multiples
  // apart thrashes the caches), measured at 1048576 x 10 and 8 x 21 x 128 x 128.
  let kept: K.Kept | null = log && f32 && inner === 1 && C >= KEEP_MIN_C && needsGrad(x)
    ? { e: K.allocEmpty('f32', x.numel()), ls: K.allocEmpty('f32', outer) } : null;
  const dropKept = (): void => { if (kept) { K.releaseStorage(kept.e); K.releaseStorage(kept.ls); kept = null; } };
  if (log) {
    if (!K.logSoftmax(x._data, out, outer, C, inner, f32, kept)) dropKept();
  } else K.softmax(x._data, out, outer, C, inner, f32);
  const res = new Tensor(out, shape, x.dtype);
  const src = x;
  // kept exps serve every backward through this node (retain_graph too) and go back to the
  // allocator when the graph frees the node. The last backward (the node is freed right after)
  // writes the gradient over the exps instead: no second N x C array, and the lines it writes
  // are the ones it has just read.
  const fromKept = (g: Tensor | null, v: number): Tensor => {
    const last = appliesLastTime();
    const gi = last ? kept!.e : K.allocEmpty('f32', src.numel());
    K.logSoftmaxBackwardKept(g ? g._data : null, v, out, kept!, gi, outer, C, inner);
    if (last) { K.releaseStorage(kept!.ls); kept = null; }
    return new Tensor(gi, shape, src.dtype);
  };
  return record(res, log ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0', [src], (g) => {
    if (kept) return [fromKept(g, 0)];
    const gi = K.allocEmpty(kind, src.numel());
    if (log) K.logSoftmaxBackward(g._data, out, gi, outer, C, inner);
    else K.softmaxBackward(g._data, out, gi, outer, C, inner);
    return [new Tensor(gi, shape, src.dtype)];
  }, true, {
    // the gradient of y.sum() / y.mean(): one value everywhere, never written out
    uniform: log ? (v) => {
      if (kept) return [fromKept(null, v)];
      const gi = K.allocEmpty(kind, src.numel());
      K.logSoftmaxBackwardUniform(v, out, gi, outer, C, inner);
      return [new Tensor(gi, shape, src.dtype)];
    } : undefined,
    release: kept ? dropKept : undefined,
    saved: [res],
  });
}

/** F.log_softmax(input, dim, {dtype}) */
export function log_softmax(...args: unknown[]): Tensor { return softmaxLike('log_softmax', args); }
/** F.softmax(input, dim, {dtype}) */
export function softmax(...args: unknown[]): Tensor { return softmaxLike('softmax', args); }
