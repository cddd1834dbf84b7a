/**
 * The contract between the UI and the training engine (a module worker, or the same code on the main
 * thread as a fallback). Discriminated unions, structured-clone friendly; large arrays travel as transferables.
 */
import type { AttentionMaps } from './inspect/attention';
import type { BackendChoice, BackendName, Dataset } from '../core/types';
import type { ErrorCode } from '../core/errors';
import type { ExperimentSpec } from '../models/spec';
import type { CalibrationResult, ConfidenceHistogram, ConfusedPair, EpochEvaluationSummary, McSummary, PerClassResult } from './inspect';
import type { ConvFilters, LayerActivation, WeightHistogram } from './inspect/modelProbes';
import type { BoundaryGrid } from './boundaryGrid';
import type { EpochHistograms } from './inspect/histogramMath';
import type { PruneScope } from './pruning/masks';
import type { PrunePoint } from './pruning/pruneCurve';
import type { ShippingSizes } from './pruning/weightSize';

/** One point of a pruning curve (training/pruning/pruneCurve.ts) with the sizes of its weights. */
export type PrunedModel = PrunePoint & { sizes: ShippingSizes };

/** 'auto' backend choices measured in earlier sessions: probe key → the chosen backend and its measurements. */
export type KnownProbes = Record<string, { chosen: BackendName; results: BackendProbeResult[] }>;

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
  /** On 'auto': the measured training speed of each backend that auto-selection compared (see backendProbe.ts). */
  probe?: BackendProbe;
}

/** One backend's measured training speed for the model, or why it has none. */
export interface BackendProbeResult {
  backend: BackendName;
  /** Training examples per second over a few steps; null when the backend could not start or train. */
  samplesPerSec: number | null;
  reason?: string;
}

export interface BackendProbe {
  /** Every candidate, in auto-selection's order. */
  results: BackendProbeResult[];
  /** True when the choice came from an earlier measurement of the same model on the same device. */
  cached: boolean;
  /** The cache key (model architecture + device), for keeping the choice beyond the worker's lifetime. */
  key?: string;
}

export interface BatchMetric {
  /** Global batch index from the start of the run (1-based). */
  step: number;
  epoch: number;
  loss: number;
  /** Accuracy (classification) or mean absolute error (regression). */
  metric: number;
  samplesPerSec: number;
  /** Training time since the run started at this batch's read-back (ms, pauses and evaluation excluded); absent in old records. */
  timeMs?: number;
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
      /** Per test example: entropy of the prediction (nats) and cross-entropy loss. */
      entropy: Float32Array;
      loss: Float32Array;
      /** Softmax outputs [n, C] (row-major). */
      probs: Float32Array;
      /** confusion[true][predicted] counts. */
      confusion: number[][];
      perClass: PerClassResult;
      calibration: CalibrationResult;
      histogram: ConfidenceHistogram;
      pairs: ConfusedPair[];
      /** Validation-split summary for the history charts (accuracy, ECE, mean entropy). */
      validation: EpochEvaluationSummary | null;
      weights: WeightHistogram[];
    }
  | {
      task: 'regression';
      epoch: number;
      /** Mean absolute error. */
      metric: number;
      rmse: number;
      predictions: Float32Array;
      weights: WeightHistogram[];
    };

/** What the engine can tell about one example: MC-dropout statistics and every layer's activations. */
export interface ExampleInspection {
  /** Dataset index, or null for raw inputs (a drawn digit). */
  index: number | null;
  passes: number;
  /** MC-dropout statistics for this one example ([1, C] arrays); the plain outputs when the model has no dropout. */
  mc: McSummary;
  hasDropout: boolean;
  activations: LayerActivation[];
  filters: ConvFilters | null;
  /** A Vision Transformer's attention over its patch grid for this example; null for models without attention. */
  attention: AttentionMaps | null;
}

/** diverged: the loss (or the weights) stopped being finite numbers; the run ended at once (see DivergenceInfo). */
export type RunState = 'running' | 'paused' | 'stopped' | 'done' | 'diverged';

/**
 * Where and how a run diverged. Sent once, as { type: 'diverged' }, right before { type: 'runState', state: 'diverged' }.
 * No checkpoint is sent after it: the last one sent (epoch `checkpointEpoch`) is the last finite one.
 */
export interface DivergenceInfo {
  /** The first step (global batch index, 1-based) whose loss read back was not finite; for `cause: 'weights'`, the epoch's last step. */
  step: number;
  epoch: number;
  /** 'loss': a loss read back was NaN or ±Infinity. 'weights': the weights checked at the end of an epoch were not finite. */
  cause: 'loss' | 'weights';
  /** The last finite loss read back, and its step; null when none was. */
  lastFiniteLoss: number | null;
  lastFiniteStep: number | null;
  /** The epoch of the last checkpoint sent (this run's, or the one it resumed from); null when none. */
  checkpointEpoch: number | null;
  /** The learning rate in force when it diverged (schedule and manual changes applied). */
  learningRate: number;
  /** The run's gradient clipping (global norm), null when off. */
  clipNorm: number | null;
}

