// Everything exports and imports need, gathered so the store can load it in one lazy chunk.
export { zipSync, strToU8 } from 'fflate';
export { kerasScript } from '../share/kerasScript';
export { metricsCsv, metricsJson, safeFileName } from '../share/metricsExport';
export { artifactsFromFiles, artifactsFromUrl } from '../share/modelFiles';
export { roundTrip, WEIGHT_QUANTIZATIONS } from '../core/quantize';
export { toTfjsArtifacts } from '../share/tfjsArtifacts';
