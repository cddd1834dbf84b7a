// Server-renders each chart in Node (no DOM available) to catch runtime errors and check the
// markup other code and e2e tests rely on. recharts draws nothing without a measured size,
// so the SVG itself is covered by the browser e2e suite, not here.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BatchChart } from './BatchChart';
import { ChartCard } from './ChartCard';
import { ConfusionMatrix } from './ConfusionMatrix';
import { EpochChart } from './EpochChart';
import { ProbabilityBars } from './ProbabilityBars';
import { ThroughputChart } from './ThroughputChart';

const digits = Array.from({ length: 10 }, (_, i) => String(i));

describe('chart markup', () => {
  it('shows empty states', () => {
    expect(renderToStaticMarkup(createElement(BatchChart, { points: [], metric: 'loss', smoothing: 0.6 }))).toContain(
      'No batches yet — press Train',
    );
    expect(renderToStaticMarkup(createElement(EpochChart, { epochs: [], metric: 'accuracy', title: 'Epochs' }))).toContain(
      'Epochs',
    );
    expect(renderToStaticMarkup(createElement(ThroughputChart, { points: [] }))).toContain('ts-chart-empty');
    const bars = renderToStaticMarkup(createElement(ProbabilityBars, { probabilities: null, classNames: digits }));
    expect(bars).toContain('data-testid="probability-bars"');
    expect(bars).toContain('Draw a digit');
  });

  it('renders charts with data without throwing', () => {
    const points = Array.from({ length: 3000 }, (_, i) => ({ step: i, loss: 1 / (i + 1), metric: 0.5 }));
    expect(() => renderToStaticMarkup(createElement(BatchChart, { points, metric: 'accuracy', smoothing: 0.6 }))).not.toThrow();
    const epochs = [{ epoch: 1, trainLoss: 0.4, trainMetric: 0.9, valLoss: 0.5, valMetric: 0.88, testMetric: 0.87 }];
    expect(() => renderToStaticMarkup(createElement(EpochChart, { epochs, metric: 'accuracy' }))).not.toThrow();
    expect(() =>
      renderToStaticMarkup(createElement(ThroughputChart, { points: [{ step: 1, samplesPerSec: 1200 }] })),
    ).not.toThrow();
  });

  it('captions the prediction', () => {
    const probabilities = digits.map((_, i) => (i === 7 ? 0.931 : 0.069 / 9));
    const html = renderToStaticMarkup(createElement(ProbabilityBars, { probabilities, classNames: digits }));
    expect(html).toContain('Prediction: 7 (93.1%)');
  });

  it('renders the confusion matrix table with titles, diagonal and toggle', () => {
    const matrix = [
      [9, 1],
      [3, 7],
    ];
    const html = renderToStaticMarkup(
      createElement(ConfusionMatrix, { matrix, classNames: ['a', 'b'], normalize: true, onNormalizeChange: () => {} }),
    );
    expect(html).toContain('data-testid="confusion-matrix"');
    expect(html).toContain('true class');
    expect(html).toContain('predicted class');
    expect(html).toContain('title="true b → predicted a: 3 (30.0% of row)"');
    expect(html.match(/ts-chart-cm-diagonal/g)).toHaveLength(2);
    expect(html).toContain('>90%<');
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('row %');
    const noToggle = renderToStaticMarkup(createElement(ConfusionMatrix, { matrix, classNames: ['a', 'b'] }));
    expect(noToggle).not.toContain('row %');
    expect(noToggle).toContain('>9<');
  });

  it('wraps children in a titled card', () => {
    const html = renderToStaticMarkup(
      createElement(ChartCard, { title: 'Loss', actions: createElement('button', null, 'x'), children: 'body' }),
    );
    expect(html).toContain('<h3 class="ts-chart-card-title">Loss</h3>');
    expect(html).toContain('ts-chart-card-actions');
    expect(html).toContain('body');
  });
});

describe('uncertainty caption', () => {
  it('renders the caption and a closed "?" disclosure', async () => {
    const { Explain } = await import('./Explain');
    const html = renderToStaticMarkup(createElement(Explain, { text: { caption: 'Whiskers: 95 % Wilson interval (2,000 test items in all).', help: 'How to read it.' } }));
    expect(html).toContain('2,000 test items');
    expect(html).toContain('aria-expanded="false"');
    expect(html).toMatch(/<p[^>]*hidden=""[^>]*>How to read it\.<\/p>/);
  });
});
