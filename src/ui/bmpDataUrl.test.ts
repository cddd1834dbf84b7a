import { describe, expect, it } from 'vitest';
import { colourBmpDataUrl, greyBmpDataUrl } from './bmpDataUrl';

const bytesOf = (url: string) => Uint8Array.from(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));

/** Reads a BMP back the way an image decoder would: the shade (grey) or RGB of pixel (x, y), top row first. */
function readPixel(bmp: Uint8Array, x: number, y: number): number[] {
  const v = new DataView(bmp.buffer);
  const offset = v.getUint32(10, true);
  const width = v.getInt32(18, true);
  const height = v.getInt32(22, true);
  const bpp = v.getUint16(28, true);
  const row = bpp === 8 ? (width + 3) & ~3 : width * 4;
  const at = offset + (height - 1 - y) * row + (bpp === 8 ? x : x * 4);
  if (bpp === 8) {
    const p = 54 + bmp[at] * 4;
    return [bmp[p + 2], bmp[p + 1], bmp[p]];
  }
  return [bmp[at + 2], bmp[at + 1], bmp[at]];
}

describe('BMP data URLs for digit thumbnails', () => {
  it('draws grey ink dark on white, top row first, with rows padded to 4 bytes', () => {
    const w = 5;
    const h = 3;
    const ink = new Uint8Array(w * h);
    ink[0] = 255; // top-left: black
    ink[w * h - 1] = 100; // bottom-right: grey
    const url = greyBmpDataUrl(ink, w, h);
    expect(url.startsWith('data:image/bmp;base64,')).toBe(true);
    const bmp = bytesOf(url);
    expect(String.fromCharCode(bmp[0], bmp[1])).toBe('BM');
    expect(new DataView(bmp.buffer).getUint32(2, true)).toBe(bmp.length);
    expect(bmp.length).toBe(54 + 1024 + 8 * h);
    expect(readPixel(bmp, 0, 0)).toEqual([0, 0, 0]);
    expect(readPixel(bmp, 4, 2)).toEqual([155, 155, 155]);
    expect(readPixel(bmp, 1, 1)).toEqual([255, 255, 255]);
  });

  it('scales float ink in 0..1 and treats NaN, negatives and missing pixels as background', () => {
    const ink = new Float32Array([1, 0.5, NaN, -3]);
    const bmp = bytesOf(greyBmpDataUrl(ink, 3, 2));
    expect(readPixel(bmp, 0, 0)).toEqual([0, 0, 0]);
    expect(readPixel(bmp, 1, 0)).toEqual([127, 127, 127]);
    expect(readPixel(bmp, 2, 0)).toEqual([255, 255, 255]);
    expect(readPixel(bmp, 0, 1)).toEqual([255, 255, 255]);
    expect(readPixel(bmp, 2, 1)).toEqual([255, 255, 255]);
  });

  it('keeps colour pixels as they are (RGB order, extra channels ignored)', () => {
    const px = new Uint8Array([255, 0, 0, 9, 0, 128, 255, 9]);
    const bmp = bytesOf(colourBmpDataUrl(px, 2, 1, 4));
    expect(readPixel(bmp, 0, 0)).toEqual([255, 0, 0]);
    expect(readPixel(bmp, 1, 0)).toEqual([0, 128, 255]);
  });
});
