// Node-only torch.save(obj, path) / torch.load(path) for PyTorch's .pt files; bytes work too
// (torch.save(obj) returns them, torch.load(bytes) reads them), as in the core.
import { writeFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { readRegularFile } from '../node/read_file.js';
import { asBytes, type Bytes } from './bytes.js';
import { loadArchive, saveArchive, saveArgs, type PtValue, type SaveOptions } from './pt.js';
import { RuntimeError } from '../tensor/errors.js';
import { setCrc32 } from './zip.js';
import { bindNames } from '../tensor/args.js';

// zlib's CRC-32 (Node >= 20.15) checks a 100 MB file in a tenth of the portable one's time
const nativeCrc = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
if (typeof nativeCrc === 'function') setCrc32((data) => nativeCrc(data) >>> 0);

/**
 * The archive folder PyTorch names after the file: its base name without the last extension
 * (caffe2's PyTorchStreamWriter `basename`): 'ckpt/model.pt' -> 'model', 'a.b.pt' -> 'a.b'.
 */
export function archiveName(path: string): string {
  let start = 0;
  for (let i = 0; i < path.length; i++) if (path[i] === '/' || path[i] === '\\') start = i + 1;
  let end = path.length;
  for (let i = end; i > start; i--) if (path[i - 1] === '.') { end = i - 1; break; }
  return path.slice(start, end);
}

/** torch.save(obj, path) writes a .pt file; torch.save(obj) returns its bytes. */
export function save(obj: unknown, options?: SaveOptions): Uint8Array;
export function save(obj: unknown, f: string, options?: SaveOptions): void;
export function save(obj: unknown, ...rest: unknown[]): Uint8Array | void {
  const { f } = saveArgs(rest);
  if (f === undefined || f === null) return saveArchive(obj, 'archive');
  if (typeof f !== 'string') throw new TypeError(`torch.save: f must be a file path (a string), got ${f === null ? 'null' : typeof f}`);
  const name = archiveName(f);
  if (!name) throw new RuntimeError(`invalid file name: ${f}`);
  writeFileSync(f, saveArchive(obj, name));
}

/**
 * torch.load(path) or torch.load(bytes), with torch.load's options (`map_location`, `weights_only`);
 * `torch.load<Map<string, Tensor>>(path)` names the expected type (unchecked, as a cast is).
 */
export function load<T = PtValue>(f: string | Bytes, ...rest: unknown[]): T {
  const a = bindNames('load', ['f', 'map_location', 'pickle_module', 'weights_only'], [f, ...rest]);
  if (typeof a.f === 'string') return loadArchive(readRegularFile(a.f), a.f, a) as T;
  return loadArchive(asBytes(a.f as Bytes, 'a .pt file'), 'the .pt data', a) as T;
}
