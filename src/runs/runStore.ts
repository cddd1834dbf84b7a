/**
 * Run history in IndexedDB (through `idb`): run records, batch metrics in chunks, best/last checkpoints.
 * Every failure comes out as a TensorscopeError('storage', …) in plain words; a write that fails leaves
 * what was stored before exactly as it was (each method is one transaction).
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { TensorscopeError } from '../core/errors';
import { checkpointBytes, decodeBatchChunks, encodeBatchChunk, formatBytes } from './checkpointCodec';
import type { BatchChunk, BatchRow, Checkpoint, CheckpointKind, CheckpointMeta, RunRecord, RunStatus } from './types';

export const RUN_DB_NAME = 'tensorscope-runs';
/** Bump with a new `if (oldVersion < N)` step in `upgrade`; never edit an old step. */
export const RUN_DB_VERSION = 2;

interface RunDB extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { startedAt: number; tags: string } };
  batches: { key: [string, number]; value: BatchChunk };
  checkpoints: { key: [string, CheckpointKind]; value: Checkpoint };
}

type Store = StoreNames<RunDB>;
type Tx<S extends Store[], M extends IDBTransactionMode> = IDBPTransaction<RunDB, S, M>;

export type RunPatch = Partial<Omit<RunRecord, 'id'>>;

/** Everything stored of one run (record, batch chunks, checkpoints), as `takeRun` removes it and `restoreRun` puts it back. */
export interface StoredRunBundle {
  record: RunRecord;
  batches: BatchChunk[];
  checkpoints: Checkpoint[];
}

export interface RunStore {
  /** Adds or replaces a run record. */
  putRun(record: RunRecord): Promise<void>;
  /**
   * Read-modify-write in one transaction. `patch` may be a function of the stored record (e.g. to append an
   * epoch). Sets updatedAt to now unless the patch sets it. Null when the run is not (or no longer) stored.
   */
  updateRun(id: string, patch: RunPatch | ((current: RunRecord) => RunPatch)): Promise<RunRecord | null>;
  /** Stores rows as the run's next chunk. False (nothing written) when the run is not stored, e.g. deleted meanwhile. */
  appendBatches(runId: string, rows: readonly BatchRow[]): Promise<boolean>;
  /** Every stored batch row of the run, in append order. */
  getBatches(runId: string): Promise<BatchRow[]>;
  /**
   * Writes the checkpoint and the run's `checkpoints[kind]` meta in one transaction. `metric`/`valLoss`
   * default to the run's summary of that epoch. Null (nothing written) when the run is not stored.
   */
  saveCheckpoint(cp: Checkpoint, info?: { metric?: number | null; valLoss?: number | null }): Promise<CheckpointMeta | null>;
  getCheckpoint(runId: string, kind: CheckpointKind): Promise<Checkpoint | null>;
  /** Newest first (by startedAt). */
  listRuns(): Promise<RunRecord[]>;
  getRun(id: string): Promise<RunRecord | null>;
  /** Removes the run, its batches and its checkpoints in one transaction. */
  deleteRun(id: string): Promise<void>;
  /** Removes the run like `deleteRun` and returns all of it (for an undo); null when it is not stored. */
  takeRun(id: string): Promise<StoredRunBundle | null>;
  /** Puts a taken run back exactly as it was (one transaction). */
  restoreRun(bundle: StoredRunBundle): Promise<void>;
  /**
   * Marks every running/paused run owned by another tab as 'interrupted' (one transaction) and returns
   * their ids. Optional spares for a second live tab: `liveOwners` (e.g. from Web Locks) and
   * `updatedBefore` (runs written to since that time).
   */
  markInterrupted(currentOwnerId: string, opts?: { liveOwners?: ReadonlySet<string> | null; updatedBefore?: number; now?: number }): Promise<string[]>;
  /** Storage used and available to this origin, when the browser tells. */
  estimate(): Promise<{ usage: number; quota: number } | null>;
  close(): void;
}

export interface OpenRunStoreOptions {
  dbName?: string;
  /** Defaults to the global `indexedDB`. Its IDB classes must be the global ones (idb checks instanceof). */
  factory?: IDBFactory;
}

