// The drawing pad of the training page: the user draws a digit with a mouse, pen or finger; it is
// reduced the way MNIST's digits were made (the ink's bounding box scaled to fit 20 x 20 pixels,
// placed in a 28 x 28 image by its centre of mass), normalized as the example's transform does,
// and classified by the model; the page shows the 28 x 28 image and the ten probabilities.
import * as torch from 'torchlet';
import type { Net } from '../../dist/examples/mnist_parts.js';

const SIZE = 280;

export class DrawPad {
  private g: CanvasRenderingContext2D;
  private last: [number, number] | null = null;
  private inked = false;

  constructor(private canvas: HTMLCanvasElement, private onDone: () => void) {
    canvas.width = SIZE; canvas.height = SIZE;
    this.g = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.last = this.at(e);
      this.stroke(this.last, this.last);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.last) return;
      const p = this.at(e);
      this.stroke(this.last, p);
      this.last = p;
    });
    const end = () => { if (this.last) { this.last = null; this.onDone(); } };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  get empty(): boolean { return !this.inked; }

  clear(): void {
    this.g.fillStyle = '#000';
    this.g.fillRect(0, 0, SIZE, SIZE);
    this.inked = false;
  }

  /** Draws a stroke in canvas pixels (used by the pointer handlers, and by tests and demos). */
  stroke(a: [number, number], b: [number, number]): void {
    const g = this.g;
    g.strokeStyle = '#fff'; g.lineWidth = 22; g.lineCap = 'round'; g.lineJoin = 'round';
    g.beginPath(); g.moveTo(a[0], a[1]); g.lineTo(b[0], b[1]); g.stroke();
    this.inked = true;
  }

  private at(e: PointerEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE];
  }

  /** The drawing as MNIST would have it: 28 x 28 bytes, white ink on black. */
  toMnist(): Uint8ClampedArray {
    const src = this.g.getImageData(0, 0, SIZE, SIZE).data;
    let x0 = SIZE, y0 = SIZE, x1 = -1, y1 = -1;
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) {
      if (src[(y * SIZE + x) * 4] > 16) { if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
    }
    const out = new Uint8ClampedArray(28 * 28);
    if (x1 < 0) return out;
    // the bounding box, scaled to fit 20 x 20
    const bw = x1 - x0 + 1, bh = y1 - y0 + 1, s = 20 / Math.max(bw, bh);
    const w = Math.max(1, Math.round(bw * s)), h = Math.max(1, Math.round(bh * s));
    const small = document.createElement('canvas');
    small.width = w; small.height = h;
    const sg = small.getContext('2d', { willReadFrequently: true })!;
    sg.imageSmoothingEnabled = true; sg.imageSmoothingQuality = 'high';
    sg.drawImage(this.canvas, x0, y0, bw, bh, 0, 0, w, h);
    const px = sg.getImageData(0, 0, w, h).data;
    // its centre of mass goes to the centre of the 28 x 28 image
    let m = 0, mx = 0, my = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const v = px[(y * w + x) * 4]; m += v; mx += v * x; my += v * y; }
    const ox = Math.round(14 - (m ? mx / m : w / 2) - 0.5), oy = Math.round(14 - (m ? my / m : h / 2) - 0.5);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const tx = x + ox, ty = y + oy;
      if (tx >= 0 && tx < 28 && ty >= 0 && ty < 28) out[ty * 28 + tx] = px[(y * w + x) * 4];
    }
    return out;
  }
}

/** The model's ten class probabilities for each of n 28 x 28 byte images (eval mode, no graph; the mode is restored). */
export function probabilities(model: Net, images: ArrayLike<number>, n: number): number[][] {
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = (images[i] / 255 - 0.1307) / 0.3081; // ToTensor + Normalize((0.1307,), (0.3081,))
  const was = model.training;
  model.eval();
  try {
    return torch.no_grad(() => model.forward(torch.from_typed(x, [n, 1, 28, 28])).exp().tolist() as number[][]);
  } finally {
    model.train(was);
  }
}

/** Paints 28 x 28 image number `index` of `images` onto a small canvas (shown enlarged, pixelated). */
export function showMnist(canvas: HTMLCanvasElement, images: ArrayLike<number>, index = 0): void {
  canvas.width = 28; canvas.height = 28;
  const g = canvas.getContext('2d')!;
  const data = g.createImageData(28, 28);
  for (let i = 0; i < 784; i++) { data.data[4 * i] = data.data[4 * i + 1] = data.data[4 * i + 2] = images[index * 784 + i]; data.data[4 * i + 3] = 255; }
  g.putImageData(data, 0, 0);
}
