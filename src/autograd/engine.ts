// The backward pass: a topological walk over the graph with an explicit work list (no recursion,
// so a graph of any depth is safe), accumulating gradients into leaves' `.grad`.
import { RuntimeError } from '../tensor/errors.js';
import { sameShape } from '../tensor/shape.js';
import { releaseStorage, addInto } from '../kernels/dispatch.js';
import { Tensor } from '../tensor/tensor.js';
import { Node, setReleasing, type Edge, type GradOut } from './node.js';
import { no_grad } from './grad_mode.js';
import { UniformGrad } from './uniform.js';
import { runHooks, type HookEntry } from './hooks.js';
import { OuterGrad } from './outer.js';

type Grad = Tensor | UniformGrad;

/** Runs the backward pass from root; the caller (backward_call.ts) has checked the arguments. */
export function backward(root: Tensor, gradient: Tensor | null, retainGraph: boolean): void {
  const g = gradient === null ? new Tensor(root.dtype.alloc(1).fill(1), root.shape, root.dtype)
    : gradient.dtype === root.dtype ? gradient.detach() : gradient.to(root.dtype);
  const own = new Ownership(g);
  no_grad(() => {
    if (!root.grad_fn) { accumulate(root, root._hooks ? hooked(root._hooks, g, own) : g, own); return; }
    const prev = setReleasing(!retainGraph);
    try {
      run(root.grad_fn, g, retainGraph, own);
    } finally {
      setReleasing(prev);
    }
  });
}

/**
 * Which gradient buffers the engine alone holds. Buffers handed out (a leaf's .grad, the caller's
 * gradient) are never reused; every other gradient buffer goes back to the allocator as soon as
 * the last node that holds it has run (views share a buffer, so counting is per buffer). Only when
 * the graph is freed: a retained graph's closures may still reference what they returned.
 */
class Ownership {
  private readonly out = new Set<ArrayBufferLike>();
  private readonly holds = new Map<ArrayBufferLike, number>();
  release = false;
  constructor(root: Tensor) { this.out.add(key(root)); }
  isOut(t: Tensor): boolean { return this.out.has(key(t)); }
  handOut(t: Tensor): void { this.out.add(key(t)); }
  /** Whether more than one holder has this buffer (another route still needs it). */
  shared(t: Tensor): boolean { return (this.holds.get(key(t)) ?? 0) > 1; }
  hold(t: Tensor): void { const b = key(t); this.holds.set(b, (this.holds.get(b) ?? 0) + 1); }
  /** g as a tensor: a uniform gradient is written out now, into a buffer this engine holds. */
  materialized(g: Grad): Tensor {
    if (g instanceof Tensor) return g;
    const t = g.materialize();
    this.hold(t);
    return t;
  }
  drop(t: Tensor): void {
    const b = key(t), c = (this.holds.get(b) ?? 0) - 1;
    if (c > 0) { this.holds.set(b, c); return; }
    this.holds.delete(b);
    if (this.release && !this.out.has(b)) releaseStorage(t._storage);
  }
}

// Holds are counted per storage: a view's `_data` is a fresh dense copy when it is not contiguous,
// so counting by `_data` would let a gradient's storage go back to the allocator while a view of
// it (a transpose's gradient, say) is still to be read.
const key = (t: Tensor): ArrayBufferLike => t._storage.buffer;

