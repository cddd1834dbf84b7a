/**
 * Turns chart props into recharts rows. Pure so the thinning/smoothing rules are unit-tested.
 */
import type { BatchPoint } from './BatchChart';
import type { EpochPoint } from './EpochChart';
import { downsample, emaSmooth } from './smoothing';

/** Drawing more SVG points than this costs frames without adding visible detail. */
export const MAX_CHART_POINTS = 400;

/** What a chart plots: the loss, or the task's metric (accuracy for classification, mean absolute error for regression). */
export type Metric = 'loss' | 'accuracy' | 'mae';

/** Accuracy arrives as 0..1 and is charted as percent; loss is charted as is. */
export function scaleMetric(value: number, metric: Metric): number {
  return metric === 'accuracy' ? value * 100 : value;
}

/** recharts draws a gap for null but garbles the path on NaN/Infinity. */
function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export interface BatchRow {
  step: number;
  raw: number | null;
  smoothed: number | null;
}

/** Smooths over every batch first (so the curve does not depend on zoom), then thins both series alike. */
export function batchRows(
  points: readonly BatchPoint[],
  metric: Metric,
  smoothing: number,
  maxPoints: number = MAX_CHART_POINTS,
): BatchRow[] {
  const raw = points.map((p) => scaleMetric(metric === 'loss' ? p.loss : p.metric, metric));
  const smoothed = emaSmooth(raw, smoothing);
  const rows = points.map((p, i) => ({
    step: p.step,
    raw: finiteOrNull(raw[i]),
    smoothed: finiteOrNull(smoothed[i]),
  }));
  return downsample(rows, maxPoints);
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

export interface ThroughputRow {
  step: number;
  samplesPerSec: number | null;
}

export function throughputRows(
  points: readonly { step: number; samplesPerSec: number }[],
  maxPoints: number = MAX_CHART_POINTS,
): ThroughputRow[] {
  return downsample(
    points.map((p) => ({ step: p.step, samplesPerSec: finiteOrNull(p.samplesPerSec) })),
    maxPoints,
  );
}
