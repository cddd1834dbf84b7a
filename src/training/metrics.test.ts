import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows, confusionMatrix, estimateEtaMs, formatDuration, meanCrossEntropy } from './metrics';

describe('metric maths', () => {
  const probs = new Float32Array([0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.3, 0.6, 0.1]);
  it('takes the argmax and its confidence per row', () => {
    const { predicted, confidence } = argmaxRows(probs, 3);
    expect(Array.from(predicted)).toEqual([0, 2, 1]);
    expect(confidence[1]).toBeCloseTo(0.8);
  });
  it('computes accuracy, cross-entropy and the confusion matrix by hand', () => {
    const labels = [0, 2, 0];
    expect(accuracy([0, 2, 1], labels)).toBeCloseTo(2 / 3);
    expect(meanCrossEntropy(probs, labels, 3)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8) + Math.log(0.3)) / 3, 5);
    expect(confusionMatrix([0, 2, 1], labels, 3)).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
  });
  it('estimates the remaining time from the pace so far', () => {
    expect(estimateEtaMs(0, 10, 0)).toBeNull();
    expect(estimateEtaMs(25, 100, 5000)).toBe(15000);
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(9_400)).toBe('9s');
    expect(formatDuration(420.4)).toBe('420 ms');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(999.7)).toBe('1s');
  });
});
