import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDataset } from '../data/dataset';
import { normalizationParams, targetStats } from '../data/normalize';
import { splitDataset } from '../data/split';
import { buildModel } from '../models/buildModel';
import { specFromPreset } from '../models/presets';
import { inferShapes } from '../models/shapes';
import { hasTargetScale, setTargetScale } from '../models/targetScale';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm } from './deviceData';
import { predictOutputs } from './evaluate';
import { readWeights, writeWeights } from './modelTransfer';
import { runTraining } from './loop';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const REGRESSION = { kind: 'tabular' as const, task: 'regression' as const, numClasses: 0 };

/** vega-datasets' movies.json: Worldwide Gross (dollars, up to 2.8·10⁹) from US Gross and Production Budget. */
function movies() {
  const rows = (JSON.parse(readFileSync(new URL('../../node_modules/vega-datasets/data/movies.json', import.meta.url), 'utf8')) as Record<string, number | null>[]).filter(
    (r) => [r['US Gross'], r['Production Budget'], r['Worldwide Gross']].every((v) => typeof v === 'number'),
  );
  const features = new Float32Array(rows.flatMap((r) => [r['US Gross']!, r['Production Budget']!]));
  const targets = new Float32Array(rows.map((r) => r['Worldwide Gross']!));
  return tableDataset({ features, featureNames: ['US Gross', 'Production Budget'], count: rows.length, task: 'regression', labels: null, targets, classNames: [], targetName: 'Worldwide Gross' }, { id: 'movies', name: 'movies', source: 'test' });
}

/** Trains the MLP regression preset as the engine does (with or without the target scale) and returns the test R². */
async function testR2(standardizeTarget: boolean): Promise<number> {
  const ds = movies();
  const spec = specFromPreset('mlp-regression', REGRESSION);
  spec.dataset.standardizeTarget = standardizeTarget;
  spec.training = { ...spec.training, epochs: 8, batchSize: 64 };
  const split = splitDataset(ds.count, { testCount: 600, validationFraction: 0.1, seed: 3 });
  const data = uploadDataset(ds, 'cpu');
  const norm = uploadNorm(normalizationParams(ds, split.train, 'standardize'));
  const model = buildModel(spec, data.inputShape);
  // What TrainingHost.start does for a model with a target scale.
  if (hasTargetScale(model)) {
    const stats = targetStats(ds.y, split.train);
    setTargetScale(model, stats);
    data.lossScale = 1 / stats.std;
  }
  const outcome = await runTraining(model, spec, data, norm, split, ds.y, { onMetrics: () => {}, onEpochEnd: () => {}, shouldContinue: () => true });
  expect(outcome).toBe('done');
  const pred = await predictOutputs(model, data, norm, split.test);
  const y = Array.from(split.test, (i) => ds.y[i]);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const ssRes = y.reduce((a, v, k) => a + (v - pred[k]) ** 2, 0);
  const ssTot = y.reduce((a, v) => a + (v - mean) ** 2, 0);
  model.dispose();
  disposeDeviceData(data);
  disposeNorm(norm);
  return 1 - ssRes / ssTot;
}

describe('regression targets in their own units (movies.json: dollars up to 2.8·10⁹)', () => {
  it('with the target scale the model learns (R² > 0.7); without it, 8 epochs leave it worse than the mean', async () => {
    const scaled = await testR2(true);
    const unscaled = await testR2(false);
    if (process.env.TARGET_SCALE_LOG) console.log(`test R² with the target scale ${scaled.toFixed(3)}, without ${unscaled.toFixed(3)}`);
    expect(scaled).toBeGreaterThan(0.7);
    expect(unscaled).toBeLessThan(0.1);
  }, 120_000);

  it('new regression specs carry it; the fixed layer adds 2 untrained weights and survives a weight round trip', async () => {
    const spec = specFromPreset('mlp-regression', REGRESSION);
    expect(spec.dataset.standardizeTarget).toBe(true);
    expect(specFromPreset('mlp-small', { kind: 'tabular', task: 'classification', numClasses: 3 }).dataset.standardizeTarget).toBeUndefined();
    const model = buildModel(spec, [4]);
    expect(model.countParams()).toBe(inferShapes(spec.model.layers, [4]).totalParams + 2);
    expect(model.trainableWeights.length).toBe(model.weights.length - 2);
    setTargetScale(model, { mean: 250, std: 40 });
    const copy = buildModel(spec, [4]);
    writeWeights(copy, await readWeights(model));
    const x = tf.tensor2d([[0.5, -1, 2, 0]]);
    expect(Array.from((copy.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    x.dispose();
    model.dispose();
    copy.dispose();
    // A classifier's head is left alone even if the flag were set.
    const cls = { ...specFromPreset('mlp-small', { kind: 'tabular', task: 'classification', numClasses: 3 }) };
    expect(hasTargetScale(buildModel({ ...cls, dataset: { ...cls.dataset, standardizeTarget: true } }, [4]))).toBe(false);
  });

  it('targetStats: population statistics of the train rows only; a constant target keeps std 1', () => {
    expect(targetStats([1, 2, 3, 100], [0, 1, 2])).toEqual({ mean: 2, std: Math.sqrt(2 / 3) });
    expect(targetStats([5, 5, 5], [0, 1, 2])).toEqual({ mean: 5, std: 1 });
    expect(targetStats([], [])).toEqual({ mean: 0, std: 1 });
  });
});
