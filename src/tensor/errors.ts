// PyTorch's Python exception classes, so `e.name` reads as PyTorch's would.
// TypeError is JavaScript's own (its name is already 'TypeError').

export class RuntimeError extends Error {
  constructor(message: string) { super(message); this.name = 'RuntimeError'; }
}
export class IndexError extends Error {
  constructor(message: string) { super(message); this.name = 'IndexError'; }
}
export class ValueError extends Error {
  constructor(message: string) { super(message); this.name = 'ValueError'; }
}
export class NotImplementedError extends Error {
  constructor(message: string) { super(message); this.name = 'NotImplementedError'; }
}
/** Python's KeyError (a missing mapping key); its message is quoted, as Python's str() of it is. */
export class KeyError extends Error {
  constructor(message: string) { super(message); this.name = 'KeyError'; }
}
/** What a failed Python `assert` raises in PyTorch's Python code (datasets, some layer checks). */
export class AssertionError extends Error {
  constructor(message: string) { super(message); this.name = 'AssertionError'; }
}
// ---- issue 12 calling conventions: what PyTorch's Python code raises reading an attribute of a non-tensor ----
/** Python's AttributeError ('str' object has no attribute 'size'). */
export class AttributeError extends Error {
  constructor(message: string) { super(message); this.name = 'AttributeError'; }
}

/** Where PyTorch would emit a UserWarning. Replace with `setWarningHandler` to capture or silence. */
let warningHandler: (message: string) => void = (m) => console.warn(`UserWarning: ${m}`);
const warnedOnce = new Set<string>();
export function setWarningHandler(h: (message: string) => void): void { warningHandler = h; warnedOnce.clear(); }
/**
 * Warns once per distinct message, as Python's default warning filter does for one call site, or
 * once per `key` where PyTorch's C++ warns once for all its messages (TORCH_WARN_ONCE).
 */
export function warn(message: string, key: string = message): void {
  if (warnedOnce.has(key)) return;
  warnedOnce.add(key);
  warningHandler(message);
}
