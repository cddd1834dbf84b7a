import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TensorscopeError } from '../core/errors';
import { decodeTensors, makeCheckpoint } from './checkpointCodec';
import { openRunStore, RUN_DB_NAME, RUN_DB_VERSION, type RunStore } from './runStore';
import { makeEpoch, makeRun } from './testFixtures';
import type { BatchRow, NamedTensor } from './types';

let factory: IDBFactory;
let store: RunStore;

beforeEach(async () => {
  // A fresh, empty IndexedDB per test.
  factory = new IDBFactory();
  store = await openRunStore({ factory });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  store.close();
});

function rows(from: number, n: number, epoch = 1): BatchRow[] {
  return Array.from({ length: n }, (_, i) => ({ step: from + i, epoch, loss: 2 / (from + i), metric: (from + i) / 1000 }));
}

const f32 = (r: BatchRow): BatchRow => ({ ...r, loss: Math.fround(r.loss), metric: Math.fround(r.metric) });

function tensors(seed: number, sizes: number[] = [6, 3]): NamedTensor[] {
  return sizes.map((n, t) => {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = Math.sin(seed * 1000 + t * 100 + i) * 10 ** ((i % 7) - 3);
    return { name: `layer${t}/kernel`, shape: n % 2 === 0 ? [n / 2, 2] : [n], values };
  });
}

/** Bit-exact comparison (distinguishes -0 and keeps NaN payloads). */
function bits(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

async function expectStorageError(p: Promise<unknown>): Promise<TensorscopeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TensorscopeError);
  expect((err as TensorscopeError).code).toBe('storage');
  return err as TensorscopeError;
}

describe('run records', () => {
  it('puts, lists newest first, gets, updates and deletes', async () => {
    await store.putRun(makeRun('old', { startedAt: 1000 }));
    await store.putRun(makeRun('new', { startedAt: 3000 }));
    await store.putRun(makeRun('mid', { startedAt: 2000 }));

    expect((await store.listRuns()).map((r) => r.id)).toEqual(['new', 'mid', 'old']);
    expect(await store.getRun('mid')).toEqual(makeRun('mid', { startedAt: 2000 }));
    expect(await store.getRun('nope')).toBeNull();

    const updated = await store.updateRun('mid', { status: 'done', finalMetric: 0.97, endedAt: 2500, updatedAt: 2500 });
    expect(updated).toMatchObject({ id: 'mid', status: 'done', finalMetric: 0.97, endedAt: 2500, updatedAt: 2500, datasetName: 'MNIST' });
    expect(await store.getRun('mid')).toEqual(updated);

    await store.deleteRun('mid');
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['new', 'old']);
  });

  it('updateRun stamps updatedAt, keeps the id, and returns null for a run that is not stored', async () => {
    await store.putRun(makeRun('a', { updatedAt: 5 }));
    const before = Date.now();
    const next = await store.updateRun('a', { id: 'hijack', epochsDone: 1 } as never);
    expect(next?.id).toBe('a');
    expect(next?.updatedAt).toBeGreaterThanOrEqual(before);
    expect(await store.getRun('hijack')).toBeNull();
    expect(await store.updateRun('missing', { status: 'done' })).toBeNull();
    expect(await store.getRun('missing')).toBeNull();
  });

  it('updateRun with a function is an atomic read-modify-write (concurrent appends both land)', async () => {
    await store.putRun(makeRun('a'));
    await Promise.all(
      [1, 2, 3].map((e) => store.updateRun('a', (r) => ({ epochs: [...r.epochs, makeEpoch(e)], epochsDone: r.epochsDone + 1 }))),
    );
    const run = await store.getRun('a');
    expect(run?.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(run?.epochsDone).toBe(3);
  });

  it('deleteRun cascades to batches and checkpoints of that run only (not to a run whose id it prefixes)', async () => {
    for (const id of ['a', 'ab', 'b']) {
      await store.putRun(makeRun(id));
      await store.appendBatches(id, rows(1, 3));
      await store.appendBatches(id, rows(4, 3));
      await store.saveCheckpoint(makeCheckpoint({ runId: id, kind: 'best', epoch: 1, weights: tensors(1) }));
      await store.saveCheckpoint(makeCheckpoint({ runId: id, kind: 'last', epoch: 1, weights: tensors(2) }));
    }
    await store.deleteRun('a');

    expect(await store.getRun('a')).toBeNull();
    expect(await store.getBatches('a')).toEqual([]);
    expect(await store.getCheckpoint('a', 'best')).toBeNull();
    expect(await store.getCheckpoint('a', 'last')).toBeNull();
    for (const id of ['ab', 'b']) {
      expect(await store.getRun(id)).not.toBeNull();
      expect(await store.getBatches(id)).toHaveLength(6);
      expect(await store.getCheckpoint(id, 'best')).not.toBeNull();
      expect(await store.getCheckpoint(id, 'last')).not.toBeNull();
    }
    // Deleting what is not there is fine.
    await store.deleteRun('a');
  });
});

