// Giving the event loop back between batches of a training loop that runs on a page's main
// thread: the page paints and takes input, and the FinalizationRegistry callbacks that free the
// storage of dropped tensors (kernels/wasm_runtime.ts) run, so memory stays bounded over an epoch.
// A macrotask, not a microtask (`await null` lets neither happen): a MessageChannel message in
// browsers (setTimeout(0) is clamped to 4 ms after a few nested calls), setImmediate under Node.

let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/** Resolves in a new task of the event loop, after whatever the host had queued. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => { g.setImmediate!(resolve); });
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((resolve) => { waiting.push(resolve); channel!.port2.postMessage(null); });
}
