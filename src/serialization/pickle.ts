// Python's pickle, restricted to what torch.save writes for tensors and containers.
//
// The unpickler runs untrusted bytes: it knows only the opcodes below, and every GLOBAL, REDUCE,
// BUILD and persistent id goes through hooks that the caller (pt.ts) limits to torch's tensor
// rebuilding functions. Nothing named by the data is ever looked up or run. It is a loop over the
// bytes with explicit stacks (no recursion), and allocates only what the bytes spell out.
//
// The pickler writes protocol 2 exactly as CPython's C pickler does (memo numbering, batching,
// integer opcodes), so torchlet's files match PyTorch's byte for byte.

/** Python's pickle.UnpicklingError: the bytes are not a pickle torchlet may load. */
export class UnpicklingError extends Error {
  constructor(message: string) { super(message); this.name = 'UnpicklingError'; }
}

// ---- the data model shared with pt.ts ----

/** A module-level name (GLOBAL 'module name'), e.g. collections.OrderedDict. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualname(): string { return `${this.module}.${this.name}`; }
}
/** A tuple (JS arrays pickle as lists). */
export class PyTuple { constructor(readonly items: readonly PyValue[]) {} }
/** A list or dict that pickles by identity: written once, then fetched from the memo. */
export class PyList { constructor(readonly items: readonly PyValue[]) {} }
export class PyDict { constructor(readonly items: readonly (readonly [PyValue, PyValue])[]) {} }
/** A float even when the value is integral (JS numbers with integral values pickle as ints). */
export class PyFloat { constructor(readonly value: number) {} }
/** A string memoized by identity, not by value (CPython memoizes by identity; see Pickler.save). */
export class PyStr { constructor(readonly value: string) {} }
/** func(*args), then `dictItems` set on the result and `state` applied with BUILD, as __reduce__ returns. */
export class PyReduce {
  constructor(readonly func: PyGlobal, readonly args: PyTuple,
    readonly dictItems: readonly (readonly [PyValue, PyValue])[] | null = null, readonly state: PyValue | undefined = undefined) {}
}
/** An object saved by reference (BINPERSID): torch.save's storages. */
export class PyPersistent { constructor(readonly pid: PyValue) {} }

export type PyValue = null | boolean | number | bigint | string | PyGlobal | PyTuple | PyList | PyDict | PyFloat | PyStr | PyReduce | PyPersistent;

// ---- opcodes ----
const MARK = 0x28, STOP = 0x2e, BINFLOAT = 0x47, BININT = 0x4a, BININT1 = 0x4b, BININT2 = 0x4d, NONE = 0x4e;
const BINPERSID = 0x51, REDUCE = 0x52, BINUNICODE = 0x58, APPEND = 0x61, BUILD = 0x62, GLOBAL = 0x63, APPENDS = 0x65;
const BINGET = 0x68, LONG_BINGET = 0x6a, BINPUT = 0x71, LONG_BINPUT = 0x72, SETITEM = 0x73, TUPLE = 0x74, SETITEMS = 0x75;
const EMPTY_DICT = 0x7d, EMPTY_LIST = 0x5d, EMPTY_TUPLE = 0x29, PROTO = 0x80, TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87;
const NEWTRUE = 0x88, NEWFALSE = 0x89, LONG1 = 0x8a, SHORT_BINUNICODE = 0x8c, STACK_GLOBAL = 0x93, MEMOIZE = 0x94, FRAME = 0x95;
/** CPython's pickler writes lists and dicts in batches of this many items. */
const BATCHSIZE = 1000;

// ---- strings: UTF-8 with lone surrogates passed through, as Python's 'surrogatepass' does ----

function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function decodeUtf8(b: Uint8Array): string {
  try { return utf8.decode(b); } catch { /* lone surrogates (ED A0..BF xx) or invalid bytes: decode by hand */ }
  let s = '';
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    if (n === 0 || i + n > b.length) throw new UnpicklingError(`a string in the pickle is not valid UTF-8 (byte 0x${c.toString(16)})`);
    let cp = n === 1 ? c : c & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) {
      if ((b[i + k] & 0xc0) !== 0x80) throw new UnpicklingError('a string in the pickle is not valid UTF-8');
      cp = (cp << 6) | (b[i + k] & 63);
    }
    s += String.fromCodePoint(cp);
    i += n;
  }
  return s;
}

// ---- unpickling ----

