// The zip container of PyTorch's .pt files: a reader for untrusted archives of stored (uncompressed)
// entries, zip64 included, and a writer that lays entries out byte for byte as PyTorch 1.13's
// writer (caffe2's PyTorchStreamWriter over miniz) does: 64-byte aligned data behind an "FB" padding
// extra field, a data descriptor after each non-empty entry, zip64 end records always, no
// timestamps. Browser-safe: bytes in, bytes out.
//
// Every offset and size read from the archive is checked against the buffer before use, and no
// allocation is sized by a header: the reader hands out subarrays of the input.
import { RuntimeError } from '../tensor/errors.js';

const LOCAL_SIG = 0x04034b50, CENTRAL_SIG = 0x02014b50, EOCD_SIG = 0x06054b50;
const ZIP64_EOCD_SIG = 0x06064b50, ZIP64_LOCATOR_SIG = 0x07064b50, DESCRIPTOR_SIG = 0x08074b50;
const LOCAL_SIZE = 30, CENTRAL_SIZE = 46, EOCD_SIZE = 22, ZIP64_EOCD_SIZE = 56, ZIP64_LOCATOR_SIZE = 20;
const U32_MAX = 0xffffffff;
const FLAG_ENCRYPTED = 0x1, FLAG_DESCRIPTOR = 0x8, FLAG_UTF8 = 0x800;
/** PyTorch aligns every record's data to 64 bytes (caffe2 kFieldAlignment), so it can be mapped in place. */
const ALIGNMENT = 64;

// ---- CRC-32 (the zip polynomial, reflected), slicing by 4 ----
const CRC_TABLES = (() => {
  const t = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 4; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n] >>> 8) ^ t[t[(k - 1) * 256 + n] & 0xff];
  return t;
})();

