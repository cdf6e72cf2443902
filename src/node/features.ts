// Evaluated before the kernels load (first import of the Node entries): Node 20's V8 (11.3) has
// WebAssembly relaxed SIMD, which V8 ships enabled from 11.4 (Chrome 114, Node 22), behind
// --experimental-wasm-relaxed-simd. Turning it on lets the kernels load their relaxed-SIMD builds,
// whose multiply-adds are fused (FMA) on CPUs that have it: about 1.3x on exp-bound loss kernels
// and the matrix products. TORCHLET_RELAXED_SIMD=0 leaves the flag alone (plain SIMD builds).
import { setFlagsFromString } from 'node:v8';
import { engineHasRelaxedSimd } from '../kernels/relaxed_probe.js';

if (process.env.TORCHLET_RELAXED_SIMD !== '0' && !engineHasRelaxedSimd()) {
  try { setFlagsFromString('--experimental-wasm-relaxed-simd'); } catch { /* the plain builds run */ }
}
