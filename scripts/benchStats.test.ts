import { describe, expect, it } from 'vitest';
import { allOf, goalOnRepeats, median, NOISY_SPREAD, percentile, ratio, repeatSpread, spread, summarize } from './benchStats.mjs';

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

describe('figures across repeats', () => {
  it('gives the median and min–max of per-repeat values and marks a spread over 20 % of the median noisy', () => {
    // The webgl MLP ratios of issue 18: 1.30 and 1.95 around a median of 1.625 → 40 % spread.
    const wide = repeatSpread([1.3, 1.95, 1.5]);
    expect(wide).toMatchObject({ median: 1.5, min: 1.3, max: 1.95, n: 3, noisy: true });
    expect(wide.relSpread).toBeCloseTo(0.65 / 1.5, 10);
    const tight = repeatSpread([1.5, 1.6, 1.55]);
    expect(tight.noisy).toBe(false);
    expect(tight.relSpread).toBeCloseTo(0.1 / 1.55, 10);
    // Exactly at the limit is not noisy; a failed repeat (NaN) is left out rather than poisoning the row.
    expect(repeatSpread([0.9, 1.1, 1.0]).noisy).toBe(false);
    expect(repeatSpread([1, NaN, 1.05]).n).toBe(2);
    expect(repeatSpread([2]).noisy).toBe(false);
    expect(NOISY_SPREAD).toBe(0.2);
  });

  it('judges a goal on the median and on the worst repeat, in the direction that matters', () => {
    // Ratio ≥ 1.5: the median can pass while the slowest repeat falls short.
    expect(goalOnRepeats([1.4, 1.6, 1.7], { atLeast: 1.5 })).toEqual({ median: 1.6, worst: 1.4, n: 3, metOnMedian: true, metOnWorst: false });
    expect(goalOnRepeats([1.5, 1.6, 1.7], { atLeast: 1.5 })).toMatchObject({ metOnMedian: true, metOnWorst: true });
    // Time < 1500 ms: the worst repeat is the slowest one.
    expect(goalOnRepeats([1200, 1400, 1600], { below: 1500 })).toEqual({ median: 1400, worst: 1600, n: 3, metOnMedian: true, metOnWorst: false });
    expect(goalOnRepeats([1600, 1700, 1400], { below: 1500 })).toMatchObject({ metOnMedian: false, metOnWorst: false });
    expect(goalOnRepeats([], { below: 1 })).toMatchObject({ metOnMedian: null, metOnWorst: null });
  });

  it('combines goals: met only when every measured part is, unmeasured parts ignored', () => {
    const pass = goalOnRepeats([2, 2.1], { atLeast: 1.5 });
    const worstShort = goalOnRepeats([1.4, 1.6, 1.7], { atLeast: 1.5 });
    const none = goalOnRepeats([], { atLeast: 1.5 });
    expect(allOf([pass, worstShort, none])).toEqual({ metOnMedian: true, metOnWorst: false });
    expect(allOf([pass])).toEqual({ metOnMedian: true, metOnWorst: true });
    expect(allOf([none])).toEqual({ metOnMedian: null, metOnWorst: null });
  });
});
