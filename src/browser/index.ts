// The package entry for browsers (package.json's "browser" condition, which esbuild, Vite and
// webpack pick when they bundle for the web): everything 'torchlet' exports, with the WebAssembly
// kernels fetched before the import finishes (a top-level await) and, on a cross-origin-isolated
// page, the Web Worker pool. Where the kernels are: globalThis.TORCHLET_WASM if the page set it
// before importing torchlet (a folder URL, a function from file name to bytes/URL, or an object of
// bytes; false skips loading), else wasm/ beside the script (kernels/wasm_load.ts). If they cannot be
// had the TypeScript kernels run, a warning says why, and torch.backends.wasm.load(...) can retry.
import './pool.js';
import { loadKernels, type WasmSource } from '../kernels/wasm_load.js';

export * from '../index.js';

const given = (globalThis as { TORCHLET_WASM?: WasmSource | false }).TORCHLET_WASM;
if (given !== false) {
  try {
    await loadKernels(given);
  } catch (e) {
    console.warn(`torchlet: WebAssembly kernels not loaded (${(e as Error).message}); the TypeScript kernels run. ` +
      'Serve the .wasm files of torchlet/dist/kernels/wasm/ in a wasm/ folder beside your script, or set globalThis.TORCHLET_WASM to their URL before importing torchlet.');
  }
}
