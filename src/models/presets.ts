import type { ExperimentSpec, LayerSpec, TrainingSpec } from './spec';
import { SPEC_VERSION } from './spec';
import { BUNDLED_MNIST_ID } from '../data/bundledMnist';

export type PresetId = 'keras-mlp' | 'cnn';

export interface Preset {
  id: PresetId;
  label: string;
  description: string;
  layers: LayerSpec[];
  training: TrainingSpec;
}

const KERAS_TRAINING: TrainingSpec = {
  optimizer: 'adam',
  learningRate: 0.001,
  loss: 'sparseCategoricalCrossentropy',
  epochs: 5,
  batchSize: 32,
  validationFraction: 0.1,
  maxTrainSamples: null,
};

export const PRESETS: readonly Preset[] = [
  {
    id: 'keras-mlp',
    label: 'Keras MLP',
    description: 'The classic Keras MNIST example: Flatten → Dense 128 relu → Dropout 0.2 → Dense 10 softmax; Adam, 5 epochs, batch 32.',
    layers: [
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    training: KERAS_TRAINING,
  },
  {
    id: 'cnn',
    label: 'CNN',
    description: 'Two conv + max-pool blocks (32 and 64 filters, 3×3) and a dense head with dropout; Adam, 5 epochs, batch 32.',
    layers: [
      { type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2, strides: 2 },
      { type: 'conv2d', filters: 64, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2, strides: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dropout', rate: 0.3 },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    training: KERAS_TRAINING,
  },
];

export const DEFAULT_SEED = 42;

export function specFromPreset(id: PresetId, seed = DEFAULT_SEED): ExperimentSpec {
  const preset = PRESETS.find((p) => p.id === id) ?? PRESETS[0];
  return {
    version: SPEC_VERSION,
    name: preset.label,
    dataset: { id: BUNDLED_MNIST_ID },
    // Copies, so editing a spec never mutates the preset table.
    model: { layers: preset.layers.map((l) => ({ ...l })) },
    training: { ...preset.training },
    seed,
  };
}
