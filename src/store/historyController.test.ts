import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeCheckpoint } from '../runs/checkpointCodec';
import { openRunStore } from '../runs/runStore';
import { makeRun, makeSpec } from '../runs/testFixtures';
import { createHistoryController, UNDO_DELETE_MS } from './historyController';
import type { StudioState } from './types';

/** A controller over a fresh fake IndexedDB, with just the state it reads. */
async function setup() {
  const factory = new IDBFactory();
  let state = {
    history: { status: 'loading', runs: [], error: null, selected: [], deleted: null },
    dataset: { data: { name: 'MNIST (10,000 digits, bundled)', task: 'classification', fingerprint: 'fp' } },
    engine: { backend: { name: 'cpu' } },
    run: { epochs: [] },
  } as unknown as StudioState;
  const get = () => state;
  const set = (fn: (s: StudioState) => Partial<StudioState>) => {
    state = { ...state, ...fn(state) };
  };
  const open = () => openRunStore({ factory, dbName: 'history-controller-test' });
  const history = createHistoryController(get, set, { ownerId: 'tab', liveOwners: async () => null, openRunStore: open });
  await history.init();
  const start = async (id: string) => {
    history.onMessage(
      { type: 'runStarted', runId: id, trainCount: 10, valCount: 2, testCount: 2, batchesPerEpoch: 1, totalEpochs: 1, params: 10 },
      { spec: makeSpec(), resumed: false },
    );
    // The record is written once the run's first batch is in (nothing is written before it).
    history.onMessage(
      { type: 'metrics', runId: id, points: [{ step: 1, epoch: 1, loss: 0.5, metric: 0.25, samplesPerSec: 100, timeMs: 10 }], progress: { epoch: 1, batch: 1, batchesPerEpoch: 1, totalEpochs: 1, elapsedMs: 10, samplesPerSec: 100, learningRate: 0.001 }, markers: [] },
      { spec: makeSpec(), resumed: false },
    );
    await history.refresh();
  };
  return { history, get, start, open };
}

afterEach(() => vi.useRealTimers());

describe('history controller: names, edits, delete with undo', () => {
  it("writes a new run's record only once its first batch is in", async () => {
    const { history, get } = await setup();
    history.onMessage({ type: 'runStarted', runId: 'r1', trainCount: 10, valCount: 2, testCount: 2, batchesPerEpoch: 1, totalEpochs: 1, params: 10 }, { spec: makeSpec(), resumed: false });
    await history.refresh();
    expect(get().history.runs).toEqual([]);
    history.onMessage({ type: 'error', during: 'training', code: 'training-failed', message: 'boom', runId: 'r1' }, { spec: makeSpec(), resumed: false });
    await history.refresh();
    expect(get().history.runs.map((r) => [r.id, r.status, r.error])).toEqual([['r1', 'failed', 'boom']]);
  });

  it('names new runs dataset-model-#n, unique in the stored history', async () => {
    const { get, start } = await setup();
    await start('r1');
    await start('r2');
    await start('r3');
    const names = get().history.runs.map((r) => r.name).sort();
    expect(names).toEqual(['mnist-keras-mlp-#1', 'mnist-keras-mlp-#2', 'mnist-keras-mlp-#3']);
  });

  it('renames (refusing a taken name), and keeps notes and tags across a reopen', async () => {
    const { history, get, start, open } = await setup();
    await start('r1');
    await start('r2');
    expect(await history.edit('r1', { name: 'mnist-keras-mlp-#2' })).toMatch(/already named/);
    expect(await history.edit('r1', { name: '  baseline ' })).toBeNull();
    expect(await history.edit('r1', { notes: 'first try', tags: ['small', ' lr ', 'Small'] })).toBeNull();
    expect(get().history.runs.find((r) => r.id === 'r1')).toMatchObject({ name: 'baseline', notes: 'first try', tags: ['small', 'lr'] });
    const again = await open();
    expect(await again.getRun('r1')).toMatchObject({ name: 'baseline', notes: 'first try', tags: ['small', 'lr'] });
    again.close();
  });

  it('deletes runs and puts them back exactly on undo; the undo expires after ~10 s', async () => {
    const { history, get, open } = await setup();
    const st = await open();
    await st.putRun(makeRun('a', { name: 'a', tags: ['x'] }));
    await st.putRun(makeRun('b', { name: 'b', startedAt: 1_700_000_000_001 }));
    await st.putRun(makeRun('c', { name: 'c', startedAt: 1_700_000_000_002 }));
    await st.appendBatches('a', [{ step: 1, epoch: 1, loss: 0.5, metric: 0.25 }]);
    await st.saveCheckpoint(makeCheckpoint({ runId: 'a', kind: 'last', epoch: 1, weights: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }] }));
    const before = { a: await st.getRun('a'), b: await st.getRun('b'), batches: await st.getBatches('a'), cp: await st.getCheckpoint('a', 'last') };
    await history.refresh();

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await history.removeWithUndo(['a', 'b']);
    expect(get().history.runs.map((r) => r.id)).toEqual(['c']);
    expect(get().history.deleted).toEqual({ count: 2, names: ['a', 'b'] });
    await history.undoDelete();
    expect(get().history.deleted).toBeNull();
    expect(get().history.runs.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(await st.getRun('a')).toEqual(before.a);
    expect(await st.getRun('b')).toEqual(before.b);
    expect(await st.getBatches('a')).toEqual(before.batches);
    expect(await st.getCheckpoint('a', 'last')).toEqual(before.cp);

    await history.removeWithUndo(['c']);
    expect(get().history.deleted?.count).toBe(1);
    vi.advanceTimersByTime(UNDO_DELETE_MS + 1);
    expect(get().history.deleted).toBeNull();
    await history.undoDelete(); // too late: nothing comes back
    expect(await st.getRun('c')).toBeNull();
    st.close();
  });
});
