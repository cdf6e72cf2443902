// Minifiers rename classes (esbuild, terser: `class Linear` becomes `class rr`), and torchlet prints
// class names as PyTorch does: a module's repr (`Sequential(\n  (0): Linear(...)`), an optimizer's
// (`Adam (`), `Dataset MNIST`, and messages such as `Sigmoid.forward() missing 1 required
// positional argument`. Export names survive minification, so each public class whose own name is
// not one of its export names takes the first of them. Without minification nothing changes.

type Ctor = { name: string; prototype: unknown };
const isNamespace = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
};

/** Gives the classes of `ns` (and of the namespaces nested in it) their export names. */
export function nameClasses(ns: Record<string, unknown>, seen = new Set<object>()): void {
  if (seen.has(ns)) return;
  seen.add(ns);
  const names = new Map<Ctor, string[]>();
  for (const [key, v] of Object.entries(ns)) {
    if (typeof v === 'function' && (v as Ctor).prototype && /^[A-Z_]/.test(key)) {
      const list = names.get(v as Ctor);
      if (list) list.push(key); else names.set(v as Ctor, [key]);
    } else if (isNamespace(v)) nameClasses(v, seen);
  }
  for (const [cls, keys] of names) if (!keys.includes(cls.name)) Object.defineProperty(cls, 'name', { value: keys[0], configurable: true });
}

/** Names an internal class (one no namespace exports) as its source does. */
export function named<T extends Ctor>(cls: T, name: string): T {
  if (cls.name !== name) Object.defineProperty(cls, 'name', { value: name, configurable: true });
  return cls;
}
