// Views under autograd, as PyTorch handles them. A view shares its base's storage and version
// counter. When the storage is changed in place, gradients must follow the change:
// - an in-place op on a view rewrites the base's history: the base's grad_fn becomes CopySlices,
//   which sends the view's part of the base's gradient through the op's node;
// - a view whose version moved since its grad_fn was set gets a new one, AsStridedBackward0, that
//   takes its gradient into the base's (current) history.
// torchlet's views (reshape, view, flatten, squeeze, unsqueeze) cover the whole storage in order, so
// "the view's part" of a gradient is the whole gradient reshaped; strided views (offset + strides)
// will scatter into and gather from the base's shape at the two `reshaped` calls.
import { RuntimeError } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Node } from './node.js';
import { gradientEdge } from './function.js';
import { is_grad_enabled } from './grad_mode.js';
import type { UniformGrad } from './uniform.js';

/** Marks `view` as a view of `base` (of base's own base, if base is a view: PyTorch keeps the root). */
export function markView(view: Tensor, base: Tensor): void {
  view._base = base._base ?? base;
  view._viewNoGrad = !is_grad_enabled();
  view._viewVersion = view._version;
}

function reshaped(g: Tensor, shape: readonly number[]): Tensor { return new Tensor(g._data, shape, g.dtype); }

/** VariableHooks::grad_fn for a view whose storage changed: its gradient goes into the base's history of now. */
export function refreshView(v: Tensor): void {
  v._viewVersion = v._version;
  const base = v._base!;
  if (v._viewNoGrad || !base.requires_grad) return;
  const baseShape = base.shape;
  v._setGradFn(new Node('AsStridedBackward0', [gradientEdge(base)], (g) => [reshaped(g, baseShape)], { savesTensors: false }));
}

/**
 * Makes `fn`, the node of an in-place op just applied to `self`, part of the history: self's
 * grad_fn, or, for a view, the base's through CopySlices (the view's own grad_fn then regenerates).
 */
export function rebaseHistory(self: Tensor, fn: Node): void {
  const base = self._base;
  if (base === null) { self._setGradFn(fn); return; }
  const viewShape = self.shape, baseShape = base.shape;
  // edge 0 is the base's history before the op; fn's own edge 0 (the view's old history) is not used
  const edges = [gradientEdge(base), ...fn.edges.slice(1)];
  base._setGradFn(new Node('torch::autograd::CopySlices', edges, (g) => {
    const res: (Tensor | UniformGrad | null)[] = fn.apply(reshaped(g, viewShape));
    const r0 = res[0];
    if (r0 instanceof Tensor) res[0] = reshaped(r0, baseShape);
    else if (r0) res[0] = reshaped(r0.materialize(), baseShape);
    return res;
  }, { release: () => fn.release() }));
}

/** check_inplace: the in-place ops autograd refuses to record. */
export function checkInplace(self: Tensor): void {
  const base = self._base;
  if (base !== null) {
    if (self._viewNoGrad)
      throw new RuntimeError('A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don\'t want the inplace to be tracked) or both outside (if you want the inplace to be tracked).');
    if (self.requires_grad && base.is_leaf && base.requires_grad)
      throw new RuntimeError('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (self.requires_grad && self.is_leaf)
    throw new RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.');
}

export function detachViewError(): RuntimeError {
  return new RuntimeError("Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.");
}
