// One WebAssembly.Memory for every wasm kernel module (asm/*.ts: losses, gemm, ...), the modules'
// instances on it, a block allocator over it, and the parallel job runner.
//
// - Loading: the modules are binary files beside this one (wasm/<name>.wasm, the relaxed-SIMD
//   build wasm/<name>.relaxed.wasm; only the build this engine runs is read). Under Node they are
//   read synchronously at import (process.getBuiltinModule; the Node entry also reads them for
//   Node versions without it). In a browser the package's browser entry fetches them before
//   'torchlet' finishes importing (wasm_load.ts), or the page passes their bytes or URLs.
//   Until they are installed (installModules), available() is false and the reference kernels run.
// - Memory: shared where the host has SharedArrayBuffer (Node; a cross-origin-isolated page), so
//   that worker threads can run the same modules on it. Elsewhere (a plain page) the memory is not
//   shared: the modules are compiled with their memory import made non-shared (unshareMemory), the
//   kernels still run in WebAssembly SIMD on one thread, and tensor storage stays on the JS heap
//   (a non-shared memory's buffer is replaced when it grows, which would cut storages off), so the
//   kernels copy their operands in and out through scratch, as they do for any JS-heap array.
// - Storage allocator: installed with setAllocator (tensor/dtype.ts) so tensor storages of at least
//   WASM_MIN_BYTES live in the memory and kernels run on them in place, with no copies. Smaller
//   arrays stay on the JS heap. Blocks are freed when their typed array is garbage collected
//   (FinalizationRegistry), or at once through releaseStorage. When the memory cannot grow any
//   more, storage falls back to the JS heap (kernels then stage it through scratch in blocks, or
//   use the reference code where even that scratch cannot be had).
// - Size: WebAssembly memories hold at most 4 GiB; TORCHLET_WASM_MEMORY_MB caps this one lower.
// - Threads: the memory is shared, so workers (node/pool.ts in Node, browser/pool.ts in a page)
//   run the same modules on it. runJobs publishes a batch of export calls that the main thread and
//   the workers claim one by one (wasm_jobs.ts); with no workers everything runs here, in the same
//   order per job, so results never depend on the thread count.
import { setAllocator, type Storage } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { MODULES } from './wasm_modules.js';
import { unshareMemory } from './wasm_binary.js';
import { engineHasRelaxedSimd } from './relaxed_probe.js';
import { smallArray } from './small_alloc.js'; // speed helper: cheap small JS-heap arrays
import { setGemmHost, setParallelRunner, type GemmExports, type GemmHost } from './fast_gemm.js';
import { DONE, EPOCH, FAIL, GEN, JOB_BYTES, MAX_ARGS, MAX_JOBS, MODS, MSGLEN, TABLE, WAITS, WORD, batchFailure, functionExports, functionTable, runClaims, spinWhile, type Claimer, type FnTables, type WasmFn } from './wasm_jobs.js';

const PAGE = 65536;
function envOf(): Record<string, string | undefined> | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
}
/** 4 GiB, as the modules declare, or TORCHLET_WASM_MEMORY_MB (tests use it to reach the limit). */
const MAX_PAGES = ((): number => {
  const mb = Number(envOf()?.TORCHLET_WASM_MEMORY_MB);
  return Number.isInteger(mb) && mb >= 1 && mb < 4096 ? mb * 16 : 65536;
})();
const MAX_BYTES = MAX_PAGES * PAGE;
/** 'wasm memory is limited to 4 GiB' */
export function memoryLimit(): string {
  return `wasm memory is limited to ${MAX_BYTES % 2 ** 30 === 0 ? `${MAX_BYTES / 2 ** 30} GiB` : `${MAX_BYTES / 2 ** 20} MiB`}`;
}
/** The error for scratch that the memory cannot hold, where a kernel has no other way. */
export function scratchError(bytes: number, what: string): RuntimeError {
  return new RuntimeError(`${memoryLimit()}: cannot allocate ${bytes} bytes of scratch for ${what}`);
}
/** Storages smaller than this stay on the JS heap. */
export const WASM_MIN_BYTES = 1 << 16;
/** Statics and the control block live below this address; the allocator hands out the rest. */
const HEAP_BASE = 1 << 16;
const ALIGN = 64;

type Fn = WasmFn;
/** A module instantiated on the shared memory; `index` maps export names to their index in `fns`. */
interface Mod { id: number; module: WebAssembly.Module; instance: WebAssembly.Instance; fns: Fn[]; index: Map<string, number> }