describe('batch metrics', () => {
  it('returns every chunk in append order, flattened, for each run separately', async () => {
    await store.putRun(makeRun('a'));
    await store.putRun(makeRun('b'));
    const chunks = [rows(1, 50), rows(51, 1), rows(52, 200, 2)];
    for (const [i, chunk] of chunks.entries()) {
      await store.appendBatches('a', chunk);
      await store.appendBatches('b', rows(1000 * (i + 1), 2));
    }
    // More than 10 chunks: seq order must be numeric, not lexicographic.
    for (let i = 0; i < 12; i++) await store.appendBatches('a', rows(252 + i, 1, 3));

    const expected = [...chunks.flat(), ...Array.from({ length: 12 }, (_, i) => rows(252 + i, 1, 3)).flat()].map(f32);
    const got = await store.getBatches('a');
    expect(got).toEqual(expected);
    expect(got.map((r) => r.step)).toEqual(Array.from({ length: 263 }, (_, i) => i + 1));
    expect((await store.getBatches('b')).map((r) => r.step)).toEqual([1000, 1001, 2000, 2001, 3000, 3001]);
  });

  it('keeps NaN losses; ignores empty appends; writes nothing for a run that is not stored', async () => {
    await store.putRun(makeRun('a'));
    expect(await store.appendBatches('a', [])).toBe(true);
    expect(await store.appendBatches('a', [{ step: 1, epoch: 1, loss: NaN, metric: 0.5 }])).toBe(true);
    expect(await store.getBatches('a')).toEqual([{ step: 1, epoch: 1, loss: NaN, metric: 0.5 }]);

    expect(await store.appendBatches('ghost', rows(1, 5))).toBe(false);
    expect(await store.getBatches('ghost')).toEqual([]);
  });
});

