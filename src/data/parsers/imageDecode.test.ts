import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'node:zlib';
import { encode } from 'fast-png';
import { TensorscopeError } from '../../core/errors';
import { MAX_IMAGE_PIXELS, pngDecoder, resizeToArray, sniffImageType, type RawImage } from './imageDecode';

const PROPERTY_TIMEOUT_MS = 30_000;
/** Each run gets a time limit (async runs are cut off), and the whole property fails if it runs long. */
const FC_OPTS = { numRuns: 250, timeout: 2_000, plugins: [fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true })] };

// --- PNG building helpers (fast-png cannot write tRNS for grey/RGB, nor hostile headers) ---

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}
const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);
function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): Uint8Array {
  const d = new Uint8Array(13);
  const view = new DataView(d.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  d.set([depth, colorType, 0, 0, interlace], 8);
  return chunk('IHDR', d);
}
/** A PNG by hand: signature, IHDR, extra chunks, one IDAT of `raw` (filter bytes included), IEND. */
function handPng(width: number, height: number, depth: number, colorType: number, raw: Uint8Array, extra: Uint8Array[] = []): Uint8Array {
  return concat(SIGNATURE, ihdr(width, height, depth, colorType), ...extra, chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0)));
}

async function formatErrorOf(p: Promise<unknown>): Promise<TensorscopeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TensorscopeError);
    expect((e as TensorscopeError).code).toBe('dataset-format');
    return e as TensorscopeError;
  }
  throw new Error('expected a dataset-format error');
}

const rgba = (img: RawImage) => Array.from(img.data);

