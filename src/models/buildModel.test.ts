import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorscopeError } from '../core/errors';
import { buildModel, orthogonal } from './buildModel';
import { PRESETS, specFromPreset, type DataContext } from './presets';
import { inferShapes, type Shape } from './shapes';
import type { LayerSpec } from './spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Builds the layers with tfjs and checks every spec layer's shape and parameter count against inferShapes. */
function expectAgreement(layers: LayerSpec[], inputShape: Shape, seed = 7): void {
  const inferred = inferShapes(layers, inputShape);
  expect(inferred.layers.filter((l) => l.error)).toEqual([]);
  expect(inferred.valid).toBe(true);
  const model = buildModel({ model: { layers }, seed }, inputShape);
  try {
    const accounted = new Set<string>();
    for (const info of inferred.layers) {
      const layer = model.getLayer(info.name);
      expect((layer.outputShape as number[]).slice(1), info.name).toEqual([...info.outputShape]);
      // A residual block's sub-layers are "<name>_…"; a recurrent layer fed an image gets a "<name>_rows" reshape (no params).
      const parts = model.layers.filter((l) => l.name === info.name || l.name.startsWith(`${info.name}_`));
      parts.forEach((l) => accounted.add(l.name));
      const params = parts.reduce((s, l) => s + l.countParams(), 0);
      expect(params, info.name).toBe(info.params);
    }
    const unaccounted = model.layers.filter((l) => !accounted.has(l.name) && l.getClassName() !== 'InputLayer');
    expect(unaccounted.map((l) => l.name)).toEqual([]);
    expect(inferred.totalParams).toBe(model.countParams());
    expect(model.outputs[0].shape.slice(1)).toEqual([...inferred.layers[inferred.layers.length - 1].outputShape]);
  } finally {
    model.dispose();
  }
}

const conv = (filters: number, kernelSize: number, strides: number, padding: 'valid' | 'same'): LayerSpec => ({
  type: 'conv2d',
  filters,
  kernelSize,
  strides,
  padding,
  activation: 'relu',
});

const LAYER_CASES: [string, Shape, LayerSpec[]][] = [
  [
    'a ViT with mean pooling on a non-square image',
    [12, 8, 2],
    [
      { type: 'patchEmbed', patchSize: 4, dim: 12 },
      { type: 'transformerBlock', heads: 3, mlpDim: 20 },
      { type: 'tokenPool', mode: 'mean' },
      { type: 'dense', units: 3, activation: 'softmax' },
    ],
  ],
  ['dense', [8], [{ type: 'dense', units: 5, activation: 'relu' }]],
  ['conv2d valid, stride 2', [9, 9, 3], [conv(4, 3, 2, 'valid')]],
  ['conv2d same, stride 2, odd size', [9, 7, 3], [conv(4, 3, 2, 'same')]],
  ['conv2d stride 3 leaving a remainder', [10, 10, 1], [conv(2, 4, 3, 'valid')]],
  ['maxPool2d valid', [7, 7, 2], [{ type: 'maxPool2d', poolSize: 3, strides: 2, padding: 'valid' }]],
  ['maxPool2d same', [7, 5, 2], [{ type: 'maxPool2d', poolSize: 3, strides: 2, padding: 'same' }]],
  ['avgPool2d valid', [7, 7, 2], [{ type: 'avgPool2d', poolSize: 2, strides: 2, padding: 'valid' }]],
  ['avgPool2d same, stride 3', [7, 8, 2], [{ type: 'avgPool2d', poolSize: 2, strides: 3, padding: 'same' }]],
  ['globalAvgPool2d', [5, 5, 3], [{ type: 'globalAvgPool2d' }]],
  ['dropout', [6], [{ type: 'dropout', rate: 0.5 }]],
  ['batchNorm on a vector', [6], [{ type: 'batchNorm' }]],
  ['batchNorm on an image', [4, 4, 3], [{ type: 'batchNorm' }]],
  ['flatten', [4, 4, 3], [{ type: 'flatten' }]],
  ['reshape flat → 2-D', [12], [{ type: 'reshape', targetShape: [3, 4] }]],
  ['reshape image → 2-D', [4, 4, 3], [{ type: 'reshape', targetShape: [16, 3] }]],
  ['activation', [6], [{ type: 'activation', activation: 'swish' }]],
  ['residual with projection', [8, 8, 3], [{ type: 'residual', filters: 4, kernelSize: 3, activation: 'relu' }]],
  ['residual without projection', [8, 8, 4], [{ type: 'residual', filters: 4, kernelSize: 5, activation: 'elu' }]],
  ['lstm over image rows', [6, 5, 2], [{ type: 'lstm', units: 7, returnSequences: false }]],
  ['lstm returning sequences', [6, 5, 2], [{ type: 'lstm', units: 7, returnSequences: true }]],
  ['lstm on a 2-D sequence', [5, 7], [{ type: 'lstm', units: 3, returnSequences: false }]],
  ['gru over image rows', [6, 5, 2], [{ type: 'gru', units: 7, returnSequences: false }]],
  ['gru returning sequences', [5, 7], [{ type: 'gru', units: 3, returnSequences: true }]],
  [
    'stacked recurrent layers',
    [6, 5, 1],
    [
      { type: 'lstm', units: 4, returnSequences: true },
      { type: 'gru', units: 3, returnSequences: false },
    ],
  ],
  [
    'a mixed stack',
    [12, 12, 1],
    [
      conv(4, 3, 1, 'same'),
      { type: 'batchNorm' },
      { type: 'activation', activation: 'relu' },
      { type: 'residual', filters: 6, kernelSize: 3, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'valid' },
      { type: 'reshape', targetShape: [36, 6] },
      { type: 'gru', units: 5, returnSequences: true },
      { type: 'flatten' },
      { type: 'dropout', rate: 0.1 },
      { type: 'dense', units: 3, activation: 'softmax' },
    ],
  ],
];

