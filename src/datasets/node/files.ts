// Node-only: reading IDX files from disk, gzipped or raw, with errors naming the file. Files are
// untrusted: only regular files are read, and gzip data is inflated no further than the size its
// IDX header declares (a small file must not inflate to gigabytes before it is found wrong).
import { statSync } from 'node:fs';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { constants as bufferConstants } from 'node:buffer';
import { join, resolve, dirname } from 'node:path';
import { RuntimeError } from '../../tensor/errors.js';
import { readRegularFile } from '../../node/read_file.js';
import { parseIdx, parseIdxHeader, MAX_IDX_HEADER, type IdxArray } from '../idx.js';
import { bind } from '../../tensor/args.js';

/** Reads and parses one IDX file; gzip is recognised by its magic bytes, whatever the name. */
export function read_idx_file(...args: [path: string, expectDims?: number]): IdxArray {
  const a = bind('read_idx_file(path, expectDims=None)', args);
  const path = a.path as string, expectDims = (a.expectDims as number | null) ?? undefined;
  let bytes: Uint8Array = readRegularFile(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipIdx(bytes, path, expectDims);
  return parseIdx(bytes, path, expectDims);
}

/** zlib's error for gzip data as a RuntimeError naming the file. */
function gzipError(path: string, e: unknown): RuntimeError {
  const why = (e as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'truncated gzip data' : 'corrupt gzip data';
  return new RuntimeError(`${path}: ${why} (${(e as Error).message})`);
}
const tooLarge = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';

/** The most a first look at the gzip data may inflate while it looks for the IDX header. */
const PEEK_CAP = 1 << 20;

/**
 * What the first `k` bytes of gzip data inflate to (zlib stops where the input stops), or null
 * when that is more than PEEK_CAP bytes.
 */
function inflatePrefix(gz: Uint8Array, k: number, path: string): Buffer | null {
  try {
    return gunzipSync(gz.subarray(0, k), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: PEEK_CAP });
  } catch (e) {
    if (tooLarge(e)) return null;
    throw gzipError(path, e);
  }
}

/**
 * The start of the inflated data: at least MAX_IDX_HEADER bytes (or all there is), at most
 * PEEK_CAP. Tries prefixes of the gzip data, doubling while they inflate to too little and
 * bisecting if one inflates to too much (more input never gives less output).
 */
function peekGzip(gz: Uint8Array, path: string): Buffer {
  let lo = 0, hi = gz.length + 1, k = Math.min(64, gz.length);
  for (;;) {
    const out = inflatePrefix(gz, k, path);
    if (out && (out.length >= MAX_IDX_HEADER || k === gz.length)) return out;
    if (out) lo = k; else hi = k;
    k = hi > gz.length ? Math.min(gz.length, 2 * k) : lo + ((hi - lo) >> 1);
    // one more byte of deflate data yields at most a few KB, far less than PEEK_CAP - MAX_IDX_HEADER
    if (k === lo) throw new RuntimeError(`${path}: corrupt gzip data (${hi} bytes inflate to more than ${PEEK_CAP}, ${lo} to less than ${MAX_IDX_HEADER})`);
  }
}

/** Inflates gzipped IDX data, stopping once the output passes the size the IDX header declares. */
function gunzipIdx(gz: Uint8Array, path: string, expectDims?: number): Uint8Array {
  const { dims, headerLen, count } = parseIdxHeader(peekGzip(gz, path), path, expectDims);
  const declared = headerLen + count;
  try {
    return gunzipSync(gz, { maxOutputLength: Math.min(declared, bufferConstants.MAX_LENGTH) });
  } catch (e) {
    if (tooLarge(e) && declared <= bufferConstants.MAX_LENGTH)
      throw new RuntimeError(`${path}: the gzip data inflates to more than the ${declared} bytes the IDX header declares (${dims.join(' x ')} data and a ${headerLen}-byte header); stopped there`);
    throw tooLarge(e) ? new RuntimeError(`${path}: the IDX header declares ${dims.join(' x ')} = ${count} bytes of data, more than Node can hold in one buffer`) : gzipError(path, e);
  }
}

/**
 * Finds `<name>` in the first of `dirs` that has it, trying `<name>.gz` and the dotted spelling
 * (`train-images.idx3-ubyte`) too. Returns null when none has it; throws when a folder that may
 * hold it cannot be looked into (no permission), rather than calling the dataset missing.
 */
export function findIdxFile(dirs: string[], name: string): string | null {
  const variants = [name, `${name}.gz`, name.replace(/-(idx\d-ubyte)$/, '.$1'), `${name.replace(/-(idx\d-ubyte)$/, '.$1')}.gz`];
  for (const d of dirs) for (const v of variants) {
    const p = join(d, v);
    try {
      if (statSync(p).isFile()) return p;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        throw new RuntimeError(`Dataset cannot be read: the folder ${resolve(reachableFolder(p))} cannot be looked into (${(e as Error).message})`);
    }
  }
  return null;
}

/** The nearest folder above `path` that stat can reach: the one whose permissions stop the search. */
function reachableFolder(path: string): string {
  let d = dirname(path);
  for (;;) {
    try { statSync(d); return d; } catch { if (d === dirname(d)) return d; d = dirname(d); }
  }
}
