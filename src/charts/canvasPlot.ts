/**
 * Draws a line chart on a 2-D canvas. The live per-batch charts use this instead of SVG: redrawing
 * 1,000 points costs about a millisecond here, where re-rendering an SVG chart through React cost
 * 100–300 ms of main-thread time per update on a 2-core machine (measured with a Chromium trace).
 */
import { THEMES, type Theme } from '../app/themeTokens';
import type { SeriesStats } from './chartTypes';
import type { NiceScale } from './scale';

export interface PlotSeries {
  name: string;
  color: string;
  /** y per x; null leaves a gap. */
  values: readonly (number | null)[];
  width?: number;
  alpha?: number;
  /** Fill the area under the line (at alpha × 0.25). */
  fill?: boolean;
  /** Mark each point with a dot (few points, e.g. one per epoch). */
  dots?: boolean;
  dashed?: boolean;
  /** A custom dash pattern (wins over dashed), e.g. [2, 3] for dotted. */
  dash?: readonly number[];
  /** Last/min/max for the legend, when the drawn values are thinned; computed from values otherwise. */
  stats?: SeriesStats;
  /** Drawn faint in the legend swatch (e.g. the raw series behind its smoothed twin). */
  alphaInLegend?: boolean;
  /** Kept out of the legend (e.g. the faint raw series behind its smoothed twin). */
  hideInLegend?: boolean;
}

export interface PlotSpec {
  x: readonly number[];
  series: readonly PlotSeries[];
  y: NiceScale;
  xTicks: readonly number[];
  xLabel: string;
  yLabel: string;
  formatY: (v: number) => string;
  /** Axis tick labels; defaults to a short number (ticks are round, tooltips need more digits). */
  formatTick?: (v: number) => string;
  /** Vertical markers, e.g. where the learning rate changed. */
  markers?: readonly { x: number; label: string }[];
}

export const PLOT_PAD = { left: 58, right: 12, top: 22, bottom: 34 } as const;

export interface PlotFrame {
  width: number;
  height: number;
  xMin: number;
  xMax: number;
}

export function plotFrame(spec: PlotSpec, width: number, height: number): PlotFrame {
  const xMin = spec.x.length ? spec.x[0] : 0;
  const xMax = spec.x.length ? spec.x[spec.x.length - 1] : 1;
  // A single point (one epoch) sits in the middle rather than on the left edge.
  return xMax > xMin ? { width, height, xMin, xMax } : { width, height, xMin: xMin - 1, xMax: xMin + 1 };
}

export function xToPx(f: PlotFrame, x: number): number {
  return PLOT_PAD.left + ((x - f.xMin) / (f.xMax - f.xMin)) * (f.width - PLOT_PAD.left - PLOT_PAD.right);
}

export function yToPx(f: PlotFrame, spec: PlotSpec, y: number): number {
  const [lo, hi] = spec.y.domain;
  const h = f.height - PLOT_PAD.top - PLOT_PAD.bottom;
  return PLOT_PAD.top + (1 - (y - lo) / (hi - lo || 1)) * h;
}

/** Index of the x value nearest a pixel column (x must be ascending). */
export function nearestIndex(f: PlotFrame, spec: PlotSpec, px: number): number {
  const n = spec.x.length;
  if (n === 0) return -1;
  const target = f.xMin + ((px - PLOT_PAD.left) / (f.width - PLOT_PAD.left - PLOT_PAD.right)) * (f.xMax - f.xMin);
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (spec.x[mid] < target) lo = mid;
    else hi = mid;
  }
  return Math.abs(spec.x[lo] - target) <= Math.abs(spec.x[hi] - target) ? lo : hi;
}

/** The dash pattern a series is drawn (and its legend swatch is drawn) with; [] for solid. */
export function seriesDash(s: Pick<PlotSeries, 'dash' | 'dashed'>): number[] {
  return s.dash ? [...s.dash] : s.dashed ? [6, 4] : [];
}

export interface LegendItem {
  name: string;
  color: string;
  dash: number[];
  alpha: number;
  /** "0.031", "min 0.028", "max 2.41" (empty when the series has no finite value). */
  last: string;
  min: string;
  max: string;
}

/** The legend entries of a plot, in the spec's order, with each series' last · min · max. */
export function legendItems(spec: PlotSpec): LegendItem[] {
  const items: LegendItem[] = [];
  for (const s of spec.series) {
    if (s.hideInLegend) continue;
    let stats = s.stats;
    if (!stats) {
      let last: number | null = null;
      let min: number | null = null;
      let max: number | null = null;
      for (const v of s.values) {
        if (v === null || !Number.isFinite(v)) continue;
        last = v;
        min = min === null ? v : Math.min(min, v);
        max = max === null ? v : Math.max(max, v);
      }
      stats = { last, min, max };
    }
    const f = (v: number | null) => (v === null ? '' : spec.formatY(v));
    items.push({ name: s.name, color: s.color, dash: seriesDash(s), alpha: s.alphaInLegend ? (s.alpha ?? 1) : 1, last: f(stats.last), min: f(stats.min), max: f(stats.max) });
  }
  return items;
}

/** Where a marker's label goes: right of its line, or left of it when it would run past the plot's right edge. */
export function markerLabelX(lineX: number, textWidth: number, right: number, left: number = PLOT_PAD.left): { x: number; align: 'left' | 'right' } {
  if (lineX + 3 + textWidth <= right) return { x: lineX + 3, align: 'left' };
  if (lineX - 3 - textWidth >= left) return { x: lineX - 3, align: 'right' };
  return { x: right, align: 'right' };
}

/** 0.5 → "0.5", 1500 → "1,500", 20 → "20": ticks are nice numbers, so trailing zeros only add noise. */
export function shortNumber(v: number): string {
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(6)));
}

