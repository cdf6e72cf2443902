// Loading the kernel modules asynchronously, where they cannot be read from disk (a browser page):
// each module's build for this engine (wasm_runtime.moduleFile) is fetched, compiled with
// WebAssembly.compile and installed. The browser entry does this before 'torchlet' finishes
// importing; torch.backends.wasm.load does it on request, with the bytes or URLs the page gives.
import { installModules, moduleFile, moduleNames, prepareModuleBytes, available } from './wasm_runtime.js';
import { MODULE_URLS } from './wasm_modules.js';

/** One module's bytes, a Response holding them, or their URL. */
export type WasmBytes = ArrayBuffer | ArrayBufferView | Response | string | URL;
/**
 * Where the kernel modules are: the URL of the folder holding the .wasm files; a function from a
 * file name ('losses.wasm', 'losses.relaxed.wasm', ...) to its bytes, Response or URL (may return a
 * Promise); or an object mapping file names (or module names: 'losses') to them.
 */
export type WasmSource = string | URL | ((file: string) => WasmBytes | Promise<WasmBytes>) | Record<string, WasmBytes>;

/** The package's own .wasm files: wasm/ beside this script (dist/kernels/wasm/ unbundled; beside the
 * bundle for esbuild, which keeps import.meta.url but copies nothing; Vite and webpack emit the
 * files and rewrite their URLs, wasm_modules.ts). */
export function defaultWasmURL(): URL { return new URL('./wasm/', import.meta.url); }
const packageFiles = (file: string): URL => MODULE_URLS[file]?.() ?? new URL(file, defaultWasmURL());

async function bytesOf(v: WasmBytes, base: URL | null, file: string): Promise<Uint8Array> {
  if (typeof v === 'string' || v instanceof URL) {
    const url = new URL(v, base ?? (globalThis as { location?: { href: string } }).location?.href);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url.href}: HTTP ${res.status}`);
    v = res;
  }
  if (typeof Response !== 'undefined' && v instanceof Response) return new Uint8Array(await v.arrayBuffer());
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw new TypeError(`torchlet: ${file}: expected bytes (ArrayBuffer, Uint8Array), a Response or a URL`);
}

function entryFor(source: WasmSource, file: string, name: string): WasmBytes | Promise<WasmBytes> {
  if (typeof source === 'function') return source(file);
  if (typeof source === 'string' || source instanceof URL) return new URL(file, new URL(source, (globalThis as { location?: { href: string } }).location?.href));
  const v = source[file] ?? source[name];
  if (v === undefined) throw new Error(`torchlet: no entry for ${file} (or ${name}) among the kernel modules given`);
  return v;
}

/**
 * Fetches, compiles and installs the kernel modules from `source` (default: the package's own
 * files). Resolves to true once the WebAssembly kernels run (at once if they already
 * do); rejects with the reason when a module cannot be had or compiled, and the kernels then stay
 * the TypeScript ones.
 */
export async function loadKernels(source: WasmSource = packageFiles): Promise<boolean> {
  if (available()) return true;
  const modules = new Map<string, WebAssembly.Module>();
  await Promise.all(moduleNames.map(async (name) => {
    const file = moduleFile(name);
    const bytes = prepareModuleBytes(await bytesOf(await entryFor(source, file, name), null, file));
    if (!bytes) throw new Error('torchlet: this engine has no WebAssembly');
    modules.set(name, await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>));
  }));
  if (!installModules(modules)) throw new Error('torchlet: the WebAssembly kernels do not run on this engine (WebAssembly SIMD is needed)');
  return true;
}
