/**
 * Images as uncompressed BMP data URLs, built in plain JS. A 28×28 digit takes a few microseconds, where drawing it to
 * a canvas and encoding a PNG took 0.5–1 ms of UI-thread time: a gallery of 100 digits was a long task on its own.
 * Grey images use an 8-bit palette whose entry i is the shade of ink i (dark ink on white), so ink values are written
 * as they are; colour images are 32-bit.
 */

const GREY_PALETTE = (() => {
  const p = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) p.fill(255 - i, i * 4, i * 4 + 3);
  return p;
})();

function header(bytes: Uint8Array, width: number, height: number, bitsPerPixel: number, dataOffset: number, paletteSize: number): void {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  v.setUint8(0, 0x42); // 'B'
  v.setUint8(1, 0x4d); // 'M'
  v.setUint32(2, bytes.length, true);
  v.setUint32(10, dataOffset, true);
  v.setUint32(14, 40, true); // BITMAPINFOHEADER
  v.setInt32(18, width, true);
  v.setInt32(22, height, true); // positive: rows bottom-up
  v.setUint16(26, 1, true);
  v.setUint16(28, bitsPerPixel, true);
  v.setUint32(30, 0, true); // BI_RGB, no compression
  v.setUint32(34, bytes.length - dataOffset, true);
  v.setUint32(46, paletteSize, true);
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000) as unknown as number[]);
  return btoa(s);
}

/** Ink 0..255 per pixel (row-major; Float32 0..1 is scaled): dark ink on white. Missing pixels are background. */
export function greyBmpDataUrl(ink: Uint8Array | Float32Array, width: number, height: number): string {
  const row = (width + 3) & ~3;
  const offset = 14 + 40 + GREY_PALETTE.length;
  const bytes = new Uint8Array(offset + row * height);
  header(bytes, width, height, 8, offset, 256);
  bytes.set(GREY_PALETTE, 54);
  const isFloat = ink instanceof Float32Array;
  const n = Math.min(width * height, ink.length);
  for (let y = 0; y < height; y++) {
    const out = offset + (height - 1 - y) * row;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (i >= n) break;
      const v = ink[i];
      // The comparisons also map NaN to no ink.
      bytes[out + x] = isFloat ? (v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0) : v;
    }
  }
  return `data:image/bmp;base64,${base64(bytes)}`;
}

/** Colour pixels, `channels` ≥ 3 values per pixel (RGB first), drawn as they are. */
export function colourBmpDataUrl(pixels: Uint8Array | Float32Array, width: number, height: number, channels: number): string {
  const offset = 54;
  const bytes = new Uint8Array(offset + width * height * 4);
  header(bytes, width, height, 32, offset, 0);
  const clamp = (v: number) => (v > 0 ? (v < 255 ? Math.round(v) : 255) : 0);
  for (let y = 0; y < height; y++) {
    const out = offset + (height - 1 - y) * width * 4;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      bytes[out + x * 4] = clamp(pixels[i + 2]);
      bytes[out + x * 4 + 1] = clamp(pixels[i + 1]);
      bytes[out + x * 4 + 2] = clamp(pixels[i]);
      bytes[out + x * 4 + 3] = 255;
    }
  }
  return `data:image/bmp;base64,${base64(bytes)}`;
}
