import * as tf from '@tensorflow/tfjs';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../runs/runStore';
import { makeRun } from '../runs/testFixtures';
import { storeWithHost, waitFor } from '../test/studioHarness';
import { trainIndices } from '../training/loop';
import { storedModelProblem, trainIndicesOf } from './loadStoredModel';
import type { RunStatus } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DS = { name: 'MNIST', id: 'mnist-bundled', fingerprint: 'fp-1', inputShape: [28, 28, 1], task: 'classification' as const, numClasses: 10 };
const META = { epoch: 1, metric: 0.5, valLoss: 1, savedAt: 0, bytes: 10 };
const ok = { historyOn: true, busy: false };

describe('which stored models can be loaded', () => {
  const stored = makeRun('r1', { name: 'mnist-keras-mlp-#1', fingerprint: 'fp-1', checkpoints: { best: META, last: { ...META, epoch: 2 } } });

  it('a run with a checkpoint on its own data loads', () => {
    expect(storedModelProblem(stored, 'best', DS, ok)).toBeNull();
    expect(storedModelProblem(stored, 'last', DS, ok)).toBeNull();
  });

  it('refuses in words: other data, no checkpoint, history off, a run training', () => {
    expect(storedModelProblem(stored, 'best', { ...DS, name: 'spiral', fingerprint: 'fp-2' }, ok)).toMatch(/trained on MNIST \(fingerprint fp-1\), but the data loaded now is spiral \(fingerprint fp-2\)/);
    expect(storedModelProblem({ ...stored, checkpoints: { best: null, last: null } }, 'best', DS, ok)).toMatch(/stopped before its first epoch ended/);
    expect(storedModelProblem(stored, 'best', DS, { historyOn: false, busy: false })).toMatch(/Run history is off/);
    expect(storedModelProblem(stored, 'best', DS, { historyOn: true, busy: true })).toMatch(/stop it/);
    expect(storedModelProblem(stored, 'best', null, ok)).toMatch(/No data is loaded/);
    expect(storedModelProblem(undefined, 'best', DS, ok)).toMatch(/no longer stored/);
  });

  it('picks the training examples exactly as the engine does (with and without a cap)', () => {
    const train = Int32Array.from({ length: 50 }, (_, i) => 49 - i);
    for (const cap of [null, 10, 50, 80]) {
      const spec = { ...stored.spec, training: { ...stored.spec.training, maxTrainSamples: cap } };
      expect(Array.from(trainIndicesOf(train, spec))).toEqual(Array.from(trainIndices({ train, validation: new Int32Array(), test: new Int32Array() }, spec)));
    }
  });
});

const finished: RunStatus[] = ['done', 'error', 'stopped'];

describe('loading a stored run’s model through the store', () => {
  it('its last checkpoint scores on the test split exactly what the run scored; other data is refused and nothing changes', async () => {
    const factory = new IDBFactory();
    const store = storeWithHost({ history: { ownerId: 'tab', liveOwners: async () => new Set(['tab']), openRunStore: () => openRunStore({ factory, dbName: 'load-model-test' }) },
      share: { pageUrl: () => 'https://example.org/', download: () => {}, copyText: async () => true, replaceFragment: () => {}, fetch: () => Promise.reject(new Error('offline')) },
    });
    const s = () => store.getState();
    await s().init();
    await waitFor(store, () => s().dataset.status === 'ready' && s().history.status === 'ready');
    s().setBackendChoice('cpu');
    s().updateTraining({ epochs: 2, maxTrainSamples: 96, learningRate: 0.01 });
    s().startTraining();
    await waitFor(store, () => finished.includes(s().run.status), 60_000);
    await waitFor(store, () => s().history.runs[0]?.status === 'done' && s().history.runs[0]?.evaluation != null);
    const first = s().history.runs[0];
    // A second, different run becomes the current model.
    s().updateTraining({ epochs: 1, learningRate: 0.2 });
    s().startTraining();
    await waitFor(store, () => finished.includes(s().run.status) && s().run.evaluation != null, 60_000);
    await waitFor(store, () => s().history.runs.length === 2 && s().history.runs.every((r) => r.status === 'done'));

    expect(await s().loadStoredRunModel(first.id, 'last')).toBe(true);
    // Evaluated again, and dated with the checkpoint's epoch.
    await waitFor(store, () => s().run.evaluation?.epoch === 2);
    const ev = s().run.evaluation!;
    expect(ev.metric).toBeCloseTo(first.evaluation!.metric, 6);
    expect(ev.task).toBe('classification');
    const total = ev.task === 'classification' ? ev.confusion.flat().reduce((a, b) => a + b, 0) : 0;
    expect(total).toBe(s().run.split!.test.length);
    expect(s().spec.training.learningRate).toBe(0.01);
    expect(s().run.status).toBe('done');
    expect(s().run.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(s().history.model).toMatchObject({ id: first.id, name: first.name, epoch: 2, kind: 'last', engineRunId: s().run.id });

    // A demo link now carries this model and its settings.
    await s().makeDemoLink();
    expect(s().share.demoLinkError).toBeNull();
    expect(s().share.link?.kind).toBe('demo');
    const { decodeFragment } = await import('../share/link');
    const decoded = decodeFragment(s().share.link!.url.split('#')[1]);
    expect(decoded.kind === 'demo' && decoded.payload.spec.training.learningRate).toBe(0.01);
    expect(decoded.kind === 'demo' && decoded.payload.accuracy).toBeCloseTo(first.evaluation!.metric, 6);

    // Other data: refused with the reason; the model, its evaluation and the spec stay.
    const before = { runId: s().run.id, metric: s().run.evaluation?.metric, spec: s().spec };
    await s().loadDataset({ type: 'synthetic', id: 'spiral', options: { count: 200, noise: 0.1, seed: 1 } });
    await waitFor(store, () => s().dataset.data?.name.toLowerCase().includes('spiral') ?? false);
    const runIdAfterData = s().run.id;
    expect(await s().loadStoredRunModel(first.id, 'best')).toBe(false);
    expect(s().history.modelLoad?.text).toMatch(/but the data loaded now is/);
    expect(s().run.id).toBe(runIdAfterData);
    expect(before.runId).toBeTruthy();
  }, 120_000);
});
