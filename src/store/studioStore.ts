import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeError } from '../core/errors';
import type { BackendChoice, BackendName, Dataset } from '../core/types';
import { validProbes, type KnownProbeMap } from './knownProbes';
import type { LoaderClient } from '../data/loader/client';
import type { DataSource, LoadOptions, LoadResult } from '../data/loader/types';
import { splitFor } from '../data/split';
import { PRESETS, recommendedPreset, specFromPreset, type DataContext, type PresetId } from '../models/presets';
import { inferShapes } from '../models/shapes';
import { specMemoryVerdict } from '../models/cost';
import { splitConfigOf, type ExperimentSpec } from '../models/spec';
import type { EngineClient } from '../training/client';
import type { FromEngine, ToEngine } from '../training/protocol';
import { createFrameBatcher } from './frameBatcher';
import { createSweepController } from './sweepController';
import type { BatchPoint, RunSlice, StudioState } from './types';
import { createHistoryController, type HistoryDeps } from './historyController';
import { createTableController, withoutRecipe } from './tableController';
import { afterAction, afterEngine, can, isBusy, type EngineEvent } from './runLifecycle';
import { encodeRecord } from '../data/table/encodeRecord';
import { createEngineRequests } from './engineRequests';
import { createShareController, type ShareDeps } from './shareController';
import { DEFAULT_VIEW } from '../share/views';
import type { ResumeFrom } from '../training/protocol';
import { BUNDLED_MNIST_ID } from '../data/bundledMnist';

export interface StudioDeps {
  /** Starts the engine; the real one spawns the worker (or the main-thread fallback). */
  createClient(onMessage: (msg: FromEngine) => void): Promise<EngineClient>;
  /** Starts the dataset loader (a worker, or the main-thread fallback). */
  createLoader(): Promise<LoaderClient>;
  /** Where the bundled dataset lives (the page's base URL, so sub-path deploys work). */
  baseUrl: string;
  /** Links, downloads and the clipboard; without it (tests) sharing and exports do nothing visible. */
  share?: ShareDeps;
  /** Small things kept across sessions (the measured 'auto' backend per model and device). */
  preferences?: { load(): Record<string, unknown> | null; save(value: Record<string, unknown>): void };
  /** Run history; without it (tests, browsers without IndexedDB) runs are not kept. */
  history?: HistoryDeps;
  /** How long Stop may take before the engine is restarted, and how long a run may go silent before it counts as lost. */
  timing?: { stopGraceMs?: number; silenceMs?: number };
}

export function dataContext(ds: Dataset): DataContext {
  return { kind: ds.kind, task: ds.task, numClasses: ds.numClasses };
}

const sameContext = (a: DataContext, b: DataContext) => a.kind === b.kind && a.task === b.task && a.numClasses === b.numClasses;

/** The spec's data reference carries the table recipe of the data in use, and none for other data. */
function withTable(ref: ExperimentSpec['dataset'], ds: Dataset): ExperimentSpec['dataset'] {
  const { table: _old, ...rest } = ref;
  return ds.table ? { ...rest, table: ds.table.recipe } : rest;
}

/** The spec for newly loaded data: the same model if it still fits, else the preset that suits the data. */
function specForDataset(cur: ExperimentSpec, presetId: PresetId | 'custom', prev: Dataset | null, ds: Dataset): { spec: ExperimentSpec; presetId: PresetId | 'custom' } {
  const ctx = dataContext(ds);
  const dataset = withTable({ ...cur.dataset, id: ds.id, fingerprint: ds.fingerprint }, ds);
  if (prev && sameContext(dataContext(prev), ctx) && prev.inputShape.join() === ds.inputShape.join()) {
    return { spec: { ...cur, dataset }, presetId };
  }
  // Same kind of data (e.g. another image set): keep the chosen preset if it fits; else the one recommended for it.
  const keep = prev && prev.kind === ds.kind && prev.task === ds.task && PRESETS.some((p) => p.id === presetId && p.fits(ctx));
  const preset = keep ? (presetId as PresetId) : recommendedPreset(ctx);
  const next = specFromPreset(preset, ctx, cur.seed);
  return {
    spec: { ...next, dataset: withTable({ ...next.dataset, id: ds.id, fingerprint: ds.fingerprint, splitSeed: cur.dataset.splitSeed, testFraction: cur.dataset.testFraction }, ds) },
    presetId: preset,
  };
}

export type StudioStore = StoreApi<StudioState>;



const emptyRun = (): RunSlice => ({
  id: null,
  status: 'idle',
  batches: [],
  throughput: [],
  epochs: [],
  progress: null,
  info: null,
  evaluation: null,
  split: null,
  error: null,
  startedAt: null,
  markers: [],
  notes: [],
  history: [],
  divergence: null,
});

let runCounter = 0;
/** Unique across tabs (two tabs starting in the same millisecond once shared an id and merged their history). */
const newRunId = () =>
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? `run-${crypto.randomUUID()}` : `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${(runCounter++).toString(36)}`;

