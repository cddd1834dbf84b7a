import { describe, expect, it } from 'vitest';
import { meanCrossEntropy } from '../metrics';
import { summarizeEpochEvaluation } from './epochMath';

describe('summarizeEpochEvaluation', () => {
  it('summarises a small set by hand', () => {
    // Confidences kept off the 0.1-wide bin edges: a float32 0.7 is 0.69999999 and would fall in [0.6, 0.7).
    const probs = new Float32Array([0.65, 0.25, 0.1, 0.05, 0.1, 0.85, 0.3, 0.55, 0.15]);
    const labels = [0, 2, 0];
    const s = summarizeEpochEvaluation(probs, labels, 3);
    // predicted [0, 2, 1] → 2 of 3 correct
    expect(s.accuracy).toBeCloseTo(2 / 3, 12);
    // confidences 0.65 ✓ (bin 6), 0.85 ✓ (bin 8), 0.55 ✗ (bin 5): gaps 0.35, 0.15, 0.55
    // ECE = (0.35 + 0.15 + 0.55) / 3 = 0.35
    expect(s.ece).toBeCloseTo(0.35, 6);
    // mean confidence = (0.65 + 0.85 + 0.55) / 3 = 0.683333
    expect(s.meanConfidence).toBeCloseTo(0.683333, 6);
    // H(0.65, 0.25, 0.1)  = 0.65·0.430783 + 0.25·1.386294 + 0.1·2.302585  = 0.280009 + 0.346574 + 0.230259 = 0.856841
    // H(0.05, 0.1, 0.85)  = 0.05·2.995732 + 0.1·2.302585 + 0.85·0.162519 = 0.149787 + 0.230259 + 0.138141 = 0.518186
    // H(0.3, 0.55, 0.15)  = 0.3·1.203973 + 0.55·0.597837 + 0.15·1.897120 = 0.361192 + 0.328810 + 0.284568 = 0.974570
    // mean = 2.349597 / 3 = 0.783199
    expect(s.meanEntropy).toBeCloseTo(0.783199, 5);
    // loss = −(ln 0.65 + ln 0.85 + ln 0.3) / 3 = (0.430783 + 0.162519 + 1.203973) / 3 = 0.599092
    expect(s.meanLoss).toBeCloseTo(0.599092, 5);
    expect(s.meanLoss).toBe(meanCrossEntropy(probs, labels, 3));
  });

  it('is all zeros for an empty set', () => {
    expect(summarizeEpochEvaluation(new Float32Array(0), [], 10)).toEqual({
      accuracy: 0,
      ece: 0,
      meanEntropy: 0,
      meanConfidence: 0,
      meanLoss: 0,
    });
  });
});
