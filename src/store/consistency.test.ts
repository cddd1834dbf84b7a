import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeWithHost, waitFor } from '../test/studioHarness';
import { mnistFixture } from '../test/mnistFixture';
import { summarizeDataset } from '../data/loader/summary';
import { encodeDemoLink, encodeSpecLink } from '../share/link';
import { specFromPreset } from '../models/presets';
import { createStudioStore, type StudioStore } from './studioStore';
import { hasModel } from './selectors';
import type { ShareDeps } from './shareController';
import type { FromEngine, ToEngine } from '../training/protocol';
import type { RunStatus } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const finished: RunStatus[] = ['done', 'error', 'stopped'];
const digit = new Float32Array(784).map((_, i) => ((i * 7) % 13) / 13);

function shareDeps(): ShareDeps {
  return { pageUrl: () => 'https://example.org/ts/', download: () => {}, copyText: async () => true, replaceFragment: () => {}, fetch: () => Promise.reject(new Error('no network in tests')) };
}

/** model.json + weights.bin of a small Keras-like Sequential MLP, as a person would import them. */
async function mlpFiles(): Promise<File[]> {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 16, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })],
  });
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  const a = saved! as tf.io.ModelArtifacts;
  const json = { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] };
  return [new File([JSON.stringify(json)], 'model.json', { type: 'application/json' }), new File([a.weightData as ArrayBuffer], 'weights.bin')];
}

/**
 * The store over a scripted engine: it answers loads and weight reads at once and reports the backend it was asked
 * for, so what the store asks and shows can be checked without training.
 */
function storeWithFakeEngine(opts: { weightCount?: number } = {}): { store: StudioStore; sent: ToEngine[] } {
  const sent: ToEngine[] = [];
  const store = createStudioStore({
    baseUrl: 'http://localhost/',
    share: shareDeps(),
    async createClient(onMessage) {
      const reply = (m: FromEngine) => setTimeout(() => onMessage(m), 0);
      return {
        mode: 'main-thread',
        fallbackReason: 'test',
        terminate: () => {},
        send(m: ToEngine) {
          sent.push(m);
          if (m.type === 'loadWeights') {
            reply({ type: 'backend', info: { name: m.backend === 'auto' ? 'cpu' : m.backend, adapter: null, software: false, attempts: [] } });
            reply({ type: 'modelLoaded', requestId: m.requestId, runId: m.runId, info: { name: m.spec.name, params: 100, inputShape: m.inputShape, outputUnits: 10 } });
          } else if (m.type === 'getWeights') {
            const n = opts.weightCount ?? 10;
            // Noise compresses badly: a big model's weights make a link past the demo-link limit.
            const values = new Float32Array(n).map((_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453));
            reply({ type: 'weights', requestId: m.requestId, topology: {}, weights: [{ name: 'w', shape: [n], values }], inputShape: [28, 28, 1], norm: { shift: new Float32Array(1), scale: new Float32Array(1).fill(1 / 255) } });
          } else if (m.type === 'predict') {
            reply({ type: 'prediction', requestId: m.requestId, probabilities: Array.from({ length: 10 }, (_, i) => (i === 1 ? 0.91 : 0.01)) });
          }
        },
      };
    },
    async createLoader() {
      return {
        mode: 'main-thread',
        load: async () => {
          const dataset = await mnistFixture(30);
          return { dataset, summary: summarizeDataset(dataset), csv: null, skipped: [], loadMs: 0 };
        },
        cancel: () => {},
      };
    },
  });
  return { store, sent };
}

