// A minimal stand-in for the PIL image torchvision's datasets return when no transform is given:
// 8-bit grayscale ('L') pixels, row-major, usually a view into the dataset's buffer.
export class Image {
  readonly mode = 'L';
  constructor(readonly data: Uint8Array, readonly width: number, readonly height: number) {
    if (data.length !== width * height) throw new RangeError(`image data has ${data.length} bytes, expected ${width}x${height}`);
  }
  /** PIL's (width, height). */
  get size(): [number, number] { return [this.width, this.height]; }
  getpixel([x, y]: [number, number]): number { return this.data[y * this.width + x]; }
  toString(): string { return `<Image mode=L size=${this.width}x${this.height}>`; }
}
