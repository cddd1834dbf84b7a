import { describe, expect, it } from 'vitest';
import { downsample, emaSmooth } from './smoothing';

describe('emaSmooth', () => {
  it('matches hand-computed debiased values', () => {
    // last: 0.5, 1.25, 2.125; debias: 0.5, 0.75, 0.875
    const out = emaSmooth([1, 2, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(5 / 3, 12);
    expect(out[2]).toBeCloseTo(17 / 7, 12);
  });

  it('is the identity at weight 0', () => {
    const values = [3, -1, 0.25, 7];
    expect(emaSmooth(values, 0)).toEqual(values);
  });

  it('keeps a constant series constant (no bias towards 0)', () => {
    for (const v of emaSmooth([2, 2, 2, 2], 0.9)) expect(v).toBeCloseTo(2, 12);
  });

  it('passes non-finite values through without poisoning later points', () => {
    const out = emaSmooth([1, NaN, 2, Infinity, 3], 0.5);
    expect(out[1]).toBeNaN();
    expect(out[3]).toBe(Infinity);
    // The finite values smooth exactly as [1, 2, 3] would.
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[2]).toBeCloseTo(5 / 3, 12);
    expect(out[4]).toBeCloseTo(17 / 7, 12);
  });

  it('clamps out-of-range weights instead of producing NaN', () => {
    expect(emaSmooth([1, 2], -0.5)).toEqual([1, 2]);
    expect(emaSmooth([1, 2], NaN)).toEqual([1, 2]);
    for (const v of emaSmooth([1, 2, 3], 1)) expect(Number.isFinite(v)).toBe(true);
  });

  it('handles an empty series and does not mutate its input', () => {
    expect(emaSmooth([], 0.6)).toEqual([]);
    const input = [1, 2, 3];
    emaSmooth(input, 0.6);
    expect(input).toEqual([1, 2, 3]);
  });
});

describe('downsample', () => {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('returns an equal copy when already short enough', () => {
    const input = range(5);
    const out = downsample(input, 5);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(downsample([], 10)).toEqual([]);
  });

  it('keeps first and last and at most maxPoints', () => {
    for (const n of [11, 999, 1001, 1999, 2000, 20_000, 20_001]) {
      for (const max of [2, 3, 10, 1000]) {
        const out = downsample(range(n), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out[0]).toBe(0);
        expect(out[out.length - 1]).toBe(n - 1);
      }
    }
  });

  it('takes every stride-th item', () => {
    // stride = ceil(9 / 4) = 3 → 0, 3, 6 and the last, 9
    expect(downsample(range(10), 5)).toEqual([0, 3, 6, 9]);
    // stride = ceil(19999 / 999) = 21
    const out = downsample(range(20_000), 1000);
    expect(out[1] - out[0]).toBe(21);
    expect(out.length).toBeGreaterThan(900);
  });

  it('keeps earlier picks stable as a live series grows', () => {
    const a = downsample(range(1500), 1000);
    const b = downsample(range(1600), 1000);
    // Same stride (2): everything but the appended last point is picked again.
    expect(b.slice(0, a.length - 1)).toEqual(a.slice(0, -1));
  });

  it('treats maxPoints below 2 as 2', () => {
    expect(downsample(range(10), 1)).toEqual([0, 9]);
    expect(downsample(range(10), 0)).toEqual([0, 9]);
  });
});
