// The shape and view ops as PyTorch's builtins (see api.ts): torch.reshape(x, ...) and
// x.reshape(...) bind through the same overloads.
import type { Tensor } from '../tensor/tensor.js';
import { bind, builtin, noArgs, op, type Op } from '../tensor/args.js';
import { T, N, OUT, unary, type Kwargs } from './api_common.js';
import * as V from './view.js';

type Ints = number | number[];
type SizeFn = (input: Tensor, shape: number[] | Kwargs, kw?: Kwargs) => Tensor;
export const reshape = op<SizeFn>(builtin('reshape(Tensor input, SymInt[] shape)'), (a) => V.reshape(T(a.input), a.shape as number[]));
export const broadcast_to = op<SizeFn>(builtin('broadcast_to(Tensor input, int[] size)'), (a) => V.expand(T(a.input), a.size as number[]));
export const flatten = op<(input: Tensor, start_dim?: number | Kwargs, end_dim?: number | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  'flatten(Tensor input, int start_dim, int end_dim, name out_dim)', 'flatten(Tensor input, int start_dim=0, int end_dim=-1)',
  'flatten(Tensor input, name start_dim, name end_dim, name out_dim)', 'flatten(Tensor input, names dims, name out_dim)',
]), (a) => V.flatten(T(a.input), N(a.start_dim), N(a.end_dim)));
type UnflattenFn = (input: Tensor, dim: number | Kwargs, sizes?: number[] | Kwargs, kw?: Kwargs) => Tensor;
const unflattenFn = op<UnflattenFn>(builtin(['unflatten(Tensor input, name dim, int[] sizes, names names)', 'unflatten(Tensor input, int dim, int[] sizes)']),
  (a) => V.unflatten(T(a.input), N(a.dim), a.sizes as number[]));
/** torch.unflatten is a builtin; Tensor.unflatten is a Python method in 1.13. */
export const unflatten = Object.assign(unflattenFn, {
  method(self: Tensor, args: readonly unknown[]): Tensor {
    const a = bind('Tensor.unflatten(self, dim, sizes)', args);
    return unflattenFn(self, a.dim as number, a.sizes as number[]);
  },
});
export const squeeze = op<(input: Tensor, dim?: number | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  'squeeze(Tensor input)', 'squeeze(Tensor input, int dim)', 'squeeze(Tensor input, name dim)',
]), (a) => V.squeeze(T(a.input), a.dim as number | undefined));
type DimFn = (input: Tensor, dim: number | Kwargs, kw?: Kwargs) => Tensor;
export const unsqueeze = op<DimFn>(builtin('unsqueeze(Tensor input, int dim)'), (a) => V.unsqueeze(T(a.input), N(a.dim)));
export const permute = op<SizeFn>(builtin('permute(Tensor input, int[] dims)'), (a) => V.permute(T(a.input), a.dims as number[]));
type TwoDimFn = (input: Tensor, dim0: number | Kwargs, dim1?: number | Kwargs, kw?: Kwargs) => Tensor;
export const transpose = op<TwoDimFn>(builtin(['transpose(Tensor input, int dim0, int dim1)', 'transpose(Tensor input, name dim0, name dim1)']),
  (a) => V.transpose(T(a.input), N(a.dim0), N(a.dim1)));
export const swapaxes = op<TwoDimFn>(builtin('swapaxes(Tensor input, int axis0, int axis1)'), (a) => V.transpose(T(a.input), N(a.axis0), N(a.axis1)));
export const swapdims = op<TwoDimFn>(builtin('swapdims(Tensor input, int dim0, int dim1)'), (a) => V.transpose(T(a.input), N(a.dim0), N(a.dim1)));
type MoveFn = (input: Tensor, source: Ints | Kwargs, destination?: Ints | Kwargs, kw?: Kwargs) => Tensor;
const moving = (name: string): Op<MoveFn> => op<MoveFn>(builtin([
  `${name}(Tensor input, int source, int destination)`, `${name}(Tensor input, int[] source, int[] destination)`,
]), (a) => V.movedim(T(a.input), a.source as Ints, a.destination as Ints));
export const movedim = moving('movedim');
export const moveaxis = moving('moveaxis');
export const t = unary('t', V.t, false);
export const diagonal = op<(input: Tensor, offset?: number | Kwargs, dim1?: number | Kwargs, dim2?: number | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  'diagonal(Tensor input, *, name outdim, name dim1, name dim2, int offset=0)', 'diagonal(Tensor input, int offset=0, int dim1=0, int dim2=1)',
]), (a) => V.diagonal(T(a.input), N(a.offset), N(a.dim1), N(a.dim2)));
export const narrow = op<(input: Tensor, dim: number | Kwargs, start?: number | Tensor | Kwargs, length?: number | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  'narrow(Tensor input, int dim, Tensor start, int length)', 'narrow(Tensor input, int dim, int start, int length)',
]), (a, k) => V.narrow(T(a.input), N(a.dim), k === 0 ? T(a.start).item() : N(a.start), N(a.length)));
export const select = op<(input: Tensor, dim: number | Kwargs, index?: number | Kwargs, kw?: Kwargs) => Tensor>(builtin([
  'select(Tensor input, int dim, int index)', 'select(Tensor input, name dim, int index)',
]), (a) => V.select(T(a.input), N(a.dim), N(a.index)));
export const unbind = op<(input: Tensor, dim?: number | Kwargs, kw?: Kwargs) => Tensor[]>(builtin([
  'unbind(Tensor input, int dim=0)', 'unbind(Tensor input, name dim)',
]), (a) => V.unbind(T(a.input), N(a.dim)));
export const chunk = op<(input: Tensor, chunks: number | Kwargs, dim?: number | Kwargs, kw?: Kwargs) => Tensor[]>(
  builtin('chunk(Tensor input, int chunks, int dim=0)'), (a) => V.chunk(T(a.input), N(a.chunks), N(a.dim)));
