// torch.backends.wasm (which kernels run: WebAssembly SIMD, relaxed SIMD, threads over shared
// memory) and torch.get_num_threads / set_num_threads, in Node and the browser.
import { available, numThreads, relaxedSimd, setNumThreads, sharedMemory, threads, wasmLiveBytes, wasmMemory } from './kernels/wasm_runtime.js';
import { loadKernels, type WasmSource } from './kernels/wasm_load.js';
import { noArgs, oneArg } from './tensor/args.js';
import { pyType } from './tensor/args_core.js';
import { RuntimeError } from './tensor/errors.js';

export const backends = {
  wasm: {
    /** Whether the kernels run in WebAssembly SIMD (false: the TypeScript reference kernels). */
    get simd(): boolean { return available(); },
    /** Whether they run the relaxed-SIMD builds (fused multiply-add). */
    get relaxed_simd(): boolean { return relaxedSimd(); },
    /** Whether their memory is shared, so that worker threads can take part (Node; a cross-origin-isolated page). */
    get threads(): boolean { return sharedMemory(); },
    /** Worker threads taking part in kernel jobs now, the caller's thread included (they start with the first big job). */
    get running_threads(): number { return threads(); },
    /** The kernels' WebAssembly memory: its size in bytes, and the bytes its live blocks (storage, scratch) hold. */
    get memory_bytes(): number { return wasmMemory()?.buffer.byteLength ?? 0; },
    get live_bytes(): number { return wasmLiveBytes(); },
    /** Loads the kernel modules from `source` (a folder URL, a function from file name to bytes or URL, or an object of bytes) where they were not loaded. */
    load(source?: WasmSource): Promise<boolean> { return loadKernels(source); },
    is_available(...args: []): boolean { noArgs('torch.backends.wasm.is_available', args); return available(); },
  },
};

/** torch.get_num_threads(): the threads the kernels split work over. */
export function get_num_threads(...args: []): number {
  noArgs('torch.get_num_threads', args);
  return numThreads();
}

/** torch.set_num_threads(n): the threads the kernels split work over, from now on. */
export function set_num_threads(...args: [n: number]): void {
  const n = oneArg('torch.set_num_threads', args);
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new RuntimeError(`set_num_threads expects an int, but got ${pyType(n)}`);
  if (n <= 0) throw new RuntimeError('set_num_threads expects a positive integer');
  setNumThreads(n);
}
