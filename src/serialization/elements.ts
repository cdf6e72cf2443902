// The element codec the two tensor file formats share (pt.ts: torch.save's storages; safetensors.ts):
// how a stored element of each type is read from bytes, and how a storage is written as
// little-endian bytes (both formats store little-endian; a .pt file may declare big-endian).
import type { Storage } from '../tensor/dtype.js';

export const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** An IEEE half-precision value (its 16 bits) as a double: exact. */
function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
const bf16 = new DataView(new ArrayBuffer(4));

type Reader = (v: DataView, at: number, le: boolean) => number;
/**
 * Element readers by safetensors dtype code (a .pt storage class names one of them). int64 is exact
 * to 2^53 and rounds beyond (as Number(BigInt) does); 16-bit floats widen exactly; bool reads as 0 / 1.
 */
const READERS = new Map<string, Reader>([
  ['F32', (v, at, le) => v.getFloat32(at, le)],
  ['F64', (v, at, le) => v.getFloat64(at, le)],
  ['F16', (v, at, le) => half(v.getUint16(at, le))],
  ['BF16', (v, at, le) => { bf16.setUint32(0, v.getUint16(at, le) << 16); return bf16.getFloat32(0); }],
  ['I64', (v, at, le) => (le ? v.getInt32(at + 4, true) * 4294967296 + v.getUint32(at, true) : v.getInt32(at, false) * 4294967296 + v.getUint32(at + 4, false))],
  ['U64', (v, at, le) => Number(v.getBigUint64(at, le))],
  ['I32', (v, at, le) => v.getInt32(at, le)],
  ['U32', (v, at, le) => v.getUint32(at, le)],
  ['I16', (v, at, le) => v.getInt16(at, le)],
  ['U16', (v, at, le) => v.getUint16(at, le)],
  ['I8', (v, at) => v.getInt8(at)],
  ['U8', (v, at) => v.getUint8(at)],
  ['BOOL', (v, at) => (v.getUint8(at) ? 1 : 0)],
]);

/**
 * Fills `out` from `bytes` holding out.length elements of type `code`, `size` bytes each (already
 * checked to be long enough), in the byte order `le`: float32 / float64 in the host's order are copied whole.
 */
export function decodeInto(out: Storage, bytes: Uint8Array, code: string, size: number, le: boolean): Storage {
  if (le === hostLittleEndian && ((code === 'F32' && out instanceof Float32Array) || (code === 'F64' && out instanceof Float64Array))) {
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes.subarray(0, out.byteLength));
    return out;
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), read = READERS.get(code)!;
  for (let i = 0; i < out.length; i++) out[i] = read(v, i * size, le);
  return out;
}

/**
 * Writes `data`, elements of the torchlet dtype named `dtype`, `size` bytes each, little-endian into
 * `out` at byte `pos`: int64 as two 32-bit halves, uint8 and bool as bytes (bool's as 0 / 1).
 */
export function encodeInto(out: Uint8Array, pos: number, data: Storage, dtype: string, size: number): void {
  if (hostLittleEndian && ((dtype === 'float32' && data instanceof Float32Array) || (dtype === 'float64' && data instanceof Float64Array))) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), pos);
    return;
  }
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0, at = pos; i < data.length; i++, at += size) {
    const x = data[i];
    switch (dtype) {
      case 'float32': v.setFloat32(at, x, true); break;
      case 'float64': v.setFloat64(at, x, true); break;
      case 'int64': { const hi = Math.floor(x / 4294967296); v.setUint32(at, x - hi * 4294967296, true); v.setInt32(at + 4, hi, true); break; }
      case 'int32': v.setInt32(at, x, true); break;
      case 'int16': v.setInt16(at, x, true); break;
      case 'int8': v.setInt8(at, x); break;
      default: v.setUint8(at, x); break; // uint8, bool (0/1)
    }
  }
}
