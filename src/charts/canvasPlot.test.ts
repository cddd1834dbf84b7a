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
