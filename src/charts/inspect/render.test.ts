// Server-renders each inspection chart once to catch runtime errors and check the markup callers
// rely on (test ids, captions, empty states). recharts draws nothing without a measured size and
// canvases are drawn in effects, so the plots themselves are checked in a browser.
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChartExportMenu } from './ChartExportMenu';
import { ConfidenceHistogram } from './ConfidenceHistogram';
import { ConvFilters } from './ConvFilters';
import { DenseActivations } from './DenseActivations';
import { FeatureMaps } from './FeatureMaps';
import { MetricHistory } from './MetricHistory';
import { PerClassBars } from './PerClassBars';
import { PredictionBand } from './PredictionBand';
import { ProbabilityErrorBars } from './ProbabilityErrorBars';
import { RegressionScatter } from './RegressionScatter';
import { ReliabilityDiagram } from './ReliabilityDiagram';
import { ResidualHistogram } from './ResidualHistogram';
import { WeightHistogram } from './WeightHistogram';

function html<P extends object>(c: ComponentType<P>, props: P): string {
  return renderToStaticMarkup(createElement(c, props));
}

const digits = Array.from({ length: 10 }, (_, i) => String(i));
const stat = (p: number, support: number) => ({
  precision: p,
  recall: p,
  f1: p,
  precisionCI: [p - 0.05, Math.min(1, p + 0.03)] as [number, number],
  recallCI: [p - 0.05, Math.min(1, p + 0.03)] as [number, number],
  f1CI: [p - 0.05, Math.min(1, p + 0.03)] as [number, number],
  support,
});
const edges = Array.from({ length: 11 }, (_, i) => i / 10);
const bins = edges.slice(0, -1).map((lo, i) => ({
  lo,
  hi: lo + 0.1,
  count: i < 2 ? 0 : 10 * i,
  meanConfidence: lo + 0.05,
  accuracy: lo + (i % 2 ? 0.08 : -0.03),
  ci: [lo - 0.05, lo + 0.12] as [number, number],
}));

describe('inspection charts: empty states', () => {
  const cases: [string, string][] = [
    [html(PerClassBars, { classNames: [], stats: [], metric: 'f1' }), 'per-class-bars'],
    [html(ReliabilityDiagram, { bins: [], ece: Number.NaN }), 'reliability-diagram'],
    [html(ConfidenceHistogram, { edges: [], correct: [], wrong: [] }), 'confidence-histogram'],
    [html(ProbabilityErrorBars, { classNames: digits, mean: [] }), 'probability-error-bars'],
    [html(RegressionScatter, { actual: [], predicted: [], targetName: 'y' }), 'regression-scatter'],
    [html(ResidualHistogram, { edges: [0, 1], counts: [0] }), 'residual-histogram'],
    [html(PredictionBand, { x: [], y: [], curveX: [], mean: [], lo: [], hi: [], bandLabel: 'band' }), 'prediction-band'],
    [html(FeatureMaps, { name: 'conv1', shape: [], values: new Float32Array() }), 'feature-maps'],
    [html(DenseActivations, { name: 'dense1', values: new Float32Array() }), 'dense-activations'],
    [html(ConvFilters, { kernel: new Float32Array(), size: [0, 0, 0, 0] }), 'conv-filters'],
    [html(WeightHistogram, { histograms: [] }), 'weight-histograms'],
    [html(MetricHistory, { epochs: [] }), 'metric-history'],
  ];
  it.each(cases)('%#: %s shows a placeholder', (markup, id) => {
    expect(markup).toContain(`data-testid="${id}"`);
    expect(markup).toContain('ts-chart-empty');
    expect(markup).toMatch(/style="height:\d+px"/);
  });

  it('explains a shape that does not match the values', () => {
    expect(html(FeatureMaps, { name: 'conv1', shape: [4, 4, 2], values: new Float32Array(3) })).toContain('do not fill shape [4, 4, 2]');
  });
});

