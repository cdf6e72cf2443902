// One edit of a WebAssembly binary: its imported memory made non-shared. The kernel modules are
// built to import a shared memory (so that worker threads can run them on it); a page without
// cross-origin isolation cannot have one, and there the runtime compiles the same build with the
// import's limits flag changed from shared (0x03) to plain (0x01). The code is unchanged (atomic
// instructions are valid on a non-shared memory), so the kernels give the same bits either way.

function leb(b: Uint8Array, at: number): [value: number, next: number] {
  let v = 0, shift = 0, byte: number;
  do {
    if (at >= b.length) throw new Error('wasm binary: truncated');
    byte = b[at++];
    v += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [v, at];
}

/** A copy of `bytes` whose memory imports are not shared (the bytes themselves if none is). */
export function unshareMemory(bytes: Uint8Array): Uint8Array {
  let at = 8, out: Uint8Array | null = null;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    if (id === 2) {
      let [count, p] = leb(bytes, body);
      for (; count > 0; count--) {
        let len: number;
        [len, p] = leb(bytes, p); p += len; // module name
        [len, p] = leb(bytes, p); p += len; // field name
        const kind = bytes[p++];
        if (kind === 0 || kind === 4) { if (kind === 4) p++; [, p] = leb(bytes, p); continue; } // function, tag: a type index
        if (kind === 3) { p += 2; continue; } // global: value type, mutability
        if (kind === 1) p++; // table: element type, then limits
        const flags = bytes[p];
        // a copy: a Node Buffer's slice() would share the caller's bytes
        if (kind === 2 && (flags & 2)) { out ??= new Uint8Array(bytes); out[p] = flags & ~2; }
        [, p] = leb(bytes, p + 1); // minimum
        if (flags & 1) [, p] = leb(bytes, p); // maximum
      }
      return out ?? bytes;
    }
    at = body + size;
  }
  return bytes;
}
