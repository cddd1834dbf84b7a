/** Pure inspection maths (no tfjs, no DOM): safe to import from the training worker and from Node tests. */
export { type Interval, type WilsonResult, Z95, wilsonCI, wilsonInterval } from './intervalMath';
export {
  type ClassStats,
  type ConfusedPair,
  type MacroStats,
  type PerClassResult,
  confusedPairs,
  perClassStats,
} from './classStatsMath';
export {
  type CalibrationBin,
  type CalibrationResult,
  type ConfidenceHistogram,
  calibration,
  confidenceHistogram,
} from './calibrationMath';
export { type McSummary, type RowStats, entropy, mcSummary, rowStats } from './uncertaintyMath';
export {
  type Histogram,
  type ResidualBandBin,
  binnedResidualBand,
  histogram,
  quantile,
  residualQuantiles,
} from './regressionMath';
export { type EpochEvaluationSummary, summarizeEpochEvaluation } from './epochMath';