// what Tensor.split hands its arguments to: an int to _VF.split, anything else to _VF.split_with_sizes
const SPLIT = builtin('split(Tensor input, int split_size, int dim=0)');
const SPLIT_WITH_SIZES = builtin('split_with_sizes(Tensor input, int[] split_sizes, int dim=0)');
function splitVF(self: unknown, size: unknown, dim: unknown): Tensor[] {
  const a = (typeof size === 'number' ? SPLIT : SPLIT_WITH_SIZES).parse([self, size, dim])[0];
  return V.split(T(a.input), (a.split_size ?? a.split_sizes) as Ints, N(a.dim));
}
/** torch.split and Tensor.split are Python functions (their parameter names differ). */
export const split = Object.assign((...args: unknown[]): Tensor[] => {
  const a = bind('split(tensor, split_size_or_sections, dim=0)', args);
  return splitVF(a.tensor, a.split_size_or_sections, a.dim);
}, {
  method(self: Tensor, args: readonly unknown[]): Tensor[] {
    const a = bind('Tensor.split(self, split_size, dim=0)', args);
    return splitVF(self, a.split_size, a.dim);
  },
});
export const as_strided = op<(input: Tensor, size: number[] | Kwargs, stride?: number[] | Kwargs, storage_offset?: number | null | Kwargs, kw?: Kwargs) => Tensor>(
  builtin('as_strided(Tensor input, SymInt[] size, SymInt[] stride, int? storage_offset=None)'),
  (a) => V.as_strided(T(a.input), a.size as number[], a.stride as number[], a.storage_offset as number | null));
type IndexFn = (input: Tensor, dim: number | Kwargs, index?: Tensor | Kwargs, kw?: Kwargs) => Tensor;
export const index_select = op<IndexFn>(builtin([
  `index_select(Tensor input, int dim, Tensor index, *, ${OUT})`, `index_select(Tensor input, name dim, Tensor index, *, ${OUT})`,
]), (a) => V.index_select(T(a.input), N(a.dim), T(a.index)));
// sparse_grad only changes the layout of the gradient PyTorch builds, not its values
export const gather = op<IndexFn>(builtin([
  `gather(Tensor input, int dim, Tensor index, *, bool sparse_grad=False, ${OUT})`, `gather(Tensor input, name dim, Tensor index, *, bool sparse_grad=False, ${OUT})`,
]), (a) => V.gather(T(a.input), N(a.dim), T(a.index)));

// methods only
const UNFOLD = builtin('unfold(int dimension, int size, int step)');
export const unfoldMethod = (self: Tensor, args: readonly unknown[]): Tensor => {
  const [a] = UNFOLD.parse(args, self);
  return V.unfold(self, N(a.dimension), N(a.size), N(a.step));
};
const EXPAND_AS = builtin('expand_as(Tensor other)');
export const expandAsMethod = (self: Tensor, args: readonly unknown[]): Tensor => V.expand(self, T(EXPAND_AS.parse(args, self)[0].other).shape);
const STRIDE = builtin(['stride(int dim)', 'stride()', 'stride(name dim)']);
/** stride(): all strides (overload 1), stride(dim): one (overload 0). */
export const strideArgs = (self: Tensor, args: readonly unknown[]): number | null => {
  const [a, k] = STRIDE.parse(args, self);
  return k === 1 ? null : N(a.dim);
};
export const storageOffsetArgs = (args: readonly unknown[]): void => noArgs('Tensor.storage_offset', args);
