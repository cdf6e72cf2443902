// torch.autograd (PyTorch 1.13): grad, backward, Variable, Function (custom_function.ts), and the
// grad-mode switches. grad and backward check their arguments in the order
// torch/autograd/__init__.py and the engine's run_backward do (the tuples, _make_grads, then each root and input); the pass itself is
// engine.ts's. Higher-order gradients (create_graph=True) and is_grads_batched are refused.
import { Tensor } from '../tensor/tensor.js';
import { NotImplementedError, RuntimeError, ValueError, warn } from '../tensor/errors.js';
import { float32 } from '../tensor/dtype.js';
import { sameShape } from '../tensor/shape.js';
import { bind, pyType, type Kw } from '../tensor/args.js';
import { execute } from './engine.js';

export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from './grad_mode.js';
export { Function, FunctionCtx } from './custom_function.js';

type Tensors = Tensor | readonly Tensor[];
type MaybeTensors = Tensor | readonly (Tensor | null)[] | null;

/**
 * torch.autograd.grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
 * only_inputs=True, allow_unused=False, is_grads_batched=False): the gradients of `outputs` with
 * respect to `inputs` (one per input; null where unused and allow_unused), without touching .grad.
 */
export function grad(...args: [outputs: Tensors, inputs: Tensors, grad_outputs?: MaybeTensors | Kw, ...rest: unknown[]]): (Tensor | null)[] {
  const a = bind('grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=False, is_grads_batched=False)', args);
  const outputs = tensorsOf(a.outputs), inputs = tensorsOf(a.inputs);
  if (!truthy(a.only_inputs))
    warn('only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate gradient for other parts of the graph, please use torch.autograd.backward.');
  const grads = makeGrads(outputs, gradsOf(a.grad_outputs, outputs.length));
  const { retainGraph, createGraph } = graphFlags(a.retain_graph, a.create_graph);
  if (truthy(a.is_grads_batched)) throw new NotImplementedError('is_grads_batched=True is not supported by torchlet');
  checkRoots(outputs, grads);
  checkInputs(inputs, false);
  if (inputs.length === 0) throw new ValueError('grad requires non-empty inputs.');
  refuseCreateGraph(createGraph);
  const out = execute(outputs, grads, retainGraph, inputs);
  if (!truthy(a.allow_unused) && out.some((g) => g === null))
    throw new RuntimeError('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
  return out;
}

/**
 * torch.autograd.backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
 * grad_variables=None, inputs=None): the sum of the gradients of `tensors`, accumulated into the
 * leaves' .grad. Tensor.backward is this with one tensor.
 */
export function backward(...args: [tensors: Tensors, grad_tensors?: MaybeTensors | Kw, ...rest: unknown[]]): void {
  const a = bind('backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None)', args);
  runBackward(a.tensors, a.grad_tensors, a.retain_graph, a.create_graph, a.grad_variables, a.inputs);
}

/** torch.autograd.backward's body, shared with Tensor.backward (backward_call.ts). */
export function runBackward(tensors: unknown, grad_tensors: unknown, retain_graph: unknown, create_graph: unknown,
  grad_variables: unknown, inputs: unknown): void {
  if (grad_variables !== undefined && grad_variables !== null) {
    warn("'grad_variables' is deprecated. Use 'grad_tensors' instead.");
    if (grad_tensors === undefined || grad_tensors === null) grad_tensors = grad_variables;
    else throw new RuntimeError("'grad_tensors' and 'grad_variables' (deprecated) arguments both passed to backward(). Please only use 'grad_tensors'.");
  }
  if (inputs !== undefined && inputs !== null && sizeOf(inputs) === 0) throw new RuntimeError("'inputs' argument to backward() cannot be empty.");
  const roots = tensorsOf(tensors);
  const grads = makeGrads(roots, gradsOf(grad_tensors, roots.length));
  const { retainGraph, createGraph } = graphFlags(retain_graph, create_graph);
  checkRoots(roots, grads);
  const only = inputs === undefined || inputs === null ? null : tensorsOf(inputs);
  if (only) checkInputs(only, true);
  refuseCreateGraph(createGraph);
  execute(roots, grads, retainGraph, only, true);
}

/**
 * torch.autograd.Variable(data=None, requires_grad=False, volatile=False): since PyTorch 0.4 a
 * Tensor, here `data` detached (sharing its storage) with requires_grad set; Variable() is tensor([]).
 */
export function Variable(...args: [data?: Tensor, requires_grad?: boolean | Kw, volatile?: boolean | Kw, kw?: Kw]): Tensor {
  const a = bind('Variable(data=None, requires_grad=False, volatile=False)', args);
  if (truthy(a.volatile)) warn('volatile was removed and now has no effect. Use `with torch.no_grad():` instead.');
  const data = a.data === undefined || a.data === null ? new Tensor(float32.alloc(0), [0], float32) : a.data;
  if (!(data instanceof Tensor)) throw new TypeError(`Variable data has to be a tensor, but got ${pyType(data)}`);
  const out = data.detach();
  if (truthy(a.requires_grad)) out.requires_grad_(true);
  return out;
}

/** (x,) for a tensor, else tuple(x): Python's error for what does not iterate. */
function tensorsOf(v: unknown): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (Array.isArray(v)) return [...v];
  if (v !== null && v !== undefined && typeof v === 'object' && Symbol.iterator in v) return [...(v as Iterable<Tensor>)];
  throw new TypeError(`'${pyType(v)}' object is not iterable`);
}

