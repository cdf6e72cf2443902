// The job protocol shared by the main thread (wasm_runtime.ts) and worker threads (node/worker.ts):
// a batch of calls to WebAssembly exports, written into a table in the shared memory, that every
// thread claims one at a time with a compare-and-swap until none is left. Plain JavaScript and
// Atomics only, so it runs in any worker (Node's worker_threads or a browser's Worker).
//
// Control block (Int32 slots at byte address `ctrl`):
//   GEN   bumped once per published batch; idle workers Atomics.wait on it
//   WORD  (njobs << 16) | next: the batch size and the next unclaimed job, in one word so a claim
//         can never pair one batch's job index with another batch's size
//   DONE  jobs finished in the current batch
//   FAIL  set when a job threw in a worker (the main thread rethrows)
//   TABLE byte address of the job table
// Job j: Float64 slots at TABLE + j*JOB_BYTES: [function id, argument count, arguments...]; the
// claim loop passes all MAX_ARGS argument slots (callJob), so the count is for readers only.

export const GEN = 0, WORD = 1, DONE = 2, FAIL = 3, TABLE = 4;
export const CTRL_BYTES = 64;
export const JOB_SLOTS = 16, JOB_BYTES = JOB_SLOTS * 8, MAX_ARGS = JOB_SLOTS - 2, MAX_JOBS = 4096;

/** The names of a module's function exports, in export order: a name's position is the index
 * part of its function id. */
export function functionExports(module: WebAssembly.Module): string[] {
  return WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
}
/** A module's function exports, in the order of functionExports. */
export function functionTable(instance: WebAssembly.Instance, module: WebAssembly.Module): WasmFn[] {
  const ex = instance.exports as Record<string, unknown>;
  return functionExports(module).map((name) => ex[name] as WasmFn);
}

export type WasmFn = (...a: number[]) => unknown;
/** Function tables by module id: fid = module id * 256 + index resolves to tables[fid >> 8][fid & 255]. */
export type FnTables = (WasmFn[] | undefined)[];

/**
 * Calls a kernel export with the arguments at f64[b], f64[b + 1], ...: always MAX_ARGS of them
 * (a WebAssembly export ignores arguments beyond its own), so this one call site stays
 * monomorphic and small. (A spread call over a fresh array per job made the claim loop, and
 * everything it was inlined into, one of the biggest functions V8 optimises here; its compiles,
 * 10-20 ms each on the second core, and its recompiles after deoptimisations slowed the kernels
 * they ran beside.)
 */
function callJob(fn: WasmFn, f64: Float64Array, b: number): void {
  fn(f64[b], f64[b + 1], f64[b + 2], f64[b + 3], f64[b + 4], f64[b + 5], f64[b + 6],
    f64[b + 7], f64[b + 8], f64[b + 9], f64[b + 10], f64[b + 11], f64[b + 12], f64[b + 13]);
}

/**
 * Claims and runs jobs of the current batch until none is left. Returns false if a job threw
 * (after counting it done, so nobody waits forever).
 */
export function runClaims(i32: Int32Array, f64: Float64Array, ctrl: number, tables: FnTables): boolean {
  const c = ctrl >> 2;
  let ok = true;
  for (;;) {
    const w = Atomics.load(i32, c + WORD);
    const next = w & 0xffff, n = w >>> 16;
    if (next >= n) return ok;
    if (Atomics.compareExchange(i32, c + WORD, w, w + 1) !== w) continue;
    const rec = ((Atomics.load(i32, c + TABLE) >>> 0) + next * JOB_BYTES) / 8;
    const fid = f64[rec] | 0, fn = tables[fid >> 8]?.[fid & 255];
    try {
      if (!fn) throw new Error(`wasm job: unknown function ${fid}`);
      callJob(fn, f64, rec + 2);
    } catch {
      ok = false;
      Atomics.store(i32, c + FAIL, 1);
    }
    // the last job of the batch wakes a caller that went to sleep waiting for it
    if (Atomics.add(i32, c + DONE, 1) + 1 === n) Atomics.notify(i32, c + DONE);
  }
}

/**
 * A worker's life: wait for a batch, take pending messages (module registrations), run claims.
 * `poll` returns messages that arrived since the last call (synchronously).
 */
export function workerLoop(memory: WebAssembly.Memory, ctrl: number, poll: () => unknown[], spinMs = 0.25): never {
  const tables: FnTables = [];
  const take = (): void => {
    for (const m of poll()) {
      const msg = m as { type?: string; id?: number; module?: WebAssembly.Module };
      if (msg.type !== 'module' || msg.module === undefined || msg.id === undefined) continue;
      const inst = new WebAssembly.Instance(msg.module, { env: { memory, abort: () => { throw new Error('wasm abort'); } } });
      tables[msg.id] = functionTable(inst, msg.module);
    }
  };
  let i32 = new Int32Array(memory.buffer), f64 = new Float64Array(memory.buffer);
  let seen = Atomics.load(i32, (ctrl >> 2) + GEN);
  for (;;) {
    seen = nextBatch(i32, ctrl, seen, spinMs);
    if (i32.buffer.byteLength !== memory.buffer.byteLength) { i32 = new Int32Array(memory.buffer); f64 = new Float64Array(memory.buffer); }
    take();
    runClaims(i32, f64, ctrl, tables);
  }
}

/**
 * Waits until GEN differs from `seen` and returns it: spins a little before sleeping, since a
 * forward and its backward come back to back and waking a sleeping thread costs more than the
 * spin. The spin is a function of its own with no call that runs only at the end: V8 optimises
 * a hot loop by compiling the function around it (on-stack replacement), and a call it has never
 * seen run (the Atomics.wait after the spin) made that code deoptimise at every batch.
 */
function nextBatch(i32: Int32Array, ctrl: number, seen: number, spinMs: number): number {
  const g = (ctrl >> 2) + GEN;
  if (spinWhile(i32, g, seen, spinMs)) Atomics.wait(i32, g, seen);
  return Atomics.load(i32, g);
}

/** Spins while i32[at] === v, for at most about `ms` milliseconds; true if it still is. */
export function spinWhile(i32: Int32Array, at: number, v: number, ms: number): boolean {
  for (const t0 = performance.now(); ;) {
    for (let k = 0; k < 512; k++) if (Atomics.load(i32, at) !== v) return false;
    if (performance.now() - t0 > ms) return true;
  }
}
