import { describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { THEMES } from '../../app/themeTokens';
import { batchPlot } from './liveData';
import { compactCount } from '../format';
import { drawOverlays, liveOptions, markerLabelX, shapeKey, withAlpha } from './liveOptions';

const light = THEMES.light.chart;
const pts = Array.from({ length: 30 }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1), metric: 0.5, epoch: Math.floor(i / 10) + 1 }));
const plotOf = (logY: boolean, smoothing = 0.6) => batchPlot(pts, light, { metric: 'loss', smoothing, xMode: 'step', batchesPerEpoch: 10, logY, markers: [{ x: 15, label: 'lr → 1e-3' }] });
const hooks = { plot: () => plotOf(false), onCursor: () => {}, onScale: () => {} };
const size = { width: 500, height: 220, syncKey: 'ts-batch-step', pxRatio: 1 };

describe('uPlot options', () => {
  it('a new instance only for a new shape: log axis, series, theme — not for new data or a new smoothing weight', () => {
    const base = shapeKey(plotOf(false), light, 'k');
    expect(shapeKey(batchPlot(pts.slice(0, 10), light, { metric: 'loss', smoothing: 0.6, xMode: 'step', logY: false }), light, 'k')).toBe(base);
    expect(shapeKey(plotOf(false, 0.9), light, 'k')).toBe(base);
    expect(shapeKey(plotOf(true), light, 'k')).not.toBe(base);
    expect(shapeKey(plotOf(false, 0), light, 'k')).not.toBe(base);
    expect(shapeKey(plotOf(false), THEMES.dark.chart, 'k')).not.toBe(base);
  });

  it('log y uses a base-10 log scale whose range is whole decades', () => {
    const lin = liveOptions(plotOf(false), light, size, hooks);
    const log = liveOptions(plotOf(true), light, size, hooks);
    expect(lin.scales?.y?.distr).toBeUndefined();
    expect(log.scales?.y).toMatchObject({ distr: 3, log: 10 });
    const range = log.scales?.y?.range as (u: uPlot, min: number, max: number, key: string) => [number, number];
    expect(range({} as uPlot, 0.034, 1, 'y')).toEqual([0.01, 1]);
  });

  it('zooms by dragging x, syncs the cursor by key, draws the theme colours, hides uPlot’s own legend', () => {
    const o = liveOptions(plotOf(false), light, size, hooks);
    expect(o.cursor?.drag).toMatchObject({ x: true, y: false, setScale: true });
    expect(o.cursor?.sync?.key).toBe('ts-batch-step');
    expect(o.legend?.show).toBe(false);
    expect(o.series.slice(1).map((s) => s.stroke)).toEqual([withAlpha(light.blue, 0.35), light.blue]);
    expect(o.axes?.[0].stroke).toBe(light['axis-text']);
    expect(withAlpha('#0072b2', 0.5)).toBe('rgba(0, 114, 178, 0.5)');
  });

  it('draws epoch lines and learning-rate markers inside the plot, each label once', () => {
    const calls: string[] = [];
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (t, k: string) => (k in t ? t[k] : k === 'measureText' ? () => ({ width: 40 }) : (...a: unknown[]) => calls.push(`${k}(${a.join(',')})`)),
      set: (t, k: string, v) => ((t[k] = v), true),
    });
    const u = { ctx, bbox: { left: 50, top: 16, width: 400, height: 180 }, valToPos: (v: number) => 50 + ((v - 1) / 29) * 400 } as unknown as uPlot;
    drawOverlays(u, plotOf(false), light, 1);
    expect(calls.filter((c) => c.startsWith('fillText(epoch'))).toEqual([expect.stringContaining('epoch 2'), expect.stringContaining('epoch 3')]);
    expect(calls.filter((c) => c.startsWith('fillText(lr'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('stroke('))).toHaveLength(3);
  });
});

describe('labels', () => {
  it('markerLabelX: right of the line, flipped left of it near the right edge, clamped when neither fits', () => {
    expect(markerLabelX(100, 40, 400, 50)).toEqual({ x: 103, align: 'left' });
    expect(markerLabelX(390, 40, 400, 50)).toEqual({ x: 387, align: 'right' });
    expect(markerLabelX(60, 40, 70, 58)).toEqual({ x: 70, align: 'right' });
  });

  it('compactCount: short throughput ticks', () => {
    expect(compactCount(2000)).toBe('2k');
    expect(compactCount(1500)).toBe('1.5k');
    expect(compactCount(500)).toBe('500');
  });
});
