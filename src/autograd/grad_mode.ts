// Global grad mode: torch.no_grad / torch.enable_grad / torch.set_grad_enabled.
let enabled = true;

export function is_grad_enabled(): boolean { return enabled; }
export function set_grad_enabled(mode: boolean): void { enabled = !!mode; }

function withMode<T>(mode: boolean, fn: () => T): T {
  const prev = enabled;
  enabled = mode;
  try { return fn(); } finally { enabled = prev; }
}

/** `torch.no_grad(() => ...)`: runs fn with gradient recording off and returns its result. */
export function no_grad<T>(fn: () => T): T { return withMode(false, fn); }
/** `torch.enable_grad(() => ...)`: runs fn with gradient recording on (inside a no_grad block too). */
export function enable_grad<T>(fn: () => T): T { return withMode(true, fn); }
