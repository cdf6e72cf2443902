// F.relu(input, inplace=false) with PyTorch's exact values: relu(-0.) = -0., NaN stays NaN, and
// the backward is threshold_backward(grad, result, 0): the gradient passes where the result is not
// <= 0 (so a NaN result passes it) and is +0 elsewhere. Float32 runs on the bit patterns with no
// branch: on conv outputs the sign of each value is a coin flip, and a mispredicted branch per
// element cost 4x the time.
import { Tensor } from '../../tensor/tensor.js';
import { record } from '../../autograd/function.js';
import { is_grad_enabled } from '../../autograd/grad_mode.js';
import { bindArgs, tensorArg, boolArg } from './args.js';
import { allocEmpty } from '../../kernels/dispatch.js';
import { float32 } from '../../tensor/dtype.js';

type F = Float32Array | Float64Array;
const bits = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);

function reluInto(x: F, out: F): void {
  const n = x.length;
  if (x instanceof Float32Array && out instanceof Float32Array) {
    const xi = bits(x), oi = bits(out);
    for (let i = 0; i < n; i++) {
      const b = xi[i];
      // keep non-negative values, -0 and NaNs of either sign
      const keep = (b >= 0 ? 1 : 0) | ((b & 0x7fffffff) > 0x7f800000 ? 1 : 0) | (b === -2147483648 ? 1 : 0);
      oi[i] = b & -keep;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = x[i];
    out[i] = v >= 0 || v !== v ? v : 0;
  }
}

function reluBackward(out: F, g: F, r: F): void {
  const n = out.length;
  if (out instanceof Float32Array && g instanceof Float32Array && r instanceof Float32Array) {
    const oi = bits(out), gi = bits(g), ri = bits(r);
    for (let i = 0; i < n; i++) {
      const b = oi[i];
      const keep = (b > 0 ? 1 : 0) | ((b & 0x7fffffff) > 0x7f800000 ? 1 : 0);
      ri[i] = gi[i] & -keep;
    }
    return;
  }
  for (let i = 0; i < n; i++) r[i] = out[i] <= 0 ? 0 : g[i];
}

export function relu(input: Tensor, inplace?: boolean | { inplace?: boolean }): Tensor;
export function relu(...args: unknown[]): Tensor;
export function relu(...args: unknown[]): Tensor {
  const input = args[0] instanceof Tensor && args.length === 1 ? args[0] : tensorArg('relu', 'input', bindArgs('relu', ['input', 'inplace'], args).input, 1);
  const inplace = args.length > 1 && boolArg('relu', 'inplace', bindArgs('relu', ['input', 'inplace'], args).inplace, false);
  const dtype = input.dtype;
  // in place only where autograd does not record the op (torchlet's in-place ops are not tracked)
  if (inplace && !(is_grad_enabled() && input.requires_grad)) { reluInto(input._data, input._data); return input; }
  // both loops write every element: storage with unspecified contents saves a zero-fill
  const kind = dtype === float32 ? 'f32' : 'f64';
  const out = allocEmpty(kind, input.numel());
  reluInto(input._data, out);
  const res = new Tensor(out, input.shape, dtype);
  return record(res, 'ReluBackward0', [input], (g) => {
    const r = allocEmpty(kind, out.length);
    reluBackward(out, g._data, r);
    return [new Tensor(r, input.shape, dtype)];
  });
}