describe('checkpoints', () => {
  it('round-trips weights and optimizer state bit for bit and records the meta on the run', async () => {
    await store.putRun(makeRun('a', { epochs: [makeEpoch(1), makeEpoch(2, { valMetric: 0.91, valLoss: 0.3 })] }));
    const weights = tensors(3, [10, 7, 1]);
    weights[0].values.set([0, -0, NaN, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, -1.5, 0.1, 1 / 3]);
    const optimizer = tensors(4, [10, 7, 1]).map((t) => ({ ...t, name: `${t.name}/m` }));
    const cp = makeCheckpoint({ runId: 'a', kind: 'best', epoch: 2, weights, optimizer, savedAt: 1_700_000_100_000 });

    const meta = await store.saveCheckpoint(cp);
    expect(meta).toEqual({ epoch: 2, metric: 0.91, valLoss: 0.3, savedAt: 1_700_000_100_000, bytes: 2 * 18 * 4 });

    const loaded = await store.getCheckpoint('a', 'best');
    expect(loaded).not.toBeNull();
    expect(loaded?.epoch).toBe(2);
    const w = decodeTensors(loaded!.weights);
    const o = decodeTensors(loaded!.optimizer!);
    expect(w.map((t) => [t.name, t.shape])).toEqual(weights.map((t) => [t.name, t.shape]));
    w.forEach((t, i) => expect(bits(t.values)).toEqual(bits(weights[i].values)));
    o.forEach((t, i) => expect(bits(t.values)).toEqual(bits(optimizer[i].values)));

    const run = await store.getRun('a');
    expect(run?.checkpoints).toEqual({ best: meta, last: null });
    expect(run?.updatedAt).toBe(1_700_000_100_000);
  });

  it('keeps best and last separately; a newer save of one kind replaces only that kind', async () => {
    await store.putRun(makeRun('a'));
    await store.saveCheckpoint(makeCheckpoint({ runId: 'a', kind: 'best', epoch: 1, weights: tensors(1) }), { metric: 0.9, valLoss: 0.4 });
    await store.saveCheckpoint(makeCheckpoint({ runId: 'a', kind: 'last', epoch: 1, weights: tensors(1) }));
    await store.saveCheckpoint(makeCheckpoint({ runId: 'a', kind: 'last', epoch: 2, weights: tensors(2) }), { metric: 0.85, valLoss: 0.5 });

    const best = await store.getCheckpoint('a', 'best');
    const last = await store.getCheckpoint('a', 'last');
    expect(best?.epoch).toBe(1);
    expect(last?.epoch).toBe(2);
    expect(bits(decodeTensors(best!.weights)[0].values)).toEqual(bits(tensors(1)[0].values));
    expect(bits(decodeTensors(last!.weights)[0].values)).toEqual(bits(tensors(2)[0].values));
    expect(last?.optimizer).toBeNull();

    const run = await store.getRun('a');
    expect(run?.checkpoints.best).toMatchObject({ epoch: 1, metric: 0.9, valLoss: 0.4 });
    expect(run?.checkpoints.last).toMatchObject({ epoch: 2, metric: 0.85, valLoss: 0.5 });
  });

  it('writes nothing for a run that is not stored (e.g. deleted while training)', async () => {
    expect(await store.saveCheckpoint(makeCheckpoint({ runId: 'ghost', kind: 'best', epoch: 1, weights: tensors(1) }))).toBeNull();
    expect(await store.getCheckpoint('ghost', 'best')).toBeNull();
  });
});

describe('markInterrupted', () => {
  it("marks only other owners' running and paused runs", async () => {
    const runs = [
      makeRun('mine-running', { ownerId: 'me', status: 'running' }),
      makeRun('mine-paused', { ownerId: 'me', status: 'paused' }),
      makeRun('other-running', { ownerId: 'gone', status: 'running', updatedAt: 111 }),
      makeRun('other-paused', { ownerId: 'gone', status: 'paused', updatedAt: 222 }),
      makeRun('other-done', { ownerId: 'gone', status: 'done', endedAt: 5 }),
      makeRun('other-stopped', { ownerId: 'gone', status: 'stopped' }),
      makeRun('other-failed', { ownerId: 'gone', status: 'failed', error: 'boom' }),
      makeRun('other-interrupted', { ownerId: 'gone', status: 'interrupted' }),
    ];
    for (const r of runs) await store.putRun(r);

    const ids = await store.markInterrupted('me', { now: 999 });
    expect(ids.sort()).toEqual(['other-paused', 'other-running']);

    for (const r of runs) {
      const stored = await store.getRun(r.id);
      if (ids.includes(r.id)) {
        expect(stored).toEqual({ ...r, status: 'interrupted', endedAt: r.updatedAt, updatedAt: 999 });
      } else {
        expect(stored).toEqual(r);
      }
    }
    // Idempotent.
    expect(await store.markInterrupted('me')).toEqual([]);
  });

  it('spares runs of tabs known to be alive', async () => {
    await store.putRun(makeRun('gone', { ownerId: 'x' }));
    await store.putRun(makeRun('alive', { ownerId: 'y', status: 'paused' }));
    expect(await store.markInterrupted('me', { liveOwners: new Set(['y']) })).toEqual(['gone']);
    expect((await store.getRun('alive'))?.status).toBe('paused');
  });

  it('spares runs of another tab written to recently when updatedBefore is given', async () => {
    await store.putRun(makeRun('stale', { ownerId: 'x', updatedAt: 1000 }));
    await store.putRun(makeRun('fresh', { ownerId: 'y', updatedAt: 5000 }));
    expect(await store.markInterrupted('me', { updatedBefore: 4000 })).toEqual(['stale']);
    expect((await store.getRun('fresh'))?.status).toBe('running');
  });
});

