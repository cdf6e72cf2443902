// The backward pass: a topological walk over the graph with an explicit work list (no recursion,
// so a graph of any depth is safe), accumulating gradients into leaves' `.grad` (Tensor.backward,
// torch.autograd.backward) or, for torch.autograd.grad, handing back the gradients of given inputs
// and running only the part of the graph that leads to them.
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
  execute([root], [gradient], retainGraph, null);
}

/**
 * The backward pass from several roots (each with its gradient; null: ones, for a scalar), into
 * the leaves' .grad, or, given `inputs`, into the returned list instead: each input's gradient
 * (null where the graph does not reach it), the leaves' .grad untouched (torch.autograd.grad).
 * With `into`, the inputs' gradients go to their .grad instead, and no other leaf's
 * (backward(inputs=...); the caller has made the non-leaf inputs retain their gradient).
 * The callers (api.ts) have checked the arguments.
 */
export function execute(roots: readonly Tensor[], gradients: readonly (Tensor | null)[], retainGraph: boolean,
  inputs: readonly Tensor[] | null, into = false): (Tensor | null)[] {
  const own = new Ownership();
  const capture = inputs ? new Capture(inputs, roots, into) : null;
  const seeds = new Map<Node, Grad>();
  no_grad(() => {
    roots.forEach((root, i) => {
      const gradient = gradients[i];
      const g = gradient === null ? new Tensor(root.dtype.alloc(1).fill(1), root.shape, root.dtype)
        : gradient.dtype === root.dtype ? gradient.detach() : gradient.to(root.dtype);
      own.handOut(g);
      if (root.grad_fn) {
        const prev = seeds.get(root.grad_fn);
        seeds.set(root.grad_fn, prev ? addSame(own.materialized(prev), g) : g);
      } else if (capture && !capture.into) capture.leaf(root, g);
      else if (!capture || capture.takesLeaf(root)) accumulate(root, root._hooks ? hooked(root._hooks, g, own) : g, own);
    });
    if (seeds.size === 0) return;
    const prev = setReleasing(!retainGraph);
    try {
      run(seeds, retainGraph, own, capture);
    } finally {
      setReleasing(prev);
    }
  });
  return capture && !capture.into ? capture.results(own) : [];
}

/**
 * torch.autograd.grad's inputs: leaves by identity, non-leaves by the node that made them. A node
 * runs only if an input lies below it (PyTorch's exec_info); a non-leaf input's node that no other
 * input needs is reached, its gradient taken, and not run. As in PyTorch 1.13, an input's gradient
 * is taken before its own hooks would run, and leaves' hooks do not run (their AccumulateGrad is
 * not executed). With `into` (backward(inputs=...)) the inputs' own nodes run too, so that their
 * hooks and retain_grad see the gradient, and leaf inputs accumulate it with their hooks.
 */
