// A browser worker's body (bundled into worker_source.ts by tools/build-wasm.mjs, and started from
// a Blob URL by pool.ts, so that no extra file has to be served or copied by a bundler): takes the
// shared memory and every kernel module in its first message, then runs kernel jobs until its
// pool is stopped. A worker blocked in the job loop cannot receive messages, so everything it needs
// comes up front.
import { workerLoop } from '../kernels/wasm_jobs.js';

interface Start { memory: WebAssembly.Memory; ctrl: number; epoch: number; modules: { id: number; module: WebAssembly.Module }[] }
const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<Start>) => void) | null; postMessage(m: unknown): void; close(): void };

scope.onmessage = (e) => {
  scope.onmessage = null;
  const { memory, ctrl, epoch, modules } = e.data;
  const pending: unknown[] = modules.map((m) => ({ type: 'module', id: m.id, module: m.module }));
  scope.postMessage({ type: 'ready' });
  workerLoop(memory, ctrl, epoch, () => pending.splice(0));
  scope.close(); // the pool was stopped
};
