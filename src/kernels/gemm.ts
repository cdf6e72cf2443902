// Reference matrix product: C[M,N] (+)= op(A) @ op(B), with op = transpose when the flag is set.
// Plain loops in i-k-j order (the inner loop streams rows of B and C). A faster kernel may replace
// it behind the same signature.
export type F = Float32Array | Float64Array;

export function gemmRef(
  a: F, b: F, c: F, M: number, K: number, N: number,
  transA = false, transB = false, accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, M * N);
  const row = new Float64Array(N);
  for (let i = 0; i < M; i++) {
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const av = transA ? a[k * M + i] : a[i * K + k];
      if (av === 0) continue;
      if (transB) for (let j = 0; j < N; j++) row[j] += av * b[j * K + k];
      else { const off = k * N; for (let j = 0; j < N; j++) row[j] += av * b[off + j]; }
    }
    const off = i * N;
    for (let j = 0; j < N; j++) c[off + j] += row[j];
  }
}
