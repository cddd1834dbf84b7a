import { describe, expect, it } from 'vitest';
import { emaSmooth } from './smoothing';

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