function run(start: Node, grad: Tensor, retainGraph: boolean, own: Ownership): void {
  own.release = !retainGraph;
  // Count how many edges lead into each node, so a node runs once all its gradients have arrived.
  const pending = new Map<Node, number>();
  const stack: Node[] = [start];
  const seen = new Set<Node>([start]);
  while (stack.length) {
    const n = stack.pop()!;
    for (const next of n.edges) {
      if (!(next instanceof Node)) continue;
      pending.set(next, (pending.get(next) ?? 0) + 1);
      if (!seen.has(next)) { seen.add(next); stack.push(next); }
    }
  }
  const grads = new Map<Node, Grad>([[start, grad]]);
  const leafSums = new Map<Tensor, Tensor>();
  own.hold(grad);
  const ready: Node[] = [start];
  while (ready.length) {
    const n = ready.pop()!;
    let g = grads.get(n);
    grads.delete(n);
    // a uniform gradient stays a value only for a node that takes it as one
    if (g instanceof UniformGrad && (!n.takesUniform() || n.hooks)) g = own.materialized(g);
    if (g && n.hooks) g = hooked(n.hooks, g as Tensor, own);
    const raw: GradOut[] = !g ? [] : g instanceof UniformGrad ? n.applyUniform(g.value) : n.apply(g);
    // one-row products are settled now, while the gradient they read is still held
    for (let i = 0; i < raw.length; i++) { const gi = raw[i]; if (gi instanceof OuterGrad) raw[i] = settleOuter(gi, n.edges[i]); }
    const outs = raw as (Grad | null)[];
    if (!retainGraph) n.release();
    for (const gi of outs) if (gi instanceof Tensor) own.hold(gi);
    if (g instanceof Tensor) own.drop(g); // after holding the outputs, which may be views of it
    n.edges.forEach((next, i) => {
      if (!next) return;
      const gi = outs[i] ?? null;
      if (next instanceof Node) {
        if (gi) {
          const prev = grads.get(next);
          if (prev) {
            const a = own.materialized(prev), b = own.materialized(gi);
            const sum = addSame(a, b);
            own.hold(sum); own.drop(a); own.drop(b);
            grads.set(next, sum);
          } else grads.set(next, gi); // keeps the hold taken above
        }
        const left = pending.get(next)! - 1;
        pending.set(next, left);
        if (left === 0) ready.push(next);
      } else if (gi) {
        const t = own.materialized(gi);
        if (next.requires_grad && next._hooks) {
          // a leaf with hooks gets its gradient summed over every route first, as AccumulateGrad does
          const prev = leafSums.get(next);
          if (prev) { const sum = addSame(prev, t); own.hold(sum); own.drop(prev); own.drop(t); leafSums.set(next, sum); } else leafSums.set(next, t);
          return;
        }
        if (next.requires_grad) accumulate(next, t, own);
        own.drop(t);
      }
    });
    // outputs never routed anywhere (an input that needs no gradient) are dropped too
    outs.forEach((gi, i) => { if (gi instanceof Tensor && !n.edges[i]) own.drop(gi); });
  }
  for (const [leaf, t] of leafSums) {
    const h = hooked(leaf._hooks!, t, own);
    accumulate(leaf, h, own);
    own.drop(h);
  }
}

/**
 * g through a tensor's hooks (hooks.ts). A gradient a hook is given or returns is the caller's:
 * never given back to the allocator; a retained one is a copy (or a sum with the .grad kept before).
 */
function hooked(hooks: readonly HookEntry[], g: Tensor, own: Ownership): Tensor {
  // a hook may keep the tensor it is given (grads[name] = g): it is the caller's from then on
  if (hooks.some((h) => h.fn && !h.removed)) own.handOut(g);
  const r = runHooks(hooks, g, (t, v) => {
    const prev = t._peekGrad();
    t._storeGrad(prev ? addSame(prev, v) : new Tensor(v._data.slice(), v.shape, v.dtype));
  });
  if (r === g) return g;
  own.handOut(r); own.hold(r); own.drop(g);
  return r;
}

/**
 * A one-row weight gradient (outer.ts): added into its leaf's .grad in one pass where the leaf
 * has one (what accumulate would do with it written out), else written out for the usual route.
 */
function settleOuter(g: OuterGrad, edge: Edge): Tensor | null {
  if (!edge) return null;
  if (!(edge instanceof Node) && edge.requires_grad && !edge._hooks) { // a leaf with hooks gets its gradient through them
    const prev = edge._peekGrad();
    if (prev && g.dtype === edge.dtype && sameShape(g.shape, edge.shape)) { g.addInto(prev._data); return null; }
  }
  return g.materialize();
}

function addSame(a: Tensor, b: Tensor): Tensor {
  const out = a.dtype.alloc(a.numel());
  const x = a._data, y = b._data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  return new Tensor(out, a.shape, a.dtype);
}

/** AccumulateGrad: adopts the gradient's storage when nobody else holds it, else copies / adds in place. */
function accumulate(leaf: Tensor, g: Tensor, own: Ownership): void {
  if (!sameShape(g.shape, leaf.shape) || g.dtype !== leaf.dtype)
    throw new RuntimeError(`internal: gradient of shape [${g.shape}] ${g.dtype} for a leaf of shape [${leaf.shape}] ${leaf.dtype}`);
  const prev = leaf._peekGrad();
  if (prev) {
    addInto(prev._data, g._data); // WebAssembly SIMD where both live in its memory
    return;
  }
  // adopt the buffer unless it is already out (another leaf's, the caller's) or still needed by
  // the graph (held by more than this route), in which case the leaf gets a copy
  const grad = own.isOut(g) || own.shared(g) ? new Tensor(g._data.slice(), leaf.shape, leaf.dtype) : new Tensor(g._data, leaf.shape, leaf.dtype);
  own.handOut(grad);
  leaf._storeGrad(grad);
}
