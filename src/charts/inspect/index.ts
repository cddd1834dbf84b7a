/** Model-inspection charts: props-only components, their CSV builders and the export menu. */
export { ChartExportMenu, type ChartExportMenuProps } from './ChartExportMenu';
export { chartPngBlob, chartSvgMarkup, downloadBlob, toCsv } from './exportChart';
export { ConfidenceHistogram, type ConfidenceHistogramProps } from './ConfidenceHistogram';
export { ConvFilters, type ConvFiltersProps } from './ConvFilters';
export { DenseActivations, type DenseActivationsProps } from './DenseActivations';
export { FeatureMaps, type FeatureMapsProps } from './FeatureMaps';
export { MetricHistory, type MetricHistoryProps } from './MetricHistory';
export { PerClassBars, type PerClassBarsProps } from './PerClassBars';
export { PredictionBand, MAX_BAND_POINTS, type PredictionBandProps } from './PredictionBand';
export { ProbabilityErrorBars, type ProbabilityErrorBarsProps } from './ProbabilityErrorBars';
export { RegressionScatter, type RegressionScatterProps } from './RegressionScatter';
export { ReliabilityDiagram, type ReliabilityDiagramProps } from './ReliabilityDiagram';
export { ResidualHistogram, type ResidualHistogramProps } from './ResidualHistogram';
export { WeightHistogram, type WeightHistogramEntry, type WeightHistogramProps } from './WeightHistogram';
export type { ClassMetric, ClassStat, MetricEpoch, ReliabilityBin } from './inspectRows';
export * from './inspectCsv';
