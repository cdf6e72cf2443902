// torch.save / torch.load for PyTorch's own .pt format (torch.save's default since 1.6), from and to
// bytes: a zip archive (zip.ts) of `<name>/data.pkl`, a protocol-2 pickle (pickle.ts) of the
// object in which every tensor is `torch._utils._rebuild_tensor_v2(storage, offset, size, stride,
// requires_grad, hooks)` and every storage a persistent id ('storage', torch.FloatStorage, key,
// 'cpu', numel); `<name>/data/<key>`, each storage's raw little-endian bytes (once, however many
// tensors view it); and `<name>/version` ("3\n"). Browser-safe: bytes in, bytes out.
//
// Loading accepts only those tensor-rebuilding names, storage classes and collections.OrderedDict:
// a .pt file is untrusted input, and nothing it names is ever run.
import { Tensor } from '../tensor/tensor.js';
import { DType, type Storage } from '../tensor/dtype.js';
import { RuntimeError } from '../tensor/errors.js';
import { numelOf } from '../tensor/shape.js';
import { Parameter } from '../nn/parameter.js';
import { Module } from '../nn/module.js';
import { asBytes, type Bytes } from './bytes.js';
import { ZipReader, writeZip } from './zip.js';
import { decodeInto, encodeInto, hostLittleEndian } from './elements.js';
import {
  unpickle, pickle, kind, UnpicklingError,
  PyGlobal, PyTuple, PyList, PyDict, PyStr, PyReduce, PyPersistent, type PyValue, type UnpickleHooks,
} from './pickle.js';
import { bindNames } from '../tensor/args.js';

/** What torch.load returns: Python dicts as Maps (as state_dict() gives), lists and tuples as arrays. */
export type PtValue = Tensor | number | bigint | string | boolean | null | PtValue[] | Map<PtValue, PtValue>;

// ---- storages ----

/** How a storage class's elements are laid out (elements.ts reads them), and the torchlet dtype that holds them. */
interface StorageKind {
  readonly cls: string;
  /** The element type's safetensors code, for elements.ts. */
  readonly code: string;
  readonly itemsize: number;
  /** PyTorch's dtype name; loads as this torchlet dtype when torchlet has it, else as `fallback`. */
  readonly dtype: string;
  readonly fallback: string;
}
const KINDS: readonly StorageKind[] = [
  { cls: 'FloatStorage', code: 'F32', itemsize: 4, dtype: 'float32', fallback: 'float32' },
  { cls: 'DoubleStorage', code: 'F64', itemsize: 8, dtype: 'float64', fallback: 'float64' },
  // int64 lives in doubles: exact to 2^53, larger values round
  { cls: 'LongStorage', code: 'I64', itemsize: 8, dtype: 'int64', fallback: 'int64' },
  { cls: 'BoolStorage', code: 'BOOL', itemsize: 1, dtype: 'bool', fallback: 'bool' },
  { cls: 'IntStorage', code: 'I32', itemsize: 4, dtype: 'int32', fallback: 'int64' },
  { cls: 'ShortStorage', code: 'I16', itemsize: 2, dtype: 'int16', fallback: 'int64' },
  { cls: 'CharStorage', code: 'I8', itemsize: 1, dtype: 'int8', fallback: 'int64' },
  { cls: 'ByteStorage', code: 'U8', itemsize: 1, dtype: 'uint8', fallback: 'int64' },
  // torchlet has no 16-bit floats: they widen exactly to float32
  { cls: 'HalfStorage', code: 'F16', itemsize: 2, dtype: 'float16', fallback: 'float32' },
  { cls: 'BFloat16Storage', code: 'BF16', itemsize: 2, dtype: 'bfloat16', fallback: 'float32' },
];
const KIND_BY_CLASS = new Map(KINDS.map((k) => [k.cls, k]));
const KIND_BY_DTYPE = new Map(KINDS.map((k) => [k.dtype, k]));

