// PyTorch's CPU generator: mt19937 seeded as at::mt19937, and the same transformations its CPU
// kernels apply (uniform from 24/53 random bits, Box-Muller normals, 16-wide normal_fill), so
// `manual_seed(0); randn(3, 5)` gives PyTorch's numbers (up to float rounding of log/cos/sin).
import { RuntimeError } from './errors.js';
import { builtin, def_, noArgs, oneArg, pyType, registerPyClass } from './args.js';

const N = 624, M = 397;
const GENERATOR = builtin('Generator(device? device=None)');
const MANUAL_SEED = def_('manual_seed(seed)'), INITIAL_SEED = def_('initial_seed()');

export class Generator {
  // int32 state and double outputs keep V8 on unboxed machine integers (measured 3x faster than Uint32Array)
  private mt = new Int32Array(N);
  /** The tempered outputs of the current state, produced 624 at a time by twist(). */
  private out = new Float64Array(N);
  private mti = N;
  private seed_ = 0;
  /** Box-Muller makes normals in pairs; PyTorch caches the spare one for the double path. */
  nextDoubleNormal: number | null = null;

  /** torch.Generator(device='cpu'), seeded with PyTorch's default seed. */
  constructor(...args: [device?: unknown]) {
    if (args.length) GENERATOR.parse(args);
    this._seed(67280421310721);
  }

  /** Seeds the generator (a C method in PyTorch: one positional argument, no keywords). */
  manual_seed(...args: [seed: number]): this {
    const seed = oneArg('Generator.manual_seed', args);
    if (!Number.isInteger(seed)) throw new RuntimeError(`manual_seed expected a long, but got ${pyType(seed)}`);
    return this._seed(seed as number);
  }
  private _seed(seed: number): this {
    this.seed_ = seed;
    // at::mt19937 takes the low 32 bits of the 64-bit seed
    const s = Number(BigInt.asUintN(32, BigInt(seed)));
    this.mt[0] = s;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
    this.nextDoubleNormal = null;
    return this;
  }
  initial_seed(...args: []): number { noArgs('Generator.initial_seed', args); return this.seed_; }

  /** One 32-bit draw. */
  random(): number {
    if (this.mti >= N) this.twist();
    return this.out[this.mti++];
  }
  private twist(): void {
    const mt = this.mt, out = this.out;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[i + 1 < N ? i + 1 : 0] & 0x7fffffff);
      mt[i] = mt[i + M < N ? i + M : i + M - N] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    this.temperAll();
    this.mti = 0;
  }
  /** out[i] = the tempered output of mt[i], for the whole state. */
  private temperAll(): void {
    const mt = this.mt, out = this.out;
    for (let i = 0; i < N; i++) {
      let y = mt[i];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      out[i] = y >>> 0;
    }
  }
  /**
   * A bulk draw by a kernel on this generator's state (kernels/fast_elementwise.ts bernoulliKeepFast):
   * `draw` advances the state words in place, twisting as random() does, and returns the index of
   * the next word, or -1 when it drew nothing. Returns whether it drew.
   */
  _drawWith(draw: (mt: Int32Array, mti: number) => number): boolean {
    const mti = draw(this.mt, this.mti);
    if (mti < 0) return false;
    this.temperAll();
    this.mti = mti;
    return true;
  }
  /** Uniform in [0, 1) from 24 bits (float32) or 53 bits (float64), as at::uniform_real_distribution. */
  uniformFloat(): number { return (this.random() & 0xffffff) * 2 ** -24; }
  uniformDouble(): number {
    const hi = this.random(), lo = this.random();
    return ((hi & 0x1fffff) * 4294967296 + lo) * 2 ** -53;
  }
  /** One standard normal from at::normal_distribution<double> (the path for fewer than 16 values). */
  normalDouble(): number {
    if (this.nextDoubleNormal !== null) { const v = this.nextDoubleNormal; this.nextDoubleNormal = null; return v; }
    const u1 = this.uniformDouble(), u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2)); // 1.13 writes log(1 - u2), not log1p(-u2)
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
  state(): { mt: Uint32Array; mti: number; seed: number; nextDoubleNormal: number | null } {
    return { mt: new Uint32Array(this.mt), mti: this.mti, seed: this.seed_, nextDoubleNormal: this.nextDoubleNormal };
  }
}

registerPyClass(Generator, 'torch.Generator');

