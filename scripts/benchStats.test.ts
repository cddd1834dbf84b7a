import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, spread, summarize } from './benchStats.mjs';

describe('benchmark summary maths', () => {
  it('interpolates percentiles between ranks and ignores non-finite samples', () => {
    const xs = [5, 1, 4, 2, 3, NaN, Infinity];
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(5);
    expect(percentile(xs, 50)).toBe(3);
    expect(percentile(xs, 95)).toBeCloseTo(4.8, 10);
    expect(percentile([10, 20], 25)).toBeCloseTo(12.5, 10);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('a p95 reflects a slow tail the median hides', () => {
    const xs = [...Array.from({ length: 95 }, () => 2), ...Array.from({ length: 5 }, () => 40)];
    const s = summarize(xs);
    expect(s.n).toBe(100);
    expect(s.median).toBe(2);
    expect(s.p95).toBeGreaterThan(2);
    expect(s.max).toBe(40);
    expect(s.mean).toBeCloseTo(3.9, 10);
  });

  it('spread gives the median and range across repeats; ratio is after over before', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(ratio(4, 1)).toBe(0.25);
    expect(ratio(0, 1)).toBeNull();
    expect(ratio(NaN, 1)).toBeNull();
  });
});
