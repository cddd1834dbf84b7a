import { describeError } from '../../core/errors';
import { BUNDLED_MNIST_ID } from '../../data/bundledMnist';
import { DEFAULT_VIEW } from '../../share/views';
import { createHistoryController } from '../historyController';
import { can, isBusy } from '../runLifecycle';
import { createShareController, presetFor, type ShareController } from '../shareController';
import { loadStoredModel } from '../loadStoredModel';
import { downloadPythonPackage } from '../pythonPackage';
import type { StudioState } from '../types';
import { newRunId, type StoreCore } from './core';

/** Sharing and history: links (spec, demo, model), the demo view, exports and imports, and the stored runs. */
export type ShareState = Pick<
  StudioState,
  | 'share'
  | 'history'
  | 'mode'
  | 'pendingLink'
  | 'demo'
  | 'openFragment'
  | 'answerPendingLink'
  | 'setView'
  | 'copyLink'
  | 'makeDemoLink'
  | 'makeEmbedCode'
  | 'confirmRemoteModel'
  | 'openDemoInStudio'
  | 'prepareExport'
  | 'downloadModel'
  | 'downloadKerasScript'
  | 'downloadPythonPackage'
  | 'downloadMetrics'
  | 'importModelFiles'
  | 'importModelUrl'
  | 'cancelModelImport'
  | 'dismissShareMessage'
  | 'resumeStoredRun'
  | 'loadStoredRunModel'
  | 'deleteStoredRun'
  | 'deleteStoredRuns'
  | 'undoDeleteRuns'
  | 'dismissUndoDelete'
  | 'editStoredRun'
  | 'toggleRunSelected'
  | 'clearHistoryError'
>;

export interface ShareInternals {
  controller: ShareController;
  /** Run history (IndexedDB); null when the studio keeps none. */
  history: ReturnType<typeof createHistoryController> | null;
}

