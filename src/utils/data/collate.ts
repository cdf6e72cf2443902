// default_collate / default_convert (PyTorch 1.13): a list of samples becomes a batch by stacking
// tensors, turning numbers into tensors (integers -> int64, other numbers -> float64, booleans ->
// bool) and recursing into arrays and plain objects.
import { Tensor } from '../../tensor/tensor.js';
import { float64, int64, bool } from '../../tensor/dtype.js';
import { RuntimeError } from '../../tensor/errors.js';
import { fmtShape, sameShape } from '../../tensor/shape.js';
import { stack } from '../../ops/misc.js';
import { bind, isPlainObject } from '../../tensor/args.js';


/** torch.stack(batch, 0) without recording autograd: one allocation, one copy per sample. */
function stackSamples(batch: Tensor[]): Tensor {
  const first = batch[0];
  const dtype = first.dtype, n = first.numel();
  batch.forEach((t, i) => {
    if (!sameShape(t.shape, first.shape))
      throw new RuntimeError(`stack expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
  });
  // keep the graph when samples carry gradients, as torch.stack does
  if (batch.some((t) => t.requires_grad)) return stack(batch, 0);
  const out = dtype.alloc(batch.length * n);
  batch.forEach((t, i) => { out.set(t.dtype === dtype ? t._data : t.to(dtype)._data, i * n); });
  return new Tensor(out, [batch.length, ...first.shape], dtype);
}

export function default_collate(...args: [batch: readonly unknown[]]): unknown {
  return collate(bind('default_collate(batch)', args).batch as unknown[]);
}
/** default_collate without the argument binding (the DataLoader's own calls). */
export function collate(batch: readonly unknown[]): unknown {
  const elem = batch[0];
  if (elem instanceof Tensor) return stackSamples(batch as Tensor[]);
  if (typeof elem === 'number') {
    const ints = (batch as number[]).every(Number.isInteger);
    const dtype = ints ? int64 : float64;
    const d = dtype.alloc(batch.length);
    (batch as number[]).forEach((v, i) => { d[i] = v; });
    return new Tensor(d, [batch.length], dtype);
  }
  if (typeof elem === 'boolean') {
    const d = bool.alloc(batch.length);
    (batch as boolean[]).forEach((v, i) => { d[i] = v ? 1 : 0; });
    return new Tensor(d, [batch.length], bool);
  }
  if (typeof elem === 'string' || elem === null || elem === undefined) return batch.slice();
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!(batch as unknown[][]).every((e) => Array.isArray(e) && e.length === size))
      throw new RuntimeError('each element in list of batch should be of equal size');
    return elem.map((_, k) => collate((batch as unknown[][]).map((e) => e[k])));
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(elem)) out[k] = collate((batch as Record<string, unknown>[]).map((d) => d[k]));
    return out;
  }
  throw new TypeError(`default_collate: batch must contain tensors, numbers, dicts or lists; found ${(elem as object).constructor?.name ?? typeof elem}`);
}

/** Without auto-batching (batch_size=null): numbers stay numbers, tensors stay as they are. */
export function default_convert(...args: [data: unknown]): unknown {
  return convert(bind('default_convert(data: dict)', args).data);
}
/** default_convert without the argument binding: a sample that is a dict is never read as keywords. */
export function convert(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(convert);
  if (isPlainObject(data)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, convert(v)]));
  return data;
}
