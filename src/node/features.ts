// Evaluated before the kernels load (first import of the Node entries): Node 20's V8 (11.3) has
// WebAssembly relaxed SIMD, which V8 ships enabled from 11.4 (Chrome 114, Node 22), behind
// --experimental-wasm-relaxed-simd. Turning it on lets the kernels load their relaxed-SIMD builds,
// whose multiply-adds are fused (FMA) on CPUs that have it: about 1.3x on exp-bound loss kernels
// and the matrix products. TORCHLET_RELAXED_SIMD=0 leaves the flag alone (plain SIMD builds).
//
// It also has the kernel modules compiled by V8's optimizing compiler up front, once (about 25 ms
// at import), instead of by the baseline compiler with optimized code compiled in the background
// once a kernel is hot: on two cores those background compiles take a core from the kernels'
// own threads during the first dozens of calls (a call then ran up to 2x slower). compiled.ts
// compiles the modules and puts V8's defaults back for any other WebAssembly in the process.
// TORCHLET_WASM_TIERING=1 leaves V8's tiering alone.
import { setFlagsFromString } from 'node:v8';
import { engineHasRelaxedSimd } from '../kernels/relaxed_probe.js';

/** V8 flags set here for the kernels' compilation only; compiled.ts restores them. */
export const compileFlags: [string, string][] = [];

if (process.env.TORCHLET_RELAXED_SIMD !== '0' && !engineHasRelaxedSimd()) {
  try { setFlagsFromString('--experimental-wasm-relaxed-simd'); } catch { /* the plain builds run */ }
}

// flags the user set on the command line stay as they are
const cli = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (process.env.TORCHLET_WASM_TIERING !== '1') {
  for (const [flag, restore] of [['--no-liftoff', '--liftoff'], ['--no-wasm-lazy-compilation', '--wasm-lazy-compilation']] as const) {
    if (cli.includes(restore.slice(2))) continue; // liftoff, wasm-lazy-compilation (either sign)
    try { setFlagsFromString(flag); compileFlags.push([flag, restore]); } catch { /* V8's defaults */ }
  }
}
