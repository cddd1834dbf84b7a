import type { DatasetKind, Task } from '../core/types';
import type { ExperimentSpec, LayerSpec, TrainingSpec } from './spec';
import { SPEC_VERSION } from './spec';
import { BUNDLED_MNIST_ID } from '../data/bundledMnist';
import { DEFAULT_SPLIT_SEED, DEFAULT_TEST_FRACTION } from '../data/split';

export type PresetId = 'keras-mlp' | 'cnn' | 'mlp-small' | 'mlp-regression';

/** What a preset needs to know about the data to shape its input and head. */
export interface DataContext {
  kind: DatasetKind;
  task: Task;
  numClasses: number;
}

export interface Preset {
  id: PresetId;
  label: string;
  description: string;
  /** Which data it suits. */
  fits: (ctx: DataContext) => boolean;
  layers: (ctx: DataContext) => LayerSpec[];
  training: TrainingSpec;
}

export const MNIST_CONTEXT: DataContext = { kind: 'image', task: 'classification', numClasses: 10 };

const KERAS_TRAINING: TrainingSpec = {
  optimizer: 'adam',
  learningRate: 0.001,
  loss: 'sparseCategoricalCrossentropy',
  epochs: 5,
  batchSize: 32,
  validationFraction: 0.1,
  maxTrainSamples: null,
};

const classifierHead = (ctx: DataContext): LayerSpec => ({ type: 'dense', units: Math.max(2, ctx.numClasses), activation: 'softmax' });
/** Images need flattening before Dense layers; table rows are flat already. */
const flattenFor = (ctx: DataContext): LayerSpec[] => (ctx.kind === 'image' ? [{ type: 'flatten' }] : []);

export const PRESETS: readonly Preset[] = [
  {
    id: 'keras-mlp',
    label: 'Keras MLP',
    description: 'The classic Keras MNIST example: Flatten → Dense 128 relu → Dropout 0.2 → Dense softmax; Adam, 5 epochs, batch 32.',
    fits: (ctx) => ctx.task === 'classification',
    layers: (ctx) => [...flattenFor(ctx), { type: 'dense', units: 128, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, classifierHead(ctx)],
    training: KERAS_TRAINING,
  },
  {
    id: 'cnn',
    label: 'CNN',
    description: 'Two conv + max-pool blocks (32 and 64 filters, 3×3) and a dense head with dropout; Adam, 5 epochs, batch 32.',
    fits: (ctx) => ctx.kind === 'image' && ctx.task === 'classification',
    layers: (ctx) => [
      { type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2, strides: 2 },
      { type: 'conv2d', filters: 64, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2, strides: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dropout', rate: 0.3 },
      classifierHead(ctx),
    ],
    training: KERAS_TRAINING,
  },
  {
    id: 'mlp-small',
    label: 'Small MLP (tables, 2-D points)',
    description: 'Two hidden layers of 16 tanh units, as in TensorFlow Playground; Adam 0.01, 40 epochs.',
    fits: (ctx) => ctx.kind === 'tabular' && ctx.task === 'classification',
    layers: (ctx) => [
      { type: 'dense', units: 16, activation: 'tanh' },
      { type: 'dense', units: 16, activation: 'tanh' },
      classifierHead(ctx),
    ],
    training: { ...KERAS_TRAINING, learningRate: 0.01, epochs: 40 },
  },
  {
    id: 'mlp-regression',
    label: 'MLP regression',
    description: 'Dense 64 relu → Dropout 0.1 → Dense 64 relu → Dense 1 linear; mean squared error, Adam 0.01, 60 epochs.',
    fits: (ctx) => ctx.task === 'regression',
    layers: (ctx) => [
      ...flattenFor(ctx),
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dropout', rate: 0.1 },
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 1, activation: 'linear' },
    ],
    training: { ...KERAS_TRAINING, loss: 'meanSquaredError', learningRate: 0.01, epochs: 60 },
  },
];

export const DEFAULT_SEED = 42;

export function presetsFor(ctx: DataContext): Preset[] {
  return PRESETS.filter((p) => p.fits(ctx));
}

/** The preset offered first for a kind of data: the Keras MLP for images, the small MLP for tables, MLP regression for numbers. */
export function recommendedPreset(ctx: DataContext): PresetId {
  if (ctx.task === 'regression') return 'mlp-regression';
  return ctx.kind === 'image' ? 'keras-mlp' : 'mlp-small';
}

export function specFromPreset(id: PresetId, ctx: DataContext = MNIST_CONTEXT, seed = DEFAULT_SEED): ExperimentSpec {
  const preset = PRESETS.find((p) => p.id === id && p.fits(ctx)) ?? presetsFor(ctx)[0] ?? PRESETS[0];
  return {
    version: SPEC_VERSION,
    name: preset.label,
    dataset: {
      id: BUNDLED_MNIST_ID,
      testFraction: DEFAULT_TEST_FRACTION,
      splitSeed: DEFAULT_SPLIT_SEED,
      normalization: ctx.kind === 'image' ? 'scale01' : 'standardize',
    },
    model: { layers: preset.layers(ctx) },
    training: { ...preset.training },
    seed,
  };
}
