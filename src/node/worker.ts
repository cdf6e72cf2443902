// Node-only worker thread body (started by pool.ts): runs wasm kernel jobs on the shared memory.
import { workerData, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { workerLoop } from '../kernels/wasm_jobs.js';

const { memory, ctrl, port } = workerData as { memory: WebAssembly.Memory; ctrl: number; port: MessagePort };
workerLoop(memory, ctrl, () => {
  const out: unknown[] = [];
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) out.push(m.message);
  return out;
});
