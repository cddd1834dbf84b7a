import { describe, expect, it } from 'vitest';
import { metricScale } from './chartTheme';
import { innerTicks, niceScale } from './scale';

describe('niceScale', () => {
  it('rounds bounds out to nice steps', () => {
    expect(niceScale(10, 100)).toEqual({ domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceScale(95.3, 100)).toEqual({ domain: [95, 100], ticks: [95, 96, 97, 98, 99, 100] });
    expect(niceScale(0, 2.8).ticks).toEqual([0, 1, 2, 3]);
  });

  it('prints small steps without float noise', () => {
    expect(niceScale(0, 0.3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('widens a flat or invalid range', () => {
    const flat = niceScale(2, 2);
    expect(flat.domain[0]).toBeLessThan(2);
    expect(flat.domain[1]).toBeGreaterThan(2);
    expect(niceScale(0, 0).domain).toEqual([-1, 1]);
    expect(niceScale(NaN, 3)).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });
});

describe('innerTicks', () => {
  it('keeps ticks within the data range', () => {
    expect(innerTicks(1, 5000)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(innerTicks(0, 19_999)).toEqual([0, 5000, 10_000, 15_000]);
    expect(innerTicks(3, 3)).toEqual([3]);
  });
});

describe('metricScale', () => {
  it('starts loss at 0 and ends accuracy at 100', () => {
    expect(metricScale([2.3, null, 0.1], 'loss').domain).toEqual([0, 3]);
    expect(metricScale([95.3, 99.1], 'accuracy').domain).toEqual([95, 100]);
    expect(metricScale([12, 100], 'accuracy').domain).toEqual([0, 100]);
    // A perfect run still shows a band below 100 %.
    expect(metricScale([100, 100], 'accuracy').domain[1]).toBe(100);
    expect(metricScale([100, 100], 'accuracy').domain[0]).toBeLessThan(100);
  });

  it('falls back when nothing is finite', () => {
    expect(metricScale([null, NaN], 'loss').domain).toEqual([0, 1]);
    expect(metricScale([], 'accuracy').domain).toEqual([0, 100]);
  });
});
