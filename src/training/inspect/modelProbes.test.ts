import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import type { Dataset } from '../../core/types';
import { buildModel } from '../../models/buildModel';
import { specFromPreset } from '../../models/presets';
import { hasDropout, isMonteCarloDropout, SeededDropout, setMonteCarloDropout } from '../../models/seededDropout';
import { inferShapes } from '../../models/shapes';
import type { LayerSpec } from '../../models/spec';
import { disposeDeviceData, disposeNorm, gatherInputs, uploadDataset, uploadNorm, type DeviceData, type DeviceNorm } from '../deviceData';
import { predictOutputs } from '../evaluate';
import {
  deviceBinCounts,
  firstConvFilters,
  isSpecLayerName,
  layerActivations,
  layerActivationsForIndex,
  mcDropoutPredict,
  mcDropoutPredictRaw,
  weightHistograms,
} from './modelProbes';

const SHAPE = [8, 8, 1];
const CLASSES = 3;
const COUNT = 12;

function syntheticDataset(): Dataset {
  const rng = createRng(42);
  return {
    id: 'synthetic-test',
    name: 'test',
    source: 'test',
    kind: 'image',
    task: 'classification',
    count: COUNT,
    inputShape: SHAPE,
    x: Uint8Array.from({ length: COUNT * 64 }, () => Math.floor(rng() * 256)),
    y: Uint8Array.from({ length: COUNT }, (_, i) => i % CLASSES),
    numClasses: CLASSES,
    classNames: ['a', 'b', 'c'],
    featureNames: [],
    targetName: 'class',
    testFrom: null,
    fingerprint: 'test',
  };
}

