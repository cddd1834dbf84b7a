/**
 * The tfjs-examples MNIST sprite: `mnist_images.png` is side² pixels wide (784 for 28 × 28) with one example per
 * row, and `mnist_labels_uint8` holds either one class index per example or one one-hot row of C bytes per example.
 */
import { TensorscopeError } from '../../core/errors';
import type { ImageArrays } from '../../core/types';
import type { ImageDecoder } from './imageDecode';

/** Labels are uint8. */
const MAX_CLASSES = 256;

export interface SpriteOptions {
  /** Side of each square example; default √(sprite width). Must satisfy side × side = sprite width. */
  side?: number;
  /** Class count; default: the one-hot width, or (largest index + 1) for index labels. */
  numClasses?: number;
}

/**
 * Sprite PNG + label bytes → ImageArrays (1 channel, the sprite's red channel, which for the grey MNIST sprite is the
 * grey value). Label format is chosen by length: N bytes = indices, N × C bytes = one-hot, each row exactly one 1.
 */
export async function spriteToImages(
  png: Uint8Array,
  labels: Uint8Array,
  names: { image: string; labels: string },
  decode: ImageDecoder,
  opts: SpriteOptions = {},
): Promise<ImageArrays> {
  const fail = (file: string, why: string) => new TensorscopeError('dataset-format', `${file}: ${why}`);
  const fmt = (n: number) => n.toLocaleString('en-US');
  const raw = await decode(png, names.image);
  const { width, height: rows, data } = raw;
  if (!(Number.isInteger(width) && Number.isInteger(rows) && width > 0 && rows > 0) || !data || data.length < width * rows * 4) {
    throw fail(names.image, 'the decoded image is malformed.');
  }

  const side = opts.side ?? Math.round(Math.sqrt(width));
  if (opts.side === undefined && side * side !== width) {
    throw fail(names.image, `is ${fmt(width)} pixels wide, which is not a perfect square, so rows cannot be square images (MNIST's sprite is 784 = 28 × 28 wide).`);
  }
  if (!(Number.isInteger(side) && side > 0 && side * side === width)) {
    throw fail(names.image, `is ${fmt(width)} pixels wide, but ${String(opts.side)} × ${String(opts.side)} images need rows ${fmt(side * side)} pixels wide.`);
  }
  if (opts.numClasses !== undefined && !(Number.isInteger(opts.numClasses) && opts.numClasses >= 2 && opts.numClasses <= MAX_CLASSES)) {
    throw new TensorscopeError('invalid-spec', `numClasses must be a whole number from 2 to ${MAX_CLASSES}; got ${String(opts.numClasses)}.`);
  }

  const labelsOut = decodeLabels(labels, rows, names, opts.numClasses);

  // Red channel of every pixel: the sprite row is already one flattened side × side example.
  const images = new Uint8Array(rows * width);
  for (let i = 0, p = 0; i < images.length; i++, p += 4) images[i] = data[p];

  return { images, labels: labelsOut.labels, count: rows, height: side, width: side, channels: 1, numClasses: labelsOut.numClasses };
}

function decodeLabels(
  bytes: Uint8Array,
  rows: number,
  names: { image: string; labels: string },
  numClasses: number | undefined,
): { labels: Uint8Array; numClasses: number } {
  const fail = (why: string) => new TensorscopeError('dataset-format', `${names.labels}: ${why}`);
  const fmt = (n: number) => n.toLocaleString('en-US');
  const n = bytes.length;
  if (n === 0) throw fail('the label file is empty.');

  if (n === rows) {
    let max = 0;
    for (let i = 0; i < n; i++) {
      if (numClasses !== undefined && bytes[i] >= numClasses) {
        throw fail(`label ${fmt(i)} is ${bytes[i]}, but there are only ${numClasses} classes (0–${numClasses - 1}).`);
      }
      if (bytes[i] > max) max = bytes[i];
    }
    const classes = numClasses ?? max + 1;
    if (classes < 2) throw fail(`every label is 0; a classifier needs at least 2 classes.`);
    return { labels: bytes.slice(), numClasses: classes };
  }

  const perRow = n / rows;
  const sizeHint =
    `${names.image} has ${fmt(rows)} rows (images), so ${names.labels} should be ${fmt(rows)} bytes (one class index per image) ` +
    `or ${fmt(rows)} × C bytes (one one-hot row of C classes per image)`;
  if (numClasses !== undefined && perRow !== numClasses) {
    if (n % numClasses === 0) {
      throw fail(`holds ${fmt(n / numClasses)} one-hot labels of ${numClasses} classes, but ${names.image} has ${fmt(rows)} rows; the counts must match.`);
    }
    throw fail(`has ${fmt(n)} bytes; ${sizeHint} with C = ${numClasses}.`);
  }
  if (!Number.isInteger(perRow) || perRow < 2) {
    throw fail(`has ${fmt(n)} bytes, so its label count does not match the ${fmt(rows)} image rows; ${sizeHint}.`);
  }
  if (perRow > MAX_CLASSES) {
    throw fail(`would hold one-hot rows of ${fmt(perRow)} classes; at most ${MAX_CLASSES} are supported (${sizeHint}).`);
  }

  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let hot = -1;
    let ok = true;
    for (let c = 0; c < perRow; c++) {
      const v = bytes[r * perRow + c];
      if (v === 1 && hot === -1) hot = c;
      else if (v !== 0) ok = false;
    }
    if (!ok || hot === -1) {
      const row = Array.from(bytes.subarray(r * perRow, r * perRow + Math.min(perRow, 16))).join(', ');
      throw fail(`row ${fmt(r)} is not one-hot (expected exactly one 1 and the rest 0 in each ${perRow}-byte row; got ${row}${perRow > 16 ? ', …' : ''}).`);
    }
    labels[r] = hot;
  }
  return { labels, numClasses: perRow };
}
