// Evaluated right after the kernels' runtime (second import of the Node entries): makes sure the
// kernel modules are installed (the runtime reads them itself where Node has
// process.getBuiltinModule; older Node 20 releases read them here, from dist/kernels/wasm/), then
// compiles every kernel module while features.ts's compile flags hold (optimizing compiler, no lazy
// compilation), and restores V8's defaults for whatever else the process compiles.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { available, compileModules, installFromFiles } from '../kernels/wasm_runtime.js';
import { compileFlags } from './features.js';

try {
  if (!available()) installFromFiles((file) => readFileSync(new URL(`../kernels/wasm/${file}`, import.meta.url)));
  compileModules();
} finally {
  for (const [, restore] of compileFlags.splice(0)) setFlagsFromString(restore);
}
