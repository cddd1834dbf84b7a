/**
 * uPlot options for a live chart: the theme's colours, the y range rule, log scale, drag-to-zoom, cursor sync and a
 * draw hook for learning-rate markers and epoch lines. Rebuilt only when the chart's shape changes (shapeKey); the
 * data goes in through setData.
 */
import type uPlot from 'uplot';
import type { ChartTokens } from '../../app/themeTokens';
import { formatTick, yRange, type LivePlot } from './liveData';

const FONT = '11px system-ui, sans-serif';

/** "#0072b2" at alpha 0.35 → "rgba(0, 114, 178, 0.35)" (canvas strokes need the alpha in the colour). */
export function withAlpha(hex: string, alpha: number): string {
  if (alpha >= 1) return hex;
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** What forces a new uPlot instance (series count and look, scales, axes); anything else is a setData. */
export function shapeKey(plot: LivePlot, palette: ChartTokens, extra: string): string {
  const series = plot.series.map((s) => `${s.color}/${s.width}/${s.alpha}/${s.dash.join(',')}/${s.fill}/${s.points}`).join('|');
  return [series, plot.logY, plot.xLabel, plot.yLabel, plot.yKind, palette['axis-text'], palette.grid, extra].join(';');
}

/** Where a marker's label goes: right of its line, or left of it when it would run past the plot's right edge. */
export function markerLabelX(lineX: number, textWidth: number, right: number, left: number): { x: number; align: 'left' | 'right' } {
  if (lineX + 3 + textWidth <= right) return { x: lineX + 3, align: 'left' };
  if (lineX - 3 - textWidth >= left) return { x: lineX - 3, align: 'right' };
  return { x: right, align: 'right' };
}

/** Draws epoch lines (faint, labelled sparsely at the bottom) and learning-rate markers (dashed, labelled on top). */
export function drawOverlays(u: uPlot, plot: LivePlot, palette: ChartTokens, pxRatio: number): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const right = left + width;
  const bottom = top + height;
  ctx.save();
  ctx.font = FONT.replace('11px', `${Math.round(10 * pxRatio)}px`);
  ctx.lineWidth = pxRatio;
  let lastLabel = -Infinity;
  let lastLine = -Infinity;
  for (const b of plot.boundaries) {
    const x = Math.round(u.valToPos(b.x, 'x', true)) + 0.5;
    if (x < left || x > right) continue;
    // At least 24 px apart: forty short epochs would otherwise hatch the plot and hide the curve.
    if (x - lastLine < 24 * pxRatio) continue;
    lastLine = x;
    ctx.strokeStyle = palette['axis-line'];
    ctx.globalAlpha = 0.45;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.globalAlpha = 1;
    // Sparse labels: one per 70 px at most, so many short epochs do not print over each other.
    const w = ctx.measureText(b.label).width;
    if (x - lastLabel >= 70 * pxRatio && x + 3 * pxRatio + w <= right) {
      ctx.fillStyle = palette['axis-text'];
      ctx.textAlign = 'left';
      ctx.textBaseline = 'bottom';
      // A halo in the chart's background colour keeps the label readable over a curve that runs along the bottom.
      ctx.strokeStyle = palette['heat-from'];
      ctx.lineWidth = 3 * pxRatio;
      ctx.strokeText(b.label, x + 3 * pxRatio, bottom - 3 * pxRatio);
      ctx.lineWidth = pxRatio;
      ctx.fillText(b.label, x + 3 * pxRatio, bottom - 3 * pxRatio);
      lastLabel = x;
    }
  }
  for (const m of plot.markers) {
    const x = Math.round(u.valToPos(m.x, 'x', true)) + 0.5;
    if (x < left || x > right) continue;
    ctx.strokeStyle = palette.purple;
    ctx.setLineDash([4 * pxRatio, 3 * pxRatio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    const at = markerLabelX(x, ctx.measureText(m.label).width, right, left);
    ctx.fillStyle = palette.purple;
    ctx.textAlign = at.align;
    ctx.textBaseline = 'bottom';
    ctx.fillText(m.label, at.x, top - 2 * pxRatio);
  }
  ctx.restore();
}

export interface LiveOptionHooks {
  /** The latest plot (markers, formats), read at draw time so new data needs no new options. */
  plot: () => LivePlot;
  onCursor: (u: uPlot) => void;
  onScale: (u: uPlot) => void;
}

export function liveOptions(plot: LivePlot, palette: ChartTokens, o: { width: number; height: number; syncKey: string | null; pxRatio: number }, hooks: LiveOptionHooks): uPlot.Options {
  const axis = (label: string, values: (v: number) => string, size?: number): uPlot.Axis => ({
    stroke: palette['axis-text'],
    font: FONT,
    labelFont: FONT,
    label,
    labelSize: label ? 14 : 0,
    labelGap: 0,
    // An explicit undefined would replace uPlot's default size (and collapse the axis).
    ...(size !== undefined ? { size } : {}),
    gap: 4,
    grid: { stroke: palette.grid, width: 1, dash: [3, 3] },
    ticks: { stroke: palette['axis-line'], width: 1, size: 4 },
    values: (_u, splits) => splits.map(values),
  });
  const kind = plot.yKind;
  return {
    width: o.width,
    height: o.height,
    // The room on top is for the learning-rate labels.
    padding: [plot.markers.length || plot.yKind !== 'count' ? 16 : 8, 12, 0, 0],
    legend: { show: false },
    cursor: {
      drag: { x: true, y: false, setScale: true },
      points: { size: 7, width: 1.5 },
      sync: o.syncKey ? { key: o.syncKey, setSeries: false } : undefined,
    },
    scales: {
      x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
      y: plot.logY
        ? { distr: 3, log: 10, range: (_u, min, max) => yRange(min, max, kind, true) }
        : { range: (_u, min, max) => yRange(min, max, kind, false) },
    },
    axes: [
      { ...axis(plot.xLabel, (v) => hooks.plot().formatX(v), 26), labelSize: 14 },
      axis(plot.yLabel, (v) => formatTick(v, kind), 52),
    ],
    series: [
      {},
      ...plot.series.map(
        (s): uPlot.Series => ({
          label: s.label,
          stroke: withAlpha(s.color, s.alpha),
          width: s.width,
          dash: s.dash.length ? s.dash : undefined,
          fill: s.fill ? withAlpha(s.color, 0.25) : undefined,
          spanGaps: false,
          points: { show: s.points, size: 6, fill: s.color, stroke: s.color },
        }),
      ),
    ],
    hooks: {
      draw: [(u) => drawOverlays(u, hooks.plot(), palette, o.pxRatio)],
      setCursor: [hooks.onCursor],
      setScale: [(u, key) => key === 'x' && hooks.onScale(u)],
    },
  };
}
