import { describe, expect, it } from 'vitest';
import { epochSeries } from './series';

describe('epochSeries', () => {
  const epochs = [
    { epoch: 1, trainLoss: 0.5, trainMetric: 0.9, valLoss: null, valMetric: null },
    { epoch: 2, trainLoss: 0.3, trainMetric: 0.95, valLoss: 0.35, valMetric: 0.94, testMetric: 0.93 },
  ];

  it('maps loss and leaves test out', () => {
    const s = epochSeries(epochs, 'loss');
    expect(s.rows).toEqual([
      { epoch: 1, train: 0.5, validation: null, test: null },
      { epoch: 2, train: 0.3, validation: 0.35, test: null },
    ]);
    expect(s.hasValidation).toBe(true);
    expect(s.hasTest).toBe(false);
  });

  it('maps accuracy to percent with test when present', () => {
    const s = epochSeries(epochs, 'accuracy');
    expect(s.rows[1].train).toBeCloseTo(95, 10);
    expect(s.rows[1].validation).toBeCloseTo(94, 10);
    expect(s.rows[1].test).toBeCloseTo(93, 10);
    expect(s.rows[0].test).toBeNull();
    expect(s.hasTest).toBe(true);
  });

  it('reports absent validation', () => {
    expect(epochSeries(epochs.slice(0, 1), 'accuracy').hasValidation).toBe(false);
    expect(epochSeries([], 'loss')).toEqual({ rows: [], hasValidation: false, hasTest: false });
  });
});

describe('legend stats and labels', () => {
  it('seriesStats: last, min and max of the finite values', async () => {
    const { seriesStats } = await import('./series');
    expect(seriesStats([2.41, 0.5, null, 0.028, NaN, 0.031])).toEqual({ last: 0.031, min: 0.028, max: 2.41 });
    expect(seriesStats([null, undefined, Infinity])).toEqual({ last: null, min: null, max: null });
  });

  it('formatLearningRate: short, never cut off', async () => {
    const { formatLearningRate } = await import('./series');
    expect(formatLearningRate(0.001)).toBe('1e-3');
    expect(formatLearningRate(0.00035)).toBe('3.5e-4');
    expect(formatLearningRate(0.01)).toBe('0.01');
    expect(formatLearningRate(0.1234)).toBe('0.123');
    expect(formatLearningRate(0)).toBe('0');
    expect(formatLearningRate(0.0001234567)).toBe('1.23e-4');
  });
});
