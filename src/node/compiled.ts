// Evaluated right after the kernels' runtime (second import of the Node entries): compiles every
// kernel module while features.ts's compile flags hold (optimizing compiler, no lazy compilation),
// then restores V8's defaults for whatever else the process compiles.
import { setFlagsFromString } from 'node:v8';
import { compileModules } from '../kernels/wasm_runtime.js';
import { compileFlags } from './features.js';

try {
  compileModules();
} finally {
  for (const [, restore] of compileFlags.splice(0)) setFlagsFromString(restore);
}