describe('sniffImageType', () => {
  it('recognises each format by its magic number, not the name', () => {
    expect(sniffImageType(encode({ width: 1, height: 1, data: new Uint8Array(4) }))).toBe('png');
    expect(sniffImageType(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('jpeg');
    expect(sniffImageType(new TextEncoder().encode('GIF89a......'))).toBe('gif');
    expect(sniffImageType(new TextEncoder().encode('GIF87a......'))).toBe('gif');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageType(concat(new TextEncoder().encode('BM'), new Uint8Array(40)))).toBe('bmp');
  });
  it('says null for text, empty and too-short input', () => {
    expect(sniffImageType(new TextEncoder().encode('hello, world'))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
    expect(sniffImageType(Uint8Array.of(0x89, 0x50, 0x4e))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('BM'))).toBeNull();
  });
});

describe('pngDecoder', () => {
  const w = 3, h = 2;
  const grey = Uint8Array.of(0, 50, 100, 150, 200, 255);
  const expectedGrey = Array.from(grey).flatMap((v) => [v, v, v, 255]);

  it('decodes 8-bit grey, grey + alpha, RGB and RGBA to RGBA', async () => {
    expect(rgba(await pngDecoder(encode({ width: w, height: h, data: grey, channels: 1 }), 'g.png'))).toEqual(expectedGrey);

    const ga = Uint8Array.from(Array.from(grey).flatMap((v, i) => [v, i * 40]));
    expect(rgba(await pngDecoder(encode({ width: w, height: h, data: ga, channels: 2 }), 'ga.png'))).toEqual(
      Array.from(grey).flatMap((v, i) => [v, v, v, i * 40]),
    );

    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37) % 256);
    const img = await pngDecoder(encode({ width: w, height: h, data: rgb, channels: 3 }), 'rgb.png');
    expect(img.width).toBe(w);
    expect(img.height).toBe(h);
    expect(rgba(img)).toEqual(Array.from({ length: w * h }, (_, p) => [rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2], 255]).flat());

    const four = Uint8Array.from({ length: w * h * 4 }, (_, i) => (i * 53) % 256);
    expect(rgba(await pngDecoder(encode({ width: w, height: h, data: four, channels: 4 }), 'rgba.png'))).toEqual(Array.from(four));
  });

  it('scales 16-bit samples to 8-bit', async () => {
    const data = Uint16Array.of(0, 257, 65535, 32896, 128, 65279);
    const img = await pngDecoder(encode({ width: w, height: h, data, channels: 1, depth: 16 }), 'deep.png');
    expect(rgba(img)).toEqual([0, 1, 255, 128, 0, 254].flatMap((v) => [v, v, v, 255]));
  });

  it('stretches 1-, 2- and 4-bit grey to 0..255', async () => {
    // 1-bit, width 3: one byte per row, samples MSB first.
    const one = await pngDecoder(encode({ width: 3, height: 2, data: Uint8Array.of(0b10100000, 0b01000000), channels: 1, depth: 1 }), 'bits.png');
    expect(rgba(one)).toEqual([255, 0, 255, 0, 255, 0].flatMap((v) => [v, v, v, 255]));
    const two = await pngDecoder(encode({ width: 4, height: 1, data: Uint8Array.of(0b00011011), channels: 1, depth: 2 }), 'two.png');
    expect(rgba(two)).toEqual([0, 85, 170, 255].flatMap((v) => [v, v, v, 255]));
    const four = await pngDecoder(encode({ width: 3, height: 1, data: Uint8Array.of(0x0f, 0x80), channels: 1, depth: 4 }), 'four.png');
    expect(rgba(four)).toEqual([0, 255, 136].flatMap((v) => [v, v, v, 255]));
  });

  it('decodes palette images, with and without palette alpha', async () => {
    const palette = [[255, 0, 0], [0, 255, 0], [0, 0, 255]];
    const idx = Uint8Array.of(0, 1, 2, 2, 1, 0);
    const img = await pngDecoder(encode({ width: w, height: h, data: idx, channels: 1, palette }), 'pal.png');
    expect(rgba(img)).toEqual(Array.from(idx).flatMap((i) => [...palette[i], 255]));

    const palA = [[255, 0, 0, 0], [0, 255, 0, 128], [0, 0, 255, 255]];
    const imgA = await pngDecoder(encode({ width: w, height: h, data: idx, channels: 1, palette: palA }), 'palA.png');
    expect(rgba(imgA)).toEqual(Array.from(idx).flatMap((i) => palA[i]));

    // 2-bit palette indices, packed.
    const packed = await pngDecoder(encode({ width: 3, height: 1, data: Uint8Array.of(0b00011000), channels: 1, depth: 2, palette }), 'pal2.png');
    expect(rgba(packed)).toEqual([0, 1, 2].flatMap((i) => [...palette[i], 255]));
  });

  it('applies tRNS transparency to grey and RGB images', async () => {
    // Rows: filter byte 0, then samples.
    const g = handPng(3, 1, 8, 0, Uint8Array.of(0, 10, 20, 10), [chunk('tRNS', Uint8Array.of(0, 10))]);
    expect(rgba(await pngDecoder(g, 'g.png'))).toEqual([10, 10, 10, 0, 20, 20, 20, 255, 10, 10, 10, 0]);
    // 4 pixels, because fast-png wrongly refuses an RGB tRNS (3 values) on images of fewer than 3 pixels.
    const c = handPng(2, 2, 8, 2, Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 0, 4, 5, 6, 7, 8, 9), [chunk('tRNS', Uint8Array.of(0, 4, 0, 5, 0, 6))]);
    expect(rgba(await pngDecoder(c, 'c.png'))).toEqual([1, 2, 3, 255, 4, 5, 6, 0, 4, 5, 6, 0, 7, 8, 9, 255]);
  });

  it('decodes Adam7-interlaced 8-bit images like plain ones', async () => {
    const data = Uint8Array.from({ length: 9 * 7 * 3 }, (_, i) => (i * 31) % 256);
    const plain = await pngDecoder(encode({ width: 9, height: 7, data, channels: 3 }), 'a.png');
    const inter = await pngDecoder(encode({ width: 9, height: 7, data, channels: 3 }, { interlace: 'Adam7' }), 'b.png');
    expect(rgba(inter)).toEqual(rgba(plain));
  });

  it('refuses non-PNG bytes, naming the file and what it is', async () => {
    expect((await formatErrorOf(pngDecoder(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0), 'photo.jpg'))).message).toBe(
      'photo.jpg: not a PNG image (it is a JPEG image, which needs the browser decoder).',
    );
    expect((await formatErrorOf(pngDecoder(new TextEncoder().encode('hello'), 'notes.png'))).message).toBe(
      'notes.png: not a PNG image (the contents are not an image).',
    );
  });

  it('refuses truncated and corrupt PNGs', async () => {
    const good = encode({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(7), channels: 3 });
    expect((await formatErrorOf(pngDecoder(good.subarray(0, 20), 'cut.png'))).message).toMatch(/^cut\.png: not a valid PNG file \(/);
    expect((await formatErrorOf(pngDecoder(good.subarray(0, good.length - 20), 'cut2.png'))).message).toMatch(/^cut2\.png: /);
    const badDepth = handPng(1, 1, 3, 0, Uint8Array.of(0, 0));
    expect((await formatErrorOf(pngDecoder(badDepth, 'd.png'))).message).toMatch(/bit depth 3/);
  });

  it('refuses huge headers before allocating pixels', async () => {
    const huge = handPng(60_000, 60_000, 8, 6, Uint8Array.of(0));
    const err = await formatErrorOf(pngDecoder(huge, 'huge.png'));
    expect(err.message).toMatch(/^huge\.png: the image is 60000 × 60000 pixels, larger than the/);
    expect(60_000 * 60_000).toBeGreaterThan(MAX_IMAGE_PIXELS);
    expect((await formatErrorOf(pngDecoder(handPng(0, 5, 8, 0, Uint8Array.of(0)), 'zero.png'))).message).toMatch(/no pixels/);
  });

  it('decodes a maximally compressible image (the size guards leave real images alone)', async () => {
    const img = await pngDecoder(encode({ width: 2048, height: 2048, data: new Uint8Array(2048 * 2048), channels: 1 }, { zlib: { level: 9 } }), 'black.png');
    expect(img.width * img.height).toBe(2048 * 2048);
    expect(img.data.every((v, i) => v === (i % 4 === 3 ? 255 : 0))).toBe(true);
  });

  it('refuses a header that promises far more pixels than the data can hold', async () => {
    const liar = handPng(4000, 4000, 8, 6, Uint8Array.of(0, 1, 2, 3, 4));
    expect((await formatErrorOf(pngDecoder(liar, 'liar.png'))).message).toBe('liar.png: not a valid PNG file (the image data is truncated).');
  });

  it('stops a decompression bomb (tiny file, IDAT inflating far beyond the image size)', async () => {
    const bomb = handPng(1, 1, 8, 0, new Uint8Array(50_000_000));
    expect(bomb.length).toBeLessThan(100_000);
    expect((await formatErrorOf(pngDecoder(bomb, 'bomb.png'))).message).toMatch(/^bomb\.png: the image data inflates to far more/);
  });

  it('never throws anything but a TensorscopeError on random or mutated bytes', { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    const valid = [
      encode({ width: 5, height: 4, data: Uint8Array.from({ length: 5 * 4 * 4 }, (_, i) => i * 3), channels: 4 }),
      encode({ width: 6, height: 3, data: Uint8Array.from({ length: 18 }, (_, i) => i), channels: 1, palette: Array.from({ length: 18 }, (_, i) => [i, i, i]) }),
      encode({ width: 7, height: 5, data: new Uint16Array(7 * 5 * 2).fill(999), channels: 2, depth: 16 }, { interlace: 'Adam7' }),
      encode({ width: 9, height: 2, data: Uint8Array.of(0xaa, 0x80, 0x55, 0x00), channels: 1, depth: 1 }),
    ];
    const mutated = fc
      .tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.option(fc.nat()))
      .map(([png, edits, cut]) => {
        const out = png.slice();
        for (const [at, v] of edits) out[at % out.length] = v;
        return cut === null ? out : out.subarray(0, cut % (out.length + 1));
      });
    // Random tails after a PNG signature reach the chunk parser instead of stopping at the magic check.
    const signed = fc.uint8Array({ maxLength: 200 }).map((b) => concat(SIGNATURE, b));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), signed, mutated), async (bytes) => {
        try {
          const img = await pngDecoder(bytes, 'x.png');
          expect(img.data.length).toBe(img.width * img.height * 4);
        } catch (e) {
          if (!(e instanceof TensorscopeError)) throw e;
        }
      }),
      FC_OPTS,
    );
  });
});

