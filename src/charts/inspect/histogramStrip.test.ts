import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { stripCaption } from '../../ui/inspect/WeightHistograms';
import { stripRows, type EpochHistograms, type LayerHistogram } from '../../training/inspect/histogramMath';
import { HistogramStrip, epochTicks } from './HistogramStrip';
import { HISTOGRAM_CSV_HEADER, epochHistogramsCsv } from './histogramStripCsv';

const layer = (kind: LayerHistogram['kind'], std: number, counts = [0, 3, 5, 0]): LayerHistogram => ({
  name: 'dense_1',
  kind,
  lo: -1,
  hi: 1,
  counts,
  mean: 0,
  std,
  min: -0.5,
  max: 0.5,
  nearZero: 0.25,
  outside: 0,
  nonFinite: 0,
});
const history = (stds: number[]): EpochHistograms[] => stds.map((s, i) => ({ epoch: i + 1, computeMs: 3, layers: [layer('weights', 0.3), layer('gradients', s)] }));

describe('the heat strip', () => {
  it('draws one row per epoch, a cell per non-empty bin, and its caption', () => {
    const strip = stripRows(history([1, 0.5, 0.4]), 'dense_1', 'weights');
    const html = renderToStaticMarkup(createElement(HistogramStrip, { strip, caption: stripCaption(strip).lines, label: 'dense_1 weights' }));
    expect(html.match(/data-testid="strip-row"/g)).toHaveLength(3);
    // Two non-empty bins in each of the three rows.
    const rows = [...html.matchAll(/data-testid="strip-row" data-epoch="\d+">(.*?)<\/g>/g)].map((m) => m[1].match(/<rect /g)?.length ?? 0);
    expect(rows).toEqual([2, 2, 2]);
    expect(html).toContain('epoch 3: μ 0 ± σ 0.3 · 25 % ≈ 0');
    expect(html).toContain('weight value');
  });

  it('labels at most six epochs, always the first and the last', () => {
    const t = epochTicks(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(t.length).toBeLessThanOrEqual(6);
    expect(t[0]).toBe(1);
    expect(t[t.length - 1]).toBe(40);
  });
});

describe('the gradient caption', () => {
  it('warns when the gradient spread fell 100×, notes a 10× fall, and says nothing otherwise', () => {
    const vanishing = stripCaption(stripRows(history([1, 0.1, 0.005]), 'dense_1', 'gradients'));
    expect(vanishing.warn).toBe(true);
    expect(vanishing.lines[1]).toContain('σ fell 200× since epoch 1: gradients vanishing?');
    const shrinking = stripCaption(stripRows(history([1, 0.05]), 'dense_1', 'gradients'));
    expect(shrinking.warn).toBe(false);
    expect(shrinking.lines[1]).toContain('shrinking');
    expect(stripCaption(stripRows(history([1, 0.5]), 'dense_1', 'gradients')).lines).toHaveLength(1);
  });
});

describe('the CSV', () => {
  it('has one row per bin of every layer, kind and epoch, with its bin edges', () => {
    const lines = epochHistogramsCsv(history([1, 0.5])).trim().split('\r\n');
    expect(lines[0]).toBe(HISTOGRAM_CSV_HEADER.join(','));
    expect(lines).toHaveLength(1 + 2 * 2 * 4);
    expect(lines[1]).toBe('1,dense_1,weights,-1,-0.5,0,0,0.3,-0.5,0.5,0.25');
  });
});
