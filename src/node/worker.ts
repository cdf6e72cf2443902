// Node-only worker thread body (started by pool.ts): runs wasm kernel jobs on the shared memory.
import { workerData, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { workerLoop } from '../kernels/wasm_jobs.js';

const { memory, ctrl, epoch, port, delayMs } = workerData as { memory: WebAssembly.Memory; ctrl: number; epoch: number; port: MessagePort; delayMs: number };
// messages received, each with the time from which the loop may see it (delayMs: a test hook, see
// pool.ts delayRegistrations)
const held: [unknown, number][] = [];
workerLoop(memory, ctrl, epoch, () => {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) held.push([m.message, delayMs > 0 ? performance.now() + delayMs : 0]);
  let k = 0;
  if (delayMs > 0) { const now = performance.now(); while (k < held.length && held[k][1] <= now) k++; } else k = held.length;
  return held.splice(0, k).map(([msg]) => msg);
});
port.close(); // the pool was stopped: the thread ends