export function createShareSlice(core: StoreCore): { state: ShareState; internals: ShareInternals } {
  const { get, set, deps } = core;
  const history = deps.history ? createHistoryController(get, set, deps.history) : null;
  const controller = createShareController({
    get,
    set,
    send: (msg) => core.send(msg),
    requests: core.requests,
    baseUrl: deps.baseUrl,
    deps: deps.share ?? { pageUrl: () => '', download: () => {}, copyText: async () => false, replaceFragment: () => {}, fetch: (...a) => fetch(...a) },
    engineReady: () => core.run.engineReady,
    loadDataset: (source) => get().loadDataset(source),
    newRunId,
    modelChanged: () => {
      core.modelSeq++;
    },
  });

  const state: ShareState = {
    history: { status: deps.history ? 'loading' : 'off', runs: [], error: null, selected: [] },
    mode: 'studio',
    pendingLink: null,
    demo: null,
    share: { view: DEFAULT_VIEW, viewSeq: 0, link: null, message: null, exports: { status: 'idle', variants: [], error: null }, importStatus: { status: 'idle', message: null }, demoPayload: null, pendingFragment: null, demoLinkError: null },
    async openFragment(hash) {
      // A link must not swap the spec or backend under a running job: it waits for the person's answer.
      if (hash.replace(/^#/, '') && isBusy(get().run.status)) {
        set((s) => ({ share: { ...s.share, pendingFragment: hash } }));
        return;
      }
      return controller.openFragment(hash);
    },
    async answerPendingLink(open) {
      const hash = get().share.pendingFragment;
      set((s) => ({ share: { ...s.share, pendingFragment: null } }));
      if (!open || !hash) return;
      if (isBusy(get().run.status)) {
        get().stopTraining();
        await new Promise<void>((resolve) => {
          const unsub = core.store().subscribe((st) => {
            if (!isBusy(st.run.status)) {
              unsub();
              resolve();
            }
          });
        });
      }
      await controller.openFragment(hash);
    },
    setView: (view) => set((s) => ({ share: { ...s.share, view, viewSeq: s.share.viewSeq + 1 } })),
    copyLink: () => controller.copyLink(),
    makeDemoLink: () => controller.makeDemoLink(),
    makeEmbedCode: (allow) => controller.makeEmbedCode(allow),
    confirmRemoteModel: () => controller.confirmRemoteModel(),
    openDemoInStudio: () => controller.openDemoInStudio(),
    prepareExport: () => controller.prepareExport(),
    downloadModel: (kind) => controller.downloadModel(kind),
    downloadKerasScript: () => controller.downloadKerasScript(),
    downloadPythonPackage: () => downloadPythonPackage(core),
    downloadMetrics: (format) => controller.downloadMetrics(format),
    importModelFiles: (files) => controller.importModelFiles(files),
    importModelUrl: (url) => controller.importModelUrl(url),
    cancelModelImport: () => controller.cancelModelImport(),
    dismissShareMessage: () => set((s) => ({ share: { ...s.share, message: null } })),
    async resumeStoredRun(id) {
      if (!history) return;
      const st = get().run.status;
      if (!can(st, 'train')) {
        set((s) => ({ history: { ...s.history, error: 'Stop the current run before resuming another.' } }));
        return;
      }
      try {
        const { record, resume, batches } = await history.loadForResume(id);
        let ds = get().dataset.data;
        if (ds?.fingerprint !== record.fingerprint && record.spec.dataset.id === BUNDLED_MNIST_ID) {
          await get().loadDataset({ type: 'bundled', baseUrl: core.deps.baseUrl });
          ds = get().dataset.data;
        }
        if (!ds || (record.fingerprint && ds.fingerprint !== record.fingerprint)) {
          throw new Error(`"${record.name}" trained on ${record.datasetName} (fingerprint ${record.fingerprint ?? 'unknown'}). Load that data, then resume.`);
        }
        await history.trimAfter(id, resume.epochsDone);
        set({ spec: record.spec, presetId: presetFor(record.spec, ds), importedModel: null });
        const epochs = record.epochs.filter((e) => e.epoch <= resume.epochsDone).sort((a, b) => a.epoch - b.epoch);
        if (!core.run.beginRun(record.spec, { id, from: resume, batches: batches.map((b) => ({ step: b.step, loss: b.loss, metric: b.metric })), epochs })) {
          throw new Error('The engine is not ready to train yet; try again in a moment.');
        }
        set((s) => ({ run: { ...s.run, notes: [`Resumed "${record.name}" from its checkpoint after epoch ${resume.epochsDone} of ${record.totalEpochs}.`] } }));
      } catch (err) {
        set((s) => ({ history: { ...s.history, error: describeError(err) } }));
      }
    },
    loadStoredRunModel: (id, kind) =>
      loadStoredModel(
        {
          get,
          set,
          history,
          send: (msg) => core.send(msg),
          requests: core.requests,
          engineReady: () => core.run.engineReady,
          newRunId,
          modelChanged: () => {
            core.modelSeq++;
          },
          repredict: () => core.inspect.sendPrediction(),
          subscribe: (fn) => {
            const unsub = core.store().subscribe((st) => {
              if (fn(st)) unsub();
            });
          },
        },
        id,
        kind,
      ),
    async deleteStoredRun(id) {
      await get().deleteStoredRuns([id]);
    },
    async deleteStoredRuns(ids) {
      const live = get().run.id;
      if (live && ids.includes(live) && (get().run.status === 'running' || get().run.status === 'paused')) {
        set((s) => ({ history: { ...s.history, error: 'That run is training now; stop it before deleting it.' } }));
        return;
      }
      await history?.removeWithUndo(ids);
    },
    undoDeleteRuns: async () => history?.undoDelete(),
    dismissUndoDelete: () => history?.dismissUndo(),
    editStoredRun: async (id, change) => (history ? history.edit(id, change) : 'Run history is off in this browser.'),
    toggleRunSelected(id) {
      set((s) => ({ history: { ...s.history, selected: s.history.selected.includes(id) ? s.history.selected.filter((x) => x !== id) : [...s.history.selected, id] } }));
    },
    clearHistoryError() {
      history?.clearError();
    },
  };
  return { state, internals: { controller, history } };
}
