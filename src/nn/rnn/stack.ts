// The final states of all layers as one tensor [L*D, B, P]: the layers' [D, B, P] pieces one after
// another, recorded as PyTorch's RNN records its stacked final states (StackBackward0).
import { Tensor } from '../../tensor/tensor.js';
import { record } from '../../autograd/function.js';

export function stackParts(parts: Tensor[]): Tensor {
  if (parts.length === 1) return parts[0];
  const dtype = parts[0].dtype, rest = parts[0].shape.slice(1);
  const sizes = parts.map((p) => p.numel());
  const data = dtype.alloc(sizes.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const p of parts) { data.set(p.contiguous()._data, at); at += p.numel(); }
  const rows = parts.reduce((a, p) => a + p.shape[0], 0);
  return record(new Tensor(data, [rows, ...rest], dtype), 'StackBackward0', parts, (g) => {
    const gd = g.contiguous()._data;
    let o = 0;
    return parts.map((p, i) => {
      const t = new Tensor(gd.slice(o, o + sizes[i]), p.shape, dtype);
      o += sizes[i];
      return t;
    });
  }, false);
}
