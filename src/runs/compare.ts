/**
 * Pure helpers for comparing runs: a table of hyperparameters side by side (which rows differ), and
 * per-epoch series of several runs merged into chart rows.
 */
import type { ExperimentSpec, LayerSpec } from '../models/spec';
import type { EpochSummary } from '../training/protocol';

export interface SpecRow {
  /** Where the value lives in the spec, e.g. "training.learningRate", "model.layers[2]". */
  path: string;
  /** For people, e.g. "Learning rate", "Layer 3". */
  label: string;
  /** One per spec, in the order given; '—' where a spec has no such value (a shorter layer stack). */
  values: string[];
  /** True when not all values are equal. */
  differs: boolean;
}

export const MISSING = '—';

/** Numbers as JavaScript prints them (exact: two different numbers never print alike). */
function num(n: number): string {
  return String(n);
}

function onOff(b: boolean): string {
  return b ? 'on' : 'off';
}

function size(k: number): string {
  return `${k}×${k}`;
}

const stride = (s: number) => (s === 1 ? '' : ` stride ${s}`);

/** A layer in a few words: "dense 128 relu", "conv2d 32 3×3 same relu", "maxPool2d 2×2 stride 2 valid". */
export function describeLayer(layer: LayerSpec): string {
  switch (layer.type) {
    case 'dense':
      return `dense ${layer.units} ${layer.activation}`;
    case 'conv2d':
      return `conv2d ${layer.filters} ${size(layer.kernelSize)}${stride(layer.strides)} ${layer.padding} ${layer.activation}`;
    case 'maxPool2d':
    case 'avgPool2d':
      return `${layer.type} ${size(layer.poolSize)}${stride(layer.strides)} ${layer.padding}`;
    case 'dropout':
      return `dropout ${num(layer.rate)}`;
    case 'reshape':
      return `reshape ${layer.targetShape.join('×')}`;
    case 'activation':
      return `activation ${layer.activation}`;
    case 'residual':
      return `residual ${layer.filters} ${size(layer.kernelSize)} ${layer.activation}`;
    case 'lstm':
    case 'gru':
      return `${layer.type} ${layer.units}${layer.returnSequences ? ' sequences' : ''}`;
    case 'globalAvgPool2d':
    case 'batchNorm':
    case 'flatten':
      return layer.type;
    default:
      // A layer type this build does not know (a spec from a newer version): show it whole.
      return JSON.stringify(layer);
  }
}

interface Field {
  path: string;
  label: string;
  get: (s: ExperimentSpec) => string;
}

const FIELDS: readonly Field[] = [
  { path: 'dataset.id', label: 'Dataset', get: (s) => s.dataset.id },
  { path: 'dataset.fingerprint', label: 'Data fingerprint', get: (s) => s.dataset.fingerprint ?? MISSING },
  { path: 'dataset.testFraction', label: 'Test fraction', get: (s) => num(s.dataset.testFraction) },
  { path: 'dataset.splitSeed', label: 'Split seed', get: (s) => num(s.dataset.splitSeed) },
  { path: 'dataset.normalization', label: 'Normalization', get: (s) => s.dataset.normalization },
  { path: 'training.optimizer', label: 'Optimizer', get: (s) => s.training.optimizer },
  { path: 'training.learningRate', label: 'Learning rate', get: (s) => num(s.training.learningRate) },
  { path: 'training.momentum', label: 'Momentum', get: (s) => num(s.training.momentum) },
  { path: 'training.schedule.kind', label: 'LR schedule', get: (s) => s.training.schedule.kind },
  { path: 'training.schedule.warmupEpochs', label: 'Warm-up epochs', get: (s) => num(s.training.schedule.warmupEpochs) },
  { path: 'training.schedule.stepEpochs', label: 'Decay every (epochs)', get: (s) => num(s.training.schedule.stepEpochs) },
  { path: 'training.schedule.factor', label: 'Decay factor', get: (s) => num(s.training.schedule.factor) },
  { path: 'training.schedule.minLearningRate', label: 'Minimum learning rate', get: (s) => num(s.training.schedule.minLearningRate) },
  { path: 'training.loss', label: 'Loss', get: (s) => s.training.loss },
  { path: 'training.epochs', label: 'Epochs', get: (s) => num(s.training.epochs) },
  { path: 'training.batchSize', label: 'Batch size', get: (s) => num(s.training.batchSize) },
  { path: 'training.l1', label: 'L1 penalty', get: (s) => num(s.training.l1) },
  { path: 'training.l2', label: 'L2 penalty', get: (s) => num(s.training.l2) },
  { path: 'training.validationFraction', label: 'Validation fraction', get: (s) => num(s.training.validationFraction) },
  { path: 'training.earlyStopping.enabled', label: 'Early stopping', get: (s) => onOff(s.training.earlyStopping.enabled) },
  { path: 'training.earlyStopping.monitor', label: 'Early stopping monitors', get: (s) => s.training.earlyStopping.monitor },
  { path: 'training.earlyStopping.patience', label: 'Patience (epochs)', get: (s) => num(s.training.earlyStopping.patience) },
  { path: 'training.earlyStopping.restoreBest', label: 'Restore best weights', get: (s) => onOff(s.training.earlyStopping.restoreBest) },
  { path: 'training.maxTrainSamples', label: 'Max training examples', get: (s) => (s.training.maxTrainSamples === null ? 'all' : num(s.training.maxTrainSamples)) },
  // ?? null: records stored before clipping existed have no field (their specs are not re-parsed).
  { path: 'training.clipNorm', label: 'Gradient clipping (global norm)', get: (s) => ((s.training.clipNorm ?? null) === null ? 'off' : num(s.training.clipNorm as number)) },
  { path: 'seed', label: 'Seed', get: (s) => num(s.seed) },
  { path: 'model.layers.length', label: 'Layers', get: (s) => num(s.model.layers.length) },
];