describe('storage failures', () => {
  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  /** Make IDBObjectStore.put throw a quota error for one store (once). */
  function failPutOn(storeName: string) {
    const realPut = IDBObjectStore.prototype.put;
    let failed = false;
    return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (!failed && this.name === storeName) {
        failed = true;
        throw quota();
      }
      return realPut.apply(this, args);
    });
  }

  async function seed() {
    await store.putRun(makeRun('a', { name: 'CNN · 14:05', epochs: [makeEpoch(1)] }));
    await store.putRun(makeRun('b', { startedAt: 1 }));
    await store.saveCheckpoint(makeCheckpoint({ runId: 'a', kind: 'best', epoch: 1, weights: tensors(1), savedAt: 10 }));
    await store.appendBatches('a', rows(1, 4));
    return { runs: await store.listRuns(), best: await store.getCheckpoint('a', 'best'), batches: await store.getBatches('a') };
  }

  // The run update is the second write of the transaction: the checkpoint put before it must be rolled back too.
  for (const failing of ['runs', 'checkpoints']) {
    it(`a full disk while saving a checkpoint (failing write: ${failing}) leaves the earlier checkpoint and runs intact`, async () => {
      const before = await seed();
      const big = makeCheckpoint({ runId: 'a', kind: 'best', epoch: 2, weights: [{ name: 'w', shape: [300_000], values: new Float32Array(300_000).fill(7) }] });
      const spy = failPutOn(failing);

      const err = await expectStorageError(store.saveCheckpoint(big));
      expect(spy).toHaveBeenCalled();
      expect(err.message).toBe(
        'Browser storage is full: the best checkpoint of run "CNN · 14:05" (1.2 MB) was not saved. Delete old runs in the Runs panel to free space. Earlier runs are untouched.',
      );

      expect(await store.listRuns()).toEqual(before.runs);
      const best = await store.getCheckpoint('a', 'best');
      expect(best?.epoch).toBe(1);
      expect(bits(decodeTensors(best!.weights)[0].values)).toEqual(bits(tensors(1)[0].values));
      expect(await store.getBatches('a')).toEqual(before.batches);

      // The store still works afterwards.
      vi.restoreAllMocks();
      expect(await store.saveCheckpoint(big)).toMatchObject({ epoch: 2, bytes: 1_200_000 });
    });
  }

  it('a full disk while appending batches or updating a run says what was not saved', async () => {
    const before = await seed();
    failPutOn('batches');
    const err = await expectStorageError(store.appendBatches('a', rows(5, 3)));
    expect(err.message).toMatch(/^Browser storage is full: the batch metrics of run "CNN · 14:05" were not saved\./);
    expect(await store.getBatches('a')).toEqual(before.batches);

    failPutOn('runs');
    const err2 = await expectStorageError(store.updateRun('a', { status: 'done' }));
    expect(err2.message).toMatch(/^Browser storage is full: the latest progress of run "CNN · 14:05" was not saved\./);
    expect(await store.listRuns()).toEqual(before.runs);
  });

  it('other failures are storage errors in plain words', async () => {
    vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(() => {
      throw new DOMException('The operation failed for reasons unrelated to the database itself.', 'UnknownError');
    });
    const err = await expectStorageError(store.listRuns());
    expect(err.message).toBe('Could not read run history (The operation failed for reasons unrelated to the database itself.).');
  });

  it('a closed store says so', async () => {
    store.close();
    const err = await expectStorageError(store.getRun('a'));
    expect(err.message).toMatch(/^Could not read run "a": run history was closed/);
  });
});

