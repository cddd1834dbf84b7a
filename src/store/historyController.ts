import { describeError } from '../core/errors';
import { decodeTensors, makeCheckpoint } from '../runs/checkpointCodec';
import { nameProblem, nextRunName, parseTags } from '../runs/naming';
import { createRunRecord } from '../runs/record';
import type { RunStore, StoredRunBundle } from '../runs/runStore';
import type { BatchRow, RunRecord, RunStatus } from '../runs/types';
import type { ExperimentSpec } from '../models/spec';
import type { EpochSummary, FromEngine, ResumeFrom, TestEvaluation } from '../training/protocol';
import { describeDivergence } from '../training/divergence';
import { yieldToEventLoop } from '../training/yieldToEventLoop';
import type { StudioState } from './types';

type SetState = (fn: (s: StudioState) => Partial<StudioState>) => void;
type Get = () => StudioState;

export interface HistoryDeps {
  /** Opens run history (IndexedDB); rejects when the browser offers no storage. */
  openRunStore(): Promise<RunStore>;
  /** This tab's id: runs it trains carry it, so another tab (or a reload) can tell which runs lost their tab. */
  ownerId: string;
  /** Owner ids of tabs alive now (Web Locks); null when the browser cannot tell. */
  liveOwners(): Promise<Set<string> | null>;
}

/** What a person may change of a stored run. */
export interface RunEdit {
  name?: string;
  notes?: string;
  tags?: string[];
}

/** How long "Deleted 2 runs — Undo" stays (the deleted runs are kept in memory until then). */
export const UNDO_DELETE_MS = 10_000;

/** How a finished run's engine state maps to its stored status. */
const finalStatus = (state: 'done' | 'stopped' | 'diverged' | 'error'): RunStatus => (state === 'error' ? 'failed' : state);

/**
 * Keeps every run in IndexedDB as it trains: the record at start, batch metrics and the epoch summary at
 * each epoch's end, the last (and best) checkpoint after it, the outcome at the end. Writes go one after
 * another through a queue, so a slow disk never reorders them, and a failed write is shown, never thrown.
 */
