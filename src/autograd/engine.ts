// The backward pass: a topological walk over the graph with an explicit work list (no recursion,
// so a graph of any depth is safe), accumulating gradients into leaves' `.grad`.
import { RuntimeError } from '../tensor/errors.js';
import { sameShape } from '../tensor/shape.js';
import type { Storage } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { Node } from './node.js';
import { no_grad } from './grad_mode.js';

export function backward(root: Tensor, gradient: Tensor | null, retainGraph: boolean): void {
  if (!root.requires_grad)
    throw new RuntimeError('element 0 of tensors does not require grad and does not have a grad_fn');
  let g: Tensor;
  if (gradient === null) {
    if (root.numel() !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
    g = new Tensor(root.dtype.alloc(1).fill(1), root.shape, root.dtype);
  } else {
    if (!(gradient instanceof Tensor)) throw new TypeError('gradient must be a Tensor');
    if (!sameShape(gradient.shape, root.shape))
      throw new RuntimeError(`Mismatch in shape: grad_output[0] has a shape of torch.Size([${gradient.shape.join(', ')}]) and output[0] has a shape of torch.Size([${root.shape.join(', ')}]).`);
    g = gradient.dtype === root.dtype ? gradient.detach() : gradient.to(root.dtype);
  }
  // Storages already handed out as some tensor's .grad (or owned by the caller): never adopt them twice.
  const taken = new Set<Storage>([g._data]);
  no_grad(() => {
    if (!root.grad_fn) { accumulate(root, g, taken); return; }
    run(root.grad_fn, g, retainGraph, taken);
  });
}

function run(start: Node, grad: Tensor, retainGraph: boolean, taken: Set<Storage>): void {
  // Count how many edges lead into each node, so a node runs once all its gradients have arrived.
  const pending = new Map<Node, number>();
  const stack: Node[] = [start];
  const seen = new Set<Node>([start]);
  while (stack.length) {
    const n = stack.pop()!;
    for (const inp of n.inputs) {
      const next = inp?.grad_fn;
      if (!next) continue;
      pending.set(next, (pending.get(next) ?? 0) + 1);
      if (!seen.has(next)) { seen.add(next); stack.push(next); }
    }
  }
  const grads = new Map<Node, Tensor>([[start, grad]]);
  const ready: Node[] = [start];
  while (ready.length) {
    const n = ready.pop()!;
    const g = grads.get(n);
    grads.delete(n);
    const outs = g ? n.apply(g) : [];
    if (!retainGraph) n.release();
    n.inputs.forEach((inp, i) => {
      if (!inp) return;
      const gi = outs[i] ?? null;
      const next = inp.grad_fn;
      if (next) {
        if (gi) {
          const prev = grads.get(next);
          grads.set(next, prev ? addSame(prev, gi) : gi);
        }
        const left = pending.get(next)! - 1;
        pending.set(next, left);
        if (left === 0) ready.push(next);
      } else if (gi && inp.requires_grad) {
        accumulate(inp, gi, taken);
      }
    });
  }
}

function addSame(a: Tensor, b: Tensor): Tensor {
  const out = a.dtype.alloc(a.numel());
  const x = a._data, y = b._data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  return new Tensor(out, a.shape, a.dtype);
}

/** AccumulateGrad: adopts the gradient's storage when nobody else holds it, else copies / adds in place. */
function accumulate(leaf: Tensor, g: Tensor, taken: Set<Storage>): void {
  if (!sameShape(g.shape, leaf.shape) || g.dtype !== leaf.dtype)
    throw new RuntimeError(`internal: gradient of shape [${g.shape}] ${g.dtype} for a leaf of shape [${leaf.shape}] ${leaf.dtype}`);
  if (leaf.grad) {
    const d = leaf.grad._data, s = g._data;
    for (let i = 0; i < d.length; i++) d[i] += s[i];
    return;
  }
  const data = taken.has(g._data) ? g._data.slice() : g._data;
  taken.add(data);
  leaf.grad = new Tensor(data, leaf.shape, leaf.dtype);
}