describe('an imported model becomes the model in the studio (issue 14, 5a)', () => {
  it('the Model panel shows its layers, name and parameters, and Train trains its architecture', async () => {
    const s = storeWithHost({ share: shareDeps() });
    await s.getState().init();
    await waitFor(s, () => s.getState().dataset.status === 'ready');
    s.getState().setBackendChoice('cpu');
    expect(s.getState().presetId).toBe('keras-mlp');
    await s.getState().importModelFiles(await mlpFiles());
    const st = s.getState();
    expect(st.share.importStatus.status).toBe('done');
    expect(st.spec.model.layers).toEqual([
      { type: 'flatten' },
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ]);
    expect(st.spec.name).toBe('model');
    expect(st.presetId).toBe('custom');
    expect(st.importedModel).toMatchObject({ name: 'model', params: 784 * 16 + 16 + 170, mapped: true, unsupported: [] });
    // The draw pad no longer asks for a trained model: the imported one predicts.
    expect(hasModel(st)).toBe(true);

    s.getState().updateTraining({ epochs: 1, maxTrainSamples: 64 });
    s.getState().startTraining();
    await waitFor(s, () => s.getState().run.info?.totalEpochs === 1);
    expect(s.getState().run.info?.params).toBe(784 * 16 + 16 + 170);
    await waitFor(s, () => finished.includes(s.getState().run.status), 60_000);
    expect(s.getState().run.status).toBe('done');
    // Picking a preset leaves the imported architecture.
    s.getState().selectPreset('cnn');
    expect(s.getState().importedModel).toBeNull();
  });
});

describe('the drawing is predicted by the current model only (issue 14, 5b)', () => {
  it('Train again clears the previous model\'s prediction until the new model has finished an epoch', async () => {
    const s = storeWithHost({ share: shareDeps() });
    await s.getState().init();
    await waitFor(s, () => s.getState().dataset.status === 'ready');
    s.getState().setBackendChoice('cpu');
    s.getState().updateTraining({ epochs: 2, maxTrainSamples: 128 });
    expect(hasModel(s.getState())).toBe(false);
    s.getState().startTraining();
    await waitFor(s, () => finished.includes(s.getState().run.status), 60_000);
    s.getState().predictDrawing(digit);
    await waitFor(s, () => s.getState().draw.probabilities != null && !s.getState().draw.pending);

    // Draw again and train again at once: the answer for the old model arrives after the new run began.
    s.getState().predictDrawing(digit.map((v) => 1 - v));
    s.getState().startTraining();
    expect(s.getState().draw.probabilities).toBeNull();
    expect(s.getState().draw.message).toContain('new model');
    const seen: (number[] | null)[] = [];
    const unsub = s.subscribe((st) => {
      if (st.run.epochs.length === 0) seen.push(st.draw.probabilities);
    });
    await waitFor(s, () => s.getState().run.epochs.length >= 1 && s.getState().draw.probabilities != null, 60_000);
    unsub();
    // Before the new model's first epoch, no probabilities were ever shown.
    expect(seen.every((p) => p === null)).toBe(true);
    expect(s.getState().draw.message).toBeNull();
    await waitFor(s, () => finished.includes(s.getState().run.status), 60_000);
  });
});

describe('the demo view\'s backend picker (issue 14, 5c)', () => {
  it('loads the demo\'s model again on the picked backend and reports that backend', async () => {
    const { store, sent } = storeWithFakeEngine();
    const spec = specFromPreset('mlp-digits');
    const fragment = encodeDemoLink({ spec, inputShape: [28, 28, 1], classNames: null, normalization: { kind: 'scale01', mean: [0], std: [255] }, accuracy: 0.9, weights: [] });
    await store.getState().init(`#${fragment}`);
    await waitFor(store, () => store.getState().demo?.status === 'ready');
    expect(store.getState().engine.backend?.name).toBe('cpu');
    store.getState().predictDrawing(digit);
    await waitFor(store, () => store.getState().draw.probabilities != null);

    store.getState().setBackendChoice('wasm');
    await waitFor(store, () => store.getState().engine.backend?.name === 'wasm' && store.getState().demo?.status === 'ready');
    const loads = sent.filter((m): m is Extract<ToEngine, { type: 'loadWeights' }> => m.type === 'loadWeights');
    expect(loads.map((m) => m.backend)).toEqual(['auto', 'wasm']);
    // The drawing is predicted again, by the model on the new backend.
    await waitFor(store, () => store.getState().draw.probabilities != null);
  });
});

