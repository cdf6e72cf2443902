// Node: lets the storage allocator ask for a full garbage collection when storage that only a
// collection can free piles up (kernels/wasm_runtime.ts, setCollector), and gives it a
// FinalizationRegistry whose cleanupSome runs the finalizers of what a collection found dead right
// away, so that even a loop that never yields to the event loop reuses those blocks. Both come
// from a fresh context with V8's --expose-gc and --harmony-weak-refs-with-cleanup-some (flags take
// effect for contexts created after them; the main context keeps its globals). Where the flag is
// gone (newer V8), finalizers run with the next task as before. TORCHLET_COLLECT=0 leaves
// collections to V8 alone.
import { setFlagsFromString } from 'node:v8';
import { createContext, runInContext } from 'node:vm';
import { setCollector } from '../kernels/wasm_runtime.js';

function install(): void {
  try {
    setFlagsFromString('--expose-gc');
    setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const ctx = createContext({});
    const gc = runInContext('gc', ctx) as unknown;
    const FR = runInContext('FinalizationRegistry', ctx) as typeof FinalizationRegistry & { prototype: { cleanupSome?: unknown } };
    if (typeof gc !== 'function') return;
    setCollector(gc as () => void, typeof FR.prototype.cleanupSome === 'function' ? FR : undefined);
  } catch {
    /* no collections on request: V8 collects on its own */
  }
}

if (process.env.TORCHLET_COLLECT !== '0') install();
