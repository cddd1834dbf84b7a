import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeError } from '../core/errors';
import { splitFor } from '../data/split';
import { specFromPreset } from '../models/presets';
import { inferShapes } from '../models/shapes';
import type { EngineClient } from '../training/client';
import type { FromEngine, ToEngine } from '../training/protocol';
import { createFrameBatcher } from './frameBatcher';
import type { BatchPoint, RunSlice, StudioState } from './types';

export interface StudioDeps {
  /** Starts the engine; the real one spawns the worker (or the main-thread fallback). */
  createClient(onMessage: (msg: FromEngine) => void): Promise<EngineClient>;
  /** Where the bundled dataset lives (the page's base URL, so sub-path deploys work). */
  baseUrl: string;
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
});

let runCounter = 0;
const newRunId = () => `run-${Date.now().toString(36)}-${(runCounter++).toString(36)}`;

/** The studio's single store: every side effect (engine messages, dataset loads) starts in its actions. */
export function createStudioStore(deps: StudioDeps): StudioStore {
  let client: EngineClient | null = null;
  // Metric points arrive faster than frames; they wait here and land in the state once per frame.
  let pendingBatches: BatchPoint[] = [];
  let pendingThroughput: { step: number; samplesPerSec: number }[] = [];
  let pendingProgress: RunSlice['progress'] = null;
  let predictSeq = 0;
  let predictInFlight = false;
  let predictQueued = false;

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

    const sendPrediction = () => {
      const { pixels } = get().draw;
      if (!pixels || !client) return;
      if (predictInFlight) {
        predictQueued = true;
        return;
      }
      predictInFlight = true;
      send({ type: 'predict', requestId: ++predictSeq, pixels: pixels.slice() });
    };

    const onMessage = (msg: FromEngine) => {
      const runId = get().run.id;
      switch (msg.type) {
        case 'ready':
          return;
        case 'datasetProgress':
          set((s) => ({ dataset: { ...s.dataset, status: 'loading', loaded: msg.loaded, total: msg.total } }));
          return;
        case 'datasetReady':
          set((s) => ({
            dataset: { ...s.dataset, status: 'ready', data: msg.dataset, error: null },
            spec: { ...s.spec, dataset: { id: msg.dataset.id, fingerprint: msg.dataset.fingerprint } },
          }));
          return;
        case 'backend':
          set((s) => ({ engine: { ...s.engine, backend: msg.info } }));
          return;
        case 'runStarted':
          if (msg.runId !== runId) return;
          set((s) => ({ run: { ...s.run, status: 'running', info: { ...msg } } }));
          return;
        case 'metrics':
          if (msg.runId !== runId) return;
          for (const p of msg.points) {
            pendingBatches.push({ step: p.step, loss: p.loss, accuracy: p.accuracy });
            pendingThroughput.push({ step: p.step, samplesPerSec: p.samplesPerSec });
          }
          pendingProgress = msg.progress;
          batcher.schedule();
          return;
        case 'epochEnd':
          if (msg.runId !== runId) return;
          batcher.flushNow();
          set((s) => ({ run: { ...s.run, epochs: [...s.run.epochs, msg.summary] } }));
          // The drawn digit's probabilities follow the model as it learns.
          sendPrediction();
          return;
        case 'evaluation':
          if (msg.runId !== runId) return;
          set((s) => ({ run: { ...s.run, evaluation: msg.evaluation } }));
          return;
        case 'runState':
          if (msg.runId !== runId) return;
          batcher.flushNow();
          set((s) => ({ run: { ...s.run, status: msg.state } }));
          if (msg.state === 'done' || msg.state === 'stopped') sendPrediction();
          return;
        case 'prediction':
          predictInFlight = false;
          set((s) => ({ draw: { ...s.draw, probabilities: s.draw.pixels ? msg.probabilities : null, message: null } }));
          if (predictQueued) {
            predictQueued = false;
            sendPrediction();
          }
          return;
        case 'error':
          if (msg.during === 'dataset') {
            set((s) => ({ dataset: { ...s.dataset, status: 'error', error: msg.message } }));
          } else if (msg.during === 'predict') {
            predictInFlight = false;
            predictQueued = false;
            set((s) => ({ draw: { ...s.draw, probabilities: null, message: msg.message } }));
          } else if (!msg.runId || msg.runId === runId) {
            batcher.flushNow();
            set((s) => ({ run: { ...s.run, status: 'error', error: { code: msg.code, message: msg.message, backend: msg.backend } } }));
          }
          return;
      }
    };

    return {
      dataset: { status: 'idle', loaded: 0, total: null, error: null, data: null },
      presetId: 'keras-mlp',
      spec: specFromPreset('keras-mlp'),
      engine: { status: 'starting', mode: null, fallbackReason: null, backendChoice: 'auto', backend: null },
      run: emptyRun(),
      draw: { pixels: null, probabilities: null, message: null },
      smoothing: 0.6,

      async init() {
        if (client) return;
        try {
          client = await deps.createClient(onMessage);
          set((s) => ({ engine: { ...s.engine, status: 'ready', mode: client!.mode, fallbackReason: client!.fallbackReason } }));
        } catch (err) {
          set((s) => ({ engine: { ...s.engine, status: 'error', fallbackReason: describeError(err) } }));
          set((s) => ({ dataset: { ...s.dataset, status: 'error', error: `The training engine could not start: ${describeError(err)}` } }));
          return;
        }
        set((s) => ({ dataset: { ...s.dataset, status: 'loading', error: null } }));
        send({ type: 'loadDataset', url: deps.baseUrl });
      },

      selectPreset(id) {
        const cur = get().spec;
        const next = specFromPreset(id, cur.seed);
        next.dataset = cur.dataset;
        // Keep the person's choices of how long and on how much to train when switching models.
        next.training = { ...next.training, maxTrainSamples: cur.training.maxTrainSamples };
        set({ presetId: id, spec: next });
      },

      updateTraining(patch) {
        set((s) => ({ spec: { ...s.spec, training: { ...s.spec.training, ...patch } } }));
      },

      setBackendChoice(choice) {
        set((s) => ({ engine: { ...s.engine, backendChoice: choice } }));
      },

      startTraining() {
        const s = get();
        if (!client || s.dataset.status !== 'ready' || !s.dataset.data) return;
        if (s.run.status === 'running' || s.run.status === 'paused' || s.run.status === 'starting') return;
        const ds = s.dataset.data;
        if (!inferShapes(s.spec.model.layers, [ds.height, ds.width, ds.channels]).valid) return;
        const id = newRunId();
        pendingBatches = [];
        pendingThroughput = [];
        pendingProgress = null;
        set({
          run: { ...emptyRun(), id, status: 'starting', split: splitFor(ds, s.spec.training.validationFraction), startedAt: Date.now() },
        });
        send({ type: 'start', runId: id, spec: s.spec, backend: s.engine.backendChoice });
      },

      pauseTraining() {
        send({ type: 'pause' });
      },
      resumeTraining() {
        send({ type: 'resume' });
      },
      stopTraining() {
        send({ type: 'stop' });
      },
      resetRun() {
        send({ type: 'reset' });
        pendingBatches = [];
        pendingThroughput = [];
        pendingProgress = null;
        set((s) => ({ run: emptyRun(), draw: { ...s.draw, probabilities: null } }));
      },
      retryOn(backend) {
        set((s) => ({ engine: { ...s.engine, backendChoice: backend }, run: { ...s.run, status: 'idle' } }));
        get().startTraining();
      },
      setSmoothing(v) {
        set({ smoothing: Math.max(0, Math.min(0.99, v)) });
      },
      predictDrawing(pixels) {
        set((s) => ({ draw: { ...s.draw, pixels, probabilities: pixels ? s.draw.probabilities : null } }));
        if (pixels) sendPrediction();
      },
    };
  });
  return store;
}
