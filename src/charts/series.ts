/**
 * Chart props to plotted values: metric scaling, legend stats, epoch rows. Pure; the live charts' thinning and
 * smoothing live in live/liveData.ts.
 */
import type { EpochPoint, Metric, SeriesStats } from './chartTypes';

export type { Metric } from './chartTypes';

/** Accuracy arrives as 0..1 and is charted as percent; loss is charted as is. */
export function scaleMetric(value: number, metric: Metric): number {
  return metric === 'accuracy' ? value * 100 : value;
}

/** Charts draw a gap for null; NaN/Infinity would garble the line. */
function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Last, min and max of the finite values (over every point, not the thinned ones the chart draws). */
export function seriesStats(values: readonly (number | null | undefined)[]): SeriesStats {
  let last: number | null = null;
  let min: number | null = null;
  let max: number | null = null;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    last = v;
    if (min === null || v < min) min = v;
    if (max === null || v > max) max = v;
  }
  return { last, min, max };
}

/** A learning-rate marker's label: "lr → 1e-3", "lr → 0.01", "lr → 3.5e-4" — short enough never to be cut off. */
export function formatLearningRate(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  if (lr === 0) return '0';
  const abs = Math.abs(lr);
  if (abs >= 0.01 && abs < 1000) return String(Number(lr.toPrecision(3)));
  const [m, e] = lr.toExponential(2).split('e');
  return `${Number(m)}e${Number(e)}`;
}

export interface EpochRow {
  epoch: number;
  train: number | null;
  validation: number | null;
  test: number | null;
}

export interface EpochSeries {
  rows: EpochRow[];
  /** Whether any epoch has a finite value, so empty series stay out of the legend. */
  hasValidation: boolean;
  hasTest: boolean;
}

/** The test score is the task's metric, so it is never produced for the loss chart. */
export function epochSeries(epochs: readonly EpochPoint[], metric: Metric): EpochSeries {
  const scaled = (v: number | null | undefined) => {
    const f = finiteOrNull(v);
    return f === null ? null : scaleMetric(f, metric);
  };
  const rows = epochs.map((e) => ({
    epoch: e.epoch,
    train: scaled(metric === 'loss' ? e.trainLoss : e.trainMetric),
    validation: scaled(metric === 'loss' ? e.valLoss : e.valMetric),
    test: metric !== 'loss' ? scaled(e.testMetric) : null,
  }));
  return {
    rows,
    hasValidation: rows.some((r) => r.validation !== null),
    hasTest: rows.some((r) => r.test !== null),
  };
}