const LIVE: readonly RunStatus[] = ['running', 'paused'];
const FREE_SPACE_HINT = 'Delete old runs in the Runs panel to free space. Earlier runs are untouched.';

/** Every key of a run in `batches` or `checkpoints`: [runId] sorts before [runId, anything], and an array after any number or string. */
function keysOfRun(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId], [runId, []]);
}

function errorName(err: unknown): string {
  return typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
}

function isQuotaError(err: unknown): boolean {
  const name = errorName(err);
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  // A transaction aborted by the quota reports AbortError on the request and the real cause on the transaction.
  const cause = typeof err === 'object' && err !== null ? (err as { cause?: unknown }).cause : undefined;
  return cause !== undefined && isQuotaError(cause);
}

function reasonOf(err: unknown): string {
  if (err instanceof Error || err instanceof DOMException) return err.message || err.name;
  return String(err);
}

/** What a failed operation was about, for the message. */
interface Action {
  /** 'the best checkpoint of run "CNN · 14:05" (1.2 MB) was not saved'; null for reads and deletes. */
  unsaved: string | null;
  /** "read run history", "delete run …" */
  doing: string;
}

function quoted(name: string): string {
  return `"${name}"`;
}

export async function openRunStore(opts: OpenRunStoreOptions = {}): Promise<RunStore> {
  const factory = opts.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  const off = 'so run history is off: runs will not be kept after this page is closed or reloaded.';
  if (!factory || typeof IDBKeyRange === 'undefined') {
    throw new TensorscopeError('storage', `This browser offers no IndexedDB storage here (as in some private modes), ${off}`);
  }

  let db: IDBPDatabase<RunDB>;
  try {
    db = await openWith(factory, opts.dbName ?? RUN_DB_NAME);
  } catch (err) {
    if (errorName(err) === 'VersionError') {
      throw new TensorscopeError('storage', `Run history was saved by a newer version of Tensorscope; reload the page to get it. Until then ${off}`);
    }
    throw new TensorscopeError('storage', `Browser storage could not be opened (${reasonOf(err)}), ${off}`);
  }

  let closedBy: string | null = null;
  // Another tab wants to upgrade the schema: step aside rather than block it.
  db.addEventListener('versionchange', () => {
    closedBy = 'another tab opened a newer version of Tensorscope; reload this page';
    db.close();
  });
  db.addEventListener('close', () => {
    closedBy ??= 'the browser closed the database (storage cleared?)';
  });

  function storageError(err: unknown, action: Action): TensorscopeError {
    if (err instanceof TensorscopeError) return err;
    if (action.unsaved && isQuotaError(err)) {
      return new TensorscopeError('storage', `Browser storage is full: ${action.unsaved}. ${FREE_SPACE_HINT}`);
    }
    if (closedBy) return new TensorscopeError('storage', `Could not ${action.doing}: run history was closed because ${closedBy}.`);
    return new TensorscopeError('storage', `Could not ${action.doing} (${reasonOf(err)}).${action.unsaved ? ' Earlier runs are untouched.' : ''}`);
  }

  /**
   * Runs `body` in one transaction and waits for it to commit. On any failure (a request error, a throw in
   * body, the commit) the transaction is aborted, so nothing of it is written.
   * `action` may be refined by body (e.g. once the run's name is known).
   */
  async function inTx<S extends Store[], M extends IDBTransactionMode, T>(
    stores: S,
    mode: M,
    action: Action,
    body: (tx: Tx<S, M>) => Promise<T>,
  ): Promise<T> {
    let tx: Tx<S, M>;
    try {
      tx = db.transaction(stores, mode);
    } catch (err) {
      throw storageError(err, action);
    }
    const done = tx.done;
    done.catch(() => {}); // observed below; never an unhandled rejection
    try {
      const result = await body(tx);
      await done;
      return result;
    } catch (err) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      // A request's AbortError says little; the transaction's own error has the cause (e.g. quota).
      const cause = errorName(err) === 'AbortError' && tx.error ? tx.error : err;
      throw storageError(cause, action);
    }
  }

  const runLabel = (r: Pick<RunRecord, 'id' | 'name'> | undefined, id: string) => quoted(r?.name || id);

  const store: RunStore = {
    async putRun(record) {
      const action = { unsaved: `run ${runLabel(record, record.id)} was not saved`, doing: `save run ${runLabel(record, record.id)}` };
      await inTx(['runs'], 'readwrite', action, async (tx) => {
        await tx.objectStore('runs').put(record);
      });
    },

    async updateRun(id, patch) {
      const action: Action = { unsaved: `the latest progress of run ${quoted(id)} was not saved`, doing: `update run ${quoted(id)}` };
      return inTx(['runs'], 'readwrite', action, async (tx) => {
        const runs = tx.objectStore('runs');
        const current = await runs.get(id);
        if (!current) return null;
        action.unsaved = `the latest progress of run ${runLabel(current, id)} was not saved`;
        const changes = typeof patch === 'function' ? patch(current) : patch;
        const next: RunRecord = { ...current, ...changes, id, updatedAt: changes.updatedAt ?? Date.now() };
        await runs.put(next);
        return next;
      });
    },

    async appendBatches(runId, rows) {
      const action: Action = { unsaved: `the batch metrics of run ${quoted(runId)} were not saved`, doing: `save the batch metrics of run ${quoted(runId)}` };
      return inTx(['runs', 'batches'], 'readwrite', action, async (tx) => {
        const run = await tx.objectStore('runs').get(runId);
        if (!run) return false;
        action.unsaved = `the batch metrics of run ${runLabel(run, runId)} were not saved`;
        if (rows.length === 0) return true;
        const batches = tx.objectStore('batches');
        const last = await batches.openKeyCursor(keysOfRun(runId), 'prev');
        const seq = last ? last.key[1] + 1 : 0;
        await batches.put(encodeBatchChunk(runId, seq, rows));
        return true;
      });
    },

    async getBatches(runId) {
      const chunks = await inTx(['batches'], 'readonly', { unsaved: null, doing: `read the batch metrics of run ${quoted(runId)}` }, (tx) =>
        tx.objectStore('batches').getAll(keysOfRun(runId)),
      );
      return decodeBatchChunks(chunks);
    },

    async saveCheckpoint(cp, info = {}) {
      const bytes = checkpointBytes(cp);
      const what = (label: string) => `the ${cp.kind} checkpoint of run ${label} (${formatBytes(bytes)})`;
      const action: Action = { unsaved: `${what(quoted(cp.runId))} was not saved`, doing: `save ${what(quoted(cp.runId))}` };
      return inTx(['runs', 'checkpoints'], 'readwrite', action, async (tx) => {
        const runs = tx.objectStore('runs');
        const run = await runs.get(cp.runId);
        if (!run) return null;
        action.unsaved = `${what(runLabel(run, cp.runId))} was not saved`;
        action.doing = `save ${what(runLabel(run, cp.runId))}`;
        const summary = run.epochs.find((e) => e.epoch === cp.epoch);
        const meta: CheckpointMeta = {
          epoch: cp.epoch,
          metric: info.metric !== undefined ? info.metric : summary ? (summary.valMetric ?? summary.testMetric) : null,
          valLoss: info.valLoss !== undefined ? info.valLoss : (summary?.valLoss ?? null),
          savedAt: cp.savedAt,
          bytes,
        };
        await tx.objectStore('checkpoints').put(cp);
        await runs.put({ ...run, checkpoints: { ...run.checkpoints, [cp.kind]: meta }, updatedAt: Math.max(run.updatedAt, cp.savedAt) });
        return meta;
      });
    },

    async getCheckpoint(runId, kind) {
      const cp = await inTx(['checkpoints'], 'readonly', { unsaved: null, doing: `read the ${kind} checkpoint of run ${quoted(runId)}` }, (tx) =>
        tx.objectStore('checkpoints').get([runId, kind]),
      );
      return cp ?? null;
    },

    async listRuns() {
      const runs = await inTx(['runs'], 'readonly', { unsaved: null, doing: 'read run history' }, (tx) => tx.objectStore('runs').index('startedAt').getAll());
      return runs.reverse();
    },

    async getRun(id) {
      const run = await inTx(['runs'], 'readonly', { unsaved: null, doing: `read run ${quoted(id)}` }, (tx) => tx.objectStore('runs').get(id));
      return run ?? null;
    },

    async deleteRun(id) {
      // Deleting frees space, so it is no "not saved" case; a failure leaves the run whole.
      await inTx(['runs', 'batches', 'checkpoints'], 'readwrite', { unsaved: null, doing: `delete run ${quoted(id)}` }, async (tx) => {
        await tx.objectStore('batches').delete(keysOfRun(id));
        await tx.objectStore('checkpoints').delete(keysOfRun(id));
        await tx.objectStore('runs').delete(id);
      });
    },

    async takeRun(id) {
      return inTx(['runs', 'batches', 'checkpoints'], 'readwrite', { unsaved: null, doing: `delete run ${quoted(id)}` }, async (tx) => {
        const record = await tx.objectStore('runs').get(id);
        if (!record) return null;
        const batches = await tx.objectStore('batches').getAll(keysOfRun(id));
        const checkpoints = await tx.objectStore('checkpoints').getAll(keysOfRun(id));
        await tx.objectStore('batches').delete(keysOfRun(id));
        await tx.objectStore('checkpoints').delete(keysOfRun(id));
        await tx.objectStore('runs').delete(id);
        return { record, batches, checkpoints };
      });
    },

    async restoreRun(bundle) {
      const label = runLabel(bundle.record, bundle.record.id);
      const action = { unsaved: `run ${label} was not restored`, doing: `restore run ${label}` };
      await inTx(['runs', 'batches', 'checkpoints'], 'readwrite', action, async (tx) => {
        await tx.objectStore('runs').put(bundle.record);
        for (const b of bundle.batches) await tx.objectStore('batches').put(b);
        for (const c of bundle.checkpoints) await tx.objectStore('checkpoints').put(c);
      });
    },

    async markInterrupted(currentOwnerId, opts = {}) {
      const now = opts.now ?? Date.now();
      const action: Action = { unsaved: 'the status of interrupted runs was not saved', doing: 'mark interrupted runs' };
      return inTx(['runs'], 'readwrite', action, async (tx) => {
        const ids: string[] = [];
        let cursor = await tx.objectStore('runs').openCursor();
        while (cursor) {
          const run = cursor.value;
          const stale = opts.updatedBefore === undefined || run.updatedAt < opts.updatedBefore;
          const ownerGone = run.ownerId !== currentOwnerId && !(opts.liveOwners?.has(run.ownerId) ?? false);
          if (LIVE.includes(run.status) && ownerGone && stale) {
            // endedAt: the last time the run was heard from.
            await cursor.update({ ...run, status: 'interrupted', endedAt: run.endedAt ?? run.updatedAt, updatedAt: now });
            ids.push(run.id);
          }
          cursor = await cursor.continue();
        }
        return ids;
      });
    },

    async estimate() {
      const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimate> } } }).navigator?.storage;
      if (typeof storage?.estimate !== 'function') return null;
      try {
        const e = await storage.estimate();
        return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
      } catch {
        return null;
      }
    },

    close() {
      closedBy ??= 'it was closed';
      db.close();
    },
  };
  return store;
}

/** `openDB` of idb, for any IDBFactory (openDB itself always uses the global one). */
function openWith(factory: IDBFactory, name: string): Promise<IDBPDatabase<RunDB>> {
  const request = factory.open(name, RUN_DB_VERSION);
  const opened = wrap(request) as unknown as Promise<IDBPDatabase<RunDB>>;
  request.addEventListener('upgradeneeded', (event) => {
    upgrade(wrap(request.result) as unknown as IDBPDatabase<RunDB>, event.oldVersion, request.transaction);
  });
  return opened;
}

function upgrade(db: IDBPDatabase<RunDB>, oldVersion: number, versionTx: IDBTransaction | null): void {
  if (oldVersion < 1) {
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('startedAt', 'startedAt');
    db.createObjectStore('batches', { keyPath: ['runId', 'seq'] });
    db.createObjectStore('checkpoints', { keyPath: ['runId', 'kind'] });
  }
  if (oldVersion < 2 && versionTx) {
    // Names, notes and tags: records stay as they are (notes and tags are optional); tags get an index for lookups.
    versionTx.objectStore('runs').createIndex('tags', 'tags', { multiEntry: true });
  }
}
