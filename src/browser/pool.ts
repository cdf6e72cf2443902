// The browser's worker pool: on a cross-origin-isolated page (SharedArrayBuffer, hence a shared
// WebAssembly memory), Web Workers run the same kernel job loop as Node's worker threads
// (kernels/wasm_jobs.ts) on the same memory, so a job gives the same bits at any thread count.
// navigator.hardwareConcurrency threads in all (the page's own included), as Node uses its
// availableParallelism(); torch.set_num_threads changes it. Workers start on the first job big
// enough to split, and take part as soon as they have booted; until then the page's thread runs
// every job itself. On a page without isolation nothing here starts: one thread, WebAssembly SIMD.
import { attachWorkers, compileModules, controlBlock, moduleTable, setThreadPool, sharedMemory, wasmMemory } from '../kernels/wasm_runtime.js';
import { WORKER_SOURCE } from './worker_source.js';

let workers: Worker[] = [];
let ready = 0;
let scriptURL: string | null = null;

/** Threads to use when none was set: the browser's hardwareConcurrency (at least 1). */
export function defaultThreads(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Number.isInteger(n) && n! >= 1 ? n! : 1;
}

/** Starts workers so that `threads` threads (the page's included) run the kernels. */
export function startWorkers(threads = defaultThreads()): number {
  stopWorkers();
  const memory = wasmMemory();
  if (!sharedMemory() || !memory || threads < 2 || typeof Worker !== 'function') return 0;
  compileModules(); // every module goes to the workers in their first message
  const modules = moduleTable();
  // registrations of modules instantiated later could not reach a worker blocked in its loop; all are in `modules`
  const epoch = attachWorkers(threads - 1, null);
  scriptURL ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  for (let i = 0; i < threads - 1; i++) {
    const w = new Worker(scriptURL, { name: `torchlet kernels ${i + 1}` });
    w.onmessage = (e: MessageEvent<{ type?: string }>) => { if (e.data?.type === 'ready' && workers.includes(w)) ready++; };
    w.postMessage({ memory, ctrl: controlBlock(), epoch, modules });
    workers.push(w);
  }
  return workers.length;
}

/** Stops the workers: each leaves its loop (and closes) once it has finished any job it holds. */
export function stopWorkers(): void {
  if (!workers.length) return;
  attachWorkers(0, null);
  workers = [];
  ready = 0;
}

/** Workers that have booted and take part in jobs (the page's thread not counted). */
export function readyWorkers(): number { return ready; }

if (globalThis.crossOriginIsolated === true && typeof Worker === 'function')
  setThreadPool({ start: startWorkers, stop: stopWorkers, defaultThreads });
