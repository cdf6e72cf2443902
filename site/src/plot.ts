// A small live line chart on a canvas (the training page's loss and accuracy curves): series of
// (x, y) points, drawn crisp at the screen's pixel ratio and redrawn whenever a point arrives.
export interface Series { label: string; color: string; points: [number, number][]; width?: number; dots?: boolean }
export interface PlotOptions { xmax: number; ymin?: number; ymax?: number; yfmt: (v: number) => string; xlabel: string }

export class LinePlot {
  constructor(private canvas: HTMLCanvasElement, public series: Series[], public opts: PlotOptions) {
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  draw(): void {
    const c = this.canvas, dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight;
    if (!w || !h) return;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const g = c.getContext('2d')!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const pad = { l: 42, r: 10, t: 26, b: 26 };
    const pts = this.series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
    let ymin = this.opts.ymin ?? Math.min(...pts.map((p) => p[1]), Infinity);
    let ymax = this.opts.ymax ?? Math.max(...pts.map((p) => p[1]), -Infinity);
    if (!Number.isFinite(ymin) || !Number.isFinite(ymax)) { ymin = 0; ymax = 1; }
    if (ymax - ymin < 1e-9) { ymin -= 0.5; ymax += 0.5; }
    // round ticks: a step of 1, 2, 2.5 or 5 times a power of ten, about 4 of them
    const raw = (ymax - ymin) / 4, mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw)!;
    if (this.opts.ymin === undefined) ymin = Math.floor(ymin / step) * step;
    if (this.opts.ymax === undefined) ymax = Math.ceil(ymax / step - 1e-9) * step;
    const xmax = Math.max(this.opts.xmax, 1e-9);
    const pw = w - pad.l - pad.r, ph = h - pad.t - pad.b;
    const sx = (x: number) => pad.l + (x / xmax) * pw, sy = (y: number) => pad.t + (1 - (y - ymin) / (ymax - ymin)) * ph;

    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    for (let y = ymin; y <= ymax + step / 1e6; y += step) {
      const py = Math.round(sy(y)) + 0.5;
      g.strokeStyle = '#eceef2'; g.lineWidth = 1;
      g.beginPath(); g.moveTo(pad.l, py); g.lineTo(pad.l + pw, py); g.stroke();
      g.fillStyle = '#6b7280'; g.textAlign = 'right';
      g.fillText(this.opts.yfmt(y), pad.l - 6, py);
    }
    g.textAlign = 'center';
    const ticks = xmax <= 1 ? [0, 0.25, 0.5, 0.75, 1] : Array.from({ length: Math.floor(xmax) + 1 }, (_, i) => i);
    for (const x of ticks) g.fillText(String(x), sx(x), pad.t + ph + 12);
    g.textAlign = 'right';
    g.fillStyle = '#9ca3af';
    g.fillText(this.opts.xlabel, pad.l + pw - 4, pad.t + ph - 9);

    let lx = pad.l;
    g.textAlign = 'left';
    for (const s of this.series) {
      g.strokeStyle = s.color; g.fillStyle = s.color; g.lineWidth = s.width ?? 1.5; g.lineJoin = 'round';
      const p = s.points.filter(([, y]) => Number.isFinite(y));
      if (p.length > 1) {
        g.beginPath();
        p.forEach(([x, y], i) => (i ? g.lineTo(sx(x), sy(y)) : g.moveTo(sx(x), sy(y))));
        g.stroke();
      }
      if (s.dots || p.length === 1) for (const [x, y] of p) { g.beginPath(); g.arc(sx(x), sy(y), 3.5, 0, 2 * Math.PI); g.fill(); }
      // legend along the top
      g.fillRect(lx, 9, 12, 3);
      g.fillStyle = '#374151';
      g.fillText(s.label, lx + 16, 11);
      lx += 24 + g.measureText(s.label).width;
    }
  }
}
