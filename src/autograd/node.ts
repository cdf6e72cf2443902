// A node of the backward graph: the op's name (PyTorch's, e.g. NllLossBackward0), the tensors it
// read, and a closure from the output's gradient to one gradient per input (null where none flows).
import { RuntimeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { UniformGrad } from './uniform.js';

export type BackwardFn = (grad: Tensor) => (Tensor | UniformGrad | null)[];
/** The same closure for a gradient that is one value everywhere (see uniform.ts). */
export type UniformBackwardFn = (value: number) => (Tensor | UniformGrad | null)[];

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

export class Node {
  private fn: BackwardFn | null;
  private uniformFn: UniformBackwardFn | null;
  constructor(
    private readonly _name: string,
    /** The op's inputs, in order; the gradient closure returns one entry per input. */
    readonly inputs: readonly (Tensor | null)[],
    fn: BackwardFn,
    /** Nodes that saved no tensors (add, view) can run again after their graph was freed, as in PyTorch. */
    private readonly savesTensors = true,
    uniformFn: UniformBackwardFn | null = null,
    private onRelease: (() => void) | null = null,
  ) {
    this.fn = fn;
    this.uniformFn = uniformFn;
  }
  name(): string { return this._name; }
  apply(grad: Tensor): (Tensor | UniformGrad | null)[] {
    if (!this.fn) throw new RuntimeError(FREED);
    return this.fn(grad);
  }
  /** Whether applyUniform can take a uniform gradient without it being written out. */
  takesUniform(): boolean { return this.uniformFn !== null; }
  applyUniform(value: number): (Tensor | UniformGrad | null)[] {
    if (!this.fn || !this.uniformFn) throw new RuntimeError(FREED);
    return this.uniformFn(value);
  }
  /** Drops the saved tensors (the closure), as PyTorch frees a graph after backward without retain_graph. */
  release(): void {
    if (!this.savesTensors) return;
    this.fn = null; this.uniformFn = null;
    const r = this.onRelease;
    this.onRelease = null;
    r?.();
  }
  toString(): string { return `<${this._name} object>`; }
}
