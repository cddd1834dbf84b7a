import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { TensorscopeError } from '../../core/errors';
import { writeIdx } from '../parsers/idx';
import type { ImageDecoder } from '../parsers/imageDecode';
import { datasetFromFiles } from './fromFiles';
import type { LoadOptions, NamedBytes } from './types';

const noDecode: ImageDecoder = async () => {
  throw new Error('no image should be decoded when an IDX pair is loaded');
};
const noProgress = () => {};
const H = 2;
const W = 2;

/** An IDX pair of tiny images whose first pixel is the label, so tests can check which examples survived. */
function pair(labels: number[], prefix = 'train'): NamedBytes[] {
  const n = labels.length;
  const images = new Uint8Array(n * H * W);
  labels.forEach((l, i) => images.set([l, i & 0xff, 7, 7], i * H * W));
  return [
    { path: `${prefix}-images-idx3-ubyte`, bytes: writeIdx([n, H, W], images) },
    { path: `${prefix}-labels-idx1-ubyte`, bytes: writeIdx([n], new Uint8Array(labels)) },
  ];
}
const digits = (n: number, ...extra: number[]) => [...Array.from({ length: n }, (_, i) => i % 10), ...extra];
const load = (files: NamedBytes[], options: LoadOptions = {}) => datasetFromFiles(files, options, noDecode, noProgress);

async function loadError(files: NamedBytes[]): Promise<TensorscopeError> {
  try {
    await load(files);
  } catch (e) {
    expect(e).toBeInstanceOf(TensorscopeError);
    return e as TensorscopeError;
  }
  throw new Error('expected the load to fail');
}

