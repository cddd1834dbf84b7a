import { TensorscopeError } from '../../core/errors';
import type { ImageArrays } from '../../core/types';

/**
 * The IDX format (MNIST, Fashion-MNIST, KMNIST, EMNIST), big-endian:
 *   bytes 0..1  zero       byte 2  data type      byte 3  number of dimensions (d)
 *   then d × u32 sizes, then the data, row-major.
 * Only unsigned bytes (type 0x08) are supported: every image dataset in this family uses it.
 */
export interface IdxArray {
  dims: number[];
  /** The data bytes, row-major; parseIdx returns a view into the input (no copy). */
  data: Uint8Array;
}

const TYPE_UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: '16-bit integer',
  0x0c: '32-bit integer',
  0x0d: '32-bit float',
  0x0e: '64-bit float',
};
const MAX_DIMS = 4;
const MAGIC_LABELS = 0x00000801;
const MAGIC_IMAGES = 0x00000803;
const MAX_U32 = 0xffffffff;

const fmt = (n: number): string => n.toLocaleString('en-US');
const hex = (n: number, digits: number): string => '0x' + n.toString(16).toUpperCase().padStart(digits, '0');
const plural = (n: number, one: string, many = one + 's'): string => `${fmt(n)} ${n === 1 ? one : many}`;

function formatError(fileName: string, why: string): TensorscopeError {
  return new TensorscopeError('dataset-format', `${fileName}: ${why}`);
}

/** Product of sizes in floating point: exact up to 2^53, and far larger than any real file beyond that, which is all the checks need. */
function product(dims: readonly number[]): number {
  let p = 1;
  for (const d of dims) p *= d;
  return p;
}

export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
  const fail = (why: string) => formatError(fileName, why);
  if (!(bytes instanceof Uint8Array)) throw fail('expected the file contents as bytes.');
  const n = bytes.length;
  if (n < 4) throw fail(`file is ${plural(n, 'byte')}, too short for an IDX header (at least 4 bytes).`);

  const type = bytes[2];
  const ndims = bytes[3];
  // ">>> 0" keeps the magic unsigned so it prints as 0x..., not as a negative number.
  const magic = ((bytes[0] << 24) | (bytes[1] << 16) | (type << 8) | ndims) >>> 0;
  if (bytes[0] !== 0 || bytes[1] !== 0 || !(type in TYPE_NAMES)) {
    throw fail(
      `wrong IDX magic number ${hex(magic, 8)} (expected 0x00000803 for images or 0x00000801 for labels); ` +
        'this does not look like an IDX file.',
    );
  }
  if (ndims === 0) throw fail('the IDX header declares 0 dimensions.');
  if (ndims > MAX_DIMS) throw fail(`the IDX header declares ${ndims} dimensions; at most ${MAX_DIMS} are supported.`);
  if (type !== TYPE_UBYTE) {
    throw fail(
      `unsupported data type ${hex(type, 2)} (${TYPE_NAMES[type]}); only unsigned-byte IDX files (type 0x08) are supported.`,
    );
  }

  // 0x801 (labels) and 0x803 (images) are what real datasets use. Any other magic whose header cannot even be read
  // (too short, a zero size) is almost surely not an IDX file, so say that rather than blame a dimension.
  const usualMagic = magic === MAGIC_LABELS || magic === MAGIC_IMAGES;
  const notIdx = (detail: string) =>
    fail(
      `not an IDX file: magic ${hex(magic, 8)}, expected ${hex(MAGIC_IMAGES, 8)} (images) or ${hex(MAGIC_LABELS, 8)} (labels); ` +
        `read as IDX, ${detail}.`,
    );
  const headerBytes = 4 + 4 * ndims;
  if (n < headerBytes) {
    if (!usualMagic) throw notIdx(`its ${ndims}-dimension header would need ${fmt(headerBytes)} bytes but the file has ${fmt(n)}`);
    throw fail(`file is truncated: a ${ndims}-dimension IDX header needs ${fmt(headerBytes)} bytes but the file has ${fmt(n)}.`);
  }
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) {
    const o = 4 + 4 * i;
    // Assembled by hand rather than with DataView: no exceptions possible, and no alignment concerns.
    const size = ((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]) >>> 0;
    if (size === 0) {
      if (!usualMagic) throw notIdx(`dimension ${i + 1} of ${ndims} would have size 0`);
      throw fail(`dimension ${i + 1} of ${ndims} has size 0.`);
    }
    dims.push(size);
  }

  // Check the declared size against the real length before touching any data, so a hostile header costs nothing.
  const expected = product(dims);
  const got = n - headerBytes;
  const shape = dims.map(fmt).join(' × ');
  if (expected > got) {
    throw fail(`file is truncated: the header's sizes ${shape} need ${plural(expected, 'data byte')} but the file has ${fmt(got)}.`);
  }
  if (expected < got) {
    throw fail(`file has ${plural(got - expected, 'extra byte')} after the ${plural(expected, 'data byte')} its header's sizes ${shape} declare.`);
  }
  return { dims, data: bytes.subarray(headerBytes, headerBytes + expected) };
}

function checkIdxArray(a: IdxArray, name: string): void {
  const ok =
    a !== null &&
    typeof a === 'object' &&
    Array.isArray(a.dims) &&
    a.data instanceof Uint8Array &&
    a.dims.length >= 1 &&
    a.dims.every((d) => Number.isInteger(d) && d >= 1 && d <= MAX_U32) &&
    product(a.dims) === a.data.length;
  if (!ok) throw formatError(name, 'the IDX array is malformed (its sizes do not match its data).');
}

