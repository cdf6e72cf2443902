// The example programs' one-line progress bar: drawn only when stdout is a terminal, at most ten
// times a second, and erased before any other line is printed (`out`).

export const progress = {
  active: false,
  last: 0,
  /** `label [#####.....] done/total  1234 samples/s` (the rate when seconds > 0). */
  show(label: string, done: number, total: number, count: number, seconds: number, unit = 'samples'): void {
    if (!process.stdout.isTTY) return;
    const now = performance.now();
    if (done < total && now - this.last < 100) return;
    this.last = now;
    const width = 30, filled = Math.round(width * Math.min(1, done / total));
    const rate = seconds > 0 ? `  ${(count / seconds).toFixed(0)} ${unit}/s` : '';
    process.stdout.write(`\r\x1b[K${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${rate}`);
    this.active = true;
  },
  clear(): void {
    if (this.active) { process.stdout.write('\r\x1b[K'); this.active = false; }
  },
};

/** print(): one line on stdout, the progress bar erased first. */
export const out = (s: string): void => { progress.clear(); process.stdout.write(`${s}\n`); };
