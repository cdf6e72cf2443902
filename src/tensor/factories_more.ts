// More factories: eye, linspace (PyTorch's CPU values bit for bit) and the Tensor.new_*
// family (new_zeros, new_ones, new_full, new_empty, new_tensor), whose dtype defaults to self's.
import { Tensor, type NestedArray } from './tensor.js';
import { DType, bool, float32, float64, toDType } from './dtype.js';
import { numelOf } from './shape.js';
import { RuntimeError, warn } from './errors.js';
import { tensor } from './creation.js';
import { linspaceInto } from '../kernels/linspace.js';
import { bindNames, isPlainObject, pyType, type Kw } from './args.js';

/** The keyword arguments every factory takes. */
const FACTORY_KW = ['dtype', 'layout', 'device', 'pin_memory', 'requires_grad'];
export interface FactoryKw { dtype?: DType | string | null; requires_grad?: boolean; device?: unknown; layout?: unknown; pin_memory?: boolean }

/** `t` with the factory's requires_grad applied (PyTorch's factory wording for integer dtypes). */
function finish(t: Tensor, kw: Kw): Tensor {
  if (kw.requires_grad) {
    if (!t.dtype.is_floating_point) throw new RuntimeError('Only Tensors of floating point and complex dtype can require gradients');
    t.requires_grad_(true);
  }
  return t;
}
const dtypeOr = (kw: Kw, dflt: DType): DType => (kw.dtype === undefined || kw.dtype === null ? dflt : toDType(kw.dtype));

function intArgAt(fn: string, name: string, position: number, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be int, not ${pyType(v)}`);
  return v;
}

/** torch.eye(n, m=n, {dtype, requires_grad}): ones on the main diagonal. */
export function eye(...args: unknown[]): Tensor {
  const kw = bindNames('eye', ['n', 'm'], args, FACTORY_KW);
  if (kw.n === undefined) throw new TypeError('eye() missing 1 required positional arguments: "n"');
  const n = intArgAt('eye', 'n', 1, kw.n);
  const m = kw.m === undefined || kw.m === null ? n : intArgAt('eye', 'm', 2, kw.m);
  if (n < 0) throw new RuntimeError(`n must be greater or equal to 0, got ${n}`);
  if (m < 0) throw new RuntimeError(`m must be greater or equal to 0, got ${m}`);
  const dtype = dtypeOr(kw, float32), d = dtype.alloc(n * m);
  for (let i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
  return finish(new Tensor(d, [n, m], dtype), kw);
}

/** A Python number argument (a 0-dim tensor counts as its value, as PyTorch's parser takes it). */
function numberAt(fn: string, name: string, position: number, v: unknown): number {
  if (v instanceof Tensor && v.ndim === 0) return v.item();
  if (typeof v === 'boolean') return +v;
  if (typeof v !== 'number') throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be Number, not ${pyType(v)}`);
  return v;
}

/** torch.linspace(start, end, steps, {dtype, requires_grad}): `steps` evenly spaced values, as 1.13's CPU kernel computes them. */
export function linspace(...args: unknown[]): Tensor {
  const kw = bindNames('linspace', ['start', 'end', 'steps'], args, FACTORY_KW);
  for (const name of ['start', 'end', 'steps'])
    if (kw[name] === undefined) throw new TypeError(`linspace() missing 1 required positional arguments: "${name}"`);
  const start = numberAt('linspace', 'start', 1, kw.start), end = numberAt('linspace', 'end', 2, kw.end);
  if (typeof kw.steps !== 'number' || !Number.isInteger(kw.steps)) throw new TypeError(`linspace(): argument 'steps' must be int, not ${pyType(kw.steps)}`);
  const steps = kw.steps;
  if (steps < 0) throw new RuntimeError('number of steps must be non-negative');
  const dtype = dtypeOr(kw, float32);
  if (dtype === bool) throw new RuntimeError('"linspace_cpu" not implemented for \'Bool\'');
  const d = dtype.alloc(steps);
  linspaceInto(d, start, end, dtype === float32 ? 'f32' : dtype === float64 ? 'f64' : 'i64');
  return finish(new Tensor(d, [steps], dtype), kw);
}

