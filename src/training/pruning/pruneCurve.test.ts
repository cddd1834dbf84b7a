import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizationParams } from '../../data/normalize';
import { splitDataset } from '../../data/split';
import { buildModel } from '../../models/buildModel';
import { specFromPreset } from '../../models/presets';
import { mnistFixture } from '../../test/mnistFixture';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm } from '../deviceData';
import { readWeights } from '../modelTransfer';
import { pruneAndFineTune } from './fineTune';
import { isPrunable, sparsityOf } from './masks';
import { pruneCurve } from './pruneCurve';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sparsity ↔ accuracy curve (cpu backend)', () => {
  it('scores the unpruned model and each target from the same start, and gives the model back unchanged', async () => {
    const ds = await mnistFixture(40);
    const spec = specFromPreset('keras-mlp');
    const split = splitDataset(ds.count, { testCount: 100, validationFraction: 0.1, seed: 3 });
    const data = uploadDataset(ds, 'cpu');
    const norm = uploadNorm(normalizationParams(ds, split.train, 'scale01'));
    const model = buildModel(spec, data.inputShape);
    // Train first (the same fine-tune loop at a target of ~0: no weight is pruned).
    await pruneAndFineTune(model, data, norm, split.train, spec, { sparsity: 1e-9, scope: 'layer', steps: 60, seed: 9 });
    const trained = await readWeights(model);
    const labels = Array.from(split.test, (i) => ds.y[i]);
    const seen: number[] = [];
    const points = await pruneCurve(model, data, norm, split, labels, spec, { targets: [0.5, 0.9], scope: 'global', steps: 20, seed: 1 }, (_p, done) => seen.push(done), async () => {});
    expect(seen).toEqual([1, 2, 3]);
    expect(points.map((p) => p.target)).toEqual([0, 0.5, 0.9]);
    const [base, half, most] = points;
    expect(base.metric).toBeGreaterThan(0.6);
    for (const p of points) {
      expect(p.interval![0]).toBeLessThanOrEqual(p.metric);
      expect(p.interval![1]).toBeGreaterThanOrEqual(p.metric);
      const kernels = p.weights.filter(isPrunable);
      const zeros = kernels.reduce((n, w) => n + sparsityOf(w.values) * w.values.length, 0) / kernels.reduce((n, w) => n + w.values.length, 0);
      expect(zeros).toBeCloseTo(p.target, 2);
      expect(p.reached).toBeCloseTo(p.target, 2);
    }
    // Half the weights gone (and fine-tuned) costs little; 90 % costs more or at best the same.
    expect(half.metric).toBeGreaterThan(base.metric - 0.1);
    expect(most.metric).toBeLessThanOrEqual(half.metric + 0.05);
    // The model is as it was.
    const after = await readWeights(model);
    after.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(trained[i].values)));
    model.dispose();
    disposeDeviceData(data);
    disposeNorm(norm);
  }, 120_000);
});
