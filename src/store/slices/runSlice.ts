import { describeError } from '../../core/errors';
import type { BackendChoice, BackendName, Dataset } from '../../core/types';
import { splitFor } from '../../data/split';
import { specMemoryVerdict } from '../../models/cost';
import { inferShapes } from '../../models/shapes';
import { splitConfigOf, type ExperimentSpec } from '../../models/spec';
import type { EngineClient } from '../../training/client';
import type { FromEngine, ResumeFrom, ToEngine } from '../../training/protocol';
import { isEpochHistograms } from '../../training/inspect/histogramMath';
import { createFrameBatcher } from '../frameBatcher';
import { validProbes, type KnownProbeMap } from '../../training/knownProbes';
import { afterAction, afterEngine, can, isBusy, type EngineEvent } from '../runLifecycle';
import { createSweepController } from '../sweepController';
import type { BatchPoint, RunSlice, StudioState } from '../types';
import { emptyRun, newRunId, type StoreCore } from './core';

/** The run lifecycle: the engine and its backend, the run and its charts, sweeps, and the buttons that drive them. */
export type RunState = Pick<
  StudioState,
  | 'engine'
  | 'run'
  | 'sweep'
  | 'smoothing'
  | 'chartSmoothing'
  | 'setBackendChoice'
  | 'startTraining'
  | 'pauseTraining'
  | 'resumeTraining'
  | 'stopTraining'
  | 'resetRun'
  | 'retryOn'
  | 'startSweep'
  | 'stopSweep'
  | 'setLiveLearningRate'
  | 'setSmoothing'
>;

export interface RunInternals {
  /** Starts one run of the given spec (or continues a stored one); the single path for Train, sweeps and resumes. */
  beginRun(spec: ExperimentSpec, resume?: { id: string; from: ResumeFrom; batches: BatchPoint[]; epochs: RunSlice['epochs'] }): string | null;
  /** Metric points not yet drawn belong to a run that is gone (new data). */
  dropPendingMetrics(): void;
  /** A message handler for a newly started engine; it goes deaf once that engine is replaced. */
  currentEngineOnly(): (msg: FromEngine) => void;
  /** A started engine becomes the store's: requests go to it, and links opened early stop waiting for it. */
  adoptEngine(client: EngineClient): void;
  /** Gives a started engine the loaded data (a copy: the UI keeps its own) and asks it to prepare for Train. */
  handOverData(client: EngineClient, shapeHint?: Extract<ToEngine, { type: 'prepare' }>['data']): void;
  /** Gives the engine the dataset now in use (`copy`: its own arrays, to transfer), or keeps them for when it is up. */
  sendDataset(ds: Dataset, copy?: { x: Dataset['x']; y: Dataset['y'] }): void;
  /**
   * Asks the engine to set up what Train of the current spec needs (backend, data upload, the model's kernels) while
   * nobody waits for it; `data` is the coming dataset's shape when the engine has none yet.
   */
  prepareEngine(data?: Extract<ToEngine, { type: 'prepare' }>['data']): void;
  /** The 'prepare' message for the current spec and backend choice (see prepareEngine). */
  prepareMessage(data?: Extract<ToEngine, { type: 'prepare' }>['data']): ToEngine;
  engineReady: Promise<void>;
}

