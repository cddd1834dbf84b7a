import { describe, expect, it } from 'vitest';
import { splitDataset, splitFor } from './split';

describe('splitDataset', () => {
  it('gives 8,000 train / 2,000 test for the bundle and takes validation from train', () => {
    const s = splitDataset(10_000, { testCount: 2000, validationFraction: 0.1, seed: 7 });
    expect(s.test.length).toBe(2000);
    expect(s.validation.length).toBe(800);
    expect(s.train.length).toBe(7200);
    const all = new Set([...s.train, ...s.validation, ...s.test]);
    expect(all.size).toBe(10_000);
  });

  it('is fixed by its seed: same seed, same split; the test set does not move when validation changes', () => {
    const a = splitDataset(1000, { testCount: 200, validationFraction: 0.1, seed: 1 });
    const b = splitDataset(1000, { testCount: 200, validationFraction: 0.1, seed: 1 });
    const c = splitDataset(1000, { testCount: 200, validationFraction: 0.2, seed: 1 });
    const d = splitDataset(1000, { testCount: 200, validationFraction: 0.1, seed: 2 });
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(Array.from(a.test)).toEqual(Array.from(c.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(d.test));
  });

  it('keeps a dataset\'s own test set and splits only the rest', () => {
    const s = splitFor({ count: 100, testFrom: 80 }, { testFraction: 0.2, validationFraction: 0.25, seed: 1 });
    expect(Array.from(s.test)).toEqual(Array.from({ length: 20 }, (_, i) => 80 + i));
    expect(s.validation.length).toBe(20);
    expect(s.train.length).toBe(60);
    expect(Math.max(...s.train, ...s.validation)).toBeLessThan(80);
    const bundled = splitFor({ count: 10_000, testFrom: null }, { testFraction: 0.2, validationFraction: 0.1, seed: 5 });
    expect([bundled.train.length, bundled.validation.length, bundled.test.length]).toEqual([7200, 800, 2000]);
  });
});
