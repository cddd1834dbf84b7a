import { describe, expect, it } from 'vitest';
import { THEMES } from '../../app/themeTokens';
import { emaSmooth } from '../smoothing';
import { batchPlot, epochPlot, formatTick, formatY, logSafe, throughputPlot, yRange } from './liveData';

const palette = THEMES.light.chart;
const batches = (n: number, loss: (i: number) => number = (i) => 1 / (i + 1)) =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: loss(i), metric: 0.5 + i / (2 * n), epoch: Math.floor(i / 10) + 1, timeMs: (i + 1) * 50 }));

describe('batchPlot', () => {
  it('draws raw and EMA-smoothed series, with stats over every batch', () => {
    const p = batchPlot(batches(30), palette, { metric: 'loss', smoothing: 0.6, xMode: 'step', batchesPerEpoch: 10, logY: false });
    expect(p.series.map((s) => s.label)).toEqual(['raw', 'smoothed (EMA 0.60)']);
    expect(p.x).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(p.ys[1]).toEqual(emaSmooth(p.ys[0] as number[], 0.6));
    expect(p.series[0].stats).toEqual({ last: 1 / 30, min: 1 / 30, max: 1 });
    expect(p.boundaries.map((b) => b.label)).toEqual(['epoch 2', 'epoch 3']);
    expect(p.series[0].alpha).toBeLessThan(p.series[1].alpha);
  });

  it('draws the raw series alone, solid, when smoothing is off; accuracy in percent', () => {
    const p = batchPlot(batches(5), palette, { metric: 'accuracy', smoothing: 0, xMode: 'step', logY: true });
    expect(p.series).toHaveLength(1);
    expect(p.series[0].alpha).toBe(1);
    expect(p.ys[0][0]).toBeCloseTo(50, 9);
    // No log axis for a percentage.
    expect(p.logY).toBe(false);
  });

  it('smooths over every batch before thinning to the drawn limit', () => {
    const n = 100_000;
    const pts = batches(n, (i) => ((i * 7919) % 13) + 1);
    const p = batchPlot(pts, palette, { metric: 'loss', smoothing: 0.9, xMode: 'step', logY: false, maxPoints: 2000 });
    expect(p.x.length).toBeLessThanOrEqual(2000);
    expect(p.total).toBe(n);
    const full = emaSmooth(pts.map((b) => b.loss), 0.9);
    p.x.forEach((step, i) => expect(p.ys[1][i]).toBe(full[step - 1]));
    expect(p.series[0].stats.max).toBe(13);
    expect(Math.max(...(p.ys[0] as number[]))).toBe(13);
  });

  it('maps learning-rate markers (given in steps) to the chosen x', () => {
    const p = batchPlot(batches(20), palette, { metric: 'loss', smoothing: 0, xMode: 'epoch', batchesPerEpoch: 10, logY: false, markers: [{ x: 15, label: 'lr → 1e-3' }, { x: 99, label: 'gone' }] });
    expect(p.markers).toEqual([{ x: 1.5, label: 'lr → 1e-3' }]);
    expect(p.formatX(1.5)).toBe('1.5');
    expect(p.xLabel).toBe('epoch');
  });

  it('turns non-positive values into gaps on a log axis', () => {
    const p = batchPlot(batches(4, (i) => [0.5, 0, -1, 0.25][i]), palette, { metric: 'loss', smoothing: 0, xMode: 'step', logY: true });
    expect(p.logY).toBe(true);
    expect(p.ys[0]).toEqual([0.5, null, null, 0.25]);
    // The legend still reports the true values.
    expect(p.series[0].stats.min).toBe(-1);
    expect(logSafe([1, NaN, Infinity, 0.1])).toEqual([1, null, null, 0.1]);
  });
});

describe('epoch and throughput plots', () => {
  const epochs = [
    { epoch: 1, trainLoss: 0.5, trainMetric: 0.8, valLoss: 0.6, valMetric: 0.75, testMetric: null },
    { epoch: 2, trainLoss: 0.3, trainMetric: 0.9, valLoss: 0.4, valMetric: 0.85, testMetric: 0.84 },
  ];
  it('dashes validation and dots test, in their own colours', () => {
    const p = epochPlot(epochs, palette, 'accuracy', false);
    expect(p.series.map((s) => [s.label, s.color, s.dash.length > 0])).toEqual([
      ['train', palette.blue, false],
      ['validation', palette.orange, true],
      ['test', palette.green, true],
    ]);
    expect(p.ys[2]).toEqual([null, 84]);
    expect(epochPlot(epochs, palette, 'loss', false).series).toHaveLength(2);
  });
  it('fills throughput and nulls non-finite rates', () => {
    const p = throughputPlot([{ step: 1, samplesPerSec: Infinity }, { step: 2, samplesPerSec: 500 }], palette);
    expect(p.ys[0]).toEqual([null, 500]);
    expect(p.series[0].fill).toBe(true);
  });
});

describe('formats and ranges', () => {
  it('formats percent for accuracy and 3–4 significant digits for loss', () => {
    expect(formatY(93.14, 'accuracy')).toBe('93.1%');
    expect(formatY(0.123456, 'loss')).toBe('0.1235');
    expect(formatY(2.5, 'loss')).toBe('2.5');
    expect(formatY(0.0000123, 'loss')).toBe('1.23e-5');
    expect(formatY(1234.5, 'count')).toBe('1,235');
    expect(formatTick(0.001, 'loss')).toBe('0.001');
    expect(formatTick(0.0001, 'loss')).toBe('1e-4');
    expect(formatTick(90, 'accuracy')).toBe('90%');
  });
  it('starts loss at zero, ends accuracy at 100, spans whole decades on log', () => {
    expect(yRange(0.2, 2.3, 'loss', false)).toEqual([0, 3]);
    expect(yRange(95.3, 99.1, 'accuracy', false)).toEqual([95, 100]);
    expect(yRange(0.02, 2.3, 'loss', true)).toEqual([0.01, 10]);
    expect(yRange(null, null, 'loss', true)).toEqual([0.1, 1]);
    expect(yRange(-1, 2, 'loss', true)).toEqual([0.1, 1]);
    expect(yRange(null, null, 'accuracy', false)).toEqual([0, 100]);
    // A calibration error of a few percent fills its panel instead of hugging the floor of a 0–100 axis.
    const [lo, hi] = yRange(3.1, 12.3, 'percent', false);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThanOrEqual(12.3);
    expect(hi).toBeLessThanOrEqual(20);
    expect(formatY(4.317, 'percent')).toBe('4.32%');
  });
});
