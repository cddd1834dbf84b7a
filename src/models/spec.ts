import type { Normalization } from '../core/types';
import type { TableRecipe } from '../core/tableTypes';

export type { Normalization };

/**
 * The experiment spec: a plain, serializable object that says what to train. Share links and saved runs
 * carry exactly this; `buildModel` turns its model part into a tf.LayersModel.
 */
export const ACTIVATIONS = ['relu', 'elu', 'selu', 'swish', 'tanh', 'sigmoid', 'softmax', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export type Padding = 'valid' | 'same';

/**
 * One layer of a sequential stack. Recurrent layers read an image row by row: a [h, w, c] input is seen as
 * h steps of w·c features (shape inference and buildModel insert that reshape).
 */
export type LayerSpec =
  | { type: 'dense'; units: number; activation: Activation }
  | { type: 'conv2d'; filters: number; kernelSize: number; strides: number; padding: Padding; activation: Activation }
  | { type: 'maxPool2d'; poolSize: number; strides: number; padding: Padding }
  | { type: 'avgPool2d'; poolSize: number; strides: number; padding: Padding }
  | { type: 'globalAvgPool2d' }
  | { type: 'dropout'; rate: number }
  | { type: 'batchNorm' }
  | { type: 'flatten' }
  | { type: 'reshape'; targetShape: number[] }
  | { type: 'activation'; activation: Activation }
  /** conv → batch norm → activation → conv → batch norm, plus the input (1×1 conv projection when channels differ), → activation. */
  | { type: 'residual'; filters: number; kernelSize: number; activation: Activation }
  | { type: 'lstm'; units: number; returnSequences: boolean }
  | { type: 'gru'; units: number; returnSequences: boolean }
  /** Vision Transformer input: p×p patches → tokens of `dim` values, a class token first, learned position embedding; [h, w, c] → [1 + hw/p², dim]. */
  | { type: 'patchEmbed'; patchSize: number; dim: number }
  /** Pre-norm encoder block: LayerNorm → multi-head self-attention → + input, LayerNorm → MLP (gelu) → + input; [t, d] → [t, d]. */
  | { type: 'transformerBlock'; heads: number; mlpDim: number }
  /** Final LayerNorm, then the class token ('cls') or the mean of the tokens ('mean'): [t, d] → [d]. */
  | { type: 'tokenPool'; mode: TokenPoolMode };

export const TOKEN_POOL_MODES = ['cls', 'mean'] as const;
export type TokenPoolMode = (typeof TOKEN_POOL_MODES)[number];

export type LayerType = LayerSpec['type'];
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adadelta'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const LOSSES = ['sparseCategoricalCrossentropy', 'meanSquaredError', 'meanAbsoluteError', 'huber'] as const;
export type LossName = (typeof LOSSES)[number];

/**
 * The learning rate as a function of (fractional) epoch: an optional linear warm-up from 0, then constant,
 * step decay (× factor every stepEpochs), exponential (× factor per epoch) or cosine down to minLearningRate.
 */
export interface ScheduleSpec {
  kind: 'constant' | 'step' | 'exponential' | 'cosine';
  warmupEpochs: number;
  stepEpochs: number;
  factor: number;
  minLearningRate: number;
}

export interface EarlyStoppingSpec {
  enabled: boolean;
  monitor: 'valLoss' | 'valMetric';
  patience: number;
  restoreBest: boolean;
}

export interface TrainingSpec {
  optimizer: OptimizerName;
  learningRate: number;
  /** For the momentum optimizer. */
  momentum: number;
  schedule: ScheduleSpec;
  loss: LossName;
  epochs: number;
  batchSize: number;
  /** Weight penalties on kernels (Dense, Conv2D, recurrent), added to the loss. */
  l1: number;
  l2: number;
  /** Fraction of the train split held out for validation. */
  validationFraction: number;
  earlyStopping: EarlyStoppingSpec;
  /** Train on at most this many examples of the train split (null: all). Handy for quick looks and tests. */
  maxTrainSamples: number | null;
  /**
   * Gradient clipping by global norm (Keras `global_clipnorm`, tf.clip_by_global_norm): before every optimizer step
   * all gradients are scaled by min(1, clipNorm / ‖g‖), ‖g‖ the L2 norm of every gradient together. null: off.
   * Optional in older specs and links (restored as null).
   */
  clipNorm: number | null;
}

export const DEFAULT_SCHEDULE: ScheduleSpec = { kind: 'constant', warmupEpochs: 0, stepEpochs: 10, factor: 0.5, minLearningRate: 0 };
export const DEFAULT_EARLY_STOPPING: EarlyStoppingSpec = { enabled: false, monitor: 'valLoss', patience: 3, restoreBest: true };

export interface ExperimentSpec {
  version: 1;
  /** Preset name, or 'Custom' once edited. */
  name: string;
  dataset: DatasetRef;
  model: { layers: LayerSpec[] };
  training: TrainingSpec;
  seed: number;
}

/** Which data, split how, scaled how. */
export interface DatasetRef {
  id: string;
  fingerprint?: string;
  /** Held-out test fraction (unless the dataset brings its own test set). */
  testFraction: number;
  splitSeed: number;
  /** scale01: x/255 for images; standardize: (x − mean)/std per feature, from the train split. */
  normalization: Normalization;
  /** A table's preprocessing recipe; the same file (by fingerprint) with it gives the same dataset. */
  table?: TableRecipe;
  /**
   * Regression: the model ends in a fixed layer y = z·std + mean of the train split's targets and the loss is
   * measured in std units (models/targetScale.ts). New regression specs set it; links made before it lack it.
   */
  standardizeTarget?: boolean;
}

export const SPEC_VERSION = 1 as const;

/** The name of the fixed layer a standardizeTarget model ends in (models/targetScale.ts); kept here, free of tfjs. */
export const TARGET_SCALE_LAYER = 'target_scale';

export function splitConfigOf(spec: { dataset: DatasetRef; training: Pick<TrainingSpec, 'validationFraction'> }): { testFraction: number; validationFraction: number; seed: number } {
  return { testFraction: spec.dataset.testFraction, validationFraction: spec.training.validationFraction, seed: spec.dataset.splitSeed };
}

/** True when any layer needs a convolution kernel (every backend trains those; wasm with kernels of its own, see training/kernels/). */
export function hasConvLayers(spec: Pick<ExperimentSpec, 'model'>): boolean {
  return spec.model.layers.some((l) => l.type === 'conv2d' || l.type === 'residual' || l.type === 'patchEmbed');
}