export function createRunSlice(core: StoreCore): { state: RunState; internals: RunInternals } {
  const { get, set } = core;
  // Metric points arrive faster than frames; they wait here and land in the state once per frame.
  let pendingBatches: BatchPoint[] = [];
  let pendingThroughput: { step: number; samplesPerSec: number }[] = [];
  let pendingProgress: RunSlice['progress'] = null;
  const knownProbes: KnownProbeMap = validProbes(core.deps.preferences?.load()?.probes);
  /** The spec each run started with, and whether it continues a stored run (for run history). */
  const runSpecs = new Map<string, { spec: ExperimentSpec; resumed: boolean }>();
  let markEngineReady: () => void = () => {};
  const engineReady = new Promise<void>((resolve) => (markEngineReady = resolve));

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

  const onMessage = (msg: FromEngine) => {
    if (core.requests.handle(msg)) return;
    if (core.prune.onMessage(msg)) return;
    core.share.controller.onMessage(msg);
    const runId = get().run.id;
    if ('runId' in msg && msg.runId && msg.runId === runId) lastActivity = Date.now();
    if ('runId' in msg && msg.runId) {
      const r = runSpecs.get(msg.runId);
      if (r) core.share.history?.onMessage(msg, r);
    }
    // Predictions and inspection answers (and a failed prediction) are the inspection slice's.
    if (core.inspect.onMessage(msg)) return;
    switch (msg.type) {
      case 'ready':
        return;
      case 'backend': {
        set((s) => ({ engine: { ...s.engine, backend: msg.info } }));
        const p = msg.info.probe;
        if (p?.key && !p.cached && core.deps.preferences) {
          knownProbes[p.key] = { chosen: msg.info.name, results: p.results };
          // Keep the newest few dozen: one entry per model and device.
          const keys = Object.keys(knownProbes);
          for (const k of keys.slice(0, Math.max(0, keys.length - 40))) delete knownProbes[k];
          core.deps.preferences.save({ probes: knownProbes });
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
          pendingBatches.push({ step: p.step, loss: p.loss, metric: p.metric, epoch: p.epoch, timeMs: p.timeMs });
          pendingThroughput.push({ step: p.step, samplesPerSec: p.samplesPerSec });
        }
        pendingProgress = msg.progress;
        // A learning rate the person asked for is in force once the engine marks it.
        if (msg.markers.length) set((s) => ({ run: { ...s.run, markers: [...s.run.markers, ...msg.markers], queuedLearningRate: null } }));
        batcher.schedule();
        return;
      case 'boundary':
        if (msg.runId !== runId) return;
        set((s) => ({ run: { ...s.run, boundary: msg.grid } }));
        return;
      case 'histograms': {
        if (msg.runId !== runId || !isEpochHistograms(msg.histograms)) return;
        const h = msg.histograms;
        set((s) => ({ run: { ...s.run, histograms: [...(s.run.histograms ?? []).filter((e) => e.epoch < h.epoch), h] } }));
        return;
      }
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
        core.inspect.sendPrediction();
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
        if (sel != null) core.inspect.requestInspection(sel);
        return;
      }
      case 'runState': {
        if (msg.runId !== runId) return;
        batcher.flushNow();
        const event: EngineEvent = msg.state === 'running' ? 'resumed' : msg.state === 'paused' ? 'paused' : (msg.state as EngineEvent);
        engineReported(event);
        if (msg.state !== 'running' && msg.state !== 'paused') {
          core.inspect.sendPrediction();
          sweep.onRunFinished(msg.runId);
        }
        return;
      }
      case 'error':
        if (msg.code === 'backend-lost') {
          void recoverLostEngine(msg.message, msg.backend ?? null);
        } else if (msg.code === 'backend-init' && recoveredRun && msg.runId === recoveredRun.id && !recoveredRun.triedWasm) {
          // The GPU did not come back: the same run continues on WASM.
          recoveredRun.triedWasm = true;
          const id = recoveredRun.id;
          set((s) => ({ engine: { ...s.engine, backendChoice: 'wasm' }, run: { ...s.run, status: 'interrupted', notes: [...s.run.notes, `${msg.message} Continuing on WASM.`] } }));
          if (get().run.epochs.length > 0 && core.share.history) void get().resumeStoredRun(id);
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
    if (!core.client || s.dataset.status !== 'ready' || !s.dataset.data) return null;
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
    core.modelSeq++;
    set((st) => ({
      run: { ...emptyRun(), id, status: 'starting', split: splitFor(ds, splitConfigOf(spec)), startedAt: Date.now(), batches: resume?.batches ?? [], epochs: resume?.epochs ?? [] },
      inspect: { ...st.inspect, mcTest: null, selected: null, example: null, curve: null, error: null },
      // The drawing's prediction was the previous model's: it is predicted again after this run's first epoch.
      draw: { ...st.draw, probabilities: null, mc: null, pending: false, message: st.draw.pixels ? 'A new model is training: your drawing is predicted again after its first epoch.' : null },
    }));
    lastActivity = Date.now();
    core.send({ type: 'start', runId: id, spec, backend: s.engine.backendChoice, knownProbes, ...(resume ? { resume: resume.from } : {}) });
    return id;
  };

  // ---- The run lifecycle's side effects: engine reports, a Stop that is not answered, a run gone silent.
  const stopGraceMs = core.deps.timing?.stopGraceMs ?? 5_000;
  const silenceMs = core.deps.timing?.silenceMs ?? 45_000;
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
    core.modelSeq++;
    set((s) => ({ run: emptyRun(), draw: { ...s.draw, probabilities: null, mc: null, pending: false } }));
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
    const old = core.client;
    core.client = null;
    engineGeneration++; // the old engine's messages are ignored from now on
    try {
      old?.terminate();
    } catch {
      /* already gone */
    }
    set((s) => ({ engine: { ...s.engine, status: 'starting', backend: null } }));
    try {
      const c = await core.deps.createClient(currentEngineOnly());
      adoptEngine(c);
      handOverData(c);
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
      if (epochsDone > 0 && core.share.history) await get().resumeStoredRun(lostId);
      if (!isBusy(get().run.status)) {
        // No checkpoint to continue from (the GPU went while the last one was being written): start the run again.
        if (epochsDone > 0) {
          from = `from the start (the checkpoint of epoch ${epochsDone} had not been written yet)`;
          core.share.history?.clearError();
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

  const sweep = createSweepController(get, set, beginRun, () => core.send({ type: 'stop' }));
  const dropPendingMetrics = () => {
    pendingBatches = [];
    pendingThroughput = [];
    pendingProgress = null;
  };

  const state: RunState = {
    engine: { status: 'starting', mode: null, fallbackReason: null, backendChoice: 'auto', backend: null },
    run: emptyRun(),
    sweep: { status: 'idle', def: null, results: [], current: -1 },
    smoothing: 0.6,
    chartSmoothing: {},
    setBackendChoice(choice) {
      const changed = get().engine.backendChoice !== choice;
      set((s) => ({ engine: { ...s.engine, backendChoice: choice } }));
      // The demo view has no Train: its model moves to the chosen backend now, so the backend it reports is the one picked.
      if (changed && get().mode === 'demo') void core.share.controller.reloadDemoOnBackend();
    },

    startTraining() {
      if (get().sweep.status === 'running' || get().prune.status === 'running') return;
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
      if (can(get().run.status, 'pause')) core.send({ type: 'pause' });
    },
    resumeTraining() {
      if (can(get().run.status, 'resume')) core.send({ type: 'resume' });
    },
    stopTraining() {
      const next = afterAction(get().run.status, 'stop');
      if (!next) return;
      set((s) => ({ run: { ...s.run, status: next } }));
      core.send({ type: 'stop' });
      armStopTimer();
    },
    resetRun() {
      const next = afterAction(get().run.status, 'reset');
      if (!next) return;
      core.send({ type: 'reset' });
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
      const st = get().run.status;
      if (st !== 'running' && st !== 'paused') return;
      // Until the engine marks it in force (on the next batch; while paused, when the run resumes) it is queued.
      set((s) => ({ run: { ...s.run, queuedLearningRate: lr } }));
      core.send({ type: 'setLearningRate', learningRate: lr });
    },
    setSmoothing(v, chart) {
      const w = Math.max(0, Math.min(0.99, Number.isFinite(v) ? v : 0));
      if (chart) set((s) => ({ chartSmoothing: { ...s.chartSmoothing, [chart]: w } }));
      else set({ smoothing: w });
    },
  };
  const prepareMessage = (data?: Extract<ToEngine, { type: 'prepare' }>['data']): ToEngine => {
    const s = get();
    return { type: 'prepare', spec: s.spec, backend: s.engine.backendChoice, knownProbes, ...(data ? { data } : {}) };
  };
  const prepareEngine = (data?: Extract<ToEngine, { type: 'prepare' }>['data']) => {
    if (!core.client || isBusy(get().run.status)) return;
    core.client.send(prepareMessage(data));
  };
  const adoptEngine = (client: EngineClient) => {
    core.client = client;
    markEngineReady();
    set((s) => ({ engine: { ...s.engine, status: 'ready', mode: client.mode, fallbackReason: client.fallbackReason } }));
  };
  /** The engine's own copy of a dataset that loaded before the engine was up (the data worker made it). */
  let heldCopy: { of: Dataset; x: Dataset['x']; y: Dataset['y'] } | null = null;
  // Copied here only when no spare copy came with the data (a copy of 8 MB is ~30 ms on the UI thread).
  const datasetMessage = (ds: Dataset, copy?: { x: Dataset['x']; y: Dataset['y'] } | null): ToEngine => ({
    type: 'setDataset',
    dataset: { ...ds, x: copy?.x ?? ds.x.slice(), y: copy?.y ?? ds.y.slice() },
  });
  const sendDataset = (ds: Dataset, copy?: { x: Dataset['x']; y: Dataset['y'] }) => {
    heldCopy = !core.client && copy ? { of: ds, ...copy } : null;
    core.client?.send(datasetMessage(ds, copy));
  };
  const handOverData = (client: EngineClient, shapeHint?: Extract<ToEngine, { type: 'prepare' }>['data']) => {
    const ds = get().dataset.data;
    const held = heldCopy?.of === ds ? heldCopy : null;
    heldCopy = null;
    if (ds) client.send(datasetMessage(ds, held));
    prepareEngine(ds ? undefined : shapeHint);
  };
  return { state, internals: { beginRun, dropPendingMetrics, currentEngineOnly, adoptEngine, handOverData, sendDataset, engineReady, prepareEngine, prepareMessage } };
}
