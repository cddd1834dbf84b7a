import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encode } from 'fast-png';
import { zipSync, type Zippable } from 'fflate';
import { TensorscopeError } from '../../core/errors';
import { pngDecoder } from './imageDecode';
import { imagesFromEntries, isJunkPath, naturalCompare, unzipEntries, type ImageEntry } from './imageFolder';

const PROPERTY_TIMEOUT_MS = 40_000;
/** Each run gets a time limit (async runs are cut off), and the whole property fails if it runs long. */
const FC_OPTS = { numRuns: 250, timeout: 3_000, plugins: [fc.interruptAfterTimeLimit(30_000, { failOnInterrupt: true })] };
const GREY28 = { width: 28, height: 28, mode: 'grayscale' as const };

/** A w × h grey PNG whose pixel (x, y) is f(x, y). */
function greyPng(w: number, h: number, f: (x: number, y: number) => number): Uint8Array {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
  return encode({ width: w, height: h, data, channels: 1 });
}
const constant = (v: number) => greyPng(56, 56, () => v);
const leftHalfWhite = () => greyPng(56, 56, (x) => (x < 28 ? 255 : 0));
const expectedConstant = (v: number) => new Array(28 * 28).fill(v);
const expectedLeftHalf = () => Array.from({ length: 28 * 28 }, (_, i) => (i % 28 < 14 ? 255 : 0));
const text = (s: string) => new TextEncoder().encode(s);

async function formatErrorOf(p: Promise<unknown> | (() => unknown)): Promise<TensorscopeError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(TensorscopeError);
    expect((e as TensorscopeError).code).toBe('dataset-format');
    return e as TensorscopeError;
  }
  throw new Error('expected a dataset-format error');
}

/** Rewrites a field of every central-directory record (what unzipSync and its filter read). */
function patchCentralDirectory(zip: Uint8Array, offset: number, bytes: 2 | 4, value: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) {
      if (bytes === 2) view.setUint16(i + offset, value, true);
      else view.setUint32(i + offset, value, true);
    }
  }
  return out;
}

function mainZip(): Uint8Array {
  const files: Zippable = {
    'faces/': {},
    'faces/cat/': {},
    'faces/cat/b.png': constant(200),
    'faces/cat/a.png': constant(17),
    'faces/dog/1.png': leftHalfWhite(),
    'faces/dog/notes.txt': text('dogs are good'),
    'faces/dog/anim.gif': text('GIF89a and then some'),
    'faces/dog/broken.png': Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3),
    'faces/loose.png': constant(5),
    'faces/cat/.DS_Store': text('junk'),
    'faces/cat/Thumbs.db': text('junk'),
    '__MACOSX/faces/cat/._a.png': text('junk'),
  };
  return zipSync(files);
}

