// Tensor.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None), bound and
// checked in the order PyTorch 1.13 does it: Python's binding of the method, then
// torch.autograd.backward (the gradient as a tuple, _make_grads), then the engine's argument parse.
import { Tensor } from '../tensor/tensor.js';
import { NotImplementedError, RuntimeError } from '../tensor/errors.js';
import { sameShape } from '../tensor/shape.js';
import { bind, pyType } from '../tensor/args.js';
import { backward } from './engine.js';

export function backwardCall(root: Tensor, args: readonly unknown[]): void {
  const a = bind('Tensor.backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None)', args);
  if (Array.isArray(a.inputs) && a.inputs.length === 0) throw new RuntimeError("'inputs' argument to backward() cannot be empty.");
  const grads = asTuple(a.gradient);
  // _make_grads: zip with the one output
  let g: Tensor | null = null;
  if (grads.length > 0) {
    const v = grads[0];
    if (v instanceof Tensor) {
      if (!sameShape(v.shape, root.shape))
        throw new RuntimeError(`Mismatch in shape: grad_output[0] has a shape of torch.Size([${v.shape.join(', ')}]) and output[0] has a shape of torch.Size([${root.shape.join(', ')}]).`);
      g = v;
    } else if (v === null || v === undefined) {
      if (root.requires_grad && root.numel() !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
    } else throw new TypeError(`gradients can be either Tensors or None, but got ${pyType(v)}`);
  }
  // retain_graph=None means create_graph; the engine then parses retain_graph before create_graph
  const createRaw = a.create_graph === undefined ? false : a.create_graph;
  const retainGraph = asFlag(a.retain_graph === undefined || a.retain_graph === null ? createRaw : a.retain_graph);
  const createGraph = asFlag(createRaw);
  if (grads.length === 0) throw new RuntimeError('got 1 tensors and 0 gradients');
  if (!root.requires_grad) throw new RuntimeError('element 0 of tensors does not require grad and does not have a grad_fn');
  // what torchlet cannot honour is refused, never ignored
  if (createGraph) throw new NotImplementedError('create_graph=True (higher-order gradients) is not supported by torchlet');
  if (a.inputs !== undefined && a.inputs !== null) throw new NotImplementedError('backward(inputs=...) is not supported by torchlet');
  backward(root, g, retainGraph);
}

/** _tensor_or_tensors_to_tuple: None, a Tensor, or anything Python can iterate. */
function asTuple(v: unknown): unknown[] {
  if (v === undefined || v === null) return [null];
  if (v instanceof Tensor) return [v];
  if (typeof v === 'string' || Array.isArray(v)) return [...v];
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v); // a dict iterates its keys
  if (typeof v === 'object' && Symbol.iterator in v) return [...(v as Iterable<unknown>)];
  throw new TypeError(`'${pyType(v)}' object is not iterable`);
}

/** The engine's "b" argument parse of retain_graph / create_graph: a bool or an int. */
function asFlag(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return v !== 0;
  throw new TypeError(`'${pyType(v)}' object cannot be interpreted as an integer`);
}
