/** Axes, grid and captions for the inspection charts drawn on canvas (scatter, activations). */
import { THEMES, type Theme } from '../../app/themeTokens';
import type { NiceScale } from '../scale';
import { linear, type Frame } from './inspectMath';

export const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export interface CanvasAxes {
  frame: Frame;
  x: NiceScale;
  y: NiceScale;
  xLabel: string;
  yLabel: string;
  formatX: (v: number) => string;
  formatY: (v: number) => string;
  /** Draw x ticks and vertical grid lines (off for bar plots over unit indices). */
  xGrid?: boolean;
}

export function scales(a: Pick<CanvasAxes, 'frame' | 'x' | 'y'>) {
  return {
    sx: linear(a.x.domain, [a.frame.left, a.frame.right]),
    sy: linear(a.y.domain, [a.frame.bottom, a.frame.top]),
  };
}

/** `theme`: the colours to draw in (canvases cannot read CSS variables; see useThemeTokens). */
export function drawAxes(ctx: CanvasRenderingContext2D, a: CanvasAxes, xTicks: readonly number[] = a.x.ticks, theme: Theme = THEMES.light): void {
  const { frame } = a;
  const c = theme.chart;
  const { sx, sy } = scales(a);
  ctx.font = FONT;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.strokeStyle = c.grid;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of a.y.ticks) {
    const y = Math.round(sy(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(frame.left, y);
    ctx.lineTo(frame.right, y);
    ctx.stroke();
  }
  if (a.xGrid !== false) {
    for (const t of xTicks) {
      const x = Math.round(sx(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, frame.top);
      ctx.lineTo(x, frame.bottom);
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
  ctx.fillStyle = c['axis-text'];
  for (const t of a.y.ticks) ctx.fillText(a.formatY(t), frame.left - 6, sy(t));
  ctx.strokeStyle = c['axis-line'];
  ctx.beginPath();
  ctx.moveTo(frame.left + 0.5, frame.top);
  ctx.lineTo(frame.left + 0.5, frame.bottom + 0.5);
  ctx.lineTo(frame.right, frame.bottom + 0.5);
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of xTicks) {
    const x = Math.round(sx(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, frame.bottom);
    ctx.lineTo(x, frame.bottom + 4);
    ctx.stroke();
    ctx.fillText(a.formatX(t), x, frame.bottom + 6);
  }
  ctx.fillText(a.xLabel, (frame.left + frame.right) / 2, frame.bottom + 20);
  ctx.save();
  ctx.translate(10, (frame.top + frame.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(a.yLabel, 0, 0);
  ctx.restore();
}

/** A tooltip-coloured box of text lines near (x, y), kept inside the frame. */
export function drawReadout(ctx: CanvasRenderingContext2D, frame: Frame, x: number, y: number, lines: readonly string[], theme: Theme = THEMES.light): void {
  ctx.font = FONT;
  const w = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 12;
  const h = lines.length * 15 + 6;
  const bx = x + w + 10 > frame.right ? x - w - 10 : x + 10;
  const by = Math.min(Math.max(frame.top, y - h - 6), frame.bottom - h);
  ctx.fillStyle = theme.ui['tooltip-bg'];
  ctx.strokeStyle = theme.ui['tooltip-border'];
  ctx.fillRect(bx, by, w, h);
  ctx.strokeRect(bx + 0.5, by + 0.5, w, h);
  ctx.fillStyle = theme.ui['tooltip-text'];
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  lines.forEach((l, i) => ctx.fillText(l, bx + 6, by + 4 + i * 15));
}
