// torch.autograd.Function (PyTorch 1.13): an op with a hand-written backward.
//
//   class LegendrePolynomial3 extends torch.autograd.Function {
//     static forward(ctx, input) { ctx.save_for_backward(input); return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5); }
//     static backward(ctx, grad_output) { const [input] = ctx.saved_tensors; return grad_output.mul(1.5).mul(input.pow(2).mul(5).sub(1)); }
//   }
//   const P3 = LegendrePolynomial3.apply;   // a function, as in Python
//
// forward runs without recording; if grad mode is on and a tensor argument requires grad, its
// result gets the node `<Name>Backward`, whose backward gets one gradient per forward argument
// back (null for the non-tensors) and checks them as PyTorch's engine does: their number, None for
// non-tensor arguments, shapes (a broadcast gradient is summed down), dtypes. A forward may return
// several outputs (an array); backward then gets one gradient per output.
import { Tensor } from '../tensor/tensor.js';
import { NotImplementedError, RuntimeError } from '../tensor/errors.js';
import { sameShape } from '../tensor/shape.js';
import { sumToShape } from '../ops/reduce.js';
import { pyType } from '../tensor/args.js';
import { no_grad, is_grad_enabled } from './grad_mode.js';
import { record, gradientEdge } from './function.js';
import { SavedTensor, type SavedSpec } from './saved.js';
import { Node } from './node.js';
import { zeros } from '../tensor/creation.js';

/** The `ctx` a Function's forward and backward share; any other field may be set on it (ctx.k = 3). */
export class FunctionCtx {
  [key: string]: unknown;
  /** Per forward argument: a tensor that requires grad. */
  needs_input_grad: boolean[] = [];
  /** @internal */ _saved: Tensor[] = [];
  /** @internal */ _nonDifferentiable = new Set<Tensor>();
  /** @internal */ materialize_grads = true;

  /** Keeps tensors for backward (read back as ctx.saved_tensors; changed in place meanwhile, backward raises). */
  save_for_backward(...tensors: (Tensor | null | undefined)[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && t !== undefined && !(t instanceof Tensor)) throw new TypeError(`save_for_backward can only save variables, but argument ${i} is of type ${pyType(t)}`);
    });
    this._saved = tensors.filter((t): t is Tensor => t instanceof Tensor);
  }
  get saved_tensors(): Tensor[] { return this._saved.slice(); }
  /** Outputs that get no gradient (they do not require grad). */
  mark_non_differentiable(...tensors: Tensor[]): void { for (const t of tensors) this._nonDifferentiable.add(t); }
  set_materialize_grads(value: boolean): void { this.materialize_grads = value; }
  mark_dirty(..._tensors: Tensor[]): void {
    throw new NotImplementedError('ctx.mark_dirty (in-place custom functions) is not supported by torchlet');
  }
}

