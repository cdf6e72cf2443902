// d += a^T @ b for a column a (M) and a row b (N), d M x N row-major: the weight gradient of a
// one-row linear (dY^T @ X) added into the weight's .grad in one pass. Each added element is the
// one gemmRef writes for that product (K = 1: the float64 product, exact, summed onto +0 and
// rounded once; a[i] = 0 a skipped term, so +0), then added as addInto adds: the bits of the
// product written out and then added. outerAddFast (fast_small.ts) is the WebAssembly SIMD twin.
type F = Float32Array | Float64Array;

export function outerAddRef(d: F, a: F, b: F, M: number, N: number): void {
  if (d instanceof Float32Array) { outerAdd32(d, a, b, M, N); return; }
  for (let i = 0; i < M; i++) {
    const av = a[i], o = i * N;
    if (av === 0) { for (let j = 0; j < N; j++) d[o + j] += 0; continue; }
    for (let j = 0; j < N; j++) d[o + j] += 0 + av * b[j];
  }
}

function outerAdd32(d: Float32Array, a: F, b: F, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const av = a[i], o = i * N;
    if (av === 0) { for (let j = 0; j < N; j++) d[o + j] += 0; continue; }
    for (let j = 0; j < N; j++) d[o + j] += Math.fround(0 + av * b[j]);
  }
}
