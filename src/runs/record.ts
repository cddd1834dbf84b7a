/** Pure helpers to start a run record. */
import type { ExperimentSpec, RunRecord, Task } from './types';

/** "CNN · 14:05" (local time; with the date when not today). */
export function runName(spec: Pick<ExperimentSpec, 'name'>, startedAt: number, now: number = Date.now()): string {
  const start = new Date(startedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(start.getHours())}:${pad(start.getMinutes())}`;
  const sameDay = new Date(now).toDateString() === start.toDateString();
  const when = sameDay ? time : `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())} ${time}`;
  return `${spec.name} · ${when}`;
}

/** A fresh record for a run that is starting now: status running, no epochs, no checkpoints. */
export function createRunRecord(args: {
  id: string;
  spec: ExperimentSpec;
  datasetName: string;
  task: Task;
  ownerId: string;
  totalEpochs?: number;
  batchesPerEpoch?: number;
  fingerprint?: string | null;
  backend?: string | null;
  startedAt?: number;
}): RunRecord {
  const startedAt = args.startedAt ?? Date.now();
  return {
    id: args.id,
    name: runName(args.spec, startedAt, startedAt),
    spec: args.spec,
    datasetName: args.datasetName,
    fingerprint: args.fingerprint ?? args.spec.dataset.fingerprint ?? null,
    backend: args.backend ?? null,
    status: 'running',
    startedAt,
    endedAt: null,
    updatedAt: startedAt,
    epochsDone: 0,
    totalEpochs: args.totalEpochs ?? args.spec.training.epochs,
    batchesPerEpoch: args.batchesPerEpoch ?? 0,
    epochs: [],
    finalMetric: null,
    task: args.task,
    ownerId: args.ownerId,
    checkpoints: { best: null, last: null },
  };
}
