// Small helpers the site's pages share: element lookup, element creation, and the line that says
// what the page runs on (threads, kernels, cross-origin isolation).
import * as torch from 'torchlet';

/** The element with this id (the pages' HTML defines them; a missing one is a bug in the page). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** document.createElement with a class, text and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text = '', attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A table's `sample n` / `class c` header cell; the word is dropped on narrow screens (CSS .long). */
function head(word: string, i: number): HTMLTableCellElement {
  const th = el('th');
  th.append(el('span', 'long', `${word} `), String(i));
  return th;
}
export const rowHead = (n: number): HTMLTableCellElement => head('sample', n);
export const colHead = (c: number): HTMLTableCellElement => head('class', c);

/** Shows `label` + a tensor's repr as print() would; narrow screens put the label on a line of its own (CSS .prefix). */
export function printed(pre: HTMLElement, label: string, repr: string): void {
  pre.replaceChildren(el('span', 'prefix', label), repr);
}

/** What the engine gives this page, read from the package where it reports it. */
export interface EngineInfo { isolated: boolean; threads: number; kernels: string }

export function engineInfo(): EngineInfo {
  const isolated = globalThis.crossOriginIsolated === true;
  const wasm = torch.backends.wasm;
  const kernels = !wasm.simd ? 'TypeScript' : `WebAssembly SIMD${wasm.relaxed_simd ? ' (relaxed)' : ''}${wasm.threads ? ', shared memory' : ''}`;
  return { isolated, threads: torch.get_num_threads(), kernels };
}

/** Fills the header's engine badge: `1 thread · kernels: ... · not cross-origin isolated`. */
export function showEngine(target: HTMLElement): EngineInfo {
  const info = engineInfo();
  target.replaceChildren(
    el('span', 'pill', `${info.threads} thread${info.threads === 1 ? '' : 's'}`),
    el('span', 'pill', `kernels: ${info.kernels}`),
    el('span', info.isolated ? 'pill ok' : 'pill', info.isolated ? 'cross-origin isolated' : 'not cross-origin isolated'),
  );
  target.title = info.isolated
    ? 'The server sends COOP/COEP headers: SharedArrayBuffer is available, so kernels can share memory with worker threads.'
    : 'Served without COOP/COEP headers: no SharedArrayBuffer, so the WebAssembly kernels run on this one thread.';
  return info;
}

/** Hands the event loop back to the browser (painting, input, finalizers) before going on. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
