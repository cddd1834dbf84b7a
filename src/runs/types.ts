/**
 * What run history stores: one record per training run (spec, status, per-epoch summaries, checkpoint
 * metadata), its batch metrics in compact chunks, and up to two checkpoints (best and last).
 * Everything here is structured-clone friendly: records go into IndexedDB as they are.
 */
import type { Task } from '../core/types';
import type { ExperimentSpec } from '../models/spec';
// Type-only: EpochSummary is the shape the engine reports; nothing of training/ is loaded at run time.
import type { DivergenceInfo, EpochSummary } from '../training/protocol';

export type { DivergenceInfo, EpochSummary, ExperimentSpec, Task };

/**
 * running / paused: owned by a live tab (see `ownerId`). done: all epochs (or early stopping).
 * stopped: the person stopped it. failed: the engine reported an error. interrupted: its tab went away
 * (reload, crash, closed) while it was running or paused. diverged: the loss or the weights became NaN/Infinity and
 * the engine ended the run (see `divergence`; its checkpoints are the last finite ones).
 */
export type RunStatus = 'running' | 'paused' | 'done' | 'stopped' | 'failed' | 'interrupted' | 'diverged';
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'paused', 'done', 'stopped', 'diverged', 'failed', 'interrupted'];

export type CheckpointKind = 'best' | 'last';

/** What a run record says about a stored checkpoint (the tensors live in the `checkpoints` store). */
export interface CheckpointMeta {
  epoch: number;
  /** The epoch's metric (validation metric when there is a validation split, else test metric). */
  metric: number | null;
  valLoss: number | null;
  savedAt: number;
  /** Bytes of tensor data (weights + optimizer state). */
  bytes: number;
}

/** Test-split evaluation summary kept with the run (the full evaluation is too large to keep). */
export interface RunEvaluationSummary {
  /** Accuracy (classification) or mean absolute error (regression). */
  metric: number;
  /** confusion[true][predicted] counts. */
  confusion?: number[][];
  /** Expected calibration error. */
  ece?: number;
}

export interface RunRecord {
  id: string;
  /**
   * For people, unique among stored runs: "mnist-keras-mlp-#3" by default (see naming.ts), or what the person renamed
   * it to. Records stored before that are named like "CNN · 14:05".
   */
  name: string;
  spec: ExperimentSpec;
  datasetName: string;
  /** Fingerprint of the exact data trained on, when known. */
  fingerprint: string | null;
  /** The tfjs backend that trained it, when known. */
  backend: string | null;
  status: RunStatus;
  startedAt: number;
  endedAt: number | null;
  updatedAt: number;
  epochsDone: number;
  totalEpochs: number;
  batchesPerEpoch: number;
  epochs: EpochSummary[];
  /** Final test accuracy (classification) or MAE (regression). */
  finalMetric: number | null;
  task: Task;
  /** Plain-words reason when status is 'failed' or 'diverged'. */
  error?: string;
  /** Where and how the run diverged, when status is 'diverged'. */
  divergence?: DivergenceInfo;
  /** Id of the tab/session that trains it; a running run owned by another, gone tab is interrupted. */
  ownerId: string;
  checkpoints: { best: CheckpointMeta | null; last: CheckpointMeta | null };
  evaluation?: RunEvaluationSummary;
  /** The person's notes (a short text); absent in records stored before notes existed. */
  notes?: string;
  /** The person's tags, e.g. ["baseline"]; absent in records stored before tags existed. */
  tags?: string[];
}

/** One batch's metrics as stored (a `BatchMetric` from the engine fits). */
export interface BatchRow {
  step: number;
  epoch: number;
  loss: number;
  /** Accuracy (classification) or mean absolute error (regression). */
  metric: number;
}

/**
 * A chunk of batch metrics, stored column-wise: 16 bytes a row instead of an object per row.
 * Loss and metric are float32 (about 7 significant digits: plenty for charts).
 * Key: [runId, seq]; seq counts 0, 1, 2, … per run, so key order is append order.
 */
export interface BatchChunk {
  runId: string;
  seq: number;
  steps: Int32Array;
  epochs: Int32Array;
  loss: Float32Array;
  metric: Float32Array;
}

/** A tensor as stored: float32 values in a buffer of exactly shape-product × 4 bytes. */
export interface StoredTensor {
  name: string;
  shape: number[];
  data: ArrayBuffer;
}

/** A tensor as the engine hands it over (e.g. from `tensor.dataSync()`). */
export interface NamedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Model weights (and optimizer state, to resume exactly) at the end of an epoch. Key: [runId, kind]. */
export interface Checkpoint {
  runId: string;
  kind: CheckpointKind;
  epoch: number;
  weights: StoredTensor[];
  /** Optimizer slots (Adam moments, momentum…); null when not saved. */
  optimizer: StoredTensor[] | null;
  savedAt: number;
}
