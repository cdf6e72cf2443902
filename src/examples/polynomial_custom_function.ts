// The PyTorch tutorial "PyTorch: Defining New autograd Functions"
// (pytorch/tutorials beginner_source/examples_autograd/polynomial_custom_function.py, a copy in
// tools/upstream/) line for line: y = a + b * P3(c + d * x) fitted to sin(x) on [-pi, pi], P3 the
// Legendre polynomial of degree three as a custom torch.autograd.Function with its own backward.
// `torchlet polynomial_custom_function` prints what the Python prints.
import * as torch from '../index.js';
import type { FunctionCtx } from '../autograd/custom_function.js';
import type { Tensor } from '../tensor/tensor.js';
import { pyStrFloat } from './pyformat.js';

class LegendrePolynomial3 extends torch.autograd.Function {
  // forward: the input in, the output out; ctx keeps what backward needs (save_for_backward)
  static override forward(ctx: FunctionCtx, input: Tensor): Tensor {
    ctx.save_for_backward(input);
    return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5); // 0.5 * (5 * input ** 3 - 3 * input)
  }

  // backward: the gradient of the loss with respect to the output in, with respect to the input out
  static override backward(ctx: FunctionCtx, grad_output: Tensor): Tensor {
    const [input] = ctx.saved_tensors;
    return grad_output.mul(1.5).mul(input.pow(2).mul(5).sub(1)); // grad_output * 1.5 * (5 * input ** 2 - 1)
  }
}

export function main(log: (line: string) => void = console.log): void {
  const dtype = torch.float;
  const device = torch.device('cpu');

  // Tensors for the inputs and outputs (no gradient needed for them)
  const x = torch.linspace(-Math.PI, Math.PI, 2000, { device, dtype });
  const y = torch.sin(x);

  // the 4 weights: y = a + b * P3(c + d * x), started not too far from the answer
  const a = torch.full([], 0.0, { device, dtype, requires_grad: true });
  const b = torch.full([], -1.0, { device, dtype, requires_grad: true });
  const c = torch.full([], 0.0, { device, dtype, requires_grad: true });
  const d = torch.full([], 0.3, { device, dtype, requires_grad: true });

  const learning_rate = 5e-6;
  for (let t = 0; t < 2000; t++) {
    // To apply our Function, we use Function.apply method. We alias this as 'P3'.
    const P3 = LegendrePolynomial3.apply;

    // forward pass, P3 by our custom autograd op
    const y_pred = a.add(b.mul(P3(c.add(d.mul(x)))));

    // the loss
    const loss = y_pred.sub(y).pow(2).sum();
    if (t % 100 === 99) log(`${t} ${pyStrFloat(loss.item())}`);

    // the backward pass by autograd
    loss.backward();

    // gradient descent
    torch.no_grad(() => {
      a.sub_(a.grad!.mul(learning_rate));
      b.sub_(b.grad!.mul(learning_rate));
      c.sub_(c.grad!.mul(learning_rate));
      d.sub_(d.grad!.mul(learning_rate));

      // zero the gradients by hand after the update
      a.grad = null;
      b.grad = null;
      c.grad = null;
      d.grad = null;
    });
  }
  log(`Result: y = ${pyStrFloat(a.item())} + ${pyStrFloat(b.item())} * P3(${pyStrFloat(c.item())} + ${pyStrFloat(d.item())} x)`);
}