/**
 * Pairs an images IDX ([n, h, w] or [n, h, w, c] with c ≤ 4) with a labels IDX ([n]).
 * The returned images and labels are views into the inputs' data (zero copy).
 * numClasses is expectedClasses when given (so a subset missing the last class still gets the full output size),
 * else max label + 1.
 */
export function idxToImages(
  images: IdxArray,
  labels: IdxArray,
  names: { images: string; labels: string },
  expectedClasses?: number,
): ImageArrays {
  const imagesName = String(names?.images ?? 'images');
  const labelsName = String(names?.labels ?? 'labels');
  checkIdxArray(images, imagesName);
  checkIdxArray(labels, labelsName);

  const id = images.dims;
  if (id.length !== 3 && id.length !== 4) {
    throw formatError(
      imagesName,
      `images must have 3 dimensions [count, height, width] or 4 [count, height, width, channels], but this file has ${id.length} (${id.map(fmt).join(' × ')}).`,
    );
  }
  const channels = id.length === 4 ? id[3] : 1;
  if (channels > 4) throw formatError(imagesName, `images have ${fmt(channels)} channels; at most 4 are supported.`);
  if (labels.dims.length !== 1) {
    throw formatError(
      labelsName,
      `labels must have 1 dimension [count], but this file has ${labels.dims.length} (${labels.dims.map(fmt).join(' × ')}).`,
    );
  }
  const count = id[0];
  if (labels.dims[0] !== count) {
    throw new TensorscopeError(
      'dataset-format',
      `${imagesName} has ${plural(count, 'image')} but ${labelsName} has ${plural(labels.dims[0], 'label')}.`,
    );
  }

  if (expectedClasses !== undefined && !(Number.isInteger(expectedClasses) && expectedClasses >= 2 && expectedClasses <= 256)) {
    throw formatError(labelsName, `expected class count ${String(expectedClasses)} is not a whole number from 2 to 256.`);
  }
  const lab = labels.data;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const v = lab[i];
    if (v > max) max = v;
    if (expectedClasses !== undefined && v >= expectedClasses) {
      throw formatError(
        labelsName,
        `label ${v} at example ${fmt(i)} is outside 0..${expectedClasses - 1} (the dataset has ${expectedClasses} classes).`,
      );
    }
  }
  const numClasses = expectedClasses ?? max + 1;
  // A uint8 label can never exceed 255, so the 256-class upper bound holds by construction.
  if (numClasses < 2) throw formatError(labelsName, 'every label is 0; classification needs at least 2 classes.');

  return { images: images.data, labels: lab, count, height: id[1], width: id[2], channels, numClasses };
}

/** Writes an unsigned-byte IDX file; the inverse of parseIdx, used by tests and fixture scripts. */
export function writeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const fail = (why: string) => new TensorscopeError('dataset-format', `writeIdx: ${why}`);
  if (!Array.isArray(dims) || dims.length < 1 || dims.length > MAX_DIMS) throw fail(`needs 1 to ${MAX_DIMS} dimensions.`);
  if (!dims.every((d) => Number.isInteger(d) && d >= 1 && d <= MAX_U32)) throw fail('every size must be a whole number from 1 to 2^32-1.');
  if (!(data instanceof Uint8Array) || product(dims) !== data.length) {
    throw fail(`sizes ${dims.join(' × ')} need ${product(dims)} bytes but the data has ${data?.length}.`);
  }
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  out[2] = TYPE_UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => {
    const o = 4 + 4 * i;
    out[o] = d >>> 24;
    out[o + 1] = (d >>> 16) & 0xff;
    out[o + 2] = (d >>> 8) & 0xff;
    out[o + 3] = d & 0xff;
  });
  out.set(data, header);
  return out;
}

/** Share of examples the contiguous run 0..K must cover before the labels above K count as strays. */
export const LABEL_RUN_COVERAGE = 0.99;

/** Examples per label value (index 0..255). */
export function countLabels(labels: Uint8Array): number[] {
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/**
 * K of the run 0..K of labels that are all present, when that run covers ≥ 99 % of the examples and K ≥ 1;
 * labels above K are then strays (a 12 among digits 0–9). null when there is no such run: the labels are spread
 * out for real (1-based, or a class missing in the middle), so nothing can be called out of range.
 */
export function labelRunMax(counts: readonly number[], total: number): number | null {
  let k = -1;
  let covered = 0;
  while (k + 1 < counts.length && counts[k + 1] > 0) covered += counts[++k];
  return k >= 1 && total > 0 && covered >= LABEL_RUN_COVERAGE * total ? k : null;
}

/** The label values above max that occur, with how often, in ascending order. */
export function labelsAbove(counts: readonly number[], max: number): { label: number; count: number }[] {
  const out: { label: number; count: number }[] = [];
  for (let l = max + 1; l < counts.length; l++) if (counts[l] > 0) out.push({ label: l, count: counts[l] });
  return out;
}

/** A copy without the examples whose label is above max; numClasses becomes max + 1. */
export function dropLabelsAbove(a: ImageArrays, max: number): { arrays: ImageArrays; dropped: number } {
  const per = a.height * a.width * a.channels;
  let kept = 0;
  for (let i = 0; i < a.count; i++) if (a.labels[i] <= max) kept++;
  const images = new Uint8Array(kept * per);
  const labels = new Uint8Array(kept);
  let j = 0;
  for (let i = 0; i < a.count; i++) {
    if (a.labels[i] > max) continue;
    images.set(a.images.subarray(i * per, (i + 1) * per), j * per);
    labels[j++] = a.labels[i];
  }
  return { arrays: { ...a, images, labels, count: kept, numClasses: max + 1 }, dropped: a.count - kept };
}
