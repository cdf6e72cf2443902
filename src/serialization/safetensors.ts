// The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
// header length N, N bytes of JSON ({name: {dtype, shape, data_offsets: [begin, end]}, optional
// "__metadata__": {string: string}}, space-padded to a multiple of 8), then the raw little-endian
// tensor bytes. Browser-safe: bytes in, bytes out. Reads and writes F32/F64/I64/I32/I16/I8/U8/BOOL
// as the dtype of the same name; converts F16 and BF16 to float32, and U16/U32/U64 (which PyTorch
// 1.13 has no dtype for) to int64, on load.
import { Tensor } from '../tensor/tensor.js';
import { float32, float64, int64, int32, int16, int8, uint8, bool, type DType } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { bind } from '../tensor/args.js';
import { asBytes as toBytes, type Bytes } from './bytes.js';
import { decodeInto, encodeInto } from './elements.js';

export type TensorDict = Map<string, Tensor> | Record<string, Tensor>;

const MAX_HEADER = 100_000_000; // the reference implementation's limit
const CODES = new Map<DType, string>([
  [float32, 'F32'], [float64, 'F64'], [int64, 'I64'], [int32, 'I32'], [int16, 'I16'], [int8, 'I8'], [uint8, 'U8'], [bool, 'BOOL'],
]);
/** The dtype each stored code loads as (codes not listed load as int64). */
const LOADS_AS = new Map<string, DType>([...CODES].map(([d, c]) => [c, d] as [string, DType]).concat([['F16', float32], ['BF16', float32]]));
// a Map, not an object: a header's dtype 'toString' or '__proto__' must not find Object.prototype's
const SIZES = new Map(Object.entries({ F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1, U16: 2, U32: 4, U64: 8 }));

function entries<T>(dict: Map<string, T> | Record<string, T>): [string, T][] {
  return dict instanceof Map ? [...dict.entries()] : Object.entries(dict);
}

/**
 * A JSON object's text from keys and their values' JSON text, written out by hand: an object
 * built by assignment would take `header['__proto__'] = ...` as a prototype, not as a key.
 */