describe('openRunStore', () => {
  it('says run history is off when there is no IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const err = await expectStorageError(openRunStore());
    expect(err.message).toMatch(/no IndexedDB storage.*run history is off/);
  });

  it('says run history is off when the browser refuses to open the database (private mode)', async () => {
    const refusing = {
      open: () => {
        throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    const err = await expectStorageError(openRunStore({ factory: refusing }));
    expect(err.message).toMatch(/could not be opened.*run history is off/);
  });

  it('explains a database written by a newer version', async () => {
    const f = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      const req = f.open(RUN_DB_NAME, 99);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    const err = await expectStorageError(openRunStore({ factory: f }));
    expect(err.message).toMatch(/newer version of Tensorscope/);
  });

  it('keeps data across reopen and uses the global indexedDB by default', async () => {
    const a = await openRunStore({ dbName: 'reopen-test' });
    await a.putRun(makeRun('kept'));
    await a.appendBatches('kept', rows(1, 2));
    a.close();
    const b = await openRunStore({ dbName: 'reopen-test' });
    expect((await b.getRun('kept'))?.id).toBe('kept');
    expect(await b.getBatches('kept')).toHaveLength(2);
    b.close();
  });

  it('closes itself when another tab upgrades the schema', async () => {
    const f = new IDBFactory();
    const s = await openRunStore({ factory: f, dbName: 'upgrade-test' });
    await new Promise<void>((resolve, reject) => {
      const req = f.open('upgrade-test', RUN_DB_VERSION + 1);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    const err = await expectStorageError(s.listRuns());
    expect(err.message).toMatch(/another tab opened a newer version/);
  });
});

describe('estimate', () => {
  it('reports usage and quota when the browser offers navigator.storage.estimate', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 1234, quota: 10_000 }) } });
    expect(await store.estimate()).toEqual({ usage: 1234, quota: 10_000 });
  });

  it('is null without it', async () => {
    vi.stubGlobal('navigator', {});
    expect(await store.estimate()).toBeNull();
    vi.stubGlobal('navigator', { storage: { estimate: async () => Promise.reject(new Error('no')) } });
    expect(await store.estimate()).toBeNull();
  });
});

describe('names, notes and tags (schema 2)', () => {
  /** A database as version 1 left it, with one record from then (no notes, no tags, an old-style name). */
  async function versionOneWith(f: IDBFactory, dbName: string, record: object): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const req = f.open(dbName, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('startedAt', 'startedAt');
        db.createObjectStore('batches', { keyPath: ['runId', 'seq'] });
        db.createObjectStore('checkpoints', { keyPath: ['runId', 'kind'] });
        runs.put(record);
      };
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
  }

  it('upgrades a version 1 database: old records stay readable and take notes and tags', async () => {
    const f = new IDBFactory();
    const old = makeRun('old', { name: 'Keras MLP · 14:05' });
    delete old.notes;
    delete old.tags;
    await versionOneWith(f, 'old-db', old);
    const st = await openRunStore({ factory: f, dbName: 'old-db' });
    try {
      expect(await st.listRuns()).toEqual([old]);
      const next = await st.updateRun('old', { name: 'baseline', notes: 'first try', tags: ['baseline', 'mlp'] });
      expect(next).toMatchObject({ name: 'baseline', notes: 'first try', tags: ['baseline', 'mlp'], epochs: old.epochs });
      expect(await st.getRun('old')).toEqual(next);
    } finally {
      st.close();
    }
  });

  it('takes a run out with everything it stored and restores it exactly', async () => {
    await store.putRun(makeRun('r1', { epochs: [makeEpoch(1)], tags: ['t'], notes: 'n' }));
    await store.putRun(makeRun('r2'));
    await store.appendBatches('r1', rows(0, 5));
    await store.appendBatches('r1', rows(5, 3));
    await store.saveCheckpoint(makeCheckpoint({ runId: 'r1', kind: 'last', epoch: 1, weights: tensors(1), optimizer: tensors(2), savedAt: 5 }));
    const before = { run: await store.getRun('r1'), batches: await store.getBatches('r1'), cp: await store.getCheckpoint('r1', 'last') };

    const bundle = await store.takeRun('r1');
    expect(bundle?.batches).toHaveLength(2);
    expect(bundle?.checkpoints).toHaveLength(1);
    expect(await store.getRun('r1')).toBeNull();
    expect(await store.getBatches('r1')).toEqual([]);
    expect(await store.getCheckpoint('r1', 'last')).toBeNull();
    expect(await store.takeRun('nope')).toBeNull();

    await store.restoreRun(bundle!);
    expect(await store.getRun('r1')).toEqual(before.run);
    expect(await store.getBatches('r1')).toEqual(before.batches);
    const cp = await store.getCheckpoint('r1', 'last');
    expect(cp?.epoch).toBe(1);
    expect(decodeTensors(cp!.weights).map((t) => bits(t.values))).toEqual(decodeTensors(before.cp!.weights).map((t) => bits(t.values)));
    expect((await store.listRuns()).map((r) => r.id).sort()).toEqual(['r1', 'r2']);
  });
});
