import { describe, expect, it } from 'vitest';
import { decimateIndices, MAX_DRAWN_POINTS, pick } from './decimate';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('decimateIndices', () => {
  it('keeps every point of a short series', () => {
    expect(decimateIndices(5, [[1, 2, 3, 4, 5]])).toEqual([0, 1, 2, 3, 4]);
    expect(decimateIndices(0, [[]])).toEqual([]);
  });

  it('thins 100k points to at most the limit, first and last kept', () => {
    const col = range(100_000).map((i) => Math.sin(i / 50));
    const keep = decimateIndices(col.length, [col, col.map((_, i) => Math.cos(i / 37))]);
    expect(keep.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS);
    expect(keep.length).toBeGreaterThan(MAX_DRAWN_POINTS / 2);
    expect(keep[0]).toBe(0);
    expect(keep[keep.length - 1]).toBe(99_999);
    for (let i = 1; i < keep.length; i++) expect(keep[i]).toBeGreaterThan(keep[i - 1]);
  });

  it('keeps a one-batch spike and dip that a stride would skip', () => {
    const col = range(50_000).map(() => 1);
    col[12_345] = 99;
    col[33_333] = -5;
    const keep = decimateIndices(col.length, [col], 500);
    expect(keep).toContain(12_345);
    expect(keep).toContain(33_333);
    const drawn = pick(col, keep);
    expect(Math.max(...drawn)).toBe(99);
    expect(Math.min(...drawn)).toBe(-5);
  });

  it('keeps the extremes of every series, and gaps as gaps', () => {
    const a = range(10_000).map(() => 0);
    const b = range(10_000).map(() => 0);
    const c: (number | null)[] = range(10_000).map(() => 1);
    a[100] = 5;
    b[7_000] = -3;
    c[4_000] = null;
    const keep = decimateIndices(10_000, [a, b, c], 300);
    expect(keep).toEqual(expect.arrayContaining([100, 7_000, 4_000]));
  });

  it('keeps the same indices for the old part of a growing series (no shimmer)', () => {
    const col = range(30_000).map((i) => (i * 7919) % 101);
    const a = decimateIndices(20_000, [col.slice(0, 20_000)], 1000);
    const b = decimateIndices(20_010, [col.slice(0, 20_010)], 1000);
    const bucket = Math.ceil(20_010 / Math.floor(998 / 2));
    // Buckets wholly before the last one of the shorter series are the same.
    const stable = (ks: number[]) => ks.filter((k) => k < 19_000 - (19_000 % bucket));
    expect(stable(b)).toEqual(stable(a));
  });
});
