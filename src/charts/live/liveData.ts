/**
 * What a live chart draws, built from the store's points: the drawn (thinned) columns, each series' look and its
 * min / max / last over every point, the x and y formats, markers and epoch lines. Pure: no uPlot, no DOM.
 */
import { seriesColors, type ChartTokens } from '../../app/themeTokens';
import type { BatchPoint, EpochPoint, Metric, SeriesStats, ThroughputPoint } from '../chartTypes';
import { yLabel } from '../chartTheme';
import { compactCount, formatCount } from '../format';
import { niceScale } from '../scale';
import { epochSeries, scaleMetric, seriesStats } from '../series';
import { emaSmooth } from '../smoothing';
import { decimateIndices, MAX_DRAWN_POINTS, pick } from './decimate';
import { batchXOf, epochBoundaries, formatX, xAtStep, xAxisLabel, type XMode } from './xAxis';

export interface LiveSeries {
  label: string;
  color: string;
  width: number;
  /** Line opacity (the raw series sits faint behind its smoothed twin). */
  alpha: number;
  dash: number[];
  fill: boolean;
  /** A dot on every point (few points: one per epoch). */
  points: boolean;
  /** Over every point, before thinning. */
  stats: SeriesStats;
}

/** 'percent': a share in % that is not an accuracy (ECE): formatted with %, scaled from 0 to its data. */
export type YKind = Metric | 'count' | 'percent';

export interface LivePlot {
  /** Drawn x values, ascending, aligned with every column of ys. */
  x: number[];
  ys: (number | null)[][];
  series: LiveSeries[];
  xLabel: string;
  formatX: (v: number) => string;
  yLabel: string;
  yKind: YKind;
  logY: boolean;
  /** Vertical lines: learning-rate changes (markers) and epoch starts (boundaries), in x units. */
  markers: { x: number; label: string }[];
  boundaries: { x: number; label: string }[];
  /** Points before thinning. */
  total: number;
}

/** 3–4 significant digits for loss and error, one decimal of a percent for accuracy, whole numbers for counts. */
export function formatY(v: number, kind: YKind): string {
  if (!Number.isFinite(v)) return String(v);
  if (kind === 'accuracy') return `${v.toFixed(1)}%`;
  if (kind === 'percent') return `${Number(v.toPrecision(3))}%`;
  if (kind === 'count') return formatCount(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(v.toPrecision(4)));
  const [m, e] = v.toExponential(2).split('e');
  return `${Number(m)}e${Number(e)}`;
}

/** Axis tick labels: short, round numbers. */
export function formatTick(v: number, kind: YKind): string {
  if (!Number.isFinite(v)) return '';
  if (kind === 'accuracy' || kind === 'percent') return `${Number(v.toPrecision(4))}%`;
  if (kind === 'count') return compactCount(v);
  const abs = Math.abs(v);
  if (v !== 0 && (abs < 1e-3 || abs >= 1e5)) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** A log axis cannot show zero or negative values: they become gaps. */
export function logSafe(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && Number.isFinite(v) && v > 0 ? v : null));
}

/** null for NaN/±Infinity: uPlot draws null as a gap. */
function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The y range for the visible data. Linear: loss and counts start at 0, accuracy ends at 100 % and starts at a nice
 * value below the lowest point. Log: whole decades around the data.
 */
export function yRange(min: number | null, max: number | null, kind: YKind, log: boolean): [number, number] {
  const ok = min !== null && max !== null && Number.isFinite(min) && Number.isFinite(max);
  if (log) {
    if (!ok || min <= 0 || max <= 0) return [0.1, 1];
    const lo = 10 ** Math.floor(Math.log10(min));
    const hi = 10 ** Math.ceil(Math.log10(max));
    return hi > lo ? [lo, hi] : [lo, lo * 10];
  }
  if (!ok) return kind === 'accuracy' ? [0, 100] : [0, 1];
  if (kind === 'accuracy') return niceScale(Math.min(min, 99), 100).domain;
  return niceScale(Math.min(0, min), max > 0 ? max : 1).domain;
}

export interface BatchPlotOptions {
  metric: Metric;
  smoothing: number;
  xMode: XMode;
  batchesPerEpoch?: number;
  logY: boolean;
  markers?: readonly { x: number; label: string }[];
  maxPoints?: number;
}

/** The raw and EMA-smoothed columns over every batch (smoothed before any thinning, so zoom never changes it). */
export function batchColumns(points: readonly BatchPoint[], metric: Metric, smoothing: number): { raw: number[]; smoothed: number[] } {
  const raw = points.map((p) => scaleMetric(metric === 'loss' ? p.loss : p.metric, metric));
  return { raw, smoothed: emaSmooth(raw, smoothing) };
}

