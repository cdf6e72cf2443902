// Node: lets the storage allocator ask for a full garbage collection when storage that only a
// collection can free piles up (kernels/wasm_runtime.ts, setCollector). Uses the global `gc` when
// the process runs with --expose-gc, else exposes one for a fresh context, as Node's own tooling
// does; TORCHLET_COLLECT=0 leaves collections to V8 alone.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setCollector } from '../kernels/wasm_runtime.js';

function gcFunction(): (() => void) | null {
  const g = (globalThis as { gc?: unknown }).gc;
  if (typeof g === 'function') return g as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const fn = runInNewContext('gc') as unknown;
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  }
}

if (process.env.TORCHLET_COLLECT !== '0') setCollector(gcFunction());