let memory: WebAssembly.Memory | null = null;
/** Whether the memory is shared (threads possible, storage may live in it). */
let shared = false;
/** The compiled modules, once installed. */
const compiled = new Map<string, WebAssembly.Module>();
const mods = new Map<string, Mod>();
/** The modules' function tables by id, for runClaims. */
const tables: FnTables = [];
function relaxedAvailable(): boolean {
  return envOf()?.TORCHLET_RELAXED_SIMD !== '0' && engineHasRelaxedSimd();
}
const relaxed = relaxedAvailable();
/** Whether the kernels run the relaxed-SIMD builds (fused multiply-add where the CPU has it). */
export function relaxedSimd(): boolean { return ok && relaxed; }
/** The kernel modules' names (asm/<name>.ts). */
export const moduleNames: readonly string[] = MODULES;
/** The file of module `name`'s build that this engine runs: 'losses.wasm' or 'losses.relaxed.wasm'. */
export function moduleFile(name: string): string { return `${name}${relaxed ? '.relaxed' : ''}.wasm`; }
const buffers = new WeakSet<ArrayBufferLike>();
let u8 = new Uint8Array(0), f32 = new Float32Array(0), f64 = new Float64Array(0), i32 = new Int32Array(0);
const CTRL = 1024;
/** This thread's side of the job protocol; its views follow refresh(), and its tables hold every
 * module as soon as it is instantiated. */
const here: Claimer = { memory: null as unknown as WebAssembly.Memory, ctrl: CTRL, i32, f64, tables, epoch: 0, resolve: () => false };

function refresh(): void {
  const b = memory!.buffer;
  if (u8.buffer !== b) {
    buffers.add(b);
    u8 = new Uint8Array(b); f32 = new Float32Array(b); f64 = new Float64Array(b); i32 = new Int32Array(b);
    here.memory = memory!; here.i32 = i32; here.f64 = f64;
  }
}

/** The memory, created on first use: shared where SharedArrayBuffer exists (and
 * TORCHLET_WASM_SHARED is not 0, a test hook for the plain-page setup), else not. */
function ensureMemory(): WebAssembly.Memory | null {
  if (memory) return memory;
  if (typeof WebAssembly !== 'object') return null;
  const canShare = typeof SharedArrayBuffer !== 'undefined' && typeof Atomics !== 'undefined' && envOf()?.TORCHLET_WASM_SHARED !== '0';
  for (const share of canShare ? [true, false] : [false]) {
    try {
      memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES, shared: share } as WebAssembly.MemoryDescriptor);
      shared = share;
      refresh();
      return memory;
    } catch { memory = null; }
  }
  return null;
}

/** A module's bytes as this memory needs them: as built (shared memory import) or made non-shared.
 * Null where there is no WebAssembly. */
export function prepareModuleBytes(bytes: Uint8Array): Uint8Array | null {
  return ensureMemory() ? (shared ? bytes : unshareMemory(bytes)) : null;
}

/**
 * Installs the compiled kernel modules (one per name in moduleNames, compiled from
 * prepareModuleBytes' bytes) and turns the WebAssembly kernels on. Returns whether they run; a
 * second call once they do changes nothing.
 */
export function installModules(modules: ReadonlyMap<string, WebAssembly.Module>): boolean {
  if (ok) return true;
  if (!ensureMemory() || MODULES.some((n) => !modules.has(n))) return false;
  for (const n of MODULES) compiled.set(n, modules.get(n)!);
  try {
    mod('losses');
  } catch {
    compiled.clear(); mods.clear(); tables.length = 0;
    return false;
  }
  ok = true;
  // The gemm and conv kernels use this memory too, so tensors placed here are used in place.
  const host: GemmHost = {
    memory: memory!,
    addressOf: (a) => addressOf(a),
    malloc: (bytes) => malloc(bytes),
    free: (p) => freeBlock(p),
    limit: memoryLimit,
    exports: () => exportsOf('gemm') as unknown as GemmExports,
  };
  setGemmHost(host);
  // TORCHLET_WASM_STORAGE=0 keeps every storage on the JS heap (kernels stage their operands)
  useWasmStorage(envOf()?.TORCHLET_WASM_STORAGE !== '0');
  return true;
}

/** Compiles and installs the modules from their files' bytes, synchronously (`read(file)`, file as
 * moduleFile names it). False, with the kernels left off, if any file cannot be read or compiled. */
