import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fixedHistogram,
  gradientTrend,
  isEpochHistograms,
  layerHistogram,
  layerNames,
  logIntensity,
  rebinSymmetric,
  stripRows,
  summaryStats,
  symmetricRange,
  type EpochHistograms,
} from './histogramMath';

const floats = fc.array(fc.float({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 300 });
// Multiples of 2⁻¹⁰: a denormal next to a range 2⁵² times wider rounds differently in the two binnings (float limits, not the policy).
const dyadic = fc.array(fc.integer({ min: -1e6, max: 1e6 }).map((i) => i / 1024), { minLength: 1, maxLength: 300 });

describe('summary statistics', () => {
  it('mean, population std, extremes and the near-zero fraction of known values', () => {
    const s = summaryStats([-2, 0, 0, 2, 5]);
    expect(s.mean).toBeCloseTo(1);
    expect(s.std).toBeCloseTo(Math.sqrt((9 + 1 + 1 + 1 + 16) / 5));
    expect(s.min).toBe(-2);
    expect(s.max).toBe(5);
    expect(s.nearZero).toBeCloseTo(2 / 5);
  });

  it('leaves NaN and Infinity out and counts them', () => {
    const s = summaryStats([1, NaN, 3, Infinity]);
    expect(s.mean).toBe(2);
    expect(s.nonFinite).toBe(2);
    expect(s.count).toBe(2);
  });
});

describe('the range policy', () => {
  it('is the smallest power of two above the values, and never shrinks', () => {
    expect(symmetricRange(0.3)).toBe(0.5);
    expect(symmetricRange(0.5)).toBe(1);
    expect(symmetricRange(3)).toBe(4);
    expect(symmetricRange(0.01, 0.5)).toBe(0.5);
    expect(symmetricRange(0, null)).toBe(1);
    fc.assert(fc.property(fc.double({ min: 1e-30, max: 1e30, noNaN: true }), (m) => symmetricRange(m) > m && symmetricRange(m) <= 2 * m));
  });
});

describe('fixed-bin histograms', () => {
  it('counts known values into the right bins and flags values beyond the range in the edge bins', () => {
    const h = fixedHistogram([-1, -0.5, 0, 0.49, 1, 7, -9], -1, 1, 4);
    expect(h.counts).toEqual([1 + 1, 1, 2, 1 + 1]);
    expect(h.outside).toBe(2);
  });

  it('counts sum to the number of finite values (property)', () => {
    fc.assert(
      fc.property(floats, fc.integer({ min: 1, max: 64 }), (values, bins) => {
        const h = layerHistogram('l', 'weights', values, null, bins);
        expect(h.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
        // The policy's range always covers the values: nothing is clipped.
        expect(h.outside).toBe(0);
        expect(h.hi).toBeGreaterThanOrEqual(Math.max(...values.map(Math.abs)));
      }),
    );
  });

  it('rebinning onto a doubled range merges bins pairwise exactly (property)', () => {
    fc.assert(
      fc.property(dyadic, fc.integer({ min: 1, max: 3 }), (values, doublings) => {
        const narrow = layerHistogram('l', 'weights', values, null);
        const wideHi = narrow.hi * 2 ** doublings;
        const direct = fixedHistogram(values, -wideHi, wideHi).counts;
        expect(rebinSymmetric(narrow.counts, narrow.hi, wideHi)).toEqual(direct);
      }),
    );
  });
});

const epoch = (n: number, hi: number, std: number): EpochHistograms => ({
  epoch: n,
  computeMs: 1,
  layers: [
    { name: 'dense', kind: 'weights', lo: -hi, hi, counts: [0, 1, 1, 0], mean: 0, std, min: -hi / 2, max: hi / 2, nearZero: 0, outside: 0, nonFinite: 0 },
    { name: 'dense', kind: 'gradients', lo: -1, hi: 1, counts: [0, 2, 0, 0], mean: 0, std, min: -1, max: 0, nearZero: 0, outside: 0, nonFinite: 0 },
  ],
});

describe('strips over epochs', () => {
  it('puts every epoch on the widest range, in epoch order, with the fullest bin as the colour top', () => {
    const s = stripRows([epoch(2, 2, 1), epoch(1, 1, 1)], 'dense', 'weights');
    expect(s.rows.map((r) => r.epoch)).toEqual([1, 2]);
    expect(s.hi).toBe(2);
    // Epoch 1's middle bins ([-0.5, 0] and [0, 0.5]) fall into the middle bins of [-2, 2].
    expect(s.rows[0].counts).toEqual([0, 1, 1, 0]);
    expect(s.maxCount).toBe(1);
    expect(layerNames([epoch(1, 1, 1)])).toEqual(['dense']);
  });

  it('log intensity is 0 for empty bins, 1 for the fullest, and increasing', () => {
    expect(logIntensity(0, 50)).toBe(0);
    expect(logIntensity(50, 50)).toBe(1);
    expect(logIntensity(5, 50)).toBeGreaterThan(logIntensity(4, 50));
  });
});

describe('gradient trend', () => {
  it('says vanishing at a 100× fall of σ, shrinking at 10×, steady otherwise', () => {
    expect(gradientTrend([1, 0.5, 0.009]).label).toBe('vanishing');
    expect(gradientTrend([1, 0.05]).label).toBe('shrinking');
    expect(gradientTrend([1, 0.5]).label).toBe('steady');
    expect(gradientTrend([1]).label).toBe('steady');
  });
});

describe('message validation', () => {
  it('accepts what the engine sends and refuses malformed payloads', () => {
    expect(isEpochHistograms(epoch(1, 1, 1))).toBe(true);
    expect(isEpochHistograms({ epoch: 1, computeMs: 0, layers: [], skipped: 'too large' })).toBe(true);
    expect(isEpochHistograms({ ...epoch(1, 1, 1), epoch: 'one' })).toBe(false);
    expect(isEpochHistograms({ epoch: 1, computeMs: 1, layers: [{ name: 'x', kind: 'biases', lo: -1, hi: 1, counts: [1] }] })).toBe(false);
    expect(isEpochHistograms(null)).toBe(false);
  });
});
