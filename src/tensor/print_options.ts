// torch.set_printoptions over the formatter's options.
import { printOptions, type PrintOptions } from './format.js';
import { bind } from './args.js';

export { printOptions };
type Profile = 'default' | 'short' | 'full';
/** set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None). */
export function set_printoptions(...args: (number | Profile | boolean | null | Partial<PrintOptions> & { profile?: Profile })[]): void {
  const a = bind('set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None)', args);
  const opts = Object.fromEntries(Object.entries(a).filter(([k, v]) => v !== null || k === 'sci_mode')) as Partial<PrintOptions> & { profile?: Profile };
  if (opts.profile === 'default') Object.assign(printOptions, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  else if (opts.profile === 'short') Object.assign(printOptions, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (opts.profile === 'full') Object.assign(printOptions, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  for (const k of ['precision', 'threshold', 'edgeitems', 'linewidth', 'sci_mode'] as const)
    if (opts[k] !== undefined) (printOptions as unknown as Record<string, unknown>)[k] = opts[k];
}
