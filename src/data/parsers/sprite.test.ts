import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encode } from 'fast-png';
import { TensorscopeError } from '../../core/errors';
import { pngDecoder, type ImageDecoder } from './imageDecode';
import { spriteToImages } from './sprite';

const NAMES = { image: 'mnist_images.png', labels: 'mnist_labels_uint8' };
const PROPERTY_TIMEOUT_MS = 30_000;
/** Each run gets a time limit (async runs are cut off), and the whole property fails if it runs long. */
const FC_OPTS = { numRuns: 250, timeout: 2_000, plugins: [fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true })] };

/** `count` known 28 × 28 "digits" (distinct patterns) and their labels. */
function knownDigits(count = 12, side = 28) {
  const images = Uint8Array.from({ length: count * side * side }, (_, i) => (i * 7 + Math.floor(i / (side * side)) * 13) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 3) % 10);
  return { images, labels, count, side };
}
const oneHot = (labels: Uint8Array, classes = 10) => {
  const out = new Uint8Array(labels.length * classes);
  labels.forEach((l, i) => (out[i * classes + l] = 1));
  return out;
};
/** The sprite as tfjs-examples ships it: RGBA, grey value in R, G and B. */
function spriteRgba(images: Uint8Array, count: number, side: number): Uint8Array {
  const data = new Uint8Array(images.length * 4);
  images.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return encode({ width: side * side, height: count, data, channels: 4 });
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

describe('spriteToImages', () => {
  it('round-trips known digits with index labels and with one-hot labels', async () => {
    const k = knownDigits();
    const png = spriteRgba(k.images, k.count, k.side);
    for (const labels of [k.labels, oneHot(k.labels)]) {
      const d = await spriteToImages(png, labels, NAMES, pngDecoder, { numClasses: 10 });
      expect([d.count, d.height, d.width, d.channels, d.numClasses]).toEqual([12, 28, 28, 1, 10]);
      expect(Array.from(d.images)).toEqual(Array.from(k.images));
      expect(Array.from(d.labels)).toEqual(Array.from(k.labels));
    }
  });

  it('infers the side from the width and the class count from the labels', async () => {
    const k = knownDigits(5, 4);
    const grey = encode({ width: 16, height: 5, data: k.images, channels: 1 });
    const d = await spriteToImages(grey, k.labels, NAMES, pngDecoder);
    expect([d.height, d.width]).toEqual([4, 4]);
    expect(d.numClasses).toBe(Math.max(...k.labels) + 1);
    expect(Array.from(d.images)).toEqual(Array.from(k.images));
    const hot = await spriteToImages(grey, oneHot(k.labels, 12), NAMES, pngDecoder);
    expect(hot.numClasses).toBe(12);
    expect(Array.from(hot.labels)).toEqual(Array.from(k.labels));
  });

  it('takes the red channel', async () => {
    const data = Uint8Array.of(10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255, 100, 110, 120, 255);
    const d = await spriteToImages(encode({ width: 4, height: 1, data, channels: 4 }), Uint8Array.of(1), NAMES, pngDecoder, { numClasses: 2 });
    expect(Array.from(d.images)).toEqual([10, 40, 70, 100]);
  });

  it('explains a width that is not a perfect square, or does not match the given side', async () => {
    const png = encode({ width: 15, height: 2, data: new Uint8Array(30), channels: 1 });
    expect((await formatErrorOf(spriteToImages(png, Uint8Array.of(0, 1), NAMES, pngDecoder))).message).toMatch(
      /^mnist_images\.png: is 15 pixels wide, which is not a perfect square/,
    );
    const k = knownDigits(2, 4);
    const good = encode({ width: 16, height: 2, data: k.images, channels: 1 });
    expect((await formatErrorOf(spriteToImages(good, Uint8Array.of(0, 1), NAMES, pngDecoder, { side: 3 }))).message).toBe(
      'mnist_images.png: is 16 pixels wide, but 3 × 3 images need rows 9 pixels wide.',
    );
  });

  it('explains label files of the wrong size, with both numbers', async () => {
    const k = knownDigits();
    const png = spriteRgba(k.images, k.count, k.side);
    const err = await formatErrorOf(spriteToImages(png, new Uint8Array(13), NAMES, pngDecoder));
    expect(err.message).toMatch(/^mnist_labels_uint8: has 13 bytes, so its label count does not match the 12 image rows; mnist_images\.png has 12 rows/);
    // 110 one-hot bytes of 10 classes = 11 labels, not 12.
    const short = await formatErrorOf(spriteToImages(png, oneHot(k.labels).subarray(0, 110), NAMES, pngDecoder, { numClasses: 10 }));
    expect(short.message).toBe('mnist_labels_uint8: holds 11 one-hot labels of 10 classes, but mnist_images.png has 12 rows; the counts must match.');
  });

  it('names the first row that is not one-hot', async () => {
    const k = knownDigits();
    const png = spriteRgba(k.images, k.count, k.side);
    const twoHot = oneHot(k.labels);
    twoHot[5 * 10 + 9] = 1;
    twoHot[7 * 10 + 9] = 1;
    expect((await formatErrorOf(spriteToImages(png, twoHot, NAMES, pngDecoder))).message).toMatch(/^mnist_labels_uint8: row 5 is not one-hot \(/);
    const cold = oneHot(k.labels);
    cold.fill(0, 30, 40);
    expect((await formatErrorOf(spriteToImages(png, cold, NAMES, pngDecoder))).message).toMatch(/row 3 is not one-hot/);
    const two = oneHot(k.labels);
    two[2 * 10 + k.labels[2]] = 2;
    expect((await formatErrorOf(spriteToImages(png, two, NAMES, pngDecoder))).message).toMatch(/row 2 is not one-hot/);
  });

  it('explains labels beyond the class count', async () => {
    const k = knownDigits();
    const png = spriteRgba(k.images, k.count, k.side);
    const labels = k.labels.slice();
    labels[4] = 12;
    expect((await formatErrorOf(spriteToImages(png, labels, NAMES, pngDecoder, { numClasses: 10 }))).message).toBe(
      'mnist_labels_uint8: label 4 is 12, but there are only 10 classes (0–9).',
    );
    expect((await formatErrorOf(spriteToImages(png, new Uint8Array(12), NAMES, pngDecoder))).message).toMatch(/every label is 0/);
  });

  it('passes decoder errors through', async () => {
    expect((await formatErrorOf(spriteToImages(new TextEncoder().encode('nope'), Uint8Array.of(0), NAMES, pngDecoder))).message).toMatch(
      /^mnist_images\.png: not a PNG image/,
    );
  });

  it('never throws anything but a TensorscopeError on random or mutated inputs', { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    const k = knownDigits(6, 4);
    const sprites = [encode({ width: 16, height: 6, data: k.images, channels: 1 }), spriteRgba(k.images, 6, 4)];
    const mutate = (src: Uint8Array[]) =>
      fc
        .tuple(fc.constantFrom(...src), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 5 }), fc.option(fc.nat()))
        .map(([bytes, edits, cut]) => {
          const out = bytes.slice();
          for (const [at, v] of edits) if (out.length) out[at % out.length] = v;
          return cut === null ? out : out.subarray(0, cut % (out.length + 1));
        });
    const png = fc.oneof(fc.uint8Array({ maxLength: 200 }), mutate(sprites));
    const labels = fc.oneof(fc.uint8Array({ maxLength: 80 }), mutate([k.labels, oneHot(k.labels)]));
    const opts = fc.record({ side: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), numClasses: fc.option(fc.integer({ min: 2, max: 12 }), { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(png, labels, opts, async (p, l, o) => {
        try {
          const d = await spriteToImages(p, l, NAMES, pngDecoder, o);
          expect(d.images.length).toBe(d.count * d.width * d.height);
          expect(d.labels.length).toBe(d.count);
          for (const v of d.labels) expect(v).toBeLessThan(d.numClasses);
        } catch (e) {
          if (!(e instanceof TensorscopeError)) throw e;
        }
      }),
      FC_OPTS,
    );
  });

  it('guards against a decoder that returns nonsense', async () => {
    const liar: ImageDecoder = async () => ({ width: 4, height: 3, data: new Uint8Array(5) });
    expect((await formatErrorOf(spriteToImages(new Uint8Array(0), Uint8Array.of(0, 1, 1), NAMES, liar))).message).toMatch(/malformed/);
  });
});