export function installFromFiles(read: (file: string) => Uint8Array): boolean {
  if (ok) return true;
  try {
    const modules = new Map<string, WebAssembly.Module>();
    for (const n of MODULES) {
      const bytes = prepareModuleBytes(read(moduleFile(n)));
      if (!bytes) return false;
      modules.set(n, new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
    }
    return installModules(modules);
  } catch {
    return false;
  }
}

function mod(name: string): Mod {
  let m = mods.get(name);
  if (m) return m;
  const module = compiled.get(name);
  if (!module) throw new Error(`wasm: no kernel module ${name}${compiled.size ? '' : ' (the kernels are not loaded)'}`);
  const instance = new WebAssembly.Instance(module, { env: { memory: memory!, abort: () => { throw new Error(`${name}.wasm: abort`); } } });
  const index = new Map(functionExports(module).map((name, k) => [name, k]));
  m = { id: mods.size, module, instance, fns: functionTable(instance, module), index };
  mods.set(name, m);
  tables[m.id] = m.fns;
  return m;
}

let ok = false;
/** Whether the WebAssembly kernels can run here. */
export function available(): boolean { return ok; }
/** Whether the memory is shared, so that worker threads can join (false until installed). */
export function sharedMemory(): boolean { return ok && shared; }
/** The memory (null when the kernels are not installed). */
export function wasmMemory(): WebAssembly.Memory | null { return ok ? memory : null; }
/** Compiles and instantiates every kernel module now (else each waits for its first use). */
export function compileModules(): void { if (ok) for (const name of MODULES) mod(name); }
/** The exports of a module instantiated on the memory ('losses', 'gemm'). */
export function exportsOf(name: string): Record<string, Fn> { return mod(name).instance.exports as unknown as Record<string, Fn>; }

// ---------------------------------------------------------------------------------------------
// views

export function heapF32(): Float32Array { refresh(); return f32; }
export function heapF64(): Float64Array { refresh(); return f64; }
export function heapU8(): Uint8Array { refresh(); return u8; }

/** Byte address of a's first element when a lives in the shared memory, else -1. */
export function addressOf(a: ArrayBufferView): number {
  return buffers.has(a.buffer) ? a.byteOffset : -1;
}

// ---------------------------------------------------------------------------------------------
// block allocator: free ranges sorted by address, best fit, coalescing; `dirty` ranges may hold
// old data (memory never handed out since it grew is known to be zero)

interface Range { start: number; end: number; dirty: boolean }
const free: Range[] = [];
const sizes = new Map<number, number>();
let liveBytes = 0;

// Warm growth. A page of fresh memory costs a page fault on its first touch (here ~1.3 us per
// 4 KiB: 5.5 ms per 16 MiB, more than the kernel that writes it), and a loop that drops a big
// output each step (y = F.log_softmax(x); y.sum().backward()) runs through COLLECT_STEP bytes of
// storage before the first collection gives any back: every step until then writes fresh pages.
// So where the host collects on request, memory grown for a big storage (one that splits over
// threads) comes with a reserve of min(COLLECT_STEP, 16 x its size) and is touched at once on
// all threads: the faults are paid in that one call, and the steps after it write warm pages.
const WARM_FACTOR = 16;

function grow(minBytes: number, request = 0): boolean {
  const warm = collector !== null && request >= SPAWN_BYTES;
  // the touch's job table must not come from the new range (this may grow the memory itself)
  if (warm && !jobTable(TOUCH_PARTS)) return false;
  const cur = memory!.buffer.byteLength;
  const curPages = cur / PAGE;
  if (curPages >= MAX_PAGES) return false;
  const slack = warm ? Math.ceil(Math.min(COLLECT_STEP, WARM_FACTOR * request) / PAGE) : Math.min(Math.max(curPages >> 3, 256), 4096); // 1/8, 16 MiB..256 MiB
  let pages = Math.min(Math.ceil(minBytes / PAGE) + slack, MAX_PAGES - curPages);
  if (pages * PAGE < minBytes) return false;
  try { memory!.grow(pages); } catch {
    // no room for the reserve: just what is needed
    pages = Math.ceil(minBytes / PAGE);
    try { memory!.grow(pages); } catch { return false; }
  }
  refresh();
  const start = cur, end = memory!.buffer.byteLength;
  if (warm) touch(start, end - start);
  const last = free[free.length - 1];
  if (last && last.end === start) last.end = end; // stays dirty if it was: zeroing covers the whole range then
  else free.push({ start, end, dirty: false });
  return true;
}

/**
 * A 64-byte aligned block of `bytes` in the shared memory (zeroed if asked), or -1. `mayCollect`
 * (storage allocations only, as the collections of owe(): a scratch block's caller may hold
 * addresses of blocks no live object references any more) lets it ask for a collection first
 * rather than grow the memory.
 */
export function malloc(bytes: number, zero = false, mayCollect = false): number {
  if (!memory) return -1;
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  let best = -1, collected = false;
  for (;;) {
    for (let i = 0; i < free.length; i++) {
      const len = free[i].end - free[i].start;
      if (len >= size && (best < 0 || len < free[best].end - free[best].start)) best = i;
    }
    if (best >= 0) break;
    // a collection (2-4 ms) costs less than the page faults of fresh memory (~5 ms per 16 MiB)
    // when much storage waits for one (not for a few MB: a training step's many small blocks
    // would then collect at every other allocation)
    if (mayCollect && !collected && collector && awaiting >= Math.max(size, COLLECT_STEP >> 1)) { collected = true; collect(); continue; }
    // the last range may end at the memory's end: grow only by what it lacks
    const last = free[free.length - 1];
    const have = last && last.end === memory.buffer.byteLength ? last.end - last.start : 0;
    if (!grow(size - have, size)) return -1;
  }
  const r = free[best];
  const p = r.start, dirty = r.dirty;
  r.start += size;
  if (r.start === r.end) free.splice(best, 1);
  sizes.set(p, size);
  liveBytes += size;
  // only now: zeroing may itself allocate (the job table), and must not be handed this block
  if (zero && dirty) fillZero(p, size);
  return p;
}

/**
 * A block of at least `bytes` for staging small operands into the memory around one synchronous
 * kernel call (small tensors live on the JS heap; the callers never nest): taken on first use, kept,
 * and replaced by a bigger one when a caller needs more. -1 when the memory cannot hold it.
 */
let staging = -1, stagingBytes = 0;
export function stagingBlock(bytes: number): number {
  if (bytes > stagingBytes) {
    if (staging >= 0) freeBlock(staging);
    staging = malloc(bytes);
    stagingBytes = staging < 0 ? 0 : bytes;
  }
  return staging;
}

export function freeBlock(p: number): void {
  const size = sizes.get(p);
  if (size === undefined) return;
  sizes.delete(p);
  liveBytes -= size;
  let lo = 0, hi = free.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (free[mid].start < p) lo = mid + 1; else hi = mid; }
  const r: Range = { start: p, end: p + size, dirty: true };
  free.splice(lo, 0, r);
  const next = free[lo + 1];
  if (next && next.start === r.end) { r.end = next.end; free.splice(lo + 1, 1); }
  const prev = free[lo - 1];
  if (prev && prev.end === r.start) { prev.end = r.end; prev.dirty = true; free.splice(lo, 1); }
}

