// A node of the backward graph: the op's name (PyTorch's, e.g. NllLossBackward0), where each
// input's gradient goes (fixed when the op ran, as PyTorch's next_edges), the tensors it saved,
// and a closure from the output's gradient to one gradient per input (null where none flows).
import { RuntimeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { UniformGrad } from './uniform.js';
import type { OuterGrad } from './outer.js';
import type { SavedTensor } from './saved.js';
import type { HookEntry } from './hooks.js';

/** What a backward returns per input: a gradient, one kept as a value (uniform.ts) or as a one-row product (outer.ts), or none. */
export type GradOut = Tensor | UniformGrad | OuterGrad | null;
export type BackwardFn = (grad: Tensor) => GradOut[];
/** The same closure for a gradient that is one value everywhere (see uniform.ts). */
export type UniformBackwardFn = (value: number) => GradOut[];
/**
 * Where an input's gradient goes: the node that made it, the leaf itself (which accumulates it
 * into `.grad`), or nowhere. Taken when the op runs, so a later in-place op on the input, which
 * gives it a new grad_fn, does not reroute gradients of ops that read it before.
 */
export type Edge = Node | Tensor | null;

const FREED = 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

let releasing = false;
/**
 * Whether the node the engine is applying now is freed right after (a backward without
 * retain_graph): its backward may then consume what it saved, in place.
 */
export function appliesLastTime(): boolean { return releasing; }
/** For the engine: sets appliesLastTime() for a run, returning the previous value. */
export function setReleasing(v: boolean): boolean { const p = releasing; releasing = v; return p; }

export interface NodeOptions {
  /** Nodes that saved no tensors (add, view) can run again after their graph was freed, as in PyTorch. */
  savesTensors?: boolean;
  uniform?: UniformBackwardFn | null;
  /** Runs when the graph frees the node's saved state (storage it may give back). */
  release?: (() => void) | null;
  saved?: SavedTensor[];
}

export class Node {
  private fn: BackwardFn | null;
  private uniformFn: UniformBackwardFn | null;
  private saved: SavedTensor[];
  private onRelease: (() => void) | null;
  private readonly savesTensors: boolean;
  /** The hooks and retain_grad entries of the tensor this node made (hooks.ts), run on its gradient before it. */
  hooks: HookEntry[] | null = null;
  constructor(private readonly _name: string, readonly edges: readonly Edge[], fn: BackwardFn, opts: NodeOptions = {}) {
    this.fn = fn;
    this.uniformFn = opts.uniform ?? null;
    this.saved = opts.saved ?? [];
    this.onRelease = opts.release ?? null;
    this.savesTensors = (opts.savesTensors ?? true) || this.saved.length > 0;
  }
  /** PyTorch's name(), namespaced for the nodes it writes by hand (torch::autograd::CopySlices). */
  name(): string { return this._name; }
  /** The node's Python class name, which a tensor's repr shows (CopySlices). */
  typeName(): string { return this._name.slice(this._name.lastIndexOf(':') + 1); }
  apply(grad: Tensor): GradOut[] {
    if (!this.fn) throw new RuntimeError(FREED);
    this.checkSaved();
    return this.fn(grad);
  }
  /** Whether applyUniform can take a uniform gradient without it being written out. */
  takesUniform(): boolean { return this.uniformFn !== null; }
  applyUniform(value: number): GradOut[] {
    if (!this.fn || !this.uniformFn) throw new RuntimeError(FREED);
    this.checkSaved();
    return this.uniformFn(value);
  }
  private checkSaved(): void { for (const s of this.saved) s.check(this); }
  /** For an in-place op: the result it saved is now the tensor written into. */
  _rebindSaved(from: Tensor, to: Tensor): void { this.saved = this.saved.map((s) => s.rebound(from, to)); }
  /** Drops the saved tensors (the closure), as PyTorch frees a graph after backward without retain_graph. */
  release(): void {
    if (!this.savesTensors) return;
    this.fn = null; this.uniformFn = null; this.saved = [];
    const r = this.onRelease;
    this.onRelease = null;
    r?.();
  }
  toString(): string { return `<${this.typeName()} object>`; }
}
