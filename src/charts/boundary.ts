/**
 * The decision-boundary painter: pure functions from an engine grid (training/boundaryGrid.ts) to RGBA cell images,
 * plus the canvas drawing that scales them under the data points. No React, no store: Node tests call the pixel
 * functions directly.
 */
import type { Theme } from '../app/themeTokens';
import { categoricalColors } from '../app/themeTokens';
import type { BoundaryGrid } from '../training/boundaryGrid';
import { innerTicks } from './scale';
import { drawAxes, FONT } from './inspect/canvasAxes';
import { linear, type Frame } from './inspect/inspectMath';

export type Rgb = [number, number, number];

export function hexRgb(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h.slice(0, 6);
  const n = Number.parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** How strongly a cell shows its class: faint where the model barely prefers it, strong where it is sure. */
export function classStrength(confidenceByte: number, numClasses: number): number {
  const chance = 1 / Math.max(2, numClasses);
  const t = (confidenceByte / 255 - chance) / (1 - chance);
  return 0.12 + 0.6 * Math.min(1, Math.max(0, t));
}

/**
 * Classification: each cell's class colour blended over the panel by confidence; regression: a ramp over the value.
 * size × size RGBA, top row first (the grid's last row, y1), ready for ImageData.
 */
export function boundaryPixels(grid: BoundaryGrid, classColors: readonly Rgb[], background: Rgb, ramp: [Rgb, Rgb] = [background, classColors[0]]): Uint8ClampedArray {
  const n = grid.size;
  const out = new Uint8ClampedArray(n * n * 4);
  let lo = Infinity;
  let hi = -Infinity;
  if (grid.task === 'regression') {
    for (const v of grid.value) {
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  for (let row = 0; row < n; row++) {
    const outRow = n - 1 - row;
    for (let col = 0; col < n; col++) {
      const i = row * n + col;
      const o = (outRow * n + col) * 4;
      let color: Rgb;
      let k: number;
      if (grid.task === 'classification') {
        color = classColors[grid.label[i] % classColors.length];
        k = classStrength(grid.confidence[i], grid.numClasses);
        out[o] = background[0] + (color[0] - background[0]) * k;
        out[o + 1] = background[1] + (color[1] - background[1]) * k;
        out[o + 2] = background[2] + (color[2] - background[2]) * k;
      } else {
        const v = grid.value[i];
        k = hi > lo && Number.isFinite(v) ? (v - lo) / (hi - lo) : 0;
        out[o] = ramp[0][0] + (ramp[1][0] - ramp[0][0]) * k;
        out[o + 1] = ramp[0][1] + (ramp[1][1] - ramp[0][1]) * k;
        out[o + 2] = ramp[0][2] + (ramp[1][2] - ramp[0][2]) * k;
      }
      out[o + 3] = 255;
    }
  }
  return out;
}

/**
 * The uncertainty layer's mask: alpha = normalised entropy (0 where the model is sure, full where every class is
 * equally likely), with low entropy suppressed so the shading marks the unsure bands rather than tinting everything.
 * size × size RGBA, top row first.
 */
export function uncertaintyMask(grid: BoundaryGrid, color: Rgb = [0, 0, 0], floor = 0.35): Uint8ClampedArray {
  const n = grid.size;
  const out = new Uint8ClampedArray(n * n * 4);
  if (grid.task !== 'classification') return out;
  for (let row = 0; row < n; row++) {
    const outRow = n - 1 - row;
    for (let col = 0; col < n; col++) {
      const u = grid.uncertainty[row * n + col] / 255;
      const o = (outRow * n + col) * 4;
      out[o] = color[0];
      out[o + 1] = color[1];
      out[o + 2] = color[2];
      const t = Math.min(1, Math.max(0, (u - floor) / (1 - floor)));
      out[o + 3] = Math.round(255 * t * t);
    }
  }
  return out;
}

/** Share of the plane where the model is unsure: normalised entropy above 0.8 (two classes: top probability below ~0.75). */
export function unsureShare(grid: BoundaryGrid): number {
  if (grid.task !== 'classification' || grid.uncertainty.length === 0) return 0;
  let k = 0;
  for (const u of grid.uncertainty) if (u > 204) k++;
  return k / grid.uncertainty.length;
}

/** Every k-th point so at most `max` are drawn. */
export function pointStride(count: number, max = 2000): number {
  return Math.max(1, Math.ceil(count / max));
}

export interface BoundaryPoints {
  /** Raw inputs, `dims` per example (2 when absent); the grid's features pick the two plotted. */
  x: Float32Array | Uint8Array;
  dims?: number;
  /** Class per example (classification), or null. */
  y: ArrayLike<number> | null;
  count: number;
  indices: ArrayLike<number> | null;
}

export interface BoundaryDraw {
  grid: BoundaryGrid;
  points: BoundaryPoints | null;
  xLabel: string;
  yLabel: string;
  showUncertainty: boolean;
  theme: Theme;
  width: number;
  height: number;
}

/** The point of the plane (raw units) under a canvas position, or null outside the plot area. */
export function planeAt(grid: Pick<BoundaryGrid, 'x0' | 'x1' | 'y0' | 'y1'>, width: number, height: number, px: number, py: number): { x: number; y: number } | null {
  const f = boundaryFrame(width, height);
  if (px < f.left || px > f.right || py < f.top || py > f.bottom) return null;
  return { x: grid.x0 + ((px - f.left) / (f.right - f.left)) * (grid.x1 - grid.x0), y: grid.y1 - ((py - f.top) / (f.bottom - f.top)) * (grid.y1 - grid.y0) };
}

/** The plot area: square (both inputs at the same scale reads right for points in a plane), left of any spare width. */
export function boundaryFrame(width: number, height: number): Frame {
  const side = Math.max(10, Math.min(width - 52, height - 42));
  return { left: 44, right: 44 + side, top: 8, bottom: 8 + side };
}

/** A 45° hatch with the ink colour, `spacing` px apart: the uncertainty layer's texture. */
function hatch(ctx: CanvasRenderingContext2D, frame: Frame, color: string, spacing = 6): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const h = frame.bottom - frame.top;
  for (let x = frame.left - h; x < frame.right; x += spacing) {
    ctx.moveTo(x, frame.bottom);
    ctx.lineTo(x + h, frame.top);
  }
  ctx.stroke();
  ctx.restore();
}

/** Draws the whole card picture: heat map, optional uncertainty hatch, points, axes. `scratch` canvases are reused. */
export function drawBoundary(ctx: CanvasRenderingContext2D, d: BoundaryDraw, scratch: { cells: HTMLCanvasElement; shade: HTMLCanvasElement }): void {
  const { grid, theme, width, height } = d;
  const c = theme.chart;
  const frame = boundaryFrame(width, height);
  const fw = frame.right - frame.left;
  const fh = frame.bottom - frame.top;
  ctx.clearRect(0, 0, width, height);
  const colors = categoricalColors(c).map(hexRgb);
  const bg = hexRgb(theme.ui.panel);
  const n = grid.size;
  const cells = scratch.cells;
  cells.width = n;
  cells.height = n;
  const cctx = cells.getContext('2d');
  if (!cctx) return;
  cctx.putImageData(new ImageData(boundaryPixels(grid, colors, bg, [hexRgb(c['heat-from']), hexRgb(c['heat-to'])]) as Uint8ClampedArray<ArrayBuffer>, n, n), 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(cells, frame.left, frame.top, fw, fh);
  ctx.restore();

  if (d.showUncertainty && grid.task === 'classification') {
    // Hatch and a grey wash, kept only where the mask (entropy) says: drawn on a scratch canvas, then over the map.
    const shade = scratch.shade;
    // The same device-pixel scale as the target, so the hatch stays crisp on high-DPI screens.
    const k = ctx.getTransform().a || 1;
    shade.width = Math.max(1, Math.round(width * k));
    shade.height = Math.max(1, Math.round(height * k));
    const sctx = shade.getContext('2d');
    if (sctx) {
      sctx.setTransform(k, 0, 0, k, 0, 0);
      sctx.clearRect(0, 0, width, height);
      sctx.fillStyle = c.grey;
      sctx.globalAlpha = 0.4;
      sctx.fillRect(frame.left, frame.top, fw, fh);
      sctx.globalAlpha = 1;
      hatch(sctx, frame, c.ink);
      cctx.putImageData(new ImageData(uncertaintyMask(grid) as Uint8ClampedArray<ArrayBuffer>, n, n), 0, 0);
      sctx.globalCompositeOperation = 'destination-in';
      sctx.imageSmoothingEnabled = true;
      sctx.drawImage(cells, frame.left, frame.top, fw, fh);
      sctx.globalCompositeOperation = 'source-over';
      ctx.globalAlpha = 0.8;
      ctx.drawImage(shade, 0, 0, width, height);
      ctx.globalAlpha = 1;
    }
  }

  const sx = linear([grid.x0, grid.x1], [frame.left, frame.right]);
  const sy = linear([grid.y0, grid.y1], [frame.bottom, frame.top]);
  const p = d.points;
  if (p) {
    const total = p.indices ? p.indices.length : p.count;
    const stride = pointStride(total);
    const r = total > 1000 ? 2.2 : 3;
    const dims = p.dims ?? 2;
    const [fa, fb] = grid.features ?? [0, 1];
    ctx.lineWidth = 1;
    ctx.strokeStyle = theme.ui.panel;
    for (let k = 0; k < total; k += stride) {
      const i = p.indices ? p.indices[k] : k;
      const px = sx(p.x[dims * i + fa]);
      const py = sy(p.x[dims * i + fb]);
      if (!(px >= frame.left && px <= frame.right && py >= frame.top && py <= frame.bottom)) continue;
      ctx.beginPath();
      ctx.arc(px, py, r, 0, Math.PI * 2);
      ctx.fillStyle = p.y && grid.task === 'classification' ? categoricalColors(c)[p.y[i] % 8] : c.ink;
      ctx.fill();
      ctx.stroke();
    }
  }

  ctx.font = FONT;
  drawAxes(
    ctx,
    {
      frame,
      x: { domain: [grid.x0, grid.x1], ticks: innerTicks(grid.x0, grid.x1, 6) },
      y: { domain: [grid.y0, grid.y1], ticks: innerTicks(grid.y0, grid.y1, 5) },
      xLabel: d.xLabel,
      yLabel: d.yLabel,
      formatX: tick,
      formatY: tick,
      xGrid: false,
    },
    undefined,
    theme,
  );
}

function tick(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toPrecision(2) : String(Number(v.toFixed(2)));
}