/** Bytes held by live blocks (storage and scratch). */
export function wasmLiveBytes(): number { return liveBytes; }

// memory.fill in wasm: TypedArray.prototype.fill on shared memory goes element by element
function fillZero(p: number, bytes: number): void {
  const Z = 1 << 21;
  if (bytes >= 4 * Z && (workerCount > 0 || canSpawn())) {
    const jobs: number[][] = [];
    for (let o = 0; o < bytes; o += Z) jobs.push([p + o, Math.min(Z, bytes - o)]);
    runJobs('losses', 'zero', jobs);
  } else exportsOf('losses').zero(p, bytes);
}

// Storage blocks are freed when nothing can reach them any more. Each storage is a view over its
// own clone of the memory's SharedArrayBuffer (structuredClone: a new object, same memory), and the
// registry watches that clone, not the view: any view derived from the storage (`new
// Int32Array(a.buffer, a.byteOffset, n)`, a.subarray(...)) references the clone and keeps the
// block alive, exactly as it would keep a JS-heap ArrayBuffer alive.
// V8 does not count the shared memory as memory pressure, so without help it would rarely
// collect. Where the host collects on request (setCollector, below: the Node entry) that is the
// help. Elsewhere each storage carries an untouched "ballast" ArrayBuffer of about its size
// (reserved, never written: no RSS) that V8 does count; finalizers then only run between tasks,
// so a loop that never yields keeps every block it allocated: storage beyond the caps below goes
// to the JS heap instead (the kernels then stage it through scratch), which keeps memory bounded.
type Registry = FinalizationRegistry<number> & { cleanupSome?: () => void };
let registryCtor: typeof FinalizationRegistry | null =
  typeof FinalizationRegistry === 'function' && typeof structuredClone === 'function' ? FinalizationRegistry : null;
