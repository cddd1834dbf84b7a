import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeError } from '../core/errors';
import { BUNDLED_MNIST_SHAPE } from '../data/bundledMnist';
import { createEngineRequests } from './engineRequests';
import type { StudioState } from './types';
import type { StoreCore } from './slices/core';
import { createDataSlice } from './slices/dataSlice';
import { createModelSlice } from './slices/modelSlice';
import { createRunSlice } from './slices/runSlice';
import { createInspectSlice } from './slices/inspectSlice';
import { createShareSlice } from './slices/shareSlice';
import { createPruneController } from './pruneController';

export type { StudioDeps } from './slices/core';
export { dataContext } from './slices/core';
import type { StudioDeps } from './slices/core';

export type StudioStore = StoreApi<StudioState>;

/**
 * The studio's single store, composed of slices by concern — data (slices/dataSlice.ts), model (modelSlice.ts), the
 * run lifecycle with the engine and sweeps (runSlice.ts), inspection and the draw pad (inspectSlice.ts), sharing and
 * run history (shareSlice.ts) — over one shared core (the engine, the loader, each slice's internals). Every side
 * effect (engine messages, dataset loads) starts in an action; `init` starts the engine and the loader.
 */
export function createStudioStore(deps: StudioDeps): StudioStore {
  const store = createStore<StudioState>()((set, get) => {
    const core = {
      deps,
      get,
      set,
      store: () => store,
      client: null,
      loader: null,
      send: (msg) => core.client?.send(msg),
      requests: createEngineRequests(),
      modelSeq: 0,
    } as Omit<StoreCore, 'data' | 'run' | 'inspect' | 'share' | 'prune'> as StoreCore;
    // Each slice may call the others' internals at run time (never while being created): bound here, once all exist.
    const inspect = createInspectSlice(core);
    core.inspect = inspect.internals;
    const run = createRunSlice(core);
    core.run = run.internals;
    const data = createDataSlice(core);
    core.data = data.internals;
    const share = createShareSlice(core);
    core.share = share.internals;
    const model = createModelSlice(core);
    const prune = createPruneController(core);
    core.prune = prune.internals;
    const engineFailed = (err: unknown) => set((s) => ({ engine: { ...s.engine, status: 'error', fallbackReason: describeError(err) } }));

    return {
      ...data.state,
      ...model,
      ...run.state,
      ...inspect.state,
      ...share.state,
      ...prune.state,

      async init(fragment = '') {
        if (core.client || core.loader) return;
        void core.share.history?.init();
        // A demo or model link opens the demo view: it needs the engine, not the dataset.
        const link = fragment.replace(/^#/, '');
        const demoLink = link.startsWith('d') || link.startsWith('m');
        if (demoLink) {
          const started = deps.createClient(core.run.currentEngineOnly()).then(core.run.adoptEngine);
          const opened = core.share.controller.openFragment(fragment);
          await started.catch(engineFailed);
          await opened;
          if (get().mode === 'demo') return;
        }
        // The dataset loads while the engine starts (its worker parses TensorFlow.js): neither waits for the other.
        // Without a link the bundled MNIST comes: the engine can prepare for its shape the moment its code loads.
        const early = link ? [] : [core.run.prepareMessage(BUNDLED_MNIST_SHAPE)];
        const engineUp = (core.client ? Promise.resolve(core.client) : deps.createClient(core.run.currentEngineOnly(), early)).then((client) => {
          core.run.adoptEngine(client);
          // Data that arrived first goes to the engine now; else the bundled set's shape lets it prepare meanwhile.
          core.run.handOverData(client, link ? undefined : BUNDLED_MNIST_SHAPE);
        }, engineFailed);
        let loader: Awaited<ReturnType<typeof deps.createLoader>>;
        try {
          loader = await deps.createLoader();
        } catch (err) {
          await engineUp;
          set((s) => ({ dataset: { ...s.dataset, status: 'error', error: `The dataset loader could not start: ${describeError(err)}` } }));
          return;
        }
        core.loader = loader;
        set((s) => ({ dataset: { ...s.dataset, loaderMode: loader.mode } }));
        // A spec link brings its own data when Tensorscope can make it (synthetic sets); else MNIST as usual.
        if (link && !demoLink) {
          await core.share.controller.openFragment(fragment);
          if (get().dataset.data) return;
        }
        await get().loadDataset({ type: 'bundled', baseUrl: deps.baseUrl });
        await engineUp;
      },
    };
  });
  return store;
}
