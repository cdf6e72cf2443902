// Tensor factories: tensor(), zeros/ones/full/empty, arange, rand/randn/randint/randperm and the *_like forms.
import { Tensor, type NestedArray } from './tensor.js';
import { DType, float32, int64, bool, toDType, describe, typeMetaName } from './dtype.js';
import { checkStorageSize, numelOf, parseSizeArgs } from './shape.js';
import { readData } from './nested.js';
import { fmtCppDouble } from './cpp_format.js';
import { RuntimeError } from './errors.js';
import { default_generator, fillNormal, fillUniform, fillRandint, randpermInto, type Generator } from './random.js';
import { builtin, def_, type Kw } from './args.js';

export interface FactoryOpts { dtype?: DType | string | null; requires_grad?: boolean | null; device?: unknown; generator?: Generator | null; [option: string]: unknown }

// PyTorch 1.13's overloads of the factories (the names= and out= ones bind but are refused)
const FACTORY = 'dtype? dtype=None, layout? layout=None, device? device=None, bool? pin_memory=False, bool? requires_grad=False';
const sized = (name: string, extra = ''): string[] =>
  [`${name}(int[] size, *, names? names, ${extra}${FACTORY})`, `${name}(SymInt[] size, *, ${extra}Tensor? out=None, ${FACTORY})`];
const random = (name: string): string[] => [
  `${name}(int[] size, *, Generator? generator, names? names, ${FACTORY})`, `${name}(int[] size, *, Generator? generator, Tensor? out=None, ${FACTORY})`,
  `${name}(int[] size, *, Tensor? out=None, ${FACTORY})`, `${name}(int[] size, *, names? names, ${FACTORY})`,
];
const like = (name: string, extra = ''): string => `${name}(Tensor input, ${extra}*, ${FACTORY}, memory_format? memory_format=None)`;
const SIG = {
  tensor: builtin('tensor(object data, *, dtype? dtype=None, device? device=None, bool pin_memory=False, bool requires_grad=False, names? names=None)'),
  zeros: builtin(sized('zeros')), ones: builtin(sized('ones')), empty: builtin(sized('empty', 'memory_format? memory_format=None, ')),
  full: builtin([`full(int[] size, Number fill_value, *, names? names, ${FACTORY})`, `full(SymInt[] size, Number fill_value, *, Tensor? out=None, ${FACTORY})`]),
  rand: builtin(random('rand')), randn: builtin(random('randn')),
  randint: builtin([
    `randint(int high, int[] size, *, Generator? generator, Tensor? out=None, ${FACTORY})`, `randint(int high, int[] size, *, Tensor? out=None, ${FACTORY})`,
    `randint(int low, int high, int[] size, *, Generator? generator, Tensor? out=None, ${FACTORY})`, `randint(int low, int high, int[] size, *, Tensor? out=None, ${FACTORY})`,
  ]),
  randperm: builtin([`randperm(int n, *, Generator? generator, Tensor? out=None, ${FACTORY})`, `randperm(int n, *, Tensor? out=None, ${FACTORY})`]),
  arange: builtin([
    `arange(Number end, *, Tensor? out=None, ${FACTORY})`, `arange(Number start, Number end, *, ${FACTORY})`,
    `arange(Number start, Number end, Number step=1, *, Tensor? out=None, ${FACTORY})`,
  ]),
  zeros_like: builtin(like('zeros_like')), ones_like: builtin(like('ones_like')), empty_like: builtin(like('empty_like')),
  rand_like: builtin(like('rand_like')), randn_like: builtin(like('randn_like')), full_like: builtin(like('full_like', 'Number fill_value, ')),
};

function finish(t: Tensor, opts: FactoryOpts | undefined): Tensor {
  if (opts?.requires_grad) t.requires_grad_(true);
  return t;
}
function dtypeOf(opts: FactoryOpts | undefined, dflt: DType = float32): DType {
  return opts?.dtype === undefined || opts.dtype === null ? dflt : toDType(opts.dtype);
}

