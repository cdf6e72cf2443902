// The job protocol shared by the main thread (wasm_runtime.ts) and worker threads (node/worker.ts):
// a batch of calls to WebAssembly exports, written into a table in the shared memory, that every
// thread claims one at a time with a compare-and-swap until none is left. Plain JavaScript and
// Atomics only, so it runs in any worker (Node's worker_threads or a browser's Worker).
//
// Control block (Int32 slots at byte address `ctrl`, CTRL_BYTES long):
//   GEN    bumped once per published batch; idle workers Atomics.wait on it
//   WORD   (epoch mod 8) << 29 | njobs << 16 | next: the pool's epoch (below), the batch size and
//          the next unclaimed job, in one word so a claim can never pair one batch's job index
//          with another batch's size, nor a worker of a stopped pool take a job of the next pool
//   DONE   jobs finished in the current batch
//   FAIL   set by the first job of the batch that throws, in any thread; its error's name and
//          message follow the slots (MSGLEN UTF-16 code units at MSG_AT), for the caller to report
//   TABLE  byte address of the job table
//   MODS   bit m set once module m's registration has been sent to the workers
//   WAITS  how many times a worker waited for a registration that was on its way (for tests)
//   EPOCH  the pool's generation: a worker started for another one leaves its loop (a pool is
//          stopped by letting its workers finish what they claimed, never by killing one that
//          may hold a job the caller waits for)
// Job j: Float64 slots at TABLE + j*JOB_BYTES: [function id, argument count, arguments...]; the
// claim loop passes all MAX_ARGS argument slots (callJob), so the count is for readers only.
//
// A worker may meet a job of a module it has not instantiated yet: registrations travel as
// messages, and a worker that read its messages for one batch goes on claiming jobs as long as
// there are any, which may be jobs of the next batch, one that uses a module sent after that read.
// It then waits for the registration (MODS says it was sent) rather than fail the job. Likewise the
// table of such a batch may lie in memory grown since the thread made its views: they are renewed
// before it is read.

export const GEN = 0, WORD = 1, DONE = 2, FAIL = 3, TABLE = 4, MODS = 5, WAITS = 6, MSGLEN = 7, EPOCH = 8;
export const CTRL_BYTES = 512;
const MSG_AT = 64, MSG_CHARS = (CTRL_BYTES - MSG_AT) >> 1;
export const JOB_SLOTS = 16, JOB_BYTES = JOB_SLOTS * 8, MAX_ARGS = JOB_SLOTS - 2, MAX_JOBS = 4096;
/** How long a worker waits for a registration that was sent before it fails the job. */
const REGISTRATION_WAIT_MS = 10000;

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

/** What a thread claims jobs with: its views of the shared memory and its function tables. */
export interface Claimer {
  memory: WebAssembly.Memory;
  ctrl: number;
  i32: Int32Array;
  f64: Float64Array;
  tables: FnTables;
  /** The epoch of the pool this thread serves: it claims jobs of that pool's batches only. */
  epoch: number;
  /** Makes module `id`'s table available if its registration is on its way; false if it never will be. */
  resolve(id: number): boolean;
}

/**
 * Claims and runs jobs of the current batch until none is left. Returns the first error a job
 * threw here (after counting the job done, so nobody waits forever), else null.
 */
export function runClaims(cl: Claimer): unknown {
  const c = cl.ctrl >> 2, i32 = cl.i32;
  let err: unknown = null;
  for (;;) {
    const w = Atomics.load(i32, c + WORD);
    const next = w & 0xffff, n = (w >>> 16) & 0x1fff;
    if (next >= n || w >>> 29 !== (cl.epoch & 7)) return err;
    if (Atomics.compareExchange(i32, c + WORD, w, w + 1) !== w) continue;
    const rec = ((Atomics.load(i32, c + TABLE) >>> 0) + next * JOB_BYTES) / 8;
    if (rec + JOB_SLOTS > cl.f64.length) renewViews(cl);
    const f64 = cl.f64, fid = f64[rec] | 0;
    try {
      callJob(cl.tables[fid >> 8]?.[fid & 255] ?? missing(cl, fid), f64, rec + 2);
    } catch (e) {
      if (err === null) err = e;
      recordFailure(cl, e);
    }
    // the last job of the batch wakes a caller that went to sleep waiting for it
    if (Atomics.add(i32, c + DONE, 1) + 1 === n) Atomics.notify(i32, c + DONE);
  }
}