/** Created on the first storage allocation (so that a host can supply the constructor first). */
let registry: Registry | null | undefined;
function storageRegistry(): Registry | null {
  if (registry === undefined)
    registry = registryCtor ? new registryCtor<number>((p) => { repaid(sizes.get(p) ?? 0); smallLive -= smallSize.get(p) ?? 0; smallSize.delete(p); freeBlock(p); }) : null;
  return registry;
}

// Collections on demand. A loop that drops a big forward output each step (y = F.log_softmax(x);
// y.sum().backward()) leaves blocks that only a collection frees, and V8, which does not see this
// memory as pressure, may let a gigabyte of them pile up: every step then writes fresh pages (page
// faults) and finally spills to the JS heap. Where the host can collect on request (the Node entry
// installs one, node/collector.ts), a full collection is asked for whenever another COLLECT_STEP
// bytes of such storage are outstanding; the blocks come back when the finalizers run, at once
// where the registry has cleanupSome (the Node entry supplies such a constructor), else with the
// next task, and the loop then cycles through warm memory.
let collector: (() => void) | null = null;
/** Bytes of storage blocks that only a garbage collection can give back now. */
let awaiting = 0;
const COLLECT_STEP = 1 << 28;
let collectAt = COLLECT_STEP;
/**
 * Installs (or removes) the function that runs a full garbage collection, and optionally the
 * FinalizationRegistry constructor to watch storage with (one whose instances have cleanupSome, so
 * that blocks a collection found dead are freed before the next allocation; used if no storage
 * has been allocated yet).
 */
export function setCollector(fn: (() => void) | null, registryConstructor?: typeof FinalizationRegistry): void {
  collector = fn;
  if (registryConstructor && registry === undefined && registryCtor) registryCtor = registryConstructor;
}
function owe(bytes: number): void {
  awaiting += bytes;
  if (collector && awaiting >= collectAt) collect();
}
function collect(): void {
  collectAt = awaiting + COLLECT_STEP;
  collector!();
  registry?.cleanupSome?.();
}
function repaid(bytes: number): void {
  awaiting -= bytes;
  collectAt = Math.min(collectAt, awaiting + COLLECT_STEP);
}
const ballast = new WeakMap<object, ArrayBuffer>();
/** Storages of at least this size (a large batch of logits) may use the whole memory; smaller
 * ones share a cap (a training loop's many activations must not pin gigabytes while it never
 * yields). */
const BIG = 1 << 27;
const SMALL_CAP = Math.min(1 << 30, MAX_BYTES / 4);
/** Ballasts are at least this big: above glibc's largest mmap threshold, so they are mapped
 * lazily and never touched. Storages this big get one of their own size; smaller ones add to a
 * debt that is paid with one such ballast whenever it is reached. */
const BALLAST = (1 << 25) + (1 << 20);
/** Storage may use the memory up to its maximum less this (kept for scratch). */
const HEADROOM = Math.min(1 << 28, MAX_BYTES / 8);
let smallLive = 0, debt = 0;
const smallSize = new Map<number, number>();
// Ballasts of storage released explicitly (releaseStorage: a gradient reset, a buffer the autograd
// engine consumed) are kept for the next storage rather than dropped: a loop that recycles its
// blocks then allocates no new ballast, so V8 sees no growing external memory and does not run
// collections (or unmap and map fresh ballasts) for memory that was never lost.
const spare: ArrayBuffer[] = [];
const SPARE_MAX = 8;
function takeBallast(bytes: number): ArrayBuffer | undefined {
  let best = -1;
  for (let i = 0; i < spare.length; i++) {
    const n = spare[i].byteLength;
    if (n >= bytes && n <= 2 * bytes && (best < 0 || n < spare[best].byteLength)) best = i;
  }
  return best < 0 ? undefined : spare.splice(best, 1)[0];
}

function allocate(kind: 'f32' | 'f64', n: number): Storage { return allocateStorage(kind, n, true); }

/**
 * Storage whose contents are unspecified (no zero-fill of a reused block): for outputs a kernel
 * overwrites entirely, such as the fused cross_entropy's gradient. Same placement rules as the
 * storage allocator (JS-heap arrays are zero anyway).
 */
export function allocEmpty(kind: 'f32' | 'f64', n: number): Storage {
  return ok && allocatorOn ? allocateStorage(kind, n, false) : kind === 'f32' ? new Float32Array(n) : new Float64Array(n);
}

/** A storage this big means kernels that split over threads are coming: start the workers now,
 * so that they have booted by the first such kernel (a worker takes tens of ms to start). */
const SPAWN_BYTES = 1 << 21;

