// Connects an op's result to the graph: if grad mode is on and any input requires grad, the
// result gets a Node with the op's backward closure, its inputs' gradient edges and what it saved.
import type { Tensor } from '../tensor/tensor.js';
import { Node, type BackwardFn, type UniformBackwardFn, type Edge } from './node.js';
import { is_grad_enabled } from './grad_mode.js';
import { saveAll, type SavedSpec } from './saved.js';

export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  if (!is_grad_enabled()) return false;
  for (const t of inputs) if (t && t.requires_grad) return true;
  return false;
}

/** Where t's gradient goes: its grad_fn, itself if it is a leaf that requires grad, or nowhere. */
export function gradientEdge(t: Tensor | null | undefined): Edge {
  if (!t || !t.requires_grad) return null;
  return t.grad_fn ?? t;
}

export interface RecordExtra {
  /** The same backward for a gradient that is one value everywhere (uniform.ts). */
  uniform?: UniformBackwardFn;
  /** Runs when the graph frees the node's saved state (storage it may give back). */
  release?: () => void;
  /**
   * The tensors the backward reads (PyTorch's saved variables: only those the needed gradients
   * use). Their versions are checked before the backward runs; `out` itself counts as an output.
   */
  saved?: readonly SavedSpec[];
}

/**
 * Records `out = op(inputs)` for backward. `backward` receives d(loss)/d(out) and returns one
 * gradient per input (null for inputs that need none; it is never called for those anyway).
 */
export function record(out: Tensor, name: string, inputs: (Tensor | null | undefined)[], backward: BackwardFn, savesTensors = true,
  extra: RecordExtra = {}): Tensor {
  if (!needsGrad(...inputs)) { extra.release?.(); return out; }
  out._setGradFn(new Node(name, inputs.map(gradientEdge), backward, {
    savesTensors, uniform: extra.uniform, release: extra.release, saved: extra.saved ? saveAll(out, extra.saved) : undefined,
  }));
  return out;
}
