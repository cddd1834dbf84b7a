import type { DatasetKind, Task } from '../core/types';
import type { Activation, ExperimentSpec, LayerSpec, Padding, TrainingSpec } from './spec';
import { DEFAULT_EARLY_STOPPING, DEFAULT_SCHEDULE, SPEC_VERSION } from './spec';
import { BUNDLED_MNIST_ID } from '../data/bundledMnist';
import { DEFAULT_SPLIT_SEED, DEFAULT_TEST_FRACTION } from '../data/split';

export type PresetId = 'keras-mlp' | 'mlp-digits' | 'cnn' | 'mlp-small' | 'mlp-regression' | 'lenet5' | 'tfjs-convnet' | 'vgg-small' | 'resnet-small' | 'lstm-rows' | 'vit-tiny';

/** What a preset needs to know about the data to shape its input and head. */
export interface DataContext {
  kind: DatasetKind;
  task: Task;
  numClasses: number;
  /** The data's per-example shape, when known: presets that depend on it (the ViT's patch size) adapt to it. */
  inputShape?: readonly number[];
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
  momentum: 0.9,
  schedule: DEFAULT_SCHEDULE,
  loss: 'sparseCategoricalCrossentropy',
  epochs: 5,
  batchSize: 32,
  l1: 0,
  l2: 0,
  validationFraction: 0.1,
  earlyStopping: DEFAULT_EARLY_STOPPING,
  maxTrainSamples: null,
  clipNorm: null,
};

const classifierHead = (ctx: DataContext): LayerSpec => ({ type: 'dense', units: Math.max(2, ctx.numClasses), activation: 'softmax' });
/** Images need flattening before Dense layers; table rows are flat already. */
const flattenFor = (ctx: DataContext): LayerSpec[] => (ctx.kind === 'image' ? [{ type: 'flatten' }] : []);
const imageClassifier = (ctx: DataContext): boolean => ctx.kind === 'image' && ctx.task === 'classification';
const conv = (filters: number, kernelSize: number, padding: Padding, activation: Activation = 'relu'): LayerSpec => ({
  type: 'conv2d',
  filters,
  kernelSize,
  strides: 1,
  padding,
  activation,
});
// Functions, not shared constants: each spec gets its own layer objects, safe to edit.
/**
 * The ViT's patch size: 7 (a 4×4 grid on 28×28 digits) when it tiles the image, else the divisor of both sides
 * that gives a grid closest to 4×4 (32×32 → 8, also 4×4); 7 when the shape is unknown or nothing divides it
 * (shape inference then says which sizes would fit).
 */
export function vitPatchSize(shape: readonly number[] | undefined): number {
  if (!shape || shape.length !== 3) return 7;
  const [h, w] = shape;
  if (h % 7 === 0 && w % 7 === 0) return 7;
  let best = 7;
  let bestScore = Infinity;
  for (let p = 2; p <= Math.min(h, w); p++) {
    if (h % p !== 0 || w % p !== 0) continue;
    const score = Math.abs(Math.log((h / p) * (w / p) / 16));
    if (score < bestScore) [best, bestScore] = [p, score];
  }
  return best;
}

