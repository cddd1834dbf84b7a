/** Settings shared by the line charts, so they look alike and scale alike. */
import { niceScale, type NiceScale } from './scale';
import type { Metric } from './chartTypes';

/** Bottom room for the x-axis caption; the legend sits on top. */
export const CHART_MARGIN = { top: 4, right: 12, bottom: 14, left: 4 } as const;

export const AXIS_TICK = { fontSize: 11 } as const;

export function yLabel(metric: Metric): string {
  return metric === 'accuracy' ? 'accuracy (%)' : metric === 'mae' ? 'mean abs. error' : 'loss';
}

/**
 * Loss axes start at 0; accuracy axes end at 100 % and start at a nice value below the lowest
 * point, so late-training differences (97 % vs 99 %) stay visible without hiding a poor start.
 */
export function metricScale(values: Iterable<number | null>, metric: Metric): NiceScale {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (min > max) return metric === 'accuracy' ? niceScale(0, 100) : niceScale(0, 1);
  return metric === 'accuracy' ? niceScale(Math.min(min, 99), 100) : niceScale(Math.min(0, min), max);
}

/** Legend and tooltip follow this order rather than recharts' alphabetical default. */
const SERIES_ORDER = ['raw', 'smoothed', 'train', 'validation', 'test'];

export function bySeriesOrder(item: { dataKey?: unknown }): number {
  return SERIES_ORDER.indexOf(String(item.dataKey));
}
