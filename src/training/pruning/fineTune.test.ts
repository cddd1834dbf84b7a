import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizationParams } from '../../data/normalize';
import { splitDataset } from '../../data/split';
import { buildModel } from '../../models/buildModel';
import { specFromPreset } from '../../models/presets';
import { mnistFixture } from '../../test/mnistFixture';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm } from '../deviceData';
import { pruneAndFineTune, scheduleFor } from './fineTune';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const zerosOf = (v: Float32Array) => {
  const out: number[] = [];
  v.forEach((x, i) => x === 0 && out.push(i));
  return out;
};

describe('pruning while fine-tuning (cpu backend)', () => {
  it('reaches the target on every kernel, keeps pruned weights at exactly 0 through later steps, leaves biases dense and leaks nothing', async () => {
    const ds = await mnistFixture(10);
    const spec = specFromPreset('keras-mlp');
    const split = splitDataset(ds.count, { testCount: 20, validationFraction: 0.1, seed: 3 });
    const data = uploadDataset(ds, 'cpu');
    const norm = uploadNorm(normalizationParams(ds, split.train, 'scale01'));
    const model = buildModel(spec, data.inputShape);
    const kernels = model.trainableWeights.filter((w) => w.originalName.endsWith('kernel'));
    const biases = model.trainableWeights.filter((w) => w.originalName.endsWith('bias'));
    const run = { sparsity: 0.8, scope: 'layer' as const, steps: 12, seed: 1 };
    const { endStep } = scheduleFor(run);
    let step = 0;
    let frozen: number[][] = [];
    const tensorsBefore = tf.memory().numTensors;
    const reached = await pruneAndFineTune(model, data, norm, split.train, spec, run, async () => {
      step++;
      // Just after the last mask update: the zeros then must still be zeros at the end.
      if (step === endStep + 1) frozen = kernels.map((k) => zerosOf(k.read().dataSync() as Float32Array));
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // floor(0.8 · n) per kernel: the whole model sits a hair under 80 %.
    expect(reached).toBeCloseTo(0.8, 3);
    kernels.forEach((k, i) => {
      const v = k.read().dataSync() as Float32Array;
      expect(zerosOf(v).length).toBe(Math.floor(0.8 * v.length));
      expect(zerosOf(v)).toEqual(frozen[i]);
    });
    for (const b of biases) expect(zerosOf(b.read().dataSync() as Float32Array).length).toBeLessThan(b.shape.reduce<number>((a, c) => a * (c ?? 1), 1));
    model.dispose();
    disposeDeviceData(data);
    disposeNorm(norm);
  }, 60_000);
});
