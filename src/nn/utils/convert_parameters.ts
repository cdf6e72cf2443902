// nn.utils.parameters_to_vector / vector_to_parameters, as PyTorch 1.13's convert_parameters.py.
import { Tensor } from '../../tensor/tensor.js';
import { bind, pyType } from '../../tensor/args.js';
import { cat } from '../../ops/misc.js';
import { tensorList } from './clip_grad.js';

/** parameters_to_vector(parameters): every parameter viewed flat, concatenated (a new tensor in the graph). */
export function parameters_to_vector(...args: [parameters: Iterable<Tensor>]): Tensor {
  const params = tensorList(bind('parameters_to_vector(parameters)', args).parameters);
  return cat(params.map((p) => p.view(-1)));
}

/** vector_to_parameters(vec, parameters): each parameter takes its slice of vec as its data (sharing vec's storage). */
export function vector_to_parameters(...args: [vec: Tensor, parameters: Iterable<Tensor>]): void {
  const a = bind('vector_to_parameters(vec, parameters)', args);
  const vec = a.vec;
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${pyType(vec)}`);
  let pointer = 0;
  for (const param of tensorList(a.parameters)) {
    const n = param.numel();
    param.data = vec.get(`${pointer}:${pointer + n}`).view_as(param).data;
    pointer += n;
  }
}