function jsonObject(pairs: [string, string][]): string {
  return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/** Serializes named tensors (a state_dict) to safetensors bytes. */
export function serialize(...args: [tensors: TensorDict, metadata?: Record<string, string> | Map<string, string> | null]): Uint8Array {
  const a = bind('serialize(tensors: dict, metadata: dict=None)', args);
  const tensors = a.tensors as TensorDict, metadata = a.metadata as Record<string, string> | Map<string, string> | null;
  const items = entries(tensors);
  const header: [string, string][] = [];
  if (metadata) {
    const meta = entries(metadata);
    for (const [k, v] of meta) {
      if (typeof k !== 'string') throw new TypeError(`metadata keys must be strings, got ${typeof k}`);
      if (typeof v !== 'string') throw new TypeError(`metadata values must be strings, got ${typeof v} for '${k}'`);
    }
    header.push(['__metadata__', jsonObject(meta.map(([k, v]) => [k, JSON.stringify(v)]))]);
  }
  let offset = 0;
  const seen = new Set<string>();
  for (const [name, t] of items) {
    if (typeof name !== 'string') throw new TypeError(`tensor names must be strings, got ${typeof name}`);
    if (!(t instanceof Tensor)) throw new TypeError(`'${name}' is not a Tensor`);
    if (name === '__metadata__') throw new RuntimeError("'__metadata__' is reserved and cannot name a tensor");
    if (seen.has(name)) throw new RuntimeError(`duplicate tensor name '${name}'`);
    seen.add(name);
    const code = CODES.get(t.dtype)!;
    const nbytes = t.numel() * SIZES.get(code)!;
    header.push([name, JSON.stringify({ dtype: code, shape: t.shape, data_offsets: [offset, offset + nbytes] })]);
    offset += nbytes;
  }
  let json = jsonObject(header);
  const enc = new TextEncoder();
  let hbytes = enc.encode(json);
  // pad with spaces so the data starts 8-byte aligned, as the reference writer does
  const pad = (8 - (hbytes.length % 8)) % 8;
  if (pad) { json += ' '.repeat(pad); hbytes = enc.encode(json); }
  const out = new Uint8Array(8 + hbytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(hbytes.length), true);
  out.set(hbytes, 8);
  let pos = 8 + hbytes.length;
  for (const [, t] of items) {
    const d = t._data, size = t.dtype.itemsize;
    encodeInto(out, pos, d, t.dtype.name, size);
    pos += size * d.length;
  }
  return out;
}

export interface Deserialized { tensors: Map<string, Tensor>; metadata: Record<string, string> | null }

export type { Bytes };

/** A value from a header, shortened for an error message. */
function show(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses safetensors bytes into tensors (copies: nothing aliases `bytes`) and the metadata. */
export function deserialize_with_metadata(...args: [data: Bytes, name?: string]): Deserialized {
  const a = bind("deserialize_with_metadata(data, name='safetensors data')", args);
  const bytes = toBytes(a.data as Bytes, 'a safetensors file'), name = a.name as string;
  const fail = (what: string): never => { throw new RuntimeError(`${name}: ${what}`); };
  if (bytes.length < 8) fail(`${bytes.length} bytes is too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER)) fail(`header length ${n64} is larger than the 100 MB limit (not a safetensors file?)`);
  const n = Number(n64);
  if (8 + n > bytes.length) fail(`truncated header: it declares ${n} bytes, the file has ${bytes.length - 8} after the length`);
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
    if (!text.startsWith('{')) fail('the header is not a JSON object');
    header = JSON.parse(text); // keys such as '__proto__' become own properties, never a prototype
  } catch (e) {
    if ((e as Error).name === 'RuntimeError') throw e;
    return fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(header)) return fail('the header is not a JSON object');
  const dataStart = 8 + n, dataLen = bytes.length - dataStart;
  let metadata: Record<string, string> | null = null;
  const specs: [string, string, number[], number, number][] = [];
  for (const [key, spec] of Object.entries(header)) {
    if (key === '__metadata__') {
      if (!isObject(spec)) fail(`__metadata__ must be an object of strings, found ${show(spec)}`);
      for (const [k, v] of Object.entries(spec as object)) if (typeof v !== 'string') fail(`__metadata__ value for '${k}' must be a string, found ${show(v)}`);
      metadata = spec as Record<string, string>;
      continue;
    }
    if (!isObject(spec) || !hasOwn(spec, 'dtype') || !hasOwn(spec, 'shape') || !hasOwn(spec, 'data_offsets'))
      return fail(`tensor '${key}' needs dtype, shape and data_offsets [begin, end]`);
    const { dtype, shape, data_offsets: offsets } = spec;
    const size = typeof dtype === 'string' ? SIZES.get(dtype) : undefined;
    if (size === undefined) return fail(`tensor '${key}' has unsupported dtype ${typeof dtype === 'string' ? dtype : show(dtype)} (supported: ${[...SIZES.keys()].join(', ')})`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return fail(`tensor '${key}' has an invalid shape ${show(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[1] < offsets[0])
      return fail(`tensor '${key}' has invalid data_offsets ${show(offsets)}`);
    const [b, e] = offsets as number[];
    const want = shape.reduce((a: number, c: number) => a * c, 1) * size;
    if (e - b !== want) fail(`tensor '${key}': ${dtype} ${JSON.stringify(shape)} needs ${want} bytes but data_offsets [${b}, ${e}] span ${e - b}`);
    if (e > dataLen) fail(`truncated: tensor '${key}' ends at byte ${e} of the data, but only ${dataLen} bytes follow the header`);
    specs.push([key, dtype as string, shape, b, e]);
  }
  // the format requires the tensors to tile the data buffer exactly
  const sorted = specs.map((s) => [s[3], s[4]]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let end = 0;
  for (const [b, e] of sorted) { if (b !== end) fail(`the data has a gap or overlap at byte ${end} (a tensor starts at ${b})`); end = e; }
  if (end !== dataLen) fail(`${dataLen - end} bytes after the last tensor are not described by the header`);
  const tensors = new Map<string, Tensor>();
  for (const [key, dtype, shape, b] of specs) {
    const target = LOADS_AS.get(dtype) ?? int64, n = shape.reduce((x, c) => x * c, 1);
    tensors.set(key, new Tensor(decodeInto(target.alloc(n), bytes.subarray(dataStart + b), dtype, SIZES.get(dtype)!, true), shape, target));
  }
  return { tensors, metadata };
}

/** Named tensors from safetensors bytes. */
export function deserialize(...args: [data: Bytes, name?: string]): Map<string, Tensor> {
  const a = bind("deserialize(data, name='safetensors data')", args);
  return deserialize_with_metadata(a.data as Bytes, a.name as string).tensors;
}