describe('a shared preset opens as that preset (issue 14, 5d)', () => {
  it('a Keras MLP link (with other training settings) opens as "Keras MLP"; a CNN link as "CNN"; edited layers as custom', async () => {
    const keras = { ...specFromPreset('keras-mlp'), training: { ...specFromPreset('keras-mlp').training, learningRate: 0.005 } };
    const a = storeWithFakeEngine().store;
    await a.getState().init(`#${encodeSpecLink(keras, 'model', 'cpu')}`);
    await waitFor(a, () => a.getState().dataset.status === 'ready');
    expect(a.getState().spec.training.learningRate).toBe(0.005);
    expect(a.getState().presetId).toBe('keras-mlp');

    const b = storeWithFakeEngine().store;
    await b.getState().init(`#${encodeSpecLink(specFromPreset('cnn'), 'model', null)}`);
    await waitFor(b, () => b.getState().dataset.status === 'ready');
    expect(b.getState().presetId).toBe('cnn');

    const edited = specFromPreset('keras-mlp');
    edited.model.layers[1] = { type: 'dense', units: 100, activation: 'relu' };
    b.getState().applySpec(edited);
    expect(b.getState().presetId).toBe('custom');
    b.getState().applySpec(specFromPreset('mlp-digits'));
    expect(b.getState().presetId).toBe('mlp-digits');
  });
});

describe('a demo link that is too large (issue 14, 5e)', () => {
  it('is said next to the demo-link button (share.demoLinkError), not in the page-wide link notice', async () => {
    const { store } = storeWithFakeEngine({ weightCount: 118_000 });
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    await store.getState().makeDemoLink();
    expect(store.getState().share.demoLinkError).toMatch(/KB link; demo links carry models up to 150 KB/);
    expect(store.getState().share.message).toBeNull();
    expect(store.getState().share.link).toBeNull();
    // A small model's link clears it.
    const small = storeWithFakeEngine({ weightCount: 100 }).store;
    await small.getState().init();
    await waitFor(small, () => small.getState().dataset.status === 'ready');
    await small.getState().makeDemoLink();
    expect(small.getState().share.demoLinkError).toBeNull();
    expect(small.getState().share.link?.kind).toBe('demo');
  });
});

describe('a learning rate changed while paused (issue 14, 5f)', () => {
  it('is queued while paused and applied on resume', async () => {
    const s = storeWithHost({ share: shareDeps() });
    await s.getState().init();
    await waitFor(s, () => s.getState().dataset.status === 'ready');
    s.getState().setBackendChoice('cpu');
    s.getState().updateTraining({ epochs: 3, maxTrainSamples: 256, batchSize: 16, learningRate: 0.001 });
    s.getState().startTraining();
    await waitFor(s, () => s.getState().run.status === 'running' && s.getState().run.batches.length > 0, 60_000);
    s.getState().pauseTraining();
    await waitFor(s, () => s.getState().run.status === 'paused');
    s.getState().setLiveLearningRate(0.01);
    expect(s.getState().run.queuedLearningRate).toBe(0.01);
    await new Promise((r) => setTimeout(r, 200));
    // Still paused: nothing trained, so the rate is still queued.
    expect(s.getState().run.queuedLearningRate).toBe(0.01);
    expect(s.getState().run.markers).toEqual([]);
    s.getState().resumeTraining();
    await waitFor(s, () => s.getState().run.markers.length > 0, 60_000);
    expect(s.getState().run.markers[0].learningRate).toBe(0.01);
    expect(s.getState().run.queuedLearningRate).toBeNull();
    await waitFor(s, () => s.getState().run.progress?.learningRate === 0.01, 60_000);
    s.getState().stopTraining();
    await waitFor(s, () => finished.includes(s.getState().run.status), 60_000);
  });
});