/** One weight tensor by name, as plain floats: checkpoints, exports, demo links and imports carry these. */
export interface NamedWeights {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Where a resumed run picks up: the weights and optimizer state saved after `epochsDone` epochs. */
export interface ResumeFrom {
  epochsDone: number;
  weights: NamedWeights[];
  optimizer: NamedWeights[] | null;
}

/** The parts of a model.json + weights.bin that tf.io.fromMemory needs. */
export interface ModelArtifactsLite {
  modelTopology: object;
  /** weightsManifest[*].weights, concatenated, in the order of weightData. */
  weightSpecs: object[];
  weightData: ArrayBuffer;
}

/** Normalisation as (x − shift) × scale; one pair for images, one per feature for tables. */
export interface NormArrays {
  shift: Float32Array;
  scale: Float32Array;
}

/** A model that came from outside a training run: an imported model.json or a demo link's weights. */
export interface LoadedModelInfo {
  name: string;
  params: number;
  inputShape: number[];
  outputUnits: number;
}

export type ToEngine =
  | { type: 'setDataset'; dataset: Dataset }
  /** knownProbes: 'auto' choices measured in earlier sessions (key → chosen backend and its measurements). */
  | { type: 'start'; runId: string; spec: ExperimentSpec; backend: BackendChoice; resume?: ResumeFrom; knownProbes?: KnownProbes }
  /**
   * A hint, sent once the engine has the data: start the backend a Train of this spec would use, upload the data
   * and run one training step of the model on dummy data (compiles its kernels), so that Train's first batch finds
   * all of it done. A start with another spec or backend simply does its own set-up.
   */
  | {
      type: 'prepare';
      spec: ExperimentSpec;
      backend: BackendChoice;
      knownProbes?: KnownProbes;
      /** The coming data's shape when the engine has no dataset yet (the bundled set, while it downloads). */
      data?: { inputShape: number[]; task: Dataset['task']; numClasses: number };
    }
  /** The current model's topology (model.json form) and weights, for export and demo links. */
  | { type: 'getWeights'; requestId: number }
  /** Test metric of the current model with these weights in place (e.g. quantised), then the originals back. */
  | { type: 'evaluateWeights'; requestId: number; weights: NamedWeights[] }
  /** Builds the spec's model with given weights (a demo link); evaluates it when the loaded data fits. */
  | { type: 'loadWeights'; requestId: number; runId: string; spec: ExperimentSpec; inputShape: number[]; weights: NamedWeights[]; norm: NormArrays; backend: BackendChoice; evaluate: boolean }
  /** A TF.js LayersModel from files or a URL, checked against the data and evaluated on the spec's test split. */
  | { type: 'importModel'; requestId: number; runId: string; name: string; artifacts: ModelArtifactsLite; spec: ExperimentSpec; backend: BackendChoice; timeoutMs: number }
  /** Which two features the decision boundary of a wider table plots (the others held at their means). */
  | { type: 'setBoundaryFeatures'; features: [number, number] }
  /**
   * Prune the current model at each target (fine-tuned `steps` steps with the spec's loss and optimizer) and score
   * it on the test split; answered by one `prunePoint` per target (the unpruned model first), then `pruneDone`.
   */
  | { type: 'pruneCurve'; requestId: number; spec: ExperimentSpec; targets: number[]; scope: PruneScope; steps: number; seed: number }
  /** Weights for the current model (same architecture: a pruned copy); evaluated on the test split as `runId`. */
  | { type: 'setWeights'; requestId: number; runId: string; weights: NamedWeights[] }
  | { type: 'setLearningRate'; learningRate: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'reset' }
  /** One example in the dataset's raw units (a drawn digit as 0..255 pixels); normalised like the run's data. */
  | { type: 'predict'; requestId: number; inputs: Float32Array; passes?: number }
  /** Monte-Carlo dropout over the whole test split, for sorting the gallery by spread. */
  | { type: 'mcTest'; requestId: number; passes: number }
  /** One example by dataset index, or raw inputs in the dataset's units. */
  | { type: 'inspect'; requestId: number; index: number | null; inputs?: Float32Array; passes: number }
  /** Regression curve: MC mean and std at each of k raw inputs (k × features). */
  | { type: 'curve'; requestId: number; inputs: Float32Array; passes: number }
  /**
   * `count` examples at once in the dataset's raw units (count × features), for the embed view's API: MC dropout with
   * `passes` passes when the model has dropout, one forward pass of the whole batch per pass (see predictBatch.ts).
   * Answered by `predictionBatch`, or `requestError` (no model, wrong size).
   */
  | { type: 'predictBatch'; requestId: number; inputs: Float32Array; count: number; passes: number };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'backend'; info: BackendInfo }
  | { type: 'runStarted'; runId: string; trainCount: number; valCount: number; testCount: number; batchesPerEpoch: number; totalEpochs: number; params: number }
  | { type: 'metrics'; runId: string; points: BatchMetric[]; progress: RunProgress; markers: LearningRateMarker[] }
  | { type: 'note'; runId: string; message: string }
  | { type: 'epochEnd'; runId: string; summary: EpochSummary }
  | { type: 'evaluation'; runId: string; evaluation: TestEvaluation }
  /** Two-input data only: the model's prediction over a grid of the input plane (throttled; see training/boundary.ts). */
  | { type: 'boundary'; runId: string; grid: BoundaryGrid }
  /** After each epoch: every kernel's weight and gradient histogram (see training/histograms.ts); a few KB. */
  | { type: 'histograms'; runId: string; histograms: EpochHistograms }
  | { type: 'runState'; runId: string; state: RunState }
  /** The run diverged (NaN/Infinity); a runState 'diverged' follows at once. */
  | { type: 'diverged'; runId: string; divergence: DivergenceInfo }
  | { type: 'prunePoint'; requestId: number; point: PrunedModel; done: number; total: number }
  | { type: 'pruneDone'; requestId: number }
  | { type: 'weightsSet'; requestId: number; metric: number }
  | { type: 'prediction'; requestId: number; probabilities: number[]; mc?: McSummary; hasDropout?: boolean }
  | { type: 'mcTestResult'; requestId: number; runId: string; summary: McSummary; passes: number }
  | { type: 'inspection'; requestId: number; result: ExampleInspection }
  | { type: 'curveResult'; requestId: number; mean: Float32Array; std: Float32Array }
  /** The answer to predictBatch: [count, outputs] means (the plain outputs without dropout) and, with dropout, their spread. */
  | { type: 'predictionBatch'; requestId: number; mean: Float32Array; std: Float32Array | null; outputs: number; hasDropout: boolean; passes: number }
  | { type: 'inspectError'; requestId: number; message: string }
  /** Saved after every epoch so a reload loses at most the epoch in progress. */
  | { type: 'checkpoint'; runId: string; epoch: number; weights: NamedWeights[]; optimizer: NamedWeights[] | null }
  | { type: 'weights'; requestId: number; topology: object; weights: NamedWeights[]; inputShape: number[]; norm: NormArrays }
  | { type: 'weightsEvaluated'; requestId: number; metric: number }
  | { type: 'modelLoaded'; requestId: number; runId: string; info: LoadedModelInfo }
  /** A request above (getWeights, evaluateWeights, loadWeights, importModel) failed. */
  | { type: 'requestError'; requestId: number; code: ErrorCode; message: string }
  | { type: 'error'; during: 'backend' | 'training' | 'predict'; code: ErrorCode; message: string; runId?: string; backend?: BackendName };