class Capture {
  private readonly leaves = new Map<Tensor, Tensor | null>();
  private readonly nodes = new Map<Node, Tensor | null>();
  private readonly needed = new Set<Node>();
  constructor(private readonly inputs: readonly Tensor[], roots: readonly Tensor[], readonly into: boolean) {
    for (const t of inputs) {
      if (t.grad_fn) this.nodes.set(t.grad_fn, null); else this.leaves.set(t, null);
    }
    // needed(n): an edge of n leads to an input leaf, an input's node, or a needed node. A
    // depth-first post-order over the graph below the roots, with an explicit stack of (node, next
    // edge) frames: a node is settled only after every node below it (the graph has no cycles).
    const seen = new Set<Node>();
    for (const r of roots) {
      if (!r.grad_fn || seen.has(r.grad_fn)) continue;
      seen.add(r.grad_fn);
      const stack: [Node, number][] = [[r.grad_fn, 0]];
      while (stack.length) {
        const frame = stack[stack.length - 1], n = frame[0];
        if (frame[1] < n.edges.length) {
          const e = n.edges[frame[1]++];
          if (e instanceof Node && !seen.has(e)) { seen.add(e); stack.push([e, 0]); }
          continue;
        }
        stack.pop();
        if (n.edges.some((e) => e instanceof Node ? this.needed.has(e) || this.nodes.has(e) : e !== null && this.leaves.has(e))) this.needed.add(n);
      }
    }
  }
  /** Whether the engine runs n (else it only takes n's gradient, if n made an input). */
  runs(n: Node): boolean { return this.needed.has(n) || (this.into && this.nodes.has(n)); }
  /** Whether gradients are routed to n at all. */
  reaches(n: Node): boolean { return this.needed.has(n) || this.nodes.has(n); }
  takesLeaf(t: Tensor): boolean { return this.leaves.has(t); }
  /** Whether a gradient bound for `edge` may be added straight into its .grad (a leaf input, with `into`). */
  intoGrad(edge: Edge): boolean { return this.into && edge !== null && !(edge instanceof Node) && this.leaves.has(edge); }
  /** The gradient arriving at a leaf input (summed over routes by the caller's order of arrival). */
  leaf(t: Tensor, g: Tensor): void {
    if (!this.leaves.has(t)) return;
    const prev = this.leaves.get(t);
    this.leaves.set(t, prev ? addSame(prev, g) : g);
  }
  /** Whether n made a non-leaf input. */
  made(n: Node): boolean { return this.nodes.has(n); }
  /** n's whole gradient, once every route has delivered, n having made an input. */
  node(n: Node, g: Tensor): void { this.nodes.set(n, g); }
  results(own: Ownership): (Tensor | null)[] {
    return this.inputs.map((t) => {
      const g = t.grad_fn ? this.nodes.get(t.grad_fn)! : this.leaves.get(t)!;
      if (g) own.handOut(g);
      return g;
    });
  }
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

function run(seeds: Map<Node, Grad>, retainGraph: boolean, own: Ownership, capture: Capture | null): void {
  own.release = !retainGraph;
  const reaches = (n: Node): boolean => !capture || capture.reaches(n);
  // Count how many edges lead into each node, so a node runs once all its gradients have arrived.
  const pending = new Map<Node, number>();
  const stack: Node[] = [...seeds.keys()].filter(reaches);
  const seen = new Set<Node>(stack);
  while (stack.length) {
    const n = stack.pop()!;
    if (capture && !capture.runs(n)) continue;
    for (const next of n.edges) {
      if (!(next instanceof Node) || !reaches(next)) continue;
      pending.set(next, (pending.get(next) ?? 0) + 1);
      if (!seen.has(next)) { seen.add(next); stack.push(next); }
    }
  }
  const grads = new Map<Node, Grad>();
  for (const [n, g] of seeds) if (reaches(n)) { grads.set(n, g); if (g instanceof Tensor) own.hold(g); }
  const leafSums = new Map<Tensor, Tensor>();
  const ready: Node[] = [...grads.keys()].filter((n) => !pending.has(n));
  while (ready.length) {
    const n = ready.pop()!;
    let g = grads.get(n);
    grads.delete(n);
    if (capture) {
      if (g && !capture.into && capture.made(n)) { g = own.materialized(g); own.handOut(g); capture.node(n, g); }
      if (!capture.runs(n)) { if (g instanceof Tensor) own.drop(g); continue; }
    }
    // a uniform gradient stays a value only for a node that takes it as one
    if (g instanceof UniformGrad && (!n.takesUniform() || n.hooks)) g = own.materialized(g);
    if (g && n.hooks) g = hooked(n.hooks, g as Tensor, own);
    const raw: GradOut[] = !g ? [] : g instanceof UniformGrad ? n.applyUniform(g.value) : n.apply(g);
    // one-row products are settled now, while the gradient they read is still held
    for (let i = 0; i < raw.length; i++) { const gi = raw[i]; if (gi instanceof OuterGrad) raw[i] = settleOuter(gi, n.edges[i], !capture || capture.intoGrad(n.edges[i])); }
    const outs = raw as (Grad | null)[];
    if (!retainGraph) n.release();
    for (const gi of outs) if (gi instanceof Tensor) own.hold(gi);
    if (g instanceof Tensor) own.drop(g); // after holding the outputs, which may be views of it
    n.edges.forEach((next, i) => {
      if (!next) return;
      const gi = outs[i] ?? null;
      if (next instanceof Node) {
        if (!reaches(next)) { if (gi instanceof Tensor) own.drop(gi); return; }
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
        if (capture && !capture.into) {
          if (capture.takesLeaf(next)) { own.handOut(t); capture.leaf(next, t); }
          own.drop(t);
          return;
        }
        if (capture && !capture.takesLeaf(next)) { own.drop(t); return; }
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
function settleOuter(g: OuterGrad, edge: Edge, intoGrad: boolean): Tensor | null {
  if (!edge) return null;
  if (intoGrad && !(edge instanceof Node) && edge.requires_grad && !edge._hooks) { // a leaf with hooks gets its gradient through them
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
