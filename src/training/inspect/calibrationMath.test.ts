import { describe, expect, it } from 'vitest';
import { calibration, confidenceHistogram } from './calibrationMath';

// Bins of width 0.25: [0, .25) [.25, .5) [.5, .75) [.75, 1]. Values chosen off the bin edges.
const confidence = [0.1, 0.3, 0.4, 0.6, 0.9, 1.0, 0.8, 0.95];
const correct = [0, 1, 0, 1, 1, 1, 0, 1];

describe('calibration', () => {
  it('bins, ECE and MCE by hand', () => {
    // bin 0: {0.1 ✗}                       count 1, conf 0.1,                 acc 0,   gap 0.1
    // bin 1: {0.3 ✓, 0.4 ✗}                count 2, conf 0.35,                acc 0.5, gap 0.15
    // bin 2: {0.6 ✓}                       count 1, conf 0.6,                 acc 1,   gap 0.4
    // bin 3: {0.9 ✓, 1.0 ✓, 0.8 ✗, 0.95 ✓} count 4, conf 3.65/4 = 0.9125,    acc 0.75, gap 0.1625  (1.0 lands in the last bin)
    // ECE = 1/8·0.1 + 2/8·0.15 + 1/8·0.4 + 4/8·0.1625 = 0.0125 + 0.0375 + 0.05 + 0.08125 = 0.18125
    // MCE = 0.4
    const r = calibration(confidence, correct, 4);
    expect(r.n).toBe(8);
    expect(r.bins.map((b) => [b.lo, b.hi, b.count])).toEqual([
      [0, 0.25, 1],
      [0.25, 0.5, 2],
      [0.5, 0.75, 1],
      [0.75, 1, 4],
    ]);
    expect(r.bins.map((b) => b.meanConfidence)).toEqual([0.1, expect.closeTo(0.35, 12), 0.6, expect.closeTo(0.9125, 12)]);
    expect(r.bins.map((b) => b.accuracy)).toEqual([0, 0.5, 1, 0.75]);
    expect(r.ece).toBeCloseTo(0.18125, 12);
    expect(r.mce).toBeCloseTo(0.4, 12);
    // bin 3 CI = Wilson(3, 4): denom = 1 + 3.841459/4 = 1.960365, centre = (0.75 + 0.480182) / 1.960365 = 0.627527,
    // half = 0.999796 · sqrt(0.1875/4 + 3.841459/64) = 0.999796 · 0.326952 = 0.326885 → [0.300642, 0.954413]
    expect(r.bins[3].ci[0]).toBeCloseTo(0.300642, 5);
    expect(r.bins[3].ci[1]).toBeCloseTo(0.954413, 5);
    // bin 0 CI = Wilson(0, 1) = [0, z²/(1 + z²)] = [0, 0.793451]
    expect(r.bins[0].ci).toEqual([0, expect.closeTo(0.793451, 5)]);
  });

  it('accepts booleans for correctness', () => {
    const asBool = correct.map((c) => c === 1);
    expect(calibration(confidence, asBool, 4)).toEqual(calibration(confidence, correct, 4));
  });

  it('reports empty bins as NaN with an uninformative interval', () => {
    // both in bin 1 ([0.5, 1]): conf 0.9, acc 1/2 → ECE = MCE = 0.4
    const r = calibration([0.9, 0.9], [true, false], 2);
    expect(r.bins[0].count).toBe(0);
    expect(r.bins[0].meanConfidence).toBeNaN();
    expect(r.bins[0].accuracy).toBeNaN();
    expect(r.bins[0].ci).toEqual([0, 1]);
    expect(r.ece).toBeCloseTo(0.4, 12);
    expect(r.mce).toBeCloseTo(0.4, 12);
  });

  it('is zero for a perfectly calibrated set and for no data', () => {
    // bin [0.5, 0.75): conf 0.6 ×5 with 3 correct → acc 0.6, gap 0
    expect(calibration([0.6, 0.6, 0.6, 0.6, 0.6], [1, 1, 1, 0, 0], 4).ece).toBeCloseTo(0, 12);
    const empty = calibration([], [], 10);
    expect([empty.ece, empty.mce, empty.n, empty.bins.length]).toEqual([0, 0, 0, 10]);
  });
});

describe('confidenceHistogram', () => {
  it('splits correct and wrong counts per bin', () => {
    // bin 0: 0.1 ✗ | bin 1: 0.3 ✓, 0.4 ✗ | bin 2: 0.6 ✓ | bin 3: 0.9 ✓, 1.0 ✓, 0.8 ✗, 0.95 ✓
    expect(confidenceHistogram(confidence, correct, 4)).toEqual({
      edges: [0, 0.25, 0.5, 0.75, 1],
      correct: [0, 1, 1, 3],
      wrong: [1, 1, 0, 1],
    });
  });
  it('defaults to 20 bins', () => {
    const h = confidenceHistogram([0.99], [true]);
    expect(h.edges).toHaveLength(21);
    expect(h.correct[19]).toBe(1);
  });
});