/** torch.tensor(data, {dtype, requires_grad}): nested arrays, a flat array, a typed array or a number. */
export function tensor(...args: [data: NestedArray | ArrayLike<number> | Tensor | Kw, opts?: FactoryOpts]): Tensor {
  const opts = SIG.tensor.parse(args)[0] as FactoryOpts;
  const data = opts.data as NestedArray | ArrayLike<number> | Tensor;
  if (data instanceof Tensor) {
    const t = data.detach().clone();
    return finish(opts?.dtype ? t.to(toDType(opts.dtype)) : t, opts);
  }
  const { storage, shape, dtype } = readData(data, opts?.dtype ? toDType(opts.dtype) : null);
  return finish(new Tensor(storage, shape, dtype), opts);
}

type SizeArgs = (number | number[] | FactoryOpts)[];

/** A new tensor of the bound `size`, filled by `fill`, with the bound dtype (or `dflt`) and requires_grad. */
function make(opts: Kw, fill: (d: Float32Array | Float64Array, dtype: DType, o?: FactoryOpts) => void, dflt?: DType): Tensor {
  const [shape] = parseSizeArgs([opts.size]);
  const dtype = dtypeOf(opts, dflt);
  checkStorageSize(shape, dtype.itemsize);
  const d = dtype.alloc(numelOf(shape));
  fill(d, dtype, opts);
  return finish(new Tensor(d, shape, dtype), opts);
}

export function zeros(...args: SizeArgs): Tensor { return make(SIG.zeros.parse(args)[0], () => {}); }
export function ones(...args: SizeArgs): Tensor { return make(SIG.ones.parse(args)[0], (d) => d.fill(1)); }
export function empty(...args: SizeArgs): Tensor { return make(SIG.empty.parse(args)[0], () => {}); }
export function full(...args: [size: number[] | Kw, fill_value?: number | boolean | Kw, opts?: FactoryOpts]): Tensor {
  const o = SIG.full.parse(args)[0], fill_value = o.fill_value as number | boolean;
  const dflt = typeof fill_value === 'boolean' ? bool : Number.isInteger(fill_value) ? int64 : float32;
  return make(o, (d, dt) => d.fill(dt.scalar(fill_value)), dflt);
}
export function rand(...args: SizeArgs): Tensor {
  return make(SIG.rand.parse(args)[0], (d, dt, o) => { floatOnly('"check_uniform_bounds"', dt); fillUniform(d, 0, 1, dt === float32, o?.generator ?? undefined); });
}
export function randn(...args: SizeArgs): Tensor {
  return make(SIG.randn.parse(args)[0], (d, dt, o) => { floatOnly('"normal_kernel_cpu"', dt); fillNormal(d, 0, 1, dt === float32, o?.generator ?? undefined); });
}
function floatOnly(kernel: string, dt: DType): void {
  if (!dt.is_floating_point) throw new RuntimeError(`${kernel} not implemented for '${dt.scalarName}'`);
}
/** randint(high, size) or randint(low, high, size), int64 by default. */
export function randint(...args: (number | number[] | FactoryOpts)[]): Tensor {
  const o = SIG.randint.parse(args)[0];
  const low = (o.low as number | undefined) ?? 0, high = o.high as number;
  for (const v of [low, high]) int64.scalar(v); // Python ints outside int64 do not unpack
  if (low >= high) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  return make(o, (d, dt, g) => {
    // random_'s bounds check for a narrower integer (or bool) output; int64 holds any bound that got here
    if (!dt.is_floating_point && dt !== int64) {
      if (low < dt.min || low > dt.max) throw new RuntimeError(`from is out of bounds for ${typeMetaName(dt)}`);
      if (high - 1 < dt.min || high - 1 > dt.max) throw new RuntimeError(`to - 1 is out of bounds for ${typeMetaName(dt)}`);
    }
    fillRandint(d, low, high, g?.generator ?? undefined);
  }, int64);
}
export function randperm(...args: [n: number | Kw, opts?: FactoryOpts]): Tensor {
  const o = SIG.randperm.parse(args)[0];
  int64.scalar(o.n as number);
  return make({ ...o, size: [o.n] }, (d, _dt, g) => randpermInto(d, g?.generator ?? undefined), int64);
}
/** arange(end), arange(start, end), arange(start, end, step), each with an optional options object. */
export function arange(...args: (number | FactoryOpts)[]): Tensor {
  const [opts, k] = SIG.arange.parse(args);
  const nums = (k === 0 ? [opts.end] : [opts.start, opts.end, opts.step]) as number[];
  const dtype = dtypeOf(opts, nums.every(Number.isInteger) ? int64 : float32);
  const [start, end, step] = arangeBounds(nums, dtype);
  // integer dtypes count in int64 (ATen's accumulate type) from truncated bounds; the length comes
  // from the truncated bounds for int64 only, from the given ones for the narrower integers
  const given = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  const [s0, e0, st0] = dtype.is_integer && dtype !== int64 ? given : [start, end, step];
  const n = Math.ceil((e0 - s0) / st0);
  const wrap = dtype.wrap;
  return make({ ...opts, size: [n], dtype }, (d) => { for (let i = 0; i < n; i++) d[i] = wrap ? wrap(start + i * step) : start + i * step; });
}