function row(path: string, label: string, values: string[]): SpecRow {
  return { path, label, values, differs: values.some((v) => v !== values[0]) };
}

/** One row per hyperparameter, then one per layer (aligned by index). */
export function compareSpecs(specs: readonly ExperimentSpec[]): SpecRow[] {
  const rows = FIELDS.map((f) => row(f.path, f.label, specs.map(f.get)));
  const depth = Math.max(0, ...specs.map((s) => s.model.layers.length));
  for (let i = 0; i < depth; i++) {
    const values = specs.map((s) => (i < s.model.layers.length ? describeLayer(s.model.layers[i]) : MISSING));
    rows.push(row(`model.layers[${i}]`, `Layer ${i + 1}`, values));
  }
  return rows;
}

export type EpochSeriesKey = 'trainLoss' | 'valLoss' | 'trainMetric' | 'valMetric' | 'testMetric';

/** { epoch, [runId]: value }: a run has no key in a row where it has no value (not reached yet, or null). */
export interface OverlayRow {
  epoch: number;
  [runId: string]: number;
}

/**
 * Rows for a multi-line chart (recharts: dataKey = run id), one per epoch any run reached, in epoch order.
 * Run ids must not be "epoch".
 */
export function overlaySeries(runs: readonly { id: string; epochs: readonly EpochSummary[] }[], key: EpochSeriesKey): OverlayRow[] {
  const byEpoch = new Map<number, OverlayRow>();
  for (const run of runs) {
    for (const e of run.epochs) {
      let r = byEpoch.get(e.epoch);
      if (!r) {
        r = { epoch: e.epoch };
        byEpoch.set(e.epoch, r);
      }
      const v = e[key];
      if (typeof v === 'number' && Number.isFinite(v)) r[run.id] = v;
    }
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

const SERIES_WORDS: Record<EpochSeriesKey, string> = {
  trainLoss: 'training loss',
  valLoss: 'validation loss',
  trainMetric: 'training',
  valMetric: 'validation',
  testMetric: 'test',
};

/** Metric series of classification runs are shown in percent. */
export function seriesScale(key: EpochSeriesKey, task: 'classification' | 'regression' | null): number {
  return key.endsWith('Metric') && task === 'classification' ? 100 : 1;
}

/**
 * The y-axis title of a series: "validation loss", "validation accuracy (%)", "test MAE"; "validation metric" when
 * the runs mix tasks (task null).
 */
export function seriesAxisLabel(key: EpochSeriesKey, task: 'classification' | 'regression' | null): string {
  const words = SERIES_WORDS[key];
  if (!key.endsWith('Metric')) return words;
  if (task === 'classification') return `${words} accuracy (%)`;
  if (task === 'regression') return `${words} MAE`;
  return `${words} metric`;
}

/** The one task of the runs, or null when they mix tasks. */
export function commonTask(runs: readonly { task: 'classification' | 'regression' }[]): 'classification' | 'regression' | null {
  const t = runs[0]?.task ?? null;
  return runs.every((r) => r.task === t) ? t : null;
}

/** The epoch range shown for the runs, from 1 to the furthest planned or reached epoch, for aligned x axes. */
export function epochDomain(runs: readonly { epochs: readonly { epoch: number }[]; totalEpochs?: number }[]): [number, number] {
  const last = Math.max(1, ...runs.flatMap((r) => [r.totalEpochs ?? 0, ...r.epochs.map((e) => e.epoch)]));
  return [1, last];
}