type Apply = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Subclass it with static forward(ctx, ...args) and backward(ctx, ...grads); call Subclass.apply(...args). */
export class Function {
  static forward(_ctx: FunctionCtx, ..._args: any[]): any { // eslint-disable-line @typescript-eslint/no-explicit-any
    throw new NotImplementedError('You must implement the forward function for custom autograd.Function.');
  }
  static backward(_ctx: FunctionCtx, ..._grads: any[]): any { // eslint-disable-line @typescript-eslint/no-explicit-any
    throw new NotImplementedError('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }
  /** The op itself, bound to its class: `const P3 = LegendrePolynomial3.apply` works as in Python. */
  static get apply(): Apply {
    const cls = this;
    return (...args: unknown[]) => applyFunction(cls, args);
  }
}

function applyFunction(cls: typeof Function, args: unknown[]): unknown {
  const ctx = new FunctionCtx();
  ctx.needs_input_grad = args.map((a) => a instanceof Tensor && a.requires_grad);
  const inputs = args.filter((a): a is Tensor => a instanceof Tensor);
  const recording = is_grad_enabled() && inputs.some((t) => t.requires_grad);
  const result = no_grad(() => cls.forward(ctx, ...args)) as unknown;
  const single = result instanceof Tensor;
  const outs: unknown[] = single ? [result] : Array.isArray(result) ? result.slice() : [];
  if (!recording || !outs.some((o) => o instanceof Tensor && !ctx._nonDifferentiable.has(o))) return result;
  // an input returned as it is comes back as a view of itself, which gets the node
  outs.forEach((o, i) => { if (o instanceof Tensor && inputs.includes(o)) outs[i] = no_grad(() => o.view_as(o)); });
  const name = `${cls.name}Backward`;
  const positions = args.map((a) => a instanceof Tensor);
  const backward = (...gs: (Tensor | null)[]): (Tensor | null)[] => {
    const grads = cls.backward(ctx, ...gs) as unknown;
    const list = Array.isArray(grads) ? grads.slice() : [grads];
    // trailing Nones beyond the arguments are allowed, as in PyTorch
    if (list.length > args.length && list.slice(args.length).every((v) => v === null || v === undefined)) list.length = args.length;
    if (list.length !== args.length)
      throw new RuntimeError(`function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${list.length})`);
    const perTensor: (Tensor | null)[] = [];
    list.forEach((v, i) => {
      if (!positions[i]) {
        if (v !== null && v !== undefined)
          throw new RuntimeError(`function ${name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`);
        return;
      }
      if (v !== null && v !== undefined && !(v instanceof Tensor)) throw new RuntimeError(`expected Variable or None (got ${pyType(v)})`);
      perTensor.push(v === null || v === undefined ? null : v as Tensor);
    });
    return perTensor.map((v, k) => (v === null ? null : fitted(v, inputs[k], name, k)));
  };
  if (single) return record(outs[0] as Tensor, name, inputs, backward, true, { saved: ctx._saved as SavedSpec[] });
  joined(outs, name, inputs, backward, ctx);
  return outs;
}

/**
 * Several outputs: the engine hands a node one gradient, so the Function's node J takes the
 * inputs' edges and each differentiable output gets a node of its own (with J's name) that keeps
 * its gradient for J and passes J a scalar token. J, run once every reached output's node has run,
 * calls backward with each output's gradient: zeros for an output that got none (null without
 * materialize_grads, and for non-tensor outputs), as PyTorch's one node with several outputs does.
 */
function joined(outs: unknown[], name: string, inputs: Tensor[], backward: (...gs: (Tensor | null)[]) => (Tensor | null)[], ctx: FunctionCtx): void {
  const slots: (Tensor | null)[] = outs.map(() => null);
  const join = new Node(name, inputs.map(gradientEdge), () => {
    const gs = outs.map((o, i) => {
      const g = slots[i];
      slots[i] = null;
      if (g || !(o instanceof Tensor) || !ctx.materialize_grads) return g;
      return zeros(o.shape, { dtype: o.dtype });
    });
    return backward(...gs);
  }, { saved: ctx._saved.map((t) => new SavedTensor(t, null, outs.includes(t))) });
  outs.forEach((o, i) => {
    if (!(o instanceof Tensor) || ctx._nonDifferentiable.has(o)) return;
    o._setGradFn(new Node(name, [join], (g) => {
      // a copy: the engine may give g's storage back once this node has run
      slots[i] = slots[i] ? slots[i]!.add(g) : g.clone();
      return [zeros([])]; // the token: J sums what arrives and ignores it
    }, { savesTensors: false }));
  });
}

/** validate_outputs: a gradient of the input's shape (or summed down to it from a broadcast one) and dtype. */
function fitted(g: Tensor, input: Tensor, name: string, index: number): Tensor | null {
  if (!input.requires_grad) return null;
  let out = g;
  if (!sameShape(g.shape, input.shape)) {
    if (!expandable(input.shape, g.shape))
      throw new RuntimeError(`Function ${name} returned an invalid gradient at index ${index} - got [${g.shape.join(', ')}] but expected shape compatible with [${input.shape.join(', ')}]`);
    out = sumToShape(g, input.shape);
  }
  return out.dtype === input.dtype ? out : out.to(input.dtype);
}

/** Whether `shape` broadcasts to `target` (is_expandable_to). */
function expandable(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  for (let i = 1; i <= shape.length; i++) {
    const s = shape[shape.length - i], t = target[target.length - i];
    if (s !== t && s !== 1) return false;
  }
  return true;
}
