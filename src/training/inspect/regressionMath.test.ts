import { describe, expect, it } from 'vitest';
import { binnedResidualBand, histogram, quantile, residualQuantiles } from './regressionMath';

describe('quantile (type 7)', () => {
  it('interpolates like numpy', () => {
    const x = [1, 2, 3, 4];
    // h = (N − 1)·q = 3q
    expect(quantile(x, 0)).toBe(1);
    expect(quantile(x, 0.25)).toBeCloseTo(1.75, 12); // h = 0.75 → 1 + 0.75·(2 − 1)
    expect(quantile(x, 0.5)).toBeCloseTo(2.5, 12); // h = 1.5 → 2 + 0.5·(3 − 2)
    expect(quantile(x, 0.9)).toBeCloseTo(3.7, 12); // h = 2.7 → 3 + 0.7·(4 − 3)
    expect(quantile(x, 1)).toBe(4);
    expect(quantile([7], 0.3)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('residualQuantiles', () => {
  it('uses target − pred', () => {
    // residuals [3, 1, 4, 1, 5] sorted [1, 1, 3, 4, 5], h = 4q
    // q05: h = 0.2 → 1 + 0.2·0 = 1;  q50: h = 2 → 3;  q95: h = 3.8 → 4 + 0.8·1 = 4.8
    const r = residualQuantiles([0, 0, 0, 0, 0], [3, 1, 4, 1, 5]);
    expect(r[0]).toBeCloseTo(1, 12);
    expect(r[1]).toBeCloseTo(3, 12);
    expect(r[2]).toBeCloseTo(4.8, 12);
    // under-prediction is positive, over-prediction negative
    expect(residualQuantiles([1], [0], [0.5])).toEqual([-1]);
  });
});

describe('histogram', () => {
  it('uses [lo, hi) bins with the top edge in the last bin', () => {
    // range [0, 4], width 2: [0, 2) ← 0, 1; [2, 4] ← 2, 3, 4
    expect(histogram([0, 1, 2, 3, 4], 2)).toEqual({ edges: [0, 2, 4], counts: [2, 3] });
    // explicit range [0, 2]: 3 and 4 are outside and dropped; NaN skipped
    expect(histogram([0, 1, 2, 3, 4, NaN], 2, [0, 2])).toEqual({ edges: [0, 1, 2], counts: [1, 2] });
  });
  it('widens a zero-width range', () => {
    expect(histogram([5, 5], 1)).toEqual({ edges: [4.5, 5.5], counts: [2] });
    expect(histogram([], 2)).toEqual({ edges: [0, 0.5, 1], counts: [0, 0] });
  });
});

describe('binnedResidualBand', () => {
  it('takes residual quantiles per x bin', () => {
    // x range [0, 3], 2 bins of width 1.5 → centres 0.75, 2.25
    // bin 0: x = 0, 1 → residuals [1, −1] → sorted [−1, 1]: q05 = −1 + 0.05·2 = −0.9, median 0, q95 = 0.9
    // bin 1: x = 2, 3 → residuals [2, −2] → sorted [−2, 2]: q05 = −2 + 0.05·4 = −1.8, median 0, q95 = 1.8
    const band = binnedResidualBand([0, 1, 2, 3], [0, 0, 0, 0], [1, -1, 2, -2], 2);
    expect(band).toEqual([
      { x: 0.75, lo: expect.closeTo(-0.9, 12), median: 0, hi: expect.closeTo(0.9, 12), n: 2 },
      { x: 2.25, lo: expect.closeTo(-1.8, 12), median: 0, hi: expect.closeTo(1.8, 12), n: 2 },
    ]);
  });

  it('keeps empty bins with n = 0 and NaN bounds', () => {
    const band = binnedResidualBand([0, 3], [0, 0], [1, 2], 3);
    expect(band.map((b) => b.n)).toEqual([1, 0, 1]);
    expect(band[1].lo).toBeNaN();
    expect(band[0].lo).toBe(1);
  });

  it('widens where the noise grows with x', () => {
    // residual = x · u with u a fixed pseudo-random pattern in [−1, 1]: noise scale grows linearly in x
    const N = 400;
    const x: number[] = [];
    const pred: number[] = [];
    const target: number[] = [];
    for (let i = 0; i < N; i++) {
      const xi = i / (N - 1);
      const u = ((i * 37) % 101) / 50 - 1;
      x.push(xi);
      pred.push(2 * xi);
      target.push(2 * xi + xi * u);
    }
    const band = binnedResidualBand(x, pred, target, 4);
    const widths = band.map((b) => b.hi - b.lo);
    expect(band.every((b) => b.n === 100)).toBe(true);
    expect(widths[2] + widths[3]).toBeGreaterThan(2 * (widths[0] + widths[1]));
    for (let b = 1; b < 4; b++) expect(widths[b]).toBeGreaterThan(widths[b - 1]);
  });
});
