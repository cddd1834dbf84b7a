/**
 * Pure helpers behind the inspection charts: rows for recharts, extents, colour maps and image
 * buffers. No DOM, no React, so every rule is unit-tested.
 */
import { PALETTE } from '../../core/palette';

// ---------------------------------------------------------------- numbers and text

export function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Fraction → "93.1 %" (a thin space would not survive CSV; a normal space reads fine). */
export function formatPct(fraction: number, decimals = 1): string {
  return finite(fraction) ? `${(fraction * 100).toFixed(decimals)} %` : '–';
}

/** A value for tooltips and captions: 4 significant digits, no exponent for ordinary sizes. */
export function formatValue(v: number): string {
  if (!finite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

export function classLabel(classNames: readonly string[], i: number): string {
  return classNames[i] ?? String(i);
}

/** [min, max] of the finite values, or null when there are none. */
export function finiteExtent(...arrays: ArrayLike<number>[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Largest |v| over the finite values (0 when none). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (Number.isFinite(a) && a > m) m = a;
  }
  return m;
}

/** Index of the largest finite value (first wins ties), -1 when none. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]) && (best < 0 || values[i] > values[best])) best = i;
  }
  return best;
}

/**
 * recharts ErrorBar offsets for an interval: [value − low, high − value], never negative (a
 * rounding-level inversion would otherwise draw the whisker upside down). null when unknown.
 */
export function errorOffsets(value: number | null, low: number | null | undefined, high: number | null | undefined): [number, number] | null {
  if (!finite(value) || !finite(low) || !finite(high)) return null;
  return [Math.max(0, value - low), Math.max(0, high - value)];
}

// ---------------------------------------------------------------- histograms

export interface BinRow {
  lo: number;
  hi: number;
  mid: number;
  count: number;
}

/** One row per bin from n + 1 edges and n counts (extra counts are ignored, missing ones read 0). */
export function binRows(edges: readonly number[], counts: ArrayLike<number>): BinRow[] {
  const rows: BinRow[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i];
    const hi = edges[i + 1];
    if (!finite(lo) || !finite(hi)) continue;
    const c = i < counts.length ? counts[i] : 0;
    rows.push({ lo, hi, mid: (lo + hi) / 2, count: finite(c) ? c : 0 });
  }
  return rows;
}

export function totalCount(counts: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) if (finite(counts[i])) s += counts[i];
  return s;
}

// ---------------------------------------------------------------- colour maps

export type Rgb = readonly [number, number, number];

export function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function rgba(hex: string, alpha: number): string {
  const [r, g, b] = hexToRgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

const NEG = hexToRgb(PALETTE.orange);
const POS = hexToRgb(PALETTE.blue);

/**
 * Diverging map for signed weights: −scale → Okabe–Ito orange, 0 → white, +scale → Okabe–Ito
 * blue, linear in between and clamped beyond. Blue/orange stays distinguishable for the common
 * colour-vision deficiencies. A zero or non-finite scale gives white.
 */
export function divergingRgb(v: number, scale: number): Rgb {
  if (!finite(v) || !finite(scale) || scale <= 0) return [255, 255, 255];
  const t = Math.max(-1, Math.min(1, v / scale));
  const end = t < 0 ? NEG : POS;
  const k = Math.abs(t);
  return [
    Math.round(255 + (end[0] - 255) * k),
    Math.round(255 + (end[1] - 255) * k),
    Math.round(255 + (end[2] - 255) * k),
  ];
}

// ---------------------------------------------------------------- image buffers

export interface MapShape {
  h: number;
  w: number;
  c: number;
}

/**
 * [h, w, c] from a layer output shape: a leading batch dimension of 1 is dropped ([1, h, w, c]),
 * [h, w] reads as one channel. null for anything else or a non-positive size.
 */
export function mapShape(shape: readonly number[]): MapShape | null {
  let s = [...shape];
  if (s.length === 4 && s[0] === 1) s = s.slice(1);
  if (s.length === 2) s = [s[0], s[1], 1];
  if (s.length !== 3 || !s.every((d) => Number.isInteger(d) && d > 0)) return null;
  return { h: s[0], w: s[1], c: s[2] };
}

export interface GrayMap {
  channel: number;
  /** RGBA, h × w × 4, for ImageData. */
  rgba: Uint8ClampedArray;
  min: number;
  max: number;
}

/**
 * Channel `channel` of an HWC tensor as a grayscale image, min–max normalised within the map
 * (black = the map's minimum, white = its maximum). A constant map is drawn black; non-finite
 * values are drawn in the palette's vermillion so they stand out.
 */
export function grayChannel(values: ArrayLike<number>, { h, w, c }: MapShape, channel: number): GrayMap {
  const n = h * w;
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < n; p++) {
    const v = values[p * c + channel];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  const rgbaOut = new Uint8ClampedArray(n * 4);
  const bad = hexToRgb(PALETTE.vermillion);
  for (let p = 0; p < n; p++) {
    const v = values[p * c + channel];
    const o = p * 4;
    if (!Number.isFinite(v)) {
      rgbaOut[o] = bad[0];
      rgbaOut[o + 1] = bad[1];
      rgbaOut[o + 2] = bad[2];
    } else {
      const g = span > 0 ? Math.round(((v - min) / span) * 255) : 0;
      rgbaOut[o] = g;
      rgbaOut[o + 1] = g;
      rgbaOut[o + 2] = g;
    }
    rgbaOut[o + 3] = 255;
  }
  return { channel, rgba: rgbaOut, min: min <= max ? min : 0, max: min <= max ? max : 0 };
}

/** Index of kernel[y][x][in][out] in a flat tfjs conv2d kernel of shape [kh, kw, inC, outC]. */
export function kernelIndex(size: readonly [number, number, number, number], y: number, x: number, input: number, output: number): number {
  const [, kw, inC, outC] = size;
  return ((y * kw + x) * inC + input) * outC + output;
}

/** One filter slice (output `output`, input channel `input`) as RGBA through the diverging map. */
export function kernelRgba(kernel: ArrayLike<number>, size: readonly [number, number, number, number], output: number, input: number, scale: number): Uint8ClampedArray {
  const [kh, kw] = size;
  const out = new Uint8ClampedArray(kh * kw * 4);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      const [r, g, b] = divergingRgb(kernel[kernelIndex(size, y, x, input, output)], scale);
      const o = (y * kw + x) * 4;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
  }
  return out;
}

