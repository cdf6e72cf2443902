// Python's `random` module as the char-RNN tutorial uses it (random.seed(int), random.shuffle), on
// CPython's MT19937 with its init_by_array seeding, so a port shuffles exactly as the tutorial does
// for the same seed; and numpy.array_split's section sizes.
import { ValueError } from '../tensor/errors.js';

const N = 624, M = 397;

export class PyRandom {
  private mt = new Uint32Array(N);
  private mti = N + 1;

  constructor(seed = 0) { this.seed(seed); }

  private init_genrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
    this.mti = N;
  }

  /** random.seed(a) for an int a: init_by_array on |a|'s 32-bit words, least significant first. */
  seed(a: number | bigint): void {
    let n = BigInt(a);
    if (n < 0n) n = -n;
    const key: number[] = [];
    do { key.push(Number(n & 0xffffffffn)); n >>= 32n; } while (n > 0n);
    this.init_genrand(19650218);
    const mt = this.mt;
    let i = 1, j = 0;
    for (let k = Math.max(N, key.length); k; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) + key[j] + j) >>> 0;
      i++; j++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
    this.mti = N;
  }

  /** genrand_uint32. */
  private next(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      let kk = 0;
      const mix = (a: number, b: number, c: number): number => {
        const y = (a & 0x80000000) | (b & 0x7fffffff);
        return c ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      };
      for (; kk < N - M; kk++) mt[kk] = mix(mt[kk], mt[kk + 1], mt[kk + M]);
      for (; kk < N - 1; kk++) mt[kk] = mix(mt[kk], mt[kk + 1], mt[kk + M - N]);
      mt[N - 1] = mix(mt[N - 1], mt[0], mt[M - 1]);
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** getrandbits(k) for 0 < k <= 32. */
  getrandbits(k: number): number { return this.next() >>> (32 - k); }

  /** _randbelow(n): getrandbits(n.bit_length()) until below n. */
  randbelow(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** random.shuffle(x), in place. */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      [x[i], x[j]] = [x[j], x[i]];
    }
  }
}

/** numpy.array_split(x, sections): the first len % sections parts one longer. */
export function array_split<T>(x: readonly T[], sections: number): T[][] {
  if (sections <= 0) throw new ValueError('number sections must be larger than 0.');
  const each = Math.floor(x.length / sections), extras = x.length % sections;
  const out: T[][] = [];
  let start = 0;
  for (let s = 0; s < sections; s++) {
    const len = each + (s < extras ? 1 : 0);
    out.push(x.slice(start, start + len));
    start += len;
  }
  return out;
}