/**
 * Zeroed storage in the shared memory whatever its size (within the same caps), for a long-lived
 * array that WebAssembly kernels read or write at every step: a leaf's .grad that batch-1 weight
 * gradients are added into (autograd/outer.ts). Where the memory cannot take it, the JS heap.
 */
export function allocPlaced(kind: 'f32' | 'f64', n: number): Storage {
  return ok && allocatorOn ? allocateStorage(kind, n, true, 0) : kind === 'f32' ? new Float32Array(n) : new Float64Array(n);
}

function allocateStorage(kind: 'f32' | 'f64', n: number, zero: boolean, minBytes = WASM_MIN_BYTES): Storage {
  const bytes = n * (kind === 'f32' ? 4 : 8);
  if (bytes >= SPAWN_BYTES && workerCount === 0 && canSpawn()) { spawned = true; spawner!(); }
  const big = bytes >= BIG;
  const registry = storageRegistry();
  if (registry && bytes >= minBytes && liveBytes + bytes <= MAX_BYTES - HEADROOM && (big || smallLive + bytes <= SMALL_CAP)) {
    const p = malloc(bytes, zero, true);
    if (p >= 0) {
      const b = structuredClone(memory!.buffer as unknown) as SharedArrayBuffer;
      buffers.add(b);
      const a = kind === 'f32' ? new Float32Array(b, p, n) : new Float64Array(b, p, n);
      registry.register(b, p, b);
      if (!big) { smallLive += bytes; smallSize.set(p, bytes); }
      owe(sizes.get(p)!);
      // with collections on request the allocator needs no ballast to make V8 collect
      if (!collector) try {
        if (bytes >= BALLAST) ballast.set(b, takeBallast(bytes) ?? new ArrayBuffer(bytes));
        else if ((debt += bytes) >= BALLAST) { ballast.set(b, takeBallast(BALLAST) ?? new ArrayBuffer(BALLAST)); debt = 0; }
      } catch { /* no address space for the ballast: collection is merely later */ }
      return a;
    }
  }
  return smallArray(kind, n); // JS heap (small ones from a slab: kernels/small_alloc.ts)
}

/**
 * Gives a storage's block back now (no-op for JS-heap arrays). Only for storage nobody can read
 * any more: the caller drops the typed array and every view derived from it.
 */
export function releaseStorage(a: Storage): void {
  const registry = storageRegistry();
  if (addressOf(a) < 0 || !registry) return;
  if (!registry.unregister(a.buffer)) return; // not a storage block (scratch, or released already)
  const p = a.byteOffset;
  repaid(sizes.get(p) ?? 0);
  const bytes = smallSize.get(p);
  smallLive -= bytes ?? 0; smallSize.delete(p);
  const bl = ballast.get(a.buffer);
  if (bl) {
    ballast.delete(a.buffer);
    if (spare.length >= SPARE_MAX) spare.shift();
    spare.push(bl);
  } else if (bytes !== undefined) debt = Math.max(0, debt - bytes); // its share of the debt is no longer owed
  freeBlock(p);
}

/** Installs the shared-memory storage allocator (on by default when wasm is available). */
let allocatorOn = false;
export function useWasmStorage(on: boolean): void {
  allocatorOn = on && ok && shared;
  setAllocator(allocatorOn ? allocate : null);
}

// ---------------------------------------------------------------------------------------------
// scratch: blocks for one kernel call, freed by the caller

export interface Staged { ptr: number; back: Float32Array | Float64Array | null; owned: boolean }

/**
 * Places a in the memory: its own address when it lives there, else a scratch copy (`copy`
 * false: uninitialised scratch). unstage copies scratch back into a when `out`, and frees it.
 */
export function stage(a: Float32Array | Float64Array, out: boolean, copy = true, what = 'a loss kernel'): Staged {
  const p = addressOf(a);
  if (p >= 0) return { ptr: p, back: null, owned: false };
  const q = malloc(a.byteLength);
  if (q < 0) throw scratchError(a.byteLength, what);
  if (copy && a.length) (a instanceof Float32Array ? heapF32() : heapF64()).set(a, q / a.BYTES_PER_ELEMENT);
  return { ptr: q, back: out ? a : null, owned: true };
}
export function unstage(s: Staged): void {
  if (!s.owned) return;
  const a = s.back;
  if (a) {
    const E = a.BYTES_PER_ELEMENT;
    a.set((a instanceof Float32Array ? heapF32() : heapF64()).subarray(s.ptr / E, s.ptr / E + a.length));
  }
  freeBlock(s.ptr);
}

// ---------------------------------------------------------------------------------------------
// parallel jobs

