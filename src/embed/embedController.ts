import { createStore } from 'zustand/vanilla';
import { describeError } from '../core/errors';
import { decodeFragment, type DemoPayload } from '../share/link';
import { artifactsFromUrl } from '../share/modelFiles';
import { specFromPreset } from '../models/presets';
import { MAX_QUEUED, type PredictionResult } from '../client/protocol';
import type { NormArrays } from '../training/protocol';
import { createSerialQueue } from './embedQueue';
import { createEmbedEngine, type CreateClient, type EmbedEngine } from './embedEngine';
import { embedModelOf, type EmbedModel } from './embedModel';
import type { ModelStatus } from './embedApi';
import type { BackendChoice, BackendInfo } from './engineTypes';
import { predictionResults } from './results';
import { DEFAULT_PASSES } from './embedRequest';

/** How long an imported model may take to build in the engine (as the studio's import). */
const IMPORT_TIMEOUT_MS = 20_000;

export interface EmbedState {
  status: 'loading' | 'ready' | 'error';
  /** What is happening, or why it failed (plain text, rendered as text). */
  message: string;
  model: EmbedModel | null;
  /** A model link's origin, shown in small text (the embedding page chose the URL). */
  origin: string | null;
  backend: BackendInfo | null;
  /** The view's own prediction (the draw pad or the form), and its problem in words. */
  result: PredictionResult | null;
  resultPasses: number;
  resultError: string | null;
  pending: boolean;
}

export interface EmbedDeps {
  createClient: CreateClient;
  fetch: typeof fetch;
  backend: BackendChoice;
  /** The download deadline for a model link (the page's ?fetchDeadline, else the default). */
  deadlineMs: number;
  now(): number;
}

/** A demo link's normalisation (mean, std) as the engine's (shift, scale), as the studio's demo view loads it. */
const normOf = (n: DemoPayload['normalization']): NormArrays => ({
  shift: Float32Array.from(n.mean ?? [0]),
  scale: Float32Array.from(n.std ?? [1], (s) => (s === 0 ? 0 : 1 / s)),
});

/**
 * The embed view's model: loads the link's model into the engine (a demo link's weights, or a model.json URL fetched
 * without the studio's confirm step — the embedding page chose it), keeps the queue that both the postMessage API and
 * the view's own draw pad or form go through, and holds what the view shows.
 */
export function createEmbedController(deps: EmbedDeps) {
  const store = createStore<EmbedState>()(() => ({
    status: 'loading',
    message: 'Starting the engine…',
    model: null,
    origin: null,
    backend: null,
    result: null,
    resultPasses: DEFAULT_PASSES,
    resultError: null,
    pending: false,
  }));
  const set = store.setState;
  let engine: EmbedEngine | null = null;
  const queue = createSerialQueue<() => Promise<void>>(MAX_QUEUED, (job) => job());
  /** The latest drawing or row waiting for the engine (older ones are dropped: only the newest is worth answering). */
  let ownLatest: Float32Array | null = null;
  let ownQueued = false;

  const status = (): ModelStatus => {
    const s = store.getState();
    if (s.status === 'ready' && s.model) return { state: 'ready', model: s.model };
    if (s.status === 'error') return { state: 'failed', reason: s.message };
    return { state: 'loading', reason: s.message };
  };

  const predict = (values: Float32Array, count: number, passes: number) => {
    if (!engine) return Promise.reject(new Error('the engine has not started'));
    return engine.predictBatch(values, count, passes);
  };

  /** Loads the model the fragment names; `onReady` runs once it can answer. */
  async function load(fragment: string, onReady: (m: EmbedModel) => void): Promise<void> {
    const fail = (message: string) => set({ status: 'error', message });
    const link = decodeFragment(fragment);
    if (link.kind === 'none') return fail('This embed has no model: its address needs a demo link (#d1.…) or a model link (#m1.…) after the “#”.');
    if (link.kind === 'error') return fail(link.message);
    if (link.kind === 'spec') return fail('This is an experiment link (#s1.…): it carries no trained model. Embed a demo link (Share → Demo link with trained model).');
    engine = createEmbedEngine(deps.createClient, (info) => set({ backend: info }));
    try {
      let facts: Parameters<typeof embedModelOf>[0];
      if (link.kind === 'demo') {
        const p = link.payload;
        set({ message: `Loading ${p.spec.name}…` });
        const info = await engine.loadWeights(p.spec, p.inputShape, p.weights, normOf(p.normalization), deps.backend);
        facts = { name: p.spec.name, inputShape: info.inputShape, outputUnits: info.outputUnits, classNames: p.classNames, table: p.table ?? null, loss: p.spec.training.loss, hasDropout: false, metric: p.accuracy };
      } else {
        set({ origin: link.origin, message: `Downloading ${link.url}…` });
        const artifacts = await artifactsFromUrl(link.url, deps.fetch, { deadlineMs: deps.deadlineMs });
        set({ message: 'Building the model…' });
        const name = new URL(link.url).pathname.split('/').pop() || 'model';
        const info = await engine.importModel(name, artifacts, specFromPreset('mlp-digits'), deps.backend, IMPORT_TIMEOUT_MS);
        facts = { name: info.name, inputShape: info.inputShape, outputUnits: info.outputUnits, classNames: null, table: null, loss: null, hasDropout: false, metric: null };
      }
      // One small pass warms the backend up and tells whether the model has dropout (error bars or not).
      const size = facts.inputShape.reduce((a, b) => a * b, 1);
      const warm = await engine.predictBatch(new Float32Array(size), 1, 2);
      const model = embedModelOf({ ...facts, hasDropout: warm.hasDropout });
      set({ status: 'ready', model, message: '' });
      onReady(model);
    } catch (err) {
      fail(describeError(err));
    }
  }

  /** The view's own input (pad pixels 0–1 ×255, or an encoded row): queued like API requests, the newest one wins. */
  function predictOwn(values: Float32Array | null): void {
    ownLatest = values;
    if (!values) {
      set({ result: null, resultError: null, pending: false });
      return;
    }
    set({ pending: true });
    if (ownQueued) return;
    ownQueued = queue.push(async () => {
      ownQueued = false;
      const v = ownLatest;
      const model = store.getState().model;
      if (!v || !model) return set({ pending: false });
      try {
        const out = await predict(v, 1, DEFAULT_PASSES);
        // A Clear while it ran: the answer belongs to nothing on screen.
        if (!ownLatest) return;
        set({ result: predictionResults(model.description, out, 1)[0], resultPasses: out.passes, resultError: null, pending: ownQueued });
      } catch (err) {
        set({ resultError: `The prediction failed: ${describeError(err)}`, pending: false });
      }
    });
    if (!ownQueued) set({ pending: false, resultError: 'The embed is busy answering other requests; draw again in a moment.' });
  }

  return { store, status, predict, queue, load, predictOwn };
}

export type EmbedController = ReturnType<typeof createEmbedController>;