const IMAGE_INPUTS: Shape[] = [
  [28, 28, 1],
  [32, 32, 3],
];
const IMAGE_CTX: DataContext = { kind: 'image', task: 'classification', numClasses: 10 };
const imagePresets = PRESETS.filter((p) => p.fits(IMAGE_CTX)).map((p) => p.id);

describe('buildModel', () => {
  it("builds the Keras MLP with exactly the Keras example's 101,770 parameters", () => {
    const model = buildModel(specFromPreset('keras-mlp'), [28, 28, 1]);
    expect(model.countParams()).toBe(101_770);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    model.dispose();
  });

  it.each(LAYER_CASES)('pure shape inference agrees with tfjs for %s', (_, input, layers) => {
    expectAgreement(layers, input);
  });

  it('covers every layer kind', () => {
    const kinds = new Set(LAYER_CASES.flatMap(([, , layers]) => layers.map((l) => l.type)));
    expect([...kinds].sort()).toEqual(
      ['activation', 'avgPool2d', 'batchNorm', 'conv2d', 'dense', 'dropout', 'flatten', 'globalAvgPool2d', 'gru', 'lstm', 'maxPool2d', 'reshape', 'residual', 'patchEmbed', 'transformerBlock', 'tokenPool'].sort(),
    );
  });

  it.each(PRESETS.map((p) => [p.id]))('pure shape inference agrees with tfjs for preset %s on MNIST', (id) => {
    expectAgreement(specFromPreset(id).model.layers, [28, 28, 1]);
  });

  it.each(imagePresets.map((id) => [id]))('image preset %s builds for 3-channel 32×32 images', (id) => {
    // The ViT's patch size follows the image when the context knows its shape (8 on 32×32: a 4×4 grid).
    const ctx = { ...IMAGE_CTX, inputShape: IMAGE_INPUTS[1] };
    expect(specFromPreset(id, ctx).name).toBe(PRESETS.find((p) => p.id === id)?.label);
    expectAgreement(specFromPreset(id, ctx).model.layers, IMAGE_INPUTS[1]);
  });

  it('refuses a ViT whose patch size does not tile the image, naming sizes that would', () => {
    const layers = specFromPreset('vit-tiny').model.layers; // patch 7, for 28×28
    const summary = inferShapes(layers, [32, 32, 3]);
    expect(summary.valid).toBe(false);
    expect(summary.layers[0].error).toBe('Patch size 7 does not divide the 32×32 input into whole patches; use one that divides both, e.g. 2, 4, 8, 16.');
    expect(() => buildModel({ model: { layers }, seed: 1 }, [32, 32, 3])).toThrow(/Layer 1 \(patchembed_1\): Patch size 7 does not divide/);
  });

  it.each(PRESETS.map((p) => [p.id]))('preset %s starts from the same weights for the same seed, and others for another', (id) => {
    const weightsOf = (seed: number) => {
      const m = buildModel({ ...specFromPreset(id), seed }, [28, 28, 1]);
      const w = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return w;
    };
    const a = weightsOf(1);
    expect(weightsOf(1)).toEqual(a);
    expect(weightsOf(2)[0]).not.toEqual(a[0]);
  });

  it('refuses an impossible spec with the reason, naming the layer', () => {
    const spec = { model: { layers: [{ type: 'dense', units: 10, activation: 'relu' } as const] }, seed: 1 };
    expect(() => buildModel(spec, [28, 28, 1])).toThrow(TensorscopeError);
    expect(() => buildModel(spec, [28, 28, 1])).toThrow(/Layer 1 \(dense_1\): Dense needs a flat input but gets \[28, 28, 1\]/);
    expect(() => buildModel({ model: { layers: [] }, seed: 1 }, [4])).toThrow(/no layers/);
  });

  it('passes the training flag through a functional model with residual blocks, and trains it with optimizer.minimize', () => {
    const spec = specFromPreset('resnet-small');
    const model = buildModel(spec, [8, 8, 1]);
    const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 3);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10);
    const optimizer = tf.train.adam(0.01);
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const cost = optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true);
      losses.push(cost!.dataSync()[0]);
      cost!.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    // Batch norm updated its moving statistics in training mode.
    const movingMean = model.getLayer('residual_1_bn_a').getWeights()[2].dataSync();
    expect(Array.from(movingMean).some((v) => v !== 0)).toBe(true);
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
  });

  it.each(imagePresets.map((id) => [id]))('image preset %s takes a training step with a finite loss', (id) => {
    const model = buildModel(specFromPreset(id), [28, 28, 1]);
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 4);
    const y = tf.oneHot(tf.tensor1d([3, 7], 'int32'), 10);
    const optimizer = tf.train.adam(0.001);
    const cost = optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true);
    expect(Number.isFinite(cost!.dataSync()[0])).toBe(true);
    tf.dispose([cost!, x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('gives recurrent layers a seeded orthogonal recurrent kernel', () => {
    for (const [rows, cols] of [
      [6, 24],
      [10, 4],
      [128, 512],
    ]) {
      const q = tf.tensor2d(orthogonal(rows, cols, 1), [rows, cols]);
      const gram = rows < cols ? tf.matMul(q, q, false, true) : tf.matMul(q, q, true, false);
      const identity = tf.eye(Math.min(rows, cols));
      expect(tf.max(tf.abs(tf.sub(gram, identity))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([q, gram, identity]);
    }
    expect(Array.from(orthogonal(4, 16, 1))).toEqual(Array.from(orthogonal(4, 16, 1)));
    expect(Array.from(orthogonal(4, 16, 1))).not.toEqual(Array.from(orthogonal(4, 16, 2)));
    const model = buildModel({ model: { layers: [{ type: 'lstm', units: 4, returnSequences: false }] }, seed: 3 }, [5, 3]);
    const kernel = model.getLayer('lstm_1').weights.find((w) => w.originalName.endsWith('recurrent_kernel'))!;
    const values = Array.from(kernel.read().dataSync());
    expect(values.some((v) => v !== 0)).toBe(true);
    model.dispose();
  });
});