export function createHistoryController(get: Get, set: SetState, deps: HistoryDeps) {
  let store: RunStore | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const batchBuffer = new Map<string, BatchRow[]>();
  /** Best validation loss (or training loss without validation) per run, to decide the best checkpoint. */
  const bestScore = new Map<string, number>();
  /** The runs of the last delete, kept whole until the undo expires. */
  let undoable: { bundles: StoredRunBundle[]; timer: ReturnType<typeof setTimeout> } | null = null;
  const dropUndo = () => {
    if (undoable) clearTimeout(undoable.timer);
    undoable = null;
    set((s) => (s.history.deleted ? { history: { ...s.history, deleted: null } } : {}));
  };

  const fail = (err: unknown) => set((s) => ({ history: { ...s.history, error: describeError(err) } }));
  const refresh = async () => {
    if (!store) return;
    const runs = await store.listRuns();
    set((s) => ({ history: { ...s.history, runs, selected: s.history.selected.filter((id) => runs.some((r) => r.id === id)) } }));
  };
  /** Queues a write; the list is refreshed after it, and any failure lands in history.error. */
  const write = (work: (st: RunStore) => Promise<unknown>, reload = true): Promise<void> => {
    const next = queue.then(async () => {
      if (!store) return;
      try {
        await work(store);
        if (reload) await refresh();
      } catch (err) {
        fail(err);
      }
    });
    queue = next;
    return next;
  };

  /**
   * A training run's writes put their result into the list in memory instead of reading every stored run back
   * (`refresh`): with many runs kept, that read and the list panels' re-render after each epoch cost the page a
   * long task.
   */
  const patchRun = (id: string, patch: (r: RunRecord) => RunRecord) =>
    set((s) => (s.history.runs.some((r) => r.id === id) ? { history: { ...s.history, runs: s.history.runs.map((r) => (r.id === id ? patch(r) : r)) } } : {}));
  /** The record of a run that has just started, written once its first batch is in (nothing may slow that batch). */
  const pendingRecords = new Map<string, () => void>();

  const flushBatches = (runId: string) => {
    const rows = batchBuffer.get(runId);
    if (!rows?.length) return;
    batchBuffer.set(runId, []);
    void write((st) => st.appendBatches(runId, rows), false);
  };

  return {
    async init(): Promise<void> {
      try {
        store = await deps.openRunStore();
      } catch (err) {
        set((s) => ({ history: { ...s.history, status: 'off', error: describeError(err) } }));
        return;
      }
      set((s) => ({ history: { ...s.history, status: 'ready' } }));
      await write(async (st) => {
        const live = await deps.liveOwners();
        for (const r of await st.listRuns()) {
          if ((r.status === 'running' || r.status === 'paused') && r.ownerId !== deps.ownerId && !(live?.has(r.ownerId) ?? false)) {
            await st.updateRun(r.id, { status: 'interrupted' });
          }
        }
      });
    },

    onMessage(msg: FromEngine, run: { spec: ExperimentSpec | null; resumed: boolean }): void {
      if (!store) return;
      if ('runId' in msg && msg.runId && msg.type !== 'runStarted') {
        const writeRecord = pendingRecords.get(msg.runId);
        pendingRecords.delete(msg.runId);
        writeRecord?.();
      }
      switch (msg.type) {
        case 'runStarted': {
          const ds = get().dataset.data;
          const spec = run.spec;
          if (!spec || !ds) return;
          if (run.resumed) {
            void write((st) => st.updateRun(msg.runId, { status: 'running', ownerId: deps.ownerId, endedAt: null, error: undefined, divergence: undefined }));
            return;
          }
          batchBuffer.set(msg.runId, []);
          bestScore.delete(msg.runId);
          const record = createRunRecord({
            id: msg.runId,
            spec,
            datasetName: ds.name,
            task: ds.task,
            ownerId: deps.ownerId,
            totalEpochs: msg.totalEpochs,
            batchesPerEpoch: msg.batchesPerEpoch,
            fingerprint: ds.fingerprint,
            backend: get().engine.backend?.name ?? null,
          });
          // Named in the write queue, so runs started one after another see each other: "mnist-keras-mlp-#3".
          pendingRecords.set(msg.runId, () => void write(async (st) => st.putRun({ ...record, name: nextRunName(await st.listRuns(), ds.name, spec.name, spec.dataset.id) })));
          return;
        }
        case 'metrics': {
          const rows = batchBuffer.get(msg.runId) ?? [];
          for (const p of msg.points) rows.push({ step: p.step, epoch: p.epoch, loss: p.loss, metric: p.metric });
          batchBuffer.set(msg.runId, rows);
          return;
        }
        case 'epochEnd':
          flushBatches(msg.runId);
          void write(async (st) => {
            const next = await st.updateRun(msg.runId, (cur) => ({
              epochs: [...cur.epochs.filter((e) => e.epoch !== msg.summary.epoch), msg.summary],
              epochsDone: msg.summary.epoch,
              finalMetric: msg.summary.testMetric,
            }));
            if (next) patchRun(msg.runId, () => next);
          }, false);
          return;
        case 'checkpoint': {
          const summary = get().run.epochs.find((e) => e.epoch === msg.epoch);
          const score = summary ? (summary.valLoss ?? summary.trainLoss) : NaN;
          const prev = bestScore.get(msg.runId) ?? Infinity;
          const isBest = Number.isFinite(score) && score < prev;
          if (isBest) bestScore.set(msg.runId, score);
          const base = { runId: msg.runId, epoch: msg.epoch, weights: msg.weights, optimizer: msg.optimizer };
          void write(async (st) => {
            // A task between the writes and before the list updates: each write clones ~1 MB of weights on this
            // thread (15–25 ms on a slow machine); together with the re-render they made one long task per epoch.
            const last = await st.saveCheckpoint(makeCheckpoint({ ...base, kind: 'last' }));
            await yieldToEventLoop();
            const best = isBest ? await st.saveCheckpoint(makeCheckpoint({ ...base, kind: 'best', optimizer: null })) : null;
            await yieldToEventLoop();
            if (last) patchRun(msg.runId, (r) => ({ ...r, checkpoints: { last, best: best ?? r.checkpoints.best }, updatedAt: Math.max(r.updatedAt, last.savedAt) }));
          }, false);
          return;
        }
        case 'diverged':
          // Its runState ('diverged') follows and sets the status; no checkpoint comes after this, so 'last' stays finite.
          flushBatches(msg.runId);
          void write((st) => st.updateRun(msg.runId, { divergence: msg.divergence, error: describeDivergence(msg.divergence) }), false);
          return;
        case 'evaluation':
          void write((st) => st.updateRun(msg.runId, { evaluation: evaluationSummary(msg.evaluation) }), false);
          return;
        case 'runState':
          if (msg.state === 'running' || msg.state === 'paused') {
            void write((st) => st.updateRun(msg.runId, { status: msg.state as RunStatus }));
            return;
          }
          flushBatches(msg.runId);
          void write((st) => st.updateRun(msg.runId, { status: finalStatus(msg.state as 'done' | 'stopped' | 'diverged'), endedAt: Date.now() }));
          return;
        case 'error':
          if (!msg.runId || msg.during === 'predict') return;
          flushBatches(msg.runId);
          void write((st) => st.updateRun(msg.runId!, { status: 'failed', endedAt: Date.now(), error: msg.message }));
          return;
        default:
          return;
      }
    },

    /** Everything needed to continue a stored run from its last checkpoint. */
    async loadForResume(id: string): Promise<{ record: RunRecord; resume: ResumeFrom; batches: BatchRow[] }> {
      if (!store) throw new Error('Run history is off in this browser, so there is nothing to resume.');
      await queue;
      const record = await store.getRun(id);
      if (!record) throw new Error('That run is no longer stored.');
      const cp = await store.getCheckpoint(id, 'last');
      if (!cp) throw new Error(`"${record.name}" stopped before its first epoch ended, so it has no checkpoint to resume from. Start it again instead.`);
      const batches = (await store.getBatches(id)).filter((b) => b.epoch <= cp.epoch);
      return { record, batches, resume: { epochsDone: cp.epoch, weights: decodeTensors(cp.weights), optimizer: cp.optimizer ? decodeTensors(cp.optimizer) : null } };
    },

    /** Forgets epochs after the checkpoint a resumed run restarts from (they will be trained again). */
    trimAfter(id: string, epoch: number): Promise<void> {
      return write((st) => st.updateRun(id, (cur) => ({ epochs: cur.epochs.filter((e) => e.epoch <= epoch), epochsDone: epoch })));
    },

    async weightsOf(id: string, kind: 'best' | 'last') {
      if (!store) return null;
      await queue;
      const cp = await store.getCheckpoint(id, kind);
      return cp ? { epoch: cp.epoch, weights: decodeTensors(cp.weights) } : null;
    },

    async batchesOf(id: string): Promise<BatchRow[]> {
      if (!store) return [];
      await queue;
      return store.getBatches(id);
    },

    remove(id: string): Promise<void> {
      return write((st) => st.deleteRun(id));
    },

    /**
     * Renames a stored run, or sets its notes or tags. Resolves to the problem in words (a taken or empty name),
     * null when saved; storage failures land in history.error.
     */
    async edit(id: string, change: RunEdit): Promise<string | null> {
      let problem: string | null = null;
      await write(async (st) => {
        const patch: RunEdit = {};
        if (change.name !== undefined) {
          problem = nameProblem(change.name, id, await st.listRuns());
          if (problem) return;
          patch.name = change.name.trim();
        }
        if (change.notes !== undefined) patch.notes = change.notes.slice(0, 2000);
        if (change.tags !== undefined) patch.tags = parseTags(change.tags.join(','));
        // updatedAt stays: editing a label is not progress of the run.
        await st.updateRun(id, (cur) => ({ ...patch, updatedAt: cur.updatedAt }));
      });
      return problem;
    },

    /** Deletes runs, keeping them whole in memory for UNDO_DELETE_MS so `undoDelete` can put them back exactly. */
    async removeWithUndo(ids: readonly string[]): Promise<void> {
      if (undoable) dropUndo();
      const bundles: StoredRunBundle[] = [];
      await write(async (st) => {
        for (const id of ids) {
          const b = await st.takeRun(id);
          if (b) bundles.push(b);
        }
      });
      if (bundles.length === 0) return;
      const timer = setTimeout(dropUndo, UNDO_DELETE_MS);
      undoable = { bundles, timer };
      set((s) => ({ history: { ...s.history, deleted: { count: bundles.length, names: bundles.map((b) => b.record.name) } } }));
    },

    /** Puts the runs of the last delete back, as they were. */
    async undoDelete(): Promise<void> {
      const pending = undoable;
      if (!pending) return;
      dropUndo();
      await write(async (st) => {
        for (const b of pending.bundles) await st.restoreRun(b);
      });
    },
    dismissUndo: () => dropUndo(),
    refresh: () => write(async () => {}),
    clearError: () => set((s) => ({ history: { ...s.history, error: null } })),
  };
}

function evaluationSummary(ev: TestEvaluation): RunRecord['evaluation'] {
  if (ev.task === 'regression') return { metric: ev.metric };
  return { metric: ev.metric, confusion: ev.confusion, ece: ev.calibration.ece };
}

export type HistoryController = ReturnType<typeof createHistoryController>;
export type { EpochSummary };
