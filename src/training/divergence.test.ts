import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../models/buildModel';
import { specFromPreset } from '../models/presets';
import type { ExperimentSpec } from '../models/spec';
import { tableDataset } from '../data/dataset';
import { makeSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import { normalizationParams } from '../data/normalize';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm } from './deviceData';
import { readWeights } from './modelTransfer';
import { runTraining } from './loop';
import type { BatchMetric, DivergenceInfo, EpochSummary } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The studio's synthetic "sine" set (600 points, noise 0.5, seed 1). */
function sine() {
  const d = makeSynthetic('sine', { count: 600, noise: 0.5, seed: 1 });
  return tableDataset(
    { features: d.features, featureNames: d.featureNames, count: 600, task: d.task, labels: d.labels, targets: d.targets, classNames: d.classNames, targetName: d.targetName },
    { id: 'synthetic-sine', name: 'Noisy sine', source: 'test' },
  );
}

/** The MLP regression preset on the sine set with SGD at the given rate (the divergent run at 10). */
async function train(patch: Partial<ExperimentSpec['training']>, mutate?: (model: tf.LayersModel, points: BatchMetric[], perEpoch: number) => void) {
  const ds = sine();
  const spec = specFromPreset('mlp-regression', { kind: 'tabular', task: 'regression', numClasses: 0 });
  spec.training = { ...spec.training, optimizer: 'sgd', learningRate: 10, epochs: 3, batchSize: 32, ...patch };
  const split = splitDataset(ds.count, { testCount: 120, validationFraction: 0.1, seed: 3 });
  const data = uploadDataset(ds, 'cpu');
  const norm = uploadNorm(normalizationParams(ds, split.train, 'standardize'));
  const model = buildModel(spec, data.inputShape);
  const points: BatchMetric[] = [];
  const epochs: EpochSummary[] = [];
  const checkpoints: { epoch: number; finite: boolean }[] = [];
  let diverged: DivergenceInfo | null = null;
  const outcome = await runTraining(model, spec, data, norm, split, ds.y, {
    onMetrics: (p) => {
      points.push(...p);
      mutate?.(model, points, Math.ceil(split.train.length / 32));
    },
    onEpochEnd: (s) => epochs.push(s),
    shouldContinue: () => true,
    onCheckpoint: async (epoch) => {
      const w = await readWeights(model);
      checkpoints.push({ epoch, finite: w.every((t) => t.values.every(Number.isFinite)) });
    },
    onDiverged: (info) => {
      diverged = info;
    },
  });
  model.dispose();
  disposeDeviceData(data);
  disposeNorm(norm);
  return { outcome, points, epochs, checkpoints, diverged: diverged as DivergenceInfo | null, perEpoch: Math.ceil(split.train.length / 32) };
}

describe('divergence: SGD at learning rate 10 on the sine set', () => {
  it('ends the run as diverged at the first read-back that shows NaN/Infinity, with no non-finite point or checkpoint', async () => {
    const r = await train({});
    expect(r.outcome).toBe('diverged');
    const d = r.diverged!;
    expect(d).not.toBeNull();
    expect(d.cause).toBe('loss');
    expect(d.step).toBeGreaterThanOrEqual(1);
    expect(d.learningRate).toBe(10);
    expect(d.clipNorm).toBeNull();
    // The points reported stop right before the first non-finite loss; every one is finite.
    expect(r.points.every((p) => Number.isFinite(p.loss))).toBe(true);
    expect(r.points.length).toBe(d.step - 1);
    expect(d.lastFiniteStep).toBe(d.step > 1 ? d.step - 1 : null);
    if (d.lastFiniteLoss !== null) expect(Number.isFinite(d.lastFiniteLoss)).toBe(true);
    // Only epochs that ended finite were summarised and saved; the last checkpoint is the one the report names.
    expect(r.checkpoints.every((c) => c.finite)).toBe(true);
    expect(r.epochs.every((e) => Number.isFinite(e.trainLoss))).toBe(true);
    expect(d.checkpointEpoch).toBe(r.checkpoints.length ? r.checkpoints[r.checkpoints.length - 1].epoch : null);
    expect(d.epoch).toBe(Math.ceil(d.step / r.perEpoch));
  });

  it('with gradient clipping (global norm 1) the same run stays finite to the end', async () => {
    const r = await train({ clipNorm: 1 });
    expect(r.diverged).toBeNull();
    expect(r.outcome).toBe('done');
    expect(r.points).toHaveLength(3 * r.perEpoch);
    expect(r.points.every((p) => Number.isFinite(p.loss))).toBe(true);
    expect(r.checkpoints.map((c) => c.finite)).toEqual([true, true, true]);
  });

  it('clips on the fused Adam path too (Adam, clip 1, runs finite)', async () => {
    const r = await train({ optimizer: 'adam', learningRate: 0.01, clipNorm: 1, epochs: 1 });
    expect(r.outcome).toBe('done');
    expect(r.points.every((p) => Number.isFinite(p.loss))).toBe(true);
  });

  it('checks the weights at the end of each epoch: non-finite weights behind a finite loss end the run before any checkpoint', async () => {
    // A sane run whose weights turn NaN after the epoch's last read-back (the loss read never shows it).
    const r = await train({ learningRate: 0.01, epochs: 2 }, (model, points, perEpoch) => {
      if (points.length === 0 || points[points.length - 1].step !== perEpoch) return;
      const w = model.weights[0];
      w.write(tf.fill(w.shape as number[], NaN));
    });
    expect(r.outcome).toBe('diverged');
    expect(r.diverged).toMatchObject({ cause: 'weights', step: r.perEpoch, epoch: 1, checkpointEpoch: null, learningRate: 0.01 });
    expect(Number.isFinite(r.diverged!.lastFiniteLoss)).toBe(true);
    expect(r.epochs).toHaveLength(0);
    expect(r.checkpoints).toHaveLength(0);
  });
});
