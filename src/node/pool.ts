// Node-only: the worker threads that share the wasm kernels' memory (kernels/wasm_runtime.ts).
// Importing this module registers a spawner: workers start on the first job big enough to split
// (availableParallelism() - 1 of them, or torch.set_num_threads(n) - 1), never keep the process alive, and join
// batches as soon as they are up. TORCHLET_NUM_THREADS=1 keeps everything on the main thread.
import './features.js'; // first: before the kernels load, whoever imports this module first (the CLI does)
import './compiled.js';
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { attachWorkers, controlBlock, setThreadPool, sharedMemory, wasmMemory } from '../kernels/wasm_runtime.js';

let workers: Worker[] = [];
let ports: MessagePort[] = [];
let delayMs = 0;

/**
 * Test hook: workers started from now on see each module registration `ms` milliseconds after it
 * reaches them, so that they meet jobs of modules whose registration is still on its way (the race
 * wasm_jobs.ts handles). 0 turns it off.
 */
export function delayRegistrations(ms: number): void { delayMs = ms; }

/** Total threads to use (main included): TORCHLET_NUM_THREADS, else the machine's parallelism. */
export function defaultThreads(): number {
  const env = Number(process.env.TORCHLET_NUM_THREADS);
  return Number.isInteger(env) && env >= 1 ? env : availableParallelism();
}

/** The process's Node flags less --input-type, which a worker refuses (`node --input-type=module -e
 * ...` would otherwise start workers that die at once, leaving every job to the main thread). */
function workerExecArgv(): string[] {
  const out: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const a = process.execArgv[i];
    if (a === '--input-type') i++;
    else if (!a.startsWith('--input-type=')) out.push(a);
  }
  return out;
}

/** Starts workers now so that `threads` threads (main included) run the kernels. */
export function startWorkers(threads = defaultThreads()): number {
  stopWorkers();
  const memory = wasmMemory();
  if (!sharedMemory() || !memory || threads < 2) return 0;
  // registrations go to the ports of this pool, which are all in place before the first job
  const epoch = attachWorkers(threads - 1, (id, module) => { for (const p of ports) p.postMessage({ type: 'module', id, module }); });
  for (let i = 0; i < threads - 1; i++) {
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { memory, ctrl: controlBlock(), epoch, port: port2, delayMs },
      transferList: [port2],
      execArgv: workerExecArgv(),
    });
    w.unref();
    port1.unref();
    w.on('error', () => { /* a worker that dies leaves its jobs to the others */ });
    workers.push(w);
    ports.push(port1);
  }
  return workers.length;
}

/**
 * Stops the workers; kernels run on the main thread until started again. Each worker ends once it
 * has finished any job it holds (terminating one could lose a job that a caller waits for).
 */
export function stopWorkers(): void {
  if (!workers.length) return;
  attachWorkers(0, null);
  for (const p of ports) p.close();
  workers = [];
  ports = [];
}

/** Threads set up right now (main included). */
export function threadCount(): number { return workers.length + 1; }

// torch.set_num_threads / get_num_threads go through the runtime, which starts this pool lazily
setThreadPool({ start: startWorkers, stop: stopWorkers, defaultThreads });
