// Gathers rows (first-dimension slices) of a contiguous tensor into a new tensor: the data loader's
// batch copy. Consecutive indices are copied as one block.
import { Tensor } from '../../tensor/tensor.js';
import { IndexError } from '../../tensor/errors.js';

export function gatherRows(t: Tensor, indices: readonly number[]): Tensor {
  const size = t.shape[0], row = size ? t.numel() / size : 0, k = indices.length;
  const out = t.dtype.alloc(k * row), src = t._data;
  let i = 0;
  while (i < k) {
    let r = indices[i];
    if (!Number.isInteger(r) || r < -size || r >= size) throw new IndexError(`index ${r} is out of bounds for dimension 0 with size ${size}`);
    if (r < 0) r += size;
    // extend the run while the next indices follow on
    let j = i + 1;
    while (j < k && indices[j] === r + (j - i) && indices[j] < size) j++;
    out.set(src.subarray(r * row, (r + j - i) * row), i * row);
    i = j;
  }
  return new Tensor(out, [k, ...t.shape.slice(1)], t.dtype);
}
