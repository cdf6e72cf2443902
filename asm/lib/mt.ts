// PyTorch's CPU generator (at::mt19937) drawing dropout's keep mask in bulk, re-exported by
// asm/gemm.ts. The twin is src/tensor/random.ts (Generator.random / uniformDouble) and the loop
// `keep[i] = gen.uniformDouble() < q` of nn/functional/dropout.ts: the same state, the same draws.

const N: i32 = 624, M: i32 = 397;

// @ts-ignore: decorator
@inline function temper(v: u32): u32 {
  let y = v;
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >> 18;
  return y;
}

// @ts-ignore: decorator
@inline function mix(a: u32, b: u32, c: u32): u32 {
  const y = (a & 0x80000000) | (b & 0x7fffffff);
  return c ^ (y >> 1) ^ ((0 - (y & 1)) & 0x9908b0df);
}

// @ts-ignore: decorator
@inline function temper4(v: v128): v128 {
  let y = v;
  y = v128.xor(y, i32x4.shr_u(y, 11));
  y = v128.xor(y, v128.and(i32x4.shl(y, 7), i32x4.splat(0x9d2c5680)));
  y = v128.xor(y, v128.and(i32x4.shl(y, 15), i32x4.splat(<i32>0xefc60000)));
  return v128.xor(y, i32x4.shr_u(y, 18));
}

// @ts-ignore: decorator
@inline function mix4(a: v128, b: v128, c: v128): v128 {
  const y = v128.or(v128.and(a, i32x4.splat(<i32>0x80000000)), v128.and(b, i32x4.splat(0x7fffffff)));
  const odd = i32x4.sub(i32x4.splat(0), v128.and(y, i32x4.splat(1)));
  return v128.xor(v128.xor(c, i32x4.shr_u(y, 1)), v128.and(odd, i32x4.splat(<i32>0x9908b0df)));
}

/**
 * The state's next 624 words, in place (random.ts Generator.twist), 4 at a time: word i reads words
 * i + 1 (not yet replaced: loaded before the store) and i + M (old) or i + M - N (already new).
 */
function twist(mt: usize): void {
  let i = 0;
  for (; i + 4 <= N - M; i += 4) {
    const p = mt + (<usize>i << 2);
    v128.store(p, mix4(v128.load(p), v128.load(p, 4), v128.load(p + (<usize>M << 2))));
  }
  for (; i < N - M; i++) {
    const p = mt + (<usize>i << 2);
    store<u32>(p, mix(load<u32>(p), load<u32>(p, 4), load<u32>(p + (<usize>M << 2))));
  }
  for (; i + 4 <= N - 1; i += 4) {
    const p = mt + (<usize>i << 2);
    v128.store(p, mix4(v128.load(p), v128.load(p, 4), v128.load(p - (<usize>(N - M) << 2))));
  }
  for (; i < N - 1; i++) {
    const p = mt + (<usize>i << 2);
    store<u32>(p, mix(load<u32>(p), load<u32>(p, 4), load<u32>(p - (<usize>(N - M) << 2))));
  }
  const p = mt + (<usize>(N - 1) << 2);
  store<u32>(p, mix(load<u32>(p), load<u32>(mt), load<u32>(mt + (<usize>(M - 1) << 2))));
}

/** keep bytes (1 or 0) of 4 draws from the 8 words at p: X = (hi & (2^21 - 1)) * 2^32 + lo < qc. */
// @ts-ignore: decorator
@inline function draw4(p: usize, qc: v128): v128 {
  const m53 = i64x2.splat(0x001fffffffffffff);
  // each draw's words (hi, lo) as one 64-bit lane: hi in the upper half
  const w0 = temper4(v128.load(p)), w1 = temper4(v128.load(p, 16));
  const x0 = v128.and(i32x4.shuffle(w0, w0, 1, 0, 3, 2), m53);
  const x1 = v128.and(i32x4.shuffle(w1, w1, 1, 0, 3, 2), m53);
  const k = i32x4.shuffle(i64x2.lt_s(x0, qc), i64x2.lt_s(x1, qc), 0, 2, 4, 6);
  const b = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(k, k), i16x8.splat(0));
  return v128.and(b, i8x16.splat(1));
}

/**
 * keep[k] = 1 if a 53-bit uniform (two 32-bit draws, high word first, as at::uniform_real_distribution
 * <double>) is below q, else 0, for k in [0, n), from the 624-word state at mt whose next word is
 * mti (624: twist first). Returns the new mti; the state is advanced in place. The uniform is
 * X * 2^-53 for an integer X < 2^53, so it is below q exactly when X < ceil(q * 2^53).
 */
export function bernoulliKeep(mt: usize, mti: i32, keep: usize, n: i32, q: f64): i32 {
  const qi = <i64>Math.ceil(min(q, 2.0) * 9007199254740992.0), qc = i64x2.splat(qi);
  let t = mti, k = 0;
  while (k < n) {
    if (t >= N) { twist(mt); t = 0; }
    // whole draws left in this state: (N - t) / 2 of them
    const e = k + min((N - t) >> 1, n - k);
    for (; k + 4 <= e; k += 4, t += 8) v128.store32_lane(keep + <usize>k, draw4(mt + (<usize>t << 2), qc), 0);
    for (; k < e; k++, t += 2) {
      const p = mt + (<usize>t << 2);
      const x = (<i64>(temper(load<u32>(p)) & 0x1fffff) << 32) | <i64>temper(load<u32>(p, 4));
      store<u8>(keep + <usize>k, <u8>(x < qi));
    }
    if (k < n && t === N - 1) {
      // a draw across the twist: its high word is the state's last
      const hi = temper(load<u32>(mt + (<usize>t << 2)));
      twist(mt);
      const x = (<i64>(hi & 0x1fffff) << 32) | <i64>temper(load<u32>(mt));
      t = 1;
      store<u8>(keep + <usize>k, <u8>(x < qi));
      k++;
    }
  }
  return t;
}
