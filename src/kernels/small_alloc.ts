// Storage for small tensors on the JS heap. `new Float32Array(128)` costs ~1-2 us in V8 (a
// backing store of its own, counted as external memory, which also brings garbage collections
// sooner), more than the op that fills it; a view on a shared slab costs a tenth of that. Arrays
// of 65 bytes to 1 KiB (smaller ones V8 keeps on its own heap, cheaply) are carved one after
// another from 8 KiB slabs, zeroed as fresh ArrayBuffers are; a slab is freed when none of its
// arrays is referenced any more. The price: one long-lived small tensor keeps its 8 KiB slab alive.
// Kernels only ever use an array's byteOffset and length, never its whole buffer; the autograd
// engine's buffer-identity checks then see arrays of one slab as sharing storage, which only
// makes it copy a gradient it could have adopted.
const SLAB = 8192, MIN = 65, MAX = 1024;
let slab = new ArrayBuffer(SLAB), used = 0;

/** A zeroed float32 or float64 array of n elements. */
export function smallArray(kind: 'f32' | 'f64', n: number): Float32Array | Float64Array {
  const bytes = n * (kind === 'f32' ? 4 : 8);
  if (bytes < MIN || bytes > MAX) return kind === 'f32' ? new Float32Array(n) : new Float64Array(n);
  if (used + bytes > SLAB) { slab = new ArrayBuffer(SLAB); used = 0; }
  const a = kind === 'f32' ? new Float32Array(slab, used, n) : new Float64Array(slab, used, n);
  used = (used + bytes + 7) & ~7; // float64 arrays need 8-byte alignment
  return a;
}