/** What the caller decides: every name, call, BUILD and persistent id the pickle asks for. */
export interface UnpickleHooks {
  /** The object GLOBAL 'module name' stands for, or a thrown refusal. */
  findClass(module: string, name: string): unknown;
  /** The result of REDUCE: func(...args). */
  reduce(func: unknown, args: unknown[]): unknown;
  /** BUILD: applies `state` to `obj`. */
  build(obj: unknown, state: unknown): void;
  /** BINPERSID: the object a persistent id names. */
  persistentLoad(pid: unknown): unknown;
}

/**
 * Unpickles `data`. Dicts become Maps (each also added to `dicts`, telling them from the Maps the
 * hooks make), lists and tuples arrays; everything else goes through `hooks`.
 */
export function unpickle(data: Uint8Array, hooks: UnpickleHooks, dicts: WeakSet<Map<unknown, unknown>> = new WeakSet()): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const lists = new WeakSet<unknown[]>(), tuples = new WeakSet<unknown[]>();
  const memo = new Map<number, unknown>();
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  let pos = 0;
  const need = (n: number): number => {
    if (n > data.length - pos) throw new UnpicklingError('pickle data was truncated');
    const at = pos; pos += n; return at;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError('unpickling stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError('unpickling stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const prev = marks.pop();
    if (!prev) throw new UnpicklingError('could not find MARK');
    stack = prev;
    return items;
  };
  const tuple = (items: unknown[]): unknown[] => { tuples.add(items); return items; };
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) throw new UnpicklingError('pickle data was truncated');
    const s = decodeUtf8(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const get = (i: number): unknown => {
    if (!memo.has(i)) throw new UnpicklingError(`Memo value not found at index ${i}`);
    return memo.get(i);
  };
  const what = (v: unknown): string => (Array.isArray(v) ? (tuples.has(v) ? 'a tuple' : 'a list') : kind(v));
  const dict = (target: unknown, op: string): Map<unknown, unknown> => {
    if (!(target instanceof Map)) throw new UnpicklingError(`${op} needs a dict, found ${what(target)}`);
    return target;
  };
  const list = (target: unknown, op: string): unknown[] => {
    if (!Array.isArray(target) || !lists.has(target)) throw new UnpicklingError(`${op} needs a list, found ${what(target)}`);
    return target;
  };
  for (;;) {
    const op = data[need(1)];
    switch (op) {
      case PROTO: {
        const v = data[need(1)];
        if (v > 5) throw new UnpicklingError(`unsupported pickle protocol: ${v}`);
        break;
      }
      case FRAME: need(8); break; // protocol 4 framing: only a length hint
      case STOP: return pop();
      case MARK: marks.push(stack); stack = []; break;
      case NONE: stack.push(null); break;
      case NEWTRUE: stack.push(true); break;
      case NEWFALSE: stack.push(false); break;
      case BININT: stack.push(view.getInt32(need(4), true)); break;
      case BININT1: stack.push(data[need(1)]); break;
      case BININT2: stack.push(view.getUint16(need(2), true)); break;
      case LONG1: {
        const n = data[need(1)];
        stack.push(decodeLong(data.subarray(need(n), pos)));
        break;
      }
      case BINFLOAT: stack.push(view.getFloat64(need(8), false)); break;
      case BINUNICODE: {
        const n = view.getUint32(need(4), true);
        stack.push(decodeUtf8(data.subarray(need(n), pos)));
        break;
      }
      case SHORT_BINUNICODE: {
        const n = data[need(1)];
        stack.push(decodeUtf8(data.subarray(need(n), pos)));
        break;
      }
      case EMPTY_DICT: { const d = new Map(); dicts.add(d); stack.push(d); break; }
      case EMPTY_LIST: { const l: unknown[] = []; lists.add(l); stack.push(l); break; }
      case EMPTY_TUPLE: stack.push(tuple([])); break;
      case TUPLE: { const items = popMark(); stack.push(tuple(items)); break; } // popMark first: it replaces `stack`
      case TUPLE1: { const a = pop(); stack.push(tuple([a])); break; }
      case TUPLE2: { const b = pop(), a = pop(); stack.push(tuple([a, b])); break; }
      case TUPLE3: { const c = pop(), b = pop(), a = pop(); stack.push(tuple([a, b, c])); break; }
      case APPEND: { const v = pop(); list(top(), 'APPEND').push(v); break; }
      case APPENDS: { const items = popMark(); const l = list(top(), 'APPENDS'); for (const v of items) l.push(v); break; }
      case SETITEM: { const v = pop(), k = pop(); dict(top(), 'SETITEM').set(k, v); break; }
      case SETITEMS: {
        const items = popMark();
        if (items.length % 2) throw new UnpicklingError('SETITEMS needs key-value pairs, found an odd number of items');
        const d = dict(top(), 'SETITEMS');
        for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
        break;
      }
      case BINPUT: memo.set(data[need(1)], top()); break;
      case LONG_BINPUT: memo.set(view.getUint32(need(4), true), top()); break;
      case MEMOIZE: memo.set(memo.size, top()); break;
      case BINGET: stack.push(get(data[need(1)])); break;
      case LONG_BINGET: stack.push(get(view.getUint32(need(4), true))); break;
      case GLOBAL: { const module = line(); const name = line(); stack.push(hooks.findClass(module, name)); break; }
      case STACK_GLOBAL: {
        const name = pop(), module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new UnpicklingError('STACK_GLOBAL needs two strings');
        stack.push(hooks.findClass(module, name));
        break;
      }
      case REDUCE: {
        const args = pop(), func = pop();
        if (!Array.isArray(args) || !tuples.has(args)) throw new UnpicklingError(`REDUCE needs a tuple of arguments, found ${what(args)}`);
        stack.push(hooks.reduce(func, args));
        break;
      }
      case BUILD: { const state = pop(); hooks.build(top(), state); break; }
      case BINPERSID: { const pid = pop(); stack.push(hooks.persistentLoad(pid)); break; }
      default:
        throw new UnpicklingError(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')} at byte ${pos - 1}: torchlet reads only what torch.save writes for tensors and containers`);
    }
  }
}

/** A Python int from LONG1's little-endian two's complement bytes: a number when exact, else a bigint. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** A short description of an unpickled value for error messages. */
export function kind(v: unknown): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'a list or tuple';
  if (v instanceof Map) return 'a dict';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return typeof v === 'string' ? 'a str' : typeof v === 'boolean' ? 'a bool' : typeof v === 'undefined' ? 'nothing' : `a ${typeof v}`;
}

