/**
 * Data types shared by the live charts and their pure row builders (series.ts). Kept here so series.ts no longer
 * imports BatchChart/EpochChart, which import series.ts (the old import cycle).
 */

/** What a chart plots: the loss, or the task's metric (accuracy for classification, mean absolute error for regression). */
export type Metric = 'loss' | 'accuracy' | 'mae';

/** One training batch; metric is accuracy (a 0..1 fraction) or mean absolute error, by task. */
export interface BatchPoint {
  step: number;
  loss: number;
  metric: number;
  /** 1-based epoch of the batch; absent in batches restored from older records (then step / batches per epoch). */
  epoch?: number;
  /** Training time since the run started, at the batch's read-back (ms, pauses excluded); absent in older records. */
  timeMs?: number;
}

export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  trainMetric: number;
  valLoss: number | null;
  valMetric: number | null;
  testMetric?: number | null;
}

export interface ThroughputPoint {
  step: number;
  samplesPerSec: number;
}

/** A series' last, lowest and highest finite value (null when it has none), for the legends. */
export interface SeriesStats {
  last: number | null;
  min: number | null;
  max: number | null;
}
