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

/** Where PyTorch would emit a UserWarning. Replace with `setWarningHandler` to capture or silence. */
let warningHandler: (message: string) => void = (m) => console.warn(`UserWarning: ${m}`);
const warnedOnce = new Set<string>();
export function setWarningHandler(h: (message: string) => void): void { warningHandler = h; warnedOnce.clear(); }
/** Warns once per distinct message, as Python's default warning filter does for one call site. */
export function warn(message: string): void {
  if (warnedOnce.has(message)) return;
  warnedOnce.add(message);
  warningHandler(message);
}
