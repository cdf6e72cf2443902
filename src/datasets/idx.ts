// Parsing IDX files (the MNIST format: a 4-byte magic 0x00 0x00 <type> <ndim>, ndim big-endian
// uint32 sizes, then the data), with errors that name the file and say what is wrong.
import { RuntimeError } from '../tensor/errors.js';
import { bind } from '../tensor/args.js';

export interface IdxArray { dims: number[]; data: Uint8Array }
export interface IdxHeader { dims: number[]; headerLen: number; count: number }

const TYPES: Record<number, string> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };

/** The longest IDX header: the magic and 255 sizes. */
export const MAX_IDX_HEADER = 4 + 4 * 255;

/**
 * Reads the header of an IDX file of unsigned bytes from its first bytes (`bytes` may be just a
 * prefix of the file: enough for the header is enough). Throws for a bad or truncated header.
 */
export function parseIdxHeader(bytes: Uint8Array, name: string, expectDims?: number): IdxHeader {
  const fail = (what: string): never => { throw new RuntimeError(`${name}: ${what}`); };
  if (bytes.length < 4) fail(`not an IDX file: ${bytes.length} bytes, too short for the 4-byte magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    fail(`not an IDX file: the magic number must start with two zero bytes, found 0x${hex(bytes[0])} 0x${hex(bytes[1])}`);
  const type = bytes[2], ndim = bytes[3];
  if (type !== 0x08) fail(`unsupported IDX element type 0x${hex(type)} (${TYPES[type] ?? 'unknown'}); MNIST files hold unsigned bytes (0x08)`);
  if (ndim === 0) fail('IDX header declares 0 dimensions');
  if (expectDims !== undefined && ndim !== expectDims)
    fail(`expected a ${expectDims}-dimensional IDX file (magic ${0x800 + expectDims}), found ${ndim} dimensions (magic ${0x800 + ndim})`);
  const headerLen = 4 + 4 * ndim;
  if (bytes.length < headerLen) fail(`truncated header: ${ndim} dimensions need ${headerLen} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i, false));
  return { dims, headerLen, count: dims.reduce((a, b) => a * b, 1) };
}

/** Parses an (already decompressed) IDX file of unsigned bytes. `name` is used in error messages. */
export function parseIdx(...args: [bytes: Uint8Array, name: string, expectDims?: number]): IdxArray {
  const a = bind('parseIdx(bytes, name, expectDims=None)', args);
  const bytes = a.bytes as Uint8Array, name = a.name as string;
  const { dims, headerLen, count } = parseIdxHeader(bytes, name, (a.expectDims as number | null) ?? undefined);
  const have = bytes.length - headerLen;
  if (have < count) throw new RuntimeError(`${name}: truncated: the header declares ${dims.join(' x ')} = ${count} bytes of data, but only ${have} follow it`);
  if (have > count) throw new RuntimeError(`${name}: ${have - count} unexpected bytes after the ${dims.join(' x ')} data the header declares`);
  return { dims, data: bytes.subarray(headerLen) };
}

function hex(b: number): string { return b.toString(16).padStart(2, '0'); }
