/**
 * The contract between the UI and the training engine (a module worker, or the same code on the main
 * thread as a fallback). Discriminated unions, structured-clone friendly; large arrays travel as transferables.
 */
import type { BackendChoice, BackendName, Dataset } from '../core/types';
import type { ErrorCode } from '../core/errors';
import type { ExperimentSpec } from '../models/spec';

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  reason?: string;
}

export interface BackendInfo {
  name: BackendName;
  /** GPU adapter or renderer description, e.g. "SwiftShader Device (Subzero)"; null when the backend has none. */
  adapter: string | null;
  /** True when the GPU is emulated in software (SwiftShader, llvmpipe). */
  software: boolean;
  /** What auto-selection tried, in order, and why a backend was skipped. */
  attempts: BackendAttempt[];
}

export interface BatchMetric {
  /** Global batch index from the start of the run (1-based). */
  step: number;
  epoch: number;
  loss: number;
  /** Accuracy (classification) or mean absolute error (regression). */
  metric: number;
  samplesPerSec: number;
}

/** Where the person changed the learning rate during a run (drawn as markers on the charts). */
export interface LearningRateMarker {
  step: number;
  learningRate: number;
}

export interface RunProgress {
  epoch: number;
  totalEpochs: number;
  /** Batches done in the current epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Training time so far, excluding pauses. */
  elapsedMs: number;
  samplesPerSec: number;
  /** The learning rate in force (schedule and manual changes applied). */
  learningRate: number;
}

export interface EpochSummary {
  epoch: number;
  trainLoss: number;
  /** Accuracy (classification) or mean absolute error (regression), as for every *Metric field. */
  trainMetric: number;
  valLoss: number | null;
  valMetric: number | null;
  testMetric: number;
  /** Wall time of the epoch's training batches, excluding evaluation. */
  trainMs: number;
  evalMs: number;
  /** tf.memory().numTensors after the epoch's clean-up: flat across epochs means no leak. */
  numTensors: number;
  learningRate: number;
}

/** Predictions on the test split after an epoch; index i refers to split.test[i]. */
export type TestEvaluation =
  | {
      task: 'classification';
      epoch: number;
      /** Accuracy. */
      metric: number;
      predicted: Uint8Array;
      confidence: Float32Array;
      /** confusion[true][predicted] counts. */
      confusion: number[][];
    }
  | {
      task: 'regression';
      epoch: number;
      /** Mean absolute error. */
      metric: number;
      rmse: number;
      predictions: Float32Array;
    };

export type RunState = 'running' | 'paused' | 'stopped' | 'done';

export type ToEngine =
  | { type: 'setDataset'; dataset: Dataset }
  | { type: 'start'; runId: string; spec: ExperimentSpec; backend: BackendChoice }
  | { type: 'setLearningRate'; learningRate: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'reset' }
  /** One example in the dataset's raw units (a drawn digit as 0..255 pixels); normalised like the run's data. */
  | { type: 'predict'; requestId: number; inputs: Float32Array };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'backend'; info: BackendInfo }
  | { type: 'runStarted'; runId: string; trainCount: number; valCount: number; testCount: number; batchesPerEpoch: number; totalEpochs: number; params: number }
  | { type: 'metrics'; runId: string; points: BatchMetric[]; progress: RunProgress; markers: LearningRateMarker[] }
  | { type: 'note'; runId: string; message: string }
  | { type: 'epochEnd'; runId: string; summary: EpochSummary }
  | { type: 'evaluation'; runId: string; evaluation: TestEvaluation }
  | { type: 'runState'; runId: string; state: RunState }
  | { type: 'prediction'; requestId: number; probabilities: number[] }
  | { type: 'error'; during: 'backend' | 'training' | 'predict'; code: ErrorCode; message: string; runId?: string; backend?: BackendName };

/** Arrays in a message that can be transferred rather than copied. */
export function transferablesOf(msg: FromEngine | ToEngine): Transferable[] {
  switch (msg.type) {
    case 'evaluation':
      return msg.evaluation.task === 'classification'
        ? [msg.evaluation.predicted.buffer, msg.evaluation.confidence.buffer]
        : [msg.evaluation.predictions.buffer];
    case 'predict':
      return [msg.inputs.buffer];
    case 'setDataset':
      // The sender hands over its own copy of the arrays (a clone of 50 MB would stall the UI thread).
      return [msg.dataset.x.buffer, msg.dataset.y.buffer];
    default:
      return [];
  }
}