/** arange_out's checks, in its order, on its bounds as the output dtype reads them (int64 truncates). */
function arangeBounds(nums: number[], dtype: DType): [number, number, number] {
  if (dtype === bool) throw new RuntimeError(`"arange_cpu" not implemented for 'Bool'`);
  const [start, end, step] = (nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1])
    .map((v) => (dtype.is_integer ? int64.scalar(v) : v));
  if (!(step > 0 || step < 0)) throw new RuntimeError('step must be nonzero');
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RuntimeError(`unsupported range: ${fmtCppDouble(start)} -> ${fmtCppDouble(end)}`);
  if (!((step > 0 && end >= start) || (step < 0 && end <= start))) throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  const size = Math.ceil((end - start) / step);
  if (!(size >= 0 && size <= 2 ** 63)) throw new RuntimeError('invalid size, possible overflow?');
  return [start, end, step];
}

type LikeArgs = [input: Tensor | Kw, opts?: FactoryOpts];
/** The *_like factories: the factory called with input's shape and (unless given) dtype. */
function likeOf(sig: keyof typeof SIG, args: readonly unknown[], factory: (...a: SizeArgs) => Tensor): Tensor {
  const o = SIG[sig].parse(args)[0], x = o.input as Tensor;
  const kw: FactoryOpts = { dtype: (o.dtype as DType | null) ?? x.dtype, requires_grad: o.requires_grad as boolean };
  return factory(x.shape, kw);
}
export function zeros_like(...args: LikeArgs): Tensor { return likeOf('zeros_like', args, zeros); }
export function ones_like(...args: LikeArgs): Tensor { return likeOf('ones_like', args, ones); }
export function empty_like(...args: LikeArgs): Tensor { return likeOf('empty_like', args, empty); }
export function rand_like(...args: LikeArgs): Tensor { return likeOf('rand_like', args, rand); }
export function randn_like(...args: LikeArgs): Tensor { return likeOf('randn_like', args, randn); }
export function full_like(...args: [input: Tensor | Kw, fill_value?: number | boolean | Kw, opts?: FactoryOpts]): Tensor {
  const o = SIG.full_like.parse(args)[0], x = o.input as Tensor;
  return full(x.shape, o.fill_value as number, { dtype: (o.dtype as DType | null) ?? x.dtype, requires_grad: o.requires_grad as boolean });
}

const FROM_TYPED = def_('from_typed(data, shape, dtype=None)');
/**
 * Wraps a typed array (no copy) as a tensor: the bridge for data loading and kernels. float32 lives
 * in a Float32Array, the other dtypes in a Float64Array; int64 and bool contents are checked (the
 * array is shared, so it cannot be converted in place), since printing or saving would fail later.
 */
export function from_typed(...args: [data: Float32Array | Float64Array | Kw, shape?: number[] | Kw, dtype?: DType | Kw]): Tensor {
  const o = FROM_TYPED.bind(args), data = o.data as Float32Array | Float64Array, shape = o.shape as number[];
  const dt = toDType((o.dtype as DType | null) ?? (data instanceof Float32Array ? float32 : DType.float64));
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