// ---- Tensor.new_* ----
/** Sizes as new_zeros takes them: varargs or one list, with PyTorch's messages. */
function newSizes(fn: string, sizes: unknown[]): number[] {
  if (sizes.length === 0) throw new TypeError(`${fn}() missing 1 required positional arguments: "size"`);
  const list = sizes.length === 1 && Array.isArray(sizes[0]) ? (sizes[0] as unknown[]) : sizes;
  for (const s of list)
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new TypeError(`${fn}(): argument 'size' (position 1) must be tuple of SymInts, not ${pyType(s)}`);
  const shape = list as number[], neg = shape.find((s) => s < 0);
  if (neg !== undefined) throw new RuntimeError(`Trying to create tensor with negative dimension ${neg}: [${shape.join(', ')}]`);
  return shape;
}
function splitKw(fn: string, args: unknown[]): [unknown[], Kw] {
  const rest = args.slice();
  const kw = rest.length > 0 && isPlainObject(rest[rest.length - 1]) ? (rest.pop() as Kw) : {};
  for (const k of Object.keys(kw)) if (!FACTORY_KW.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
  return [rest, kw];
}
function filled(self: Tensor, fn: string, shape: number[], kw: Kw, value: number): Tensor {
  const dtype = dtypeOr(kw, self.dtype), d = dtype.alloc(numelOf(shape));
  if (value !== 0) d.fill(dtype.cast(value));
  return finish(new Tensor(d, shape, dtype), kw);
}
export type NewSizeArgs = (number | number[] | FactoryKw)[];
/** self.new_zeros(*size, {dtype, requires_grad}) */
export function new_zeros(self: Tensor, args: NewSizeArgs): Tensor { return newFilled(self, 'new_zeros', args, 0); }
/** self.new_ones(*size, {dtype, requires_grad}) */
export function new_ones(self: Tensor, args: NewSizeArgs): Tensor { return newFilled(self, 'new_ones', args, 1); }
/** self.new_empty(*size, {dtype, requires_grad}): zero-filled here (PyTorch leaves it uninitialised). */
export function new_empty(self: Tensor, args: NewSizeArgs): Tensor { return newFilled(self, 'new_empty', args, 0); }
function newFilled(self: Tensor, fn: string, args: unknown[], value: number): Tensor {
  const [sizes, kw] = splitKw(fn, args);
  return filled(self, fn, newSizes(fn, sizes), kw, value);
}
/** self.new_full(size, fill_value, {dtype, requires_grad}) */
export function new_full(self: Tensor, args: unknown[]): Tensor {
  const kw = bindNames('new_full', ['size', 'fill_value'], args, FACTORY_KW);
  if (kw.size === undefined) throw new TypeError('new_full() missing 1 required positional arguments: "size"');
  if (!Array.isArray(kw.size)) throw new TypeError(`new_full(): argument 'size' (position 1) must be tuple of SymInts, not ${pyType(kw.size)}`);
  if (kw.fill_value === undefined) throw new TypeError('new_full() missing 1 required positional arguments: "fill_value"');
  return filled(self, 'new_full', newSizes('new_full', [kw.size]), kw, numberAt('new_full', 'fill_value', 2, kw.fill_value));
}
/** self.new_tensor(data, {dtype, requires_grad}): a copy of data, in self's dtype unless dtype is given. */
export function new_tensor(self: Tensor, args: unknown[]): Tensor {
  const kw = bindNames('new_tensor', ['data'], args, FACTORY_KW);
  if (kw.data === undefined) throw new TypeError('new_tensor() missing 1 required positional arguments: "data"');
  const dtype = dtypeOr(kw, self.dtype);
  if (kw.data instanceof Tensor)
    warn('To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than tensor.new_tensor(sourceTensor).');
  const t = kw.data instanceof Tensor ? kw.data.detach().to(dtype).clone() : tensor(kw.data as NestedArray, { dtype });
  return finish(t.dtype === dtype ? t : t.to(dtype), kw);
}