describe('inspection charts with data', () => {
  it('per-class bars', () => {
    const out = html(PerClassBars, { classNames: digits, stats: digits.map((_, i) => stat(0.8 + i / 100, i === 3 ? 4 : 100)), metric: 'precision' });
    expect(out).toContain('data-testid="per-class-bars"');
    expect(out).toContain('data-metric="precision"');
    expect(out).not.toContain('ts-chart-empty');
  });

  it('reliability diagram prints the ECE in the title', () => {
    const out = html(ReliabilityDiagram, { bins, ece: 0.0321 });
    expect(out).toContain('data-testid="reliability-diagram"');
    expect(out).toContain('ECE 3.2 %');
  });

  it('confidence histogram, residual and weight histograms', () => {
    expect(html(ConfidenceHistogram, { edges, correct: edges.slice(1).map((_, i) => i * 10), wrong: edges.slice(1).map(() => 2) })).not.toContain('ts-chart-empty');
    expect(html(ResidualHistogram, { edges: [-1, 0, 1], counts: [3, 4] })).not.toContain('ts-chart-empty');
    const weights = html(WeightHistogram, {
      histograms: [
        { layer: 'dense_1', weight: 'kernel', edges: [-0.2, 0, 0.2], counts: [40, 60], mean: 0.001, std: 0.08 },
        { layer: 'dense_1', weight: 'bias', edges: [-0.01, 0, 0.01], counts: [5, 5], mean: 0, std: 0.004 },
      ],
    });
    expect(weights).toContain('data-layer="dense_1"');
    expect(weights).toContain('σ 0.08');
  });

  it('probability error bars caption the prediction', () => {
    const mean = digits.map((_, i) => (i === 7 ? 0.931 : 0.069 / 9));
    const std = digits.map((_, i) => (i === 7 ? 0.024 : 0.005));
    const out = html(ProbabilityErrorBars, { classNames: digits, mean: new Float32Array(mean), std, q05: mean.map((m) => m * 0.9), q95: mean.map((m) => Math.min(1, m * 1.05)), entropy: 0.31, trueClass: 7 });
    expect(out).toContain('Prediction: 7 (93.1 % ± 2.4) · entropy 0.31 nats');
    expect(html(ProbabilityErrorBars, { classNames: digits, mean })).toContain('Prediction: 7 (93.1 %)');
  });

  it('regression scatter: a canvas with the fit summary, any number of points', () => {
    const small = html(RegressionScatter, { actual: [1, 2, 3], predicted: [1.1, 1.9, 3.2], targetName: 'price (k$)' });
    expect(small).toContain('<canvas');
    expect(small).toContain('R² ');
    expect(small).toContain('aria-label="predicted vs actual price (k$), 3 samples"');
    const n = 5000;
    const actual = Float64Array.from({ length: n }, (_, i) => i / n);
    const big = html(RegressionScatter, { actual, predicted: actual.map((v) => v + 0.01), targetName: 'y' });
    expect(big).toContain('data-points="5000"');
  });

  it('prediction band thins many points', () => {
    const x = Float64Array.from({ length: 3000 }, (_, i) => i / 300);
    const curveX = Array.from({ length: 50 }, (_, i) => i / 5);
    const out = html(PredictionBand, {
      x,
      y: x.map(Math.sin),
      curveX,
      mean: curveX.map(Math.sin),
      lo: curveX.map((v) => Math.sin(v) - 0.2),
      hi: curveX.map((v) => Math.sin(v) + 0.2),
      bandLabel: 'MC-dropout mean ± 2σ',
    });
    expect(out).toContain('showing 2,000 of 3,000 data points');
  });

  it('feature maps, filters and dense activations', () => {
    const maps = html(FeatureMaps, { name: 'conv2d_1', shape: [1, 6, 6, 40], values: Float32Array.from({ length: 6 * 6 * 40 }, (_, i) => Math.sin(i)) });
    expect(maps).toContain('data-maps="32"');
    expect(maps).toContain('first 32 of 40 channels');
    expect(maps.match(/<canvas/g)).toHaveLength(32);
    const filters = html(ConvFilters, { kernel: Float32Array.from({ length: 5 * 5 * 1 * 8 }, (_, i) => Math.cos(i)), size: [5, 5, 1, 8] });
    expect(filters).toContain('data-filters="8"');
    expect(filters.match(/<canvas/g)).toHaveLength(8);
    const rgb = html(ConvFilters, { kernel: new Float32Array(3 * 3 * 3 * 4), size: [3, 3, 3, 4] });
    expect(rgb.match(/<canvas/g)).toHaveLength(12);
    const dense = html(DenseActivations, { name: 'dense_1', values: Float32Array.from({ length: 128 }, (_, i) => Math.max(0, Math.sin(i))) });
    expect(dense).toContain('data-units="128"');
    expect(dense).toContain('128 units');
  });

  it('metric history: one panel per metric and the over-confidence note', () => {
    const epochs = [1, 2, 3, 4, 5].map((epoch) => ({ epoch, accuracy: 0.97, ece: 0.01 * epoch, meanEntropy: 0.5 / epoch, valLoss: 0.1 + 0.02 * epoch }));
    const out = html(MetricHistory, { epochs });
    expect(out).toContain('data-panels="4"');
    expect(out).toContain('data-testid="overconfidence-note"');
    const noLoss = html(MetricHistory, { epochs: epochs.map(({ valLoss: _, ...e }) => e) });
    expect(noLoss).toContain('data-panels="3"');
  });

  it('export menu offers PNG, SVG and CSV', () => {
    const out = html(ChartExportMenu, { target: () => null, csv: () => '', fileName: 'reliability' });
    expect(out).toContain('>PNG<');
    expect(out).toContain('>SVG<');
    expect(out).toContain('>CSV<');
    expect(out).toContain('reliability.csv');
  });
});
