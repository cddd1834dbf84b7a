import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilsonCI, wilsonInterval } from './intervalMath';

// Wilson: centre = (p + z²/2n) / (1 + z²/n), half = z/(1 + z²/n) · sqrt(p(1-p)/n + z²/4n²), z² = 1.959964² = 3.841459.
describe('wilsonInterval', () => {
  it('matches the hand-computed 8/10 interval', () => {
    // p = 0.8, z²/n = 0.3841459, denom = 1.3841459
    // centre = (0.8 + 0.1920730) / 1.3841459 = 0.9920730 / 1.3841459 = 0.716740
    // half   = (1.959964 / 1.3841459) · sqrt(0.016 + 0.0096036) = 1.416010 · 0.160011 = 0.226578
    // → [0.716740 − 0.226578, 0.716740 + 0.226578] = [0.490162, 0.943318]
    const r = wilsonInterval(8, 10);
    expect(r.p).toBe(0.8);
    expect(r.low).toBeCloseTo(0.490162, 5);
    expect(r.high).toBeCloseTo(0.943318, 5);
  });

  it('pins 0/n at 0 and n/n at 1', () => {
    // p = 0: centre = half = z² / (2(n + z²)), so low = 0 and high = z² / (n + z²) = 3.841459 / 8.841459 = 0.434482
    expect(wilsonInterval(0, 5)).toEqual({ p: 0, low: 0, high: expect.closeTo(0.434482, 5) });
    // p = 1 by symmetry: low = n / (n + z²) = 5 / 8.841459 = 0.565518, high = 1
    expect(wilsonInterval(5, 5)).toEqual({ p: 1, low: expect.closeTo(0.565518, 5), high: 1 });
  });

  it('says "no evidence" for n = 0', () => {
    const r = wilsonInterval(0, 0);
    expect(r.p).toBeNaN();
    expect([r.low, r.high]).toEqual([0, 1]);
    expect(wilsonCI(0, 0)).toEqual([0, 1]);
  });

  it('is wider for small n than for large n at the same p', () => {
    // 80/100: z²/n = 0.0384146, centre = 0.8192073 / 1.0384146 = 0.788902,
    // half = 1.887458 · sqrt(0.0016 + 0.000096) = 1.887458 · 0.041183 = 0.077731 → [0.711171, 0.866633]
    const small = wilsonInterval(8, 10);
    const large = wilsonInterval(80, 100);
    expect(large.low).toBeCloseTo(0.711171, 5);
    expect(large.high).toBeCloseTo(0.866633, 5);
    expect(small.high - small.low).toBeGreaterThan(large.high - large.low);
  });

  it('always lies in [0, 1] and contains p', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, frac) => {
        const s = Math.round(frac * n);
        const { p, low, high } = wilsonInterval(s, n);
        return low >= 0 && high <= 1 && low <= p + 1e-12 && p <= high + 1e-12;
      }),
    );
  });
});
