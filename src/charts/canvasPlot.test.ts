import { describe, expect, it } from 'vitest';
import { nearestIndex, plotFrame, PLOT_PAD, shortNumber, xToPx, yToPx, type PlotSpec } from './canvasPlot';

const spec: PlotSpec = {
  x: [1, 2, 3, 10],
  series: [],
  y: { domain: [0, 2], ticks: [0, 1, 2] },
  xTicks: [],
  xLabel: 'batch',
  yLabel: 'loss',
  formatY: String,
};

describe('canvas plot geometry', () => {
  it('maps data to pixels inside the padding and finds the nearest point under the cursor', () => {
    const f = plotFrame(spec, 400, 200);
    expect(xToPx(f, 1)).toBe(PLOT_PAD.left);
    expect(xToPx(f, 10)).toBe(400 - PLOT_PAD.right);
    expect(yToPx(f, spec, 2)).toBe(PLOT_PAD.top);
    expect(yToPx(f, spec, 0)).toBe(200 - PLOT_PAD.bottom);
    expect(nearestIndex(f, spec, xToPx(f, 2.4))).toBe(1);
    expect(nearestIndex(f, spec, xToPx(f, 8))).toBe(3);
    expect(nearestIndex(f, spec, -50)).toBe(0);
  });
  it('centres a single point', () => {
    const one = { ...spec, x: [5] };
    const f = plotFrame(one, 400, 200);
    expect(xToPx(f, 5)).toBeCloseTo((PLOT_PAD.left + 400 - PLOT_PAD.right) / 2);
  });
  it('prints short tick labels', () => {
    expect(shortNumber(0.5)).toBe('0.5');
    expect(shortNumber(0.30000000000000004)).toBe('0.3');
    expect(shortNumber(1500)).toBe('1,500');
    expect(shortNumber(2)).toBe('2');
  });
});

describe('legend and markers', () => {
  it('legendItems: dash patterns, hidden series, last · min · max', async () => {
    const { legendItems, seriesDash } = await import('./canvasPlot');
    const spec: PlotSpec = {
      x: [1, 2, 3],
      series: [
        { name: 'train', color: '#000001', values: [2.41, 0.5, 0.031] },
        { name: 'validation', color: '#000002', values: [null, 0.7, 0.6], dashed: true },
        { name: 'test', color: '#000003', values: [null, null, null], dash: [2, 3] },
        { name: 'hidden', color: '#000004', values: [1, 1, 1], hideInLegend: true },
        { name: 'thinned', color: '#000005', values: [1, 1, 1], stats: { last: 1, min: 0.5, max: 9 } },
      ],
      y: { domain: [0, 3], ticks: [0, 1, 2, 3] },
      xTicks: [1, 2, 3],
      xLabel: 'epoch',
      yLabel: 'loss',
      formatY: (v) => v.toFixed(3),
    };
    const items = legendItems(spec);
    expect(items.map((i) => i.name)).toEqual(['train', 'validation', 'test', 'thinned']);
    expect(items[0]).toMatchObject({ last: '0.031', min: '0.031', max: '2.410', dash: [] });
    expect(items[1].dash).toEqual([6, 4]);
    expect(items[2]).toMatchObject({ dash: [2, 3], last: '' });
    expect(items[3]).toMatchObject({ min: '0.500', max: '9.000' });
    expect(seriesDash({ dashed: true, dash: [1, 1] })).toEqual([1, 1]);
  });

  it('markerLabelX: flips left of the line near the right edge', async () => {
    const { markerLabelX } = await import('./canvasPlot');
    expect(markerLabelX(100, 40, 400)).toEqual({ x: 103, align: 'left' });
    expect(markerLabelX(390, 40, 400)).toEqual({ x: 387, align: 'right' });
    expect(markerLabelX(60, 40, 70, 58)).toEqual({ x: 70, align: 'right' });
  });

  it('compactCount: short throughput ticks', async () => {
    const { compactCount } = await import('./format');
    expect(compactCount(2000)).toBe('2k');
    expect(compactCount(1500)).toBe('1.5k');
    expect(compactCount(500)).toBe('500');
  });
});
