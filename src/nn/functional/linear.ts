// F.linear(input, weight, bias?): y = x W^T + b over the last dim of x, as one GEMM (the bias
// seeds the output and the product accumulates onto it), with its backward beside it.
import { Tensor } from '../../tensor/tensor.js';
import { RuntimeError } from '../../tensor/errors.js';
import { record } from '../../autograd/function.js';
import { savedView } from '../../autograd/saved.js';
import { OuterGrad } from '../../autograd/outer.js';
import { gemm, allocEmpty } from '../../kernels/dispatch.js';
import { float32 } from '../../tensor/dtype.js';
import { expandShape } from '../../tensor/shape.js';
import { matmul } from '../../ops/matmul.js';
import { add } from '../../ops/elementwise.js';
import { t as transpose2d } from '../../ops/view.js';
import { builtin } from '../../tensor/args.js';

export interface LinearOptions { bias?: Tensor | null }
const LINEAR = builtin('linear(Tensor input, Tensor weight, Tensor? bias=None)');
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor;
export function linear(input: Tensor, weight: Tensor, opts: LinearOptions): Tensor;
export function linear(...args: unknown[]): Tensor {
  const [kw] = LINEAR.parse(args);
  const input = kw.input as Tensor, weight = kw.weight as Tensor, bias = kw.bias as Tensor | null;
  if (input.ndim === 0 || weight.ndim !== 2 || (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])))
    return linearComposed(input, weight, bias);
  const outF = weight.shape[0], inF = weight.shape[1], last = input.shape[input.ndim - 1];
  const rows = input.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (last !== inF) throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${rows}x${last} and ${inF}x${outF})`);
  if (input.dtype !== weight.dtype) throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${weight.dtype.scalarName}`);
  if (bias && bias.dtype !== input.dtype) {
    if (input.ndim === 2) throw new RuntimeError('self and mat2 must have the same dtype');
    return linearComposed(input, weight, bias);
  }
  const dtype = input.dtype;
  // every element is written (bias rows first, or the product without accumulation)
  const kind = dtype === float32 ? 'f32' : 'f64';
  const out = allocEmpty(kind, rows * outF);
  if (bias) for (let r = 0; r < rows; r++) out.set(bias._data, r * outF);
  gemm(input._data, weight._data, out, rows, inF, outF, false, true, bias !== null);
  const shape = [...input.shape.slice(0, -1), outF];
  // the grad_fn PyTorch's at::linear ends with for this rank
  const name = input.ndim === 2 ? (bias ? 'AddmmBackward0' : 'MmBackward0')
    : input.ndim === 1 ? (bias ? 'AddBackward0' : 'SqueezeBackward3') : (bias ? 'ViewBackward0' : 'UnsafeViewBackward0');
  const x = input.detach(), w = weight.detach();
  // saved as PyTorch's mm / addmm saves them: the input (as a [rows, in] view unless 2-D) for the
  // weight's gradient, `weight.t()` for the input's
  const saved = [weight.requires_grad && (input.ndim === 2 ? input : savedView(input, [rows, inF])),
    input.requires_grad && savedView(weight, [inF, outF])];
  return record(new Tensor(out, shape, dtype), name, [input, weight, bias], (g) => {
    const gd = g._data;
    let gx: Tensor | null = null, gw: Tensor | OuterGrad | null = null, gb: Tensor | null = null;
    if (input.requires_grad) { // dX = dY @ W
      const r = allocEmpty(kind, rows * inF);
      gemm(gd, w._data, r, rows, outF, inF, false, false);
      gx = new Tensor(r, input.shape, dtype);
    }
    if (weight.requires_grad && rows === 1) gw = new OuterGrad(gd, x._data, outF, inF, weight.shape, dtype); // added where it goes (engine.ts)
    else if (weight.requires_grad) { // dW = dY^T @ X
      const r = allocEmpty(kind, outF * inF);
      gemm(gd, x._data, r, outF, rows, inF, true, false);
      gw = new Tensor(r, weight.shape, dtype);
    }
    if (bias && bias.requires_grad) {
      const r = dtype.alloc(outF);
      gb = new Tensor(rows === 1 ? (r.set(gd.subarray(0, outF)), r) : columnSums(gd, rows, outF, r), bias.shape, dtype);
    }
    return [gx, gw, gb];
  }, true, { saved });
}

/** Σ over rows of a rows x n matrix, accumulated in float64. */
function columnSums(d: Float32Array | Float64Array, rows: number, n: number, out: Float32Array | Float64Array): Float32Array | Float64Array {
  const acc = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) acc[j] += d[o + j];
  }
  out.set(acc);
  return out;
}

// Shapes outside the fast path (1-D or 0-D weight, odd bias shapes) take PyTorch's own route,
// matmul(input, weight.t()) (+ bias), which also gives its error messages.
function linearComposed(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  if (input.ndim === 2 && weight.ndim === 2 && bias) {
    const M = input.shape[0], N = weight.shape[0];
    // addmm expands its bias to the output's size first, with expand's message for a bias that cannot
    if (bias.ndim <= 2) expandShape(bias.shape, [M, N]);
  }
  const out = matmul(input, transpose2d(weight));
  if (!bias) return out;
  return add(out, input.ndim === 2 || bias.dtype === out.dtype ? bias : bias.to(out.dtype));
}