/** The studio's single store: every side effect (engine messages, dataset loads) starts in its actions. */
export function createStudioStore(deps: StudioDeps): StudioStore {
  let client: EngineClient | null = null;
  let loader: LoaderClient | null = null;
  /** Bumped per dataset load: a slower, older load never overwrites a newer one. */
  let loadSeq = 0;
  // Metric points arrive faster than frames; they wait here and land in the state once per frame.
  let pendingBatches: BatchPoint[] = [];
  let pendingThroughput: { step: number; samplesPerSec: number }[] = [];
  let pendingProgress: RunSlice['progress'] = null;
  let predictSeq = 0;
  let predictInFlight = false;
  let predictQueued = false;
  let inspectSeq = 0;
  let curveSeq = 0;
  let mcSeq = 0;
  const requests = createEngineRequests();
  const knownProbes: KnownProbeMap = validProbes(deps.preferences?.load()?.probes);
  /** The spec each run started with, and whether it continues a stored run (for run history). */
  const runSpecs = new Map<string, { spec: ExperimentSpec; resumed: boolean }>();

  const store = createStore<StudioState>()((set, get) => {
    const send = (msg: ToEngine) => client?.send(msg);

    // Charts redraw at most ~4 times a second: enough to look live, cheap enough to never stall the page.
    const batcher = createFrameBatcher(() => {
      if (pendingBatches.length === 0 && !pendingProgress) return;
      const batches = pendingBatches;
      const throughput = pendingThroughput;
      const progress = pendingProgress;
      pendingBatches = [];
      pendingThroughput = [];
      pendingProgress = null;
      set((s) => ({
        run: {
          ...s.run,
          batches: batches.length ? s.run.batches.concat(batches) : s.run.batches,
          throughput: throughput.length ? s.run.throughput.concat(throughput) : s.run.throughput,
          progress: progress ?? s.run.progress,
        },
      }));
    }, 250);

    const requestInspection = (position: number) => {
      const split = get().run.split;
      if (!split || position < 0 || position >= split.test.length) return;
      inspectSeq++;
      set((s) => ({ inspect: { ...s.inspect, exampleStatus: 'running' } }));
      send({ type: 'inspect', requestId: inspectSeq, index: split.test[position], passes: get().inspect.passes });
    };

    const sendPrediction = () => {
      const { pixels } = get().draw;
      if (!pixels || !client) {
        if (get().draw.pending) set((s) => ({ draw: { ...s.draw, pending: false } }));
        return;
      }
      if (!get().draw.pending) set((s) => ({ draw: { ...s.draw, pending: true } }));
      if (predictInFlight) {
        predictQueued = true;
        return;
      }
      predictInFlight = true;
      // The pad gives 0..1; the engine wants the dataset's raw units (0..255 pixels) and normalises like training.
      const inputs = get().draw.features ? pixels.slice() : pixels.map((v) => v * 255);
      send({ type: 'predict', requestId: ++predictSeq, inputs, passes: get().inspect.passes });
    };

    const onMessage = (msg: FromEngine) => {
      if (requests.handle(msg)) return;
      share.onMessage(msg);
      const runId = get().run.id;
      if ('runId' in msg && msg.runId && msg.runId === runId) lastActivity = Date.now();
      if ('runId' in msg && msg.runId) {
        const r = runSpecs.get(msg.runId);
        if (r) history?.onMessage(msg, r);
      }
      switch (msg.type) {
        case 'ready':
          return;
        case 'backend': {
          set((s) => ({ engine: { ...s.engine, backend: msg.info } }));
          const p = msg.info.probe;
          if (p?.key && !p.cached && deps.preferences) {
            knownProbes[p.key] = { chosen: msg.info.name, results: p.results };
            // Keep the newest few dozen: one entry per model and device.
            const keys = Object.keys(knownProbes);
            for (const k of keys.slice(0, Math.max(0, keys.length - 40))) delete knownProbes[k];
            deps.preferences.save({ probes: knownProbes });
          }
          return;
        }
        case 'runStarted':
          if (msg.runId !== runId) return;
          set((s) => ({ run: { ...s.run, status: afterEngine(s.run.status, 'started') ?? s.run.status, info: { ...msg } } }));
          return;
        case 'metrics':
          if (msg.runId !== runId) return;
          for (const p of msg.points) {
            pendingBatches.push({ step: p.step, loss: p.loss, metric: p.metric });
            pendingThroughput.push({ step: p.step, samplesPerSec: p.samplesPerSec });
          }
          pendingProgress = msg.progress;
          if (msg.markers.length) set((s) => ({ run: { ...s.run, markers: [...s.run.markers, ...msg.markers] } }));
          batcher.schedule();
          return;
        case 'diverged':
          if (msg.runId !== runId) return;
          set((s) => ({ run: { ...s.run, divergence: msg.divergence } }));
          return;
        case 'note':
          if (msg.runId !== runId) return;
          set((s) => ({ run: { ...s.run, notes: [...s.run.notes, msg.message] } }));
          return;
        case 'epochEnd':
          if (msg.runId !== runId) return;
          batcher.flushNow();
          set((s) => ({ run: { ...s.run, epochs: [...s.run.epochs, msg.summary] } }));
          // The drawn digit's probabilities follow the model as it learns.
          sendPrediction();
          return;
        case 'evaluation': {
          if (msg.runId !== runId) return;
          const ev = msg.evaluation;
          set((s) => {
            const last = s.run.epochs.find((e) => e.epoch === ev.epoch);
            const v = ev.task === 'classification' ? ev.validation : null;
            const history = v ? [...s.run.history.filter((h) => h.epoch !== ev.epoch), { ...v, epoch: ev.epoch, valLoss: last?.valLoss ?? null }] : s.run.history;
            // MC results and the opened example refer to the previous weights: drop them.
            return { run: { ...s.run, evaluation: ev, history }, inspect: { ...s.inspect, mcTest: null, example: null, curve: null } };
          });
          const sel = get().inspect.selected;
          if (sel != null) requestInspection(sel);
          return;
        }
        case 'mcTestResult':
          if (msg.runId !== runId) return;
          set((s) => ({ inspect: { ...s.inspect, mcStatus: 'idle', mcTest: { runId: msg.runId, passes: msg.passes, summary: msg.summary } } }));
          return;
        case 'inspection':
          if (msg.requestId !== inspectSeq) return;
          set((s) => ({ inspect: { ...s.inspect, exampleStatus: 'idle', example: msg.result, error: null } }));
          return;
        case 'curveResult':
          if (msg.requestId !== curveSeq) return;
          set((s) => ({ inspect: { ...s.inspect, curve: s.inspect.curve ? { ...s.inspect.curve, mean: msg.mean, std: msg.std } : null } }));
          return;
        case 'inspectError':
          set((s) => ({ inspect: { ...s.inspect, mcStatus: s.inspect.mcStatus === 'running' ? 'error' : s.inspect.mcStatus, exampleStatus: msg.requestId === inspectSeq ? 'error' : s.inspect.exampleStatus, error: msg.message } }));
          return;
        case 'runState': {
          if (msg.runId !== runId) return;
          batcher.flushNow();
          const event: EngineEvent = msg.state === 'running' ? 'resumed' : msg.state === 'paused' ? 'paused' : (msg.state as EngineEvent);
          engineReported(event);
          if (msg.state !== 'running' && msg.state !== 'paused') {
            sendPrediction();
            sweep.onRunFinished(msg.runId);
          }
          return;
        }
        case 'prediction':
          predictInFlight = false;
          set((s) => ({ draw: { ...s.draw, probabilities: s.draw.pixels ? msg.probabilities : null, mc: s.draw.pixels ? (msg.mc ?? null) : null, hasDropout: !!msg.hasDropout, message: null, pending: predictQueued } }));
          if (predictQueued) {
            predictQueued = false;
            sendPrediction();
          }
          return;
        case 'error':
          if (msg.during === 'predict') {
            predictInFlight = false;
            predictQueued = false;
            set((s) => ({ draw: { ...s.draw, probabilities: null, message: msg.message, pending: false } }));
          } else if (msg.code === 'backend-lost') {
            void recoverLostEngine(msg.message, msg.backend ?? null);
          } else if (msg.code === 'backend-init' && recoveredRun && msg.runId === recoveredRun.id && !recoveredRun.triedWasm) {
            // The GPU did not come back: the same run continues on WASM.
            recoveredRun.triedWasm = true;
            const id = recoveredRun.id;
            set((s) => ({ engine: { ...s.engine, backendChoice: 'wasm' }, run: { ...s.run, status: 'interrupted', notes: [...s.run.notes, `${msg.message} Continuing on WASM.`] } }));
            if (get().run.epochs.length > 0 && history) void get().resumeStoredRun(id);
            else beginRun(runSpecs.get(id)?.spec ?? get().spec);
          } else if (!msg.runId || msg.runId === runId) {
            batcher.flushNow();
            clearStopTimer();
            set((s) => ({ run: { ...s.run, status: isBusy(s.run.status) || s.run.status === 'idle' ? 'error' : s.run.status, error: { code: msg.code, message: msg.message, backend: msg.backend } } }));
            if (msg.runId) sweep.onRunFinished(msg.runId);
          }
          return;
      }
    };

    /** Starts one run of the given spec; the single path for Train and for every sweep configuration. */
    const beginRun = (spec: ExperimentSpec, resume?: { id: string; from: ResumeFrom; batches: BatchPoint[]; epochs: RunSlice['epochs'] }): string | null => {
      const s = get();
      if (!client || s.dataset.status !== 'ready' || !s.dataset.data) return null;
      if (!can(s.run.status, 'train')) return null;
      const ds = s.dataset.data;
      const summary = inferShapes(spec.model.layers, ds.inputShape, { task: ds.task, numClasses: ds.numClasses });
      if (!summary.valid || summary.outputError) return null;
      // A model the browser cannot hold (a 16 GB one once started and died in the backend) is refused with the numbers.
      const memory = specMemoryVerdict(summary, spec.model.layers, spec.training.batchSize);
      if (memory.level === 'refuse') {
        set(() => ({ run: { ...emptyRun(), status: 'error', error: { code: 'invalid-spec', message: memory.text! } } }));
        return null;
      }
      const id = resume?.id ?? newRunId();
      pendingBatches = [];
      pendingThroughput = [];
      pendingProgress = null;
      runSpecs.set(id, { spec, resumed: !!resume });
      set((st) => ({
        run: { ...emptyRun(), id, status: 'starting', split: splitFor(ds, splitConfigOf(spec)), startedAt: Date.now(), batches: resume?.batches ?? [], epochs: resume?.epochs ?? [] },
        inspect: { ...st.inspect, mcTest: null, selected: null, example: null, curve: null, error: null },
      }));
      lastActivity = Date.now();
      send({ type: 'start', runId: id, spec, backend: s.engine.backendChoice, knownProbes, ...(resume ? { resume: resume.from } : {}) });
      return id;
    };

    // ---- The run lifecycle's side effects: engine reports, a Stop that is not answered, a run gone silent.
    const stopGraceMs = deps.timing?.stopGraceMs ?? 5_000;
    const silenceMs = deps.timing?.silenceMs ?? 45_000;
    let lastActivity = 0;
    let resetPending = false;
    let stopTimer: ReturnType<typeof setTimeout> | null = null;
    const clearStopTimer = () => {
      if (stopTimer) clearTimeout(stopTimer);
      stopTimer = null;
    };
    /** Applies an engine report to the lifecycle; a finished run after Reset clears the board. */
    const engineReported = (event: EngineEvent) => {
      const next = afterEngine(get().run.status, event);
      if (!next) return;
      if (next !== 'stopping') clearStopTimer();
      if (resetPending && next !== 'running' && next !== 'paused') {
        resetPending = false;
        clearRun();
        return;
      }
      set((s) => ({ run: { ...s.run, status: next } }));
    };
    const clearRun = () => {
      pendingBatches = [];
      pendingThroughput = [];
      pendingProgress = null;
      set((s) => ({ run: emptyRun(), draw: { ...s.draw, probabilities: null } }));
    };
    /**
     * Each engine gets a handler that goes deaf once the engine is replaced: a terminated worker's last messages
     * (an error from its lost GPU, a late "stopped") must not land on the run that continues in the new one.
     */
    let engineGeneration = 0;
    const currentEngineOnly = () => {
      const generation = ++engineGeneration;
      return (msg: FromEngine) => {
        if (generation === engineGeneration) onMessage(msg);
      };
    };
    /** Replaces the engine (a wedged worker cannot be asked nicely); the dataset goes to the new one. */
    const restartEngine = async (): Promise<boolean> => {
      const old = client;
      client = null;
      engineGeneration++; // the old engine's messages are ignored from now on
      try {
        old?.terminate();
      } catch {
        /* already gone */
      }
      set((s) => ({ engine: { ...s.engine, status: 'starting', backend: null } }));
      try {
        const c = await deps.createClient(currentEngineOnly());
        client = c;
        set((s) => ({ engine: { ...s.engine, status: 'ready', mode: c.mode, fallbackReason: c.fallbackReason } }));
        const ds = get().dataset.data;
        if (ds) c.send({ type: 'setDataset', dataset: { ...ds, x: ds.x.slice(), y: ds.y.slice() } });
        return true;
      } catch (err) {
        set((s) => ({ engine: { ...s.engine, status: 'error', fallbackReason: describeError(err) } }));
        return false;
      }
    };
    /** Stop and Reset always end: an engine that does not confirm in time is replaced. */
    const armStopTimer = () => {
      clearStopTimer();
      stopTimer = setTimeout(() => {
        stopTimer = null;
        if (get().run.status !== 'stopping') return;
        void restartEngine().then(() => {
          const note = `The engine did not answer Stop within ${Math.round(stopGraceMs / 1000)} s, so it was restarted: the model in memory is gone; the run's checkpoints (one per finished epoch) are kept in Runs.`;
          if (resetPending) {
            resetPending = false;
            clearRun();
            set((s) => ({ run: { ...s.run, notes: [note] } }));
          } else {
            set((s) => ({ run: { ...s.run, status: 'stopped', notes: [...s.run.notes, note] } }));
          }
          const id = get().run.id;
          if (id) sweep.onRunFinished(id);
        });
      }, stopGraceMs);
    };
    /**
     * The GPU went away (context lost, device lost) or the run went silent: restart the engine and continue the run
     * from its last checkpoint, on the same backend if it starts again, else on WASM. At most the epoch in progress is lost.
     */
    let recovering = false;
    /** The run continued after a lost GPU: if its backend cannot start again, it goes on on WASM (once). */
    let recoveredRun: { id: string; triedWasm: boolean } | null = null;
    const recoverLostEngine = async (why: string, backend: BackendName | null) => {
      const run = get().run;
      if (recovering || !run.id || !isBusy(run.status)) return;
      recovering = true;
      try {
        const lostId = run.id;
        const epochsDone = run.epochs.length;
        batcher.flushNow();
        clearStopTimer();
        set((s) => ({ run: { ...s.run, status: afterEngine(s.run.status, 'lost') ?? s.run.status, notes: [...s.run.notes, `${why} Restarting the engine…`] } }));
        if (!(await restartEngine())) return;
        if (resetPending) {
          resetPending = false;
          clearRun();
          return;
        }
        const place = epochsDone > 0 ? `from its checkpoint after epoch ${epochsDone}` : 'from the start (no epoch had finished)';
        const on: BackendChoice = backend && backend !== 'wasm' && backend !== 'cpu' ? backend : get().engine.backendChoice;
        set((s) => ({ engine: { ...s.engine, backendChoice: on } }));
        recoveredRun = { id: lostId, triedWasm: on === 'wasm' };
        let from = place;
        if (epochsDone > 0 && history) await get().resumeStoredRun(lostId);
        if (!isBusy(get().run.status)) {
          // No checkpoint to continue from (the GPU went while the last one was being written): start the run again.
          if (epochsDone > 0) {
            from = `from the start (the checkpoint of epoch ${epochsDone} had not been written yet)`;
            history?.clearError();
          }
          beginRun(runSpecs.get(lostId)?.spec ?? get().spec);
        }
        const started = isBusy(get().run.status);
        const problem = get().history.error;
        set((s) => ({
          run: {
            ...s.run,
            notes: [
              ...s.run.notes,
              started
                ? `${why} The engine was restarted and the run continues ${from} on ${on}; lost: ${from === place ? 'the epoch in progress' : 'the epochs since the start'}.`
                : `${why} The engine was restarted, but the run could not continue by itself${problem ? ` (${problem})` : ''}: resume it from Runs, or press Train.`,
            ],
          },
        }));
      } finally {
        recovering = false;
      }
    };
    // A run that stops reporting (a hung GPU read) is treated like a lost GPU.
    if (typeof setInterval !== 'undefined') {
      const timer = setInterval(() => {
        const st = get().run.status;
        if ((st === 'running' || st === 'starting') && lastActivity && Date.now() - lastActivity > silenceMs) {
          lastActivity = Date.now();
          void recoverLostEngine(`The engine sent nothing for ${Math.round(silenceMs / 1000)} s.`, get().engine.backend?.name ?? null);
        }
      }, Math.min(5_000, silenceMs / 2));
      (timer as unknown as { unref?: () => void }).unref?.();
    }
    /**
     * Options for a person's files: image size, class names, and for a table the split to fit on — plus the spec's
     * table recipe while the spec names data that is not loaded (a link's), so the same file reproduces its run.
     */
    const fileLoadOptions = (): LoadOptions => {
      const o = get().loadOptions;
      const spec = get().spec;
      const link = get().pendingLink;
      return {
        images: o.images,
        classNames: o.classNames.length ? o.classNames : undefined,
        table: link?.dataset.table ? { split: splitConfigOf(link), recipe: link.dataset.table } : { split: splitConfigOf(spec) },
      };
    };

    /** Makes a load's result the dataset in use: the engine gets its own copy, the spec follows the data. */
    const commitLoad = (r: LoadResult, source: DataSource) => {
      const ds = r.dataset!;
      const prev = get().dataset.data;
      const { spec, presetId } = specForDataset(get().spec, get().presetId, prev, ds);
      const copy = r.engineCopy ?? { x: ds.x.slice(), y: ds.y.slice() };
      client?.send({ type: 'setDataset', dataset: { ...ds, x: copy.x, y: copy.y } });
      pendingBatches = [];
      pendingThroughput = [];
      pendingProgress = null;
      set((s) => ({
        dataset: { ...s.dataset, status: 'ready', stage: '', data: ds, summary: r.summary, csv: r.csv, skipped: r.skipped, warnings: r.warnings ?? [], source, loadMs: r.loadMs, error: null },
        spec,
        presetId,
        run: emptyRun(),
        draw: { ...s.draw, probabilities: null, message: null },
      }));
    };
    const tables = createTableController(get, set, {
      loader: () => loader,
      commit: commitLoad,
      nextSeq: () => ++loadSeq,
      isCurrent: (seq) => seq === loadSeq,
    });
    const sweep = createSweepController(get, set, beginRun, () => send({ type: 'stop' }));
    const history = deps.history ? createHistoryController(get, set, deps.history) : null;
    let markEngineReady: () => void = () => {};
    const engineReady = new Promise<void>((resolve) => (markEngineReady = resolve));
    const share = createShareController({
      get,
      set,
      send,
      requests,
      baseUrl: deps.baseUrl,
      deps: deps.share ?? { pageUrl: () => '', download: () => {}, copyText: async () => false, replaceFragment: () => {}, fetch: (...a) => fetch(...a) },
      engineReady: () => engineReady,
      loadDataset: (source) => get().loadDataset(source),
      newRunId,
    });

    return {
      sweep: { status: 'idle', def: null, results: [], current: -1 },
      history: { status: deps.history ? 'loading' : 'off', runs: [], error: null, selected: [] },
      mode: 'studio',
      pendingLink: null,
      demo: null,
      share: { view: DEFAULT_VIEW, viewSeq: 0, link: null, message: null, exports: { status: 'idle', variants: [], error: null }, importStatus: { status: 'idle', message: null }, demoPayload: null, pendingFragment: null },
      async openFragment(hash) {
        // A link must not swap the spec or backend under a running job: it waits for the person's answer.
        if (hash.replace(/^#/, '') && isBusy(get().run.status)) {
          set((s) => ({ share: { ...s.share, pendingFragment: hash } }));
          return;
        }
        return share.openFragment(hash);
      },
      async answerPendingLink(open) {
        const hash = get().share.pendingFragment;
        set((s) => ({ share: { ...s.share, pendingFragment: null } }));
        if (!open || !hash) return;
        if (isBusy(get().run.status)) {
          get().stopTraining();
          await new Promise<void>((resolve) => {
            const unsub = store.subscribe((st) => {
              if (!isBusy(st.run.status)) {
                unsub();
                resolve();
              }
            });
          });
        }
        await share.openFragment(hash);
      },
      setView: (view) => set((s) => ({ share: { ...s.share, view, viewSeq: s.share.viewSeq + 1 } })),
      copyLink: () => share.copyLink(),
      makeDemoLink: () => share.makeDemoLink(),
      confirmRemoteModel: () => share.confirmRemoteModel(),
      openDemoInStudio: () => share.openDemoInStudio(),
      prepareExport: () => share.prepareExport(),
      downloadModel: (kind) => share.downloadModel(kind),
      downloadKerasScript: () => share.downloadKerasScript(),
      downloadMetrics: (format) => share.downloadMetrics(format),
      importModelFiles: (files) => share.importModelFiles(files),
      importModelUrl: (url) => share.importModelUrl(url),
      cancelModelImport: () => share.cancelModelImport(),
      dismissShareMessage: () => set((s) => ({ share: { ...s.share, message: null } })),
      dataset: {
        status: 'idle',
        stage: '',
        loaded: 0,
        total: null,
        error: null,
        data: null,
        summary: null,
        csv: null,
        table: null,
        warnings: [],
        skipped: [],
        source: null,
        loadMs: null,
        loaderMode: null,
      },
      presetId: 'keras-mlp',
      spec: specFromPreset('keras-mlp'),
      engine: { status: 'starting', mode: null, fallbackReason: null, backendChoice: 'auto', backend: null },
      run: emptyRun(),
      draw: { pixels: null, probabilities: null, mc: null, hasDropout: false, message: null, pending: false },
      inspect: { passes: 20, mcTest: null, mcStatus: 'idle', selected: null, example: null, exampleStatus: 'idle', curve: null, error: null },

      setPasses(passes) {
        set((s) => ({ inspect: { ...s.inspect, passes: Math.max(2, Math.min(100, Math.round(passes))) } }));
      },
      runMcOnTest() {
        if (!get().run.evaluation) return;
        mcSeq++;
        set((s) => ({ inspect: { ...s.inspect, mcStatus: 'running', error: null } }));
        send({ type: 'mcTest', requestId: mcSeq, passes: get().inspect.passes });
      },
      selectExample(position) {
        set((s) => ({ inspect: { ...s.inspect, selected: position, example: null } }));
        if (position != null) requestInspection(position);
      },
      computeCurve(xs) {
        curveSeq++;
        set((s) => ({ inspect: { ...s.inspect, curve: { xs, mean: new Float32Array(0), std: new Float32Array(0) } } }));
        send({ type: 'curve', requestId: curveSeq, inputs: xs.slice(), passes: get().inspect.passes });
      },
      smoothing: 0.6,
      loadOptions: { images: { width: 28, height: 28, mode: 'grayscale' }, classNames: [] },

      loadFiles(files) {
        return get().loadDataset({ type: 'files', files, options: fileLoadOptions() });
      },
      loadUrls(urls) {
        return get().loadDataset({ type: 'url', urls, options: fileLoadOptions() });
      },
      cancelDatasetLoad() {
        const d = get().dataset;
        if (d.status !== 'loading') return;
        // The load's answer, whenever it comes, is no longer current; the dataset loaded before stays untouched.
        loadSeq++;
        loader?.cancel();
        const what = d.stage ? d.stage[0].toLowerCase() + d.stage.slice(1) : 'loading';
        set((s) => ({ dataset: { ...s.dataset, status: s.dataset.data ? 'ready' : 'error', stage: '', loaded: 0, total: null, error: `Cancelled: ${what} was stopped${d.loaded > 0 ? ` after ${(d.loaded / 1048576).toFixed(1)} MB` : ''}.` } }));
      },
      setLoadOptions(patch) {
        set((s) => ({ loadOptions: { ...s.loadOptions, ...patch } }));
      },

      async init(fragment = '') {
        if (client || loader) return;
        void history?.init();
        // A demo or model link opens the demo view: it needs the engine, not the dataset.
        const link = fragment.replace(/^#/, '');
        const demoLink = link.startsWith('d') || link.startsWith('m');
        if (demoLink) {
          const started = deps.createClient(currentEngineOnly()).then((c) => {
            client = c;
            markEngineReady();
            set((s) => ({ engine: { ...s.engine, status: 'ready', mode: c.mode, fallbackReason: c.fallbackReason } }));
          });
          const opened = share.openFragment(fragment);
          await started.catch((err) => set((s) => ({ engine: { ...s.engine, status: 'error', fallbackReason: describeError(err) } })));
          await opened;
          if (get().mode === 'demo') return;
        }
        const [engine, data] = await Promise.allSettled([client ? Promise.resolve(client) : deps.createClient(currentEngineOnly()), deps.createLoader()]);
        if (engine.status === 'fulfilled') {
          client = engine.value;
          markEngineReady();
          set((s) => ({ engine: { ...s.engine, status: 'ready', mode: engine.value.mode, fallbackReason: engine.value.fallbackReason } }));
        } else {
          set((s) => ({ engine: { ...s.engine, status: 'error', fallbackReason: describeError(engine.reason) } }));
        }
        if (data.status === 'rejected') {
          set((s) => ({ dataset: { ...s.dataset, status: 'error', error: `The dataset loader could not start: ${describeError(data.reason)}` } }));
          return;
        }
        loader = data.value;
        set((s) => ({ dataset: { ...s.dataset, loaderMode: data.value.mode } }));
        // A spec link brings its own data when Tensorscope can make it (synthetic sets); else MNIST as usual.
        if (link && !demoLink) {
          await share.openFragment(fragment);
          if (get().dataset.data) return;
        }
        await get().loadDataset({ type: 'bundled', baseUrl: deps.baseUrl });
      },

      async loadDataset(source: DataSource) {
        // The demo view starts without the loader; "Open in studio" brings it up on first use.
        if (!loader) {
          try {
            loader = await deps.createLoader();
            set((s) => ({ dataset: { ...s.dataset, loaderMode: loader!.mode } }));
          } catch (err) {
            set((s) => ({ dataset: { ...s.dataset, status: 'error', error: `The dataset loader could not start: ${describeError(err)}` } }));
            return;
          }
        }
        if (isBusy(get().run.status)) {
          set((s) => ({ dataset: { ...s.dataset, error: 'Stop the current run before loading other data.' } }));
          return;
        }
        const seq = ++loadSeq;
        set((s) => ({ dataset: { ...s.dataset, status: 'loading', stage: 'Starting', loaded: 0, total: null, error: null } }));
        try {
          const r = await loader.load(source, (stage, loaded, total) => {
            if (seq === loadSeq) set((s) => ({ dataset: { ...s.dataset, stage, loaded, total } }));
          });
          if (seq !== loadSeq) return;
          if (r.table && (source.type === 'files' || source.type === 'url')) {
            const link = get().pendingLink;
            // A link's preprocessing on the very file it was made with (same fingerprint) reproduces the run at once.
            const sameAsLink = !!link && !!source.options.table?.recipe && !!r.dataset && r.dataset.fingerprint === link.dataset.fingerprint;
            if (!sameAsLink) {
              const differs = link && source.options.table?.recipe && r.dataset ? `This file gives other data than the link's (fingerprint ${r.dataset.fingerprint}, link ${link.dataset.fingerprint ?? 'none'}): check the choices before using it.` : null;
              set((s) => ({
                dataset: {
                  ...s.dataset,
                  status: s.dataset.data ? 'ready' : 'idle',
                  stage: '',
                  csv: null,
                  table: { source: withoutRecipe(source), stage: r.table!, pending: r, applied: null, busy: false, open: true, note: differs },
                },
              }));
              return;
            }
            commitLoad(r, source);
            // The link's whole experiment (model, training, seed) on its own data, exactly.
            set((s) => ({
              spec: { ...link!, dataset: { ...link!.dataset, id: r.dataset!.id, fingerprint: r.dataset!.fingerprint } },
              presetId: 'custom',
              pendingLink: null,
              dataset: {
                ...s.dataset,
                table: { source: withoutRecipe(source), stage: r.table!, pending: null, applied: r.table!.recipe, busy: false, open: false, note: `The link's preprocessing was applied: this file gives the same data (fingerprint ${r.dataset!.fingerprint}).` },
              },
            }));
            return;
          }
          if (!r.dataset) throw new Error('The loader returned no dataset.');
          commitLoad(r, source);
          set((s) => ({ dataset: { ...s.dataset, table: null } }));
        } catch (err) {
          if (seq !== loadSeq) return;
          // The previous dataset (if any) stays loaded and usable; pickers for the failed file are reset.
          set((s) => ({ dataset: { ...s.dataset, status: s.dataset.data ? 'ready' : 'error', error: describeError(err), csv: null, table: null } }));
        }
      },

      setTableRecipe: (recipe) => tables.setRecipe(recipe),
      useTable: () => tables.use(),
      discardTable: () => tables.discard(),
      setTableOpen: (open) => set((s) => (s.dataset.table ? { dataset: { ...s.dataset, table: { ...s.dataset.table, open } } } : {})),

      setCsvChoice(choice) {
        const source = get().dataset.source;
        if (!source || (source.type !== 'files' && source.type !== 'url')) return;
        void get().loadDataset({ ...source, options: { ...source.options, csv: choice } });
      },

      setDataOptions(patch) {
        set((s) => ({
          spec: {
            ...s.spec,
            dataset: {
              ...s.spec.dataset,
              ...(patch.testFraction != null ? { testFraction: patch.testFraction } : {}),
              ...(patch.splitSeed != null ? { splitSeed: patch.splitSeed } : {}),
              ...(patch.normalization ? { normalization: patch.normalization } : {}),
            },
            training: patch.validationFraction != null ? { ...s.spec.training, validationFraction: patch.validationFraction } : s.spec.training,
          },
        }));
        tables.refitIfStale();
      },

      selectPreset(id) {
        const cur = get().spec;
        const ds = get().dataset.data;
        const next = specFromPreset(id, ds ? dataContext(ds) : undefined, cur.seed);
        next.dataset = cur.dataset;
        // Keep the person's choices of how long and on how much to train when switching models.
        next.training = { ...next.training, maxTrainSamples: cur.training.maxTrainSamples };
        set({ presetId: id, spec: next });
      },

      applySpec(spec) {
        const cur = get().spec;
        // The loaded data stays: a spec made for other data keeps its model and training, on this data.
        set({ spec: { ...spec, dataset: { ...spec.dataset, id: cur.dataset.id, fingerprint: cur.dataset.fingerprint } }, presetId: 'custom' });
      },

      setLayers(layers) {
        set((s) => ({ spec: { ...s.spec, name: 'Custom', model: { layers } }, presetId: 'custom' }));
      },

      updateTraining(patch) {
        set((s) => ({ spec: { ...s.spec, training: { ...s.spec.training, ...patch } } }));
        if (patch.validationFraction != null) tables.refitIfStale();
      },

      setSeed(seed) {
        set((s) => ({ spec: { ...s.spec, seed } }));
      },

      setBackendChoice(choice) {
        set((s) => ({ engine: { ...s.engine, backendChoice: choice } }));
      },

      startTraining() {
        if (get().sweep.status === 'running') return;
        beginRun(get().spec);
      },
      startSweep(def) {
        if (!can(get().run.status, 'train')) return;
        sweep.start(def);
      },
      stopSweep() {
        sweep.stop();
      },

      pauseTraining() {
        if (can(get().run.status, 'pause')) send({ type: 'pause' });
      },
      resumeTraining() {
        if (can(get().run.status, 'resume')) send({ type: 'resume' });
      },
      stopTraining() {
        const next = afterAction(get().run.status, 'stop');
        if (!next) return;
        set((s) => ({ run: { ...s.run, status: next } }));
        send({ type: 'stop' });
        armStopTimer();
      },
      resetRun() {
        const next = afterAction(get().run.status, 'reset');
        if (!next) return;
        send({ type: 'reset' });
        if (next === 'stopping') {
          // The board clears once the engine confirms (or is replaced): Train stays off until then.
          resetPending = true;
          set((s) => ({ run: { ...s.run, status: 'stopping' } }));
          armStopTimer();
          return;
        }
        clearRun();
      },
      retryOn(backend) {
        if (!can(get().run.status, 'train')) return;
        set((s) => ({ engine: { ...s.engine, backendChoice: backend }, run: { ...s.run, status: 'idle' } }));
        get().startTraining();
      },
      setLiveLearningRate(lr) {
        if (!(lr > 0 && lr <= 10)) return;
        send({ type: 'setLearningRate', learningRate: lr });
      },
      setSmoothing(v) {
        set({ smoothing: Math.max(0, Math.min(0.99, v)) });
      },
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
            await get().loadDataset({ type: 'bundled', baseUrl: deps.baseUrl });
            ds = get().dataset.data;
          }
          if (!ds || (record.fingerprint && ds.fingerprint !== record.fingerprint)) {
            throw new Error(`"${record.name}" trained on ${record.datasetName} (fingerprint ${record.fingerprint ?? 'unknown'}). Load that data, then resume.`);
          }
          await history.trimAfter(id, resume.epochsDone);
          set({ spec: record.spec, presetId: 'custom' });
          const epochs = record.epochs.filter((e) => e.epoch <= resume.epochsDone).sort((a, b) => a.epoch - b.epoch);
          if (!beginRun(record.spec, { id, from: resume, batches: batches.map((b) => ({ step: b.step, loss: b.loss, metric: b.metric })), epochs })) {
            throw new Error('The engine is not ready to train yet; try again in a moment.');
          }
          set((s) => ({ run: { ...s.run, notes: [`Resumed "${record.name}" from its checkpoint after epoch ${resume.epochsDone} of ${record.totalEpochs}.`] } }));
        } catch (err) {
          set((s) => ({ history: { ...s.history, error: describeError(err) } }));
        }
      },
      async deleteStoredRun(id) {
        if (get().run.id === id && (get().run.status === 'running' || get().run.status === 'paused')) {
          set((s) => ({ history: { ...s.history, error: 'That run is training now; stop it before deleting it.' } }));
          return;
        }
        await history?.remove(id);
      },
      toggleRunSelected(id) {
        set((s) => ({ history: { ...s.history, selected: s.history.selected.includes(id) ? s.history.selected.filter((x) => x !== id) : [...s.history.selected, id] } }));
      },
      clearHistoryError() {
        history?.clearError();
      },
      predictRecord(raw) {
        const table = get().mode === 'demo' ? get().share.demoPayload?.table : get().dataset.data?.table;
        if (!table) return;
        let features: Float32Array;
        try {
          features = encodeRecord(table, raw);
        } catch (err) {
          set((s) => ({ draw: { ...s.draw, pixels: null, probabilities: null, mc: null, message: describeError(err), pending: false } }));
          return;
        }
        set((s) => ({ draw: { ...s.draw, pixels: features, features: true, message: null } }));
        sendPrediction();
      },

      predictDrawing(pixels) {
        set((s) => ({ draw: { ...s.draw, pixels, features: false, probabilities: pixels ? s.draw.probabilities : null, pending: pixels ? s.draw.pending : false } }));
        if (pixels) sendPrediction();
      },
    };
  });
  return store;
}
