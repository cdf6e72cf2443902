// Version counters and saved tensors, PyTorch's guard against in-place changes to what a backward
// reads. Every storage has one counter, shared by the tensors that alias it (views, detach()); an
// in-place op bumps it. A node records the version of each tensor it saved; if that has moved by
// the time the backward runs, the backward would read changed values, so it raises PyTorch's error.
import { RuntimeError } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Node } from './node.js';

/**
 * The counter of one storage. Views receive their base's counter object, so a later strided view
 * (storage + offset + strides) can keep doing the same, or hold the counter on its Storage.
 */
export class VersionCounter {
  version = 0;
  bump(): void { this.version++; }
}

/** What a saved tensor is shown as in the error, where PyTorch saved a view of it rather than it. */
export interface SavedAs {
  tensor: Tensor;
  /** The sizes of the view PyTorch saved (`weight.t()` in linear: [in, out]). */
  shape?: readonly number[];
  /** The name of that view's grad_fn at the time of the error, if it has one. */
  gradFn?: () => string | null;
}
export type SavedSpec = Tensor | SavedAs | null | undefined | false;

const TYPE_NAMES: Record<string, string> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int64: 'torch.LongTensor', bool: 'CPUBoolType',
};

export class SavedTensor {
  private readonly version: number;
  constructor(private tensor: Tensor, private readonly as: SavedAs | null, private readonly isOutput: boolean, version?: number) {
    this.version = version ?? tensor._version;
  }
  /** The in-place form of an op saved its result: the tensor written into, at its new version. */
  rebound(from: Tensor, to: Tensor): SavedTensor {
    return this.tensor === from ? new SavedTensor(to, this.as, this.isOutput, to._version) : this;
  }
  /** SavedVariable::unpack's version check; `node` is the node that saved it. */
  check(node: Node): void {
    const now = this.tensor._version;
    if (now === this.version) return;
    const t = this.tensor, shape = this.as?.shape ?? t.shape;
    // a saved output names the node that saved it; a saved input names its grad_fn of now
    const fn = this.isOutput ? node.name() : this.as?.gradFn ? this.as.gradFn() : t.grad_fn?.name() ?? null;
    throw new RuntimeError('one of the variables needed for gradient computation has been modified by an inplace operation: ' +
      `[${TYPE_NAMES[t.dtype.name]} [${shape.join(', ')}]]${fn ? `, which is output 0 of ${fn},` : ''} is at version ${now}; ` +
      `expected version ${this.version} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, ` +
      'with torch.autograd.set_detect_anomaly(True).');
  }
}

/** The saved-tensor records for `specs`; `out` (the op's result) is saved as an output. */
export function saveAll(out: Tensor, specs: readonly SavedSpec[]): SavedTensor[] {
  const saved: SavedTensor[] = [];
  for (const s of specs) {
    if (!s) continue;
    const as = s instanceof Tensor ? null : s;
    const t = as ? as.tensor : s as Tensor;
    saved.push(new SavedTensor(t, as, t === out));
  }
  return saved;
}

/**
 * A tensor PyTorch saves through a view it makes internally (linear's `weight.t()`, matmul's
 * `unsqueeze` / folded batch): shown with the view's sizes, and, once the storage changed, the
 * view's regenerated grad_fn where the tensor requires grad.
 */
export function savedView(t: Tensor, shape: readonly number[]): SavedAs {
  return { tensor: t, shape, gradFn: () => (t.requires_grad ? 'AsStridedBackward0' : null) };
}