describe('unzipEntries', () => {
  it('returns files with their paths, dropping folders and OS junk', () => {
    const entries = unzipEntries(mainZip(), 'faces.zip');
    expect(entries.map((e) => e.path).sort()).toEqual([
      'faces/cat/a.png',
      'faces/cat/b.png',
      'faces/dog/1.png',
      'faces/dog/anim.gif',
      'faces/dog/broken.png',
      'faces/dog/notes.txt',
      'faces/loose.png',
    ]);
    expect(Array.from(entries.find((e) => e.path === 'faces/cat/a.png')!.bytes)).toEqual(Array.from(constant(17)));
  });

  it('explains non-zip bytes, truncated zips and empty zips', async () => {
    expect((await formatErrorOf(() => unzipEntries(text('this is not a zip'), 'faces.zip'))).message).toMatch(/^faces\.zip: not a valid zip file \(.+\)\.$/);
    const zip = mainZip();
    expect((await formatErrorOf(() => unzipEntries(zip.subarray(0, zip.length - 30), 'cut.zip'))).message).toMatch(/^cut\.zip: not a valid zip file/);
    expect((await formatErrorOf(() => unzipEntries(zipSync({}), 'empty.zip'))).message).toBe(
      'empty.zip: the zip file has no files in it (folders and system files aside).',
    );
    expect((await formatErrorOf(() => unzipEntries(zipSync({ 'a/': {}, '.hidden': text('x') }), 'junk.zip'))).message).toMatch(/no files/);
  });

  it('guards against zip bombs by the declared sizes, before inflating', async () => {
    const big = zipSync({ 'a/zeros.png': new Uint8Array(3_000_000), 'b/zeros.png': new Uint8Array(3_000_000) });
    expect(big.length).toBeLessThan(50_000);
    expect(unzipEntries(big, 'big.zip')).toHaveLength(2);
    expect((await formatErrorOf(() => unzipEntries(big, 'big.zip', { maxTotalBytes: 5_000_000 }))).message).toBe(
      'big.zip: unpacks to more than 5 MB, more than this app can hold in memory; use a smaller zip.',
    );
    // A forged 4 GB declared size is refused rather than allocated.
    const forged = patchCentralDirectory(zipSync({ 'a/x.png': new Uint8Array(1000) }), 24, 4, 0xfffffff0);
    expect((await formatErrorOf(() => unzipEntries(forged, 'forged.zip'))).message).toMatch(/^forged\.zip: unpacks to more than 1 GB/);
    const many = zipSync(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c/${i}.png`, Uint8Array.of(i)])));
    expect((await formatErrorOf(() => unzipEntries(many, 'many.zip', { maxFiles: 10 }))).message).toBe('many.zip: has more than 10 files; use fewer.');
  });

  it('names unsupported compression methods (Deflate64 from Windows)', async () => {
    const zip = patchCentralDirectory(zipSync({ 'a/x.png': new Uint8Array(1000) }), 10, 2, 9);
    expect((await formatErrorOf(() => unzipEntries(zip, 'win.zip'))).message).toMatch(/^win\.zip: a\/x\.png is compressed with method 9 \(Deflate64\)/);
  });

  it('never throws anything but a TensorscopeError on random or mutated zips', { timeout: PROPERTY_TIMEOUT_MS }, () => {
    const valid = mainZip();
    const stored = zipSync({ 'x/1.png': constant(1), 'y/2.png': constant(2) }, { level: 0 });
    const mutated = fc
      .tuple(fc.constantFrom(valid, stored), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.option(fc.nat()))
      .map(([zip, edits, cut]) => {
        const out = zip.slice();
        // Bias edits towards the central directory and end record, where the structure lives.
        for (const [at, v] of edits) out[at % 3 === 0 ? at % out.length : out.length - 1 - (at % Math.min(out.length, 400))] = v;
        return cut === null ? out : out.subarray(0, cut % (out.length + 1));
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (bytes) => {
        try {
          const entries = unzipEntries(bytes, 'x.zip', { maxTotalBytes: 50_000_000 });
          for (const e of entries) expect(e.bytes).toBeInstanceOf(Uint8Array);
        } catch (e) {
          if (!(e instanceof TensorscopeError)) throw e;
        }
      }),
      FC_OPTS,
    );
  });
});

describe('imagesFromEntries', () => {
  it('turns a zip of class folders into exactly the expected resized arrays and labels', async () => {
    const progress: [number, number][] = [];
    const d = await imagesFromEntries(unzipEntries(mainZip(), 'faces.zip'), GREY28, pngDecoder, (done, total) => progress.push([done, total]));
    expect(d.classNames).toEqual(['cat', 'dog']);
    expect(d.numClasses).toBe(2);
    expect([d.count, d.height, d.width, d.channels]).toEqual([3, 28, 28, 1]);
    // Ordered by class, then by path: cat/a, cat/b, dog/1.
    expect(Array.from(d.labels)).toEqual([0, 0, 1]);
    expect(d.images.length).toBe(3 * 28 * 28);
    expect(Array.from(d.images.subarray(0, 784))).toEqual(expectedConstant(17));
    expect(Array.from(d.images.subarray(784, 1568))).toEqual(expectedConstant(200));
    expect(Array.from(d.images.subarray(1568))).toEqual(expectedLeftHalf());

    const skipped = Object.fromEntries(d.skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(skipped).sort()).toEqual(['faces/dog/anim.gif', 'faces/dog/broken.png', 'faces/dog/notes.txt', 'faces/loose.png']);
    expect(skipped['faces/dog/notes.txt']).toBe('not a PNG or JPEG image');
    expect(skipped['faces/dog/anim.gif']).toBe('GIF image; only PNG and JPEG are supported');
    expect(skipped['faces/loose.png']).toMatch(/^not inside a class folder/);
    expect(skipped['faces/dog/broken.png']).toMatch(/^faces\/dog\/broken\.png: not a valid PNG file/);
    expect(progress).toEqual([[0, 4], [4, 4]]); // 4 candidates: a, b, 1, broken
  });

  it('gives RGB arrays in rgb mode', async () => {
    const red = encode({ width: 4, height: 4, data: Uint8Array.from({ length: 64 }, (_, i) => [255, 0, 0, 255][i % 4]), channels: 4 });
    const d = await imagesFromEntries([{ path: 'r/1.png', bytes: red }, { path: 'k/1.png', bytes: constant(0) }], { width: 2, height: 2, mode: 'rgb' }, pngDecoder);
    expect(d.classNames).toEqual(['k', 'r']);
    expect(d.channels).toBe(3);
    expect(Array.from(d.images)).toEqual([...new Array(12).fill(0), ...Array.from({ length: 4 }, () => [255, 0, 0]).flat()]);
  });

  it('sorts class names naturally and output does not depend on entry order', async () => {
    const entries: ImageEntry[] = ['10', '2', '1', 'B', 'a'].flatMap((cls, i) => [
      { path: `${cls}/x.png`, bytes: constant(i * 10) },
      { path: `${cls}/y.png`, bytes: constant(i * 10 + 1) },
    ]);
    const d1 = await imagesFromEntries(entries, GREY28, pngDecoder);
    const d2 = await imagesFromEntries([...entries].reverse(), GREY28, pngDecoder);
    expect(d1.classNames).toEqual(['1', '2', '10', 'a', 'B']);
    expect(Array.from(d1.labels)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(Array.from(d2.images)).toEqual(Array.from(d1.images));
    expect(Array.from(d2.labels)).toEqual(Array.from(d1.labels));
    expect(d1.images[0]).toBe(20); // class "1" was the third folder listed (value 2 × 10)
    expect(naturalCompare('img2.png', 'img10.png')).toBeLessThan(0);
  });

  it("a dataset's own test folder (train/cat, test/cat) becomes its test set: those images come last", async () => {
    const entries: ImageEntry[] = [
      { path: 'pets/test/cat/t1.png', bytes: constant(201) },
      { path: 'pets/train/dog/a.png', bytes: constant(10) },
      { path: 'pets/train/cat/a.png', bytes: constant(20) },
      { path: 'pets/test/dog/t1.png', bytes: constant(202) },
      { path: 'pets/train/cat/b.png', bytes: constant(21) },
    ];
    const d = await imagesFromEntries(entries, GREY28, pngDecoder);
    expect(d.classNames).toEqual(['cat', 'dog']);
    expect(d.testFrom).toBe(3);
    expect(Array.from(d.labels)).toEqual([0, 0, 1, 0, 1]);
    expect([0, 1, 2, 3, 4].map((i) => d.images[i * 28 * 28])).toEqual([20, 21, 10, 201, 202]);
    // Only a test folder, or none: no split of its own.
    expect((await imagesFromEntries(entries.filter((e) => e.path.includes('/test/')), GREY28, pngDecoder)).testFrom).toBeNull();
    expect((await imagesFromEntries(entries.filter((e) => e.path.includes('/train/')), GREY28, pngDecoder)).testFrom).toBeNull();
  });

  it('accepts Windows separators and reports progress about every 50 images', async () => {
    const entries: ImageEntry[] = Array.from({ length: 120 }, (_, i) => ({ path: `${i % 2 ? 'odd' : 'even'}\\${i}.png`, bytes: greyPng(2, 2, () => i) }));
    const progress: number[] = [];
    const d = await imagesFromEntries(entries, { width: 2, height: 2, mode: 'grayscale' }, pngDecoder, (done, total) => {
      expect(total).toBe(120);
      progress.push(done);
    });
    expect(d.classNames).toEqual(['even', 'odd']);
    expect(progress).toEqual([0, 50, 100, 120]);
  });

  it('drops a class whose every image fails to decode, keeping labels dense', async () => {
    const bad = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10, 0);
    const d = await imagesFromEntries(
      [{ path: 'a/1.png', bytes: constant(1) }, { path: 'b/1.png', bytes: bad }, { path: 'c/1.png', bytes: constant(3) }],
      GREY28,
      pngDecoder,
    );
    expect(d.classNames).toEqual(['a', 'c']);
    expect(Array.from(d.labels)).toEqual([0, 1]);
    expect(d.images.length).toBe(2 * 784);
    expect(d.skipped.map((s) => s.path)).toEqual(['b/1.png']);
  });

  it('explains the dataset problems', async () => {
    const onlyTop = unzipEntries(zipSync({ '1.png': constant(1), '2.png': constant(2) }), 'flat.zip');
    expect((await formatErrorOf(imagesFromEntries(onlyTop, GREY28, pngDecoder))).message).toBe(
      "No PNG or JPEG images found in sub-folders (2 images at the top level, outside any class folder); put each class's images in a folder named after the class.",
    );
    expect((await formatErrorOf(imagesFromEntries([], GREY28, pngDecoder))).message).toBe(
      "No PNG or JPEG images found in sub-folders; put each class's images in a folder named after the class.",
    );
    const textOnly = [{ path: 'a/readme.txt', bytes: text('hi') }];
    expect((await formatErrorOf(imagesFromEntries(textOnly, GREY28, pngDecoder))).message).toMatch(/^No PNG or JPEG images found in sub-folders;/);
    const oneClass = [{ path: 'root/cat/1.png', bytes: constant(1) }, { path: 'other/cat/2.png', bytes: constant(2) }];
    expect((await formatErrorOf(imagesFromEntries(oneClass, GREY28, pngDecoder))).message).toMatch(/^Only one class folder with usable images \("cat"\); a classifier needs at least 2/);
    // A wrapper folder with only loose images is taken as a (single) class, and says so.
    const flatWrapped = [{ path: 'data/a.png', bytes: constant(1) }, { path: 'data/b.png', bytes: constant(2) }];
    expect((await formatErrorOf(imagesFromEntries(flatWrapped, GREY28, pngDecoder))).message).toMatch(/^Only one class folder with usable images \("data"\)/);
    const allBad = [{ path: 'a/1.png', bytes: Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10) }, { path: 'b/1.jpg', bytes: Uint8Array.of(0xff, 0xd8, 0xff, 0) }];
    expect((await formatErrorOf(imagesFromEntries(allBad, GREY28, pngDecoder))).message).toMatch(/^None of the 2 images could be decoded \(first problem: a\/1\.png: not a valid PNG/);
    const three = ['a', 'b', 'c'].map((c) => ({ path: `${c}/1.png`, bytes: constant(1) }));
    expect((await formatErrorOf(imagesFromEntries(three, { ...GREY28, maxImages: 2 }, pngDecoder))).message).toBe(
      'Found 3 images, more than the limit of 2; use fewer images.',
    );
  });

  it('refuses an output too big to hold, before decoding', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ path: `c${i % 2}/${i}.png`, bytes: constant(1) }));
    expect((await formatErrorOf(imagesFromEntries(many, { width: 4096, height: 4096, mode: 'rgb' }, pngDecoder))).message).toBe(
      '25 images at 4096 × 4096 × 3 would need 1.3 GB of memory (at most 1 GB); use fewer images or a smaller size.',
    );
  });

  it('refuses nonsense sizes as invalid-spec', async () => {
    await expect(imagesFromEntries([], { width: 0, height: 28, mode: 'grayscale' }, pngDecoder)).rejects.toMatchObject({ code: 'invalid-spec' });
  });

  it('recognises junk paths', () => {
    for (const p of ['.DS_Store', 'a/.DS_Store', '__MACOSX/a/b.png', 'a/._b.png', 'x/Thumbs.db', '.git/config', 'a/desktop.ini']) expect(isJunkPath(p)).toBe(true);
    for (const p of ['a/b.png', 'cat/1.png', 'a.b/c.png']) expect(isJunkPath(p)).toBe(false);
  });

  it('never throws anything but a TensorscopeError on random entries or mutated zips', { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    const pngs = [constant(9), leftHalfWhite(), greyPng(3, 5, (x, y) => x * y * 20)];
    const segment = fc.constantFrom('cat', 'dog', '10', '.hidden', '__MACOSX', 'Thumbs.db', '', '.', 'a b', 'ü');
    const path = fc.tuple(fc.array(segment, { maxLength: 4 }), fc.constantFrom('/', '\\')).map(([s, sep]) => s.join(sep));
    const mutatedPng = fc
      .tuple(fc.constantFrom(...pngs), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.option(fc.nat()))
      .map(([png, edits, cut]) => {
        const out = png.slice();
        for (const [at, v] of edits) out[at % out.length] = v;
        return cut === null ? out : out.subarray(0, cut % (out.length + 1));
      });
    const entry = fc.record({ path, bytes: fc.oneof(fc.uint8Array({ maxLength: 64 }), mutatedPng) });
    const valid = mainZip();
    const mutatedZip = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }).map((edits) => {
      const out = valid.slice();
      for (const [at, v] of edits) out[at % out.length] = v;
      return out;
    });
    const size = fc.record({ width: fc.integer({ min: 1, max: 8 }), height: fc.integer({ min: 1, max: 8 }), mode: fc.constantFrom('grayscale' as const, 'rgb' as const) });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(entry, { maxLength: 8 }), mutatedZip), size, async (input, opts) => {
        try {
          const entries = input instanceof Uint8Array ? unzipEntries(input, 'x.zip') : input;
          const d = await imagesFromEntries(entries, opts, pngDecoder);
          expect(d.images.length).toBe(d.count * opts.width * opts.height * d.channels);
          expect(d.labels.length).toBe(d.count);
          expect(d.classNames.length).toBe(d.numClasses);
          expect(d.numClasses).toBeGreaterThanOrEqual(2);
          for (const l of d.labels) expect(l).toBeLessThan(d.numClasses);
        } catch (e) {
          if (!(e instanceof TensorscopeError)) throw e;
        }
      }),
      FC_OPTS,
    );
  });
});
