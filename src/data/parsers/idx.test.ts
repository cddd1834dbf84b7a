import { describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { FC_OPTS, formatErrorOf, okOrFormatError } from '../../test/parserAssertions';
import { countLabels, dropLabelsAbove, idxToImages, labelRunMax, labelsAbove, parseIdx, writeIdx, type IdxArray } from './idx';

const NAMES = { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' };
const PROPERTY_TIMEOUT_MS = 20_000;
/** Fails a property that gets slow (checked between runs; a synchronous run cannot be pre-empted). */

function knownImages(count = 5, h = 4, w = 3) {
  const images = new Uint8Array(count * h * w).map((_, i) => (i * 29 + 7) % 256);
  const labels = new Uint8Array(count).map((_, i) => (i * 3) % 4);
  return { images, labels, count, h, w };
}

/** A raw IDX header with any type, dimension count and sizes, for the cases writeIdx refuses to make. */
function rawIdx(type: number, sizes: number[], dataBytes: number, ndims = sizes.length): Uint8Array {
  const out = new Uint8Array(4 + 4 * sizes.length + dataBytes);
  out[2] = type;
  out[3] = ndims;
  const view = new DataView(out.buffer);
  sizes.forEach((s, i) => view.setUint32(4 + 4 * i, s));
  return out;
}



describe('parseIdx / idxToImages / writeIdx', () => {
  it('round-trips known arrays', () => {
    const k = knownImages();
    const imgFile = writeIdx([k.count, k.h, k.w], k.images);
    const labFile = writeIdx([k.count], k.labels);
    expect(Array.from(imgFile.subarray(0, 4))).toEqual([0, 0, 8, 3]);
    expect(Array.from(labFile.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0, 5]);
    const img = parseIdx(imgFile, NAMES.images);
    const lab = parseIdx(labFile, NAMES.labels);
    expect(img.dims).toEqual([5, 4, 3]);
    const d = idxToImages(img, lab, NAMES);
    expect(Array.from(d.images)).toEqual(Array.from(k.images));
    expect(Array.from(d.labels)).toEqual(Array.from(k.labels));
    expect([d.count, d.height, d.width, d.channels, d.numClasses]).toEqual([5, 4, 3, 1, 4]);
  });

  it('reads a 4-D [n, h, w, c] file as channels', () => {
    const data = new Uint8Array(2 * 2 * 2 * 3).map((_, i) => i);
    const d = idxToImages(parseIdx(writeIdx([2, 2, 2, 3], data), 'rgb'), parseIdx(writeIdx([2], new Uint8Array([0, 1])), 'l'), {
      images: 'rgb',
      labels: 'l',
    });
    expect([d.count, d.height, d.width, d.channels]).toEqual([2, 2, 2, 3]);
    expect(Array.from(d.images)).toEqual(Array.from(data));
  });

  it('goes through gzip like a downloaded .gz file', () => {
    const k = knownImages(7, 6, 6);
    const gz = new Uint8Array(gzipSync(writeIdx([7, 6, 6], k.images)));
    const gzl = new Uint8Array(gzipSync(writeIdx([7], k.labels)));
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    const d = idxToImages(
      parseIdx(new Uint8Array(gunzipSync(gz)), 'train-images-idx3-ubyte.gz'),
      parseIdx(new Uint8Array(gunzipSync(gzl)), 'train-labels-idx1-ubyte.gz'),
      NAMES,
    );
    expect(Array.from(d.images)).toEqual(Array.from(k.images));
    expect(Array.from(d.labels)).toEqual(Array.from(k.labels));
  });

  it('parses a full-size 70,000 × 28 × 28 file as a zero-copy view', () => {
    const file = writeIdx([70_000, 28, 28], new Uint8Array(70_000 * 784));
    const a = parseIdx(file, 'big');
    expect(a.data.buffer).toBe(file.buffer);
    expect(a.data.byteOffset).toBe(16);
    expect(a.data.length).toBe(70_000 * 784);
    const labels = parseIdx(writeIdx([70_000], new Uint8Array(70_000).map((_, i) => i % 10)), 'big-labels');
    const d = idxToImages(a, labels, { images: 'big', labels: 'big-labels' }, 10);
    expect(d.images.buffer).toBe(file.buffer);
    expect(d.numClasses).toBe(10);
  });

  it('works on a view into a larger buffer (as after gunzip into a pooled buffer)', () => {
    const file = writeIdx([3], new Uint8Array([1, 2, 3]));
    const padded = new Uint8Array(file.length + 10);
    padded.set(file, 5);
    expect(Array.from(parseIdx(padded.subarray(5, 5 + file.length), 'x').data)).toEqual([1, 2, 3]);
  });

  describe('errors name the file and the problem', () => {
    const F = 'train-images-idx3-ubyte.gz';
    it('too short', () => {
      const e = formatErrorOf(() => parseIdx(new Uint8Array(3), F));
      expect(e.message).toMatch(/^train-images-idx3-ubyte\.gz: file is 3 bytes, too short/);
      expect(formatErrorOf(() => parseIdx(new Uint8Array(0), F)).message).toContain('0 bytes');
    });
    it('wrong magic', () => {
      const e = formatErrorOf(() => parseIdx(new Uint8Array(16), F));
      expect(e.message).toContain(
        'train-images-idx3-ubyte.gz: wrong IDX magic number 0x00000000 (expected 0x00000803 for images or 0x00000801 for labels)',
      );
      // A gzip file that was not decompressed is the classic mistake.
      const gz = new Uint8Array(gzipSync(writeIdx([1], new Uint8Array([0]))));
      expect(formatErrorOf(() => parseIdx(gz, F)).message).toMatch(/wrong IDX magic number 0x1F8B08/);
      expect(formatErrorOf(() => parseIdx(new Uint8Array([0, 0, 0x07, 1, 0, 0, 0, 1, 0]), F)).message).toContain('0x00000701');
    });
    it('0 or more than 4 dimensions', () => {
      expect(formatErrorOf(() => parseIdx(rawIdx(8, [], 0), F)).message).toBe(`${F}: the IDX header declares 0 dimensions.`);
      expect(formatErrorOf(() => parseIdx(rawIdx(8, [1, 1, 1, 1, 1], 1), F)).message).toContain('declares 5 dimensions; at most 4');
    });
    it('unsupported data types', () => {
      for (const [type, word] of [
        [0x09, 'signed byte'],
        [0x0b, '16-bit integer'],
        [0x0c, '32-bit integer'],
        [0x0d, '32-bit float'],
        [0x0e, '64-bit float'],
      ] as const) {
        const e = formatErrorOf(() => parseIdx(rawIdx(type, [2], 8), F));
        expect(e.message).toContain(`${F}: unsupported data type 0x${type.toString(16).toUpperCase().padStart(2, '0')} (${word})`);
      }
    });
    it('a zero dimension', () => {
      expect(formatErrorOf(() => parseIdx(rawIdx(8, [10, 0, 28], 0), F)).message).toBe(`${F}: dimension 2 of 3 has size 0.`);
    });
    it('an unusual magic whose header cannot be read is "not an IDX file", naming the magic', () => {
      // 00 00 08 04 then a zero size: before, this said only "dimension 4 of 4 has size 0".
      const e = formatErrorOf(() => parseIdx(rawIdx(8, [5, 28, 28, 0], 40), F));
      expect(e.message).toMatch(
        /^train-images-idx3-ubyte\.gz: not an IDX file: magic 0x00000804, expected 0x00000803 \(images\) or 0x00000801 \(labels\)/,
      );
      expect(e.message).not.toMatch(/^[^:]*: dimension/);
      expect(formatErrorOf(() => parseIdx(new Uint8Array([0, 0, 8, 2, 0, 0, 0, 1]), F)).message).toContain(
        'not an IDX file: magic 0x00000802, expected 0x00000803 (images) or 0x00000801 (labels)',
      );
      // A readable 4-D header is still accepted (colour images [n, h, w, c]).
      expect(parseIdx(writeIdx([1, 2, 2, 3], new Uint8Array(12)), F).dims).toEqual([1, 2, 2, 3]);
    });
    it('truncated header and truncated data, with expected and actual sizes', () => {
      expect(formatErrorOf(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), F)).message).toContain(
        'a 3-dimension IDX header needs 16 bytes but the file has 8',
      );
      const file = writeIdx([60_000, 28, 28], new Uint8Array(60_000 * 784));
      const e = formatErrorOf(() => parseIdx(file.subarray(0, file.length - 1), F));
      expect(e.message).toBe(
        `${F}: file is truncated: the header's sizes 60,000 × 28 × 28 need 47,040,000 data bytes but the file has 47,039,999.`,
      );
    });
    it('trailing bytes, with the count', () => {
      const file = writeIdx([2, 2], new Uint8Array(4));
      const extra = new Uint8Array(file.length + 3);
      extra.set(file);
      expect(formatErrorOf(() => parseIdx(extra, F)).message).toBe(
        `${F}: file has 3 extra bytes after the 4 data bytes its header's sizes 2 × 2 declare.`,
      );
    });
    it('a hostile header of 4 × 0xFFFFFFFF fails fast without allocating', () => {
      const hostile = rawIdx(8, [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], 16);
      formatErrorOf(() => parseIdx(hostile, F)); // warm-up, so the timing below is the parser, not first-call setup
      const t0 = performance.now();
      const e = formatErrorOf(() => parseIdx(hostile, F));
      expect(performance.now() - t0).toBeLessThan(200);
      expect(e.message).toContain('truncated');
      expect(e.message).toContain('4,294,967,295 × 4,294,967,295 × 4,294,967,295 × 4,294,967,295');
      expect(e.message).toContain('the file has 16');
    });
  });

  describe('idxToImages errors', () => {
    const k = knownImages(4, 2, 2);
    const img = () => parseIdx(writeIdx([4, 2, 2], k.images), NAMES.images);
    const lab = (labels: number[]) => parseIdx(writeIdx([labels.length], new Uint8Array(labels)), NAMES.labels);

    it('count mismatch names both files and both counts', () => {
      const images = parseIdx(writeIdx([60_000, 1, 1], new Uint8Array(60_000)), 'train-images');
      const labels = parseIdx(writeIdx([59_999], new Uint8Array(59_999).fill(1)), 'train-labels');
      expect(formatErrorOf(() => idxToImages(images, labels, { images: 'train-images', labels: 'train-labels' })).message).toBe(
        'train-images has 60,000 images but train-labels has 59,999 labels.',
      );
    });
    it('wrong ranks', () => {
      const flat = parseIdx(writeIdx([16], k.images), NAMES.images);
      expect(formatErrorOf(() => idxToImages(flat, lab([0, 1, 0, 1]), NAMES)).message).toMatch(
        /^train-images-idx3-ubyte: images must have 3 dimensions .* this file has 1 \(16\)/,
      );
      const twoD = parseIdx(writeIdx([4, 1], new Uint8Array([0, 1, 0, 1])), NAMES.labels);
      expect(formatErrorOf(() => idxToImages(img(), twoD, NAMES)).message).toMatch(/^train-labels-idx1-ubyte: labels must have 1 dimension.*has 2 \(4 × 1\)/);
      const manyChannels = parseIdx(writeIdx([1, 1, 1, 5], new Uint8Array(5)), NAMES.images);
      expect(formatErrorOf(() => idxToImages(manyChannels, lab([1]), NAMES)).message).toContain('5 channels; at most 4');
    });
    it('fewer than 2 classes', () => {
      expect(formatErrorOf(() => idxToImages(img(), lab([0, 0, 0, 0]), NAMES)).message).toContain('at least 2 classes');
    });
    it('a label at or above expectedClasses names the example and value', () => {
      expect(formatErrorOf(() => idxToImages(img(), lab([0, 1, 12, 3]), NAMES, 10)).message).toBe(
        'train-labels-idx1-ubyte: label 12 at example 2 is outside 0..9 (the dataset has 10 classes).',
      );
      expect(idxToImages(img(), lab([0, 1, 2, 3]), NAMES, 10).numClasses).toBe(10);
      expect(formatErrorOf(() => idxToImages(img(), lab([0, 1, 2, 3]), NAMES, 300)).message).toContain('300');
    });
    it('a malformed IdxArray built by hand', () => {
      const bad: IdxArray = { dims: [4, 2, 2], data: new Uint8Array(3) };
      expect(formatErrorOf(() => idxToImages(bad, lab([0, 1, 0, 1]), NAMES)).message).toContain('malformed');
    });
  });

  describe('label range: strays above a contiguous 0..k run', () => {
    const counts = (labels: number[]) => countLabels(new Uint8Array(labels));
    const digits = (n: number, ...extra: number[]) => [...Array.from({ length: n }, (_, i) => i % 10), ...extra];

    it('a 12 among 1,000 digits 0–9 is a stray above 9', () => {
      const c = counts(digits(1000, 12));
      expect(labelRunMax(c, 1001)).toBe(9);
      expect(labelsAbove(c, 9)).toEqual([{ label: 12, count: 1 }]);
    });
    it('no stray when the labels are already 0..k, or when the run covers under 99 %', () => {
      expect(labelRunMax(counts(digits(100)), 100)).toBe(9);
      expect(labelsAbove(counts(digits(100)), 9)).toEqual([]);
      // 1-based labels (EMNIST letters): no run from 0 at all.
      expect(labelRunMax(counts([1, 2, 3, 1, 2, 3]), 6)).toBeNull();
      // A gap in the middle with half the data above it: a real spread, not a stray.
      expect(labelRunMax(counts([0, 1, 2, 3, 4, 6, 7, 8, 9, 9]), 10)).toBeNull();
      // Only label 0 below the strays: too few classes to call anything out of range.
      expect(labelRunMax(counts([...new Array(200).fill(0), 7]), 201)).toBeNull();
    });
    it('dropLabelsAbove copies the kept examples with their pixels and shrinks numClasses', () => {
      const images = new Uint8Array([10, 11, 20, 21, 30, 31, 40, 41]);
      const a = { images, labels: new Uint8Array([0, 12, 1, 0]), count: 4, height: 1, width: 2, channels: 1, numClasses: 13 };
      const { arrays, dropped } = dropLabelsAbove(a, 1);
      expect(dropped).toBe(1);
      expect(Array.from(arrays.labels)).toEqual([0, 1, 0]);
      expect(Array.from(arrays.images)).toEqual([10, 11, 30, 31, 40, 41]);
      expect([arrays.count, arrays.numClasses]).toEqual([3, 2]);
    });
  });

  describe('writeIdx refuses what it cannot write', () => {
    it('mismatched sizes and bad dims', () => {
      formatErrorOf(() => writeIdx([2, 2], new Uint8Array(3)));
      formatErrorOf(() => writeIdx([], new Uint8Array(0)));
      formatErrorOf(() => writeIdx([0], new Uint8Array(0)));
      formatErrorOf(() => writeIdx([1, 1, 1, 1, 1], new Uint8Array(1)));
    });
  });

  describe('fuzzing: a result or a TensorscopeError, never anything else', () => {
    const checkResult = (a: IdxArray, file: Uint8Array) => {
      expect(a.dims.length).toBeGreaterThanOrEqual(1);
      expect(a.dims.length).toBeLessThanOrEqual(4);
      expect(a.data.length).toBe(a.dims.reduce((x, y) => x * y, 1));
      expect(a.data.buffer).toBe(file.buffer);
    };
    const pairFromFiles = (imgBytes: Uint8Array, labBytes: Uint8Array, expected?: number) => {
      const img = okOrFormatError(() => parseIdx(imgBytes, 'img'));
      const lab = okOrFormatError(() => parseIdx(labBytes, 'lab'));
      if (img) checkResult(img, imgBytes);
      if (lab) checkResult(lab, labBytes);
      if (img && lab) {
        const d = okOrFormatError(() => idxToImages(img, lab, { images: 'img', labels: 'lab' }, expected));
        if (d) {
          expect(d.images.length).toBe(d.count * d.height * d.width * d.channels);
          expect(d.labels.length).toBe(d.count);
          expect(d.numClasses).toBeGreaterThanOrEqual(2);
          expect(d.numClasses).toBeLessThanOrEqual(256);
          for (const l of d.labels) expect(l).toBeLessThan(d.numClasses);
        }
      }
    };

    it(
      'random byte arrays',
      () => {
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 4096 }), fc.uint8Array({ maxLength: 4096 }), (a, b) => pairFromFiles(a, b)),
          FC_OPTS,
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'random bytes behind a valid-looking header',
      () => {
        const header = fc.tuple(fc.constantFrom(8, 8, 8, 9, 13), fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 6 }));
        fc.assert(
          fc.property(header, fc.uint8Array({ maxLength: 600 }), fc.option(fc.integer({ min: 0, max: 300 })), ([type, nd, sizes], body, expected) => {
            const bytes = new Uint8Array(4 + 4 * sizes.length + body.length);
            bytes[2] = type;
            bytes[3] = nd;
            const view = new DataView(bytes.buffer);
            sizes.forEach((s, i) => view.setUint32(4 + 4 * i, s));
            bytes.set(body, 4 + 4 * sizes.length);
            const labels = writeIdx([Math.max(1, sizes[0] ?? 1)], new Uint8Array(Math.max(1, sizes[0] ?? 1)).map((_, i) => i % 3));
            pairFromFiles(bytes, labels, expected ?? undefined);
          }),
          FC_OPTS,
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      'mutated valid files (flip, truncate, insert, delete bytes)',
      () => {
        const k = knownImages(6, 5, 4);
        const validImg = writeIdx([6, 5, 4], k.images);
        const validLab = writeIdx([6], k.labels);
        const mutation = fc.oneof(
          fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
          fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), value: fc.constant(0) }),
          fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
          fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 8 }) }),
        );
        const mutate = (file: Uint8Array, ms: { kind: string; at: number; value: number }[]) => {
          let b = Array.from(file);
          for (const m of ms) {
            const at = b.length === 0 ? 0 : m.at % (b.length + 1);
            if (m.kind === 'flip' && at < b.length) b[at] = m.value;
            else if (m.kind === 'truncate') b = b.slice(0, at);
            else if (m.kind === 'insert') b.splice(at, 0, m.value);
            else if (m.kind === 'delete') b.splice(at, m.value);
          }
          return new Uint8Array(b);
        };
        fc.assert(
          fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(mutation, { maxLength: 2 }), fc.option(fc.integer({ min: 1, max: 12 })), (mi, ml, expected) =>
            pairFromFiles(mutate(validImg, mi), mutate(validLab, ml), expected ?? undefined),
          ),
          FC_OPTS,
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  });
});