/**
 * CSS pixels per data pixel for a small image tile: a whole number so pixels stay square and
 * crisp, aiming at about `target` px on the long side (large maps shrink to `target`).
 */
export function tileScale(h: number, w: number, target = 64): number {
  const long = Math.max(h, w, 1);
  return long >= target ? target / long : Math.max(1, Math.floor(target / long));
}

// ---------------------------------------------------------------- activations

export interface ActivationStats {
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Share of units at or below zero (inactive after ReLU). */
  inactive: number;
  argmax: number;
}

export function activationStats(values: ArrayLike<number>): ActivationStats | null {
  let n = 0;
  let sum = 0;
  let inactive = 0;
  let min = Infinity;
  let max = -Infinity;
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
    if (v <= 0) inactive++;
    if (v < min) min = v;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  return n === 0 ? null : { n, min, max, mean: sum / n, inactive: inactive / n, argmax: best };
}

// ---------------------------------------------------------------- plotting geometry

export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Data → pixel along one axis (pixel range may run backwards, as y does). */
export function linear(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 !== d0 ? (r1 - r0) / (d1 - d0) : 0;
  return (v) => r0 + (v - d0) * k;
}

/** Index of the point nearest (px, py) within `radius` pixels, or -1. Linear scan: 100k points ≈ 1 ms. */
export function nearestPoint(xs: ArrayLike<number>, ys: ArrayLike<number>, px: number, py: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - px;
    const dy = ys[i] - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Every k-th index so that at most `max` remain (first kept); deterministic, so charts do not flicker. */
export function strideIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = n / max;
  return Array.from({ length: max }, (_, i) => Math.floor(i * step));
}

// ---------------------------------------------------------------- legend layout

export type LegendKind = 'box' | 'pale-box' | 'outline' | 'line' | 'dashed' | 'dot' | 'whisker' | 'thin-whisker' | 'band';

export interface LegendItem {
  label: string;
  color: string;
  kind: LegendKind;
}

export interface PlacedLegendItem extends LegendItem {
  x: number;
  y: number;
}

export const LEGEND_ROW = 16;
const SWATCH = 14;
const GAP = 14;

/** Rough width of 11 px system-ui text when nothing can measure it (server render, tests). */
export function estimateTextWidth(text: string): number {
  return text.length * 6.1;
}

/**
 * Places legend items left to right from `left`, wrapping before `width`; y is each row's
 * middle. `height` is the room the legend needs above the plot.
 */
export function legendLayout(
  items: readonly LegendItem[],
  width: number,
  left: number,
  measure: (text: string) => number = estimateTextWidth,
): { items: PlacedLegendItem[]; height: number } {
  const placed: PlacedLegendItem[] = [];
  let x = left;
  let row = 0;
  for (const item of items) {
    const w = SWATCH + 4 + measure(item.label);
    if (x > left && width > 0 && x + w > width) {
      row++;
      x = left;
    }
    placed.push({ ...item, x, y: 8 + row * LEGEND_ROW });
    x += w + GAP;
  }
  return { items: placed, height: items.length === 0 ? 0 : (row + 1) * LEGEND_ROW + 4 };
}

// ---------------------------------------------------------------- regression

/** The (actual, predicted) pairs where both are finite. */
export function finitePairs(actual: ArrayLike<number>, predicted: ArrayLike<number>): { xs: Float64Array; ys: Float64Array } {
  const n = Math.min(actual.length, predicted.length);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(actual[i]) && Number.isFinite(predicted[i])) {
      xs[k] = actual[i];
      ys[k] = predicted[i];
      k++;
    }
  }
  return { xs: xs.subarray(0, k), ys: ys.subarray(0, k) };
}

export interface RegressionSummary {
  n: number;
  rmse: number;
  mae: number;
  /** Coefficient of determination, 1 − SS_res / SS_tot (NaN when the targets are constant). */
  r2: number;
}

export function regressionSummary(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionSummary | null {
  const { xs, ys } = finitePairs(actual, predicted);
  const n = xs.length;
  if (n === 0) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i];
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    const e = ys[i] - xs[i];
    ssRes += e * e;
    abs += Math.abs(e);
    ssTot += (xs[i] - mean) ** 2;
  }
  return { n, rmse: Math.sqrt(ssRes / n), mae: abs / n, r2: ssTot > 0 ? 1 - ssRes / ssTot : Number.NaN };
}