/** The torchlet dtype named `name`, if torchlet has it. */
function dtypeNamed(name: string): DType | undefined {
  const d = (DType as unknown as Record<string, unknown>)[name];
  return d instanceof DType ? d : undefined;
}
const dtypeOf = (k: StorageKind): DType => dtypeNamed(k.dtype) ?? dtypeNamed(k.fallback)!;

/** A storage's raw little-endian bytes, as torch.save writes them (float storages on a little-endian host: the storage's own bytes). */
function encodeStorage(data: Storage, k: StorageKind): Uint8Array {
  if (hostLittleEndian && ((k.dtype === 'float32' && data instanceof Float32Array) || (k.dtype === 'float64' && data instanceof Float64Array)))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * k.itemsize);
  encodeInto(out, 0, data, k.dtype, k.itemsize);
  return out;
}

/** A storage of `numel` elements decoded from its record's bytes (already checked to be numel * itemsize long). */
const decodeStorage = (bytes: Uint8Array, k: StorageKind, numel: number, le: boolean): Storage => decodeInto(dtypeOf(k).alloc(numel), bytes, k.code, k.itemsize, le);

// ---- loading ----

/** The only names a .pt file may use; each stands for a marker object, never for code. */
class Allowed { constructor(readonly qualname: string, readonly storage: StorageKind | null = null) {} }
const REBUILD_TENSOR = new Allowed('torch._utils._rebuild_tensor_v2');
const REBUILD_PARAMETER = new Allowed('torch._utils._rebuild_parameter');
const ORDERED_DICT = new Allowed('collections.OrderedDict');
const ALLOWED = new Map<string, Allowed>([
  [REBUILD_TENSOR.qualname, REBUILD_TENSOR], [REBUILD_PARAMETER.qualname, REBUILD_PARAMETER], [ORDERED_DICT.qualname, ORDERED_DICT],
  ...KINDS.map((k): [string, Allowed] => [`torch.${k.cls}`, new Allowed(`torch.${k.cls}`, k)]),
]);

/** A storage named by a persistent id: decoded once per key, shared by every tensor that views it. */
class LoadedStorage { constructor(readonly key: string, readonly kind: StorageKind, readonly data: Storage) {} }

/** Maps torch.load made from a Python dict (rather than an OrderedDict): torch.save writes them back as dicts. */
const PYTHON_DICTS = new WeakSet<Map<unknown, unknown>>();

export interface LoadOptions { map_location?: unknown; pickle_module?: unknown; weights_only?: boolean }

/**
 * torch.load from the bytes of a .pt file: `load(bytes)`, `load(bytes, { map_location: 'cpu' })`
 * (file paths need the Node build, whose `load` shares this signature). Every tensor loads on the
 * CPU (map_location and weights_only are accepted for ported code; torchlet always loads only
 * tensors and plain containers). TypeScript callers may name what they expect:
 * `torch.load<Map<string, Tensor>>(bytes)` (unchecked, as a cast is).
 */
export function load<T = PtValue>(f: string | Bytes, ...rest: unknown[]): T {
  const a = bindNames('load', ['f', 'map_location', 'pickle_module', 'weights_only'], [f, ...rest]);
  if (typeof a.f === 'string') throw new TypeError("torch.load takes the bytes of a .pt file here; to read a path, use the Node build ('torchlet' under Node, or 'torchlet/node')");
  return loadArchive(asBytes(a.f as Bytes, 'a .pt file'), 'the .pt data', a) as T;
}

