import * as tf from '@tensorflow/tfjs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLoaderClient, type LoaderClient } from '../data/loader/client';
import { summarizeDataset } from '../data/loader/summary';
import { mnistFixture } from '../test/mnistFixture';
import { waitFor } from '../test/studioHarness';
import type { EngineClient } from '../training/client';
import { TrainingHost } from '../training/host';
import { createStudioStore, type StudioDeps } from './studioStore';

/**
 * Cancel through the store, against a REAL local server that stalls after its headers: the download is aborted
 * (the server sees the connection close) and what was loaded before stays as it was.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let server: Server | null = null;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  if (server) await new Promise<void>((r) => server!.close(() => r()));
  server = null;
});

/** A server that sends headers and a first piece, then stalls; `gone` resolves when the client hangs up. */
async function stallingServer(firstPiece: string): Promise<{ url: string; gone: Promise<void> }> {
  let hangUp!: () => void;
  const gone = new Promise<void>((r) => (hangUp = r));
  server = createServer((req, res) => {
    req.socket.on('close', hangUp);
    res.writeHead(200, { 'content-length': '100000' });
    res.write(firstPiece);
  });
  server.on('connection', (s) => sockets.push(s));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, gone };
}

/** The harness's MNIST for the bundled set; URLs through the real main-thread loader (real fetch, real Cancel). */
async function realUrlLoader(): Promise<LoaderClient> {
  const real = await createLoaderClient(false);
  return {
    mode: 'main-thread',
    load: async (source, onProgress) => {
      if (source.type !== 'bundled') return real.load(source, onProgress);
      const dataset = await mnistFixture(30);
      return { dataset, summary: summarizeDataset(dataset), csv: null, skipped: [], loadMs: 0 };
    },
    cancel: () => real.cancel(),
  };
}

/** As the harness's store (a real engine in-process), with the loader and share deps given here. */
const storeWith = (deps: Pick<StudioDeps, 'createLoader'> & Partial<StudioDeps>) =>
  createStudioStore({
    baseUrl: 'http://localhost/',
    async createClient(onMessage) {
      const host = new TrainingHost((msg) => setTimeout(() => onMessage(msg), 0), { loopOptions: { readEveryBatches: 2 } });
      const client: EngineClient = { mode: 'main-thread', fallbackReason: 'test', send: (m) => void host.handle(m), terminate: () => {} };
      return client;
    },
    ...deps,
  });

describe('Cancel', () => {
  it('cancelDatasetLoad aborts a stalled URL download and keeps the dataset loaded before', async () => {
    const store = storeWith({ createLoader: realUrlLoader });
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    const before = store.getState().dataset;
    const { url, gone } = await stallingServer('x,y\n1,2\n');

    const loading = store.getState().loadUrls([`${url}stall.csv`]);
    await waitFor(store, () => store.getState().dataset.stage === 'Downloading stall.csv', 5_000);
    store.getState().cancelDatasetLoad();

    const d = store.getState().dataset;
    expect(d.status).toBe('ready');
    expect(d.error).toBe('Cancelled: downloading stall.csv was stopped.');
    expect(d.data).toBe(before.data);
    expect(d.summary).toBe(before.summary);
    expect(d.source).toEqual(before.source);
    await loading; // the load ends (quietly) instead of hanging
    await gone; // the stalled connection was closed
    expect(store.getState().dataset.error).toBe('Cancelled: downloading stall.csv was stopped.');
    expect(store.getState().dataset.data).toBe(before.data);
  });

  it('cancelModelImport aborts a stalled model.json download; the run and model stay as they were', async () => {
    const store = storeWith({
      createLoader: realUrlLoader,
      share: { pageUrl: () => '', download: () => {}, copyText: async () => false, replaceFragment: () => {}, fetch: (...a) => fetch(...a) },
    });
    await store.getState().init();
    await waitFor(store, () => store.getState().dataset.status === 'ready');
    const runBefore = store.getState().run;
    const { url, gone } = await stallingServer('{"format": "layers-model", ');

    const importing = store.getState().importModelUrl(`${url}model.json`);
    await waitFor(store, () => (store.getState().share.importStatus.loaded ?? 0) > 0, 5_000);
    expect(store.getState().share.importStatus.message).toMatch(/^Fetching model\.json… 27 bytes of 98 KB$/);
    store.getState().cancelModelImport();

    const st = store.getState().share.importStatus;
    expect(st.status).toBe('idle');
    expect(st.message).toBe(`Cancelled: the import of ${url}model.json was stopped; the model in use is unchanged.`);
    await importing;
    await gone;
    expect(store.getState().share.importStatus.message).toBe(st.message);
    expect(store.getState().run).toBe(runBefore);
  });
});
