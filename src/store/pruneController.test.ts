import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeWithHost, waitFor } from '../test/studioHarness';
import type { RunStatus } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const finished: RunStatus[] = ['done', 'error', 'stopped'];

describe('pruning through the store', () => {
  it('refuses before a model exists, measures a curve after training, and "Use" makes a pruned copy the model', async () => {
    const store = storeWithHost();
    const s = () => store.getState();
    await s().init();
    await waitFor(store, () => s().dataset.status === 'ready');
    await s().runPruneCurve();
    expect(s().prune.status).toBe('error');
    expect(s().prune.message).toMatch(/Train a model/);

    s().setBackendChoice('cpu');
    s().updateTraining({ epochs: 1, maxTrainSamples: 256, learningRate: 0.01 });
    s().startTraining();
    await waitFor(store, () => finished.includes(s().run.status) && s().run.evaluation != null, 60_000);
    const trainedRun = s().run.id;
    const trainedMetric = s().run.evaluation!.metric;

    s().setPruneOptions({ targets: [0.9, 0.5, 0.5], steps: 10 });
    expect(s().prune.options.targets).toEqual([0.5, 0.9]);
    const curve = s().runPruneCurve();
    expect(s().prune.status).toBe('running');
    await curve;
    expect(s().prune.status).toBe('done');
    expect(s().prune.points.map((p) => p.target)).toEqual([0, 0.5, 0.9]);
    expect(s().prune.points[0].metric).toBe(trainedMetric);

    await s().usePrunedModel(0.9);
    await waitFor(store, () => s().run.evaluation != null, 30_000);
    expect(s().run.id).not.toBe(trainedRun);
    expect(s().prune.inUse).toBe(0.9);
    expect(s().run.evaluation!.metric).toBe(s().prune.points[2].metric);
    expect(s().run.notes.at(-1)).toMatch(/Now using the model with 9\d % of its kernel weights pruned/);

    // A new run makes the curve stale: it is cleared.
    s().startTraining();
    await waitFor(store, () => finished.includes(s().run.status), 60_000);
    expect(s().prune.points).toEqual([]);
  }, 180_000);
});