let workerCount = 0;
let tablePtr = -1;
const registered = new Set<number>();
let announce: ((id: number, module: WebAssembly.Module) => void) | null = null;

let spawner: (() => void) | null = null;
let spawned = false;

/** Threads that take part in jobs: the caller's plus attached workers. */
export function threads(): number { return workerCount + 1; }

/**
 * Registers how to start workers (node/pool.ts does, in Node); they start on the first job big
 * enough to split, and join batches as soon as they are up.
 */
export function setSpawner(fn: (() => void) | null): void { spawner = fn; spawned = false; }
/** What a host's worker pool offers (node/pool.ts, browser/pool.ts). */
export interface ThreadPool {
  /** Starts workers so that `threads` threads (the caller's included) run the kernels; returns how many workers started. */
  start(threads: number): number;
  /** Stops the workers (each once it has finished any job it holds). */
  stop(): void;
  /** The thread count to use when none was set: the machine's parallelism. */
  defaultThreads(): number;
}
let pool: ThreadPool | null = null;
/** The thread count set with setNumThreads (0: the pool's default). */
let wanted = 0;
/** Registers the host's pool: its workers start on the first job big enough to split. */
export function setThreadPool(p: ThreadPool | null): void {
  pool = p;
  setSpawner(p ? () => { p.start(wanted || p.defaultThreads()); } : null);
}
/** Threads the kernels use (torch.get_num_threads): the running pool's, else what the pool will start with. */
export function numThreads(): number {
  if (!pool || !sharedMemory()) return 1;
  return workerCount > 0 ? workerCount + 1 : wanted || pool.defaultThreads();
}
/** Sets the thread count (torch.set_num_threads): a running pool restarts with it; otherwise it applies when workers start. */
export function setNumThreads(n: number): void {
  wanted = n;
  if (!pool || !sharedMemory()) return;
  if (workerCount > 0) { if (n > 1) pool.start(n); else pool.stop(); }
  spawned = workerCount > 0 || n < 2;
}
/** The instantiated modules by id (compileModules first), for workers that take them all at start. */
export function moduleTable(): { id: number; module: WebAssembly.Module }[] {
  return [...mods.values()].map((m) => ({ id: m.id, module: m.module }));
}

/** Whether workers could still be started for a big job. */
export function canSpawn(): boolean { return ok && shared && spawner !== null && !spawned; }

/** How many times a worker had to wait for a module registration that was on its way (tests). */
export function registrationWaits(): number { return ok ? Atomics.load(i32, (CTRL >> 2) + WAITS) : 0; }

/** The control block's address, for workers (wasm_jobs.ts). */
export function controlBlock(): number { return CTRL; }

/**
 * Attaches `n` workers, which are to run wasm_jobs.workerLoop on this memory with the epoch
 * returned; `send` delivers a module registration to every worker before its first job needs it.
 * Workers attached before leave their loops (n = 0 just detaches them).
 */
export function attachWorkers(n: number, send: ((id: number, module: WebAssembly.Module) => void) | null): number {
  workerCount = ok && shared ? n : 0;
  announce = send;
  registered.clear();
  setParallelRunner(workerCount > 0 ? (fn, jobs) => runJobs('gemm', fn, jobs) : null, workerCount + 1);
  if (!ok || !shared) return 0;
  const c = CTRL >> 2;
  Atomics.store(i32, c + MODS, 0);
  here.epoch = Atomics.add(i32, c + EPOCH, 1) + 1;
  Atomics.notify(i32, c + GEN); // idle workers wake, see the new epoch and leave
  return here.epoch;
}

/** Makes the job table hold at least n jobs; false when out of memory. */
function jobTable(n: number): boolean {
  const need = n * JOB_BYTES;
  if (tablePtr >= 0 && (sizes.get(tablePtr) ?? 0) >= need) return true;
  if (tablePtr >= 0) freeBlock(tablePtr);
  tablePtr = malloc(Math.max(need, 256 * JOB_BYTES));
  return tablePtr >= 0;
}

/** Writes zeros over fresh memory (not yet in the free list) to fault its pages in, on all threads. */
const TOUCH_PARTS = 256;
function touch(p: number, bytes: number): void {
  const parts = Math.min(TOUCH_PARTS, Math.ceil(bytes / (1 << 21)));
  if (parts < 2 || (workerCount === 0 && !canSpawn())) { exportsOf('losses').zero(p, bytes); return; }
  const step = Math.ceil(bytes / parts / PAGE) * PAGE;
  const jobs: number[][] = [];
  for (let o = 0; o < bytes; o += step) jobs.push([p + o, Math.min(step, bytes - o)]);
  runJobs('losses', 'zero', jobs);
}

