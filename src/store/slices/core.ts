import type { StoreApi } from 'zustand/vanilla';
import type { Dataset } from '../../core/types';
import type { LoaderClient } from '../../data/loader/client';
import type { HistoryDeps } from '../historyController';
import type { ShareDeps } from '../shareController';
import type { EngineClient } from '../../training/client';
import type { FromEngine, ToEngine } from '../../training/protocol';
import { PRESETS, recommendedPreset, specFromPreset, type DataContext, type PresetId } from '../../models/presets';
import type { ExperimentSpec } from '../../models/spec';
import type { EngineRequests } from '../engineRequests';
import type { RunSlice, StudioState } from '../types';
import type { DataInternals } from './dataSlice';
import type { RunInternals } from './runSlice';
import type { InspectInternals } from './inspectSlice';
import type { ShareInternals } from './shareSlice';
import type { PruneInternals } from '../pruneController';

export interface StudioDeps {
  /** Starts the engine; the real one spawns the worker (or the main-thread fallback). */
  /**
   * Starts an engine. `early` messages are posted the moment it exists, before its code has loaded (they wait in its
   * queue), so it can set up its backend without waiting for the page to notice it is ready.
   */
  createClient(onMessage: (msg: FromEngine) => void, early?: ToEngine[]): Promise<EngineClient>;
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

export type SetState = StoreApi<StudioState>['setState'];
export type GetState = () => StudioState;

/**
 * What the slices share: the store's get/set, the engine and loader (replaced over the session), and each slice's
 * internals for the others to call (bound once every slice exists; only called at run time).
 */
export interface StoreCore {
  deps: StudioDeps;
  get: GetState;
  set: SetState;
  store(): StoreApi<StudioState>;
  client: EngineClient | null;
  loader: LoaderClient | null;
  send(msg: ToEngine): void;
  requests: EngineRequests;
  /** Bumped whenever the engine's model is replaced (a new run, an import, a reset): older predictions are stale. */
  modelSeq: number;
  data: DataInternals;
  run: RunInternals;
  inspect: InspectInternals;
  share: ShareInternals;
  prune: PruneInternals;
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
export function specForDataset(cur: ExperimentSpec, presetId: PresetId | 'custom', prev: Dataset | null, ds: Dataset): { spec: ExperimentSpec; presetId: PresetId | 'custom' } {
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

export const emptyRun = (): RunSlice => ({
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
  queuedLearningRate: null,
  notes: [],
  history: [],
  divergence: null,
  boundary: null,
  histograms: [],
});

let runCounter = 0;
/** Unique across tabs (two tabs starting in the same millisecond once shared an id and merged their history). */
export const newRunId = () =>
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? `run-${crypto.randomUUID()}` : `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${(runCounter++).toString(36)}`;
