import type { Normalization } from '../core/types';

export type { Normalization };

/**
 * The experiment spec: a plain, serializable object that says what to train. Share links and saved runs
 * carry exactly this; `buildModel` turns its model part into a tf.LayersModel.
 */
export type Activation = 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'linear';
export type Padding = 'valid' | 'same';

export type LayerSpec =
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation: Activation }
  | { type: 'dropout'; rate: number }
  | { type: 'conv2d'; filters: number; kernelSize: number; strides: number; padding: Padding; activation: Activation }
  | { type: 'maxPool2d'; poolSize: number; strides: number };

export type LayerType = LayerSpec['type'];
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

export type LossName = 'sparseCategoricalCrossentropy' | 'meanSquaredError';

export interface TrainingSpec {
  optimizer: OptimizerName;
  learningRate: number;
  loss: LossName;
  epochs: number;
  batchSize: number;
  /** Fraction of the train split held out for validation. */
  validationFraction: number;
  /** Train on at most this many examples of the train split (null: all). Handy for quick looks and tests. */
  maxTrainSamples: number | null;
}

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
}

export const SPEC_VERSION = 1 as const;

export function splitConfigOf(spec: { dataset: DatasetRef; training: Pick<TrainingSpec, 'validationFraction'> }): { testFraction: number; validationFraction: number; seed: number } {
  return { testFraction: spec.dataset.testFraction, validationFraction: spec.training.validationFraction, seed: spec.dataset.splitSeed };
}

/** True when any layer needs a convolution kernel (the wasm backend of tfjs 4.22 cannot train those). */
export function hasConvLayers(spec: Pick<ExperimentSpec, 'model'>): boolean {
  return spec.model.layers.some((l) => l.type === 'conv2d');
}
