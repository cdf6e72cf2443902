// Bytes as Node and browsers hold them (an ArrayBuffer from fetch, a Buffer, any typed array or
// DataView), seen as one Uint8Array over the same memory: what the file-format readers take.

/** What the deserializers read. */
export type Bytes = Uint8Array | ArrayBuffer | SharedArrayBuffer | ArrayBufferView;

/** A Uint8Array over the same memory as `data` (no copy); `what` names the expected file in the TypeError. */
export function asBytes(data: Bytes, what: string): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer)) return new Uint8Array(data);
  const got = data === null ? 'null' : typeof data === 'object' ? (data as object).constructor?.name ?? 'object' : typeof data;
  throw new TypeError(`expected the bytes of ${what} (a Uint8Array, Buffer, ArrayBuffer or typed array), got ${got}`);
}
