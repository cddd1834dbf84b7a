import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../models/buildModel';
import { specFromPreset } from '../models/presets';
import { splitDataset } from '../data/split';
import { mnistFixture } from '../test/mnistFixture';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm } from './deviceData';
import { normalizationParams } from '../data/normalize';
import { runTraining } from './loop';
import type { BatchMetric, EpochSummary } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('runTraining on the cpu backend', () => {
  it('lowers the loss, reports every batch, keeps the tensor count flat across epochs and scores well above chance', async () => {
    const ds = await mnistFixture(60); // 600 real digits
    const spec = specFromPreset('keras-mlp');
    spec.training.epochs = 3;
    spec.training.batchSize = 32;
    const split = splitDataset(ds.count, { testCount: 100, validationFraction: 0.1, seed: 3 });
    const before = tf.memory().numTensors;
    const data = uploadDataset(ds, 'cpu');
    const norm = uploadNorm(normalizationParams(ds, split.train, 'scale01'));
    const model = buildModel(spec, data.inputShape);
    const points: BatchMetric[] = [];
    const reads: number[] = [];
    const epochs: EpochSummary[] = [];
    const outcome = await runTraining(model, spec, data, norm, split, ds.y, {
      onMetrics: (p) => {
        reads.push(p.length);
        points.push(...p);
      },
      onEpochEnd: (s) => epochs.push(s),
      shouldContinue: () => true,
    });
    expect(outcome).toBe('done');
    const perEpoch = Math.ceil(split.train.length / 32);
    expect(points.length).toBe(3 * perEpoch);
    expect(points.map((p) => p.step)).toEqual(Array.from({ length: 3 * perEpoch }, (_, i) => i + 1));
    // The first batch is read back on its own (the first chart point appears at once); later reads gather batches.
    expect(reads[0]).toBe(1);
    expect(Math.max(...reads)).toBeGreaterThan(1);
    const first = points.slice(0, 5).reduce((s, p) => s + p.loss, 0) / 5;
    const last = points.slice(-5).reduce((s, p) => s + p.loss, 0) / 5;
    expect(last).toBeLessThan(first * 0.6);
    expect(epochs).toHaveLength(3);
    expect(epochs[1].numTensors).toBe(epochs[0].numTensors);
    expect(epochs[2].numTensors).toBe(epochs[1].numTensors);
    expect(epochs[2].testMetric).toBeGreaterThan(0.6);
    expect(epochs[2].valMetric).not.toBeNull();
    model.dispose();
    disposeDeviceData(data);
    disposeNorm(norm);
    // Everything the run made is gone once the model and data are disposed.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between batches when asked, and reproduces the same loss curve from the same seed', async () => {
    const ds = await mnistFixture(20);
    const spec = specFromPreset('keras-mlp');
    spec.training.epochs = 1;
    spec.model.layers = spec.model.layers.filter((l) => l.type !== 'dropout'); // dropout masks are not seeded
    const split = splitDataset(ds.count, { testCount: 40, validationFraction: 0, seed: 3 });
    const data = uploadDataset(ds, 'cpu');
    const norm = uploadNorm(normalizationParams(ds, split.train, 'scale01'));
    const curve = async (stopAfter: number | null) => {
      const model = buildModel(spec, data.inputShape);
      const losses: number[] = [];
      await runTraining(
        model,
        spec,
        data,
        norm,
        split,
        ds.y,
        { onMetrics: (p) => losses.push(...p.map((x) => x.loss)), onEpochEnd: () => {}, shouldContinue: () => stopAfter == null || losses.length < stopAfter },
        { readEveryBatches: 1 },
      );
      model.dispose();
      return losses;
    };
    const a = await curve(null);
    const b = await curve(null);
    expect(b).toEqual(a);
    const stopped = await curve(2);
    expect(stopped).toHaveLength(2);
    disposeDeviceData(data);
    disposeNorm(norm);
  });
});