/** Per-batch loss or metric: raw faint, smoothed solid (raw alone when smoothing is off). */
export function batchPlot(points: readonly BatchPoint[], palette: ChartTokens, o: BatchPlotOptions): LivePlot {
  const { raw, smoothed } = batchColumns(points, o.metric, o.smoothing);
  const xAt = batchXOf(points, o.xMode, o.batchesPerEpoch);
  const smooth = o.smoothing > 0;
  const cols = smooth ? [raw, smoothed] : [raw];
  // Thinned first, then the few kept values made uPlot-ready (null for non-finite): one pass less over 100k batches.
  const keep = decimateIndices(points.length, cols, o.maxPoints ?? MAX_DRAWN_POINTS);
  const drawn = cols.map((c) => pick(c, keep).map(finite));
  const series: LiveSeries[] = smooth
    ? [
        { label: 'raw', color: palette.blue, width: 1, alpha: 0.35, dash: [], fill: false, points: false, stats: seriesStats(raw) },
        { label: `smoothed (EMA ${o.smoothing.toFixed(2)})`, color: palette.blue, width: 2, alpha: 1, dash: [], fill: false, points: false, stats: seriesStats(smoothed) },
      ]
    : [{ label: 'raw', color: palette.blue, width: 1.5, alpha: 1, dash: [], fill: false, points: false, stats: seriesStats(raw) }];
  const markers: { x: number; label: string }[] = [];
  for (const m of o.markers ?? []) {
    const x = xAtStep(points, xAt, m.x);
    if (x !== null) markers.push({ x, label: m.label });
  }
  const logY = o.logY && o.metric !== 'accuracy';
  return {
    x: keep.map(xAt),
    ys: logY ? drawn.map(logSafe) : drawn,
    series,
    xLabel: xAxisLabel(o.xMode),
    formatX: (v) => formatX(v, o.xMode),
    yLabel: yLabel(o.metric),
    yKind: o.metric,
    logY,
    markers,
    boundaries: epochBoundaries(points, xAt, o.batchesPerEpoch),
    total: points.length,
  };
}

/** Train, validation (dashed) and test (dotted) per epoch, each in its own colour. */
export function epochPlot(epochs: readonly EpochPoint[], palette: ChartTokens, metric: Metric, logWanted: boolean): LivePlot {
  const { rows, hasValidation, hasTest } = epochSeries(epochs, metric);
  const colors = seriesColors(palette);
  const logY = logWanted && metric !== 'accuracy';
  const line = (label: string, color: string, dash: number[], values: (number | null)[]): [LiveSeries, (number | null)[]] => [
    { label, color, width: 2, alpha: 1, dash, fill: false, points: true, stats: seriesStats(values) },
    logY ? logSafe(values) : values,
  ];
  const lines = [line('train', colors.train, [], rows.map((r) => r.train))];
  if (hasValidation) lines.push(line('validation', colors.validation, [6, 4], rows.map((r) => r.validation)));
  if (hasTest) lines.push(line('test', colors.test, [2, 3], rows.map((r) => r.test)));
  return {
    x: rows.map((r) => r.epoch),
    ys: lines.map((l) => l[1]),
    series: lines.map((l) => l[0]),
    xLabel: 'epoch',
    formatX: (v) => String(v),
    yLabel: yLabel(metric),
    yKind: metric,
    logY,
    markers: [],
    boundaries: [],
    total: rows.length,
  };
}

/** One metric per epoch (the evaluation's history panels): dots on a line, no thinning (one point an epoch). */
export function historyPlot(x: readonly number[], values: readonly (number | null)[], look: { label: string; color: string; dash?: number[]; yLabel: string; yKind: YKind }): LivePlot {
  const col = values.map((v) => finite(v));
  return {
    x: x.slice(),
    ys: [col],
    series: [{ label: look.label, color: look.color, width: 2, alpha: 1, dash: look.dash ?? [], fill: false, points: true, stats: seriesStats(col) }],
    xLabel: 'epoch',
    formatX: (v) => String(v),
    yLabel: look.yLabel,
    yKind: look.yKind,
    logY: false,
    markers: [],
    boundaries: [],
    total: x.length,
  };
}

/** Samples per second per batch, filled, unsmoothed (stalls stay visible). */
export function throughputPlot(points: readonly ThroughputPoint[], palette: ChartTokens, maxPoints: number = MAX_DRAWN_POINTS): LivePlot {
  const col = points.map((p) => finite(p.samplesPerSec));
  const keep = decimateIndices(points.length, [col], maxPoints);
  return {
    x: pick(points.map((p) => p.step), keep),
    ys: [pick(col, keep)],
    series: [{ label: 'samples/s', color: palette.sky, width: 1.5, alpha: 1, dash: [], fill: true, points: false, stats: seriesStats(col) }],
    xLabel: 'batch',
    formatX: (v) => formatX(v, 'step'),
    yLabel: '',
    yKind: 'count',
    logY: false,
    markers: [],
    boundaries: [],
    total: points.length,
  };
}
