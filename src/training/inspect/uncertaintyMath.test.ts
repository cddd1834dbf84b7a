import { describe, expect, it } from 'vitest';
import { meanCrossEntropy } from '../metrics';
import { entropy, mcSummary, rowStats } from './uncertaintyMath';

describe('entropy', () => {
  it('is in nats with 0·log 0 = 0', () => {
    expect(entropy([0.5, 0.5])).toBeCloseTo(Math.LN2, 12); // 0.693147
    expect(entropy([1, 0, 0])).toBe(0);
    expect(entropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 12);
    // −(0.7 ln 0.7 + 0.2 ln 0.2 + 0.1 ln 0.1) = 0.7·0.356675 + 0.2·1.609438 + 0.1·2.302585
    //                                          = 0.249672 + 0.321888 + 0.230259 = 0.801819
    expect(entropy([0.7, 0.2, 0.1])).toBeCloseTo(0.801819, 5);
  });
});

describe('rowStats', () => {
  const probs = new Float32Array([0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.3, 0.6, 0.1, 1, 0, 0]);
  const labels = [0, 2, 0, 1];
  const r = rowStats(probs, labels, 3);

  it('gives predicted class, confidence, entropy and clipped loss per row', () => {
    expect(Array.from(r.predicted)).toEqual([0, 2, 1, 0]);
    expect(Array.from(r.confidence)).toEqual([expect.closeTo(0.7, 6), expect.closeTo(0.8, 6), expect.closeTo(0.6, 6), 1]);
    // row 1: 2·0.1·2.302585 + 0.8·0.223144 = 0.460517 + 0.178515 = 0.639032
    // row 2: 0.3·1.203973 + 0.6·0.510826 + 0.1·2.302585 = 0.361192 + 0.306495 + 0.230259 = 0.897946
    expect(r.entropy[0]).toBeCloseTo(0.801819, 5);
    expect(r.entropy[1]).toBeCloseTo(0.639032, 5);
    expect(r.entropy[2]).toBeCloseTo(0.897946, 5);
    expect(r.entropy[3]).toBe(0);
    // −ln 0.7 = 0.356675, −ln 0.8 = 0.223144, −ln 0.3 = 1.203973, −ln(1e-7) = 16.118096 (p_true = 0 clipped)
    expect(r.loss[0]).toBeCloseTo(0.356675, 5);
    expect(r.loss[1]).toBeCloseTo(0.223144, 5);
    expect(r.loss[2]).toBeCloseTo(1.203973, 5);
    expect(r.loss[3]).toBeCloseTo(16.118096, 4);
  });

  it('averages to metrics.meanCrossEntropy', () => {
    const mean = Array.from(r.loss).reduce((a, b) => a + b, 0) / r.loss.length;
    expect(mean).toBeCloseTo(meanCrossEntropy(probs, labels, 3), 5);
  });

  it('rejects a label count that does not match the rows', () => {
    expect(() => rowStats(probs, [0, 1], 3)).toThrow(RangeError);
  });
});

describe('mcSummary', () => {
  it('collapses to the single prediction when every pass agrees', () => {
    const row = [
      [0.6, 0.3, 0.1],
      [0.2, 0.2, 0.6],
    ];
    const T = 4;
    const samples = new Float32Array(Array.from({ length: T }, () => row.flat()).flat());
    const s = mcSummary(samples, T, 2, 3);
    for (let i = 0; i < 2 * 3; i++) {
      expect(s.mean[i]).toBeCloseTo(row.flat()[i], 6);
      expect(s.std[i]).toBeCloseTo(0, 6);
      expect(s.q05[i]).toBe(s.mean[i]);
      expect(s.q95[i]).toBe(s.mean[i]);
    }
    for (let i = 0; i < 2; i++) {
      expect(s.predictiveEntropy[i]).toBeCloseTo(entropy(row[i]), 5);
      expect(s.expectedEntropy[i]).toBeCloseTo(entropy(row[i]), 5);
      expect(s.mutualInformation[i]).toBeCloseTo(0, 6);
      expect(s.mutualInformation[i]).toBeGreaterThanOrEqual(0);
      expect(s.spread[i]).toBeCloseTo(0, 6);
    }
    expect(Array.from(s.predicted)).toEqual([0, 2]);
  });

  it('matches a hand-made two-pass example', () => {
    // T = 2, n = 2, C = 2; layout ((t·n) + i)·C + c
    //   pass 0: x0 = [0.9, 0.1], x1 = [0.2, 0.8]
    //   pass 1: x0 = [0.5, 0.5], x1 = [0.4, 0.6]
    const samples = new Float32Array([0.9, 0.1, 0.2, 0.8, 0.5, 0.5, 0.4, 0.6]);
    const s = mcSummary(samples, 2, 2, 2);
    // x0: mean [0.7, 0.3]; deviations ±0.2 → population std [0.2, 0.2]
    // x1: mean [0.3, 0.7]; deviations ±0.1 → std [0.1, 0.1]
    const expectMean = [0.7, 0.3, 0.3, 0.7];
    const expectStd = [0.2, 0.2, 0.1, 0.1];
    // type 7 with T = 2: h = q, so q05 = a + 0.05(b − a), q95 = a + 0.95(b − a) for sorted [a, b]
    //   x0 c0 [0.5, 0.9]: 0.52, 0.88   x0 c1 [0.1, 0.5]: 0.12, 0.48
    //   x1 c0 [0.2, 0.4]: 0.21, 0.39   x1 c1 [0.6, 0.8]: 0.61, 0.79
    const expectQ05 = [0.52, 0.12, 0.21, 0.61];
    const expectQ95 = [0.88, 0.48, 0.39, 0.79];
    for (let k = 0; k < 4; k++) {
      expect(s.mean[k]).toBeCloseTo(expectMean[k], 6);
      expect(s.std[k]).toBeCloseTo(expectStd[k], 6);
      expect(s.q05[k]).toBeCloseTo(expectQ05[k], 6);
      expect(s.q95[k]).toBeCloseTo(expectQ95[k], 6);
    }
    // x0: H(mean) = 0.7·0.356675 + 0.3·1.203973 = 0.249672 + 0.361192 = 0.610864
    //     H(pass 0) = 0.9·0.105361 + 0.1·2.302585 = 0.094825 + 0.230259 = 0.325083; H(pass 1) = ln 2 = 0.693147
    //     expected = (0.325083 + 0.693147) / 2 = 0.509115; MI = 0.610864 − 0.509115 = 0.101749
    expect(s.predictiveEntropy[0]).toBeCloseTo(0.610864, 5);
    expect(s.expectedEntropy[0]).toBeCloseTo(0.509115, 5);
    expect(s.mutualInformation[0]).toBeCloseTo(0.101749, 5);
    // predicted = argmax of mean: x0 → 0, x1 → 1; spread = std of that class: 0.2, 0.1
    expect(Array.from(s.predicted)).toEqual([0, 1]);
    expect(s.confidence[0]).toBeCloseTo(0.7, 6);
    expect(s.spread[0]).toBeCloseTo(0.2, 6);
    expect(s.spread[1]).toBeCloseTo(0.1, 6);
  });

  it('rejects a buffer that is not T × n × C', () => {
    expect(() => mcSummary(new Float32Array(7), 2, 2, 2)).toThrow(RangeError);
  });
});
