// Views under autograd, as PyTorch handles them. A view shares its base's storage and version
// counter. When the storage is changed in place, gradients must follow the change:
// - an in-place op on a view rewrites the base's history: the base's grad_fn becomes CopySlices,
//   which sends the view's part of the base's gradient through the op's node;
// - a view whose version moved since its grad_fn was set gets a new one, AsStridedBackward0, that
//   takes its gradient into the base's (current) history.
// "The view's part" is found through the storage: each view element sits at a storage position,
// which is the position of one element of the base.
import { RuntimeError } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { numelOf } from '../tensor/shape.js';
import { forEachStrided, storageExtent } from '../tensor/strided.js';
import { Node, type GradOut } from './node.js';
import { gradientEdge } from './function.js';
import { is_grad_enabled } from './grad_mode.js';

/**
 * Marks `view` as a view of `base` (of base's own base, if base is a view: PyTorch keeps the root);
 * `outputNr` for one of several views an op returns.
 */
export function markView(view: Tensor, base: Tensor, outputNr: number | null = null): void {
  view._base = base._base ?? base;
  view._viewMeta = !is_grad_enabled() ? 'no_grad' : outputNr !== null ? 'multi_output' : 'default';
  view._viewOutputNr = outputNr ?? 0;
  view._viewVersion = view._version;
}

/** handle_view_on_rebase: why an in-place change of a no_grad or multi-output view cannot be recorded. */
function viewRebaseError(v: Tensor, indirect: boolean): RuntimeError {
  const what = indirect ? 'its base or another view of its base has been' : 'is being';
  const fn = v._gradFnRaw();
  let msg = fn ? `Output ${v._viewOutputNr} of ${fn.name()} is a view and ${what} modified inplace.`
    : `A view was created in no_grad mode and ${what} modified inplace with grad mode enabled.`;
  msg += v._viewMeta === 'multi_output'
    ? ' This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.'
    : ' Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don\'t want the inplace to be tracked) or both outside (if you want the inplace to be tracked).';
  return new RuntimeError(msg);
}

interface Layout { shape: readonly number[]; strides: readonly number[]; offset: number }
const layoutOf = (t: Tensor): Layout => ({ shape: t.shape.slice(), strides: t._strides.slice(), offset: t._offset });

/**
 * For each element of the view (row-major), the row-major index of the base's element at the same
 * storage position (-1 where there is none); null when that is the identity (a reshape-like view).
 */
function placeInBase(view: Layout, base: Layout): Int32Array | null {
  const n = numelOf(view.shape);
  if (n === numelOf(base.shape) && view.offset === base.offset && dense(view) && dense(base)) return null;
  const out = new Int32Array(n).fill(-1), ext = storageExtent(base.shape, base.strides, base.offset);
  if (!ext || n === 0) return out;
  const at = new Int32Array(ext[1] - ext[0] + 1).fill(-1);
  forEachStrided(base.shape, base.strides, base.offset - ext[0], (p, i) => { at[p] = i; });
  forEachStrided(view.shape, view.strides, view.offset - ext[0], (p, j) => { if (p >= 0 && p < at.length) out[j] = at[p]; });
  return out;
}
function dense(l: Layout): boolean {
  let expect = 1;
  for (let k = l.shape.length - 1; k >= 0; k--) {
    if (l.shape[k] !== 1 && l.strides[k] !== expect) return false;
    expect *= l.shape[k];
  }
  return true;
}

/** The base's gradient from the view's: added up where the view's elements sit, zero elsewhere. */
function intoBase(g: Tensor, place: Int32Array | null, baseShape: readonly number[]): Tensor {
  if (!place) return new Tensor(g._data, baseShape, g.dtype);
  const out = g.dtype.alloc(numelOf(baseShape)), gd = g._data;
  for (let j = 0; j < place.length; j++) if (place[j] >= 0) out[place[j]] += gd[j];
  return new Tensor(out, baseShape, g.dtype);
}

/** VariableHooks::grad_fn for a view whose storage changed: its gradient goes into the base's history of now. */
export function refreshView(v: Tensor): void {
  const base = v._base!;
  if (!base.requires_grad) { v._viewVersion = v._version; return; }
  if (v._viewMeta !== 'default') throw viewRebaseError(v, true);
  v._viewVersion = v._version;
  const place = placeInBase(layoutOf(v), layoutOf(base)), baseShape = base.shape.slice();
  v._setGradFn(new Node('AsStridedBackward0', [gradientEdge(base)], (g) => [intoBase(g, place, baseShape)], { savesTensors: false }));
}

/**
 * Makes `fn`, the node of an in-place op just applied to `self`, part of the history: self's
 * grad_fn, or, for a view, the base's through CopySlices (the view's own grad_fn then regenerates).
 */
export function rebaseHistory(self: Tensor, fn: Node): void {
  const base = self._base;
  if (base === null) { self._setGradFn(fn); return; }
  const place = placeInBase(layoutOf(self), layoutOf(base)), viewShape = self.shape.slice(), baseShape = base.shape.slice();
  // edge 0 is the base's history before the op; fn's own edge 0 (the view's old history) is not used
  const edges = [gradientEdge(base), ...fn.edges.slice(1)];
  base._setGradFn(new Node('torch::autograd::CopySlices', edges, (g) => {
    // the base's gradient, with the view's part replaced by what fn makes of it
    const result = g._data.slice(), slice = g.dtype.alloc(viewShape.reduce((a, b) => a * b, 1));
    if (place) { for (let j = 0; j < place.length; j++) if (place[j] >= 0) slice[j] = result[place[j]]; } else slice.set(result);
    const res: GradOut[] = fn.apply(new Tensor(slice, viewShape, g.dtype));
    const r0 = res[0] ? (res[0] instanceof Tensor ? res[0] : res[0].materialize())._data : null;
    if (place) { for (let j = 0; j < place.length; j++) if (place[j] >= 0) result[place[j]] = r0 ? r0[j] : 0; } else if (r0) result.set(r0); else result.fill(0);
    res[0] = new Tensor(result, baseShape, g.dtype);
    return res;
  }, { release: () => fn.release() }));
}

/** check_inplace: the in-place ops autograd refuses to record. */
export function checkInplace(self: Tensor): void {
  const base = self._base;
  if (base !== null) {
    if (self._viewMeta !== 'default') throw viewRebaseError(self, false);
    if (self.requires_grad && base.is_leaf && base.requires_grad)
      throw new RuntimeError('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (self.requires_grad && self.is_leaf)
    throw new RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.');
}

export function detachViewError(): RuntimeError {
  return new RuntimeError("Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.");
}