// ---- pickling ----

/** Protocol-2 bytes of `root`, as CPython's C pickler writes them. */
export function pickle(root: PyValue): Uint8Array {
  return new Pickler().dump(root);
}

class Pickler {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private len = 0;
  private memoSize = 0;
  /** CPython memoizes by object identity; plain JS strings stand for one interned object per value. */
  private readonly byRef = new Map<object, number>();
  private readonly strings = new Map<string, number>();
  private readonly globals = new Map<string, number>();

  dump(root: PyValue): Uint8Array {
    this.op(PROTO); this.byte(2);
    this.save(root);
    this.op(STOP);
    return this.buf.slice(0, this.len);
  }

  private reserve(n: number): number {
    if (this.len + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.len;
    this.len += n;
    return at;
  }
  // reserve() before touching buf or view: it may replace them
  private op(code: number): void { const at = this.reserve(1); this.buf[at] = code; }
  private byte(b: number): void { const at = this.reserve(1); this.buf[at] = b; }
  private bytes(b: Uint8Array): void { const at = this.reserve(b.length); this.buf.set(b, at); }
  private u16(v: number): void { const at = this.reserve(2); this.view.setUint16(at, v, true); }
  private u32(v: number): void { const at = this.reserve(4); this.view.setUint32(at, v, true); }
  private i32(v: number): void { const at = this.reserve(4); this.view.setInt32(at, v, true); }

  private put(): number {
    const i = this.memoSize++;
    if (i < 256) { this.op(BINPUT); this.byte(i); } else { this.op(LONG_BINPUT); this.u32(i); }
    return i;
  }
  private getMemo(i: number): void {
    if (i < 256) { this.op(BINGET); this.byte(i); } else { this.op(LONG_BINGET); this.u32(i); }
  }

  private save(v: PyValue): void {
    if (v === null) { this.op(NONE); return; }
    switch (typeof v) {
      case 'boolean': this.op(v ? NEWTRUE : NEWFALSE); return;
      case 'number':
        if (Number.isInteger(v) && !Object.is(v, -0)) this.int(v); else this.float(v);
        return;
      case 'bigint': this.int(v); return;
      case 'string': {
        const i = this.strings.get(v);
        if (i !== undefined) { this.getMemo(i); return; }
        this.str(v);
        this.strings.set(v, this.put());
        return;
      }
    }
    if (v instanceof PyFloat) { this.float(v.value); return; }
    if (v instanceof PyPersistent) { this.save(v.pid); this.op(BINPERSID); return; }
    if (v instanceof PyGlobal) {
      const i = this.globals.get(v.qualname);
      if (i !== undefined) { this.getMemo(i); return; }
      this.bytes(encodeUtf8(`c${v.module}\n${v.name}\n`));
      this.globals.set(v.qualname, this.put());
      return;
    }
    const seen = this.byRef.get(v);
    if (seen !== undefined) { this.getMemo(seen); return; }
    if (v instanceof PyStr) { this.str(v.value); this.byRef.set(v, this.put()); return; }
    if (v instanceof PyTuple) { this.tuple(v); return; }
    if (v instanceof PyList) {
      this.op(EMPTY_LIST);
      this.byRef.set(v, this.put());
      this.appends(v.items);
      return;
    }
    if (v instanceof PyDict) {
      this.op(EMPTY_DICT);
      this.byRef.set(v, this.put());
      this.exactSetitems(v.items);
      return;
    }
    // PyReduce (save_reduce): func, args, REDUCE, memoize, then the dict items and the BUILD state
    this.save(v.func);
    this.save(v.args);
    this.op(REDUCE);
    this.byRef.set(v, this.put());
    if (v.dictItems) this.iterSetitems(v.dictItems);
    if (v.state !== undefined) { this.save(v.state); this.op(BUILD); }
  }

  private int(v: number | bigint): void {
    if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) {
      if (v >= 0 && v < 0x100) { this.op(BININT1); this.byte(v); } else if (v >= 0 && v < 0x10000) { this.op(BININT2); this.u16(v); } else { this.op(BININT); this.i32(v); }
      return;
    }
    // LONG1: little-endian two's complement in (bits >> 3) + 1 bytes, one redundant sign byte dropped
    let x = BigInt(v);
    const neg = x < 0n;
    const nbits = (neg ? -x : x).toString(2).length;
    let n = (nbits >> 3) + 1;
    if (neg) x += 1n << BigInt(8 * n);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
    if (neg && n > 1 && out[n - 1] === 0xff && (out[n - 2] & 0x80) !== 0) n--;
    if (n > 255) throw new RangeError('integers this large cannot be pickled');
    this.op(LONG1); this.byte(n); this.bytes(out.subarray(0, n));
  }
  private float(v: number): void { this.op(BINFLOAT); const at = this.reserve(8); this.view.setFloat64(at, v, false); }
  private str(s: string): void {
    const b = encodeUtf8(s);
    this.op(BINUNICODE); this.u32(b.length); this.bytes(b);
  }
  private tuple(t: PyTuple): void {
    const n = t.items.length;
    if (n === 0) { this.op(EMPTY_TUPLE); return; }
    if (n <= 3) {
      for (const x of t.items) this.save(x);
      this.op(TUPLE1 + n - 1);
    } else {
      this.op(MARK);
      for (const x of t.items) this.save(x);
      this.op(TUPLE);
    }
    this.byRef.set(t, this.put());
  }
  /** batch_list_exact: one item with APPEND, else MARK ... APPENDS per batch. */
  private appends(items: readonly PyValue[]): void {
    if (items.length === 0) return;
    if (items.length === 1) { this.save(items[0]); this.op(APPEND); return; }
    for (let i = 0; i < items.length; i += BATCHSIZE) {
      this.op(MARK);
      for (const x of items.slice(i, i + BATCHSIZE)) this.save(x);
      this.op(APPENDS);
    }
  }
  /** batch_dict_exact (a dict): one pair with SETITEM, else batches, and an empty batch after a full last one. */
  private exactSetitems(items: readonly (readonly [PyValue, PyValue])[]): void {
    if (items.length === 0) return;
    if (items.length === 1) { this.save(items[0][0]); this.save(items[0][1]); this.op(SETITEM); return; }
    let i = 0, batch: number;
    do {
      this.op(MARK);
      for (batch = 0; batch < BATCHSIZE && i < items.length; batch++, i++) { this.save(items[i][0]); this.save(items[i][1]); }
      this.op(SETITEMS);
    } while (batch === BATCHSIZE);
  }
  /** batch_dict (from __reduce__'s item iterator, e.g. OrderedDict): a lone last pair goes with SETITEM. */
  private iterSetitems(items: readonly (readonly [PyValue, PyValue])[]): void {
    for (let i = 0; i < items.length; i += BATCHSIZE) {
      const batch = items.slice(i, i + BATCHSIZE);
      if (batch.length === 1) { this.save(batch[0][0]); this.save(batch[0][1]); this.op(SETITEM); return; }
      this.op(MARK);
      for (const [k, x] of batch) { this.save(k); this.save(x); }
      this.op(SETITEMS);
    }
  }
}