export const default_generator = new Generator();

/** torch.manual_seed(seed): Python's int(seed), so 3.7 seeds with 3. */
export function manual_seed(...args: [seed: number | { seed: number }]): Generator {
  const seed = MANUAL_SEED.bind(args).seed;
  if (typeof seed !== 'number' && typeof seed !== 'boolean') throw new TypeError(`int() argument must be a string, a bytes-like object or a real number, not '${pyType(seed)}'`);
  return default_generator.manual_seed(Math.trunc(Number(seed)));
}
export function initial_seed(...args: []): number { INITIAL_SEED.bind(args); return default_generator.initial_seed(); }

// The fills below reproduce the float arithmetic of 1.13's AVX2 kernels (fused multiply-adds, the
// vectorised float32 Box-Muller), so their values are PyTorch's bit for bit where libm agrees.
import { fma, fmaf } from '../kernels/fma.js';
import { normalFill16f } from '../kernels/avx_mathfun.js';

/**
 * Fills `out` with N(mean, std) exactly as PyTorch's CPU normal_ kernel orders its draws: one
 * Box-Muller pair at a time below 16 elements, else all uniforms first, then 16 at a time.
 * (A non-contiguous tensor takes the pairwise path at any size: see ops/random.ts.)
 */
export function fillNormal(out: Float32Array | Float64Array, mean: number, std: number, isFloat: boolean, gen: Generator = default_generator): void {
  const n = out.length;
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = fma(gen.normalDouble(), std, mean);
    return;
  }
  const uni = isFloat ? () => gen.uniformFloat() : () => gen.uniformDouble();
  const fill16 = isFloat ? normalFill16f : normal16;
  const m = isFloat ? Math.fround(mean) : mean, s = isFloat ? Math.fround(std) : std;
  for (let i = 0; i < n; i++) out[i] = uni();
  for (let i = 0; i + 16 <= n; i += 16) fill16(out, i, m, s);
  if (n % 16 !== 0) {
    // PyTorch redraws and recomputes the last 16 values
    for (let i = n - 16; i < n; i++) out[i] = uni();
    fill16(out, n - 16, m, s);
  }
}
/** normal_fill_16<double>: libm's log, cos and sin (V8's may differ from glibc's in the last bit). */
function normal16(d: Float32Array | Float64Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - d[at + j], u2 = d[at + j + 8];
    const radius = Math.sqrt(-2 * Math.log(u1)), theta = 2 * Math.PI * u2;
    d[at + j] = fma(radius * Math.cos(theta), std, mean);
    d[at + j + 8] = fma(radius * Math.sin(theta), std, mean);
  }
}
/** U(from, to): `u * (to - from) + from` in the tensor's float type, fused (see above). */
export function fillUniform(out: Float32Array | Float64Array, from: number, to: number, isFloat: boolean, gen: Generator = default_generator): void {
  if (isFloat) {
    const lo = Math.fround(from), range = Math.fround(Math.fround(to) - lo);
    for (let i = 0; i < out.length; i++) out[i] = fmaf(gen.uniformFloat(), range, lo);
  } else {
    const range = to - from;
    for (let i = 0; i < out.length; i++) out[i] = fma(gen.uniformDouble(), range, from);
  }
}
/** Integers in [low, high) as PyTorch's random_from_to: one 32-bit draw modulo the range. */
export function fillRandint(out: Float32Array | Float64Array, low: number, high: number, gen: Generator = default_generator): void {
  for (let i = 0; i < out.length; i++) out[i] = randomFromTo(gen, high - low, low);
}
/**
 * uniform_int_from_to_distribution: one 32-bit draw modulo the range, or a 64-bit draw (two
 * 32-bit ones, high first) when the range reaches 2^32 (a bigint range is exact beyond 2^53).
 */
export function randomFromTo(gen: Generator, range: number | bigint, base: number): number {
  if (range >= 2 ** 32) {
    const hi = gen.random(), lo = gen.random();
    return Number((BigInt(hi) << 32n | BigInt(lo)) % BigInt(range) + BigInt(base));
  }
  return (gen.random() % Number(range)) + base;
}
/** torch.randperm(n): PyTorch's CPU Fisher-Yates with one 32-bit draw per swap. */
export function randpermInto(out: Float32Array | Float64Array, gen: Generator = default_generator): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const t = out[i]; out[i] = out[z + i]; out[z + i] = t;
  }
}
