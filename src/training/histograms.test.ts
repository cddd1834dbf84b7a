import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizationParams } from '../data/normalize';
import { splitDataset } from '../data/split';
import { buildModel } from '../models/buildModel';
import { specFromPreset } from '../models/presets';
import { mnistFixture } from '../test/mnistFixture';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm } from './deviceData';
import { GRADIENT_BATCH, computeHistograms, histogramVariables } from './histograms';
import { readWeights } from './modelTransfer';
import { TrainingHost } from './host';
import { isEpochHistograms } from './inspect/histogramMath';
import type { FromEngine } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function setup(preset: 'keras-mlp' | 'cnn') {
  const ds = await mnistFixture(20);
  const spec = specFromPreset(preset);
  const split = splitDataset(ds.count, { testCount: 40, validationFraction: 0.1, seed: 3 });
  const data = uploadDataset(ds, 'cpu');
  const norm = uploadNorm(normalizationParams(ds, split.train, 'scale01'));
  const model = buildModel(spec, data.inputShape);
  const ctx = { data, norm, batch: split.train.slice(0, GRADIENT_BATCH), loss: spec.training.loss, l1: 0, l2: 0 };
  const dispose = () => {
    model.dispose();
    disposeDeviceData(data);
    disposeNorm(norm);
  };
  return { ds, spec, model, ctx, dispose };
}

describe('weight and gradient histograms in the engine (cpu backend)', () => {
  it('bins every kernel weight and its gradient, leaves the weights as they were and leaks no tensor', async () => {
    const { model, ctx, dispose } = await setup('keras-mlp');
    const before = await readWeights(model);
    const ranges = new Map<string, number>();
    const first = await computeHistograms(model, ctx, 1, ranges);
    const names = histogramVariables(model).map((v) => v.name);
    expect(names).toHaveLength(2);
    expect(first.layers.map((l) => `${l.kind}:${l.name}`)).toEqual([...names.map((n) => `weights:${n}`), ...names.map((n) => `gradients:${n}`)]);
    const kernels = model.layers.flatMap((l) => l.trainableWeights.filter((w) => w.originalName.endsWith('kernel')));
    for (const [i, h] of first.layers.entries()) {
      const k = kernels[i % kernels.length];
      // Every value lands in a bin: the counts add up to the kernel's size, and the range covers them all.
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(k.shape.reduce<number>((a, b) => a * (b ?? 1), 1));
      expect(h.outside).toBe(0);
      expect(h.hi).toBeGreaterThan(Math.max(Math.abs(h.min), Math.abs(h.max)));
      expect(h.std).toBeGreaterThan(0);
    }
    // The weight statistics are those of the kernel itself.
    const w0 = Array.from(kernels[0].read().dataSync());
    expect(first.layers[0].mean).toBeCloseTo(w0.reduce((a, b) => a + b, 0) / w0.length, 6);
    // MNIST's border pixels are 0 in every example: their rows of the first kernel get exactly no gradient.
    expect(first.layers[2].nearZero).toBeGreaterThan(0.05);
    expect(first.layers[0].nearZero).toBeLessThan(0.05);

    const flat = tf.memory().numTensors;
    await computeHistograms(model, ctx, 2, ranges);
    await computeHistograms(model, ctx, 3, ranges);
    expect(tf.memory().numTensors).toBe(flat);
    // Measuring does not touch the model.
    const after = await readWeights(model);
    expect(after.map((w) => Array.from(w.values))).toEqual(before.map((w) => Array.from(w.values)));
    dispose();
  });

  it('ranges only grow: a later epoch with larger weights widens the range, smaller ones keep it', async () => {
    const { model, ctx, dispose } = await setup('keras-mlp');
    const ranges = new Map<string, number>();
    const first = await computeHistograms(model, ctx, 1, ranges);
    const k = histogramVariables(model)[0].variable;
    const original = k.clone();
    k.assign(tf.tidy(() => original.mul(10)));
    const wide = await computeHistograms(model, ctx, 2, ranges);
    expect(wide.layers[0].hi).toBeGreaterThan(first.layers[0].hi);
    k.assign(original);
    const back = await computeHistograms(model, ctx, 3, ranges);
    expect(back.layers[0].hi).toBe(wide.layers[0].hi);
    expect(back.layers[0].std).toBeCloseTo(first.layers[0].std, 6);
    original.dispose();
    dispose();
  });

  it('an empty gradient batch gives weights only', async () => {
    const { model, ctx, dispose } = await setup('keras-mlp');
    const h = await computeHistograms(model, { ...ctx, batch: new Int32Array(0) }, 1, new Map());
    expect(h.layers.every((l) => l.kind === 'weights')).toBe(true);
    dispose();
  });

  // The CNN's cost is measured in the browser on WASM (tfjs-cpu in Node takes ~27 s for its 64-example gradient).
  it('reports its cost for the Keras MLP', async () => {
    for (const preset of ['keras-mlp'] as const) {
      const { model, ctx, dispose } = await setup(preset);
      const ranges = new Map<string, number>();
      await computeHistograms(model, ctx, 1, ranges);
      const times: number[] = [];
      for (let e = 2; e <= 4; e++) times.push((await computeHistograms(model, ctx, e, ranges)).computeMs);
      const sorted = times.sort((a, b) => a - b);
      console.log(`[histograms] ${preset}: ${model.countParams()} params, median ${sorted[1].toFixed(1)} ms per epoch on tfjs-cpu (Node)`);
      expect(sorted[1]).toBeGreaterThan(0);
      dispose();
    }
  }, 30_000);

  it('a run sends one small, valid histograms message per epoch, after its summary, with a flat tensor count', async () => {
    const msgs: FromEngine[] = [];
    const host = new TrainingHost((m) => msgs.push(m));
    const ds = await mnistFixture(10);
    await host.handle({ type: 'setDataset', dataset: ds });
    const spec = specFromPreset('mlp-digits');
    spec.training.epochs = 3;
    await host.handle({ type: 'start', runId: 'r1', spec, backend: 'cpu' });
    expect(msgs.at(-1)).toMatchObject({ type: 'runState', state: 'done' });
    const sent = msgs.filter((m): m is Extract<FromEngine, { type: 'histograms' }> => m.type === 'histograms');
    expect(sent.map((m) => m.histograms.epoch)).toEqual([1, 2, 3]);
    for (const m of sent) {
      expect(m.runId).toBe('r1');
      expect(isEpochHistograms(m.histograms)).toBe(true);
      expect(m.histograms.layers.map((l) => l.kind)).toEqual(['weights', 'weights', 'gradients', 'gradients']);
      // A few KB per epoch.
      expect(JSON.stringify(m.histograms).length).toBeLessThan(4096);
      const summaryAt = msgs.findIndex((x) => x.type === 'epochEnd' && x.summary.epoch === m.histograms.epoch);
      expect(msgs.indexOf(m)).toBeGreaterThan(summaryAt);
    }
    const tensors = msgs.filter((m) => m.type === 'epochEnd').map((m) => (m.type === 'epochEnd' ? m.summary.numTensors : 0));
    expect(new Set(tensors).size).toBe(1);
    await host.handle({ type: 'reset' });
  }, 60_000);
});