/** Views over the memory as it is now (it may have grown since they were made). */
export function renewViews(cl: Claimer): void {
  const b = cl.memory.buffer;
  cl.i32 = new Int32Array(b); cl.f64 = new Float64Array(b);
}

/** The function of id `fid` once its module's registration has come; throws if it will not. */
function missing(cl: Claimer, fid: number): WasmFn {
  const id = fid >> 8, fn = cl.resolve(id) ? cl.tables[id]?.[fid & 255] : undefined;
  if (fn) return fn;
  const sent = (Atomics.load(cl.i32, (cl.ctrl >> 2) + MODS) >>> id) & 1;
  throw new Error(`wasm job: unknown function ${fid} (module ${id} ${sent ? `sent but not received within ${REGISTRATION_WAIT_MS} ms` : 'never registered'})`);
}

/** Keeps the batch's first failure in the control block, for the caller to report. */
function recordFailure(cl: Claimer, e: unknown): void {
  const c = cl.ctrl >> 2;
  if (Atomics.compareExchange(cl.i32, c + FAIL, 0, 1) !== 0) return;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const u16 = new Uint16Array(cl.i32.buffer, cl.ctrl + MSG_AT, MSG_CHARS), k = Math.min(text.length, MSG_CHARS);
  for (let i = 0; i < k; i++) u16[i] = text.charCodeAt(i);
  Atomics.store(cl.i32, c + MSGLEN, k);
}

/** The current batch's failure: the error text of its first job that threw, or null if none did. */
export function batchFailure(i32: Int32Array, ctrl: number): string | null {
  const c = ctrl >> 2;
  if (Atomics.load(i32, c + FAIL) === 0) return null;
  return String.fromCharCode(...new Uint16Array(i32.buffer, ctrl + MSG_AT, Atomics.load(i32, c + MSGLEN)));
}

/**
 * A worker's life: wait for a batch, take pending messages (module registrations), run claims;
 * returns once the pool's epoch is no longer `epoch`. `poll` returns messages that arrived since
 * the last call (synchronously).
 */
export function workerLoop(memory: WebAssembly.Memory, ctrl: number, epoch: number, poll: () => unknown[], spinMs = 0.25): void {
  const tables: FnTables = [];
  const take = (): void => {
    for (const m of poll()) {
      const msg = m as { type?: string; id?: number; module?: WebAssembly.Module };
      if (msg.type !== 'module' || msg.module === undefined || msg.id === undefined) continue;
      const inst = new WebAssembly.Instance(msg.module, { env: { memory, abort: () => { throw new Error('wasm abort'); } } });
      tables[msg.id] = functionTable(inst, msg.module);
    }
  };
  const c = ctrl >> 2;
  const cl: Claimer = {
    memory, ctrl, tables, epoch, i32: new Int32Array(0), f64: new Float64Array(0),
    resolve(id) {
      const until = performance.now() + REGISTRATION_WAIT_MS;
      for (let waited = false; ; waited = true) {
        take();
        if (tables[id]) { if (waited) Atomics.add(cl.i32, c + WAITS, 1); return true; }
        const sent = Atomics.load(cl.i32, c + MODS);
        if (!((sent >>> id) & 1) || performance.now() > until) return false;
        Atomics.wait(cl.i32, c + MODS, sent, 0.05); // a short sleep: nobody notifies this slot
      }
    },
  };
  renewViews(cl);
  for (let seen = Atomics.load(cl.i32, c + GEN); Atomics.load(cl.i32, c + EPOCH) === epoch;) {
    seen = nextBatch(cl.i32, ctrl, seen, spinMs);
    if (Atomics.load(cl.i32, c + EPOCH) !== epoch) return;
    if (cl.i32.buffer.byteLength !== memory.buffer.byteLength) renewViews(cl);
    take();
    runClaims(cl);
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