describe('resizeToArray', () => {
  const solid = (w: number, h: number, px: number[]): RawImage => ({
    width: w,
    height: h,
    data: Uint8Array.from({ length: w * h * 4 }, (_, i) => px[i % 4]),
  });

  it('keeps a constant image constant at any size, in both modes', () => {
    for (const [sw, sh, dw, dh] of [[56, 56, 28, 28], [7, 5, 3, 2], [3, 3, 10, 4], [1, 1, 5, 5], [100, 1, 7, 3]]) {
      expect(Array.from(new Set(resizeToArray(solid(sw, sh, [123, 123, 123, 255]), { width: dw, height: dh }, 'grayscale')))).toEqual([123]);
      const rgb = resizeToArray(solid(sw, sh, [10, 200, 77, 255]), { width: dw, height: dh }, 'rgb');
      expect(rgb.length).toBe(dw * dh * 3);
      expect(Array.from(rgb)).toEqual(Array.from({ length: dw * dh }, () => [10, 200, 77]).flat());
    }
  });

  it('averages areas: 2 × 2 blocks, and an exact left/right split', () => {
    const img: RawImage = { width: 2, height: 2, data: Uint8Array.of(0, 0, 0, 255, 100, 100, 100, 255, 200, 200, 200, 255, 255, 255, 255, 255) };
    expect(Array.from(resizeToArray(img, { width: 1, height: 1 }, 'grayscale'))).toEqual([Math.round((0 + 100 + 200 + 255) / 4)]);

    const split = { width: 8, height: 4, data: new Uint8Array(8 * 4 * 4) };
    for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) split.data.set(x < 4 ? [255, 255, 255, 255] : [0, 0, 0, 255], (y * 8 + x) * 4);
    expect(Array.from(resizeToArray(split, { width: 4, height: 2 }, 'grayscale'))).toEqual([255, 255, 0, 0, 255, 255, 0, 0]);
    // 8 → 3 columns: the middle output covers source columns 8/3..16/3, i.e. 4/3 white of 8/3 → half.
    expect(Array.from(resizeToArray(split, { width: 3, height: 1 }, 'grayscale'))).toEqual([255, 128, 0]);
  });

  it('composites transparency over black and uses 0.299 R + 0.587 G + 0.114 B', () => {
    expect(Array.from(resizeToArray(solid(2, 2, [255, 255, 255, 0]), { width: 1, height: 1 }, 'grayscale'))).toEqual([0]);
    expect(Array.from(resizeToArray(solid(2, 2, [200, 100, 50, 128]), { width: 1, height: 1 }, 'rgb'))).toEqual([100, 50, 25]);
    expect(Array.from(resizeToArray(solid(1, 1, [255, 0, 0, 255]), { width: 1, height: 1 }, 'grayscale'))).toEqual([76]);
    expect(Array.from(resizeToArray(solid(1, 1, [0, 255, 0, 255]), { width: 1, height: 1 }, 'grayscale'))).toEqual([150]);
    expect(Array.from(resizeToArray(solid(1, 1, [0, 0, 255, 255]), { width: 1, height: 1 }, 'grayscale'))).toEqual([29]);
  });

  it('upscales by replicating pixels (box filter)', () => {
    const img: RawImage = { width: 2, height: 1, data: Uint8Array.of(0, 0, 0, 255, 255, 255, 255, 255) };
    expect(Array.from(resizeToArray(img, { width: 4, height: 2 }, 'grayscale'))).toEqual([0, 0, 255, 255, 0, 0, 255, 255]);
  });

  it('refuses bad sizes and malformed pixel buffers', () => {
    expect(() => resizeToArray(solid(2, 2, [0, 0, 0, 255]), { width: 0, height: 2 }, 'rgb')).toThrow(TensorscopeError);
    expect(() => resizeToArray(solid(2, 2, [0, 0, 0, 255]), { width: 2.5, height: 2 }, 'rgb')).toThrow(TensorscopeError);
    expect(() => resizeToArray({ width: 3, height: 3, data: new Uint8Array(8) }, { width: 2, height: 2 }, 'rgb')).toThrow(/malformed/);
  });

  it('output stays within the range of the (opaque) input', { timeout: PROPERTY_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 255 })),
        (sw, sh, dw, dh, values) => {
          const grey = Array.from(values.take(sw * sh));
          const img: RawImage = { width: sw, height: sh, data: Uint8Array.from(grey.flatMap((v) => [v, v, v, 255])) };
          const out = resizeToArray(img, { width: dw, height: dh }, 'grayscale');
          expect(out.length).toBe(dw * dh);
          for (const v of out) {
            expect(v).toBeGreaterThanOrEqual(Math.min(...grey));
            expect(v).toBeLessThanOrEqual(Math.max(...grey));
          }
        },
      ),
      { numRuns: 250, plugins: [fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true })] },
    );
  });
});