function crc32Js(data: Uint8Array): number {
  const t = CRC_TABLES;
  let c = 0xffffffff, i = 0;
  const n4 = data.length & ~3;
  for (; i < n4; i += 4) {
    c ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    c = t[768 + (c & 0xff)] ^ t[512 + ((c >>> 8) & 0xff)] ^ t[256 + ((c >>> 16) & 0xff)] ^ t[c >>> 24];
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

let crcImpl: (data: Uint8Array) => number = crc32Js;
/** The zip CRC-32 of `data`. */
export function crc32(data: Uint8Array): number { return crcImpl(data); }
/** Lets the Node build use zlib's native CRC-32 (several times faster); null restores the portable one. */
export function setCrc32(fn: ((data: Uint8Array) => number) | null): void { crcImpl = fn ?? crc32Js; }

// ---- reading ----

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Where the entry's bytes start (after its local header), already checked to lie in the archive. */
  readonly dataStart: number;
}

/** The entries of a zip archive held in memory, in central-directory order. */
export class ZipReader {
  readonly entries: ZipEntry[] = [];
  private readonly byName = new Map<string, ZipEntry>();
  private readonly view: DataView;

  /** `label` starts every error message (a file name, or a description of the bytes). */
  constructor(private readonly bytes: Uint8Array, private readonly label: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.parse();
  }

  get(name: string): ZipEntry | undefined { return this.byName.get(name); }

  /** An entry's bytes (a subarray of the archive, not a copy), after checking method, sizes and CRC-32. */
  read(entry: ZipEntry): Uint8Array {
    if (entry.flags & FLAG_ENCRYPTED) this.fail(`${entry.name} is encrypted`);
    if (entry.method !== 0)
      this.fail(`${entry.name} is compressed (zip method ${entry.method}${entry.method === 8 ? ', deflate' : ''}); torchlet reads only stored entries, as torch.save writes them`);
    if (entry.compressedSize !== entry.size) this.fail(`${entry.name} is stored but its compressed size ${entry.compressedSize} differs from its size ${entry.size}`);
    const data = this.bytes.subarray(entry.dataStart, entry.dataStart + entry.size);
    if (crc32(data) !== entry.crc) this.fail(`CRC-32 mismatch in ${entry.name}: the file is damaged`);
    return data;
  }

  private fail(what: string): never { throw new RuntimeError(`${this.label}: ${what}`); }

  private u16(at: number): number { return this.view.getUint16(at, true); }
  private u32(at: number): number { return this.view.getUint32(at, true); }
  /** A little-endian 64-bit size or offset; anything past 2^53 cannot fit in memory, let alone this buffer. */
  private u64(at: number, what: string): number {
    const v = this.view.getBigUint64(at, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} ${v} is larger than the file`);
    return Number(v);
  }

  private parse(): void {
    const len = this.bytes.length;
    if (len < EOCD_SIZE) this.fail(`${len} bytes is too short for a zip archive (the file is truncated or not a .pt file)`);
    // the end-of-central-directory record sits at the end, before a comment of at most 65535 bytes
    let eocd = -1;
    for (let i = len - EOCD_SIZE; i >= Math.max(0, len - EOCD_SIZE - 0xffff); i--) {
      if (this.u32(i) === EOCD_SIG && i + EOCD_SIZE + this.u16(i + 20) <= len) { eocd = i; break; }
    }
    if (eocd < 0) this.fail('no zip end-of-central-directory record (the file is truncated or not a .pt file)');
    let count = this.u16(eocd + 10), cdSize = this.u32(eocd + 12), cdOffset = this.u32(eocd + 16);
    let cdLimit = eocd; // the central directory must end before the records that describe it
    const locator = eocd - ZIP64_LOCATOR_SIZE;
    if (locator >= 0 && this.u32(locator) === ZIP64_LOCATOR_SIG) {
      const at = this.u64(locator + 8, 'the zip64 end record offset');
      if (at + ZIP64_EOCD_SIZE > locator || this.u32(at) !== ZIP64_EOCD_SIG) this.fail('the zip64 end-of-central-directory record is missing or out of place');
      count = this.u64(at + 32, 'the zip64 entry count');
      cdSize = this.u64(at + 40, 'the zip64 central directory size');
      cdOffset = this.u64(at + 48, 'the zip64 central directory offset');
      cdLimit = at;
    } else if (this.u16(eocd + 4) !== 0 || this.u16(eocd + 6) !== 0) {
      this.fail('multi-disk zip archives are not supported');
    }
    if (cdOffset > cdLimit || cdSize > cdLimit - cdOffset)
      this.fail(`the central directory (offset ${cdOffset}, ${cdSize} bytes) lies outside the file (truncated?)`);
    if (count * CENTRAL_SIZE > cdSize) this.fail(`${count} entries cannot fit in a central directory of ${cdSize} bytes`);
    if (count === 0) this.fail('the zip archive has no entries');
    let p = cdOffset;
    const cdEnd = cdOffset + cdSize;
    const decoder = new TextDecoder('utf-8');
    for (let k = 0; k < count; k++) {
      if (p + CENTRAL_SIZE > cdEnd || this.u32(p) !== CENTRAL_SIG) this.fail(`central directory entry ${k} is damaged`);
      const flags = this.u16(p + 8), method = this.u16(p + 10), crc = this.u32(p + 16);
      let compressedSize = this.u32(p + 20), size = this.u32(p + 24), offset = this.u32(p + 42);
      const nameLen = this.u16(p + 28), extraLen = this.u16(p + 30), commentLen = this.u16(p + 32);
      const next = p + CENTRAL_SIZE + nameLen + extraLen + commentLen;
      if (next > cdEnd) this.fail(`central directory entry ${k} runs past the central directory`);
      const name = decoder.decode(this.bytes.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLen));
      // zip64: the fields set to 0xFFFFFFFF are in the extra field 0x0001, in this order
      for (let e = p + CENTRAL_SIZE + nameLen, end = e + extraLen; e + 4 <= end;) {
        const id = this.u16(e), n = this.u16(e + 2);
        if (e + 4 + n > end) this.fail(`${name}: a damaged extra field`);
        if (id === 1) {
          let q = e + 4;
          const take = (what: string): number => {
            if (q + 8 > e + 4 + n) this.fail(`${name}: the zip64 extra field lacks the ${what}`);
            const v = this.u64(q, `${name}: the ${what}`); q += 8; return v;
          };
          if (size === U32_MAX) size = take('size');
          if (compressedSize === U32_MAX) compressedSize = take('compressed size');
          if (offset === U32_MAX) offset = take('local header offset');
        }
        e += 4 + n;
      }
      if (offset + LOCAL_SIZE > cdOffset || this.u32(offset) !== LOCAL_SIG) this.fail(`${name}: the local header at offset ${offset} is missing or outside the file`);
      const dataStart = offset + LOCAL_SIZE + this.u16(offset + 26) + this.u16(offset + 28);
      if (dataStart > cdOffset || compressedSize > cdOffset - dataStart)
        this.fail(`${name}: its ${compressedSize} bytes at offset ${dataStart} run past the end of the data (the file is truncated or damaged)`);
      if (this.byName.has(name)) this.fail(`the archive holds two entries named ${name}`);
      const entry: ZipEntry = { name, method, flags, crc, compressedSize, size, dataStart };
      this.entries.push(entry);
      this.byName.set(name, entry);
      p = next;
    }
  }
}

// ---- writing ----

/** The FB extra field PyTorch pads each local header with so the data starts 64-byte aligned (caffe2's getPadding). */
function paddingSize(cursor: number, nameLen: number, size: number): number {
  let start = cursor + LOCAL_SIZE + nameLen + 4;
  if (size >= U32_MAX || cursor >= U32_MAX) {
    start += 4;
    if (size >= U32_MAX) start += 16;
    if (cursor >= U32_MAX) start += 8;
  }
  return (ALIGNMENT - (start % ALIGNMENT)) % ALIGNMENT;
}

interface Placed { name: Uint8Array; data: Uint8Array; offset: number; crc: number; big: boolean; far: boolean }
/** The zip64 extra field's length: the two sizes when the entry is big, its offset when it starts far (miniz's rule). */
const zip64Length = (big: boolean, far: boolean): number => (big || far ? 4 + (big ? 16 : 0) + (far ? 8 : 0) : 0);

/**
 * A zip archive of `records` (name, bytes), stored, in the given order, laid out as PyTorch 1.13's
 * writer lays it out (see the file header).
 */
export function writeZip(records: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const enc = new TextEncoder();
  const placed: Placed[] = [];
  let cursor = 0, cdSize = 0;
  for (const [name, data] of records) {
    const nameBytes = enc.encode(name);
    const big = data.length >= U32_MAX, far = cursor >= U32_MAX;
    placed.push({ name: nameBytes, data, offset: cursor, crc: crc32(data), big, far });
    cursor += LOCAL_SIZE + nameBytes.length + zip64Length(big, far) + 4 + paddingSize(cursor, nameBytes.length, data.length) + data.length;
    if (data.length) cursor += big || far ? 24 : 16; // the data descriptor
    cdSize += CENTRAL_SIZE + nameBytes.length + zip64Length(big, far);
  }
  const cdOffset = cursor;
  const out = new Uint8Array(cdOffset + cdSize + ZIP64_EOCD_SIZE + ZIP64_LOCATOR_SIZE + EOCD_SIZE);
  const v = new DataView(out.buffer);
  const u16 = (at: number, x: number): void => v.setUint16(at, x, true);
  const u32 = (at: number, x: number): void => v.setUint32(at, x, true);
  const u64 = (at: number, x: number): void => v.setBigUint64(at, BigInt(x), true);
  /** The zip64 extra field: the size and compressed size when big, the offset when far (miniz's order). */
  const zip64Extra = (at: number, size: number, compressed: number, offset: number, big: boolean, far: boolean): number => {
    if (!big && !far) return at;
    u16(at, 1); u16(at + 2, (big ? 16 : 0) + (far ? 8 : 0));
    let q = at + 4;
    if (big) { u64(q, size); u64(q + 8, compressed); q += 16; }
    if (far) { u64(q, offset); q += 8; }
    return q;
  };
  for (const e of placed) {
    const n = e.data.length, flags = FLAG_UTF8 | (n ? FLAG_DESCRIPTOR : 0);
    const pad = paddingSize(e.offset, e.name.length, n);
    // local header: version needed 0, no time or date, CRC and sizes left to the data descriptor
    u32(e.offset, LOCAL_SIG); u16(e.offset + 6, flags);
    u16(e.offset + 26, e.name.length); u16(e.offset + 28, zip64Length(e.big, e.far) + 4 + pad);
    out.set(e.name, e.offset + LOCAL_SIZE);
    let q = zip64Extra(e.offset + LOCAL_SIZE + e.name.length, n, 0, e.offset, e.big, e.far);
    out[q] = 0x46; out[q + 1] = 0x42; u16(q + 2, pad); // 'FB', then the padding as 'Z's
    out.fill(0x5a, q + 4, q + 4 + pad);
    q += 4 + pad;
    out.set(e.data, q);
    q += n;
    if (n) {
      u32(q, DESCRIPTOR_SIG); u32(q + 4, e.crc);
      if (e.big || e.far) { u64(q + 8, n); u64(q + 16, n); } else { u32(q + 8, n); u32(q + 12, n); }
    }
  }
  let p = cdOffset;
  for (const e of placed) {
    const n = e.data.length;
    u32(p, CENTRAL_SIG); u16(p + 8, FLAG_UTF8 | (n ? FLAG_DESCRIPTOR : 0)); u32(p + 16, e.crc);
    u32(p + 20, Math.min(n, U32_MAX)); u32(p + 24, Math.min(n, U32_MAX));
    u16(p + 28, e.name.length); u16(p + 30, zip64Length(e.big, e.far));
    u32(p + 42, Math.min(e.offset, U32_MAX));
    out.set(e.name, p + CENTRAL_SIZE);
    p = zip64Extra(p + CENTRAL_SIZE + e.name.length, n, n, e.offset, e.big, e.far);
  }
  // zip64 end record (made by 0x031e, needed 45), its locator, then the classic end record
  u32(p, ZIP64_EOCD_SIG); u64(p + 4, ZIP64_EOCD_SIZE - 12); u16(p + 12, 0x031e); u16(p + 14, 0x2d);
  u64(p + 24, placed.length); u64(p + 32, placed.length); u64(p + 40, cdSize); u64(p + 48, cdOffset);
  const zip64At = p;
  p += ZIP64_EOCD_SIZE;
  u32(p, ZIP64_LOCATOR_SIG); u64(p + 8, zip64At); u32(p + 16, 1);
  p += ZIP64_LOCATOR_SIZE;
  u32(p, EOCD_SIG); u16(p + 8, Math.min(placed.length, 0xffff)); u16(p + 10, Math.min(placed.length, 0xffff));
  u32(p + 12, Math.min(cdSize, U32_MAX)); u32(p + 16, Math.min(cdOffset, U32_MAX));
  return out;
}
