import { csvLine } from '../core/csvCell';
import type { Task } from '../core/types';
import type { ExperimentSpec } from '../models/spec';
import type { EpochSummary } from '../training/protocol';

/** What a run's metrics export holds; the spec and data identity travel with the numbers (traceability). */
export interface MetricsExportInput {
  runId: string;
  spec: ExperimentSpec;
  datasetName: string;
  fingerprint: string | null;
  backend: string | null;
  task: Task;
  startedAt: number | null;
  batches: readonly { step: number; loss: number; metric: number }[];
  epochs: readonly EpochSummary[];
  finalMetric: number | null;
}

/**
 * Per-epoch rows, then per-batch rows, in one CSV (a `kind` column tells them apart). Every cell goes through the
 * shared csvLine (core/csvCell.ts: RFC 4180 quoting, formula-injection guard); numbers are written in full.
 */
export function metricsCsv(m: MetricsExportInput): string {
  const metric = m.task === 'classification' ? 'accuracy' : 'mae';
  const head = ['kind', 'epoch', 'step', 'loss', metric, `val_loss`, `val_${metric}`, `test_${metric}`, 'learning_rate', 'train_ms'];
  const rows = [csvLine(head)];
  for (const e of m.epochs) rows.push(csvLine(['epoch', e.epoch, null, e.trainLoss, e.trainMetric, e.valLoss, e.valMetric, e.testMetric, e.learningRate, Math.round(e.trainMs)]));
  for (const b of m.batches) rows.push(csvLine(['batch', null, b.step, b.loss, b.metric, null, null, null, null, null]));
  return rows.join('\n') + '\n';
}

export function metricsJson(m: MetricsExportInput): string {
  return JSON.stringify(
    {
      format: 'tensorscope-metrics',
      version: 1,
      runId: m.runId,
      dataset: { name: m.datasetName, fingerprint: m.fingerprint },
      backend: m.backend,
      task: m.task,
      startedAt: m.startedAt != null ? new Date(m.startedAt).toISOString() : null,
      finalTestMetric: m.finalMetric,
      spec: m.spec,
      epochs: m.epochs,
      batches: { step: m.batches.map((b) => b.step), loss: m.batches.map((b) => b.loss), metric: m.batches.map((b) => b.metric) },
    },
    null,
    1,
  );
}

/** A file name made only of safe characters from a person's text (spec names can be anything). */
export function safeFileName(text: string, ext: string): string {
  const base = text.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'tensorscope';
  return `${base}.${ext}`;
}
