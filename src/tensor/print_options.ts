// torch.set_printoptions over the formatter's options.
import { printOptions, type PrintOptions } from './format.js';

export { printOptions };
export function set_printoptions(opts: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' }): void {
  if (opts.profile === 'default') Object.assign(printOptions, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  else if (opts.profile === 'short') Object.assign(printOptions, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (opts.profile === 'full') Object.assign(printOptions, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  for (const k of ['precision', 'threshold', 'edgeitems', 'linewidth', 'sci_mode'] as const)
    if (opts[k] !== undefined) (printOptions as unknown as Record<string, unknown>)[k] = opts[k];
}
