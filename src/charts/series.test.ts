import { describe, expect, it } from 'vitest';
import { batchRows, epochSeries, MAX_CHART_POINTS, throughputRows } from './series';
import { emaSmooth } from './smoothing';

describe('batchRows', () => {
  const points = [
    { step: 1, loss: 1, metric: 0.1 },
    { step: 2, loss: 2, metric: 0.2 },
    { step: 3, loss: 3, metric: 0.3 },
  ];

  it('smooths loss with the given weight', () => {
    const rows = batchRows(points, 'loss', 0.5);
    expect(rows.map((r) => r.step)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.raw)).toEqual([1, 2, 3]);
    expect(rows[2].smoothed).toBeCloseTo(17 / 7, 12);
  });

  it('charts accuracy as percent', () => {
    const rows = batchRows(points, 'accuracy', 0);
    expect(rows.map((r) => r.raw)).toEqual([10, 20, 30]);
    expect(rows.map((r) => r.smoothed)).toEqual([10, 20, 30]);
  });

  it('turns non-finite values into gaps (null)', () => {
    const rows = batchRows([{ step: 1, loss: NaN, metric: 0 }, { step: 2, loss: 1, metric: 0 }], 'loss', 0.5);
    expect(rows[0].raw).toBeNull();
    expect(rows[0].smoothed).toBeNull();
    expect(rows[1].smoothed).toBeCloseTo(1, 12);
  });

  it('smooths on the full series before thinning', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ step: i + 1, loss: (i * 7919) % 13, metric: 0 }));
    const full = emaSmooth(many.map((p) => p.loss), 0.9);
    const rows = batchRows(many, 'loss', 0.9);
    expect(rows.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(rows[0].step).toBe(1);
    expect(rows[rows.length - 1].step).toBe(20_000);
    // Each kept point carries the value smoothed over every batch, not over the thinned ones.
    for (const r of rows) expect(r.smoothed).toBe(full[r.step - 1]);
  });
});

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

describe('throughputRows', () => {
  it('thins and nulls non-finite rates', () => {
    const rows = throughputRows([
      { step: 1, samplesPerSec: Infinity },
      { step: 2, samplesPerSec: 500 },
    ]);
    expect(rows).toEqual([
      { step: 1, samplesPerSec: null },
      { step: 2, samplesPerSec: 500 },
    ]);
    const many = Array.from({ length: 5000 }, (_, i) => ({ step: i, samplesPerSec: 1 }));
    expect(throughputRows(many).length).toBeLessThanOrEqual(MAX_CHART_POINTS);
  });
});

describe('legend stats and labels', () => {
  it('seriesStats: last, min and max of the finite values', async () => {
    const { seriesStats } = await import('./series');
    expect(seriesStats([2.41, 0.5, null, 0.028, NaN, 0.031])).toEqual({ last: 0.031, min: 0.028, max: 2.41 });
    expect(seriesStats([null, undefined, Infinity])).toEqual({ last: null, min: null, max: null });
  });

  it('batchSeries: stats over every batch, not the thinned rows', async () => {
    const { batchSeries } = await import('./series');
    const points = Array.from({ length: 1000 }, (_, i) => ({ step: i + 1, loss: i === 333 ? 99 : 1, metric: 0.5 }));
    const s = batchSeries(points, 'loss', 0, 10);
    expect(s.rows.length).toBeLessThanOrEqual(10);
    expect(s.rawStats).toEqual({ last: 1, min: 1, max: 99 });
    expect(batchSeries(points, 'accuracy', 0).rawStats.max).toBe(50);
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
