// Tensor factories: tensor(), zeros/ones/full/empty, arange, rand/randn/randint/randperm and the *_like forms.
import { Tensor, type NestedArray } from './tensor.js';
import { DType, float32, int64, bool, toDType, describe, checkedInt64 } from './dtype.js';
import { checkStorageSize, numelOf, parseSizeArgs } from './shape.js';
import { readData } from './nested.js';
import { fmtCppDouble } from './cpp_format.js';
import { RuntimeError } from './errors.js';
import { default_generator, fillNormal, fillUniform, fillRandint, randpermInto, type Generator } from './random.js';

export interface FactoryOpts { dtype?: DType | string; requires_grad?: boolean; device?: unknown; generator?: Generator }
const FACTORY_KEYS = new Set(['dtype', 'requires_grad', 'device', 'generator', 'layout', 'pin_memory']);

function checkOpts(fn: string, opts: object | undefined): void {
  if (!opts) return;
  for (const k of Object.keys(opts)) if (!FACTORY_KEYS.has(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
}
function finish(t: Tensor, opts: FactoryOpts | undefined): Tensor {
  if (opts?.requires_grad) t.requires_grad_(true);
  return t;
}
function dtypeOf(opts: FactoryOpts | undefined, dflt: DType = float32): DType {
  return opts?.dtype === undefined || opts.dtype === null ? dflt : toDType(opts.dtype);
}

/** torch.tensor(data, {dtype, requires_grad}): nested arrays, a flat array, a typed array or a number. */
export function tensor(data: NestedArray | ArrayLike<number> | Tensor, opts?: FactoryOpts): Tensor {
  checkOpts('tensor', opts);
  if (data instanceof Tensor) {
    const t = data.detach().clone();
    return finish(opts?.dtype ? t.to(toDType(opts.dtype)) : t, opts);
  }
  const { storage, shape, dtype } = readData(data, opts?.dtype ? toDType(opts.dtype) : null);
  return finish(new Tensor(storage, shape, dtype), opts);
}

type SizeArgs = (number | number[] | FactoryOpts)[];

function make(fn: string, args: SizeArgs, fill: (d: Float32Array | Float64Array, dtype: DType, o?: FactoryOpts) => void, dflt?: DType): Tensor {
  const [shape, opts] = parseSizeArgs<FactoryOpts>(args);
  checkOpts(fn, opts);
  const dtype = dtypeOf(opts, dflt);
  checkStorageSize(shape, dtype.itemsize);
  const d = dtype.alloc(numelOf(shape));
  fill(d, dtype, opts);
  return finish(new Tensor(d, shape, dtype), opts);
}

export function zeros(...args: SizeArgs): Tensor { return make('zeros', args, () => {}); }
export function ones(...args: SizeArgs): Tensor { return make('ones', args, (d) => d.fill(1)); }
export function empty(...args: SizeArgs): Tensor { return make('empty', args, () => {}); }
export function full(size: number[], fill_value: number, opts?: FactoryOpts): Tensor {
  const dflt = typeof fill_value === 'boolean' ? bool : Number.isInteger(fill_value) ? int64 : float32;
  return make('full', [size, opts ?? {}], (d, dt) => d.fill(dt.scalar(fill_value)), dflt);
}
export function rand(...args: SizeArgs): Tensor {
  return make('rand', args, (d, dt, o) => { floatOnly('"check_uniform_bounds"', dt); fillUniform(d, 0, 1, dt === float32, o?.generator); });
}
export function randn(...args: SizeArgs): Tensor {
  return make('randn', args, (d, dt, o) => { floatOnly('"normal_kernel_cpu"', dt); fillNormal(d, 0, 1, dt === float32, o?.generator); });
}
function floatOnly(kernel: string, dt: DType): void {
  if (!dt.is_floating_point) throw new RuntimeError(`${kernel} not implemented for '${dt.scalarName}'`);
}
/** randint(high, size) or randint(low, high, size), int64 by default. */
export function randint(...args: (number | number[] | FactoryOpts)[]): Tensor {
  const nums = args.filter((a) => typeof a === 'number') as number[];
  const size = args.find((a) => Array.isArray(a)) as number[] | undefined;
  const opts = args.find((a) => a !== null && typeof a === 'object' && !Array.isArray(a)) as FactoryOpts | undefined;
  if (!size) throw new TypeError('randint() missing required argument: size');
  const [low, high] = nums.length === 1 ? [0, nums[0]] : nums;
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new TypeError('randint(): low and high must be integers');
  for (const v of [low, high]) checkedInt64(v, 'int64_t'); // Python ints outside int64 do not unpack
  if (low >= high) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  return make('randint', [size, opts ?? {}], (d, _dt, o) => fillRandint(d, low, high, o?.generator), int64);
}
export function randperm(n: number, opts?: FactoryOpts): Tensor {
  if (typeof n === 'number') checkedInt64(n, 'int64_t');
  return make('randperm', [[n], opts ?? {}], (d, _dt, o) => randpermInto(d, o?.generator), int64);
}
/** arange(end), arange(start, end), arange(start, end, step), each with an optional options object. */
export function arange(...args: (number | FactoryOpts)[]): Tensor {
  const opts = typeof args[args.length - 1] === 'object' ? (args.pop() as FactoryOpts) : undefined;
  const nums = args as number[];
  const allInt = nums.every(Number.isInteger);
  const dtype = dtypeOf(opts, allInt ? int64 : float32);
  const [start, end, step] = arangeBounds(nums, dtype);
  const n = Math.ceil((end - start) / step);
  return make('arange', [[n], { ...opts, dtype }], (d) => { for (let i = 0; i < n; i++) d[i] = start + i * step; });
}

/** arange_out's checks, in its order, on its bounds as the output dtype reads them (int64 truncates). */
function arangeBounds(nums: number[], dtype: DType): [number, number, number] {
  if (dtype === bool) throw new RuntimeError(`"arange_cpu" not implemented for 'Bool'`);
  const [start, end, step] = (nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1])
    .map((v) => (dtype === int64 ? dtype.scalar(v) : v));
  if (!(step > 0 || step < 0)) throw new RuntimeError('step must be nonzero');
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RuntimeError(`unsupported range: ${fmtCppDouble(start)} -> ${fmtCppDouble(end)}`);
  if (!((step > 0 && end >= start) || (step < 0 && end <= start))) throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  const size = Math.ceil((end - start) / step);
  if (!(size >= 0 && size <= 2 ** 63)) throw new RuntimeError('invalid size, possible overflow?');
  return [start, end, step];
}

function like(x: Tensor, opts: FactoryOpts | undefined): [number[], FactoryOpts] {
  if (!(x instanceof Tensor)) throw new TypeError(`expected a Tensor, got ${describe(x)}`);
  return [x.shape, { dtype: x.dtype, ...(opts ?? {}) }];
}
export function zeros_like(x: Tensor, opts?: FactoryOpts): Tensor { return zeros(...like(x, opts)); }
export function ones_like(x: Tensor, opts?: FactoryOpts): Tensor { return ones(...like(x, opts)); }
export function empty_like(x: Tensor, opts?: FactoryOpts): Tensor { return empty(...like(x, opts)); }
export function rand_like(x: Tensor, opts?: FactoryOpts): Tensor { return rand(...like(x, opts)); }
export function randn_like(x: Tensor, opts?: FactoryOpts): Tensor { return randn(...like(x, opts)); }
export function full_like(x: Tensor, v: number, opts?: FactoryOpts): Tensor { const [s, o] = like(x, opts); return full(s, v, o); }

/**
 * Wraps a typed array (no copy) as a tensor: the bridge for data loading and kernels. float32 lives
 * in a Float32Array, the other dtypes in a Float64Array; int64 and bool contents are checked (the
 * array is shared, so it cannot be converted in place), since printing or saving would fail later.
 */
export function from_typed(data: Float32Array | Float64Array, shape: number[], dtype: DType = data instanceof Float32Array ? float32 : DType.float64): Tensor {
  const dt = toDType(dtype);
  const want = dt === float32 ? Float32Array : Float64Array;
  if (!(data instanceof want)) throw new TypeError(`from_typed(): ${dt} storage must be a ${want.name}, got ${describe(data)}`);
  const [dims] = parseSizeArgs<object>([shape]);
  if (dt === int64 || dt === bool) {
    const ok = dt === bool ? (v: number) => v === 0 || v === 1 : (v: number) => Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63;
    for (let i = 0; i < data.length; i++)
      if (!ok(data[i])) throw new RuntimeError(`from_typed(): element ${i} is ${data[i]}, which is not a ${dt} value`);
  }
  return new Tensor(data, dims, dt);
}

export { default_generator };