/**
 * Runs export `fn` of module `name` once per argument list, spread over the attached threads
 * (the caller's thread takes part). Returns when all are done.
 */
export function runJobs(name: string, fn: string, jobs: number[][]): void {
  const m = mod(name), k = fnIndex(m, fn);
  if (workerCount === 0 && jobs.length >= 2 && canSpawn()) { spawned = true; spawner!(); }
  // no room for the job table: the jobs run here, as without workers
  if (workerCount === 0 || jobs.length < 2 || !jobTable(jobs.length)) { runHere(m.fns[k], jobs); return; }
  publish(m, k, jobs);
  const own = runClaims(here);
  awaitBatch(jobs.length);
  const failure = batchFailure(i32, CTRL);
  // the first failure's own text (a worker's error reaches here only as text)
  if (failure !== null) throw new Error(`wasm: job ${name}.${fn} failed: ${failure}`, own === null ? undefined : { cause: own });
}

function runHere(f: Fn, jobs: number[][]): void {
  for (let j = 0; j < jobs.length; j++) f.apply(null, jobs[j]);
}

/** Waits until all n jobs of the batch are done. */
function awaitBatch(n: number): void {
  const c = CTRL >> 2;
  // spin briefly, then sleep so that a worker sharing this core with other processes gets it
  // (the worker that finishes the batch notifies; spinWhile: see nextBatch in wasm_jobs.ts)
  for (let d = Atomics.load(i32, c + DONE); d < n; d = Atomics.load(i32, c + DONE))
    if (spinWhile(i32, c + DONE, d, 0.05) && mayBlock()) Atomics.wait(i32, c + DONE, d, 1);
}

/** Whether this thread may sleep in Atomics.wait: a browser page's main thread may not (it then
 * spins until the workers' last job is done). */
let blocking: boolean | undefined;
function mayBlock(): boolean {
  if (blocking === undefined) {
    try { Atomics.wait(i32, (CTRL >> 2) + WAITS, -1, 0); blocking = true; } catch { blocking = false; } // WAITS is never -1: returns at once
  }
  return blocking;
}

/** Index of export `fn` among the module's function exports. */
function fnIndex(m: Mod, fn: string): number {
  const k = m.index.get(fn);
  if (k === undefined) throw new Error(`wasm: no export ${fn}`);
  return k;
}

/** Writes a batch of calls to export k of m into the job table (big enough) and wakes the workers. */
function publish(m: Mod, k: number, jobs: number[][]): void {
  if (jobs.length > MAX_JOBS) throw new RangeError('wasm: too many jobs');
  refresh();
  // sent before the batch that needs it is published; MODS tells a worker that meets a job of
  // this module before the message that it is on its way (wasm_jobs.ts)
  if (!registered.has(m.id)) { announce?.(m.id, m.module); registered.add(m.id); Atomics.or(i32, (CTRL >> 2) + MODS, 1 << m.id); }
  const id = m.id * 256 + k;
  for (let j = 0; j < jobs.length; j++) {
    const a = jobs[j], rec = (tablePtr + j * JOB_BYTES) / 8;
    if (a.length > MAX_ARGS) throw new RangeError('wasm: too many arguments');
    f64[rec] = id; f64[rec + 1] = a.length;
    for (let q = 0; q < a.length; q++) f64[rec + 2 + q] = a[q];
  }
  const c = CTRL >> 2;
  Atomics.store(i32, c + TABLE, tablePtr);
  Atomics.store(i32, c + DONE, 0);
  Atomics.store(i32, c + FAIL, 0);
  Atomics.store(i32, c + MSGLEN, 0);
  Atomics.store(i32, c + WORD, ((here.epoch & 7) << 29) | (jobs.length << 16));
  Atomics.add(i32, c + GEN, 1);
  Atomics.notify(i32, c + GEN);
}

// Under Node the module files are read from beside this file at once (dist/kernels/wasm/), so the
// kernels are ready when the import returns, with no file access API in the browser build.
type NodeFs = { readFileSync(p: string): Uint8Array };
type NodeUrl = { fileURLToPath(u: URL): string };
const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
if (typeof nodeProcess?.getBuiltinModule === 'function') {
  const fs = nodeProcess.getBuiltinModule('node:fs') as NodeFs | undefined, url = nodeProcess.getBuiltinModule('node:url') as NodeUrl | undefined;
  if (fs && url) installFromFiles((file) => fs.readFileSync(url.fileURLToPath(new URL(`./wasm/${file}`, import.meta.url))));
}