/** torch.load's work, for the core and the Node wrapper: `label` names the file in errors. */
export function loadArchive(bytes: Uint8Array, label: string, opts: LoadOptions = {}): PtValue {
  if (opts.pickle_module !== undefined && opts.pickle_module !== null) throw new TypeError('torch.load: torchlet has its own restricted unpickler; pickle_module must be None');
  if (opts.weights_only !== undefined && opts.weights_only !== null && typeof opts.weights_only !== 'boolean') throw new TypeError('torch.load: weights_only must be a bool');
  const fail = (what: string): never => { throw new RuntimeError(`${label}: ${what}`); };
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] <= 5)
    fail('this is a legacy .pt file (torch.save with _use_new_zipfile_serialization=False, or PyTorch before 1.6); torchlet reads the zip-based format torch.save writes by default: load and save it again with a recent PyTorch');
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04)
    fail('not a PyTorch .pt file (torch.save writes a zip archive, which starts with "PK\\x03\\x04")');
  const zip = new ZipReader(bytes, label);
  const first = zip.entries[0].name, slash = first.indexOf('/');
  if (slash < 0) fail(`file in archive is not in a subdirectory: ${first}`);
  const prefix = first.slice(0, slash + 1);
  const record = (name: string): Uint8Array | null => { const e = zip.get(prefix + name); return e ? zip.read(e) : null; };
  if (zip.get(`${prefix}constants.pkl`) || zip.entries.some((e) => e.name.startsWith(`${prefix}code/`)))
    fail('this is a TorchScript archive (torch.jit.save), which holds code; torchlet loads what torch.save writes');
  const pkl = record('data.pkl');
  if (!pkl) return fail(`the archive has no ${prefix}data.pkl`);
  const version = record('version');
  if (!version) fail(`the archive has no ${prefix}version record`);
  if (!/^\d+\s*$/.test(new TextDecoder().decode(version!))) fail(`${prefix}version is not a number`);
  const order = record('byteorder');
  const byteorder = order ? new TextDecoder().decode(order) : 'little';
  if (byteorder !== 'little' && byteorder !== 'big') fail(`${prefix}byteorder must be 'little' or 'big', found '${byteorder.slice(0, 20)}'`);

  const storages = new Map<string, LoadedStorage>();
  const ordered = new WeakSet<Map<unknown, unknown>>();
  const hooks: UnpickleHooks = {
    findClass(module, name) {
      const allowed = ALLOWED.get(`${module}.${name}`);
      if (!allowed) throw new UnpicklingError(`torchlet refuses the global '${module}.${name}': only tensors and plain containers can be loaded (nothing in a .pt file is ever run)`);
      return allowed;
    },
    persistentLoad(pid) {
      if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== 'storage')
        throw new UnpicklingError(`only persistent ids ('storage', type, key, location, numel) are allowed, found ${kind(pid)}`);
      const [, cls, key, location, numel] = pid;
      if (!(cls instanceof Allowed) || !cls.storage) throw new UnpicklingError(`a persistent id names ${cls instanceof Allowed ? cls.qualname : kind(cls)}, not a storage class`);
      if (typeof key !== 'string' || typeof location !== 'string') throw new UnpicklingError('a storage persistent id needs a string key and location');
      if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) throw new UnpicklingError(`storage '${key}' has an invalid size ${String(numel)}`);
      const seen = storages.get(key);
      if (seen) {
        if (seen.kind !== cls.storage) fail(`storage '${key}' is used as both ${seen.kind.cls} and ${cls.storage.cls}`);
        if (seen.data.length !== numel) fail(`storage '${key}' is given sizes ${seen.data.length} and ${numel}`);
        return seen;
      }
      const bytes = record(`data/${key}`);
      if (!bytes) return fail(`the archive has no record ${prefix}data/${key} for storage '${key}'`);
      // checked before allocating: the file's own size bounds the storage
      if (bytes.length !== numel * cls.storage.itemsize)
        fail(`storage '${key}' of ${numel} ${cls.storage.dtype} elements needs ${numel * cls.storage.itemsize} bytes, but ${prefix}data/${key} holds ${bytes.length}`);
      const st = new LoadedStorage(key, cls.storage, decodeStorage(bytes, cls.storage, numel, byteorder === 'little'));
      storages.set(key, st);
      return st;
    },
    reduce(func, args) {
      if (func === REBUILD_TENSOR) return rebuildTensor(args);
      if (func === REBUILD_PARAMETER) {
        const [data, requiresGrad] = args;
        if (args.length !== 3 || !(data instanceof Tensor) || typeof requiresGrad !== 'boolean') throw new UnpicklingError('_rebuild_parameter needs (tensor, requires_grad, hooks)');
        const p = new Parameter(data, requiresGrad);
        p.data = data; // share the storage, as the tensor's other views do
        return p;
      }
      if (func === ORDERED_DICT) {
        if (args.length !== 0) throw new UnpicklingError('collections.OrderedDict is only rebuilt empty, as torch.save writes it');
        const m = new Map();
        ordered.add(m);
        return m;
      }
      throw new UnpicklingError(`torchlet refuses to call ${func instanceof Allowed ? func.qualname : kind(func)}`);
    },
    build(obj, state) {
      // an OrderedDict's attributes: state_dict() carries `_metadata` (module versions)
      if (!(obj instanceof Map) || !ordered.has(obj)) throw new UnpicklingError(`BUILD applies only to an OrderedDict, found ${kind(obj)}`);
      if (!(state instanceof Map) || [...state.keys()].some((k) => k !== '_metadata')) throw new UnpicklingError("an OrderedDict's state may hold only '_metadata'");
      if (state.has('_metadata')) Object.defineProperty(obj, '_metadata', { value: state.get('_metadata'), writable: true, configurable: true, enumerable: false });
    },
  };
  const dicts = new WeakSet<Map<unknown, unknown>>();
  const result = unpickle(pkl, hooks, dicts);
  checkLoaded(result);
  return result as PtValue;

  function rebuildTensor(args: unknown[]): Tensor {
    if (args.length !== 6 && args.length !== 7) throw new UnpicklingError(`_rebuild_tensor_v2 takes 6 or 7 arguments, got ${args.length}`);
    const [st, offset, size, stride, requiresGrad, backwardHooks] = args;
    if (!(st instanceof LoadedStorage)) throw new UnpicklingError(`_rebuild_tensor_v2 needs a storage, found ${kind(st)}`);
    const ints = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0);
    if (!Number.isSafeInteger(offset) || (offset as number) < 0) throw new UnpicklingError(`invalid storage offset ${String(offset)}`);
    if (!ints(size) || !ints(stride) || size.length !== stride.length) throw new UnpicklingError(`invalid tensor sizes ${show(size)} and strides ${show(stride)}`);
    if (typeof requiresGrad !== 'boolean') throw new UnpicklingError('requires_grad must be a bool');
    if (!(backwardHooks instanceof Map) || backwardHooks.size) throw new UnpicklingError('tensors with backward hooks cannot be loaded');
    const n = numelOf(size);
    if (!Number.isSafeInteger(n)) throw new RuntimeError(`${label}: a tensor of sizes ${show(size)} has too many elements`);
    if (n > 0) {
      let need = (offset as number) + 1;
      for (let i = 0; i < size.length; i++) need += (size[i] - 1) * stride[i];
      if (need > st.data.length) {
        const k = st.kind.itemsize;
        throw new RuntimeError(`setStorage: sizes [${size.join(', ')}], strides [${stride.join(', ')}], storage offset ${offset}, and itemsize ${k} requiring a storage size of ${need * k} are out of bounds for storage of size ${st.data.length * k}`);
      }
    }
    const t = new Tensor(st.data, size, dtypeOf(st.kind), stride, offset as number);
    if (requiresGrad) t.requires_grad_(true);
    return t;
  }

  /** Marks the plain dicts (for saving back as dicts) and rejects markers left outside a REDUCE. */
  function checkLoaded(root: unknown): void {
    const seen = new Set<unknown>();
    const todo = [root];
    while (todo.length) {
      const v = todo.pop();
      if (v === null || typeof v !== 'object' || seen.has(v)) continue;
      seen.add(v);
      if (v instanceof Allowed) throw new UnpicklingError(`torchlet loads data, not the name ${v.qualname}`);
      if (v instanceof LoadedStorage) throw new UnpicklingError('torchlet loads tensors, not bare storages');
      if (v instanceof Map) {
        if (dicts.has(v)) PYTHON_DICTS.add(v);
        for (const [k, x] of v) todo.push(k, x);
        const meta = (v as { _metadata?: unknown })._metadata;
        if (meta !== undefined) todo.push(meta);
      } else if (Array.isArray(v)) todo.push(...v);
    }
  }
}

