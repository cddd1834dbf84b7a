/** Number formatting shared by tooltips, captions and cell titles, so every chart reads the same. */
import type { Metric } from './chartTypes';

/** `value` is already scaled (accuracy in percent). */
export function formatMetric(value: number, metric: Metric): string {
  if (!Number.isFinite(value)) return String(value);
  return metric === 'accuracy' ? `${value.toFixed(1)}%` : value.toFixed(4);
}

/** 0..1 fraction → "93.1%". */
export function formatPercent(fraction: number, decimals = 1): string {
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/** Fixed locale so output (and tests) do not depend on the machine's settings. */
export { formatCount } from '../core/numberFormat';

/** Axis ticks: 1500 → "1.5k", 2000 → "2k", 500 → "500". */
export function compactCount(v: number): string {
  if (Math.abs(v) >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}
