import { describe, expect, it } from 'vitest';
import { THEMES } from '../../app/themeTokens';
import { emaSmooth } from '../smoothing';
import { batchPlot, epochPlot } from './liveData';
import { batchCsv, epochCsv, plotSvg, throughputCsv } from './liveExport';

const palette = THEMES.dark.chart;
const pts = Array.from({ length: 25 }, (_, i) => ({ step: i + 1, loss: 2 / (i + 1), metric: i / 25, epoch: Math.floor(i / 10) + 1, timeMs: (i + 1) * 40 }));
const lines = (csv: string) => csv.trim().split('\r\n');

describe('CSV of the numbers behind a live chart', () => {
  it('has one row per batch (not the thinned drawing) with epoch, time, raw and smoothed', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ step: i + 1, loss: 1 + (i % 7), metric: 0.5 }));
    expect(lines(batchCsv(many, 'loss', 0.5, 100))).toHaveLength(5001);
    const rows = lines(batchCsv(pts, 'loss', 0.6, 10));
    expect(rows[0]).toBe('step,epoch,time_s,loss,loss_smoothed_ema_0.60');
    expect(rows).toHaveLength(26);
    const smoothed = emaSmooth(pts.map((p) => p.loss), 0.6);
    const [step, epoch, time, raw, sm] = rows[13].split(',').map(Number);
    expect([step, epoch, time, raw]).toEqual([13, 1.3, 0.52, Number((2 / 13).toPrecision(6))]);
    expect(sm).toBeCloseTo(smoothed[12], 5);
  });

  it('leaves time empty for old batches and writes accuracy in percent', () => {
    const old = pts.map(({ timeMs: _t, ...p }) => p);
    const rows = lines(batchCsv(old, 'accuracy', 0, undefined));
    expect(rows[0]).toBe('step,epoch,time_s,accuracy_pct,accuracy_pct_smoothed_ema_0.00');
    expect(rows[11].split(',')).toEqual(['11', '2', '', '40', '40']);
  });

  it('writes epochs with test only where the chart has it, and throughput', () => {
    const epochs = [{ epoch: 1, trainLoss: 0.5, trainMetric: 0.8, valLoss: null, valMetric: null, testMetric: 0.7 }];
    expect(lines(epochCsv(epochs, 'accuracy'))).toEqual(['epoch,train_accuracy_pct,validation_accuracy_pct,test_accuracy_pct', '1,80,,70']);
    expect(lines(epochCsv(epochs, 'loss'))).toEqual(['epoch,train_loss,validation_loss', '1,0.5,']);
    expect(lines(throughputCsv([{ step: 3, samplesPerSec: 1234.5 }]))).toEqual(['step,samples_per_sec', '3,1234.5']);
  });
});

describe('SVG export', () => {
  it('is a standalone SVG with title, legend stats, one path per series, markers and epoch lines', () => {
    const plot = batchPlot(pts, palette, { metric: 'loss', smoothing: 0.6, xMode: 'step', batchesPerEpoch: 10, logY: false, markers: [{ x: 12, label: 'lr → 1e-3' }] });
    const svg = plotSvg(plot, palette, { title: 'Loss per batch <train>', width: 600, height: 300, background: '#101010' });
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('Loss per batch &lt;train&gt;');
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('data-series="smoothed (EMA 0.60)"');
    expect(svg).toContain('last 0.08 · min 0.08 · max 2');
    expect(svg).toContain('lr → 1e-3');
    expect(svg).toContain(palette.purple);
    expect(svg.match(/stroke-opacity="0.45"/g)).toHaveLength(2);
    expect(svg).toContain('>batch<');
    // Well-formed enough for an XML parser: every tag closes.
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('exports a zoomed view as zoomed, and a log axis in decades', () => {
    const plot = batchPlot(pts, palette, { metric: 'loss', smoothing: 0, xMode: 'step', logY: true });
    const svg = plotSvg(plot, palette, { title: 't', width: 400, height: 200, background: '#fff', xRange: [5, 10] });
    expect(svg).toContain('>0.1<');
    expect(svg).toContain('>1<');
    expect(svg).not.toContain('>20<');
    const epochs = epochPlot([{ epoch: 1, trainLoss: 0.5, trainMetric: 0.8, valLoss: 0.6, valMetric: 0.7 }], palette, 'loss', false);
    const one = plotSvg(epochs, palette, { title: 'e', width: 400, height: 200, background: '#fff' });
    expect(one.match(/<circle /g)).toHaveLength(2);
    expect(one).toContain('stroke-dasharray="6 4"');
  });
});