function show(v: unknown): string {
  const s = Array.isArray(v) ? `[${v.map(String).join(', ')}]` : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// ---- saving ----

const G_REBUILD_TENSOR = new PyGlobal('torch._utils', '_rebuild_tensor_v2');
const G_REBUILD_PARAMETER = new PyGlobal('torch._utils', '_rebuild_parameter');
const G_ORDERED_DICT = new PyGlobal('collections', 'OrderedDict');
const emptyOrderedDict = (): PyReduce => new PyReduce(G_ORDERED_DICT, new PyTuple([]));

interface SavedStorage { key: PyStr; kind: StorageKind; data: Storage }

/** Turns a JS value into the pickle graph torch.save would write for its Python counterpart. */
class SaveGraph {
  readonly storages: SavedStorage[] = [];
  private readonly byStorage = new Map<Storage, SavedStorage>();
  private readonly done = new Map<object, PyValue>();

  convert(v: unknown, where: string): PyValue {
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return v;
    if (typeof v !== 'object' && !(v instanceof Module)) return refuse(v, where);
    const cached = this.done.get(v as object);
    if (cached !== undefined) return cached;
    if (v instanceof Parameter) {
      // Parameter.__reduce_ex__: _rebuild_parameter(param.data, requires_grad, OrderedDict())
      const node = new PyReduce(G_REBUILD_PARAMETER, new PyTuple([this.tensor(v, false), v.requires_grad, emptyOrderedDict()]));
      this.done.set(v, node);
      return node;
    }
    if (v instanceof Tensor) {
      const node = this.tensor(v, v.requires_grad);
      this.done.set(v, node);
      return node;
    }
    if (Array.isArray(v)) {
      const items: PyValue[] = [];
      const node = new PyList(items);
      this.done.set(v, node); // before the items: a list may hold itself
      v.forEach((x, i) => items.push(this.convert(x, `${where}[${i}]`)));
      return node;
    }
    if (v instanceof Map) {
      const items: [PyValue, PyValue][] = [];
      const meta = Object.prototype.hasOwnProperty.call(v, '_metadata') ? (v as { _metadata?: unknown })._metadata : undefined;
      const state: [PyValue, PyValue][] = [];
      // a Map saves as collections.OrderedDict (what state_dict() is in PyTorch), unless it was loaded from a dict
      const node = PYTHON_DICTS.has(v) ? new PyDict(items) : new PyReduce(G_ORDERED_DICT, new PyTuple([]), items, meta === undefined ? undefined : new PyDict(state));
      this.done.set(v, node);
      for (const [k, x] of v) items.push([this.convert(k, `${where} key`), this.convert(x, `${where}[${String(k)}]`)]);
      if (meta !== undefined) state.push(['_metadata', this.convert(meta, `${where}._metadata`)]);
      return node;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      const items: [PyValue, PyValue][] = [];
      const node = new PyDict(items);
      this.done.set(v as object, node);
      for (const [k, x] of Object.entries(v as object)) items.push([k, this.convert(x, `${where}.${k}`)]);
      return node;
    }
    return refuse(v, where);
  }

  /** Tensor.__reduce_ex__: _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict()). */
  private tensor(t: Tensor, requiresGrad: boolean): PyReduce {
    let st = this.byStorage.get(t._storage);
    if (!st) {
      const k = KIND_BY_DTYPE.get(t.dtype.name);
      if (!k) throw new TypeError(`torch.save: tensors of dtype ${t.dtype} cannot be saved`);
      st = { key: new PyStr(String(this.storages.length)), kind: k, data: t._storage };
      this.storages.push(st);
      this.byStorage.set(t._storage, st);
    }
    const pid = new PyPersistent(new PyTuple(['storage', new PyGlobal('torch', st.kind.cls), st.key, 'cpu', st.data.length]));
    const args = [pid, t._offset, new PyTuple(t.shape), new PyTuple(t._strides), requiresGrad, emptyOrderedDict()];
    return new PyReduce(G_REBUILD_TENSOR, new PyTuple(args));
  }
}

function refuse(v: unknown, where: string): never {
  const what = v instanceof Module ? `a ${v.constructor.name} module` : typeof v === 'object' ? `a ${(v as object).constructor?.name ?? 'object'}` : `a ${typeof v}`;
  const hint = v instanceof Module ? ': save its state_dict() instead, as the PyTorch docs recommend' : '';
  throw new TypeError(`torch.save cannot save ${what} (at ${where})${hint}; it saves tensors, numbers, strings, booleans, null, arrays, Maps and plain objects`);
}

/**
 * The .pt bytes of `obj` inside the archive folder `archiveName`, laid out as PyTorch 1.13 writes
 * them: data.pkl, the storages in order of their keys as strings ("0", "1", "10", "2", ...), version.
 */
export function saveArchive(obj: unknown, archiveName: string): Uint8Array {
  const graph = new SaveGraph();
  const root = graph.convert(obj, 'the top level');
  const records: [string, Uint8Array][] = [[`${archiveName}/data.pkl`, pickle(root)]];
  const sorted = graph.storages.slice().sort((a, b) => (a.key.value < b.key.value ? -1 : a.key.value > b.key.value ? 1 : 0));
  for (const st of sorted) records.push([`${archiveName}/data/${st.key.value}`, encodeStorage(st.data, st.kind)]);
  records.push([`${archiveName}/version`, new TextEncoder().encode('3\n')]);
  return writeZip(records);
}

export interface SaveOptions { pickle_module?: unknown; pickle_protocol?: number; _use_new_zipfile_serialization?: boolean }

/**
 * torch.save to bytes: `const bytes = torch.save(model.state_dict())`. The archive folder is
 * "archive", as PyTorch names it when saving to a buffer; to write a file use the Node build's
 * `torch.save(obj, path)` (the second signature, declared here for it).
 */
export function save(obj: unknown, options?: SaveOptions): Uint8Array;
export function save(obj: unknown, f: string, options?: SaveOptions): void;
export function save(obj: unknown, ...rest: unknown[]): Uint8Array | void {
  const a = saveArgs(rest);
  if (a.f !== undefined && a.f !== null) throw new TypeError("torch.save returns the bytes here; to write a file, use the Node build ('torchlet' under Node, or 'torchlet/node')");
  return saveArchive(obj, 'archive');
}

/**
 * torch.save's arguments after `obj` (which may itself be a plain object, so it is never read as
 * keyword arguments), checked: torchlet writes the default format only.
 */
export function saveArgs(rest: unknown[]): SaveOptions & { f?: unknown } {
  const a = bindNames('save', ['f', 'pickle_module', 'pickle_protocol', '_use_new_zipfile_serialization'], rest) as SaveOptions & { f?: unknown };
  if (a.pickle_module !== undefined && a.pickle_module !== null) throw new TypeError('torch.save: torchlet writes its own pickles; pickle_module must be None');
  if (a.pickle_protocol !== undefined && a.pickle_protocol !== 2) throw new TypeError(`torch.save: torchlet writes pickle protocol 2 (torch.save's default), not ${String(a.pickle_protocol)}`);
  if (a._use_new_zipfile_serialization === false) throw new TypeError('torch.save: torchlet writes only the zip-based format (_use_new_zipfile_serialization=True)');
  return a;
}
