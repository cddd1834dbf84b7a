/**
 * The live charts' exports: CSV of every number behind a chart (not the thinned drawing), and a plain standalone SVG
 * built from the plot's own data (lines, axes, markers, legend), readable outside the app. Pure strings.
 */
import type { ChartTokens } from '../../app/themeTokens';
import type { BatchPoint, EpochPoint, Metric, ThroughputPoint } from '../chartTypes';
import { toCsv } from '../inspect/exportChart';
import { innerTicks, niceScale } from '../scale';
import { epochSeries } from '../series';
import { batchColumns, formatTick, formatY, yRange, type LivePlot } from './liveData';
import { availableXModes, batchSeconds, epochOf } from './xAxis';

function metricColumn(metric: Metric): string {
  return metric === 'accuracy' ? 'accuracy_pct' : metric;
}

/** One row per batch: step, epoch (fractional when batches per epoch are known), training time, raw and smoothed. */
export function batchCsv(points: readonly BatchPoint[], metric: Metric, smoothing: number, batchesPerEpoch?: number): string {
  const { raw, smoothed } = batchColumns(points, metric, smoothing);
  const seconds = availableXModes(points, batchesPerEpoch).includes('time') ? batchSeconds(points) : null;
  const name = metricColumn(metric);
  const rows = points.map((p, i) => [
    p.step,
    batchesPerEpoch && batchesPerEpoch > 0 ? p.step / batchesPerEpoch : epochOf(p, batchesPerEpoch),
    seconds ? seconds[i] : null,
    raw[i],
    smoothed[i],
  ]);
  return toCsv(['step', 'epoch', 'time_s', name, `${name}_smoothed_ema_${smoothing.toFixed(2)}`], rows);
}

export function epochCsv(epochs: readonly EpochPoint[], metric: Metric): string {
  const { rows, hasTest } = epochSeries(epochs, metric);
  const name = metricColumn(metric);
  const header = ['epoch', `train_${name}`, `validation_${name}`, ...(hasTest ? [`test_${name}`] : [])];
  return toCsv(header, rows.map((r) => [r.epoch, r.train, r.validation, ...(hasTest ? [r.test] : [])]));
}