const cnnLayers = (rate: number, extra: LayerSpec[] = []): LayerSpec[] => [
  { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
  ...extra,
  { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'valid' },
  { type: 'flatten' },
  { type: 'dense', units: 8, activation: 'relu' },
  { type: 'dropout', rate },
  { type: 'dense', units: CLASSES, activation: 'softmax' },
];

const build = (layers: LayerSpec[], seed = 7, shape: number[] = SHAPE) => buildModel({ model: { layers }, seed }, shape);

/** Runs `f`, checking that it leaves no tensor behind. */
async function noLeak<T>(f: () => Promise<T> | T): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await f();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

/** Pass t of a [T, n, C] sample array. */
const pass = (samples: Float32Array, t: number, n: number) => Array.from(samples.subarray(t * n * CLASSES, (t + 1) * n * CLASSES));

let data: DeviceData;
let norm: DeviceNorm;
const indices = Int32Array.from({ length: COUNT }, (_, i) => i);

beforeAll(async () => {
  await tf.setBackend('cpu');
  data = uploadDataset(syntheticDataset(), 'cpu');
  norm = uploadNorm({ shift: new Float32Array([0]), scale: new Float32Array([1 / 255]) });
});

afterAll(() => {
  disposeDeviceData(data);
  disposeNorm(norm);
});

describe('Monte Carlo dropout', () => {
  it('gives identical passes equal to plain predictions without dropout, and resets the switch', async () => {
    for (const model of [build(cnnLayers(0)), build(cnnLayers(0).filter((l) => l.type !== 'dropout'))]) {
      expect(hasDropout(model)).toBe(false);
      // Chunks of 5 over 12 examples: three chunks joined on the example axis.
      const samples = await noLeak(() => mcDropoutPredict(model, data, norm, indices, 4, 5));
      expect(samples.length).toBe(4 * COUNT * CLASSES);
      const plain = Array.from(await predictOutputs(model, data, norm, indices));
      for (let t = 0; t < 4; t++) expect(pass(samples, t, COUNT)).toEqual(plain);
      expect(isMonteCarloDropout()).toBe(false);
      model.dispose();
    }
  });

  it('samples a different mask each pass with rate 0.5, without touching the training counter', async () => {
    const model = build(cnnLayers(0.5));
    expect(hasDropout(model)).toBe(true);
    const layer = model.getLayer('dropout_1') as SeededDropout;
    const samples = await noLeak(() => mcDropoutPredict(model, data, norm, indices, 3, 5));
    expect(samples.length).toBe(3 * COUNT * CLASSES);
    expect(pass(samples, 1, COUNT)).not.toEqual(pass(samples, 0, COUNT));
    expect(pass(samples, 2, COUNT)).not.toEqual(pass(samples, 1, COUNT));
    // Each sample is still a softmax row.
    for (let r = 0; r < 3 * COUNT; r++) {
      const row = samples.subarray(r * CLASSES, (r + 1) * CLASSES);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(layer.calls).toBe(0);
    // 3 chunks × 3 passes.
    expect(layer.mcCalls).toBe(9);
    // Plain predictions are deterministic again afterwards.
    const a = await predictOutputs(model, data, norm, indices);
    const b = await predictOutputs(model, data, norm, indices);
    expect(Array.from(a)).toEqual(Array.from(b));
    model.dispose();
  });

  it('samples a raw example, normalised like the training data', async () => {
    const model = build(cnnLayers(0.5));
    const raw = Float32Array.from(syntheticDataset().x.subarray(3 * 64, 4 * 64));
    const samples = await noLeak(() => mcDropoutPredictRaw(model, norm, raw, SHAPE, 6));
    expect(samples.length).toBe(6 * CLASSES);
    const distinct = new Set(Array.from({ length: 6 }, (_, t) => pass(samples, t, 1).join(',')));
    expect(distinct.size).toBeGreaterThan(1);
    model.dispose();

    const still = build(cnnLayers(0));
    const once = await mcDropoutPredictRaw(still, norm, raw, SHAPE, 3);
    const plain = Array.from(await predictOutputs(still, data, norm, Int32Array.of(3)));
    for (let t = 0; t < 3; t++) expect(pass(once, t, 1)).toEqual(plain);
    still.dispose();
  });

  it('leaves the training mask sequence unchanged', async () => {
    const a = build(cnnLayers(0.5), 11);
    const b = build(cnnLayers(0.5), 11);
    const x = gatherInputs(data, norm, tf.tensor1d(indices, 'int32'));
    const trainStep = (m: tf.LayersModel) => tf.tidy(() => Array.from((m.apply(x, { training: true }) as tf.Tensor).dataSync()));
    const plain = [trainStep(a), trainStep(a), trainStep(a)];
    const raw = new Float32Array(64).fill(128);
    const mixed = [trainStep(b)];
    await mcDropoutPredict(b, data, norm, indices, 2);
    mixed.push(trainStep(b));
    await mcDropoutPredictRaw(b, norm, raw, SHAPE, 2);
    mixed.push(trainStep(b));
    expect(mixed).toEqual(plain);
    expect(plain[1]).not.toEqual(plain[0]);
    x.dispose();
    a.dispose();
    b.dispose();
  });

  it('keeps batch norm in inference mode', async () => {
    // conv → batch norm → … with dropout 0: MC passes equal plain inference, not the batch-statistics output.
    const model = build(cnnLayers(0, [{ type: 'batchNorm' }]));
    const samples = await noLeak(() => mcDropoutPredict(model, data, norm, indices, 3));
    const plain = Array.from(await predictOutputs(model, data, norm, indices));
    for (let t = 0; t < 3; t++) expect(pass(samples, t, COUNT)).toEqual(plain);
    const batchStats = tf.tidy(() => Array.from((model.apply(gatherInputs(data, norm, tf.tensor1d(indices, 'int32')), { training: true }) as tf.Tensor).dataSync()));
    expect(batchStats).not.toEqual(plain);
    model.dispose();

    // Batch norm → dropout 0.5 with MC on directly: each unit is dropped or the inference value × 2.
    const bnDrop = build([{ type: 'batchNorm' }, { type: 'dropout', rate: 0.5 }], 3, [16]);
    const x = tf.randomNormal([8, 16], 3, 2, 'float32', 5);
    const inference = (bnDrop.predict(x) as tf.Tensor).dataSync();
    const previous = setMonteCarloDropout(true);
    let mc: Float32Array;
    try {
      mc = (bnDrop.predict(x) as tf.Tensor).dataSync() as Float32Array;
    } finally {
      setMonteCarloDropout(previous);
    }
    let dropped = 0;
    mc.forEach((v, i) => {
      if (v === 0) dropped++;
      else expect(v).toBeCloseTo(2 * inference[i], 4);
    });
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(mc.length);
    x.dispose();
    bnDrop.dispose();
  });

  it('rejects a pass count below 1', async () => {
    const model = build(cnnLayers(0.5));
    await expect(mcDropoutPredict(model, data, norm, indices, 0)).rejects.toThrow(RangeError);
    expect(isMonteCarloDropout()).toBe(false);
    model.dispose();
  });
});

describe('layerActivations', () => {
  it('returns every spec layer with inferShapes shapes; the last equals predict', async () => {
    const layers: LayerSpec[] = [
      { type: 'residual', filters: 2, kernelSize: 3, activation: 'relu' },
      ...cnnLayers(0.5, [{ type: 'batchNorm' }]),
    ];
    const model = build(layers);
    const x = gatherInputs(data, norm, tf.tensor1d([2], 'int32'));
    const acts = await noLeak(() => layerActivations(model, x));
    const summary = inferShapes(layers, SHAPE);
    expect(acts.map((a) => a.name)).toEqual(summary.layers.map((l) => l.name));
    expect(acts.map((a) => a.shape)).toEqual(summary.layers.map((l) => [...l.outputShape]));
    expect(acts.map((a) => a.className)).toEqual(['Activation', 'Conv2D', 'BatchNormalization', 'MaxPooling2D', 'Flatten', 'Dense', 'SeededDropout', 'Dense']);
    acts.forEach((a) => {
      expect(a.truncated).toBe(false);
      expect(a.values.length).toBe(a.shape.reduce((p, d) => p * d, 1));
    });
    const direct = tf.tidy(() => Array.from((model.predict(x) as tf.Tensor).dataSync()));
    expect(Array.from(acts[acts.length - 1].values)).toEqual(direct);
    // Dropout is the identity at inference.
    expect(Array.from(acts[6].values)).toEqual(Array.from(acts[5].values));

    const cut = await noLeak(() => layerActivations(model, x, { maxValues: 10 }));
    expect(cut[0].truncated).toBe(true);
    expect(cut[0].values.length).toBe(10);
    expect(Array.from(cut[0].values)).toEqual(Array.from(acts[0].values.subarray(0, 10)));
    expect(cut[cut.length - 1].truncated).toBe(false);

    const byIndex = await noLeak(() => layerActivationsForIndex(model, data, norm, 2));
    expect(byIndex.map((a) => Array.from(a.values))).toEqual(acts.map((a) => Array.from(a.values)));
    const some = await layerActivations(model, x, { names: ['dense_1', 'conv2d_1'] });
    expect(some.map((a) => a.name)).toEqual(['conv2d_1', 'dense_1']);
    await expect(layerActivationsForIndex(model, data, norm, COUNT)).rejects.toThrow(RangeError);
    x.dispose();
    model.dispose();
  });

  it('skips the rows reshape of a recurrent layer and works for a flat MLP', async () => {
    const layers: LayerSpec[] = [{ type: 'gru', units: 5, returnSequences: false }, { type: 'dense', units: CLASSES, activation: 'softmax' }];
    const model = build(layers);
    expect(model.layers.map((l) => l.name)).toContain('gru_1_rows');
    const acts = await noLeak(() => layerActivationsForIndex(model, data, norm, 0));
    expect(acts.map((a) => [a.name, a.shape])).toEqual([
      ['gru_1', [5]],
      ['dense_1', [CLASSES]],
    ]);
    model.dispose();

    const spec = specFromPreset('keras-mlp');
    const mlp = build(spec.model.layers, 1);
    const mlpActs = await noLeak(() => layerActivationsForIndex(mlp, data, norm, 1));
    expect(mlpActs.map((a) => a.name)).toEqual(inferShapes(spec.model.layers, SHAPE).layers.map((l) => l.name));
    mlp.dispose();
  });

  it('recognises spec layer names only', () => {
    expect(['conv2d_1', 'maxpool2d_2', 'globalavgpool2d_1', 'batchnorm_3', 'residual_12', 'lstm_1'].every(isSpecLayerName)).toBe(true);
    expect(['input1', 'residual_1_conv_a', 'lstm_1_rows', 'dense_Dense1'].some(isSpecLayerName)).toBe(false);
  });
});

describe('firstConvFilters', () => {
  it('returns the first Conv2D kernel, or null without one', async () => {
    const model = build(cnnLayers(0.5));
    const filters = await firstConvFilters(model);
    expect(filters?.name).toBe('conv2d_1');
    expect(filters?.size).toEqual([3, 3, 1, 4]);
    expect(Array.from(filters!.kernel)).toEqual(Array.from(model.getLayer('conv2d_1').getWeights()[0].dataSync()));
    model.dispose();
    const mlp = build(specFromPreset('keras-mlp').model.layers);
    expect(await firstConvFilters(mlp)).toBeNull();
    mlp.dispose();
  });
});

describe('weightHistograms', () => {
  it('histograms every kernel on the device, counts summing to its size', async () => {
    const model = build([{ type: 'lstm', units: 4, returnSequences: false }, ...cnnLayers(0.5).slice(3)], 5);
    const bins = 12;
    const hists = await noLeak(() => weightHistograms(model, bins));
    expect(hists.map((h) => `${h.layer}/${h.weight}`)).toEqual(['lstm_1/kernel', 'lstm_1/recurrent_kernel', 'dense_1/kernel', 'dense_2/kernel']);
    for (const h of hists) {
      const layer = model.getLayer(h.layer);
      const w = layer.weights.find((v) => v.originalName.endsWith(`/${h.weight}`))!;
      const values = Array.from(w.read().dataSync());
      expect(h.counts.length).toBe(bins);
      expect(h.edges.length).toBe(bins + 1);
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
      expect(h.min).toBe(Math.min(...values));
      expect(h.max).toBe(Math.max(...values));
      expect(h.edges[0]).toBe(h.min);
      expect(h.edges[bins]).toBe(h.max);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
      expect(h.mean).toBeCloseTo(mean, 5);
      expect(h.std).toBeCloseTo(std, 5);
      // Host-side bucketing agrees except, at most, for values sitting on an edge.
      const host = new Array<number>(bins).fill(0);
      for (const v of values) host[Math.min(bins - 1, Math.floor(((v - h.min) / (h.max - h.min)) * bins))]++;
      const off = host.reduce((s, c, k) => s + Math.abs(c - h.counts[k]), 0);
      expect(off).toBeLessThanOrEqual(2);
    }
    model.dispose();
  });

  it('includes residual sub-convolutions and skips batch-norm parameters', async () => {
    const model = build([{ type: 'residual', filters: 2, kernelSize: 3, activation: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 2, activation: 'softmax' }]);
    const hists = await weightHistograms(model, 5);
    expect(hists.map((h) => h.layer)).toEqual(['residual_1_conv_a', 'residual_1_conv_b', 'residual_1_proj', 'dense_1']);
    expect(hists.every((h) => h.weight === 'kernel')).toBe(true);
    model.dispose();
  });

  it('counts the same with bincount and a sliced one-hot sum, and handles a constant kernel', async () => {
    const idx = tf.tensor1d(Int32Array.from({ length: 5000 }, (_, i) => (i * 7919) % 13), 'int32');
    const a = deviceBinCounts(idx, 13, 'bincount');
    const b = deviceBinCounts(idx, 13, 'oneHot');
    expect(b.dtype).toBe('float32');
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(a.dataSync()).reduce((s, c) => s + c, 0)).toBe(5000);
    tf.dispose([idx, a, b]);

    const model = build([{ type: 'dense', units: 3, activation: 'linear' }], 1, [4]);
    const dense = model.getLayer('dense_1');
    const constant = [tf.fill([4, 3], 0.5), tf.zeros([3])];
    dense.setWeights(constant);
    tf.dispose(constant);
    const [h] = await noLeak(() => weightHistograms(model, 4));
    expect(h.counts).toEqual([12, 0, 0, 0]);
    expect([h.min, h.max, h.mean, h.std]).toEqual([0.5, 0.5, 0.5, 0]);
    model.dispose();
  });
});