describe('datasetFromFiles: IDX pairs', () => {
  it('a clean pair loads with no warnings and nothing skipped', async () => {
    const r = await load(pair(digits(200)));
    expect(r.dataset?.numClasses).toBe(10);
    expect(r.dataset?.count).toBe(200);
    expect(r.warnings).toBeUndefined();
    expect(r.skipped).toEqual([]);
  });

  it('a stray label 12 among digits 0–9 is kept but reported, not silently made a 13th class', async () => {
    const r = await load(pair(digits(1000, 12)));
    expect(r.dataset?.numClasses).toBe(13);
    expect(r.dataset?.count).toBe(1001);
    expect(r.warnings).toEqual([
      'train-labels-idx1-ubyte: label 12 appears 1 time but the other labels are 0–9; it was kept as its own class (13 classes). ' +
        'Remove those examples or fix the file if that is wrong.',
    ]);
  });

  it('options.idx.dropOutliers drops the stray examples and says how many', async () => {
    const labels = digits(1000);
    labels.splice(500, 0, 12);
    labels.splice(10, 0, 200, 200);
    const r = await load(pair(labels), { idx: { dropOutliers: true } });
    const ds = r.dataset!;
    expect(ds.numClasses).toBe(10);
    expect(ds.count).toBe(1000);
    expect(Math.max(...ds.y)).toBe(9);
    // The pixels moved with their labels (first pixel = label).
    const x = ds.x as Uint8Array;
    for (let i = 0; i < ds.count; i++) expect(x[i * H * W]).toBe(ds.y[i]);
    expect(r.warnings).toEqual([
      'train-labels-idx1-ubyte: labels 12 (1 time), 200 (2 times) appear but the other labels are 0–9; ' +
        'dropped the 3 examples with those labels (10 classes).',
    ]);
  });

  it('the train labels set the range: a stray in the test file is reported against them', async () => {
    const files = [...pair(digits(300)), ...pair(digits(50, 12), 't10k')];
    const kept = await load(files);
    expect(kept.dataset?.numClasses).toBe(13);
    expect(kept.warnings?.[0]).toMatch(/^t10k-labels-idx1-ubyte: label 12 appears 1 time but train-labels-idx1-ubyte's labels are 0–9; it was kept/);
    const dropped = await load(files, { idx: { dropOutliers: true } });
    expect([dropped.dataset?.numClasses, dropped.dataset?.count, dropped.dataset?.testFrom]).toEqual([10, 350, 300]);
    expect(dropped.warnings?.[0]).toContain('dropped the 1 example with that label (10 classes).');
  });

  it('labels that are not contiguous from 0 (1-based, or a missing class) are reported as empty classes', async () => {
    const oneBased = await load(pair(Array.from({ length: 100 }, (_, i) => 1 + (i % 26))));
    expect(oneBased.dataset?.numClasses).toBe(27);
    expect(oneBased.warnings).toEqual([
      'train-labels-idx1-ubyte: no example has label 0 (the labels present are 1–26); empty classes were kept so the labels ' +
        'keep their meaning (27 classes). Fix the file if that is wrong.',
    ]);
    const gap = await load(pair(digits(100).filter((l) => l !== 5)));
    expect(gap.warnings?.[0]).toContain('no example has label 5 (the labels present are 0–4, 6–9)');
    // Dropping never relabels, so a gap stays a warning.
    expect((await load(pair(digits(100).filter((l) => l !== 5)), { idx: { dropOutliers: true } })).dataset?.count).toBe(90);
  });

  it('other files dropped with an IDX pair are named in skipped, not silently ignored', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const files: NamedBytes[] = [
      ...pair(digits(100)),
      { path: 'notes.csv', bytes: new TextEncoder().encode('a,b\n1,2\n') },
      { path: 'cover.png', bytes: png },
      { path: 'blob.bin', bytes: new Uint8Array([1, 0, 2, 0, 3]) },
      { path: 'classes.txt', bytes: new TextEncoder().encode('zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n') },
      { path: 'readme.txt', bytes: new TextEncoder().encode('hello') },
      { path: 'other-images-idx3-ubyte', bytes: writeIdx([1, H, W], new Uint8Array(H * W)) },
    ];
    const r = await load(files);
    expect(r.dataset?.classNames[3]).toBe('three');
    const reasons = Object.fromEntries(r.skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['blob.bin', 'cover.png', 'notes.csv', 'other-images-idx3-ubyte', 'readme.txt'].sort());
    expect(reasons['notes.csv']).toBe('not used: an IDX pair was loaded; this CSV file is not part of it');
    expect(reasons['cover.png']).toBe('not used: an IDX pair was loaded; this image file is not part of it');
    expect(reasons['readme.txt']).toContain('only the first text file is read as class names');
    expect(reasons['other-images-idx3-ubyte']).toContain('an extra IDX file');
  });

  it('a zip dropped with an IDX pair is reported once, not once per entry', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const zip = zipSync({ 'a/1.png': png, 'a/2.png': png, 'b/3.png': png });
    const r = await load([...pair(digits(100)), { path: 'extra.zip', bytes: zip }]);
    expect(r.skipped).toEqual([{ path: 'extra.zip', reason: 'not used: an IDX pair was loaded; this zip (3 files) is not part of it' }]);
  });

  it('typed class names win over a names file, and the file is named as unused', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const r = await load([...pair(digits(100)), { path: 'classes.txt', bytes: new TextEncoder().encode('a\nb\n') }], { classNames: names });
    expect(r.dataset?.classNames).toEqual(names);
    expect(r.skipped).toEqual([{ path: 'classes.txt', reason: 'not used: the class names typed in take precedence over this file' }]);
  });

  it('a wrong magic number says "not an IDX file" with the magic in hex, also through gzip', async () => {
    const bad = writeIdx([5, H, W, 1], new Uint8Array(5 * H * W));
    bad.fill(0, 16, 20); // dimension 4 → 0: magic 0x00000804 with a header that cannot be read
    const [, labels] = pair(digits(5));
    const expected = 'train-images-idx3-ubyte: not an IDX file: magic 0x00000804, expected 0x00000803 (images) or 0x00000801 (labels)';
    expect((await loadError([{ path: 'train-images-idx3-ubyte', bytes: bad }, labels])).message).toMatch(new RegExp(`^${expected.replace(/[()]/g, '\\$&')}`));
    const gz = new Uint8Array(gzipSync(bad));
    expect((await loadError([{ path: 'train-images-idx3-ubyte.gz', bytes: gz }, labels])).message).toContain(expected);
  });
});