export function throughputCsv(points: readonly ThroughputPoint[]): string {
  return toCsv(['step', 'samples_per_sec'], points.map((p) => [p.step, p.samplesPerSec]));
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const n = (v: number) => String(Math.round(v * 10) / 10);

export interface SvgOptions {
  title: string;
  width: number;
  height: number;
  background: string;
  /** The x range shown (a zoomed view exports as zoomed); the data's extent when absent. */
  xRange?: [number, number] | null;
}

/** A standalone SVG of the plot: title, legend (last · min · max), grid, axes, lines, markers and epoch lines. */
export function plotSvg(plot: LivePlot, palette: ChartTokens, o: SvgOptions): string {
  const legendRows = plot.series.length;
  const pad = { left: 60, right: 14, top: 30 + legendRows * 15, bottom: 36 };
  const { width, height } = o;
  const plotW = Math.max(10, width - pad.left - pad.right);
  const plotH = Math.max(10, height - pad.top - pad.bottom);
  const xs = plot.x;
  let x0 = o.xRange?.[0] ?? (xs.length ? xs[0] : 0);
  let x1 = o.xRange?.[1] ?? (xs.length ? xs[xs.length - 1] : 1);
  if (x1 <= x0) [x0, x1] = [x0 - 1, x0 + 1];
  let min: number | null = null;
  let max: number | null = null;
  for (const col of plot.ys)
    col.forEach((v, i) => {
      if (v === null || !Number.isFinite(v) || xs[i] < x0 || xs[i] > x1) return;
      min = min === null ? v : Math.min(min, v);
      max = max === null ? v : Math.max(max, v);
    });
  const [y0, y1] = yRange(min, max, plot.yKind, plot.logY);
  const ty = (v: number) => (plot.logY ? (Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (v - y0) / (y1 - y0));
  const px = (v: number) => pad.left + ((v - x0) / (x1 - x0)) * plotW;
  const py = (v: number) => pad.top + (1 - ty(v)) * plotH;
  const yTicks: number[] = [];
  if (plot.logY) for (let d = y0; d <= y1 * 1.0001; d *= 10) yTicks.push(d);
  else yTicks.push(...niceScale(y0, y1, 5).ticks.filter((t) => t >= y0 && t <= y1));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="${o.background}"/>`);
  out.push(`<text x="${pad.left}" y="18" font-size="13" font-weight="600" fill="${palette['axis-text']}">${esc(o.title)}</text>`);
  plot.series.forEach((s, i) => {
    const y = 34 + i * 15;
    const st = s.stats;
    const stats = st.last === null ? '' : ` — last ${formatY(st.last, plot.yKind)} · min ${formatY(st.min ?? NaN, plot.yKind)} · max ${formatY(st.max ?? NaN, plot.yKind)}`;
    out.push(`<line x1="${pad.left}" y1="${y - 4}" x2="${pad.left + 18}" y2="${y - 4}" stroke="${s.color}" stroke-opacity="${s.alpha}" stroke-width="2.5"${s.dash.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`);
    out.push(`<text x="${pad.left + 24}" y="${y}" fill="${palette['axis-text']}">${esc(s.label + stats)}</text>`);
  });
  for (const t of yTicks) {
    const y = n(py(t));
    out.push(`<line x1="${pad.left}" y1="${y}" x2="${pad.left + plotW}" y2="${y}" stroke="${palette.grid}" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${pad.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="${palette['axis-text']}">${esc(formatTick(t, plot.yKind))}</text>`);
  }
  const bottom = pad.top + plotH;
  out.push(`<line x1="${pad.left}" y1="${bottom}" x2="${pad.left + plotW}" y2="${bottom}" stroke="${palette['axis-line']}"/>`);
  for (const t of innerTicks(x0, x1, 6)) {
    const x = n(px(t));
    out.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}" stroke="${palette['axis-line']}"/>`);
    out.push(`<text x="${x}" y="${bottom + 15}" text-anchor="middle" fill="${palette['axis-text']}">${esc(plot.formatX(t))}</text>`);
  }
  out.push(`<text x="${n(pad.left + plotW / 2)}" y="${height - 6}" text-anchor="middle" fill="${palette['axis-text']}">${esc(plot.xLabel)}</text>`);
  if (plot.yLabel) out.push(`<text transform="translate(12 ${n(pad.top + plotH / 2)}) rotate(-90)" text-anchor="middle" fill="${palette['axis-text']}">${esc(plot.yLabel)}</text>`);
  const vline = (x: number, stroke: string, extra: string) => `<line x1="${n(px(x))}" y1="${pad.top}" x2="${n(px(x))}" y2="${bottom}" stroke="${stroke}"${extra}/>`;
  for (const b of plot.boundaries) if (b.x >= x0 && b.x <= x1) out.push(vline(b.x, palette['axis-line'], ' stroke-opacity="0.45"'));
  for (const m of plot.markers) {
    if (m.x < x0 || m.x > x1) continue;
    out.push(vline(m.x, palette.purple, ' stroke-dasharray="4 3"'));
    out.push(`<text x="${n(px(m.x) + 3)}" y="${pad.top - 3}" fill="${palette.purple}">${esc(m.label)}</text>`);
  }
  out.push(`<clipPath id="plot-area"><rect x="${pad.left}" y="${pad.top}" width="${plotW}" height="${plotH}"/></clipPath>`);
  plot.series.forEach((s, si) => {
    let d = '';
    let pen = false;
    const dots: string[] = [];
    plot.ys[si].forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${n(px(xs[i]))} ${n(py(v))}`;
      pen = true;
      if (s.points) dots.push(`<circle cx="${n(px(xs[i]))}" cy="${n(py(v))}" r="3" fill="${s.color}"/>`);
    });
    if (!d) return;
    const dash = s.dash.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    out.push(`<g clip-path="url(#plot-area)" data-series="${esc(s.label)}"><path d="${d}" fill="none" stroke="${s.color}" stroke-opacity="${s.alpha}" stroke-width="${s.width}" stroke-linejoin="round"${dash}/>${dots.join('')}</g>`);
  });
  out.push('</svg>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out.join('\n')}\n`;
}
