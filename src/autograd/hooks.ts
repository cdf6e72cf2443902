// Tensor hooks: `t.register_hook(fn)` and `t.retain_grad()`, in one list per tensor (a leaf keeps
// its own; a non-leaf's live on its grad_fn node), run in the order they were registered, as
// PyTorch 1.13 runs them: each hook sees the gradient the previous one returned, and a retain
// entry stores the gradient as it is at its place in the list.
import { RuntimeError } from '../tensor/errors.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { pyType } from '../tensor/args.js';

export type HookFn = (grad: Tensor) => Tensor | null | undefined | void;
/** One registered hook, or the place where a non-leaf keeps its gradient (retain_grad). */
export interface HookEntry { fn: HookFn | null; retain: Tensor | null; removed: boolean }

let nextId = 0;
/** What register_hook returns (torch.utils.hooks.RemovableHandle): `remove()` unregisters the hook. */
export class RemovableHandle {
  readonly id = nextId++;
  constructor(private readonly entry: HookEntry) {}
  remove(): void { this.entry.removed = true; }
}

const LEGACY: Record<string, string> = { float32: 'FloatTensor', float64: 'DoubleTensor', int64: 'LongTensor', int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor' };

/**
 * Runs the hooks on `grad` in order; returns the gradient the last one left (grad itself when
 * none replaced it). `stored(t, g)` keeps g as t's .grad for a retain entry.
 */
export function runHooks(hooks: readonly HookEntry[], grad: Tensor, stored: (t: Tensor, g: Tensor) => void): Tensor {
  let g = grad;
  for (const h of hooks) {
    if (h.removed) continue;
    if (h.retain) { stored(h.retain, g); continue; }
    const r = h.fn!(g);
    if (r === null || r === undefined) continue;
    const name = h.fn!.name || '<lambda>';
    if (!(r instanceof Tensor)) throw new TypeError(`expected Variable, but hook returned '${pyType(r)}'`);
    if (!sameShape(r.shape, g.shape)) throw new RuntimeError(`hook '${name}' has changed the size of value`);
    if (r.dtype !== g.dtype)
      throw new RuntimeError(`hook '${name}' has changed the type of value (was torch.${LEGACY[g.dtype.name]} got torch.${LEGACY[r.dtype.name]})`);
    g = r;
  }
  return g;
}
