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

/** The state's next 624 words, in place (random.ts Generator.twist). */
function twist(mt: usize): void {
  for (let i = 0; i < N; i++) {
    const a = load<u32>(mt + (<usize>i << 2)), b = load<u32>(mt + (<usize>(i + 1 < N ? i + 1 : 0) << 2));
    const y = (a & 0x80000000) | (b & 0x7fffffff);
    const j = i + M < N ? i + M : i + M - N;
    store<u32>(mt + (<usize>i << 2), load<u32>(mt + (<usize>j << 2)) ^ (y >> 1) ^ ((0 - (y & 1)) & 0x9908b0df));
  }
}

/**
 * keep[k] = 1 if a 53-bit uniform (two 32-bit draws, high word first, as at::uniform_real_distribution
 * <double>) is below q, else 0, for k in [0, n), from the 624-word state at mt whose next word is
 * mti (624: twist first). Returns the new mti; the state is advanced in place.
 */
export function bernoulliKeep(mt: usize, mti: i32, keep: usize, n: i32, q: f64): i32 {
  let t = mti;
  for (let k = 0; k < n; k++) {
    if (t >= N) { twist(mt); t = 0; }
    const hi = temper(load<u32>(mt + (<usize>t << 2)));
    t++;
    if (t >= N) { twist(mt); t = 0; }
    const lo = temper(load<u32>(mt + (<usize>t << 2)));
    t++;
    const u = (<f64>(hi & 0x1fffff) * 4294967296.0 + <f64>lo) * 1.1102230246251565e-16; // 2^-53
    store<u8>(keep + <usize>k, u < q ? 1 : 0);
  }
  return t;
}
