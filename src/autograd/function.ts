// Connects an op's result to the graph: if grad mode is on and any input requires grad, the
// result gets a Node with the op's backward closure.
import type { Tensor } from '../tensor/tensor.js';
import { Node, type BackwardFn, type UniformBackwardFn } from './node.js';
import { is_grad_enabled } from './grad_mode.js';

export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  if (!is_grad_enabled()) return false;
  for (const t of inputs) if (t && t.requires_grad) return true;
  return false;
}

/**
 * Records `out = op(inputs)` for backward. `backward` receives d(loss)/d(out) and returns one
 * gradient per input (null for inputs that need none; it is never called for those anyway).
 * `extra.uniform`, if given, does the same for a gradient that is one value everywhere (uniform.ts);
 * `extra.release` runs when the graph frees the node's saved state (storage it may give back).
 */
export function record(out: Tensor, name: string, inputs: (Tensor | null | undefined)[], backward: BackwardFn, savesTensors = true,
  extra: { uniform?: UniformBackwardFn; release?: () => void } = {}): Tensor {
  if (!needsGrad(...inputs)) { extra.release?.(); return out; }
  const ins = inputs.map((t) => (t && t.requires_grad ? t : null));
  out._setGradFn(new Node(name, ins, backward, savesTensors, extra.uniform ?? null, extra.release ?? null));
  return out;
}
