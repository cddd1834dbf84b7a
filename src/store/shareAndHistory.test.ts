import * as tf from '@tensorflow/tfjs';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../runs/runStore';
import { storeWithHost, waitFor } from '../test/studioHarness';
import type { ShareDeps } from './shareController';
import type { RunStatus } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const finished: RunStatus[] = ['done', 'error', 'stopped'];

/** History deps over one fake IndexedDB shared by "tabs"; `alive` lists the tabs still open. */
function historyDeps(factory: IDBFactory, ownerId: string, alive: Set<string>) {
  return { ownerId, liveOwners: async () => alive, openRunStore: () => openRunStore({ factory, dbName: 'runs-test' }) };
}

function shareDeps(): ShareDeps & { files: { name: string; blob: Blob }[] } {
  const files: { name: string; blob: Blob }[] = [];
  return {
    files,
    pageUrl: () => 'https://example.org/tensorscope/',
    download: (name, blob) => files.push({ name, blob }),
    copyText: async () => true,
    replaceFragment: () => {},
    fetch: () => Promise.reject(new Error('no network in tests')),
  };
}

describe('run history through the store', () => {
  it('a run cut off by a reload shows as interrupted and resumes from its last checkpoint to the end', async () => {
    const factory = new IDBFactory();
    const alive = new Set(['tab-1']);
    const a = storeWithHost({ history: historyDeps(factory, 'tab-1', alive) });
    await a.getState().init();
    await waitFor(a, () => a.getState().dataset.status === 'ready' && a.getState().history.status === 'ready');
    a.getState().setBackendChoice('cpu');
    a.getState().updateTraining({ epochs: 12, maxTrainSamples: 160 });
    a.getState().startTraining();
    // "Reload" once the first epoch's checkpoint is stored: the tab is gone, its run still says running.
    await waitFor(a, () => a.getState().history.runs[0]?.checkpoints.last?.epoch === 1, 60_000);
    // The tab freezes mid-epoch 2 (paused, so the engine writes nothing more), then goes away.
    a.getState().pauseTraining();
    await waitFor(a, () => a.getState().history.runs[0]?.status === 'paused');
    const id = a.getState().history.runs[0].id;
    alive.delete('tab-1');

    const b = storeWithHost({ history: historyDeps(factory, 'tab-2', new Set(['tab-2'])) });
    await b.getState().init();
    await waitFor(b, () => b.getState().history.runs.length === 1 && b.getState().history.runs[0].status === 'interrupted');
    const stored = b.getState().history.runs[0];
    expect(stored.epochsDone).toBeGreaterThanOrEqual(1);

    b.getState().setBackendChoice('cpu');
    await b.getState().resumeStoredRun(id);
    expect(b.getState().history.error).toBeNull();
    // The charts start with the stored batches, then the run continues where the checkpoint left it.
    expect(b.getState().run.batches.length).toBe(stored.checkpoints.last!.epoch * stored.batchesPerEpoch);
    await waitFor(b, () => finished.includes(b.getState().run.status), 60_000);
    expect(b.getState().run.status).toBe('done');
    expect(b.getState().run.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await waitFor(b, () => b.getState().history.runs[0]?.status === 'done');
    expect(b.getState().history.runs[0].epochsDone).toBe(12);
  });
});

describe('links through the store', () => {
  it('a copied link opened in a fresh store restores the same spec and view', async () => {
    const sa = shareDeps();
    const a = storeWithHost({ share: sa });
    await a.getState().init();
    await waitFor(a, () => a.getState().dataset.status === 'ready');
    a.getState().updateTraining({ learningRate: 0.0123, batchSize: 48 });
    a.getState().setSeed(99);
    a.getState().setView('inspect');
    a.getState().setBackendChoice('cpu');
    await a.getState().copyLink();
    const link = a.getState().share.link!;
    expect(link.url.startsWith('https://example.org/tensorscope/#s1.')).toBe(true);

    const b = storeWithHost({ share: shareDeps() });
    await b.getState().init(link.url.slice(link.url.indexOf('#')));
    await waitFor(b, () => b.getState().dataset.status === 'ready');
    const sb = b.getState();
    expect(sb.spec.training).toEqual(a.getState().spec.training);
    expect(sb.spec.model).toEqual(a.getState().spec.model);
    expect(sb.spec.seed).toBe(99);
    expect(sb.share.view).toBe('inspect');
    expect(sb.engine.backendChoice).toBe('cpu');
    expect(sb.share.message?.tone).toBe('info');
  });

  it('a damaged link leaves the studio as it was, with a message', async () => {
    const b = storeWithHost({ share: shareDeps() });
    await b.getState().init('#s1.AAAA-not-a-real-link');
    await waitFor(b, () => b.getState().dataset.status === 'ready');
    expect(b.getState().share.message?.tone).toBe('error');
    expect(b.getState().spec.name).toBe('Keras MLP');
  });

  it('a demo link carries the trained model: the demo view predicts like the original, and exports are measured', async () => {
    const sa = shareDeps();
    const a = storeWithHost({ share: sa });
    await a.getState().init();
    await waitFor(a, () => a.getState().dataset.status === 'ready');
    a.getState().setBackendChoice('cpu');
    a.getState().updateTraining({ epochs: 1, maxTrainSamples: 320 });
    a.getState().startTraining();
    await waitFor(a, () => finished.includes(a.getState().run.status), 60_000);
    await a.getState().makeDemoLink();
    const link = a.getState().share.link;
    expect(a.getState().share.message).toBeNull();
    expect(link?.kind).toBe('demo');

    const digit = new Float32Array(784).map((_, i) => ((i * 7) % 13) / 13);
    a.getState().predictDrawing(digit);
    await waitFor(a, () => a.getState().draw.probabilities != null);
    const original = a.getState().draw.probabilities!;

    const b = storeWithHost({ share: shareDeps() });
    b.getState().setBackendChoice('cpu');
    await b.getState().init(link!.url.slice(link!.url.indexOf('#')));
    expect(b.getState().mode).toBe('demo');
    await waitFor(b, () => b.getState().demo?.status === 'ready' || b.getState().demo?.status === 'error');
    expect(b.getState().demo?.message).toBeNull();
    expect(b.getState().dataset.data).toBeNull(); // the demo needs no dataset
    b.getState().predictDrawing(digit);
    await waitFor(b, () => b.getState().draw.probabilities != null);
    const argmax = (p: number[]) => p.indexOf(Math.max(...p));
    expect(argmax(b.getState().draw.probabilities!)).toBe(argmax(original));
    b.getState().draw.probabilities!.forEach((p, i) => expect(Math.abs(p - original[i])).toBeLessThan(0.05));

    await a.getState().prepareExport();
    const ex = a.getState().share.exports;
    expect(ex.status).toBe('ready');
    expect(ex.variants.map((v) => v.kind)).toEqual(['float32', 'float16', 'uint8']);
    expect(ex.variants[0].metric).toBe(a.getState().run.evaluation!.metric);
    expect(ex.variants[2].bytes).toBeLessThan(ex.variants[0].bytes / 3);
    expect(Math.abs(ex.variants[2].delta!)).toBeLessThan(0.05);

    // Training again makes another model: the demo link of the old one is withdrawn, not left to be copied.
    a.getState().startTraining();
    await waitFor(a, () => a.getState().share.link === null, 30_000);
    await waitFor(a, () => finished.includes(a.getState().run.status), 60_000);
  });
});
