// Reference matrix product: C[M,N] (+)= op(A) @ op(B), with op = transpose when the flag is set.
// Each element is Σ_k A(i,k)·B(k,j) accumulated in float64 in k order (terms with A(i,k) = 0
// skipped), then added to C once. gemmPlain states that in plain i-k-j loops; gemmRef computes the
// same sums faster for float32 (the small products of batch-1 loops land here): one monomorphic
// loop per layout, and op(B) = B^T as dot products over contiguous rows instead of a strided
// inner loop. Every path gives gemmPlain's bits (test/gemm.test.mjs).
export type F = Float32Array | Float64Array;

export function gemmRef(
  a: F, b: F, c: F, M: number, K: number, N: number,
  transA = false, transB = false, accumulate = false,
): void {
  if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    if (!accumulate) c.fill(0, 0, M * N);
    if (transB) dots32(a, b, c, M, K, N, transA);
    else rows32(a, b, c, M, K, N, transA);
    return;
  }
  gemmPlain(a, b, c, M, K, N, transA, transB, accumulate);
}

/** The definition: i-k-j loops, a float64 row of sums per row of C. */
export function gemmPlain(
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

// C += A @ B with B row-major (k, j): the row form, streaming rows of B.
let rowBuf = new Float64Array(256);
function rows32(a: Float32Array, b: Float32Array, c: Float32Array, M: number, K: number, N: number, transA: boolean): void {
  if (rowBuf.length < N) rowBuf = new Float64Array(N);
  const row = rowBuf;
  const ars = transA ? 1 : K, acs = transA ? M : 1;
  for (let i = 0; i < M; i++) {
    row.fill(0, 0, N);
    for (let k = 0, ap = i * ars; k < K; k++, ap += acs) {
      const av = a[ap];
      if (av === 0) continue;
      for (let j = 0, off = k * N; j < N; j++) row[j] += av * b[off + j];
    }
    for (let j = 0, off = i * N; j < N; j++) c[off + j] += row[j];
  }
}

// C += A @ B^T with B stored (j, k): each element a dot product of contiguous rows, in k order.
function dots32(a: Float32Array, b: Float32Array, c: Float32Array, M: number, K: number, N: number, transA: boolean): void {
  if (transA) {
    // A's column i is strided: gather it once per row of C
    const col = new Float32Array(K);
    for (let i = 0; i < M; i++) {
      for (let k = 0; k < K; k++) col[k] = a[k * M + i];
      dotRow(col, 0, b, c, i * N, K, N);
    }
  } else for (let i = 0; i < M; i++) dotRow(a, i * K, b, c, i * N, K, N);
}
function dotRow(a: Float32Array, ao: number, b: Float32Array, c: Float32Array, co: number, K: number, N: number): void {
  for (let j = 0, bo = 0; j < N; j++, bo += K) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      const av = a[ao + k];
      if (av !== 0) s += av * b[bo + k];
    }
    c[co + j] += s;
  }
}
