// Tensor.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None): Python's
// binding of the method, then torch.autograd.backward with this one tensor (api.ts), which checks
// the rest in PyTorch 1.13's order.
import type { Tensor } from '../tensor/tensor.js';
import { bind } from '../tensor/args.js';
import { runBackward } from './api.js';

export function backwardCall(root: Tensor, args: readonly unknown[]): void {
  const a = bind('Tensor.backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None)', args);
  runBackward(root, a.gradient, a.retain_graph, a.create_graph, undefined, a.inputs);
}