function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Draws the plot in the given theme's colours (the canvas cannot read CSS variables; see useThemeTokens). */
export function drawPlot(ctx: CanvasRenderingContext2D, spec: PlotSpec, f: PlotFrame, hover: number | null, theme: Theme = THEMES.light): void {
  const { width, height } = f;
  const c = theme.chart;
  ctx.clearRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  const right = width - PLOT_PAD.right;
  const bottom = height - PLOT_PAD.bottom;

  // Grid and y ticks.
  let tickWidth = 0;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of spec.y.ticks) {
    const y = Math.round(yToPx(f, spec, t)) + 0.5;
    ctx.strokeStyle = c.grid;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(PLOT_PAD.left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = c['axis-text'];
    const label = (spec.formatTick ?? shortNumber)(t);
    tickWidth = Math.max(tickWidth, ctx.measureText(label).width);
    ctx.fillText(label, PLOT_PAD.left - 6, y);
  }
  // X axis and ticks.
  ctx.strokeStyle = c['axis-line'];
  ctx.beginPath();
  ctx.moveTo(PLOT_PAD.left, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = c['axis-text'];
  for (const t of spec.xTicks) {
    const x = Math.round(xToPx(f, t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 4);
    ctx.stroke();
    ctx.fillText(t.toLocaleString('en-US'), x, bottom + 6);
  }
  ctx.fillText(spec.xLabel, (PLOT_PAD.left + right) / 2, bottom + 20);
  // The rotated y label, only where it clears the tick labels (the card title names the unit otherwise).
  if (spec.yLabel && PLOT_PAD.left - 6 - tickWidth >= 16) {
    ctx.save();
    ctx.translate(Math.min(9, PLOT_PAD.left - 6 - tickWidth - 8), (PLOT_PAD.top + bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(spec.yLabel, 0, 0);
    ctx.restore();
  }

  for (const m of spec.markers ?? []) {
    const x = Math.round(xToPx(f, m.x)) + 0.5;
    ctx.strokeStyle = c.purple;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, PLOT_PAD.top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    // The label sits in the top margin, above the data, and flips left of the line near the right edge.
    const at = markerLabelX(x, ctx.measureText(m.label).width, right);
    ctx.fillStyle = c.purple;
    ctx.textAlign = at.align;
    ctx.textBaseline = 'bottom';
    ctx.fillText(m.label, at.x, PLOT_PAD.top - 2);
  }

  // Series, clipped to the plot area.
  ctx.save();
  ctx.beginPath();
  ctx.rect(PLOT_PAD.left, PLOT_PAD.top - 1, right - PLOT_PAD.left, bottom - PLOT_PAD.top + 2);
  ctx.clip();
  for (const s of spec.series) {
    if (s.fill) {
      ctx.beginPath();
      let started = false;
      let lastX = 0;
      s.values.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) return;
        const x = xToPx(f, spec.x[i]);
        if (!started) ctx.moveTo(x, bottom);
        started = true;
        ctx.lineTo(x, yToPx(f, spec, v));
        lastX = x;
      });
      if (started) {
        ctx.lineTo(lastX, bottom);
        ctx.closePath();
        ctx.fillStyle = withAlpha(s.color, (s.alpha ?? 1) * 0.25);
        ctx.fill();
      }
    }
    ctx.strokeStyle = withAlpha(s.color, s.alpha ?? 1);
    ctx.lineWidth = s.width ?? 1.5;
    ctx.lineJoin = 'round';
    ctx.setLineDash(seriesDash(s));
    ctx.beginPath();
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      const x = xToPx(f, spec.x[i]);
      const y = yToPx(f, spec, v);
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    });
    ctx.stroke();
    ctx.setLineDash([]);
    if (s.dots) {
      ctx.fillStyle = s.color;
      s.values.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) return;
        ctx.beginPath();
        ctx.arc(xToPx(f, spec.x[i]), yToPx(f, spec, v), 3, 0, Math.PI * 2);
        ctx.fill();
      });
    }
  }
  ctx.restore();

  // The legend is HTML above the canvas (CanvasPlot), with each series' last · min · max.

  // Hover crosshair and readout.
  if (hover != null && hover >= 0 && hover < spec.x.length) {
    const x = Math.round(xToPx(f, spec.x[hover])) + 0.5;
    ctx.strokeStyle = c['axis-line'];
    ctx.beginPath();
    ctx.moveTo(x, PLOT_PAD.top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    const lines = [`${spec.xLabel} ${spec.x[hover].toLocaleString('en-US')}`];
    for (const s of spec.series) {
      const v = s.values[hover];
      if (v == null || !Number.isFinite(v)) continue;
      ctx.fillStyle = s.color;
      ctx.beginPath();
      ctx.arc(x, yToPx(f, spec, v), 3, 0, Math.PI * 2);
      ctx.fill();
      lines.push(`${s.name}: ${spec.formatY(v)}`);
    }
    const boxW = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 12;
    const boxH = lines.length * 15 + 6;
    const bx = x + boxW + 8 > right ? x - boxW - 8 : x + 8;
    ctx.fillStyle = theme.ui['tooltip-bg'];
    ctx.strokeStyle = theme.ui['tooltip-border'];
    ctx.fillRect(bx, PLOT_PAD.top, boxW, boxH);
    ctx.strokeRect(bx + 0.5, PLOT_PAD.top + 0.5, boxW, boxH);
    ctx.fillStyle = theme.ui['tooltip-text'];
    ctx.textBaseline = 'top';
    lines.forEach((l, i) => ctx.fillText(l, bx + 6, PLOT_PAD.top + 4 + i * 15));
  }
}
