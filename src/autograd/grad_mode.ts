// Global grad mode: torch.no_grad / torch.enable_grad / torch.set_grad_enabled.
import { bind, noArgs } from '../tensor/args.js';

let enabled = true;

export function is_grad_enabled(...args: []): boolean {
  if (args.length) noArgs('torch.is_grad_enabled', args);
  return enabled;
}
export function set_grad_enabled(...args: [mode: boolean | { mode: boolean }]): void {
  enabled = !!bind('set_grad_enabled.__init__(self, mode)', args).mode;
}

function withMode<T>(mode: boolean, fn: () => T): T {
  const prev = enabled;
  enabled = mode;
  try { return fn(); } finally { enabled = prev; }
}

/** `torch.no_grad(() => ...)`: runs fn with gradient recording off and returns its result. */
export function no_grad<T>(...args: [fn: () => T]): T { return withMode(false, bind('no_grad(fn)', args).fn as () => T); }
/** `torch.enable_grad(() => ...)`: runs fn with gradient recording on (inside a no_grad block too). */
export function enable_grad<T>(...args: [fn: () => T]): T { return withMode(true, bind('enable_grad(fn)', args).fn as () => T); }