const maxPool = (): LayerSpec => ({ type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'valid' });
const avgPool = (): LayerSpec => ({ type: 'avgPool2d', poolSize: 2, strides: 2, padding: 'valid' });

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
    id: 'mlp-digits',
    label: 'Small MLP (digits)',
    description: 'Flatten → Dense 32 relu → Dropout 0.2 → Dense softmax (25,450 parameters): small enough for a demo link that carries its trained weights; Adam, 5 epochs.',
    fits: imageClassifier,
    layers: (ctx) => [...flattenFor(ctx), { type: 'dense', units: 32, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, classifierHead(ctx)],
    training: KERAS_TRAINING,
  },
  {
    id: 'cnn',
    label: 'CNN',
    description: 'Two conv + max-pool blocks (32 and 64 filters, 3×3) and a dense head with dropout; Adam, 5 epochs, batch 32.',
    fits: imageClassifier,
    layers: (ctx) => [
      conv(32, 3, 'valid'),
      maxPool(),
      conv(64, 3, 'valid'),
      maxPool(),
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
    // Playground's 2 × 16 tanh stalled near 60 % on the two-arm spiral in 40 epochs; 3 × 32 ReLU reaches ~98 %.
    description: 'Three hidden layers of 32 ReLU units; Adam 0.01, 40 epochs. Learns the two-arm spiral, which two small tanh layers do not.',
    fits: (ctx) => ctx.kind === 'tabular' && ctx.task === 'classification',
    layers: (ctx) => [
      { type: 'dense', units: 32, activation: 'relu' },
      { type: 'dense', units: 32, activation: 'relu' },
      { type: 'dense', units: 32, activation: 'relu' },
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
  {
    id: 'lenet5',
    label: 'LeNet-5',
    description: 'LeCun\'s LeNet-5 adapted to 28×28: conv 6@5×5 same → avg-pool → conv 16@5×5 → avg-pool → Dense 120 → 84, tanh; Adam, 5 epochs.',
    fits: imageClassifier,
    layers: (ctx) => [
      conv(6, 5, 'same', 'tanh'),
      avgPool(),
      conv(16, 5, 'valid', 'tanh'),
      avgPool(),
      { type: 'flatten' },
      { type: 'dense', units: 120, activation: 'tanh' },
      { type: 'dense', units: 84, activation: 'tanh' },
      classifierHead(ctx),
    ],
    training: KERAS_TRAINING,
  },
  {
    id: 'tfjs-convnet',
    label: 'TF.js MNIST ConvNet',
    description: 'The tfjs-examples MNIST ConvNet: conv 8@5×5 → max-pool → conv 16@5×5 → max-pool → Dense softmax; small and quick.',
    fits: imageClassifier,
    layers: (ctx) => [conv(8, 5, 'valid'), maxPool(), conv(16, 5, 'valid'), maxPool(), { type: 'flatten' }, classifierHead(ctx)],
    training: KERAS_TRAINING,
  },
  {
    id: 'vgg-small',
    label: 'Small VGG',
    description: 'Two VGG blocks (2× conv 3×3 same + max-pool; 16 then 32 filters), Dense 128, Dropout 0.3, softmax.',
    fits: imageClassifier,
    layers: (ctx) => [
      conv(16, 3, 'same'),
      conv(16, 3, 'same'),
      maxPool(),
      conv(32, 3, 'same'),
      conv(32, 3, 'same'),
      maxPool(),
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dropout', rate: 0.3 },
      classifierHead(ctx),
    ],
    training: KERAS_TRAINING,
  },
  {
    id: 'resnet-small',
    label: 'Small ResNet',
    description: 'Conv 16 3×3 then three residual blocks (16, 32, max-pool, 32) with batch norm, global average pooling, softmax.',
    fits: imageClassifier,
    layers: (ctx) => [
      conv(16, 3, 'same'),
      { type: 'residual', filters: 16, kernelSize: 3, activation: 'relu' },
      { type: 'residual', filters: 32, kernelSize: 3, activation: 'relu' },
      maxPool(),
      { type: 'residual', filters: 32, kernelSize: 3, activation: 'relu' },
      { type: 'globalAvgPool2d' },
      classifierHead(ctx),
    ],
    training: KERAS_TRAINING,
  },
  {
    id: 'lstm-rows',
    label: 'LSTM over rows',
    description: 'Reads the image row by row as a sequence: LSTM 128 → Dense softmax; Adam, 3 epochs (recurrent layers train slowly).',
    fits: imageClassifier,
    layers: (ctx) => [{ type: 'lstm', units: 128, returnSequences: false }, classifierHead(ctx)],
    training: { ...KERAS_TRAINING, epochs: 3 },
  },
  {
    id: 'vit-tiny',
    label: 'Tiny ViT',
    description: 'A small Vision Transformer: 7×7 patches → 16 tokens of 64 values + a class token, two pre-norm encoder blocks (4 heads, MLP 128), class-token head; Adam 0.002 with a 1-epoch warm-up and cosine decay, 15 epochs, batch 64.',
    // Patches must tile the image: 28×28 digits (7 divides 28); other images get an error that names the sizes that fit.
    fits: imageClassifier,
    layers: (ctx) => [
      { type: 'patchEmbed', patchSize: vitPatchSize(ctx.inputShape), dim: 64 },
      // Token dropout and head dropout: without them the model fits the 7,200 training digits exactly by epoch 9.
      { type: 'dropout', rate: 0.1 },
      { type: 'transformerBlock', heads: 4, mlpDim: 128 },
      { type: 'transformerBlock', heads: 4, mlpDim: 128 },
      { type: 'tokenPool', mode: 'cls' },
      { type: 'dropout', rate: 0.1 },
      classifierHead(ctx),
    ],
    training: {
      ...KERAS_TRAINING,
      learningRate: 0.002,
      batchSize: 64,
      epochs: 15,
      schedule: { ...DEFAULT_SCHEDULE, kind: 'cosine', warmupEpochs: 1, minLearningRate: 0.00005 },
    },
  },
];

export const DEFAULT_SEED = 42;
/** The model a new page opens with (the training worker prepares for it before the page asks: training.worker.ts). */
export const DEFAULT_PRESET: PresetId = 'keras-mlp';

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
      ...(ctx.task === 'regression' ? { standardizeTarget: true } : {}),
    },
    model: { layers: preset.layers(ctx) },
    training: { ...preset.training, schedule: { ...preset.training.schedule }, earlyStopping: { ...preset.training.earlyStopping } },
    seed,
  };
}

/** Deep equality of plain spec values, whatever the key order (a decoded link may order keys differently). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The preset whose model a spec has (its layers, for this data), or 'custom': a shared or pasted Keras MLP is shown
 * as "Keras MLP", not as an edited model. Training settings may differ (they are the person's to change).
 */
export function presetIdOf(spec: Pick<ExperimentSpec, 'model'>, ctx: DataContext = MNIST_CONTEXT): PresetId | 'custom' {
  const match = presetsFor(ctx).find((p) => sameValue(p.layers(ctx), spec.model.layers));
  return match ? match.id : 'custom';
}
