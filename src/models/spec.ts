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

export interface TrainingSpec {
  optimizer: OptimizerName;
  learningRate: number;
  loss: 'sparseCategoricalCrossentropy';
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
  dataset: { id: string; fingerprint?: string };
  model: { layers: LayerSpec[] };
  training: TrainingSpec;
  seed: number;
}

export const SPEC_VERSION = 1 as const;

/** True when any layer needs a convolution kernel (the wasm backend of tfjs 4.22 cannot train those). */
export function hasConvLayers(spec: Pick<ExperimentSpec, 'model'>): boolean {
  return spec.model.layers.some((l) => l.type === 'conv2d');
}
