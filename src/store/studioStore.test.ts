import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeWithHost, waitFor } from '../test/studioHarness';
import type { RunStatus } from './types';

beforeAll(async () => {
  // In Node the wasm backend reads its .wasm binaries from disk; the app hands it Vite asset URLs instead. Set before
  // any store starts: the engine prepares the 'auto' choice (wasm among the candidates) as soon as it is up.
  const [{ setWasmPaths }, { createRequire }, path] = await Promise.all([import('@tensorflow/tfjs-backend-wasm'), import('node:module'), import('node:path')]);
  setWasmPaths(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
  await tf.setBackend('cpu');
});

describe('studio store with the engine', () => {
  it('loads the dataset, trains on cpu, charts every batch and predicts a drawing', async () => {
    const store = storeWithHost();
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    expect(store.getState().spec.dataset.fingerprint).toBe(store.getState().dataset.data!.fingerprint);

    store.getState().setBackendChoice('cpu');
    store.getState().updateTraining({ epochs: 2, maxTrainSamples: 160 });
    store.getState().startTraining();
    const done: RunStatus[] = ['done', 'error', 'stopped'];
    await waitFor(store, () => done.includes(store.getState().run.status));
    const { run, engine } = store.getState();
    expect(run.error).toBeNull();
    expect(run.status).toBe('done');
    expect(engine.backend?.name).toBe('cpu');
    expect(run.batches).toHaveLength(10);
    expect(run.epochs).toHaveLength(2);
    expect(run.evaluation?.task === 'classification' && run.evaluation.predicted.length).toBe(run.split?.test.length);

    store.getState().predictDrawing(new Float32Array(784).fill(0.2));
    // Strokes drawn while a prediction is in flight queue one more: "pending" lasts until the latest one is answered.
    store.getState().predictDrawing(new Float32Array(784).fill(0.3));
    expect(store.getState().draw.pending).toBe(true);
    await waitFor(store, () => !store.getState().draw.pending);
    const probs = store.getState().draw.probabilities!;
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('trains a conv model on wasm', async () => {
    const store = storeWithHost();
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    store.getState().selectPreset('cnn');
    store.getState().setBackendChoice('wasm');
    store.getState().updateTraining({ epochs: 1, maxTrainSamples: 64 });
    store.getState().startTraining();
    const done: RunStatus[] = ['done', 'error', 'stopped'];
    await waitFor(store, () => done.includes(store.getState().run.status));
    const { run, engine } = store.getState();
    expect(run.error).toBeNull();
    expect(run.status).toBe('done');
    expect(engine.backend?.name).toBe('wasm');
    expect(run.epochs).toHaveLength(1);
    expect(run.batches.every((b) => Number.isFinite(b.loss))).toBe(true);
  });

  it('pauses and resumes, and stop ends the run early', async () => {
    const store = storeWithHost();
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    store.getState().setBackendChoice('cpu');
    store.getState().updateTraining({ epochs: 50, maxTrainSamples: 160 });
    store.getState().startTraining();
    await waitFor(store, () => store.getState().run.batches.length >= 2);
    store.getState().pauseTraining();
    await waitFor(store, () => store.getState().run.status === 'paused');
    const n = store.getState().run.batches.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(store.getState().run.batches.length).toBeLessThanOrEqual(n + 2);
    store.getState().resumeTraining();
    await waitFor(store, () => store.getState().run.batches.length > n + 4);
    store.getState().stopTraining();
    await waitFor(store, () => store.getState().run.status === 'stopped');
    expect(store.getState().run.epochs.length).toBeLessThan(50);
  });

  it('keeps the loaded dataset when a bad file is loaded, and names the problem', async () => {
    const store = storeWithHost();
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    const before = store.getState().dataset.data;
    const bad = new Blob([new Uint8Array([0, 0, 8, 3, 0, 0, 0, 9])]);
    await store.getState().loadDataset({ type: 'files', files: [{ path: 'train-images-idx3-ubyte', file: bad }], options: {} });
    const { dataset } = store.getState();
    expect(dataset.status).toBe('ready');
    expect(dataset.data).toBe(before);
    expect(dataset.error).toMatch(/train-images-idx3-ubyte/);
  });

  it('trains a regression model on the noisy sine and adapts the preset to the data', async () => {
    const store = storeWithHost();
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    await store.getState().loadDataset({ type: 'synthetic', id: 'sine', options: { count: 300, noise: 0.3, seed: 1 } });
    const s = store.getState();
    expect(s.dataset.data?.task).toBe('regression');
    expect(s.presetId).toBe('mlp-regression');
    expect(s.spec.training.loss).toBe('meanSquaredError');
    s.setBackendChoice('cpu');
    s.updateTraining({ epochs: 30 });
    s.startTraining();
    await waitFor(store, () => ['done', 'error'].includes(store.getState().run.status), 60_000);
    const { run } = store.getState();
    expect(run.error).toBeNull();
    const first = run.epochs[0].trainLoss;
    const last = run.epochs[run.epochs.length - 1].trainLoss;
    expect(last).toBeLessThan(first * 0.5);
    expect(run.evaluation?.task).toBe('regression');
  });

  it('after training, MC dropout over the test set and the inspection of one example come back from the engine', async () => {
    const store = storeWithHost();
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    store.getState().setBackendChoice('cpu');
    store.getState().updateTraining({ epochs: 1, maxTrainSamples: 64 });
    store.getState().setPasses(5);
    store.getState().startTraining();
    await waitFor(store, () => store.getState().run.status === 'done');
    const ev = store.getState().run.evaluation!;
    expect(ev.task).toBe('classification');
    if (ev.task !== 'classification') return;
    expect(ev.calibration.bins).toHaveLength(10);
    expect(ev.perClass.classes).toHaveLength(10);
    expect(ev.weights.length).toBeGreaterThan(0);
    expect(store.getState().run.history).toHaveLength(1);

    store.getState().runMcOnTest();
    await waitFor(store, () => store.getState().inspect.mcTest !== null);
    const mc = store.getState().inspect.mcTest!;
    expect(mc.passes).toBe(5);
    expect(mc.summary.spread.length).toBe(store.getState().run.split!.test.length);
    // The Keras MLP has dropout 0.2: the passes differ, so some spread is above zero.
    expect(Math.max(...mc.summary.spread)).toBeGreaterThan(0);

    store.getState().selectExample(3);
    await waitFor(store, () => store.getState().inspect.example !== null);
    const ex = store.getState().inspect.example!;
    expect(ex.index).toBe(store.getState().run.split!.test[3]);
    expect(ex.activations.map((a) => a.name)).toEqual(['flatten_1', 'dense_1', 'dropout_1', 'dense_2']);
    expect(ex.mc.mean.length).toBe(10);
  });
});