/** Arrays in a message that can be transferred rather than copied. */
export function transferablesOf(msg: FromEngine | ToEngine): Transferable[] {
  switch (msg.type) {
    case 'evaluation':
      return msg.evaluation.task === 'classification'
        ? [msg.evaluation.predicted.buffer, msg.evaluation.confidence.buffer, msg.evaluation.entropy.buffer, msg.evaluation.loss.buffer, msg.evaluation.probs.buffer]
        : [msg.evaluation.predictions.buffer];
    case 'boundary':
      return [msg.grid.label.buffer, msg.grid.confidence.buffer, msg.grid.uncertainty.buffer, msg.grid.value.buffer];
    case 'predict':
    case 'predictBatch':
      return [msg.inputs.buffer];
    case 'predictionBatch':
      return msg.std ? [msg.mean.buffer, msg.std.buffer] : [msg.mean.buffer];
    case 'checkpoint':
      return [...msg.weights, ...(msg.optimizer ?? [])].map((w) => w.values.buffer);
    case 'weights':
      return msg.weights.map((w) => w.values.buffer);
    case 'prunePoint':
      return msg.point.weights.map((w) => w.values.buffer);
    case 'importModel':
      return [msg.artifacts.weightData];
    case 'setDataset':
      // The sender hands over its own copy of the arrays (a clone of 50 MB would stall the UI thread).
      return [msg.dataset.x.buffer, msg.dataset.y.buffer];
    default:
      return [];
  }
}