/** len() of backward's inputs (a tensor's is its first dimension). */
function sizeOf(v: unknown): number {
  if (v instanceof Tensor) return v.shape.length === 0 ? 1 : v.shape[0];
  return tensorsOf(v).length;
}

/** _tensor_or_tensors_to_tuple(grads, n). */
function gradsOf(v: unknown, n: number): unknown[] {
  if (v === undefined || v === null) return Array(n).fill(null);
  if (v instanceof Tensor) return [v];
  if (typeof v === 'string') return [...v];
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v); // a dict iterates its keys
  return tensorsOf(v);
}

/** _make_grads: zip(outputs, grads), so the shorter decides how many there are. */
function makeGrads(outputs: readonly Tensor[], grads: readonly unknown[]): (Tensor | null)[] {
  const n = Math.min(outputs.length, grads.length), out: (Tensor | null)[] = [];
  for (let i = 0; i < n; i++) {
    const o = outputs[i], g = grads[i];
    if (g instanceof Tensor) {
      if (!sameShape(g.shape, o.shape))
        throw new RuntimeError(`Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g.shape.join(', ')}]) and output[${i}] has a shape of torch.Size([${o.shape.join(', ')}]).`);
      out.push(g);
    } else if (g === null || g === undefined) {
      if (o.requires_grad && o.numel() !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
      out.push(null);
    } else throw new TypeError(`gradients can be either Tensors or None, but got ${pyType(g)}`);
  }
  return out;
}

/** run_backward's checks of the roots: as many gradients as tensors, each a tensor that requires grad. */
function checkRoots(roots: readonly Tensor[], grads: readonly (Tensor | null)[]): void {
  if (roots.length !== grads.length) throw new RuntimeError(`got ${roots.length} tensors and ${grads.length} gradients`);
  roots.forEach((t, i) => {
    if (!t.requires_grad) throw new RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
  });
}

/**
 * run_backward's checks of the inputs: tensors that require grad. For backward (`retain`) a
 * non-leaf input keeps its gradient in .grad; retain_grad's own check raises first for an input
 * that needs none, as in 1.13.
 */
function checkInputs(inputs: readonly unknown[], retain: boolean): void {
  for (const t of inputs) {
    if (!(t instanceof Tensor)) throw new RuntimeError(`all inputs have to be Tensors, but got ${pyType(t)}`);
    if (retain) t.retain_grad();
    if (!t.requires_grad) throw new RuntimeError('One of the differentiated Tensors does not require grad');
  }
}

/** retain_graph=None means create_graph; the engine then parses retain_graph before create_graph. */
function graphFlags(retain_graph: unknown, create_graph: unknown): { retainGraph: boolean; createGraph: boolean } {
  const createRaw = create_graph === undefined ? false : create_graph;
  return { retainGraph: asFlag(retain_graph === undefined || retain_graph === null ? createRaw : retain_graph), createGraph: asFlag(createRaw) };
}

/** What torchlet cannot honour is refused, never ignored. */
function refuseCreateGraph(createGraph: boolean): void {
  if (createGraph) throw new NotImplementedError('create_graph=True (higher-order gradients) is not supported by torchlet');
}

const truthy = (v: unknown): boolean => v !== undefined && v !== null && v !== false && v !== 0;

/** The engine's "b" argument parse of retain_graph / create_graph: a bool or an int. */
function asFlag(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return v !== 0;
  throw new TypeError(`'${pyType(v)}' object cannot be interpreted as an integer`);
}
