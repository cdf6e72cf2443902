// Node-only: reading IDX files from disk, gzipped or raw, with errors naming the file.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { RuntimeError } from '../../tensor/errors.js';
import { parseIdx, type IdxArray } from '../idx.js';
import { bind } from '../../tensor/args.js';

/** Reads and parses one IDX file; gzip is recognised by its magic bytes, whatever the name. */
export function read_idx_file(...args: [path: string, expectDims?: number | null]): IdxArray {
  const a = bind('read_idx_file(path, expectDims=None)', args);
  const path = a.path as string, expectDims = a.expectDims as number | null;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new RuntimeError(`${path}: cannot read the file (${(e as Error).message})`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'truncated gzip data' : 'corrupt gzip data';
      throw new RuntimeError(`${path}: ${why} (${(e as Error).message})`);
    }
  }
  return parseIdx(bytes, path, expectDims);
}

/**
 * Finds `<name>` in the first of `dirs` that has it, trying `<name>.gz` and the dotted spelling
 * (`train-images.idx3-ubyte`) too. Returns null when none has it.
 */
export function findIdxFile(dirs: string[], name: string): string | null {
  const variants = [name, `${name}.gz`, name.replace(/-(idx\d-ubyte)$/, '.$1'), `${name.replace(/-(idx\d-ubyte)$/, '.$1')}.gz`];
  for (const d of dirs) for (const v of variants) {
    const p = join(d, v);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}
