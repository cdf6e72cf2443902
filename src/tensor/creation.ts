// Tensor factories: tensor(), zeros/ones/full/empty, arange, rand/randn/randint/randperm and the *_like forms.
import { Tensor, type NestedArray } from './tensor.js';
import { DType, float32, int64, bool, toDType, describe, typeMetaName } from './dtype.js';
import { numelOf, parseSizeArgs } from './shape.js';
import { ValueError, RuntimeError } from './errors.js';
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
  const shape: number[] = [];
  const flat: number[] = [];
  let allInt = true, allBool = true;
  const isTyped = ArrayBuffer.isView(data);
  if (isTyped) {
    const arr = data as unknown as ArrayLike<number>;
    shape.push(arr.length);
    for (let i = 0; i < arr.length; i++) flat.push(arr[i]);
    allBool = false;
    allInt = !(data instanceof Float32Array || data instanceof Float64Array);
  } else {
    // walk the nesting iteratively, checking that it is rectangular
    const probe = (v: unknown): void => {
      let cur = v;
      while (Array.isArray(cur)) { shape.push(cur.length); cur = cur[0]; }
    };
    probe(data);
    const visit = (v: unknown, depth: number): void => {
      if (depth === shape.length) {
        if (Array.isArray(v)) throw new ValueError(`expected sequence of length ${shape[depth - 1]} at dim ${depth - 1} (got ${v.length})`);
        if (typeof v === 'boolean') { flat.push(v ? 1 : 0); return; }
        if (typeof v !== 'number') throw new TypeError(`Could not infer dtype of ${describe(v)}`);
        allBool = false;
        if (!Number.isInteger(v)) allInt = false;
        flat.push(v);
        return;
      }
      if (!Array.isArray(v)) throw new TypeError(`not a sequence`);
      if (v.length !== shape[depth]) throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${v.length})`);
      for (const e of v) visit(e, depth + 1);
    };
    visit(data, 0);
    if (flat.length === 0) allBool = false;
  }
  const dtype = opts?.dtype ? toDType(opts.dtype) : allBool ? bool : allInt && flat.length > 0 ? int64 : float32;
  const store = dtype.alloc(flat.length);
  // each element is checked as torch.tensor checks a Python number (its message names 'uint8', not 'uint8_t')
  if (dtype.is_integer) for (let i = 0; i < flat.length; i++) store[i] = dtype.scalar(flat[i], dtype.name);
  else if (dtype === bool) for (let i = 0; i < flat.length; i++) store[i] = flat[i] !== 0 ? 1 : 0;
  else store.set(flat);
  return finish(new Tensor(store, shape, dtype), opts);
}

type SizeArgs = (number | number[] | FactoryOpts)[];

function make(fn: string, args: SizeArgs, fill: (d: Float32Array | Float64Array, dtype: DType, o?: FactoryOpts) => void, dflt?: DType): Tensor {
  const [shape, opts] = parseSizeArgs<FactoryOpts>(args);
  checkOpts(fn, opts);
  const dtype = dtypeOf(opts, dflt);
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
  if (low >= high) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  return make('randint', [size, opts ?? {}], (d, dt, o) => {
    // random_'s bounds check for a narrower integer (or bool) output; int64 holds any bound that got here
    if (!dt.is_floating_point && dt !== int64) {
      if (low < dt.min || low > dt.max) throw new RuntimeError(`from is out of bounds for ${typeMetaName(dt)}`);
      if (high - 1 < dt.min || high - 1 > dt.max) throw new RuntimeError(`to - 1 is out of bounds for ${typeMetaName(dt)}`);
    }
    fillRandint(d, low, high, o?.generator);
  }, int64);
}
export function randperm(n: number, opts?: FactoryOpts): Tensor {
  return make('randperm', [[n], opts ?? {}], (d, _dt, o) => randpermInto(d, o?.generator), int64);
}
/** arange(end), arange(start, end), arange(start, end, step), each with an optional options object. */
export function arange(...args: (number | FactoryOpts)[]): Tensor {
  const opts = typeof args[args.length - 1] === 'object' ? (args.pop() as FactoryOpts) : undefined;
  const nums = args as number[];
  const given = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  const dtype = dtypeOf(opts, given.every(Number.isInteger) ? int64 : float32);
  if (dtype === bool) throw new RuntimeError(`"arange_cpu" not implemented for 'Bool'`);
  // integer dtypes count in int64 (ATen's accumulate type): the bounds are truncated first, and the
  // length comes from the truncated bounds for int64 only, from the given ones otherwise
  const [start, end, step] = dtype.is_integer ? given.map((v) => int64.scalar(v)) : given;
  const [s0, e0, st0] = dtype === int64 ? [start, end, step] : given;
  if (step === 0) throw new RuntimeError('step must be nonzero');
  if ((end - start) / step < 0) throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  const n = Math.ceil((e0 - s0) / st0);
  const wrap = dtype.wrap;
  return make('arange', [[n], { ...opts, dtype }], (d) => { for (let i = 0; i < n; i++) d[i] = wrap ? wrap(start + i * step) : start + i * step; });
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

/** Wraps a typed array (no copy) as a tensor: the bridge for data loading and kernels. */
export function from_typed(data: Float32Array | Float64Array, shape: number[], dtype: DType = data instanceof Float32Array ? float32 : DType.float64): Tensor {
  return new Tensor(data, shape, dtype);
}

export { default_generator };
